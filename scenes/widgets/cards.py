"""Cards and text: labels, wrapped paragraphs, formula cards, quiz cards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sympy
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Animation,
    AnimationGroup,
    Code,
    ImageMobject,
    MathTex,
    Mobject,
    Paragraph,
    RoundedRectangle,
    Succession,
    SVGMobject,
    Text,
    VGroup,
    VMobject,
    interpolate_color,
)

from scenes import style
from scenes.widgets.layout import mark
from scenes.widgets.motion import UpdateInPlace, fade
from scenes.widgets.readouts import Countdown
from storyboard.theme import LINE_CONTRAST, TEXT_CONTRAST

if TYPE_CHECKING:
    from manim import ParsableManimColor

__all__ = [
    "QuizCard",
    "club_logo",
    "code_highlight",
    "code_lines",
    "code_panel",
    "formula_card",
    "label_text",
    "matrix",
    "paragraph",
    "partial",
    "sum_parts",
    "tex_vector",
    "typeset_scale",
    "wrapped_text",
]


def label_text(
    text: str,
    font_size: float = style.BODY_SIZE,
    color: ParsableManimColor | None = None,
) -> Text:
    """Plain text in the lecture's font (in the text colour unless ``color``)."""
    return Text(text, font=style.FONT, font_size=font_size, color=color or style.TEXT)


def formula_card(
    *tex: str,
    font_size: float = style.BODY_SIZE,
    color: ParsableManimColor | None = None,
) -> VGroup:
    """A formula on a rounded panel; ``card[1]`` is the ``MathTex``."""
    formula = MathTex(*tex, font_size=font_size, color=color or style.TEXT)
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


@cache
def _text_width(text: str, font_size: float) -> float:
    """Width of ``text`` on one line in the lecture's font."""
    return Text(text, font=style.FONT, font_size=font_size).width


def wrapped_text(
    text: str,
    width: float,
    font_size: float = style.BODY_SIZE,
    color: ParsableManimColor | None = None,
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
    return paragraph(
        *lines, font_size=font_size, color=color, alignment="left", line_spacing=0.8
    )


def paragraph(
    *lines: str,
    font_size: float = style.BODY_SIZE,
    color: ParsableManimColor | None = None,
    **kwargs: Any,
) -> Paragraph:
    """Lines of text in the lecture's font (``kwargs`` go to ``Paragraph``).

    Pango draws text on a canvas the size of the output in pixels and drops what falls
    outside, so the lines are typeset small and scaled up. The paragraph remembers
    its size, so that the layout inspector can tell how large it is drawn once scaled.
    """
    made = Paragraph(
        *lines,
        font=style.FONT,
        font_size=_TYPESET_SIZE,
        color=color or style.TEXT,
        **kwargs,
    ).scale(font_size / _TYPESET_SIZE)
    mark(made, made_font_size=font_size, made_height=made.height)
    return made


_TYPESET_SIZE = 12
"""The size paragraphs are typeset at, before they are scaled."""


def typeset_scale(text: Mobject) -> float:
    """How much a paragraph or a code listing has been scaled since it was typeset."""
    return text.height / vars(text)["made_height"]


def sum_parts(terms: Sequence[sympy.Expr]) -> list[str]:
    """LaTeX of the terms of a sum, each with its sign, for a ``MathTex`` per term.

    Joined with spaces they read as the sum (``sympy.latex`` of it, when the terms
    are in sympy's printing order).

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> sum_parts([3 * x**2, -2 * x, sympy.Integer(1)])
    ['3 x^{2}', '- 2 x', '+ 1']
    """
    parts: list[str] = []
    for term in terms:
        negative = term.could_extract_minus_sign()
        sign = "- " if negative else "+ " if parts else ""
        parts.append(sign + sympy.latex(-term if negative else term))
    return parts


def partial(variable: str, of: str = "") -> str:
    r"""``\frac{\partial f}{\partial x}`` (``of="f"``), or the operator alone."""
    return rf"\frac{{\partial {of}}}{{\partial {variable}}}"


def matrix(entries: sympy.Matrix) -> str:
    r"""LaTeX of a matrix whose fractions print full size (``\dfrac``), rows apart."""
    return r"\renewcommand{\arraystretch}{1.3}" + sympy.latex(entries).replace(
        r"\frac", r"\dfrac"
    )


def tex_vector(values: Iterable[float], decimals: int = 2) -> str:
    r"""LaTeX of a point or vector of numbers: ``\left(0.30,\ 0.50\right)``."""
    return (
        r"\left("
        + r",\ ".join(f"{value:.{decimals}f}" for value in values)
        + r"\right)"
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

    @property
    def dimmed(self) -> float:
        """Opacity of the wrong choices after the reveal: set back, still readable."""
        return style.legible_opacity(
            0.65,
            (style.TEXT, TEXT_CONTRAST),
            (style.ACCENT, TEXT_CONTRAST),
            (style.MUTED, LINE_CONTRAST),
        )

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

    def put_away(self) -> Animation:
        """Fade the card and its countdown out (an open question's solution is next)."""
        self.remove(self.countdown)
        return AnimationGroup(
            fade(self, 1, 0, remover=True), fade(self.countdown, 1, 0, remover=True)
        )

    def reveal(self, answer: int | None = None) -> Animation:
        """Put the countdown away; mark choice ``answer`` right and dim the others."""
        self.remove(self.countdown)
        changes = [fade(self.countdown, 1, 0, remover=True)]
        for k, choice in enumerate(self.choices):
            if k == answer:
                changes.append(_mark_right(cast(VMobject, choice[0])))
            else:
                changes.append(fade(choice, 1, self.dimmed))
        return AnimationGroup(*changes, group=self)


def _mark_right(box: VMobject) -> Animation:
    """Turn a choice's box into the right answer's: green outline, green tint."""
    color, width = box.get_stroke_color(), box.get_stroke_width()
    assert color is not None  # (the box has an outline)

    def update(_: Mobject, alpha: float) -> None:
        box.set_stroke(
            interpolate_color(color, style.RISING, alpha), width + alpha * (4 - width)
        )
        box.set_fill(style.RISING, 0.2 * alpha)

    return UpdateInPlace(box, update)


CODE_SIZE = 10
"""Size of code and of its printed output, before the layout scales them.

Pango draws text on a canvas the size of the output in pixels and drops what falls
outside; kept small, a listing fits even the tiny frames of the tests.
"""


def code_panel(source: str, width: float) -> Code:
    """A Python listing on the lecture's panel, scaled to ``width``."""
    code = Code(
        code_string=source,
        language="python",
        formatter_style=style.CODE_STYLE,
        background="rectangle",
        # Padding and corners for the small type: the panel is scaled up below.
        background_config={
            "fill_color": style.PANEL,
            "stroke_color": style.MUTED,
            "buff": 0.12,
            "corner_radius": 0.08,
        },
        paragraph_config={
            "font": style.CODE_FONT,
            "font_size": CODE_SIZE,
            "line_spacing": 0.8,
        },
    )
    mark(code, made_font_size=CODE_SIZE, made_height=code.height)
    return code.scale(width / code.width)


def code_highlight(code: Code, *lines: int) -> RoundedRectangle:
    """A frame around the code lines ``lines`` (1-based), the panel's width.

    It lies over the code, not under it: a bar under the text would have to be
    drawn between the panel's background and its text, and would make Manim redraw
    the whole listing on every frame it moves.
    """
    numbers = code.line_numbers
    pitch = abs(numbers[1].get_y() - numbers[0].get_y())
    # From a little under the last line's baseline to a pitch above the first's.
    top = numbers[min(lines) - 1].get_bottom()[1] + 0.7 * pitch
    bottom = numbers[max(lines) - 1].get_bottom()[1] - 0.3 * pitch
    background = code.background
    frame = RoundedRectangle(
        corner_radius=0.06,
        width=background.width - 0.1,
        height=top - bottom,
        stroke_color=style.ACCENT,
        stroke_width=2.5,
        fill_color=style.ACCENT,
        fill_opacity=0.08,
    )
    return frame.move_to((background.get_x(), (top + bottom) / 2, 0))


def code_lines(lines: Sequence[str], size: float) -> VGroup:
    """Lines of program output in the code font, left-aligned, at ``size`` times CODE_SIZE."""
    return (
        VGroup(
            *(
                Text(line, font=style.CODE_FONT, font_size=CODE_SIZE, color=style.TEXT)
                for line in lines
            )
        )
        .arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        .scale(size)
    )


def club_logo(path: Path, height: float) -> Mobject:
    """The club's logo (a PNG or SVG picture) scaled to ``height``."""
    picture: Mobject = (
        SVGMobject(str(path)) if path.suffix.lower() == ".svg" else ImageMobject(path)
    )
    return picture.scale_to_fit_height(height)
