"""ffprobe and ffmpeg, run in one way: a video's and a sound's facts, conversions, logs."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

__all__ = [
    "AudioInfo",
    "Chapter",
    "MediaError",
    "VideoInfo",
    "audio_info",
    "ffmpeg",
    "ffmpeg_log",
    "ffprobe",
    "probe",
    "run_ffmpeg",
]


class MediaError(RuntimeError):
    """ffprobe or ffmpeg failed, or a file is not the video it should be."""


@dataclass(frozen=True)
class Chapter:
    """A chapter marker of a video: title and start/end in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class VideoInfo:
    """What ffprobe says about a video file.

    Attributes
    ----------
    duration
        Container duration in seconds.
    width, height
        Pixel size of the first video stream.
    codec
        Codec name of the first video stream, e.g. ``"h264"``.
    frame_rate
        Average frame rate of the first video stream.
    frames
        Number of frames ffprobe reports for the stream (0 if unknown).
    title
        The container's title tag, if any.
    chapters
        Chapter markers in order.
    """

    duration: float
    width: int
    height: int
    codec: str
    frame_rate: float
    frames: int
    title: str | None
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class AudioInfo:
    """What ffprobe says about a file's first audio stream.

    Attributes
    ----------
    seconds
        Duration of the stream (the container's if the stream has none).
    sample_rate
        Samples per second.
    channels
        Number of channels.
    codec
        Codec name, e.g. ``"pcm_s16le"``, ``"aac"``, ``"opus"``.
    """

    seconds: float
    sample_rate: int
    channels: int
    codec: str


def ffprobe(path: Path, *args: str) -> dict[str, Any]:
    """What ffprobe says about ``path`` with ``args`` (``-show_streams``, ...), as JSON.

    Raises
    ------
    MediaError
        Naming the file, if ffprobe is missing or cannot read it.
    """
    command = ["ffprobe", "-v", "error", "-print_format", "json", *args, str(path)]
    result = _run(command)
    if result.returncode != 0:
        reason = _last_line(result.stderr).removeprefix(f"{path}: ")
        raise MediaError(f"{path.name}: {reason or 'unreadable'}")
    data = json.loads(result.stdout or b"{}")
    return data if isinstance(data, dict) else {}


def probe(path: Path) -> VideoInfo:
    """Read a video's duration, size, codec and chapters with ffprobe.

    Raises
    ------
    MediaError
        If ffprobe fails or the file has no video stream or no duration.
    """
    data = ffprobe(path, "-show_format", "-show_streams", "-show_chapters")
    streams = [s for s in data.get("streams", []) if s.get("codec_type") == "video"]
    duration = float(data.get("format", {}).get("duration", 0) or 0)
    if not streams or duration <= 0:
        raise MediaError(f"{path.name}: no video stream or zero duration")
    video = streams[0]
    return VideoInfo(
        duration=duration,
        width=int(video["width"]),
        height=int(video["height"]),
        codec=video["codec_name"],
        frame_rate=float(Fraction(video.get("avg_frame_rate", "0/1") or "0/1")),
        frames=int(video.get("nb_frames", 0) or 0),
        title=data["format"].get("tags", {}).get("title"),
        chapters=tuple(
            Chapter(
                c.get("tags", {}).get("title", ""),
                float(c["start_time"]),
                float(c["end_time"]),
            )
            for c in data.get("chapters", [])
        ),
    )


def audio_info(path: Path) -> AudioInfo:
    """Read the duration, rate, channels and codec of a file's first audio stream.

    Raises
    ------
    MediaError
        If ffprobe cannot read the file or it has no audio stream.
    """
    data = ffprobe(
        path,
        "-select_streams", "a:0", "-show_entries",
        "stream=codec_name,sample_rate,channels,duration:format=duration",
    )  # fmt: skip
    streams = data.get("streams") or []
    if not streams:
        raise MediaError(f"{path.name}: no audio stream")
    stream = streams[0]
    seconds = stream.get("duration") or data.get("format", {}).get("duration") or 0
    return AudioInfo(
        seconds=float(seconds),
        sample_rate=int(stream.get("sample_rate", 0)),
        channels=int(stream.get("channels", 0)),
        codec=str(stream.get("codec_name", "")),
    )


def run_ffmpeg(
    *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg (no input from the terminal, no banner, no progress); its output.

    Raises
    ------
    MediaError
        With ffmpeg's last error line, if it is missing or fails.
    """
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", *map(str, args)]
    result = _run(command, cwd)
    if result.returncode != 0:
        raise MediaError(f"ffmpeg failed: {_last_line(result.stderr)}")
    return result


def ffmpeg(*args: str | Path, cwd: Path | None = None) -> None:
    """Run ffmpeg quietly, overwriting outputs, optionally in folder ``cwd``.

    Raises
    ------
    MediaError
        With ffmpeg's last error line if it fails.
    """
    run_ffmpeg("-loglevel", "error", "-y", *args, cwd=cwd)


def ffmpeg_log(*args: str | Path) -> str:
    """Run ffmpeg with its output discarded; its log (where filters print what they measure).

    Raises
    ------
    MediaError
        With ffmpeg's last error line if it fails.
    """
    result = run_ffmpeg("-loglevel", "info", *args, "-f", "null", "-")
    return result.stderr.decode(errors="replace")


def _run(
    command: list[str], cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg or ffprobe, capturing what it prints."""
    try:
        return subprocess.run(command, capture_output=True, check=False, cwd=cwd)
    except FileNotFoundError:
        raise MediaError(f"{command[0]} not found (install ffmpeg)") from None


def _last_line(output: bytes) -> str:
    """The last non-empty line of a tool's output."""
    lines = [line.strip() for line in output.decode(errors="replace").splitlines()]
    return next((line for line in reversed(lines) if line), "")
