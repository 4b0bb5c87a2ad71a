"""A slide written in the manifest alone: a title, bullets, formulas, a plotted formula."""

from __future__ import annotations

import numpy as np
from manim import *

from mathviz.notation import Notation
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import wrapped_text
from scenes.widgets.layout import (
    SUBJECT_SHARE,
    balance,
    room_left,
    stack,
)
from scenes.widgets.plots import clear_axes, scalar, span_axes
from storyboard.slide import SlideStory

__all__ = ["Slide"]


class Slide(LectureScene[SlideStory]):
    """Bullets and formulas, one per beat, beside or under the plot of a formula."""

    FORMULA_SIZE = 42
    """Formulas' size: their letters as tall as the bullets' (LaTeX's are smaller)."""
    LARGEST = 1.2
    """The text's largest scale: the bullets as large as the title."""
    SMALLEST = 0.3
    """The text's smallest scale tried."""
    SEARCHES = 6
    """Steps of the search for the text's largest scale that fits."""
    GAP = 0.4
    """Between the items of the text, and between the text and the plot."""
    FILL = 0.8
    """How much of the free height the text reaches, on a slide of text alone."""
    PLOT_SIZE = (8.0, 9.0)
    """The plot's largest width and height."""
    PLOT_ASPECT = 4 / 3
    """The plot's width over its height, to choose where the text goes."""
    INDENT = 0.6
    """How far the later rows of a formula broken over rows stand in."""
    MARK_GAP = 0.2
    """Between a bullet's mark and its text."""
    MARK_SIZE = 0.07
    """The radius of a bullet's mark."""

    def setup(self) -> None:
        super().setup()
        self.add(self.make_title())
        if self.story.plot is None:
            self.lay_out_text()
        else:
            self.lay_out_plot()

    def construct(self) -> None:
        story = self.story
        # The curve first: the subject.
        if self.plot_formula is not None:
            with self.narrate(story.plot_caption):
                self.play(Create(self.axes), Create(self.curve), run_time=1.5)
                self.play(Write(self.plot_formula))
        # Each bullet, then each formula, in its own beat.
        for bullet, caption in zip(self.bullets, story.bullets, strict=True):
            with self.narrate(caption):
                self.play(FadeIn(bullet, shift=0.2 * RIGHT))
        for formula, notation in zip(self.formulas, story.formulas, strict=True):
            with self.narrate(notation.text):
                self.play(Write(formula), run_time=1.5)

    def lay_out_text(self) -> None:
        """Text alone: as large as fits, spread down the slide."""
        width, height = self.content_size()
        text, scale = self.fitted_text(width, height)
        room = max(self.FILL * height - text.height, 0) / max(len(text) - 1, 1)
        stack(*text, buff=self.GAP * scale + room)
        self.name_items(text.move_to(self.content_center()))

    def lay_out_plot(self) -> None:
        """The plot first, the text beside or under it, whichever balances them better."""
        story = self.story
        assert story.view is not None  # (a slide with a plot has its view)
        free, tall = self.content_size()
        share = SUBJECT_SHARE[self.shape]
        _, along, text, (width, height) = max(
            self.placement(RIGHT, free * (1 - share) - self.GAP, tall),
            self.placement(DOWN, free, tall * (1 - share) - self.GAP),
            key=lambda placement: placement[0],
        )
        self.axes = span_axes(
            *story.view, min(width, self.PLOT_SIZE[0]), min(height, self.PLOT_SIZE[1])
        )
        panels = VGroup(self.axes, text).arrange(along, buff=self.GAP)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.name_items(text)
        self.curve = self.axes.plot(
            scalar(story.f), x_range=story.x_range, color=style.FUNCTION
        )
        clear_axes(self.axes, self.curve)

    def placement(
        self, along: np.ndarray, width: float, height: float
    ) -> tuple[float, np.ndarray, VGroup, tuple[float, float]]:
        """The text fitted to ``width`` x ``height`` ``along`` the plot, the plot's room.

        First, the :func:`~scenes.widgets.layout.balance` ``subject_side`` weighs.
        """
        text, scale = self.fitted_text(width, height)
        room = room_left(self, text, direction=along, buff=self.GAP)
        return balance(self, room, self.PLOT_ASPECT, scale), along, text, room

    def fitted_text(self, width: float, height: float) -> tuple[VGroup, float]:
        """The text at the largest scale that fits ``width`` x ``height``, and that scale.

        Scaled by ``s``, text wrapped to ``width / s`` is ``width`` wide (unless a
        formula is wider); the largest ``s`` at which it fits is searched for.
        """

        def fits(scale: float) -> bool:
            text = self.build_text(width / scale)
            return text.width * scale <= width and text.height * scale <= height

        low, high = self.SMALLEST, self.LARGEST
        if fits(high):
            low = high
        for _ in range(self.SEARCHES if low < high else 0):
            middle = (low + high) / 2
            low, high = (middle, high) if fits(middle) else (low, middle)
        text = self.build_text(width / low).scale(low)
        fit_within(text, width, height)
        return text, low

    def name_items(self, text: VGroup) -> None:
        """Name the text's items: the plotted formula, the bullets, the formulas."""
        items = list(text)
        self.plot_formula = items.pop(0) if self.story.plot else None
        self.bullets = items[: len(self.story.bullets)]
        self.formulas = items[len(self.story.bullets) :]

    def build_text(self, width: float) -> VGroup:
        """The plotted formula, the bullets and the formulas, in a column ``width`` wide."""
        story = self.story
        items: list[VMobject] = []
        if story.plot:
            items.append(self.formula(story.plot, width, style.FUNCTION))
        items += [self.bullet(text, width) for text in story.bullets]
        items += [self.formula(formula, width) for formula in story.formulas]
        return stack(*items, buff=self.GAP)

    def bullet(self, text: str, width: float) -> VGroup:
        """``text`` wrapped to ``width``, after a mark beside its first line."""
        mark = Dot(radius=self.MARK_SIZE, color=style.ACCENT)
        body = wrapped_text(text, width - mark.width - self.MARK_GAP)
        return VGroup(mark.next_to(body[0], LEFT, buff=self.MARK_GAP), body)

    def formula(
        self, notation: Notation, width: float, color: ManimColor | None = None
    ) -> MathTex:
        """``notation`` typeset; wider than ``width``, it breaks before an '=', '+' or '-'."""
        tex = MathTex(
            *notation.latex_parts,
            font_size=self.FORMULA_SIZE,
            color=color or style.TEXT,
        )
        rows = [Group(tex[0])]
        for part in tex[1:]:
            if part.get_right()[0] - rows[-1].get_left()[0] > width - self.INDENT:
                rows.append(Group())
            rows[-1].add(part)
        Group(*rows).arrange(DOWN, aligned_edge=LEFT, buff=self.GAP)
        for row in rows[1:]:
            row.shift(self.INDENT * RIGHT)
        return tex
