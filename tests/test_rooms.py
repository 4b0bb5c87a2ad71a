"""The four rooms and their one direction of travel: mathviz <- storyboard <- scenes <- lecture.

mathviz and storyboard never import manim (checked by importing every module and by
reading the source), and no room imports a room above it.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOMS = ("mathviz", "storyboard", "scenes", "lecture")
"""From the bottom up: each room may import only the rooms below it."""
PURE = ("mathviz", "storyboard")


def module_names(package: str) -> list[str]:
    path = importlib.import_module(package).__path__
    return [package, *(i.name for i in pkgutil.walk_packages(path, f"{package}."))]


def sources(package: str) -> list[Path]:
    return sorted(Path(importlib.import_module(package).__file__).parent.rglob("*.py"))


def imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


@pytest.mark.parametrize("package", PURE)
def test_importing_every_module_loads_no_manim(package) -> None:
    names = module_names(package)
    assert len(names) > 3
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'manim'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("package", ROOMS)
def test_no_room_imports_a_room_above_it(package) -> None:
    above = {"manim"} if package in PURE else set()
    above |= set(ROOMS[ROOMS.index(package) + 1 :])
    offenders = {
        str(path.name): module
        for path in sources(package)
        for module in imported_modules(ast.parse(path.read_text()))
        if module.split(".")[0] in above
    }
    assert offenders == {}


def test_the_source_scan_would_catch_an_import() -> None:
    for line in [
        "import manim",
        "from manim.mobject import Dot",
        "__import__('manim')",
        "from scenes.base import LectureScene",
    ]:
        found = {m.split(".")[0] for m in imported_modules(ast.parse(line))}
        assert found & {"manim", "scenes"}
