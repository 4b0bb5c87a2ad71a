"""Chapter 0, the opening: the title card and the session's agenda."""

from __future__ import annotations

from manim import *

from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets import label_text

__all__ = ["TitleCard"]


class TitleCard(LectureScene):
    """Club, title, presenter, then the six agenda items one by one."""

    CLUB = "ML Math Club"
    TITLE = "Calculus for Optimization"
    PRESENTER = "Moataz Ben Trad"
    ROLE = ("Data Science student · ML/AI mentor", "GDG on Campus ISAMM")
    AGENDA = (
        "Introduction to Optimization",
        "Derivatives and Partial Derivatives",
        "Gradient",
        "Jacobians",
        "Gradient Descent",
        "Exercises and Coding Examples",
    )

    def construct(self):
        club = label_text(self.CLUB, style.HEADING_SIZE, style.ACCENT)
        # On a tall frame the title takes two lines and the page fills the width.
        title_text = (
            self.TITLE if self.is_landscape else self.TITLE.replace(" for ", " for\n")
        )
        title = Paragraph(
            *title_text.split("\n"),
            font=style.FONT,
            font_size=style.TITLE_SIZE,
            weight=BOLD,
            alignment="center",
        )
        presenter = VGroup(
            label_text(self.PRESENTER, style.BODY_SIZE),
            *(label_text(line, style.SMALL_SIZE, style.MUTED) for line in self.ROLE),
        ).arrange(DOWN, buff=0.12)
        agenda = Paragraph(
            *(f"{number}   {item}" for number, item in enumerate(self.AGENDA, 1)),
            font=style.FONT,
            font_size=style.BODY_SIZE,
            line_spacing=1.0,
            color=style.TEXT,
        )
        for line in agenda:
            line[0].set_color(style.ACCENT)
        page = VGroup(VGroup(club, title, presenter).arrange(DOWN, buff=0.3), agenda)
        page.arrange(DOWN, buff=0.6 if self.is_landscape else 1.0)
        if not self.is_landscape:
            page.scale_to_fit_width(config.frame_width - 1.2)
        fit_within(page, config.frame_width - 0.8, config.frame_height - 0.8).center()

        # The title.
        with self.narrate("ML Math Club: Calculus for Optimization."):
            self.play(FadeIn(club, shift=0.3 * DOWN), Write(title), run_time=1.5)
        # Who presents.
        with self.narrate(
            "Presented by Moataz Ben Trad, ML/AI mentor at GDG on Campus ISAMM."
        ):
            self.play(FadeIn(presenter, shift=0.2 * UP), run_time=1)
        # The agenda, one item at a time.
        with self.narrate("Today: from derivatives to gradient descent, in six steps."):
            for item in agenda:
                self.play(FadeIn(item, shift=0.3 * RIGHT), run_time=0.5)
            self.wait(1.5)
