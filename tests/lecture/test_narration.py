"""Narration in the build: beats collected, speech cached per beat, recordings, script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import srt
from lecture_fixtures import copy_of, has_audio, speech_spans, video_seconds

from storyboard.narration import BEAT_PAUSE, SPEECH_VARIABLE

CAPTIONS = ["A blue square appears.", "It turns, again and again.", "It turns yellow."]


def cues(project, stem="01-Beats"):
    return list(srt.parse((project.folder() / f"{stem}.srt").read_text()))


def files(folder: Path) -> dict[str, int]:
    """Every file of a folder by name, with its inode (a rewrite changes it)."""
    return {p.name: p.stat().st_ino for p in folder.iterdir() if p.is_file()}


def rendered(result) -> list[str]:
    """The scenes a run's summary says it rendered."""
    return [
        line.split()[2]
        for line in result.stderr.splitlines()
        if line[:2].isdigit() and " rendered " in line
    ]


def test_beats_are_collected_without_rendering_as_the_render_plays_them(deck):
    cached = [
        json.loads(path.read_text())
        for path in (deck.out / ".cache" / "beats").glob("*.json")
    ]
    said = next(beats for beats in cached if beats)
    assert [beat["caption"] for beat in said] == CAPTIONS
    assert [beat["say"] for beat in said] == CAPTIONS  # prose is said as written
    assert [beat["loop"] for beat in said] == [False, True, False]
    assert [] in cached  # Plain narrates nothing
    assert [c.content for c in cues(deck)] == CAPTIONS


def test_editing_one_caption_resynthesises_that_beat_and_rerenders_that_scene(
    deck, tmp_path
):
    project = copy_of(deck, tmp_path / "proj")
    speech = project.out / ".cache" / "speech"
    before = files(speech)
    plain = (project.folder() / "02-Plain.mp4").stat().st_ino
    module = project.root / "deck_scenes" / "beats.py"
    module.write_text(
        module.read_text().replace("It turns yellow.", "Now it is yellow.")
    )

    result = project.run("render")
    assert result.exit_code == 0, result.output
    assert rendered(result) == ["Beats"]
    assert (project.folder() / "02-Plain.mp4").stat().st_ino == plain
    after = files(speech)
    assert {k: v for k, v in after.items() if k in before} == before  # kept as is
    assert len(after) == len(before) + 1  # one new beat said
    assert [c.content for c in cues(project)][-1] == "Now it is yellow."
    again = project.run("render")
    assert rendered(again) == []


def tone(path: Path, seconds: float, volume: str = "-20dB") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=330:duration={seconds}", "-af", f"volume={volume}",
         str(path)],
        check=True,
    )  # fmt: skip
    return path


def test_a_recording_replaces_the_voice_and_a_bad_one_fails_that_scene_alone(
    deck, tmp_path
):
    project = copy_of(deck, tmp_path / "proj")
    recording = tone(project.root / "narration" / "Beats" / "02.wav", 2.5)
    result = project.run("render")
    assert result.exit_code == 0, result.output
    assert rendered(result) == ["Beats"]
    video = project.folder() / "01-Beats.mp4"
    first, second, third = cues(project)
    assert (second.end - second.start).total_seconds() == pytest.approx(2.5, abs=0.01)
    assert (third.start - second.end).total_seconds() >= BEAT_PAUSE - 0.001
    heard = speech_spans(video)
    assert heard[1][1] - heard[1][0] == pytest.approx(2.5, abs=0.1)
    tone(project.root / "narration" / "Beats" / "07.wav", 0.5)  # no such beat
    script = project.run("script", "Beats")
    assert "`narration/Beats/02.wav` (recorded, 2.5 s)" in script.stdout
    assert "`narration/Beats/01.wav` (missing)" in script.stdout
    assert (
        "Recordings of no beat (not used): `narration/Beats/07.wav`." in script.stdout
    )

    good = video.read_bytes()
    tone(recording, 2.0, volume="-80dB")  # as good as silent
    failed = project.run("render")
    assert failed.exit_code == 1
    (row,) = [line for line in failed.stderr.splitlines() if "Beats" in line]
    assert f"{recording}: silent recording" in row
    assert video.read_bytes() == good
    assert "1 failed" in failed.stderr


def test_lecture_script_lists_each_beat_with_its_spoken_text_and_duration(
    deck, tmp_path
):
    project = copy_of(deck, tmp_path / "proj")
    result = project.run("script")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Recording script: Deck Fixture\n")
    assert "## 01-Beats: Beats of a square" in text
    assert "## 02-Plain: A circle in one go\n\nNo narrated beats." in text
    rows = [line for line in text.splitlines() if line.startswith("| Beats/")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| Beats/01",
        "| Beats/02",
        "| Beats/03",
    ]
    for row, cue in zip(rows, cues(project), strict=True):
        _, caption, said, seconds, recording = row.split(" | ")
        assert caption == said == cue.content
        assert float(seconds.removesuffix(" s")) == pytest.approx(
            (cue.end - cue.start).total_seconds(), abs=0.06
        )
        assert recording.endswith("(missing) |")
    out = tmp_path / "script.md"
    written = project.run("script", "Beats", "--output", str(out))
    assert written.exit_code == 0
    assert out.read_text().count("| Beats/") == 3


def test_the_manifest_voice_none_renders_silent_videos_timed_as_designed(
    deck, tmp_path
):
    project = copy_of(deck, tmp_path / "proj")
    text = project.manifest.read_text()
    project.manifest.write_text(
        text.replace("[lecture]\n", '[lecture]\nvoice = "none"\n')
    )
    result = project.run("render", "Beats")
    assert result.exit_code == 0, result.output
    video = project.folder() / "01-Beats.mp4"
    assert not has_audio(video)
    assert video_seconds(video) == pytest.approx(1.2, abs=0.07)  # three 0.4 s beats
    assert [c.content for c in cues(project)] == CAPTIONS
    project.manifest.write_text(
        text.replace("[lecture]\n", '[lecture]\nvoice = "espeak"\n')
    )
    wrong = project.run("render")
    assert wrong.exit_code == 2
    assert "[lecture].voice: input should be 'piper', 'flite' or 'none'" in wrong.output


FAILING = '''
"""Narrated fixture scenes that fail before their render, and one that does not."""
import os
import signal

from manim import *

from scenes.base import LectureScene


class Dies(LectureScene):
    def construct(self):
        circle = Circle()
        square = Square()
        with self.narrate("Something is about to go wrong."):
            self.play(Create(circle), run_time=0.2)
            self.play(Create(square), run_time=0.2)
        os.kill(os.getpid(), signal.SIGKILL)


class Raises(LectureScene):
    def construct(self):
        with self.narrate("This beat is fine."):
            self.play(Create(Square()), run_time=0.2)
        raise RuntimeError("fixture scene fails on purpose")


class After(LectureScene):
    def construct(self):
        with self.narrate("Still here."):
            self.play(Create(Dot()), run_time=0.2)
'''


def test_a_scene_that_fails_or_dies_while_its_beats_are_collected_fails_alone(
    deck, tmp_path
):
    project = copy_of(deck, tmp_path / "proj")
    project.write("deck_scenes/failing.py", FAILING)
    with project.manifest.open("a") as manifest:
        for name in ("Dies", "Raises", "After"):
            manifest.write(
                f'\n[[chapter.scene]]\nname = "{name}"\n'
                f'module = "deck_scenes.failing"\ntitle = "{name}"\n'
            )
    result = project.run("render")
    assert result.exit_code == 1
    rows = {
        line.split()[2]: line
        for line in result.stderr.splitlines()
        if line[:2].isdigit()
    }
    assert "render killed (SIGKILL)" in rows["Dies"]
    assert "RuntimeError: fixture scene fails on purpose" in rows["Raises"]
    assert "Traceback" in (project.folder() / "logs" / "04-Raises.log").read_text()
    assert rendered(result) == ["After"]
    assert "skipped (unchanged)" in rows["Beats"] and "skipped" in rows["Plain"]
    assert has_audio(project.folder() / "05-After.mp4")


# --- in the scene process ---------------------------------------------------------


def test_each_beat_waits_for_its_speech_and_without_the_tool_lasts_as_designed(
    tmp_path, monkeypatch
):
    from manim import FadeIn, Square, tempconfig

    from scenes.base import LectureScene

    class Told(LectureScene):
        def construct(self):
            with self.narrate("Short speech, long animation."):
                self.play(FadeIn(Square()), run_time=1.0)
            with self.narrate("Long speech, short animation."):
                self.wait(0.2)

    def beats(speech: list[float] | None):
        if speech is None:
            monkeypatch.delenv(SPEECH_VARIABLE, raising=False)
        else:
            plan = [
                {"say": caption, "seconds": seconds}
                for caption, seconds in zip(
                    ["Short speech, long animation.", "Long speech, short animation."],
                    speech,
                    strict=True,
                )
            ]
            monkeypatch.setenv(SPEECH_VARIABLE, json.dumps({"beats": plan}))
        options = {"dry_run": True, "frame_rate": 15, "media_dir": str(tmp_path)}
        with tempconfig(options | {"verbosity": "WARNING", "progress_bar": "none"}):
            scene = Told()
            scene.render()
        return [(b.end - b.start, b.speech) for b in scene.narration_beats]

    assert beats(None) == [
        (pytest.approx(1.0), 0.0),
        (pytest.approx(0.2, abs=0.07), 0.0),
    ]
    (first, short), (second, long_) = beats([0.5, 2.0])
    assert first == pytest.approx(1.0)  # the animation keeps its run time
    assert (short, long_) == (0.5, 2.0)
    # Held for whole frames: at least the speech and the pause, at most a frame more.
    assert 2.0 + BEAT_PAUSE <= second + 1e-9 <= 2.0 + BEAT_PAUSE + 1 / 15 + 1e-9


AGAIN = """
[[chapter.scene]]
id = "beats-again"
name = "Beats"
module = "deck_scenes.beats"
title = "The square once more"

[chapter.scene.say]
"2" = "Round and round it goes."

[chapter.scene.caption]
"2" = "Round it goes"
"""


def test_a_scene_twice_with_its_own_words_for_a_beat(deck, tmp_path):
    project = copy_of(deck, tmp_path / "proj")
    text = project.manifest.read_text()
    project.manifest.write_text(
        text.replace('title = "Nothing yet"\n', 'title = "Nothing yet"\n' + AGAIN)
    )
    result = project.run("render")
    assert result.exit_code == 0, result.output
    assert rendered(result) == ["beats-again"]
    again = cues(project, "02-beats-again")
    assert [c.content for c in again] == [CAPTIONS[0], "Round it goes", CAPTIONS[2]]
    assert [c.content for c in cues(project)] == CAPTIONS  # the first entry's own words
    script = project.run("script", "beats-again").stdout
    assert "| beats-again/02 | Round it goes | Round and round it goes. | " in script
    assert "`narration/beats-again/02.wav` (missing)" in script

    reworded = project.manifest.read_text().replace("Round and round", "Around")
    project.manifest.write_text(reworded)
    assert rendered(project.run("render")) == ["beats-again"]

    before = (project.folder() / "02-beats-again.mp4").read_bytes()
    project.manifest.write_text(reworded.replace('"2" = "Around', '"4" = "Around'))
    for command in ("render", "script"):
        refused = project.run(command)
        assert refused.exit_code == 2, refused.output
        assert refused.stderr.strip().splitlines() == [
            f"lecture: {project.manifest}: beats-again.say.4: beats-again has "
            "3 beats; number its beats from 1 to 3 (`lecture script beats-again` "
            "lists them)"
        ]
    assert (project.folder() / "02-beats-again.mp4").read_bytes() == before
