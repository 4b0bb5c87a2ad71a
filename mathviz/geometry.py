"""Plane geometry of drawings: which segments cross a box, how far a box is from a point."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "box_distance",
    "boxes_overlap",
    "segments_crossing_box",
    "segments_crossing_segment",
]


def segments_crossing_box(
    segments: npt.ArrayLike, low: npt.ArrayLike, high: npt.ArrayLike
) -> np.ndarray:
    """Which segments have a point inside the box ``[low, high]`` (edges included).

    Liang and Barsky's clipping, for all segments at once.

    Parameters
    ----------
    segments
        Shape (n, 2, 2): the two ends (x, y) of each segment.
    low, high
        The box's lower-left and upper-right corners.

    Returns
    -------
    np.ndarray
        Shape (n,), booleans.

    Examples
    --------
    >>> segments_crossing_box(
    ...     [[[-1, 0.5], [2, 0.5]], [[-1, 2], [2, 2]], [[0.2, 0.2], [0.3, 0.3]]],
    ...     [0, 0],
    ...     [1, 1],
    ... ).tolist()
    [True, False, True]
    """
    ends = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    # Only segments whose own box meets the box can cross it.
    near = np.all((ends.min(axis=1) <= high) & (ends.max(axis=1) >= low), axis=1)
    crossing = np.zeros(len(ends), dtype=bool)
    crossing[near] = _clipped(ends[near], low, high)
    return crossing


def _clipped(ends: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Liang and Barsky: which segments keep a part once clipped to the box."""
    start, delta = ends[:, 0], ends[:, 1] - ends[:, 0]
    enter, leave = np.zeros(len(ends)), np.ones(len(ends))
    inside = np.ones(len(ends), dtype=bool)
    # Each side of the box: the segment's direction against it, and its room to it.
    for p, q in ((-delta, start - low), (delta, high - start)):
        parallel = p == 0
        inside &= ~np.any(parallel & (q < 0), axis=1)
        t = q / np.where(parallel, 1.0, p)
        enter = np.maximum(enter, np.where(p < 0, t, -np.inf).max(axis=1))
        leave = np.minimum(leave, np.where(p > 0, t, np.inf).min(axis=1))
    return inside & (enter <= leave)


def segments_crossing_segment(
    segments: npt.ArrayLike, start: npt.ArrayLike, end: npt.ArrayLike
) -> np.ndarray:
    """Which segments share a point with the segment from ``start`` to ``end``.

    Orientation tests: each segment's ends lie on both sides of the other's line
    (touching counts).

    Examples
    --------
    >>> segments_crossing_segment(
    ...     [[[0, -1], [0, 1]], [[2, -1], [2, 1]], [[1, 0], [1, 2]]], [-1, 0], [1, 0]
    ... ).tolist()
    [True, False, True]
    """
    ends = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
    p, q = np.asarray(start, dtype=float), np.asarray(end, dtype=float)

    def side(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """The sign of the turn a -> b -> c (0 on the line)."""
        turn = (b[..., 0] - a[..., 0]) * (c[..., 1] - a[..., 1]) - (
            b[..., 1] - a[..., 1]
        ) * (c[..., 0] - a[..., 0])
        return np.sign(np.round(turn, 12))

    a, b = ends[:, 0], ends[:, 1]
    apart = (side(p, q, a) * side(p, q, b) <= 0) & (side(a, b, p) * side(a, b, q) <= 0)
    # Ends on one line: they must also overlap along it.
    low = np.minimum(a, b) <= np.maximum(p, q)
    high = np.maximum(a, b) >= np.minimum(p, q)
    return apart & np.all(low & high, axis=1)


def boxes_overlap(
    lows: npt.ArrayLike, highs: npt.ArrayLike, low: npt.ArrayLike, high: npt.ArrayLike
) -> np.ndarray:
    """Which boxes ``[lows[i], highs[i]]`` share a point with the box ``[low, high]``.

    Examples
    --------
    >>> boxes_overlap([[0, 0], [2, 2]], [[1, 1], [3, 3]], [0.5, 0.5], [1.5, 1.5]).tolist()
    [True, False]
    """
    lows, highs = np.atleast_2d(lows), np.atleast_2d(highs)
    return np.all(
        (lows <= np.asarray(high, dtype=float))
        & (highs >= np.asarray(low, dtype=float)),
        axis=1,
    )


def box_distance(
    low: npt.ArrayLike, high: npt.ArrayLike, point: npt.ArrayLike
) -> float:
    """Distance from ``point`` to the nearest point of the box ``[low, high]`` (0 inside).

    Examples
    --------
    >>> box_distance([0, 0], [1, 1], [4, 5])
    5.0
    """
    low, high, point = (np.asarray(v, dtype=float) for v in (low, high, point))
    gap = np.maximum(np.maximum(low - point, point - high), 0.0)
    return float(np.hypot(*gap))
