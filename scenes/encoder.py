"""Still frames converted once: an adapter of Manim 0.22's video segment encoder.

Manim 0.22's ``VideoSegmentEncoder.write_frame(pixels, repeat=N)`` wraps the RGBA
frame in a new ``av.VideoFrame`` N times, and the codec converts each of them to
its pixel format (yuv420p) before encoding it, so that a ``wait`` costs nearly as
much as an animation. :func:`write_frame` converts a frame once and hands the codec
that one converted frame N times, each with the next timestamp; a frame equal to
the one before it (a still stretch of an animation, written frame by frame)
reuses that conversion too. The codec receives the very frames it received
before, in the same order with the same timestamps, so the video is the same, byte
for byte: only the conversions that repeat are gone. (The codec still encodes
every repeat: the video keeps its constant frame rate.)

Manim loads this module as a plugin (the ``manim.plugins`` entry point in
``pyproject.toml``), so every Manim process of the project's environment uses it:
the build tool's renders and plain ``manim`` runs alike. The method is replaced
only on the Manim it was written for: :func:`install` compares the source of
Manim's class with :data:`ADAPTED_SOURCE` and otherwise leaves Manim's method in
place, with a warning; the tests require the adapter installed, so that a Manim
upgrade that moves or changes the method fails there, not in a render.
``LECTURE_ENCODER_ADAPTER=off`` in the environment keeps Manim's own method (the
benchmark ``benchmarks/holds_bench.py`` compares both).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
from fractions import Fraction
from typing import TYPE_CHECKING, cast

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from av.video.stream import VideoStream

if TYPE_CHECKING:
    from collections.abc import Callable

    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from manim.typing import RGBAPixelArray
    from numpy.typing import NDArray

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
this adapter was written for (Manim 0.22.0's); see :func:`manim_source`."""

SWITCH = "LECTURE_ENCODER_ADAPTER"
"""Environment variable: ``off`` keeps Manim's own ``write_frame``."""

_SAMPLE = 16
"""Frames are compared on every 16th row first: most frames that differ, differ there."""

_logger = logging.getLogger("manim")
_manim_write_frame: list[Callable[..., None]] = []
"""Manim's own method, while the adapter replaces it."""


def write_frame(
    self: VideoSegmentEncoder, pixels: RGBAPixelArray, *, repeat: int = 1
) -> None:
    """Encode ``pixels`` at the next ``repeat`` timestamps, converting them once.

    Manim's contract holds: the frame is a top-left-origin C-contiguous ``uint8``
    RGBA array that the caller no longer changes (so it can be kept to compare).
    """
    self._validate_frame(pixels, repeat)
    still = self.__dict__.setdefault("_lecture_still", _Still())
    stream = self._stream
    assert isinstance(stream, VideoStream)
    try:
        if still.frame is None or not _same(pixels, still.pixels):
            still.frame = _convert(self, stream, pixels)
            still.pixels = pixels
        for _ in range(repeat):
            still.frame.pts = self._next_pts
            self._next_pts += 1
            for packet in stream.encode(still.frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


class _Still:
    """The last frame an encoder received, and that frame in the codec's format."""

    def __init__(self) -> None:
        self.pixels: RGBAPixelArray | None = None
        self.frame: av.VideoFrame | None = None


def _convert(
    encoder: VideoSegmentEncoder, stream: VideoStream, pixels: RGBAPixelArray
) -> av.VideoFrame:
    """A frame in the stream's pixel format, converted as its codec itself would.

    PyAV's codec converts a frame of another format with its own reformatter, to
    its size and format, on its thread count: so does this, with the encoder's one.
    """
    codec = stream.codec_context
    codec.open(strict=False)  # as encoding would: its thread count is then final
    reformatter = encoder.__dict__.setdefault(
        "_lecture_reformatter", VideoReformatter()
    )
    frame = reformatter.reformat(
        av.VideoFrame.from_ndarray(cast("NDArray[np.uint8]", pixels), format="rgba"),
        codec.width,
        codec.height,
        codec.format,
        threads=codec.thread_count,
    )
    rate = encoder.spec.frame_rate
    frame.time_base = Fraction(rate.denominator, rate.numerator)
    return frame


def _same(pixels: RGBAPixelArray, last: RGBAPixelArray | None) -> bool:
    """Whether two frames are equal, pixel for pixel (an RGBA pixel as one word).

    Every 16th row first, for a sixteenth of the cost: most frames that differ
    differ there (measured on the lecture: 3 % of the frames an animation writes
    equal the one before).
    """
    if last is None:
        return False
    if pixels is last:
        return True
    new, old = pixels.view(np.uint32), last.view(np.uint32)
    return np.array_equal(new[::_SAMPLE], old[::_SAMPLE]) and np.array_equal(new, old)


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


def install() -> bool:
    """Replace Manim's ``write_frame`` with :func:`write_frame`; whether it is in place.

    Leaves Manim's method (and warns) if the installed Manim's encoder is not the
    one this adapter was written for.
    """
    if installed():
        return True
    found = manim_source()
    if found != ADAPTED_SOURCE:
        _logger.warning(
            "scenes.encoder: Manim's VideoSegmentEncoder is not the one this adapter "
            "was written for (source %s, expected %s), so a still frame is converted "
            "once per repeat; re-read the class and update scenes/encoder.py",
            found or "not found",
            ADAPTED_SOURCE,
        )
        return False
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    _manim_write_frame.append(VideoSegmentEncoder.write_frame)
    VideoSegmentEncoder.write_frame = write_frame  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Put Manim's own ``write_frame`` back."""
    if _manim_write_frame:
        from manim.scene.video_segment_encoder import VideoSegmentEncoder

        VideoSegmentEncoder.write_frame = _manim_write_frame.pop()  # type: ignore[method-assign]


def installed() -> bool:
    """Whether Manim's encoder converts still frames once (the adapter is in place)."""
    try:
        from manim.scene.video_segment_encoder import VideoSegmentEncoder
    except ImportError:
        return False
    return VideoSegmentEncoder.write_frame is write_frame


if os.environ.get(SWITCH, "").lower() != "off":
    install()
