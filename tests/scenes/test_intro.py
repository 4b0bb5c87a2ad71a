"""What the introduction scenes draw equals what mathviz computes."""

import numpy as np
import pytest
import sympy

from scenes.intro import WhatIsOptimization, WhyOptimizationMatters
from tests.scenes.helpers import built_once, to_axes

x = sympy.Symbol("x")
F = x**3 - 6 * x**2 + 9 * x + 3


@pytest.fixture
def optimization(construct):
    return built_once(construct, WhatIsOptimization)


@pytest.fixture
def why(construct):
    return built_once(construct, WhyOptimizationMatters)


def on_screen(axes, mobject) -> np.ndarray:
    """The axis coordinates of a mobject's anchors (or of a dot's centre)."""
    return to_axes(axes, mobject.get_anchors())


def test_marked_extrema_are_the_critical_points(optimization):
    slope = sympy.diff(F, x)
    expected = {}
    for root in sympy.solve(slope, x):
        kind = "maximum" if sympy.diff(F, x, 2).subs(x, root) < 0 else "minimum"
        expected[kind] = (float(root), float(F.subs(x, root)))
    axes = optimization.axes
    marked = {
        "maximum": optimization.maximizer.get_center(),
        "minimum": optimization.minimizer.get_center(),
    }
    for kind, centre in marked.items():
        np.testing.assert_allclose(to_axes(axes, [centre])[0], expected[kind])
    # max f = -min(-f): the minimum of -f sits under the maximum of f.
    x_max, y_max = expected["maximum"]
    reflected = to_axes(axes, [optimization.reflected_dot.get_center()])[0]
    np.testing.assert_allclose(reflected, [x_max, -y_max])


def test_extrema_are_the_largest_and_smallest_values_shown(optimization):
    xs = np.linspace(*optimization.story.x_range, 2001)
    values = sympy.lambdify(x, F)(xs)
    assert values.max() == pytest.approx(optimization.story.maximum.point[1])
    assert values.min() == pytest.approx(optimization.story.minimum.point[1])


def test_curves_are_f_and_its_reflection(optimization):
    f = sympy.lambdify(x, F)
    for curve, sign in ((optimization.curve, 1), (optimization.reflected, -1)):
        points = on_screen(optimization.axes, curve)
        np.testing.assert_allclose(points[:, 1], sign * f(points[:, 0]), atol=1e-6)


def test_formulas_are_typeset_from_sympy(optimization):
    assert optimization.formula.tex_strings[1] == sympy.latex(F)
    maximum = F.subs(x, 1)
    assert sympy.latex(maximum) in optimization.extrema[0].tex_strings[0]
    assert sympy.latex(-maximum) in optimization.reflection[1].tex_string


def descent_by_hand(data_x, data_y, rate, steps):
    """Plain gradient descent on the mean squared error, independent of mathviz."""
    a = b = 0.0
    params, losses = [], []
    for _ in range(steps + 1):
        residual = a * data_x + b - data_y
        params.append((a, b))
        losses.append(np.mean(residual**2))
        a, b = (
            a - rate * 2 * np.mean(residual * data_x),
            b - rate * 2 * np.mean(residual),
        )
    return np.array(params), np.array(losses)


def test_loss_curve_is_the_descent_series(why):
    data = why.story
    _, losses = descent_by_hand(
        data.data.x, data.data.y, data.fit.learning_rate, data.iterations
    )
    drawn = on_screen(why.loss_axes, why.loss_curve)
    expected = np.column_stack([np.arange(data.iterations + 1), losses])
    # a polyline's anchors are its vertices, each segment's end repeated
    np.testing.assert_allclose(np.unique(drawn.round(9), axis=0), expected, atol=1e-6)
    assert losses[-1] < losses[0] / 10


def test_fitted_line_is_each_iterate(why):
    data = why.story
    params, losses = descent_by_hand(
        data.data.x, data.data.y, data.fit.learning_rate, data.iterations
    )
    for k in (0, 1, 5, data.iterations):
        why.iteration.set_value(k)
        line = why.fitted_line_now()
        (x0, y0), (x1, y1) = to_axes(why.data_axes, [line.get_start(), line.get_end()])
        slope = (y1 - y0) / (x1 - x0)
        np.testing.assert_allclose([slope, y0 - slope * x0], params[k], atol=1e-9)
        assert why.loss_readouts[1].value() == pytest.approx(losses[k])
    # the shared scene is left as it ended
    assert why.iteration.get_value() == data.iterations
    assert why.loss_readouts[1].number.get_value() == pytest.approx(losses[-1])


def test_reward_curve_is_the_policys_expected_reward(why):
    run = why.story.bandit
    episodes = np.arange(1, run.episodes + 1)
    drawn = np.unique(on_screen(why.reward_axes, why.reward_curve).round(9), axis=0)
    # the exact expected reward of each episode's policy, computed here
    expected = [run.probabilities[k - 1] @ run.arm_means for k in episodes]
    np.testing.assert_allclose(drawn, np.column_stack([episodes, expected]), atol=1e-9)
    assert drawn[:, 1].max() <= run.arm_means.max()  # never above the best arm
    assert drawn[-10:, 1].mean() > drawn[:10, 1].mean()


def test_the_sampled_running_average_is_drawn_faint_behind(why):
    run = why.story.bandit
    episodes = np.arange(1, run.episodes + 1)
    drawn = np.unique(on_screen(why.reward_axes, why.sampled_curve).round(9), axis=0)
    # the average over the last (up to) 10 episodes, computed here
    window = [run.rewards[max(0, k - 10) : k].mean() for k in episodes]
    np.testing.assert_allclose(drawn[:, 1], window, atol=1e-6)
    assert why.sampled_curve.faint
    assert why.mobjects.index(why.sampled_curve) < why.mobjects.index(why.reward_curve)
