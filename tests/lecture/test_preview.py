"""`lecture preview`: the frame at each beat's end and a strip, no video; --watch's page; --manim."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from lecture_fixtures import BEATS, Project, copy_of, frames
from PIL import Image
from playwright.sync_api import expect
from test_hostile import EVIL, lecture_folder, manifest_text, refused

from lecture.cli import cli
from lecture.project.errors import MAX_MESSAGE
from storyboard.narration import read_beats

ROOT = Path(__file__).resolve().parents[2]

# Text only (no LaTeX): a beat for f, then one per flat tangent of the manifest's f.
FLAT = '''
"""This lecture's own quick TangentSlide: one beat per flat tangent."""
from manim import *

from scenes.base import LectureScene
from storyboard.derivatives import TangentStory


class TangentSlide(LectureScene[TangentStory]):
    def construct(self):
        with self.narrate(f"Flat tangents of f(x) = {self.story.function}."):
            self.play(FadeIn(Text(str(self.story.function)).to_edge(UP)), run_time=0.3)
        for point in self.story.critical_points:
            with self.narrate(f"Flat at x = {point.x}: a local {point.kind}."):
                self.play(FadeIn(Dot([float(point.x), 0, 0], color=YELLOW)), run_time=0.3)
'''

MANIFEST = """
[lecture]
title = "Preview Fixture"

[[chapter]]
title = "Shapes"

[[chapter.scene]]
name = "Beats"
module = "deck_scenes.beats"
title = "Beats of a square"

[[chapter.scene]]
name = "Plain"
module = "deck_scenes.beats"
title = "A circle in one go"

[[chapter]]
title = "Flat tangents"

[[chapter.scene]]
name = "TangentSlide"
module = "own.tangent"
title = "Flat tangents, quickly"

[chapter.scene.options]
function = "x^3/3 - x"

[chapter.scene.caption]
"1" = "Where is f flat?"
"""

BOUND = 30.0
"""Seconds a watched save may take to reach the page on a loaded 2-core machine
(it takes about 3: the check, Manim's start, the scene)."""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A lecture of fast scenes: Beats (three beats), Plain (none), its own TangentSlide."""
    made = Project(tmp_path / "proj")
    made.write("deck_scenes/__init__.py", '"""Fixture scenes."""\n')
    made.write("deck_scenes/beats.py", BEATS)
    made.write("own/__init__.py", '"""The lecture\'s own scenes."""\n')
    made.write("own/tangent.py", FLAT)
    made.write("lecture.toml", MANIFEST)
    return made


def folder(project: Project, scene: str, fmt: str = "landscape") -> Path:
    """Where ``lecture preview`` puts the scene's frames, by the lecture's slug."""
    return project.folder(fmt).parents[2] / "preview" / scene / fmt


def colour_share(image: np.ndarray, rgb: tuple[int, int, int]) -> float:
    """The share of pixels within 40 of ``rgb`` in every channel."""
    near = np.abs(image[..., :3].astype(int) - rgb).max(axis=-1) <= 40
    return float(near.mean())


BLUE, YELLOW, RED = (0x58, 0xC4, 0xDD), (0xF7, 0xD9, 0x6F), (0xFC, 0x62, 0x55)
"""Manim's BLUE, YELLOW and RED: the fixture scenes' colours."""


def test_a_preview_draws_each_beat_as_it_ends_and_a_strip_of_them(project):
    result = project.run("preview", "Beats")
    assert result.exit_code == 0, result.output
    shown = folder(project, "01-Beats")
    beats = [shown / f"{n:02d}.png" for n in (1, 2, 3)]
    assert result.stdout.split() == [str(p) for p in [*beats, shown / "strip.png"]]
    assert "3 beats of Beats in" in result.stderr
    frames = [np.asarray(Image.open(path)) for path in beats]
    assert all(frame.shape[:2] == (480, 854) for frame in frames)
    # The square has faded in by the end of the first beat, turned yellow by the third's.
    square = 3 * 3 / (8 * 16 / 9 * 8)  # of the 16:9 frame, 8 units high
    assert colour_share(frames[0], BLUE) == pytest.approx(square, rel=0.1)
    assert colour_share(frames[0], YELLOW) < 0.001
    assert colour_share(frames[2], YELLOW) == pytest.approx(square, rel=0.1)
    assert colour_share(frames[2], BLUE) < 0.001
    strip = np.asarray(Image.open(shown / "strip.png"))
    assert strip.shape[1] > 3 * 400  # three thumbnails side by side
    assert colour_share(strip, BLUE) == pytest.approx(
        2 * colour_share(strip, YELLOW), rel=0.2
    )
    assert not list(project.root.rglob("*.mp4"))  # nothing encoded


def test_a_scene_without_beats_shows_its_last_frame_in_its_format(project):
    result = project.run("preview", "Plain", "--format", "vertical")
    assert result.exit_code == 0, result.output
    shown = folder(project, "02-Plain", "vertical")
    assert sorted(p.name for p in shown.glob("*.png")) == ["01.png", "strip.png"]
    frame = np.asarray(Image.open(shown / "01.png"))
    assert frame.shape[:2] == (854, 480)
    assert colour_share(frame[427 - 20 : 427 + 20, 240 - 20 : 240 + 20], RED) == 1.0


def test_a_new_preview_replaces_the_old_and_a_failed_one_keeps_it(project):
    assert project.run("preview", "Beats").exit_code == 0
    shown = folder(project, "01-Beats")
    project.write(
        "deck_scenes/beats.py",
        BEATS.replace(
            'with self.narrate("It turns yellow."):',
            "if True:",
        ),
    )
    again = project.run("preview", "Beats")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in shown.glob("*.png")) == [
        "01.png",
        "02.png",
        "strip.png",
    ]
    kept = {path.name: path.read_bytes() for path in shown.glob("*.png")}
    project.write(
        "deck_scenes/beats.py",
        BEATS.replace(
            "        square = Square(",
            "        raise RuntimeError('on purpose')\n        square = Square(",
        ),
    )
    failed = project.run("preview", "Beats")
    assert failed.exit_code == 1
    (line,) = failed.stderr.splitlines()
    assert line.startswith("lecture: Beats: RuntimeError: on purpose (see ")
    assert line.endswith("preview.log)")
    assert "RuntimeError: on purpose" in (shown / "preview.log").read_text()
    assert {path.name: path.read_bytes() for path in shown.glob("*.png")} == kept


def test_each_frame_is_the_last_of_its_beat_in_the_render(deck, tmp_path):
    project = copy_of(deck, tmp_path / "deck")
    result = project.run("preview", "Beats")
    assert result.exit_code == 0, result.output
    drawn = [
        np.asarray(Image.open(path)).astype(int)
        for path in sorted(folder(project, "01-Beats").glob("0*.png"))
    ]
    sections = project.folder() / "sections" / "01-Beats"
    index = json.loads((sections / "Beats.json").read_text())
    rendered = [frames(sections / e["video"])[1][-1].astype(int) for e in index]
    assert len(drawn) == len(rendered) == 3
    for preview, render in zip(drawn, rendered, strict=True):
        assert preview.shape == render.shape
        assert np.abs(preview - render).mean() < 2  # the encoder's loss only
    assert np.abs(drawn[0] - rendered[2]).mean() > 5  # blue is not yellow


# --- bad input: one line, exit 2, nothing written -------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["Nope"], "unknown scene 'Nope'"),
        (["TangentSlide", "--format", "portrait"], "'portrait' is not one of"),
        (["TangentSlide", "--port", "70000"], "70000 is not in the range"),
        (["TangentSlide", "--manim", "--format", "square"], "renders 16:9 only"),
        (["TangentSlide", "--manim", "--watch"], "leave out --format and --watch"),
        (["TangentSlide", "--out", "/proc/lecture"], "cannot write to output folder"),
    ],
)
def test_bad_flags(tmp_path, args, expected):
    folder = lecture_folder(tmp_path, manifest_text("TangentSlide"))
    refused(folder, *args, command="preview", expected=expected)


def test_the_lecture_folders_own_code_needs_trust(tmp_path):
    folder = lecture_folder(tmp_path, manifest_text("Evil"), {"evil.py": EVIL})
    refused(folder, "Evil", command="preview", expected="pass --trust-code")


def test_a_scene_listed_twice_is_previewed_by_its_id(tmp_path):
    twice = manifest_text("TangentSlide") + (
        '\n[[chapter.scene]]\nid = "tangent-sine"\nname = "TangentSlide"\n'
        'module = "scenes.derivatives"\ntitle = "A wave"\n\n'
        '[chapter.scene.options]\nfunction = "sin(x)"\nx_range = [-4, 4]\n'
    )
    folder = lecture_folder(tmp_path, twice)
    refused(
        folder, "TangentSlide", command="preview",
        expected="TangentSlide is listed 2 times; preview one of them by its id: "
        "TangentSlide, tangent-sine",
    )  # fmt: skip


def test_a_taken_port_is_one_line(tmp_path):
    folder = lecture_folder(tmp_path, manifest_text("TangentSlide"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        line = refused(
            folder, "TangentSlide", "--watch", "--port", port, command="preview",
            expected=f"--port {port}: cannot listen on 127.0.0.1",
        )  # fmt: skip
    assert len(line) <= len("lecture: ") + MAX_MESSAGE


# --- plain manim, with the manifest's options ------------------------------------------


def test_the_readmes_manim_command_is_what_preview_prints(monkeypatch):
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Preview while you write")[1].split("\n## ")[0]
    shown = re.search(r"\$ lecture preview TangentSlide --manim\n(.+)\n", section)
    assert shown is not None
    monkeypatch.chdir(ROOT)
    printed = CliRunner().invoke(
        cli, ["--manifest", "lecture.toml", "preview", "TangentSlide", "--manim"]
    )
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == shown[1] + "\n"


def test_plain_manim_tells_the_manifests_story_with_the_printed_command(project):
    retargeted = MANIFEST.replace('"x^3/3 - x"', '"x^4 - 2*x^2"')
    project.write("lecture.toml", retargeted)
    printed = project.run("preview", "TangentSlide", "--manim")
    assert printed.exit_code == 0, printed.output
    command = printed.stdout.strip()
    assert " manim -pql " in command
    beats = project.root / "beats.json"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LECTURE_BEATS": str(beats),
    }
    # The same command, as a dry run: no video, no player.
    dry = command.replace(" manim -pql ", " manim render --dry_run -ql ")
    run = subprocess.run(
        ["bash", "-c", dry], cwd=project.root, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # x^4 - 2x^2 is flat where 4x^3 - 4x = 0: minima at -1 and 1, a maximum at 0.
    assert [beat.caption for beat in read_beats(beats)] == [
        "Where is f flat?",  # the manifest's words reach the scene too
        "Flat at x = -1: a local minimum.",
        "Flat at x = 0: a local maximum.",
        "Flat at x = 1: a local minimum.",
    ]


# --- --watch: the page in a browser ----------------------------------------------------


def test_the_watch_page_follows_saves_and_shows_a_bad_one(project, browser, tmp_path):
    watching = project.spawn("preview", "TangentSlide", "--watch")
    try:
        assert watching.stdout is not None
        first = watching.stdout.readline()
        url = re.fullmatch(
            r"preview page: (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)\n", first
        )
        assert url is not None, first
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(url[1])
        beats, strip, error = (
            page.locator("#beats li"),
            page.locator("#strip"),
            page.locator("#error"),
        )
        # x^3/3 - x: f, then a maximum at -1 and a minimum at 1.
        expect(beats).to_have_count(3, timeout=BOUND * 1000)
        expect(beats.nth(0)).to_have_text("Where is f flat?")  # the manifest's words
        expect(beats.nth(1)).to_have_text("Flat at x = -1: a local maximum.")
        expect(error).to_be_hidden()
        drawn = strip.get_attribute("src")

        project.write("lecture.toml", MANIFEST.replace('"x^3/3 - x"', '"x^4 - 2*x^2"'))
        expect(beats).to_have_count(4, timeout=BOUND * 1000)
        expect(beats.nth(2)).to_have_text("Flat at x = 0: a local maximum.")
        expect(strip).not_to_have_attribute("src", drawn or "", timeout=5000)
        assert page.evaluate("document.getElementById('strip').naturalWidth") > 1000
        page.screenshot(path=tmp_path / "watch-page.png", full_page=True)
        good = strip.get_attribute("src")

        project.write("lecture.toml", MANIFEST.replace('"x^3/3 - x"', '"x^^2"'))
        expect(error).to_contain_text(
            "TangentSlide.options.function: cannot parse formula 'x^^2'",
            timeout=BOUND * 1000,
        )
        expect(beats).to_have_count(4)
        assert strip.get_attribute("src") == good
        assert page.evaluate("document.getElementById('strip').naturalWidth") > 1000
        page.screenshot(path=tmp_path / "watch-error.png", full_page=True)
        page.close()

        watching.send_signal(signal.SIGINT)
        assert watching.wait(timeout=60) == 0  # (a loaded machine, a cold cache)
        stderr = watching.stderr.read() if watching.stderr else ""
        assert "cannot parse formula 'x^^2'" in stderr
        assert "preview stopped" in stderr
    finally:
        if watching.poll() is None:
            watching.kill()
            watching.wait()
