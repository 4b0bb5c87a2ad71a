"""The still-frame adapter: in every Manim process, on the Manim it was written for,
the same video byte for byte as Manim's own method, each distinct frame converted once."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes import encoder

WIDTH, HEIGHT = 320, 180

INSTALLED = (
    "import manim\n"  # Manim loads its plugins: scenes.encoder installs itself
    "from scenes import encoder\n"
    "print(encoder.installed(), encoder.manim_source())\n"
)


def manim_process(**env: str) -> list[str]:
    """Whether a fresh process that imports Manim has the adapter, and Manim's digest."""
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_every_manim_process_converts_still_frames_once():
    installed, source = manim_process()
    assert source == encoder.ADAPTED_SOURCE, (
        "Manim's VideoSegmentEncoder changed (a Manim upgrade?): re-read "
        "manim/scene/video_segment_encoder.py, adapt scenes/encoder.py to it and "
        "set ADAPTED_SOURCE to the new digest"
    )
    assert installed == "True"


def test_the_switch_keeps_manims_own_method():
    installed, _ = manim_process(**{encoder.SWITCH: "off"})
    assert installed == "False"


def test_another_manims_encoder_is_left_alone(monkeypatch, caplog):
    encoder.uninstall()
    try:
        monkeypatch.setattr(encoder, "ADAPTED_SOURCE", "0" * 16)
        assert not encoder.install()
        assert not encoder.installed()
        assert "not the one this adapter was written for" in caplog.text
    finally:
        monkeypatch.undo()
        assert encoder.install()


def frames(count: int, seed: int = 0) -> list[np.ndarray]:
    """Distinct RGBA frames: a coloured rectangle moving over a dark background."""
    rng = np.random.default_rng(seed)
    result = []
    for index in range(count):
        frame = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
        frame[..., 3] = 255
        frame[20 + 7 * index : 90 + 7 * index, 40:200, :3] = rng.integers(0, 255, 3)
        result.append(frame)
    return result


# (frame index, repeat): a hold, an animation, a still stretch written frame by
# frame (equal copies), and short holds between.
WRITES = [(0, 1), (1, 40), (2, 1), (3, 1), *[(3, 1)] * 12, (4, 3), (5, 1), (1, 20)]


def encode(path, options, adapter: bool) -> bytes:
    """A segment of the WRITES, by Manim's method or by the adapter."""
    spec = VideoEncoderSpec(
        "mp4", "libx264", "yuv420p", WIDTH, HEIGHT, Fraction(30), tuple(options)
    )
    pictures = frames(6)
    was = encoder.installed()
    (encoder.install if adapter else encoder.uninstall)()
    try:
        segment = VideoSegmentEncoder(target=path, spec=spec)
        for index, repeat in WRITES:
            segment.write_frame(pictures[index].copy(), repeat=repeat)
        segment.finish()
    finally:
        (encoder.install if was else encoder.uninstall)()
    return path.read_bytes()


@pytest.mark.parametrize(
    "options",
    [
        [("crf", "23"), ("preset", "ultrafast")],  # the build's
        [("crf", "23"), ("preset", "ultrafast"), ("threads", "1")],  # side by side
        [("crf", "23")],  # Manim's default: medium, with B-frames
    ],
    ids=["build", "one-thread", "manim-default"],
)
def test_segments_are_byte_identical_to_manims(tmp_path, options):
    ours = encode(tmp_path / "ours.mp4", options, adapter=True)
    manims = encode(tmp_path / "manims.mp4", options, adapter=False)
    assert ours == manims
    with av.open(tmp_path / "ours.mp4") as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(decoded) == sum(repeat for _, repeat in WRITES)


def test_each_distinct_frame_is_converted_once(tmp_path, monkeypatch):
    converted = []
    convert = encoder._convert

    def counting(segment, stream, pixels):
        converted.append(pixels)
        return convert(segment, stream, pixels)

    monkeypatch.setattr(encoder, "_convert", counting)
    encode(tmp_path / "ours.mp4", [("preset", "ultrafast")], adapter=True)
    pictures = frames(6)
    changes = [WRITES[0][0]] + [
        now for (before, _), (now, _) in zip(WRITES, WRITES[1:], strict=False)
        if now != before
    ]  # fmt: skip
    assert len(converted) == len(changes) == 7
    for pixels, index in zip(converted, changes, strict=True):
        assert np.array_equal(pixels, pictures[index])


def test_a_frame_that_differs_off_the_sampled_rows_is_converted(tmp_path, monkeypatch):
    converted = []
    convert = encoder._convert
    monkeypatch.setattr(
        encoder,
        "_convert",
        lambda *args: converted.append(1) or convert(*args),
    )
    first = frames(1)[0]
    second = first.copy()
    second[17, 5, 0] ^= 1  # row 17: not one of every 16th row
    spec = VideoEncoderSpec(
        "mp4", "libx264", "yuv420p", WIDTH, HEIGHT, Fraction(30), (("crf", "23"),)
    )
    segment = VideoSegmentEncoder(target=tmp_path / "s.mp4", spec=spec)
    for pixels in (first, first.copy(), second):
        segment.write_frame(pixels)
    segment.finish()
    assert len(converted) == 2


def test_errors_are_manims(tmp_path):
    spec = VideoEncoderSpec(
        "mp4", "libx264", "yuv420p", WIDTH, HEIGHT, Fraction(30), (("crf", "23"),)
    )
    segment = VideoSegmentEncoder(target=tmp_path / "s.mp4", spec=spec)
    with pytest.raises(ValueError, match="Frame repeat must be a positive integer"):
        segment.write_frame(frames(1)[0], repeat=0)
    with pytest.raises(ValueError, match="must have shape"):
        segment.write_frame(np.zeros((2, 2, 4), np.uint8))
    segment.finish()
    with pytest.raises(RuntimeError, match="is closed"):
        segment.write_frame(frames(1)[0])
