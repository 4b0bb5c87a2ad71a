"""No work twice: slides from the build's renders, outputs by voice, builds of some
scenes, each speech levelled once."""

from __future__ import annotations

import json

import numpy as np
import pytest
import srt
from lecture_fixtures import copy_of, ffprobe, frames

from lecture.kit.media import audio_info
from lecture.project.manifest import load_lecture
from lecture.render.jobs import LocalManim
from lecture.sound import narration
from lecture.sound.audio import (
    TARGET_LOUDNESS,
    TARGET_TRUE_PEAK,
    measure,
    normalize,
    track,
)
from lecture.sound.narration import Narrator
from lecture.sound.voice import Speech


@pytest.fixture
def no_render(monkeypatch):
    """Fail the test if a command starts Manim to render a scene."""
    monkeypatch.setattr(LocalManim, "run", refuse)


def section_clips(folder, scene: str):
    index = json.loads((folder / f"{scene}.json").read_text())
    return [folder / entry["video"] for entry in index]


def test_slides_after_a_build_render_nothing(project, monkeypatch):
    built = project.run("build")
    assert built.exit_code == 0, built.output
    folder = project.folder()
    videos = {path.name: path.stat().st_ino for path in folder.glob("*.mp4")}
    monkeypatch.setattr(LocalManim, "run", refuse)
    result = project.run("slides")
    assert result.exit_code == 0, result.output
    assert "0 rendered, 2 unchanged" in result.stderr
    assert {p.name: p.stat().st_ino for p in folder.glob("*.mp4")} == videos
    # The deck's clips are the build's section clips (these scenes say nothing).
    for stem, scene in (("01-Quick", "Quick"), ("02-Other", "Other")):
        clips = section_clips(folder / "slides" / "clips" / stem, scene)
        sections = section_clips(folder / "sections" / stem, scene)
        assert [c.name for c in clips] == [s.name for s in sections]
        assert all(c.samefile(s) for c, s in zip(clips, sections, strict=True))
    assert (folder / "slides" / "lecture.html").is_file()


def test_a_build_after_the_slides_renders_nothing_and_the_clips_tile_it(
    deck, tmp_path, no_render
):
    project = copy_of(deck, tmp_path / "copy")
    result = project.run("build")
    assert result.exit_code == 0, result.output
    assert "0 rendered, 2 unchanged" in result.stderr
    # The render saved its slides: played one after another, they are the video.
    folder = project.folder()
    sections = section_clips(folder / "sections" / "01-Beats", "Beats")
    _, whole = frames(folder / "01-Beats.mp4")
    assert np.array_equal(np.concatenate([frames(s)[1] for s in sections]), whole)


def test_the_slides_of_the_deck_fixture_rendered_nothing_after_its_build(deck):
    assert "0 rendered, 2 unchanged" in deck.slides_log


def refuse(self, job, scratch, log):
    pytest.fail(f"{job.scene} was rendered again")


def test_a_scene_that_says_nothing_is_rendered_once_for_every_voice(
    project, monkeypatch
):
    assert project.run("render", "Other").exit_code == 0  # the manifest's: piper
    narrated = project.folder(voice="piper") / "02-Other.mp4"
    inode = narrated.stat().st_ino
    monkeypatch.setattr(LocalManim, "run", refuse)
    result = project.run("render", "Other", "--voice", "none")
    assert result.exit_code == 0, result.output
    assert "0 rendered, 1 unchanged" in result.stderr
    silent = project.folder(voice="none") / "02-Other.mp4"
    assert result.stdout.split() == [str(silent)]
    assert silent.samefile(narrated) and narrated.stat().st_ino == inode
    sections = project.folder(voice="none") / "sections" / "02-Other"
    assert all(clip.is_file() for clip in section_clips(sections, "Other"))


@pytest.mark.slow
def test_a_silent_render_keeps_the_narrated_one(deck, tmp_path):
    project = copy_of(deck, tmp_path / "copy")
    narrated = project.folder(voice="piper")
    before = {p.name: p.read_bytes() for p in narrated.glob("01-Beats.*")}
    result = project.run("render", "Beats", "--voice", "none")
    assert result.exit_code == 0, result.output
    assert "1 rendered" in result.stderr
    assert {p.name: p.read_bytes() for p in narrated.glob("01-Beats.*")} == before
    silent = project.folder(voice="none") / "01-Beats.mp4"
    assert not any(s["codec_type"] == "audio" for s in ffprobe(silent)["streams"])
    assert float(ffprobe(silent)["format"]["duration"]) < float(
        ffprobe(narrated / "01-Beats.mp4")["format"]["duration"]
    )


def test_builds_of_some_scenes_are_named_by_their_numbers(project):
    result = project.run("build", "Other")
    assert result.exit_code == 0, result.output
    folder = project.folder()
    excerpt = folder / "lecture-scenes-02.mp4"
    assert result.stdout.split()[-2:] == [
        str(excerpt),
        str(folder / "lecture-scenes-02.srt"),
    ]
    assert not (folder / "lecture.mp4").exists()
    assert not (folder / "01-Quick.mp4").exists()  # not rendered either
    info = ffprobe(excerpt)
    assert info["format"]["tags"]["title"] == "Fixture Lecture (scenes 2)"
    assert [c["tags"]["title"] for c in info["chapters"]] == ["Chapter Two"]
    assert float(info["format"]["duration"]) == pytest.approx(
        float(ffprobe(folder / "02-Other.mp4")["format"]["duration"]), abs=0.01
    )
    # All of them by name is the whole lecture, and Other is not rendered again.
    whole = project.run("build", "Other", "Quick")
    assert whole.exit_code == 0, whole.output
    assert "1 rendered, 1 unchanged" in whole.stderr
    info = ffprobe(folder / "lecture.mp4")
    assert info["format"]["tags"]["title"] == "Fixture Lecture"
    assert [c["tags"]["title"] for c in info["chapters"]] == [
        "Chapter One",
        "Chapter Two",
    ]
    captions = srt.parse((folder / "lecture.srt").read_text())
    assert [c.content for c in captions] == [
        "A white square appears.",
        "It holds a formula.",
    ]
    assert excerpt.is_file()  # the excerpt stays, under its own name


@pytest.mark.slow
def test_a_failed_scene_names_the_excerpt_not_written(project):
    project.add_scene("Broken", "scenes.broken", BROKEN_MODULE, "Chapter Three")
    result = project.run("build", "Broken")
    assert result.exit_code == 1
    assert "lecture-scenes-03.mp4 not written" in result.stderr


BROKEN_MODULE = """
from manim import *


class Broken(Scene):
    def construct(self):
        raise RuntimeError("fixture scene fails on purpose")
"""


def test_a_speech_is_levelled_once_and_kept_by_its_content(deck, tmp_path, monkeypatch):
    lecture = load_lecture(deck.manifest)
    narrator = Narrator(lecture, "piper", tmp_path / "cache")
    spoken = next((deck.out / ".cache" / "speech").glob("*.wav"))
    seconds = audio_info(spoken).seconds
    copy = tmp_path / "same-content.wav"
    copy.write_bytes(spoken.read_bytes())
    levelled = []
    monkeypatch.setattr(
        narration,
        "normalize",
        lambda source, out: levelled.append(source) or normalize(source, out),
    )
    first = narrator.level(Speech("Hello.", spoken, seconds))
    again = narrator.level(Speech("Hello.", copy, seconds))
    assert len(levelled) == 1
    assert first.path == again.path != spoken
    assert audio_info(first.path).seconds == pytest.approx(seconds, abs=1e-3)
    # At the target loudness as it is heard: between silences.
    heard = track([(1.0, first.path)], seconds + 2.0, tmp_path / "heard.wav")
    level = measure(heard)
    assert level.integrated == pytest.approx(TARGET_LOUDNESS, abs=0.3)
    assert level.true_peak <= TARGET_TRUE_PEAK
    assert narrator.level(Speech("", None, 0.0)).path is None
