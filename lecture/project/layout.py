"""Where outputs go, and writing them safely: atomic moves, stamps, one writer at a time."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lecture.project.errors import LectureError
from lecture.project.manifest import SceneEntry

__all__ = [
    "FILE_MODE",
    "OutputLayout",
    "atomic_write_text",
    "is_fresh",
    "produce",
    "read_stamp",
    "stamp_path",
    "write_stamp",
]


def _file_mode() -> int:
    """Permissions ``open`` gives new files under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()
"""Permissions of written files: what ``open`` would give under the current umask."""


@dataclass(frozen=True)
class OutputLayout:
    """Stable output paths under ``--out`` for one lecture, format, quality and voice.

    ``<out>/<lecture>/<format>/<quality>/<voice>/`` holds ``NN-Scene.mp4`` and
    ``NN-Scene.srt`` per scene, ``lecture.mp4``/``lecture.srt``, and the folders
    ``sections/``, ``logs/``, ``social/``, ``export/`` and ``slides/``.
    ``<lecture>`` is the lecture's slug and ``<voice>`` the voice's name (``none``
    for silent videos), so that neither two lectures nor two voices ever overwrite
    each other. ``<out>/.cache`` holds the caches all lectures share (formulas,
    speech, beats) and ``<out>/.work`` the jobs' scratch folders.
    """

    out: Path
    lecture: str
    fmt: str
    quality: str
    voice: str

    @property
    def folder(self) -> Path:
        """The folder of this lecture, format, quality and voice."""
        return self.out / self.lecture / self.fmt / self.quality / self.voice

    @property
    def cache(self) -> Path:
        """The shared formula (Tex and Text SVG) cache, for every format."""
        return self.out / ".cache"

    @property
    def work(self) -> Path:
        """Scratch space for jobs, on the same file system as the outputs."""
        return self.out / ".work"

    def video(self, scene: SceneEntry) -> Path:
        """The scene's MP4."""
        return self.folder / f"{scene.stem}.mp4"

    def captions(self, scene: SceneEntry) -> Path:
        """The scene's captions (.srt)."""
        return self.folder / f"{scene.stem}.srt"

    def sections(self, scene: SceneEntry) -> Path:
        """Manim's index of the scene's section clips (one per slide), clips beside it.

        ``sections/NN-Scene/<Scene>.json``: every render saves them, so that the
        slides need no render of their own.
        """
        return self.folder / "sections" / scene.stem / f"{scene.name}.json"

    def log(self, scene: SceneEntry) -> Path:
        """The log of the scene's last render."""
        return self.folder / "logs" / f"{scene.stem}.log"

    def social(self, scene: SceneEntry) -> Path:
        """The scene's MP4 with burned-in captions."""
        return self.folder / "social" / f"{scene.stem}.mp4"

    def export(self, scene: SceneEntry, suffix: str) -> Path:
        """A slide export of the scene (``.gif``, ``.webm`` or ``.png``)."""
        return self.folder / "export" / f"{scene.stem}{suffix}"

    @property
    def lecture_video(self) -> Path:
        """The whole lecture as one MP4 with chapters."""
        return self.folder / "lecture.mp4"

    @property
    def lecture_captions(self) -> Path:
        """The whole lecture's captions."""
        return self.folder / "lecture.srt"

    def excerpt(self, scenes: Sequence[SceneEntry], suffix: str) -> Path:
        """Some of the lecture's scenes as one file, named by their numbers.

        ``lecture-scenes-04-05-09.mp4`` (or ``.srt``): never taken for the whole
        lecture's ``lecture.mp4``.
        """
        numbers = "-".join(f"{scene.number:02d}" for scene in scenes)
        return self.folder / f"lecture-scenes-{numbers}{suffix}"

    @property
    def contact_sheet(self) -> Path:
        """All scenes' posters on one image."""
        return self.folder / "export" / "contact-sheet.png"

    @contextlib.contextmanager
    def writing(self, waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
        """Create the folders, hold the output folder's lock, clear stale scratch.

        One ``lecture`` process writes under ``--out`` at a time; a second one
        calls ``waiting(out)`` and waits for the first. Scratch files a killed
        run left behind are removed once the lock is held.

        Raises
        ------
        LectureError
            If a folder cannot be created or written to.
        """
        for folder in (self.folder / "logs", self.cache):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tempfile.TemporaryFile(dir=folder).close()
            except OSError as error:
                reason = error.strerror or str(error)
                raise LectureError(
                    f"cannot write to output folder {folder} ({reason}); "
                    "pass --out DIR with a writable folder"
                ) from None
        with open(self.out / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    waiting(self.out)
                fcntl.flock(lock, fcntl.LOCK_EX)
            shutil.rmtree(self.work, ignore_errors=True)
            yield


def stamp_path(path: Path) -> Path:
    """The hidden stamp recorded next to an output: ``.<name>.stamp``."""
    return path.with_name(f".{path.name}.stamp")


def read_stamp(path: Path) -> dict[str, Any] | None:
    """The stamp of an output, or ``None`` if it has none or it is unreadable."""
    try:
        data = json.loads(stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_stamp(path: Path, data: dict[str, Any]) -> None:
    """Record a stamp next to an output, atomically."""
    atomic_write_text(stamp_path(path), json.dumps(data, sort_keys=True))


def is_fresh(path: Path, fingerprint: str) -> bool:
    """Whether ``path`` exists and was made from inputs with this fingerprint."""
    stamp = read_stamp(path)
    return (
        stamp is not None and stamp.get("fingerprint") == fingerprint and path.is_file()
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Write a text file so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def produce(path: Path, fingerprint: str, work: Path) -> Iterator[Path]:
    """Make an output elsewhere, then move it into place with its stamp.

    Yields a scratch path with the same suffix, inside ``work`` (on the same
    file system). If the block raises, ``path`` keeps its previous content.

    Examples
    --------
    ::

        with produce(layout.lecture_video, fingerprint, layout.work) as temp:
            concatenate(videos, temp)
    """
    work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=work, prefix=f"{path.stem}-"))
    try:
        temp = scratch / path.name
        yield temp
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp_path(path).unlink(missing_ok=True)
        os.replace(temp, path)
        write_stamp(path, {"fingerprint": fingerprint})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
