"""What every Manim process of the build tool shares: its config, its scratch formula cache, its end.

Two Manim processes sharing a media folder break each other's LaTeX runs, so every
process gets a scratch media folder seeded from the shared formula cache; new
cache entries of a successful process are merged back one atomic rename at a time.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from lecture.formats import RenderSettings
from lecture.outputs import FILE_MODE

__all__ = [
    "CACHE_FOLDERS",
    "first_error",
    "merge_cache",
    "seed_cache",
    "stop",
    "write_config",
]

CACHE_FOLDERS = ("Tex", "texts")
"""Manim's formula (LaTeX) and text (Pango) SVG caches inside a media folder."""


def write_config(
    path: Path,
    root: Path,
    media: Path,
    video_dir: Path,
    settings: RenderSettings,
    *,
    sections: bool = False,
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
    """
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
        for svg in (cache / name).glob("*.svg"):
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
        for svg in (media / name).glob("*.svg"):
            if (shared / svg.name).exists() or not _complete_svg(svg):
                continue
            handle, temp = tempfile.mkstemp(dir=shared, prefix=".merge-")
            os.close(handle)
            shutil.copyfile(svg, temp)
            os.chmod(temp, FILE_MODE)
            os.replace(temp, shared / svg.name)


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
