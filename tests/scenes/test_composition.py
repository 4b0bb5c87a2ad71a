"""Composition widgets on plots of re-targeted options: texts give way where they must.

The scene cases are options a viewer found crowded (a label on a tick number, two
axis labels in one corner, an axis label in the title); the inspector judges them.
"""

import importlib

import numpy as np
import pytest
from manim import MathTex, Text

from lecture.project.manifest import load_lecture
from mathviz.ticks import fitted_axis
from scenes.widgets.plots import axes_for, clear_axes, plot_axes


def _box(mobject) -> np.ndarray:
    return np.array([mobject.get_corner(d)[:2] for d in ((-1, -1, 0), (1, 1, 0))])


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a[0] < b[1]) and np.all(b[0] < a[1]))


def test_a_tick_number_gives_way_to_a_label_laid_over_it():
    axes = plot_axes((-2, 2), [lambda x: x**2], 10.0, 6.0)
    numbers = list(axes.x_axis.numbers)
    covered = numbers[len(numbers) // 2 + 1]
    label = Text("minimum", font_size=24).move_to(covered)
    clear_axes(axes, label)
    kept = list(axes.x_axis.numbers)
    assert covered not in kept
    assert kept == [n for n in numbers if not _overlap(_box(n), _box(label))]
    assert len(kept) >= len(numbers) - 2


def test_axis_labels_meeting_in_one_corner_keep_apart():
    # Both ranges below zero: the axes run along the top and the right edges and
    # end in the same corner.
    axes = axes_for(
        fitted_axis(-0.7, -0.15, 5), fitted_axis(-0.9, -0.1, 4), 6.0, 4.0, "x", "f(x)"
    )
    x_label, y_label = axes.axis_labels
    clear_axes(axes)
    assert not _overlap(_box(x_label), _box(y_label))
    corner = axes.c2p(axes.x_range[1], axes.y_range[1])
    for label in (x_label, y_label):
        assert np.linalg.norm(label.get_center() - corner) < 1.0


CROWDED = [
    (
        "WhatIsOptimization",
        "scenes.intro",
        {"function": "x^4 - 8*x^2 + 3", "x_range": [-2.5, 2.5]},
        "square",
    ),
    (
        "TangentSlide",
        "scenes.derivatives",
        {"function": "x^4/4 - 2*x^2 + 0.5*x", "x_range": [-3, 3.2]},
        "square",
    ),
    (
        "SecantToTangent",
        "scenes.derivatives",
        {"function": "sin(x) + x/3", "x0": -0.5, "steps": [1.5, 0.8, 0.2]},
        "portrait",
    ),
    (
        "PartialDerivatives",
        "scenes.derivatives",
        {"function": "sin(x)*cos(y)", "point": [0.5, -1], "x_range": [-2, 2]},
        "portrait",
    ),
]


def _inputs(tmp_path, name: str, module: str, options: dict) -> dict:
    lines = [f"{key} = {_toml(value)}" for key, value in options.items()]
    (tmp_path / "lecture.toml").write_text(
        '[lecture]\ntitle = "Crowded"\n\n[[chapter]]\ntitle = "One"\n\n'
        f'[[chapter.scene]]\nname = "{name}"\nmodule = "{module}"\n'
        f'title = "A crowded plot"\n\n[chapter.scene.options]\n' + "\n".join(lines)
    )
    (scene,) = load_lecture(tmp_path / "lecture.toml").scenes
    return scene.inputs


def _toml(value) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


@pytest.mark.parametrize(
    ("name", "module", "options", "shape"),
    CROWDED,
    ids=[f"{name}-{shape}" for name, _, _, shape in CROWDED],
)
def test_crowded_options_pass_the_inspector(
    construct, tmp_path, name, module, options, shape
):
    scene_class = getattr(importlib.import_module(module), name)
    inputs = _inputs(tmp_path, name, module, options)
    scene = construct(scene_class, shape, inputs, inspect=True)
    assert scene.findings == []


def test_no_tick_number_is_left_under_the_maximize_label(construct, tmp_path):
    """The maximum sits where every side crosses a line: its label is plated there."""
    name, module, options, shape = CROWDED[0]
    scene = construct(
        getattr(importlib.import_module(module), name),
        shape,
        _inputs(tmp_path, name, module, options),
    )
    label = scene.goals["maximum"]
    assert label.plate is not None
    numbers = [*scene.axes.x_axis.numbers, *scene.axes.y_axis.numbers]
    assert all(isinstance(n, MathTex) for n in numbers)
    assert not any(_overlap(_box(n), _box(label.text)) for n in numbers)
