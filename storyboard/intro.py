"""Chapter 1, introduction to optimization: the stories of its two scenes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy

from mathviz.calculus import Function
from mathviz.descent import DescentPath
from mathviz.expressions import as_expression, as_text
from mathviz.extrema import CriticalPoint
from mathviz.regression import Dataset, fit_by_descent
from mathviz.reinforcement import BanditRun, train_bandit
from storyboard.checks import flat_tangents
from storyboard.data import BANDIT, lecture_dataset
from storyboard.options import FormulaInX, Interval, Line, StoryError

__all__ = [
    "OptimizationStory",
    "WhyStory",
    "what_is_optimization",
    "why_optimization_matters",
]


@dataclass(frozen=True)
class OptimizationStory:
    """A curve with its highest and lowest points, and its reflection ``-f``.

    Attributes
    ----------
    title
        The scene's title.
    function
        ``f`` (exact).
    x_range
        The stretch of the curve on show; the dots start sliding from its ends.
    maximum, minimum
        The local maximum and minimum of ``f`` in ``x_range`` that are also its
        largest and smallest values there.
    reflected_minimum
        The minimum of ``-f``, found on its own: at the maximum's x, with value
        ``-max f`` (max f = -min(-f)).
    """

    title: str
    function: sympy.Expr
    x_range: tuple[float, float]
    maximum: CriticalPoint
    minimum: CriticalPoint
    reflected_minimum: CriticalPoint

    @cached_property
    def f(self) -> Function:
        """``f`` as a function value: call it on floats or arrays."""
        return Function(self.function)

    @cached_property
    def reflected(self) -> Function:
        """``-f`` as a function value."""
        return Function(-self.function)


def _extreme(
    function: sympy.Expr, x_range: tuple[float, float], kind: str
) -> CriticalPoint:
    """The local extremum of ``kind`` that is f's extreme value on ``x_range``.

    Raises
    ------
    StoryError
        If f has no such local extremum inside the range, or a value of f at an end
        of the range goes past it (then "max f" would not be at the point shown).
    """
    points = flat_tangents(function, x_range)
    sign = 1 if kind == "maximum" else -1
    candidates = [p for p in points if p.kind == kind and x_range[0] < p.x < x_range[1]]
    if not candidates:
        raise StoryError(
            "x_range",
            f"f = {as_text(function)} has no local {kind} inside {list(x_range)}; "
            "choose a function that rises and falls there, or widen x_range",
        )
    best = max(candidates, key=lambda p: sign * float(p.y))
    ends = Function(function)(np.array(x_range))
    if np.any(sign * ends > sign * float(best.y)):
        end = x_range[int(np.argmax(sign * ends))]
        raise StoryError(
            "x_range",
            f"f is {'larger' if sign > 0 else 'smaller'} at x = {end:g} than at its "
            f"local {kind} (x = {float(best.x):.4g}): narrow x_range to the hump",
        )
    return best


def what_is_optimization(
    *,
    title: Line = "What is optimization?",
    function: FormulaInX = "x^3 - 6*x^2 + 9*x + 3",
    x_range: Interval = (0.25, 3.75),
) -> OptimizationStory:
    """Return what ``WhatIsOptimization`` shows: a curve's exact maximum and minimum.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x): needs a local maximum and a local minimum inside x_range that are its largest and smallest values there.
    x_range
        The stretch of the curve on show.

    Examples
    --------
    >>> story = what_is_optimization()
    >>> story.maximum.point, story.minimum.point
    ((1.0, 7.0), (3.0, 3.0))
    """
    expression = as_expression(function)
    return OptimizationStory(
        title=title,
        function=expression,
        x_range=x_range,
        maximum=_extreme(expression, x_range, "maximum"),
        minimum=_extreme(expression, x_range, "minimum"),
        reflected_minimum=_extreme(-expression, x_range, "minimum"),
    )


@dataclass(frozen=True, eq=False)
class WhyStory:
    """Two optimizations at work in machine learning.

    Attributes
    ----------
    title
        The scene's title.
    data
        The lecture's seeded regression data.
    fit
        Gradient descent on the mean squared error of the line y = a x + b from
        (a, b) = (0, 0): ``fit.points[k]`` is the line after k iterations and
        ``fit.values[k]`` its loss (the loss curve).
    bandit
        The seeded two-armed bandit learner; ``bandit.smoothed`` is its average
        reward per episode (the reward curve).
    """

    title: str
    data: Dataset
    fit: DescentPath
    bandit: BanditRun

    @property
    def iterations(self) -> int:
        """The number of descent iterations shown."""
        return self.fit.steps

    @property
    def episodes(self) -> np.ndarray:
        """The episode numbers 1, 2, ... of the reward curve."""
        return np.arange(1, self.bandit.episodes + 1)


def why_optimization_matters(
    *, title: Line = "Why optimization matters in ML"
) -> WhyStory:
    """Return what ``WhyOptimizationMatters`` shows.

    Forty iterations of gradient descent at learning rate 0.03 on the lecture's
    regression data, and the lecture's seeded bandit (100 episodes).

    Parameters
    ----------
    title
        The scene's title.

    Examples
    --------
    >>> story = why_optimization_matters()
    >>> story.iterations, bool(story.fit.values[-1] < story.fit.values[0])
    (40, True)
    """
    data = lecture_dataset()
    return WhyStory(
        title=title,
        data=data,
        fit=fit_by_descent(data.x, data.y, learning_rate=0.03, max_steps=40),
        bandit=train_bandit(**BANDIT),
    )
