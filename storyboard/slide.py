"""A slide written in the manifest: a title, bullets, formulas and the plot of a formula.

Its formulas are notation, typeset as written (:mod:`mathviz.notation`); its plot is
a formula in x, computed. Each bullet, each formula and the plot is one beat, whose
caption is what it shows, as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

import sympy
from pydantic import Field

from mathviz.calculus import Function
from mathviz.expressions import as_expression
from mathviz.notation import Notation, parse_notation
from mathviz.paths import View, graph_view
from storyboard.checks import finite_on
from storyboard.options import Interval, Line, PlotFormula, SlideFormula, StoryError

__all__ = [
    "MAX_BULLETS",
    "MAX_FORMULAS",
    "MAX_ITEMS_BESIDE_PLOT",
    "ROOM",
    "ROOM_BESIDE_PLOT",
    "SlideStory",
    "room_taken",
    "slide",
]

MAX_BULLETS = 6
"""The most bullets a slide holds."""
MAX_FORMULAS = 4
"""The most formulas a slide holds."""
MAX_ITEMS_BESIDE_PLOT = 6
"""The most bullets and formulas in all a slide holds beside a plot."""
ROOM = 1100
"""The most text a slide holds (see :func:`room_taken`): it stays legible in every shape."""
ROOM_BESIDE_PLOT = 450
"""The most text a slide holds beside a plot."""


@dataclass(frozen=True)
class SlideStory:
    """A slide: each bullet, formula and the plot is shown in a beat of its own.

    Attributes
    ----------
    title
        The scene's title.
    bullets
        The bullet points, in order.
    formulas
        The formulas, as written (unevaluated sympy), in order.
    plot
        ``y = f(x)`` as written, when the slide plots a formula.
    function
        That f (exact), when it does.
    x_range
        The stretch of the curve on show.
    view
        The plot's window: ``x_range`` and f's values there.
    """

    title: str
    bullets: tuple[str, ...]
    formulas: tuple[Notation, ...]
    plot: Notation | None
    function: sympy.Expr | None
    x_range: tuple[float, float]
    view: View | None

    @cached_property
    def f(self) -> Function:
        """The plotted f as a function value: call it on floats or arrays.

        Raises
        ------
        ValueError
            If the slide plots nothing.
        """
        if self.function is None:
            raise ValueError(f"the slide {self.title!r} plots nothing")
        return Function(self.function)

    @property
    def plot_caption(self) -> str:
        """The caption of the plot's beat: ``The curve y = x².`` (empty without one)."""
        return f"The curve {self.plot.text}." if self.plot else ""

    @property
    def captions(self) -> tuple[str, ...]:
        """Every beat's caption, in the order shown: the plot, bullets, formulas."""
        return (
            *((self.plot_caption,) if self.plot else ()),
            *self.bullets,
            *(formula.text for formula in self.formulas),
        )


def slide(
    *,
    title: Line = "The derivative",
    bullets: Annotated[tuple[Line, ...], Field(max_length=MAX_BULLETS)] = (
        "The derivative of f is its rate of change with respect to its variable.",
        "At a point, it is the slope of the tangent line to the curve.",
    ),
    formulas: Annotated[tuple[SlideFormula, ...], Field(max_length=MAX_FORMULAS)] = (
        "f'(x) = diff(f(x), x)",
        "f'(x) = lim((f(x + h) - f(x))/h, h, 0)",
    ),
    plot: PlotFormula = "",
    x_range: Interval = (-2.5, 2.5),
) -> SlideStory:
    """Return what ``Slide`` shows: a title, bullets, formulas and the plot of a formula.

    Parameters
    ----------
    title
        The scene's title.
    bullets
        The bullet points (at most 6), each shown and said in turn; with the formulas, at most 1100 characters, a formula's counting twice (beside a plot: 450, and 6 bullets and formulas).
    formulas
        Formulas shown as written, each in turn (at most 4, of 100 characters): an equation or a chain a = b = c of names (alpha, x_0), f(x), J(a, b), f'(x), x[i], diff(f(x), x), lim(e, h, 0), sum(e, i, 1, n).
    plot
        A formula in x to plot over x_range, shown as y = ...; "" for no plot.
    x_range
        The stretch of the plotted curve.

    Examples
    --------
    >>> story = slide(bullets=(), formulas=("J(a, b) = sum(e[i]^2, i, 1, n)",), plot="x^2")
    >>> story.captions
    ('The curve y = x².', 'J(a, b) = the sum over i = 1 to n of eᵢ²')
    >>> story.view
    ((-2.5, 2.5), (-0.625, 6.875))
    """
    if not (bullets or formulas or plot):
        raise StoryError(
            "bullets",
            "the slide shows nothing; give it bullets, formulas or a plot, e.g. "
            'bullets = ["A first point."]',
        )
    _check_room(bullets, formulas, plot)
    function = as_expression(plot) if plot else None
    if function is not None:
        finite_on(function, "x", [x_range], "plot")
    return SlideStory(
        title=title,
        bullets=bullets,
        formulas=tuple(map(parse_notation, formulas)),
        plot=_plotted(plot),
        function=function,
        x_range=x_range,
        view=None if function is None else graph_view(Function(function), x_range),
    )


def room_taken(bullets: tuple[str, ...], formulas: tuple[str, ...], plot: str) -> int:
    """The room a slide's text takes: its characters, a formula's counting twice.

    A formula written in n characters takes about the room of 2n characters of
    words: fractions stand tall, and a long one breaks over rows. The plotted
    formula is shown too.

    Examples
    --------
    >>> room_taken(("Ten chars.",), ("x^2",), "x")
    18
    """
    return sum(map(len, bullets)) + 2 * sum(map(len, (*formulas, plot)))


def _check_room(bullets: tuple[str, ...], formulas: tuple[str, ...], plot: str) -> None:
    """Check that the text stays legible in every shape: it fits its room."""
    option = "bullets" if bullets else "formulas"
    items, room = len(bullets) + len(formulas), room_taken(bullets, formulas, plot)
    if plot and items > MAX_ITEMS_BESIDE_PLOT:
        raise StoryError(
            option,
            f"{items} bullets and formulas beside a plot; at most "
            f"{MAX_ITEMS_BESIDE_PLOT} fit: drop some, drop the plot "
            '(plot = "") or split the slide',
        )
    most = ROOM_BESIDE_PLOT if plot else ROOM
    if room > most:
        beside = " beside a plot" if plot else ""
        raise StoryError(
            option,
            f"the text takes the room of {room} characters (a formula's characters "
            f"count twice); a slide holds {most}{beside}: shorten it or split it",
        )


def _plotted(plot: str) -> Notation | None:
    """``y = f(x)`` as written, or ``None`` for no plot."""
    if not plot:
        return None
    return Notation((sympy.Symbol("y"), *parse_notation(plot).sides))
