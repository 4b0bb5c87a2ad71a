"""Plots: axes with round ticks, lines and curves from mathviz, level curves, paths."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Axes,
    BarChart,
    CoordinateSystem,
    Dot,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    Rectangle,
    Scene,
    Square,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
    interpolate_color,
    normalize,
)

from mathviz.calculus import NumericFunction
from mathviz.paths import PanelView, View, along
from mathviz.ticks import Axis, fitted_axis, stepped_axis, tick_label
from scenes import style
from scenes.widgets.cards import label_text
from scenes.widgets.ink import Ink
from scenes.widgets.labels import place_beside, plate
from scenes.widgets.layout import mark
from scenes.widgets.readouts import Readout

if TYPE_CHECKING:
    from manim.mobject.mobject import _AnimationBuilder

    from mathviz.contours import LevelCurve
    from mathviz.descent import Regime
    from storyboard.descent import ComparisonStory, RateRun

__all__ = [
    "PlotWindow",
    "RatePanel",
    "Walk",
    "axes_for",
    "axis_texts",
    "bar_chart",
    "clear_axes",
    "legend",
    "level_curves",
    "line_through",
    "make_axes",
    "map_axes",
    "off_the_map",
    "path_line",
    "plot_axes",
    "polyline",
    "scalar",
    "shown_points",
    "span_axes",
    "to_screen",
    "trail_line",
    "vector_arrow",
    "verdict_label",
    "verdicts_legend",
    "walker",
]


def make_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
) -> Axes:
    """Axes over ``(low, high, step)`` ranges: a numbered tick at every multiple of step.

    ``width`` x ``height`` is the whole box: lines, numbers and labels.
    """
    x, y = stepped_axis(*x_range[:3]), stepped_axis(*y_range[:3])
    return _boxed(lambda w, h: axes_for(x, y, w, h, x_label, y_label), width, height)


def axes_for(
    x: Axis,
    y: Axis,
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
    numbers: bool = True,
    framed: bool = False,
) -> Axes:
    """Axes in the lecture's look along ``x`` and ``y`` (mathviz's), numbered ticks.

    Numbers print as the step needs (``5``, not ``5.0``). Where an axis line runs
    on past the other axis, the number at the crossing is left out: that line
    would cross it. Without ``numbers``, only the ticks. A ``framed`` plot (a
    map) has a border, with its ticks and numbers along the bottom and left
    edges, clear of what the map shows.
    """
    axes = Axes(
        x_range=(x.low, x.high, x.step),
        y_range=(y.low, y.high, y.step),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": style.MUTED, "include_ticks": False},
    )
    crossing = (float(np.clip(0, x.low, x.high)), float(np.clip(0, y.low, y.high)))
    edges = (x.low, y.low) if framed else crossing
    for k, (axis, scale, other, side) in enumerate(
        ((axes.x_axis, x, y, DOWN), (axes.y_axis, y, x, LEFT))
    ):
        # The other axis runs on past this one: its line would cross the number.
        crossed = not framed and other.low < crossing[1 - k]

        def at(value: float, k: int = k) -> np.ndarray:
            return axes.c2p(*((value, edges[1]) if k == 0 else (edges[0], value)))

        axis.ticks = VGroup(
            *(axis.get_tick(value).move_to(at(value)) for value in scale.ticks)
        )
        axis.numbers = VGroup(
            *(
                MathTex(
                    tick_label(value, scale.step),
                    font_size=style.SMALL_SIZE,
                    color=style.TEXT,
                ).next_to(at(value), side, buff=0.15)
                for value in scale.ticks
                if numbers
                and not (crossed and abs(value - crossing[k]) < scale.step / 1e6)
            )
        )
        axis.add(axis.ticks, axis.numbers)
    if framed:
        axes.add(
            Rectangle(
                width=width, height=height, color=style.MUTED, stroke_width=2
            ).move_to(axes.c2p((x.low + x.high) / 2, (y.low + y.high) / 2))
        )
    labels = axes.get_axis_labels(
        MathTex(x_label, font_size=style.LABEL_SIZE, color=style.MUTED),
        MathTex(y_label, font_size=style.LABEL_SIZE, color=style.MUTED),
    )
    axes.add(labels)
    axes.axis_labels = labels
    return axes


def axis_texts(axes: Axes) -> list[Mobject]:
    """The numbers and labels of axes made by :func:`axes_for` (to keep labels off)."""
    return [*axes.x_axis.numbers, *axes.y_axis.numbers, *axes.axis_labels]


def clear_axes(axes: Axes, *content: Mobject) -> Axes:
    """Keep the axes' texts off what they show: numbers it crosses go, labels move.

    ``content`` is what the axes show: curves, dots, paths, and the labels of
    marked points (a number gives way to a label). The axis labels stay at the
    end of their axis, on a side clear of ``content`` and of each other.
    """
    ink = Ink.of(content)
    for axis in (axes.x_axis, axes.y_axis):
        for number in list(axis.numbers):
            low, high = number.get_corner(DL)[:2], number.get_corner(UR)[:2]
            if not ink.clear(low - 0.04, high + 0.04):
                axis.numbers.remove(number)
    ends = (axes.x_axis.get_end(), axes.y_axis.get_end())
    sides = ((UR, RIGHT, DR, UP), (UR, UP, UL, RIGHT))
    placed: list[Mobject] = []
    for label, end, preferred in zip(axes.axis_labels, ends, sides, strict=True):
        others = Ink.of([*content, *axes.x_axis, *axes.y_axis, *placed])
        place_beside(label, end, others, preferred)
        placed.append(label)
    return axes


def span_axes(
    x_span: Sequence[float],
    y_span: Sequence[float],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
    framed: bool = False,
) -> Axes:
    """Axes fitted to ``x_span`` x ``y_span`` (low, high): a little headroom, round ticks.

    ``width`` x ``height`` is the whole box: lines, numbers and labels. Short
    axes get fewer ticks, so that their numbers never touch.
    """
    x = fitted_axis(x_span[0], x_span[1], _ticks(width, TICK_SPACING[0]))
    y = fitted_axis(y_span[0], y_span[1], _ticks(height, TICK_SPACING[1]))
    return _boxed(
        lambda w, h: axes_for(x, y, w, h, x_label, y_label, framed=framed),
        width,
        height,
    )


def _boxed(make: Callable[[float, float], Axes], width: float, height: float) -> Axes:
    """Axes from ``make(x_length, y_length)`` whose whole box is ``width`` x ``height``.

    Made once to measure what the numbers and labels add to the lines, then again.
    """
    trial = make(width, height)
    lines = _line_lengths(trial)
    extra = (trial.width - lines[0], trial.height - lines[1])
    return make(max(width - extra[0], 0.5), max(height - extra[1], 0.5))


def _line_lengths(axes: Axes) -> tuple[float, float]:
    """The lengths of the axes' lines (Manim's types allow none: the lecture's have)."""
    assert axes.x_length is not None and axes.y_length is not None
    return axes.x_length, axes.y_length


TICK_SPACING = (0.9, 0.5)
"""The least room (scene units) per numbered tick along x and along y."""


def _ticks(length: float, spacing: float) -> int:
    """How many tick intervals an axis of ``length`` has room for (2 to 6)."""
    return int(np.clip(length // spacing, 2, 6))


def map_axes(
    x_span: Sequence[float],
    y_span: Sequence[float],
    width: float,
    x_label: str = "x",
    y_label: str = "y",
    height: float | None = None,
) -> Axes:
    """Axes of a map fitted to ``x_span`` x ``y_span``: one scale, within ``width`` x ``height``.

    With one scale, directions on screen are directions in the plane: a gradient
    drawn perpendicular to a level curve looks perpendicular. The whole box
    (lines, numbers, labels) fits ``width`` x ``height`` (a square by default);
    the map is framed, its numbers along its edges.
    """
    height = width if height is None else height
    ticks = _ticks(min(width, height), TICK_SPACING[0])
    x_axis = fitted_axis(x_span[0], x_span[1], ticks)
    y_axis = fitted_axis(y_span[0], y_span[1], ticks)
    step = max(x_axis.step, y_axis.step)
    x_axis, y_axis = (
        stepped_axis(axis.low, axis.high, step) for axis in (x_axis, y_axis)
    )
    spans = np.array([x_axis.high - x_axis.low, y_axis.high - y_axis.low])

    def make(w: float, h: float) -> Axes:
        unit = min(w / spans[0], h / spans[1])
        x_length, y_length = unit * spans
        return axes_for(
            x_axis, y_axis, x_length, y_length, x_label, y_label, framed=True
        )

    return _boxed(make, width, height)


def plot_axes(
    x_range: Sequence[float],
    functions: Sequence[NumericFunction],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
    marked: Sequence[float] = (),
) -> Axes:
    """Axes over ``x_range`` fitted to every function's values there and ``marked`` ys."""
    xs = np.linspace(x_range[0], x_range[1], 201)
    values = np.concatenate(
        [np.broadcast_to(f(xs), xs.shape) for f in functions] + [np.asarray(marked)]
    )
    return span_axes(
        x_range, (values.min(), values.max()), width, height, x_label, y_label
    )


def scalar(f: NumericFunction) -> Callable[[float], float]:
    """``f`` (vectorised) one number at a time, as Manim's ``plot`` takes a function."""
    return lambda x: float(f(x))


class PlotWindow:
    """A plot that can zoom: it keeps its place on screen while its window moves.

    The window is the x and y ranges the plot shows (a ``View``), held in value
    trackers; ``zoom(scene, view)`` moves it, as a camera closing in on what
    shrinks. What is drawn on the plot goes through :meth:`c2p` (and redraws with
    the window); the axes are drawn anew for the window, with their numbers when
    it rests.

    Parameters
    ----------
    views
        The windows it will show, the first one first (its ends are rounded to
        ticks): the plot leaves room for the numbers of each.
    width, height
        The whole box of the axes (lines, numbers and labels).
    x_label, y_label
        The axis labels.
    framed
        Whether it is a map, framed, its numbers along its edges.
    """

    def __init__(
        self,
        views: Sequence[View],
        width: float,
        height: float,
        x_label: str = "x",
        y_label: str = "y",
        framed: bool = False,
    ) -> None:
        self.labels, self.framed = (x_label, y_label), framed
        first = span_axes(*views[0], width, height, x_label, y_label, framed)
        self.home: View = (
            (first.x_range[0], first.x_range[1]),
            (first.y_range[0], first.y_range[1]),
        )
        """The first window, as the axes round it."""
        self.trackers = [ValueTracker(v) for v in (*self.home[0], *self.home[1])]
        lengths = np.array(_line_lengths(first))
        for view in views[1:]:
            trial = self._axes(view, lengths)
            lines = _line_lengths(trial)
            extra = (trial.width - lines[0], trial.height - lines[1])
            lengths = np.minimum(lengths, [width - extra[0], height - extra[1]])
        self.lengths = lengths
        self.axes = self._axes(self.home, lengths)
        self._origin = self.corner()

    @property
    def x_range(self) -> tuple[float, float]:
        """The x range shown now."""
        return self.trackers[0].get_value(), self.trackers[1].get_value()

    @property
    def y_range(self) -> tuple[float, float]:
        """The y range shown now."""
        return self.trackers[2].get_value(), self.trackers[3].get_value()

    def corner(self, axes: Axes | None = None) -> np.ndarray:
        """Where the lower-left corner of the window is on screen (of ``axes``'s)."""
        axes = self.axes if axes is None else axes
        return axes.c2p(axes.x_range[0], axes.y_range[0])

    def c2p(self, x: float, y: float) -> np.ndarray:
        """The screen point of ``(x, y)`` in the window shown now."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        fraction = np.array([(x - x0) / (x1 - x0), (y - y0) / (y1 - y0), 0.0])
        return self._origin + fraction * [*self.lengths, 0.0]

    def p2c(self, point: npt.ArrayLike) -> np.ndarray:
        """The ``(x, y)`` shown at a screen point now (the inverse of :meth:`c2p`)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        fraction = (
            np.asarray(point, dtype=float)[:2] - self._origin[:2]
        ) / self.lengths
        return np.array([x0 + fraction[0] * (x1 - x0), y0 + fraction[1] * (y1 - y0)])

    def to_screen(self, points: npt.ArrayLike) -> np.ndarray:
        """Screen points of many ``(x, y)`` at once."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        rows = np.atleast_2d(np.asarray(points, dtype=float))
        fraction = (rows - [x0, y0]) / [x1 - x0, y1 - y0]
        flat = fraction * self.lengths
        return self._origin + np.column_stack([flat, np.zeros(len(rows))])

    def settle(self) -> None:
        """Fix the plot's place on screen: call once the layout has moved ``axes``."""
        self._origin = self.corner()

    def drawn_axes(self, numbers: bool = True) -> Axes:
        """Axes for the window shown now, on the plot's place (numbered when resting)."""
        axes = self._axes((self.x_range, self.y_range), self.lengths, numbers)
        return axes.shift(self._origin - self.corner(axes))

    def _axes(self, view: View, lengths: np.ndarray, numbers: bool = True) -> Axes:
        """Axes showing exactly ``view``, their lines ``lengths`` long, round ticks."""
        x, y = (
            stepped_axis(*span, fitted_axis(*span, _ticks(length, spacing)).step)
            for span, length, spacing in zip(view, lengths, TICK_SPACING, strict=True)
        )
        x_length, y_length = lengths
        axes = axes_for(
            x, y, x_length, y_length, *self.labels, numbers=numbers, framed=self.framed
        )
        mark(axes, plot=self)  # one panel for the layout inspector, however it moves
        return axes

    def plot(
        self, f: NumericFunction, x_range: Sequence[float], **style_kwargs: Any
    ) -> VMobject:
        """The graph of ``f`` over the part of ``x_range`` in the window."""
        low = max(x_range[0], self.x_range[0])
        high = min(x_range[1], self.x_range[1])
        xs = np.linspace(low, high, 161)
        return polyline(
            VMobject(**style_kwargs), self.to_screen(np.column_stack([xs, f(xs)]))
        )

    def zoom(
        self,
        scene: Scene,
        view: View,
        keep_clear: Callable[[], Iterable[Mobject]] = tuple,
        run_time: float = 1.5,
    ) -> None:
        """Move the window to ``view``: the axes lose their numbers on the way.

        At rest the numbers come back, but for those crossed by what
        ``keep_clear()`` returns then (what is, or will be, drawn in this view).
        The axis labels keep clear of it all the way.
        """
        moving = always_redraw(
            lambda: clear_axes(self.drawn_axes(numbers=False), *keep_clear())
        )
        scene.remove(self.axes)
        scene.add(moving)
        targets = (*view[0], *view[1])
        scene.play(
            *(
                tracker.animate.set_value(value)
                for tracker, value in zip(self.trackers, targets, strict=True)
            ),
            run_time=run_time,
        )
        scene.remove(moving)
        self.axes = clear_axes(self.drawn_axes(), *keep_clear())
        scene.add(self.axes)
        scene.bring_to_back(self.axes)


def bar_chart(
    counts: Sequence[int],
    names: Sequence[str],
    colors: Sequence[ManimColor],
    width: float,
    height: float,
    x_label: str = "",
) -> BarChart:
    """Bars of whole-number ``counts`` over a y axis from 0 with at most four round ticks.

    ``width`` x ``height`` is the whole box: lines, numbers and labels. The ticks
    are whole numbers and print as such (``1000``, not ``1000.0`` or ``1,000``);
    ``x_label`` (LaTeX) follows the x axis.
    """
    ticks = min(4, _ticks(height, TICK_SPACING[1]))
    y = fitted_axis(0.0, float(max(*counts, 1)), ticks)
    y_range = (0, y.high, max(1, round(y.step)))

    def make(x_length: float, y_length: float) -> BarChart:
        chart = BarChart(
            list(counts),
            bar_names=list(names),
            y_range=y_range,
            x_length=x_length,
            y_length=y_length,
            bar_colors=list(colors),  # type: ignore[arg-type]  # (typed str, parsed as colours)
            bar_fill_opacity=0.8,
            axis_config={"color": style.MUTED, "font_size": style.SMALL_SIZE},
            x_axis_config={"font_size": style.SMALL_SIZE},
            y_axis_config={
                "decimal_number_config": {
                    "num_decimal_places": 0,
                    "group_with_commas": False,
                }
            },
        )
        chart.axis_labels = VGroup()
        if x_label:
            label = chart.get_x_axis_label(
                MathTex(x_label, font_size=style.LABEL_SIZE, color=style.MUTED),
                edge=RIGHT,
                direction=RIGHT,
            )
            chart.axis_labels.add(cast(MathTex, label))  # (Manim types it a Mobject)
        return chart.add(chart.axis_labels)

    return cast(BarChart, _boxed(make, width, height))


def line_through(
    axes: Axes | PlotWindow,
    x0: float,
    y0: float,
    slope: float,
    length: float,
    **kwargs: Any,
) -> Line:
    """Segment of the line through ``(x0, y0)`` with ``slope`` (axis units).

    The segment is centred on the point, at most ``length`` long on screen (so steep
    and flat lines look alike) and clipped to the axes' box. Its direction comes from
    the axes' own scaling.
    """
    start = axes.c2p(x0, y0)
    direction = axes.c2p(x0 + 1, y0 + slope) - start
    direction = direction / np.linalg.norm(direction)
    corners = np.array([axes.c2p(*corner) for corner in _corners(axes)])
    low, high = corners.min(axis=0), corners.max(axis=0)
    t_min, t_max = -length / 2, length / 2
    for k in (0, 1):
        if abs(direction[k]) > 1e-12:
            bounds = sorted(
                (
                    (low[k] - start[k]) / direction[k],
                    (high[k] - start[k]) / direction[k],
                )
            )
            t_min, t_max = max(t_min, bounds[0]), min(t_max, bounds[1])
    return Line(start + t_min * direction, start + t_max * direction, **kwargs)


def _corners(axes: Axes | PlotWindow) -> list[tuple[float, float]]:
    (x_min, x_max), (y_min, y_max) = axes.x_range[:2], axes.y_range[:2]
    return [(x_min, y_min), (x_max, y_max)]


def level_curves(
    axes: Axes,
    curves: Sequence[LevelCurve],
    low: ManimColor | None = None,
    high: ManimColor | None = None,
    stroke_width: float = 2.5,
) -> VGroup:
    """Level curves computed by mathviz, drawn on ``axes``.

    One ``VGroup`` of polylines per curve, in the given order, coloured from ``low``
    (the function's colour unless given) for the first to ``high`` (the accent)
    for the last.
    """
    shades = [
        interpolate_color(
            low or style.FUNCTION, high or style.ACCENT, k / max(len(curves) - 1, 1)
        )
        for k in range(len(curves))
    ]
    return VGroup(
        *(
            VGroup(
                *(
                    VMobject(
                        stroke_color=shade, stroke_width=stroke_width
                    ).set_points_as_corners(to_screen(axes, line))
                    for line in curve.lines
                )
            )
            for curve, shade in zip(curves, shades, strict=True)
        )
    )


def to_screen(axes: CoordinateSystem, coordinates: npt.ArrayLike) -> np.ndarray:
    """Screen points of axis coordinates, one row per point, all at once.

    The lecture's axes are linear, so the map is affine: the images of the origin
    and of the unit vectors give every point (``c2p`` one point at a time costs a
    frame's time for a few thousand points).
    """
    rows = np.atleast_2d(np.asarray(coordinates, dtype=float))
    dimension = rows.shape[1]
    origin = np.asarray(axes.c2p(*np.zeros(dimension)))
    basis = np.array([axes.c2p(*unit) for unit in np.eye(dimension)]) - origin
    return origin + rows @ basis


def polyline(mobject: VMobject, points: np.ndarray) -> VMobject:
    """Make ``mobject`` the path through ``points`` (one point: a dot of no length)."""
    return mobject.set_points_as_corners(np.vstack([points[:1], points]))


class Walk:
    """A path walked up to a tracker: where the walker is, and the path behind it.

    The tracker's value ``v`` stands for ``(v - origin) / unit`` steps along the
    path's points (axis coordinates); between two points the walker is on the
    straight step joining them (:func:`mathviz.paths.along`), or at ``head(v)``
    when given (a point of the curve the samples come from).

    Parameters
    ----------
    points
        Shape (k + 1, n): the path.
    clock
        The tracker (a new one at the path's start by default).
    origin, unit
        The tracker's value at the first point, and per step.
    head
        The walker's exact position for a tracker value, if the path samples a curve.
    """

    def __init__(
        self,
        points: np.ndarray,
        clock: ValueTracker | None = None,
        *,
        origin: float = 0.0,
        unit: float = 1.0,
        head: Callable[[float], npt.ArrayLike] | None = None,
    ) -> None:
        self.points = np.asarray(points, dtype=float)
        self.t = clock if clock is not None else ValueTracker(origin)
        self.origin, self.unit, self.head = origin, unit, head

    @property
    def steps(self) -> float:
        """How many steps along the path the walker is (fractional)."""
        return (self.t.get_value() - self.origin) / self.unit

    @property
    def reached(self) -> int:
        """The last point of the path reached."""
        return min(int(np.floor(self.steps + 1e-9)), len(self.points) - 1)

    def position(self) -> np.ndarray:
        """Where the walker is."""
        if self.head is not None:
            return np.asarray(self.head(self.t.get_value()), dtype=float)
        return along(self.points, self.steps)

    def trail(self) -> np.ndarray:
        """The path walked so far, up to the walker."""
        return np.vstack([self.points[: self.reached + 1], self.position()])

    def to(self, value: float, run_time: float, **kwargs: Any) -> _AnimationBuilder:
        """Walk on until the tracker reads ``value`` (a number of steps by default)."""
        # (Manim types .animate as the mobject too)
        builder = cast("_AnimationBuilder", self.t.animate)
        return builder(run_time=run_time, **kwargs).set_value(value)


def path_line(axes: CoordinateSystem, points: npt.ArrayLike, **stroke: Any) -> VMobject:
    """The path through ``points`` (axis coordinates) on ``axes``, whole."""
    return polyline(VMobject(**stroke), to_screen(axes, points))


def trail_line(axes: CoordinateSystem, walk: Walk, **stroke: Any) -> VMobject:
    """The path ``walk`` has walked on ``axes``, kept up to date."""
    line = VMobject(**stroke)
    line.add_updater(
        lambda m: polyline(m, to_screen(axes, walk.trail())), call_updater=True
    )
    return line


def walker(axes: CoordinateSystem, walk: Walk, color: ManimColor) -> VGroup:
    """A dot at the walker on ``axes`` and the trail behind it, kept up to date."""
    dot = Dot(color=color, radius=0.07)
    dot.add_updater(
        lambda m: m.move_to(to_screen(axes, walk.position())[0]), call_updater=True
    )
    return VGroup(trail_line(axes, walk, stroke_color=color, stroke_width=3), dot)


def vector_arrow(
    axes: CoordinateSystem,
    start: npt.ArrayLike,
    vector: npt.ArrayLike,
    **kwargs: Any,
) -> Arrow:
    """Arrow from ``start`` along ``vector``, both in axis units."""
    start = np.asarray(start, dtype=float)
    ends = to_screen(axes, [start, start + np.asarray(vector, dtype=float)])
    return Arrow(*ends, buff=0, **kwargs)


def shown_points(view: PanelView, points: np.ndarray) -> np.ndarray:
    """The points of a path its panel shows, ending where it leaves the panel."""
    shown = points[: view.shown]
    return shown if view.exit is None else np.vstack([shown, view.exit])


def off_the_map(axes: CoordinateSystem, view: PanelView, points: np.ndarray) -> Arrow:
    """A flag where a path leaves its panel: an arrow at the edge, pointing on out.

    No dot: what a path leaves is not one of its points.
    """
    exit_point, last = to_screen(axes, [view.exit, points[view.shown - 1]])
    heading = normalize(exit_point - last)
    return Arrow(
        exit_point - 0.6 * heading,
        exit_point,
        buff=0,
        color=style.FALLING,
        stroke_width=6,
        max_tip_length_to_length_ratio=0.5,
    )


def legend(
    entries: Iterable[tuple[str, ManimColor]], font_size: float = style.SMALL_SIZE
) -> VGroup:
    """A row of coloured squares with their names, one per entry (name, colour)."""
    keys = [
        VGroup(
            Square(0.22, fill_color=color, fill_opacity=1, stroke_width=0),
            label_text(name, font_size, color),
        ).arrange(RIGHT, buff=0.12)
        for name, color in entries
    ]
    return VGroup(*keys).arrange(RIGHT, buff=0.4)


def verdicts_legend(regimes: Iterable[Regime]) -> VGroup:
    """The legend of mathviz's verdicts on learning rates, in their colours, each once."""
    return legend(
        (regime.value, style.VERDICT[regime]) for regime in dict.fromkeys(regimes)
    )


def verdict_label(regime: Regime, font_size: float = style.LABEL_SIZE) -> Text:
    """Mathviz's verdict on a learning rate, in its colour."""
    return label_text(regime.value, font_size, style.VERDICT[regime])


class RatePanel(VGroup):
    """One learning rate's run on a function's level curves, its counter and verdict.

    The rate with its step counter, and the verdict, stand inside two corners of
    the map that its path keeps clear of, on plates: the map takes the panel's
    whole room. The counter stops at the run's last step worth counting (where
    its path leaves the map, or settles).

    Parameters
    ----------
    story
        The comparison (function, map, level curves).
    run
        The rate's run and verdict.
    clock
        Steps into the run.
    width
        The map's width (its height follows the map's shape).
    """

    CORNERS = (UL, UR, DL, DR)
    """Where the header and the verdict may stand."""

    def __init__(
        self, story: ComparisonStory, run: RateRun, clock: ValueTracker, width: float
    ) -> None:
        self.run = run
        self.axes = axes = Axes(
            x_range=(*story.x_range, 1),
            y_range=(*story.y_range, 1),
            x_length=width,
            y_length=width * np.ptp(story.y_range) / np.ptp(story.x_range),
            tips=False,
            axis_config={
                "color": style.MUTED,
                "stroke_width": 1,
                "include_ticks": False,
            },
        )
        lines = _line_lengths(axes)
        border = Rectangle(
            width=lines[0], height=lines[1], color=style.MUTED, stroke_width=2
        ).move_to(axes)
        shown = shown_points(run.view, run.path.points)
        self.walk = Walk(shown, clock)
        # Made at its widest value, so that its plate holds every count.
        self.counter = Readout(
            "k", lambda: run.last_step, decimals=0, font_size=style.LABEL_SIZE
        )
        self.counter.value = lambda: min(
            int(np.floor(clock.get_value() + 1e-9)), run.last_step
        )
        rate = MathTex(
            rf"\alpha = {run.learning_rate:g}",
            font_size=style.LABEL_SIZE,
            color=style.SECANT,
        )
        self.flag = (
            off_the_map(axes, run.view, run.path.points)
            if run.view.leaves
            else VGroup()
        )
        header = VGroup(rate, self.counter).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        verdict = verdict_label(run.regime, style.LABEL_SIZE)
        start = Dot(to_screen(axes, shown[:1])[0], radius=0.07)
        corners = self._clear_corners(
            border, Ink.of([path_line(axes, shown), self.flag, start]), header, verdict
        )
        self.header = VGroup(plate(header), header)
        self.verdict = VGroup(plate(verdict), verdict)
        for label, corner in zip((self.header, self.verdict), corners, strict=True):
            label.move_to(
                border.get_corner(corner) - 0.12 * corner, aligned_edge=corner
            )
        self.walker = walker(axes, self.walk, style.POINT)
        if run.view.leaves:  # past its last iterate inside, no dot: the arrow shows
            last = run.view.shown - 1
            self.walker[1].add_updater(
                lambda dot: dot.set_opacity(float(clock.get_value() <= last + 1e-9))
            )
        super().__init__(
            border,
            axes,
            level_curves(axes, story.levels, low=style.FUNCTION, high=style.MUTED),
            self.header,
            self.walker,
            self.flag,
            self.verdict,
        )

    def _clear_corners(
        self, border: Mobject, path: Ink, *labels: Mobject
    ) -> list[np.ndarray]:
        """A corner for each label, clear of the path and of the labels placed before.

        The header prefers the top, the verdict the bottom; with no clear corner
        left, the label takes the free corner farthest from the last one placed.
        """
        free = list(range(len(self.CORNERS)))
        chosen: list[np.ndarray] = []
        for label, preference in zip(
            labels, ((0, 1, 2, 3), (3, 2, 1, 0)), strict=False
        ):
            order = [k for k in preference if k in free]
            placed = Ink.of(labels[: len(chosen)])
            for k in order:
                self._put(label, border, self.CORNERS[k])
                low, high = label.get_corner(DL)[:2], label.get_corner(UR)[:2]
                if path.clear(low - 0.1, high + 0.1) and placed.clear(low, high):
                    break
            else:
                last = chosen[-1] if chosen else self.CORNERS[preference[-1]]
                k = max(order, key=lambda k: np.linalg.norm(self.CORNERS[k] - last))
                self._put(label, border, self.CORNERS[k])
            chosen.append(self.CORNERS[k])
            free.remove(k)
        return chosen

    @staticmethod
    def _put(label: Mobject, border: Mobject, corner: np.ndarray) -> None:
        """Put ``label`` inside ``border``'s ``corner``."""
        label.move_to(border.get_corner(corner) - 0.12 * corner, aligned_edge=corner)

    def detach_changing(self) -> VGroup:
        """Take the parts that change every frame out of the panel, in place.

        Drawn apart and last (see ``layout.draw_changing_last``), they are the only
        parts redrawn on every frame.
        """
        self.header[1].remove(self.counter)
        self.remove(self.walker)
        return VGroup(self.walker, self.counter)
