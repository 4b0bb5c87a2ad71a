"""The manifest check, remembered: a lecture whose inputs did not change is not checked again.

:func:`~lecture.project.manifest.load_lecture` checks a manifest down to every story's
mathematics, which was most of a no-change rebuild's time. :func:`checked_lecture`
runs that check as a whole and records what it reads: every file it opens and every
folder it lists, as Python's audit hooks report them (PEP 578), so that a check that
learns to read more files (or to hand them to a program such as ffprobe) needs no
change here. A passing check's lecture is kept in
the user's cache folder, one file per manifest
(``$XDG_CACHE_HOME/calculus-for-optimization/checks/``, else ``~/.cache/...``),
under a key made of the manifest's path and bytes and the code that checks it (the
installed project's packages, the Python version and the installed distributions).
It is used again only while every file the check read has the same content, every
folder it listed the same names, and every scene's module is still found at the same
file. A manifest with a problem is checked, and reported, every time.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import pickle
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lecture.kit import recipes
from lecture.kit.files import content_digest, replacing
from lecture.project.manifest import MAX_MANIFEST_BYTES, Lecture, load_lecture
from lecture.project.modules import PROJECT_PACKAGES, Modules

__all__ = ["cache_folder", "checked_lecture"]


def checked_lecture(path: Path) -> Lecture:
    """The lecture of the manifest at ``path``, checked, or as checked before.

    Raises
    ------
    LectureError
        Exactly as :func:`~lecture.project.manifest.load_lecture` does.
    """
    manifest = path.absolute()
    try:
        # Read only a regular file of a manifest's size (not a pipe that blocks).
        ordinary = manifest.is_file() and manifest.stat().st_size <= MAX_MANIFEST_BYTES
        content = manifest.read_bytes() if ordinary else None
    except OSError:
        content = None
    if content is None:
        return load_lecture(path)  # which reports what is wrong
    key = _digest([recipes.CHECK, str(manifest), content.hex(), _code()])
    entry = cache_folder() / f"{_digest([str(manifest)])}.pickle"
    cached = _read(entry)
    if cached is not None and cached.key == key and cached.still_true():
        return cached.lecture
    with _recording() as reads:
        lecture = load_lecture(path)
    _write(entry, _Entry(key, lecture, reads.files(), reads.listings()))
    return lecture


def cache_folder() -> Path:
    """Where checked lectures are kept: the user's cache folder, never a lecture's."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "calculus-for-optimization" / "checks"


@dataclass(frozen=True)
class _Entry:
    """A passing check: its key, its lecture and what it read."""

    key: str
    lecture: Lecture
    files: dict[str, str]
    """The content digest of every file the check opened."""
    folders: dict[str, list[str]]
    """The names in every folder the check listed."""

    def still_true(self) -> bool:
        """Whether everything the check read is as it was, and found where it was."""
        modules = Modules(self.lecture.folder)
        return (
            all(_content(Path(p)) == digest for p, digest in self.files.items())
            and all(_names(Path(p)) == names for p, names in self.folders.items())
            and all(modules.file(s.module) == s.source for s in self.lecture.scenes)
        )


@dataclass
class _Reads:
    """The files opened and the folders listed while recording."""

    opened: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)

    def files(self) -> dict[str, str]:
        """Each opened file's content digest (files gone since are left out)."""
        found = {path: _content(Path(path)) for path in sorted(self.opened)}
        return {path: digest for path, digest in found.items() if digest}

    def listings(self) -> dict[str, list[str]]:
        """Each listed folder's names."""
        return {path: _names(Path(path)) for path in sorted(self.listed)}


_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar(
    "lecture_check_reads", default=None
)
_HOOKED: list[bool] = []
_INSTALLED = tuple(
    {sys.prefix, sys.base_prefix, sys.exec_prefix, sysconfig.get_paths()["purelib"]}
)
"""Python's own files and the installed libraries: the code key covers them."""


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Note the files this thread opens and the folders it lists, while recording.

    A file named on the command line of a program it starts (ffprobe reading a
    recording, say) counts as opened.
    """
    reads = _reads.get()
    if reads is None:
        return
    if event == "open":
        _note(reads.opened, args[0])
    elif event in ("os.listdir", "os.scandir"):
        _note(reads.listed, args[0] if args else ".")
    elif event == "subprocess.Popen":
        for arg in args[1] or ():
            if isinstance(arg, str | os.PathLike) and os.path.isfile(arg):
                _note(reads.opened, arg)


def _note(paths: set[str], name: object) -> None:
    """Add a path (not a file descriptor) to ``paths``, unless Python or a library's."""
    if isinstance(name, str | bytes | os.PathLike):
        path = os.path.abspath(os.fsdecode(name))
        if "__pycache__" not in path and not path.startswith(_INSTALLED):
            paths.add(path)


@contextmanager
def _recording() -> Iterator[_Reads]:
    """Record what this thread reads inside the block (see :func:`_audit`)."""
    if not _HOOKED:
        sys.addaudithook(_audit)  # hooks stay for the process; idle when not recording
        _HOOKED.append(True)
    reads = _Reads()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def _code() -> str:
    """A digest of the code that checks: the project's packages, Python, the libraries."""
    project = Path(__file__).resolve().parents[2]
    files = [
        path
        for package in sorted(PROJECT_PACKAGES)
        for path in sorted((project / package).rglob("*.py"))
    ]
    libraries = sorted(
        name
        for folder in {
            sysconfig.get_paths()["purelib"],
            sysconfig.get_paths()["platlib"],
        }
        for name in _names(Path(folder))
        if name.endswith(".dist-info")
    )
    return _digest([sys.version, libraries, [(str(p), _content(p)) for p in files]])


def _content(path: Path) -> str:
    """The SHA-256 of a file's content; empty if it cannot be read."""
    try:
        return content_digest(path)
    except OSError:
        return ""


def _names(folder: Path) -> list[str]:
    """The sorted names in a folder; empty if it cannot be listed."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _digest(parts: list[Any]) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _read(entry: Path) -> _Entry | None:
    """A kept check, or ``None`` if there is none (or it is unreadable)."""
    try:
        with entry.open("rb") as file:
            cached = pickle.load(file)
    except Exception:  # noqa: BLE001 - a damaged or outdated entry is only a miss
        return None
    return cached if isinstance(cached, _Entry) else None


def _write(entry: Path, cached: _Entry) -> None:
    """Keep a passing check (atomically, readable by this user only); never fail."""
    with contextlib.suppress(Exception):  # a check not kept is only checked again
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with replacing(entry, mode=0o600) as temporary, temporary.open("wb") as file:
            pickle.dump(cached, file)
