"""Slide draws its story, in every shape, and crowded slides pass the inspector.

A slide's options are written as a manifest would write them (the README's own
example among them); what it draws maps back to its story and to the formula
computed here, independently.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy

from lecture.project.manifest import load_lecture
from scenes.slide import Slide
from storyboard.catalog import tell
from storyboard.options import toml_value
from tests.scenes.helpers import assert_inside_frame, built_once, to_axes

ROOT = Path(__file__).parents[2]
SHAPES = ["landscape", "portrait", "square"]


def slide_inputs(folder: Path, options: dict, title: str = "A crowded slide") -> dict:
    """The inputs the build tool hands a Slide with ``options``, read from a manifest."""
    table = "\n".join(f"{key} = {toml_value(value)}" for key, value in options.items())
    (folder / "lecture.toml").write_text(
        '[lecture]\ntitle = "Slides"\n\n[[chapter]]\ntitle = "One"\n\n'
        '[[chapter.scene]]\nname = "Slide"\nmodule = "scenes.slide"\n'
        f"title = {toml_value(title)}\n\n[chapter.scene.options]\n{table}\n"
    )
    (entry,) = load_lecture(folder / "lecture.toml").scenes
    return entry.inputs


def readme_slide() -> str:
    """The manifest of the README's section "Slides without Python"."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Slides without Python") :]
    return section.split("```toml\n")[1].split("```")[0]


# --- what it draws is its story -----------------------------------------------------

PLOTTED = {
    "bullets": ["A cubic rises, falls and rises again."],
    "formulas": ["f'(x) = x^2 - 1"],
    "plot": "x^3/3 - x",
    "x_range": [-2.0, 2.5],
}


@pytest.fixture(scope="module")
def plotted(tmp_path_factory):
    return slide_inputs(tmp_path_factory.mktemp("plotted"), PLOTTED)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_curve_is_the_formula_computed_here(construct, plotted, shape):
    scene = built_once(construct, Slide, shape, plotted)
    points = to_axes(scene.axes, scene.curve.get_anchors())
    cubic = sympy.lambdify("x", sympy.sympify("x**3/3 - x"))
    np.testing.assert_allclose(points[:, 1], cubic(points[:, 0]), atol=1e-6)
    assert points[:, 0].min() == pytest.approx(-2.0)
    assert points[:, 0].max() == pytest.approx(2.5)
    # the axes hold the whole window the story frames
    (x_low, x_high), (y_low, y_high) = scene.story.view
    assert scene.axes.x_range[0] <= x_low and x_high <= scene.axes.x_range[1]
    assert scene.axes.y_range[0] <= y_low and y_high <= scene.axes.y_range[1]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_item_is_typeset_from_the_story_in_its_beat(construct, plotted, shape):
    scene = built_once(construct, Slide, shape, plotted)
    story = scene.story
    assert scene.plot_formula.tex_strings == list(story.plot.latex_parts)
    assert [f.tex_strings for f in scene.formulas] == [
        list(formula.latex_parts) for formula in story.formulas
    ]
    assert [
        b[1].lines_text.original_text.replace("\n", " ") for b in scene.bullets
    ] == (list(story.bullets))
    assert [beat.caption for beat in scene.narration_beats] == list(story.captions)
    # read top to bottom (or beside the plot): the formula of the curve, the bullets,
    # then the formulas
    items = [scene.plot_formula, *scene.bullets, *scene.formulas]
    tops = [item.get_top()[1] for item in items]
    assert tops == sorted(tops, reverse=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_default_slide_is_the_derivative(construct, shape):
    scene = built_once(construct, Slide, shape)
    assert scene.plot_formula is None
    assert [beat.caption for beat in scene.narration_beats] == list(
        tell("Slide").captions
    )
    # a chain wider than the slide breaks before an '=', each row within the text
    for formula in scene.formulas:
        assert formula.width <= scene.content_size()[0] + 1e-6


# --- crowded slides and the README's pass the inspector -----------------------------

SIX = [
    "Optimization means making something as good as it can be.",
    "A loss function measures how far a model's predictions are from the truth.",
    "Gradient descent takes small steps downhill, against the gradient of the loss.",
    "The learning rate alpha sets how long each step is; too long, it overshoots.",
    "It has converged when the gradient is nearly zero and the steps are tiny.",
    "Every number shown here is computed, never typed in by hand.",
]
LONG = [
    "Gradient descent walks downhill: at every step it measures the slope of the cost "
    "where it stands, and takes a step against it, long in proportion to alpha.",
    "When the learning rate is too large, each step lands farther from the minimum "
    "than the last: the iterates bounce from side to side and the distance grows.",
]
BREAKING = "g(x) = " + " + ".join(
    f"sin({k}*x)*cos(x^{k})/(1 + x^{k})" for k in (1, 2, 3)
)
UNBREAKING = "r(x) = sqrt(" + " + ".join(f"a[{k}]*x^{k}" for k in range(1, 9)) + ")"
CHAIN = (
    "J(a, b) = 1/n * sum((a*x[i] + b - y[i])^2, i, 1, n) = 1/n * sum(r[i]^2, i, 1, n)"
)
SECOND = "f''(x) = diff(f(x), x, 2) = lim((f(x + h) - 2*f(x) + f(x - h))/h^2, h, 0)"
CROWDED = {
    "long-bullets": {"bullets": LONG, "formulas": ["x[k + 1] = x[k] - alpha*g(x[k])"]},
    "six-bullets-beside-a-plot": {"bullets": SIX, "formulas": [], "plot": "x^3 - x"},
    "wide-formulas": {"bullets": [], "formulas": [BREAKING, UNBREAKING, CHAIN, SECOND]},
    "wide-formulas-beside-a-plot": {
        "bullets": ["Two wide formulas beside a curve."],
        "formulas": [CHAIN, SECOND],
        "plot": "x^4/4 - x^2 + 0.3*x",
        "x_range": [-2.2, 2.2],
    },
    "no-plot": {"bullets": SIX, "formulas": [BREAKING, SECOND]},
    "plot-only": {"bullets": [], "formulas": [], "plot": "sin(x)*exp(-x/4)", "x_range": [0, 12]},
}  # fmt: skip


@pytest.mark.parametrize(
    "shape",
    ["landscape", *(pytest.param(s, marks=pytest.mark.slow) for s in SHAPES[1:])],
)
@pytest.mark.parametrize("case", CROWDED)
def test_crowded_slides_pass_the_inspector(construct, tmp_path, case, shape):
    scene = construct(Slide, shape, slide_inputs(tmp_path, CROWDED[case]), inspect=True)
    assert scene.findings == []
    assert_inside_frame(scene)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_readmes_slide_loads_and_passes_the_inspector(construct, tmp_path, shape):
    (tmp_path / "lecture.toml").write_text(
        '[lecture]\ntitle = "Slides"\n\n[[chapter]]\ntitle = "One"\n\n' + readme_slide()
    )
    (entry,) = load_lecture(tmp_path / "lecture.toml").scenes
    story = tell(entry.name, entry.inputs)
    assert story.plot is not None and story.bullets and story.formulas
    scene = construct(Slide, shape, entry.inputs, inspect=True)
    assert scene.findings == []
    assert [beat.caption for beat in scene.narration_beats] == list(story.captions)
