"""What a build is asked for: quality, frame format and voice; Manim's pixel and frame size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "FORMATS",
    "QUALITIES",
    "VOICES",
    "RenderSettings",
    "Voice",
    "render_settings",
]

QUALITIES: dict[str, tuple[int, int, int]] = {
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}
"""Manim's quality presets: landscape pixel width, pixel height and frame rate."""

FORMATS: tuple[str, ...] = ("landscape", "vertical", "square")
"""Frame shapes: 16:9, 9:16 and 1:1."""

Voice = Literal["piper", "flite", "none"]
"""A voice's name (the type of ``--voice`` and of ``[lecture] voice``)."""
VOICES: tuple[str, ...] = get_args(Voice)
"""The voices, best first: piper's neural voice, ffmpeg's flite, silence."""

_SHORT_SIDE = 8.0
"""Manim's default frame height in scene units: the short side of every frame."""


@dataclass(frozen=True)
class RenderSettings:
    """What Manim needs to render one format at one quality.

    The frame's short side is always 8 units (Manim's default height) and its
    long side follows the pixel aspect ratio, so pixels stay square and scenes
    lay themselves out by reading ``config.frame_width``/``frame_height``.
    """

    pixel_width: int
    pixel_height: int
    frame_width: float
    frame_height: float
    frame_rate: int

    def manim_options(self) -> dict[str, str]:
        """The settings as ``[CLI]`` options of a Manim config file."""
        return {
            "pixel_width": str(self.pixel_width),
            "pixel_height": str(self.pixel_height),
            "frame_width": repr(self.frame_width),
            "frame_height": repr(self.frame_height),
            "frame_rate": str(self.frame_rate),
        }


def render_settings(quality: str, fmt: str) -> RenderSettings:
    """Pixel size, frame size and frame rate for a quality and a format.

    Parameters
    ----------
    quality
        One of :data:`QUALITIES`.
    fmt
        One of :data:`FORMATS`.

    Examples
    --------
    >>> s = render_settings("high", "vertical")
    >>> (s.pixel_width, s.pixel_height, s.frame_rate)
    (1080, 1920, 60)
    >>> (s.frame_width, round(s.frame_height, 4))
    (8.0, 14.2222)
    >>> s = render_settings("low", "square")
    >>> (s.pixel_width, s.pixel_height, s.frame_width, s.frame_height)
    (480, 480, 8.0, 8.0)
    """
    long, short, rate = QUALITIES[quality]
    long_frame = _SHORT_SIDE * long / short
    if fmt == "landscape":
        return RenderSettings(long, short, long_frame, _SHORT_SIDE, rate)
    if fmt == "vertical":
        return RenderSettings(short, long, _SHORT_SIDE, long_frame, rate)
    if fmt == "square":
        return RenderSettings(short, short, _SHORT_SIDE, _SHORT_SIDE, rate)
    raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
