"""The club's look: themes read, checked for contrast, and the palette derived from them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from storyboard.theme import (
    TEXT_CONTRAST,
    THEME_VARIABLE,
    THEMES,
    Theme,
    palette,
)


def wcag(a: str, b: str) -> float:
    """WCAG 2.1 contrast, computed here from its definition (independent of coloraide)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_dark_theme_keeps_the_lectures_design_colours():
    colours = palette(Theme.shipped())
    assert (colours.background, colours.text, colours.accent) == (
        "#0f1117",
        "#eceff4",
        "#ffd166",
    )
    assert (colours.function, colours.derivative, colours.falling) == (
        "#4ea8de",
        "#f28482",
        "#ef476f",
    )


@pytest.mark.parametrize("base", list(THEMES))
def test_every_colour_of_a_shipped_theme_reads_on_its_background(base):
    colours = palette(Theme.shipped(base))
    for name, colour in vars(colours).items():
        if name not in {"background", "panel"}:
            assert wcag(colour, colours.background) >= TEXT_CONTRAST, name


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 0xFFFFFF))
def test_notation_colours_are_made_readable_on_any_background(rgb):
    background = f"#{rgb:06x}"
    text = (
        "#000000"
        if wcag("#000000", background) > wcag("#ffffff", background)
        else "#ffffff"
    )
    theme = Theme.model_validate(
        {"background": background, "text": text, "accent": text}
    )
    colours = palette(theme)
    for name in (
        "muted",
        "function",
        "derivative",
        "secant",
        "gradient",
        "rising",
        "falling",
    ):
        assert wcag(getattr(colours, name), background) >= TEXT_CONTRAST - 0.05, name


def test_a_theme_names_its_contrast_problems():
    theme = Theme.model_validate(
        {"background": "white", "text": "#999999", "accent": "#FFD166"}
    )
    (text, accent) = theme.problems()
    assert text[0] == "text" and "#999999 on the background #ffffff" in text[1]
    assert f"{wcag('#999999', '#ffffff'):.1f}:1" in text[1]
    assert accent[0] == "accent" and "choose a darker accent" in accent[1]
    assert Theme.shipped("light").problems() == []


def test_keys_not_given_are_the_base_themes_and_a_name_is_a_base():
    theme = Theme.model_validate({"base": "light", "accent": "#005f73"})
    assert theme.background == THEMES["light"]["background"]
    assert theme.accent == "#005f73"
    assert Theme.model_validate("light") == Theme.shipped("light")
    assert Theme.from_environment({THEME_VARIABLE: theme.as_json()}) == theme
    assert Theme.from_environment({}) == Theme.shipped()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"background": "bluish"}, "'bluish' is not a colour"),
        ({"text": "#ffffff80"}, "is see-through"),
        ({"font": "Comic Nonsense"}, "no installed font 'Comic Nonsense'"),
        ({"base": "sepia"}, "Input should be 'dark' or 'light'"),
        ({"colour": "#000"}, "Extra inputs are not permitted"),
    ],
)
def test_wrong_keys_are_refused(table, message):
    with pytest.raises(ValidationError, match=message):
        Theme.model_validate(table)
