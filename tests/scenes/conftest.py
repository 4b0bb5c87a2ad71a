"""Run scenes' ``construct`` without writing video, in any frame shape, with any story."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from manim import Scene, tempconfig

from storyboard.catalog import STORY_VARIABLE

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
    """Return ``run(scene_class, shape, inputs)``: the scene after a dry run.

    ``inputs`` are the story's inputs, as the build tool hands them (the default
    story without).
    """

    def run(
        scene_class: type[Scene],
        shape: str = "landscape",
        inputs: dict[str, Any] | None = None,
    ) -> Scene:
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
        with tempconfig(options), story_inputs(inputs):
            scene = scene_class()
            scene.render()
        scene.shape_rendered = shape
        scene.frame_size = (width, height)
        return scene

    return run


@contextlib.contextmanager
def story_inputs(inputs: dict[str, Any] | None) -> Iterator[None]:
    """Hand a scene its story's inputs as the build tool does, for a while."""
    before = os.environ.pop(STORY_VARIABLE, None)
    if inputs is not None:
        os.environ[STORY_VARIABLE] = json.dumps(inputs)
    try:
        yield
    finally:
        os.environ.pop(STORY_VARIABLE, None)
        if before is not None:
            os.environ[STORY_VARIABLE] = before
