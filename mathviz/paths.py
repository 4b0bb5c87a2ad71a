"""Walking along a path: positions between its points, and the part a panel shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "PanelView",
    "View",
    "along",
    "close_up",
    "filled",
    "graph_view",
    "panel_view",
    "settled",
    "view_around",
    "widened",
]

Range = tuple[float, float]
View = tuple[Range, Range]
"""A plot's window: its x range and its y range."""


@dataclass(frozen=True, eq=False)
class PanelView:
    """The part of a path that a rectangular panel shows.

    Attributes
    ----------
    shown
        How many points of the path, from the start, lie inside the panel.
    exit
        Where the path first leaves the panel (nothing after it is shown): the point
        of the panel's border on the segment from the last point shown to the next
        one; None if every point is inside.
    """

    shown: int
    exit: np.ndarray | None

    @property
    def leaves(self) -> bool:
        """Whether the path leaves the panel."""
        return self.exit is not None


def panel_view(points: npt.ArrayLike, x_range: Range, y_range: Range) -> PanelView:
    """Return how much of a 2D path the panel ``x_range`` x ``y_range`` shows.

    The path is shown up to its first point outside the panel; the segment towards
    that point is cut where it crosses the border.

    Parameters
    ----------
    points
        Shape (k, 2): the path, its start inside the panel.
    x_range, y_range
        The panel.

    Returns
    -------
    PanelView

    Examples
    --------
    >>> view = panel_view([[0.0, 0.0], [0.5, 0.5], [2.0, 0.5]], (-1, 1), (-1, 1))
    >>> view.shown, view.exit.tolist()
    (2, [1.0, 0.5])
    >>> panel_view([[0.0, 0.0], [0.5, 0.5]], (-1, 1), (-1, 1)).leaves
    False
    """
    points = np.asarray(points, dtype=float)
    low = np.array([x_range[0], y_range[0]])
    high = np.array([x_range[1], y_range[1]])
    outside = np.any((points < low) | (points > high), axis=1)
    if not outside.any():
        return PanelView(len(points), None)
    shown = int(np.argmax(outside))
    if shown == 0:
        raise ValueError(f"the path starts outside the panel, at {points[0]}")
    last, move = points[shown - 1], points[shown] - points[shown - 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = np.where(move > 0, (high - last) / move, (low - last) / move)
    fraction = np.min(np.where(move != 0, reach, np.inf))
    return PanelView(shown, last + fraction * move)


def along(points: npt.ArrayLike, t: npt.ArrayLike) -> np.ndarray:
    """Return the positions ``t`` steps along a path.

    At a whole number ``t = k`` the position is the path's point k; in between it is
    on the straight step from one point to the next. ``t`` is clipped to the path.

    Parameters
    ----------
    points
        Shape (k + 1, n): the path.
    t
        The times, a float or an array of them.

    Returns
    -------
    numpy.ndarray
        Shape (n,) for a float ``t``, else (len(t), n).

    Examples
    --------
    >>> along([[0.0, 0.0], [2.0, 0.0], [2.0, 4.0]], [0.0, 0.5, 1.25, 9.0]).tolist()
    [[0.0, 0.0], [1.0, 0.0], [2.0, 1.0], [2.0, 4.0]]
    """
    points = np.asarray(points, dtype=float)
    last = len(points) - 1
    t = np.clip(np.asarray(t, dtype=float), 0, last)
    k = np.minimum(np.floor(t).astype(int), max(last - 1, 0))
    fraction = (t - k)[..., np.newaxis]
    return points[k] + fraction * (points[np.minimum(k + 1, last)] - points[k])


def graph_view(
    f: Callable[..., npt.ArrayLike],
    x_range: Range,
    headroom: float = 0.1,
    least_height: float = 0.0,
) -> View:
    """Return the window that shows the graph of ``f`` over ``x_range``.

    The y range runs from f's least to its greatest value there (201 samples),
    widened by ``headroom`` of itself on each side, and is at least
    ``least_height`` tall (about its middle), so that a flat stretch still has
    room.

    Examples
    --------
    >>> graph_view(lambda x: x**2, (-2.0, 2.0))
    ((-2.0, 2.0), (-0.4, 4.4))
    >>> graph_view(lambda x: 0 * x + 3, (0.0, 1.0), least_height=2.0)
    ((0.0, 1.0), (2.0, 4.0))
    """
    values = np.broadcast_to(f(np.linspace(*x_range, 201)), (201,))
    low, high = float(values.min()), float(values.max())
    pad = headroom * (high - low)
    low, high = low - pad, high + pad
    if high - low < least_height:
        middle = (low + high) / 2
        low, high = middle - least_height / 2, middle + least_height / 2
    return (float(x_range[0]), float(x_range[1])), (round(low, 12), round(high, 12))


def close_up(
    f: Callable[..., npt.ArrayLike],
    x0: float,
    h: float,
    view: View,
    apart: float = 0.25,
) -> View:
    """Return a window in which the points of f at ``x0`` and ``x0 + h`` stand apart.

    ``view`` is kept when the two points are at least ``apart`` of its size
    from each other there (measured across its width and height); otherwise the
    window closes in on ``[x0 - |h|, x0 + 2|h|]`` (inside ``view``), with a height
    at least 0.6 of its width.

    Examples
    --------
    >>> full = graph_view(lambda x: x**2, (-2.0, 2.0))
    >>> close_up(lambda x: x**2, 1.0, 1.0, full) == full
    True
    >>> close_up(lambda x: x**2, 1.0, 0.01, full)[0]
    (0.99, 1.02)
    """
    (x_low, x_high), (y_low, y_high) = view
    rise = np.asarray(f(np.array(x0 + h))) - np.asarray(f(np.array(x0)))
    gap = np.array([h, float(rise)])
    size = np.array([x_high - x_low, y_high - y_low])
    if np.hypot(*(gap / size)) >= apart:
        return view
    width = 3 * abs(h)
    near = (max(x0 - abs(h), x_low), min(x0 + 2 * abs(h), x_high))
    return graph_view(f, near, least_height=0.6 * width)


def widened(x_range: Range, y_range: Range, most: float = 1.5) -> View:
    """Return the ranges, the shorter widened about its middle to ``1/most`` of the longer.

    A map of one scale then fits a wide or a tall frame.

    Examples
    --------
    >>> widened((-6.0, 6.0), (-2.0, 2.0))
    ((-6.0, 6.0), (-4.0, 4.0))
    >>> widened((0.0, 2.0), (0.0, 3.0))
    ((0.0, 2.0), (0.0, 3.0))
    """
    aspect = (x_range[1] - x_range[0]) / (y_range[1] - y_range[0])
    if aspect > most:
        return filled(x_range, y_range, most)
    if aspect < 1 / most:
        return filled(x_range, y_range, 1 / most)
    return (float(x_range[0]), float(x_range[1])), (
        float(y_range[0]),
        float(y_range[1]),
    )


def view_around(centre: npt.ArrayLike, point: npt.ArrayLike, aspect: float) -> View:
    """Return a window ``aspect`` times as wide as high, centred on ``centre``.

    It holds ``point`` with a quarter of the point's distance from the centre to
    spare (in x and in y); its half-width is a whole number of halves, at least 1/2.

    Examples
    --------
    >>> view_around((0.0, 0.0), (-3.5, 1.0), 2.0)
    ((-4.5, 4.5), (-2.25, 2.25))
    """
    middle = np.asarray(centre, dtype=float)
    reach = 1.25 * np.abs(np.asarray(point, dtype=float) - middle)
    half = max(np.ceil(2 * max(reach[0], aspect * reach[1])) / 2, 0.5)
    x, y = middle
    return (
        (float(x - half), float(x + half)),
        (float(y - half / aspect), float(y + half / aspect)),
    )


def filled(x_range: Range, y_range: Range, aspect: float) -> View:
    """Return the ranges, one widened about its middle so that width / height is ``aspect``.

    Nothing is cut: the side that is short for ``aspect`` grows. A map then fills
    a room of that shape.

    Examples
    --------
    >>> filled((-3.0, 3.0), (-4.0, 4.0), 1.0)
    ((-4.0, 4.0), (-4.0, 4.0))
    >>> filled((0.0, 4.0), (0.0, 2.0), 1.0)
    ((0.0, 4.0), (-1.0, 3.0))
    """
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]], dtype=float)
    ranges = [tuple(map(float, x_range)), tuple(map(float, y_range))]
    wanted = np.array([aspect * spans[1], spans[0] / aspect])
    short = 0 if wanted[0] > spans[0] else 1
    if wanted[short] > spans[short]:
        middle = sum(ranges[short]) / 2
        half = float(wanted[short]) / 2
        ranges[short] = (middle - half, middle + half)
    return (ranges[0][0], ranges[0][1]), (ranges[1][0], ranges[1][1])


def settled(points: npt.ArrayLike, tolerance: float) -> int:
    """Return the first step from which every point stays within ``tolerance`` of the last.

    Past it, nothing changes that a plot or a readout at that precision shows: a
    counter has no reason to go on.

    Parameters
    ----------
    points
        Shape (k + 1, n): the path (a row may hold any values shown, not only the
        position).
    tolerance
        How far (in each coordinate) a point may be from the last one.

    Examples
    --------
    >>> settled([[4.0], [2.0], [1.0], [0.5], [0.5004]], 0.01)
    3
    >>> settled([[1.0], [2.0]], 0.01)
    1
    """
    rows = np.atleast_2d(np.asarray(points, dtype=float))
    far = np.any(np.abs(rows - rows[-1]) > tolerance, axis=1)
    return int(np.flatnonzero(far)[-1] + 1) if far.any() else 0
