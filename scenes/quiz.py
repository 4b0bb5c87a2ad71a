"""Chapter 5, the quiz: two questions, each answer backed by mathviz's numbers."""

from __future__ import annotations

import sympy
from manim import *

from mathviz.descent import Regime
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import QuizCard, label_text
from scenes.widgets.layout import place_clear, room_left, stack
from scenes.widgets.motion import glide
from scenes.widgets.plots import bar_chart, span_axes, to_screen, verdicts_legend
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

    def bowl(self, *facts: str, color: ManimColor = style.TEXT) -> MathTex:
        """The bowl the evidence is computed on, ``f(x) = ...``, and ``facts`` (LaTeX)."""
        return MathTex(
            r",\quad ".join((rf"f(x) = {sympy.latex(self.story.function)}", *facts)),
            font_size=style.BODY_SIZE,
            color=color,
        )

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
    """True or false (or which rate): steps to converge against the rate, on the bowl."""

    def setup(self):
        super().setup()
        story = self.story
        self.facts = self.bowl(rf"x_0 = {style.number(story.start)}")
        self.caption = label_text("steps to converge", style.LABEL_SIZE)
        self.rate_label = label_text("learning rate α", style.SMALL_SIZE, style.MUTED)
        self.legend = verdicts_legend(story.regimes)
        texts = VGroup(self.facts, self.caption, self.rate_label, self.legend)
        width, height = self.evidence_room()
        self.chart = bar_chart(
            [steps or 0 for steps in story.steps],
            story.names,
            [style.VERDICT[regime] for regime in story.regimes],
            min(6.0, width - 1.0),
            min(4.0, height - sum(t.height for t in texts) - 5 * 0.25 - 1.0),
        )
        self.counts = VGroup(
            *(
                label_text(
                    count,
                    style.SMALL_SIZE,
                    style.VERDICT[regime] if steps is None else style.TEXT,
                ).next_to(bar, UP, buff=0.1)
                for bar, count, steps, regime in zip(
                    self.chart.bars,
                    story.counts,
                    story.steps,
                    story.regimes,
                    strict=True,
                )
            )
        )
        self.evidence = VGroup(
            self.facts,
            self.caption,
            VGroup(self.chart, self.counts),
            self.rate_label,
            self.legend,
        ).arrange(DOWN, buff=0.25)
        self.lay_out(self.evidence)

    def construct(self):
        self.ask_and_reveal()
        with self.narrate("Count the steps gradient descent needs, rate by rate."):
            chart = self.chart
            self.play(
                FadeIn(self.facts),
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
        with self.narrate(self.story.finding):
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
            self.bowl(
                rf"L = {style.number(story.L)}",
                rf"\tfrac{{2}}{{L}} = {style.number(story.two_over_L)}",
                color=style.ACCENT,
            ),
        )
        self.legend = verdicts_legend(story.choice_verdicts or story.examples)
        width, height = self.evidence_room()
        texts = self.rule.height + self.legend.height + 2 * 0.3
        self.build_plot(story, min(6.0, width - 1.0), min(4.0, height - texts - 0.8))
        self.evidence = VGroup(self.rule, self.plot, self.legend).arrange(
            DOWN, buff=0.3
        )
        self.lay_out(self.evidence)

    def construct(self):
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
        factors = story.factor(story.rates)
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
        self.marks = self.build_marks(story)
        self.plot = VGroup(
            self.zones,
            self.one,
            self.limit_line,
            self.limit_label,
            axes,
            self.curve,
            self.marks,
            self.zone_labels,
        )

    def build_marks(self, story: HighRateStory) -> VGroup:
        """A dot on the curve per marked rate, in its verdict's colour.

        A choice's dot carries the choice's letter, on the side of the dot away
        from the curve: up and right where the curve falls (below 1/L), up and
        left where it rises.
        """
        axes = self.axes
        if story.choice_rates:
            marked = [
                (chr(ord("A") + k), rate, verdict)
                for k, (rate, verdict) in enumerate(
                    zip(story.choice_rates, story.choice_verdicts, strict=True)
                )
            ]
        else:
            marked = [("", rate, regime) for regime, rate in story.examples.items()]
        dots = [
            Dot(axes.c2p(rate, story.factor(rate)), color=style.VERDICT[verdict])
            for _, rate, verdict in marked
        ]
        avoid: list[Mobject] = [
            axes.x_axis,
            axes.y_axis,
            *axes.axis_labels,
            self.one,
            self.limit_line,
            self.limit_label,
            *self.zone_labels,
            *dots,
        ]
        marks = VGroup()
        for dot, (letter, rate, verdict) in zip(dots, marked, strict=True):
            marks.add(dot)
            if letter:
                sides = (UR, DL) if rate * story.L < 1 else (UL, DR)
                label = place_clear(
                    label_text(letter, style.LABEL_SIZE, style.VERDICT[verdict]),
                    dot.get_center(),
                    avoid,
                    sides,
                    buff=0.12,
                )
                avoid.append(label)
                marks.add(label)
        return marks
