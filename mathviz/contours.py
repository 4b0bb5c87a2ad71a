"""Functions on a grid: values over a box, level curves on a rectangle (contourpy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import contourpy
import numpy as np
import numpy.typing as npt

from mathviz.calculus import numeric
from mathviz.expressions import Formula, variable_names
from mathviz.paths import View, widened

__all__ = [
    "LevelCurve",
    "bowl_levels",
    "bowl_view",
    "box_values",
    "contours",
    "grid_values",
]


@dataclass(frozen=True, eq=False)
class LevelCurve:
    """The set f(x, y) = level inside the rectangle, as polylines.

    Attributes
    ----------
    level
        The value of f along the curve.
    lines
        The pieces of the curve: arrays of shape (k, 2) of (x, y) points in data
        coordinates. A closed loop repeats its first point at the end. Empty if the
        level is not reached inside the rectangle.
    """

    level: float
    lines: tuple[np.ndarray, ...]


def box_values(
    f: Formula,
    variables: str | Iterable[str],
    ranges: Sequence[tuple[float, float]],
    resolution: int = 201,
) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Evaluate f on a regular grid over a box, one range per variable, vectorised.

    Parameters
    ----------
    f
        A formula string or sympy expression in the variables.
    variables
        The names of the n variables, in order.
    ranges
        The box: one ``(start, stop)`` with ``start < stop`` per variable.
    resolution
        The number of grid points along each side, at least 2.

    Returns
    -------
    tuple
        The axes, one array of ``resolution`` points per variable, and the values
        of shape ``(resolution,) * n`` with ``values[i, j, ...] = f(axes[0][i],
        axes[1][j], ...)`` (NaN or infinite outside the domain of f, without a
        warning).

    Raises
    ------
    ValueError
        If there is not one range per variable, a range is not increasing and
        finite, or the resolution is below 2.

    Examples
    --------
    >>> (x,), values = box_values("1/x", "x", [(-1, 1)], resolution=3)
    >>> x, values
    (array([-1.,  0.,  1.]), array([-1., inf,  1.]))
    """
    names = variable_names(variables)
    if len(ranges) != len(names):
        raise ValueError(
            f"expected one range per variable of {names}, got {len(ranges)}"
        )
    for name, (start, stop) in zip(names, ranges, strict=True):
        if not (np.isfinite(start) and np.isfinite(stop) and start < stop):
            raise ValueError(
                f"the range of {name} must be finite and increasing, "
                f"got ({start}, {stop})"
            )
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    axes = tuple(np.linspace(start, stop, resolution) for start, stop in ranges)
    grid = np.meshgrid(*axes, indexing="ij", sparse=True)
    with np.errstate(all="ignore"):
        values = np.asarray(numeric(f, names)(*grid), dtype=float)
    return axes, values


def grid_values(
    f: Formula,
    variables: str | Iterable[str],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    resolution: int = 201,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate f(x, y) on a regular grid over a rectangle, y down the rows.

    The orientation contourpy and images take: :func:`box_values` transposed.

    Parameters
    ----------
    f
        A formula string or sympy expression in the two variables.
    variables
        The names of the two variables, horizontal first.
    x_range, y_range
        The rectangle ``[x0, x1] x [y0, y1]``, each with ``x0 < x1``.
    resolution
        The number of grid points along each side, at least 2.

    Returns
    -------
    tuple of numpy.ndarray
        The grid coordinates ``x`` (resolution,) and ``y`` (resolution,) and the
        values ``z`` of shape (resolution, resolution) with ``z[i, j] = f(x[j], y[i])``
        (NaN or infinite outside the domain of f, without a warning).

    Raises
    ------
    ValueError
        If a range is not increasing and finite, or the resolution is below 2.

    Examples
    --------
    >>> x, y, z = grid_values("x + 10*y", ("x", "y"), (0, 1), (0, 2), resolution=3)
    >>> z
    array([[ 0. ,  0.5,  1. ],
           [10. , 10.5, 11. ],
           [20. , 20.5, 21. ]])
    """
    names = variable_names(variables)
    if len(names) != 2:
        raise ValueError(f"a grid needs exactly two variables, got {names}")
    (x, y), values = box_values(f, names, (x_range, y_range), resolution)
    return x, y, np.ascontiguousarray(values.T)


def contours(
    f: Formula,
    variables: str | Iterable[str],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    levels: Sequence[float] | int,
    resolution: int = 201,
) -> tuple[LevelCurve, ...]:
    """Return level curves of f(x, y) over a rectangle, computed with contourpy.

    f is evaluated on a ``resolution`` x ``resolution`` grid and each level curve is
    traced by linear interpolation along the grid edges, so a point of it is off
    its level by at most h^2/8 times the largest second derivative of f along the
    edge it lies on (h the grid spacing). Where f is not finite (outside its
    domain) there is no curve.

    Parameters
    ----------
    f
        A formula string or sympy expression in the two variables.
    variables
        The names of the two variables, horizontal first.
    x_range, y_range
        The rectangle ``[x0, x1] x [y0, y1]``.
    levels
        The levels to trace, or a count n: then n levels evenly spaced strictly
        between the smallest and largest grid value.
    resolution
        The number of grid points along each side, at least 2.

    Returns
    -------
    tuple of LevelCurve
        One per level, in the order given (increasing for a count).

    Raises
    ------
    ValueError
        If a range, the resolution, a level or the count is not valid, or f is not
        finite anywhere on the grid.

    Examples
    --------
    >>> (circle,) = contours("x^2 + y^2", ("x", "y"), (-2, 2), (-2, 2), [1.0])
    >>> len(circle.lines)
    1
    >>> radii = np.hypot(*circle.lines[0].T)
    >>> bool(np.all(np.abs(radii - 1) < 1e-3))
    True
    """
    x, y, z = grid_values(f, variables, x_range, y_range, resolution)
    z = np.ma.masked_invalid(z)
    if z.count() == 0:
        raise ValueError("f has no finite value on the rectangle; choose another one")
    if isinstance(levels, int | np.integer):
        if levels < 1:
            raise ValueError(f"the number of levels must be at least 1, got {levels}")
        chosen = np.linspace(z.min(), z.max(), levels + 2)[1:-1]
    else:
        chosen = np.asarray(levels, dtype=float).reshape(-1)
        if not np.all(np.isfinite(chosen)):
            raise ValueError(f"levels must be finite numbers, got {levels}")
    generator = contourpy.contour_generator(x, y, z, line_type="Separate")
    # lines() is typed as the union over every line type; "Separate" is a list.
    return tuple(
        LevelCurve(
            level=float(level),
            lines=tuple(cast("list[np.ndarray]", generator.lines(level))),
        )
        for level in chosen
    )


def bowl_levels(low: float, high: float, count: int) -> tuple[float, ...]:
    """Return ``count`` levels above a minimum ``low`` up to ``high``, evenly spaced in sqrt.

    For a quadratic bowl, whose level curves f = c have a size proportional to
    sqrt(c - min f), these space the curves evenly across the map.

    Examples
    --------
    >>> bowl_levels(0.0, 9.0, 3)
    (1.0, 4.0, 9.0)
    """
    if count < 1:
        raise ValueError(f"the number of levels must be at least 1, got {count}")
    return tuple(low + (high - low) * (k / count) ** 2 for k in range(1, count + 1))


def bowl_view(
    f: Formula,
    variables: str | Iterable[str],
    minimum: npt.ArrayLike,
    path: npt.ArrayLike,
    level: float,
) -> View:
    """Return the map of a bowl f(x, y) around its minimum: a level curve whole, a path.

    The map holds the level curve f = ``level`` (looked for within three times the
    path's farthest reach from the minimum), the path and the minimum, with 8 % of
    its larger side to spare, and is at most 3:2 (see :func:`mathviz.paths.widened`).

    Examples
    --------
    >>> view = bowl_view("x^2 + y^2", ("x", "y"), (0, 0), [[0.0, 1.0], [0, 0]], 1.0)
    >>> [[round(end, 2) for end in side] for side in view]
    [[-1.16, 1.16], [-1.16, 1.16]]
    """
    centre = np.asarray(minimum, dtype=float)
    points = np.asarray(path, dtype=float)
    reach = 3 * float(np.abs(points - centre).max())
    wide = [(float(m - reach), float(m + reach)) for m in centre]
    (outer,) = contours(f, variables, wide[0], wide[1], [level])
    shown = np.vstack([*outer.lines, points, centre])
    low, high = shown.min(axis=0), shown.max(axis=0)
    pad = 0.08 * (high - low).max()
    return widened((low[0] - pad, high[0] + pad), (low[1] - pad, high[1] + pad))
