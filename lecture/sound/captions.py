"""Caption cues that follow the speech: a long caption split into short, timed cues.

A cue has at most :data:`MAX_LINES` lines of at most :data:`LINE_LENGTH` characters
(the usual limits for subtitles). A caption is split where it pauses: at the end of
a sentence first, then at a semicolon, colon or comma, and only where a part is still
too long, between words. Neighbouring parts are grouped into as few cues as fit,
as even as possible.
The cues share the speech's duration in proportion to their length, one after the
other.
"""

from __future__ import annotations

import re
from datetime import timedelta

import srt

__all__ = ["LINE_LENGTH", "MAX_LINES", "cue_texts", "speech_cues", "wrap"]

LINE_LENGTH = 42
"""Longest line of a cue, in characters."""
MAX_LINES = 2
"""Most lines in one cue."""

_PAUSE_BONUS = 8
"""How many characters longer a line may be to break after punctuation."""
_BREAKS = (r"(?<=[.!?…])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+")
"""Where a caption may be split, strongest pause first."""


def speech_cues(
    text: str, start: float, seconds: float, *, index: int = 1
) -> list[srt.Subtitle]:
    r"""The cues of one beat's caption, spread over its speech.

    Parameters
    ----------
    text
        The caption (what is shown, not the spoken form).
    start
        When the speech starts, in seconds from the start of the video.
    seconds
        How long the speech lasts (or the beat, for a silent one); must be positive.
    index
        The number of the first cue (``srt.sort_and_reindex`` can renumber them).

    Returns
    -------
    list of srt.Subtitle
        Consecutive cues from ``start`` to ``start + seconds`` (each ends where the
        next begins), each of at most two lines of at most 42 characters (a single
        word longer than a line is cut). Empty for a blank caption.

    Examples
    --------
    >>> cues = speech_cues("Quiz time. What happens if the learning rate is too high?", 2, 4)
    >>> [cue.content for cue in cues]
    ['Quiz time. What happens if\nthe learning rate is too high?']
    >>> long = (
    ...     "Lost in the mountains: the shelter is at the lowest point of the valley."
    ...     " Without a map, the hiker feels the slope."
    ... )
    >>> for cue in speech_cues(long, 10, 6):
    ...     print(cue.start.total_seconds(), cue.end.total_seconds(), repr(cue.content))
    10.0 13.823 'Lost in the mountains: the shelter\nis at the lowest point of the valley.'
    13.823 16.0 'Without a map, the hiker feels the slope.'
    """
    if not seconds > 0:
        raise ValueError(f"a cue needs a positive duration, got {seconds}")
    parts = cue_texts(text)
    weights = [len(part) for part in parts]
    total = sum(weights)
    cues = []
    begin, elapsed = _millis(start), 0
    for i, (part, weight) in enumerate(zip(parts, weights, strict=True)):
        elapsed += weight
        end = _millis(start + seconds * elapsed / total)
        cues.append(
            srt.Subtitle(
                index=index + i,
                start=timedelta(milliseconds=begin),
                end=timedelta(milliseconds=end),
                content="\n".join(wrap(part)),
            )
        )
        begin = end
    return cues


def cue_texts(text: str) -> list[str]:
    """Split a caption into the texts of its cues (each fits :func:`wrap`'s two lines).

    Examples
    --------
    >>> cue_texts(
    ...     "Past 1/L it jumps over the minimum; past 2/L every step takes it much"
    ...     " further away from it."
    ... )
    ['Past 1/L it jumps over the minimum;', 'past 2/L every step takes it much further away from it.']
    """
    words = text.split()
    if not words:
        return []
    return _split(" ".join(words), 0)


def wrap(text: str) -> list[str]:
    """Break a cue's text into lines of at most 42 characters, as even as possible.

    One line if it fits, else the break that makes the longer line shortest (a
    break after punctuation may make it up to 8 characters longer). A text
    that needs more than two lines gives more (callers split it first, see
    :func:`cue_texts`).

    Examples
    --------
    >>> wrap("The slope is flat: the hiker has reached the shelter, the lowest point.")
    ['The slope is flat: the hiker has', 'reached the shelter, the lowest point.']
    """
    words = [piece for word in text.split() for piece in _pieces(word)]
    if len(" ".join(words)) <= LINE_LENGTH:
        return [" ".join(words)] if words else []
    breaks = [
        [" ".join(words[:cut]), " ".join(words[cut:])] for cut in range(1, len(words))
    ]
    fitting = [lines for lines in breaks if max(map(len, lines)) <= LINE_LENGTH]
    if fitting:
        return min(fitting, key=_unevenness)
    greedy: list[str] = []
    for word in words:
        if greedy and len(greedy[-1]) + 1 + len(word) <= LINE_LENGTH:
            greedy[-1] += " " + word
        else:
            greedy.append(word)
    return greedy


def _unevenness(lines: list[str]) -> int:
    """The longer line's length, less a bonus for breaking after punctuation."""
    pause = _PAUSE_BONUS if lines[0][-1] in ",;:.!?" else 0
    return max(map(len, lines)) - pause


def _fits(text: str) -> bool:
    return len(wrap(text)) <= MAX_LINES


def _split(text: str, level: int) -> list[str]:
    """Split ``text`` at the strongest pause it has, recursively, until every part fits.

    Whole parts next to each other are grouped into as few cues as possible (and as
    even as possible); a part too long for one cue is split further on its own, so
    no cue runs across a stronger pause than the ones inside it.
    """
    if _fits(text):
        return [text]
    for depth in range(level, len(_BREAKS)):
        parts = [part for part in re.split(_BREAKS[depth], text) if part]
        if len(parts) > 1:
            break
    else:
        return _group([piece for word in text.split() for piece in _pieces(word)])
    cues: list[str] = []
    run: list[str] = []
    for part in parts:
        if _fits(part):
            run.append(part)
        else:
            cues += _group(run) + _split(part, depth + 1)
            run = []
    return cues + _group(run)


def _group(atoms: list[str]) -> list[str]:
    """Join consecutive atoms into the fewest cues that fit, the longest as short as can be."""
    # best[i]: (cues, longest cue, sum of squared lengths, the cues) for atoms[:i].
    best: list[tuple[int, int, int, list[str]]] = [(0, 0, 0, [])]
    for end in range(1, len(atoms) + 1):
        options = []
        for begin in range(end - 1, -1, -1):
            cue = " ".join(atoms[begin:end])
            if len(cue) > MAX_LINES * (LINE_LENGTH + 1):
                break
            if end - begin == 1 or _fits(cue):
                count, longest, squares, cues = best[begin]
                options.append(
                    (
                        count + 1,
                        max(longest, len(cue)),
                        squares + len(cue) ** 2,
                        [*cues, cue],
                    )
                )
        best.append(min(options, key=lambda option: option[:3]))
    return best[-1][3]


def _pieces(word: str) -> list[str]:
    """A word cut into pieces of at most one line (only words longer than a line)."""
    return [word[i : i + LINE_LENGTH] for i in range(0, len(word), LINE_LENGTH)]


def _millis(seconds: float) -> int:
    return round(seconds * 1000)
