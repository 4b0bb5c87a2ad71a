"""Chapter 4, gradient descent: the lost hiker, a regression fit and the learning rate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import sympy
from manim import *

from mathviz.descent import Regime
from mathviz.paths import PanelView, along
from scenes import style
from scenes.base import LectureScene, LectureThreeDScene
from scenes.widgets.cards import label_text
from scenes.widgets.layout import stack
from scenes.widgets.motion import fade
from scenes.widgets.plots import level_curves, line_through, map_axes, span_axes
from scenes.widgets.readouts import Readout
from storyboard.descent import ComparisonStory, RateRun

__all__ = [
    "LearningRateComparison",
    "LearningRateOvershoot",
    "LinearRegressionDescent",
    "LostHiker",
]

VERDICT_COLORS = {
    Regime.TOO_SMALL: style.MUTED,
    Regime.GOOD: style.RISING,
    Regime.OSCILLATING: style.SECANT,
    Regime.DIVERGING: style.FALLING,
}
"""The colour of each verdict on a learning rate."""

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def land_colors() -> list[ManimColor]:
    """Colours of the land from the valley floor to the peaks."""
    return [
        interpolate_color(style.BACKGROUND, style.FUNCTION, 0.2),
        style.FUNCTION,
        interpolate_color(style.FUNCTION, style.TEXT, 0.7),
    ]


def on_screen(axes: CoordinateSystem, coords: np.ndarray) -> np.ndarray:
    """Screen points of an array of coordinates (one row per point), always 2-D."""
    return np.atleast_2d(axes.c2p(np.asarray(coords)))


def step_by_step(steps: int) -> Callable[[float], float]:
    """A rate function that eases in and out of each of ``steps`` equal steps."""

    def rate(alpha: float) -> float:
        done, fraction = divmod(alpha * steps, 1)
        if done >= steps:
            return 1.0
        return (done + smooth(fraction)) / steps

    return rate


def draw_changing_last(scene: Scene) -> None:
    """Reorder the scene so that only what changes is redrawn on every frame.

    On every frame Manim redraws each mobject from the first changing one (one with
    an updater in its family) onwards. Groups mixing still and changing parts (a
    readout's label and number) are taken apart; the still parts go first, the
    changing ones last.
    """
    still: list[Mobject] = []
    changing: list[Mobject] = []

    def sort(mobject: Mobject) -> None:
        if not mobject.get_family_updaters():
            still.append(mobject)
        elif mobject.updaters or not mobject.submobjects:
            changing.append(mobject)
        else:
            for part in mobject.submobjects:
                sort(part)

    for mobject in scene.mobjects:
        sort(mobject)
    scene.remove(*scene.mobjects)
    scene.add(*still, *changing)


def polyline(mobject: VMobject, points: np.ndarray) -> VMobject:
    """Make ``mobject`` the path through ``points`` (one point: a dot of no length)."""
    return mobject.set_points_as_corners(np.vstack([points[:1], points]))


def arrange_row(*mobjects: Mobject, buff: float) -> VGroup:
    """Side by side, tops aligned."""
    return VGroup(*mobjects).arrange(RIGHT, aligned_edge=UP, buff=buff)


class Walk:
    """A path walked step by step, ``t`` steps in (see :func:`mathviz.paths.along`)."""

    def __init__(self, points: np.ndarray, clock: ValueTracker | None = None) -> None:
        self.points = points
        self.t = clock if clock is not None else ValueTracker(0)

    @property
    def reached(self) -> int:
        """The last point of the path reached."""
        return min(int(np.floor(self.t.get_value() + 1e-9)), len(self.points) - 1)

    def position(self) -> np.ndarray:
        """Where the walker is."""
        return along(self.points, self.t.get_value())

    def trail(self) -> np.ndarray:
        """The path walked so far, up to the walker."""
        return np.vstack([self.points[: self.reached + 1], self.position()])

    def to(self, k: float, run_time: float, **kwargs) -> Animation:
        """Walk on to ``k`` steps in."""
        return self.t.animate(run_time=run_time, **kwargs).set_value(k)


class LostHiker(LectureThreeDScene):
    """The hiker walks down the valley by the three steps of gradient descent."""

    PHI, THETA = 60 * DEGREES, -90 * DEGREES
    RESOLUTION = (24, 24)
    PANEL_GAP = 0.5
    SPELLED_OUT = 2
    """Steps walked with the three steps of the loop shown one by one."""

    def construct(self):
        data = self.story
        path = data.path
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA)
        self.axes = axes = ThreeDAxes(
            x_range=(*data.x_range, 1),
            y_range=(*data.y_range, 1),
            z_range=(*data.height_range, 5),
            x_length=4,
            y_length=4,
            z_length=1.6,
        )
        land = self.land()
        title = self.make_title()
        self.steps = steps = self.step_labels()
        self.walk = walk = Walk(path.points)
        # Lambdas, not bound methods: animations deep-copy the readouts.
        size = style.HEADING_SIZE
        self.readouts = readouts = stack(
            MathTex(
                rf"\alpha = {data.learning_rate:g}", font_size=size, color=style.SECANT
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
                lambda: np.linalg.norm(path.gradients[walk.reached]),
                color=style.GRADIENT,
                font_size=size,
            ),
            buff=0.2,
        )
        self.marker = self.step_marker()
        steps_block = VGroup(self.marker, steps)
        gap = self.PANEL_GAP
        if self.shape == "landscape":
            panels = [stack(steps_block, readouts, buff=gap), land]
        elif self.shape == "portrait":
            panels = [steps_block, land, readouts]
        else:
            panels = [arrange_row(steps_block, readouts, buff=gap), land]
        self.place_land(land, panels)
        self.land = land
        self.add_fixed_in_frame_mobjects(title, steps_block, readouts)
        self.remove(steps_block, readouts)

        zoom = self.renderer.camera.get_zoom()
        self.anchor = VectorizedPoint(self.ground(0))
        self.anchor.add_updater(lambda m: m.move_to(self.ground(walk.t.get_value())))
        self.hiker = self.standing(self.anchor, "hiker", 0.45 * zoom)
        self.shelter_foot = VectorizedPoint(axes.c2p(*data.shelter, 0))
        self.shelter = self.standing(self.shelter_foot, "shelter", 0.3 * zoom, 0.6)
        self.trail = VMobject(stroke_color=style.ACCENT, stroke_width=5)
        self.trail.add_updater(
            lambda m: polyline(m, on_screen(axes, data.trail(walk.t.get_value())))
        )

        # The valley and its shelter.
        with self.narrate(
            "Lost in the mountains: the shelter is at the lowest point of the valley."
        ):
            self.bake(land)
            self.play(FadeIn(title), run_time=0.5)
            self.play(FadeIn(self.shelter, shift=0.2 * UP))
        # The hiker, high on the slope, and the three steps.
        with self.narrate(
            "Without a map, the hiker repeats three steps, feeling the slope underfoot."
        ):
            self.add(self.anchor, self.trail)
            self.add(steps, readouts)
            self.play(FadeIn(self.hiker), fade(steps, 0, 1), fade(readouts, 0, 1))
            self.play(FadeIn(self.marker))
            draw_changing_last(self)
        for k in range(self.SPELLED_OUT):
            self.spelled_out_step(k, run_time=1.0 if k == 0 else 0.6)
        # Step 3: repeat until the ground is flat.
        with self.narrate(
            "Step 3: repeat. Where the slope is gentler, the steps get shorter."
        ):
            self.play(self.highlight(2))
            step = self.arrow(self.SPELLED_OUT, data.learning_rate, style.SECANT)
            step.add_updater(
                lambda m: m.become(
                    self.flat_arrow(walk.reached, data.learning_rate, style.SECANT)
                )
            )
            self.add(step)
            self.play(
                walk.to(
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
                Indicate(readouts[3], color=style.GRADIENT),
                Indicate(self.shelter, color=style.RISING),
            )
            self.wait(1.5)

    def spelled_out_step(self, k: int, run_time: float) -> None:
        """Walk from point ``k`` to ``k + 1`` of the path, each step of the loop shown."""
        data = self.story
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
            step = self.arrow(k, data.learning_rate, style.SECANT)
            self.play(
                self.highlight(1), ReplacementTransform(slope, step), run_time=run_time
            )
            self.play(self.walk.to(k + 1, run_time=1.5 * run_time))
            self.play(FadeOut(step), run_time=run_time / 2)

    def land(self) -> Surface:
        """The terrain's surface, coloured by height."""
        data = self.story
        # The axes' map to the screen is affine: take it once, not per vertex.
        origin = self.axes.c2p(0, 0, 0)
        basis = [self.axes.c2p(*unit) - origin for unit in np.eye(3)]
        land = Surface(
            lambda u, v: origin + np.dot([u, v, data.height(u, v)], basis),
            u_range=data.x_range,
            v_range=data.y_range,
            resolution=self.RESOLUTION,
            fill_opacity=0.95,
            stroke_width=0.4,
            stroke_color=style.BACKGROUND,
        )
        colors = land_colors()
        top = data.height_range[1]
        return land.set_fill_by_value(
            axes=self.axes,
            colorscale=[(colors[0], 0), (colors[1], top / 4), (colors[2], top)],
            axis=2,
        )

    def ground(self, t: float) -> np.ndarray:
        """Where the hiker stands ``t`` steps into the walk, on screen (3D)."""
        return self.axes.c2p(*self.story.position(t))

    def standing(
        self, foot: Mobject, asset: str, height: float, shift: float = 0.0
    ) -> SVGMobject:
        """An upright figure from ``assets/``, facing the camera, standing on ``foot``.

        ``shift`` moves it sideways by that fraction of its width.
        """
        figure = SVGMobject(ASSETS / f"{asset}.svg", height=height)

        def place(m: Mobject) -> None:
            m.next_to(foot, UP, buff=0).shift(shift * m.width * RIGHT)

        place(figure)
        if foot.updaters:  # a moving foot
            figure.add_updater(place)
        self.add_fixed_orientation_mobjects(figure, center_func=foot.get_center)
        return figure

    def step_labels(self) -> VGroup:
        """The slides' three steps, each row a name, a symbol and a short line."""
        lines = [
            ("Step 1", r"-\nabla h", style.GRADIENT, "Find the steepest slope"),
            (
                "Step 2",
                r"-\alpha\,\nabla h",
                style.SECANT,
                "Walk some distance that way",
            ),
            ("Step 3", None, None, "Repeat steps 1 and 2"),
        ]
        rows = []
        for name, symbol, color, words in lines:
            head = VGroup(label_text(name, style.LABEL_SIZE, style.ACCENT))
            if symbol:
                head.add(MathTex(symbol, font_size=style.HEADING_SIZE, color=color))
            head.arrange(RIGHT, buff=0.3)
            rows.append(stack(head, label_text(words, style.LABEL_SIZE), buff=0.12))
        return stack(*rows, buff=0.35)

    def step_marker(self) -> Triangle:
        """A pointer beside the step being taken."""
        marker = Triangle(color=style.ACCENT, fill_opacity=1, stroke_width=0)
        marker.rotate(-PI / 2).scale_to_fit_height(0.22)
        return marker.next_to(self.steps, LEFT, buff=0.15).match_y(self.steps[0][0])

    def highlight(self, index: int) -> Animation:
        """Move the marker to step ``index`` of the loop."""
        return self.marker.animate.match_y(self.steps[index][0])

    def arrow(self, k: int, scale: float, color: ManimColor) -> Arrow:
        """The arrow from point ``k`` of the walk along ``-scale`` times the gradient.

        Drawn flat on the screen between the two points of the ground (see
        :meth:`arrow_ends`), pinned to the frame: it reads better than one in
        perspective.
        """
        arrow = self.flat_arrow(k, scale, color)
        self.renderer.camera.add_fixed_in_frame_mobjects(arrow)
        return arrow

    def flat_arrow(self, k: int, scale: float, color: ManimColor) -> Arrow:
        """The arrow of :meth:`arrow`, not yet pinned to the frame."""
        return Arrow(
            *(self.screen(point) for point in self.arrow_ends(k, scale)),
            buff=0,
            color=color,
            stroke_width=5,
            max_tip_length_to_length_ratio=0.3,
        )

    def arrow_ends(self, k: int, scale: float) -> np.ndarray:
        """Points of the ground (3D) at point ``k`` of the walk and ``-scale`` grad h on."""
        data = self.story
        start = data.path.points[k]
        ends = np.array([start, start - scale * data.path.gradients[k]])
        return on_screen(
            self.axes, np.column_stack([ends, data.height(ends[:, 0], ends[:, 1])])
        )

    def screen(self, point: np.ndarray) -> np.ndarray:
        """Where the camera shows a point of the 3D scene."""
        return self.renderer.camera.project_point(point) * [1, 1, 0]

    def place_land(self, land: Mobject, panels: list[Mobject]) -> None:
        """Lay out the panels, the land among them; zoom and move the land into place.

        The land takes the room the other panels leave: layout_panels places a
        stand-in of its outline on screen, the camera zooms to fit the land to it and
        the axes and land move (in 3D) so that they are seen there.
        """
        camera = self.renderer.camera
        camera.reset_rotation_matrix()  # else it holds until the next frame
        low, high = self.outline(land)
        region = Rectangle(width=high[0] - low[0], height=high[1] - low[1])
        others = [panel for panel in panels if panel is not land]
        width, height = self.content_size()
        gaps = self.PANEL_GAP * len(others)
        if self.is_landscape:
            width -= sum(panel.width for panel in others) + gaps
        else:
            height -= sum(panel.height for panel in others) + gaps
        region.scale(min(width / region.width, height / region.height))
        self.layout_panels(
            *(region if panel is land else panel for panel in panels),
            buff=self.PANEL_GAP,
        )
        # Perspective makes this approximate: a second pass corrects the first.
        for _ in range(2):
            low, high = self.outline(land)
            zoom = camera.get_zoom() * region.width / (high[0] - low[0])
            self.set_camera_orientation(zoom=zoom)
            low, high = self.outline(land)
            offset = (region.get_center() - (low + high) / 2) * [1, 1, 0] / zoom
            shift = camera.get_rotation_matrix().T @ offset
            self.axes.shift(shift)
            land.shift(shift)

    def bake(self, land: Mobject) -> None:
        """Paint the land into the camera's background and take it out of the scene.

        The camera never moves, so the land looks the same in every frame: painting
        its faces once instead of for every animation saves most of the render time.
        """
        camera = self.renderer.camera
        camera.reset()
        camera.capture_mobjects([land])
        camera.background = camera.pixel_array.copy()
        self.remove(land)

    def outline(self, mobject: Mobject) -> tuple[np.ndarray, np.ndarray]:
        """Lower-left and upper-right corners of ``mobject`` on screen."""
        projected = self.renderer.camera.project_points(mobject.get_all_points())
        return projected.min(axis=0), projected.max(axis=0)


def walker(axes: Axes, walk: Walk, color: ManimColor) -> VGroup:
    """A dot at the walker on ``axes`` and the trail behind it, kept up to date."""
    trail = VMobject(stroke_color=color, stroke_width=3)
    trail.add_updater(lambda m: polyline(m, on_screen(axes, walk.trail())))
    dot = Dot(color=color, radius=0.07)
    dot.add_updater(lambda m: m.move_to(axes.c2p(*walk.position())))
    return VGroup(trail.update(), dot.update())


class LinearRegressionDescent(LectureScene):
    """Gradient descent fits a line: the line and the path on the cost's level curves."""

    SLOW_STEPS = 5
    """Steps taken one by one before the rest run fast."""

    def construct(self):
        data = self.story
        path = data.path
        self.add(self.make_title())
        width = 4.0 if self.shape == "square" else 5.0
        self.axes = axes = span_axes(data.x_range, data.y_range, width, 4.0)
        self.map = cost_map = map_axes(data.a_range, data.b_range, 4.0, "a", "b")
        self.walk = walk = Walk(path.points)
        model = MathTex("y = a x + b", font_size=style.BODY_SIZE, color=style.ACCENT)
        model.next_to(axes, UP, buff=0.2)
        cost = MathTex(
            r"J(a, b) = \frac{1}{m}\sum_{i=1}^{m} (a x_i + b - y_i)^2",
            font_size=style.LABEL_SIZE,
        ).next_to(cost_map, UP, buff=0.2)
        self.rules = rules = stack(
            MathTex(
                r"a := a - \alpha \frac{\partial J}{\partial a}",
                font_size=style.BODY_SIZE,
            ),
            MathTex(
                r"b := b - \alpha \frac{\partial J}{\partial b}",
                font_size=style.BODY_SIZE,
            ),
            MathTex(
                rf"\alpha = {data.learning_rate:g}, \quad m = {len(data.data.x)}",
                font_size=style.BODY_SIZE,
                color=style.SECANT,
            ),
        )
        self.readouts = readouts = VGroup(
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
        plots = VGroup(VGroup(axes, model), VGroup(cost_map, cost))
        a, b = data.solution
        self.solution = MathTex(
            rf"\text{{least squares:}}\\ a = {a:.3f},\ b = {b:.3f}",
            font_size=style.BODY_SIZE,
            color=style.RISING,
        )
        formulas = VGroup(
            rules, VGroup(readouts, self.solution).arrange(DOWN, buff=0.3)
        )
        if self.shape == "portrait":
            plots.arrange(DOWN, buff=0.5)
        else:
            plots.arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
        if self.shape == "square":
            formulas.arrange(RIGHT, buff=0.6)
        else:
            formulas.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        self.layout_panels(plots, formulas)
        self.points = VGroup(
            *(
                Dot(axes.c2p(x, y), radius=0.05, color=style.TEXT)
                for x, y in zip(data.data.x, data.data.y, strict=True)
            )
        )
        self.line = self.model_line(*walk.position())
        self.line.add_updater(
            lambda m: m.set_points(self.model_line(*walk.position()).points)
        )
        self.contours = level_curves(
            cost_map, data.levels, low=style.FUNCTION, high=style.MUTED
        )
        self.walker = walker(cost_map, walk, style.POINT)
        self.cross = self.solution_cross()

        # The data and the model line.
        with self.narrate("Fit a line y = a x + b to the data points."):
            self.play(Create(axes), FadeIn(self.points, lag_ratio=0.05), run_time=1.5)
            self.play(Write(model), Create(self.line))
        # The cost and its level curves.
        with self.narrate(
            "The cost J, the mean squared error, is a bowl over the (a, b) plane."
        ):
            self.play(Create(cost_map), Write(cost), run_time=1.0)
            self.play(Create(self.contours, lag_ratio=0.1), run_time=1.5)
        # Start, then the update rules, one step at a time.
        with self.narrate(
            "Start from a flat line; repeat: a := a - alpha dJ/da, b := b - alpha dJ/db."
        ):
            self.add(rules, readouts)
            self.play(FadeIn(self.walker), fade(rules, 0, 1), fade(readouts, 0, 1))
            draw_changing_last(self)
            self.play(
                walk.to(
                    self.SLOW_STEPS,
                    run_time=0.9 * self.SLOW_STEPS,
                    rate_func=step_by_step(self.SLOW_STEPS),
                )
            )
        # The rest of the way, fast.
        with self.narrate(
            "The cost falls with every step; the steps shrink as the bowl flattens."
        ):
            self.play(walk.to(path.steps, run_time=10, rate_func=rush_from))
        # It ends on the least-squares line.
        with self.narrate("Gradient descent ends on the least-squares line."):
            self.play(FadeIn(self.cross, scale=1.5), Write(self.solution))
            self.wait(3)

    def model_line(self, a: float, b: float) -> Line:
        """The line y = a x + b across the data plot."""
        middle = sum(self.story.x_range) / 2
        return line_through(
            self.axes, middle, a * middle + b, a, 20, color=style.ACCENT, stroke_width=4
        )

    def solution_cross(self) -> VGroup:
        """A cross on the least-squares (a, b) of the map."""
        point = self.map.c2p(*self.story.solution)
        return VGroup(
            *(Line(point - 0.12 * corner, point + 0.12 * corner) for corner in (UL, UR))
        ).set_stroke(style.RISING, width=4)


def shown_points(view: PanelView, points: np.ndarray) -> np.ndarray:
    """The points a panel shows, ending where the path leaves it."""
    shown = points[: view.shown]
    return shown if not view.leaves else np.vstack([shown, view.exit])


def verdict(run: RateRun) -> Text:
    """Mathviz's verdict on a run, in its colour."""
    return label_text(run.regime.value, style.LABEL_SIZE, VERDICT_COLORS[run.regime])


def off_the_map(axes: Axes, view: PanelView, points: np.ndarray) -> VGroup:
    """A flag where a path leaves its panel: a dot and an arrow pointing on out."""
    exit_point = axes.c2p(*view.exit)
    heading = normalize(exit_point - axes.c2p(*points[view.shown - 1]))
    return VGroup(
        Arrow(
            exit_point - 0.6 * heading,
            exit_point,
            buff=0,
            color=style.FALLING,
            stroke_width=6,
            max_tip_length_to_length_ratio=0.5,
        ),
        Dot(exit_point, radius=0.08, color=style.FALLING),
    )


class RatePanel(VGroup):
    """One learning rate's run on the level curves, with its counter and verdict."""

    def __init__(
        self,
        data: ComparisonStory,
        run: RateRun,
        clock: ValueTracker,
        width: float,
    ) -> None:
        self.run = run
        self.axes = axes = Axes(
            x_range=(*data.x_range, 1),
            y_range=(*data.y_range, 1),
            x_length=width,
            y_length=width * np.ptp(data.y_range) / np.ptp(data.x_range),
            tips=False,
            axis_config={
                "color": style.MUTED,
                "stroke_width": 1,
                "include_ticks": False,
            },
        )
        border = Rectangle(
            width=axes.x_length, height=axes.y_length, color=style.MUTED, stroke_width=2
        ).move_to(axes)
        self.walk = Walk(shown_points(run.view, run.path.points), clock)
        self.counter = Readout(
            "k",
            lambda: min(int(np.floor(clock.get_value() + 1e-9)), run.path.steps),
            decimals=0,
            font_size=style.BODY_SIZE,
        )
        rate = MathTex(
            rf"\alpha = {run.learning_rate:g}",
            font_size=style.BODY_SIZE,
            color=style.SECANT,
        )
        self.header = VGroup(rate, self.counter).arrange(RIGHT, buff=0.8)
        self.header.next_to(border, UP, buff=0.15)
        self.verdict = verdict(run).next_to(border, DOWN, buff=0.25)
        self.flag = (
            off_the_map(axes, run.view, run.path.points)
            if run.view.leaves
            else VGroup()
        )
        self.walker = walker(axes, self.walk, style.POINT)
        super().__init__(
            border,
            axes,
            level_curves(axes, data.levels, low=style.FUNCTION, high=style.MUTED),
            self.header,
            self.walker,
            self.flag,
            self.verdict,
        )

    def detach_changing(self) -> VGroup:
        """Take the parts that change every frame out of the panel, in place.

        Drawn apart and last (see :func:`draw_changing_last`), they are the only
        parts redrawn on every frame.
        """
        self.header.remove(self.counter)
        self.remove(self.walker)
        return VGroup(self.walker, self.counter)


class LearningRateComparison(LectureScene):
    """Four learning rates on one function from one start: mathviz's four verdicts."""

    SLOW_STEPS = 10
    """Steps taken slowly, one by one, before the rest run fast."""
    PANEL_WIDTH = {"landscape": 5.0, "portrait": 4.6, "square": 3.4}
    """Width of each map, by the frame's shape."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        limit = 1 / data.curvature
        function = VGroup(
            *(
                MathTex(tex, font_size=style.BODY_SIZE)
                for tex in (
                    rf"f(x, y) = {sympy.latex(data.function)}",
                    rf"L = {style.number(data.curvature)}",
                    rf"\frac{{1}}{{L}} = {style.number(limit)}",
                    rf"\frac{{2}}{{L}} = {style.number(2 * limit)}",
                )
            )
        )
        if self.is_landscape:
            function.arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        else:
            function.arrange(RIGHT, buff=0.5)
        self.clock = clock = ValueTracker(0)
        self.panels = panels = VGroup(
            *(
                RatePanel(data, run, clock, self.PANEL_WIDTH[self.shape])
                for run in data.runs
            )
        )
        if self.shape == "portrait":
            panels.arrange(DOWN, buff=0.5)
        else:
            panels.arrange_in_grid(rows=2, cols=2, buff=(0.8, 0.5))
        self.layout_panels(function, panels, buff=0.6)
        for panel in panels:  # they appear later
            panel.remove(panel.flag, panel.verdict)
        changing = VGroup(*(panel.detach_changing() for panel in panels))

        # Same function, same start, four rates.
        with self.narrate("One bowl, one start, four learning rates."):
            self.add(panels, changing)
            self.play(
                FadeIn(function), fade(panels, 0, 1), fade(changing, 0, 1), run_time=1
            )
            self.wait()
            draw_changing_last(self)
        # The first steps, slowly; paths that leave their map are flagged.
        with self.narrate(
            "Too small crawls; good walks in; large zig-zags; too large flies off."
        ):
            exits = sorted({p.run.view.shown for p in panels if p.run.view.leaves})
            start = 0
            for stop in [*exits, self.SLOW_STEPS]:
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
        with self.narrate(f"Run each one up to {data.max_steps} steps."):
            self.play(
                clock.animate.set_value(data.max_steps), run_time=5, rate_func=rush_into
            )
        # Mathviz's verdicts.
        with self.narrate("The verdicts, computed by mathviz."):
            self.play(*(FadeIn(p.verdict, shift=0.2 * UP) for p in panels))
            self.wait(1.5)
        # Where the boundaries lie: 1/L and 2/L.
        # (rates as multiples of 1/L)
        multiple = {panel: panel.run.learning_rate * data.curvature for panel in panels}
        below = [panel for panel in panels if multiple[panel] < 1]
        beyond = [panel for panel in panels if multiple[panel] > 1]
        with self.narrate("Below 1/L every step heads straight for the minimum."):
            self.play(Indicate(function[2]), *(Indicate(p.verdict) for p in below))
            self.wait(1)
        with self.narrate(
            "Between 1/L and 2/L each step overshoots, yet lands closer; past 2/L, farther."
        ):
            self.play(
                Indicate(function[3]),
                *(Indicate(p.verdict) for p in beyond),
            )
            self.wait(2)


class LearningRateOvershoot(LectureScene):
    """Past 2/L every jump overshoots farther; below it the same start settles."""

    ONE_BY_ONE = 8
    """Jumps drawn one at a time; the rest are drawn together."""

    def construct(self):
        data = self.story
        self.add(self.make_title())
        self.axes = axes = span_axes(
            data.x_range,
            data.y_range,
            7.0,
            3.2 if self.shape == "square" else 4.5,
            "x",
            "f(x)",
        )
        self.runs = runs = (data.unsafe, data.safe)
        colors = (style.FALLING, style.RISING)
        size = style.BODY_SIZE
        curve_label = MathTex(
            rf"f(x) = {sympy.latex(data.function)}, \quad",
            rf"L = f'' = {style.number(data.curvature)}, \quad "
            rf"\frac{{2}}{{L}} = {style.number(data.limit)}",
            font_size=size,
        )
        curve_label[0].set_color(style.FUNCTION)
        # Each step multiplies the distance to the minimum x* by 1 - alpha L.
        gap = (
            (lambda k: f"x_{{{k}}}")
            if data.minimum == 0
            else (lambda k: f"(x_{{{k}}} - x^*)")
        )
        update = MathTex(
            rf"x_{{k+1}} = x_k - \alpha f'(x_k),\quad {gap('k+1')} = (1 - \alpha L)\, {gap('k')}",
            font_size=size,
        )
        self.rates = rates = VGroup(
            *(
                self.rate_line(run, color, relation)
                for run, color, relation in zip(runs, colors, (">", "<"), strict=True)
            )
        )
        card = stack(curve_label, update, *rates, buff=0.35)
        self.layout_panels(axes, card)
        curve = axes.plot(data.f, x_range=data.x_range, color=style.FUNCTION)
        self.on_curve = [
            np.column_stack([run.path.points[:, 0], run.path.values]) for run in runs
        ]
        self.jumps = [
            self.jump_lines(run, points, color)
            for run, points, color in zip(runs, self.on_curve, colors, strict=True)
        ]
        self.flag = off_the_map(axes, data.unsafe.view, self.on_curve[0])

        # The parabola and its stability limit.
        with self.narrate(
            "A parabola with curvature L: gradient descent is stable only below 2/L."
        ):
            self.play(Create(axes), Create(curve), Write(curve_label), run_time=1.5)
            self.play(Write(update))
        # Past the limit: each jump lands farther out.
        with self.narrate(
            "Past the limit, each jump overshoots the minimum and lands farther out."
        ):
            self.play(FadeIn(rates[0]), FadeIn(self.jumps[0][0]))
            self.draw_jumps(self.jumps[0])
            self.play(FadeIn(self.flag, scale=1.3))
        # The same start, a safe rate.
        with self.narrate(
            "The same start with a rate below 2/L settles at the minimum."
        ):
            self.play(FadeIn(rates[1]), FadeIn(self.jumps[1][0]))
            self.draw_jumps(self.jumps[1])
            self.wait(2)

    def jump_lines(self, run: RateRun, points: np.ndarray, color: ManimColor) -> VGroup:
        """The start's dot, then one segment and dot per jump the plot shows."""
        shown = on_screen(self.axes, shown_points(run.view, points))
        return VGroup(
            Dot(shown[0], radius=0.06, color=color),
            *(
                VGroup(
                    Line(start, end, color=color, stroke_width=3),
                    Dot(end, radius=0.06, color=color),
                )
                for start, end in zip(shown[:-1], shown[1:], strict=True)
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
