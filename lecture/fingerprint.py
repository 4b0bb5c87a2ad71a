"""Content fingerprints: a scene is re-rendered only when something it depends on changed."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path

from lecture.formats import RenderSettings
from lecture.manifest import Lecture, SceneEntry

__all__ = ["RECIPE", "Fingerprinter", "digest"]

RECIPE = "lecture-render-1"
"""Changes whenever the way the tool invokes Manim changes, invalidating old renders."""

_SHARED_FOLDERS = ("mathviz", "assets")
_SHARED_FILES = ("manim.cfg",)
_NOT_INPUTS = {"__pycache__", ".pytest_cache", ".hypothesis"}
_RENDER_NEUTRAL_KEYS = {"poster"}
"""Keys of a scene's lecture.toml entry that do not change its video."""


def digest(*parts: object) -> str:
    """A short, stable hex digest of JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Fingerprinter:
    """Computes scene fingerprints for one lecture, hashing each file once.

    A scene's fingerprint covers its module, the shared scene code (every file
    of the scene's package that is not another scene's module), ``mathviz``,
    ``assets``, ``manim.cfg``, its ``lecture.toml`` entry, the quality and
    format's render settings, the installed Manim version and :data:`RECIPE`.

    Parameters
    ----------
    lecture
        The validated lecture.
    """

    def __init__(self, lecture: Lecture) -> None:
        self.lecture = lecture
        self.root = lecture.root
        self._scene_modules = {self.root / scene.source for scene in lecture.scenes}

    @functools.cached_property
    def manim_version(self) -> str:
        """The installed Manim's version."""
        return metadata.version("manim")

    def scene(self, entry: SceneEntry, settings: RenderSettings) -> str:
        """The fingerprint of a scene's render with the given settings."""
        module = self.root / entry.source
        table = {
            key: value
            for key, value in entry.table.items()
            if key not in _RENDER_NEUTRAL_KEYS
        }
        return digest(
            RECIPE,
            self.manim_version,
            settings,
            table,
            self._file(module),
            self._shared(module.parent),
        )

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _shared(self, package: Path) -> str:
        """Digest of the shared code of a scene package plus the project's shared inputs."""
        files = [path for path in _files(package) if path not in self._scene_modules]
        for name in _SHARED_FOLDERS:
            files.extend(_files(self.root / name))
        files.extend(self.root / name for name in _SHARED_FILES)
        return digest(
            [(str(path.relative_to(self.root)), self._file(path)) for path in files]
        )

    @functools.cache  # noqa: B019 - one Fingerprinter lives for one command
    def _file(self, path: Path) -> str:
        """Digest of one file's content (empty for a missing file)."""
        try:
            with path.open("rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()
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
