"""Chapter 6, exercises and coding examples: a real gradient-descent script, running."""

from __future__ import annotations

from typing import ClassVar

from manim import *

from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import (
    CODE_SIZE,
    code_highlight,
    code_lines,
    code_panel,
    label_text,
)
from scenes.widgets.layout import draw_last, room_left
from scenes.widgets.motion import UpdateInPlace
from scenes.widgets.plots import span_axes

__all__ = ["CodingGradientDescent"]


class CodingGradientDescent(LectureScene):
    """The example file in a code panel, its running line lit, the plot and its log."""

    PLOT_SIZE = (6.0, 3.5)
    """The plot's largest width and height."""
    CODE_WIDTH: ClassVar[dict[str, float]] = {
        "landscape": 0.5,
        "portrait": 1.0,
        "square": 0.9,
    }
    """The listing's width, as a fraction of the content's, by the frame's shape."""
    GAP = 0.4

    def setup(self):
        super().setup()
        story = self.story
        self.add(self.make_title())
        width, height = self.content_size()
        # The listing takes half the width beside the plot, all of it above (in a
        # square, where its height is the plot's loss, a little less).
        self.code = code_panel(
            story.example.source, width * self.CODE_WIDTH[self.shape]
        )
        # The printed lines are the same size as the code.
        scale = self.code.height / self.code.made_height
        self.log = code_lines(story.log, scale)
        if self.shape == "square":  # in two columns, to leave the plot some height
            rows = -(-len(self.log) // 2)
            self.log.arrange_in_grid(rows=rows, flow_order="dr", buff=(0.4, 0.15))
        self.log_title = label_text("printed", CODE_SIZE, style.MUTED).scale(scale)
        log_panel = VGroup(self.log_title, self.log).arrange(DOWN, aligned_edge=LEFT)
        along = RIGHT if self.is_landscape else DOWN
        room_w, room_h = room_left(self, self.code, buff=self.GAP, direction=along)
        if self.is_landscape:  # the plot above the log, beside the code
            size = (room_w - 1.0, room_h - log_panel.height - self.GAP - 0.8)
        else:  # the plot beside the log, under the code
            size = (room_w - log_panel.width - self.GAP - 1.0, room_h - 0.8)
        self.axes = span_axes(
            story.x_range,
            (0, story.f(story.x_range[1])),
            min(size[0], self.PLOT_SIZE[0]),
            min(size[1], self.PLOT_SIZE[1]),
            "x",
            "f(x)",
        )
        right = VGroup(self.axes, log_panel).arrange(
            DOWN if self.is_landscape else RIGHT, buff=self.GAP
        )
        panels = VGroup(self.code, right).arrange(along, buff=self.GAP)
        fit_within(panels, width, height).move_to(self.content_center())
        self.build_plot()

    def construct(self):
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
        self.curve = axes.plot(story.f, x_range=story.x_range, color=style.FUNCTION)
        self.point = Dot(axes.c2p(start, story.f(start)), color=style.POINT)
        self.trail = VGroup()
        self.minimum = DashedLine(
            axes.c2p(float(story.minimum.x), 0),
            axes.c2p(*story.minimum.point),
            color=style.RISING,
        )
        self.highlight = code_highlight(self.code, story.example.setup_line)

    def slide(self, x_from: float, x_to: float, **kwargs) -> Animation:
        """The point sliding along the curve from ``x_from`` to ``x_to``, drawn last."""
        f, axes = self.story.f, self.axes
        draw_last(self, self.point)

        def place(dot: Dot, alpha: float) -> None:
            x = x_from + alpha * (x_to - x_from)
            dot.move_to(axes.c2p(x, f(x)))

        return UpdateInPlace(self.point, place, **kwargs)

    def move_highlight(self, line: int, run_time: float = 0.6) -> Animation:
        """The highlight frame moving to code line ``line``, drawn last."""
        draw_last(self, self.highlight)
        return self.highlight.animate(run_time=run_time).become(
            code_highlight(self.code, line)
        )
