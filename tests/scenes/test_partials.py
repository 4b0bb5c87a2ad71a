"""What the partial-derivative scenes draw and typeset equals sympy's results."""

import numpy as np
import pytest
import sympy

from scenes.derivatives import PartialDerivativeExercise, PartialDerivatives
from tests.scenes.helpers import built_once, to_axes

x, y = sympy.symbols("x y")
SURFACE = x * y**2 + x**3
EXERCISE = 3 * x**2 * y + 2 * x * y**2 + x
POINT = {x: 1, y: -1}


@pytest.fixture
def partials(construct):
    return built_once(construct, PartialDerivatives)


@pytest.fixture
def exercise(construct):
    return built_once(construct, PartialDerivativeExercise)


def test_slice_tangents_have_the_partial_derivatives_as_slopes(partials):
    z0 = float(SURFACE.subs(POINT))
    for free, variable in enumerate((x, y)):
        start, end = to_axes(
            partials.axes,
            [partials.tangents[free].get_start(), partials.tangents[free].get_end()],
        )
        held = 1 - free
        # the tangent lies in the plane holding the other variable fixed ...
        assert start[held] == pytest.approx(POINT[(x, y)[held]], abs=1e-9)
        assert end[held] == pytest.approx(POINT[(x, y)[held]], abs=1e-9)
        # ... with the slope of the partial derivative, in axis units
        slope = (end[2] - start[2]) / (end[free] - start[free])
        exact = float(sympy.diff(SURFACE, variable).subs(POINT))
        assert slope == pytest.approx(exact, abs=1e-9)
        # ... through the point on the surface
        at_point = start[2] + slope * (POINT[variable] - start[free])
        assert at_point == pytest.approx(z0, abs=1e-9)


def test_slice_curves_and_surface_lie_on_the_graph(partials):
    f = sympy.lambdify((x, y), SURFACE)
    for free in (0, 1):
        points = to_axes(partials.axes, partials.curves[free].get_anchors())
        np.testing.assert_allclose(
            points[:, 2], f(points[:, 0], points[:, 1]), atol=1e-6
        )
        held = 1 - free
        np.testing.assert_allclose(points[:, held], POINT[(x, y)[held]], atol=1e-9)
    corners = to_axes(
        partials.axes, np.concatenate([face.get_anchors() for face in partials.surface])
    )
    np.testing.assert_allclose(
        corners[:, 2], f(corners[:, 0], corners[:, 1]), atol=1e-6
    )


def test_partial_formulas_are_sympys(partials):
    formula, *rows = partials.formulas
    assert formula.tex_strings[1] == sympy.latex(SURFACE)
    for (general, at_point), variable in zip(rows, (x, y), strict=True):
        derivative = sympy.diff(SURFACE, variable)
        assert general.tex_strings[1] == sympy.latex(derivative)
        assert at_point.tex_strings[1] == sympy.latex(derivative.subs(POINT))
    # the slides' results
    assert sympy.diff(SURFACE, x) == y**2 + 3 * x**2
    assert sympy.diff(SURFACE, y) == 2 * x * y


@pytest.mark.parametrize("shape", ["landscape", "portrait", "square"])
def test_plot_seen_by_the_camera_fits_beside_the_formulas(construct, shape):
    scene = built_once(construct, PartialDerivatives, shape)
    width, height = scene.frame_size
    parts = [scene.axes, scene.surface, *scene.planes, *scene.curves, *scene.tangents]
    seen = scene.camera.project_points(
        np.concatenate([part.get_all_points() for part in parts])
    )
    assert np.all(np.abs(seen[:, 0]) <= width / 2)
    assert np.all(np.abs(seen[:, 1]) <= height / 2)
    low, high = seen.min(axis=0)[:2], seen.max(axis=0)[:2]
    boxes = [scene.formulas, scene.title_mobject]
    for box in boxes:
        apart = (
            box.get_left()[0] >= high[0]
            or box.get_right()[0] <= low[0]
            or box.get_bottom()[1] >= high[1]
            or box.get_top()[1] <= low[1]
        )
        assert apart, (shape, box)


def test_exercise_function_and_results_are_sympys(exercise):
    assert " ".join(exercise.function.tex_strings[1:]) == sympy.latex(EXERCISE)
    for result, variable in zip(exercise.results, (x, y), strict=True):
        assert result.tex_strings[2] == sympy.latex(sympy.diff(EXERCISE, variable))
    assert sympy.diff(EXERCISE, x) == 6 * x * y + 2 * y**2 + 1
    assert sympy.diff(EXERCISE, y) == 3 * x**2 + 4 * x * y


def test_exercise_steps_differentiate_one_term_each(exercise):
    terms = EXERCISE.as_ordered_terms()
    for steps, total, variable in zip(
        exercise.steps, exercise.sums, (x, y), strict=True
    ):
        assert len(steps) == len(terms)
        for step, term, part in zip(steps, terms, total.tex_strings[2:], strict=True):
            derivative = sympy.diff(term, variable)
            assert sympy.latex(term) in step.tex_strings[0]
            assert step.tex_strings[-1] == sympy.latex(derivative)
            assert part.removeprefix("+ ") == sympy.latex(derivative)
            # a monomial's constant factor is its value at variable = 1
            constant = term.subs(variable, 1)
            if len(step.tex_strings) > 3:
                assert step.tex_strings[2] == sympy.latex(constant)
                assert step[2].get_color() == exercise.constant_color


def test_exercise_question_counts_down(exercise):
    countdown = exercise.card.countdown
    assert countdown.seconds == exercise.COUNTDOWN
    assert countdown.remaining.get_value() == 0
