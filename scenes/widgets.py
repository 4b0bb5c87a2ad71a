"""Widgets shared by the scenes: axes, readouts, formula cards, quiz cards, lines from mathviz."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    PI,
    RIGHT,
    TAU,
    UL,
    UP,
    Animation,
    AnimationGroup,
    Arc,
    Axes,
    Line,
    MathTex,
    Mobject,
    Paragraph,
    RoundedRectangle,
    Succession,
    Text,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
    linear,
)

from mathviz.ticks import nice_range
from scenes import style

if TYPE_CHECKING:
    from mathviz.contours import LevelCurve

__all__ = [
    "Countdown",
    "LiveNumber",
    "QuizCard",
    "Readout",
    "UpdateInPlace",
    "fade",
    "formula_card",
    "label_text",
    "level_curves",
    "line_through",
    "make_axes",
    "map_axes",
    "plot_axes",
    "span_axes",
    "stack",
    "wrapped_text",
]


def make_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
) -> Axes:
    """Axes in the lecture's look, with numbered ticks and axis labels.

    Whole-number ranges and steps are given as integers, so that the ticks read
    ``5``, not ``5.0``.
    """
    axes = Axes(
        x_range=_whole(x_range),
        y_range=_whole(y_range),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={
            "color": style.MUTED,
            "include_numbers": True,
            "font_size": style.SMALL_SIZE,
        },
    )
    labels = axes.get_axis_labels(
        MathTex(x_label, font_size=style.LABEL_SIZE, color=style.MUTED),
        MathTex(y_label, font_size=style.LABEL_SIZE, color=style.MUTED),
    )
    axes.add(labels)
    return axes


def _whole(values: Sequence[float]) -> list[float]:
    """An axis range with whole numbers as ints, when the step is whole too."""
    if all(float(v).is_integer() for v in values):
        return [int(v) for v in values]
    return list(values)


def span_axes(
    x_span: Sequence[float],
    y_span: Sequence[float],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
    ticks: tuple[int, int] = (6, 6),
) -> Axes:
    """Axes covering ``x_span`` x ``y_span`` (low, high) with round ticks (mathviz's)."""
    return make_axes(
        nice_range(*x_span[:2], ticks[0]),
        nice_range(*y_span[:2], ticks[1]),
        width,
        height,
        x_label,
        y_label,
    )


def map_axes(
    x_span: Sequence[float],
    y_span: Sequence[float],
    side: float,
    x_label: str = "x",
    y_label: str = "y",
    ticks: int = 5,
) -> Axes:
    """Axes of a map: round ticks, one scale for both axes, the longer side ``side``.

    With one scale, directions on screen are directions in the plane: a gradient
    drawn perpendicular to a level curve looks perpendicular.
    """
    x_axis, y_axis = nice_range(*x_span[:2], ticks), nice_range(*y_span[:2], ticks)
    unit = side / max(x_axis[1] - x_axis[0], y_axis[1] - y_axis[0])
    return make_axes(
        x_axis,
        y_axis,
        unit * (x_axis[1] - x_axis[0]),
        unit * (y_axis[1] - y_axis[0]),
        x_label,
        y_label,
    )


def plot_axes(
    x_range: Sequence[float],
    functions: Sequence[Callable],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
) -> Axes:
    """Axes over ``x_range`` whose y-range covers zero and every function's values."""
    xs = np.linspace(x_range[0], x_range[1], 201)
    values = np.concatenate([np.broadcast_to(f(xs), xs.shape) for f in functions])
    y_span = (min(values.min(), 0.0), max(values.max(), 0.0))
    return span_axes(x_range, y_span, width, height, x_label, y_label)


def line_through(
    axes: Axes, x0: float, y0: float, slope: float, length: float, **kwargs
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


def _corners(axes: Axes) -> list[tuple[float, float]]:
    (x_min, x_max), (y_min, y_max) = axes.x_range[:2], axes.y_range[:2]
    return [(x_min, y_min), (x_max, y_max)]


class LiveNumber(VMobject):
    """A number that changes on every frame, drawn as one path with tabular digits.

    Manim's ``DecimalNumber`` rebuilds and restyles a group of copied ``MathTex``
    glyphs on each update, which measured 40 % of a 2D scene's render time. This one
    typesets each glyph once and, on update, only swaps the outline points; fixed-width
    digits also keep a moving readout from jittering.
    """

    _glyphs: ClassVar[dict[tuple[str, float], np.ndarray]] = {}
    CHARACTERS = "0123456789.-"
    """Every character a fixed-point number can show."""

    def __init__(
        self,
        value: float,
        decimals: int = 2,
        font_size: float = style.BODY_SIZE,
        **kwargs,
    ):
        super().__init__(stroke_width=0, fill_opacity=1, **kwargs)
        self.decimals, self.font_size = decimals, font_size
        self.digit_width = max(np.ptp(self._glyph(d)[:, 0]) for d in "0123456789")
        self.set_value(value)

    def _glyph(self, char: str) -> np.ndarray:
        """Outline points of ``char``, its left end at x = 0 and its baseline at y = 0."""
        key = (char, self.font_size)
        if key not in self._glyphs:
            # All the characters in one formula: one LaTeX run rather than one each.
            tex = MathTex(*self.CHARACTERS, font_size=self.font_size)
            for character, part in zip(self.CHARACTERS, tex, strict=True):
                points = np.concatenate(
                    [piece.points for piece in part.family_members_with_points()]
                )
                self._glyphs[character, self.font_size] = points - [
                    points[:, 0].min(),
                    points[:, 1].min(),
                    0,
                ]
        return self._glyphs[key]

    def set_value(self, value: float) -> LiveNumber:
        """Show ``value``, keeping the left edge and the size it has been scaled to."""
        left = self.get_left() if self.has_points() else None
        factor = self.height / self.natural_height if left is not None else 1.0
        gap, x, parts = 0.1 * self.digit_width, 0.0, []
        height = np.ptp(self._glyph("0")[:, 1])
        self.value = value
        text = f"{value:.{self.decimals}f}"
        if float(text) == 0:
            text = text.lstrip("-")  # no "-0.000" for a tiny negative value
        for char in text:
            glyph = self._glyph(char)
            width = self.digit_width if char.isdigit() else np.ptp(glyph[:, 0])
            lift = (height - np.ptp(glyph[:, 1])) / 2 if char == "-" else 0.0
            parts.append(glyph + [x + (width - np.ptp(glyph[:, 0])) / 2, lift, 0])
            x += width + gap
        points = np.concatenate(parts)
        self.natural_height = np.ptp(points[:, 1])
        self.set_points(factor * points)
        if left is not None:
            self.shift(left - self.get_left())
        return self

    def get_value(self) -> float:
        """The value shown."""
        return self.value


class Readout(VGroup):
    """A live ``label = value`` line: the value comes from ``value`` on every frame.

    Parameters
    ----------
    label
        The left-hand side, in LaTeX.
    value
        Returns the number to show (computed by mathviz, never measured on screen).
    decimals
        Decimal places shown.
    """

    def __init__(
        self,
        label: str,
        value: Callable[[], float],
        decimals: int = 2,
        color=style.TEXT,
        font_size: float = style.BODY_SIZE,
    ) -> None:
        self.label = MathTex(label, "=", font_size=font_size, color=color)
        self.number = LiveNumber(value(), decimals, font_size, color=color)
        self.number.next_to(self.label, RIGHT, buff=0.15)
        super().__init__(self.label, self.number)
        self.value = value
        self.number.add_updater(lambda number: number.set_value(self.value()))


def stack(*mobjects: VMobject, buff: float = 0.3) -> VGroup:
    """Left-aligned column, as for a list of readouts."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def label_text(text: str, font_size: float = style.BODY_SIZE, color=style.TEXT) -> Text:
    """Plain text in the lecture's font."""
    return Text(text, font=style.FONT, font_size=font_size, color=color)


def formula_card(
    *tex: str, font_size: float = style.BODY_SIZE, color=style.TEXT
) -> VGroup:
    """A formula on a rounded panel; ``card[1]`` is the ``MathTex``."""
    formula = MathTex(*tex, font_size=font_size, color=color)
    panel = RoundedRectangle(
        corner_radius=0.15,
        width=formula.width + 0.6,
        height=formula.height + 0.4,
        fill_color=style.PANEL,
        fill_opacity=1,
        stroke_color=style.MUTED,
        stroke_width=1,
    ).move_to(formula)
    return VGroup(panel, formula)


class UpdateInPlace(UpdateFromAlphaFunc):
    """``UpdateFromAlphaFunc`` without the copy of the mobject every animation makes.

    ``update(mobject, alpha)`` changes the mobject in place, so the starting copy
    Manim keeps for interpolating would go unused; for text and big groups it is the
    animation's main cost.
    """

    def create_starting_mobject(self) -> Mobject:
        """The mobject itself: nothing is interpolated from a copy."""
        return self.mobject


class Countdown(VGroup):
    """A "try it" timer: a ring that empties while the seconds count down.

    ``scene.play(countdown.run())`` plays it in real time. The ring and the number
    change only while it runs (no updaters otherwise), so a card holding the
    countdown stays still, and cheap to draw, the rest of the time.
    """

    def __init__(self, seconds: int, radius: float = 0.5, color=style.ACCENT) -> None:
        self.seconds = seconds
        self.remaining = ValueTracker(seconds)
        # A full turn from the top: the ring is the first part of it.
        self.track = Arc(
            radius=radius,
            start_angle=PI / 2,
            angle=TAU,
            color=style.MUTED,
            stroke_width=4,
        )
        self.ring = self.track.copy().set_stroke(color, 8)
        self.number = LiveNumber(
            seconds, decimals=0, font_size=style.HEADING_SIZE, color=color
        ).move_to(self.track)
        super().__init__(self.track, self.ring, self.number)

    def run(self) -> Animation:
        """The countdown from its seconds to zero, in real time."""

        def update(_: Countdown, alpha: float) -> None:
            remaining = self.seconds * (1 - alpha)
            self.remaining.set_value(remaining)
            self.ring.pointwise_become_partial(self.track, 0, remaining / self.seconds)
            self.number.set_value(np.ceil(remaining)).move_to(self.track)

        return UpdateInPlace(self, update, run_time=self.seconds, rate_func=linear)


def level_curves(
    axes: Axes,
    curves: Sequence[LevelCurve],
    low=style.FUNCTION,
    high=style.ACCENT,
    stroke_width: float = 2.5,
) -> VGroup:
    """Level curves computed by mathviz, drawn on ``axes``.

    One ``VGroup`` of polylines per curve, in the given order, coloured from ``low``
    for the first to ``high`` for the last.
    """
    shades = [
        interpolate_color(low, high, k / max(len(curves) - 1, 1))
        for k in range(len(curves))
    ]
    return VGroup(
        *(
            VGroup(
                *(
                    VMobject(
                        stroke_color=shade, stroke_width=stroke_width
                    ).set_points_as_corners(axes.c2p(line))
                    for line in curve.lines
                )
            )
            for curve, shade in zip(curves, shades, strict=True)
        )
    )


@cache
def _text_width(text: str, font_size: float) -> float:
    """Width of ``text`` on one line in the lecture's font."""
    return Text(text, font=style.FONT, font_size=font_size).width


def wrapped_text(
    text: str, width: float, font_size: float = style.BODY_SIZE, color=style.TEXT
) -> Paragraph:
    """Text broken into left-aligned lines at most ``width`` wide (a long word stands alone).

    Lines are filled word by word from the widths of the words, each typeset once
    (typesetting every candidate line instead costs seconds for a quiz card).
    """
    space = _text_width("n n", font_size) - 2 * _text_width("n", font_size)
    lines: list[str] = []
    line_width = 0.0
    for word in text.split():
        word_width = _text_width(word, font_size)
        if lines and line_width + space + word_width <= width:
            lines[-1] += f" {word}"
            line_width += space + word_width
        else:
            lines.append(word)
            line_width = word_width
    return Paragraph(
        *lines,
        font=style.FONT,
        font_size=font_size,
        color=color,
        alignment="left",
        line_spacing=0.8,
    )


class QuizCard(VGroup):
    """A quiz question on a card: the question, lettered choices, a countdown, the reveal.

    Without choices it is an open question ("try it"), for which the scene shows its
    own solution after the reveal. ``scene.play(card.ask())``, then
    ``scene.play(card.run())`` (the countdown, in real time), then
    ``scene.play(card.reveal(answer))``.

    Parameters
    ----------
    question
        The question, wrapped to the card's width.
    choices
        The possible answers, lettered A, B, C, ... in order.
    seconds
        Length of the countdown.
    width
        Width of the card.
    font_size
        Size of the question; the choices are a little smaller.
    """

    PADDING = 0.35

    def __init__(
        self,
        question: str,
        choices: Sequence[str] = (),
        seconds: int = 5,
        width: float = 6.5,
        font_size: float = style.BODY_SIZE,
    ) -> None:
        inner = width - 2 * self.PADDING
        self.countdown = Countdown(seconds)
        self.question = wrapped_text(
            question, inner - self.countdown.width - self.PADDING, font_size
        )
        self.countdown.next_to(self.question.get_corner(UL) + inner * RIGHT, DL, 0)
        header = VGroup(self.question, self.countdown)
        self.choices = VGroup(
            *(
                self._choice(chr(ord("A") + k), text, inner, 0.85 * font_size)
                for k, text in enumerate(choices)
            )
        ).arrange(DOWN, buff=0.2)
        body = VGroup(header, *([self.choices] if choices else []))
        body.arrange(DOWN, buff=0.4, aligned_edge=LEFT)
        self.panel = RoundedRectangle(
            corner_radius=0.2,
            width=width,
            height=body.height + 2 * self.PADDING,
            fill_color=style.PANEL,
            fill_opacity=1,
            stroke_color=style.MUTED,
            stroke_width=1,
        ).move_to(body)
        super().__init__(self.panel, self.question, self.choices, self.countdown)

    @staticmethod
    def _choice(letter: str, text: str, width: float, font_size: float) -> VGroup:
        """One choice: a box holding the letter and the text; ``choice[0]`` is the box."""
        badge = label_text(letter, font_size, style.ACCENT)
        words = wrapped_text(text, width - badge.width - 0.8, font_size)
        row = VGroup(badge, words).arrange(RIGHT, buff=0.3, aligned_edge=UP)
        box = RoundedRectangle(
            corner_radius=0.12,
            width=width,
            height=row.height + 0.3,
            stroke_color=style.MUTED,
            stroke_width=1.5,
        )
        row.move_to(box).align_to(box, LEFT).shift(0.2 * RIGHT)
        return VGroup(box, row)

    def ask(self) -> Animation:
        """Show the card, then the choices one by one and the countdown."""
        return Succession(
            fade(VGroup(self.panel, self.question), 0, 1),
            *(fade(choice, 0, 1) for choice in self.choices),
            fade(self.countdown, 0, 1),
            group=self,
        )

    def run(self) -> Animation:
        """The countdown, in real time.

        The countdown leaves the card's group while it runs, so that only it, not the
        whole card, is redrawn on every frame.
        """
        self.remove(self.countdown)
        return self.countdown.run()

    def reveal(self, answer: int | None = None) -> Animation:
        """Put the countdown away; mark choice ``answer`` right and dim the others."""
        self.remove(self.countdown)
        changes = [fade(self.countdown, 1, 0, remover=True)]
        for k, choice in enumerate(self.choices):
            if k == answer:
                changes.append(_mark_right(choice[0]))
            else:
                changes.append(fade(choice, 1, 0.35))
        return AnimationGroup(*changes, group=self)


def _mark_right(box: VMobject) -> Animation:
    """Turn a choice's box into the right answer's: green outline, green tint."""
    color, width = box.get_stroke_color(), box.get_stroke_width()

    def update(_: VMobject, alpha: float) -> None:
        box.set_stroke(
            interpolate_color(color, style.RISING, alpha), width + alpha * (4 - width)
        )
        box.set_fill(style.RISING, 0.2 * alpha)

    return UpdateInPlace(box, update)


def fade(mobject: VMobject, start: float, end: float, **kwargs) -> Animation:
    """Scale the opacity of every part of ``mobject`` from ``start`` to ``end`` times its own.

    ``fade(m, 0, 1)`` fades ``m`` in, ``fade(m, 1, 0.35)`` dims it. Unlike ``FadeIn``
    or ``.animate`` it changes ``mobject`` in place, copying nothing, which is much
    cheaper for text and big groups; parts keep their opacities relative to each
    other (an unfilled curve stays unfilled). ``mobject`` takes its ``start``
    opacity at once, so a later step of a ``Succession`` stays hidden until its turn.
    ``kwargs`` go to the animation (``run_time``, ``remover``, ...).
    """
    parts = mobject.family_members_with_points()
    opacities = [(part.get_stroke_opacity(), part.get_fill_opacity()) for part in parts]

    def update(_: VMobject, alpha: float) -> None:
        scale = start + alpha * (end - start)
        for part, (stroke, fill) in zip(parts, opacities, strict=True):
            part.set_stroke(opacity=stroke * scale, family=False)
            part.set_fill(opacity=fill * scale, family=False)

    update(mobject, 0)
    return UpdateInPlace(mobject, update, **kwargs)
