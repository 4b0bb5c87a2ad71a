"""Every story of every lecture against sympy, closed forms and independent numerics.

The lectures' manifests give the options; each check rebuilds what the story should
hold from those options alone (sympy parses the trusted test text directly) and
compares.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import sympy

from lecture.project.manifest import load_lecture
from storyboard.catalog import tell

ROOT = Path(__file__).parents[2]
LECTURES = [ROOT / "lecture.toml", *sorted(ROOT.glob("lectures/*/lecture.toml"))]
ENTRIES = [entry for manifest in LECTURES for entry in load_lecture(manifest).scenes]
x, y = sympy.symbols("x y", real=True)


def told(name: str) -> list[tuple[dict, object]]:
    """Each lecture's inputs for the scene ``name`` and the story they tell."""
    found = [(e.inputs, tell(e.name, e.inputs)) for e in ENTRIES if e.name == name]
    assert len(found) >= 3, f"the three full lectures show {name}"
    return found


def formula(text: str) -> sympy.Expr:
    """The test's own reading of a (trusted) formula."""
    return sympy.sympify(text.replace("^", "**"), locals={"x": x, "y": y})


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.simplify(a - b) == 0


def test_the_lectures_differ():
    # The second lecture re-targets most scenes: options other than the defaults.
    by_name: dict[str, list[dict]] = {}
    for entry in ENTRIES:
        by_name.setdefault(entry.name, []).append(entry.inputs)
    changed = [
        name
        for name, inputs in by_name.items()
        if len(inputs) > 1 and inputs[0] != inputs[1]
    ]
    assert len(changed) >= 8


@pytest.mark.parametrize("case", told("TangentSlide"), ids=lambda c: c[0]["function"])
def test_tangent_slide_derivative_and_flat_tangents(case):
    inputs, story = case
    f = formula(inputs["function"])
    slope = sympy.diff(f, x)
    assert same(story.derivative, slope)
    low, high = inputs["x_range"]
    # every flat tangent in the open range (periodic functions have several)
    roots = sorted(
        float(r) for r in sympy.solveset(slope, x, sympy.Interval.open(low, high))
    )
    assert [float(p.x) for p in story.critical_points] == pytest.approx(roots)
    for point in story.critical_points:
        curvature = float(sympy.diff(f, x, 2).subs(x, point.x))
        assert point.kind == (
            "minimum" if curvature > 0 else "maximum" if curvature < 0 else "neither"
        )
        assert float(point.y) == pytest.approx(float(f.subs(x, point.x)))


def test_the_issues_example_three_flat_tangents():
    story = tell("TangentSlide", {"function": "x^4 - 2*x^2", "x_range": [-1.6, 1.6]})
    assert same(story.derivative, 4 * x**3 - 4 * x)
    assert [(int(p.x), p.kind) for p in story.critical_points] == [
        (-1, "minimum"),
        (0, "maximum"),
        (1, "minimum"),
    ]


@pytest.mark.parametrize(
    "case", told("WhatIsOptimization"), ids=lambda c: c[0]["function"]
)
def test_optimization_extremes_are_the_largest_and_smallest_values(case):
    inputs, story = case
    f = sympy.lambdify(x, formula(inputs["function"]))
    xs = np.linspace(*inputs["x_range"], 100_001)
    values = f(xs)
    assert float(story.maximum.y) == pytest.approx(values.max(), abs=1e-6)
    assert float(story.minimum.y) == pytest.approx(values.min(), abs=1e-6)
    assert float(story.maximum.x) == pytest.approx(xs[values.argmax()], abs=1e-4)
    # max f = -min(-f), at the same x
    assert float(story.reflected_minimum.y) == pytest.approx(-float(story.maximum.y))
    assert story.reflected_minimum.x == story.maximum.x


@pytest.mark.parametrize(
    "case", told("SecantToTangent"), ids=lambda c: c[0]["function"]
)
def test_secant_quotients_and_tangent_slope(case):
    inputs, story = case
    f, x0 = formula(inputs["function"]), inputs["x0"]
    for h, quotient in zip(inputs["steps"], story.quotients, strict=True):
        exact = (f.subs(x, x0 + h) - f.subs(x, x0)) / h
        assert quotient == pytest.approx(float(exact), rel=1e-10)
    assert story.tangent.slope == pytest.approx(float(sympy.diff(f, x).subs(x, x0)))
    # the quotients close in on the slope, at the rate of h (forward differences)
    errors = np.abs(np.array(story.quotients) - story.tangent.slope)
    order = np.polyfit(np.log(inputs["steps"][-2:]), np.log(errors[-2:]), 1)[0]
    assert order == pytest.approx(1.0, abs=0.1)


@pytest.mark.parametrize(
    "case", told("PartialDerivatives"), ids=lambda c: c[0]["function"]
)
def test_partials_and_slopes_at_the_point(case):
    inputs, story = case
    f = formula(inputs["function"])
    at = dict(
        zip((x, y), [sympy.Rational(str(v)) for v in inputs["point"]], strict=True)
    )
    for partial, slope, variable in zip(
        story.partials, story.slopes, (x, y), strict=True
    ):
        assert same(partial, sympy.diff(f, variable))
        assert same(slope, sympy.diff(f, variable).subs(at))
    for piece, variable in zip(story.slices, (x, y), strict=True):
        assert piece.tangent.slope == pytest.approx(
            float(sympy.diff(f, variable).subs(at))
        )


@pytest.mark.parametrize(
    "case", told("PartialDerivativeExercise"), ids=lambda c: c[0]["function"]
)
def test_exercise_term_by_term_adds_up_to_the_partials(case):
    inputs, story = case
    f = formula(inputs["function"])
    assert same(sympy.Add(*story.terms), f)
    for solution, variable in zip(story.solutions, (x, y), strict=True):
        assert same(solution.result, sympy.diff(f, variable))
        for step in solution.steps:
            assert same(step.derivative, sympy.diff(step.term, variable))
            assert same(step.constant * step.varying, step.term)
            assert variable not in step.constant.free_symbols


@pytest.mark.parametrize("case", told("GradientField"), ids=lambda c: c[0]["function"])
def test_gradient_at_the_point_and_its_level_curve(case):
    inputs, story = case
    f = formula(inputs["function"])
    grad = sympy.lambdify((x, y), [sympy.diff(f, v) for v in (x, y)])
    np.testing.assert_allclose(story.point_gradient, grad(*inputs["point"]), rtol=1e-12)
    np.testing.assert_allclose(
        story.gradients, np.array(grad(*story.grid.T)).T, rtol=1e-12, atol=1e-12
    )
    level = sympy.lambdify((x, y), f)(*inputs["point"])
    curve = np.vstack(story.point_level.lines)
    assert np.abs(sympy.lambdify((x, y), f)(*curve.T) - level).max() < 1e-3
    assert story.rate == pytest.approx(math.hypot(*grad(*inputs["point"])))
    # Framed for a wide room, then a tall one: the same field on a map that holds
    # the story's, as wide as asked (at most 3:2).
    for aspect, kept in ((4.0, 1.5), (0.25, 2 / 3)):
        framed = story.framed(aspect)
        (x0, x1), (y0, y1) = framed.x_range, framed.y_range
        assert (x1 - x0) / (y1 - y0) == pytest.approx(kept)
        assert x0 <= story.x_range[0] and x1 >= story.x_range[1]
        assert y0 <= story.y_range[0] and y1 >= story.y_range[1]
        assert np.all((framed.grid > [x0, y0]) & (framed.grid < [x1, y1]))
        np.testing.assert_allclose(
            framed.gradients, np.array(grad(*framed.grid.T)).T, rtol=1e-12, atol=1e-12
        )
        np.testing.assert_allclose(framed.point_gradient, story.point_gradient)


def test_a_field_not_smooth_on_a_wider_map_keeps_its_map():
    story = tell(
        "GradientField",
        {
            "function": "log(x) + y^2",
            "point": [1, 0.5],
            "x_range": [0.5, 2],
            "y_range": [-1, 1],
        },
    )
    assert story.framed(1.5) is story


@pytest.mark.parametrize(
    "case", told("JacobianLocalLinear"), ids=lambda c: c[0]["functions"][0]
)
def test_jacobian_and_first_order_convergence(case):
    inputs, story = case
    f = sympy.Matrix([formula(text) for text in inputs["functions"]])
    assert sympy.simplify(story.matrix - f.jacobian([x, y])) == sympy.zeros(2, 2)
    at = dict(zip((x, y), inputs["point"], strict=True))
    np.testing.assert_allclose(
        story.at_point, np.array(f.jacobian([x, y]).subs(at), dtype=float)
    )
    # the magnified image of f approaches J(p) s like h (the Taylor remainder)
    sizes = np.array([0.1, 0.01, 0.001])
    gaps = np.array([story.gap(h) for h in sizes])
    assert np.polyfit(np.log(sizes), np.log(gaps), 1)[0] == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("case", told("LostHiker"), ids=lambda c: str(c[0]["start"]))
def test_the_hiker_steps_by_the_gradient_to_the_shelter(case):
    inputs, story = case
    h = story.terrain
    grad = sympy.lambdify((x, y), [sympy.diff(h, v) for v in (x, y)])
    points = story.path.points
    np.testing.assert_array_equal(points[0], inputs["start"])
    steps = points[:-1] - inputs["learning_rate"] * np.array(grad(*points[:-1].T)).T
    np.testing.assert_allclose(points[1:], steps, atol=1e-12)
    # the shelter is the valley's one minimum, (x0, b sin x0) with x0 = 3/2, b = 6/5
    np.testing.assert_allclose(story.shelter, [1.5, 1.2 * math.sin(1.5)])
    assert np.linalg.norm(points[-1] - story.shelter) < 0.05
    assert np.all(np.diff(story.path.values) < 0)


@pytest.mark.parametrize(
    "case", told("LinearRegressionDescent"), ids=lambda c: str(c[0]["seed"])
)
def test_regression_ends_on_numpys_least_squares(case):
    inputs, story = case
    assert len(story.data.x) == inputs["points"]
    fit = np.polyfit(story.data.x, story.data.y, 1)
    np.testing.assert_allclose(story.solution, fit, rtol=1e-10)
    np.testing.assert_allclose(story.path.points[-1], fit, atol=1e-6)
    # the cost is the mean squared error, as the slides write it
    a, b = sympy.symbols("a b", real=True)
    pairs = zip(story.data.x, story.data.y, strict=True)
    mse = sum((a * xi + b - yi) ** 2 for xi, yi in pairs) / len(story.data.x)
    difference = sympy.Poly(sympy.expand(story.cost - mse), a, b)
    assert max(abs(float(c)) for c in difference.coeffs()) < 1e-9


@pytest.mark.parametrize(
    "case", told("LearningRateComparison"), ids=lambda c: c[0]["function"]
)
def test_comparison_iterates_are_the_closed_form(case):
    inputs, story = case
    f = formula(inputs["function"])
    hessian = np.array(sympy.hessian(f, (x, y)), dtype=float)
    assert story.curvature == pytest.approx(np.linalg.eigvalsh(hessian)[-1])
    minimum = np.array(
        [
            float(v)
            for v in sympy.solve([sympy.diff(f, v) for v in (x, y)], (x, y), dict=True)[
                0
            ].values()
        ]
    )
    start = np.array(inputs["start"])
    for run in story.runs:
        # a quadratic: p_k - p* = (I - alpha H)^k (p_0 - p*)
        step = np.eye(2) - run.learning_rate * hessian
        k = min(run.path.steps, 40)
        expected = np.linalg.matrix_power(step, k) @ (start - minimum) + minimum
        np.testing.assert_allclose(run.path.points[k], expected, rtol=1e-9, atol=1e-9)
        past = run.learning_rate > 2 / story.curvature
        assert (run.regime.value == "diverging") == past
    assert [run.regime.value for run in story.runs] == [
        "too small",
        "good",
        "oscillating",
        "diverging",
    ]


@pytest.mark.parametrize(
    "case", told("LearningRateOvershoot"), ids=lambda c: c[0]["function"]
)
def test_overshoot_jumps_are_the_closed_form(case):
    inputs, story = case
    f = formula(inputs["function"])
    L = float(sympy.diff(f, x, 2))
    (lowest,) = sympy.solve(sympy.diff(f, x), x)
    assert story.curvature == pytest.approx(L)
    assert story.limit == pytest.approx(2 / L)
    assert inputs["safe_learning_rate"] < 2 / L < inputs["learning_rate"]
    for run in (story.unsafe, story.safe):
        k = np.arange(min(run.path.steps, 20) + 1)
        expected = float(lowest) + (1 - run.learning_rate * L) ** k * (
            inputs["start"] - float(lowest)
        )
        np.testing.assert_allclose(run.path.points[k, 0], expected, rtol=1e-9)


@pytest.mark.parametrize("name", ["QuizSlowConvergence", "QuizHighLearningRate"])
def test_quiz_answers_are_among_the_choices(name):
    for inputs, story in told(name):
        assert story.choices[story.answer] == inputs["answer"]
        assert story.question == inputs["question"]


def bowl_of(inputs: dict) -> tuple[float, float]:
    """L and x* of a quiz's bowl (x^2 by default), by sympy."""
    f = formula(inputs.get("function", "x^2"))
    (lowest,) = sympy.solve(sympy.diff(f, x), x)
    return float(sympy.diff(f, x, 2)), float(lowest)


def test_slow_convergence_steps_are_the_closed_form():
    # From x* + 1 on a parabola: |f'(x_k)| = L |1 - L alpha|^k <= tolerance
    for inputs, story in told("QuizSlowConvergence"):
        L, lowest = bowl_of(inputs)
        assert (story.L, story.two_over_L) == pytest.approx((L, 2 / L))
        assert story.start == pytest.approx(lowest + 1)
        for rate, steps in zip(story.rates, story.steps, strict=True):
            expected = math.ceil(
                math.log(story.tolerance / L) / math.log(abs(1 - L * rate))
            )
            assert steps == expected
        assert story.slower_when_smaller


def test_high_rate_quiz_limit_and_verdicts_are_the_closed_form():
    for inputs, story in told("QuizHighLearningRate"):
        L, lowest = bowl_of(inputs)
        assert (story.L, story.two_over_L) == pytest.approx((L, 2 / L))
        assert story.minimum == pytest.approx(lowest)
        rates = np.linspace(0.1 / L, 2.9 / L, 15)
        np.testing.assert_allclose(story.factor(rates), np.abs(1 - L * rates))
        for rate, verdict in zip(
            story.choice_rates, story.choice_verdicts, strict=True
        ):
            assert (verdict.value == "diverging") == (rate > 2 / L)
        if story.choice_rates:  # the answer is the one rate past 2/L
            assert [r > 2 / L for r in story.choice_rates].count(True) == 1
            assert story.choice_rates[story.answer] > 2 / L


def test_title_cards_show_each_lectures_header_and_later_chapters():
    for manifest in LECTURES:
        lecture = load_lecture(manifest)
        (entry,) = lecture.select(["TitleCard"])
        card = tell("TitleCard", entry.inputs)
        assert card.title == lecture.title and card.club == lecture.header.club
        chapters = [c.title for c in lecture.chapters]
        assert list(card.agenda) == chapters[chapters.index(entry.chapter) + 1 :]
