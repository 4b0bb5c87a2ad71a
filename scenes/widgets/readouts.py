"""Live numbers: readouts that follow a value, and a countdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from manim import (
    PI,
    RIGHT,
    TAU,
    Animation,
    Arc,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from scenes import style
from scenes.widgets.layout import spend
from scenes.widgets.motion import UpdateInPlace

if TYPE_CHECKING:
    from manim import ParsableManimColor

__all__ = ["Countdown", "LiveNumber", "Readout"]


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
    natural_height: float
    """The height of the number shown, as typeset (before any scaling)."""

    def __init__(
        self,
        value: float,
        decimals: int = 2,
        font_size: float = style.BODY_SIZE,
        **kwargs: Any,
    ) -> None:
        super().__init__(stroke_width=0, fill_opacity=1, **kwargs)
        self.decimals, self.made_font_size = decimals, font_size
        self.digit_width = max(np.ptp(self._glyph(d)[:, 0]) for d in "0123456789")
        self.set_value(value)

    def _glyph(self, char: str) -> np.ndarray:
        """Outline points of ``char``, its left end at x = 0 and its baseline at y = 0."""
        key = (char, self.made_font_size)
        if key not in self._glyphs:
            # All the characters in one formula: one LaTeX run rather than one each.
            tex = MathTex(*self.CHARACTERS, font_size=self.made_font_size)
            for character, part in zip(self.CHARACTERS, tex, strict=True):
                points = np.concatenate(
                    [piece.points for piece in part.family_members_with_points()]
                )
                self._glyphs[character, self.made_font_size] = points - [
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

    @property
    def font_size(self) -> float:
        """The font size the number is drawn at, as scaled since it was made."""
        return self.made_font_size * self.height / self.natural_height


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
        color: ParsableManimColor | None = None,
        font_size: float = style.BODY_SIZE,
    ) -> None:
        color = color or style.TEXT
        self.label = MathTex(label, "=", font_size=font_size, color=color)
        self.number = LiveNumber(value(), decimals, font_size, color=color)
        self.number.next_to(self.label, RIGHT, buff=0.15)
        super().__init__(self.label, self.number)
        self.value = value
        self.number.add_updater(lambda number: number.set_value(self.value()))


class Countdown(VGroup):
    """A "try it" timer: a ring that empties while the seconds count down.

    ``scene.play(countdown.run())`` plays it in real time. The ring and the number
    change only while it runs (no updaters otherwise), so a card holding the
    countdown stays still, and cheap to draw, the rest of the time.
    """

    def __init__(
        self,
        seconds: int,
        radius: float = 0.5,
        color: ParsableManimColor | None = None,
    ) -> None:
        color = color or style.ACCENT
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
        """The countdown from its seconds to zero, in real time; then it is spent."""

        def update(_: Mobject, alpha: float) -> None:
            remaining = self.seconds * (1 - alpha)
            self.remaining.set_value(remaining)
            self.ring.pointwise_become_partial(self.track, 0, remaining / self.seconds)
            self.number.set_value(np.ceil(remaining)).move_to(self.track)
            if alpha == 1:
                spend(self)

        return UpdateInPlace(self, update, run_time=self.seconds, rate_func=linear)
