"""What the derivative scenes draw equals what mathviz computes."""

import numpy as np
import pytest
import sympy

from mathviz.calculus import tangent_line
from scenes.derivatives import SecantToTangent, TangentSlide
from tests.scenes.helpers import to_axes

x = sympy.Symbol("x", real=True)


def slope_in_axes(axes, line) -> float:
    (x0, y0), (x1, y1) = to_axes(axes, np.array([line.get_start(), line.get_end()]))
    return (y1 - y0) / (x1 - x0)


@pytest.fixture(scope="module")
def secant_scene(request):
    return request.getfixturevalue("construct")(SecantToTangent)


@pytest.fixture
def secant(construct):
    return construct(SecantToTangent)


def test_secant_slope_is_the_difference_quotient(secant):
    f = sympy.sin(x) + 2
    data = secant.story
    for h in (*data.steps, 0.3):
        secant.h.set_value(h)
        secant.secant.update()
        exact = float((f.subs(x, data.x0 + h) - f.subs(x, data.x0)) / h)
        assert slope_in_axes(secant.window, secant.secant) == pytest.approx(
            exact, rel=1e-6
        )
        secant.readouts[1].number.update()
        assert secant.readouts[1].number.get_value() == pytest.approx(exact, rel=1e-9)


def test_secant_quotients_converge_to_the_tangent_slope(secant):
    data = secant.story
    errors = [abs(q - np.cos(data.x0)) for q in data.quotients]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 0.01
    assert slope_in_axes(secant.window, secant.tangent) == pytest.approx(
        np.cos(data.x0)
    )


def test_the_view_closes_in_so_that_p_and_q_stay_apart(secant):
    data = secant.story
    assert data.close_ups[0] == data.view
    for h, ((x_low, x_high), (y_low, y_high)) in zip(
        data.steps, data.close_ups, strict=True
    ):
        p = np.array([data.x0, np.sin(data.x0) + 2])
        q = np.array([data.x0 + h, np.sin(data.x0 + h) + 2])
        for x_, y_ in (p, q):
            assert x_low <= x_ <= x_high and y_low <= y_ <= y_high
        gap = (q - p) / [x_high - x_low, y_high - y_low]
        assert np.hypot(*gap) >= 0.25 - 1e-9
    # the last secants are seen close up: h = 0.01 is far below the whole view
    assert data.close_ups[-1][0][1] - data.close_ups[-1][0][0] < 0.1
    # the scene ends zoomed back out
    assert secant.window.x_range == pytest.approx(secant.window.home[0])


def test_tangent_slides_with_the_exact_slope(construct):
    scene = construct(TangentSlide)
    f = x**3 / 3 - x
    for x0 in (-2.2, -1.0, 0.0, 0.7, 2.4):
        scene.x.set_value(x0)
        for mobject in (scene.tangent, scene.point, scene.slope_point):
            mobject.update()
        exact_slope = float(sympy.diff(f, x).subs(x, x0))
        assert slope_in_axes(scene.axes, scene.tangent) == pytest.approx(
            exact_slope, abs=1e-6
        )
        assert tangent_line("x^3/3 - x", x0).slope == pytest.approx(exact_slope)
        point = to_axes(scene.axes, [scene.point.get_center()])[0]
        np.testing.assert_allclose(point[:2], [x0, float(f.subs(x, x0))], atol=1e-9)


def test_traced_points_lie_on_the_derivative(construct):
    scene = construct(TangentSlide)
    traced = to_axes(scene.slope_axes, scene.trace.get_anchors())
    assert len(traced) > 20
    np.testing.assert_allclose(traced[:, 1], traced[:, 0] ** 2 - 1, atol=1e-6)


def test_formulas_and_flat_points_come_from_sympy(construct):
    scene = construct(TangentSlide)
    f = x**3 / 3 - x
    assert scene.formulas[1].tex_strings[1] == sympy.latex(sympy.diff(f, x))
    flats = [float(point.x) for point in scene.story.critical_points]
    assert flats == sorted(float(r) for r in sympy.solve(sympy.diff(f, x), x))
