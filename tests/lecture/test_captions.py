"""Caption cues: at most two lines of 42 characters, nothing lost, timed over the speech."""

from __future__ import annotations

import doctest
from datetime import timedelta

import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture.sound.audio
import lecture.sound.captions
import lecture.sound.voice
from lecture.sound.captions import LINE_LENGTH, MAX_LINES, cue_texts, speech_cues, wrap

LONG = (
    "Step 1: find the steepest slope. Minus the gradient points straight downhill,"
    " and the hiker, who cannot see the valley, follows it one careful step at a time."
)


def check_cues(
    cues: list[srt.Subtitle], text: str, start: float, seconds: float
) -> None:
    """The properties every beat's cues have."""
    assert " ".join(c.content.replace("\n", " ") for c in cues).split() == [
        piece
        for word in text.split()
        for piece in (
            word[i : i + LINE_LENGTH] for i in range(0, len(word), LINE_LENGTH)
        )
    ]
    for cue in cues:
        lines = cue.content.split("\n")
        assert 1 <= len(lines) <= MAX_LINES, cue.content
        assert all(0 < len(line) <= LINE_LENGTH for line in lines), cue.content
        assert cue.end > cue.start
    assert cues[0].start == timedelta(milliseconds=round(start * 1000))
    assert cues[-1].end == timedelta(milliseconds=round((start + seconds) * 1000))
    for before, after in zip(cues, cues[1:], strict=False):
        assert before.end == after.start  # consecutive, never overlapping
    assert [c.index for c in cues] == list(
        range(cues[0].index, cues[0].index + len(cues))
    )


def test_a_short_caption_is_one_cue():
    (cue,) = speech_cues("Take a point P on a curve.", 2.0, 1.7)
    assert cue.content == "Take a point P on a curve."
    assert (cue.start, cue.end) == (timedelta(seconds=2), timedelta(seconds=3.7))


def test_a_long_caption_splits_at_sentences_then_commas():
    cues = speech_cues(LONG, 10.0, 9.0, index=4)
    check_cues(cues, LONG, 10.0, 9.0)
    assert [c.content.replace("\n", " ") for c in cues] == [
        "Step 1: find the steepest slope.",
        "Minus the gradient points straight downhill, and the hiker,",
        "who cannot see the valley, follows it one careful step at a time.",
    ]
    assert cues[0].index == 4


def test_short_sentences_share_a_cue_but_no_cue_spans_a_sentence_end():
    text = "Think about it. Quiz time. " + LONG
    texts = cue_texts(text)
    assert texts[0] == "Think about it. Quiz time. Step 1: find the steepest slope."
    assert texts[1].startswith("Minus the gradient")


def test_cue_time_follows_length():
    cues = speech_cues(LONG, 0.0, 9.0)
    lengths = [len(c.content) for c in cues]
    for cue, length in zip(cues, lengths, strict=True):
        share = (cue.end - cue.start).total_seconds() / 9.0
        assert share == pytest.approx(length / sum(lengths), abs=0.002)


def test_text_without_pauses_splits_between_words_evenly():
    text = " ".join(["gradient"] * 30)  # 269 characters, no punctuation
    cues = speech_cues(text, 0, 10)
    check_cues(cues, text, 0, 10)
    sizes = [len(c.content) for c in cues]
    assert len(cues) == 4
    assert max(sizes) - min(sizes) <= 10


def test_a_word_longer_than_a_line_is_cut():
    word = "x" * 100
    cues = speech_cues(f"See {word} here.", 0, 3)
    check_cues(cues, f"See {word} here.", 0, 3)


def test_blank_caption_has_no_cues_and_time_must_pass():
    assert speech_cues("   ", 0, 2) == []
    with pytest.raises(ValueError, match="positive"):
        speech_cues("Hello.", 0, 0)


def test_lines_are_balanced():
    assert wrap("Past 1/L it jumps over the minimum; past 2/L every step") == [
        "Past 1/L it jumps over the minimum;",
        "past 2/L every step",
    ]
    assert wrap("short") == ["short"]
    assert cue_texts("") == []


def test_cues_compose_into_an_srt_file():
    cues = speech_cues(LONG, 1.0, 9.0) + speech_cues(
        "Think about it.", 11.0, 1.0, index=5
    )
    text = srt.compose(cues)
    assert text.startswith("1\n00:00:01,000 --> ")
    assert [c.content for c in srt.parse(text)] == [c.content for c in cues]


words = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789'/-", min_size=1, max_size=50
)
punctuation = st.sampled_from(["", "", "", ",", ";", ":", ".", "?", "!"])
captions = st.lists(st.tuples(words, punctuation), min_size=1, max_size=60).map(
    lambda pairs: " ".join(word + mark for word, mark in pairs)
)


@settings(max_examples=300, deadline=None)
@given(captions, st.floats(0, 600), st.floats(0.2, 60))
def test_any_caption_gives_valid_cues(text, start, seconds):
    cues = speech_cues(text, start, seconds)
    check_cues(cues, text, start, seconds)


@pytest.mark.parametrize(
    "module", [lecture.sound.captions, lecture.sound.voice, lecture.sound.audio]
)
def test_docstring_examples(module):
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
