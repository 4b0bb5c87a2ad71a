"""Labels of marked points: beside their dot, on a side that crosses no ink.

A named point (a maximum, p, x0) is a dot, and its label stands next to it where
it crosses nothing drawn: no curve, axis, tick, number, arrow or other label
(:mod:`~scenes.widgets.ink`). When no side close to the dot is clear, the label
moves a little farther out and a short leader line joins it to its dot; when even
that finds no room (a dense map), it keeps its side on a plate of the background
colour that hides the lines under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

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
    VMobject,
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
    "plate",
]

SIDES = (UP, UR, RIGHT, DR, DOWN, DL, LEFT, UL)
"""Every side of a point, tried after the preferred ones."""
NEAR = 0.6
"""How far (scene units) a label without a leader may stand from its point."""
GAPS = (0.12, 0.28, 0.45)
"""Distances from the point to the label tried first, nearest first."""
LEADER_GAPS = (0.8, 1.2, 1.6)
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
        text: VMobject,
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
    text: VMobject,
    point: Sequence[float] | np.ndarray,
    avoid: Iterable[Mobject] | Ink,
    sides: Sequence[np.ndarray] = (),
    within: Mobject | None = None,
    project: Projection | None = None,
    plated: bool = False,
) -> PointLabel:
    """Place ``text`` beside ``point`` where it crosses no ink: ``sides`` first, then all.

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
    within
        The label stays inside this mobject's box (its plot), as well as the frame.
    project
        How the camera shows ``avoid`` (3D scenes); the label is flat on the frame.
    plated
        Whether the label stands on a plate of the background colour wherever it
        is (over lines that will move under it, say).
    """
    anchor = np.asarray(point, dtype=float)
    ink = avoid if isinstance(avoid, Ink) else Ink.of(avoid, project)
    room = _room(within)
    if place_beside(text, anchor, ink, sides, room=room):
        return PointLabel(text, anchor, plate=plate(text) if plated else None)
    directions = _directions(sides)
    for _ in _positions(text, anchor, directions, LEADER_GAPS):
        leader = _leader(text, anchor)
        if _clear(text, ink, room) and _clear_path(leader, ink):
            return PointLabel(text, anchor, leader=leader)
    text.next_to(anchor, directions[0], buff=GAPS[0])
    return PointLabel(text, anchor, plate=plate(text))


def plate(text: Mobject) -> BackgroundRectangle:
    """A plate of the background colour under ``text``: it hides the lines it covers."""
    return BackgroundRectangle(
        text, color=style.BACKGROUND, fill_opacity=0.85, buff=0.06
    )


def following_label(
    text: VMobject,
    point: Callable[[], np.ndarray],
    avoid: Callable[[], Iterable[Mobject]],
    sides: Sequence[np.ndarray] = (),
    project: Projection | None = None,
    plated: bool = False,
) -> PointLabel:
    """A label that keeps beside a moving point, on its first clear side, every frame.

    ``point`` gives where the point is now (on the frame), ``avoid`` what the label
    must not cross now, seen through ``project`` (3D). A ``plated`` label stands on
    a plate of the background colour (over a surface, say).
    """
    label = PointLabel(text, point(), plate=plate(text) if plated else None)

    def follow(mobject: Mobject) -> None:
        label.anchor = point()
        place_beside(text, label.anchor, Ink.of(avoid(), project), sides)
        if label.plate is not None:
            label.plate.move_to(text)

    return label.add_updater(follow, call_updater=True)


def place_beside(
    text: Mobject,
    anchor: np.ndarray,
    ink: Ink,
    sides: Sequence[np.ndarray] = (),
    gaps: Sequence[float] = GAPS,
    room: np.ndarray | None = None,
) -> bool:
    """Move ``text`` to the first place beside ``anchor``, nearest first, where it is clear.

    Places go round the point, ``sides`` first; above or below it, the label may
    also slide along so that either of its ends stands over the point, and beside
    it, up or down by half its height. It must stay inside ``room`` (a box) and
    the frame. Returns whether one was clear (if not, ``text`` is left where it
    crosses least).
    """
    places = _positions(text, anchor, _directions(sides), gaps)
    if any(_clear(text, ink, room) for _ in places):
        return True
    # None is clear: the place crossing the least (another text counts most),
    # inside the room and the frame if any is.
    best = min(
        (not _inside(text, room), _crossed(text, ink), k, text.get_center())
        for k, _ in enumerate(_positions(text, anchor, _directions(sides), gaps))
    )
    text.move_to(best[3])
    return False


def _directions(sides: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``sides`` (as unit vectors), then sixteen directions, nearest to the first first."""
    preferred = [np.asarray(side, dtype=float) for side in sides] or [UP]
    angles = np.arctan2(preferred[0][1], preferred[0][0]) + np.linspace(
        0, 2 * np.pi, 16, endpoint=False
    )
    around = sorted(
        (np.array([np.cos(a), np.sin(a), 0.0]) for a in angles),
        key=lambda d: -float(d @ preferred[0]),
    )
    return _unique(side / np.linalg.norm(side) for side in [*preferred, *around])


def _positions(
    text: Mobject,
    anchor: np.ndarray,
    directions: Sequence[np.ndarray],
    gaps: Sequence[float],
) -> Iterator[None]:
    """Move ``text`` around ``anchor`` from one candidate place to the next.

    In direction ``d`` at ``gap``, the label stands ``gap`` from the point, its box
    pushed out along ``d`` (by a corner on a diagonal, by a side straight up).
    Straight above or below, or beside, it also slides along the side.
    """
    half = np.array([text.width, text.height, 0.0]) / 2
    for gap in gaps:
        for d in directions:
            upright = abs(d[1]) >= abs(d[0])
            across = RIGHT if upright else UP
            reach = half[0] - 0.1 if upright else half[1]
            centre = anchor + gap * d + half * d / np.abs(d).max()
            slides = (0.0, 1.0, -1.0) if np.abs(d[:2]).min() < 0.2 else (0.0,)
            for slide in slides:
                text.move_to(centre + slide * reach * across)
                yield


def _room(within: Mobject | None) -> np.ndarray | None:
    """The box a label must stay in: ``within``'s, and a margin around it."""
    if within is None:
        return None
    margin = 0.4
    return np.array(
        [within.get_corner(DL)[:2] - margin, within.get_corner(UR)[:2] + margin]
    )


def _clear(text: Mobject, ink: Ink, room: np.ndarray | None = None) -> bool:
    """Whether ``text`` crosses no ink and stays in ``room`` and off the frame's edges."""
    low, high = text.get_corner(DL)[:2], text.get_corner(UR)[:2]
    return _inside(text, room) and ink.clear(low - CLEARANCE, high + CLEARANCE)


def _inside(text: Mobject, room: np.ndarray | None = None) -> bool:
    """Whether ``text`` stays in ``room`` (a box) and off the frame's edges."""
    low, high = text.get_corner(DL)[:2], text.get_corner(UR)[:2]
    half = np.array([config.frame_width, config.frame_height]) / 2 - EDGE
    inside = bool(np.all(low > -half) and np.all(high < half))
    if room is not None:
        inside = inside and bool(np.all(low >= room[0]) and np.all(high <= room[1]))
    return inside


def _crossed(text: Mobject, ink: Ink) -> int:
    """How much ``text`` crosses where it stands: ten for a text, one for a stroke."""
    low, high = text.get_corner(DL)[:2], text.get_corner(UR)[:2]
    owners = ink.crossing(low - CLEARANCE, high + CLEARANCE)
    return sum(10 if owner in ink.texts else 1 for owner in owners)


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
    """Whether a leader crosses no ink on the way (its ends meet the dot and the label)."""
    start, end = line.get_start(), line.get_end()
    return ink.clear_between(start + 0.1 * (end - start), start + 0.9 * (end - start))


def _unique(sides: Iterable[np.ndarray]) -> list[np.ndarray]:
    """``sides`` without repeats, in order."""
    kept: list[np.ndarray] = []
    for side in sides:
        if not any(np.allclose(side, other) for other in kept):
            kept.append(np.asarray(side, dtype=float))
    return kept
