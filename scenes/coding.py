"""Chapter 6, exercises and coding examples: a real gradient-descent script, running."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from manim import *

from scenes import style
from scenes.base import LectureScene
from scenes.widgets.cards import (
    code_highlight,
    code_lines,
    code_panel,
    typeset_scale,
)
from scenes.widgets.layout import arrange_row, draw_last, overlapping, room_left
from scenes.widgets.motion import UpdateInPlace
from scenes.widgets.plots import clear_axes, plot_axes, scalar
from storyboard.coding import CodingStory

if TYPE_CHECKING:
    pass

__all__ = ["CodingGradientDescent"]


class CodingGradientDescent(LectureScene[CodingStory]):
    """The example file in a code panel, its running line lit, the plot and its log."""

    GAP = 0.4
    PLOT_SHARE: ClassVar[dict[str, float]] = {
        "landscape": 0.5,
        "portrait": 0.4,
        "square": 0.42,
    }
    """The least share of the free width (or height) the plot gets: the listing
    must stay readable too."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        width, _ = self.content_size()
        self.code = code_panel(story.example.source, width)
        # The printed lines are the same size as the code.
        scale = typeset_scale(self.code)
        self.log = code_lines(story.log, scale)
        if self.shape == "portrait":  # in two columns, to leave the plot room
            rows = -(-len(self.log) // 2)
            self.log.arrange_in_grid(rows=rows, flow_order="dr", buff=(0.4, 0.15))
        self.log_title = code_lines(["# printed"], scale).set_color(style.MUTED)
        log_panel = VGroup(self.log_title, self.log).arrange(DOWN, aligned_edge=LEFT)
        # The plot first; the listing over its log beside it (in landscape), the
        # listing and its log under it (side by side in a square).
        if self.shape == "square":
            listing = arrange_row(self.code, log_panel, buff=self.GAP)
        else:
            listing = VGroup(self.code, log_panel).arrange(
                DOWN, aligned_edge=LEFT, buff=self.GAP
            )
        along = RIGHT if self.is_landscape else DOWN
        share = self.PLOT_SHARE[self.shape]
        room = room_left(self, listing, buff=self.GAP, direction=along, share=share)
        self.axes = plot_axes(story.x_range, [story.f], *room, "x", "f(x)")
        self.layout_panels(self.axes, listing, buff=self.GAP)
        self.build_plot()

    def construct(self) -> None:
        story, example = self.story, self.story.example
        # The script, as it is in the project.
        with self.narrate("A short, real Python script, shown as it is."):
            self.add(self.code)
            self.wait(1.5)
        # f and its derivative.
        with self.narrate("It defines f and, by hand, its derivative df."):
            self.highlight.become(code_highlight(self.code, *example.function_lines))
            self.play(
                FadeIn(self.highlight),
                Create(self.axes),
                Create(self.curve),
                run_time=2,
            )
        # The start and the learning rate.
        with self.narrate(
            f"It starts at x = {example.start:g} with learning rate"
            f" alpha = {example.rate:g}."
        ):
            self.play(self.move_highlight(example.setup_line))
            self.play(FadeIn(self.point, scale=1.5))
        # Each pass of the loop: a step against the slope, then a printed line.
        xs = story.path.points[:, 0]
        for step, (x_from, x_to, line) in enumerate(
            zip(xs[:-1], xs[1:], self.log, strict=True), start=1
        ):
            with self.narrate(
                "Each pass steps against the slope, then prints x and f(x)."
                if step == 1
                else f"Step {step}."
            ):
                self.trail.add(Dot(self.point.get_center(), 0.05, color=style.MUTED))
                self.add(self.trail)
                # One animation per pass: Manim draws the still parts once per play.
                # (Succession builds .animate's builders too; its types say not.)
                self.play(
                    Succession(
                        self.move_highlight(example.update_line, run_time=0.3),
                        self.slide(x_from, x_to, run_time=0.8),
                        self.move_highlight(example.print_line, run_time=0.3),
                        FadeIn(
                            line,
                            *([self.log_title] if step == 1 else []),
                            shift=0.1 * RIGHT,
                            run_time=0.4,
                        ),
                    )
                )
        # Closing in on the minimum.
        with self.narrate("Step by step, x closes in on the minimum of f."):
            self.play(FadeOut(self.highlight), Create(self.minimum))
            self.play(Flash(self.point, color=style.RISING))
            self.wait(1.5)

    def build_plot(self) -> None:
        """The curve, the point at the start, its trail, the minimum, the highlight."""
        story, axes = self.story, self.axes
        start = story.example.start
        self.curve = axes.plot(
            scalar(story.f), x_range=story.x_range, color=style.FUNCTION
        )
        self.point = Dot(axes.c2p(start, story.f(start)), color=style.POINT)
        self.trail = VGroup()
        # Where the x axis runs.
        ground = float(np.clip(0, axes.y_range[0], axes.y_range[1]))
        self.minimum = DashedLine(
            axes.c2p(float(story.minimum.x), ground),
            axes.c2p(*story.minimum.point),
            color=style.RISING,
        )
        iterates = [
            Dot(axes.c2p(x, story.f(x)), color=style.POINT)
            for x in story.path.points[:, 0]
        ]
        clear_axes(axes, self.curve, self.minimum, *iterates)
        # The frame lies over the listing, around the running line.
        self.highlight = code_highlight(self.code, story.example.setup_line)
        overlapping(self.code, self.highlight)

    def slide(self, x_from: float, x_to: float, **kwargs: Any) -> Animation:
        """The point sliding along the curve from ``x_from`` to ``x_to``, drawn last."""
        f, axes = self.story.f, self.axes
        draw_last(self, self.point)

        def place(dot: Mobject, alpha: float) -> None:
            x = x_from + alpha * (x_to - x_from)
            dot.move_to(axes.c2p(x, f(x)))

        return UpdateInPlace(self.point, place, **kwargs)

    def move_highlight(self, line: int, run_time: float = 0.6) -> Animation:
        """The highlight frame moving to code line ``line``, drawn last.

        A transform to a frame made now: in a succession of moves, each starts
        where the last one ended (``.animate`` would aim them all at the last line).
        """
        draw_last(self, self.highlight)
        return Transform(
            self.highlight, code_highlight(self.code, line), run_time=run_time
        )
