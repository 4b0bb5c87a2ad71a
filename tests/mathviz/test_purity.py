"""mathviz never imports manim: checked by importing it and by reading its source."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import mathviz

PACKAGE = Path(mathviz.__file__).parent


def module_names() -> list[str]:
    return [
        info.name for info in pkgutil.walk_packages(mathviz.__path__, prefix="mathviz.")
    ]


def test_importing_every_module_loads_no_manim() -> None:
    names = ["mathviz", *module_names()]
    assert "mathviz.calculus" in names
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


def imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
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


def test_no_source_file_mentions_a_manim_import() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "expressions.py" in sources
    offenders = {
        str(path.relative_to(PACKAGE)): module
        for path in sources
        for module in imported_modules(ast.parse(path.read_text()))
        if module.split(".")[0] == "manim"
    }
    assert offenders == {}


def test_the_source_scan_would_catch_an_import() -> None:
    for line in [
        "import manim",
        "from manim.mobject import Dot",
        "__import__('manim')",
    ]:
        assert "manim" in {m.split(".")[0] for m in imported_modules(ast.parse(line))}
