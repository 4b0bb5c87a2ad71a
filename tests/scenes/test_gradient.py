"""What the gradient and Jacobian scenes draw equals sympy and mathviz."""

import re

import numpy as np
import pytest
import sympy

from mathviz.contours import contours
from mathviz.expressions import compact
from scenes.gradient import GradientField, JacobianLocalLinear
from tests.scenes.helpers import built_once, to_axes

x, y = sympy.symbols("x y", real=True)
F = x * sympy.exp(-(x**2) - y**2)
GRADIENT = sympy.lambdify((x, y), [sympy.diff(F, x), sympy.diff(F, y)], "numpy")
MAP = sympy.Matrix([x**2 * y, 5 * x + sympy.sin(y)])
JACOBIAN = MAP.jacobian([x, y])


def exact_gradient(points: np.ndarray) -> np.ndarray:
    return np.stack(GRADIENT(points[:, 0], points[:, 1]), axis=-1)


def polyline(axes, line) -> np.ndarray:
    """The corners of a polyline drawn on ``axes``, in axis units and in order."""
    corners = np.vstack([line.get_start_anchors(), line.get_end()])
    return to_axes(axes, corners)[:, :2]


def ends_in_axes(axes, arrow) -> np.ndarray:
    return to_axes(axes, np.array([arrow.get_start(), arrow.get_end()]))[:, :2]


@pytest.fixture
def gradient_scene(construct):
    return built_once(construct, GradientField)


def test_arrows_point_along_the_gradient_with_proportional_length(gradient_scene):
    scene = gradient_scene
    starts, vectors = [], []
    for arrow in scene.arrows:
        start, end = ends_in_axes(scene.axes, arrow)
        starts.append(start)
        vectors.append(end - start)
    starts, vectors = np.array(starts), np.array(vectors)
    exact = exact_gradient(starts)
    # Parallel and pointing the same way: the cross product vanishes, the dot is positive.
    cross = vectors[:, 0] * exact[:, 1] - vectors[:, 1] * exact[:, 0]
    np.testing.assert_allclose(cross, 0, atol=1e-9)
    assert np.all(np.einsum("ij,ij->i", vectors, exact) > 0)
    # One length per unit of gradient norm for all arrows.
    ratios = np.linalg.norm(vectors, axis=1) / np.linalg.norm(exact, axis=1)
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-6)
    # The grid covers the plot: arrows start on a regular lattice inside it. The
    # map holds the options' square, widened to the room beside the text.
    (x0, x1), (y0, y1) = scene.framed.x_range, scene.framed.y_range
    assert x0 <= -2 and x1 >= 2 and y0 <= -2 and y1 >= 2
    assert len(starts) >= 49
    assert np.all((starts > [x0, y0]) & (starts < [x1, y1]))
    assert len(np.unique(starts.round(6), axis=0)) == len(starts)
    # The featured arrow points the gradient's way, drawn longer to stand out: a
    # fixed share of the map (its norm is in the readout).
    start, end = ends_in_axes(scene.axes, scene.point_arrow)
    np.testing.assert_allclose(start, scene.story.point, atol=1e-9)
    (g,) = exact_gradient(start[None, :])
    side = min(np.ptp(scene.framed.x_range), np.ptp(scene.framed.y_range))
    expected = scene.POINT_ARROW * side * g / np.linalg.norm(g)
    np.testing.assert_allclose(end - start, expected, atol=1e-6)
    assert np.linalg.norm(end - start) > 2 * np.linalg.norm(vectors, axis=1).max()


def test_the_gradient_at_p_is_perpendicular_to_its_level_curve(gradient_scene):
    scene = gradient_scene
    p = scene.story.point
    (g,) = exact_gradient(p[None, :])
    (curve,) = scene.point_level
    points = np.concatenate([polyline(scene.axes, line) for line in curve])
    # The drawn curve is the level f(p): f is constant along it (sympy's f).
    values = sympy.lambdify((x, y), F)(points[:, 0], points[:, 1])
    np.testing.assert_allclose(values, float(F.subs({x: p[0], y: p[1]})), atol=2e-4)
    # Near p, the curve runs at right angles to the gradient: the principal
    # direction of its points within 0.1 of p.
    near = points[np.linalg.norm(points - p, axis=1) < 0.1]
    assert len(near) >= 4
    _, _, (along, _) = np.linalg.svd(near - near.mean(axis=0))
    assert abs(along @ g) / np.linalg.norm(g) < 0.02
    # So does the dashed tangent drawn there.
    tangent = ends_in_axes(scene.axes, scene.tangent)
    assert abs(np.diff(tangent, axis=0)[0] @ g) < 1e-9


def test_level_curves_are_mathviz_contours_of_f(gradient_scene):
    scene = gradient_scene
    story = scene.framed  # the map widened to its room
    expected = contours(F, ("x", "y"), story.x_range, story.y_range, 8)
    assert len(scene.level_curves) == len(expected) == 8
    f = sympy.lambdify((x, y), F)
    for drawn, curve in zip(scene.level_curves, expected, strict=True):
        assert len(drawn) == len(curve.lines) >= 1
        for line, points in zip(drawn, curve.lines, strict=True):
            back = polyline(scene.axes, line)
            np.testing.assert_allclose(back, points, atol=1e-9)
            np.testing.assert_allclose(f(*back.T), curve.level, atol=1e-3)


def test_directional_derivative_readout_peaks_along_the_gradient(gradient_scene):
    scene = gradient_scene
    p = scene.story.point
    (g,) = exact_gradient(p[None, :])
    readout = scene.readouts[1].number
    for angle in np.linspace(0, 2 * np.pi, 9):
        scene.direction.set_value(angle)
        readout.update()
        assert readout.get_value() == pytest.approx(
            g @ (np.cos(angle), np.sin(angle)), abs=1e-12
        )
    assert scene.story.directional_derivative(scene.story.uphill_angle) == (
        pytest.approx(np.linalg.norm(g))
    )
    assert f"= {np.linalg.norm(g):.2f}" in scene.readouts[3].tex_string


def test_formulas_are_sympys(gradient_scene):
    scene = gradient_scene
    assert scene.formulas[0].tex_strings[1] == sympy.latex(F)
    gradient_tex = scene.formulas[2].tex_string
    for variable in (x, y):
        partial_derivative = sympy.diff(F, variable)
        shown = compact(partial_derivative)  # printed in its shortest form
        assert sympy.simplify(shown - partial_derivative) == 0
        assert sympy.latex(shown) in gradient_tex
    p = scene.story.point
    (g,) = exact_gradient(p[None, :])
    shown = [float(v) for v in re.findall(r"-?\d+\.\d+", scene.readouts[0].tex_string)]
    np.testing.assert_allclose(shown, [*p, *g], atol=0.005)


@pytest.fixture
def jacobian_scene(construct):
    return built_once(construct, JacobianLocalLinear)


def test_jacobian_entries_are_sympys(jacobian_scene):
    scene = jacobian_scene
    assert scene.formulas[0].tex_strings[1] == sympy.latex(MAP)
    # Matrices print their fractions full size: \dfrac for \frac.
    jacobian = scene.formulas[1].tex_strings[1].replace(r"\dfrac", r"\frac")
    assert jacobian.endswith(sympy.latex(JACOBIAN))
    at_p = JACOBIAN.subs({x: 1, y: 1})  # cos(1) is not whole: J(p) is rounded
    assert scene.formulas[2].tex_strings[1] == r"\approx"
    shown = [
        float(v)
        for v in re.findall(
            r"-?\d+(?:\.\d+)?", scene.formulas[2].tex_strings[2].split(r"\left[")[1]
        )
    ]
    np.testing.assert_allclose(shown, np.array(at_p, dtype=float).ravel(), rtol=5e-3)


def test_grid_images_are_f_and_the_jacobian_applied_to_the_grid(jacobian_scene):
    scene = jacobian_scene
    f = sympy.lambdify((x, y), list(MAP), "numpy")
    p = np.array([1.0, 1.0])
    f_p = np.array(f(*p), dtype=float)
    j_p = np.array(JACOBIAN.subs({x: 1, y: 1}), dtype=float)
    linear = np.concatenate(
        [polyline(scene.output_axes, line) for line in scene.linear_image]
    )
    for h in (1.0, 0.3, 0.05):
        scene.h.set_value(h)
        scene.square.update()
        scene.image.update()
        grid = np.concatenate([polyline(scene.window, line) for line in scene.square])
        image = np.concatenate(
            [polyline(scene.output_axes, line) for line in scene.image]
        )
        # The grid is a square of half-side h around p, with lines across it.
        np.testing.assert_allclose(grid.min(axis=0), p - h, atol=1e-9)
        np.testing.assert_allclose(grid.max(axis=0), p + h, atol=1e-9)
        # Its image: f at each grid point, seen from f(p) and magnified by 1/h.
        np.testing.assert_allclose(
            image, (np.stack(f(*grid.T), -1) - f_p) / h, atol=1e-6
        )
        # The linear image: J(p) applied to the same offsets.
        np.testing.assert_allclose(linear, (grid - p) / h @ j_p.T, atol=1e-6)


def test_images_coincide_as_the_square_shrinks(jacobian_scene):
    scene = jacobian_scene
    gaps = []
    for h in scene.story.sizes:
        scene.h.set_value(h)
        scene.readouts[1].number.update()
        gaps.append(scene.readouts[1].number.get_value())
    assert gaps == sorted(gaps, reverse=True)
    # Second-order: the gap shrinks in proportion to h.
    ratios = np.array(gaps) / np.array(scene.story.sizes)
    assert ratios.max() < 1.5 * ratios.min()
    assert gaps[-1] < 0.2
