"""Formats and qualities: pixel size and frame size always agree."""

from __future__ import annotations

import doctest

import pytest

import lecture.project.settings
import lecture.render.renderer
from lecture.project.settings import FORMATS, QUALITIES, render_settings

# Manim's documented quality presets (manim.constants.QUALITIES), independent of ours.
MANIM_PRESETS = {
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}


@pytest.mark.parametrize("quality", QUALITIES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_frame_has_the_pixels_shape_and_an_8_unit_short_side(quality, fmt):
    s = render_settings(quality, fmt)
    width, height, rate = MANIM_PRESETS[quality]
    assert s.frame_rate == rate
    expected = {
        "landscape": (width, height),
        "vertical": (height, width),
        "square": (height, height),
    }[fmt]
    assert (s.pixel_width, s.pixel_height) == expected
    # Square pixels: frame aspect equals pixel aspect; the short side is 8 units.
    assert s.frame_width / s.frame_height == pytest.approx(
        s.pixel_width / s.pixel_height
    )
    assert min(s.frame_width, s.frame_height) == 8.0


def test_landscape_high_is_manims_default_frame():
    from manim.constants import QUALITIES as MANIM_QUALITIES

    high = MANIM_QUALITIES["high_quality"]
    s = render_settings("high", "landscape")
    assert (s.pixel_width, s.pixel_height, s.frame_rate) == (
        high["pixel_width"],
        high["pixel_height"],
        high["frame_rate"],
    )
    assert s.frame_width == pytest.approx(8 * 16 / 9)


def test_unknown_format_is_rejected():
    with pytest.raises(ValueError, match="portrait.*landscape, vertical, square"):
        render_settings("low", "portrait")


@pytest.mark.parametrize("module", [lecture.project.settings, lecture.render.renderer])
def test_docstring_examples(module):
    assert doctest.testmod(module).failed == 0
