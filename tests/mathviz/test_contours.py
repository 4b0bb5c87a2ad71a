"""Level curves: points on their level, round circles, domains, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.contours import (
    LevelCurve,
    bowl_view,
    box_values,
    contours,
    grid_values,
)

XY = ("x", "y")


def shoelace_area(line: np.ndarray) -> float:
    x, y = line.T
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@st.composite
def positive_definite_quadratics(draw):
    """Coefficients of a x^2 + b xy + c y^2 + d x + e y, positive-definite Hessian."""
    a = draw(st.floats(0.1, 5))
    c = draw(st.floats(0.1, 5))
    b = draw(st.floats(-0.95, 0.95)) * 2 * np.sqrt(a * c)  # so that 4ac - b^2 > 0
    d, e = draw(st.floats(-3, 3)), draw(st.floats(-3, 3))
    return a, b, c, d, e


@settings(max_examples=40, deadline=None)
@given(
    positive_definite_quadratics(),
    st.lists(st.floats(0.01, 0.99), min_size=1, max_size=4),
    st.integers(20, 120),
)
def test_every_point_lies_on_its_level(coefficients, fractions, resolution) -> None:
    a, b, c, d, e = coefficients
    sx, sy = sympy.symbols("x y")
    formula = a * sx**2 + b * sx * sy + c * sy**2 + d * sx + e * sy
    x_range, y_range = (-2.0, 3.0), (-3.0, 1.0)
    # levels strictly between the smallest and largest value at the corners, which
    # are grid points: so each level is crossed somewhere on the grid
    corners = [(x, y) for x in x_range for y in y_range]
    values = [a * x * x + b * x * y + c * y * y + d * x + e * y for x, y in corners]
    low, high = min(values), max(values)
    levels = [low + t * (high - low) for t in fractions]
    curves = contours(formula, XY, x_range, y_range, levels, resolution=resolution)

    # linear interpolation along a grid edge of length h misses a function whose
    # second derivative along the edge is s by at most s h^2 / 8
    hx = (x_range[1] - x_range[0]) / (resolution - 1)
    hy = (y_range[1] - y_range[0]) / (resolution - 1)
    bound = max(2 * a * hx**2, 2 * c * hy**2) / 8 + 1e-9 * (1 + abs(high) + abs(low))
    assert [curve.level for curve in curves] == pytest.approx(levels)
    for curve in curves:
        assert curve.lines
        for line in curve.lines:
            assert line.ndim == 2 and line.shape[1] == 2 and len(line) >= 2
            x, y = line.T
            f = a * x * x + b * x * y + c * y * y + d * x + e * y
            assert np.max(np.abs(f - curve.level)) <= bound
            assert np.all((x >= x_range[0] - 1e-12) & (x <= x_range[1] + 1e-12))
            assert np.all((y >= y_range[0] - 1e-12) & (y <= y_range[1] + 1e-12))


@pytest.mark.parametrize("radius", [0.5, 1.0, 1.7])
def test_circles_have_the_right_radius_and_area(radius: float) -> None:
    (curve,) = contours("x^2 + y^2", XY, (-2, 2), (-2, 2), [radius**2], resolution=101)
    assert isinstance(curve, LevelCurve)
    (loop,) = curve.lines
    np.testing.assert_array_equal(loop[0], loop[-1])  # closed
    h = 4 / 100
    # |r_p^2 - r^2| <= 2 h^2 / 8, and r_p + r >= r
    np.testing.assert_allclose(np.hypot(*loop.T), radius, atol=h**2 / 4 / radius)
    assert shoelace_area(loop) == pytest.approx(np.pi * radius**2, rel=5e-3)


def test_a_linear_function_is_traced_exactly() -> None:
    curves = contours("x + 2*y", XY, (0, 1), (0, 1), [0.5, 1.5, 2.5])
    for curve in curves:
        for line in curve.lines:
            np.testing.assert_allclose(line @ [1, 2], curve.level, atol=1e-12)
    assert [len(c.lines) for c in curves] == [1, 1, 1]


def test_a_level_count_spreads_levels_strictly_inside_the_range() -> None:
    curves = contours("x + y", XY, (0, 1), (0, 1), 3)
    assert [c.level for c in curves] == pytest.approx([0.5, 1.0, 1.5])


def test_a_level_outside_the_values_has_no_line() -> None:
    (curve,) = contours("x^2 + y^2", XY, (-1, 1), (-1, 1), [5.0])
    assert curve.lines == ()


def test_a_level_cut_by_the_rectangle_gives_open_pieces() -> None:
    # the circle of radius 1.5 leaves the square [-1.2, 1.2]^2 through all four sides
    (curve,) = contours("x^2 + y^2", XY, (-1.2, 1.2), (-1.2, 1.2), [2.25])
    assert len(curve.lines) == 4
    for line in curve.lines:
        assert not np.array_equal(line[0], line[-1])
        np.testing.assert_allclose(np.hypot(*line.T), 1.5, atol=1e-3)


def test_no_curve_where_the_function_is_undefined() -> None:
    with np.errstate(all="raise"):  # and no floating-point warning either
        (curve,) = contours("log(x) + y", XY, (-1, 2), (-1, 1), [0.0], resolution=101)
    assert curve.lines
    for line in curve.lines:
        x, y = line.T
        assert np.all(x > 0)
        np.testing.assert_allclose(np.log(x) + y, 0, atol=1e-3)


def test_grid_values_put_x_along_columns() -> None:
    x, y, z = grid_values("x - 3*y^2", XY, (0, 2), (-1, 1), resolution=5)
    np.testing.assert_array_equal(x, np.linspace(0, 2, 5))
    np.testing.assert_array_equal(y, np.linspace(-1, 1, 5))
    np.testing.assert_allclose(z, x[None, :] - 3 * y[:, None] ** 2)


def test_box_values_index_the_axes_in_the_order_of_the_variables() -> None:
    axes, values = box_values(
        "x*y - z^2", ("x", "y", "z"), [(0, 1), (-2, 2), (1, 3)], resolution=4
    )
    assert [axis.tolist() for axis in axes] == [
        np.linspace(0, 1, 4).tolist(),
        np.linspace(-2, 2, 4).tolist(),
        np.linspace(1, 3, 4).tolist(),
    ]
    x, y, z = np.meshgrid(*axes, indexing="ij")
    np.testing.assert_allclose(values, x * y - z**2)


def test_box_values_of_one_variable_mark_where_f_is_undefined() -> None:
    with np.errstate(all="raise"):  # and no floating-point warning either
        (x,), values = box_values("log(x)", "x", [(-1, 1)], resolution=5)
    assert np.isnan(values[x < 0]).all() and np.isneginf(values[x == 0]).all()
    np.testing.assert_allclose(values[x > 0], np.log(x[x > 0]))


def test_grid_values_are_box_values_with_y_down_the_rows() -> None:
    x, y, z = grid_values("sin(x) + y^3", XY, (0, 3), (-1, 2), resolution=7)
    (bx, by), values = box_values("sin(x) + y^3", XY, [(0, 3), (-1, 2)], 7)
    np.testing.assert_array_equal(x, bx)
    np.testing.assert_array_equal(y, by)
    np.testing.assert_array_equal(z, values.T)


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ([(0, 1)], "one range per variable"),
        ([(0, 1), (2, 2)], "range of y"),
        ([(0, float("inf")), (0, 1)], "range of x"),
    ],
)
def test_box_values_refuse_a_bad_box(ranges, message) -> None:
    with pytest.raises(ValueError, match=message):
        box_values("x + y", XY, ranges)


def test_other_variable_names() -> None:
    (curve,) = contours("a^2 + b^2", ("a", "b"), (-2, 2), (-2, 2), [1.0])
    (loop,) = curve.lines
    np.testing.assert_allclose(np.hypot(*loop.T), 1, atol=1e-3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"x_range": (1, 0)}, "range of x"),
        ({"y_range": (0, float("nan"))}, "range of y"),
        ({"resolution": 1}, "resolution"),
        ({"levels": [1.0, float("inf")]}, "finite"),
        ({"levels": 0}, "at least 1"),
        ({"variables": ("x",)}, "two variables"),
        ({"f": "sqrt(-1 - x^2)"}, "no finite value"),
    ],
)
def test_bad_input_is_rejected_clearly(arguments: dict, message: str) -> None:
    call = {
        "f": "x^2 + y^2",
        "variables": XY,
        "x_range": (-1, 1),
        "y_range": (-1, 1),
        "levels": [0.5],
    }
    with pytest.raises(ValueError, match=message):
        contours(**(call | arguments))


def test_bowl_view_holds_the_ellipse_of_the_level_with_room() -> None:
    # x^2/4 + y^2 = 4 is the ellipse of half-axes 4 (along x) and 2; the path runs
    # from its top (0, 2) to the minimum. 8 % of the width, 8.0, pads each side;
    # the height, 5.28, is then widened to 2/3 of the width (9.28).
    (x_range, y_range) = bowl_view(
        "x^2/4 + y^2", XY, (0, 0), [[0, 2], [0, 1], [0, 0]], 4
    )
    np.testing.assert_allclose(x_range, (-4.64, 4.64), atol=5e-3)
    np.testing.assert_allclose(y_range, (-9.28 / 3, 9.28 / 3), atol=5e-3)


def test_bowl_view_around_a_minimum_off_the_origin_holds_the_path() -> None:
    path = np.array([[5.0, -1.0], [2.5, 0.2], [1.0, 1.0]])
    (x0, x1), (y0, y1) = bowl_view("(x - 1)^2 + (y - 1)^2", XY, (1, 1), path, 32.0)
    # The circle of radius sqrt(32) about (1, 1), with 8 % of its diameter on
    # each side: a square map centred on the minimum.
    half = np.sqrt(32) * 1.16
    np.testing.assert_allclose([x0, x1, y0, y1], [1 - half, 1 + half] * 2, atol=5e-3)
    assert np.all((path >= [x0, y0]) & (path <= [x1, y1]))
