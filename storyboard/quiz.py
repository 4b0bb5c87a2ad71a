"""Chapter 5, the quiz: the slides' two questions and the numbers that answer them.

Both answers are derived, not typed: each choice names the behaviours of gradient
descent (:class:`mathviz.descent.Regime`) it claims, and the answer is the choice that
mathviz's runs on the lecture's parabola support.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import gradient
from mathviz.descent import (
    Regime,
    classify_learning_rate,
    curvature,
    representative_rates,
    stability_limit,
    steps_to_converge,
)
from mathviz.expressions import as_expression

__all__ = [
    "HighRateStory",
    "SlowConvergenceStory",
    "high_learning_rate",
    "slow_convergence",
]

FUNCTION = "x^2"
"""The parabola both questions are answered on (curvature L = 2)."""
START = (1.0,)
TOLERANCE = 1e-6
"""Converged when ``|f'(x)|`` is at most this."""


@dataclass(frozen=True)
class SlowConvergenceStory:
    """The question whether a too small learning rate makes descent converge slowly.

    Attributes
    ----------
    question, choices
        The quiz card's text.
    answer
        Index of the right choice: "True" exactly when every smaller rate needed
        more steps than the next larger one.
    function, start, tolerance
        The descent runs: f, the starting x, and when a run has converged.
    rates
        The learning rates compared (multiples of 1/L), increasing.
    steps
        Steps each rate needs to converge.
    regimes
        mathviz's verdict on each rate (too small or good).
    """

    question: str
    choices: tuple[str, ...]
    answer: int
    function: sympy.Expr
    start: float
    tolerance: float
    rates: tuple[float, ...]
    steps: tuple[int, ...]
    regimes: tuple[Regime, ...]


def slow_convergence() -> SlowConvergenceStory:
    """Return the numbers of ``QuizSlowConvergence``: steps to converge on x^2 by rate."""
    function = as_expression(FUNCTION)
    L = curvature(function, "x")
    rates = tuple(multiple / L for multiple in (0.02, 0.04, 0.1, 0.2, 0.4, 0.8))
    steps = tuple(
        steps_to_converge(function, "x", START, rate, 10_000, TOLERANCE)
        for rate in rates
    )
    if None in steps:
        raise ValueError(f"a rate among {rates} does not converge on {function}")
    slower_when_smaller = all(a > b for a, b in pairwise(steps))
    choices = ("True", "False")
    return SlowConvergenceStory(
        question=(
            "If the learning rate is too small, "
            "gradient descent will converge very slowly?"
        ),
        choices=choices,
        answer=choices.index("True" if slower_when_smaller else "False"),
        function=function,
        start=START[0],
        tolerance=TOLERANCE,
        rates=rates,
        steps=steps,
        regimes=tuple(
            classify_learning_rate(function, "x", START, rate) for rate in rates
        ),
    )


#: The second question's choices, each with the behaviours it claims for a high rate.
HIGH_RATE_CHOICES: tuple[tuple[str, frozenset[Regime]], ...] = (
    ("It reaches the minimum faster", frozenset({Regime.GOOD})),
    (
        "It overshoots the minimum and can diverge",
        frozenset({Regime.OSCILLATING, Regime.DIVERGING}),
    ),
    ("It slows down to a crawl", frozenset({Regime.TOO_SMALL})),
    ("Nothing: the step size does not matter", frozenset()),
)


@dataclass(frozen=True, eq=False)
class HighRateStory:
    """The question what a too high learning rate does, and the 2/L limit.

    Each step multiplies the distance to the minimum of a quadratic by
    ``|1 - L rate|``: past 1/L the iterate jumps over the minimum, past 2/L the
    distance grows.

    Attributes
    ----------
    question, choices
        The quiz card's text.
    answer
        Index of the right choice: the one whose behaviours include mathviz's
        verdict on every rate in ``high_rates``.
    function, start
        The descent runs: f and the starting x.
    curvature
        L, the curvature of f.
    limit
        2/L, the stability limit.
    high_rates
        Rates above 1/L ("too high"), each checked by a descent run.
    verdicts
        mathviz's verdict on each of ``high_rates``.
    rates
        Learning rates from 0 to 1.5 times the limit, where the scene plots
        :meth:`factor`.
    examples
        One rate per behaviour (too small, good, oscillating, diverging).
    """

    question: str
    choices: tuple[str, ...]
    answer: int
    function: sympy.Expr
    start: float
    curvature: float
    limit: float
    high_rates: tuple[float, ...]
    verdicts: tuple[Regime, ...]
    rates: np.ndarray
    examples: dict[Regime, float]

    def factor(self, rate: npt.ArrayLike) -> float | np.ndarray:
        """By how much one descent step from the start multiplies ``|f'|``.

        For a quadratic that is the factor ``|1 - L rate|`` by which every step
        multiplies the distance to the minimum. ``rate`` may be an array.
        """
        (slope,) = gradient(self.function, "x", at=[self.start])
        after = self.start - np.asarray(rate, dtype=float) * slope
        ratio = np.abs(
            gradient(self.function, "x", at=after[..., None])[..., 0] / slope
        )
        return float(ratio) if ratio.ndim == 0 else ratio


def high_learning_rate() -> HighRateStory:
    """Return the numbers of ``QuizHighLearningRate``: the 2/L limit on x^2."""
    function = as_expression(FUNCTION)
    L = curvature(function, "x")
    limit = stability_limit(function, "x")
    high_rates = tuple(multiple / L for multiple in (1.2, 1.5, 1.8, 2.2, 2.6, 3.0))
    verdicts = tuple(
        classify_learning_rate(function, "x", START, rate) for rate in high_rates
    )
    answer = next(
        (
            k
            for k, (_, claimed) in enumerate(HIGH_RATE_CHOICES)
            if set(verdicts) <= claimed
        ),
        None,
    )
    if answer is None:
        raise ValueError(f"no choice fits the verdicts {verdicts} on {function}")
    return HighRateStory(
        question="What happens if the learning rate is too high?",
        choices=tuple(text for text, _ in HIGH_RATE_CHOICES),
        answer=answer,
        function=function,
        start=START[0],
        curvature=L,
        limit=limit,
        high_rates=high_rates,
        verdicts=verdicts,
        rates=np.linspace(0.0, 1.5 * limit, 121),
        examples=representative_rates(function, "x", START),
    )
