"""Reading ``lecture.toml``: the lecture's chapters and scenes, in order, validated."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lecture.errors import LectureError

__all__ = [
    "MANIFEST_NAME",
    "Chapter",
    "Lecture",
    "SceneEntry",
    "find_manifest",
    "load_lecture",
]

MANIFEST_NAME = "lecture.toml"

_SCENE_KEYS = {"name": str, "module": str, "title": str}
_OPTIONAL_SCENE_KEYS = {"poster": (int, float)}


@dataclass(frozen=True)
class SceneEntry:
    """One scene of the lecture, as listed in ``lecture.toml``.

    Attributes
    ----------
    number
        Position in the whole lecture, from 1.
    name
        The Manim ``Scene`` class name.
    module
        The dotted module that defines the class, e.g. ``scenes.opening``.
    title
        Human title of the scene.
    chapter
        Title of the chapter the scene belongs to.
    poster
        Time (seconds) of the poster frame, or ``None`` to let the tool choose.
    table
        The scene's table exactly as written in ``lecture.toml``.
    """

    number: int
    name: str
    module: str
    title: str
    chapter: str
    poster: float | None
    table: dict[str, Any]

    @property
    def stem(self) -> str:
        """File name stem of the scene's outputs, e.g. ``01-TitleCard``."""
        return f"{self.number:02d}-{self.name}"

    @property
    def source(self) -> Path:
        """Path of the scene's module, relative to the project root."""
        return Path(*self.module.split(".")).with_suffix(".py")


@dataclass(frozen=True)
class Chapter:
    """A chapter of the lecture: a title and its scenes in order."""

    title: str
    scenes: tuple[SceneEntry, ...]


@dataclass(frozen=True)
class Lecture:
    """The validated contents of ``lecture.toml``.

    Attributes
    ----------
    title
        The lecture's title.
    chapters
        Chapters in lecture order.
    root
        The project root (the folder holding ``lecture.toml``).
    """

    title: str
    chapters: tuple[Chapter, ...]
    root: Path

    @property
    def scenes(self) -> tuple[SceneEntry, ...]:
        """All scenes in lecture order."""
        return tuple(scene for chapter in self.chapters for scene in chapter.scenes)

    def select(self, names: tuple[str, ...] | list[str]) -> tuple[SceneEntry, ...]:
        """The named scenes in lecture order, or all scenes when ``names`` is empty.

        Raises
        ------
        LectureError
            If a name is not a scene of the lecture; the message lists the valid ones.
        """
        by_name = {scene.name: scene for scene in self.scenes}
        unknown = [name for name in names if name not in by_name]
        if unknown:
            raise LectureError(
                f"unknown scene {unknown[0]!r}; valid scenes: {', '.join(by_name)}"
            )
        wanted = set(names)
        return tuple(s for s in self.scenes if not wanted or s.name in wanted)


def find_manifest(start: Path) -> Path:
    """The nearest ``lecture.toml`` in ``start`` or one of its parents.

    Raises
    ------
    LectureError
        If there is none.
    """
    for folder in (start, *start.parents):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
    raise LectureError(
        f"no {MANIFEST_NAME} in {start} or its parents; run from the project "
        "or pass --manifest PATH"
    )


def load_lecture(path: Path) -> Lecture:
    """Read and validate a ``lecture.toml``.

    Every scene's module file must exist and define the scene's class, and
    each scene may appear only once.

    Raises
    ------
    LectureError
        For a missing file, a TOML syntax error or any schema problem; the
        message names the file and the offending chapter, scene or key.
    """
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LectureError(f"{path}: no such file; pass --manifest PATH") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LectureError(f"{path}: cannot read it ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise LectureError(f"{where}: TOML syntax error: {error}") from None

    header = data.get("lecture")
    if not isinstance(header, dict) or not isinstance(header.get("title"), str):
        raise LectureError(f'{where}: needs a [lecture] table with title = "..."')
    raw_chapters = data.get("chapter")
    if not isinstance(raw_chapters, list) or not raw_chapters:
        raise LectureError(f"{where}: needs at least one [[chapter]] table")

    root = path.parent.resolve()
    chapters: list[Chapter] = []
    seen: dict[str, str] = {}
    number = 0
    for index, raw in enumerate(raw_chapters, 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            raise LectureError(f'{where}: chapter {index} needs title = "..."')
        chapter_title = raw["title"]
        raw_scenes = raw.get("scene", [])
        if not isinstance(raw_scenes, list):
            raise LectureError(
                f"{where}: chapter {chapter_title!r}: scenes go in [[chapter.scene]] "
                "tables"
            )
        scenes = []
        for table in raw_scenes:
            number += 1
            scene = _scene_entry(table, number, chapter_title, where)
            if scene.name in seen:
                raise LectureError(
                    f"{where}: duplicate entry: scene {scene.name!r} is listed in "
                    f"chapter {seen[scene.name]!r} and again in {chapter_title!r}; "
                    "list each scene once"
                )
            seen[scene.name] = chapter_title
            _check_defined(scene, root, where)
            scenes.append(scene)
        chapters.append(Chapter(chapter_title, tuple(scenes)))
    if not number:
        raise LectureError(f"{where}: needs at least one [[chapter.scene]] table")
    return Lecture(header["title"], tuple(chapters), root)


def _scene_entry(table: Any, number: int, chapter: str, where: str) -> SceneEntry:
    """Validate one ``[[chapter.scene]]`` table."""
    label = f"{where}: scene {number} (chapter {chapter!r})"
    if not isinstance(table, dict):
        raise LectureError(f"{label}: expected a [[chapter.scene]] table")
    if isinstance(table.get("name"), str):
        label = f"{where}: scene {table['name']!r}"
    known = _SCENE_KEYS | _OPTIONAL_SCENE_KEYS
    for key in table:
        if key not in known:
            raise LectureError(
                f"{label}: unknown key {key!r}; valid keys: {', '.join(known)}"
            )
    for key, kind in _SCENE_KEYS.items():
        if not isinstance(table.get(key), kind):
            raise LectureError(f'{label}: needs {key} = "..."')
    name, module = table["name"], table["module"]
    if not name.isidentifier():
        raise LectureError(f"{label}: name must be a Python class name")
    if not all(part.isidentifier() for part in module.split(".")):
        raise LectureError(
            f"{label}: module {module!r} is not a dotted module name like "
            "'scenes.opening'"
        )
    poster = table.get("poster")
    if poster is not None and (
        not isinstance(poster, _OPTIONAL_SCENE_KEYS["poster"])
        or isinstance(poster, bool)
        or poster < 0
    ):
        raise LectureError(f"{label}: poster must be a time in seconds (>= 0)")
    return SceneEntry(
        number=number,
        name=name,
        module=module,
        title=table["title"],
        chapter=chapter,
        poster=None if poster is None else float(poster),
        table=dict(table),
    )


def _check_defined(scene: SceneEntry, root: Path, where: str) -> None:
    """Check that the scene's module file exists and binds the class name.

    A module that does not parse is left for the render to report, so that
    one broken scene does not stop the others.
    """
    source = root / scene.source
    label = f"{where}: scene {scene.name!r}"
    if not source.is_file():
        raise LectureError(
            f"{label}: module {scene.module!r} not found (no file {scene.source})"
        )
    try:
        tree = ast.parse(source.read_bytes(), filename=str(source))
    except SyntaxError:
        return
    if scene.name not in _top_level_names(tree):
        raise LectureError(
            f"{label}: missing scene class: {scene.source} defines no class "
            f"{scene.name}"
        )


def _top_level_names(tree: ast.Module) -> set[str]:
    """Names bound at a module's top level by classes, assignments and imports."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names
