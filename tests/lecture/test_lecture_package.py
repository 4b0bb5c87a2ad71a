"""Packaging: the full lecture with chapters, captions, social cuts and slide exports."""

from __future__ import annotations

import fcntl
import json
from datetime import timedelta

import numpy as np
import pytest
import srt
from lecture_fixtures import (
    BROKEN,
    QUICK,
    Project,
    ffprobe,
    frame_at,
    frames,
    has_audio,
    make_project,
    speech_spans,
    video_seconds,
)
from PIL import Image

from lecture.kit.media import audio_info
from lecture.project.layout import OutputLayout
from lecture.project.manifest import load_lecture
from lecture.publish.package import choose_poster_time, lecture_captions
from lecture.sound.audio import TARGET_LOUDNESS, TARGET_TRUE_PEAK, measure

THIRD = QUICK.replace("class Quick", "class Third").replace("square appears", "third")

# A narrated scene: two beats said by the default voice.
SPOKEN = '''
"""A narrated fixture scene."""
from manim import *

from scenes.base import LectureScene


class Spoken(LectureScene):
    def construct(self):
        dot = Dot(color=YELLOW)
        with self.narrate("A dot appears."):
            self.play(FadeIn(dot), run_time=0.3)
        with self.narrate("It moves up."):
            self.play(dot.animate.shift(UP), run_time=0.3)
'''
STEMS = ("01-Quick", "02-Other", "03-Third", "04-Spoken")


def duration(path):
    return float(ffprobe(path)["format"]["duration"])


def video_stream(path):
    return next(s for s in ffprobe(path)["streams"] if s["codec_type"] == "video")


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id):
    """One vertical build of Quick, Other, Third and Spoken, with social cuts and exports.

    Made once per test run, even when pytest-xdist spreads these tests over workers.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    folder = shared / "lecture-built"
    with open(shared / "lecture-built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "outputs.json").exists():
            project = make_project(folder / "proj")
            project.add_scene("Third", "scenes.third", THIRD, "Chapter Three")
            project.write("spoken_scenes/__init__.py", '"""Narrated fixtures."""\n')
            project.add_scene("Spoken", "spoken_scenes.spoken", SPOKEN, "Chapter Four")
            build = project.run("build", "--format", "vertical", "--burn-captions")
            assert build.exit_code == 0, build.output
            export = project.run("export", "--format", "vertical")
            assert export.exit_code == 0, export.output
            (folder / "outputs.json").write_text(
                json.dumps({"build": build.stdout, "export": export.stdout})
            )
    outputs = json.loads((folder / "outputs.json").read_text())
    project = Project(folder / "proj")
    project.build_output = outputs["build"]
    project.export_output = outputs["export"]
    return project


def test_lecture_mp4_has_one_chapter_per_chapter_at_the_scene_boundaries(built):
    folder = built.folder("vertical")
    lecture = folder / "lecture.mp4"
    assert str(lecture) in built.build_output.split()
    scenes = [duration(folder / f"{s}.mp4") for s in STEMS]
    info = ffprobe(lecture)
    assert info["format"]["tags"]["title"] == "Fixture Lecture"
    chapters = [
        (c["tags"]["title"], float(c["start_time"]), float(c["end_time"]))
        for c in info["chapters"]
    ]
    assert [c[0] for c in chapters] == [
        "Chapter One",
        "Chapter Two",
        "Chapter Three",
        "Chapter Four",
    ]
    starts = np.cumsum([0, *scenes[:-1]])
    assert [c[1] for c in chapters] == pytest.approx(starts, abs=0.002)
    assert chapters[-1][2] == pytest.approx(sum(scenes), abs=0.002)
    assert float(info["format"]["duration"]) == pytest.approx(sum(scenes), abs=0.1)
    stream = video_stream(lecture)
    assert (stream["codec_name"], stream["width"], stream["height"]) == (
        "h264",
        480,
        854,
    )


def test_lecture_srt_shifts_each_scenes_captions_to_its_start(built):
    folder = built.folder("vertical")
    whole = list(srt.parse((folder / "lecture.srt").read_text()))
    quick = list(srt.parse((folder / "01-Quick.srt").read_text()))
    third = list(srt.parse((folder / "03-Third.srt").read_text()))
    spoken = list(srt.parse((folder / "04-Spoken.srt").read_text()))
    assert not (folder / "02-Other.srt").exists()  # Other has no narration
    offset = timedelta(
        seconds=duration(folder / "01-Quick.mp4") + duration(folder / "02-Other.mp4")
    )
    later = offset + timedelta(seconds=duration(folder / "03-Third.mp4"))
    assert [c.content for c in whole] == [c.content for c in quick + third + spoken]
    assert [c.index for c in whole] == [1, 2, 3, 4, 5, 6]
    expected = (
        [c.start for c in quick]
        + [c.start + offset for c in third]
        + [c.start + later for c in spoken]
    )
    assert [c.start.total_seconds() for c in whole] == pytest.approx(
        [e.total_seconds() for e in expected], abs=0.001
    )


def test_captions_are_burned_into_social_cuts_in_the_lower_part(built):
    folder = built.folder("vertical")
    social = folder / "social" / "01-Quick.mp4"
    assert str(social) in built.build_output.split()
    stream = video_stream(social)
    assert (stream["codec_name"], stream["width"], stream["height"]) == (
        "h264",
        480,
        854,
    )
    changed = np.abs(
        frame_at(social, 0.8).astype(int) - frame_at(folder / "01-Quick.mp4", 0.8)
    ).max(axis=2)
    rows, cols = np.nonzero(changed > 60)
    assert rows.size > 500  # text is there
    # Below the picture, above the bottom 7 % kept clear for the apps' buttons,
    # and within the narrow frame's width.
    assert rows.min() > 0.6 * 854
    assert rows.max() < 0.93 * 854
    assert cols.min() > 0 and cols.max() < 479
    # A scene without narration is the same video.
    other = folder / "social" / "02-Other.mp4"
    assert other.read_bytes() == (folder / "02-Other.mp4").read_bytes()


def test_exports_gif_webm_poster_and_contact_sheet(built):
    export = built.folder("vertical") / "export"
    for stem in STEMS:
        gif, webm = (
            video_stream(export / f"{stem}.gif"),
            video_stream(export / f"{stem}.webm"),
        )
        assert gif["codec_name"] == "gif"
        assert webm["codec_name"] == "vp9"
        assert max(gif["width"], gif["height"]) == 640
        assert gif["width"] / gif["height"] == pytest.approx(480 / 854, abs=0.01)
        assert (webm["width"], webm["height"]) == (480, 854)  # never enlarged
        with Image.open(export / f"{stem}.png") as poster:
            assert poster.size == (480, 854)
        assert str(export / f"{stem}.png") in built.export_output.split()
    with Image.open(export / "contact-sheet.png") as sheet:
        assert sheet.width > 3 * 200  # posters side by side
        assert sheet.height > 360


def test_poster_is_a_meaningful_frame_not_the_faded_last_one(built):
    folder = built.folder("vertical")
    other = folder / "02-Other.mp4"
    times, pictures = frames(other)
    assert pictures[-1].mean() < 5  # the scene ends faded to black
    poster = np.asarray(Image.open(folder / "export" / "02-Other.png").convert("RGB"))
    center = poster[427, 240].astype(int)
    assert center[0] > 150 and center[1] > 150 and center[2] < 120  # the yellow disc
    # At the chosen time the disc is fully grown: the frame with the most on screen.
    t = choose_poster_time(other)
    brightness = pictures.reshape(len(times), -1).mean(axis=1)
    assert frame_at(other, t).mean() >= 0.95 * brightness.max()


def test_a_second_build_changes_nothing(built):
    lecture = built.folder("vertical") / "lecture.mp4"
    inode = lecture.stat().st_ino
    again = built.run("build", "--format", "vertical", "--burn-captions")
    assert again.exit_code == 0
    assert "0 rendered, 4 unchanged" in again.stderr
    assert "0 files written, 6 unchanged" in again.stderr
    assert lecture.stat().st_ino == inode


def assert_normalised(path):
    level = measure(path)
    assert level.integrated == pytest.approx(TARGET_LOUDNESS, abs=1.0), level
    assert level.true_peak <= TARGET_TRUE_PEAK, level


def test_lecture_mp4_says_every_beat_at_its_caption(built):
    folder = built.folder("vertical")
    lecture = folder / "lecture.mp4"
    info = audio_info(lecture)
    assert (info.codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
    assert info.seconds == pytest.approx(video_seconds(lecture), abs=0.1)
    # Speech only in the narrated scene, each beat when its caption shows.
    whole = list(srt.parse((folder / "lecture.srt").read_text()))
    said = [c for c in whole if c.content in ("A dot appears.", "It moves up.")]
    heard = speech_spans(lecture)
    assert len(heard) == len(said) == 2
    for (begin, end), cue in zip(heard, said, strict=True):
        assert begin == pytest.approx(cue.start.total_seconds(), abs=0.1)
        assert end == pytest.approx(cue.end.total_seconds(), abs=0.1)
    assert_normalised(lecture)


def test_scene_social_and_webm_clips_carry_the_speech(built):
    folder = built.folder("vertical")
    scene = folder / "04-Spoken.mp4"
    social = folder / "social" / "04-Spoken.mp4"
    webm = folder / "export" / "04-Spoken.webm"
    for path, codec in ((scene, "aac"), (social, "aac"), (webm, "opus")):
        info = audio_info(path)
        assert (info.codec, info.sample_rate) == (codec, 48000), path.name
        assert info.seconds == pytest.approx(video_seconds(path), abs=0.1)
        assert len(speech_spans(path)) == 2
        assert_normalised(path)
    # The social clip's sound is the scene's, copied.
    copied = [t for span in speech_spans(social) for t in span]
    assert copied == pytest.approx([t for span in speech_spans(scene) for t in span])
    # Scenes that narrate nothing stay silent; GIFs never have sound.
    assert not has_audio(folder / "01-Quick.mp4")
    assert not has_audio(folder / "export" / "04-Spoken.gif")


def test_poster_time_from_lecture_toml(project):
    project.manifest.write_text(project.manifest.read_text() + "poster = 0\n")
    assert project.run("export", "Other").exit_code == 0
    poster = Image.open(project.folder() / "export" / "02-Other.png").convert("RGB")
    assert np.asarray(poster).mean() < 5  # the first frame, before the disc grows
    # Not every scene exported yet: no contact sheet.
    assert not (project.folder() / "export" / "contact-sheet.png").exists()


def test_build_keeps_the_old_lecture_when_a_scene_fails(project):
    assert project.run("build").exit_code == 0
    lecture = project.folder() / "lecture.mp4"
    good = lecture.read_bytes()
    project.add_scene("Broken", "scenes.broken", BROKEN, "Chapter Three")
    result = project.run("build")
    assert result.exit_code == 1
    assert "lecture.mp4 not written" in result.stderr
    assert lecture.read_bytes() == good


def test_lecture_captions_offsets_by_scene_durations(project, tmp_path):
    lecture = load_lecture(project.manifest)
    layout = OutputLayout(tmp_path / "out", "lecture", "landscape", "low", "none")
    layout.folder.mkdir(parents=True)
    one = [srt.Subtitle(1, timedelta(seconds=0.25), timedelta(seconds=1), "first")]
    two = [srt.Subtitle(1, timedelta(seconds=0.5), timedelta(seconds=2), "second")]
    for scene, captions in zip(lecture.scenes, (one, two), strict=True):
        layout.captions(scene).write_text(srt.compose(captions))
    text = lecture_captions(lecture, layout, [3.5, 10.0])
    parsed = list(srt.parse(text))
    assert [(c.start.total_seconds(), c.end.total_seconds()) for c in parsed] == [
        (0.25, 1.0),
        (4.0, 5.5),
    ]
