"""Still frames converted once: an adapter of Manim 0.22's video segment encoder.

Manim 0.22's ``VideoSegmentEncoder.write_frame(pixels, repeat=N)`` wraps the RGBA
frame in a new ``av.VideoFrame`` N times, and the codec converts each of them to
its pixel format (yuv420p) before encoding it, so that a ``wait`` costs as much
as an animation. :func:`write_frame` converts a frame once and hands the codec
that one converted frame N times, each with the next timestamp; a frame equal to
the one before it (a still stretch of an animation, written frame by frame)
reuses that conversion too. The codec sees the very frames it saw before, in the
same order with the same timestamps, so the video is the same: only the
conversions that repeat are gone.

Manim loads this module as a plugin (the ``manim.plugins`` entry point in
``pyproject.toml``), so every Manim process of the project's environment uses it:
the build tool's renders and plain ``manim`` runs alike. The method is replaced
only on the Manim it was written for: :func:`install` compares Manim's class with
:data:`ADAPTED_SOURCE` and otherwise leaves Manim's method in place with a warning,
and the tests require it installed, so that a Manim upgrade that moves or changes
the method fails there, not in a render. ``LECTURE_ENCODER_ADAPTER=off`` in the
environment keeps Manim's own method (the benchmarks compare both).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
from fractions import Fraction
from typing import TYPE_CHECKING

import av
import numpy as np
from av.video.reformatter import VideoReformatter

if TYPE_CHECKING:
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from manim.typing import RGBAPixelArray

__all__ = [
    "ADAPTED_SOURCE",
    "SWITCH",
    "install",
    "installed",
    "manim_source",
    "uninstall",
    "write_frame",
]

ADAPTED_SOURCE = "1785458cb232f0ba"
"""SHA-256 (first 16 hex digits) of the source of the ``VideoSegmentEncoder`` class
this adapter was written for (Manim 0.22.0); see :func:`manim_source`."""

SWITCH = "LECTURE_ENCODER_ADAPTER"
"""Environment variable: ``off`` keeps Manim's own ``write_frame``."""

_logger = logging.getLogger("manim")


class _Still:
    """The last frame an encoder received and its conversion to the codec's format."""

    def __init__(self) -> None:
        self.pixels: RGBAPixelArray | None = None
        self.frame: av.VideoFrame | None = None
        self.reformatter = VideoReformatter()

    def converted(
        self, encoder: VideoSegmentEncoder, pixels: RGBAPixelArray
    ) -> av.VideoFrame:
        """``pixels`` in the codec's format, converted only if they differ from the last."""
        if self.frame is None or not _same(pixels, self.pixels):
            codec = encoder._stream.codec_context
            codec.open(strict=False)  # as encoding would, so its threads are final
            rgba = av.VideoFrame.from_ndarray(pixels, format="rgba")
            # The conversion the codec itself makes of a frame in another format.
            self.frame = self.reformatter.reformat(
                rgba,
                codec.width,
                codec.height,
                codec.format,
                threads=codec.thread_count,
            )
            rate = encoder.spec.frame_rate
            self.frame.time_base = Fraction(rate.denominator, rate.numerator)
            self.pixels = pixels
        return self.frame


def _same(pixels: RGBAPixelArray, last: RGBAPixelArray | None) -> bool:
    """Whether two frames are equal, pixel for pixel (one RGBA pixel as one word)."""
    return last is not None and (
        pixels is last or np.array_equal(pixels.view(np.uint32), last.view(np.uint32))
    )


def write_frame(
    self: VideoSegmentEncoder, pixels: RGBAPixelArray, *, repeat: int = 1
) -> None:
    """Encode ``pixels`` at the next ``repeat`` timestamps, converting them once.

    Manim's ``VideoSegmentEncoder.write_frame`` contract: the frame is a
    top-left-origin C-contiguous RGBA array that the caller no longer changes.
    """
    self._validate_frame(pixels, repeat)
    still = self.__dict__.setdefault("_lecture_still", _Still())
    try:
        frame = still.converted(self, pixels)
        for _ in range(repeat):
            frame.pts = self._next_pts
            self._next_pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def manim_source() -> str:
    """SHA-256 (first 16 hex digits) of the installed Manim's ``VideoSegmentEncoder``.

    Empty when the class cannot be found or read.
    """
    try:
        from manim.scene.video_segment_encoder import VideoSegmentEncoder

        source = inspect.getsource(VideoSegmentEncoder)
    except (ImportError, OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


_manim_write_frame = None


def install() -> bool:
    """Replace Manim's ``write_frame`` with :func:`write_frame`; whether it is in place.

    Does nothing (but warn) if the installed Manim's encoder is not the one this
    adapter was written for.
    """
    global _manim_write_frame
    if installed():
        return True
    found = manim_source()
    if found != ADAPTED_SOURCE:
        _logger.warning(
            "scenes.encoder: Manim's VideoSegmentEncoder is not the one this adapter "
            "was written for (source %s, expected %s); still frames are converted "
            "once per repeat. Re-read the class and update scenes/encoder.py.",
            found or "not found",
            ADAPTED_SOURCE,
        )
        return False
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    _manim_write_frame = VideoSegmentEncoder.write_frame
    VideoSegmentEncoder.write_frame = write_frame  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Put Manim's own ``write_frame`` back."""
    global _manim_write_frame
    if _manim_write_frame is not None:
        from manim.scene.video_segment_encoder import VideoSegmentEncoder

        VideoSegmentEncoder.write_frame = _manim_write_frame  # type: ignore[method-assign]
        _manim_write_frame = None


def installed() -> bool:
    """Whether Manim's encoder converts still frames once (the adapter is in place)."""
    try:
        from manim.scene.video_segment_encoder import VideoSegmentEncoder
    except ImportError:
        return False
    return VideoSegmentEncoder.write_frame is write_frame


if os.environ.get(SWITCH, "").lower() != "off":
    install()
