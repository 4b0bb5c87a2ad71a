"""The lost hiker's terrain: a winding valley whose single lowest point is the shelter.

The height is h(x, y) = a (y - b sin x)^2 + c (x - x0)^2 with a, b, c > 0: a valley
whose floor is the curve y = b sin x, sloping gently down along the floor towards
x = x0. In the coordinates u = y - b sin x, v = x - x0 (a smooth one-to-one change of
variables of the plane, with Jacobian determinant 1) the height is the bowl
a u^2 + c v^2, so h has exactly one critical point, u = v = 0: the global minimum
(x0, b sin x0), height 0. No other valley, pit or pass can trap the hiker.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import gradient, numeric, numeric_vector
from mathviz.descent import DescentPath, gradient_descent
from mathviz.expressions import symbols

__all__ = [
    "HIKER_LEARNING_RATE",
    "HIKER_START",
    "HIKER_TOLERANCE",
    "SHELTER",
    "TERRAIN",
    "VARIABLES",
    "X_RANGE",
    "Y_RANGE",
    "height",
    "height_gradient",
    "hiker_path",
]

#: The terrain's variables: east-west, then north-south.
VARIABLES = ("x", "y")
#: The stretch of land the scene shows, in each direction.
X_RANGE = (-3.0, 3.0)
Y_RANGE = (-3.0, 3.0)

_WALL = sympy.Rational(3, 5)  # a: steepness of the valley walls
_WINDING = sympy.Rational(6, 5)  # b: how far the valley floor winds north and south
_FLOOR = sympy.Rational(2, 5)  # c: slope along the valley floor
_SHELTER_X = sympy.Rational(3, 2)  # x0

_x, _y = symbols(VARIABLES)

#: The height h(x, y) of the land, exact.
TERRAIN: sympy.Expr = (
    _WALL * (_y - _WINDING * sympy.sin(_x)) ** 2 + _FLOOR * (_x - _SHELTER_X) ** 2
)
#: The exact location (x0, b sin x0) of the shelter, the one global minimum (height 0).
SHELTER: tuple[sympy.Expr, sympy.Expr] = (
    _SHELTER_X,
    _WINDING * sympy.sin(_SHELTER_X),
)

#: Where the hiker starts: high on the valley's western wall.
HIKER_START = (-2.5, 1.5)
#: The hiker's learning rate: each step walks learning rate x gradient downhill.
HIKER_LEARNING_RATE = 0.4
#: The hiker stops when the step (or the slope) is shorter than this.
HIKER_TOLERANCE = 0.01

_SLOPE = gradient(TERRAIN, VARIABLES)


def height(x: npt.ArrayLike, y: npt.ArrayLike) -> float | np.ndarray:
    """Return the height of the land at (x, y), vectorised.

    Parameters
    ----------
    x, y
        Coordinates: floats or arrays that broadcast together.

    Returns
    -------
    float or numpy.ndarray
        A float for float arguments, else an array of the broadcast shape.

    Examples
    --------
    >>> height(0.0, 0.0)
    0.9
    >>> height(np.array([0.0, 1.5]), np.array([0.0, 1.2 * np.sin(1.5)])).round(12)
    array([0.9, 0. ])
    """
    return numeric(TERRAIN, VARIABLES)(x, y)


def height_gradient(x: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    """Return the gradient (dh/dx, dh/dy) of the height at (x, y), vectorised.

    The hiker's steepest way down is minus this vector.

    Parameters
    ----------
    x, y
        Coordinates: floats or arrays that broadcast together.

    Returns
    -------
    numpy.ndarray
        Shape (..., 2): the gradient at each point, components last (like
        ``DescentPath.gradients``).

    Examples
    --------
    >>> height_gradient(0.0, 0.0)
    array([-1.2,  0. ])
    >>> height_gradient(np.array([0.0, 1.5, 3.0]), 0.0).shape
    (3, 2)
    """
    return np.moveaxis(numeric_vector(_SLOPE, VARIABLES)(x, y), 0, -1)


def hiker_path(
    start: tuple[float, float] = HIKER_START,
    learning_rate: float = HIKER_LEARNING_RATE,
    tolerance: float = HIKER_TOLERANCE,
) -> DescentPath:
    """Return the hiker's walk: gradient descent on the terrain from ``start``.

    With the defaults the walk goes down the western wall, turns into the valley and
    follows its floor to the shelter in about twenty steps.

    Parameters
    ----------
    start
        The starting point (x, y).
    learning_rate
        The step is ``learning_rate`` times the gradient.
    tolerance
        Stop when the step or the gradient is shorter than this.

    Returns
    -------
    DescentPath
        Points, heights and gradients of every step.

    Examples
    --------
    >>> path = hiker_path()
    >>> path.converged
    True
    >>> bool(np.all(np.diff(path.values) < 0))
    True
    """
    return gradient_descent(
        TERRAIN, VARIABLES, start, learning_rate, tolerance=tolerance
    )
