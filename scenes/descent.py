"""Chapter 4, gradient descent: the lost hiker, a regression fit and the learning rate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import *

from mathviz.storyboard import descent as story
from scenes import style
from scenes.base import LectureThreeDScene
from scenes.widgets import Readout, label_text, stack

__all__ = ["LostHiker"]

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def land_colors() -> list[ManimColor]:
    """Colours of the land from the valley floor to the peaks."""
    return [
        interpolate_color(style.BACKGROUND, style.FUNCTION, 0.2),
        style.FUNCTION,
        interpolate_color(style.FUNCTION, style.TEXT, 0.7),
    ]


def on_screen(axes: CoordinateSystem, coords: np.ndarray) -> np.ndarray:
    """Screen points of an array of coordinates (one row per point), always 2-D."""
    return np.atleast_2d(axes.c2p(np.asarray(coords)))


def polyline(mobject: VMobject, points: np.ndarray) -> VMobject:
    """Make ``mobject`` the path through ``points`` (one point: a dot of no length)."""
    return mobject.set_points_as_corners(np.vstack([points[:1], points]))


def arrange_row(*mobjects: Mobject, buff: float) -> VGroup:
    """Side by side, tops aligned."""
    return VGroup(*mobjects).arrange(RIGHT, aligned_edge=UP, buff=buff)


class LostHiker(LectureThreeDScene):
    """The hiker walks down the valley by the three steps of gradient descent."""

    PHI, THETA = 60 * DEGREES, -90 * DEGREES
    RESOLUTION = (32, 32)
    PANEL_GAP = 0.5
    SPELLED_OUT = 2
    """Steps walked with the three steps of the loop shown one by one."""

    def construct(self):
        self.story = data = story.lost_hiker()
        path = data.path
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA)
        self.axes = axes = ThreeDAxes(
            x_range=(*data.x_range, 1),
            y_range=(*data.y_range, 1),
            z_range=(*data.height_range, 5),
            x_length=4,
            y_length=4,
            z_length=1.6,
        )
        land = self.land()
        title = self.make_title("Lost in the mountains")
        self.steps = steps = self.step_labels()
        self.walk = walk = ValueTracker(0)
        # Lambdas, not bound methods: animations deep-copy the readouts.
        size = style.HEADING_SIZE
        self.readouts = readouts = stack(
            MathTex(
                rf"\alpha = {data.learning_rate:g}", font_size=size, color=style.SECANT
            ),
            Readout(r"\text{step}", lambda: self.reached(), decimals=0, font_size=size),
            Readout(
                "h",
                lambda: path.values[self.reached()],
                color=style.FUNCTION,
                font_size=size,
            ),
            Readout(
                r"|\nabla h|",
                lambda: np.linalg.norm(path.gradients[self.reached()]),
                color=style.GRADIENT,
                font_size=size,
            ),
            buff=0.2,
        )
        self.marker = self.step_marker()
        steps_block = VGroup(self.marker, steps)
        gap = self.PANEL_GAP
        if self.shape == "landscape":
            panels = [stack(steps_block, readouts, buff=gap), land]
        elif self.shape == "portrait":
            panels = [steps_block, land, readouts]
        else:
            panels = [arrange_row(steps_block, readouts, buff=gap), land]
        self.place_land(land, panels)
        self.land = land
        self.add_fixed_in_frame_mobjects(title, steps_block, readouts)
        self.remove(steps_block, readouts)

        zoom = self.renderer.camera.get_zoom()
        self.anchor = VectorizedPoint(self.ground(0))
        self.anchor.add_updater(lambda m: m.move_to(self.ground(walk.get_value())))
        self.hiker = self.standing(self.anchor, "hiker", 0.45 * zoom)
        self.shelter = self.standing(
            VectorizedPoint(axes.c2p(*data.shelter, 0)),
            "shelter",
            0.3 * zoom,
            shift=0.6,
        )
        self.trail = VMobject(stroke_color=style.ACCENT, stroke_width=5)
        self.trail.add_updater(
            lambda m: polyline(m, on_screen(axes, data.trail(walk.get_value())))
        )

        # The valley and its shelter.
        with self.narrate(
            "Lost in the mountains: the shelter is at the lowest point of the valley."
        ):
            self.bake(land)
            self.play(FadeIn(title), run_time=0.5)
            self.play(FadeIn(self.shelter, shift=0.2 * UP))
        # The hiker, high on the slope, and the three steps.
        with self.narrate(
            "Without a map, the hiker repeats three steps, feeling the slope underfoot."
        ):
            self.add(self.anchor, self.trail)
            self.play(FadeIn(self.hiker), FadeIn(steps), FadeIn(readouts))
            self.play(FadeIn(self.marker))
        for k in range(self.SPELLED_OUT):
            self.spelled_out_step(k, run_time=1.0 if k == 0 else 0.6)
        # Step 3: repeat until the ground is flat.
        with self.narrate(
            "Step 3: repeat. Where the slope is gentler, the steps get shorter."
        ):
            self.play(self.highlight(2))
            for k in range(self.SPELLED_OUT, path.steps):
                step = self.arrow(k, data.learning_rate, style.SECANT)
                self.add(step)
                self.play(walk.animate.set_value(k + 1), run_time=0.35)
                self.remove(step)
        # The shelter.
        with self.narrate(
            "The slope is flat: the hiker has reached the shelter, the lowest point."
        ):
            self.play(
                Indicate(readouts[3], color=style.GRADIENT),
                Indicate(self.shelter, color=style.RISING),
            )
            self.wait(1.5)

    def spelled_out_step(self, k: int, run_time: float) -> None:
        """Walk from point ``k`` to ``k + 1`` of the path, each step of the loop shown."""
        data = self.story
        with self.narrate(
            "Step 1: find the steepest slope. Minus the gradient points straight downhill."
            if k == 0
            else "Step 1 again: the steepest way down from here."
        ):
            slope = self.arrow(k, 1.0, style.GRADIENT)
            self.play(self.highlight(0), GrowArrow(slope), run_time=run_time)
            self.wait(run_time / 2)
        with self.narrate(
            "Step 2: walk some distance that way, alpha times the gradient."
            if k == 0
            else "Step 2: walk alpha times the gradient."
        ):
            step = self.arrow(k, data.learning_rate, style.SECANT)
            self.play(
                self.highlight(1), ReplacementTransform(slope, step), run_time=run_time
            )
            self.play(self.walk.animate.set_value(k + 1), run_time=1.5 * run_time)
            self.play(FadeOut(step), run_time=run_time / 2)

    def land(self) -> Surface:
        """The terrain's surface, coloured by height."""
        data = self.story
        # The axes' map to the screen is affine: take it once, not per vertex.
        origin = self.axes.c2p(0, 0, 0)
        basis = [self.axes.c2p(*unit) - origin for unit in np.eye(3)]
        land = Surface(
            lambda u, v: origin + np.dot([u, v, data.height(u, v)], basis),
            u_range=data.x_range,
            v_range=data.y_range,
            resolution=self.RESOLUTION,
            fill_opacity=0.95,
            stroke_width=0.4,
            stroke_color=style.BACKGROUND,
        )
        colors = land_colors()
        top = data.height_range[1]
        return land.set_fill_by_value(
            axes=self.axes,
            colorscale=[(colors[0], 0), (colors[1], top / 4), (colors[2], top)],
            axis=2,
        )

    def ground(self, t: float) -> np.ndarray:
        """Where the hiker stands ``t`` steps into the walk, on screen (3D)."""
        return self.axes.c2p(*self.story.position(t))

    def reached(self) -> int:
        """The last point of the path the hiker has reached."""
        return int(np.floor(self.walk.get_value() + 1e-9))

    def standing(
        self, foot: Mobject, asset: str, height: float, shift: float = 0.0
    ) -> SVGMobject:
        """An upright figure from ``assets/``, facing the camera, standing on ``foot``.

        ``shift`` moves it sideways by that fraction of its width.
        """
        figure = SVGMobject(ASSETS / f"{asset}.svg", height=height)
        figure.add_updater(
            lambda m: m.next_to(foot, UP, buff=0).shift(shift * m.width * RIGHT),
            call_updater=True,
        )
        self.add_fixed_orientation_mobjects(figure, center_func=foot.get_center)
        return figure

    def step_labels(self) -> VGroup:
        """The slides' three steps, each row a name, a symbol and a short line."""
        lines = [
            ("Step 1", r"-\nabla h", style.GRADIENT, "Find the steepest slope"),
            (
                "Step 2",
                r"-\alpha\,\nabla h",
                style.SECANT,
                "Walk some distance that way",
            ),
            ("Step 3", None, None, "Repeat steps 1 and 2"),
        ]
        rows = []
        for name, symbol, color, words in lines:
            head = VGroup(label_text(name, style.LABEL_SIZE, style.ACCENT))
            if symbol:
                head.add(MathTex(symbol, font_size=style.HEADING_SIZE, color=color))
            head.arrange(RIGHT, buff=0.3)
            rows.append(stack(head, label_text(words, style.LABEL_SIZE), buff=0.12))
        return stack(*rows, buff=0.35)

    def step_marker(self) -> Triangle:
        """A pointer beside the step being taken."""
        marker = Triangle(color=style.ACCENT, fill_opacity=1, stroke_width=0)
        marker.rotate(-PI / 2).scale_to_fit_height(0.22)
        return marker.next_to(self.steps, LEFT, buff=0.15).match_y(self.steps[0][0])

    def highlight(self, index: int) -> Animation:
        """Move the marker to step ``index`` of the loop."""
        return self.marker.animate.match_y(self.steps[index][0])

    def arrow(self, k: int, scale: float, color: ManimColor) -> Arrow:
        """The arrow from point ``k`` of the walk along ``-scale`` times the gradient.

        Drawn on the screen between the two points of the ground, pinned to the
        frame (a flat arrow reads better than one in perspective).
        """
        data = self.story
        start = data.path.points[k]
        end = start - scale * data.path.gradients[k]
        ground = [self.axes.c2p(x, y, data.height(x, y)) for x, y in (start, end)]
        self.arrow_ground = np.array(ground)
        arrow = Arrow(
            *(self.screen(point) for point in ground),
            buff=0,
            color=color,
            stroke_width=5,
            max_tip_length_to_length_ratio=0.3,
        )
        self.renderer.camera.add_fixed_in_frame_mobjects(arrow)
        return arrow

    def screen(self, point: np.ndarray) -> np.ndarray:
        """Where the camera shows a point of the 3D scene."""
        return self.renderer.camera.project_point(point) * [1, 1, 0]

    def place_land(self, land: Mobject, panels: list[Mobject]) -> None:
        """Lay out the panels, the land among them; zoom and move the land into place.

        The land takes the room the other panels leave: layout_panels places a
        stand-in of its outline on screen, the camera zooms to fit the land to it and
        the axes and land move (in 3D) so that they are seen there.
        """
        camera = self.renderer.camera
        camera.reset_rotation_matrix()  # else it holds until the next frame
        low, high = self.outline(land)
        region = Rectangle(width=high[0] - low[0], height=high[1] - low[1])
        others = [panel for panel in panels if panel is not land]
        width, height = self.content_size()
        gaps = self.PANEL_GAP * len(others)
        if self.is_landscape:
            width -= sum(panel.width for panel in others) + gaps
        else:
            height -= sum(panel.height for panel in others) + gaps
        region.scale(min(width / region.width, height / region.height))
        self.layout_panels(
            *(region if panel is land else panel for panel in panels),
            buff=self.PANEL_GAP,
        )
        # Perspective makes this approximate: a second pass corrects the first.
        for _ in range(2):
            low, high = self.outline(land)
            zoom = camera.get_zoom() * region.width / (high[0] - low[0])
            self.set_camera_orientation(zoom=zoom)
            low, high = self.outline(land)
            offset = (region.get_center() - (low + high) / 2) * [1, 1, 0] / zoom
            shift = camera.get_rotation_matrix().T @ offset
            self.axes.shift(shift)
            land.shift(shift)

    def bake(self, land: Mobject) -> None:
        """Paint the land into the camera's background and take it out of the scene.

        The camera never moves, so the land looks the same in every frame: painting
        its faces once instead of for every animation saves most of the render time.
        """
        camera = self.renderer.camera
        camera.reset()
        camera.capture_mobjects([land])
        camera.background = camera.pixel_array.copy()
        self.remove(land)

    def outline(self, mobject: Mobject) -> tuple[np.ndarray, np.ndarray]:
        """Lower-left and upper-right corners of ``mobject`` on screen."""
        projected = self.renderer.camera.project_points(mobject.get_all_points())
        return projected.min(axis=0), projected.max(axis=0)
