"""Chapter 5, the quiz: two questions and the numbers that back their answers.

The questions, choices and answers are the lecture's text (options). The evidence
shown after each reveal is computed on the quiz's bowl, a parabola f (option
``function``) of curvature L, by gradient descent from one unit right of its
minimum: steps to converge against the learning rate, and the factor |1 - L alpha|
by which each step multiplies the distance to the minimum.

When every choice is a number, each choice is a learning rate: mathviz judges each
one, and the answer must be the one choice that the question's verdict singles out
(too small for the first question, diverging for the second).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import gradient
from mathviz.descent import (
    Parabola,
    Regime,
    classify_learning_rate,
    parabola,
    representative_rates,
    steps_to_converge,
)
from mathviz.expressions import as_expression, as_text
from storyboard.options import FormulaInX, Line, StoryError

__all__ = [
    "HighRateStory",
    "QuizStory",
    "SlowConvergenceStory",
    "quiz_high_learning_rate",
    "quiz_slow_convergence",
]

TOLERANCE = 1e-6
"""Converged when ``|f'(x)|`` is at most this."""
MAX_STEPS = 200
"""The verdicts' budget: a rate still crawling after this many steps is too small."""
STEP_BUDGET = 10_000
"""The most steps the first question's chart counts."""
FLATTEST = 1e-3
"""The least curvature L of a bowl: flatter, every run starts as good as converged."""
SLOW_MULTIPLES = (0.02, 0.04, 0.1, 0.2, 0.4, 0.8)
"""The first question's rates as multiples of 1/L, when its choices are not rates."""
MAX_CHOICES = 4
"""The most choices a quiz card holds."""
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True, eq=False)
class QuizStory:
    """What both questions show: the card, the bowl, and the choices as learning rates.

    Attributes
    ----------
    title
        The scene's title.
    question, choices
        The quiz card's text.
    answer
        Index of the right choice.
    function
        f(x), the bowl the evidence is computed on: a parabola (exact).
    minimum
        x*, where f is lowest.
    start
        x0 = x* + 1, where every descent run starts.
    L
        The curvature f'' of the bowl.
    two_over_L
        2/L, the stability limit: past it every step lands farther from x*.
    tolerance, max_steps
        The verdicts' rule: a run converges when ``|f'|`` falls to ``tolerance``;
        one still crawling after ``max_steps`` steps is too small.
    choice_rates
        Each choice read as a learning rate, when every choice is a number;
        empty otherwise.
    choice_verdicts
        mathviz's verdict on each of ``choice_rates``.
    finding
        The sentence the evidence ends on, with its numbers.
    """

    title: str
    question: str
    choices: tuple[str, ...]
    answer: int
    function: sympy.Expr
    minimum: float
    start: float
    L: float
    two_over_L: float
    tolerance: float
    max_steps: int
    choice_rates: tuple[float, ...]
    choice_verdicts: tuple[Regime, ...]
    finding: str


@dataclass(frozen=True, eq=False)
class SlowConvergenceStory(QuizStory):
    """A question on small learning rates, and the steps each rate needs.

    Attributes
    ----------
    rates
        The learning rates of the chart's bars: the choices when they are rates,
        otherwise multiples of 1/L, increasing.
    names
        The bars' names: the choices, or the rates as numbers.
    steps
        Steps each rate needs to converge (``None``: it diverges).
    counts
        What each bar's count reads: its steps, or that it diverges.
    regimes
        mathviz's verdict on each rate.
    slower_when_smaller
        Whether, below 1/L, every smaller rate needed more steps than the next larger.
    """

    rates: tuple[float, ...]
    names: tuple[str, ...]
    steps: tuple[int | None, ...]
    counts: tuple[str, ...]
    regimes: tuple[Regime, ...]
    slower_when_smaller: bool


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


def _bowl(function: str) -> tuple[sympy.Expr, Parabola]:
    """The quiz's bowl, checked: a parabola opening upwards, not nearly flat."""
    expression = as_expression(function)
    try:
        bowl = parabola(expression)
    except ValueError as error:
        raise StoryError(
            "function",
            f"f = {as_text(expression)}: {error}; write a bowl such as x^2 or "
            "2*(x - 1)^2",
        ) from None
    if bowl.curvature < FLATTEST:
        raise StoryError(
            "function",
            f"f = {as_text(expression)} is nearly flat (L = {bowl.curvature:.3g}): "
            f"every rate starts as good as converged; take a curvature L of at least "
            f"{FLATTEST:g}, e.g. x^2",
        )
    return expression, bowl


def _choice_rates(choices: tuple[str, ...]) -> tuple[float, ...]:
    """The choices as learning rates when every one is a number, else nothing."""
    if not all(_NUMBER.fullmatch(choice.strip()) for choice in choices):
        return ()
    rates = tuple(float(choice) for choice in choices)
    for choice, rate in zip(choices, rates, strict=True):
        if not 0 < rate < math.inf:
            raise StoryError(
                "choices",
                f"{choice!r} is not a learning rate (when every choice is a number, "
                "each is one); write a finite number above 0, e.g. 0.1",
            )
    return rates


def _verdicts(
    function: sympy.Expr, start: float, rates: tuple[float, ...]
) -> tuple[Regime, ...]:
    """The verdict of mathviz on each rate, by the quiz's rule."""
    return tuple(
        classify_learning_rate(function, "x", [start], rate, MAX_STEPS, TOLERANCE)
        for rate in rates
    )


def _check_singled_out(
    wanted: Regime,
    choices: tuple[str, ...],
    verdicts: tuple[Regime, ...],
    answer: int,
    function: sympy.Expr,
    bowl: Parabola,
) -> None:
    """Check that the answer is the one choice mathviz judges ``wanted``.

    Raises
    ------
    StoryError
        Naming ``answer`` and every verdict, with the fix.
    """
    found = [k for k, verdict in enumerate(verdicts) if verdict is wanted]
    if found == [answer]:
        return
    judged = ", ".join(
        f"{choice} {verdict.value}"
        for choice, verdict in zip(choices, verdicts, strict=True)
    )
    if len(found) == 1:
        fix = f"make the answer {choices[found[0]]!r}"
    elif found:
        fix = f"keep one {wanted.value} choice, not {len(found)}"
    else:
        example = representative_rates(
            function, "x", [bowl.minimum + 1], MAX_STEPS, TOLERANCE
        )[wanted]
        fix = f"make one choice {wanted.value}, e.g. {example:.3g}"
    raise StoryError(
        "answer",
        f"{choices[answer]!r} is not the one {wanted.value} rate: mathviz judges "
        f"{judged} on f = {as_text(function)} (L = {bowl.curvature:.3g}, 2/L = "
        f"{2 / bowl.curvature:.3g}); {fix}",
    )


def _asked(
    title: str,
    function: str,
    question: str,
    choices: tuple[str, ...],
    answer: str,
    singled_out: Regime,
) -> dict[str, Any]:
    """The fields of :class:`QuizStory` but ``finding``, checked.

    When the choices are rates, the answer must be the one judged ``singled_out``.
    """
    position = _answer_index(choices, answer)
    expression, bowl = _bowl(function)
    start = bowl.minimum + 1
    choice_rates = _choice_rates(choices)
    choice_verdicts = _verdicts(expression, start, choice_rates)
    if choice_rates:
        _check_singled_out(
            singled_out, choices, choice_verdicts, position, expression, bowl
        )
    return {
        "title": title,
        "question": question,
        "choices": choices,
        "answer": position,
        "function": expression,
        "minimum": bowl.minimum,
        "start": start,
        "L": bowl.curvature,
        "two_over_L": 2 / bowl.curvature,
        "tolerance": TOLERANCE,
        "max_steps": MAX_STEPS,
        "choice_rates": choice_rates,
        "choice_verdicts": choice_verdicts,
    }


def quiz_slow_convergence(
    *,
    title: Line = "Quiz: a small learning rate",
    function: FormulaInX = "x^2",
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
    function
        f(x), the bowl the steps are counted on: a parabola opening upwards, e.g. 2*(x - 1)^2 (runs start at its minimum + 1).
    question
        The question on the card.
    choices
        The possible answers (2 to 4), lettered A, B, ... When every choice is a number, each is a learning rate, and the chart shows the steps each one needs.
    answer
        The right answer: one of the choices, word for word. With rates as choices, it must be the only rate mathviz judges too small (not converged within 200 steps).

    Examples
    --------
    >>> story = quiz_slow_convergence()
    >>> story.choices[story.answer], story.slower_when_smaller, story.steps[-1]
    ('True', True, 10)
    >>> story = quiz_slow_convergence(choices=("0.001", "0.1"), answer="0.001")
    >>> [verdict.value for verdict in story.choice_verdicts], story.steps
    (['too small', 'good'], (7248, 66))
    """
    asked = _asked(title, function, question, choices, answer, Regime.TOO_SMALL)
    expression, start, L = asked["function"], asked["start"], asked["L"]
    if asked["choice_rates"]:
        rates, names = asked["choice_rates"], choices
        regimes = asked["choice_verdicts"]
    else:
        rates = tuple(float(f"{multiple / L:.2g}") for multiple in SLOW_MULTIPLES)
        names = tuple(f"{rate:g}" for rate in rates)
        regimes = _verdicts(expression, start, rates)
    steps = tuple(
        steps_to_converge(expression, "x", [start], rate, STEP_BUDGET, TOLERANCE)
        for rate in rates
    )
    for name, count, regime in zip(names, steps, regimes, strict=True):
        if count is None and regime is not Regime.DIVERGING:  # a choice, then
            raise StoryError(
                "choices",
                f"alpha = {name} needs more than {STEP_BUDGET} steps to converge on "
                f"f = {as_text(expression)}, more than the chart counts; choose a "
                f"rate farther from 0 and from 2/L = {2 / L:.3g}",
            )
    below = [
        count
        for rate, count in sorted(zip(rates, steps, strict=True), key=lambda r: r[0])
        if rate < 1 / L and count is not None
    ]
    if asked["choice_rates"]:
        finding = (
            f"Only α = {answer} is too small: it needs {steps[asked['answer']]} "
            f"steps, more than {MAX_STEPS}."
        )
    else:
        finding = (
            "The smaller the learning rate, the more steps it needs: "
            f"{steps[0]} at α = {names[0]}, {steps[-1]} at α = {names[-1]}."
        )
    return SlowConvergenceStory(
        **asked,
        finding=finding,
        rates=rates,
        names=names,
        steps=steps,
        counts=tuple("diverges" if count is None else str(count) for count in steps),
        regimes=regimes,
        slower_when_smaller=all(a > b for a, b in pairwise(below)),
    )


@dataclass(frozen=True, eq=False)
class HighRateStory(QuizStory):
    """The question what a too high learning rate does, and the 2/L limit.

    Each step multiplies the distance to the minimum of a parabola by
    ``|1 - L rate|``: past 1/L the iterate jumps over the minimum, past 2/L the
    distance grows.

    Attributes
    ----------
    high_rates
        Rates above 1/L ("too high"), each checked by a descent run.
    high_verdicts
        mathviz's verdict on each of ``high_rates``.
    rates
        Learning rates from 0 to 1.5 times 2/L (farther, to the largest choice
        and beyond, when the choices are rates), where the scene plots
        :meth:`factor`.
    examples
        One rate per behaviour (too small, good, oscillating, diverging), marked
        on the plot when the choices are not rates.
    """

    high_rates: tuple[float, ...]
    high_verdicts: tuple[Regime, ...]
    rates: np.ndarray
    examples: dict[Regime, float]

    def factor(self, rate: npt.ArrayLike) -> float | np.ndarray:
        """By how much one descent step from the start multiplies ``|f'|``.

        For a parabola that is the factor ``|1 - L rate|`` by which every step
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
    function: FormulaInX = "x^2",
    question: Line = "What happens if the learning rate is too high?",
    choices: tuple[Line, ...] = (
        "It reaches the minimum faster",
        "It overshoots the minimum and can diverge",
        "It slows down to a crawl",
        "Nothing: the step size does not matter",
    ),
    answer: Line = "It overshoots the minimum and can diverge",
) -> HighRateStory:
    """Return what ``QuizHighLearningRate`` shows: a question, then the 2/L limit.

    Parameters
    ----------
    title
        The scene's title.
    function
        f(x), the bowl whose curvature L sets the limit 2/L: a parabola opening upwards, e.g. 2*(x - 1)^2.
    question
        The question on the card.
    choices
        The possible answers (2 to 4), lettered A, B, ... When every choice is a number, each is a learning rate, marked on the plot with its verdict.
    answer
        The right answer: one of the choices, word for word. With rates as choices, it must be the only rate mathviz judges diverging (past 2/L).

    Examples
    --------
    >>> story = quiz_high_learning_rate()
    >>> story.answer, story.L, story.two_over_L
    (1, 2.0, 1.0)
    >>> story = quiz_high_learning_rate(
    ...     function="5*x^2", choices=("0.05", "0.25"), answer="0.25"
    ... )
    >>> story.two_over_L, [verdict.value for verdict in story.choice_verdicts]
    (0.2, ['good', 'diverging'])
    """
    asked = _asked(title, function, question, choices, answer, Regime.DIVERGING)
    expression, start, L = asked["function"], asked["start"], asked["L"]
    choice_rates = asked["choice_rates"]
    if choice_rates:
        finding = (
            f"Here L = {L:.3g} and 2/L = {2 / L:.3g}: only α = {answer} is past it, "
            "and diverges."
        )
    else:
        finding = (
            f"Here L = {L:.3g}: past 1/L = {1 / L:.3g} it jumps over the minimum; "
            f"past 2/L = {2 / L:.3g} every step takes it further away."
        )
    high_rates = tuple(multiple / L for multiple in (1.2, 1.5, 1.8, 2.2, 2.6, 3.0))
    return HighRateStory(
        **asked,
        finding=finding,
        high_rates=high_rates,
        high_verdicts=_verdicts(expression, start, high_rates),
        rates=np.linspace(0.0, max(3 / L, 1.15 * max(choice_rates, default=0)), 121),
        examples=representative_rates(expression, "x", [start], MAX_STEPS, TOLERANCE),
    )
