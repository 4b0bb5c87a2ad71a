"""Chapter 1, introduction to optimization: what it is and why machine learning needs it."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import sympy
from manim import *

from mathviz.extrema import CriticalPoint
from mathviz.paths import along
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import formula_card, label_text, paragraph
from scenes.widgets.ink import Ink
from scenes.widgets.labels import PointLabel, label_point, place_beside
from scenes.widgets.layout import faint, room_left, stack
from scenes.widgets.plots import (
    Walk,
    clear_axes,
    path_line,
    plot_axes,
    scalar,
    span_axes,
    to_screen,
    trail_line,
)
from scenes.widgets.readouts import Readout
from storyboard.intro import OptimizationStory, WhyStory

__all__ = ["WhatIsOptimization", "WhyOptimizationMatters"]


class WhatIsOptimization(LectureScene[OptimizationStory]):
    """Two dots slide to a curve's exact maximum and minimum; max f = -min(-f)."""

    @property
    def goal_marks(self) -> dict[str, tuple[str, ManimColor, np.ndarray]]:
        """For each kind of extremum: the verb shown beside it, its colour, its side."""
        return {
            "maximum": ("maximize", style.RISING, UP),
            "minimum": ("minimize", style.FALLING, DOWN),
        }

    TEX_SIZE: ClassVar[dict[str, float]] = {
        "landscape": DEFAULT_FONT_SIZE,
        "portrait": DEFAULT_FONT_SIZE,
        "square": style.BODY_SIZE,
    }
    """Size of the formulas beside the plot."""
    PLOT_SIZE = (8.0, 6.0)
    """The plot's largest width and height."""
    GAP = 0.5
    """Between the plot and the text."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        title = self.make_title()
        self.add(title)
        self.tagline = label_text("Optimization: making it best", color=style.ACCENT)
        self.formula = MathTex(
            "f(x) =",
            sympy.latex(story.function),
            color=style.FUNCTION,
            font_size=self.TEX_SIZE[self.shape],
        )
        self.extrema = stack(
            *(self.extremum(p) for p in (story.maximum, story.minimum))
        )
        self.reflection = formula_card(
            r"\max f = -\min(-f)",
            rf"\\ {sympy.latex(story.maximum.y)} = "
            rf"-\left({sympy.latex(story.reflected_minimum.y)}\right)",
            font_size=self.TEX_SIZE[self.shape],
        )
        if self.shape == "square":  # two columns under the plot
            text = VGroup(
                stack(self.tagline, self.formula, self.extrema, buff=0.3),
                self.reflection,
            ).arrange(RIGHT, buff=0.4, aligned_edge=UP)
        else:
            text = stack(
                self.tagline, self.formula, self.extrema, self.reflection, buff=0.45
            )
        # The plot takes the room first, with room for f and -f.
        width, height = room_left(self, text, buff=self.GAP)
        self.axes = plot_axes(
            story.x_range,
            [story.f, story.reflected],
            min(width, self.PLOT_SIZE[0]),
            min(height, self.PLOT_SIZE[1]),
        )
        self.layout_panels(self.axes, text, buff=self.GAP)
        self.curve = self.axes.plot(
            scalar(story.f), x_range=story.x_range, color=style.FUNCTION
        )
        self.reflected = self.axes.plot(
            scalar(story.reflected), x_range=story.x_range, color=style.GRADIENT
        )
        clear_axes(self.axes, self.curve, self.reflected)
        self.reflected_label = MathTex(
            "-f", color=style.GRADIENT, font_size=style.LABEL_SIZE
        )
        drawn = [title, self.axes, self.curve, self.reflected]
        place_beside(
            self.reflected_label,
            self.reflected.get_end(),
            Ink.of(drawn),
            (RIGHT, UR, DR, UL, DL),
        )
        self.goals: dict[str, PointLabel] = {}
        for point in (story.maximum, story.minimum):
            self.goals[point.kind] = self.goal_label(
                point, [*drawn, self.reflected_label, *self.goals.values()]
            )
        clear_axes(self.axes, self.curve, self.reflected, *self.goals.values())

    def construct(self) -> None:
        story = self.story
        # "Making it best": the function to optimize.
        with self.narrate("Optimization means making something the best it can be."):
            self.play(FadeIn(self.tagline, shift=0.2 * DOWN))
            self.play(
                Create(self.axes), Create(self.curve), Write(self.formula), run_time=1.5
            )
        # Maximize: a dot climbs to the highest point.
        with self.narrate("Maximize: climb to the highest value of f."):
            self.maximizer = self.slide_to(story.maximum, story.x_range[0])
            self.play(FadeIn(self.extrema[0], shift=0.2 * LEFT))
        # Minimize: a dot descends to the lowest point.
        with self.narrate("Minimize: descend to the lowest value."):
            self.minimizer = self.slide_to(story.minimum, story.x_range[1])
            self.play(FadeIn(self.extrema[1], shift=0.2 * LEFT))
        # Reflect: maximizing f is minimizing -f.
        with self.narrate("Flip the curve: the maximum of f is the minimum of -f."):
            self.reflected_dot = Dot(
                self.axes.c2p(*story.reflected_minimum.point), color=style.RISING
            )
            self.play(
                TransformFromCopy(self.curve, self.reflected),
                FadeIn(self.reflected_label),
                run_time=1.5,
            )
            self.play(TransformFromCopy(self.maximizer, self.reflected_dot))
        with self.narrate("So every optimization problem can be written as a minimum."):
            self.play(FadeIn(self.reflection, shift=0.2 * UP))
            self.wait(2)

    def extremum(self, point: CriticalPoint) -> MathTex:
        """``max f = 7 at x = 1``, in the extremum's colour."""
        name = r"\max" if point.kind == "maximum" else r"\min"
        return MathTex(
            rf"{name} f = {sympy.latex(point.y)}",
            rf"\text{{ at }} x = {sympy.latex(point.x)}",
            color=self.goal_marks[point.kind][1],
            font_size=self.TEX_SIZE[self.shape],
        )

    def goal_label(self, target: CriticalPoint, drawn: list[Mobject]) -> PointLabel:
        """The verb beside an extremum, clear of what is drawn: above a maximum."""
        verb, color, side = self.goal_marks[target.kind]
        return label_point(
            label_text(verb, style.LABEL_SIZE, color),
            self.axes.c2p(*target.point),
            drawn,
            sides=(side, side + RIGHT, side + LEFT),
        )

    def slide_to(self, target: CriticalPoint, start: float) -> Dot:
        """Slide a dot along the curve from ``start`` to ``target``, then label it."""
        f, axes = self.story.f, self.axes
        x = ValueTracker(start)
        dot = Dot(
            axes.c2p(start, f(start)), color=self.goal_marks[target.kind][1], radius=0.1
        )
        dot.add_updater(lambda d: d.move_to(axes.c2p(x.get_value(), f(x.get_value()))))
        self.play(FadeIn(dot, scale=1.5), run_time=0.5)
        self.play(x.animate.set_value(float(target.x)), run_time=2)
        dot.clear_updaters()
        self.play(Write(self.goals[target.kind]))
        return dot


class WhyOptimizationMatters(LectureScene[WhyStory]):
    """A model's loss falling as its line fits the data; an agent's reward rising."""

    GAP = 0.3
    """Between a panel's heading, plots and readouts."""
    PANEL_GAP = 0.8
    """Between the two panels."""
    TRAINING_SHARE = 0.58
    """The training panel's share of the width, side by side (it holds two plots)."""

    def setup(self) -> None:
        super().setup()
        self.add(self.make_title())
        self.iteration = ValueTracker(0)
        self.episode = ValueTracker(1)
        self.build_text()
        self.build_plots()
        plots = VGroup(self.data_axes, self.loss_axes).arrange(
            RIGHT if self.is_landscape else DOWN, buff=self.GAP
        )
        self.training = VGroup(self.headings[0], plots, self.loss_readouts).arrange(
            DOWN, buff=self.GAP
        )
        self.learning = VGroup(
            self.headings[1], self.reward_axes, self.reward_readout
        ).arrange(DOWN, buff=self.GAP)
        panels = VGroup(self.training, self.learning)
        if self.shape == "portrait":
            panels.arrange(DOWN, buff=self.PANEL_GAP)
        else:
            panels.arrange(RIGHT, buff=self.PANEL_GAP, aligned_edge=UP)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.build_curves()

    def construct(self) -> None:
        story = self.story
        # Two places machine learning optimizes.
        with self.narrate("Machine learning is optimization, in two familiar forms."):
            self.play(*map(FadeIn, self.headings))
        # Training: gradient descent lowers the loss as the line fits the data.
        with self.narrate(
            "Training a model minimizes its loss: the line fits the data."
        ):
            self.play(
                Create(self.data_axes), FadeIn(self.scatter), Create(self.loss_axes)
            )
            self.play(Create(self.fitted_line), FadeIn(self.loss_readouts))
            self.add(self.loss_curve)
            self.play(
                self.iteration.animate.set_value(story.iterations),
                run_time=4,
                rate_func=linear,
            )
            # Frozen from here: a mobject that updates makes every later one redraw.
            VGroup(
                self.fitted_line, self.loss_curve, self.loss_readouts
            ).clear_updaters()
        # Reinforcement learning: the agent's expected reward rises.
        with self.narrate("A learning agent maximizes its reward, episode by episode."):
            self.play(
                Create(self.reward_axes),
                Create(self.best_line),
                FadeIn(self.best_label),
            )
            self.add(self.sampled_curve, self.reward_curve)
            self.play(FadeIn(self.reward_readout))
            self.play(
                self.episode.animate.set_value(story.bandit.episodes),
                run_time=4,
                rate_func=linear,
            )
            VGroup(
                self.sampled_curve, self.reward_curve, self.reward_readout
            ).clear_updaters()
        with self.narrate("Minimize a loss, maximize a reward: both are optimization."):
            # (a frame around each heading: much cheaper than Indicate's copies)
            self.play(
                *(
                    Circumscribe(heading, color=style.ACCENT)
                    for heading in self.headings
                ),
            )
            self.wait(1.5)

    def build_text(self) -> None:
        """The panels' headings and readouts (they keep their size; plots take the rest)."""
        story, bandit = self.story, self.story.bandit
        self.headings = [
            paragraph(*lines, color=color, alignment="center")
            for lines, color in (
                (("Model training", "minimize the loss"), style.DERIVATIVE),
                (("Reinforcement learning", "maximize reward"), style.RISING),
            )
        ]
        for heading, width in zip(self.headings, self.column_widths(), strict=True):
            heading.scale(min(1.0, width / heading.width))
        # Lambdas of the trackers, not of the scene: animations deep-copy readouts.
        iteration, episode, values = self.iteration, self.episode, story.fit.values
        self.loss_readouts = VGroup(
            Readout(r"\text{iteration}", lambda: int(iteration.get_value()), 0),
            Readout("J", lambda: values[int(iteration.get_value())], 3),
        ).arrange(RIGHT, buff=0.6)
        self.reward_readout = Readout(
            r"\text{expected reward}",
            lambda: bandit.expected_rewards[int(episode.get_value()) - 1],
            2,
        )
        for readout, width in zip(
            (self.loss_readouts, self.reward_readout), self.column_widths(), strict=True
        ):
            readout.scale(min(1.0, width / readout.width))

    def column_widths(self) -> tuple[float, float]:
        """The widths of the training and the learning panels."""
        width, _ = self.content_size()
        if self.shape == "portrait":
            return width, width
        shared = width - self.PANEL_GAP
        training = self.TRAINING_SHARE if self.is_landscape else 0.5
        return training * shared, (1 - training) * shared

    def build_plots(self) -> None:
        """The data, loss and reward plots, sized to the room the text leaves."""
        story, bandit = self.story, self.story.bandit
        _, height = self.content_size()
        training, learning = self.column_widths()
        words = (
            self.headings[0].height + self.loss_readouts.height,
            self.headings[1].height + self.reward_readout.height,
        )
        if self.shape == "portrait":  # the three plots stacked
            free = height - sum(words) - self.PANEL_GAP - 5 * self.GAP
            data = loss = (training, free / 3)
            reward = (learning, free / 3)
        else:  # two columns; data and loss side by side in landscape, stacked in a square
            free = height - max(words) - 2 * self.GAP
            data = loss = (
                ((training - self.GAP) / 2, free)
                if self.is_landscape
                else (training, (free - self.GAP) / 2)
            )
            reward = (learning, height - words[1] - 2 * self.GAP)
        self.data_axes = span_axes(
            (0, 2), (min(story.data.y.min(), 0), story.data.y.max()), *data
        )
        self.loss_axes = span_axes(
            (0, story.iterations),
            (0, story.fit.values.max()),
            *loss,
            r"\text{iteration}",
            "J",
        )
        self.reward_axes = span_axes(
            (0, bandit.episodes),
            (0, 1),
            *reward,
            r"\text{episode}",
            r"\text{reward}",
        )

    def build_curves(self) -> None:
        """What the plots show, placed through their axes once they are laid out."""
        story, bandit = self.story, self.story.bandit
        self.scatter = VGroup(
            *(
                Dot(point, radius=0.05, color=style.TEXT)
                for point in to_screen(
                    self.data_axes, np.column_stack([story.data.x, story.data.y])
                )
            )
        )
        self.fitted_line = always_redraw(self.fitted_line_now)
        losses = np.column_stack([np.arange(story.iterations + 1), story.fit.values])
        self.loss_curve = trail_line(
            self.loss_axes,
            Walk(losses, self.iteration),
            stroke_color=style.ACCENT,
            stroke_width=4,
        )
        # The policy's expected reward (exact, never above the best arm), with the
        # sampled running average faint behind it.
        episodes = story.episodes
        expected = np.column_stack([episodes, bandit.expected_rewards[:-1]])
        sampled = np.column_stack([episodes, bandit.smoothed])
        self.reward_curve = trail_line(
            self.reward_axes,
            Walk(expected, self.episode, origin=1),
            stroke_color=style.ACCENT,
            stroke_width=4,
        )
        self.sampled_curve = trail_line(
            self.reward_axes,
            Walk(sampled, self.episode, origin=1),
            stroke_color=style.MUTED,
            stroke_width=2,
            stroke_opacity=0.5,
        )
        faint(self.sampled_curve)
        best = bandit.arm_means[bandit.best_arm]
        self.best_line = DashedLine(
            self.reward_axes.c2p(0, best),
            self.reward_axes.c2p(bandit.episodes, best),
            color=style.MUTED,
        )
        # What the plots hold once the trails are drawn, to keep their texts clear.
        rewards = [self.best_line, path_line(self.reward_axes, expected)]
        clear_axes(self.data_axes, self.scatter)
        clear_axes(self.loss_axes, path_line(self.loss_axes, losses))
        clear_axes(self.reward_axes, *rewards)
        self.best_label = label_text("best arm", style.SMALL_SIZE, style.MUTED)
        place_beside(
            self.best_label,
            self.best_line.get_end(),
            Ink.of([self.reward_axes, *rewards]),
            (UL, DL, UP, DOWN),
        )

    def fitted_line_now(self) -> Line:
        """The line y = a x + b at the current (fractional) iteration."""
        axes = self.data_axes
        a, b = along(self.story.fit.points, self.iteration.get_value())
        x0, x1 = axes.x_range[:2]
        return Line(
            axes.c2p(x0, a * x0 + b),
            axes.c2p(x1, a * x1 + b),
            color=style.FUNCTION,
            stroke_width=5,
        )
