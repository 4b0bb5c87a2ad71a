"""Level curves of a two-variable function on a rectangle, traced by contourpy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import contourpy
import numpy as np

from mathviz.calculus import numeric
from mathviz.expressions import Formula, variable_names

__all__ = ["LevelCurve", "bowl_levels", "contours", "grid_values"]


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


def grid_values(
    f: Formula,
    variables: str | Iterable[str],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    resolution: int = 201,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate f(x, y) on a regular grid over a rectangle, vectorised.

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
    for name, (start, stop) in zip(names, (x_range, y_range), strict=True):
        if not (np.isfinite(start) and np.isfinite(stop) and start < stop):
            raise ValueError(
                f"the range of {name} must be finite and increasing, "
                f"got ({start}, {stop})"
            )
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    x = np.linspace(*x_range, resolution)
    y = np.linspace(*y_range, resolution)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z = np.asarray(numeric(f, names)(x[np.newaxis, :], y[:, np.newaxis]))
    return x, y, z


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
