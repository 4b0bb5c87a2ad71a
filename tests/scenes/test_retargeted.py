"""Scenes re-targeted by the second lecture draw what sympy says of its options.

The inputs come from ``lectures/descent-by-example/lecture.toml``; every expected
value is computed here from the option texts with sympy.
"""

from pathlib import Path

import numpy as np
import pytest
import sympy

from lecture.project.manifest import load_lecture
from scenes.derivatives import SecantToTangent, TangentSlide
from scenes.descent import LearningRateOvershoot
from scenes.gradient import GradientField
from tests.scenes.helpers import built_once, to_axes

MANIFEST = (
    Path(__file__).parents[2] / "lectures" / "descent-by-example" / "lecture.toml"
)
INPUTS = {scene.name: scene.inputs for scene in load_lecture(MANIFEST).scenes}
x, y = sympy.symbols("x y", real=True)


def formula(name: str, key: str = "function") -> sympy.Expr:
    return sympy.sympify(INPUTS[name][key].replace("^", "**"), locals={"x": x, "y": y})


def slope_in_axes(axes, line) -> float:
    (x0, y0), (x1, y1) = to_axes(axes, np.array([line.get_start(), line.get_end()]))[
        :, :2
    ]
    return (y1 - y0) / (x1 - x0)


def test_tangent_slide_draws_the_new_functions_tangents_and_derivative(construct):
    scene = built_once(construct, TangentSlide, inputs=INPUTS["TangentSlide"])
    f = formula("TangentSlide")
    df = sympy.diff(f, x)
    assert scene.formulas[1].tex_strings[1] == sympy.latex(df)  # 4 x^{3} - 4 x
    for x0 in (-1.5, -1.0, -0.3, 0.0, 0.8, 1.5):
        scene.x.set_value(x0)
        scene.tangent.update()
        scene.point.update()
        assert slope_in_axes(scene.axes, scene.tangent) == pytest.approx(
            float(df.subs(x, x0)), abs=1e-6
        )
        point = to_axes(scene.axes, [scene.point.get_center()])[0]
        np.testing.assert_allclose(point[:2], [x0, float(f.subs(x, x0))], atol=1e-9)
    traced = to_axes(scene.slope_axes, scene.trace.get_anchors())
    np.testing.assert_allclose(
        traced[:, 1], sympy.lambdify(x, df)(traced[:, 0]), atol=1e-6
    )
    flats = sorted(float(r) for r in sympy.solve(df, x))
    assert [float(p.x) for p in scene.story.critical_points] == flats == [-1, 0, 1]


def test_secant_scene_draws_the_exponentials_quotients(construct):
    scene = built_once(construct, SecantToTangent, inputs=INPUTS["SecantToTangent"])
    f, x0 = formula("SecantToTangent"), INPUTS["SecantToTangent"]["x0"]
    for h in INPUTS["SecantToTangent"]["steps"]:
        scene.h.set_value(h)
        scene.secant.update()
        exact = float((f.subs(x, x0 + h) - f.subs(x, x0)) / h)
        assert slope_in_axes(scene.window, scene.secant) == pytest.approx(
            exact, rel=1e-6
        )
    assert slope_in_axes(scene.window, scene.tangent) == pytest.approx(
        float(sympy.diff(f, x).subs(x, x0))
    )


def test_gradient_field_arrows_follow_the_new_gradient(construct):
    scene = built_once(construct, GradientField, inputs=INPUTS["GradientField"])
    f = formula("GradientField")
    gradient = sympy.lambdify((x, y), [sympy.diff(f, x), sympy.diff(f, y)])
    for arrow in scene.arrows:
        (start, end) = to_axes(
            scene.axes, np.array([arrow.get_start(), arrow.get_end()])
        )[:, :2]
        exact = np.array(gradient(*start))
        drawn = end - start
        assert drawn[0] * exact[1] - drawn[1] * exact[0] == pytest.approx(0, abs=1e-9)
        assert drawn @ exact >= 0


def test_overshoot_jumps_land_on_the_closed_form_iterates(construct):
    inputs = INPUTS["LearningRateOvershoot"]
    scene = built_once(construct, LearningRateOvershoot, inputs=inputs)
    f = formula("LearningRateOvershoot")
    L = float(sympy.diff(f, x, 2))
    (lowest,) = sympy.solve(sympy.diff(f, x), x)
    for jumps, run in zip(
        scene.jumps, (scene.story.unsafe, scene.story.safe), strict=True
    ):
        dots = [jumps[0], *(jump[1] for jump in jumps[1:] if len(jump) == 2)]
        assert len(dots) == run.view.shown
        drawn = to_axes(scene.axes, np.array([dot.get_center() for dot in dots]))
        for k, (x_k, y_k) in enumerate(drawn):
            factor = 1 - run.learning_rate * L
            expected = float(lowest) + factor**k * (inputs["start"] - float(lowest))
            assert x_k == pytest.approx(expected, abs=1e-9)
            assert y_k == pytest.approx(float(f.subs(x, x_k)), abs=1e-9)
    assert scene.story.unsafe.learning_rate == inputs["learning_rate"]
