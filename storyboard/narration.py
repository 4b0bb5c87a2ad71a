"""The narration contract between the build tool and the scenes: beats and their speech.

A scene narrates in beats (``with self.narrate(caption, say=...)``, see
:mod:`scenes.base`). The build tool learns a scene's beats before it renders it,
synthesises each beat's spoken text, and hands the speech's durations to the scene
process as JSON in :data:`SPEECH_VARIABLE`; each beat then lasts at least its
speech plus :data:`BEAT_PAUSE`. The scene writes the beats it played, with their
times in its video, as JSON to the file named by :data:`BEATS_VARIABLE`; the tool
lays the speech on those times.

Pure data: no manim, no voice, no files but the one the scene is told to write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BEATS_VARIABLE",
    "BEAT_PAUSE",
    "SPEECH_VARIABLE",
    "WORDS_VARIABLE",
    "Beat",
    "BeatWords",
    "beat_id",
    "read_beats",
    "speech_seconds",
    "write_beats",
]

SPEECH_VARIABLE = "LECTURE_SPEECH"
"""Environment variable holding the beats' speech durations, as JSON.

``{"beats": [{"say": "...", "seconds": 2.31}, ...]}``, one entry per beat of the
scene in order. Without it (a plain ``manim`` run) beats last as their animations do.
"""
BEATS_VARIABLE = "LECTURE_BEATS"
"""Environment variable naming the JSON file a scene writes its played beats to."""
BEAT_PAUSE = 0.3
"""Seconds of silence after a beat's speech before the next beat may start."""
WORDS_VARIABLE = "LECTURE_WORDS"
"""Environment variable holding the manifest's own words for some beats, as JSON.

``{"say": {"2": "..."}, "caption": {"2": "..."}}``, keyed by beat number from 1
(see :class:`BeatWords`). Without it every beat says and shows the scene's words.
"""


@dataclass(frozen=True)
class Beat:
    """One narrated beat of a scene, as played.

    Attributes
    ----------
    caption
        What is shown (the subtitle).
    say
        What is said: the caption's spoken form, or the scene's own ``say``.
    loop
        Whether the beat's slide repeats until the presenter moves on.
    start, end
        When the beat starts and ends, in seconds of the scene's video.
    speech
        Seconds of speech the scene was told the beat has (0 when silent).
    """

    caption: str
    say: str
    loop: bool = False
    start: float = 0.0
    end: float = 0.0
    speech: float = 0.0


@dataclass(frozen=True)
class BeatWords:
    """The manifest's own words for some beats of a scene, by beat number from 1.

    Attributes
    ----------
    say
        What the voice says instead of the scene's spoken text.
    caption
        What the subtitle shows instead of the scene's caption.
    """

    say: Mapping[int, str] = field(default_factory=dict)
    caption: Mapping[int, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.say or self.caption)

    @property
    def numbers(self) -> list[int]:
        """The beats given words, in order."""
        return sorted({*self.say, *self.caption})

    def beat(self, number: int, caption: str, say: str) -> tuple[str, str]:
        """Beat ``number``'s caption and spoken text: the manifest's where it has some."""
        return self.caption.get(number, caption), self.say.get(number, say)

    def as_json(self) -> str:
        """The words as :data:`WORDS_VARIABLE` holds them."""
        return json.dumps(
            {
                "say": {str(n): text for n, text in self.say.items()},
                "caption": {str(n): text for n, text in self.caption.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> BeatWords:
        """The words the build tool handed the scene, or none (a plain ``manim`` run)."""
        text = (os.environ if environ is None else environ).get(WORDS_VARIABLE)
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            say={int(n): str(t) for n, t in data.get("say", {}).items()},
            caption={int(n): str(t) for n, t in data.get("caption", {}).items()},
        )


def beat_id(number: int) -> str:
    """A beat's id inside its scene: its number from 1, two digits.

    Examples
    --------
    >>> beat_id(3)
    '03'
    """
    return f"{number:02d}"


def speech_seconds(
    index: int, say: str, environ: Mapping[str, str] | None = None
) -> float:
    """Seconds of speech the build tool planned for beat ``index`` (from 0), or 0.

    The plan's entry must be for the same spoken text; a beat the plan does not
    know (a plain ``manim`` run, or a scene whose beats changed) gets 0.

    Raises
    ------
    ValueError
        If the variable holds something other than the plan's JSON.
    """
    text = (os.environ if environ is None else environ).get(SPEECH_VARIABLE)
    if not text:
        return 0.0
    beats = json.loads(text).get("beats", [])
    if not isinstance(beats, list):
        raise ValueError(f"{SPEECH_VARIABLE}: 'beats' must be a list")
    if index < len(beats) and beats[index].get("say") == say:
        return float(beats[index]["seconds"])
    return 0.0


def write_beats(path: Path, beats: Sequence[Beat]) -> None:
    """Write a scene's beats as JSON (atomically: a reader sees all or nothing)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(
        json.dumps([asdict(beat) for beat in beats], ensure_ascii=False),
        encoding="utf-8",
    )
    os.replace(temporary, path)


def read_beats(path: Path) -> list[Beat]:
    """Read beats written by :func:`write_beats`.

    Raises
    ------
    OSError, ValueError
        If the file is missing or is not a list of beats.
    """
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(b, dict) for b in data):
        raise ValueError(f"{path.name}: not a list of beats")
    try:
        return [Beat(**entry) for entry in data]
    except TypeError as error:
        raise ValueError(f"{path.name}: {error}") from None
