"""The coding scene shows the example file the tests run, and the values it prints."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
import sympy
from manim import Succession

from mathviz.descent import gradient_descent
from scenes.coding import CodingGradientDescent
from scenes.widgets.cards import code_highlight
from storyboard import coding as story
from tests.scenes.helpers import built_once, to_axes

x = sympy.Symbol("x", real=True)


def run_example() -> list[str]:
    """What the example prints when run as a script."""
    result = subprocess.run(
        [sys.executable, str(story.EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


@pytest.fixture
def scene(construct):
    return built_once(construct, CodingGradientDescent)


def test_the_example_prints_mathviz_descent():
    printed = [line.split() for line in run_example()]
    example = story.read_example()
    assert example.function == (x - 3) ** 2 + 1
    assert (example.start, example.rate, example.steps) == (0.0, 0.25, 6)
    path = gradient_descent("(x - 3)^2 + 1", "x", [0.0], 0.25, 6, tolerance=0.0)
    assert [int(step) for step, _, _ in printed] == list(range(1, 7))
    values = np.array([[float(v), float(fx)] for _, v, fx in printed])
    np.testing.assert_allclose(values[:, 0], path.points[1:, 0], atol=5e-5)
    np.testing.assert_allclose(values[:, 1], path.values[1:], atol=5e-5)
    # And the closed form: each step halves the distance to the minimum at 3.
    k = np.arange(1, 7)
    np.testing.assert_allclose(values[:, 0], 3 - 3 * 0.5**k, atol=5e-5)


def test_the_scene_log_is_what_the_example_prints(scene):
    assert [line.original_text for line in scene.log] == run_example()
    assert list(scene.story.log) == run_example()


def test_the_code_panel_shows_the_file_that_runs(scene):
    source = story.EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert scene.story.example.source.splitlines() == source
    assert len(scene.code.code_lines) == len(source)
    # Each line of the panel holds that line's characters, spaces aside.
    for shown, line in zip(scene.code.code_lines, source, strict=True):
        assert len(shown) == len(line.replace(" ", ""))
    # The lines the scene lights up are the loop's update and print.
    example = scene.story.example
    assert source[example.update_line - 1].strip() == "x = x - alpha * df(x)"
    assert source[example.print_line - 1].strip().startswith("print(")
    assert source[example.setup_line - 1].startswith("x, alpha =")


def test_the_highlight_frames_the_running_line(scene):
    example = scene.story.example
    for line in (example.update_line, example.print_line):
        frame = code_highlight(scene.code, line)
        glyphs = scene.code.code_lines[line - 1]
        assert frame.get_bottom()[1] < glyphs.get_bottom()[1]
        assert glyphs.get_top()[1] < frame.get_top()[1]
        for other in (line - 1, line + 1):
            if other <= len(scene.code.code_lines) and len(
                scene.code.code_lines[other - 1]
            ):
                center = scene.code.code_lines[other - 1].get_center()[1]
                assert not frame.get_bottom()[1] < center < frame.get_top()[1]


def test_the_point_walks_the_descent_path_on_the_curve(scene):
    path = scene.story.path
    visited = to_axes(scene.axes, np.array([dot.get_center() for dot in scene.trail]))
    np.testing.assert_allclose(visited[:, 0], path.points[:-1, 0], atol=1e-9)
    np.testing.assert_allclose(visited[:, 1], (visited[:, 0] - 3) ** 2 + 1, atol=1e-9)
    (end,) = to_axes(scene.axes, np.array([scene.point.get_center()]))
    np.testing.assert_allclose(
        end[:2], [path.points[-1, 0], path.values[-1]], atol=1e-9
    )


def test_read_example_rejects_another_shape(tmp_path):
    other = tmp_path / "other.py"
    other.write_text(textwrap.dedent("print('no descent here')\n"))
    with pytest.raises(ValueError, match="expected the shape of"):
        story.read_example(other)


def test_the_highlight_goes_to_the_update_line_then_to_the_print_line(construct):
    scene = built_once(construct, CodingGradientDescent)
    example = scene.story.example
    lines = (example.update_line, example.print_line)
    moves = Succession(*(scene.move_highlight(line, run_time=1) for line in lines))
    moves._setup_scene(scene)  # as Scene.play does
    moves.begin()
    for alpha, line in zip((0.5, 1.0), lines, strict=True):
        moves.interpolate(alpha)  # the end of each move
        frame = code_highlight(scene.code, line)
        np.testing.assert_allclose(
            scene.highlight.get_center(), frame.get_center(), atol=1e-6
        )
