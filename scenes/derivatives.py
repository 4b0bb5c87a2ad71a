"""Chapter 2, derivatives and partial derivatives."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy
from manim import *

from mathviz.calculus import numeric
from scenes import style
from scenes.base import LectureScene, LectureThreeDScene
from scenes.widgets import (
    QuizCard,
    Readout,
    formula_card,
    label_text,
    line_through,
    plot_axes,
    stack,
)
from storyboard.derivatives import VARIABLES, TermByTerm, TermStep

__all__ = [
    "PartialDerivativeExercise",
    "PartialDerivatives",
    "SecantToTangent",
    "TangentSlide",
]

LINE_LENGTH = 6.0
"""On-screen length of secant and tangent segments."""


class SecantToTangent(LectureScene):
    """A secant through P and Q = P + h turns into the tangent as h shrinks."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
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
        data = self.story
        self.add(self.make_title())
        width, height = (7.0, 2.8) if self.is_landscape else (7.0, 3.6)
        self.axes = axes = plot_axes(data.x_range, [data.f], width, height, "x", "f(x)")
        self.slope_axes = slope_axes = plot_axes(
            data.x_range, [data.df], width, height, "x", "f'(x)"
        )
        self.x = x = ValueTracker(data.x_range[0])

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

        # What moves with x, built after the layout: animations pause updaters.
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
                if critical.kind != "neither"
                else "The tangent is flat, f'(x) = 0, yet f keeps going the same way."
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
        kind = "flat" if critical.kind == "neither" else critical.kind
        return VGroup(
            label_text(kind, style.SMALL_SIZE, style.FLAT).next_to(
                self.axes.c2p(*critical.point), side, buff=0.3
            ),
            Dot(
                self.slope_axes.c2p(x0, self.story.df(x0)), color=style.FLAT, radius=0.1
            ),
        )


#: Colours of what belongs to df/dx (the plane y = y0) and to df/dy (x = x0).
SLICE_COLORS = (style.SECANT, style.GRADIENT)


class PartialDerivatives(LectureThreeDScene):
    """The surface z = x y^2 + x^3 cut by y = y0 and x = x0; each slice's tangent."""

    PHI = 68 * DEGREES
    THETA = -72 * DEGREES
    """The camera, looking at the plane y = y0 from 18 degrees off its normal."""
    TURN = -55 * DEGREES
    """How far the surface turns (about its vertical axis) to face the plane x = x0."""
    RESOLUTION = (12, 12)
    """Faces of the surface along x and y: smooth enough, cheap to shade."""
    REACH = 0.8
    """Half the length of each tangent, in axis units along its slice."""

    def construct(self):
        data = self.story
        self.billboards: list[tuple[MathTex, Sequence[float]]] = []
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA)
        # Flat colours: shading every face on every moving frame doubles the cost.
        self.camera.should_apply_shading = False
        self.add_fixed_in_frame_mobjects(self.make_title())
        at = "({}, {})".format(*map(sympy.latex, data.point))
        self.formulas = formulas = stack(
            MathTex("f(x, y) =", sympy.latex(data.function), color=style.FUNCTION),
            *(
                MathTex(
                    rf"\frac{{\partial f}}{{\partial {name}}} =",
                    sympy.latex(partial),
                    rf"\quad \frac{{\partial f}}{{\partial {name}}}{at} =",
                    sympy.latex(slope),
                    color=color,
                )
                for name, partial, slope, color in zip(
                    VARIABLES, data.partials, data.slopes, SLICE_COLORS, strict=True
                )
            ),
            buff=0.5,
        )
        plot_area = Rectangle(width=7.5, height=6.5)
        natural = formulas.width
        self.layout_panels(plot_area, formulas)
        # Labels in the plot keep the size of the text beside it.
        self.label_size = style.BODY_SIZE * formulas.width / natural
        self.add_fixed_in_frame_mobjects(formulas)
        self.remove(formulas)  # pinned to the frame, shown beat by beat
        self.axes = axes = self.fitted_axes(plot_area)
        self.surface = surface = Surface(
            lambda u, v: axes.c2p(u, v, data.f(u, v)),
            u_range=data.x_range,
            v_range=data.y_range,
            resolution=self.RESOLUTION,
            fill_opacity=0.8,
            checkerboard_colors=[
                style.FUNCTION,
                interpolate_color(style.FUNCTION, style.BACKGROUND, 0.5),
            ],
            stroke_width=0.5,
            stroke_color=style.FUNCTION,
        )
        x0, y0 = map(float, data.point)
        z0 = float(data.value)
        self.point = Dot3D(axes.c2p(x0, y0, z0), radius=0.08, color=style.POINT)
        self.drop = drop = DashedLine(
            axes.c2p(x0, y0, 0), axes.c2p(x0, y0, z0), color=style.MUTED
        )
        point_label = self.billboard(at, axes, (x0, y0, -1.5), style.POINT)
        self.planes, self.curves, self.tangents = zip(
            *(self.slice_parts(free) for free in (0, 1)), strict=True
        )

        # The function of two variables is a surface.
        with self.narrate("A function of two variables, f(x, y), is a surface."):
            self.play(Create(axes), FadeIn(self.axis_labels), Write(formulas[0]))
            self.play(FadeIn(surface))
        # The point where we measure.
        with self.narrate(f"Pick the point {style.coordinates(data.point)}."):
            self.play(Create(drop), FadeIn(self.point), FadeIn(point_label))
        for free, name in enumerate(VARIABLES):
            held = VARIABLES[1 - free]
            if free:
                # Turn the surface to face the second plane; the first slice dims.
                with self.narrate("Now turn the surface to look along the other axis."):
                    self.play(
                        FadeOut(self.planes[0]),
                        self.curves[0].animate.set_stroke(opacity=0.35),
                        self.tangents[0].animate.set_stroke(opacity=0.35),
                    )
                    self.turn(self.TURN)
            # The plane holding the other variable fixed cuts out a curve.
            with self.narrate(
                f"Hold {held} fixed: the plane {held} = {style.number(data.point[1 - free])} "
                "cuts the surface along a curve."
            ):
                self.play(FadeIn(self.planes[free]))
                self.play(Create(self.curves[free]), run_time=1.5)
            # Its tangent's slope is the partial derivative.
            with self.narrate(
                f"The slope of its tangent is the partial derivative in {name}."
            ):
                self.play(Create(self.tangents[free]))
                self.play(Write(formulas[1 + free]), run_time=1.5)
                self.wait(0.5)
        with self.narrate(
            "Each partial derivative is a rate of change along one axis, "
            "the other variable held constant."
        ):
            # Half way back: both slices and both tangents in view.
            self.play(
                self.curves[0].animate.set_stroke(opacity=1),
                self.tangents[0].animate.set_stroke(opacity=1),
                self.planes[1].animate.set_fill(opacity=0.04),
            )
            self.turn(-self.TURN / 2)
            self.wait(1.5)

    def fitted_axes(self, area: Mobject) -> ThreeDAxes:
        """3D axes for the surface whose picture, seen by the camera, fills ``area``."""
        data = self.story
        axes = ThreeDAxes(
            x_range=(*data.x_range, 0.5),
            y_range=(*data.y_range, 0.5),
            z_range=(*data.z_range, 1),
            x_length=4.0,
            y_length=4.0,
            z_length=4.5,
            axis_config={"color": style.MUTED, "include_ticks": False},
        ).set_sheen(0)  # a sheen gradient per axis piece costs on every frame
        corners = [
            axes.c2p(x, y, z)
            for x in data.x_range
            for y in data.y_range
            for z in data.z_range
        ]
        box = VGroup(*(Dot(corner) for corner in corners))
        self.camera.reset_rotation_matrix()  # else it waits for the first frame
        rotation = self.camera.get_rotation_matrix()
        for _ in range(3):  # the perspective makes the fit converge in a few steps
            seen = self.camera.project_points(np.array([d.get_center() for d in box]))
            low, high = seen.min(axis=0), seen.max(axis=0)
            factor = min(area.width / (high - low)[0], area.height / (high - low)[1])
            offset = area.get_center() - factor * (low + high) / 2
            offset[2] = 0
            VGroup(axes, box).scale(factor, about_point=ORIGIN).shift(offset @ rotation)
        self.axis_labels = VGroup(
            self.billboard(name, axes, position, style.MUTED)
            for name, position in (
                ("x", (data.x_range[1] + 0.3, 0, 0)),
                ("y", (0, data.y_range[1] + 0.3, 0)),
                ("z", (0, 0, data.z_range[1] + 1)),
            )
        )
        return axes

    def billboard(
        self, tex: str, axes: ThreeDAxes, coordinates: Sequence[float], color
    ) -> MathTex:
        """A label facing the camera at ``coordinates`` of the axes (see ``turn``)."""
        label = MathTex(tex, font_size=self.label_size, color=color)
        label.move_to(axes.c2p(*coordinates))
        self.add_fixed_orientation_mobjects(label)
        self.remove(label)
        self.billboards.append((label, coordinates))
        return label

    def turn(self, angle: float) -> None:
        """Turn the plot by ``angle`` about its vertical axis, as a camera would.

        What is on screen turns in view, the rest at once; the labels, facing the
        camera, do not turn but follow their places.
        """
        data, axes = self.story, self.axes
        middle = axes.c2p(*(sum(r) / 2 for r in (data.x_range, data.y_range, (0, 0))))
        parts = (
            axes,
            self.surface,
            self.point,
            self.drop,
            *self.planes,
            *self.curves,
            *self.tangents,
        )
        shown = [part for part in parts if part in self.mobjects]

        def turning(part: Mobject) -> Animation:
            # Rotating by the increment is much cheaper than Rotate's interpolation;
            # one animation per part, as a Group would stay in the scene and redraw.
            turned = 0.0

            def turn_to(mobject: Mobject, alpha: float) -> None:
                nonlocal turned
                mobject.rotate(alpha * angle - turned, OUT, about_point=middle)
                turned = alpha * angle

            return UpdateFromAlphaFunc(part, turn_to)

        self.play(
            *map(turning, shown),
            *(
                UpdateFromFunc(label, lambda m, c=place: m.move_to(axes.c2p(*c)))
                for label, place in self.billboards
            ),
            run_time=1.5,
        )
        for part in parts:
            if part not in shown:
                part.rotate(angle, OUT, about_point=middle)

    def slice_parts(self, free: int) -> tuple[Polygon, VMobject, Line]:
        """The plane holding the other variable fixed, its curve and the tangent."""
        data, axes = self.story, self.axes
        held_value = float(data.point[1 - free])
        color = SLICE_COLORS[free]
        ranges = (data.x_range, data.y_range)

        def at(t: float, z: float) -> np.ndarray:
            coordinates = [0.0, 0.0, z]
            coordinates[free], coordinates[1 - free] = t, held_value
            return axes.c2p(*coordinates)

        (low, high), (bottom, top) = ranges[free], data.z_range
        plane = Polygon(
            at(low, bottom),
            at(high, bottom),
            at(high, top),
            at(low, top),
            stroke_width=1,
            stroke_color=color,
            fill_color=color,
            fill_opacity=0.1,
        )
        section = data.slices[free]
        height = numeric(section.curve, section.variable)
        curve = ParametricFunction(
            lambda t: at(t, height(t)), t_range=ranges[free], color=color
        )
        curve.set_stroke(width=5)
        line = section.tangent
        ends = (max(line.x0 - self.REACH, low), min(line.x0 + self.REACH, high))
        tangent = Line(
            *(at(t, line.at(t)) for t in ends),
            color=style.slope_color(line.slope),
            stroke_width=7,
        )
        return plane, curve, tangent


def _sum_parts(terms: Sequence[sympy.Expr]) -> list[str]:
    """LaTeX of the terms of a sum, each with its sign, for a ``MathTex`` per term.

    Joined with spaces they read as the sum (``sympy.latex`` of it, when the terms
    are in sympy's printing order).
    """
    parts = []
    for term in terms:
        negative = term.could_extract_minus_sign()
        sign = "- " if negative else "+ " if parts else ""
        parts.append(sign + sympy.latex(-term if negative else term))
    return parts


def _partial(name: str, of: str = "") -> str:
    r"""``\frac{\partial f}{\partial x}`` (``of="f"``), or the operator alone."""
    return rf"\frac{{\partial {of}}}{{\partial {name}}}"


class PartialDerivativeExercise(LectureScene):
    """The slides' exercise: a question with a countdown, then the solution term by term."""

    COUNTDOWN = 5
    """Seconds the audience gets to try it."""
    CONSTANT = style.SECANT
    """Colour of what is held constant."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        self.function = function = MathTex(
            "f(x, y) =", *_sum_parts(data.terms), color=style.FUNCTION
        )
        self.card = card = QuizCard(
            "Find the partial derivatives of f with respect to x and to y.",
            seconds=self.COUNTDOWN,
            width=min(9.0, self.content_size()[0]),
        )
        self.steps = [
            [self.step_tex(step, solution.variable) for step in solution.steps]
            for solution in data.solutions
        ]
        self.sums = [
            MathTex(
                _partial(solution.variable, "f"),
                "=",
                *_sum_parts([step.derivative for step in solution.steps]),
            )
            for solution in data.solutions
        ]
        self.results = [
            MathTex(_partial(solution.variable, "f"), "=", sympy.latex(solution.result))
            for solution in data.solutions
        ]
        self.hints = [
            label_text(f"{held} is held constant", style.LABEL_SIZE, self.CONSTANT)
            for held in reversed(VARIABLES)
        ]
        # One column; the widest hint and step stand in for all of them.
        every_step = [step for steps in self.steps for step in steps]
        slots = [
            max(group, key=lambda m: m.width).copy()
            for group in (self.hints, every_step)
        ]
        column = VGroup(function, *slots, *self.sums).arrange(DOWN, buff=0.6)
        natural = column.height
        self.layout_panels(column)
        factor = column.height / natural
        for group, slot in zip((self.hints, every_step), slots, strict=True):
            for mobject in group:
                mobject.scale(factor).move_to(slot)
        for result, total in zip(self.results, self.sums, strict=True):
            result.scale(factor).move_to(total)
        card.scale(factor).next_to(function, DOWN, buff=0.6 * factor)

        # The question, with time to try it.
        with self.narrate("Your turn: find both partial derivatives of f."):
            self.play(Write(function), run_time=1.5)
            self.play(card.ask())
            self.play(card.run())
            self.play(FadeOut(card))
        for k, solution in enumerate(data.solutions):
            self.solve(k, solution)
        # Both results.
        with self.narrate("Both partial derivatives, term by term."):
            results = VGroup(*self.results)
            self.play(
                results.animate.arrange(DOWN, buff=0.5, aligned_edge=LEFT).move_to(
                    VGroup(*slots, *self.sums)
                )
            )
            box = SurroundingRectangle(results, color=style.ACCENT, buff=0.3)
            self.play(Create(box))
            self.wait(1.5)

    def step_tex(self, step: TermStep, name: str) -> MathTex:
        """d/dname of one term; its constant factor comes out. The last part is the result."""
        operator = _partial(name)
        parts = [rf"{operator}\left({sympy.latex(step.term)}\right)", "="]
        if step.constant != 1 and step.varying != 1:
            parts += [
                sympy.latex(step.constant),
                rf"\cdot {operator}\left({sympy.latex(step.varying)}\right)",
                "=",
            ]
        parts.append(sympy.latex(step.derivative))
        tex = MathTex(*parts)
        if len(parts) > 3:
            tex[2].set_color(self.CONSTANT)
        return tex

    def solve(self, k: int, solution: TermByTerm) -> None:
        """Differentiate the function term by term in one variable, adding up below."""
        name, held = solution.variable, VARIABLES[1 - k]
        terms, total = self.function[1:], self.sums[k]
        with self.narrate(
            f"The partial derivative in {name}, term by term: {held} is a constant."
        ):
            self.play(FadeIn(self.hints[k]), Write(total[:2]))
            for index, step in enumerate(self.steps[k]):
                # Highlight the term (the others dim) and differentiate it.
                self.play(
                    *(
                        term.animate.set_color(
                            style.ACCENT if term is terms[index] else style.MUTED
                        )
                        for term in terms
                    ),
                    FadeIn(step, shift=0.2 * DOWN),
                    run_time=0.7,
                )
                self.wait(0.3)
                # Its derivative joins the sum.
                self.play(
                    TransformFromCopy(step[-1], total[2 + index]),
                    FadeOut(step),
                    run_time=0.7,
                )
            self.play(
                terms.animate.set_color(style.FUNCTION),
                FadeOut(self.hints[k]),
                ReplacementTransform(total, self.results[k]),
            )
