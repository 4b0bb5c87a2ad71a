"""Scene files hold scenes only, and each scene's construct reads as its beats."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCENES = Path(__file__).parents[2] / "scenes"
SHARED = {"__init__.py", "base.py", "style.py", "encoder.py"}
CHAPTERS = sorted(p for p in SCENES.glob("*.py") if p.name not in SHARED)
LONGEST_CONSTRUCT = 60
"""Lines a construct may take: its beats, each a few lines under a comment."""


def classes(path: Path) -> list[ast.ClassDef]:
    return [
        node
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef)
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_scene_file_defines_scenes_only(path):
    tree = ast.parse(path.read_text())
    helpers = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert helpers == [], f"{path.name}: move generic helpers to scenes/widgets/"
    for node in classes(path):
        bases = {ast.unparse(base) for base in node.bases}
        assert any(base.endswith("Scene") for base in bases), (path.name, node.name)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_constructs_are_short_and_name_the_story_one_way(path):
    for node in classes(path):
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and item.name == "construct":
                length = item.end_lineno - item.lineno + 1
                assert length <= LONGEST_CONSTRUCT, (node.name, length)
    source = path.read_text()
    assert "data = self.story" not in source and "self.story = " not in source


def test_the_check_would_catch_a_helper(tmp_path):
    chapter = tmp_path / "chapter.py"
    chapter.write_text("def polyline(points):\n    return points\n")
    with pytest.raises(AssertionError, match="move generic helpers"):
        test_a_scene_file_defines_scenes_only(chapter)
