"""Chapter 0, the opening: the title card and the session's agenda."""

from __future__ import annotations

from manim import *

from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets import label_text

__all__ = ["TitleCard"]


class TitleCard(LectureScene):
    """Club, title, presenter, then the agenda's items one by one."""

    def construct(self):
        card = self.story
        club = label_text(card.club, style.HEADING_SIZE, style.ACCENT)
        # On a tall frame a long title takes two lines and the page fills the width.
        words = card.title.split()
        lines = (
            [card.title]
            if self.is_landscape or len(words) < 3
            else [
                " ".join(words[: len(words) // 2]),
                " ".join(words[len(words) // 2 :]),
            ]
        )
        title = Paragraph(
            *lines,
            font=style.FONT,
            font_size=style.TITLE_SIZE,
            weight=BOLD,
            alignment="center",
        )
        presenter = VGroup(
            *([label_text(card.presenter, style.BODY_SIZE)] if card.presenter else []),
            *(
                label_text(line, style.SMALL_SIZE, style.MUTED)
                for line in card.affiliation
            ),
        ).arrange(DOWN, buff=0.12)
        agenda = (
            Paragraph(
                *(f"{number}   {item}" for number, item in enumerate(card.agenda, 1)),
                font=style.FONT,
                font_size=style.BODY_SIZE,
                line_spacing=1.0,
                color=style.TEXT,
            )
            if card.agenda
            else VGroup()
        )
        for line in agenda:
            line[0].set_color(style.ACCENT)
        heading = VGroup(*([club] if card.club else []), title, presenter)
        page = VGroup(heading.arrange(DOWN, buff=0.3), agenda)
        page.arrange(DOWN, buff=0.6 if self.is_landscape else 1.0)
        if not self.is_landscape:
            page.scale_to_fit_width(config.frame_width - 1.2)
        fit_within(page, config.frame_width - 0.8, config.frame_height - 0.8).center()

        # The title.
        with self.narrate(card.heading):
            self.play(
                *([FadeIn(club, shift=0.3 * DOWN)] if card.club else []),
                Write(title),
                run_time=1.5,
            )
        # Who presents.
        if card.introduction:
            with self.narrate(card.introduction):
                self.play(FadeIn(presenter, shift=0.2 * UP), run_time=1)
        # The agenda, one item at a time.
        if card.agenda:
            with self.narrate(card.overview):
                for item in agenda:
                    self.play(FadeIn(item, shift=0.3 * RIGHT), run_time=0.5)
                self.wait(1.5)
