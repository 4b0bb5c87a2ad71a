"""The benchmark finds every scene function, times it cold, reports failures."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "mathviz_bench", ROOT / "benchmarks" / "mathviz_bench.py"
)
bench = sys.modules["mathviz_bench"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

CHAPTER = '''
"""A fake chapter."""
from math import sqrt

__all__ = ["scene", "with_defaults", "needs_argument", "Story", "sqrt", "broken"]


class Story:
    pass


def scene():
    return sum(i * i for i in range(1000))


def with_defaults(n=3, *rest, **options):
    return n


def needs_argument(n):
    return n


def broken():
    raise ArithmeticError("no numbers today")


def _private():
    return 0
'''

UNLISTED = """
def visible():
    return 1


def _hidden():
    return 2
"""


@pytest.fixture
def storyboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway package standing in for mathviz.storyboard, importable by workers."""
    package = tmp_path / "fakeboard"
    package.mkdir()
    (package / "__init__.py").write_text('"""Fake storyboard."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(bench, "STORYBOARD", "fakeboard")
    yield package
    for name in [m for m in sys.modules if m.split(".")[0] == "fakeboard"]:
        del sys.modules[name]


def test_discovers_public_zero_argument_functions_defined_in_each_module(
    storyboard: Path,
) -> None:
    (storyboard / "chapter.py").write_text(textwrap.dedent(CHAPTER))
    (storyboard / "unlisted.py").write_text(textwrap.dedent(UNLISTED))
    (storyboard / "_helpers.py").write_text("def helper():\n    return 0\n")
    (storyboard / "typo.py").write_text("import not_a_module_anywhere\n")
    targets, failures = bench.discover()
    assert targets == [
        "fakeboard.chapter:broken",
        "fakeboard.chapter:scene",
        "fakeboard.chapter:with_defaults",
        "fakeboard.unlisted:visible",
    ]
    assert [(f.name, f.error.split(":")[0]) for f in failures] == [
        ("fakeboard.typo", "ModuleNotFoundError")
    ]


def test_an_empty_or_missing_storyboard_has_nothing_to_time(
    storyboard: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.discover() == ([], [])
    assert bench.main([]) == 0
    output = capsys.readouterr().out
    assert "0 scene functions" in output
    assert "each function in its own process: 0.000 s (0.000 s CPU), within" in output
    bench.STORYBOARD = "no_such_storyboard_package"
    assert bench.discover() == ([], [])


def test_times_functions_in_a_fresh_process_past_a_failure(storyboard: Path) -> None:
    (storyboard / "chapter.py").write_text(textwrap.dedent(CHAPTER))
    targets = ["scene", "broken", "with_defaults"]
    scene, broken, other = bench.time_cold([f"fakeboard.chapter:{t}" for t in targets])
    assert [scene.name, broken.name, other.name] == [f"chapter.{t}" for t in targets]
    for timing in (scene, other):
        assert not timing.error
        assert 0 < timing.cold < 5 and 0 < timing.cpu < 5 and 0 < timing.warm < 5
        assert timing.startup > 0
    assert broken.error == "ArithmeticError: no numbers today"


def test_the_report_lists_every_function_and_fails_on_errors(
    storyboard: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (storyboard / "chapter.py").write_text(
        "def scene():\n    return 1\n\n\ndef broken():\n    return 1 / 0\n"
    )
    assert bench.main([]) == 1
    lines = capsys.readouterr().out.splitlines()
    (scene,) = [line for line in lines if line.startswith("chapter.scene ")]
    assert len([float(word) for word in scene.split()[1:]]) == 4
    (broken,) = [line for line in lines if line.startswith("chapter.broken ")]
    assert "error" in broken and "ZeroDivisionError: division by zero" in broken
    assert sum("0.5 s target" in line for line in lines) == 2
    assert "1 failed: fix them and run again" in lines
