"""Chapter 5, the quiz: two questions and the numbers that back their answers.

The questions, choices and answers are the lecture's text (options); the evidence
shown after each reveal is computed: steps to converge against the learning rate,
and the factor |1 - L alpha| by which each step multiplies the distance to the
minimum, on the parabola x^2.
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
from storyboard.options import Line, StoryError

__all__ = [
    "HighRateStory",
    "SlowConvergenceStory",
    "quiz_high_learning_rate",
    "quiz_slow_convergence",
]

FUNCTION = "x^2"
"""The parabola both questions are answered on (curvature L = 2)."""
START = (1.0,)
TOLERANCE = 1e-6
"""Converged when ``|f'(x)|`` is at most this."""


@dataclass(frozen=True)
class SlowConvergenceStory:
    """A question on small learning rates, and the steps each rate needs.

    Attributes
    ----------
    title
        The scene's title.
    question, choices
        The quiz card's text.
    answer
        Index of the right choice.
    slower_when_smaller
        Whether every smaller rate needed more steps than the next larger one.
    function, start, tolerance
        The descent runs: f, the starting x, and when a run has converged.
    rates
        The learning rates compared (multiples of 1/L), increasing.
    steps
        Steps each rate needs to converge.
    regimes
        mathviz's verdict on each rate (too small or good).
    """

    title: str
    question: str
    choices: tuple[str, ...]
    answer: int
    slower_when_smaller: bool
    function: sympy.Expr
    start: float
    tolerance: float
    rates: tuple[float, ...]
    steps: tuple[int, ...]
    regimes: tuple[Regime, ...]


MAX_CHOICES = 4
"""The most choices a quiz card holds."""


def _answer_index(choices: tuple[str, ...], answer: str) -> int:
    """Where ``answer`` is among ``choices``, checked."""
    if not 2 <= len(choices) <= MAX_CHOICES or len(set(choices)) != len(choices):
        raise StoryError(
            "choices", f"give 2 to {MAX_CHOICES} different choices, got {list(choices)}"
        )
    if answer not in choices:
        raise StoryError(
            "answer", f"{answer!r} is not one of the choices {list(choices)}; copy one"
        )
    return choices.index(answer)


def quiz_slow_convergence(
    *,
    title: Line = "Quiz: a small learning rate",
    question: Line = (
        "If the learning rate is too small, gradient descent will converge very slowly?"
    ),
    choices: tuple[Line, ...] = ("True", "False"),
    answer: Line = "True",
) -> SlowConvergenceStory:
    """Return what ``QuizSlowConvergence`` shows: a question, then steps to converge by rate.

    Parameters
    ----------
    title
        The scene's title.
    question
        The question on the card.
    choices
        The possible answers (2 to 4), lettered A, B, ...
    answer
        The right answer: one of the choices, word for word.

    Examples
    --------
    >>> story = quiz_slow_convergence()
    >>> story.choices[story.answer], story.slower_when_smaller
    ('True', True)
    """
    index = _answer_index(choices, answer)
    function = as_expression(FUNCTION)
    L = curvature(function, "x")
    rates = tuple(multiple / L for multiple in (0.02, 0.04, 0.1, 0.2, 0.4, 0.8))
    steps: list[int] = []
    for rate in rates:
        count = steps_to_converge(function, "x", START, rate, 10_000, TOLERANCE)
        if count is None:
            raise ValueError(f"a rate among {rates} does not converge on {function}")
        steps.append(count)
    return SlowConvergenceStory(
        title=title,
        question=question,
        choices=choices,
        answer=index,
        slower_when_smaller=all(a > b for a, b in pairwise(steps)),
        function=function,
        start=START[0],
        tolerance=TOLERANCE,
        rates=rates,
        steps=tuple(steps),
        regimes=tuple(
            classify_learning_rate(function, "x", START, rate) for rate in rates
        ),
    )


@dataclass(frozen=True, eq=False)
class HighRateStory:
    """The question what a too high learning rate does, and the 2/L limit.

    Each step multiplies the distance to the minimum of a quadratic by
    ``|1 - L rate|``: past 1/L the iterate jumps over the minimum, past 2/L the
    distance grows.

    Attributes
    ----------
    title
        The scene's title.
    question, choices
        The quiz card's text.
    answer
        Index of the right choice.
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

    title: str
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


def quiz_high_learning_rate(
    *,
    title: Line = "Quiz: a large learning rate",
    question: Line = "What happens if the learning rate is too high?",
    choices: tuple[Line, ...] = (
        "It reaches the minimum faster",
        "It overshoots the minimum and can diverge",
        "It slows down to a crawl",
        "Nothing: the step size does not matter",
    ),
    answer: Line = "It overshoots the minimum and can diverge",
) -> HighRateStory:
    """Return what ``QuizHighLearningRate`` shows: a question, then the 2/L limit on x^2.

    Parameters
    ----------
    title
        The scene's title.
    question
        The question on the card.
    choices
        The possible answers (2 to 4), lettered A, B, ...
    answer
        The right answer: one of the choices, word for word.

    Examples
    --------
    >>> story = quiz_high_learning_rate()
    >>> story.answer, sorted({verdict.value for verdict in story.verdicts})
    (1, ['diverging', 'oscillating'])
    """
    index = _answer_index(choices, answer)
    function = as_expression(FUNCTION)
    L = curvature(function, "x")
    limit = stability_limit(function, "x")
    high_rates = tuple(multiple / L for multiple in (1.2, 1.5, 1.8, 2.2, 2.6, 3.0))
    return HighRateStory(
        title=title,
        question=question,
        choices=choices,
        answer=index,
        function=function,
        start=START[0],
        curvature=L,
        limit=limit,
        high_rates=high_rates,
        verdicts=tuple(
            classify_learning_rate(function, "x", START, rate) for rate in high_rates
        ),
        rates=np.linspace(0.0, 1.5 * limit, 121),
        examples=representative_rates(function, "x", START),
    )
