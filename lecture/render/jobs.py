"""What every Manim process of the build tool shares: its config, its scratch formula cache, its end.

Two Manim processes sharing a media folder break each other's LaTeX runs, so every
process gets a scratch media folder seeded from the shared formula cache; new
cache entries of a successful process are merged back one atomic rename at a time.

A :class:`ManimJob` says what one render runs; a :class:`LocalManim` runs jobs
here (``lecture.render.cluster.ClusterManim`` runs them on a Dask cluster). Either leaves
the same files in the job's scratch folder: ``video/`` (the video, and its
section clips: every render saves them, for the slides), ``media/`` (the formula
cache with its new entries) and ``beats.json`` (the beats the scene played), and
the log at its place.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from lecture.kit.files import replacing
from lecture.project.settings import RenderSettings
from storyboard.narration import BEATS_VARIABLE

__all__ = [
    "CACHE_FOLDERS",
    "LocalManim",
    "ManimJob",
    "ManimRunner",
    "cached_svgs",
    "encoder_threads",
    "first_error",
    "merge_cache",
    "project_config",
    "scene_environment",
    "DRY_RUN",
    "draw_nothing",
    "seed_cache",
    "stop",
    "write_config",
]


@dataclass(frozen=True)
class ManimJob:
    """One scene's render: the scene, its module, its settings and what it is handed.

    Attributes
    ----------
    scene
        The scene's class name.
    module
        The dotted module defining it.
    source, root
        The module's file, and the folder holding its top-level package
        (Manim runs there, with it on ``PYTHONPATH``).
    settings
        Pixel size, frame size and frame rate.
    variables
        What the scene's process is handed: its story's inputs, the manifest's
        words for its beats (see ``SceneEntry.variables``)
    speech
        The speech plan handed to the scene (see ``Narrator.environment``).
    encoder_threads
        Threads of its x264 encoder (0: x264's choice); see :func:`encoder_threads`.
    """

    scene: str
    module: str
    source: Path
    root: Path
    settings: RenderSettings
    variables: Mapping[str, str]
    speech: Mapping[str, str]
    encoder_threads: int = 0

    def command(self, config: Path) -> list[str]:
        """The Manim command line, with the job's config file."""
        return [
            sys.executable, "-m", "manim", "render",
            "--config_file", str(config), str(self.source), self.scene,
        ]  # fmt: skip

    def environment(self, scratch: Path) -> dict[str, str]:
        """The Manim process's environment, writing its played beats into ``scratch``."""
        return {
            **scene_environment(self.root, self.variables),
            BEATS_VARIABLE: str(scratch / "beats.json"),
            **self.speech,
        }

    def start(
        self, config: Path, scratch: Path, output: IO[bytes]
    ) -> subprocess.Popen[bytes]:
        """Start Manim in its own process group, its output (both streams) to ``output``."""
        return subprocess.Popen(
            self.command(config),
            cwd=self.root,
            env=self.environment(scratch),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def prepare(self, scratch: Path, cache: Path) -> Path:
        """Seed ``scratch``'s media folder from ``cache``, write the config; its path."""
        media = scratch / "media"
        seed_cache(cache, media)
        config = scratch / "manim.cfg"
        write_config(
            config,
            self.root,
            media,
            scratch / "video",
            self.settings,
            sections=True,
            encoder_threads=self.encoder_threads,
        )
        return config


DRY_RUN = {
    "dry_run": True,
    "write_to_movie": False,
    "save_last_frame": False,
    "disable_caching": True,
    "progress_bar": "none",
    "preview": False,
}
"""Manim's config for building a scene that writes nothing (beats collected, previews)."""


def draw_nothing(*args: Any, **kwargs: Any) -> None:
    """Draw nothing (stands in for the renderer's frame capture in a dry run)."""


def scene_environment(root: Path, variables: Mapping[str, str]) -> dict[str, str]:
    """The environment of a process building a scene of ``root``'s project.

    This process's environment with ``root`` importable, wide log lines and
    the scene's ``variables`` (``SceneEntry.variables``: what the lecture hands
    it); a render and a preview build a scene in the same one.
    """
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(root), os.environ.get("PYTHONPATH")])
        ),
        "COLUMNS": "240",
        **variables,
    }


def encoder_threads(running: int) -> int:
    """x264 threads per render when ``running`` renders share this machine's cores.

    Each render already draws on one thread while its encoder runs on another, so
    renders side by side fill the cores without x264's own threads, which then only
    contend (measured: one thread per job, 2 jobs on 2 cores, 11% less wall time).
    A render alone keeps x264's choice.

    >>> encoder_threads(1)
    0
    """
    return 1 if running > 1 else 0


class ManimRunner(Protocol):
    """Runs Manim jobs (here, or elsewhere) and can stop the running ones."""

    def run(self, job: ManimJob, scratch: Path, log: Path) -> int:
        """Render ``job`` into ``scratch``, its output in ``log``; the exit code."""

    def cancel(self) -> None:
        """Stop the running jobs; jobs started after this stop at once."""


class LocalManim:
    """Runs Manim jobs as processes of this machine, seeded from the shared cache."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._cancelled = False

    def run(self, job: ManimJob, scratch: Path, log: Path) -> int:
        """Render ``job`` into ``scratch``, its output in ``log``; the exit code."""
        config = job.prepare(scratch, self.cache)
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as output:
            process = job.start(config, scratch, output)
            with self._lock:
                self._running.add(process)
                cancelled = self._cancelled
            if cancelled:
                stop(process)
            try:
                return process.wait()
            finally:
                with self._lock:
                    self._running.discard(process)

    def cancel(self) -> None:
        """Stop the running Manim processes (and their children)."""
        with self._lock:
            self._cancelled = True
            running = list(self._running)
        for process in running:
            stop(process)


CACHE_FOLDERS = ("Tex", "texts")
"""Manim's formula (LaTeX) and text (Pango) SVG caches inside a media folder."""


def cached_svgs(folder: Path) -> list[Path]:
    """The finished SVGs of a cache folder (not the hidden ones still being written)."""
    return sorted(folder.glob("[!.]*.svg"))


ENCODER_OPTIONS = {"preset": "ultrafast"}
"""libx264 options of the build's renders (Manim's crf 23 stays), unless the
project's manim.cfg has a ``[video_encoder.options]`` table. At 1080p60 encoding is
most of a render's cost; measured on 2 cores for LearningRateOvershoot's frames,
x264 takes 12.3 CPU s at ``ultrafast`` against 28.6 at Manim's ``medium``, 19.2 at
``superfast``, for the same picture (SSIM 0.9995 against ``medium``) in a file 2.4
times as large (1.0 MB for 30 s). See ``benchmarks/quality_bench.py --levers``."""

IN_FLIGHT = 4
"""Partial movies encoded while the scene goes on drawing (Manim's
``max_inflight_encoders``, default 1: every animation waits for its encoder)."""


def project_config(root: Path) -> configparser.RawConfigParser:
    """The project's ``manim.cfg`` in ``root`` (empty if there is none).

    Raises
    ------
    ValueError
        If the file is not a valid config, in one line.
    """
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read(root / "manim.cfg", encoding="utf-8")
    except configparser.Error as error:
        raise ValueError(
            f"{root / 'manim.cfg'}: {error.message.splitlines()[0]}; fix or remove it"
        ) from None
    return parser


def write_config(
    path: Path,
    root: Path,
    media: Path,
    video_dir: Path,
    settings: RenderSettings,
    *,
    sections: bool = False,
    encoder_threads: int = 0,
) -> None:
    """Write a Manim config: the project's manim.cfg plus a job's folders and sizes.

    Parameters
    ----------
    path
        The config file to write.
    root
        The project root, whose ``manim.cfg`` (if any) comes first.
    media, video_dir
        The job's media folder and where its video goes.
    settings
        Pixel size, frame size and frame rate.
    sections
        Whether Manim also saves one clip per section.
    encoder_threads
        Threads of each x264 encoder; 0 lets x264 choose (one and a half per core).
    """
    parser = project_config(root)
    if not parser.has_section("CLI"):
        parser.add_section("CLI")
    if not parser.has_section("video_encoder.options"):
        parser.add_section("video_encoder.options")
        encoder = dict(ENCODER_OPTIONS)
        if encoder_threads:
            encoder["threads"] = str(encoder_threads)
        for key, value in encoder.items():
            parser.set("video_encoder.options", key, value)
    if not parser.has_option("CLI", "max_inflight_encoders"):
        parser.set("CLI", "max_inflight_encoders", str(IN_FLIGHT))
    options = {
        "media_dir": str(media),
        "video_dir": str(video_dir),
        "format": "mp4",
        "write_to_movie": "True",
        "save_last_frame": "False",
        "preview": "False",
        "disable_caching": "True",
        "progress_bar": "none",
        **settings.manim_options(),
    }
    if sections:
        options["save_sections"] = "True"
    for key, value in options.items():
        parser.set("CLI", key, value.replace("%", "%%"))
    with path.open("w", encoding="utf-8") as file:
        parser.write(file)


def seed_cache(cache: Path, media: Path) -> None:
    """Link the shared cache's finished SVGs into a job's media folder."""
    for name in CACHE_FOLDERS:
        target = media / name
        target.mkdir(parents=True, exist_ok=True)
        for svg in cached_svgs(cache / name):
            try:
                os.link(svg, target / svg.name)
            except FileExistsError:
                pass
            except OSError:
                shutil.copyfile(svg, target / svg.name)


def merge_cache(cache: Path, media: Path) -> None:
    """Add a successful job's new, complete SVGs to the shared cache."""
    for name in CACHE_FOLDERS:
        shared = cache / name
        shared.mkdir(parents=True, exist_ok=True)
        for svg in cached_svgs(media / name):
            if (shared / svg.name).exists() or not _complete_svg(svg):
                continue
            with replacing(shared / svg.name) as temporary:
                shutil.copyfile(svg, temporary)


def stop(process: subprocess.Popen[bytes]) -> None:
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
