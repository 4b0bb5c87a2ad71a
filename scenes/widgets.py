"""Widgets shared by the scenes: axes, readouts, formula cards, lines drawn from mathviz."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Axes,
    DecimalNumber,
    Line,
    MathTex,
    RoundedRectangle,
    Text,
    VGroup,
    VMobject,
)

from scenes import style

__all__ = [
    "Readout",
    "formula_card",
    "label_text",
    "line_through",
    "make_axes",
    "stack",
]


def make_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    width: float,
    height: float,
    x_label: str = "x",
    y_label: str = "y",
) -> Axes:
    """Axes in the lecture's look, with numbered ticks and axis labels."""
    axes = Axes(
        x_range=x_range,
        y_range=y_range,
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


def line_through(
    axes: Axes, x0: float, y0: float, slope: float, length: float, **kwargs
) -> Line:
    """A segment of the line through ``(x0, y0)`` with ``slope`` (axis units).

    The segment is centred on the point and ``length`` long on screen, so steep and
    flat lines look alike; its direction comes from the axes' own scaling.
    """
    start = axes.c2p(x0, y0)
    direction = axes.c2p(x0 + 1, y0 + slope) - start
    direction = direction / np.linalg.norm(direction)
    return Line(
        start - direction * length / 2, start + direction * length / 2, **kwargs
    )


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
        self.number = DecimalNumber(
            value(), num_decimal_places=decimals, font_size=font_size, color=color
        )
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
