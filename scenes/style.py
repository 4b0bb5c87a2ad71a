"""The lecture's one look: palette, fonts, sizes and notation colours."""

from __future__ import annotations

from collections.abc import Iterable

from manim import ManimColor, interpolate_color

from mathviz.descent import Regime

__all__ = [
    "ACCENT",
    "BACKGROUND",
    "BODY_SIZE",
    "CODE_FONT",
    "DERIVATIVE",
    "FALLING",
    "FLAT",
    "FONT",
    "FUNCTION",
    "GRADIENT",
    "HEADING_SIZE",
    "LAND",
    "LABEL_SIZE",
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
    "number",
    "slope_color",
]

# Palette (dark background, colour-blind friendly accents).
BACKGROUND = ManimColor("#0f1117")
PANEL = ManimColor("#1b1f2a")
TEXT = ManimColor("#ECEFF4")
MUTED = ManimColor("#8b93a7")
ACCENT = ManimColor("#FFD166")

# What each mathematical object is drawn in, everywhere in the lecture.
FUNCTION = ManimColor("#4EA8DE")
DERIVATIVE = ManimColor("#F28482")
POINT = ACCENT
SECANT = ManimColor("#F4A261")
GRADIENT = ManimColor("#B388EB")
RISING = ManimColor("#06D6A0")
FALLING = ManimColor("#EF476F")
FLAT = ACCENT

# The colour of each of mathviz's verdicts on a learning rate, everywhere.
VERDICT = {
    Regime.TOO_SMALL: MUTED,
    Regime.GOOD: RISING,
    Regime.OSCILLATING: SECANT,
    Regime.DIVERGING: FALLING,
}

# The land of the lost hiker, from the valley floor to the peaks.
LAND = (
    interpolate_color(BACKGROUND, FUNCTION, 0.2),
    FUNCTION,
    interpolate_color(FUNCTION, TEXT, 0.7),
)

# Colours of symbols inside formulas (``MathTex(..., tex_to_color_map=NOTATION_COLORS)``).
NOTATION_COLORS = {"f'": DERIVATIVE, r"\frac{df}{dx}": DERIVATIVE, "h": SECANT}

FONT = "DejaVu Sans"
CODE_FONT = "DejaVu Sans Mono"
TITLE_SIZE = 48
HEADING_SIZE = 36
BODY_SIZE = 30
LABEL_SIZE = 26
SMALL_SIZE = 22


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
