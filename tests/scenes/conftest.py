"""Run scenes' ``construct`` without writing video, in any frame shape, with any story."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from manim import Scene, tempconfig

from scenes.widgets.ink import holds_text
from storyboard.catalog import STORY_VARIABLE
from storyboard.narration import WORDS_VARIABLE
from storyboard.theme import THEME_VARIABLE
from tests.scenes.inspector import Inspector

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
    """Return ``run(scene_class, shape, inputs, inspect)``: the scene after a dry run.

    ``inputs`` are the story's inputs, as the build tool hands them (the default
    story without); or ``variables``, all the build tool hands a manifest's entry
    (``SceneEntry.variables``: its story, its words and the lecture's theme).
    With ``inspect``, the layout inspector judges the frame after every animation
    and wait; its findings are in ``scene.findings``.
    """

    def run(
        scene_class: type[Scene],
        shape: str = "landscape",
        inputs: dict[str, Any] | None = None,
        inspect: bool = False,
        variables: Mapping[str, str] | None = None,
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
        inspector = Inspector(shape) if inspect else None
        if variables is None:
            variables = {} if inputs is None else {STORY_VARIABLE: json.dumps(inputs)}
        with tempconfig(options), handed(variables):
            built = inspected(scene_class, inspector) if inspector else scene_class
            # Each animation jumps to its end, nothing is drawn (as the build
            # tool collects beats): what the tests judge is the scene's state.
            scene = built(skip_animations=True)
            scene.renderer.update_frame = _nothing
            scene.renderer.save_static_frame_data = _nothing
            scene.render()
            scene.findings = inspector.finished(scene) if inspector else []
        scene.shape_rendered = shape
        scene.frame_size = (width, height)
        return scene

    return run


def _nothing(*args: Any, **kwargs: Any) -> None:
    """Draw nothing (stands in for the renderer's frame capture)."""


@contextlib.contextmanager
def handed(variables: Mapping[str, str]) -> Iterator[None]:
    """Hand a scene ``variables`` as the build tool does (and nothing else), for a while."""
    names = (STORY_VARIABLE, WORDS_VARIABLE, THEME_VARIABLE)
    before = {name: os.environ.pop(name) for name in names if name in os.environ}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name in names:
            os.environ.pop(name, None)
        os.environ.update(before)


def inspected(scene_class: type[Scene], inspector: Inspector) -> type[Scene]:
    """``scene_class`` with the inspector looking after every play and beat.

    It also looks half-way through every animation (for texts moving across others).
    """

    class Inspected(scene_class):  # type: ignore[misc,valid-type]
        def get_time_progression(self, run_time, *args, **kwargs):
            # Skipped, an animation jumps to its end; it stops half-way on the way
            # when it moves text (which might cross other text on its way).
            progression = super().get_time_progression(run_time, *args, **kwargs)
            if self.renderer.skip_animations and any(
                animation.mobject is not None and holds_text(animation.mobject)
                for animation in self.animations or ()
            ):
                progression.iterable = [run_time / 2, run_time]
            return progression

        def update_to_time(self, t):
            super().update_to_time(t)
            if t < self.duration - 1e-9:
                inspector.look_halfway(self)

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            # An animation jumped to its end: one more round of updaters places what
            # follows a moving mobject, as the next frame would.
            self.update_mobjects(0)
            inspector.look(self)

        @contextlib.contextmanager
        def narrate(self, caption, *args, **kwargs):
            with super().narrate(caption, *args, **kwargs):
                yield
            inspector.beat_ended(self, caption)

    Inspected.__name__ = scene_class.__name__
    return Inspected
