"""Base scenes: the lecture's look, frame-shape-aware layout and narration beats."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from manim import (
    DOWN,
    RIGHT,
    UP,
    DefaultSectionType,
    Mobject,
    Scene,
    Text,
    ThreeDScene,
    VGroup,
    config,
)

from scenes import style
from storyboard.catalog import STORIES, STORY_VARIABLE, tell

__all__ = ["LOOP_SLIDE", "LectureScene", "LectureThreeDScene", "Shape", "frame_shape"]

Shape = Literal["landscape", "portrait", "square"]

MARGIN = 0.4
"""Space kept free along every edge of the frame (Manim units)."""

LOOP_SLIDE = "lecture.loop"
"""Manim section type of a slide that loops until the presenter moves on."""


def frame_shape() -> Shape:
    """Shape of the frame being rendered, from Manim's frame size."""
    aspect = config.frame_width / config.frame_height
    if aspect > 1.2:
        return "landscape"
    if aspect < 1 / 1.2:
        return "portrait"
    return "square"


def fit_within(mobject: Mobject, width: float, height: float) -> Mobject:
    """Shrink ``mobject`` (never enlarge it) until it fits in ``width`` x ``height``."""
    factor = min(
        1.0, width / max(mobject.width, 1e-9), height / max(mobject.height, 1e-9)
    )
    return mobject.scale(factor)


class _LectureLayout:
    """Story, layout and narration shared by the 2D and 3D base scenes."""

    title_mobject: Mobject | None = None
    story: Any = None
    """What the scene shows, told by its story function (see :mod:`storyboard`)."""

    def setup(self) -> None:
        """Apply the lecture's background; tell the scene's story from its inputs.

        The build tool hands the inputs in :data:`~storyboard.catalog.STORY_VARIABLE`;
        a plain ``manim`` run tells the default story, the lecture's own.
        """
        super().setup()
        self.camera.background_color = style.BACKGROUND
        name = next(
            (c.__name__ for c in type(self).__mro__ if c.__name__ in STORIES), None
        )
        if name is not None:
            self.story = tell(name, json.loads(os.environ.get(STORY_VARIABLE, "{}")))

    @property
    def shape(self) -> Shape:
        """``"landscape"``, ``"portrait"`` or ``"square"``."""
        return frame_shape()

    @property
    def is_landscape(self) -> bool:
        """Whether panels go side by side (landscape) rather than stacked."""
        return self.shape == "landscape"

    def make_title(self) -> Text:
        """The story's title pinned to the top edge, sized to fit the frame's width."""
        title = Text(
            self.story.title,
            font=style.FONT,
            font_size=style.HEADING_SIZE,
            color=style.TEXT,
        )
        fit_within(title, config.frame_width - 2 * MARGIN, 1.0)
        title.to_edge(UP, buff=MARGIN)
        self.title_mobject = title
        return title

    def content_size(self) -> tuple[float, float]:
        """Width and height of the free area below the title."""
        top = config.frame_height / 2 - MARGIN
        if self.title_mobject is not None:
            top = self.title_mobject.get_bottom()[1] - MARGIN
        return config.frame_width - 2 * MARGIN, top - (
            -config.frame_height / 2 + MARGIN
        )

    def content_center(self) -> list[float]:
        """Centre of the free area below the title."""
        _, height = self.content_size()
        bottom = -config.frame_height / 2 + MARGIN
        return [0.0, bottom + height / 2, 0.0]

    def layout_panels(self, *panels: Mobject, buff: float = 0.5) -> VGroup:
        """Arrange panels side by side in landscape, stacked otherwise, fitted below the title."""
        group = VGroup(*panels).arrange(RIGHT if self.is_landscape else DOWN, buff=buff)
        fit_within(group, *self.content_size())
        return group.move_to(self.content_center())

    def slide_break(self, name: str, *, loop: bool = False) -> None:
        """Start a new slide here: a Manim section, cut out by ``lecture slides``.

        A plain video render is unchanged; renders with ``save_sections`` also
        write one clip per slide. A looping slide repeats until the next click.
        """
        self.next_section(name, LOOP_SLIDE if loop else DefaultSectionType.NORMAL)

    @contextmanager
    def narrate(self, text: str, *, loop: bool = False) -> Iterator[None]:
        """Run one beat of the scene with ``text`` as its caption, timed to the beat.

        Each beat is one slide of the deck (see :meth:`slide_break`); pass
        ``loop=True`` for a beat whose animation should repeat on its slide.

        Examples
        --------
        ::

            with self.narrate("The secant becomes the tangent."):
                self.play(h.animate.set_value(0.01))
        """
        self.slide_break(text, loop=loop)
        start = self.time
        yield
        self.add_subcaption(
            text, duration=max(self.time - start, 0.5), offset=start - self.time
        )


class LectureScene(_LectureLayout, Scene):
    """Base of every 2D scene of the lecture."""


class LectureThreeDScene(_LectureLayout, ThreeDScene):
    """Base of every 3D scene of the lecture."""
