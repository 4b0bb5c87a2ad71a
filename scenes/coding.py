"""Chapter 6, exercises and coding examples: a real gradient-descent script, running."""

from __future__ import annotations

import numpy as np
from manim import *

from scenes import style
from scenes.base import LectureScene
from scenes.widgets.cards import label_text
from scenes.widgets.motion import UpdateInPlace
from scenes.widgets.plots import make_axes
from storyboard.coding import CodingStory

__all__ = ["CodingGradientDescent"]

CODE_FONT = "DejaVu Sans Mono"
CODE_SIZE = 10
"""Size of the code and of its printed output, before the layout scales them.

Pango draws text on a canvas the size of the output in pixels and drops what falls
outside; kept small, the listing fits even the tiny frames of the tests.
"""


class CodingGradientDescent(LectureScene):
    """The example file in a code panel, its running line lit, the plot and its log."""

    def construct(self):
        data = self.story
        example = data.example
        self.add(self.make_title())
        self.code = code = Code(
            code_string=example.source,
            language="python",
            formatter_style="monokai",
            background="rectangle",
            # Padding and corners for the small type: the panel is scaled up below.
            background_config={
                "fill_color": style.PANEL,
                "stroke_color": style.MUTED,
                "buff": 0.12,
                "corner_radius": 0.08,
            },
            paragraph_config={
                "font": CODE_FONT,
                "font_size": CODE_SIZE,
                "line_spacing": 0.8,
            },
        )
        self.axes = axes = self.make_plot(data)
        self.log = log = VGroup(
            *(
                Text(line, font=CODE_FONT, font_size=CODE_SIZE, color=style.TEXT)
                for line in data.log
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        # The listing takes half the width beside the plot, all of it above; its
        # printed lines are the same size.
        width, _ = self.content_size()
        factor = (width / 2 if self.is_landscape else width) / code.width
        code.scale(factor)
        log.scale(factor)
        log_title = label_text("printed", CODE_SIZE, style.MUTED).scale(factor)
        log_panel = VGroup(log_title, log).arrange(DOWN, aligned_edge=LEFT)
        right = VGroup(axes, log_panel).arrange(DOWN, buff=0.4)
        self.layout_panels(code, right)

        curve = axes.plot(data.f, x_range=data.x_range, color=style.FUNCTION)
        self.point = Dot(
            axes.c2p(example.start, data.f(example.start)), color=style.POINT
        )
        self.trail = VGroup()
        minimum = DashedLine(
            axes.c2p(float(data.minimum.x), 0),
            axes.c2p(*data.minimum.point),
            color=style.RISING,
        )
        self.highlight = self.line_highlight(example.setup_line)

        # The script, as it is in the project.
        with self.narrate("A short, real Python script, shown as it is."):
            self.add(code)
            self.wait(1.5)
        # f and its derivative.
        with self.narrate("It defines f and, by hand, its derivative df."):
            self.highlight.become(self.line_highlight(*example.function_lines))
            self.play(FadeIn(self.highlight), Create(axes), Create(curve), run_time=2)
        # The start and the learning rate.
        with self.narrate(
            f"It starts at x = {example.start:g} with learning rate"
            f" alpha = {example.rate:g}."
        ):
            self.play(self.move_highlight(example.setup_line))
            self.play(FadeIn(self.point, scale=1.5))
        # Each pass of the loop: a step against the slope, then a printed line.
        xs = data.path.points[:, 0]
        for step, (x_from, x_to, line) in enumerate(
            zip(xs[:-1], xs[1:], log, strict=True), start=1
        ):
            caption = (
                "Each pass steps against the slope, then prints x and f(x)."
                if step == 1
                else f"Step {step}."
            )
            with self.narrate(caption):
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
                            *([log_title] if step == 1 else []),
                            shift=0.1 * RIGHT,
                            run_time=0.4,
                        ),
                    )
                )
        # Closing in on the minimum.
        with self.narrate("Step by step, x closes in on the minimum of f."):
            self.play(FadeOut(self.highlight), Create(minimum))
            self.play(Flash(self.point, color=style.RISING))
            self.wait(1.5)

    def make_plot(self, data: CodingStory) -> Axes:
        """Axes over the story's stretch of the curve, ticks every unit and every 5."""
        xs = np.linspace(*data.x_range, 101)
        top = 5 * np.ceil(data.f(xs).max() / 5)
        x_min, x_max = np.floor(data.x_range[0]), np.ceil(data.x_range[1])
        return make_axes((x_min, x_max, 1), (0, top, 5), 6, 3.5, "x", "f(x)")

    def line_highlight(self, *lines: int) -> RoundedRectangle:
        """A frame around the code lines ``lines`` (1-based), the panel's width.

        It lies over the code, not under it: a bar under the text would have to be
        drawn between the panel's background and its text, and would make Manim redraw
        the whole listing on every frame it moves.
        """
        numbers = self.code.line_numbers
        pitch = abs(numbers[1].get_y() - numbers[0].get_y())
        # From a little under the last line's baseline to a pitch above the first's.
        top = numbers[min(lines) - 1].get_bottom()[1] + 0.7 * pitch
        bottom = numbers[max(lines) - 1].get_bottom()[1] - 0.3 * pitch
        background = self.code.background
        frame = RoundedRectangle(
            corner_radius=0.06,
            width=background.width - 0.1,
            height=top - bottom,
            stroke_color=style.ACCENT,
            stroke_width=2.5,
            fill_color=style.ACCENT,
            fill_opacity=0.08,
        )
        return frame.move_to([background.get_x(), (top + bottom) / 2, 0])

    def slide(self, x_from: float, x_to: float, **kwargs) -> Animation:
        """The point sliding along the curve from ``x_from`` to ``x_to``.

        The point goes last in the scene, so that Manim redraws only it.
        """
        data = self.story
        self.bring_to_front(self.point)

        def place(dot: Dot, alpha: float) -> None:
            x = x_from + alpha * (x_to - x_from)
            dot.move_to(self.axes.c2p(x, data.f(x)))

        return UpdateInPlace(self.point, place, **kwargs)

    def move_highlight(self, line: int, run_time: float = 0.6) -> Animation:
        """The highlight frame moving to code line ``line``.

        The frame goes last in the scene: Manim redraws only from the first moving
        mobject on.
        """
        self.bring_to_front(self.highlight)
        return self.highlight.animate(run_time=run_time).become(
            self.line_highlight(line)
        )
