"""The lecture's one look: palette, fonts, sizes and notation colours, from its theme."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from manim import (
    DecimalNumber,
    ManimColor,
    MathTex,
    Paragraph,
    Tex,
    Text,
    interpolate_color,
    rgb_to_hex,
)

from mathviz.descent import Regime
from storyboard.theme import Theme, contrast, is_light, palette

__all__ = [
    "ACCENT",
    "BACKGROUND",
    "BODY_SIZE",
    "CODE_FONT",
    "CODE_STYLE",
    "DERIVATIVE",
    "FALLING",
    "FLAT",
    "FONT",
    "FUNCTION",
    "GRADIENT",
    "HEADING_SIZE",
    "LAND",
    "LABEL_SIZE",
    "LOGO",
    "MUTED",
    "NOTATION_COLORS",
    "PANEL",
    "POINT",
    "RISING",
    "SECANT",
    "SMALL_SIZE",
    "TEXT",
    "TITLE_SIZE",
    "VERDICT",
    "coordinates",
    "legible_opacity",
    "number",
    "slope_color",
    "use",
]

BACKGROUND: ManimColor
PANEL: ManimColor
TEXT: ManimColor
MUTED: ManimColor
ACCENT: ManimColor
FUNCTION: ManimColor
DERIVATIVE: ManimColor
POINT: ManimColor
SECANT: ManimColor
GRADIENT: ManimColor
RISING: ManimColor
FALLING: ManimColor
FLAT: ManimColor
VERDICT: dict[Regime, ManimColor]
"""The colour of each of mathviz's verdicts on a learning rate, everywhere."""
LAND: tuple[ManimColor, ManimColor, ManimColor]
"""The land of the lost hiker, from the valley floor to the peaks."""
NOTATION_COLORS: dict[str, ManimColor]
"""Colours of symbols inside formulas (``MathTex(..., tex_to_color_map=NOTATION_COLORS)``)."""
FONT: str
CODE_STYLE: str
"""The Pygments style of code listings, for the background's lightness."""
LOGO: Path | None
"""The club's logo, shown in a corner of every frame, if the theme has one."""


def use(theme: Theme) -> None:
    """Draw in ``theme`` from now on: every scene's setup calls it with its lecture's.

    The palette is the theme's (see :func:`storyboard.theme.palette`); what each
    mathematical object is drawn in is named here once, for the whole lecture.
    """
    global BACKGROUND, PANEL, TEXT, MUTED, ACCENT, FUNCTION, DERIVATIVE, POINT
    global SECANT, GRADIENT, RISING, FALLING, FLAT, VERDICT, LAND
    global NOTATION_COLORS, FONT, LOGO, CODE_STYLE
    colours = palette(theme)
    BACKGROUND, PANEL = ManimColor(colours.background), ManimColor(colours.panel)
    TEXT, MUTED = ManimColor(colours.text), ManimColor(colours.muted)
    ACCENT = POINT = FLAT = ManimColor(colours.accent)
    FUNCTION = ManimColor(colours.function)
    DERIVATIVE = ManimColor(colours.derivative)
    SECANT = ManimColor(colours.secant)
    GRADIENT = ManimColor(colours.gradient)
    RISING = ManimColor(colours.rising)
    FALLING = ManimColor(colours.falling)
    VERDICT = {
        Regime.TOO_SMALL: MUTED,
        Regime.GOOD: RISING,
        Regime.OSCILLATING: SECANT,
        Regime.DIVERGING: FALLING,
    }
    LAND = (
        interpolate_color(BACKGROUND, FUNCTION, 0.2),
        FUNCTION,
        interpolate_color(FUNCTION, TEXT, 0.7),
    )
    NOTATION_COLORS = {"f'": DERIVATIVE, r"\frac{df}{dx}": DERIVATIVE, "h": SECANT}
    FONT, LOGO = theme.font, theme.logo
    CODE_STYLE = "default" if is_light(colours.background) else "monokai"
    # Manim's own is white on any background: the fill, and the outline ``Write``
    # draws around text.
    for kind in (Text, Paragraph, MathTex, Tex, DecimalNumber):
        kind.set_default()
        kind.set_default(color=TEXT)
    for kind in (Text, Paragraph):
        kind.set_default(stroke_color=TEXT)


use(Theme.from_environment())

CODE_FONT = "DejaVu Sans Mono"
TITLE_SIZE = 48
HEADING_SIZE = 36
BODY_SIZE = 30
LABEL_SIZE = 26
SMALL_SIZE = 22


def legible_opacity(wanted: float, *needs: tuple[ManimColor, float]) -> float:
    """The least opacity from ``wanted`` up at which each colour keeps its contrast.

    ``needs`` pairs a colour with the contrast it must keep against the background
    (:data:`~storyboard.theme.TEXT_CONTRAST` for text, ``LINE_CONTRAST`` for lines):
    what is dimmed on a dark background may need more opacity on a light one.
    """
    background = BACKGROUND.to_rgb()
    opacity = wanted
    for colour, needed in needs:
        while opacity < 1 and (
            contrast(
                rgb_to_hex(opacity * colour.to_rgb() + (1 - opacity) * background),
                BACKGROUND.to_hex(),
            )
            < needed + 0.05
        ):
            opacity = min(1.0, opacity + 0.01)
    return opacity


def slope_color(slope: float, flat_tolerance: float = 0.05) -> ManimColor:
    """Colour of a tangent by the sign of its slope: rising, falling or flat."""
    if abs(slope) <= flat_tolerance:
        return FLAT
    return RISING if slope > 0 else FALLING


def number(value: float, digits: int = 3) -> str:
    """A number as captions write it: ``0.3``, ``-1``, ``1.23e+03``, at most ``digits`` digits."""
    return f"{float(value):.{digits}g}"


def coordinates(values: Iterable[float], digits: int = 3) -> str:
    """A point as captions write it: ``(1, -1)``."""
    return "(" + ", ".join(number(value, digits) for value in values) + ")"
