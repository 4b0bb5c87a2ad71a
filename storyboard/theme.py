"""The club's look: a theme read from ``[lecture.theme]`` and the palette every scene draws in.

A theme names a few colours (background, text, accent), a font and an optional
logo; :func:`palette` derives every other colour from them: the notation colours
(the function, its derivative, the secant, ...) keep their hues and are made as
light or dark as the background needs for their labels to stay readable. The
build tool checks a theme (:meth:`Theme.problems`) and hands it to each scene's
process as JSON in :data:`THEME_VARIABLE`.

Pure data and colour arithmetic (coloraide): no manim.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from coloraide import Color
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictStr,
    model_validator,
)

from storyboard.options import inside_manifest_folder

__all__ = [
    "LINE_CONTRAST",
    "TEXT_CONTRAST",
    "THEMES",
    "THEME_VARIABLE",
    "Palette",
    "Theme",
    "contrast",
    "is_light",
    "palette",
]

THEME_VARIABLE = "LECTURE_THEME"
"""Environment variable holding the lecture's theme as JSON (see :class:`Theme`).

Without it (a plain ``manim`` run) scenes draw in the default, dark theme.
"""
TEXT_CONTRAST = 4.5
"""The least contrast of text against the background (WCAG AA)."""
LINE_CONTRAST = 3.0
"""The least contrast of a line or a curve against the background."""
NOTATION_CONTRAST = 5.5
"""The contrast a notation colour too close to the background is given (its labels stay
readable dimmed to 3/4)."""
MAX_LOGO_BYTES = 1024 * 1024
"""The largest logo file read."""

HUES = {
    "function": "#4EA8DE",
    "derivative": "#F28482",
    "secant": "#F4A261",
    "gradient": "#B388EB",
    "rising": "#06D6A0",
    "falling": "#EF476F",
    "muted": "#8b93a7",
}
"""The notation colours' design values (on the dark background, unchanged)."""


def _colour(text: str) -> str:
    """A CSS colour (``"#1a1a2e"``, ``"white"``, ``"rgb(...)"``) as ``#rrggbb``."""
    try:
        colour = Color(text)
    except ValueError:
        raise ValueError(f'{text!r} is not a colour; write it like "#1a1a2e"') from None
    if colour.alpha() < 1:
        raise ValueError(f"{text!r} is see-through; give an opaque colour")
    return colour.convert("srgb").fit().to_string(hex=True)


def _installed(font: str) -> str:
    """Check that fontconfig (which Pango draws text with) knows the family ``font``."""
    fonts = _font_families()
    if font not in fonts:
        near = [name for name in fonts if name.lower().startswith(font[:3].lower())]
        raise ValueError(
            f"no installed font {font!r}; installed: "
            + ", ".join(near or sorted(fonts)[:8])
            + (", ..." if not near and len(fonts) > 8 else "")
        )
    return font


@functools.cache
def _font_families() -> frozenset[str]:
    """Every font family fontconfig knows, each of its names (``fc-list : family``)."""
    listed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(
        name.strip() for line in listed.splitlines() for name in line.split(",")
    )


def _picture(path: Path) -> Path:
    """Check that a logo is a PNG or an SVG picture."""
    if path.suffix.lower() not in {".png", ".svg"}:
        raise ValueError(f"{path.name} is not a .png or .svg picture")
    return path


#: A colour as CSS writes it, kept as ``#rrggbb``.
Colour = Annotated[StrictStr, AfterValidator(_colour)]
#: The family name of an installed font.
Font = Annotated[StrictStr, AfterValidator(_installed)]
#: A PNG or SVG file inside the lecture's folder.
Logo = Annotated[
    Path,
    AfterValidator(inside_manifest_folder(MAX_LOGO_BYTES, "a logo")),
    AfterValidator(_picture),
]


class Theme(BaseModel):
    """The ``[lecture.theme]`` table: the club's look.

    Attributes
    ----------
    base
        The shipped theme the others keys change: ``"dark"`` (the default) or
        ``"light"``.
    background
        The frame's colour.
    text
        The colour of text.
    accent
        The colour of marked points, flat tangents and highlights.
    font
        The font of text (formulas are typeset by LaTeX).
    logo
        A PNG or SVG picture in the lecture's folder, shown in a corner of every
        frame; none by default.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base: Literal["dark", "light"] = "dark"
    background: Colour
    text: Colour
    accent: Colour
    font: Font = "DejaVu Sans"
    logo: Logo | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_base(cls, data: Any) -> Any:
        """Keys not given are the base theme's (a name alone is a base: ``"light"``)."""
        if isinstance(data, str):
            data = {"base": data}
        if isinstance(data, Mapping):
            base = data.get("base", "dark")
            return {**THEMES.get(base, {}), **data}
        return data

    def problems(self) -> list[tuple[str, str]]:
        """What keeps this theme from being read: ``(key, problem)`` pairs, none if fine.

        Text must reach :data:`TEXT_CONTRAST` against the background, and so must
        the accent (it colours labels as well as points).
        """
        found = []
        for key in ("text", "accent"):
            colour = getattr(self, key)
            ratio = contrast(colour, self.background)
            if ratio < TEXT_CONTRAST:
                found.append(
                    (
                        key,
                        f"{colour} on the background {self.background} has a "
                        f"contrast of {ratio:.1f}:1; {key} needs {TEXT_CONTRAST}:1 "
                        f"(the inspector's threshold for text); choose a "
                        f"{'darker' if is_light(self.background) else 'lighter'} "
                        f"{key}",
                    )
                )
        return found

    @classmethod
    def shipped(cls, base: Literal["dark", "light"] = "dark") -> Theme:
        """One of the shipped themes, as it is."""
        return cls.model_validate({"base": base})

    def as_json(self) -> str:
        """The theme as :data:`THEME_VARIABLE` holds it."""
        return self.model_dump_json()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Theme:
        """The theme the build tool handed the scene, or the dark one."""
        text = (os.environ if environ is None else environ).get(THEME_VARIABLE)
        return cls.model_validate_json(text) if text else cls.shipped()


THEMES: dict[str, dict[str, str]] = {
    "dark": {"background": "#0f1117", "text": "#ECEFF4", "accent": "#FFD166"},
    "light": {"background": "#fbfaf7", "text": "#1d2130", "accent": "#b5179e"},
}
"""The shipped themes' colours, by name (``base = "light"``)."""


@dataclass(frozen=True)
class Palette:
    """Every colour a scene draws in, as ``#rrggbb`` (see :func:`palette`)."""

    background: str
    panel: str
    text: str
    muted: str
    accent: str
    function: str
    derivative: str
    secant: str
    gradient: str
    rising: str
    falling: str


def palette(theme: Theme) -> Palette:
    """The theme's colours and the ones derived from them.

    The panel (cards, plates) is the background tinted 7 % towards the text;
    the muted colour and the notation colours keep their design values
    (:data:`HUES`) where those reach :data:`TEXT_CONTRAST` on the background;
    others keep their hues and are made darker on a light background, lighter
    on a dark one, until they reach :data:`NOTATION_CONTRAST`.
    """
    background = theme.background
    panel = Color(background).mix(theme.text, 0.07, space="srgb")
    notation = {name: _readable(hue, background) for name, hue in HUES.items()}
    return Palette(
        background=background,
        panel=panel.to_string(hex=True),
        text=theme.text,
        accent=theme.accent,
        **notation,
    )


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours."""
    return float(Color(a).contrast(b, method="wcag21"))


def is_light(colour: str) -> bool:
    """Whether dark text reads better on ``colour`` than light text."""
    return contrast(colour, "black") > contrast(colour, "white")


def _readable(hue: str, background: str) -> str:
    """``hue`` if readable on ``background``, else made so (see :func:`palette`)."""
    if contrast(hue, background) >= TEXT_CONTRAST:
        return Color(hue).to_string(hex=True)
    colour = Color(hue).convert("oklch")
    step = -0.01 if is_light(background) else 0.01
    while contrast(colour.to_string(hex=True), background) < NOTATION_CONTRAST and (
        0.0 < colour["lightness"] < 1.0
    ):
        colour["lightness"] = min(max(colour["lightness"] + step, 0.0), 1.0)
        colour.fit("srgb")
    return colour.convert("srgb").fit().to_string(hex=True)
