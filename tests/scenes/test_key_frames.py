"""Pixel checks of the frames that matter: each chapter's key scene, as it ends.

The references in ``control_data/key_frames/`` are the frames of the pinned
environment (Cairo, Pango, TeX Live of the bootstrap): after a deliberate change of
look, regenerate them with ``.venv/bin/pytest tests/scenes/test_key_frames.py
--set_test`` and look at the new frames before committing them.

Manim's own references need Cairo 1.18 and it skips pixel tests below that; these
references are made with the Cairo that Debian's bootstrap installs, recorded in
``control_data/key_frames/cairo.txt``, and a different Cairo fails (no skip) with
what to do.
"""

from __future__ import annotations

from pathlib import Path

import cairo
import pytest
from manim.utils.testing import frames_comparison as pixel_tests
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.coding import CodingGradientDescent
from scenes.derivatives import TangentSlide
from scenes.descent import LearningRateOvershoot
from scenes.gradient import GradientField
from scenes.intro import WhatIsOptimization
from scenes.opening import TitleCard
from scenes.quiz import QuizHighLearningRate

__module_test__ = "key_frames"

KEY_SCENES = (
    TitleCard,
    WhatIsOptimization,
    TangentSlide,
    GradientField,
    LearningRateOvershoot,
    QuizHighLearningRate,
    CodingGradientDescent,
)
"""One scene per chapter (the 3D scenes are checked by geometry instead)."""

SHAPES = {
    "landscape": {"pixel_width": 320, "pixel_height": 180, "frame_width": 14.2222},
    "vertical": {"pixel_width": 180, "pixel_height": 320, "frame_height": 14.2222},
}
for _size in SHAPES.values():
    _size.setdefault("frame_width", 8.0)
    _size.setdefault("frame_height", 8.0)
"""Small frames of the two shapes the club posts most, 8 units on the short side."""


CAIRO = Path(__file__).parent / "control_data" / "key_frames" / "cairo.txt"
"""The Cairo version the references were made with."""

# These references are this environment's own (see the module's docstring).
pixel_tests.MIN_CAIRO_VERSION = cairo.cairo_version()
_manims_config = pixel_tests._config_test


@pytest.fixture(autouse=True)
def frame_size(request, monkeypatch):
    """The test's pixel size for Manim's harness, which takes it from its own config."""
    shape = request.node.name.rsplit("_", 1)[-1]

    def config(last_frame):
        made = _manims_config(last_frame)
        for key, value in SHAPES[shape].items():  # pixels first, then the frame
            setattr(made, key, value)
        return made

    monkeypatch.setattr(pixel_tests, "_config_test", config)


@pytest.fixture(autouse=True)
def same_cairo(request):
    """Compare only against references made with this Cairo (write it with them)."""
    if request.config.getoption("--set_test"):
        CAIRO.parent.mkdir(parents=True, exist_ok=True)
        CAIRO.write_text(cairo.cairo_version_string() + "\n")
    made_with = CAIRO.read_text().strip()
    assert made_with == cairo.cairo_version_string(), (
        f"the reference frames were made with Cairo {made_with}, this is "
        f"{cairo.cairo_version_string()}: run the bootstrap's environment, or "
        "regenerate them with --set_test and look at them"
    )


def _key_frame_test(scene_class, shape):
    def test(scene, scene_class=scene_class):
        scene_class.construct(scene)

    test.__name__ = f"test_{scene_class.__name__}_{shape}"
    return frames_comparison(base_scene=scene_class)(test)


for _scene in KEY_SCENES:
    for _shape in SHAPES:
        _test = _key_frame_test(_scene, _shape)
        # Landscape runs with the suite; vertical with the slow tests (pytest -m slow).
        globals()[_test.__name__] = (
            _test if _shape == "landscape" else pytest.mark.slow(_test)
        )
