"""The quiz cards reveal the answers mathviz's numbers support, and show those numbers.

Gradient descent on f = x^2 from x0 is exact: x_k = (1 - 2 rate)^k x0. The tests derive
each answer from that closed form, so they fail if the lecture's numbers stop
supporting the answer the scene reveals.
"""

import math
from itertools import pairwise

import numpy as np
import pytest

from mathviz.descent import Regime
from scenes import style
from scenes.quiz import QuizHighLearningRate, QuizSlowConvergence
from scenes.widgets.cards import QuizCard
from tests.scenes.helpers import built_once, to_axes

CURVATURE = 2.0  # of f = x^2
X0 = 1.0
TOLERANCE = 1e-6  # on |f'(x)| = 2 |x|


def closed_form_steps(rate: float) -> int:
    """Smallest k with |f'(x_k)| = 2 |1 - 2 rate|^k |x0| <= TOLERANCE."""
    return math.ceil(math.log(TOLERANCE / (2 * X0)) / math.log(abs(1 - 2 * rate)))


def revealed(card: QuizCard) -> list[int]:
    """Indices of the choices marked right: green outline."""
    return [
        k
        for k, choice in enumerate(card.choices)
        if choice[0].get_stroke_color() == style.RISING
    ]


@pytest.fixture
def slow(construct):
    return built_once(construct, QuizSlowConvergence)


@pytest.fixture
def high(construct):
    return built_once(construct, QuizHighLearningRate)


def test_slow_quiz_reveals_true_because_smaller_rates_need_more_steps(slow):
    data = slow.story
    expected = [closed_form_steps(rate) for rate in data.rates]
    assert list(data.steps) == expected
    assert list(data.rates) == sorted(data.rates)
    slower_when_smaller = all(a > b for a, b in pairwise(expected))
    assert slower_when_smaller
    assert expected[0] > 50 * expected[-1]  # "very slowly": fifty times the steps
    assert revealed(slow.card) == [data.choices.index("True")]


def test_slow_quiz_bars_are_the_step_counts(slow):
    chart, data = slow.chart, slow.story
    assert len(chart.bars) == len(data.steps)
    for k, (bar, steps, count) in enumerate(
        zip(chart.bars, data.steps, slow.counts, strict=True)
    ):
        (bottom, top) = to_axes(chart, np.array([bar.get_bottom(), bar.get_top()]))
        assert top[1] == pytest.approx(steps, rel=1e-6)
        assert bottom[1] == pytest.approx(0, abs=1e-6)
        assert top[0] == pytest.approx(k + 0.5)
        assert count.original_text == str(steps)
    names = [label.tex_string for label in chart.x_axis.labels]
    assert [float(name) for name in names] == pytest.approx(data.rates)
    # The bar colours are mathviz's verdicts: too small below 1/L with 200 steps.
    for rate, regime in zip(data.rates, data.regimes, strict=True):
        too_slow = closed_form_steps(rate) > 200
        assert regime is (Regime.TOO_SMALL if too_slow else Regime.GOOD)


def test_high_quiz_reveals_overshoot_and_divergence(high):
    data = high.story
    limit = 2 / CURVATURE
    assert data.curvature == pytest.approx(CURVATURE)
    assert data.limit == pytest.approx(limit)
    # Every rate above 1/L jumps over the minimum (1 - 2 rate < 0); past 2/L the
    # distance to it grows (|1 - 2 rate| > 1): the verdicts mathviz gives.
    for rate, verdict in zip(data.high_rates, data.verdicts, strict=True):
        factor = 1 - CURVATURE * rate
        assert factor < 0
        assert verdict is (Regime.DIVERGING if abs(factor) > 1 else Regime.OSCILLATING)
    assert {Regime.OSCILLATING, Regime.DIVERGING} <= set(data.verdicts)
    (answer,) = revealed(high.card)
    text = data.choices[answer]
    assert "overshoots" in text
    assert "diverge" in text


def test_high_quiz_plot_is_the_step_factor_and_the_limit(high):
    data, axes = high.story, high.axes
    curve = to_axes(axes, high.curve["line_graph"].get_anchors())
    np.testing.assert_allclose(
        curve[:, 1], np.abs(1 - CURVATURE * curve[:, 0]), atol=1e-9
    )
    assert curve[:, 0].min() == pytest.approx(0)
    assert curve[:, 0].max() > 2 / CURVATURE
    line = to_axes(
        axes, np.array([high.limit_line.get_start(), high.limit_line.get_end()])
    )
    np.testing.assert_allclose(line[:, 0], 2 / CURVATURE, atol=1e-9)
    dots = to_axes(axes, np.array([dot.get_center() for dot in high.dots]))
    rates = list(data.examples.values())
    np.testing.assert_allclose(dots[:, 0], rates, atol=1e-9)
    np.testing.assert_allclose(
        dots[:, 1], np.abs(1 - CURVATURE * np.array(rates)), atol=1e-9
    )


def test_quiz_card_without_choices_counts_down_and_reveals():
    card = QuizCard("Find the derivative of x^3.", seconds=2, width=5)
    assert len(card.choices) == 0
    assert card.countdown in card.submobjects
    card.reveal()
    assert card.countdown not in card.submobjects
    assert card.width == pytest.approx(5)


def test_quiz_card_marks_only_the_given_choice():
    card = QuizCard("Pick one.", ["a", "b", "c"], seconds=1, width=6)
    reveal = card.reveal(1)
    reveal.begin()
    reveal.finish()
    assert revealed(card) == [1]
    for k, choice in enumerate(card.choices):
        opacities = [
            part.get_fill_opacity() for part in choice[1].family_members_with_points()
        ]
        assert opacities == pytest.approx(
            [1.0 if k == 1 else QuizCard.DIMMED] * len(opacities)
        )
