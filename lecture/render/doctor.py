"""``lecture doctor``: is everything Manim and the voices need there, and what fixes what is not."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata, util

from lecture.sound.voice import PIPER_FIX, PIPER_MODEL, VoiceError, check_voice

__all__ = ["MANIM_SERIES", "Check", "hint", "run_checks"]

MANIM_SERIES = (0, 22)
"""The Manim release series the scenes are written for (``manim>=0.22,<0.23``)."""

_TOOLS = {
    "latex": "texlive-latex-base",
    "kpsewhich": "texlive-binaries",
    "dvisvgm": "dvisvgm",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "pkg-config": "pkg-config",
    "fc-list": "fontconfig",
}
"""Programs Manim runs (or the build needs), and the Debian package of each."""

_TEX_FILES = {
    "standalone.cls": "texlive-latex-extra",
    "preview.sty": "preview-latex-style",
    "amsmath.sty": "texlive-latex-base",
    "amssymb.sty": "texlive-base",
    "babel.sty": "texlive-latex-base",
    "english.ldf": "texlive-latex-base",
}
"""Files of Manim's default MathTex template, and the Debian package of each."""

_LIBRARIES = {"cairo": "libcairo2-dev", "pangocairo": "libpango1.0-dev"}
"""pkg-config modules Manim's Cairo and Pango bindings build against."""

_FONTS = {"DejaVu Sans": "fonts-dejavu-core", "DejaVu Sans Mono": "fonts-dejavu-core"}
"""Font families the scenes use (scenes/style.py, scenes/coding.py), and their packages."""

_FFMPEG_FEATURES = {
    "subtitles": "-filters",
    "libvpx-vp9": "-encoders",
    "flite": "-filters",
    "libopus": "-encoders",
    "ebur128": "-filters",
    "alimiter": "-filters",
}
"""ffmpeg features packaging needs: burned-in captions, WebM clips (VP9, Opus), the
flite voice, and loudness measuring and limiting (Debian's ffmpeg has them all)."""


@dataclass(frozen=True)
class Check:
    """One requirement and whether it is met.

    Attributes
    ----------
    name
        What was checked, e.g. ``"latex"`` or ``"LaTeX file standalone.cls"``.
    ok
        Whether it is present and usable.
    detail
        What was found (a path or version) or what is wrong.
    fix
        How to fix it: a Debian package name, or a command for Python packages.
    debian
        Whether ``fix`` is a Debian package (for one combined ``apt-get`` line).
    """

    name: str
    ok: bool
    detail: str
    fix: str
    debian: bool = True


def run_checks() -> list[Check]:
    """Check programs, LaTeX files, libraries, fonts, ffmpeg features, the voice, Manim."""
    checks = [_tool(name, package) for name, package in _TOOLS.items()]
    found = {check.name for check in checks if check.ok}
    checks += [_tex_file(name, package, found) for name, package in _TEX_FILES.items()]
    checks += [_library(name, package, found) for name, package in _LIBRARIES.items()]
    checks += [_font(name, package, found) for name, package in _FONTS.items()]
    checks += [
        _ffmpeg_feature(name, flag, found) for name, flag in _FFMPEG_FEATURES.items()
    ]
    checks += [
        _python_module("cairo", "pycairo"),
        _python_module("manimpango", "manimpango"),
        _piper_voice(),
    ]
    checks.append(_manim_version())
    return checks


def hint(error: str) -> str | None:
    """The fix for a render error caused by something missing, if it is one we know.

    Examples
    --------
    >>> hint("FileNotFoundError: [Errno 2] No such file or directory: 'latex'")
    'latex is missing: install the Debian package texlive-latex-base'
    >>> hint("LaTeX compilation error: File `standalone.cls' not found.")
    'standalone.cls is missing: install the Debian package texlive-latex-extra'
    >>> hint("ValueError: something else") is None
    True
    """
    for pattern, table in _HINTS:
        match = re.search(pattern, error)
        if match and match[1] in table:
            return (
                f"{match[1]} is missing: install the Debian package {table[match[1]]}"
            )
    return None


_HINTS: tuple[tuple[str, dict[str, str]], ...] = (
    (r"No such file or directory: '([\w-]+)'", _TOOLS),
    (r"File `([\w.-]+)' not found", _TEX_FILES),
)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _missing(name: str, package: str) -> Check:
    return Check(name, False, "not found", package)


def _needs(tool: str, name: str, package: str) -> Check:
    return Check(name, False, f"cannot check without {tool}", package)


def _tool(name: str, package: str) -> Check:
    path = shutil.which(name)
    return Check(name, True, path, package) if path else _missing(name, package)


def _tex_file(name: str, package: str, found: set[str]) -> Check:
    label = f"LaTeX file {name}"
    if "kpsewhich" not in found:
        return _needs("kpsewhich", label, package)
    path = _run("kpsewhich", name).stdout.strip()
    return Check(label, True, path, package) if path else _missing(label, package)


def _library(name: str, package: str, found: set[str]) -> Check:
    label = f"library {name} (headers)"
    if "pkg-config" not in found:
        return _needs("pkg-config", label, package)
    result = _run("pkg-config", "--modversion", name)
    if result.returncode != 0:
        return _missing(label, package)
    return Check(label, True, f"version {result.stdout.strip()}", package)


def _font(name: str, package: str, found: set[str]) -> Check:
    label = f"font {name}"
    if "fc-list" not in found:
        return _needs("fc-list", label, package)
    files = _run("fc-list", name, "file").stdout.split()
    return (
        Check(label, True, files[0].rstrip(":"), package)
        if files
        else _missing(label, package)
    )


def _ffmpeg_feature(name: str, flag: str, found: set[str]) -> Check:
    label = f"ffmpeg {name}"
    if "ffmpeg" not in found:
        return _needs("ffmpeg", label, "ffmpeg")
    listing = _run("ffmpeg", "-hide_banner", flag).stdout
    if re.search(rf"\s{re.escape(name)}\s", listing):
        return Check(label, True, "available", "ffmpeg")
    return _missing(label, "ffmpeg")


def _python_module(module: str, distribution: str) -> Check:
    label = f"Python module {module}"
    fix = "make bootstrap  (pip install -e '.[dev]')"
    if util.find_spec(module) is None:
        return Check(label, False, "not importable", fix, debian=False)
    found = f"{distribution} {metadata.version(distribution)}"
    return Check(label, True, found, fix, debian=False)


def _piper_voice() -> Check:
    label = f"piper voice {PIPER_MODEL}"
    try:
        found = check_voice("piper")
    except VoiceError as error:
        detail = str(error).removesuffix(f": {PIPER_FIX}")
        return Check(label, False, detail, PIPER_FIX, debian=False)
    return Check(label, True, found, PIPER_FIX, debian=False)


def _manim_version() -> Check:
    fix = "pip install 'manim>=0.22,<0.23'  (or make bootstrap)"
    try:
        found = metadata.version("manim")
    except metadata.PackageNotFoundError:
        return Check("manim", False, "not installed", fix, debian=False)
    series = tuple(int(part) for part in re.findall(r"\d+", found)[:2])
    wanted = ".".join(map(str, MANIM_SERIES))
    if series != MANIM_SERIES:
        return Check("manim", False, f"{found}, need {wanted}.x", fix, debian=False)
    return Check("manim", True, found, fix, debian=False)
