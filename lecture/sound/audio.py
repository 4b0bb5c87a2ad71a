"""Sound for the videos: a scene's track from its beats' speech, loudness, muxing, cutting.

Every function runs ffmpeg and writes one file atomically (see
:func:`lecture.kit.files.replacing`), so a failed or interrupted run never leaves a
half-written output. Tracks are 48 kHz stereo 16-bit WAV; the encoded outputs
carry AAC (MP4) or Opus (WebM) at 48 kHz.

A scene's sound is made in three steps::

    track([(2.0, hello_wav), (7.5, world_wav)], video_seconds, raw_wav)
    normalize(raw_wav, track_wav)          # -16 LUFS integrated, true peak <= -2.5 dBTP
    mux(video_mp4, track_wav, out_mp4)     # video stream copied, AAC 48 kHz
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lecture.kit.files import replacing
from lecture.kit.media import MediaError, ffmpeg, ffmpeg_log, probe

__all__ = [
    "CHANNELS",
    "SAMPLE_RATE",
    "TARGET_LOUDNESS",
    "TARGET_TRUE_PEAK",
    "Loudness",
    "concat",
    "cut",
    "measure",
    "mux",
    "normalize",
    "track",
    "wav_seconds",
]

SAMPLE_RATE = 48_000
"""Sample rate of every track and encoded output, in hertz."""
CHANNELS = 2
"""Channels of every track: the voice is mono, played on both sides."""
TARGET_LOUDNESS = -16.0
"""Integrated loudness of every output with sound, in LUFS."""
TARGET_TRUE_PEAK = -1.5
"""Highest true peak of every output with sound, in dBTP."""

_HEADROOM = 1.0
"""dB of margin kept under the true-peak ceiling (AAC and Opus add up to 0.3 dB)."""
_SILENCE = -60.0
"""Integrated loudness (LUFS) below which a track counts as silence and is not raised."""
_TOLERANCE = 0.25
"""How close (LU) the limited track must come to the target loudness."""
_PASSES = 4
"""At most this many limiter passes (one or two suffice for speech)."""
_LIMITER_LOSS = 0.25
"""Expected loudness lost per dB of peaks limited (LU/dB), for the first guess."""
_FAST_AAC = ["-aac_coder", "fast"]
"""ffmpeg's AAC coder "fast": 2.7 times faster than the default "twoloop" (1.3 against
3.5 CPU s per minute of stereo at 160 kb/s), same loudness, same pocketsphinx recall."""
_ENCODERS = {
    ".mp4": ("aac", "160k", [*_FAST_AAC, "-movflags", "+faststart"]),
    ".m4v": ("aac", "160k", _FAST_AAC),
    ".mov": ("aac", "160k", _FAST_AAC),
    ".webm": ("libopus", "128k", []),
    ".mkv": ("libopus", "128k", []),
}
"""Audio codec and bit rate for each video container, by file suffix."""
_STEREO = "aformat=channel_layouts=stereo,"
"""Mono becomes stereo (each side 3 dB down, so the loudness is kept)."""
_PCM = ["-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS), "-c:a", "pcm_s16le"]


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's EBU R128 meter (``ebur128=peak=true``) says about a file.

    Attributes
    ----------
    integrated
        Integrated (gated) loudness in LUFS; -70 when nothing is above the gate.
    true_peak
        Highest true peak in dBTP (dBFS of the 4x oversampled signal).
    loudness_range
        Loudness range in LU.
    """

    integrated: float
    true_peak: float
    loudness_range: float


_WAV_SLACK = 1_000_000
"""Bytes a WAV file may hold beyond its header's chunks up to the audio's end."""
_WAV_CHUNKS = 64
"""Chunks read before the audio (fmt, and metadata such as LIST or bext)."""


def wav_seconds(path: Path) -> float:
    """The duration a WAV file's header gives, without decoding it.

    The RIFF chunks are walked up to the ``data`` chunk: its size over the byte
    rate of the ``fmt`` chunk is the duration. A file much larger than its chunks
    say (more than a megabyte past the audio) is refused too, so that the
    header cannot hide what reading the file costs.

    Raises
    ------
    MediaError
        If the file is not a RIFF/WAVE file with ``fmt`` and ``data`` chunks, or
        is larger than its header says.
    """
    with path.open("rb") as file:
        riff = file.read(12)
        if len(riff) < 12 or riff[:4] != b"RIFF" or riff[8:] != b"WAVE":
            raise MediaError(f"{path.name}: not a WAV file (no RIFF/WAVE header)")
        byte_rate = 0
        for _ in range(_WAV_CHUNKS):
            header = file.read(8)
            if len(header) < 8:
                break
            kind, (size,) = header[:4], struct.unpack("<I", header[4:])
            if kind == b"data":
                end = file.tell() + size
                if not byte_rate:
                    break
                if os.fstat(file.fileno()).st_size > end + _WAV_SLACK:
                    raise MediaError(
                        f"{path.name}: the file is larger than its WAV header says"
                    )
                return size / byte_rate
            if kind == b"fmt " and 16 <= size <= 1024:
                (byte_rate,) = struct.unpack_from("<I", file.read(size), 8)
                file.seek(size % 2, os.SEEK_CUR)
            else:
                file.seek(size + size % 2, os.SEEK_CUR)
    raise MediaError(f"{path.name}: a WAV file without fmt and data chunks")


def track(beats: Sequence[tuple[float, Path]], seconds: float, out: Path) -> Path:
    """Write one track of exactly ``seconds``, each speech starting at its beat.

    Parameters
    ----------
    beats
        ``(start, path)`` pairs: the speech in ``path`` (any format ffmpeg reads)
        starts ``start`` seconds into the track. Speech that would run past the end
        is cut; overlapping speech is mixed. Silence everywhere else.
    seconds
        The track's duration, normally the video's.
    out
        The WAV file to write (48 kHz stereo 16-bit).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    ValueError
        If ``seconds`` is not positive or a start is negative.
    MediaError
        If ffmpeg fails, e.g. on an unreadable speech file.
    """
    if not seconds > 0:
        raise ValueError(f"track duration must be positive, got {seconds}")
    if any(start < 0 for start, _ in beats):
        raise ValueError("beat starts must not be negative")
    samples = round(seconds * SAMPLE_RATE)
    inputs: list[str | Path] = []
    chains = []
    for i, (start, path) in enumerate(beats):
        inputs += ["-i", path]
        chains.append(
            f"[{i}:a]aresample={SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
            f"adelay=delays={round(start * SAMPLE_RATE)}S:all=1[b{i}]"
        )
    n = len(beats)
    chains.append(
        f"anullsrc=r={SAMPLE_RATE}:cl=stereo,atrim=end_sample={samples}[silence]"
    )
    labels = "".join(f"[b{i}]" for i in range(n))
    chains.append(
        f"[silence]{labels}amix=inputs={n + 1}:duration=first:normalize=0,"
        f"atrim=end_sample={samples}[out]"
    )
    with replacing(out) as temporary:
        ffmpeg(
            *inputs,
            "-filter_complex", ";".join(chains), "-map", "[out]", *_PCM,
            "-f", "wav", temporary,
        )  # fmt: skip
    return out


def measure(path: Path) -> Loudness:
    """Measure a file's integrated loudness, true peak and range (EBU R128).

    Raises
    ------
    MediaError
        If ffmpeg cannot read the file or prints no loudness summary.
    """
    return _measure(path)


def _measure(path: Path, before: str = "") -> Loudness:
    """:func:`measure`, after the filters ``before`` (e.g. the upmix to stereo)."""
    meter = f"{before}ebur128=peak=true:framelog=verbose"
    log = ffmpeg_log("-i", path, "-map", "0:a:0", "-af", meter)
    summary = log[log.rfind("Summary:") :]

    def value(label: str) -> float:
        found = re.search(rf"{label}:\s+(-?inf|-?[\d.]+)", summary)
        if not found:
            raise MediaError(f"{path.name}: no loudness measurement ({label})")
        return float(found[1])

    return Loudness(value("I"), value("Peak"), value("LRA"))


def normalize(
    source: Path,
    out: Path,
    *,
    loudness: float = TARGET_LOUDNESS,
    true_peak: float = TARGET_TRUE_PEAK,
) -> Path:
    """Write ``source`` at ``loudness`` LUFS integrated with true peaks at most ``true_peak``.

    Measured with ffmpeg's EBU R128 meter (:func:`measure`, the same meter the tests
    use), then one gain. Where that gain would push the true peak past
    ``true_peak - 1`` dB (synthetic speech peaks at 0 dBFS around -20 LUFS, so it
    always does), the peaks are limited on the 4x oversampled signal to that level,
    the result is measured again and the gain corrected until the loudness is within
    0.25 LU (one or two passes). Speech keeps its dynamics otherwise. A file quieter
    than -60 LUFS is not raised: silence is only converted, and a sound too short
    for the meter (under 0.4 s) gets its peak set to ``true_peak - 1`` dB.

    ffmpeg's ``loudnorm`` is not used: its linear mode refuses such peaky speech and
    its dynamic mode missed the target by 1 to 2 LU on the lecture's beats (and its
    own meter reads 0.5 LU off ``ebur128``).

    Parameters
    ----------
    source
        Any audio file ffmpeg reads.
    out
        The WAV file to write (48 kHz stereo 16-bit).
    loudness
        Target integrated loudness in LUFS.
    true_peak
        Ceiling for true peaks in dBTP.

    Returns
    -------
    Path
        ``out``.
    """
    level = _measure(source, _STEREO)  # as the output will be: mono is upmixed first
    ceiling = true_peak - _HEADROOM
    if level.integrated <= _SILENCE:
        short = level.true_peak > _SILENCE
        return _gained(source, ceiling - level.true_peak if short else 0.0, out)
    gain = loudness - level.integrated
    excess = level.true_peak + gain - ceiling
    if excess <= 0:
        return _gained(source, gain, out)
    limit = f"alimiter=limit={10 ** (ceiling / 20):.5f}:attack=2:release=40:level=false:latency=true"  # fmt: skip
    # Limiting takes back part of the gain: about a quarter of a dB per dB limited
    # (measured on piper's speech); then secant steps on the measured loudness.
    gain += _LIMITER_LOSS * excess
    slope, tried = 1 - _LIMITER_LOSS, None
    with replacing(out) as temporary:
        for _ in range(_PASSES):
            _gained(source, gain, temporary, limit)
            reached = measure(temporary).integrated
            if abs(loudness - reached) <= _TOLERANCE:
                break
            if tried is not None and gain != tried[0]:
                slope = min(1.0, max(0.3, (reached - tried[1]) / (gain - tried[0])))
            tried = (gain, reached)
            gain += (loudness - reached) / slope
    return out


def _gained(source: Path, gain: float, out: Path, limit: str | None = None) -> Path:
    """Write ``source`` with ``gain`` dB, optionally through a 4x oversampled limiter."""
    chain = f"{_STEREO}volume={gain:.3f}dB"
    if limit:
        chain += f",aresample={4 * SAMPLE_RATE},{limit}"
    chain += f",aresample={SAMPLE_RATE}"
    with replacing(out) as temporary:
        ffmpeg("-i", source, "-map", "0:a:0", "-af", chain, *_PCM, "-f", "wav", temporary)  # fmt: skip
    return out


def mux(video: Path, audio: Path, out: Path) -> Path:
    """Put ``audio`` into a copy of ``video``: video copied bit for bit, audio encoded.

    The audio is padded with silence or cut to the video's duration and encoded at
    48 kHz as AAC for ``.mp4``/``.m4v``/``.mov`` or Opus for ``.webm``/``.mkv`` (by
    the suffix of ``out``). Any audio ``video`` had is replaced; its metadata,
    chapters and subtitle streams are kept.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    ValueError
        If the suffix of ``out`` is not a video container named above.
    MediaError
        If ffprobe or ffmpeg fails.
    """
    suffix = out.suffix.lower()
    if suffix not in _ENCODERS:
        raise ValueError(
            f"cannot mux audio into {out.name}: use one of {sorted(_ENCODERS)}"
        )
    codec, bitrate, extra = _ENCODERS[suffix]
    seconds = probe(video).duration
    with replacing(out) as temporary:
        ffmpeg(
            "-i", video, "-i", audio,
            "-map", "0:v", "-map", "0:s?", "-map", "1:a:0",
            "-map_metadata", "0", "-map_chapters", "0",
            "-c:v", "copy", "-c:s", "copy",
            "-af", f"apad=whole_dur={seconds:.6f},atrim=end={seconds:.6f}",
            "-c:a", codec, "-b:a", bitrate, "-ar", str(SAMPLE_RATE), *extra,
            temporary,
        )  # fmt: skip
    return out


def cut(source: Path, start: float, end: float, out: Path) -> Path:
    """Write the part ``[start, end)`` of a track (sample exact, padded with silence).

    Meant for per-beat slide clips: the clip's sound is the scene track's stretch
    between the beat's start and the next beat's.

    Returns
    -------
    Path
        ``out`` (48 kHz stereo 16-bit WAV of exactly ``end - start`` seconds).

    Raises
    ------
    ValueError
        If ``start`` is negative or ``end`` is not after ``start``.
    """
    if start < 0 or not end > start:
        raise ValueError(f"cannot cut [{start}, {end}): need 0 <= start < end")
    first, last = round(start * SAMPLE_RATE), round(end * SAMPLE_RATE)
    chain = (
        f"aresample={SAMPLE_RATE},atrim=start_sample={first}:end_sample={last},"
        f"asetpts=PTS-STARTPTS,apad=whole_len={last - first},atrim=end_sample={last - first}"
    )
    with replacing(out) as temporary:
        ffmpeg("-i", source, "-map", "0:a:0", "-af", chain, *_PCM, "-f", "wav", temporary)  # fmt: skip
    return out


def concat(tracks: Sequence[Path], out: Path) -> Path:
    """Join tracks end to end, sample exact (e.g. the scenes' tracks for the whole lecture).

    Returns
    -------
    Path
        ``out`` (48 kHz stereo 16-bit WAV).

    Raises
    ------
    ValueError
        If ``tracks`` is empty.
    """
    if not tracks:
        raise ValueError("nothing to concatenate")
    inputs: list[str | Path] = []
    for path in tracks:
        inputs += ["-i", path]
    chain = "".join(
        f"[{i}:a]aresample={SAMPLE_RATE},aformat=channel_layouts=stereo[t{i}];"
        for i in range(len(tracks))
    )
    chain += "".join(f"[t{i}]" for i in range(len(tracks)))
    chain += f"concat=n={len(tracks)}:v=0:a=1[out]"
    with replacing(out) as temporary:
        ffmpeg(*inputs, "-filter_complex", chain, "-map", "[out]", *_PCM, "-f", "wav", temporary)  # fmt: skip
    return out
