"""The four rooms and their one direction of travel: mathviz <- storyboard <- scenes <- lecture.

mathviz and storyboard never import manim (checked by importing every module and by
reading the source), and no room imports a room above it. Inside lecture/, the stages
keep one direction of travel too: kit <- project <- sound <- render <- publish <- cli.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("mathviz", "storyboard", "scenes", "lecture")
"""From the bottom up: each room may import only the rooms below it."""
PURE = ("mathviz", "storyboard")
STAGES = ("kit", "project", "sound", "render", "publish", "cli")
"""lecture/'s stages from the bottom up: each may import only the stages below it."""


def module_names(package: str) -> list[str]:
    path = importlib.import_module(package).__path__
    return [package, *(i.name for i in pkgutil.walk_packages(path, f"{package}."))]


def sources(package: str) -> list[Path]:
    return sorted(Path(importlib.import_module(package).__file__).parent.rglob("*.py"))


def module_name(path: Path) -> str:
    """The dotted name of a source file of the repository (``lecture.render.renderer``)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    """The package a relative import in ``path`` starts from."""
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imported_modules(tree: ast.AST, package: str = "") -> set[str]:
    """The modules a source imports; relative imports resolved against ``package``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(
                [*(anchor if node.level else []), *filter(None, [node.module])]
            )
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
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
        for module in imported_modules(ast.parse(path.read_text()), package_of(path))
        if module.split(".")[0] in above
    }
    assert offenders == {}


def test_lecture_shows_its_stages() -> None:
    root = ROOT / "lecture"
    loose = sorted(p.name for p in root.glob("*.py") if p.name != "__init__.py")
    folders = {p.name for p in root.iterdir() if (p / "__init__.py").is_file()}
    assert loose == []
    assert folders == set(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_of_lecture_imports_a_stage_above_it(stage) -> None:
    above = set(STAGES[STAGES.index(stage) + 1 :])
    offenders = {
        f"{module_name(path)} imports {module}"
        for path in sorted((ROOT / "lecture" / stage).rglob("*.py"))
        for module in imported_modules(ast.parse(path.read_text()), package_of(path))
        if module.startswith("lecture.") and module.split(".")[1] in above
    }
    assert offenders == set()


def test_the_source_scan_would_catch_an_import() -> None:
    for line in [
        "import manim",
        "from manim.mobject import Dot",
        "__import__('manim')",
        "from scenes.base import LectureScene",
    ]:
        found = {m.split(".")[0] for m in imported_modules(ast.parse(line))}
        assert found & {"manim", "scenes"}
    for line in [
        "from lecture.cli.progress import console",
        "from lecture import cli",
        "from .. import cli",
        "from ..cli.progress import console",
        "import lecture.cli",
    ]:
        found = imported_modules(ast.parse(line), "lecture.render")
        assert {m for m in found if m.startswith("lecture.cli")}, line
