"""Arranging mobjects, the order Manim draws them in, and what the inspector may allow.

The layout inspector of the scene tests judges every frame: no two texts overlap,
nothing leaves the frame, text and lines are readable, nothing outlives its beat.
A scene declares the rare exceptions here: :func:`overlapping` and :func:`faint`
mark mobjects, :func:`spend` marks what has done its job (it must leave by the end
of the next beat); the marks travel with copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import count

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Mobject,
    Scene,
    VGroup,
    VMobject,
)

__all__ = [
    "arrange_row",
    "draw_changing_last",
    "draw_last",
    "faint",
    "overlapping",
    "place_clear",
    "room_left",
    "spend",
    "stack",
]

_GROUPS = count()


def stack(*mobjects: VMobject, buff: float = 0.3) -> VGroup:
    """Left-aligned column, as for a list of readouts."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def arrange_row(*mobjects: Mobject, buff: float) -> VGroup:
    """Side by side, tops aligned."""
    return VGroup(*mobjects).arrange(RIGHT, aligned_edge=UP, buff=buff)


def room_left(
    scene: Scene,
    *others: Mobject,
    buff: float = 0.5,
    direction: np.ndarray | None = None,
) -> tuple[float, float]:
    """The width and height left for one more panel beside (or under) ``others``.

    Panels go side by side in landscape and stacked otherwise (as
    ``layout_panels`` puts them), or along ``direction``; sized to this room, a plot
    fills what the text beside it leaves, and no text has to shrink.
    """
    width, height = scene.content_size()
    along = (
        direction if direction is not None else (RIGHT if scene.is_landscape else DOWN)
    )
    gaps = buff * len(others)
    if abs(along[0]) > 0:
        return width - sum(m.width for m in others) - gaps, height
    return width, height - sum(m.height for m in others) - gaps


def place_clear(
    label: Mobject,
    anchor: np.ndarray,
    avoid: Iterable[Mobject],
    sides: Sequence[np.ndarray] = (UP, DOWN, UR, UL, DR, DL, RIGHT, LEFT),
    buff: float = 0.25,
) -> Mobject:
    """Put ``label`` next to ``anchor`` on the first of ``sides`` where it is clear.

    Clear means its box keeps ``buff`` away from every mobject of ``avoid`` (say, an
    axis's numbers). When no side is clear, the sides are tried again twice as far
    from the anchor; when none is clear even then, the first side is used.
    """
    boxes = [
        (m.get_corner(DL), m.get_corner(UR))
        for m in avoid
        if m.has_points() or m.submobjects
    ]
    for distance in (buff, 2 * buff):
        for side in sides:
            label.next_to(anchor, side, buff=distance)
            low = label.get_corner(DL) - buff / 2
            high = label.get_corner(UR) + buff / 2
            if all(
                np.any(high[:2] < a[:2]) or np.any(low[:2] > b[:2]) for a, b in boxes
            ):
                return label
    return label.next_to(anchor, sides[0], buff=buff)


def draw_last(scene: Scene, *mobjects: Mobject) -> None:
    """Draw ``mobjects`` after everything else, so that only they are redrawn.

    On every frame Manim redraws each mobject from the first changing one (animated,
    or with an updater in its family) onwards, and draws the rest once.
    """
    scene.bring_to_front(*mobjects)


def draw_changing_last(scene: Scene) -> None:
    """Reorder the scene so that only what has updaters is redrawn on every frame.

    Groups mixing still and changing parts (a readout's label and number) are taken
    apart; the still parts go first, the changing ones last (see :func:`draw_last`).
    """
    still: list[Mobject] = []
    changing: list[Mobject] = []

    def sort(mobject: Mobject) -> None:
        if not mobject.get_family_updaters():
            still.append(mobject)
        elif mobject.updaters or not mobject.submobjects:
            changing.append(mobject)
        else:
            for part in mobject.submobjects:
                sort(part)

    for mobject in scene.mobjects:
        sort(mobject)
    scene.remove(*scene.mobjects)
    scene.add(*still)
    draw_last(scene, *changing)


def overlapping(*mobjects: Mobject) -> None:
    """Declare that these mobjects overlap on purpose (the inspector allows it)."""
    group = next(_GROUPS)
    for mobject in mobjects:
        mobject.overlap_groups = (*getattr(mobject, "overlap_groups", ()), group)


def faint(*mobjects: Mobject) -> None:
    """Declare background decoration drawn faint on purpose (no contrast check)."""
    for mobject in mobjects:
        for part in mobject.get_family():
            part.faint = True


def spend(*mobjects: Mobject) -> None:
    """Mark mobjects that have done their job (a finished countdown, a used marker).

    The inspector wants them gone by the end of the next beat.
    """
    for mobject in mobjects:
        mobject.spent = True
