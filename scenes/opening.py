"""Chapter 0, the opening: the title card and the session's agenda."""

from __future__ import annotations

import numpy as np
from manim import *

from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import label_text, paragraph
from storyboard.opening import TitleStory

__all__ = ["TitleCard"]


class TitleCard(LectureScene[TitleStory]):
    """Club, title, presenter, then the agenda's items one by one."""

    PAGE_MARGIN = 0.6
    """Room kept around the page on every side."""
    COLUMN_GAP = 1.2
    """Between the heading and the agenda, side by side in landscape."""

    def setup(self) -> None:
        super().setup()
        card = self.story
        self.club = label_text(card.club, style.HEADING_SIZE, style.ACCENT)
        self.title = self.build_title()
        self.presenter = VGroup(
            label_text(card.presenter, style.BODY_SIZE),
            *(
                label_text(role, style.SMALL_SIZE, style.MUTED)
                for role in card.affiliation
            ),
        ).arrange(DOWN, buff=0.12)
        self.agenda = self.build_agenda()
        heading: list[VMobject] = [self.club] if card.club else []
        heading += [self.title, *([self.presenter] if card.presenter else [])]
        self.lay_out(VGroup(*heading).arrange(DOWN, buff=0.3), self.agenda)

    def construct(self) -> None:
        card = self.story
        # The title.
        with self.narrate(card.heading):
            shown = [FadeIn(self.club, shift=0.3 * DOWN)] if card.club else []
            self.play(*shown, Write(self.title), run_time=1.5)
        # Who presents.
        if card.introduction:
            with self.narrate(card.introduction):
                self.play(FadeIn(self.presenter, shift=0.2 * UP), run_time=1)
        # The agenda, one item at a time.
        if card.agenda:
            with self.narrate(card.overview):
                for item in self.agenda:
                    self.play(FadeIn(item, shift=0.3 * RIGHT), run_time=0.5)
                self.wait(1.5)

    def lay_out(self, heading: VGroup, agenda: VGroup) -> None:
        """The heading beside the agenda in landscape; above it, the page filled, otherwise.

        The page keeps below the club's logo, if there is one.
        """
        below_logo = 0.0 if self.logo is None else self.logo.height + self.PAGE_MARGIN
        free = np.array([config.frame_width, config.frame_height - below_logo]) - (
            2 * self.PAGE_MARGIN
        )
        if self.is_landscape and agenda.submobjects:
            page = VGroup(heading, agenda).arrange(RIGHT, buff=self.COLUMN_GAP)
            page.scale(min(free[0] / page.width, 0.85 * free[1] / page.height))
        else:
            page = VGroup(heading, agenda).arrange(DOWN, buff=1.0)
            fit_within(page.scale_to_fit_width(free[0]), *free)
            # Spread down a tall frame: the agenda at the foot of the page.
            spare = 0.85 * free[1] - page.height
            if spare > 0:
                agenda.shift(spare * DOWN)
        page.center().shift(below_logo / 2 * DOWN)

    def build_title(self) -> Paragraph:
        """The lecture's title; a long one takes two lines."""
        words = self.story.title.split()
        half = len(words) // 2
        lines = (
            [self.story.title]
            if len(words) < 3
            else [" ".join(words[:half]), " ".join(words[half:])]
        )
        return paragraph(
            *lines, font_size=style.TITLE_SIZE, weight=BOLD, alignment="center"
        )

    def build_agenda(self) -> VGroup:
        """The agenda's items, numbered (nothing when there is none)."""
        if not self.story.agenda:
            return VGroup()
        agenda = paragraph(
            *(f"{n}   {item}" for n, item in enumerate(self.story.agenda, 1)),
            line_spacing=2.0 if self.is_landscape else 1.0,
        )
        for line in agenda:
            line[0].set_color(style.ACCENT)
        return agenda
