"""Chapter 2, derivatives and partial derivatives."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from itertools import pairwise
from typing import ClassVar, cast

import numpy as np
import sympy
from manim import *

from mathviz.calculus import TermByTerm, TermStep, numeric
from mathviz.expressions import VARIABLES
from mathviz.extrema import CriticalPoint
from mathviz.paths import View
from scenes import style
from scenes.base import LectureScene, LectureThreeDScene, fit_within
from scenes.widgets.cards import (
    QuizCard,
    formula_card,
    label_text,
    partial,
    sum_parts,
)
from scenes.widgets.labels import following_label, label_point
from scenes.widgets.layout import (
    arrange_row,
    draw_last,
    room_left,
    stack,
    subject_side,
)
from scenes.widgets.plots import (
    PlotWindow,
    Walk,
    clear_axes,
    line_through,
    path_line,
    plot_axes,
    scalar,
    trail_line,
)
from scenes.widgets.readouts import Readout
from scenes.widgets.space import (
    Billboards,
    box_corners,
    fit_view,
    on_screen,
    seen_by,
    turning,
)
from storyboard.derivatives import (
    ExerciseStory,
    PartialStory,
    SecantStory,
    TangentStory,
)

__all__ = [
    "PartialDerivativeExercise",
    "PartialDerivatives",
    "SecantToTangent",
    "TangentSlide",
]


class SecantToTangent(LectureScene[SecantStory]):
    """A secant through P and Q = P + h turns into the tangent as h shrinks."""

    LINE_LENGTH = 6.0
    """On-screen length of the secant and the tangent."""
    PLOT_SIZE = (8.0, 6.0)
    """The plot's largest width and height."""
    QUOTIENT = r"\frac{f(x_0+h)-f(x_0)}{h}"

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        self.h = h = ValueTracker(story.steps[0])
        self.readouts = stack(
            Readout("h", h.get_value, decimals=2, color=style.SECANT),
            Readout(self.QUOTIENT, lambda: story.quotient(h.get_value()), decimals=4),
        )
        self.limit = formula_card(
            rf"f'(x_0) = \lim_{{h \to 0}} {self.QUOTIENT} = {story.tangent.slope:.4f}"
        )
        self.notation = MathTex(
            r"f'(x) = \frac{df}{dx}(x)",
            font_size=style.BODY_SIZE,
            color=style.DERIVATIVE,
        )
        if self.shape == "square":  # two columns under the plot
            text = arrange_row(
                self.readouts, stack(self.limit, self.notation, buff=0.3), buff=0.5
            )
        else:
            text = stack(self.readouts, self.limit, self.notation, buff=0.5)
        width, height = room_left(self, text)
        self.window = PlotWindow(
            [story.view, *story.close_ups],
            min(width, self.PLOT_SIZE[0]),
            min(height, self.PLOT_SIZE[1]),
            "x",
            "f(x)",
        )
        self.layout_panels(self.window.axes, text)
        self.window.settle()
        self.build_curve()

    def construct(self) -> None:
        story = self.story
        # A point P on a curve.
        with self.narrate("Take a point P on a curve."):
            self.play(Create(self.window.axes), Create(self.curve), run_time=1.5)
            self.play(FadeIn(self.point, scale=1.5), Write(self.point_label))
        # The secant through P and Q = P + h.
        with self.narrate(
            "Draw the secant through P and a second point, h further along."
        ):
            self.play(
                FadeIn(self.second_point), Create(self.secant), FadeIn(self.readouts)
            )
            self.wait(0.5)
        # h shrinks; the view closes in so that P and Q stay apart; the slope settles.
        with self.narrate("As h shrinks, the secant's slope settles on one number."):
            for step, (view, close_up) in enumerate(pairwise(story.close_ups), start=1):
                self.play(self.h.animate.set_value(story.steps[step]), run_time=1.5)
                if close_up != view:
                    self.window.zoom(
                        self, close_up, functools.partial(self.drawn_in, close_up)
                    )
                self.wait(0.6)
        # The limit is the tangent's slope: the derivative.
        with self.narrate(
            "That limit is the derivative: the slope of the tangent line."
        ):
            self.play(
                FadeOut(self.second_point),
                ReplacementTransform(self.secant, self.tangent),
            )
            self.window.zoom(self, self.window.home, lambda: [self.curve, self.tangent])
            self.play(FadeIn(self.limit, shift=0.2 * UP))
            self.play(Write(self.notation))
            self.wait(1.5)

    def build_curve(self) -> None:
        """The curve, P, the moving secant and its second point, the tangent."""
        story, window, h = self.story, self.window, self.h
        x0, y0 = story.x0, story.tangent.y0
        self.curve = always_redraw(
            lambda: window.plot(story.f, story.x_range, color=style.FUNCTION)
        )
        self.point = always_redraw(lambda: Dot(window.c2p(x0, y0), color=style.POINT))
        self.secant = always_redraw(
            lambda: line_through(
                window,
                x0,
                y0,
                story.quotient(h.get_value()),
                self.LINE_LENGTH,
                color=style.SECANT,
            )
        )
        self.second_point = always_redraw(
            lambda: Dot(
                window.c2p(x0 + h.get_value(), float(story.f(x0 + h.get_value()))),
                color=style.SECANT,
            )
        )
        slope = story.tangent.slope
        self.tangent = always_redraw(
            lambda: line_through(
                window,
                x0,
                y0,
                slope,
                self.LINE_LENGTH,
                color=style.slope_color(slope),
                stroke_width=6,
            )
        )
        clear_axes(window.axes, *self.drawn_in(story.close_ups[0]))
        self.point_label = following_label(
            MathTex("P", font_size=style.LABEL_SIZE),
            lambda: window.c2p(x0, y0),
            lambda: [window.axes, self.curve, self.secant, self.second_point],
            sides=(UL, DR, UR, DL),
        )

    def drawn_in(self, view: View) -> list[Mobject]:
        """The curve and every secant drawn while ``view`` shows (for its numbers)."""
        story = self.story
        shown = [
            step
            for k, step in enumerate(story.steps)
            if view in story.close_ups[max(k - 1, 0) : k + 1]
        ]
        return [
            self.curve,
            *(
                line_through(
                    self.window,
                    story.x0,
                    story.tangent.y0,
                    story.quotient(step),
                    self.LINE_LENGTH,
                )
                for step in shown
            ),
        ]


class TangentSlide(LectureScene[TangentStory]):
    """The tangent slides along a curve while f'(x) is traced point by point below."""

    TANGENT_LENGTH = 3.0
    PLOT_SIZE = (8.0, 4.2)
    """Each plot's largest width and height."""
    PLOT_GAP = 0.4
    SAMPLES = 201
    """Points of f' the trace passes through."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        title = self.make_title()
        self.add(title)
        self.x = x = ValueTracker(story.x_range[0])
        readouts = stack(
            Readout("x", x.get_value),
            Readout(
                "f(x)", lambda: float(story.f(x.get_value())), color=style.FUNCTION
            ),
            Readout(
                "f'(x)",
                lambda: float(story.f.derivative(x.get_value())),
                color=style.DERIVATIVE,
            ),
        )
        size = style.HEADING_SIZE if self.shape == "square" else DEFAULT_FONT_SIZE
        self.formulas = stack(
            MathTex(
                "f(x) =",
                sympy.latex(story.function),
                color=style.FUNCTION,
                font_size=size,
            ),
            MathTex(
                "f'(x) =",
                sympy.latex(story.derivative),
                color=style.DERIVATIVE,
                font_size=size,
            ),
        )
        self.readouts = readouts
        text = stack(self.formulas, readouts, buff=0.6)
        # Beside the plots, but under them in portrait.
        along = DOWN if self.shape == "portrait" else RIGHT
        width, height = room_left(self, text, direction=along)
        plot_size = (
            min(width, self.PLOT_SIZE[0]),
            min((height - self.PLOT_GAP) / 2, self.PLOT_SIZE[1]),
        )
        self.axes = plot_axes(story.x_range, [story.f], *plot_size, "x", "f(x)")
        self.slope_axes = plot_axes(
            story.x_range, [story.f.derivative], *plot_size, "x", "f'(x)"
        )
        plots = VGroup(self.axes, self.slope_axes).arrange(DOWN, buff=self.PLOT_GAP)
        panels = VGroup(plots, text).arrange(along, buff=0.5)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.build_moving_parts()
        # The axes' texts and the flags keep clear of every tangent the slide stops at.
        stops = [*story.x_range, *(float(c.x) for c in story.critical_points)]
        drawn = [self.curve, *(self.tangent_at(x) for x in stops)]
        traced = path_line(self.slope_axes, self.trace_points)
        clear_axes(self.axes, *drawn)
        clear_axes(self.slope_axes, traced)
        self.flags: list[VGroup] = []
        for critical in story.critical_points:
            avoid = [*drawn, title, self.axes, self.slope_axes, text]
            avoid += self.flags
            self.flags.append(self.flat_flag(critical, avoid))
        clear_axes(
            self.axes, *drawn, *(part for flag in self.flags for part in flag[:2])
        )

    def construct(self) -> None:
        story = self.story
        # The curve and its point P with the tangent.
        with self.narrate("Slide a point along the curve and keep its tangent."):
            self.play(
                Create(self.axes),
                Create(self.curve),
                FadeIn(self.formulas[0]),
                run_time=1.5,
            )
            self.play(FadeIn(self.point), Create(self.tangent), FadeIn(self.readouts))
        # Trace the slope below, stopping where the tangent is flat.
        with self.narrate("Below, plot the tangent's slope at every x: that is f'(x)."):
            self.play(Create(self.slope_axes), FadeIn(self.slope_point))
            self.add(self.trace)
            draw_last(self, self.tangent, self.point, self.slope_point)
        for critical in story.critical_points:
            with self.narrate(self.flat_caption(critical)):
                self.play(
                    self.x.animate.set_value(float(critical.x)),
                    run_time=2.5,
                    rate_func=linear,
                )
                self.play(
                    Flash(self.point, color=style.FLAT),
                    FadeIn(self.flags[story.critical_points.index(critical)]),
                )
        with self.narrate("The traced curve is the derivative f'(x)."):
            self.play(
                self.x.animate.set_value(story.x_range[1]),
                run_time=2.5,
                rate_func=linear,
            )
            self.play(Write(self.formulas[1]))
            self.wait(1.5)

    def build_moving_parts(self) -> None:
        """The curve; the tangent and the points that follow x; f' traced up to x."""
        story, axes, slope_axes, x = self.story, self.axes, self.slope_axes, self.x
        self.curve = axes.plot(
            scalar(story.f), x_range=story.x_range, color=style.FUNCTION
        )

        self.tangent = always_redraw(lambda: self.tangent_at(x.get_value()))
        self.point = always_redraw(
            lambda: Dot(
                axes.c2p(x.get_value(), story.f(x.get_value())), color=style.POINT
            )
        )
        self.slope_point = always_redraw(
            lambda: Dot(
                slope_axes.c2p(x.get_value(), story.f.derivative(x.get_value())),
                color=style.DERIVATIVE,
            )
        )
        low, high = story.x_range
        xs = np.linspace(low, high, self.SAMPLES)
        self.trace_points = np.column_stack([xs, story.f.derivative(xs)])
        walk = Walk(
            self.trace_points,
            x,
            origin=low,
            unit=(high - low) / (self.SAMPLES - 1),
            head=lambda at: (at, float(story.f.derivative(at))),
        )
        self.trace = trail_line(
            slope_axes, walk, stroke_color=style.DERIVATIVE, stroke_width=4
        )

    @staticmethod
    def flat_caption(critical: CriticalPoint) -> str:
        """What a flat tangent means, for its kind of critical point."""
        if critical.kind == "neither":
            return "The tangent is flat, f'(x) = 0, yet f keeps going the same way."
        return f"The tangent is flat, f'(x) = 0: a local {critical.kind}."

    def tangent_at(self, x: float) -> Line:
        """The tangent at ``x``, coloured by the sign of its slope."""
        line = self.story.tangent(x)
        return line_through(
            self.axes,
            line.x0,
            line.y0,
            line.slope,
            self.TANGENT_LENGTH,
            color=style.slope_color(line.slope),
            stroke_width=5,
        )

    def flat_flag(self, critical: CriticalPoint, avoid: Sequence[Mobject]) -> VGroup:
        """A flat tangent marked: a dot and its kind on f, a dot at f'(x) = 0 below."""
        point = self.axes.c2p(*critical.point)
        side = UP if critical.kind == "maximum" else DOWN
        kind = "flat" if critical.kind == "neither" else critical.kind
        x0 = float(critical.x)
        return VGroup(
            Dot(point, color=style.FLAT, radius=0.09),
            label_point(
                label_text(kind, style.SMALL_SIZE, style.FLAT),
                point,
                avoid,
                sides=(side, side + RIGHT, side + LEFT),
                within=self.axes,
            ),
            Dot(
                self.slope_axes.c2p(x0, self.story.f.derivative(x0)),
                color=style.FLAT,
                radius=0.09,
            ),
        )


class PartialDerivatives(LectureThreeDScene[PartialStory]):
    """A surface z = f(x, y) cut by the planes y = y0 and x = x0; each slice's tangent."""

    PHI = 68 * DEGREES
    THETA = -72 * DEGREES
    """The camera, looking at the plane y = y0 from 18 degrees off its normal."""
    TURN = -55 * DEGREES
    """How far the surface turns (about its vertical axis) to face the plane x = x0."""
    RESOLUTION = (12, 12)
    """Faces of the surface along x and y: smooth enough, cheap to shade."""
    REACH = 0.8
    """Half the length of each tangent, in axis units along its slice."""
    DIMMED = 0.75
    """Opacity of the first slice while the second is shown (a falling red tangent
    keeps its 3:1 contrast)."""

    @property
    def slice_colors(self) -> tuple[ManimColor, ManimColor]:
        """What belongs to df/dx (the plane y = y0) and to df/dy (the plane x = x0)."""
        return style.SECANT, style.GRADIENT

    PLOT_AREA = (8.5, 8.0)
    """The largest panel the surface is framed in."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        # Flat colours: shading every face on every moving frame doubles the cost.
        self.camera.should_apply_shading = False
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA)
        self.add_fixed_in_frame_mobjects(self.make_title())
        self.formulas = self.build_formulas()
        # The formulas beside the surface or under it, wherever it gets more room.
        along = subject_side(
            self, self.formulas, aspect=self.PLOT_AREA[0] / self.PLOT_AREA[1]
        )
        width, height = room_left(self, self.formulas, direction=along)
        area = Rectangle(
            width=min(width, self.PLOT_AREA[0]), height=min(height, self.PLOT_AREA[1])
        )
        natural = self.formulas.width
        panels = VGroup(area, self.formulas).arrange(along, buff=0.5)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.add_fixed_in_frame_mobjects(self.formulas)
        self.remove(self.formulas)  # pinned to the frame, shown beat by beat
        self.build_plot(area)
        # Labels in the plot keep the size of the text beside it.
        size = style.BODY_SIZE * self.formulas.width / natural
        self.labels = Billboards(self, self.axes, size)
        self.axis_labels = VGroup(
            *(
                self.labels.label(name, place, style.MUTED)
                for name, place in self.axis_label_places().items()
            )
        )
        drawn = [self.axes, self.drop, self.axis_labels]
        self.point_label = following_label(
            MathTex(style.coordinates(story.point), font_size=size, color=style.POINT),
            self.point_on_screen,
            lambda: [*self.planes, *self.curves, *self.tangents, *drawn],
            sides=(UR, UL, DR, DL),
            project=seen_by(self),
            plated=True,
        )
        self.add_fixed_in_frame_mobjects(self.point_label)
        self.remove(self.point_label)

    def construct(self) -> None:
        story = self.story
        # The function of two variables is a surface.
        with self.narrate("A function of two variables, f(x, y), is a surface."):
            self.play(
                Create(self.axes), FadeIn(self.axis_labels), Write(self.formulas[0])
            )
            self.add_foreground_mobjects(self.axis_labels)
            self.play(FadeIn(self.surface))
        # The point where we measure.
        with self.narrate(f"Pick the point {style.coordinates(story.point)}."):
            self.play(Create(self.drop), FadeIn(self.point), FadeIn(self.point_label))
            # In front of the slices to come (its plate hides what it covers).
            self.add_foreground_mobjects(self.point, self.point_label)
        for free, name in enumerate(VARIABLES):
            held = VARIABLES[1 - free]
            if free:
                # Turn the surface to face the second plane; the first slice dims.
                with self.narrate("Now turn the surface to look along the other axis."):
                    self.play(
                        FadeOut(self.planes[0]),
                        self.curves[0].animate.set_stroke(opacity=self.DIMMED),
                        self.tangents[0].animate.set_stroke(opacity=self.DIMMED),
                    )
                    self.turn(self.TURN)
            # The plane holding the other variable fixed cuts out a curve.
            with self.narrate(
                f"Hold {held} fixed: the plane {held} = "
                f"{style.number(story.point[1 - free])} cuts the surface along a curve."
            ):
                self.play(FadeIn(self.planes[free]))
                self.play(Create(self.curves[free]), run_time=1.5)
            # Its tangent's slope is the partial derivative.
            with self.narrate(
                f"The slope of its tangent is the partial derivative in {name}."
            ):
                self.play(Create(self.tangents[free]))
                self.play(Write(self.formulas[1 + free]), run_time=1.5)
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

    def build_formulas(self) -> VGroup:
        """f, then each partial derivative over its value at the point."""
        story = self.story
        at = style.coordinates(story.point)
        size = style.BODY_SIZE if self.shape == "square" else DEFAULT_FONT_SIZE
        return stack(
            MathTex(
                "f(x, y) =",
                sympy.latex(story.function),
                color=style.FUNCTION,
                font_size=size,
            ),
            *(
                stack(
                    MathTex(
                        rf"{partial(name, 'f')} =",
                        sympy.latex(derivative),
                        color=color,
                        font_size=size,
                    ),
                    MathTex(
                        rf"{partial(name, 'f')}{at} =",
                        sympy.latex(slope),
                        color=color,
                        font_size=size,
                    ),
                    buff=0.15,
                )
                for name, derivative, slope, color in zip(
                    VARIABLES,
                    story.partials,
                    story.slopes,
                    self.slice_colors,
                    strict=True,
                )
            ),
            buff=0.45,
        )

    def build_plot(self, area: Rectangle) -> None:
        """Axes, surface, point and slices, framed to fill ``area`` as the camera sees them."""
        story = self.story
        self.axes = ThreeDAxes(
            x_range=(*story.x_range, 0.5),
            y_range=(*story.y_range, 0.5),
            z_range=(*story.z_range, 1),
            x_length=4.0,
            y_length=4.0,
            z_length=3.5,
            axis_config={"color": style.MUTED, "include_ticks": False},
        ).set_sheen(0)  # a sheen gradient per axis piece costs on every frame
        # Framed to hold the plot and its axis labels at every angle it turns to.
        box = box_corners(self.axes, story.x_range, story.y_range, story.z_range)
        box.add(
            *(
                VectorizedPoint(self.axes.c2p(*place))
                for place in self.axis_label_places().values()
            )
        )
        middle = self.axes.c2p(
            *(sum(r) / 2 for r in (story.x_range, story.y_range, (0, 0)))
        )
        turns = VGroup(
            *(
                box.copy().rotate(a, OUT, about_point=middle)
                for a in (0, self.TURN / 2, self.TURN)
            )
        )
        fit_view(self, self.axes, area, guide=turns)
        self.surface = self.build_surface()
        x0, y0 = map(float, story.point)
        z0 = float(story.value)
        # A flat dot where the camera shows the point, on top of the surface.
        self.point = Dot(color=style.POINT, radius=0.09).add_updater(
            lambda dot: dot.move_to(self.point_on_screen()), call_updater=True
        )
        self.add_fixed_in_frame_mobjects(self.point)
        self.remove(self.point)
        self.drop = DashedLine(
            self.axes.c2p(x0, y0, 0), self.axes.c2p(x0, y0, z0), color=style.MUTED
        )
        self.planes, self.curves, self.tangents = zip(
            *(self.slice_parts(free) for free in (0, 1)), strict=True
        )

    def axis_label_places(self) -> dict[str, tuple[float, float, float]]:
        """Where each axis is named: a little past its end, in the plot's coordinates."""
        story = self.story
        return {
            "x": (story.x_range[1] + 0.3, 0, 0),
            "y": (0, story.y_range[1] + 0.3, 0),
            "z": (0, 0, story.z_range[1] + 0.5),
        }

    def point_on_screen(self) -> np.ndarray:
        """Where the camera shows the point (x0, y0, f(x0, y0)) now."""
        story = self.story
        return on_screen(self, self.axes.c2p(*map(float, story.point), story.value))

    def build_surface(self) -> Surface:
        """The surface z = f(x, y) over the story's square."""
        story, axes = self.story, self.axes
        return Surface(
            lambda u, v: axes.c2p(u, v, story.f(u, v)),
            u_range=story.x_range,
            v_range=story.y_range,
            resolution=self.RESOLUTION,
            fill_opacity=0.8,
            checkerboard_colors=[
                style.FUNCTION,
                interpolate_color(style.FUNCTION, style.BACKGROUND, 0.5),
            ],
            stroke_width=0.5,
            stroke_color=style.FUNCTION,
        )

    def turn(self, angle: float) -> None:
        """Turn the plot by ``angle`` about its vertical axis, as a camera would.

        What is on screen turns in view, the rest at once; the labels, facing the
        camera, do not turn but follow their places.
        """
        story = self.story
        middle = self.axes.c2p(
            *(sum(r) / 2 for r in (story.x_range, story.y_range, (0, 0)))
        )
        parts = (
            self.axes,
            self.surface,
            self.drop,
            *self.planes,
            *self.curves,
            *self.tangents,
        )
        shown = [part for part in parts if part in self.mobjects]
        self.play(*turning(shown, angle, middle), *self.labels.follow(), run_time=1.5)
        for part in parts:
            if part not in shown:
                part.rotate(angle, OUT, about_point=middle)

    def slice_parts(self, free: int) -> tuple[Polygon, VMobject, Line]:
        """The plane holding the other variable fixed, its curve and the tangent."""
        story, axes = self.story, self.axes
        held_value = float(story.point[1 - free])
        color = self.slice_colors[free]
        ranges = (story.x_range, story.y_range)

        def at(t: float, z: float) -> np.ndarray:
            coordinates = [0.0, 0.0, z]
            coordinates[free], coordinates[1 - free] = t, held_value
            return axes.c2p(*coordinates)

        (low, high), (bottom, top) = ranges[free], story.z_range
        plane = Polygon(
            at(low, bottom),
            at(high, bottom),
            at(high, top),
            at(low, top),
            stroke_width=2,
            stroke_color=color,
            fill_color=color,
            fill_opacity=0.1,
        )
        section = story.slices[free]
        height = numeric(section.curve, section.variable)
        curve = ParametricFunction(
            lambda t: at(t, float(height(t))), t_range=ranges[free], color=color
        )
        curve.set_stroke(width=6)
        line = section.tangent
        ends = (max(line.x0 - self.REACH, low), min(line.x0 + self.REACH, high))
        start, end = (at(t, float(line.at(t))) for t in ends)
        tangent = Line(
            start,
            end,
            color=style.slope_color(line.slope),
            stroke_width=8,
        )
        return plane, curve, tangent


class PartialDerivativeExercise(LectureScene[ExerciseStory]):
    """The slides' exercise: a question with a countdown, then the solution term by term."""

    COUNTDOWN = 5
    """Seconds the audience gets to try it."""

    @property
    def constant_color(self) -> ManimColor:
        """Colour of what is held constant."""
        return style.SECANT

    ROW_GAP: ClassVar[dict[str, float]] = {
        "landscape": 0.8,
        "portrait": 1.7,
        "square": 0.5,
    }
    """Between the rows of the solution: a tall frame spreads them out."""
    COLUMN_GAP = 1.0
    """Between the working and the sums, side by side in landscape."""
    LARGEST = 1.6
    """How much larger than typeset the page may grow to fill the frame."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        self.function = MathTex(
            "f(x, y) =", *sum_parts(story.terms), color=style.FUNCTION
        )
        self.card = QuizCard(
            "Find the partial derivatives of f with respect to x and to y.",
            seconds=self.COUNTDOWN,
            width=min(9.0, self.content_size()[0]),
        )
        self.steps = [
            [self.step_tex(step, solution.variable) for step in solution.steps]
            for solution in story.solutions
        ]
        self.sums = [
            MathTex(
                partial(solution.variable, "f"),
                "=",
                *sum_parts([step.derivative for step in solution.steps]),
            )
            for solution in story.solutions
        ]
        self.results = [
            MathTex(partial(solution.variable, "f"), "=", sympy.latex(solution.result))
            for solution in story.solutions
        ]
        self.hints = [
            label_text(
                f"{held} is held constant", style.LABEL_SIZE, self.constant_color
            )
            for held in reversed(VARIABLES)
        ]
        self.lay_out()

    def construct(self) -> None:
        # The question, with time to try it.
        with self.narrate("Your turn: find both partial derivatives of f."):
            self.play(Write(self.function), run_time=1.5)
            self.play(self.card.ask())
            self.play(self.card.run())
        for k, solution in enumerate(self.story.solutions):
            self.solve(k, solution)
        # Both results.
        with self.narrate("Both partial derivatives, term by term."):
            results = VGroup(*self.results)
            self.play(
                results.animate.arrange(DOWN, buff=0.5, aligned_edge=LEFT).move_to(
                    VGroup(*self.sums)
                )
            )
            box = SurroundingRectangle(results, color=style.ACCENT, buff=0.2)
            self.play(Create(box))
            self.wait(1.5)

    def lay_out(self) -> None:
        """f, the hint's slot, then the step's slot between the two sums; the card under f.

        One column, or in landscape the working beside the sums. Each step's
        result moves to its sum without crossing the other one. The page fills
        the frame (up to :attr:`LARGEST` times its size).
        """
        every_step: Sequence[VMobject] = [
            step for steps in self.steps for step in steps
        ]
        # The widest hint and step stand in for all of them.
        self.slots = [
            max(group, key=lambda m: m.width).copy()
            for group in (self.hints, every_step)
        ]
        gap = self.ROW_GAP[self.shape]
        hint, step = self.slots
        if self.is_landscape:
            working = VGroup(self.function, hint, step).arrange(DOWN, buff=gap)
            sums = VGroup(*self.sums).arrange(DOWN, buff=gap, aligned_edge=LEFT)
            page = VGroup(working, sums).arrange(RIGHT, buff=self.COLUMN_GAP)
        else:
            page = VGroup(self.function, hint, self.sums[0], step, self.sums[1])
            page.arrange(DOWN, buff=gap)
            VGroup(*self.sums).align_to(page, LEFT)
        natural = page.height
        width, height = self.content_size()
        page.scale(min(width / page.width, height / page.height, self.LARGEST))
        page.move_to(self.content_center())
        factor = page.height / natural
        for group, slot in zip((self.hints, every_step), self.slots, strict=True):
            for mobject in group:
                mobject.scale(factor).move_to(slot)
        for result, total in zip(self.results, self.sums, strict=True):
            result.scale(factor).move_to(total)
        # Under f, in the middle, as large as the page if the frame allows: the
        # card leaves before the working appears.
        self.card.scale(min(factor, width / self.card.width))
        self.card.next_to(self.function, DOWN, buff=0.6 * factor)
        self.card.set_x(self.content_center()[0])

    def step_tex(self, step: TermStep, name: str) -> MathTex:
        """d/dname of one term; its constant factor comes out. The last part is the result."""
        operator = partial(name)
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
            tex[2].set_color(self.constant_color)
        return tex

    def solve(self, k: int, solution: TermByTerm) -> None:
        """Differentiate the function term by term in one variable, adding up below."""
        name, held = solution.variable, VARIABLES[1 - k]
        terms, total = self.function[1:], self.sums[k]
        with self.narrate(
            f"The partial derivative in {name}, term by term: {held} is a constant."
        ):
            shown = [self.card.put_away()] if k == 0 else []
            self.play(*shown, FadeIn(self.hints[k]), Write(cast(VMobject, total[:2])))
            for index, step in enumerate(self.steps[k]):
                # Highlight the term and differentiate it.
                self.play(
                    *(
                        term.animate.set_color(
                            style.ACCENT if term is terms[index] else style.FUNCTION
                        )
                        for term in terms
                    ),
                    FadeIn(step, shift=0.2 * DOWN),
                    run_time=0.7,
                )
                self.wait(0.3)
                # Its derivative joins the sum: the step's result moves down, once.
                self.play(
                    ReplacementTransform(step[-1].copy(), total[2 + index]),
                    FadeOut(step),
                    run_time=0.7,
                )
            self.play(
                terms.animate.set_color(style.FUNCTION),
                FadeOut(self.hints[k]),
                ReplacementTransform(total, self.results[k]),
            )
