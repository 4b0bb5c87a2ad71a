"""Checks the stories share: is a function defined where a scene draws it, is a point inside."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy

from mathviz.contours import box_values
from mathviz.expressions import as_text, variable_names
from mathviz.extrema import CriticalPoint, TooManyCriticalPoints, critical_points
from storyboard.options import StoryError

__all__ = ["counted", "finite_on", "flat_tangents", "inside"]

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
        Naming ``option``, where f is undefined, infinite or beyond floating point
        somewhere in the region.
    """
    try:
        axes, values = box_values(function, variables, ranges, SAMPLES)
    except (TypeError, ValueError):  # no real value numpy can compute, from a corner on
        axes = tuple(np.array([low]) for low, _ in ranges)
        values = np.full((1,) * len(ranges), np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        first = tuple(np.argwhere(bad)[0])
        at = ", ".join(
            f"{name} = {axis[i]:.3g}"
            for name, axis, i in zip(
                variable_names(variables), axes, first, strict=True
            )
        )
        region = " x ".join(f"[{low:g}, {high:g}]" for low, high in ranges)
        what = (
            "is not a real number"
            if np.isnan(values[first])
            else "is infinite or too large to draw"
        )
        raise StoryError(
            option,
            f"f = {as_text(function)} {what} at {at}; choose a function defined and "
            f"of moderate size everywhere on {region}",
        )
    return values


def flat_tangents(
    function: sympy.Expr, x_range: tuple[float, float], option: str = "function"
) -> tuple[CriticalPoint, ...]:
    """The critical points of ``function`` in ``x_range``, exact and classified.

    Raises
    ------
    StoryError
        Naming ``option``, if there are too many to show or sympy cannot list or
        classify them (see :func:`mathviz.extrema.critical_points`).
    """
    try:
        return critical_points(function, x_range)
    except TooManyCriticalPoints as error:
        raise StoryError(
            option, f"{error}; narrow x_range or choose a slower function"
        ) from None
    except ValueError as error:
        raise StoryError(option, f"{error}; choose another function") from None


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


def counted(number: int, noun: str) -> str:
    """A count with its noun, singular or plural: ``1 step``, ``3 steps``.

    Examples
    --------
    >>> counted(1, "chapter"), counted(0, "scene")
    ('1 chapter', '0 scenes')
    """
    return f"{number} {noun}{'' if number == 1 else 's'}"
