"""Rendering scenes: one Manim process per scene, in parallel, each in its own media folder.

Two Manim processes sharing a media folder break each other's LaTeX runs, so
every job gets a scratch media folder seeded from the shared formula cache;
new cache entries of a successful job are merged back one atomic rename at a
time. A video reaches its stable path only after Manim succeeded and ffprobe
read it, so a failed or killed render never replaces a good file. With
``sections``, Manim also saves one clip per section, installed with its index.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from lecture.doctor import hint
from lecture.fingerprint import Fingerprinter
from lecture.formats import RenderSettings, render_settings
from lecture.manifest import Lecture, SceneEntry
from lecture.media import MediaError, probe
from lecture.outputs import (
    FILE_MODE,
    OutputLayout,
    is_fresh,
    read_stamp,
    stamp_path,
    write_stamp,
)
from storyboard.catalog import STORY_VARIABLE

__all__ = [
    "CACHE_FOLDERS",
    "Reporter",
    "SceneResult",
    "Status",
    "first_error",
    "read_sections",
    "render_scenes",
]

CACHE_FOLDERS = ("Tex", "texts")
"""Manim's formula (LaTeX) and text (Pango) SVG caches inside a media folder."""


Status = Literal["rendered", "skipped", "failed"]


@dataclass(frozen=True)
class SceneResult:
    """What happened to one scene.

    Attributes
    ----------
    scene
        The scene.
    status
        ``"rendered"``, ``"skipped"`` (unchanged since its last render) or
        ``"failed"``.
    video
        The scene's MP4 at its stable path; ``None`` when the render failed.
    seconds
        Wall time of the render (0 when skipped).
    log
        The render's log file, if there is one.
    error
        The first meaningful line of the failure, for failed scenes.
    """

    scene: SceneEntry
    status: Status
    video: Path | None
    seconds: float = 0.0
    log: Path | None = None
    error: str | None = None


class Reporter(Protocol):
    """Receives progress: a scene's job started, a scene is done."""

    def started(self, scene: SceneEntry) -> None:
        """A scene's render job started."""

    def finished(self, result: SceneResult) -> None:
        """A scene is done (rendered, skipped or failed)."""


def render_scenes(
    lecture: Lecture,
    scenes: Sequence[SceneEntry],
    layout: OutputLayout,
    *,
    jobs: int,
    force: bool = False,
    reporter: Reporter | None = None,
    sections: Callable[[SceneEntry], Path] | None = None,
) -> list[SceneResult]:
    """Render the scenes that are stale (all with ``force``), ``jobs`` at a time.

    Parameters
    ----------
    lecture
        The lecture the scenes belong to.
    scenes
        The scenes to bring up to date.
    layout
        Where outputs go; its folders must exist (see ``OutputLayout.writing``).
    jobs
        How many Manim processes run at once.
    force
        Re-render even scenes whose inputs did not change.
    reporter
        Told when each job starts and each scene is done.
    sections
        Where Manim's index of a scene's section clips goes (``<Scene>.json``,
        clips beside it). When given, Manim saves one clip per section, the
        index is stamped with the scene's fingerprint, and a scene is stale
        when its clips are (whatever its video).

    Returns
    -------
    list of SceneResult
        One per scene, in lecture order.
    """
    settings = render_settings(layout.quality, layout.fmt)
    fingerprints = Fingerprinter(lecture)
    results: dict[str, SceneResult] = {}
    stale: list[tuple[SceneEntry, str]] = []
    for scene in scenes:
        fingerprint = fingerprints.scene(scene, settings)
        if not force and (
            _clips_current(sections(scene), fingerprint)
            if sections
            else (
                _is_current(layout, scene, fingerprint)
                or _adopt_renumbered(layout, scene, fingerprint)
            )
        ):
            log = layout.log(scene)
            results[scene.name] = SceneResult(
                scene,
                "skipped",
                layout.video(scene),
                log=log if log.is_file() else None,
            )
            if reporter:
                reporter.finished(results[scene.name])
        else:
            stale.append((scene, fingerprint))

    # Longest first, so that the last job to finish is a short one.
    stale.sort(key=lambda job: _expected_cost(layout, job[0]), reverse=True)
    runner = _Runner(layout, settings, reporter, sections)
    pool = ThreadPoolExecutor(max_workers=jobs)
    futures = [pool.submit(runner.run, scene, fp) for scene, fp in stale]
    try:
        for future in as_completed(futures):
            result = future.result()
            results[result.scene.name] = result
    except BaseException:
        runner.cancel()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[scene.name] for scene in scenes]


def _is_current(layout: OutputLayout, scene: SceneEntry, fingerprint: str) -> bool:
    """Whether the scene's video (and captions, if it had any) match the fingerprint."""
    video = layout.video(scene)
    if not is_fresh(video, fingerprint):
        return False
    stamp = read_stamp(video) or {}
    return not stamp.get("captions") or layout.captions(scene).is_file()


def _clips_current(index: Path, fingerprint: str) -> bool:
    """Whether a section index matches the fingerprint and all its clips exist."""
    if not is_fresh(index, fingerprint):
        return False
    try:
        entries = read_sections(index)
    except (OSError, ValueError):
        return False
    return all((index.parent / entry["video"]).is_file() for entry in entries)


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


def _adopt_renumbered(
    layout: OutputLayout, scene: SceneEntry, fingerprint: str
) -> bool:
    """Take over a current render of the scene saved under its old number, if any.

    Inserting a scene renumbers the ones after it; their videos are still good.
    """
    for video in layout.folder.glob(f"[0-9][0-9]-{scene.name}.mp4"):
        if video == layout.video(scene) or not is_fresh(video, fingerprint):
            continue
        stamp = read_stamp(video) or {}
        layout.captions(scene).unlink(missing_ok=True)
        moves = [
            (video.with_suffix(".srt"), layout.captions(scene)),
            (layout.folder / "logs" / f"{video.stem}.log", layout.log(scene)),
            (video, layout.video(scene)),
        ]
        for source, target in moves:
            if source.is_file():
                os.replace(source, target)
        write_stamp(layout.video(scene), stamp)
        stamp_path(video).unlink()
        return _is_current(layout, scene, fingerprint)
    return False


def _expected_cost(layout: OutputLayout, scene: SceneEntry) -> tuple[int, float]:
    """How long a scene's render should take, as a sort key (bigger is longer).

    The last render's time when known; otherwise (first renders, which sort
    before known ones) a guess from the source: the size of the class's
    syntax tree, four times as much for a 3D scene (Cairo re-shades every
    face of a moving 3D camera, every frame).
    """
    seconds = (read_stamp(layout.video(scene)) or {}).get("seconds")
    if isinstance(seconds, int | float):
        return (0, float(seconds))
    try:
        tree = ast.parse(scene.source.read_bytes())
    except (OSError, SyntaxError):
        return (1, 0.0)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == scene.name:
            bases = " ".join(ast.unparse(base) for base in node.bases)
            return (1, len(list(ast.walk(node))) * (4.0 if "ThreeD" in bases else 1.0))
    return (1, 0.0)


class _Runner:
    """Runs render jobs; can cancel the queued ones and stop the running ones."""

    def __init__(
        self,
        layout: OutputLayout,
        settings: RenderSettings,
        reporter: Reporter | None,
        sections: Callable[[SceneEntry], Path] | None,
    ) -> None:
        self.layout = layout
        self.settings = settings
        self.reporter = reporter
        self.sections = sections
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._cancelled = False

    def cancel(self) -> None:
        """Start no new job and stop the running Manim processes (and their children)."""
        with self._lock:
            self._cancelled = True
            running = list(self._running)
        for process in running:
            _stop(process)

    def run(self, scene: SceneEntry, fingerprint: str) -> SceneResult:
        """Render one scene in a scratch folder, then install its outputs."""
        if self._cancelled:
            return SceneResult(scene, "failed", None, error="cancelled")
        if self.reporter:
            self.reporter.started(scene)
        start = time.monotonic()
        log = self.layout.log(scene)
        self.layout.work.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.layout.work, prefix=f"{scene.stem}-"))
        try:
            error = self._render(scene, scratch, log)
            if error is None:
                video = scratch / "video" / f"{scene.name}.mp4"
                seconds = time.monotonic() - start
                self._install(scene, fingerprint, video, seconds)
                self._merge_cache(scratch / "media")
                result = SceneResult(
                    scene, "rendered", self.layout.video(scene), seconds, log
                )
            else:
                result = SceneResult(
                    scene, "failed", None, time.monotonic() - start, log, error
                )
        except (OSError, MediaError) as failure:
            result = SceneResult(
                scene, "failed", None, time.monotonic() - start, log, str(failure)
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if self.reporter:
            self.reporter.finished(result)
        return result

    def _render(self, scene: SceneEntry, scratch: Path, log: Path) -> str | None:
        """Run Manim for one scene; the first meaningful error line, or ``None``."""
        media = scratch / "media"
        self._seed_cache(media)
        config = scratch / "manim.cfg"
        self._write_config(config, scene.root, media, scratch / "video")
        command = [
            sys.executable, "-m", "manim", "render",
            "--config_file", str(config), str(scene.source), scene.name,
        ]  # fmt: skip
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(scene.root), os.environ.get("PYTHONPATH")])
            ),
            STORY_VARIABLE: json.dumps(scene.inputs),
            "COLUMNS": "240",
        }
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=scene.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            with self._lock:
                self._running.add(process)
                cancelled = self._cancelled
            if cancelled:
                _stop(process)
            try:
                code = process.wait()
            finally:
                with self._lock:
                    self._running.discard(process)
        if code != 0:
            error = first_error(log.read_text(errors="replace"), code)
            fix = hint(error)
            return f"{error} ({fix}; see lecture doctor)" if fix else error
        video = scratch / "video" / f"{scene.name}.mp4"
        if not video.is_file():
            return "Manim finished without writing a video; see the log"
        probe(video)
        return None

    def _write_config(
        self, path: Path, root: Path, media: Path, video_dir: Path
    ) -> None:
        """The project's manim.cfg plus this job's folders, pixel and frame size."""
        parser = configparser.RawConfigParser()
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(root / "manim.cfg", encoding="utf-8")
        if not parser.has_section("CLI"):
            parser.add_section("CLI")
        options = {
            "media_dir": str(media),
            "video_dir": str(video_dir),
            "format": "mp4",
            "write_to_movie": "True",
            "save_last_frame": "False",
            "preview": "False",
            "disable_caching": "True",
            "progress_bar": "none",
            **self.settings.manim_options(),
        }
        if self.sections:
            options["save_sections"] = "True"
        for key, value in options.items():
            parser.set("CLI", key, value.replace("%", "%%"))
        with path.open("w", encoding="utf-8") as file:
            parser.write(file)

    def _seed_cache(self, media: Path) -> None:
        """Link the shared cache's finished SVGs into a job's media folder."""
        for name in CACHE_FOLDERS:
            target = media / name
            target.mkdir(parents=True)
            for svg in (self.layout.cache / name).glob("*.svg"):
                try:
                    os.link(svg, target / svg.name)
                except OSError:
                    shutil.copyfile(svg, target / svg.name)

    def _merge_cache(self, media: Path) -> None:
        """Add a successful job's new, complete SVGs to the shared cache."""
        for name in CACHE_FOLDERS:
            shared = self.layout.cache / name
            shared.mkdir(parents=True, exist_ok=True)
            for svg in (media / name).glob("*.svg"):
                if (shared / svg.name).exists() or not _complete_svg(svg):
                    continue
                handle, temp = tempfile.mkstemp(dir=shared, prefix=".merge-")
                os.close(handle)
                shutil.copyfile(svg, temp)
                os.chmod(temp, FILE_MODE)
                os.replace(temp, shared / svg.name)

    def _install(
        self, scene: SceneEntry, fingerprint: str, video: Path, seconds: float
    ) -> None:
        """Move a finished render's video, captions and section clips into place."""
        target = self.layout.video(scene)
        captions = self.layout.captions(scene)
        srt = video.with_suffix(".srt")
        has_captions = srt.is_file()
        stamp_path(target).unlink(missing_ok=True)
        if has_captions:
            os.replace(srt, captions)
        else:
            captions.unlink(missing_ok=True)
        os.replace(video, target)
        write_stamp(
            target,
            {
                "fingerprint": fingerprint,
                "seconds": round(seconds, 3),
                "captions": has_captions,
            },
        )
        if self.sections:
            index = self.sections(scene)
            self._install_sections(video.parent / "sections", index, fingerprint)

    def _install_sections(self, clips: Path, index: Path, fingerprint: str) -> None:
        """Put a finished render's section clips where ``index`` goes, then stamp it."""
        target = index.parent
        target.parent.mkdir(parents=True, exist_ok=True)
        old = Path(tempfile.mkdtemp(dir=self.layout.work, prefix="old-clips-"))
        if target.exists():
            os.replace(target, old / target.name)
        os.replace(clips, target)
        shutil.rmtree(old, ignore_errors=True)
        write_stamp(index, {"fingerprint": fingerprint})


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a job's process group, then kill it if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _complete_svg(path: Path) -> bool:
    """Whether an SVG file was written to the end (a killed write is truncated)."""
    with path.open("rb") as file:
        file.seek(0, os.SEEK_END)
        file.seek(max(0, file.tell() - 64))
        return b"</svg>" in file.read()


_LOG_ERROR = re.compile(
    r"^(?:\[[^\]]*\])?\s*(?:ERROR|CRITICAL)\s+(?P<message>.+?)\s*(?:\S+\.py:\d+)?\s*$"
)
_EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Interrupt))\b")


def first_error(log: str, returncode: int) -> str:
    """The first meaningful line of a failed render's log.

    Manim's own ``ERROR`` messages (a LaTeX error, for example) come first;
    otherwise the exception line that ends the traceback; otherwise how the
    process ended.

    Examples
    --------
    >>> first_error("ValueError: bad thing", 1)
    'ValueError: bad thing'
    >>> first_error("", -9)
    'render killed (SIGKILL)'
    """
    lines = log.splitlines()
    for line in lines:
        match = _LOG_ERROR.match(line)
        if match:
            return match["message"]
    for line in reversed(lines):
        if _EXCEPTION.match(line):
            return line.strip()
    if returncode < 0:
        return f"render killed ({signal.Signals(-returncode).name})"
    return f"manim exited with code {returncode}; see the log"
