"""Base scenes: the lecture's look, frame-shape-aware layout and narration beats."""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    Protocol,
    TypeVar,
    cast,
    get_args,
    get_origin,
)

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    UR,
    Camera,
    DefaultSectionType,
    Mobject,
    Scene,
    Text,
    ThreeDScene,
    VGroup,
    VMobject,
    config,
)

from scenes import style
from scenes.widgets.cards import club_logo
from storyboard.catalog import STORIES, STORY_VARIABLE, tell
from storyboard.narration import (
    BEAT_PAUSE,
    BEATS_VARIABLE,
    Beat,
    BeatWords,
    speech_seconds,
    write_beats,
)
from storyboard.speech import spoken
from storyboard.theme import Theme

if TYPE_CHECKING:
    from manim.typing import Point3D

__all__ = [
    "LOOP_SLIDE",
    "BaseLectureScene",
    "LectureScene",
    "LectureThreeDScene",
    "Shape",
    "Story",
    "StoryT",
    "frame_shape",
]

Shape = Literal["landscape", "portrait", "square"]

MARGIN = 0.4
"""Space kept free along every edge of the frame (Manim units)."""
LOGO_HEIGHT = 0.55
"""Height of the club's logo (Manim units)."""

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


class Story(Protocol):
    """What a base scene reads of every story: the scene's title."""

    @property
    def title(self) -> str:
        """The scene's title."""
        ...


StoryT = TypeVar("StoryT", bound=Story)
"""The story a scene draws: the return type of its story function."""


class BaseLectureScene(Scene, Generic[StoryT]):
    """Story, layout and narration shared by the 2D and 3D base scenes.

    What the layout widgets take (see :mod:`scenes.widgets.layout`).
    """

    title_mobject: Mobject | None = None
    logo: Mobject | None = None
    """The club's logo in the top right corner, if the theme has one."""
    story: StoryT
    """What the scene shows, told by its story function (see :mod:`storyboard`).

    A scene without one (a scene of one's own, only narrated) has no story.
    """

    def setup(self) -> None:
        """Apply the lecture's theme and logo; tell the scene's story from its inputs.

        The build tool hands the theme in :data:`~storyboard.theme.THEME_VARIABLE`
        and the inputs in :data:`~storyboard.catalog.STORY_VARIABLE`; a plain
        ``manim`` run draws in the dark theme and tells the default story, the
        lecture's own.
        """
        super().setup()
        style.use(Theme.from_environment())
        # (Manim's types allow OpenGL's camera; the lecture renders with Cairo)
        cast(Camera, self.camera).background_color = style.BACKGROUND
        if style.LOGO is not None:
            self.logo = club_logo(style.LOGO, LOGO_HEIGHT)
            self.logo.to_corner(UR, buff=MARGIN)
            self.show_logo(self.logo)
        name = next(
            (c.__name__ for c in type(self).__mro__ if c.__name__ in STORIES), None
        )
        if name is not None:
            inputs = json.loads(os.environ.get(STORY_VARIABLE, "{}"))
            self.story = self.tell_story(name, inputs)

    @classmethod
    def tell_story(cls, scene: str, inputs: Mapping[str, Any]) -> StoryT:
        """The story the function of ``scene`` tells from ``inputs``, as this scene draws it.

        Raises
        ------
        TypeError
            If that story is not of the type the scene declares it draws.
        """
        story = tell(scene, inputs)
        drawn = cls.story_type()
        if not isinstance(story, drawn):
            raise TypeError(
                f"{cls.__name__} draws a {drawn.__name__}, "
                f"the story function of {scene} tells a {type(story).__name__}"
            )
        return story

    @classmethod
    def story_type(cls) -> type[StoryT]:
        """The story class the scene declares it draws (``LectureScene[TangentStory]``)."""
        for klass in cls.__mro__:
            for base in klass.__dict__.get("__orig_bases__", ()):
                origin, declared = get_origin(base), get_args(base)
                if (
                    isinstance(origin, type)
                    and issubclass(origin, BaseLectureScene)
                    and isinstance(declared[0], type)
                ):
                    return declared[0]
        raise TypeError(f"{cls.__name__} declares no story type")

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
        fit_within(title, config.frame_width - 2 * (MARGIN + self.logo_room), 1.0)
        title.to_edge(UP, buff=MARGIN)
        self.title_mobject = title
        return title

    def show_logo(self, logo: Mobject) -> None:
        """Keep the logo in front of everything, in every frame."""
        self.add_foreground_mobject(logo)

    @property
    def logo_room(self) -> float:
        """Width the logo takes from each end of the title's line (0 without a logo)."""
        return 0.0 if self.logo is None else self.logo.width + MARGIN / 2

    def content_size(self) -> tuple[float, float]:
        """Width and height of the free area below the title."""
        top = config.frame_height / 2 - MARGIN
        if self.title_mobject is not None:
            top = self.title_mobject.get_bottom()[1] - MARGIN
        return config.frame_width - 2 * MARGIN, top - (
            -config.frame_height / 2 + MARGIN
        )

    def content_center(self) -> Point3D:
        """Centre of the free area below the title."""
        _, height = self.content_size()
        bottom = -config.frame_height / 2 + MARGIN
        return np.array([0.0, bottom + height / 2, 0.0])

    def layout_panels(self, *panels: VMobject, buff: float = 0.5) -> VGroup:
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
    def narrate(
        self, caption: str, say: str | None = None, *, loop: bool = False
    ) -> Iterator[None]:
        """Run one beat of the scene: ``caption`` shown, its spoken form said.

        The beat's speech starts with the beat. Its animations keep their run
        times; when they are done before the speech (plus a short pause,
        :data:`~storyboard.narration.BEAT_PAUSE`) is, the beat waits for it.
        The build tool hands the speech's durations to the scene (see
        :mod:`storyboard.narration`); a plain ``manim`` run has none, so its
        beats last as their animations do, silent.

        Each beat is one slide of the deck (see :meth:`slide_break`); pass
        ``loop=True`` for a beat whose animation should repeat on its slide.

        Parameters
        ----------
        caption
            What is shown: the beat's subtitle.
        say
            What is said, when it differs from what
            :func:`storyboard.speech.spoken` makes of ``caption`` (symbols read
            as words). The manifest's ``say`` and ``caption`` tables replace
            either, beat by beat (see :class:`~storyboard.narration.BeatWords`).
        loop
            Whether the beat's slide repeats until the presenter moves on.

        Examples
        --------
        ::

            with self.narrate("The secant becomes the tangent."):
                self.play(h.animate.set_value(0.01))
            with self.narrate("f'(x) = 0 here.", say="The slope is zero here."):
                self.play(Indicate(point))
        """
        beats = self.narration_beats
        index = len(beats)  # taken on entry, so that nested beats keep their order
        caption, text = self.beat_words.beat(
            index + 1, caption, spoken(caption) if say is None else say
        )
        speech = speech_seconds(index, text)
        self.slide_break(caption, loop=loop)
        start = self.time
        beats.append(Beat(caption, text, loop, start))
        yield
        self.wait_for_speech(start, speech)
        beats[index] = replace(beats[index], end=self.time, speech=speech)
        self.add_subcaption(
            caption, duration=max(self.time - start, 0.5), offset=start - self.time
        )

    @functools.cached_property
    def beat_words(self) -> BeatWords:
        """The manifest's own words for some beats, handed by the build tool."""
        return BeatWords.from_environment()

    @property
    def narration_beats(self) -> list[Beat]:
        """The beats played so far, in order (see :meth:`narrate`)."""
        if "_narration_beats" not in self.__dict__:
            self._narration_beats: list[Beat] = []
        return self._narration_beats

    def wait_for_speech(self, start: float, speech: float) -> None:
        """Hold the beat until ``speech`` seconds from ``start``, plus the pause, have passed.

        manim-voiceover's tracker pattern: animations keep their run times and
        the beat is held (on its last frame, or with its updaters running)
        until its speech is over: for a whole number of frames, never fewer
        than the speech and the pause need.
        """
        if speech <= 0:
            return
        rate = config.frame_rate
        frames = math.ceil((start + speech + BEAT_PAUSE - self.time) * rate - 1e-6)
        if frames <= 0:
            return
        moving = bool(
            self.always_update_mobjects
            or self.updaters
            or any(
                m.has_time_based_updater() for m in self.get_mobject_family_members()
            )
        )
        # Manim holds a still frame for int(duration * rate) frames and renders a
        # moving one for ceil(duration * rate): aim half a frame inside either.
        self.wait((frames + (-0.5 if moving else 0.5)) / rate, frozen_frame=not moving)

    def tear_down(self) -> None:
        """Write the played beats where the build tool asked for them, if it did."""
        super().tear_down()
        target = os.environ.get(BEATS_VARIABLE)
        if target:
            write_beats(Path(target), self.narration_beats)


class LectureScene(BaseLectureScene[StoryT]):
    """Base of every 2D scene of the lecture: ``class TangentSlide(LectureScene[TangentStory])``."""


class LectureThreeDScene(BaseLectureScene[StoryT], ThreeDScene):
    """Base of every 3D scene of the lecture."""

    def show_logo(self, logo: Mobject) -> None:
        """Keep the logo in front of everything, in every frame, whatever the camera does."""
        self.add_fixed_in_frame_mobjects(logo)
        self.add_foreground_mobject(logo)
