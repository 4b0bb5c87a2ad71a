"""`lecture slides`: clips per beat, the offline HTML deck in a real browser, the pptx."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import srt
from lecture_fixtures import (
    Project,
    ffprobe,
    frames,
    has_audio,
    speech_spans,
    video_seconds,
)
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from lecture.kit.media import audio_info
from lecture.publish.slides import LOOP_SLIDE
from lecture.sound.audio import TARGET_LOUDNESS, TARGET_TRUE_PEAK, measure
from storyboard.narration import BEAT_PAUSE

PLAIN_MANIFEST = """
[lecture]
title = "Plain renders"

[[chapter]]
title = "Both"

[[chapter.scene]]
name = "Beats"
module = "deck_scenes.beats"
title = "With slide breaks"

[[chapter.scene]]
name = "NoBreaks"
module = "deck_scenes.beats"
title = "Without slide breaks"
"""

NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


def beat_clips(project: Project) -> list[Path]:
    """Beats' clips in order, as listed by Manim's own section index."""
    folder = project.slides / "clips" / "01-Beats"
    index = json.loads((folder / "Beats.json").read_text())
    return [folder / entry["video"] for entry in index]


def all_clips(project: Project) -> list[Path]:
    plain = project.slides / "clips" / "02-Plain"
    return beat_clips(project) + [
        plain / e["video"] for e in json.loads((plain / "Plain.json").read_text())
    ]


def captions(project: Project) -> list[srt.Subtitle]:
    """Beats' captions (one cue per beat: each caption is short)."""
    return list(srt.parse((project.folder() / "01-Beats.srt").read_text()))


def duration(path: Path) -> float:
    return float(ffprobe(path)["format"]["duration"])


# --- clips ---------------------------------------------------------------------


def test_the_decks_loop_type_is_the_scene_base_loop_type():
    from scenes import base

    assert LOOP_SLIDE == base.LOOP_SLIDE


def test_each_narrated_beat_is_one_clip_and_the_clips_tile_the_scene(deck):
    clips = beat_clips(deck)
    narration = captions(deck)
    assert len(clips) == len(narration) == 3
    # Each clip starts where its caption starts in the whole scene's video.
    starts = np.cumsum([0.0, *(duration(clip) for clip in clips[:-1])])
    assert starts == pytest.approx(
        [c.start.total_seconds() for c in narration], abs=0.002
    )
    # Played one after another, the clips are exactly the scene's video.
    _, whole = frames(deck.folder() / "01-Beats.mp4")
    pieces = np.concatenate([frames(clip)[1] for clip in clips])
    assert pieces.shape == whole.shape
    assert np.array_equal(pieces, whole)


def test_slide_breaks_leave_a_plain_render_unchanged(deck, tmp_path):
    project = Project(tmp_path / "plain")
    shutil.copytree(deck.root / "deck_scenes", project.root / "deck_scenes")
    project.write("manim.cfg", "[CLI]\nmedia_dir = build/media\n")
    project.write("lecture.toml", PLAIN_MANIFEST)
    # The same speech (piper's durations vary from one synthesis to the next).
    shutil.copytree(deck.out / ".cache" / "speech", project.out / ".cache" / "speech")
    result = project.run("render")
    assert result.exit_code == 0, result.output
    _, with_breaks = frames(project.folder() / "01-Beats.mp4")
    _, without = frames(project.folder() / "02-NoBreaks.mp4")
    assert np.array_equal(with_breaks, without)
    # And the video the slides render installed is that same plain video.
    _, from_slides = frames(deck.folder() / "01-Beats.mp4")
    assert np.array_equal(from_slides, with_breaks)


def test_second_run_renders_and_writes_nothing(deck):
    made, again = deck.outputs
    assert {"01-Beats.mp4", "slides/lecture.html", "slides/lecture.pptx"} <= set(made)
    assert again == made


def test_deck_is_self_contained(deck):
    page = (deck.slides / "lecture.html").read_text()
    # Styles and player are inline; the only files it loads are its clips.
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert not re.search(r"https?://", page)
    data = json.loads(
        re.search(r'id="slides">(.*?)</script>', page, re.S)[1].replace("\\u003c", "<")
    )
    linked = [deck.slides / s["clip"] for s in data["slides"] if s["clip"]]
    assert linked == all_clips(deck)
    assert all(clip.is_file() for clip in linked)


def test_a_failed_scene_keeps_the_previous_deck(deck, tmp_path):
    project = Project(tmp_path / "proj")
    shutil.copytree(deck.root, project.root)
    deck_files = project.folder() / "slides"
    before = {p: p.read_bytes() for p in deck_files.glob("lecture.*")}
    module = project.root / "deck_scenes" / "beats.py"
    module.write_text(
        module.read_text().replace(
            "        self.play(GrowFromCenter",
            '        raise RuntimeError("fixture scene fails on purpose")\n'
            "        self.play(GrowFromCenter",
        )
    )
    result = project.run("slides")
    assert result.exit_code == 1
    assert "fixture scene fails on purpose" in result.output
    assert "slides not written" in result.output
    assert {p: p.read_bytes() for p in deck_files.glob("lecture.*")} == before


# --- sound ----------------------------------------------------------------------


def assert_normalised(path: Path) -> None:
    level = measure(path)
    assert level.integrated == pytest.approx(TARGET_LOUDNESS, abs=1.0), level
    assert level.true_peak <= TARGET_TRUE_PEAK, level


def test_the_scene_says_each_beat_when_its_caption_shows(deck):
    video = deck.folder() / "01-Beats.mp4"
    info = audio_info(video)
    assert (info.codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
    assert info.seconds == pytest.approx(video_seconds(video), abs=0.1)
    heard = speech_spans(video)
    cues = captions(deck)
    assert len(heard) == len(cues) == 3
    for (begin, end), cue in zip(heard, cues, strict=True):
        assert begin == pytest.approx(cue.start.total_seconds(), abs=0.1)
        assert end == pytest.approx(cue.end.total_seconds(), abs=0.1)
    # Each beat lasts its speech and a pause: silence between beats.
    for (_, end), cue, following in zip(heard, cues, cues[1:], strict=False):
        assert following.start - cue.end >= timedelta(seconds=BEAT_PAUSE - 0.001)
        assert following.start.total_seconds() - end >= BEAT_PAUSE - 0.1
    assert_normalised(video)


def test_each_beat_clip_says_its_own_speech(deck):
    for clip, cue in zip(beat_clips(deck), captions(deck), strict=True):
        info = audio_info(clip)
        assert (info.codec, info.sample_rate) == ("aac", 48000)
        assert info.seconds == pytest.approx(video_seconds(clip), abs=0.1)
        ((begin, end),) = speech_spans(clip)
        assert begin < 0.1
        assert end - begin == pytest.approx(
            (cue.end - cue.start).total_seconds(), abs=0.15
        )
        assert_normalised(clip)
    # A scene that narrates nothing has no sound at all.
    plain = all_clips(deck)[-1]
    assert not has_audio(plain)
    assert not has_audio(deck.folder() / "02-Plain.mp4")


# --- PowerPoint ------------------------------------------------------------------


def movie_bytes(shape) -> bytes:
    """The video file embedded for a movie shape."""
    (link,) = shape._element.xpath(".//a:videoFile/@r:link")
    return shape.part.related_part(link).blob


def test_pptx_has_chapter_titles_and_one_slide_per_beat_with_its_video(deck):
    presentation = Presentation(str(deck.slides / "lecture.pptx"))
    slides = list(presentation.slides)
    clips = all_clips(deck)
    chapter_slides = [slides[0], slides[4]]
    beat_slides = slides[1:4] + slides[5:]
    assert len(slides) == 2 + len(clips) == 6  # the empty chapter has no slide
    for slide, title in zip(chapter_slides, ["Squares", "Circles"], strict=True):
        assert title in slide.shapes[0].text_frame.text
    for slide, clip in zip(beat_slides, clips, strict=True):
        (movie,) = slide.shapes
        assert movie.shape_type == MSO_SHAPE_TYPE.MEDIA
        assert movie_bytes(movie) == clip.read_bytes()
    assert all(has_audio(clip) for clip in beat_clips(deck))  # the videos have sound
    notes = [s.notes_slide.notes_text_frame.text for s in beat_slides]
    assert notes == [c.content for c in captions(deck)] + ["A circle in one go"]
    # Every video starts with its slide; only the looping beat repeats.
    timing = [s.element.xpath(".//p:cMediaNode/p:cTn")[0] for s in beat_slides]
    delays = [t.xpath("./p:stCondLst/p:cond/@delay", namespaces=NS) for t in timing]
    assert delays == [["0"]] * 4
    assert [t.get("repeatCount") for t in timing] == [None, "indefinite", None, None]
    # The slide has the clips' shape.
    stream = ffprobe(clips[0])["streams"][0]
    assert presentation.slide_width / presentation.slide_height == pytest.approx(
        stream["width"] / stream["height"], rel=1e-3
    )


# --- the HTML deck in a real browser -------------------------------------------


@pytest.fixture
def page(browser, deck):
    """The deck opened from its file, recording console messages and requests."""
    opened = browser.new_page(viewport={"width": 854, "height": 480})
    opened.messages = []
    opened.requests = []
    opened.on("console", lambda m: opened.messages.append(f"{m.type}: {m.text}"))
    opened.on("pageerror", lambda e: opened.messages.append(f"pageerror: {e}"))
    opened.on("request", lambda r: opened.requests.append(r.url))
    opened.goto((deck.slides / "lecture.html").as_uri())
    yield opened
    opened.close()


VISIBLE = """() => {
  const view = [...document.querySelectorAll(".slide")].find((v) => !v.hidden);
  return {
    tag: view.tagName,
    text: view.textContent,
    src: view.currentSrc || null,
    time: view.currentTime ?? null,
    duration: view.duration ?? null,
    paused: view.paused ?? null,
    ended: view.ended ?? null,
    loop: view.loop ?? null,
    muted: view.muted ?? null,
    played: view.played ? view.played.length && view.played.end(0) : null,
  };
}"""


def visible(page) -> dict:
    return page.evaluate(VISIBLE)


def wait_until_visible(page, clip: Path) -> dict:
    page.wait_for_function(
        "(name) => [...document.querySelectorAll('video')].some("
        "(v) => !v.hidden && v.currentSrc.endsWith(name))",
        arg=clip.name,
        timeout=10_000,
    )
    return visible(page)


def errors(page) -> list[str]:
    return [m for m in page.messages if m.startswith(("error", "pageerror"))]


def test_deck_opens_at_the_first_chapter_title_offline(page, deck):
    shown = visible(page)
    assert shown["tag"] == "SECTION"
    assert "Squares" in shown["text"] and "Deck Fixture" in shown["text"]
    page.wait_for_load_state("networkidle")
    assert errors(page) == []
    # Everything it loaded came from the deck's folder.
    assert page.requests and all(
        url.startswith(deck.slides.as_uri()) for url in page.requests
    )


def test_right_arrow_plays_the_next_beat_and_the_slide_is_not_blank(page, deck):
    first = beat_clips(deck)[0]
    page.keyboard.press("ArrowRight")
    shown = wait_until_visible(page, first)
    page.wait_for_function(
        "() => [...document.querySelectorAll('video')].some((v) => !v.hidden && v.ended)"
    )
    shown = visible(page)
    assert shown["played"] == pytest.approx(duration(first), abs=0.1)
    assert not shown["loop"]
    screenshot = deck.root.parent / "beat-1.png"
    page.screenshot(path=str(screenshot))
    picture = np.asarray(Image.open(screenshot).convert("RGB")).astype(float)
    assert picture.std(axis=(0, 1)).max() > 20  # not one flat colour
    # The page shows the clip's last frame: compare with ffmpeg's decoding.
    _, clip_frames = frames(first)
    assert picture.shape == clip_frames[-1].shape
    assert np.abs(picture - clip_frames[-1]).mean() < 4
    assert errors(page) == []


def test_looping_beat_says_its_speech_once_then_repeats_silently(page, deck):
    loop_clip = beat_clips(deck)[1]
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")  # space moves on too
    shown = wait_until_visible(page, loop_clip)
    assert not shown["muted"] and not shown["loop"]
    page.wait_for_function(
        "() => [...document.querySelectorAll('video')].some("
        "(v) => !v.hidden && v.loop && v.muted)",
        timeout=10_000,
    )
    page.evaluate(
        """() => { window.seen = [];
        const v = [...document.querySelectorAll('video')].find((v) => !v.hidden);
        v.addEventListener('timeupdate', () => window.seen.push(v.currentTime)); }"""
    )
    page.wait_for_timeout(1.5 * duration(loop_clip) * 1000)
    seen = page.evaluate("window.seen")
    assert any(b < a for a, b in zip(seen, seen[1:], strict=False))  # went round
    shown = visible(page)
    assert not shown["paused"] and not shown["ended"] and shown["muted"]
    assert errors(page) == []


LISTEN = """() => {
  // Every clip's sound through an analyser: what the page plays, sample by sample.
  window.heard = [];
  const context = new AudioContext();
  for (const video of document.querySelectorAll("video")) {
    const analyser = context.createAnalyser();
    context.createMediaElementSource(video).connect(analyser);
    analyser.connect(context.destination);
    const samples = new Float32Array(analyser.fftSize);
    setInterval(() => {
      if (video.hidden || video.paused) return;
      analyser.getFloatTimeDomainData(samples);
      const peak = samples.reduce((top, x) => Math.max(top, Math.abs(x)), 0);
      window.heard.push([video.currentSrc.split("/").pop(), video.currentTime, peak]);
    }, 40);
  }
}"""


def test_the_deck_plays_each_beat_with_its_speech_after_the_first_click(page, deck):
    first, second, _ = beat_clips(deck)
    page.evaluate(LISTEN)
    page.wait_for_timeout(300)
    assert page.evaluate("window.heard") == []  # the title slide: nothing plays
    page.mouse.click(427, 240)  # the first click
    shown = wait_until_visible(page, first)
    assert not shown["muted"]
    page.wait_for_function(
        "() => [...document.querySelectorAll('video')].some((v) => !v.hidden && v.ended)"
    )
    page.mouse.click(427, 240)
    wait_until_visible(page, second)
    page.wait_for_timeout(600)
    heard = page.evaluate("window.heard")
    cues = captions(deck)
    for clip, cue in zip((first, second), cues, strict=False):
        said = (cue.end - cue.start).total_seconds()
        during = [
            peak for name, t, peak in heard if name == clip.name and t < said - 0.1
        ]
        after = [
            peak for name, t, peak in heard if name == clip.name and t > said + 0.15
        ]
        assert during and max(during) > 0.05, heard
        if clip == first:
            assert after and max(after) < 0.01  # the pause after the speech is silent
    assert errors(page) == []


def test_left_arrow_shows_the_previous_beat_as_it_ended(page, deck):
    first, loop_clip, third = beat_clips(deck)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_until_visible(page, third)
    page.keyboard.press("ArrowLeft")
    shown = wait_until_visible(page, loop_clip)
    assert not shown["paused"]  # a looping beat plays again
    page.keyboard.press("ArrowLeft")
    shown = wait_until_visible(page, first)
    assert shown["paused"]
    assert shown["time"] == pytest.approx(shown["duration"], abs=0.01)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # already at the first slide: stays
    assert "Squares" in visible(page)["text"]
    page.keyboard.press("End")
    wait_until_visible(page, all_clips(deck)[-1])
    assert errors(page) == []
