"""The coding example, read and never run, shows what running it prints.

Each variant below is a valid example; the scene's log must equal what Python prints
when the test runs the file (the test may run it: it wrote it). The refusals of
examples that contradict themselves are in tests/lecture/test_hostile.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storyboard.coding import EXAMPLE, coding_gradient_descent, read_example

BASE = EXAMPLE.read_text()

VARIANTS = {
    "as-shipped": BASE,
    "augmented-update": BASE.replace("x = x - alpha * df(x)", "x -= alpha * df(x)"),
    "rearranged-update": BASE.replace("x - alpha * df(x)", "-(df(x) * alpha) + x"),
    "expanded-derivative": BASE.replace("2 * (x - 3)", "2*x - 6"),
    "f-string-and-sep": BASE.replace(
        'print(step, f"{x:.4f}", f"{f(x):.4f}")',
        'print(f"step {step}: x = {x:+.3f}", f"slope {df(x):.2e}", sep=" | ")',
    ),
    "range-from-zero": BASE.replace("range(1, 7)", "range(5)").replace(
        'f"{f(x):.4f}"', "alpha, 'done'"
    ),
    "math-import": BASE.replace(
        "\n\n\ndef f(x):\n    return (x - 3) ** 2 + 1",
        "\nfrom math import cos, sin\n\n\ndef f(x):\n    return 1 - cos(x - 3)",
    )
    .replace("return 2 * (x - 3)", "return sin(x - 3)")
    .replace("0.0, 0.25", "2.0, 0.5"),
    "other-parameter": BASE.replace(
        "def f(x):\n    return (x - 3) ** 2 + 1",
        ("def f(t):\n    return (t - 3) ** 2 + 1"),
    ),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_the_log_is_what_the_file_prints(tmp_path: Path, name: str) -> None:
    path = tmp_path / "example.py"
    path.write_text(VARIANTS[name])
    printed = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    story = coding_gradient_descent(example=path)
    assert list(story.log) == printed
    assert len(printed) == story.example.steps == story.path.steps


def test_the_lines_it_lights_up_are_the_files() -> None:
    example = read_example()
    lines = example.source.splitlines()
    assert lines[example.update_line - 1].strip() == "x = x - alpha * df(x)"
    assert lines[example.print_line - 1].strip().startswith("print(")
    assert lines[example.loop_line - 1].startswith("for step in range(")
