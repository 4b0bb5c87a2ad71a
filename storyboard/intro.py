"""Chapter 1, introduction to optimization: the numbers of its two scenes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from mathviz.calculus import NumericFunction, numeric
from mathviz.descent import DescentPath
from mathviz.expressions import as_expression
from mathviz.extrema import CriticalPoint, critical_points
from mathviz.regression import Dataset, fit_by_descent, make_dataset
from mathviz.reinforcement import BanditRun, train_bandit

__all__ = [
    "OptimizationStory",
    "WhyStory",
    "what_is_optimization",
    "why_optimization_matters",
]


@dataclass(frozen=True)
class OptimizationStory:
    """A curve with its exact maximum and minimum, and its reflection ``-f``.

    Attributes
    ----------
    function
        ``f`` (exact).
    x_range
        The stretch of the curve on show; the dots start sliding from its ends.
    maximum, minimum
        The critical points of ``f`` in ``x_range``: its local maximum and minimum,
        which are also its largest and smallest values there.
    reflected_minimum
        The minimum of ``-f``, found on its own: at the maximum's x, with value
        ``-max f`` (max f = -min(-f)).
    """

    function: sympy.Expr
    x_range: tuple[float, float]
    maximum: CriticalPoint
    minimum: CriticalPoint
    reflected_minimum: CriticalPoint

    @property
    def f(self) -> NumericFunction:
        """``f`` as a vectorised numpy function."""
        return numeric(self.function)

    @property
    def reflected(self) -> NumericFunction:
        """``-f`` as a vectorised numpy function."""
        return numeric(-self.function)


def _only(points: tuple[CriticalPoint, ...], kind: str) -> CriticalPoint:
    """The one critical point of the given kind."""
    (point,) = (p for p in points if p.kind == kind)
    return point


def what_is_optimization() -> OptimizationStory:
    """Return the numbers of ``WhatIsOptimization``: f = x^3 - 6x^2 + 9x + 3 on [0.25, 3.75].

    Examples
    --------
    >>> story = what_is_optimization()
    >>> story.maximum.point, story.minimum.point
    ((1.0, 7.0), (3.0, 3.0))
    """
    function = as_expression("x^3 - 6*x^2 + 9*x + 3")
    x_range = (0.25, 3.75)
    points = critical_points(function, x_range)
    return OptimizationStory(
        function=function,
        x_range=x_range,
        maximum=_only(points, "maximum"),
        minimum=_only(points, "minimum"),
        reflected_minimum=_only(critical_points(-function, x_range), "minimum"),
    )


@dataclass(frozen=True, eq=False)
class WhyStory:
    """Two optimizations at work in machine learning.

    Attributes
    ----------
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


def why_optimization_matters() -> WhyStory:
    """Return the numbers of ``WhyOptimizationMatters``.

    Forty iterations of gradient descent at learning rate 0.03 on the default
    regression data, and the default seeded bandit (100 episodes).

    Examples
    --------
    >>> story = why_optimization_matters()
    >>> story.iterations, bool(story.fit.values[-1] < story.fit.values[0])
    (40, True)
    """
    data = make_dataset()
    return WhyStory(
        data=data,
        fit=fit_by_descent(data.x, data.y, learning_rate=0.03, max_steps=40),
        bandit=train_bandit(),
    )
