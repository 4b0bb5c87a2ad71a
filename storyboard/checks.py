"""Checks the stories share: is a function defined where a scene draws it, is a point inside."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy

from mathviz.calculus import numeric
from storyboard.options import StoryError

__all__ = ["as_text", "exact", "finite_on", "inside"]

SAMPLES = 201
"""Points per axis at which a function is checked over the region it is drawn on."""


def finite_on(
    function: sympy.Expr,
    variables: Sequence[str],
    ranges: Sequence[tuple[float, float]],
    option: str = "function",
) -> np.ndarray:
    """The function's values on a grid over ``ranges``, checked to be finite and real.

    Raises
    ------
    StoryError
        Naming ``option``, where f is undefined or infinite somewhere in the region.
    """
    axes = [np.linspace(low, high, SAMPLES) for low, high in ranges]
    grid = np.meshgrid(*axes, indexing="ij")
    with np.errstate(all="ignore"):
        try:
            values = np.asarray(numeric(function, variables)(*grid), dtype=float)
        except (TypeError, ValueError):  # complex values
            values = np.full(grid[0].shape, np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        where = tuple(
            float(axis[index])
            for axis, index in zip(grid, np.argwhere(bad)[0], strict=True)
        )
        at = ", ".join(
            f"{name} = {value:.3g}"
            for name, value in zip(variables, where, strict=True)
        )
        region = " x ".join(f"[{low:g}, {high:g}]" for low, high in ranges)
        raise StoryError(
            option,
            f"f = {as_text(function)} is not a finite real number at {at}; choose a function "
            f"defined everywhere on {region}",
        )
    return values


def inside(
    point: Sequence[float],
    ranges: Sequence[tuple[float, float]],
    option: str,
    region: str,
) -> None:
    """Check that ``point`` lies inside the box ``ranges``.

    Raises
    ------
    StoryError
        Naming ``option`` and the ``region`` (the options that set the box).
    """
    if not all(
        low <= value <= high for value, (low, high) in zip(point, ranges, strict=True)
    ):
        box = " x ".join(f"[{low:g}, {high:g}]" for low, high in ranges)
        raise StoryError(
            option,
            f"{list(point)} is outside the region {box} ({region}); move it inside",
        )


def exact(values: Sequence[float]) -> tuple[sympy.Expr, ...]:
    """Decimals as the exact rationals they print as (0.3 is 3/10).

    Examples
    --------
    >>> exact((1.0, -0.25))
    (1, -1/4)
    """
    return tuple(sympy.nsimplify(value, rational=True) for value in values)


def as_text(expression: sympy.Expr) -> str:
    """A formula as a manifest would write it, for messages: ``x^3/3 - x``.

    Examples
    --------
    >>> as_text(sympy.Symbol("x") ** 3 / 3)
    'x^3/3'
    """
    return sympy.sstr(expression).replace("**", "^")
