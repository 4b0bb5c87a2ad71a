"""A winding valley whose single lowest point can be proven: a terrain for descent.

The height is h(x, y) = a (y - b sin x)^2 + c (x - x0)^2 with a, c > 0: a valley
whose floor is the curve y = b sin x, sloping gently down along the floor towards
x = x0. In the coordinates u = y - b sin x, v = x - x0 (a smooth one-to-one change of
variables of the plane, with Jacobian determinant 1) the height is the bowl
a u^2 + c v^2, so h has exactly one critical point, u = v = 0: the global minimum
(x0, b sin x0), height 0. No other valley, pit or pass can trap a walker.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from mathviz.expressions import VARIABLES, symbols

__all__ = ["Valley", "winding_valley"]


@dataclass(frozen=True)
class Valley:
    """A winding valley h(x, y) = wall (y - winding sin x)^2 + floor (x - x0)^2.

    Attributes
    ----------
    height
        h(x, y), exact.
    lowest
        The exact location (x0, winding sin x0) of its one minimum (height 0).
    """

    height: sympy.Expr
    lowest: tuple[sympy.Expr, sympy.Expr]


def winding_valley(
    wall: sympy.Expr | float,
    winding: sympy.Expr | float,
    floor: sympy.Expr | float,
    lowest_x: sympy.Expr | float,
) -> Valley:
    """Return the winding valley with these shape parameters (exact).

    Parameters
    ----------
    wall
        a > 0: the steepness of the valley's walls.
    winding
        b: how far the valley floor winds north and south.
    floor
        c > 0: the slope along the valley floor.
    lowest_x
        x0: where along x the lowest point lies.

    Raises
    ------
    ValueError
        If ``wall`` or ``floor`` is not positive.

    Examples
    --------
    >>> valley = winding_valley(1, 1, 1, 0)
    >>> valley.height, valley.lowest
    (x**2 + (y - sin(x))**2, (0, 0))
    """
    a, b, c, x0 = (
        sympy.nsimplify(v, rational=True) for v in (wall, winding, floor, lowest_x)
    )
    if not (a.is_positive and c.is_positive):
        raise ValueError(f"wall and floor must be positive, got {a} and {c}")
    x, y = symbols(VARIABLES)
    return Valley(
        height=a * (y - b * sympy.sin(x)) ** 2 + c * (x - x0) ** 2,
        lowest=(x0, b * sympy.sin(x0)),
    )
