"""Chapter 4, gradient descent: the lost hiker, a regression fit and the learning rate."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

import numpy as np
import sympy
from manim import *

from scenes import style
from scenes.base import LectureScene, LectureThreeDScene, fit_within
from scenes.widgets.cards import label_text
from scenes.widgets.layout import (
    arrange_row,
    draw_changing_last,
    room_left,
    stack,
)
from scenes.widgets.motion import fade, step_by_step
from scenes.widgets.plots import (
    RatePanel,
    Walk,
    clear_axes,
    level_curves,
    line_through,
    map_axes,
    off_the_map,
    polyline,
    scalar,
    shown_points,
    span_axes,
    to_screen,
    walker,
)
from scenes.widgets.readouts import Readout
from scenes.widgets.space import (
    bake,
    camera_of,
    fit_view,
    on_screen,
    seen_size,
    standing,
)
from storyboard.descent import (
    ComparisonStory,
    HikerStory,
    OvershootStory,
    RateRun,
    RegressionStory,
)

if TYPE_CHECKING:
    from manim.mobject.mobject import _AnimationBuilder

__all__ = [
    "LearningRateComparison",
    "LearningRateOvershoot",
    "LinearRegressionDescent",
    "LostHiker",
]


class LostHiker(LectureThreeDScene[HikerStory]):
    """The hiker walks down the valley by the three steps of gradient descent."""

    PHI, THETA = 60 * DEGREES, -90 * DEGREES
    RESOLUTION = (24, 24)
    PANEL_GAP = 0.5
    SPELLED_OUT = 2
    """Steps walked with the three steps of the loop shown one by one."""
    LAND_SHARE = 0.58
    """The least share of the free width (or height) the land gets."""

    @property
    def step_rows(self) -> tuple[tuple[str, str | None, ManimColor | None, str], ...]:
        """The slides' three steps: a name, a symbol, its colour and a short line each."""
        return (
            ("Step 1", r"-\nabla h", style.GRADIENT, "Find the steepest slope"),
            (
                "Step 2",
                r"-\alpha\,\nabla h",
                style.SECANT,
                "Walk some distance that way",
            ),
            ("Step 3", None, None, "Repeat steps 1 and 2"),
        )

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA)
        self.axes = ThreeDAxes(
            x_range=(*story.x_range, 1),
            y_range=(*story.y_range, 1),
            z_range=(*story.height_range, 5),
            x_length=4,
            y_length=4,
            z_length=1.6,
        )
        self.land = self.build_land()
        self.title = self.make_title()
        self.steps = self.build_steps()
        self.walk = Walk(story.path.points)
        self.readouts = self.build_readouts()
        self.marker = self.step_marker()
        self.lay_out()
        self.add_fixed_in_frame_mobjects(self.title, self.steps_block, self.readouts)
        self.remove(self.steps_block, self.readouts)
        self.build_walkers()

    def construct(self) -> None:
        story, path = self.story, self.story.path
        # The valley and its shelter.
        with self.narrate(
            "Lost in the mountains: the shelter is at the lowest point of the valley."
        ):
            bake(self, self.land)
            self.play(FadeIn(self.title), run_time=0.5)
            self.play(FadeIn(self.shelter, shift=0.2 * UP))
        # The hiker, high on the slope, and the three steps.
        with self.narrate(
            "Without a map, the hiker repeats three steps, feeling the slope underfoot."
        ):
            self.add(self.anchor, self.trail, self.steps, self.readouts)
            self.play(
                FadeIn(self.hiker), fade(self.steps, 0, 1), fade(self.readouts, 0, 1)
            )
            self.play(FadeIn(self.marker))
            draw_changing_last(self)
        for k in range(self.SPELLED_OUT):
            self.spelled_out_step(k, run_time=1.0 if k == 0 else 0.6)
        # Step 3: repeat until the ground is flat.
        with self.narrate(
            "Step 3: repeat. Where the slope is gentler, the steps get shorter."
        ):
            self.play(self.highlight(2))
            step = self.arrow(self.SPELLED_OUT, story.learning_rate, style.SECANT)
            step.add_updater(
                lambda m: m.become(
                    self.flat_arrow(
                        self.walk.reached, story.learning_rate, style.SECANT
                    )
                )
            )
            self.add(step)
            self.play(
                self.walk.to(
                    path.steps,
                    run_time=0.35 * (path.steps - self.SPELLED_OUT),
                    rate_func=linear,
                )
            )
            self.remove(step)
        # The shelter.
        with self.narrate(
            "The slope is flat: the hiker has reached the shelter, the lowest point."
        ):
            self.play(
                Indicate(self.readouts[3], color=style.GRADIENT),
                Indicate(self.shelter, color=style.RISING),
            )
            self.wait(1.5)

    def spelled_out_step(self, k: int, run_time: float) -> None:
        """Walk from point ``k`` to ``k + 1`` of the path, each step of the loop shown."""
        with self.narrate(
            "Step 1: find the steepest slope. Minus the gradient points straight downhill."
            if k == 0
            else "Step 1 again: the steepest way down from here."
        ):
            slope = self.arrow(k, 1.0, style.GRADIENT)
            self.play(self.highlight(0), GrowArrow(slope), run_time=run_time)
            self.wait(run_time / 2)
        with self.narrate(
            "Step 2: walk some distance that way, alpha times the gradient."
            if k == 0
            else "Step 2: walk alpha times the gradient."
        ):
            step = self.arrow(k, self.story.learning_rate, style.SECANT)
            self.play(
                self.highlight(1), ReplacementTransform(slope, step), run_time=run_time
            )
            self.play(self.walk.to(k + 1, run_time=1.5 * run_time))
            self.play(FadeOut(step), run_time=run_time / 2)

    def build_land(self) -> Surface:
        """The terrain's surface, coloured by height."""
        story = self.story
        land = Surface(
            lambda u, v: to_screen(self.axes, [u, v, float(story.height(u, v))])[0],
            u_range=story.x_range,
            v_range=story.y_range,
            resolution=self.RESOLUTION,
            fill_opacity=0.95,
            stroke_width=0.4,
            stroke_color=style.BACKGROUND,
        )
        low, middle, high = style.LAND
        top = story.height_range[1]
        return land.set_fill_by_value(
            axes=self.axes,
            colorscale=[(low, 0), (middle, top / 4), (high, top)],
            axis=2,
        )

    def build_steps(self) -> VGroup:
        """The slides' three steps, each row a name, a symbol and a short line."""
        rows = []
        for name, symbol, color, words in self.step_rows:
            head = VGroup(label_text(name, style.LABEL_SIZE, style.ACCENT))
            if symbol:
                head.add(MathTex(symbol, font_size=style.HEADING_SIZE, color=color))
            head.arrange(RIGHT, buff=0.3)
            rows.append(stack(head, label_text(words, style.LABEL_SIZE), buff=0.12))
        return stack(*rows, buff=0.35)

    def build_readouts(self) -> VGroup:
        """Alpha, the step, the height and the slope underfoot, read off the walk."""
        story, path, walk = self.story, self.story.path, self.walk
        size = style.HEADING_SIZE
        # Lambdas of the walk, not of the scene: animations deep-copy the readouts.
        return stack(
            MathTex(
                rf"\alpha = {story.learning_rate:g}", font_size=size, color=style.SECANT
            ),
            Readout(r"\text{step}", lambda: walk.reached, decimals=0, font_size=size),
            Readout(
                "h",
                lambda: path.values[walk.reached],
                color=style.FUNCTION,
                font_size=size,
            ),
            Readout(
                r"|\nabla h|",
                lambda: float(np.linalg.norm(path.gradients[walk.reached])),
                color=style.GRADIENT,
                font_size=size,
            ),
            buff=0.2,
        )

    def lay_out(self) -> None:
        """The steps, the readouts and the land, by the frame's shape.

        The land takes the room first: a stand-in of its outline is laid out with
        the texts, and the land (with its axes) is framed to fill it. The texts go
        beside it in landscape, above and under it in portrait, in a row under it
        in a square.
        """
        self.steps_block = VGroup(self.marker, self.steps)
        gap = self.PANEL_GAP
        if self.shape == "landscape":
            texts = [stack(self.steps_block, self.readouts, buff=gap)]
        elif self.shape == "portrait":
            texts = [self.steps_block, self.readouts]
        else:
            texts = [arrange_row(self.steps_block, self.readouts, buff=gap)]
        width, height = room_left(self, *texts, buff=gap, share=self.LAND_SHARE)
        outline = seen_size(self, self.land)
        region = Rectangle(width=outline[0], height=outline[1])
        region.scale(min(width / region.width, height / region.height))
        if self.shape == "portrait":
            panels = [self.steps_block, region, self.readouts]
        else:
            panels = [region, *texts]
        self.layout_panels(*panels, buff=gap)
        fit_view(self, VGroup(self.axes, self.land), region, guide=self.land)

    def build_walkers(self) -> None:
        """The hiker on the ground, the shelter at the minimum, the trail behind."""
        story, axes, walk = self.story, self.axes, self.walk
        self.anchor = VectorizedPoint(self.ground(0))
        self.anchor.add_updater(lambda m: m.move_to(self.ground(walk.t.get_value())))
        self.hiker = standing(self, self.anchor, "hiker", 0.45)
        self.shelter_foot = VectorizedPoint(axes.c2p(*story.shelter, 0))
        self.shelter = standing(self, self.shelter_foot, "shelter", 0.3, 0.6)
        self.trail = VMobject(stroke_color=style.ACCENT, stroke_width=5)
        self.trail.add_updater(
            lambda m: polyline(m, to_screen(axes, story.trail(walk.t.get_value())))
        )

    def ground(self, t: float) -> np.ndarray:
        """Where the hiker stands ``t`` steps into the walk, on screen (3D)."""
        return self.axes.c2p(*self.story.position(t))

    def step_marker(self) -> Triangle:
        """A pointer beside the step being taken."""
        marker = Triangle(color=style.ACCENT, fill_opacity=1, stroke_width=0)
        marker.rotate(-PI / 2).scale_to_fit_height(0.22)
        return marker.next_to(self.steps, LEFT, buff=0.15).match_y(self.steps[0][0])

    def highlight(self, index: int) -> _AnimationBuilder:
        """Move the marker to step ``index`` of the loop."""
        # (Manim types .animate as the mobject too)
        marker = cast("_AnimationBuilder", self.marker.animate)
        return marker.match_y(self.steps[index][0])

    def arrow(self, k: int, scale: float, color: ManimColor) -> Arrow:
        """The arrow from point ``k`` of the walk along ``-scale`` times the gradient.

        Drawn flat on the screen between the two points of the ground (see
        :meth:`arrow_ends`), pinned to the frame: it reads better than one in
        perspective.
        """
        arrow = self.flat_arrow(k, scale, color)
        camera_of(self).add_fixed_in_frame_mobjects(arrow)
        return arrow

    def flat_arrow(self, k: int, scale: float, color: ManimColor) -> Arrow:
        """The arrow of :meth:`arrow`, not yet pinned to the frame."""
        return Arrow(
            *(on_screen(self, point) for point in self.arrow_ends(k, scale)),
            buff=0,
            color=color,
            stroke_width=5,
            max_tip_length_to_length_ratio=0.3,
        )

    def arrow_ends(self, k: int, scale: float) -> np.ndarray:
        """Points of the ground (3D) at point ``k`` of the walk and ``-scale`` grad h on."""
        story = self.story
        start = story.path.points[k]
        ends = np.array([start, start - scale * story.path.gradients[k]])
        heights = story.height(ends[:, 0], ends[:, 1])
        return to_screen(self.axes, np.column_stack([ends, heights]))


class LinearRegressionDescent(LectureScene[RegressionStory]):
    """Gradient descent fits a line: the line and the path on the cost's level curves."""

    SLOW_STEPS = 5
    """Steps taken one by one before the rest run fast."""
    PLOT_GAP = 0.6
    """Between the data plot and the cost map."""
    MAP_SHARE = 0.58
    """The cost map's share of the room the two plots have."""
    PLOTS_SHARE = 0.62
    """The least share of the free width (or height) the two plots get together."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        self.walk = Walk(story.path.points)
        self.rules = self.build_rules()
        self.readouts = self.build_readouts()
        a, b = story.solution
        self.solution = MathTex(
            rf"\text{{least squares:}}\\ a = {a:.3f},\ b = {b:.3f}",
            font_size=style.BODY_SIZE,
            color=style.RISING,
        )
        self.model = MathTex(
            "y = a x + b", font_size=style.BODY_SIZE, color=style.ACCENT
        )
        self.cost = MathTex(
            r"J(a, b) = \frac{1}{m}\sum_{i=1}^{m} (a x_i + b - y_i)^2",
            font_size=style.LABEL_SIZE,
        )
        formulas = VGroup(
            self.rules, VGroup(self.readouts, self.solution).arrange(DOWN, buff=0.3)
        )
        # Beside the plots in landscape, in a row under them otherwise.
        if self.is_landscape:
            formulas.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        else:
            formulas.arrange(RIGHT, buff=0.6, aligned_edge=UP)
        plots = self.build_plots(*room_left(self, formulas, share=self.PLOTS_SHARE))
        self.layout_panels(plots, formulas)
        self.build_data()

    def construct(self) -> None:
        story, walk = self.story, self.walk
        # The data and the model line.
        with self.narrate("Fit a line y = a x + b to the data points."):
            self.play(
                Create(self.axes), FadeIn(self.points, lag_ratio=0.05), run_time=1.5
            )
            self.play(Write(self.model), Create(self.line))
        # The cost and its level curves.
        with self.narrate(
            "The cost J, the mean squared error, is a bowl over the (a, b) plane."
        ):
            self.play(Create(self.map), Write(self.cost), run_time=1.0)
            self.play(Create(self.contours, lag_ratio=0.1), run_time=1.5)
        # Start, then the update rules, one step at a time.
        with self.narrate(
            "Start from a flat line; repeat: a := a - alpha dJ/da, b := b - alpha dJ/db."
        ):
            self.add(self.rules, self.readouts)
            self.play(
                FadeIn(self.walker), fade(self.rules, 0, 1), fade(self.readouts, 0, 1)
            )
            draw_changing_last(self)
            slow = min(self.SLOW_STEPS, story.path.steps)
            self.play(walk.to(slow, run_time=0.9 * slow, rate_func=step_by_step(slow)))
        # The rest of the way, fast, until nothing on screen changes any more.
        with self.narrate(
            "The cost falls with every step; the steps shrink as the bowl flattens."
        ):
            self.play(walk.to(story.settled, run_time=10, rate_func=rush_from))
        # It ends on the least-squares line.
        with self.narrate("Gradient descent ends on the least-squares line."):
            self.play(FadeIn(self.cross, scale=1.5), Write(self.solution))
            self.wait(3)

    def build_rules(self) -> VGroup:
        """The slides' update rules and the run's settings."""
        story = self.story
        size = style.BODY_SIZE
        return stack(
            MathTex(r"a := a - \alpha \frac{\partial J}{\partial a}", font_size=size),
            MathTex(r"b := b - \alpha \frac{\partial J}{\partial b}", font_size=size),
            MathTex(
                rf"\alpha = {story.learning_rate:g}, \quad m = {len(story.data.x)}",
                font_size=size,
                color=style.SECANT,
            ),
        )

    def build_readouts(self) -> VGroup:
        """The iteration, the cost, the parameters and the gradient, live."""
        path, walk = self.story.path, self.walk
        return VGroup(
            Readout("k", lambda: walk.reached, decimals=0),
            Readout("J", lambda: path.values[walk.reached], 4, style.DERIVATIVE),
            Readout("a", lambda: path.points[walk.reached, 0], 3, style.POINT),
            Readout("b", lambda: path.points[walk.reached, 1], 3, style.POINT),
            Readout(
                r"\tfrac{\partial J}{\partial a}",
                lambda: path.gradients[walk.reached, 0],
                3,
                style.GRADIENT,
            ),
            Readout(
                r"\tfrac{\partial J}{\partial b}",
                lambda: path.gradients[walk.reached, 1],
                3,
                style.GRADIENT,
            ),
        ).arrange_in_grid(cols=2, col_alignments="ll", buff=(0.6, 0.3))

    def build_plots(self, width: float, height: float) -> VGroup:
        """The data plot and the cost map, each under its formula, sized to the room.

        The map takes at most its share of the room, and the data plot the rest
        (a narrow map leaves it more).
        """
        story = self.story
        headed = max(self.model.height, self.cost.height) + 0.2
        portrait = self.shape == "portrait"  # one above the other
        if portrait:
            free = height - self.PLOT_GAP - 2 * headed
            box = (width, self.MAP_SHARE * free)
        else:
            free = width - self.PLOT_GAP
            box = (self.MAP_SHARE * free, height - headed)
        self.map = map_axes(story.a_range, story.b_range, box[0], "a", "b", box[1])
        # Across, the map's column is as wide as the map or its formula.
        column = max(self.map.width, min(self.cost.width, box[0]))
        left = free - (self.map.height if portrait else column)
        sizes = [(width, left) if portrait else (left, height - headed), box]
        self.axes = span_axes(story.x_range, story.y_range, *sizes[0])
        for formula, plot, size in zip(
            (self.model, self.cost), (self.axes, self.map), sizes, strict=True
        ):
            fit_within(formula, size[0], formula.height)
            formula.next_to(plot, UP, buff=0.2)
        plots = VGroup(VGroup(self.axes, self.model), VGroup(self.map, self.cost))
        if self.shape == "portrait":
            return plots.arrange(DOWN, buff=self.PLOT_GAP)
        return plots.arrange(RIGHT, buff=self.PLOT_GAP, aligned_edge=DOWN)

    def build_data(self) -> None:
        """The points, the moving line, the cost's level curves, the walker, the cross."""
        story, walk = self.story, self.walk
        data = np.column_stack([story.data.x, story.data.y])
        self.points = VGroup(
            *(Dot(p, radius=0.05, color=style.TEXT) for p in to_screen(self.axes, data))
        )
        self.line = self.model_line(*walk.position())
        self.line.add_updater(
            lambda m: m.set_points(self.model_line(*walk.position()).points)
        )
        self.contours = level_curves(
            self.map, story.levels, low=style.FUNCTION, high=style.MUTED
        )
        self.walker = walker(self.map, walk, style.POINT)
        point = self.map.c2p(*story.solution)
        self.cross = VGroup(
            *(Line(point - 0.12 * corner, point + 0.12 * corner) for corner in (UL, UR))
        ).set_stroke(style.RISING, width=4)

    def model_line(self, a: float, b: float) -> Line:
        """The line y = a x + b across the data plot."""
        middle = sum(self.story.x_range) / 2
        return line_through(
            self.axes, middle, a * middle + b, a, 20, color=style.ACCENT, stroke_width=4
        )


class LearningRateComparison(LectureScene[ComparisonStory]):
    """Four learning rates on one function from one start: mathviz's four verdicts."""

    SLOW_STEPS = 10
    """Steps taken slowly, one by one, before the rest run fast."""
    MAP_ASPECT: ClassVar[dict[str, float]] = {
        "landscape": 1.8,
        "portrait": 0.8,
        "square": 1.6,
    }
    """Each map's width over its height: wide in a wide frame, square in a tall one."""
    GAP = 0.3
    """Between the panels."""

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        unit = 1 / story.curvature
        self.function = VGroup(
            *(
                MathTex(tex, font_size=style.BODY_SIZE)
                for tex in (
                    rf"f(x, y) = {sympy.latex(story.function)}",
                    rf"L = {style.number(story.curvature)}",
                    rf"\frac{{1}}{{L}} = {style.number(unit)}",
                    rf"\frac{{2}}{{L}} = {style.number(2 * unit)}",
                )
            )
        )
        if self.is_landscape:
            self.function.arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        elif self.shape == "portrait":  # f over its L, 1/L and 2/L
            limits = VGroup(*self.function[1:]).arrange(RIGHT, buff=0.5)
            VGroup(self.function[0], limits).arrange(DOWN, buff=0.3)
        else:
            self.function.arrange(RIGHT, buff=0.5)
        self.clock = ValueTracker(0)
        # The maps in a 2 x 2 grid, as large as the room the function leaves.
        self.framed = framed = story.framed(self.MAP_ASPECT[self.shape])
        width, height = room_left(self, self.function, share=0.7)
        aspect = np.ptp(framed.x_range) / np.ptp(framed.y_range)
        side = min((width - self.GAP) / 2, aspect * (height - self.GAP) / 2)
        panels = [RatePanel(framed, run, self.clock, side) for run in framed.runs]
        self.panels = VGroup(*panels).arrange_in_grid(rows=2, cols=2, buff=self.GAP)
        self.layout_panels(self.panels, self.function, buff=0.5)
        for panel in panels:  # they appear later
            panel.remove(panel.flag, panel.verdict)
        self.changing = VGroup(*(panel.detach_changing() for panel in panels))

    def construct(self) -> None:
        story, clock = self.story, self.clock
        # (a group's parts are typed as VMobjects)
        panels = cast(list[RatePanel], list(self.panels))
        # Same function, same start, four rates.
        with self.narrate("One bowl, one start, four learning rates."):
            self.add(self.panels, self.changing)
            self.play(
                FadeIn(self.function),
                fade(self.panels, 0, 1),
                fade(self.changing, 0, 1),
                run_time=1,
            )
            self.wait()
            draw_changing_last(self)
        # The first steps, slowly; paths that leave their map are flagged.
        with self.narrate(
            "Too small crawls; good walks in; large zig-zags; too large flies off."
        ):
            exits = {p.run.view.shown for p in panels if p.run.view.leaves}
            start = 0
            for stop in sorted({*exits, self.SLOW_STEPS}):
                self.play(
                    clock.animate.set_value(stop),
                    run_time=0.6 * (stop - start),
                    rate_func=linear,
                )
                flags = [p.flag for p in panels if p.run.view.shown == stop]
                if flags:
                    self.play(*(FadeIn(flag, scale=1.3) for flag in flags))
                start = stop
        # The rest of the budget, fast.
        with self.narrate(f"Run each one up to {story.max_steps} steps."):
            self.play(
                clock.animate.set_value(story.max_steps),
                run_time=5,
                rate_func=rush_into,
            )
        # Mathviz's verdicts.
        with self.narrate("The verdicts, computed by mathviz."):
            self.play(*(FadeIn(p.verdict, shift=0.2 * UP) for p in panels))
            self.wait(1.5)
        # Where the boundaries lie: 1/L and 2/L (rates as multiples of 1/L).
        multiple = {
            panel: panel.run.learning_rate * story.curvature for panel in panels
        }
        below = [panel for panel in panels if multiple[panel] < 1]
        beyond = [panel for panel in panels if multiple[panel] > 1]
        with self.narrate("Below 1/L every step heads straight for the minimum."):
            self.play(
                Indicate(self.function[2]), *(Indicate(p.verdict[1]) for p in below)
            )
            self.wait(1)
        with self.narrate(
            "Between 1/L and 2/L each step overshoots, yet lands closer; past 2/L, farther."
        ):
            self.play(
                Indicate(self.function[3]), *(Indicate(p.verdict[1]) for p in beyond)
            )
            self.wait(2)


class LearningRateOvershoot(LectureScene[OvershootStory]):
    """Past 2/L every jump overshoots farther; below it the same start settles."""

    ONE_BY_ONE = 8
    """Jumps drawn one at a time; the rest are drawn together."""

    @property
    def colors(self) -> tuple[ManimColor, ManimColor]:
        """The unsafe run's and the safe run's."""
        return style.FALLING, style.RISING

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.add(self.make_title())
        self.runs = (story.unsafe, story.safe)
        size = style.BODY_SIZE
        self.curve_label = MathTex(
            rf"f(x) = {sympy.latex(story.function)}, \quad",
            rf"L = f'' = {style.number(story.curvature)}, \quad "
            rf"\frac{{2}}{{L}} = {style.number(story.limit)}",
            font_size=size,
        )
        self.curve_label[0].set_color(style.FUNCTION)
        self.rule = MathTex(
            r"x_{k+1} = x_k - \alpha f'(x_k)"
            + (
                r" = (1 - \alpha L)\, x_k"
                if story.minimum == 0
                else rf",\quad {self.gap('k+1')} = (1 - \alpha L)\, {self.gap('k')}"
            ),
            font_size=size,
        )
        self.rates = VGroup(
            *(
                self.rate_line(run, color, relation)
                for run, color, relation in zip(
                    self.runs, self.colors, (">", "<"), strict=True
                )
            )
        )
        card = stack(self.curve_label, self.rule, *self.rates, buff=0.35)
        # The plot above the card: its lines are long in every frame.
        width, height = room_left(self, card, direction=DOWN)
        self.axes = span_axes(story.x_range, story.y_range, width, height, "x", "f(x)")
        VGroup(self.axes, card).arrange(DOWN, buff=0.5).move_to(self.content_center())
        self.curve = self.axes.plot(
            scalar(story.f), x_range=story.x_range, color=style.FUNCTION
        )
        on_curve = [
            np.column_stack([run.path.points[:, 0], run.path.values])
            for run in self.runs
        ]
        self.jumps = [
            self.jump_lines(run, points, color)
            for run, points, color in zip(self.runs, on_curve, self.colors, strict=True)
        ]
        self.flag = off_the_map(self.axes, story.unsafe.view, on_curve[0])
        clear_axes(self.axes, self.curve, *self.jumps, self.flag)

    def construct(self) -> None:
        # The parabola and its stability limit.
        with self.narrate(
            "A parabola with curvature L: gradient descent is stable only below 2/L."
        ):
            self.play(
                Create(self.axes),
                Create(self.curve),
                Write(self.curve_label),
                run_time=1.5,
            )
            self.play(Write(self.rule))
        # Past the limit: each jump lands farther out.
        with self.narrate(
            "Past the limit, each jump overshoots the minimum and lands farther out."
        ):
            self.play(FadeIn(self.rates[0]), FadeIn(self.jumps[0][0]))
            self.draw_jumps(self.jumps[0])
            self.play(FadeIn(self.flag, scale=1.3))
        # The same start, a safe rate.
        with self.narrate(
            "The same start with a rate below 2/L settles at the minimum."
        ):
            self.play(FadeIn(self.rates[1]), FadeIn(self.jumps[1][0]))
            self.draw_jumps(self.jumps[1])
            self.wait(2)

    def jump_lines(self, run: RateRun, points: np.ndarray, color: ManimColor) -> VGroup:
        """The start's dot, then one segment and dot per jump the plot shows.

        A jump that leaves the plot ends at its edge, with no dot: no iterate is there.
        """
        shown = to_screen(self.axes, shown_points(run.view, points))
        iterates = len(shown) - (1 if run.view.leaves else 0)
        return VGroup(
            Dot(shown[0], radius=0.06, color=color),
            *(
                VGroup(
                    Line(shown[k - 1], shown[k], color=color, stroke_width=3),
                    *(
                        [Dot(shown[k], radius=0.06, color=color)]
                        if k < iterates
                        else []
                    ),
                )
                for k in range(1, len(shown))
            ),
        )

    def draw_jumps(self, jumps: VGroup) -> None:
        """Draw the jumps one after the other, the last ones together."""
        one_by_one = jumps[1 : self.ONE_BY_ONE + 1]
        self.play(
            Succession(*(Create(jump, lag_ratio=0.8) for jump in one_by_one)),
            run_time=0.6 * len(one_by_one),
        )
        if len(jumps) > self.ONE_BY_ONE + 1:
            self.play(Create(jumps[self.ONE_BY_ONE + 1 :], lag_ratio=0.5), run_time=1)

    def gap(self, k: str) -> str:
        """LaTeX of the distance of x_k from the minimum x* (just x_k when x* = 0)."""
        return f"x_{{{k}}}" if self.story.minimum == 0 else f"(x_{{{k}}} - x^*)"

    def rate_line(self, run: RateRun, color: ManimColor, relation: str) -> MathTex:
        """The rate against the limit, what each step does to x, and the verdict."""
        return MathTex(
            rf"\alpha = {run.learning_rate:g} {relation} \frac{{2}}{{L}}:"
            rf"\quad {self.gap('k+1')} = {self.story.factor(run):.2g}\, {self.gap('k')}"
            rf"\quad \text{{({run.regime.value})}}",
            font_size=style.BODY_SIZE,
            color=color,
        )
