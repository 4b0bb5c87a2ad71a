"""Reading ``lecture.toml``: the lecture's chapters, scenes and their options, all checked.

Checking goes as far as the mathematics: each scene's options are validated by its
story function's model (types, formulas through the safe parser, files relative to
the manifest's folder), then the story itself is computed, which checks what the
scene needs (a maximum in range, a rate past 2/L, an answer among the choices).
Every problem is one line, ``<manifest>: <Scene>.options.<key>: what is wrong; how
to fix it``, and all of them are reported together, before any work.

The check is bounded: the manifest and the files it names are read only up to a
size, each scene's mathematics gets :data:`STORY_SECONDS` of CPU time, and files
must lie inside the manifest's folder. It is a function of what it reads (the
manifest, the scene modules' sources, the files the options name).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from lecture.kit.files import shown
from lecture.project.errors import LectureError, one_line
from lecture.project.limits import OutOfTime, cpu_time_limit
from lecture.project.modules import Modules
from lecture.project.settings import Voice
from storyboard.catalog import STORY_VARIABLE, story_function, tell
from storyboard.narration import WORDS_VARIABLE, BeatWords
from storyboard.options import (
    LectureInfo,
    Line,
    Spoken,
    StoryError,
    Text,
    options_model,
    toml_value,
    within_folder,
)
from storyboard.theme import THEME_VARIABLE, Theme

__all__ = [
    "MANIFEST_NAME",
    "MAX_MANIFEST_BYTES",
    "MAX_MODULE_BYTES",
    "STORY_SECONDS",
    "Chapter",
    "Lecture",
    "LectureHeader",
    "SceneEntry",
    "default_text",
    "find_manifest",
    "load_lecture",
]

MANIFEST_NAME = "lecture.toml"
MAX_MANIFEST_BYTES = 1_000_000
"""The largest manifest read (the lecture's own is about 5 kB)."""
STORY_SECONDS = 4.0
"""CPU seconds the check of one scene's mathematics may take."""
MAX_NAME = 100
"""The longest scene class name or module name accepted, in characters."""
MAX_BEAT = 99
"""The largest beat number a ``say`` or ``caption`` table may name."""
MAX_MODULE_BYTES = 1_000_000
"""The largest scene module of a lecture's folder read (this project's are < 30 kB)."""

_SCENE_KEYS = {"name": str, "module": str, "title": str}
_OPTIONAL_SCENE_KEYS = ("id", "poster", "options", "say", "caption")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
"""A scene entry's id: letters and digits, words joined by ``-`` or ``_``."""


class LectureHeader(BaseModel):
    """The ``[lecture]`` table.

    Attributes
    ----------
    title
        The lecture's title.
    club
        Who holds the session (shown above the title on the title card).
    presenter
        Who presents.
    affiliation
        The presenter's roles, separated by ``·``.
    slug
        The folder name of the lecture's outputs; by default made from the title.
    voice
        Who speaks the beats when a command gets no ``--voice``: ``"piper"`` (an
        offline neural voice, the default), ``"flite"`` (light, robotic) or
        ``"none"`` (silent videos).
    theme
        The club's look (``[lecture.theme]``): colours, font and logo.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Line
    club: Text = ""
    presenter: Text = ""
    affiliation: Text = ""
    slug: StrictStr | None = None
    voice: Voice = "piper"
    theme: Theme = Field(default_factory=Theme.shipped)


@dataclass(frozen=True)
class SceneEntry:
    """One scene of the lecture, as listed in ``lecture.toml``, checked.

    Attributes
    ----------
    number
        Position in the whole lecture, from 1.
    id
        What keys the entry's outputs, recordings and slides: the entry's ``id``,
        or its class name when it has none (a scene listed once needs none).
    name
        The Manim ``Scene`` class name.
    module
        The dotted module that defines the class, e.g. ``scenes.opening``.
    title
        Human title of the scene, also shown on screen.
    chapter
        Title of the chapter the scene belongs to.
    poster
        Time (seconds) of the poster frame, or ``None`` to let the tool choose.
    table
        The scene's table exactly as written in ``lecture.toml``.
    inputs
        What the build tool hands the scene: its story's inputs (options, title,
        title-card facts) as JSON values; empty for a scene without a story.
    files
        Files the options name (read at render time, so fingerprinted).
    source
        The module's file.
    root
        The folder holding the module's top-level package (Manim runs there).
    from_lecture
        Whether the module is the lecture folder's own Python code rather than
        the installed project's: rendering the scene runs it.
    words
        The manifest's own words for some beats (``say`` and ``caption`` tables).
    theme
        The lecture's look.
    """

    number: int
    id: str
    name: str
    module: str
    title: str
    chapter: str
    poster: float | None
    table: dict[str, Any]
    inputs: dict[str, Any]
    files: tuple[Path, ...]
    source: Path
    root: Path
    from_lecture: bool = False
    words: BeatWords = BeatWords()
    theme: Theme = field(default_factory=Theme.shipped)

    @property
    def stem(self) -> str:
        """File name stem of the entry's outputs, e.g. ``01-TitleCard``."""
        return f"{self.number:02d}-{self.id}"

    @property
    def variables(self) -> dict[str, str]:
        """What the build tool hands the scene's process, as environment variables.

        The story's inputs, the manifest's words for its beats and the
        lecture's theme (JSON).
        """
        return {
            STORY_VARIABLE: json.dumps(self.inputs, ensure_ascii=False),
            WORDS_VARIABLE: self.words.as_json(),
            THEME_VARIABLE: self.theme.as_json(),
        }


@dataclass(frozen=True)
class Chapter:
    """A chapter of the lecture: a title and its scenes in order."""

    title: str
    scenes: tuple[SceneEntry, ...]


@dataclass(frozen=True)
class Lecture:
    """The validated contents of a ``lecture.toml``.

    Attributes
    ----------
    header
        The ``[lecture]`` table.
    chapters
        Chapters in lecture order.
    path
        The manifest.
    """

    header: LectureHeader
    chapters: tuple[Chapter, ...]
    path: Path

    @property
    def title(self) -> str:
        """The lecture's title."""
        return self.header.title

    @property
    def full_title(self) -> str:
        """The title with the club's name, for files and decks: ``Club: Title``."""
        club = self.header.club
        return f"{club}: {self.title}" if club else self.title

    @property
    def slug(self) -> str:
        """The folder name of this lecture's outputs (``[lecture] slug`` or the title's)."""
        return self.header.slug or slugify(self.title)

    @property
    def where(self) -> str:
        """The manifest as messages name it: relative to here when inside."""
        return shown(self.path)

    @property
    def folder(self) -> Path:
        """The manifest's folder: relative files and the default outputs are here."""
        return self.path.parent

    @property
    def scenes(self) -> tuple[SceneEntry, ...]:
        """All scenes in lecture order."""
        return tuple(scene for chapter in self.chapters for scene in chapter.scenes)

    def untrusted(
        self, scenes: tuple[SceneEntry, ...] | list[SceneEntry]
    ) -> LectureError | None:
        """The refusal to render ``scenes`` if some run the lecture folder's own code.

        ``None`` when all of them come from the installed project.
        """
        own = [scene for scene in scenes if scene.from_lecture]
        if not own:
            return None
        files = sorted({str(scene.source.relative_to(self.folder)) for scene in own})
        return LectureError(
            one_line(
                f"{self.where}: {', '.join(s.name for s in own)}: Python "
                f"code from the lecture's folder ({', '.join(files)}) runs when "
                f"{'it renders' if len(own) == 1 else 'they render'}; if you trust "
                "this folder, pass --trust-code"
            )
        )

    def select(self, names: tuple[str, ...] | list[str]) -> tuple[SceneEntry, ...]:
        """The named scenes in lecture order, or all scenes when ``names`` is empty.

        A name is an entry's id, or a class name (every entry of that scene).

        Raises
        ------
        LectureError
            If a name is neither; the message lists the valid ones.
        """
        known = {scene.id for scene in self.scenes} | {s.name for s in self.scenes}
        unknown = [name for name in names if name not in known]
        if unknown:
            valid = ", ".join(dict.fromkeys(scene.id for scene in self.scenes))
            raise LectureError(f"unknown scene {unknown[0]!r}; valid scenes: {valid}")
        wanted = set(names)
        return tuple(s for s in self.scenes if not wanted or {s.id, s.name} & wanted)


def slugify(text: str) -> str:
    """A folder name made of a title: lower case words joined by ``-``.

    Examples
    --------
    >>> slugify("Calculus for Optimization: Part 2!")
    'calculus-for-optimization-part-2'
    """
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "lecture"


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
    """Read and validate a ``lecture.toml``, down to each scene's mathematics.

    Every scene's module must be found (under the manifest's folder or in the
    installed project) and define the scene's class, each scene may appear only
    once, and each scene's options must give its story.

    Raises
    ------
    LectureError
        For a missing file, a TOML syntax error or any schema problem; one line
        per problem, each naming the file and the offending chapter, scene or key.
    """
    where = shown(path)
    try:
        if path.exists() and not path.is_file():
            raise LectureError(
                f"{where}: not a file; pass --manifest PATH of a lecture.toml"
            )
        with path.open("rb") as file:
            raw = file.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise LectureError(
                f"{where}: larger than {MAX_MANIFEST_BYTES // 1000} kB; is it the "
                "lecture's manifest?"
            )
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise LectureError(f"{where}: no such file; pass --manifest PATH") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LectureError(one_line(f"{where}: cannot read it ({error})")) from None
    except tomllib.TOMLDecodeError as error:
        raise LectureError(one_line(f"{where}: TOML syntax error: {error}")) from None
    except RecursionError:
        raise LectureError(f"{where}: TOML nested too deeply") from None
    reader = _Reader(where, path.resolve().parent)
    header = reader.header(data.get("lecture"))
    reader.theme = header.theme
    chapters = reader.chapters(data.get("chapter"), header)
    if reader.problems:
        raise LectureError("\n".join(reader.problems))
    return Lecture(header, chapters, path.resolve())


class _Reader:
    """Reads the parts of a manifest, collecting every problem as one line."""

    def __init__(self, where: str, folder: Path) -> None:
        self.where = where
        self.folder = folder
        self.modules = Modules(folder)
        self.problems: list[str] = []
        self.theme = Theme.shipped()
        """The lecture's look, once its header is read."""
        self.seen: dict[str, tuple[str, str]] = {}
        """The class name and chapter of each entry read so far, by its folded id."""
        self.names: dict[Path, set[str] | None] = {}
        """The names each scene module read so far binds (``None``: it does not parse)."""

    def fail(self, message: str) -> LectureError:
        """A problem that stops the reading at once."""
        return LectureError(one_line(f"{self.where}: {message}"))

    def problem(self, message: str) -> None:
        """A problem to report with the others, once the whole manifest is read."""
        self.problems.append(one_line(f"{self.where}: {message}"))

    def title(self, text: str, where: str, example: str) -> None:
        """Check a chapter's or a scene's title: one line of text, not empty."""
        try:
            _LINE.validate_python(text)
        except ValidationError as error:
            raise self.fail(
                f"{where}.title: {_message(error.errors()[0])}; write "
                f"title = {toml_value(example)}"
            ) from None

    def header(self, table: Any) -> LectureHeader:
        """The ``[lecture]`` table (its problems stop the reading)."""
        if not isinstance(table, dict) or not isinstance(table.get("title"), str):
            raise self.fail('needs a [lecture] table with title = "..."')
        try:
            header = LectureHeader.model_validate(
                table, context={"folder": self.folder}
            )
        except ValidationError as error:
            for problem in error.errors():
                self.problem(_header_problem(problem))
            raise LectureError("\n".join(self.problems)) from None
        for key, wrong in header.theme.problems():
            self.problem(f"[lecture.theme].{key}: {wrong}")
        if header.slug is not None and not (
            len(header.slug) <= MAX_NAME and _SLUG.fullmatch(header.slug)
        ):
            self.problem(
                f"[lecture].slug: {header.slug!r} is not a folder name of lower-case "
                f"words joined by '-' (at most {MAX_NAME}); e.g. slug = \"my-lecture\""
            )
        return header

    def chapters(self, raw: Any, header: LectureHeader) -> tuple[Chapter, ...]:
        """The chapters and their scenes, each scene checked."""
        if not isinstance(raw, list) or not raw:
            raise self.fail("needs at least one [[chapter]] table")
        titles = []
        for index, chapter in enumerate(raw, 1):
            if not isinstance(chapter, dict) or not isinstance(
                chapter.get("title"), str
            ):
                raise self.fail(f'chapter {index} needs title = "..."')
            self.title(chapter["title"], f"chapter {index}", "Chapter title")
            if not isinstance(chapter.get("scene", []), list):
                raise self.fail(
                    f"chapter {chapter['title']!r}: scenes go in [[chapter.scene]] tables"
                )
            titles.append(chapter["title"])
        card = header.model_dump(include=set(LectureInfo.model_fields))
        chapters: list[Chapter] = []
        number = 0
        for index, chapter in enumerate(raw):
            lecture = LectureInfo(**card, agenda=tuple(titles[index + 1 :]))
            scenes = []
            for table in chapter.get("scene", []):
                number += 1
                scene = self.scene(table, number, titles[index], lecture)
                if scene is not None:
                    scenes.append(scene)
            chapters.append(Chapter(titles[index], tuple(scenes)))
        if not number:
            raise self.fail("needs at least one [[chapter.scene]] table")
        return tuple(chapters)

    def scene(
        self, table: Any, number: int, chapter: str, lecture: LectureInfo
    ) -> SceneEntry | None:
        """One ``[[chapter.scene]]`` table, or ``None`` if its options are wrong."""
        label = f"scene {number} (chapter {chapter!r})"
        if not isinstance(table, dict):
            raise self.fail(f"{label}: expected a [[chapter.scene]] table")
        if isinstance(table.get("name"), str):
            label = f"scene {table['name']!r}"
        known = [*_SCENE_KEYS, *_OPTIONAL_SCENE_KEYS]
        for key in table:
            if key not in known:
                raise self.fail(
                    f"{label}: unknown key {key!r}; valid keys: {', '.join(known)}"
                )
        for key, kind in _SCENE_KEYS.items():
            if not isinstance(table.get(key), kind):
                raise self.fail(f'{label}: needs {key} = "..."')
        name, module = table["name"], table["module"]
        if not name.isidentifier() or len(name) > MAX_NAME:
            raise self.fail(
                f"{label}: name must be a Python class name (at most {MAX_NAME} "
                'characters); e.g. name = "TangentSlide"'
            )
        entry = self.entry_id(table.get("id", name), name)
        if entry != name:
            label = f"scene {entry!r} ({name})"
        where = name if entry == name else entry
        self.title(table["title"], where, "What the scene shows")
        self.unique(entry, name, chapter)
        if len(module) > MAX_NAME or not all(
            part.isidentifier() for part in module.split(".")
        ):
            raise self.fail(
                f"{label}: module {module!r} is not a dotted module name like "
                "'scenes.opening'"
            )
        poster = table.get("poster")
        if poster is not None and (
            not isinstance(poster, int | float)
            or isinstance(poster, bool)
            or not 0 <= poster < float("inf")
        ):
            raise self.fail(
                f"{where}.poster: poster must be a time in seconds (>= 0), got "
                f"{poster!r}; e.g. poster = 2.5"
            )
        options = table.get("options", {})
        if not isinstance(options, dict):
            raise self.fail(
                f"{label}: options go in a [chapter.scene.options] table "
                f"(options = {{ key = value }})"
            )
        source = self.defined(name, module, label)
        root = self.modules.root(module)
        assert root is not None  # found with the source
        words = BeatWords(
            say=self.beat_texts(table, "say", where, _SPOKEN),
            caption=self.beat_texts(table, "caption", where, _LINE),
        )
        checked = self.inputs(name, where, table["title"], options, lecture)
        if checked is None:
            return None
        inputs, files = checked
        if self.theme.logo is not None:
            files += (self.theme.logo,)
        return SceneEntry(
            number=number,
            id=entry,
            name=name,
            module=module,
            title=table["title"],
            chapter=chapter,
            poster=None if poster is None else float(poster),
            table=dict(table),
            inputs=inputs,
            files=files,
            source=source,
            root=root,
            from_lecture=self.modules.from_lecture(module),
            words=words,
            theme=self.theme,
        )

    def entry_id(self, value: Any, name: str) -> str:
        """A scene entry's ``id`` (of a ``name`` scene), checked to be fit for file names."""
        if not (
            isinstance(value, str) and len(value) <= MAX_NAME and _ID.fullmatch(value)
        ):
            raise self.fail(
                f"{name}.id: {value!r} is not an id of letters and digits joined by "
                f"'-' or '_' (at most {MAX_NAME} characters); e.g. id = \"tangent-cubic\""
            )
        return value

    def unique(self, entry: str, name: str, chapter: str) -> None:
        """Check that no entry read so far has the id ``entry`` (case aside: file names)."""
        key = entry.casefold()
        if key in self.seen:
            other, before = self.seen[key]
            where = (
                f"twice in chapter {chapter!r}"
                if before == chapter
                else f"in chapter {before!r} and again in {chapter!r}"
            )
            suggested = "-".join(re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+", name)).lower()
            raise self.fail(
                f"duplicate entry: scene {name!r} is listed {where}; list it once, "
                f'or give each entry its own id (id = "{suggested}-2")'
                if entry == name == other
                else f"duplicate id {entry!r}: scenes {other!r} (chapter {before!r}) "
                f"and {name!r} (chapter {chapter!r}); give each entry its own id"
            )
        self.seen[key] = (name, chapter)

    def beat_texts(
        self, table: dict[str, Any], key: str, where: str, kind: TypeAdapter[str]
    ) -> dict[int, str]:
        """A ``say`` or ``caption`` table: beat numbers from 1 to the beats' words."""
        raw = table.get(key, {})
        example = f'[chapter.scene.{key}] table of beat numbers and words: "2" = "..."'
        if not isinstance(raw, dict):
            raise self.fail(f"{where}.{key}: expected a {example}")
        texts = {}
        for number, text in raw.items():
            if not (number.isdigit() and 1 <= int(number) <= MAX_BEAT):
                raise self.fail(
                    f"{where}.{key}.{number}: not a beat number from 1 to {MAX_BEAT}; "
                    f"`lecture script {where}` lists the beats; expected a {example}"
                )
            try:
                texts[int(number)] = kind.validate_python(text)
            except ValidationError as error:
                raise self.fail(
                    f"{where}.{key}.{number}: {_message(error.errors()[0])}"
                ) from None
        return texts

    def defined(self, name: str, module: str, label: str) -> Path:
        """The module's file, checked to exist and bind the class name.

        A module of the lecture's folder must lie inside it (links followed) and
        be at most :data:`MAX_MODULE_BYTES`. A module that does not parse is left
        for the render to report, so that one broken scene does not stop the
        others.
        """
        source = self.modules.file(module)
        if source is None:
            raise self.fail(
                f"{label}: module {module!r} not found (no file "
                f"{Path(*module.split('.')).with_suffix('.py')} here or in the "
                "installed project)"
            )
        if self.modules.root(module) == self.folder:
            shown = source.relative_to(self.folder)
            try:
                within_folder(shown, self.folder)
            except ValueError as error:
                raise self.fail(f"{label}: module {module!r}: {error}") from None
            if source.stat().st_size > MAX_MODULE_BYTES:
                raise self.fail(
                    f"{label}: module {module!r}: {shown} is larger than "
                    f"{MAX_MODULE_BYTES // 1000} kB; is it a scene module?"
                )
        if source not in self.names:
            self.names[source] = _top_level_names(source)
        names = self.names[source]
        if names is None:
            return source
        if name not in names:
            raise self.fail(
                f"{label}: missing scene class: {source.name} defines no class {name}"
            )
        return source

    def inputs(
        self,
        scene: str,
        where: str,
        title: str,
        options: dict[str, Any],
        lecture: LectureInfo,
    ) -> tuple[dict[str, Any], tuple[Path, ...]] | None:
        """A scene's story inputs as JSON values and the files they name, checked.

        Problems name the entry as ``where`` (its id, or its class name);
        ``None`` (with the problems recorded) if an option or the story is wrong.
        """
        story = story_function(scene)
        if story is None:
            if options:
                self.problem(
                    f"{where}.options: this scene takes no options; remove its "
                    "[chapter.scene.options] table"
                )
                return None
            return {}, ()
        model = options_model(story)
        try:
            values = model.model_validate(options, context={"folder": self.folder})
        except ValidationError as error:
            for problems in _by_option(error.errors()):
                self.problem(self.option_problem(where, model, problems))
            return None
        inputs = values.model_dump(mode="json")
        parameters = inspect.signature(story).parameters
        if "title" in parameters:
            inputs["title"] = title
        if "lecture" in parameters:
            inputs["lecture"] = lecture.model_dump(mode="json")
        wrong = _story_problem(scene, where, inputs)
        if wrong is not None:
            self.problem(wrong)
            return None
        files = tuple(
            value for value in dict(values).values() if isinstance(value, Path)
        )
        return inputs, files

    def option_problem(
        self, scene: str, model: type[BaseModel], problems: list[Any]
    ) -> str:
        """The pydantic problems with one option as a line saying how to fix it.

        Items of a list with the same problem are named together (``items 1, 2``);
        of different problems, the first is said.
        """
        problem = problems[0]
        key, *inner = problem["loc"]
        fields = model.model_fields
        where = f"{scene}.options.{key}"
        if problem["type"] == "extra_forbidden":
            valid = ", ".join(fields) or "none"
            return f"{where}: unknown option; valid options: {valid}"
        items = [
            str(p["loc"][1] + 1)
            for p in problems
            if len(p["loc"]) > 1
            and isinstance(p["loc"][1], int)
            and _message(p) == _message(problem)
        ]
        item = (
            f"item{'s' if len(items) > 1 else ''} {', '.join(items)}: " if items else ""
        )
        example = default_text(fields[key].default)
        return f"{where}: {item}{_message(problem)}; write it like {key} = {example}"


def _by_option(problems: list[Any]) -> list[list[Any]]:
    """Pydantic problems grouped by the option they are about, in order."""
    groups: dict[Any, list[Any]] = {}
    for problem in problems:
        groups.setdefault(problem["loc"][0], []).append(problem)
    return list(groups.values())


def _story_problem(scene: str, where: str, inputs: dict[str, Any]) -> str | None:
    """What is wrong with a scene's story for these inputs, or ``None``.

    ``where`` names the entry in the line (its id, or its class name).
    The story is told as the scene will tell it, so that the scene will not fail,
    within :data:`STORY_SECONDS` of CPU time and with numpy's warnings silenced
    (a problem is said once, in the line).
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            with cpu_time_limit(STORY_SECONDS):
                tell(scene, inputs)
    except StoryError as error:
        key = (
            "[lecture]"
            if error.option == "lecture"
            else f"{where}.options.{error.option}"
        )
        return f"{key}: {error.problem}"
    except OutOfTime:
        return (
            f"{where}.options: checking the scene's mathematics takes more than "
            f"{STORY_SECONDS:g} s of CPU time; choose simpler formulas or narrower ranges"
        )
    except Exception as error:  # whatever sympy or numpy raise: still one line
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (
            f"{where}.options: the scene cannot be built from these options "
            f"({detail}); try other values"
        )
    return None


_LINE: TypeAdapter[str] = TypeAdapter(Line)
"""Checks a title or a caption: one line of text, not empty."""
_SPOKEN: TypeAdapter[str] = TypeAdapter(Spoken)
"""Checks words for the voice (see :data:`storyboard.options.Spoken`)."""


def _header_problem(problem: Any) -> str:
    """A pydantic problem with the ``[lecture]`` table (or its theme) as a line."""
    table, examples = "[lecture]", _HEADER_EXAMPLES
    model: type[BaseModel] = LectureHeader
    location = [str(part) for part in problem["loc"]]
    if location[0] == "theme" and len(location) > 1:
        table, model, examples = "[lecture.theme]", Theme, _THEME_EXAMPLES
        location = location[1:]
    key = ".".join(location)
    fix = (
        f"valid keys: {', '.join(model.model_fields)}"
        if problem["type"] == "extra_forbidden"
        else f"e.g. {key} = {toml_value(examples.get(key, '...'))}"
    )
    return f"{table}.{key}: {_message(problem)}; {fix}"


_THEME_EXAMPLES = {
    "base": "light",
    "background": "#1a1a2e",
    "text": "#f5f5f5",
    "accent": "#ffd166",
    "font": "DejaVu Sans",
    "logo": "assets/logo.png",
}
"""Values shown in the fix of a ``[lecture.theme]`` key's problem."""

_HEADER_EXAMPLES = {
    "title": "Calculus for Optimization",
    "club": "ML Math Club",
    "presenter": "A. Presenter",
    "affiliation": "Student · Mentor",
    "voice": "piper",
}
"""Values shown in the fix of a ``[lecture]`` key's problem."""


def _message(problem: Any) -> str:
    """A pydantic problem's message, as a clause: ``Value error, x`` -> ``x``."""
    message = str(problem["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def default_text(value: Any) -> str:
    """An option's default as a manifest would write it (a file relative to its project).

    Examples
    --------
    >>> default_text(Path("/somewhere/examples/descent.py"))
    '"examples/descent.py"'
    """
    if isinstance(value, Path):
        value = Path(value.parent.name, value.name)
    return toml_value(value)


def _top_level_names(source: Path) -> set[str] | None:
    """Names bound at a module's top level by classes, assignments and imports.

    ``None`` for a module that does not parse.
    """
    try:
        tree = ast.parse(source.read_bytes(), filename=str(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names
