"""Scene files hold scenes only, each scene's construct reads as its beats, and
each scene declares the story it draws: the one its story function tells."""

from __future__ import annotations

import ast
import importlib
import typing
from pathlib import Path

import pytest
from manim import Scene

from scenes.base import LectureScene
from storyboard.catalog import STORIES
from storyboard.derivatives import SecantStory

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
        # (a generic base names its story: LectureScene[TangentStory])
        bases = {
            ast.unparse(base.value if isinstance(base, ast.Subscript) else base)
            for base in node.bases
        }
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


def scene_classes() -> dict[str, type[Scene]]:
    """Every scene class the chapters define, by name."""
    found: dict[str, type[Scene]] = {}
    for path in CHAPTERS:
        module = importlib.import_module(f"scenes.{path.stem}")
        found |= {
            name: value
            for name, value in vars(module).items()
            if isinstance(value, type)
            and issubclass(value, Scene)
            and value.__module__ == module.__name__
        }
    return found


SCENE_CLASSES = scene_classes()


@pytest.mark.parametrize("name", sorted(STORIES))
def test_each_scene_declares_the_story_its_function_tells(name):
    told = typing.get_type_hints(STORIES[name])["return"]
    assert SCENE_CLASSES[name].story_type() is told


def test_every_other_scene_class_is_the_base_of_a_story_scene():
    bases = set(SCENE_CLASSES) - set(STORIES)
    for name in bases:
        assert any(issubclass(SCENE_CLASSES[s], SCENE_CLASSES[name]) for s in STORIES)


def test_a_scene_declaring_another_story_does_not_tell_it():
    class TangentSlide(LectureScene[SecantStory]):
        """The tangent's story function, declared to tell a secant's story."""

    assert TangentSlide.story_type() is SecantStory
    with pytest.raises(TypeError, match="draws a SecantStory, .* tells a TangentStory"):
        TangentSlide.tell_story("TangentSlide", {})
