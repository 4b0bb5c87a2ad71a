"""Content fingerprints: a scene is re-rendered only when something it depends on changed."""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from lecture.kit import recipes
from lecture.kit.files import atomic_write_text, content_digest, digest
from lecture.project.manifest import Lecture, SceneEntry
from lecture.project.modules import Modules
from lecture.project.settings import RenderSettings

__all__ = ["Fingerprinter"]

_SHARED_FOLDERS = ("assets", "examples")
"""Project folders scenes read files from at render time (images, example code)."""
_SHARED_FILES = ("manim.cfg",)
_NARRATION = ("storyboard", "narration.py")
"""The module of the narration contract between the build tool and the scenes."""
_NOT_INPUTS = {"__pycache__", ".pytest_cache", ".hypothesis"}
_PARSED = "parsed-sources.json"
"""The file in the build's cache folder that keeps what parsing source files found."""
_KEPT = 4096
"""How many parsed facts the cache keeps (the most recently used)."""
T = TypeVar("T")


class Fingerprinter:
    """Computes scene fingerprints for one lecture, reading each file once.

    A scene's fingerprint covers the project code it runs: its module (but not the
    module's other scene classes, unless the scene uses them: a base class, say)
    and every module of the project it imports, directly or not (the shared scene
    code, ``storyboard``, ``mathviz``), with their packages' ``__init__`` files
    and data files; plus its project's ``assets/``, ``examples/`` and
    ``manim.cfg``, what the build tool hands it (title and story inputs: its
    options, or the title card's facts; the manifest's words for its beats), the files its options name, the render
    settings of the quality and format, the installed Manim version and
    :data:`lecture.kit.recipes.RENDER`. Other scenes (in other modules or beside it), project files
    nothing imports and the poster time do not count: editing one scene's
    caption re-renders that scene only.

    What each source file imports, and each scene module's own part, come from
    parsing it; both are kept in ``cache`` (when given) by the file's content
    digest, so that a rebuild with nothing changed reads every file but parses none.

    Parameters
    ----------
    lecture
        The validated lecture.
    cache
        The folder of the build's caches (``<out>/.cache``), if any.
    """

    def __init__(self, lecture: Lecture, cache: Path | None = None) -> None:
        self.lecture = lecture
        self.modules = Modules(lecture.folder)
        self.parsed = _Parsed(cache / _PARSED if cache else None)

    @functools.cached_property
    def manim_version(self) -> str:
        """The installed Manim's version."""
        return metadata.version("manim")

    def scene(self, entry: SceneEntry, settings: RenderSettings) -> str:
        """The fingerprint of a scene's render with the given settings."""
        return digest(
            recipes.RENDER,
            self.manim_version,
            settings,
            (entry.name, entry.module, entry.title, entry.variables),
            [self._file(path) for path in entry.files],
            self._digest_files(
                self.sources(entry.module), self.modules.file(entry.module), entry.name
            ),
            self._shared(entry.root),
        )

    def narrated(
        self,
        scene: str,
        voice: str,
        engine: str,
        beats: Sequence[tuple[str, Path | None]],
    ) -> str:
        """The fingerprint of a scene's narrated render.

        Parameters
        ----------
        scene
            The scene's own fingerprint (see :meth:`scene`).
        voice
            Who speaks; ``"none"`` for a silent render. A silent render, or a scene
            without beats, is the same whatever the voice: only ``scene`` counts.
        engine
            What the voice's sound depends on (:func:`lecture.sound.voice.engine_version`).
        beats
            Each beat's spoken text and the presenter's recording of it, if any:
            the recording's content counts, not its name or time. The synthetic
            speech's bytes do not (piper is not bit-reproducible): its text,
            voice and engine say what it is.
        """
        if voice == "none" or not beats:
            return digest(recipes.NARRATION, scene, "silent")
        spoken = [
            (say, None if path is None else self._file(path)) for say, path in beats
        ]
        return digest(recipes.NARRATION, scene, voice, engine, spoken)

    def narrates(self, module: str) -> bool:
        """Whether a scene module can narrate: its code uses the narration contract.

        Beats reach the build tool only through :mod:`storyboard.narration`
        (``LectureScene.narrate`` uses it); a scene whose module never imports it,
        directly or not, says nothing, and its beats need not be collected.
        """
        return any(path.parts[-2:] == _NARRATION for path in self.sources(module))

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def sources(self, module: str) -> list[Path]:
        """Every project file that importing ``module`` reads, sorted.

        Imports are followed statically (``import a.b``, ``from a import b``,
        relative imports) as far as they resolve to files of the lecture's folder
        or of the installed project; for each package reached, its non-Python
        files count too.
        """
        seen: set[str] = set()
        pending = [module]
        while pending:
            name = pending.pop()
            if name in seen or self.modules.file(name) is None:
                continue
            seen.add(name)
            parts = name.split(".")
            pending += [".".join(parts[:i]) for i in range(1, len(parts))]
            pending += self._imports(name)
        files = {self.modules.file(name) for name in seen}
        for package in {name.split(".")[0] for name in seen}:
            root = self.modules.root(package)
            if root is not None and (root / package).is_dir():
                files.update(p for p in _files(root / package) if p.suffix != ".py")
        return sorted(path for path in files if path is not None)

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _shared(self, root: Path) -> str:
        """Digest of what every scene of a project shares: read-at-render folders, manim.cfg."""
        files = [path for name in _SHARED_FOLDERS for path in _files(root / name)]
        files += [root / name for name in _SHARED_FILES]
        return digest([(str(p.relative_to(root)), self._file(p)) for p in files])

    def _digest_files(
        self, files: list[Path], own: Path | None = None, scene: str = ""
    ) -> str:
        """Digest of source files, each named by its module's place in its project.

        The scene's ``own`` module counts without the classes it does not use.
        """
        return digest(
            [
                (self._name(p), self._own(p, scene) if p == own else self._file(p))
                for p in files
            ]
        )

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _own(self, path: Path, scene: str) -> str:
        """Digest of a scene's module without the classes the scene does not use."""
        return self.parsed.get(
            f"own:{scene}:{self._file(path)}", lambda: self._parse_own(path, scene)
        )

    def _parse_own(self, path: Path, scene: str) -> str:
        """Digest of a scene's module without the top-level classes the scene does not use.

        Kept: every statement that is not a class, the scene's class, and every
        class whose name the kept code mentions (a base class, a helper), until
        nothing new is mentioned. The kept lines are hashed as text, comments
        included; a module that does not parse, or lacks the class, counts whole.
        """
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (OSError, SyntaxError, UnicodeDecodeError):
            return self._file(path)
        classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        if scene not in classes:
            return self._file(path)
        rest = [n for n in tree.body if not isinstance(n, ast.ClassDef)]
        wanted = {scene}
        while True:
            kept = rest + [classes[name] for name in wanted]
            named = {
                node.id
                for statement in kept
                for node in ast.walk(statement)
                if isinstance(node, ast.Name)
            }
            more = (named & classes.keys()) - wanted
            if not more:
                break
            wanted |= more
        dropped: set[int] = set()
        for name, node in classes.items():
            if name not in wanted:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                dropped.update(range(first - 1, node.end_lineno or node.lineno))
        lines = text.splitlines(keepends=True)
        kept_text = "".join(line for i, line in enumerate(lines) if i not in dropped)
        return hashlib.sha256(kept_text.encode()).hexdigest()

    @staticmethod
    def _name(path: Path) -> str:
        """A project file's path from its project root (its top package's parent)."""
        parts = path.parts
        top = next(
            i
            for i in range(len(parts) - 1, 0, -1)
            if not (Path(*parts[:i]) / "__init__.py").is_file()
        )
        return str(Path(*parts[top:]))

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _imports(self, module: str) -> list[str]:
        """Modules a project module imports (candidates; unresolvable ones drop out)."""
        path = self.modules.file(module)
        assert path is not None
        return self.parsed.get(
            f"imports:{module}:{self._file(path)}",
            lambda: self._parse_imports(module, path),
        )

    @staticmethod
    def _parse_imports(module: str, path: Path) -> list[str]:
        """Modules the file of a project module imports, read from its syntax tree."""
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:
            return []
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[
                        : len(package.split(".")) - node.level + 1
                    ]
                    base = ".".join(filter(None, [*anchor, base]))
                found.append(base)
                found += [f"{base}.{alias.name}" for alias in node.names]
        return found

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _file(self, path: Path) -> str:
        """Digest of one file's content (empty for a missing file)."""
        try:
            return content_digest(path)
        except FileNotFoundError:
            return ""


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, skipping caches; none if it is absent."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not _NOT_INPUTS.intersection(path.relative_to(folder).parts)
        and path.suffix != ".pyc"
    )


class _Parsed:
    """Facts parsed from source files, kept by the file's content digest in a JSON file.

    A fact's key names the file's digest, so a changed file is parsed again;
    the most recently used :data:`_KEPT` facts are kept.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.facts: dict[str, Any] = {}
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.facts = loaded if isinstance(loaded, dict) else {}

    def get(self, key: str, parse: Callable[[], T]) -> T:
        """The fact kept under ``key``, or ``parse()``'s result, then kept."""
        known = key in self.facts
        value = self.facts.pop(key) if known else parse()
        self.facts[key] = value  # the most recently used last
        if not known and self.path is not None:
            kept = dict(list(self.facts.items())[-_KEPT:])
            with contextlib.suppress(OSError):
                atomic_write_text(self.path, json.dumps(kept))
        return value
