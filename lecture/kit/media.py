"""ffprobe and ffmpeg: reading a video's facts and running conversions."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

__all__ = ["Chapter", "MediaError", "VideoInfo", "ffmpeg", "probe"]


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


def probe(path: Path) -> VideoInfo:
    """Read a video's duration, size, codec and chapters with ffprobe.

    Raises
    ------
    MediaError
        If ffprobe fails or the file has no video stream or no duration.
    """
    command = [
        "ffprobe", "-v", "error", "-print_format", "json",
        "-show_format", "-show_streams", "-show_chapters", str(path),
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise MediaError("ffprobe not found (install ffmpeg)") from None
    if result.returncode != 0:
        raise MediaError(f"{path.name}: {_last_line(result.stderr) or 'unreadable'}")
    data = json.loads(result.stdout)
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


def ffmpeg(*args: str | Path, cwd: Path | None = None) -> None:
    """Run ffmpeg quietly, overwriting outputs, optionally in folder ``cwd``.

    Raises
    ------
    MediaError
        With ffmpeg's last error line if it fails.
    """
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    try:
        result = subprocess.run(
            [*command, *map(str, args)],
            capture_output=True,
            text=True,
            check=False,
            cwd=cwd,
        )
    except FileNotFoundError:
        raise MediaError("ffmpeg not found (install ffmpeg)") from None
    if result.returncode != 0:
        raise MediaError(f"ffmpeg failed: {_last_line(result.stderr)}")


def _last_line(text: str) -> str:
    """The last non-empty line of a tool's output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
