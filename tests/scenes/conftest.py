"""Run scenes' ``construct`` without writing video, in any frame shape."""

from __future__ import annotations

import pytest
from manim import Scene, tempconfig

FRAMES = {
    "landscape": (14.2222, 8.0),
    "portrait": (8.0, 14.2222),
    "square": (8.0, 8.0),
}


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One media folder (and so one formula cache) per test process."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def construct(media_dir):
    """Return ``run(scene_class, shape)``: the scene after a dry run of ``construct``."""

    def run(scene_class: type[Scene], shape: str = "landscape") -> Scene:
        width, height = FRAMES[shape]
        options = {
            "dry_run": True,
            "frame_rate": 4,
            "pixel_width": 160,
            "pixel_height": round(160 * height / width),
            "frame_width": width,
            "frame_height": height,
            "media_dir": str(media_dir),
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
        }
        with tempconfig(options):
            scene = scene_class()
            scene.render()
        scene.shape_rendered = shape
        scene.frame_size = (width, height)
        return scene

    return run
