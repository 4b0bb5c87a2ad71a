"""The quiz cards reveal the answers their bowl's numbers support, and show those numbers.

Gradient descent on f = a x^2 + b x + c is exact: with L = 2a and x* = -b / 2a,
x_k - x* = (1 - L rate)^k (x0 - x*), so from x0 = x* + 1 the slope is
|f'(x_k)| = L |1 - L rate|^k. The tests derive steps, verdicts and factors from that
closed form, for the default bowl and for steeper, shifted ones with rates as
choices, and check that the scenes draw them.
"""

import math

import numpy as np
import pytest
import sympy
from manim import DecimalNumber, VMobject

from mathviz.descent import Regime
from scenes import style
from scenes.quiz import QuizHighLearningRate, QuizSlowConvergence
from scenes.widgets.cards import QuizCard
from storyboard.theme import TEXT_CONTRAST, Theme, contrast
from tests.scenes.helpers import assert_inside_frame, built_once, to_axes

TOLERANCE = 1e-6  # on |f'(x)|
BUDGET = 200  # the verdicts' steps

STEEP = "2*(x - 1)^2"
"""A steeper, shifted bowl: L = 4, 2/L = 0.5, x* = 1."""
RATES = ["0.01", "0.2", "0.4", "0.6"]
"""Too small, good, oscillating and diverging on the steep bowl; on x^2 (2/L = 1)
none of them diverges."""
STEEP_SLOW = {
    "function": STEEP,
    "question": "Which learning rate is too small?",
    "choices": RATES,
    "answer": "0.01",
}
STEEP_HIGH = {
    "function": STEEP,
    "question": "Which learning rate makes gradient descent diverge?",
    "choices": RATES,
    "answer": "0.6",
}
NARROW = "10*x^2 + 4*x"
"""A narrow bowl: L = 20, 2/L = 0.1, x* = -0.2; its slowest rate needs over 800 steps."""
NARROW_SLOW = {
    "function": NARROW,
    "question": "Which learning rate is too small?",
    "choices": ["0.001", "0.02", "0.06", "0.12"],
    "answer": "0.001",
}
SHAPES = ["landscape", "portrait", "square"]


def bowl(formula: str) -> tuple[float, float]:
    """L and x* of a parabola, by sympy from the formula text."""
    x = sympy.Symbol("x")
    f = sympy.sympify(formula.replace("^", "**"))
    (lowest,) = sympy.solve(sympy.diff(f, x), x)
    return float(sympy.diff(f, x, 2)), float(lowest)


def closed_form_steps(L: float, rate: float) -> int | None:
    """Smallest k with L |1 - L rate|^k <= TOLERANCE; None when it never comes."""
    factor = abs(1 - L * rate)
    if factor >= 1:
        return None
    return max(0, math.ceil(math.log(TOLERANCE / L) / math.log(factor) - 1e-9))


def closed_form_verdict(L: float, rate: float) -> Regime:
    """Diverging past 2/L, oscillating past 1/L, else good or too small by steps."""
    factor = 1 - L * rate
    if abs(factor) > 1:
        return Regime.DIVERGING
    if factor < 0:
        return Regime.OSCILLATING
    steps = closed_form_steps(L, rate)
    return Regime.GOOD if steps is not None and steps <= BUDGET else Regime.TOO_SMALL


def revealed(card: QuizCard) -> list[int]:
    """Indices of the choices marked right: green outline."""
    return [
        k
        for k, choice in enumerate(card.choices)
        if choice[0].get_stroke_color() == style.RISING
    ]


def printed(number: DecimalNumber) -> str:
    """What an axis number reads on screen."""
    return number._get_num_string(number.number)


def crosses(box: VMobject, curve: np.ndarray) -> bool:
    """Whether the polyline ``curve`` (screen points) enters the box of ``box``."""
    low, high = box.get_corner([-1, -1, 0])[:2], box.get_corner([1, 1, 0])[:2]
    dense = np.concatenate(
        [np.linspace(a, b, 50) for a, b in zip(curve[:-1], curve[1:], strict=True)]
    )[:, :2]
    return bool(np.any(np.all((dense > low) & (dense < high), axis=1)))


@pytest.fixture
def slow(construct):
    return built_once(construct, QuizSlowConvergence)


@pytest.fixture
def high(construct):
    return built_once(construct, QuizHighLearningRate)


@pytest.fixture
def steep_slow(construct):
    return built_once(construct, QuizSlowConvergence, inputs=STEEP_SLOW)


@pytest.fixture
def narrow_slow(construct):
    return built_once(construct, QuizSlowConvergence, inputs=NARROW_SLOW)


@pytest.fixture
def steep_high(construct):
    return built_once(construct, QuizHighLearningRate, inputs=STEEP_HIGH)


def test_slow_quiz_reveals_true_because_smaller_rates_need_more_steps(slow):
    data = slow.story
    assert (data.L, data.minimum, data.start) == (2, 0, 1)
    expected = [closed_form_steps(2, rate) for rate in data.rates]
    assert list(data.steps) == expected
    assert list(data.rates) == sorted(data.rates)
    assert data.slower_when_smaller
    assert expected[0] > 50 * expected[-1]  # "very slowly": fifty times the steps
    assert revealed(slow.card) == [data.choices.index("True")]
    assert data.choice_rates == data.choice_verdicts == ()


@pytest.mark.parametrize(
    ("scene", "formula"),
    [("slow", "x^2"), ("steep_slow", STEEP), ("narrow_slow", NARROW)],
)
def test_slow_quiz_bars_are_the_step_counts(scene, formula, request):
    built = request.getfixturevalue(scene)
    chart, data = built.chart, built.story
    L, _ = bowl(formula)
    assert len(chart.bars) == len(data.rates)
    for k, (bar, rate, count) in enumerate(
        zip(chart.bars, data.rates, built.counts, strict=True)
    ):
        steps = closed_form_steps(L, rate)
        (bottom, top) = to_axes(chart, np.array([bar.get_bottom(), bar.get_top()]))
        assert top[1] == pytest.approx(steps or 0, abs=1e-6)
        assert bottom[1] == pytest.approx(0, abs=1e-6)
        assert top[0] == pytest.approx(k + 0.5)
        assert count.original_text == ("diverges" if steps is None else str(steps))
        # Each bar in the colour of its verdict, as the closed form gives it.
        assert bar.get_fill_color() == style.VERDICT[closed_form_verdict(L, rate)]
    names = [label.tex_string for label in chart.x_axis.labels]
    assert [float(name) for name in names] == pytest.approx(data.rates)
    # Ticks are round, and whole numbers read as whole numbers (800, not 800.0).
    ticks = [printed(number) for number in chart.y_axis.numbers]
    assert ticks and all(tick.isdigit() for tick in ticks), ticks


def test_slow_quiz_on_a_steeper_bowl_judges_each_rate_choice(steep_slow):
    data = steep_slow.story
    L, lowest = bowl(STEEP)
    assert (data.L, data.two_over_L, data.minimum, data.start) == pytest.approx(
        (L, 2 / L, lowest, lowest + 1)
    )
    rates = [float(choice) for choice in RATES]
    assert list(data.choice_rates) == rates
    assert list(data.choice_verdicts) == [closed_form_verdict(L, r) for r in rates]
    assert data.choice_verdicts == tuple(Regime)  # one of each, on this bowl
    # The bars are the choices, as the card letters them.
    assert list(data.names) == RATES
    assert revealed(steep_slow.card) == [0]
    # The finding says the answer's numbers.
    steps = closed_form_steps(L, 0.01)
    assert steps is not None and steps > BUDGET
    assert data.finding == (
        f"Only α = 0.01 is too small: it needs {steps} steps, more than {BUDGET}."
    )


def test_high_quiz_reveals_overshoot_and_divergence(high):
    data = high.story
    assert (data.L, data.two_over_L) == (2, 1)
    # Every rate above 1/L jumps over the minimum (1 - L rate < 0); past 2/L the
    # distance to it grows (|1 - L rate| > 1): the verdicts mathviz gives.
    for rate, verdict in zip(data.high_rates, data.high_verdicts, strict=True):
        assert 1 - 2 * rate < 0
        assert verdict is closed_form_verdict(2, rate)
    assert {Regime.OSCILLATING, Regime.DIVERGING} <= set(data.high_verdicts)
    (answer,) = revealed(high.card)
    text = data.choices[answer]
    assert "overshoots" in text
    assert "diverge" in text


@pytest.mark.parametrize(("scene", "formula"), [("high", "x^2"), ("steep_high", STEEP)])
def test_high_quiz_plot_is_the_step_factor_and_the_limit(scene, formula, request):
    built = request.getfixturevalue(scene)
    data, axes = built.story, built.axes
    L, _ = bowl(formula)
    assert (data.L, data.two_over_L) == pytest.approx((L, 2 / L))
    # The formula beside the plot shows this bowl's L and 2/L.
    facts = built.rule[1].get_tex_string()
    assert f"L = {L:g}" in facts
    assert rf"\tfrac{{2}}{{L}} = {2 / L:g}" in facts
    curve = to_axes(axes, built.curve["line_graph"].get_anchors())
    np.testing.assert_allclose(curve[:, 1], np.abs(1 - L * curve[:, 0]), atol=1e-9)
    assert curve[:, 0].min() == pytest.approx(0)
    assert curve[:, 0].max() > 2 / L
    line = to_axes(
        axes, np.array([built.limit_line.get_start(), built.limit_line.get_end()])
    )
    np.testing.assert_allclose(line[:, 0], 2 / L, atol=1e-9)
    dots = list(built.dots)
    rates = list(data.choice_rates or data.examples.values())
    centres = to_axes(axes, np.array([dot.get_center() for dot in dots]))
    np.testing.assert_allclose(centres[:, 0], rates, atol=1e-9)
    np.testing.assert_allclose(
        centres[:, 1], np.abs(1 - L * np.array(rates)), atol=1e-9
    )
    for dot, rate in zip(dots, rates, strict=True):
        assert dot.get_color() == style.VERDICT[closed_form_verdict(L, rate)]


def test_high_quiz_on_a_steeper_bowl_marks_each_choice_with_its_verdict(steep_high):
    data = steep_high.story
    L, _ = bowl(STEEP)
    rates = [float(choice) for choice in RATES]
    assert list(data.choice_verdicts) == [closed_form_verdict(L, r) for r in rates]
    # Only the answer diverges here; on the default x^2 it would be only oscillating.
    assert closed_form_verdict(L, 0.6) is Regime.DIVERGING
    assert closed_form_verdict(2.0, 0.6) is Regime.OSCILLATING
    assert revealed(steep_high.card) == [RATES.index("0.6")]
    assert (
        data.finding
        == "Here L = 4 and 2/L = 0.5: only α = 0.6 is past it, and diverges."
    )
    # Each dot carries its choice's letter, close by and clear of the curve.
    letters = [label.text for _, label in steep_high.marks]
    dots = list(steep_high.dots)
    assert [letter.original_text for letter in letters] == ["A", "B", "C", "D"]
    curve = steep_high.curve["line_graph"].get_anchors()
    for letter, dot in zip(letters, dots, strict=True):
        assert np.linalg.norm(letter.get_center() - dot.get_center()) < 0.6
        assert not crosses(letter, curve), letter.original_text
        assert letter.get_color() == dot.get_color()


def test_narration_says_the_bowls_numbers(steep_high, steep_slow):
    for scene in (steep_high, steep_slow):
        captions = [beat.caption for beat in scene.narration_beats]
        assert captions[-1] == scene.story.finding
    said = steep_high.narration_beats[-1].say
    assert "L equals 4" in said and "2 over L equals 0.5" in said


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("scene_class", "inputs"),
    [(QuizSlowConvergence, STEEP_SLOW), (QuizHighLearningRate, STEEP_HIGH)],
    ids=["slow", "high"],
)
def test_rate_choices_lay_out_in_every_shape(construct, scene_class, inputs, shape):
    scene = construct(scene_class, shape, inputs, inspect=True)
    assert not scene.findings, "\n".join(scene.findings)
    assert_inside_frame(scene)
    if scene_class is QuizHighLearningRate:  # the letters stay off the curve
        curve = scene.curve["line_graph"].get_anchors()
        letters = [label.text for _, label in scene.marks]
        assert len(letters) == len(RATES)
        assert not any(crosses(letter, curve) for letter in letters)


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
            [1.0 if k == 1 else card.dimmed] * len(opacities)
        )


def test_dimmed_choices_stay_readable_in_either_theme():
    for base in ("dark", "light"):
        style.use(Theme.shipped(base))
        opacity = QuizCard("Pick one.", ["a", "b"]).dimmed
        assert 0.65 <= opacity <= 1
        for colour in (style.TEXT, style.ACCENT):
            shown = (
                opacity * colour.to_rgb() + (1 - opacity) * style.BACKGROUND.to_rgb()
            )
            hex_shown = "#" + "".join(f"{round(255 * c):02x}" for c in shown)
            assert contrast(hex_shown, style.BACKGROUND.to_hex()) >= TEXT_CONTRAST
    style.use(Theme.shipped())
