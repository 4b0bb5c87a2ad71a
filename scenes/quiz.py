"""Chapter 5, the quiz: the slides' two questions, each answered by mathviz's numbers."""

from __future__ import annotations

import numpy as np
from manim import *

from mathviz.descent import Regime
from scenes import style
from scenes.base import LectureScene
from scenes.widgets.cards import QuizCard, label_text
from scenes.widgets.layout import stack
from scenes.widgets.motion import UpdateInPlace
from scenes.widgets.plots import make_axes
from storyboard.quiz import HighRateStory

__all__ = ["QuizHighLearningRate", "QuizSlowConvergence"]

REGIME_COLORS = {
    Regime.TOO_SMALL: style.SECANT,
    Regime.GOOD: style.RISING,
    Regime.OSCILLATING: style.ACCENT,
    Regime.DIVERGING: style.FALLING,
}
"""What each verdict of mathviz on a learning rate is drawn in."""

SECONDS = 5
"""Length of the countdown."""


def legend(regimes) -> VGroup:
    """A row of coloured squares naming mathviz's verdicts."""
    return VGroup(
        *(
            VGroup(
                Square(
                    0.22, fill_color=REGIME_COLORS[r], fill_opacity=1, stroke_width=0
                ),
                label_text(r.value, style.SMALL_SIZE, REGIME_COLORS[r]),
            ).arrange(RIGHT, buff=0.12)
            for r in dict.fromkeys(regimes)
        )
    ).arrange(RIGHT, buff=0.4)


def glide(mobject: Mobject, target: np.ndarray) -> Animation:
    """Move ``mobject``'s centre to ``target`` in place (``.animate`` would copy it)."""
    start = mobject.get_center()
    return UpdateInPlace(
        mobject, lambda m, alpha: m.move_to(start + alpha * (target - start))
    )


class QuizScene(LectureScene):
    """A quiz question: the card, the countdown, the reveal, then the evidence."""

    def ask_and_reveal(
        self, card: QuizCard, question: str, answer: int, reveal: str
    ) -> None:
        """Ask ``question`` on ``card``, count down, reveal choice ``answer``, say ``reveal``.

        The card waits in the middle of the frame, then moves to its laid-out place.
        """
        place = card.get_center()
        card.move_to(self.content_center())
        with self.narrate(f"Quiz time. {question}"):
            self.play(card.ask(), run_time=2)
        with self.narrate("Think about it."):
            self.play(card.run())
        with self.narrate(reveal):
            self.play(card.reveal(answer))
            self.wait(0.5)
            self.play(glide(card, place))

    def card_width(self) -> float:
        """The card's width: half the frame in landscape, the full width otherwise."""
        width, _ = self.content_size()
        return 6.0 if self.is_landscape else width


class QuizSlowConvergence(QuizScene):
    """True or false: a too small rate converges slowly; steps against the rate."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        self.card = card = QuizCard(
            data.question, data.choices, SECONDS, self.card_width()
        )
        top = 200 * np.ceil(max(data.steps) / 200)
        self.chart = chart = BarChart(
            list(data.steps),
            bar_names=[f"{rate:g}" for rate in data.rates],
            y_range=[0, top, 200],
            x_length=6,
            y_length=4,
            bar_colors=[REGIME_COLORS[regime] for regime in data.regimes],
            bar_fill_opacity=0.8,
            axis_config={"color": style.MUTED, "font_size": style.SMALL_SIZE},
        )
        self.counts = VGroup(
            *(
                label_text(str(steps), style.SMALL_SIZE).next_to(bar, UP, buff=0.1)
                for bar, steps in zip(chart.bars, data.steps, strict=True)
            )
        )
        caption = label_text("steps to converge", style.LABEL_SIZE)
        rate_label = label_text("learning rate α", style.SMALL_SIZE, style.MUTED)
        evidence = VGroup(
            caption,
            VGroup(chart, self.counts),
            rate_label,
            legend(data.regimes),
        ).arrange(DOWN, buff=0.25)
        self.layout_panels(card, evidence)

        self.ask_and_reveal(
            card,
            data.question,
            data.answer,
            f"The answer: {data.choices[data.answer]}.",
        )
        # The evidence: steps to converge for each learning rate.
        with self.narrate("Count the steps gradient descent needs, rate by rate."):
            self.play(
                Create(VGroup(chart.x_axis, chart.y_axis)),
                FadeIn(caption),
                FadeIn(rate_label),
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
            self.play(FadeIn(evidence[-1]))
            self.wait(2)


class QuizHighLearningRate(QuizScene):
    """What a too high rate does: each step's factor |1 - L rate| and the 2/L limit."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        self.card = card = QuizCard(
            data.question, data.choices, SECONDS, self.card_width()
        )
        rule = MathTex(
            r"|x_{k+1} - x^*| = |1 - L\alpha|\,|x_k - x^*|",
            font_size=style.BODY_SIZE,
        )
        values = MathTex(
            rf"L = {style.number(data.curvature)},\quad "
            rf"\tfrac{{2}}{{L}} = {style.number(data.limit)}",
            font_size=style.BODY_SIZE,
            color=style.ACCENT,
        )
        plot = self.factor_plot(data)
        examples = legend(data.examples)
        evidence = VGroup(stack(rule, values), plot, examples).arrange(DOWN, buff=0.3)
        self.layout_panels(card, evidence)
        regions, one, limit_line, _, curve, dots, region_labels = plot

        self.ask_and_reveal(
            card,
            data.question,
            data.answer,
            f"The answer: {data.choices[data.answer]}.",
        )
        # Each step multiplies the distance to the minimum by |1 - L alpha|.
        with self.narrate(
            "On a parabola, each step multiplies the distance to the minimum"
            " by |1 - L alpha|."
        ):
            self.play(FadeIn(evidence[0]), Create(self.axes))
            self.play(Create(curve), Create(one), run_time=1.5)
        # Past 1/L it overshoots; past 2/L the distance grows.
        with self.narrate(
            "Past 1/L it jumps over the minimum;"
            " past 2/L every step takes it further away."
        ):
            self.play(FadeIn(regions), FadeIn(region_labels), Create(limit_line))
            self.play(LaggedStart(*map(FadeIn, dots), lag_ratio=0.3), FadeIn(examples))
            self.wait(2)

    def factor_plot(self, data: HighRateStory) -> VGroup:
        """The per-step factor against the rate, with the overshoot and divergence zones.

        Parts: zones, the line "factor 1", the 2/L line, axes, curve, example dots
        (one per verdict), zone labels.
        """
        self.axes = axes = make_axes(
            (0, data.rates[-1], data.limit / 2),
            (0, 2, 0.5),
            6,
            4,
            r"\alpha",
            r"|1 - L\alpha|",
        )
        self.curve = axes.plot_line_graph(
            data.rates,
            data.factor(data.rates),
            line_color=style.TEXT,
            add_vertex_dots=False,
            stroke_width=4,
        )
        self.limit_line = DashedLine(
            axes.c2p(data.limit, 0), axes.c2p(data.limit, 2), color=style.FALLING
        )
        zones = VGroup(
            *(
                Polygon(
                    *axes.c2p([[start, 0], [stop, 0], [stop, 2], [start, 2]]),
                    stroke_width=0,
                    fill_color=color,
                    fill_opacity=0.15,
                )
                for start, stop, color in (
                    (data.limit / 2, data.limit, style.ACCENT),
                    (data.limit, data.rates[-1], style.FALLING),
                )
            )
        )
        labels = VGroup(
            label_text("overshoots", style.SMALL_SIZE, style.ACCENT),
            label_text("diverges", style.SMALL_SIZE, style.FALLING),
        )
        # Each label where its zone is clear of the curve: above 1 for the
        # overshoots (factor below 1), below 1 for the divergence.
        labels[0].next_to(zones[0].get_top(), DOWN, buff=0.15)
        labels[1].next_to(zones[1].get_bottom(), UP, buff=0.15)
        self.dots = VGroup(
            *(
                Dot(axes.c2p(rate, data.factor(rate)), color=REGIME_COLORS[regime])
                for regime, rate in data.examples.items()
            )
        )
        one = DashedLine(axes.c2p(0, 1), axes.c2p(data.rates[-1], 1), color=style.MUTED)
        return VGroup(zones, one, self.limit_line, axes, self.curve, self.dots, labels)
