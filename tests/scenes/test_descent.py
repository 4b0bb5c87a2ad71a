"""What the gradient-descent scenes draw equals what mathviz computes.

Positions are mapped back through the scenes' axes (and, for the 3D hiker, through
the camera) and compared with the descent paths; heights, costs and levels with
sympy or numpy computed here; verdicts with mathviz's classification and the
closed-form thresholds 1/L and 2/L.
"""

import numpy as np
import pytest
import sympy

from mathviz.descent import Regime, classify_learning_rate
from mathviz.regression import least_squares
from scenes.descent import (
    LearningRateComparison,
    LearningRateOvershoot,
    LinearRegressionDescent,
    LostHiker,
)
from storyboard.descent import linear_regression_descent
from tests.scenes.helpers import built_once, to_axes

x, y = sympy.symbols("x y", real=True)
# The hiker's valley, as the terrain module documents it: h = a (y - b sin x)^2 + c (x - x0)^2.
TERRAIN = sympy.Rational(3, 5) * (y - sympy.Rational(6, 5) * sympy.sin(x)) ** 2 + (
    sympy.Rational(2, 5) * (x - sympy.Rational(3, 2)) ** 2
)
HEIGHT = sympy.lambdify((x, y), TERRAIN, "numpy")
SLOPE = sympy.lambdify((x, y), [sympy.diff(TERRAIN, v) for v in (x, y)], "numpy")


def anchors(mobject) -> np.ndarray:
    """All anchor points of a drawn curve and its parts."""
    return np.vstack(
        [part.get_anchors() for part in mobject.family_members_with_points()]
    )


def segment_ends(line) -> np.ndarray:
    return np.array([line.get_start(), line.get_end()])


# The lost hiker ---------------------------------------------------------------


def test_the_hiker_walks_mathviz_path_on_the_ground(construct):
    hiker = built_once(construct, LostHiker)
    path, rate = hiker.story.path, hiker.story.learning_rate
    for k in range(path.steps + 1):
        hiker.walk.t.set_value(k)
        hiker.anchor.update()
        hiker.hiker.update()
        x_k, y_k, h_k = hiker.axes.p2c(hiker.anchor.get_center())
        np.testing.assert_allclose([x_k, y_k], path.points[k], atol=1e-9)
        assert h_k == pytest.approx(HEIGHT(x_k, y_k), abs=1e-9)
        np.testing.assert_allclose(
            hiker.hiker.get_bottom(), hiker.anchor.get_center(), atol=1e-9
        )
        for readout in hiker.readouts[1:]:
            readout.number.update()
        step, height, slope = (r.number.get_value() for r in hiker.readouts[1:])
        assert step == k
        assert height == pytest.approx(HEIGHT(x_k, y_k), abs=1e-9)
        assert slope == pytest.approx(np.hypot(*SLOPE(x_k, y_k)), abs=1e-9)
        if k < path.steps:  # the next point is alpha times the exact gradient downhill
            step = path.points[k] - rate * np.array(SLOPE(x_k, y_k))
            np.testing.assert_allclose(step, path.points[k + 1], atol=1e-9)

    # the trail lies on the ground and passes through every point of the path
    hiker.trail.update()
    trail = hiker.axes.p2c(anchors(hiker.trail))
    np.testing.assert_allclose(trail[:, 2], HEIGHT(trail[:, 0], trail[:, 1]), atol=1e-9)
    for point in path.points:
        assert np.min(np.linalg.norm(trail[:, :2] - point, axis=1)) < 1e-9

    # the shelter stands at the one minimum, and the walk ends close to it
    gradient = [sympy.diff(TERRAIN, v) for v in (x, y)]
    minimum = [float(v) for v in sympy.nsolve(gradient, (x, y), (1.4, 1.2))]
    x0, y0, height = hiker.axes.p2c(hiker.shelter_foot.get_center())
    np.testing.assert_allclose([x0, y0], minimum, atol=1e-9)
    assert height == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.norm(path.points[-1] - minimum) < 0.05


@pytest.mark.parametrize("shape", ["landscape", "portrait", "square"])
def test_the_land_and_arrows_are_seen_in_the_frame_beside_the_texts(construct, shape):
    scene = built_once(construct, LostHiker, shape)
    camera = scene.renderer.camera
    width, height = scene.frame_size
    seen = camera.project_points(scene.land.get_all_points())
    assert np.all(np.abs(seen[:, 0]) <= width / 2)
    assert np.all(np.abs(seen[:, 1]) <= height / 2)
    low, high = seen.min(axis=0), seen.max(axis=0)
    for texts in (scene.steps, scene.readouts, scene.title_mobject):
        apart_x = texts.get_right()[0] <= low[0] or texts.get_left()[0] >= high[0]
        apart_y = texts.get_bottom()[1] >= high[1] or texts.get_top()[1] <= low[1]
        assert apart_x or apart_y, (shape, texts)

    # the arrows are drawn where the camera sees their ends on the ground
    path, rate = scene.story.path, scene.story.learning_rate
    for k in (0, 1, path.steps - 1):
        for scale in (1.0, rate):
            ends = scene.arrow_ends(k, scale)
            start, end = scene.axes.p2c(ends)
            np.testing.assert_allclose(start[:2], path.points[k], atol=1e-9)
            np.testing.assert_allclose(
                end[:2],
                path.points[k] - scale * np.array(SLOPE(*path.points[k])),
                atol=1e-9,
            )
            assert end[2] == pytest.approx(HEIGHT(*end[:2]), abs=1e-9)
            arrow = scene.arrow(k, scale, "#ffffff")
            for drawn, ground in zip(segment_ends(arrow), ends, strict=True):
                np.testing.assert_allclose(
                    drawn[:2], camera.project_point(ground)[:2], atol=1e-9
                )
                assert np.all(np.abs(drawn[:2]) <= [width / 2, height / 2])


# Linear regression ------------------------------------------------------------


def test_least_squares_is_numpys_polyfit():
    data = linear_regression_descent().data
    np.testing.assert_allclose(
        least_squares(data.x, data.y), np.polyfit(data.x, data.y, 1), rtol=1e-12
    )


def test_the_regression_rate_is_below_one_over_the_curvature():
    story = linear_regression_descent()
    x_i = story.data.x
    hessian = 2 * np.array([[np.mean(x_i**2), np.mean(x_i)], [np.mean(x_i), 1.0]])
    assert 0 < story.learning_rate < 1 / np.linalg.eigvalsh(hessian)[-1]
    assert story.path.converged


def test_the_line_and_the_map_follow_every_step_to_the_least_squares_line(
    construct,
):
    regression = built_once(construct, LinearRegressionDescent)
    data, path = regression.story.data, regression.story.path
    x_i, y_i = data.x, data.y
    for k in [*range(8), 50, 200, path.steps]:
        regression.walk.t.set_value(k)
        regression.walker.update()
        regression.line.update()
        a, b = path.points[k]
        dot = to_axes(regression.map, [regression.walker[1].get_center()])[0]
        np.testing.assert_allclose(dot[:2], [a, b], atol=1e-9)
        ends = to_axes(regression.axes, segment_ends(regression.line))
        np.testing.assert_allclose(ends[:, 1], a * ends[:, 0] + b, atol=1e-9)
        for readout in regression.readouts:
            readout.number.update()
        shown = [readout.number.get_value() for readout in regression.readouts]
        residual = a * x_i + b - y_i
        exact = [
            k,
            np.mean(residual**2),
            a,
            b,
            2 * np.mean(residual * x_i),
            2 * np.mean(residual),
        ]
        np.testing.assert_allclose(shown, exact, atol=1e-9)
        if k < path.steps:
            rate = regression.story.learning_rate
            np.testing.assert_allclose(
                path.points[k + 1], [a, b] - rate * np.array(exact[4:]), atol=1e-9
            )
    slope, intercept = np.polyfit(x_i, y_i, 1)
    end = to_axes(regression.map, [regression.walker[1].get_center()])[0]
    np.testing.assert_allclose(end[:2], [slope, intercept], atol=1e-6)
    cross = to_axes(regression.map, [regression.cross.get_center()])[0]
    np.testing.assert_allclose(cross[:2], [slope, intercept], atol=1e-9)


def test_the_data_and_the_cost_contours_are_mathviz_data_and_levels(construct):
    regression = built_once(construct, LinearRegressionDescent)
    data = regression.story.data
    drawn = to_axes(regression.axes, [dot.get_center() for dot in regression.points])
    np.testing.assert_allclose(drawn[:, :2], np.column_stack([data.x, data.y]))
    drawn = regression.contours
    assert len(drawn) == len(regression.story.levels) > 3
    # Linear interpolation on contourpy's 201 x 201 grid is off by at most
    # h^2 / 8 times the cost's largest second derivative (twice, for a diagonal).
    story = regression.story
    h = max(np.ptp(story.a_range), np.ptp(story.b_range)) / 200
    curvature = max(
        np.linalg.eigvalsh(
            2 * np.cov([data.x, np.ones_like(data.x)], bias=True)
            + 2 * np.outer([data.x.mean(), 1], [data.x.mean(), 1])
        )
    )
    bound = 2 * h**2 / 8 * curvature
    for curve, level in zip(drawn, story.levels, strict=True):
        a, b = to_axes(regression.map, anchors(curve))[:, :2].T
        cost = np.mean((np.outer(a, data.x) + b[:, None] - data.y) ** 2, axis=1)
        np.testing.assert_allclose(cost, level.level, atol=bound)


# Learning rates -----------------------------------------------------------------

BOWL = x**2 / 4 + y**2


def bowl_thresholds() -> tuple[float, float]:
    """1/L and 2/L for the comparison's bowl, from sympy's Hessian."""
    curvature = max(sympy.hessian(BOWL, (x, y)).eigenvals())
    return float(1 / curvature), float(2 / curvature)


def test_the_verdicts_and_level_curves_are_mathviz(construct):
    comparison = built_once(construct, LearningRateComparison)
    one, two = bowl_thresholds()
    data = comparison.story
    verdicts = []
    for panel in comparison.panels:
        rate = panel.run.learning_rate
        regime = classify_learning_rate("x^2/4 + y^2", ("x", "y"), data.start, rate)
        assert panel.verdict[1].original_text == regime.value
        verdicts.append(regime)
        # the closed-form picture: 2/L divides stable from unstable, 1/L monotone
        # from zig-zag
        if regime is Regime.DIVERGING:
            assert rate > two
        elif regime is Regime.OSCILLATING:
            assert one < rate < two
        else:
            assert rate < one
    assert verdicts == list(Regime)

    f = sympy.lambdify((x, y), BOWL, "numpy")
    for panel in comparison.panels:
        for curve, level in zip(panel[2], data.levels, strict=True):
            points = to_axes(panel.axes, anchors(curve))
            np.testing.assert_allclose(
                f(points[:, 0], points[:, 1]), level.level, atol=2e-3 * level.level
            )


def test_each_panel_draws_its_path_and_a_diverging_one_leaves_cleanly(construct):
    comparison = built_once(construct, LearningRateComparison)
    for panel in comparison.panels:
        path, view = panel.run.path, panel.run.view
        for k in range(min(view.shown, 12)):
            comparison.clock.set_value(k)
            panel.walker.update()
            panel.counter.number.update()
            dot = to_axes(panel.axes, [panel.walker[1].get_center()])[0]
            np.testing.assert_allclose(dot[:2], path.points[k], atol=1e-9)
            assert panel.counter.number.get_value() == k
        # Counting stops where the path leaves its map, or once it has settled.
        comparison.clock.set_value(comparison.story.max_steps)
        panel.counter.number.update()
        last = panel.counter.number.get_value()
        assert last == panel.run.last_step
        if view.leaves:
            assert last == view.shown - 1
        else:
            span = min(np.ptp(panel.axes.x_range[:2]), np.ptp(panel.axes.y_range[:2]))
            rest = np.abs(path.points[int(last) :] - path.points[-1])
            assert np.all(rest <= span / 500)
            assert np.any(
                np.abs(path.points[int(last) - 1] - path.points[-1]) > span / 500
            )

    (panel,) = [p for p in comparison.panels if p.run.view.leaves]
    path, view = panel.run.path, panel.run.view
    assert path.diverged and view.shown < path.steps
    panel.walker.update()
    trail = to_axes(panel.axes, anchors(panel.walker[0]))[:, :2]
    maps = comparison.framed  # the story on maps of the frame's shape
    assert maps.runs[3].path is comparison.story.runs[3].path
    low, high = np.transpose([maps.x_range, maps.y_range])
    assert np.all(np.isfinite(trail))
    assert np.all((trail >= low - 1e-9) & (trail <= high + 1e-9))
    # the last point drawn is where the step out crosses the border
    exit_point = trail[-1]
    inside, outside = path.points[view.shown - 1], path.points[view.shown]
    assert np.any(np.isclose(exit_point, low) | np.isclose(exit_point, high))
    (u0, u1), (v0, v1) = exit_point - inside, outside - inside
    assert u0 * v1 - u1 * v0 == pytest.approx(0, abs=1e-9)  # on the step's line
    flag = to_axes(panel.axes, [panel.flag.get_end()])[0]
    np.testing.assert_allclose(flag[:2], exit_point, atol=1e-9)


def test_the_overshoot_grows_by_one_minus_alpha_l_per_jump(construct):
    scene = built_once(construct, LearningRateOvershoot)
    parabola = x**2
    curvature = float(sympy.diff(parabola, x, 2))
    assert scene.story.limit == pytest.approx(2 / curvature)
    unsafe, safe = scene.runs
    assert unsafe.learning_rate > 2 / curvature > safe.learning_rate
    for run, jumps in zip(scene.runs, scene.jumps, strict=True):
        factor = 1 - run.learning_rate * curvature
        # a dot on every iterate the plot shows; none where a jump leaves it
        dots = [jumps[0], *(jump[1] for jump in jumps[1:] if len(jump) == 2)]
        drawn = to_axes(scene.axes, [dot.get_center() for dot in dots])[:, :2]
        shown = run.view.shown
        assert len(dots) == shown
        x_k = factor ** np.arange(shown)  # from x0 = 1
        np.testing.assert_allclose(drawn[:shown, 0], x_k, atol=1e-9)
        np.testing.assert_allclose(drawn[:shown, 1], x_k**2, atol=1e-9)
        for jump, start in zip(jumps[1:], drawn, strict=False):
            line = to_axes(scene.axes, segment_ends(jump[0]))[:, :2]
            np.testing.assert_allclose(line[0], start, atol=1e-9)
    # past the limit every jump lands farther out, and the plot cuts the last one
    unsafe_x = unsafe.path.points[: unsafe.view.shown, 0]
    assert np.all(np.diff(np.abs(unsafe_x)) > 0)
    assert unsafe.view.leaves and not safe.view.leaves
    exit_point = to_axes(scene.axes, [scene.jumps[0][-1][0].get_end()])[0]
    assert exit_point[1] == pytest.approx(scene.story.y_range[1])
    np.testing.assert_allclose(scene.flag.get_end(), scene.jumps[0][-1][0].get_end())
    for run, tex in zip(scene.runs, scene.rates, strict=True):
        regime = classify_learning_rate("x^2", "x", [1.0], run.learning_rate)
        assert regime.value in tex.get_tex_string()
    assert [run.regime for run in scene.runs] == [Regime.DIVERGING, Regime.GOOD]
