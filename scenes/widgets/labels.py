"""Labels of marked points: beside their dot, on a side that crosses no ink.

A named point (a maximum, p, x0) is a dot, and its label stands next to it where
it crosses nothing drawn: no curve, axis, tick, number, arrow or other label
(:mod:`~scenes.widgets.ink`). When no side close to the dot is clear, the label
moves a little farther out and a short leader line joins it to its dot; when even
that finds no room (a dense map), it keeps its side on a plate of the background
colour that hides the lines under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

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
    BackgroundRectangle,
    Line,
    Mobject,
    VGroup,
    config,
)

from scenes import style
from scenes.widgets.ink import Ink, Projection

__all__ = [
    "NEAR",
    "SIDES",
    "PointLabel",
    "following_label",
    "label_point",
    "place_beside",
]

SIDES = (UP, UR, RIGHT, DR, DOWN, DL, LEFT, UL)
"""Every side of a point, tried after the preferred ones."""
NEAR = 0.6
"""How far (scene units) a label without a leader may stand from its point."""
GAPS = (0.12, 0.28, 0.45)
"""Distances from the point to the label tried first, nearest first."""
LEADER_GAPS = (0.8, 1.2)
"""Distances tried with a leader line, when no near side is clear."""
CLEARANCE = 0.06
"""Room kept free of ink around a label."""
EDGE = 0.2
"""Room kept free along the frame's edges."""


class PointLabel(VGroup):
    """A label placed for a point; ``leader`` and ``plate`` are there only when needed.

    The layout inspector reads ``anchor`` and ``reach``: the label must stay within
    ``reach`` of its point.
    """

    def __init__(
        self,
        text: Mobject,
        anchor: np.ndarray,
        leader: Line | None = None,
        plate: BackgroundRectangle | None = None,
    ) -> None:
        self.text, self.leader, self.plate = text, leader, plate
        parts = [m for m in (plate, leader, text) if m is not None]
        super().__init__(*parts)
        self.anchor = np.asarray(anchor, dtype=float)
        self.reach = NEAR + (leader.get_length() if leader is not None else 0.0)


def label_point(
    text: Mobject,
    point: Sequence[float] | np.ndarray,
    avoid: Iterable[Mobject] | Ink,
    sides: Sequence[np.ndarray] = (),
    project: Projection | None = None,
) -> PointLabel:
    """Place ``text`` beside ``point`` on the first clear side: ``sides`` first, then all.

    Parameters
    ----------
    text
        The label.
    point
        The marked point (its dot is not in ``avoid``).
    avoid
        What the label must not cross: mobjects (their ink is gathered) or the ink.
    sides
        The sides to try first, in order of preference.
    project
        How the camera shows ``avoid`` (3D scenes); the label is flat on the frame.
    """
    anchor = np.asarray(point, dtype=float)
    ink = avoid if isinstance(avoid, Ink) else Ink.of(avoid, project)
    order = _unique([*sides, *SIDES])
    if place_beside(text, anchor, ink, order):
        return PointLabel(text, anchor)
    for gap in LEADER_GAPS:
        for side in order:
            text.next_to(anchor, side, buff=gap)
            leader = _leader(text, anchor)
            if _clear(text, ink) and _clear_path(leader, ink):
                return PointLabel(text, anchor, leader=leader)
    text.next_to(anchor, order[0], buff=GAPS[0])
    plate = BackgroundRectangle(
        text, color=style.BACKGROUND, fill_opacity=0.85, buff=0.06
    )
    return PointLabel(text, anchor, plate=plate)


def following_label(
    text: Mobject,
    point: Callable[[], np.ndarray],
    avoid: Callable[[], Iterable[Mobject]],
    sides: Sequence[np.ndarray] = (),
) -> PointLabel:
    """A label that keeps beside a moving point, on its first clear side, every frame.

    ``point`` gives where the point is now, ``avoid`` what the label must not cross now.
    """
    order = _unique([*sides, *SIDES])
    label = PointLabel(text, point())

    def follow(mobject: Mobject) -> None:
        label.anchor = point()
        place_beside(text, label.anchor, Ink.of(avoid()), order)

    return label.add_updater(follow, call_updater=True)


def place_beside(
    text: Mobject,
    anchor: np.ndarray,
    ink: Ink,
    sides: Sequence[np.ndarray],
    gaps: Sequence[float] = GAPS,
) -> bool:
    """Move ``text`` to the first side of ``anchor``, nearest gap first, where it is clear.

    Returns whether one was clear (if not, ``text`` is left on the last side tried).
    """
    for gap in gaps:
        for side in sides:
            if _clear(text.next_to(anchor, side, buff=gap), ink):
                return True
    return False


def _clear(text: Mobject, ink: Ink) -> bool:
    """Whether ``text`` crosses no ink and keeps off the frame's edges."""
    low, high = text.get_corner(DL)[:2], text.get_corner(UR)[:2]
    half = np.array([config.frame_width, config.frame_height]) / 2 - EDGE
    inside = bool(np.all(low > -half) and np.all(high < half))
    return inside and ink.clear(low - CLEARANCE, high + CLEARANCE)


def _leader(text: Mobject, anchor: np.ndarray) -> Line:
    """A thin line from near the point to the nearest point of the label's box."""
    low, high = text.get_corner(DL), text.get_corner(UR)
    end = np.clip(anchor, low, high)
    direction = (end - anchor) / max(np.linalg.norm(end - anchor), 1e-9)
    return Line(
        anchor + 0.12 * direction,
        end - 0.06 * direction,
        stroke_width=1.5,
        color=style.MUTED,
    )


def _clear_path(line: Line, ink: Ink) -> bool:
    """Whether a leader's middle stretch crosses no ink (its ends meet dot and label)."""
    start, end = line.get_start()[:2], line.get_end()[:2]
    return all(
        ink.clear(start + t * (end - start) - 0.03, start + t * (end - start) + 0.03)
        for t in np.linspace(0.2, 0.8, 7)
    )


def _unique(sides: Iterable[np.ndarray]) -> list[np.ndarray]:
    """``sides`` without repeats, in order."""
    kept: list[np.ndarray] = []
    for side in sides:
        if not any(np.allclose(side, other) for other in kept):
            kept.append(np.asarray(side, dtype=float))
    return kept
