"""Where outputs go: one folder per lecture, format, quality and voice, one writer at a time."""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lecture.project.errors import LectureError
from lecture.project.manifest import SceneEntry

__all__ = ["OutputLayout", "read_sections"]


@dataclass(frozen=True)
class OutputLayout:
    """Stable output paths under ``--out`` for one lecture, format, quality and voice.

    ``<out>/<lecture>/<format>/<quality>/<voice>/`` holds ``NN-Scene.mp4`` and
    ``NN-Scene.srt`` per scene, ``lecture.mp4``/``lecture.srt``, and the folders
    ``sections/``, ``logs/``, ``social/``, ``export/`` and ``slides/``.
    ``<lecture>`` is the lecture's slug and ``<voice>`` the voice's name (``none``
    for silent videos), so that neither two lectures nor two voices ever overwrite
    each other. ``<out>/<lecture>/preview/`` holds the previews (see
    :meth:`preview`), ``<out>/.cache`` the caches all lectures share (formulas,
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

    def preview(self, scene: SceneEntry) -> Path:
        """The folder of the scene's preview in this format (``lecture preview``).

        ``<out>/<lecture>/preview/NN-Scene/<format>/`` holds ``01.png``, ... (the
        frame at the end of each beat) and ``strip.png``; a preview has neither a
        quality nor a voice.
        """
        return self.out / self.lecture / "preview" / scene.stem / self.fmt

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


def read_sections(index: Path) -> list[dict[str, Any]]:
    """The entries of Manim's index of a scene's section clips, in order.

    Raises
    ------
    OSError, ValueError
        If the index is missing or malformed.
    """
    entries = json.loads(index.read_text(encoding="utf-8"))
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("video"), str)
        for entry in entries
    ):
        raise ValueError(f"{index.stem}: unexpected section index")
    return entries
