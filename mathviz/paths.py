"""Walking along a path: positions between its points, and the part a panel shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["PanelView", "along", "panel_view"]

Range = tuple[float, float]


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
