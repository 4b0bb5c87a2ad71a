"""Chapter 2, derivatives and partial derivatives."""

from __future__ import annotations

import sympy
from manim import *

from mathviz.storyboard import derivatives as story
from scenes import style
from scenes.base import LectureScene
from scenes.widgets import (
    Readout,
    formula_card,
    label_text,
    line_through,
    plot_axes,
    stack,
)

__all__ = ["SecantToTangent", "TangentSlide"]

LINE_LENGTH = 6.0
"""On-screen length of secant and tangent segments."""


class SecantToTangent(LectureScene):
    """A secant through P and Q = P + h turns into the tangent as h shrinks."""

    def construct(self):
        self.story = data = story.secant_to_tangent()
        self.add(self.make_title("The derivative: slope of the tangent line"))
        self.axes = axes = plot_axes(data.x_range, [data.f], 7.5, 5.0, "x", "f(x)")
        self.h = h = ValueTracker(data.steps[0])
        quotient_tex = r"\frac{f(x_0+h)-f(x_0)}{h}"
        self.readouts = readouts = stack(
            Readout("h", h.get_value, decimals=2, color=style.SECANT),
            Readout(quotient_tex, lambda: data.quotient(h.get_value()), decimals=4),
        )
        limit = formula_card(
            r"f'(x_0) = \lim_{h \to 0}" + quotient_tex + rf"= {data.tangent.slope:.4f}"
        )
        notation = MathTex(
            r"f'(x) = \frac{df}{dx}(x)",
            font_size=style.BODY_SIZE,
            color=style.DERIVATIVE,
        )
        self.layout_panels(axes, stack(readouts, limit, notation, buff=0.5))

        curve = axes.plot(data.f, x_range=data.x_range, color=style.FUNCTION)
        y0 = data.tangent.y0
        point = Dot(axes.c2p(data.x0, y0), color=style.POINT)
        point_label = MathTex("P", font_size=style.LABEL_SIZE).next_to(
            point, UL, buff=0.1
        )
        self.secant = always_redraw(
            lambda: line_through(
                axes,
                data.x0,
                y0,
                data.quotient(h.get_value()),
                LINE_LENGTH,
                color=style.SECANT,
            )
        )
        self.second_point = always_redraw(
            lambda: Dot(
                axes.c2p(data.x0 + h.get_value(), data.f(data.x0 + h.get_value())),
                color=style.SECANT,
            )
        )

        # A point P on the curve.
        with self.narrate("Take a point P on a curve."):
            self.play(Create(axes), Create(curve), run_time=1.5)
            self.play(FadeIn(point, scale=1.5), Write(point_label))
        # The secant through P and Q = P + h.
        with self.narrate(
            "Draw the secant through P and a second point, h further along."
        ):
            self.play(FadeIn(self.second_point), Create(self.secant), FadeIn(readouts))
            self.wait(0.5)
        # h shrinks; the slope settles.
        with self.narrate("As h shrinks, the secant's slope settles on one number."):
            for step in data.steps[1:]:
                self.play(h.animate.set_value(step), run_time=1.5)
                self.wait(0.6)
        # The limit is the tangent's slope: the derivative.
        with self.narrate(
            "That limit is the derivative: the slope of the tangent line."
        ):
            self.tangent = line_through(
                axes,
                data.x0,
                y0,
                data.tangent.slope,
                LINE_LENGTH,
                color=style.slope_color(data.tangent.slope),
                stroke_width=6,
            )
            self.play(
                FadeOut(self.second_point),
                ReplacementTransform(self.secant, self.tangent),
            )
            self.play(FadeIn(limit, shift=0.2 * UP))
            self.play(Write(notation))
            self.wait(1.5)


class TangentSlide(LectureScene):
    """The tangent slides along a cubic while f'(x) is traced point by point below."""

    def construct(self):
        self.story = data = story.tangent_slide()
        self.add(self.make_title("The derivative, point by point"))
        width, height = (7.0, 2.8) if self.is_landscape else (7.0, 3.6)
        self.axes = axes = plot_axes(data.x_range, [data.f], width, height, "x", "f(x)")
        self.slope_axes = slope_axes = plot_axes(
            data.x_range, [data.df], width, height, "x", "f'(x)"
        )
        self.x = x = ValueTracker(data.x_range[0])

        def tangent_at_x():
            line = data.tangent(x.get_value())
            return line_through(
                axes,
                line.x0,
                line.y0,
                line.slope,
                3.0,
                color=style.slope_color(line.slope),
                stroke_width=5,
            )

        self.tangent = always_redraw(tangent_at_x)
        self.point = always_redraw(
            lambda: Dot(
                axes.c2p(x.get_value(), data.f(x.get_value())), color=style.POINT
            )
        )
        self.slope_point = always_redraw(
            lambda: Dot(
                slope_axes.c2p(x.get_value(), data.df(x.get_value())),
                color=style.DERIVATIVE,
            )
        )
        self.trace = TracedPath(
            self.slope_point.get_center, stroke_color=style.DERIVATIVE, stroke_width=4
        )
        readouts = stack(
            Readout("x", x.get_value),
            Readout("f(x)", lambda: data.f(x.get_value()), color=style.FUNCTION),
            Readout("f'(x)", lambda: data.df(x.get_value()), color=style.DERIVATIVE),
        )
        formulas = stack(
            MathTex("f(x) =", sympy.latex(data.function), color=style.FUNCTION),
            MathTex("f'(x) =", sympy.latex(data.derivative), color=style.DERIVATIVE),
        )
        self.formulas = formulas
        plots = VGroup(axes, slope_axes).arrange(DOWN, buff=0.5)
        self.layout_panels(plots, stack(formulas, readouts, buff=0.6))
        curve = axes.plot(data.f, x_range=data.x_range, color=style.FUNCTION)

        # The curve and its point P with the tangent.
        with self.narrate("Slide a point along the curve and keep its tangent."):
            self.play(Create(axes), Create(curve), FadeIn(formulas[0]), run_time=1.5)
            self.play(FadeIn(self.point), Create(self.tangent), FadeIn(readouts))
        # Trace the slope below, stopping where the tangent is flat.
        with self.narrate("Below, plot the tangent's slope at every x: that is f'(x)."):
            self.play(Create(slope_axes), FadeIn(self.slope_point))
            self.add(self.trace)
        for critical in data.critical_points:
            with self.narrate(
                f"The tangent is flat, f'(x) = 0: a local {critical.kind}."
            ):
                self.play(
                    x.animate.set_value(float(critical.x)),
                    run_time=2.5,
                    rate_func=linear,
                )
                self.play(
                    Flash(self.point, color=style.FLAT),
                    FadeIn(self.flat_flag(critical)),
                )
        with self.narrate("The traced curve is the derivative f'(x)."):
            self.play(
                x.animate.set_value(data.x_range[1]), run_time=2.5, rate_func=linear
            )
            self.play(Write(formulas[1]))
            self.wait(1.5)

    def flat_flag(self, critical: CriticalPoint) -> VGroup:
        """A marker at a flat tangent: its kind on the curve, f'(x) = 0 below."""
        x0 = float(critical.x)
        side = UP if critical.kind == "maximum" else DOWN
        return VGroup(
            label_text(critical.kind, style.SMALL_SIZE, style.FLAT).next_to(
                self.axes.c2p(*critical.point), side, buff=0.3
            ),
            Dot(
                self.slope_axes.c2p(x0, self.story.df(x0)), color=style.FLAT, radius=0.1
            ),
        )
