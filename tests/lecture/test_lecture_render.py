"""Real renders of tiny fixture scenes: files checked with ffprobe, skips, failures, kills."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import time
from pathlib import Path

import numpy as np
import pytest
import srt
from lecture_fixtures import BROKEN, QUICK, ffprobe, frame_at


def stream(info):
    return next(s for s in info["streams"] if s["codec_type"] == "video")


def white_box(frame):
    """Width and height (pixels) of the bright region of a frame."""
    rows, cols = np.nonzero(frame.mean(axis=2) > 128)
    return cols.max() - cols.min() + 1, rows.max() - rows.min() + 1


def test_render_writes_a_checked_mp4_and_captions_then_skips_it(project):
    result = project.run("render", "Quick")
    assert result.exit_code == 0, result.output
    video = project.folder() / "01-Quick.mp4"
    assert result.stdout.split() == [str(video)]

    info = ffprobe(video)
    assert stream(info)["codec_name"] == "h264"
    assert (stream(info)["width"], stream(info)["height"]) == (854, 480)
    assert stream(info)["avg_frame_rate"] == "15/1"
    assert float(info["format"]["duration"]) == pytest.approx(1.0, abs=0.07)
    # The 4-unit square spans half of the 8-unit frame height (480 px / 2).
    assert white_box(frame_at(video, 0.9)) == pytest.approx((240, 240), abs=3)

    captions = list(srt.parse((project.folder() / "01-Quick.srt").read_text()))
    assert [c.content for c in captions] == [
        "A white square appears.",
        "It holds a formula.",
    ]
    starts = [c.start.total_seconds() for c in captions]
    assert starts == pytest.approx([0, 0.5], abs=1 / 15)  # one frame

    # Nothing changed: skipped, the very same file stays.
    before = video.stat()
    again = project.run("render", "Quick")
    assert again.exit_code == 0
    assert "skipped (unchanged)" in again.stderr
    assert again.stdout.split() == [str(video)]
    assert video.stat().st_ino == before.st_ino

    # --force renders again and replaces the file atomically (a new inode).
    forced = project.run("render", "Quick", "--force")
    assert forced.exit_code == 0
    assert "rendered" in forced.stderr
    assert video.stat().st_ino != before.st_ino

    # Bad input afterwards loses nothing.
    assert project.run("render", "Nope").exit_code == 2
    assert video.is_file()


@pytest.mark.parametrize(
    ("fmt", "size"), [("vertical", (480, 854)), ("square", (480, 480))]
)
def test_format_sets_pixel_size_and_frame_size_together(project, fmt, size):
    result = project.run("render", "Quick", "--format", fmt)
    assert result.exit_code == 0, result.output
    video = project.folder(fmt) / "01-Quick.mp4"
    assert (stream(ffprobe(video))["width"], stream(ffprobe(video))["height"]) == size
    # The 4-unit square spans half of the 8-unit short side, in both directions:
    # a squeezed 16:9 frame would make it 135 px wide in the vertical format.
    width, height = white_box(frame_at(video, 0.9))
    assert width == pytest.approx(240, abs=3)
    assert height == pytest.approx(240, abs=3)


def test_a_failing_scene_does_not_stop_the_others(project):
    project.add_scene("Broken", "scenes.broken", BROKEN, "Chapter Three")
    result = project.run("render", "--jobs", "2")
    assert result.exit_code == 1
    folder = project.folder()
    assert result.stdout.split() == [
        str(folder / "01-Quick.mp4"),
        str(folder / "02-Other.mp4"),
    ]
    assert not (folder / "03-Broken.mp4").exists()
    row = next(line for line in result.stderr.splitlines() if "Broken" in line)
    assert "failed" in row
    assert "RuntimeError: fixture scene fails on purpose" in row
    log = folder / "logs" / "03-Broken.log"
    assert str(log) in row
    assert "Traceback" in log.read_text()
    assert "1 failed" in result.stderr
    assert not list((project.out / ".work").iterdir())


def test_a_failed_render_keeps_the_previous_good_video(project):
    assert project.run("render", "Quick").exit_code == 0
    kept = [
        project.folder() / name
        for name in ("01-Quick.mp4", "01-Quick.srt", ".01-Quick.mp4.stamp")
    ]
    before = [path.read_bytes() for path in kept]
    project.write(
        "scenes/quick.py", QUICK + "\n        raise ValueError('now broken')\n"
    )
    result = project.run("render", "Quick")
    assert result.exit_code == 1
    assert "ValueError: now broken" in result.stderr
    # Video, captions and stamp untouched: the old stamp no longer matches the
    # edited module, so the next run will try again.
    assert [path.read_bytes() for path in kept] == before


def previous_output(project):
    """A previous video at the scene's stable path (no stamp: the scene is stale)."""
    video = project.folder() / "01-Quick.mp4"
    video.parent.mkdir(parents=True)
    video.write_bytes(b"previous good video")
    return video, video.read_bytes()


def test_a_killed_render_keeps_the_previous_good_video(project):
    video, good = previous_output(project)
    project.write(
        "scenes/quick.py",
        QUICK + "\n        import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n",
    )
    result = project.run("render", "Quick")
    assert result.exit_code == 1
    assert "render killed (SIGKILL)" in result.stderr
    assert video.read_bytes() == good


SLOW = '''
"""A fixture scene that takes long enough to be interrupted."""
from manim import *


class Quick(Scene):
    def construct(self):
        self.play(Create(Square()), run_time=0.2)
        self.wait(600)
'''


def test_an_interrupted_run_stops_its_jobs_and_keeps_the_previous_video(project):
    video, good = previous_output(project)
    project.write("scenes/quick.py", SLOW)
    log = project.folder() / "logs" / "01-Quick.log"
    process = project.spawn("render", "Quick")
    deadline = time.monotonic() + 60
    while "Animation 0" not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, "the slow render never started"
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1].startswith("lecture: interrupted")
    assert video.read_bytes() == good
    assert not list((project.out / ".work").iterdir())
    # No Manim process of this project survives.
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        assert str(project.out).encode() not in command


def test_jobs_reuse_the_shared_formula_cache(project, tmp_path, monkeypatch):
    assert project.run("render", "Quick").exit_code == 0
    cached = list((project.out / ".cache" / "Tex").glob("*.svg"))
    assert len(cached) == 1
    assert cached[0].read_text().rstrip().endswith("</svg>")
    # Without LaTeX on the PATH, a fresh job can only succeed from the cache.
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("ffmpeg", "ffprobe"):
        (tools / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(tools))
    result = project.run("render", "Quick", "--force")
    assert result.exit_code == 0, result.stderr
    assert "rendered" in result.stderr


def test_a_renumbered_scene_keeps_its_current_video(project):
    assert project.run("render", "Quick").exit_code == 0
    old = project.folder() / "01-Quick.mp4"
    inode = old.stat().st_ino
    text = project.manifest.read_text()
    project.manifest.write_text(
        text.replace(
            "[[chapter]]",
            '[[chapter]]\ntitle = "Prologue"\n\n[[chapter.scene]]\nname = "Broken"\n'
            'module = "scenes.broken"\ntitle = "Inserted first"\n\n[[chapter]]',
            1,
        )
    )
    result = project.run("render", "Quick")
    assert result.exit_code == 0
    assert "skipped (unchanged)" in result.stderr
    moved = project.folder() / "02-Quick.mp4"
    assert result.stdout.split() == [str(moved)]
    assert moved.stat().st_ino == inode
    assert not old.exists()
    assert (project.folder() / "02-Quick.srt").is_file()
    assert not (project.folder() / "01-Quick.srt").exists()
    assert (project.folder() / "logs" / "02-Quick.log").is_file()


def test_a_second_run_waits_for_the_first_and_relative_out_is_from_here(
    project, tmp_path
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = elsewhere / "rel-out"
    out.mkdir()
    with open(out / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run is writing there
        process = project.spawn("render", "Other", "--out", "rel-out", cwd=elsewhere)
        assert "waiting for another lecture run" in process.stderr.readline()
        time.sleep(0.5)
        assert process.poll() is None
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.split() == [
        "rel-out/fixture-lecture/landscape/low/piper/02-Other.mp4"
    ]
    assert (
        out / "fixture-lecture" / "landscape" / "low" / "piper" / "02-Other.mp4"
    ).is_file()
    assert not (project.root / "rel-out").exists()


def x264_settings(video: Path) -> str:
    """The settings x264 writes into the stream it encodes (its SEI message)."""
    data = video.read_bytes()
    start = data.index(b"x264 - core")
    return data[start : data.index(b"\0", start)].decode()


def test_renders_encode_fast_one_x264_thread_per_job_side_by_side(project):
    # Two renders at once: each x264 on one thread, at the preset the build chose.
    assert project.run("render", "--jobs", "2").exit_code == 0
    settings = x264_settings(project.folder() / "01-Quick.mp4")
    assert "cabac=0" in settings  # ultrafast codes without CABAC; medium with it
    assert " threads=1 " in settings
    # A render alone lets x264 pick its threads.
    assert project.run("render", "Quick", "--force").exit_code == 0
    assert " threads=1 " not in x264_settings(project.folder() / "01-Quick.mp4")

    # The project's manim.cfg has the last word: Manim's own default preset.
    project.write(
        "manim.cfg", "[CLI]\nmedia_dir = build/media\n\n[video_encoder.options]\n"
    )
    assert project.run("render", "Quick", "--force").exit_code == 0
    assert "cabac=1" in x264_settings(project.folder() / "01-Quick.mp4")


def test_a_broken_manim_cfg_is_one_line_before_any_work(project):
    project.write("manim.cfg", "[CLI\nmedia_dir = build/media\n")
    result = project.run("render", "Quick")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"lecture: {project.root / 'manim.cfg'}: ")
    assert line.endswith("; fix or remove it")
    assert not list(project.out.rglob("*.mp4"))
