"""Chapter 3, gradient and Jacobian."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, cast

import numpy as np
import sympy
from manim import *

from mathviz.expressions import compact
from scenes import style
from scenes.base import LectureScene, fit_within
from scenes.widgets.cards import formula_card, matrix, tex_vector, wrapped_text
from scenes.widgets.labels import label_point, plate
from scenes.widgets.layout import (
    arrange_row,
    draw_last,
    room_left,
    stack,
    subject_side,
)
from scenes.widgets.motion import fade
from scenes.widgets.plots import (
    PlotWindow,
    level_curves,
    map_axes,
    polyline,
    to_screen,
    vector_arrow,
)
from scenes.widgets.readouts import Readout
from storyboard.gradient import GradientFieldStory, JacobianStory
from storyboard.theme import LINE_CONTRAST

__all__ = ["GradientField", "JacobianLocalLinear"]


class GradientField(LectureScene[GradientFieldStory]):
    """Level curves, the gradient field, and at p: perpendicular, uphill, the rate."""

    TEX: ClassVar[dict[str, float]] = {
        "landscape": style.HEADING_SIZE,
        "portrait": style.HEADING_SIZE,
        "square": style.SMALL_SIZE + 2,
    }
    """Size of the formulas beside the map."""
    POINT_ARROW = 0.3
    """The gradient at p is drawn this share of the map's shorter side long (the
    field's arrows keep one scale among themselves; the readout gives its norm)."""

    def setup(self) -> None:
        super().setup()
        self.add(self.make_title())
        self.direction = ValueTracker(self.story.uphill_angle + PI)
        self.formulas = self.build_formulas()
        self.readouts = self.build_readouts()
        # Once p is chosen, what is said at p takes the definitions' place.
        self.readouts.move_to(self.formulas[1:], aligned_edge=UL)
        text = stack(self.formulas[0], VGroup(self.formulas[1:], self.readouts))
        # The text beside the map, or under it: where the map gets the most room.
        aspect = np.ptp(self.story.x_range) / np.ptp(self.story.y_range)
        along = subject_side(self, text, aspect=aspect)
        width, height = room_left(self, text, direction=along)
        # The map widened to the room's shape, so that it fills it.
        self.framed = framed = self.story.framed(width / height)
        self.axes = map_axes(framed.x_range, framed.y_range, width, height=height)
        panels = VGroup(self.axes, text).arrange(along, buff=0.5)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.build_field()
        self.build_point()

    def construct(self) -> None:
        story = self.story
        # f as its level curves.
        with self.narrate("A function of two variables, drawn as its level curves."):
            self.play(Create(self.axes), Write(self.formulas[0]), run_time=1.5)
            self.play(Create(self.level_curves), run_time=2)
        # The gradient: the vector of partial derivatives, at every point.
        with self.narrate(
            "The gradient collects the partial derivatives into one vector."
        ):
            self.play(fade(self.formulas[1], 0, 1), run_time=1.5)
            self.play(fade(self.formulas[2], 0, 1))
        with self.narrate("Draw it at every point: a field of arrows."):
            self.play(
                LaggedStart(
                    *map(GrowArrow, cast(Iterable[Arrow], self.arrows)), lag_ratio=0.02
                ),
                run_time=2,
            )
        # At p it is perpendicular to the level curve.
        with self.narrate(
            "At a point p, the gradient is perpendicular to the level curve through p."
        ):
            self.play(Create(self.point_level), FadeOut(self.formulas[1:]))
            self.play(
                fade(self.dot, 0, 1),
                fade(self.dot_label, 0, 1),
                fade(self.readouts[0], 0, 1),
            )
            self.add_foreground_mobjects(self.dot, self.dot_label)
            self.play(GrowArrow(self.point_arrow), Create(self.tangent))
            self.play(Create(self.right_angle))
        # Turning a unit direction u: the rate of change peaks along the gradient.
        with self.narrate(
            "Turn a direction u around p: f changes fastest along the gradient."
        ):
            self.play(
                fade(self.unit, 0, 1),
                fade(self.unit_label, 0, 1),
                fade(self.readouts[1], 0, 1),
            )
            draw_last(self, self.unit, self.unit_label, self.readouts[1])
            self.play(
                self.direction.animate.set_value(story.uphill_angle + TAU), run_time=4
            )
            self.play(
                FadeOut(self.unit),
                FadeOut(self.unit_label),
                fade(self.readouts[2], 0, 1),
            )
        # Its length is that rate.
        with self.narrate("Its length, the gradient's norm, is that rate of increase."):
            self.play(fade(self.readouts[3], 0, 1), fade(self.readouts[4], 0, 1))
            self.wait(1.5)

    def build_formulas(self) -> VGroup:
        """f, the gradient's definition, the gradient of f."""
        story, size = self.story, self.TEX[self.shape]
        return stack(
            MathTex(
                "f(x, y) =",
                sympy.latex(story.function),
                color=style.FUNCTION,
                font_size=size,
            ),
            MathTex(
                r"\nabla f(p) = \\ \left(\frac{\partial f}{\partial x_1}(p), \dots,"
                r" \frac{\partial f}{\partial x_n}(p)\right)",
                color=style.GRADIENT,
                font_size=size,
            ),
            MathTex(
                r"\nabla f(x, y) = \\ \begin{pmatrix}"
                + r"\\".join(
                    sympy.latex(compact(partial)) for partial in story.partials
                )
                + r"\end{pmatrix}",
                color=style.GRADIENT,
                font_size=size,
            ),
        )

    def build_readouts(self) -> VGroup:
        """The point and its gradient, the directional derivative, the rate."""
        story, size, direction = self.story, self.TEX[self.shape], self.direction
        return stack(
            MathTex(
                rf"p &= {tex_vector(story.point)} \\"
                rf"\nabla f(p) &= {tex_vector(story.point_gradient)}",
                font_size=size,
            ),
            Readout(
                r"D_u f(p)",
                lambda: story.directional_derivative(direction.get_value()),
                color=style.ACCENT,
                font_size=size,
            ),
            self.note("greatest along the gradient"),
            MathTex(
                rf"|\nabla f(p)| &= \max_u D_u f(p) \\ &= {story.rate:.2f}",
                color=style.GRADIENT,
                font_size=size,
            ),
            self.note("its length: the rate of increase"),
        )

    def note(self, text: str) -> Paragraph:
        """A line of explanation in the gradient's colour, wrapped to the formulas' width."""
        return wrapped_text(text, self.formulas.width, style.SMALL_SIZE, style.GRADIENT)

    def build_field(self) -> None:
        """The level curves and the field of gradient arrows, drawn through the axes."""
        story, axes = self.framed, self.axes
        self.level_curves = level_curves(axes, story.level_curves, stroke_width=2)
        self.level_curves.set_stroke(opacity=0.7)
        faint = style.legible_opacity(0.6, (style.GRADIENT, LINE_CONTRAST))
        self.arrows = VGroup(
            *(
                vector_arrow(
                    axes,
                    start,
                    story.arrow_scale * vector,
                    color=style.GRADIENT,
                    stroke_width=2.5,
                    stroke_opacity=faint,
                    fill_opacity=faint,
                    tip_length=0.12,
                    max_tip_length_to_length_ratio=0.4,
                )
                for start, vector in zip(story.grid, story.gradients, strict=True)
            )
        )

    def build_point(self) -> None:
        """At p: its level curve, its gradient, the tangent, a turning unit direction."""
        story, axes, direction = self.framed, self.axes, self.direction
        p = to_screen(axes, story.point)[0]
        self.point_level = level_curves(
            axes, [story.point_level], style.ACCENT, style.ACCENT, stroke_width=4
        )
        side = min(np.ptp(story.x_range), np.ptp(story.y_range))
        self.point_arrow = vector_arrow(
            axes,
            story.point,
            self.POINT_ARROW * side * normalize(story.point_gradient),
            color=style.GRADIENT,
            stroke_width=8,
            tip_length=0.25,
            max_tip_length_to_length_ratio=0.3,
        )
        uphill = normalize(self.point_arrow.get_vector())
        along = rotate_vector(uphill, PI / 2)
        self.tangent = DashedLine(p - 0.9 * along, p + 0.9 * along, color=style.ACCENT)
        # On the far side of the tangent from the arrow, so that it hides none of it.
        self.right_angle = RightAngle(
            Line(p, p + along), Line(p, p - uphill), length=0.16, color=style.TEXT
        )
        self.dot = Dot(p, color=style.POINT)
        # u turns from downhill to uphill through the side of -along: p's label
        # stands on the other side, clear of where u rests and passes half-way.
        turning = [Line(p, p + 1.1 * rotate_vector(uphill, a)) for a in (PI, 1.5 * PI)]
        drawn = [self.point_arrow, self.tangent, self.right_angle, self.point_level]
        self.dot_label = label_point(
            MathTex("p", font_size=style.LABEL_SIZE, color=style.POINT),
            p,
            [*drawn, *turning, self.arrows, self.level_curves, axes],
            sides=(normalize(along - uphill), normalize(along + uphill)),
            within=axes,
        )
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
        # u's label rides beyond the tip, on a plate over the map's lines.
        text = MathTex("u", color=style.ACCENT, font_size=style.LABEL_SIZE)
        self.unit_label = VGroup(plate(text), text).add_updater(
            lambda label: label.move_to(
                p + 1.4 * rotate_vector(RIGHT, direction.get_value())
            )
        )


class JacobianLocalLinear(LectureScene[JacobianStory]):
    """A square around p, its image under f and under J(p), coinciding as it shrinks."""

    TEX: ClassVar[dict[str, float]] = {
        "landscape": style.HEADING_SIZE,
        "portrait": style.LABEL_SIZE,
        "square": style.LABEL_SIZE,
    }
    """Size of the formulas beside the planes."""
    PLANE_GAP = 0.6
    """Between the two planes."""
    PLANES_SHARE: ClassVar[dict[str, float]] = {
        "landscape": 0.74,
        "portrait": 0.62,
        "square": 0.6,
    }
    """The least share of the free width (or height) the two planes get together."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        self.h = ValueTracker(story.sizes[0])
        self.formulas = self.build_formulas()
        self.readouts = self.build_readouts()
        self.best = formula_card(
            r"\mathbf{f}(p + \Delta) \approx \mathbf{f}(p) + J_{\mathbf{f}}(p)\,\Delta",
            font_size=self.TEX[self.shape],
        )
        if not self.is_landscape:  # under the planes: the formulas in a row
            self.formulas.arrange(RIGHT, buff=0.4, aligned_edge=UP)
            text = stack(
                self.formulas,
                arrange_row(self.readouts, self.best, buff=0.5),
                buff=0.4,
            )
        else:
            text = stack(self.formulas, self.readouts, self.best, buff=0.4)
        # The planes side by side (one above the other in a tall frame); the text
        # beside or under them, wherever they get the most room.
        beside = self.shape != "portrait"
        aspect = 2.2 if beside else 0.45
        share = self.PLANES_SHARE[self.shape]
        along = subject_side(self, text, aspect=aspect, share=share)
        room = room_left(self, text, direction=along, share=share)
        self.planes = self.build_planes(*room)
        panels = VGroup(self.planes, text).arrange(along, buff=0.5)
        fit_within(panels, *self.content_size()).move_to(self.content_center())
        self.window.settle()
        self.build_grids()

    def construct(self) -> None:
        story = self.story
        # f maps the plane to the plane.
        with self.narrate("This f maps each point of the plane to a point of a plane."):
            self.play(Write(self.formulas[0]), Create(self.window.axes), run_time=1.5)
        # Its Jacobian, then its value at p.
        with self.narrate("Its Jacobian holds every first partial derivative."):
            self.play(fade(self.formulas[1], 0, 1), run_time=1.5)
        with self.narrate(
            f"At the point p = {style.coordinates(story.point)}, "
            "it is a matrix of numbers."
        ):
            self.play(fade(self.point, 0, 1), Write(self.point_label))
            self.add_foreground_mobjects(self.point, self.point_label)
            self.play(fade(self.formulas[2], 0, 1), run_time=1.5)
        # A square around p, mapped by f, seen from f(p) magnified by 1/h.
        with self.narrate(
            "Map a square around p by f, and look from f(p), magnified by 1/h."
        ):
            self.play(
                Create(self.square),
                fade(self.input_caption, 0, 1),
                fade(self.readouts[0], 0, 1),
            )
            self.play(
                Create(self.output_axes),
                fade(cast(VMobject, self.output_caption[0]), 0, 1),
                Create(self.image),
                run_time=1.5,
            )
        # The linear map J(p) gives a parallelogram.
        with self.narrate("The linear map J(p) sends the square to a parallelogram."):
            self.play(
                fade(cast(VMobject, self.output_caption[1:]), 0, 1),
                Create(self.linear_image),
                run_time=1.5,
            )
            self.play(fade(self.readouts[1], 0, 1))
        # As the square shrinks, the two images coincide.
        with self.narrate("Shrink the square: the image under f straightens onto it."):
            draw_last(self, self.square, self.image, *self.readouts)
            for size in story.sizes[1:]:
                self.play(self.h.animate.set_value(size), run_time=2)
                # The input plane follows the square in.
                self.window.zoom(self, story.input_view(size))
                self.wait(0.4)
        # The best local linear map.
        with self.narrate("Near p, J(p) is the best linear approximation of f."):
            self.play(fade(self.best, 0, 1))
            self.wait(1.5)

    def build_formulas(self) -> VGroup:
        """f, its Jacobian, and the Jacobian's value at p (rounded unless whole)."""
        story, size = self.story, self.TEX[self.shape]
        return stack(
            MathTex(
                r"\mathbf{f} =",
                sympy.latex(sympy.Matrix(story.components)),
                color=style.FUNCTION,
                font_size=size,
            ),
            MathTex(r"J_{\mathbf{f}} =", matrix(story.matrix), font_size=size),
            MathTex(
                r"J_{\mathbf{f}}(p)",
                *(
                    [r"=", matrix(story.exact_at_point)]
                    if story.exact_at_point == story.rounded_at_point
                    else [r"\approx", matrix(story.rounded_at_point)]
                ),
                color=style.DERIVATIVE,
                font_size=size,
            ),
        )

    def build_readouts(self) -> VGroup:
        """The half-side h and the largest gap between the two images."""
        story, size, h = self.story, self.TEX[self.shape], self.h
        return stack(
            Readout("h", h.get_value, decimals=2, color=style.FUNCTION, font_size=size),
            Readout(
                r"\text{largest gap}",
                lambda: story.gap(h.get_value()),
                decimals=3,
                font_size=size,
            ),
        )

    def build_planes(self, width: float, height: float) -> VGroup:
        """The input plane (zooming in on p) and the output plane, under their captions."""
        story, size = self.story, self.TEX[self.shape]
        self.input_caption = MathTex(r"p + h\,s", color=style.FUNCTION, font_size=size)
        self.output_caption = MathTex(
            r"\tfrac{1}{h}\left(\mathbf{f}(p + h\,s) - \mathbf{f}(p)\right)",
            r"\ \text{vs}\ ",
            r"J(p)\,s",
            font_size=size,
        )
        self.output_caption[0].set_color(style.FUNCTION)
        self.output_caption[2].set_color(style.DERIVATIVE)
        beside = self.shape != "portrait"
        caption = max(self.input_caption.height, self.output_caption.height) + 0.2
        side = (
            min((width - self.PLANE_GAP) / 2, height - caption)
            if beside
            else min(width, (height - self.PLANE_GAP) / 2 - caption)
        )
        for title in (self.input_caption, self.output_caption):
            fit_within(title, side, title.height)
        self.window = PlotWindow(
            [story.input_view(h) for h in story.sizes], side, side, framed=True
        )
        self.output_axes = map_axes(
            *story.output_spans, side, r"\Delta f_1", r"\Delta f_2"
        )
        planes = VGroup(
            VGroup(self.input_caption, self.window.axes).arrange(DOWN, buff=0.2),
            VGroup(self.output_caption, self.output_axes).arrange(DOWN, buff=0.2),
        )
        return planes.arrange(RIGHT if beside else DOWN, buff=self.PLANE_GAP)

    def build_grids(self) -> None:
        """The square around p, its image under f and under J(p); p and its label."""
        story, h, window = self.story, self.h, self.window

        def grid(color: ManimColor, count: int) -> VGroup:
            return VGroup(
                *(VMobject(stroke_color=color, stroke_width=2.5) for _ in range(count))
            )

        def follow(
            lines: VGroup,
            screen: Callable[[np.ndarray], np.ndarray],
            points: Callable[[float], np.ndarray],
        ) -> VGroup:
            def update(m: VGroup) -> None:
                for line, samples in zip(m, points(h.get_value()), strict=True):
                    polyline(line, screen(samples))

            # (an updater is called with its own mobject: Manim types any Mobject)
            return lines.add_updater(update, call_updater=True)  # type: ignore[arg-type]

        count = len(story.offsets())
        self.square = follow(
            grid(style.FUNCTION, count), window.to_screen, story.square
        )
        self.image = follow(
            grid(style.FUNCTION, count),
            lambda samples: to_screen(self.output_axes, samples),
            story.image,
        )
        self.linear_image = grid(style.DERIVATIVE, count)
        for line, samples in zip(self.linear_image, story.linear_image(), strict=True):
            polyline(line, to_screen(self.output_axes, samples))
        p = window.c2p(*story.point)  # the middle of every view: it stays put
        self.point = Dot(p, color=style.POINT)
        self.point_label = label_point(
            MathTex("p", font_size=style.LABEL_SIZE, color=style.POINT),
            p,
            [window.axes, self.square],
            sides=(UR, UL, DR, DL),
            within=window.axes,
            plated=True,  # the grid shrinks under it
        )
