"""Narration in the build: each beat's speech before the render, the scene's sound after it.

Before a stale scene renders, its beats (collected, see :mod:`lecture.render.collect`) get
their speech: the presenter's recording ``narration/<Scene>/<NN>.wav`` beside the
manifest when there is one, else the voice's synthesis (cached). The durations are
handed to the scene (:data:`storyboard.narration.SPEECH_VARIABLE`), which holds
each beat until its speech is over. After the render the scene's played beats
(their times in the video) give its sound: each speech, levelled to -16 LUFS once
(and kept), laid at its beat's start (:func:`lecture.sound.audio.track`) and muxed into the video,
and its captions, split into short cues spread over the speech
(:func:`lecture.sound.captions.speech_cues`). The slides cut each beat's clip's sound
from the scene's (see :mod:`lecture.publish.slides`).
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import srt

from lecture.kit import recipes
from lecture.kit.files import content_digest, digest, replacing
from lecture.kit.media import MediaError, probe
from lecture.project.errors import LectureError, one_line
from lecture.project.manifest import Lecture, SceneEntry
from lecture.sound.audio import (
    TARGET_LOUDNESS,
    TARGET_TRUE_PEAK,
    cut,
    mux,
    normalize,
    track,
    wav_seconds,
)
from lecture.sound.captions import speech_cues
from lecture.sound.voice import (
    MAX_RECORDING_SECONDS,
    Speech,
    VoiceError,
    engine_version,
    recording,
    synthesize,
)
from storyboard.narration import SPEECH_VARIABLE, Beat, beat_id
from storyboard.options import within_folder

__all__ = [
    "NARRATION_FOLDER",
    "Narrator",
    "add_sound",
    "check_recordings",
    "recording_path",
    "recording_script",
    "replace_sound",
    "scene_captions",
]

NARRATION_FOLDER = "narration"
"""The folder beside the manifest that holds the presenter's recordings."""
_MARGIN = 0.4
"""Seconds of silence around a speech while it is levelled: one loudness block."""


def recording_path(lecture: Lecture, scene: SceneEntry, number: int) -> Path:
    """Where the presenter's recording of beat ``number`` (from 1) of a scene goes.

    ``narration/<id>/<NN>.wav`` beside the manifest (the entry's id: its class
    name unless it has one), e.g. ``narration/TangentSlide/02.wav`` for the
    scene's second beat.
    """
    return lecture.folder / NARRATION_FOLDER / scene.id / f"{beat_id(number)}.wav"


def check_recordings(lecture: Lecture, scenes: Sequence[SceneEntry]) -> None:
    """Check every recording the scenes may use, before any work reads one.

    Each ``narration/<id>/*.wav`` must be a file inside the lecture's folder
    once symbolic links are followed, and a WAV file of at most
    :data:`~lecture.sound.voice.MAX_RECORDING_SECONDS` by its header (nothing is
    decoded here: whether it is silent is found when its scene renders).

    Raises
    ------
    LectureError
        One line naming the manifest and the recording, exit code 2.
    """
    for scene in scenes:
        folder = lecture.folder / NARRATION_FOLDER / scene.id
        for path in sorted(folder.glob("*.wav")):
            shown = path.relative_to(lecture.folder)
            try:
                within_folder(shown, lecture.folder)
                seconds = wav_seconds(path)
            except ValueError:
                problem = (
                    "leads outside the lecture's folder; put the recording itself "
                    f"in {shown.parent}/"
                )
            except (MediaError, OSError, RuntimeError) as error:
                reason = str(error).removeprefix(f"{path.name}: ")
                problem = f"{reason}; record or convert it to WAV"
            else:
                if seconds <= MAX_RECORDING_SECONDS:
                    continue
                problem = (
                    f"{seconds / 60:.0f} min long by its header; a recording of one "
                    f"beat is at most {MAX_RECORDING_SECONDS / 60:.0f} min"
                )
            raise LectureError(one_line(f"{lecture.where}: {shown}: {problem}"))


class Narrator:
    """The speech of one command's scenes: one voice, one cache, one engine at a time.

    Parameters
    ----------
    lecture
        The lecture (recordings are found beside its manifest).
    voice
        One of :data:`lecture.sound.voice.VOICES`; ``"none"`` makes every scene silent
        (recordings included).
    cache
        The shared cache folder; speech goes to its ``speech/`` folder.
    """

    def __init__(self, lecture: Lecture, voice: str, cache: Path) -> None:
        self.lecture = lecture
        self.voice = voice
        self.speech_cache = cache / "speech"
        self._lock = threading.Lock()

    @property
    def silent(self) -> bool:
        """Whether the scenes are rendered without sound (voice ``none``)."""
        return self.voice == "none"

    @functools.cached_property
    def engine(self) -> str:
        """What the voice's sound depends on (see :func:`lecture.sound.voice.engine_version`).

        Raises
        ------
        VoiceError
            If the voice's engine is not installed.
        """
        return engine_version(self.voice)

    def recordings(self, scene: SceneEntry, beats: Sequence[Beat]) -> list[Path | None]:
        """Each beat's recording, or ``None`` where the presenter recorded none."""
        paths = [
            recording_path(self.lecture, scene, n) for n in range(1, len(beats) + 1)
        ]
        return [path if os.path.lexists(path) else None for path in paths]

    def speak(self, scene: SceneEntry, beats: Sequence[Beat]) -> list[Speech]:
        """Each beat's speech: its recording (checked) or the voice's (synthesised).

        Synthesis runs one scene at a time (the voice's model is loaded once per
        process and shared); texts already in the cache are only looked up.

        Each speech comes levelled (see :meth:`level`).

        Raises
        ------
        VoiceError
            One line naming the file, for an unreadable, empty or silent recording;
            or the voice's failure.
        MediaError
            If ffmpeg cannot level a speech.
        """
        recordings = self.recordings(scene, beats)
        recorded = {
            index: recording(beat.say, path)
            for index, (beat, path) in enumerate(zip(beats, recordings, strict=True))
            if path is not None
        }
        wanted = [beat.say for index, beat in enumerate(beats) if index not in recorded]
        with self._lock:
            synthetic = iter(synthesize(wanted, self.voice, self.speech_cache))
        return [
            self.level(recorded.get(index) or next(synthetic))
            for index in range(len(beats))
        ]

    def level(self, speech: Speech) -> Speech:
        """The speech at the lecture's loudness, normalised once and kept by content.

        It is normalised as it will be heard: between stretches of silence (as long
        as the loudness meter's blocks), which count for short speech. Every
        output's sound is levelled speech and silence, so it is at the target
        loudness as it is (measured: within 0.3 LU, the true peak unchanged) and
        nothing is normalised again: not a scene's track, nor a slide clip's, nor
        the lecture's.
        """
        if speech.path is None:
            return speech
        key = digest(
            recipes.LEVELLED,
            TARGET_LOUDNESS,
            TARGET_TRUE_PEAK,
            content_digest(speech.path),
        )
        levelled = self.speech_cache / "levelled" / f"{key}.wav"
        if not levelled.is_file():
            levelled.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=levelled.parent) as work:
                heard = track(
                    [(_MARGIN, speech.path)],
                    speech.seconds + 2 * _MARGIN,
                    Path(work, "heard.wav"),
                )
                loud = normalize(heard, Path(work, "loud.wav"))
                cut(loud, _MARGIN, _MARGIN + speech.seconds, levelled)
        return replace(speech, path=levelled)

    def synthetic(self, beats: Sequence[Beat]) -> list[float | None]:
        """How long the voice says each beat (``None`` for every beat when silent).

        Recordings do not count: this is the voice's own speech, synthesised (or
        found in the cache).

        Raises
        ------
        VoiceError
            If the voice fails.
        """
        if self.silent:
            return [None] * len(beats)
        with self._lock:
            said = synthesize(
                [beat.say for beat in beats], self.voice, self.speech_cache
            )
        return [speech.seconds for speech in said]

    @staticmethod
    def plan(speech: Sequence[Speech]) -> str:
        """The speech's durations as the scene reads them (:data:`SPEECH_VARIABLE`)."""
        return json.dumps(
            {
                "beats": [
                    {"say": s.text, "seconds": round(s.seconds, 4)} for s in speech
                ]
            },
            ensure_ascii=False,
        )

    @staticmethod
    def environment(speech: Sequence[Speech]) -> dict[str, str]:
        """The environment that hands the speech's durations to a scene process."""
        return {SPEECH_VARIABLE: Narrator.plan(speech)}


def scene_captions(beats: Sequence[Beat]) -> str:
    """A scene's captions (SRT) from its played beats: short cues over each speech.

    A beat with speech shows its caption, split into cues of at most two lines of
    42 characters, while it is said; a silent beat shows it for the whole beat
    (at least half a second).
    """
    cues: list[srt.Subtitle] = []
    for beat in beats:
        seconds = beat.speech if beat.speech > 0 else max(beat.end - beat.start, 0.5)
        cues += speech_cues(beat.caption, beat.start, seconds, index=len(cues) + 1)
    return srt.compose(cues)


def add_sound(
    video: Path,
    beats: Sequence[Beat],
    speech: Sequence[Speech],
    work: Path,
) -> None:
    """Give a rendered scene its sound, in place: each speech at its beat's start.

    The track lasts exactly the video and is muxed in (the video stream is
    copied). Its speech is levelled (see :meth:`Narrator.level`), so it is at -16
    LUFS integrated with true peaks at most -1.5 dBTP as it is.

    Parameters
    ----------
    video
        The scene's MP4, replaced by the narrated one.
    beats
        The beats the scene played, with their times in the video.
    speech
        Each beat's speech, in the same order.
    work
        Scratch folder for the tracks.

    Raises
    ------
    MediaError
        If ffmpeg or ffprobe fails.
    ValueError
        If beats and speech differ in number.
    """
    if len(beats) != len(speech):
        raise ValueError(f"{len(beats)} beats but {len(speech)} speeches")
    seconds = probe(video).duration
    laid = [
        (beat.start, said.path)
        for beat, said in zip(beats, speech, strict=True)
        if said.path is not None
    ]
    replace_sound(video, track(laid, seconds, work / "track.wav"))


def replace_sound(video: Path, sound: Path) -> None:
    """Mux ``sound`` into ``video`` and put the result in its place, checked."""
    with replacing(video) as narrated:
        probe(mux(video, sound, narrated))


def recording_script(
    lecture: Lecture,
    scenes: Sequence[tuple[SceneEntry, Sequence[Beat], Sequence[float | None]]],
    voice: str,
) -> str:
    """The recording script as Markdown: per scene, a table of its beats.

    Parameters
    ----------
    lecture
        The lecture (recordings are named relative to its manifest's folder).
    scenes
        Each scene with its beats and each beat's synthetic duration (``None``
        when there is none: voice ``none``).
    voice
        The voice the durations are of.

    Returns
    -------
    str
        A title, how to record, then for each scene a table: the beat's id
        (``Scene/NN``), caption, spoken text, synthetic duration and the
        recording's file and state (recorded, with its duration; missing; or
        unusable, and why).
    """
    lines = [
        f"# Recording script: {lecture.full_title}",
        "",
        f"Voice: {voice}. Record a beat as `{NARRATION_FOLDER}/<Scene>/<NN>.wav` next "
        f"to {lecture.path.name} (NN: the beat's number in its scene, from 01): the "
        "recording replaces the voice for that beat, and the video waits for it. "
        "Read the spoken text; the caption is what the screen shows.",
    ]
    total_beats = total_seconds = 0.0
    for scene, beats, durations in scenes:
        lines += ["", f"## {scene.stem}: {scene.title}", ""]
        if not beats:
            lines.append("No narrated beats.")
            continue
        lines += [
            "| beat | caption | spoken text | synthetic | recording |",
            "|---|---|---|---|---|",
        ]
        for number, (beat, seconds) in enumerate(zip(beats, durations, strict=True), 1):
            path = recording_path(lecture, scene, number)
            shown = path.relative_to(lecture.folder).as_posix()
            lines.append(
                f"| {scene.id}/{beat_id(number)} | {_cell(beat.caption)} "
                f"| {_cell(beat.say)} | "
                + ("" if seconds is None else f"{seconds:.1f} s")
                + f" | `{shown}` {_recorded(path)} |"
            )
            total_beats += 1
            total_seconds += seconds or 0.0
        said = sum(s or 0.0 for s in durations)
        lines += ["", f"{len(beats)} beats, {said:.1f} s of synthetic speech."]
        ids = {beat_id(number) for number in range(1, len(beats) + 1)}
        folder = lecture.folder / NARRATION_FOLDER / scene.id
        stray = sorted(p for p in folder.glob("*.wav") if p.stem not in ids)
        if stray:
            names = ", ".join(
                f"`{p.relative_to(lecture.folder).as_posix()}`" for p in stray
            )
            lines.append(f"Recordings of no beat (not used): {names}.")
    lines += [
        "",
        f"In all: {int(total_beats)} beats, {total_seconds:.1f} s of synthetic speech.",
    ]
    return "\n".join(lines) + "\n"


def _recorded(path: Path) -> str:
    """A recording's state, for the script: its duration, missing, or unusable."""
    if not os.path.lexists(path):
        return "(missing)"
    try:
        return f"(recorded, {recording(path.stem, path).seconds:.1f} s)"
    except VoiceError as error:
        reason = str(error).removeprefix(f"{path}: ")
        return f"(unusable: {reason})"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, on one line."""
    return " ".join(text.split()).replace("|", "\\|")
