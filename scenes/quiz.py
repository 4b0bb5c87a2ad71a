"""Chapter 5, the quiz: two questions, each answer backed by mathviz's numbers."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import sympy
from manim import *

from mathviz.descent import Regime
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import QuizCard, label_text
from scenes.widgets.labels import label_point
from scenes.widgets.layout import room_left, stack
from scenes.widgets.motion import fade, grow_in_place
from scenes.widgets.plots import bar_chart, span_axes, to_screen, verdicts_legend
from storyboard.quiz import HighRateStory, QuizStory, SlowConvergenceStory

__all__ = ["QuizHighLearningRate", "QuizSlowConvergence"]

QuizStoryT = TypeVar("QuizStoryT", bound=QuizStory)


class QuizScene(LectureScene[QuizStoryT]):
    """A quiz question: the card, the countdown, the reveal, then the evidence.

    The card is asked in the middle of the frame; after the reveal it is set aside,
    smaller, beside (or above) the evidence, or, in a square, makes room for it.
    """

    SECONDS = 5
    """Length of the countdown."""
    GAP = 0.5
    SET_ASIDE = 0.75
    """The card's size beside the evidence, relative to its size when asked."""
    ASPECT = {"landscape": 0.75, "portrait": 1.0, "square": 0.75}
    """A plot's greatest height, as a share of its width, in each shape."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        width, _ = self.content_size()
        self.card = QuizCard(
            story.question,
            story.choices,
            self.SECONDS,
            6.0 if self.is_landscape else width,
        )
        self.aside = 1.0 if self.shape == "square" else self.SET_ASIDE
        self.card.scale(self.aside)

    def ask_and_reveal(self) -> None:
        """Ask the question, count down, reveal the answer, set the card aside."""
        story, card = self.story, self.card
        place, width = card.get_center(), card.width
        fit_within(card.scale(1 / self.aside), *self.content_size())
        card.move_to(self.content_center())
        with self.narrate(f"Quiz time. {story.question}"):
            self.play(card.ask(), run_time=2)
        with self.narrate("Think about it."):
            self.play(card.run())
        with self.narrate(f"The answer: {story.choices[story.answer]}."):
            self.play(card.reveal(story.answer))
            self.wait(0.5)
            self.play(
                card.put_away()
                if self.shape == "square"
                else card.animate.scale(width / card.width).move_to(place)
            )

    def bowl_formula(self, *facts: str, color: ManimColor | None = None) -> MathTex:
        """The bowl the evidence is computed on, ``f(x) = ...``, and ``facts`` (LaTeX)."""
        # Inline style: a fraction in f keeps the line as low as its neighbours.
        return MathTex(
            r"\textstyle "
            + r",\quad ".join((rf"f(x) = {sympy.latex(self.story.function)}", *facts)),
            font_size=style.BODY_SIZE,
            color=color or style.TEXT,
        )

    def evidence_room(self) -> tuple[float, float]:
        """The room the evidence has: beside or under the card; all of it in a square."""
        if self.shape == "square":
            return self.content_size()
        return room_left(self, self.card, buff=self.GAP)

    def plot_size(self, *texts: Mobject, buff: float) -> tuple[float, float]:
        """The whole box (lines, numbers, labels) of the plot stacked with ``texts``.

        It takes the room they leave, at most :data:`ASPECT` of its width high.
        """
        width, height = self.evidence_room()
        height -= sum(text.height for text in texts) + len(texts) * buff
        return width, min(height, self.ASPECT[self.shape] * width)

    def lay_out(self, evidence: VMobject) -> None:
        """The card and the evidence as panels; in a square the evidence alone."""
        if self.shape == "square":
            fit_within(evidence, *self.content_size()).move_to(self.content_center())
        else:
            self.layout_panels(self.card, evidence, buff=self.GAP)


class QuizSlowConvergence(QuizScene[SlowConvergenceStory]):
    """True or false (or which rate): steps to converge against the rate, on the bowl."""

    BUFF = 0.3
    ABOVE = 0.1
    """Between a bar and its count."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.header = VGroup(
            label_text("steps to converge on", style.LABEL_SIZE),
            self.bowl_formula(rf"x_0 = {style.number(story.start)}"),
        ).arrange(RIGHT, buff=0.2)
        if self.header.width > self.evidence_room()[0]:
            self.header.arrange(DOWN, buff=0.15)
        self.legend = verdicts_legend(story.regimes)
        counts = [
            label_text(
                count,
                style.SMALL_SIZE,
                style.VERDICT[regime] if steps is None else style.TEXT,
            )
            for count, steps, regime in zip(
                story.counts, story.steps, story.regimes, strict=True
            )
        ]
        width, height = self.plot_size(self.header, self.legend, buff=self.BUFF)
        self.chart = bar_chart(
            [steps or 0 for steps in story.steps],
            story.names,
            [style.VERDICT[regime] for regime in story.regimes],
            width,
            height - max(count.height for count in counts) - self.ABOVE,
            x_label=r"\alpha",
        )
        self.counts = VGroup(
            *(
                count.next_to(bar, UP, buff=self.ABOVE)
                for bar, count in zip(self.chart.bars, counts, strict=True)
            )
        )
        self.plot = VGroup(self.chart, self.counts)
        self.evidence = VGroup(self.header, self.plot, self.legend).arrange(
            DOWN, buff=self.BUFF
        )
        self.lay_out(self.evidence)

    def construct(self) -> None:
        self.ask_and_reveal()
        with self.narrate("Count the steps gradient descent needs, rate by rate."):
            chart = self.chart
            axes = (chart.x_axis, chart.y_axis, chart.axis_labels)
            drawn = [fade(part, 0, 1) for part in axes]
            rises = LaggedStart(
                *(
                    AnimationGroup(
                        grow_in_place(bar, DOWN), fade(bar, 0, 1), fade(count, 0, 1)
                    )
                    for bar, count in zip(chart.bars, self.counts, strict=True)
                ),
                lag_ratio=0.4,
                group=self.plot,
            )
            self.add(self.plot)
            self.play(FadeIn(self.header), *drawn)
            self.play(rises, run_time=3)
        with self.narrate(self.story.finding):
            self.play(FadeIn(self.legend))
            self.wait(2)


class QuizHighLearningRate(QuizScene[HighRateStory]):
    """What a too high rate does: each step's factor |1 - L rate| and the 2/L limit."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.rule = stack(
            MathTex(
                r"|x_{k+1} - x^*| = |1 - L\alpha|\,|x_k - x^*|",
                font_size=style.BODY_SIZE,
            ),
            self.bowl_formula(
                rf"L = {style.number(story.L)}",
                rf"\tfrac{{2}}{{L}} = {style.number(story.two_over_L)}",
                color=style.ACCENT,
            ),
        )
        self.legend = verdicts_legend(story.choice_verdicts or story.examples)
        self.build_plot(story, *self.plot_size(self.rule, self.legend, buff=0.3))
        self.evidence = VGroup(self.rule, self.plot, self.legend).arrange(
            DOWN, buff=0.3
        )
        self.lay_out(self.evidence)
        self.marks = self.mark_rates(story)

    def construct(self) -> None:
        self.ask_and_reveal()
        with self.narrate(
            "On a parabola, each step multiplies the distance to the minimum"
            " by |1 - L alpha|."
        ):
            self.play(FadeIn(self.rule), Create(self.axes))
            self.play(Create(self.curve), Create(self.one), run_time=1.5)
        with self.narrate(self.story.finding):
            self.play(
                FadeIn(self.zones),
                FadeIn(self.zone_labels),
                Create(self.limit_line),
                FadeIn(self.limit_label),
            )
            self.play(
                LaggedStart(*map(FadeIn, self.marks), lag_ratio=0.3),
                FadeIn(self.legend),
            )
            self.wait(2)

    def build_plot(self, story: HighRateStory, width: float, height: float) -> None:
        """The per-step factor against the rate, the overshoot and divergence zones.

        The rates marked on it are the choices when they are rates (lettered as on
        the card), otherwise one rate per verdict.
        """
        factors = np.asarray(story.factor(story.rates))
        self.axes = axes = span_axes(
            (0, story.rates[-1]),
            (0, max(2.0, float(factors.max()))),
            width,
            height,
            r"\alpha",
            r"|1 - L\alpha|",
        )
        top, end = axes.y_range[1], story.rates[-1]
        self.curve = axes.plot_line_graph(
            story.rates,
            factors,
            line_color=style.TEXT,
            add_vertex_dots=False,
            stroke_width=4,
        )
        limit = story.two_over_L
        self.limit_line = DashedLine(
            axes.c2p(limit, 0), axes.c2p(limit, top), color=style.FALLING
        )
        self.limit_label = MathTex(
            r"\tfrac{2}{L}", font_size=style.LABEL_SIZE, color=style.FALLING
        ).next_to(self.limit_line, UP, buff=0.1)
        zones = (
            (limit / 2, limit, style.VERDICT[Regime.OSCILLATING]),
            (limit, end, style.VERDICT[Regime.DIVERGING]),
        )
        self.zones = VGroup(
            *(
                Polygon(
                    *to_screen(
                        axes, [[start, 0], [stop, 0], [stop, top], [start, top]]
                    ),
                    stroke_width=0,
                    fill_color=color,
                    fill_opacity=0.15,
                )
                for start, stop, color in zones
            )
        )
        self.zone_labels = VGroup(
            *(
                label_text(name, style.SMALL_SIZE, color)
                for name, (_, _, color) in zip(
                    ("overshoots", "diverges"), zones, strict=True
                )
            )
        )
        # Each label where its zone is clear of the curve: at the top for the
        # overshoots (factor below 1), at the bottom for the divergence.
        self.zone_labels[0].next_to(self.zones[0].get_top(), DOWN, buff=0.15)
        self.zone_labels[1].next_to(self.zones[1].get_bottom(), UP, buff=0.15)
        self.one = DashedLine(axes.c2p(0, 1), axes.c2p(end, 1), color=style.MUTED)
        self.dots = VGroup(
            *(
                Dot(axes.c2p(rate, story.factor(rate)), color=style.VERDICT[verdict])
                for _, rate, verdict in self.marked(story)
            )
        )
        self.plot = VGroup(
            self.zones,
            self.one,
            self.limit_line,
            self.limit_label,
            axes,
            self.curve,
            self.dots,
            self.zone_labels,
        )

    @staticmethod
    def marked(story: HighRateStory) -> list[tuple[str, float, Regime]]:
        """The rates marked on the plot, with their letters and verdicts.

        The choices when they are rates, lettered as on the card; otherwise one
        rate per verdict, unlettered.
        """
        if story.choice_rates:
            return [
                (chr(ord("A") + k), rate, verdict)
                for k, (rate, verdict) in enumerate(
                    zip(story.choice_rates, story.choice_verdicts, strict=True)
                )
            ]
        return [("", rate, regime) for regime, rate in story.examples.items()]

    def mark_rates(self, story: HighRateStory) -> VGroup:
        """Each marked rate's dot, with its letter beside it where it is drawn.

        A letter stands clear of every line: preferably up and right of its dot
        where the curve falls (below 1/L), up and left where it rises.
        """
        avoid: list[Mobject] = [
            self.axes,
            self.curve,
            self.one,
            self.limit_line,
            self.limit_label,
            self.zone_labels,
        ]
        marks = VGroup()
        for k, (dot, (letter, rate, verdict)) in enumerate(
            zip(self.dots, self.marked(story), strict=True)
        ):
            if not letter:
                marks.add(dot)
                continue
            label = label_point(
                label_text(letter, style.LABEL_SIZE, style.VERDICT[verdict]),
                dot.get_center(),
                [*avoid, *self.dots[:k], *self.dots[k + 1 :]],
                (UR, DL) if rate * story.L < 1 else (UL, DR),
            )
            avoid.append(label)
            marks.add(VGroup(dot, label))
        return marks
