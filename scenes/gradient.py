"""Chapter 3, gradient and Jacobian."""

from __future__ import annotations

import numpy as np
import sympy
from manim import *

from scenes import style
from scenes.base import LectureScene
from scenes.widgets.cards import formula_card, label_text
from scenes.widgets.layout import stack
from scenes.widgets.motion import fade
from scenes.widgets.plots import level_curves, map_axes
from scenes.widgets.readouts import Readout

__all__ = ["GradientField", "JacobianLocalLinear"]

TEX = style.HEADING_SIZE
"""Size of the formulas beside the plots."""


def vector_arrow(axes: Axes, start, vector, **kwargs) -> Arrow:
    """Arrow from ``start`` along ``vector``, both in axis units."""
    start = np.asarray(start, dtype=float)
    return Arrow(axes.c2p(start), axes.c2p(start + vector), buff=0, **kwargs)


def number_tuple(values) -> str:
    """LaTeX for a point or vector of mathviz numbers, two decimals."""
    return r"\left(" + r",\ ".join(f"{value:.2f}" for value in values) + r"\right)"


class GradientField(LectureScene):
    """Level curves, the gradient field, and at p: perpendicular, uphill, the rate."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        side = 6.0 if self.is_landscape else 7.2
        self.axes = axes = map_axes(data.x_range, data.y_range, side)
        self.formulas = formulas = stack(
            MathTex(
                "f(x, y) =",
                sympy.latex(data.function),
                color=style.FUNCTION,
                font_size=TEX,
            ),
            MathTex(
                r"\nabla f(p) = \left(\frac{\partial f}{\partial x_1}(p), \dots,"
                r" \frac{\partial f}{\partial x_n}(p)\right)",
                color=style.GRADIENT,
                font_size=TEX,
            ),
            MathTex(
                r"\nabla f(x, y) = \begin{pmatrix}"
                + r"\\".join(sympy.latex(partial) for partial in data.partials)
                + r"\end{pmatrix}",
                color=style.GRADIENT,
                font_size=TEX,
            ),
        )
        self.direction = direction = ValueTracker(data.uphill_angle + PI)
        self.readouts = readouts = stack(
            MathTex(
                "p =",
                number_tuple(data.point),
                r",\quad \nabla f(p) =",
                number_tuple(data.point_gradient),
                font_size=TEX,
            ),
            Readout(
                r"D_u f(p) = \nabla f(p) \cdot u",
                lambda: data.directional_derivative(direction.get_value()),
                color=style.ACCENT,
                font_size=TEX,
            ),
            label_text(
                "∇f(p): the direction of greatest increase",
                style.LABEL_SIZE,
                style.GRADIENT,
            ),
            MathTex(
                rf"|\nabla f(p)| = \max_u D_u f(p) = {data.rate:.2f}",
                color=style.GRADIENT,
                font_size=TEX,
            ),
            label_text(
                "its length: the rate of increase", style.LABEL_SIZE, style.GRADIENT
            ),
        )
        self.layout_panels(axes, stack(formulas, readouts, buff=0.5))

        # The data, drawn through the axes once they are in place.
        self.level_curves = level_curves(axes, data.level_curves, stroke_width=2)
        self.level_curves.set_stroke(opacity=0.6)
        self.arrows = VGroup(
            *(
                vector_arrow(
                    axes,
                    start,
                    data.arrow_scale * vector,
                    color=style.GRADIENT,
                    stroke_width=3,
                    stroke_opacity=0.6,
                    fill_opacity=0.6,
                    tip_length=0.12,
                    max_tip_length_to_length_ratio=0.4,
                )
                for start, vector in zip(data.grid, data.gradients, strict=True)
            )
        )
        # The featured point: its level curve, its gradient, the tangent there.
        p = axes.c2p(data.point)
        self.point_level = level_curves(
            axes, [data.point_level], style.ACCENT, style.ACCENT, stroke_width=4
        )
        self.point_arrow = vector_arrow(
            axes,
            data.point,
            data.arrow_scale * data.point_gradient,
            color=style.GRADIENT,
            stroke_width=7,
            tip_length=0.2,
            max_tip_length_to_length_ratio=0.4,
        )
        uphill = normalize(self.point_arrow.get_vector())
        along = rotate_vector(uphill, PI / 2)
        self.tangent = DashedLine(p - 0.9 * along, p + 0.9 * along, color=style.ACCENT)
        right_angle = RightAngle(
            Line(p, p + along), Line(p, p + uphill), length=0.18, color=style.TEXT
        )
        dot = Dot(p, color=style.POINT)
        self.unit = Arrow(
            p,
            p + 1.1 * rotate_vector(RIGHT, direction.get_value()),
            buff=0,
            color=style.ACCENT,
            stroke_width=4,
            tip_length=0.18,
        ).add_updater(
            lambda arrow: arrow.rotate(
                direction.get_value() - arrow.get_angle(), about_point=p
            )
        )
        unit_label = MathTex("u", color=style.ACCENT, font_size=style.LABEL_SIZE)
        unit_label.add_updater(
            lambda label: label.move_to(
                p + 1.4 * rotate_vector(RIGHT, direction.get_value())
            )
        )
        # f as its level curves.
        with self.narrate("A function of two variables, drawn as its level curves."):
            self.play(Create(axes), Write(formulas[0]), run_time=1.5)
            self.play(Create(self.level_curves), run_time=2)
        # The gradient: the vector of partial derivatives, at every point.
        with self.narrate(
            "The gradient collects the partial derivatives into one vector."
        ):
            self.play(fade(formulas[1], 0, 1), run_time=1.5)
            self.play(fade(formulas[2], 0, 1))
        with self.narrate("Draw it at every point: a field of arrows."):
            self.play(
                LaggedStart(*map(GrowArrow, self.arrows), lag_ratio=0.02), run_time=2
            )
        # At p it is perpendicular to the level curve.
        with self.narrate(
            "At a point p, the gradient is perpendicular to the level curve through p."
        ):
            self.play(
                Create(self.point_level),
                fade(dot, 0, 1),
                fade(readouts[0], 0, 1),
            )
            self.play(GrowArrow(self.point_arrow), Create(self.tangent))
            self.play(Create(right_angle))
        # Turning a unit direction u: the rate of change peaks along the gradient.
        with self.narrate(
            "Turn a direction u around p: f changes fastest along the gradient."
        ):
            self.play(
                fade(self.unit, 0, 1), fade(unit_label, 0, 1), fade(readouts[1], 0, 1)
            )
            self.play(direction.animate.set_value(data.uphill_angle + TAU), run_time=4)
            self.play(FadeOut(self.unit), FadeOut(unit_label), fade(readouts[2], 0, 1))
        # Its length is that rate.
        with self.narrate("Its length, the gradient's norm, is that rate of increase."):
            self.play(fade(readouts[3], 0, 1), fade(readouts[4], 0, 1))
            self.wait(1.5)


class JacobianLocalLinear(LectureScene):
    """A square around p, its image under f and under J(p), coinciding as it shrinks."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        self.input_axes = map_axes(data.input_span, data.input_span, 4)
        self.output_axes = map_axes(
            *data.output_spans, 14 / 3, r"\Delta f_1", r"\Delta f_2"
        )
        self.h = h = ValueTracker(data.sizes[0])
        input_caption = MathTex(r"p + h\,s", color=style.FUNCTION, font_size=TEX)
        output_caption = MathTex(
            r"\tfrac{1}{h}\left(\mathbf{f}(p + h\,s) - \mathbf{f}(p)\right)",
            r"\ \text{vs}\ ",
            r"J(p)\,s",
            font_size=TEX,
        )
        output_caption[0].set_color(style.FUNCTION)
        output_caption[2].set_color(style.DERIVATIVE)
        plots = VGroup(
            VGroup(input_caption, self.input_axes).arrange(DOWN),
            VGroup(output_caption, self.output_axes).arrange(DOWN),
        ).arrange(DOWN if self.shape == "portrait" else RIGHT, buff=0.6)
        self.formulas = formulas = stack(
            MathTex(
                r"\mathbf{f}(x, y) =",
                sympy.latex(sympy.Matrix(data.components)),
                color=style.FUNCTION,
                font_size=TEX,
            ),
            MathTex(r"J_{\mathbf{f}}(x, y) =", sympy.latex(data.matrix), font_size=TEX),
            MathTex(
                r"J_{\mathbf{f}}(p) =",
                sympy.latex(data.exact_at_point),
                r"\approx",
                sympy.latex(data.rounded_at_point),
                color=style.DERIVATIVE,
                font_size=TEX,
            ),
        )
        self.readouts = readouts = stack(
            Readout("h", h.get_value, decimals=2, color=style.FUNCTION, font_size=TEX),
            Readout(
                r"\text{largest gap}",
                lambda: data.gap(h.get_value()),
                decimals=3,
                font_size=TEX,
            ),
        )
        best = formula_card(
            r"\mathbf{f}(p + \Delta) \approx \mathbf{f}(p) + J_{\mathbf{f}}(p)\,\Delta",
            font_size=TEX,
        )
        self.layout_panels(plots, stack(formulas, readouts, best, buff=0.4))

        def grid_lines(color) -> VGroup:
            return VGroup(
                *(
                    VMobject(stroke_color=color, stroke_width=2.5)
                    for _ in range(len(data.offsets()))
                )
            )

        def redraw(lines: VGroup, axes: Axes, points: np.ndarray) -> VGroup:
            # The axes are affine: all samples at once through the images of the
            # origin and the unit vectors (per point, c2p costs a frame's time).
            origin = axes.c2p(0, 0)
            basis = np.array([axes.c2p(1, 0) - origin, axes.c2p(0, 1) - origin])
            for line, samples in zip(lines, origin + points @ basis, strict=True):
                line.set_points_as_corners(samples)
            return lines

        self.square = grid_lines(style.FUNCTION).add_updater(
            lambda lines: redraw(lines, self.input_axes, data.square(h.get_value()))
        )
        self.image = grid_lines(style.FUNCTION).add_updater(
            lambda lines: redraw(lines, self.output_axes, data.image(h.get_value()))
        )
        self.linear_image = redraw(
            grid_lines(style.DERIVATIVE), self.output_axes, data.linear_image()
        )
        self.square.update()
        self.image.update()
        point = Dot(self.input_axes.c2p(data.point), color=style.POINT)
        point_label = MathTex("p", font_size=style.LABEL_SIZE, color=style.POINT)
        point_label.next_to(point, UR, buff=0.05)

        # f maps the plane to the plane.
        with self.narrate("This f maps each point of the plane to a point of a plane."):
            self.play(Write(formulas[0]), Create(self.input_axes), run_time=1.5)
        # Its Jacobian, then its value at p.
        with self.narrate("Its Jacobian holds every first partial derivative."):
            self.play(fade(formulas[1], 0, 1), run_time=1.5)
        with self.narrate(
            f"At the point p = {style.coordinates(data.point)}, it is a matrix of numbers."
        ):
            self.play(fade(point, 0, 1), Write(point_label))
            self.play(fade(formulas[2], 0, 1), run_time=1.5)
        # A square around p, mapped by f, seen from f(p) magnified by 1/h.
        with self.narrate(
            "Map a square around p by f, and look from f(p), magnified by 1/h."
        ):
            self.play(
                Create(self.square), fade(input_caption, 0, 1), fade(readouts[0], 0, 1)
            )
            self.bring_to_front(point, point_label)
            self.play(
                Create(self.output_axes),
                fade(output_caption[0], 0, 1),
                Create(self.image),
                run_time=1.5,
            )
        # The linear map J(p) gives a parallelogram.
        with self.narrate("The linear map J(p) sends the square to a parallelogram."):
            self.play(
                fade(output_caption[1:], 0, 1), Create(self.linear_image), run_time=1.5
            )
            self.play(fade(readouts[1], 0, 1))
        # As the square shrinks, the two images coincide.
        with self.narrate("Shrink the square: the image under f straightens onto it."):
            # What changes with h goes last: Manim redraws each frame only from the
            # first changing mobject on, and draws the rest once.
            self.bring_to_front(self.square, self.image, *readouts, point, point_label)
            for size in data.sizes[1:]:
                self.play(h.animate.set_value(size), run_time=2)
                self.wait(0.4)
        # The best local linear map.
        with self.narrate("Near p, J(p) is the best linear approximation of f."):
            self.play(fade(best, 0, 1))
            self.wait(1.5)
