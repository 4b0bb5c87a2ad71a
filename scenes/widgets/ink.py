"""Ink: what a frame draws that a label must not cross, as segments and boxes.

A curve, an axis, a tick or an arrow's shaft is a stroke: the segments of its
control polygons (for the dense curves Manim draws, the polygon hugs the curve).
A dot, an arrow's tip or a text is a box. Filled areas (a surface, a drawing, a
panel or a plate under text) are not ink: text on them stays readable. The layout widgets
place labels clear of ink, and the layout inspector finds text that ink crosses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeGuard, cast

import numpy as np
from manim import (
    BackgroundRectangle,
    Code,
    DecimalNumber,
    ImageMobject,
    MarkupText,
    Mobject,
    Paragraph,
    SingleStringMathTex,
    Surface,
    SVGMobject,
    Text,
    VMobject,
)

from mathviz.geometry import (
    boxes_overlap,
    segments_crossing_box,
    segments_crossing_segment,
)
from scenes.widgets.readouts import LiveNumber

__all__ = [
    "MARK",
    "TEXT_TYPES",
    "VISIBLE",
    "Ink",
    "Projection",
    "holds_text",
    "is_text",
]

TEXT_TYPES = (
    Text,
    MarkupText,
    Paragraph,
    SingleStringMathTex,
    DecimalNumber,
    Code,
    LiveNumber,
)
"""What counts as one text or formula."""
VISIBLE = 0.05
"""Opacity below which a part is not seen."""
MARK = 0.6
"""A filled shape no wider or taller than this (a dot, a tip) is a mark: ink."""

Projection = Callable[[Mobject, np.ndarray], np.ndarray]
"""Points of a part as the camera shows them (3D), or as they are (2D)."""


def is_text(mobject: Mobject) -> TypeGuard[VMobject]:
    """Whether ``mobject`` is one text or formula."""
    return isinstance(mobject, TEXT_TYPES)


def holds_text(mobject: Mobject) -> bool:
    """Whether ``mobject`` is, or holds, a text or formula."""
    return any(is_text(part) for part in mobject.get_family())


def _flat(_: Mobject, points: np.ndarray) -> np.ndarray:
    return points


@dataclass
class Ink:
    """The strokes and boxes of some mobjects, as seen on the frame.

    Attributes
    ----------
    segments
        Shape (n, 2, 2): every stroke's segments.
    boxes
        Shape (m, 2, 2): lower-left and upper-right corners of marks and texts.
    owners
        The mobject each segment, then each box, belongs to (its part).
    """

    segments: np.ndarray = field(default_factory=lambda: np.zeros((0, 2, 2)))
    boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 2, 2)))
    owners: list[Mobject] = field(default_factory=list)
    texts: list[Mobject] = field(default_factory=list)
    """The texts among the owners of boxes (each a box of its own)."""

    @classmethod
    def of(
        cls,
        mobjects: Iterable[Mobject],
        project: Projection | None = None,
        shown: Callable[[VMobject], bool] | None = None,
    ) -> Ink:
        """The ink of ``mobjects`` (and their families).

        ``shown`` tells whether a part is seen (by default: its stroke or fill is
        more than :data:`VISIBLE`).
        """
        seen = shown or _seen
        project = project or _flat
        strokes: list[np.ndarray] = []
        stroke_owners: list[Mobject] = []
        boxes: list[np.ndarray] = []
        box_owners: list[Mobject] = []
        text_units: list[Mobject] = []
        for part in _drawn(mobjects):
            if is_text(part):
                box = _box(part, project, seen)
                if box is not None:
                    boxes.append(box)
                    box_owners.append(part)
                    text_units.append(part)
                continue
            if not seen(part):
                continue
            points = project(part, part.points)[:, :2]
            low, high = points.min(axis=0), points.max(axis=0)
            if _stroked(part):
                curves = points[: len(points) // 4 * 4].reshape(-1, 4, 2)
                polygon = np.stack([curves[:, :-1], curves[:, 1:]], axis=2)
                strokes.append(polygon.reshape(-1, 2, 2))
                stroke_owners += [part] * len(strokes[-1])
            elif _filled(part) and np.all(high - low <= MARK):
                boxes.append(np.array([low, high]))
                box_owners.append(part)
        return cls(
            np.concatenate(strokes) if strokes else np.zeros((0, 2, 2)),
            np.array(boxes) if boxes else np.zeros((0, 2, 2)),
            stroke_owners + box_owners,
            text_units,
        )

    @cached_property
    def _reach(self) -> tuple[np.ndarray, np.ndarray]:
        """Each segment's own box: its lower-left and upper-right corners."""
        return self.segments.min(axis=1), self.segments.max(axis=1)

    def _strokes_in(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """Which segments cross the box ``[low, high]`` (those near it are clipped)."""
        near = np.all((self._reach[0] <= high) & (self._reach[1] >= low), axis=1)
        crossing = np.zeros(len(self.segments), dtype=bool)
        crossing[near] = segments_crossing_box(self.segments[near], low, high)
        return crossing

    def crossing(self, low: np.ndarray, high: np.ndarray) -> list[Mobject]:
        """The owners of the ink inside the box ``[low, high]``, each once, in order."""
        hits = np.concatenate(
            [
                self._strokes_in(low, high),
                boxes_overlap(self.boxes[:, 0], self.boxes[:, 1], low, high)
                if len(self.boxes)
                else np.zeros(0, dtype=bool),
            ]
        )
        return list(dict.fromkeys(self.owners[i] for i in np.flatnonzero(hits)))

    def clear(self, low: np.ndarray, high: np.ndarray) -> bool:
        """Whether no ink lies inside the box ``[low, high]``."""
        if self._strokes_in(low, high).any():
            return False
        return not (
            len(self.boxes)
            and boxes_overlap(self.boxes[:, 0], self.boxes[:, 1], low, high).any()
        )

    def clear_between(self, start: np.ndarray, end: np.ndarray) -> bool:
        """Whether the segment from ``start`` to ``end`` crosses no ink."""
        start, end = np.asarray(start)[:2], np.asarray(end)[:2]
        if segments_crossing_segment(self.segments, start, end).any():
            return False
        return not any(
            segments_crossing_box([[start, end]], low, high)[0]
            for low, high in self.boxes
        )


def _drawn(mobjects: Iterable[Mobject]) -> Iterator[VMobject]:
    """Every part with points, texts whole; areas (surfaces, drawings, images) left out."""
    for mobject in mobjects:
        if is_text(mobject):
            yield mobject
        elif isinstance(mobject, Surface | ImageMobject | BackgroundRectangle) or (
            isinstance(mobject, SVGMobject) and not is_text(mobject)
        ):
            continue
        else:
            if isinstance(mobject, VMobject) and mobject.has_points():
                yield mobject
            yield from _drawn(mobject.submobjects)


def _stroked(part: VMobject) -> bool:
    return bool(part.get_stroke_width() > 0 and part.get_stroke_opacity() > VISIBLE)


def _filled(part: VMobject) -> bool:
    return bool(part.get_fill_opacity() > VISIBLE)


def _seen(part: VMobject) -> bool:
    return not getattr(part, "faint", False) and (_stroked(part) or _filled(part))


def _box(
    unit: VMobject, project: Projection, seen: Callable[[VMobject], bool]
) -> np.ndarray | None:
    # (a VMobject's family is VMobjects: Manim's types say Mobjects)
    parts = cast(list[VMobject], unit.family_members_with_points())
    points = [project(part, part.points)[:, :2] for part in parts if seen(part)]
    if not points:
        return None
    every = np.vstack(points)
    return np.array([every.min(axis=0), every.max(axis=0)])
