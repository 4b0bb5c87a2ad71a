"""Chapter 1, introduction to optimization: what it is and why machine learning needs it."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import sympy
from manim import *

from mathviz.extrema import CriticalPoint
from scenes import style
from scenes.base import LectureScene
from scenes.widgets import (
    Readout,
    formula_card,
    label_text,
    make_axes,
    plot_axes,
    stack,
)

__all__ = ["WhatIsOptimization", "WhyOptimizationMatters"]


class WhatIsOptimization(LectureScene):
    """Two dots slide to a curve's exact maximum and minimum; max f = -min(-f)."""

    #: For each kind of extremum: the verb shown beside it, its colour, its side.
    GOALS: ClassVar[dict[str, tuple[str, ManimColor, np.ndarray]]] = {
        "maximum": ("maximize", style.RISING, UP),
        "minimum": ("minimize", style.FALLING, DOWN),
    }

    def construct(self):
        data = self.story
        self.add(self.make_title())
        # Room for f and -f.
        self.axes = axes = plot_axes(
            data.x_range,
            [data.f, data.reflected],
            7.0,
            4.0 if self.shape == "square" else 5.5,
        )
        self.goals = {
            point.kind: self.goal_label(point) for point in (data.maximum, data.minimum)
        }
        tagline = label_text("Optimization: making it best", color=style.ACCENT)
        self.formula = function = MathTex(
            "f(x) =", sympy.latex(data.function), color=style.FUNCTION
        )
        self.extrema = extrema = stack(
            MathTex(
                rf"\max f = {sympy.latex(data.maximum.y)}",
                rf"\text{{ at }} x = {sympy.latex(data.maximum.x)}",
                color=self.GOALS["maximum"][1],
            ),
            MathTex(
                rf"\min f = {sympy.latex(data.minimum.y)}",
                rf"\text{{ at }} x = {sympy.latex(data.minimum.x)}",
                color=self.GOALS["minimum"][1],
            ),
        )
        low = data.reflected_minimum.y
        self.reflection = reflection = formula_card(
            r"\max f = -\min(-f)",
            rf"\\ {sympy.latex(data.maximum.y)} = -\left({sympy.latex(low)}\right)",
            font_size=DEFAULT_FONT_SIZE,
        )
        self.layout_panels(
            VGroup(axes, *self.goals.values()),
            stack(tagline, function, extrema, reflection, buff=0.45),
        )
        self.curve = curve = axes.plot(
            data.f, x_range=data.x_range, color=style.FUNCTION
        )

        # "Making it best": the function to optimize.
        with self.narrate("Optimization means making something the best it can be."):
            self.play(FadeIn(tagline, shift=0.2 * DOWN))
            self.play(Create(axes), Create(curve), Write(function), run_time=1.5)
        # Maximize: a dot climbs to the highest point.
        with self.narrate("Maximize: climb to the highest value of f."):
            self.maximizer = self.slide_to(data.maximum, data.x_range[0])
            self.play(FadeIn(extrema[0], shift=0.2 * LEFT))
        # Minimize: a dot descends to the lowest point.
        with self.narrate("Minimize: descend to the lowest value."):
            self.minimizer = self.slide_to(data.minimum, data.x_range[1])
            self.play(FadeIn(extrema[1], shift=0.2 * LEFT))
        # Reflect: maximizing f is minimizing -f.
        with self.narrate("Flip the curve: the maximum of f is the minimum of -f."):
            self.reflected = reflected = axes.plot(
                data.reflected, x_range=data.x_range, color=style.GRADIENT
            )
            self.reflected_dot = Dot(
                axes.c2p(*data.reflected_minimum.point), color=style.RISING
            )
            label = MathTex("-f", color=style.GRADIENT, font_size=style.LABEL_SIZE)
            label.next_to(reflected.get_end(), RIGHT, buff=0.1)
            self.play(TransformFromCopy(curve, reflected), FadeIn(label), run_time=1.5)
            self.play(TransformFromCopy(self.maximizer, self.reflected_dot))
        with self.narrate("So every optimization problem can be written as a minimum."):
            self.play(FadeIn(reflection, shift=0.2 * UP))
            self.wait(2)

    def goal_label(self, target: CriticalPoint) -> Text:
        """The verb beside an extremum: maximize above it, minimize below it."""
        verb, color, side = self.GOALS[target.kind]
        label = label_text(verb, style.LABEL_SIZE, color)
        return label.next_to(self.axes.c2p(*target.point), side, buff=0.25)

    def slide_to(self, target: CriticalPoint, start: float) -> Dot:
        """Slide a dot along the curve from ``start`` to ``target``, then label it."""
        data, axes = self.story, self.axes
        x = ValueTracker(start)
        color = self.GOALS[target.kind][1]
        dot = Dot(axes.c2p(start, data.f(start)), color=color, radius=0.1)
        dot.add_updater(
            lambda d: d.move_to(axes.c2p(x.get_value(), data.f(x.get_value())))
        )
        self.play(FadeIn(dot, scale=1.5), run_time=0.5)
        self.play(x.animate.set_value(float(target.x)), run_time=2)
        dot.clear_updaters()
        self.play(Write(self.goals[target.kind]))
        return dot


class WhyOptimizationMatters(LectureScene):
    """A model's loss falling as its line fits the data; an agent's reward rising."""

    #: Per frame shape: the size of the data and loss plots (stacked, but side by
    #: side in a square) and of the reward plot (as tall as both in landscape).
    SIZES: ClassVar[dict[str, tuple[tuple[float, float], tuple[float, float]]]] = {
        "landscape": ((6.0, 2.6), (6.0, 5.7)),
        "portrait": ((7.0, 2.9), (7.0, 3.2)),
        "square": ((3.4, 2.2), (7.2, 2.4)),
    }

    def construct(self):
        data = self.story
        self.add(self.make_title())
        fit, bandit = data.fit, data.bandit
        plot_size, reward_size = self.SIZES[self.shape]
        self.iteration = iteration = ValueTracker(0)
        self.episode = episode = ValueTracker(1)

        # Model training: the data with the line y = a x + b, the loss per iteration.
        self.data_axes = data_axes = make_axes(
            (0, 2, 0.5), _span(data.data.y, 0), *plot_size
        )
        self.loss_axes = loss_axes = make_axes(
            (0, data.iterations, 10),
            _span(fit.values, 0),
            *plot_size,
            r"\text{iteration}",
            "J",
        )
        self.loss_readouts = loss_readouts = VGroup(
            Readout(r"\text{iteration}", lambda: int(iteration.get_value()), 0),
            Readout("J", lambda: fit.values[int(iteration.get_value())], 3),
        ).arrange(RIGHT, buff=0.6)
        training = VGroup(
            label_text("Model training: minimize the loss", color=style.DERIVATIVE),
            VGroup(data_axes, loss_axes).arrange(
                RIGHT if self.shape == "square" else DOWN, buff=0.5
            ),
            loss_readouts,
        ).arrange(DOWN, buff=0.3)

        # Reinforcement learning: the average reward per episode.
        self.reward_axes = reward_axes = make_axes(
            (0, bandit.episodes, 20),
            (0, 1, 0.25),
            *reward_size,
            r"\text{episode}",
            r"\text{reward}",
        )
        reward_readout = Readout(
            r"\text{average reward}",
            lambda: bandit.smoothed[int(episode.get_value()) - 1],
            2,
        )
        learning = VGroup(
            label_text("Reinforcement learning: maximize reward", color=style.RISING),
            reward_axes,
            reward_readout,
        ).arrange(DOWN, buff=0.3)
        self.layout_panels(training, learning, buff=0.8)

        # What the plots show, placed through their axes once they are laid out.
        scatter = VGroup(
            *(
                Dot(data_axes.c2p(x, y), radius=0.05, color=style.TEXT)
                for x, y in zip(data.data.x, data.data.y, strict=True)
            )
        )
        self.fitted_line = always_redraw(self.fitted_line_now)
        self.loss_curve = self.trace(
            loss_axes, np.arange(data.iterations + 1), fit.values, iteration
        )
        best = bandit.arm_means[bandit.best_arm]
        self.best_line = DashedLine(
            reward_axes.c2p(0, best),
            reward_axes.c2p(bandit.episodes, best),
            color=style.MUTED,
        )
        best_label = label_text("best arm", style.SMALL_SIZE, style.MUTED)
        best_label.next_to(self.best_line, UP, buff=0.1).align_to(
            self.best_line, LEFT
        ).shift(0.2 * RIGHT)
        best_label.scale_to_fit_height(reward_readout.height * 0.6)
        self.reward_curve = self.trace(
            reward_axes, data.episodes, bandit.smoothed, episode
        )

        # Two places machine learning optimizes.
        with self.narrate("Machine learning is optimization, in two familiar forms."):
            self.play(FadeIn(training[0]), FadeIn(learning[0]))
        # Training: gradient descent lowers the loss as the line fits the data.
        with self.narrate(
            "Training a model minimizes its loss: the line fits the data."
        ):
            self.play(Create(data_axes), FadeIn(scatter), Create(loss_axes))
            self.play(Create(self.fitted_line), FadeIn(loss_readouts))
            self.add(self.loss_curve)
            self.play(
                iteration.animate.set_value(data.iterations),
                run_time=4,
                rate_func=linear,
            )
            # Frozen from here: a mobject that updates makes every later one redraw.
            VGroup(self.fitted_line, self.loss_curve, loss_readouts).clear_updaters()
        # Reinforcement learning: the agent's average reward rises.
        with self.narrate("A learning agent maximizes its reward, episode by episode."):
            self.play(Create(reward_axes), Create(self.best_line), FadeIn(best_label))
            self.add(self.reward_curve)
            self.play(FadeIn(reward_readout))
            self.play(
                episode.animate.set_value(bandit.episodes),
                run_time=4,
                rate_func=linear,
            )
            VGroup(self.reward_curve, reward_readout).clear_updaters()
        with self.narrate("Minimize a loss, maximize a reward: both are optimization."):
            # (a frame around each heading: much cheaper than Indicate's copies)
            self.play(
                Circumscribe(training[0], color=style.ACCENT),
                Circumscribe(learning[0], color=style.ACCENT),
            )
            self.wait(1.5)

    def fitted_line_now(self) -> Line:
        """The line y = a x + b at the current (fractional) iteration."""
        axes = self.data_axes
        a, b = _at(self.story.fit.points, self.iteration.get_value())
        x0, x1 = axes.x_range[:2]
        return Line(
            axes.c2p(x0, a * x0 + b),
            axes.c2p(x1, a * x1 + b),
            color=style.FUNCTION,
            stroke_width=5,
        )

    @staticmethod
    def trace(
        axes: Axes, xs: np.ndarray, ys: np.ndarray, until: ValueTracker
    ) -> VMobject:
        """The polyline through ``(xs, ys)``, drawn from ``xs[0]`` up to ``until``."""
        curve = axes.plot_line_graph(
            xs, ys, add_vertex_dots=False, line_color=style.ACCENT, stroke_width=4
        )["line_graph"]
        drawn = curve.copy()
        span = xs[-1] - xs[0]
        drawn.add_updater(
            lambda d: d.pointwise_become_partial(
                curve, 0, (until.get_value() - xs[0]) / span
            ),
            call_updater=True,
        )
        return drawn


def _span(values: np.ndarray, include: float) -> tuple[float, float, float]:
    """An axis range of whole numbers covering ``values`` and ``include``."""
    return (
        min(np.floor(values.min()), include),
        max(np.ceil(values.max()), include),
        1,
    )


def _at(series: np.ndarray, k: float) -> np.ndarray:
    """``series`` at a fractional index, linear between its entries."""
    low = min(int(k), len(series) - 2)
    return series[low] + (k - low) * (series[low + 1] - series[low])
