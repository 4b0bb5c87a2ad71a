"""Fixture projects for the build tool: a tiny lecture of fast scenes, and media checks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from click.testing import CliRunner, Result

from lecture.cli import cli
from lecture.project.manifest import slugify
from storyboard.narration import BEAT_PAUSE

LECTURE_SCRIPT = Path(sys.executable).with_name("lecture")
TRUSTED = {"LECTURE_TRUST_CODE": "1"}
"""The fixture projects bring their own scene code: the tests trust it."""

SHARED = '''
"""Code shared by the fixture scenes."""
SIDE = 4.0
'''

# A white square of side SIDE (4 units) and a formula; 1 s, two captions.
QUICK = '''
"""A fast fixture scene with captions and a formula."""
from manim import *

from scenes.shared import SIDE


class Quick(Scene):
    def construct(self):
        square = Square(SIDE, fill_color=WHITE, fill_opacity=1, stroke_width=0)
        self.add_subcaption("A white square appears.", duration=0.5)
        self.play(FadeIn(square), run_time=0.5)
        self.add_subcaption("It holds a formula.", duration=0.5)
        self.play(Write(MathTex("x^2", color=BLACK)), run_time=0.5)
'''

# 0.6 s, no captions; its last frame fades to black (a poor poster).
OTHER = '''
"""A second fast fixture scene, without captions."""
from manim import *


class Other(Scene):
    def construct(self):
        circle = Circle(2, color=YELLOW, fill_opacity=0.8)
        self.play(GrowFromCenter(circle), run_time=0.3)
        self.play(FadeOut(circle), run_time=0.3)
'''

BROKEN = '''
"""A fixture scene that fails during construct."""
from manim import *


class Broken(Scene):
    def construct(self):
        self.play(Create(Square()), run_time=0.2)
        raise RuntimeError("fixture scene fails on purpose")
'''

SLUG = "fixture-lecture"
"""The fixture lecture's outputs folder under build/: its title's slug."""

MANIFEST = """
[lecture]
title = "Fixture Lecture"

[[chapter]]
title = "Chapter One"

[[chapter.scene]]
name = "Quick"
module = "scenes.quick"
title = "A quick square"

[[chapter]]
title = "Chapter Two"

[[chapter.scene]]
name = "Other"
module = "scenes.other"
title = "Another shape"
"""


@dataclass
class Project:
    """A fixture project on disk and helpers to run ``lecture`` on it."""

    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "lecture.toml"

    @property
    def out(self) -> Path:
        return self.root / "build"

    def folder(
        self, fmt: str = "landscape", quality: str = "low", voice: str | None = None
    ) -> Path:
        """Where the lecture's outputs of a format, quality and voice go.

        By its title's slug; the voice is by default the manifest's (else piper).
        """
        header = tomllib.loads(self.manifest.read_text())["lecture"]
        slug = header.get("slug", slugify(header["title"]))
        return self.out / slug / fmt / quality / (voice or header.get("voice", "piper"))

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
        return path

    def add_scene(self, name: str, module: str, code: str, chapter: str) -> None:
        """Write a scene module and append it to lecture.toml in its own chapter."""
        self.write(module.replace(".", "/") + ".py", code)
        with self.manifest.open("a") as file:
            file.write(
                f'\n[[chapter]]\ntitle = "{chapter}"\n\n[[chapter.scene]]\n'
                f'name = "{name}"\nmodule = "{module}"\ntitle = "{name} title"\n'
            )

    def run(self, *args: str) -> Result:
        """Run the CLI in-process on this project, trusting its scene code."""
        return CliRunner(env=TRUSTED).invoke(
            cli, ["--manifest", str(self.manifest), *args]
        )

    def spawn(self, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
        """Start the real ``lecture`` console script on this project (trusted)."""
        return subprocess.Popen(
            [str(LECTURE_SCRIPT), "--manifest", str(self.manifest), *args],
            cwd=cwd or self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **TRUSTED},
        )


# Three narrated beats (the second loops); the plain variant has no slide breaks.
BEATS = '''
"""Fixture scenes for the slide deck."""
from manim import *

from scenes.base import LectureScene


class Beats(LectureScene):
    def construct(self):
        square = Square(3, color=BLUE, fill_opacity=1)
        with self.narrate("A blue square appears."):
            self.play(FadeIn(square), run_time=0.4)
        with self.narrate("It turns, again and again.", loop=True):
            self.play(Rotate(square, PI / 2), run_time=0.4)
        with self.narrate("It turns yellow."):
            self.play(square.animate.set_color(YELLOW), run_time=0.4)


class NoBreaks(Beats):
    def slide_break(self, name, *, loop=False):
        pass


class Plain(LectureScene):
    def construct(self):
        self.play(GrowFromCenter(Circle(2, color=RED, fill_opacity=1)), run_time=0.4)
'''

DECK_MANIFEST = """
[lecture]
title = "Deck Fixture"

[[chapter]]
title = "Squares"

[[chapter.scene]]
name = "Beats"
module = "deck_scenes.beats"
title = "Beats of a square"

[[chapter]]
title = "Nothing yet"

[[chapter]]
title = "Circles"

[[chapter.scene]]
name = "Plain"
module = "deck_scenes.beats"
title = "A circle in one go"
"""


def copy_of(project: Project, root: Path) -> Project:
    """A copy of a built fixture project (sources, outputs and caches) at ``root``."""
    shutil.copytree(project.root, root, symlinks=True)
    return Project(root)


def make_project(root: Path) -> Project:
    """Write the two-chapter fixture lecture (Quick, Other) with a broken scene on disk."""
    project = Project(root)
    project.write("manim.cfg", "[CLI]\nmedia_dir = build/media\n")
    project.write("scenes/__init__.py", '"""Fixture scenes."""\n')
    project.write("scenes/shared.py", SHARED)
    project.write("scenes/quick.py", QUICK)
    project.write("scenes/other.py", OTHER)
    project.write("scenes/broken.py", BROKEN)
    project.write("mathviz/__init__.py", '"""Fixture mathviz."""\n')
    project.write("lecture.toml", MANIFEST)
    return project


def ffprobe(path: Path) -> dict:
    """ffprobe's JSON about a file: format, streams and chapters (independent check)."""
    output = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            "-show_chapters",
            str(path),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def frames(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Every frame of a video (N x H x W x 3 RGB) and its display time, via ffmpeg."""
    info = ffprobe(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    width, height = int(video["width"]), int(video["height"])
    times = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0",
         "-show_entries", "frame=pts_time", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path),
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    pictures = np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)
    return np.array([float(t.strip(",")) for t in times]), pictures


def frame_at(path: Path, seconds: float) -> np.ndarray:
    """The RGB frame on screen at a time (the last one shown at or before it)."""
    times, pictures = frames(path)
    return pictures[max(int(np.searchsorted(times, seconds + 1e-6)) - 1, 0)]


def video_seconds(path: Path) -> float:
    """Duration of a file's first video stream (ffprobe's, not the container's)."""
    info = ffprobe(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    if "duration" in video:
        return float(video["duration"])
    hours, minutes, seconds = video["tags"]["DURATION"].split(":")  # WebM
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def has_audio(path: Path) -> bool:
    """Whether a file has an audio stream."""
    return any(s["codec_type"] == "audio" for s in ffprobe(path)["streams"])


def speech_spans(
    path: Path, noise_db: float = -45, gap: float = BEAT_PAUSE - 0.05
) -> list[tuple[float, float]]:
    """(start, end) of each stretch of sound in a file, as ffmpeg's silencedetect hears it.

    Only a silence of at least ``gap`` separates two stretches: the pause between
    beats is longer, while a voice's pause inside a sentence (piper's vary from one
    synthesis to the next, up to about 0.2 s) is not.
    """
    log = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", f"silencedetect=noise={noise_db}dB:d={gap}", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    cuts = [0.0]  # sound runs from each silence's end to the next silence's start
    for start, end in re.findall(
        r"silence_start: (-?[\d.]+)|silence_end: (-?[\d.]+)", log
    ):
        cuts.append(float(start) if start else float(end))
    if len(cuts) % 2:
        cuts.append(float(ffprobe(path)["format"]["duration"]))
    pairs = zip(cuts[::2], cuts[1::2], strict=True)
    return [(begin, end) for begin, end in pairs if end - begin > 0.05]
