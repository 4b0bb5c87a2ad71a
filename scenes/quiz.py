"""Chapter 5, the quiz: two questions, each answer backed by mathviz's numbers."""

from __future__ import annotations

import numpy as np
from manim import *

from mathviz.descent import Regime
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import QuizCard, label_text
from scenes.widgets.layout import room_left, stack
from scenes.widgets.motion import glide
from scenes.widgets.plots import make_axes, to_screen, verdicts_legend
from storyboard.quiz import HighRateStory

__all__ = ["QuizHighLearningRate", "QuizSlowConvergence"]


class QuizScene(LectureScene):
    """A quiz question: the card, the countdown, the reveal, then the evidence.

    The card waits in the middle of the frame; after the reveal it moves to its place
    beside (or above) the evidence, or, in a square, makes room for it.
    """

    SECONDS = 5
    """Length of the countdown."""
    GAP = 0.5

    def setup(self):
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

    def ask_and_reveal(self) -> None:
        """Ask the question, count down, reveal the answer."""
        story, card = self.story, self.card
        place = card.get_center()
        card.move_to(self.content_center())
        with self.narrate(f"Quiz time. {story.question}"):
            self.play(card.ask(), run_time=2)
        with self.narrate("Think about it."):
            self.play(card.run())
        with self.narrate(f"The answer: {story.choices[story.answer]}."):
            self.play(card.reveal(story.answer))
            self.wait(0.5)
            self.play(card.put_away() if self.shape == "square" else glide(card, place))

    def evidence_room(self) -> tuple[float, float]:
        """The room the evidence has: beside or under the card; all of it in a square."""
        if self.shape == "square":
            return self.content_size()
        return room_left(self, self.card, buff=self.GAP)

    def lay_out(self, evidence: Mobject) -> None:
        """The card and the evidence as panels; in a square the evidence alone."""
        if self.shape == "square":
            fit_within(evidence, *self.content_size()).move_to(self.content_center())
        else:
            self.layout_panels(self.card, evidence, buff=self.GAP)


class QuizSlowConvergence(QuizScene):
    """True or false: a too small rate converges slowly; steps against the rate."""

    def setup(self):
        super().setup()
        story = self.story
        self.caption = label_text("steps to converge", style.LABEL_SIZE)
        self.rate_label = label_text("learning rate α", style.SMALL_SIZE, style.MUTED)
        self.legend = verdicts_legend(story.regimes)
        texts = self.caption.height + self.rate_label.height + self.legend.height
        width, height = self.evidence_room()
        top = float(np.ceil(max(story.steps) / 200) * 200)
        self.chart = BarChart(
            list(story.steps),
            bar_names=[f"{rate:g}" for rate in story.rates],
            y_range=[0, top, top / 4],
            x_length=min(6.0, width - 1.0),
            y_length=min(4.0, height - texts - 4 * 0.25 - 1.0),
            bar_colors=[style.VERDICT[regime] for regime in story.regimes],
            bar_fill_opacity=0.8,
            axis_config={"color": style.MUTED, "font_size": style.SMALL_SIZE},
        )
        self.counts = VGroup(
            *(
                label_text(str(steps), style.SMALL_SIZE).next_to(bar, UP, buff=0.1)
                for bar, steps in zip(self.chart.bars, story.steps, strict=True)
            )
        )
        self.evidence = VGroup(
            self.caption, VGroup(self.chart, self.counts), self.rate_label, self.legend
        ).arrange(DOWN, buff=0.25)
        self.lay_out(self.evidence)

    def construct(self):
        self.ask_and_reveal()
        # The evidence: steps to converge for each learning rate.
        with self.narrate("Count the steps gradient descent needs, rate by rate."):
            chart = self.chart
            self.play(
                Create(VGroup(chart.x_axis, chart.y_axis)),
                FadeIn(self.caption),
                FadeIn(self.rate_label),
            )
            self.play(
                LaggedStart(
                    *(
                        AnimationGroup(GrowFromEdge(bar, DOWN), FadeIn(count))
                        for bar, count in zip(chart.bars, self.counts, strict=True)
                    ),
                    lag_ratio=0.4,
                ),
                run_time=3,
            )
        with self.narrate("The smaller the learning rate, the more steps it needs."):
            self.play(FadeIn(self.legend))
            self.wait(2)


class QuizHighLearningRate(QuizScene):
    """What a too high rate does: each step's factor |1 - L rate| and the 2/L limit."""

    def setup(self):
        super().setup()
        story = self.story
        self.rule = stack(
            MathTex(
                r"|x_{k+1} - x^*| = |1 - L\alpha|\,|x_k - x^*|",
                font_size=style.BODY_SIZE,
            ),
            MathTex(
                rf"L = {style.number(story.curvature)},\quad "
                rf"\tfrac{{2}}{{L}} = {style.number(story.limit)}",
                font_size=style.BODY_SIZE,
                color=style.ACCENT,
            ),
        )
        self.legend = verdicts_legend(story.examples)
        width, height = self.evidence_room()
        texts = self.rule.height + self.legend.height + 2 * 0.3
        self.build_plot(story, min(6.0, width - 1.0), min(4.0, height - texts - 0.8))
        self.evidence = VGroup(self.rule, self.plot, self.legend).arrange(
            DOWN, buff=0.3
        )
        self.lay_out(self.evidence)

    def construct(self):
        self.ask_and_reveal()
        # Each step multiplies the distance to the minimum by |1 - L alpha|.
        with self.narrate(
            "On a parabola, each step multiplies the distance to the minimum"
            " by |1 - L alpha|."
        ):
            self.play(FadeIn(self.rule), Create(self.axes))
            self.play(Create(self.curve), Create(self.one), run_time=1.5)
        # Past 1/L it overshoots; past 2/L the distance grows.
        with self.narrate(
            "Past 1/L it jumps over the minimum;"
            " past 2/L every step takes it further away."
        ):
            self.play(
                FadeIn(self.zones), FadeIn(self.zone_labels), Create(self.limit_line)
            )
            self.play(
                LaggedStart(*map(FadeIn, self.dots), lag_ratio=0.3), FadeIn(self.legend)
            )
            self.wait(2)

    def build_plot(self, story: HighRateStory, width: float, height: float) -> None:
        """The per-step factor against the rate, with the overshoot and divergence zones."""
        self.axes = axes = make_axes(
            (0, story.rates[-1], story.limit / 2),
            (0, 2, 0.5),
            width,
            height,
            r"\alpha",
            r"|1 - L\alpha|",
        )
        self.curve = axes.plot_line_graph(
            story.rates,
            story.factor(story.rates),
            line_color=style.TEXT,
            add_vertex_dots=False,
            stroke_width=4,
        )
        self.limit_line = DashedLine(
            axes.c2p(story.limit, 0), axes.c2p(story.limit, 2), color=style.FALLING
        )
        zones = (
            (story.limit / 2, story.limit, style.VERDICT[Regime.OSCILLATING]),
            (story.limit, story.rates[-1], style.VERDICT[Regime.DIVERGING]),
        )
        self.zones = VGroup(
            *(
                Polygon(
                    *to_screen(axes, [[start, 0], [stop, 0], [stop, 2], [start, 2]]),
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
        # Each label where its zone is clear of the curve: above 1 for the
        # overshoots (factor below 1), below 1 for the divergence.
        self.zone_labels[0].next_to(self.zones[0].get_top(), DOWN, buff=0.15)
        self.zone_labels[1].next_to(self.zones[1].get_bottom(), UP, buff=0.15)
        self.dots = VGroup(
            *(
                Dot(axes.c2p(rate, story.factor(rate)), color=style.VERDICT[regime])
                for regime, rate in story.examples.items()
            )
        )
        self.one = DashedLine(
            axes.c2p(0, 1), axes.c2p(story.rates[-1], 1), color=style.MUTED
        )
        self.plot = VGroup(
            self.zones,
            self.one,
            self.limit_line,
            axes,
            self.curve,
            self.dots,
            self.zone_labels,
        )
