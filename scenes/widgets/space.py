"""3D: framing a view in a panel, labels that face the camera, turning, a baked backdrop."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
from manim import (
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    Animation,
    MathTex,
    Mobject,
    SVGMobject,
    ThreeDAxes,
    ThreeDCamera,
    ThreeDScene,
    UpdateFromAlphaFunc,
    UpdateFromFunc,
    VectorizedPoint,
    VGroup,
    VMobject,
)

from scenes.widgets.ink import Projection
from scenes.widgets.labels import plate
from scenes.widgets.layout import mark

if TYPE_CHECKING:
    from manim import ParsableManimColor

__all__ = [
    "ASSETS",
    "Billboards",
    "bake",
    "box_corners",
    "camera_of",
    "fit_view",
    "on_screen",
    "seen_by",
    "seen_size",
    "standing",
    "turning",
]

ASSETS = Path(__file__).resolve().parents[2] / "assets"
"""The project's drawings (the hiker, the shelter)."""


def camera_of(scene: ThreeDScene) -> ThreeDCamera:
    """The scene's camera (Manim's types allow OpenGL's; the lecture renders with Cairo)."""
    return cast(ThreeDCamera, scene.renderer.camera)


def fit_view(
    scene: ThreeDScene,
    content: VMobject,
    area: Mobject,
    guide: VMobject | None = None,
    passes: int = 3,
) -> None:
    """Scale and move 3D ``content`` so that the camera shows it filling ``area``.

    The camera stays where it is; ``content`` (axes and what is drawn on them) is
    scaled about the origin and shifted in 3D so that the projection of ``guide``
    (by default ``content`` itself; e.g. the corners of the box a plot spans) fits
    ``area``, a rectangle on the frame. Perspective makes one pass approximate;
    each further pass corrects the last.
    """
    camera = camera_of(scene)
    camera.reset_rotation_matrix()  # else it waits for the first frame
    rotation = camera.get_rotation_matrix()
    guide = content if guide is None else guide
    moved = content if guide is content else VGroup(content, guide)
    for _ in range(passes):
        seen = camera.project_points(guide.get_all_points())
        low, high = seen.min(axis=0), seen.max(axis=0)
        factor = min(area.width / (high - low)[0], area.height / (high - low)[1])
        offset = area.get_center() - factor * (low + high) / 2
        offset[2] = 0
        moved.scale(factor, about_point=ORIGIN).shift(offset @ rotation)


def seen_size(scene: ThreeDScene, mobject: Mobject) -> np.ndarray:
    """Width and height of what the camera shows of ``mobject``, on the frame."""
    camera = camera_of(scene)
    camera.reset_rotation_matrix()  # else it waits for the first frame
    seen = camera.project_points(mobject.get_all_points())
    return (seen.max(axis=0) - seen.min(axis=0))[:2]


def box_corners(axes: ThreeDAxes, *ranges: Sequence[float]) -> VGroup:
    """Points at the corners of the box ``ranges`` spans on ``axes`` (a framing guide)."""
    return VGroup(
        *(
            VectorizedPoint(axes.c2p(x, y, z))
            for x in ranges[0]
            for y in ranges[1]
            for z in ranges[2]
        )
    )


def on_screen(scene: ThreeDScene, point: np.ndarray) -> np.ndarray:
    """Where the camera shows a point of the 3D scene, on the frame (z = 0)."""
    return camera_of(scene).project_point(point) * [1, 1, 0]


def seen_by(scene: ThreeDScene) -> Projection:
    """How the camera shows the points of a part (what labels on the frame must avoid)."""
    camera = camera_of(scene)
    return lambda part, points: np.asarray(
        camera.transform_points_pre_display(part, points)
    )


class Billboards:
    """Labels that face the camera at places of a 3D plot, and follow it when it turns.

    Parameters
    ----------
    scene
        The 3D scene.
    axes
        The plot's axes: places are in its coordinates.
    font_size
        The labels' size.
    """

    def __init__(self, scene: ThreeDScene, axes: ThreeDAxes, font_size: float) -> None:
        self.scene, self.axes, self.font_size = scene, axes, font_size
        self.placed: list[tuple[VGroup, Sequence[float]]] = []

    def label(
        self, tex: str, coordinates: Sequence[float], color: ParsableManimColor
    ) -> VGroup:
        """A label at ``coordinates`` of the axes, facing the camera (not yet shown).

        It stands on a plate of the background colour: planes and curves passing
        behind it do not cross it.
        """
        text = MathTex(tex, font_size=self.font_size, color=color)
        label = VGroup(plate(text), text).move_to(self.axes.c2p(*coordinates))
        self.scene.add_fixed_orientation_mobjects(label)
        self.scene.remove(label)
        self.placed.append((label, coordinates))
        return label

    def follow(self) -> list[Animation]:
        """Animations keeping every label at its place while the plot moves."""
        return [self._keep(label, place) for label, place in self.placed]

    def _keep(self, label: VGroup, place: Sequence[float]) -> Animation:
        """Keep ``label`` at ``place`` of the axes while it plays."""
        return UpdateFromFunc(label, lambda m: m.move_to(self.axes.c2p(*place)))


def turning(
    parts: Sequence[Mobject], angle: float, about: np.ndarray
) -> list[Animation]:
    """Animations turning each part by ``angle`` about the vertical line through ``about``.

    Each part turns by the increment of each frame (much cheaper than ``Rotate``'s
    interpolation from a copy); one animation per part, as a group would stay in
    the scene and redraw its parts on later frames.
    """

    def turn(part: Mobject) -> Animation:
        turned = 0.0

        def step(mobject: Mobject, alpha: float) -> None:
            nonlocal turned
            mobject.rotate(alpha * angle - turned, OUT, about_point=about)
            turned = alpha * angle

        return UpdateFromAlphaFunc(part, step)

    return [turn(part) for part in parts]


def bake(scene: ThreeDScene, still: Mobject) -> None:
    """Paint ``still`` into the camera's background and take it out of the scene.

    With the camera fixed, a still mobject looks the same in every frame: painting
    its faces once instead of on every frame saves most of a 3D render's time.
    The scene keeps it in ``scene.baked`` (the layout inspector measures it there).
    """
    camera = camera_of(scene)
    camera.reset()
    camera.capture_mobjects([still])
    camera.background = camera.pixel_array.copy()
    scene.remove(still)
    # Still the scene's subject, though no longer among its mobjects.
    mark(scene, baked=[*getattr(scene, "baked", []), still])


def standing(
    scene: ThreeDScene, foot: Mobject, asset: str, height: float, shift: float = 0.0
) -> SVGMobject:
    """An upright figure from ``assets/``, facing the camera, standing on ``foot``.

    ``shift`` moves it sideways by that fraction of its width; a figure on a moving
    foot follows it.
    """
    figure = SVGMobject(ASSETS / f"{asset}.svg", height=height)

    def place(m: Mobject) -> None:
        m.next_to(foot, UP, buff=0).shift(shift * m.width * RIGHT)

    place(figure)
    if foot.updaters:
        figure.add_updater(place)
    scene.add_fixed_orientation_mobjects(figure, center_func=foot.get_center)
    return figure
