"""Arranging mobjects, the order Manim draws them in, and what the inspector may allow.

The layout inspector of the scene tests judges every frame: no two texts overlap,
nothing leaves the frame, text and lines are readable, nothing outlives its beat.
A scene declares the rare exceptions here: :func:`overlapping` and :func:`faint`
mark mobjects, :func:`spend` marks what has done its job (it must leave by the end
of the next beat); the marks travel with copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Mobject, Scene, VGroup, VMobject, config

if TYPE_CHECKING:
    from scenes.base import BaseLectureScene

__all__ = [
    "arrange_row",
    "balance",
    "draw_changing_last",
    "draw_last",
    "faint",
    "mark",
    "overlapping",
    "SUBJECT_SHARE",
    "room_left",
    "spend",
    "stack",
    "subject_side",
]

_GROUPS = count()


def stack(*mobjects: VMobject, buff: float = 0.3) -> VGroup:
    """Left-aligned column, as for a list of readouts."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def arrange_row(*mobjects: VMobject, buff: float) -> VGroup:
    """Side by side, tops aligned."""
    return VGroup(*mobjects).arrange(RIGHT, aligned_edge=UP, buff=buff)


SUBJECT_SHARE = {"landscape": 0.5, "portrait": 0.45, "square": 0.55}
"""The least share of the free width (side by side) or height (stacked) a subject gets."""
SUBJECT_AREA = {"landscape": 0.32, "portrait": 0.27, "square": 0.27}
"""The share of the frame a subject should cover, to choose where the text goes."""
TEXT_KEPT = 0.75
"""How much of its size text should keep, to choose where it goes."""


def room_left(
    scene: BaseLectureScene[Any],
    *others: Mobject,
    buff: float = 0.5,
    direction: np.ndarray | None = None,
    share: float | None = None,
) -> tuple[float, float]:
    """The room for the scene's subject (a plot, a map) beside or under ``others``.

    Panels go side by side in landscape and stacked otherwise (as
    ``layout_panels`` puts them), or along ``direction``. The subject comes
    first: it gets at least ``share`` (by default :data:`SUBJECT_SHARE`) of the
    free width or height, and ``others`` (the text) shrink, together, if that is
    what it takes. Each of ``others`` also shrinks to fit the free area across.
    """
    along = (
        direction if direction is not None else (RIGHT if scene.is_landscape else DOWN)
    )
    scales, room = _share(scene, others, buff, along, share)
    for mobject, factor in zip(others, scales, strict=True):
        mobject.scale(factor)
    return room


def subject_side(
    scene: BaseLectureScene[Any],
    *others: Mobject,
    aspect: float,
    buff: float = 0.5,
    share: float | None = None,
) -> np.ndarray:
    """Where ``others`` go (``RIGHT`` or ``DOWN`` of the subject), the better balance.

    ``aspect`` is the subject's width over its height (a map's: a wide map
    fits under the text even in a wide frame). Each side is judged by its
    :func:`balance`.
    """

    def judged(along: np.ndarray) -> float:
        scales, room = _share(scene, others, buff, along, share)
        return balance(scene, room, aspect, min(scales, default=1.0))

    return max((RIGHT, DOWN), key=judged)


def balance(
    scene: BaseLectureScene[Any],
    room: tuple[float, float],
    aspect: float,
    kept: float,
) -> float:
    """How well a subject of ``aspect`` in ``room`` and text at ``kept`` of its size share a frame.

    The worse of two ratios: the subject's area against :data:`SUBJECT_AREA` of
    the frame, and how much the text keeps of its size against :data:`TEXT_KEPT`.
    """
    width, height = room
    area = min(width, aspect * height) ** 2 / aspect
    frame = config.frame_width * config.frame_height
    return min(area / (SUBJECT_AREA[scene.shape] * frame), kept / TEXT_KEPT)


def _share(
    scene: BaseLectureScene[Any],
    others: Sequence[Mobject],
    buff: float,
    along: np.ndarray,
    share: float | None,
) -> tuple[list[float], tuple[float, float]]:
    """How much each of ``others`` shrinks, and the subject's room (see room_left)."""
    width, height = scene.content_size()
    across = 0 if abs(along[0]) > 0 else 1
    limit = (height, width)[across]
    scales = [min(1.0, limit / max((m.height, m.width)[across], 1e-9)) for m in others]
    free = (width, height)[across]
    gaps = buff * len(others)
    taken = sum(
        (m.width, m.height)[across] * k for m, k in zip(others, scales, strict=True)
    )
    least = (SUBJECT_SHARE[scene.shape] if share is None else share) * free
    if taken and free - gaps - taken < least:
        factor = max(free - gaps - least, 0.0) / taken
        scales = [k * factor for k in scales]
        taken *= factor
    room = free - gaps - taken
    return scales, ((room, height) if across == 0 else (width, room))


def draw_last(scene: Scene, *mobjects: Mobject) -> None:
    """Draw ``mobjects`` after everything else, so that only they are redrawn.

    On every frame Manim redraws each mobject from the first changing one (animated,
    or with an updater in its family) onwards, and draws the rest once.
    """
    scene.bring_to_front(*mobjects)


def draw_changing_last(scene: Scene) -> None:
    """Reorder the scene so that only what has updaters is redrawn on every frame.

    Groups mixing still and changing parts (a readout's label and number) are taken
    apart; the still parts go first, the changing ones last (see :func:`draw_last`);
    foreground mobjects stay in front.
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

    drawn = [m for m in scene.mobjects if m not in scene.foreground_mobjects]
    for mobject in drawn:
        sort(mobject)
    scene.remove(*drawn)  # (what stays in front, the logo, stays there)
    scene.add(*still)
    draw_last(scene, *changing)


def mark(mobject: Mobject | Scene, **marks: object) -> None:
    """Give ``mobject`` (or a scene) attributes of the lecture's own: the inspector's.

    Manim does not know them; its copies keep them, as they keep every attribute.
    """
    vars(mobject).update(marks)


def overlapping(*mobjects: Mobject) -> None:
    """Declare that these mobjects overlap on purpose (the inspector allows it)."""
    group = next(_GROUPS)
    for mobject in mobjects:
        mark(mobject, overlap_groups=(*getattr(mobject, "overlap_groups", ()), group))


def faint(*mobjects: Mobject) -> None:
    """Declare background decoration drawn faint on purpose (no contrast check)."""
    for mobject in mobjects:
        for part in mobject.get_family():
            mark(part, faint=True)


def spend(*mobjects: Mobject) -> None:
    """Mark mobjects that have done their job (a finished countdown, a used marker).

    The inspector wants them gone by the end of the next beat.
    """
    for mobject in mobjects:
        mark(mobject, spent=True)
