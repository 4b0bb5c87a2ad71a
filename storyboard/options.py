"""Scene options: each story function's keyword parameters, as a validated model.

A story function declares its scene's options once, in its signature: each keyword
parameter's annotation is the option's type (one of the types below, checked with
pydantic), its default is this lecture's value, and its entry in the docstring's
``Parameters`` section is the option's one-line documentation. :func:`options_model`
turns that signature into a pydantic model, which the manifest's validator, the
README's table and ``lecture inspect`` read.

Two parameter names are not options: ``title`` (the scene's title, from its manifest
entry) and ``lecture`` (the lecture's title card facts, from its ``[lecture]`` table
and chapters); the build tool fills them in.
"""

from __future__ import annotations

import functools
import inspect
import typing
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import docstring_parser
from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    create_model,
)

from mathviz.expressions import parse_expression
from storyboard.speech import FORBIDDEN

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE",
    "RESERVED",
    "ExampleFile",
    "FormulaInX",
    "FormulaInXY",
    "Interval",
    "LectureInfo",
    "Line",
    "Point",
    "Positive",
    "Seed",
    "Spoken",
    "StoryError",
    "Text",
    "inputs_model",
    "inside_manifest_folder",
    "option_docs",
    "options_model",
    "describe_options",
    "toml_value",
    "type_name",
    "within_folder",
]


class StoryError(ValueError):
    """The options do not give the mathematics a scene needs.

    Parameters
    ----------
    option
        The option at fault (a key of the scene's options).
    problem
        What is wrong and how to fix it, in one line.
    """

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
        self.option = option
        self.problem = problem


def _formula(*variables: str) -> AfterValidator:
    """A check that a text parses as a formula in ``variables`` (the safe parser)."""

    def check(text: str) -> str:
        parse_expression(text, variables)  # ExpressionError names the offending part
        return text

    return AfterValidator(check)


def _increasing(pair: tuple[float, float]) -> tuple[float, float]:
    if not pair[0] < pair[1]:
        raise ValueError(f"the first end must be below the second, got {list(pair)}")
    return pair


MAX_FILE_BYTES = 64 * 1024
"""The largest file an option may name (an example is a short listing)."""


def inside_manifest_folder(
    limit: int = MAX_FILE_BYTES, what: str = "a file an option names"
) -> Callable[[Path, ValidationInfo], Path]:
    """A validator of a file named by a manifest: relative, inside its folder, small.

    Read from a manifest (the ``folder`` of the validation context is its folder),
    the path must stay inside that folder once ``..`` and symbolic links are
    followed, and the file (``what`` it is) be at most ``limit`` bytes; it is resolved. Without a
    folder (the build tool handing a scene its checked inputs) the path is taken
    as it is.
    """

    def checked(path: Path, info: ValidationInfo) -> Path:
        folder = (info.context or {}).get("folder")
        try:
            if folder is not None:
                path = within_folder(path, Path(folder).resolve())
            if not path.is_file():
                raise ValueError(
                    f"no file {path} (a relative path starts at the manifest's folder)"
                )
            size = path.stat().st_size
        except (OSError, RuntimeError) as error:  # a name too long, a link loop
            raise ValueError(f"cannot read {path} ({error})") from None
        if size > limit:
            raise ValueError(
                f"{path.name} is {size / 1024:,.0f} kB; {what} is at most "
                f"{limit // 1024} kB"
            )
        return path.resolve()

    return checked


def within_folder(path: Path, folder: Path) -> Path:
    """``path`` (relative to ``folder``) resolved, checked to stay inside ``folder``.

    Raises
    ------
    ValueError
        If ``path`` is absolute, or leads outside ``folder`` through ``..`` or a
        symbolic link.
    """
    if path.is_absolute():
        raise ValueError(
            f"{path} is an absolute path; name a file inside the lecture's folder, "
            "relative to the manifest"
        )
    resolved = (folder / path).resolve()
    if not resolved.is_relative_to(folder):
        raise ValueError(
            f"{path} leads outside the lecture's folder; name a file inside it"
        )
    return resolved


MAX_LINE = 200
"""The longest line of text a scene shows (titles, questions, choices), in characters."""


def _one_line(text: str) -> str:
    """Check that ``text`` fits on one line: at most :data:`MAX_LINE` printable characters."""
    if len(text) > MAX_LINE:
        raise ValueError(
            f"the text is {len(text):,} characters long; at most {MAX_LINE} fit"
        )
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueError("the text holds a line break or another control character")
    return text


def _sayable(text: str) -> str:
    """Check that a voice can say ``text`` as written; its apostrophes made typographic.

    The voices read maths symbols and LaTeX literally (``^`` as "caret"), so they
    are refused: the words are written out instead ("x squared").
    """
    symbols = sorted(set(text) & (FORBIDDEN - {"'"}))
    if symbols:
        raise ValueError(
            f"the voice would read {' '.join(symbols)} literally; write the words "
            "to say (e.g. 'x squared equals 4', not 'x^2 = 4')"
        )
    return text.replace("'", "\u2019")


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("the text is empty")
    return text


#: A finite number (a whole number is fine); NaN and infinities are refused.
Number = Annotated[StrictFloat, AllowInfNan(False)]
#: A formula in x, written as in the manifest (``"x^3/3 - x"``).
FormulaInX = Annotated[StrictStr, _formula("x")]
#: A formula in x and y.
FormulaInXY = Annotated[StrictStr, _formula("x", "y")]
#: An interval [low, high] of the x axis, low < high.
Interval = Annotated[tuple[Number, Number], AfterValidator(_increasing)]
#: A point (x, y).
Point = tuple[Number, Number]
#: A positive number (a learning rate).
Positive = Annotated[Number, Field(gt=0)]
#: A seed of a random generator.
Seed = Annotated[StrictInt, Field(ge=0)]
#: Text on one line, possibly empty (a presenter's name).
Text = Annotated[StrictStr, AfterValidator(_one_line)]
#: One line of text shown on screen, not empty.
Line = Annotated[Text, AfterValidator(_not_blank)]
#: Words for the voice to say: one line, no symbol it would read literally.
Spoken = Annotated[Line, AfterValidator(_sayable)]
#: A small file inside the manifest's folder, named relative to it.
ExampleFile = Annotated[Path, AfterValidator(inside_manifest_folder())]


class LectureInfo(BaseModel):
    """What the title card shows: the ``[lecture]`` table's texts and the agenda."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Line
    club: Text = ""
    presenter: Text = ""
    affiliation: Text = ""
    agenda: tuple[Line, ...] = ()


RESERVED = ("title", "lecture")
"""Story parameters the build tool fills in from the manifest; not options."""

_CONFIG = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


@functools.cache
def inputs_model(story: Callable[..., Any]) -> type[BaseModel]:
    """A pydantic model of every keyword parameter of ``story`` (its inputs).

    Raises
    ------
    TypeError
        If a parameter has no annotation, no default or is not keyword-only.
    """
    hints = typing.get_type_hints(story, include_extras=True)
    docs = option_docs(story)
    fields: dict[str, Any] = {}
    for name, parameter in inspect.signature(story).parameters.items():
        if parameter.kind is not parameter.KEYWORD_ONLY or (
            parameter.default is parameter.empty
        ):
            raise TypeError(f"{story.__name__}: {name} must be keyword-only, defaulted")
        fields[name] = (
            hints[name],
            Field(parameter.default, description=docs.get(name, "")),
        )
    return create_model(f"{story.__name__}_inputs", __config__=_CONFIG, **fields)


@functools.cache
def options_model(story: Callable[..., Any]) -> type[BaseModel]:
    """The model of a story's options: its inputs but the :data:`RESERVED` ones."""
    inputs = inputs_model(story)
    # Any, as in inputs_model: mypy checks the values of ** against every keyword of
    # create_model, __config__ and __doc__ too, not only its field definitions.
    fields: dict[str, Any] = {
        name: (field.annotation, field)
        for name, field in inputs.model_fields.items()
        if name not in RESERVED
    }
    return create_model(f"{story.__name__}_options", __config__=_CONFIG, **fields)


def option_docs(story: Callable[..., Any]) -> dict[str, str]:
    """Each parameter's one-line documentation, from the story's docstring."""
    parsed = docstring_parser.parse(
        story.__doc__ or "", docstring_parser.Style.NUMPYDOC
    )
    return {
        param.arg_name: " ".join((param.description or "").split())
        for param in parsed.params
    }


def toml_value(value: Any) -> str:
    """``value`` as TOML source, for examples and help texts.

    Examples
    --------
    >>> toml_value((-2.5, 2.5)), toml_value("x^2"), toml_value(3)
    ('[-2.5, 2.5]', '"x^2"', '3')
    """
    if isinstance(value, str | Path):
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


_TYPE_NAMES: dict[Any, str] = {
    FormulaInX: "formula in x",
    FormulaInXY: "formula in x, y",
    Interval: "[low, high]",
    Point: "[x, y]",
    Positive: "number > 0",
    Line: "text",
    Text: "text",
    ExampleFile: "file",
    Number: "number",
}


_PLAIN_NAMES: dict[Any, str] = {float: "number", int: "whole number", str: "text"}


def type_name(annotation: Any) -> str:
    """How an option's type reads in the README and in ``lecture options``.

    Examples
    --------
    >>> type_name(tuple[Positive, Positive]), type_name(tuple[Line, ...])
    ('2 x number > 0', 'list of text')
    """
    if annotation in _TYPE_NAMES:
        return _TYPE_NAMES[annotation]
    if typing.get_origin(annotation) is tuple:
        items = typing.get_args(annotation)
        if len(items) == 2 and items[1] is Ellipsis:
            return f"list of {type_name(items[0])}"
        if len(set(items)) == 1:
            return f"{len(items)} x {type_name(items[0])}"
        return "[" + ", ".join(map(type_name, items)) + "]"
    if typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        # Bounds, also those of a Field(ge=..., le=...) in the annotation.
        constraints = [
            item for entry in metadata for item in getattr(entry, "metadata", [entry])
        ]
        bounds = [
            f"{symbol} {getattr(c, name)}"
            for c in constraints
            for name, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))
            if hasattr(c, name)
        ]
        return " ".join([type_name(base), ", ".join(bounds)]).strip()
    if annotation in _PLAIN_NAMES:
        return _PLAIN_NAMES[annotation]
    return getattr(annotation, "__name__", str(annotation))


@dataclass(frozen=True)
class OptionDoc:
    """One option of a scene, as its documentation shows it."""

    name: str
    type: str
    default: Any
    doc: str


def describe_options(story: Callable[..., Any]) -> list[OptionDoc]:
    """The options of a story function: name, type, default and one-line doc, in order."""
    hints = typing.get_type_hints(story, include_extras=True)
    docs = option_docs(story)
    return [
        OptionDoc(name, type_name(hints[name]), parameter.default, docs.get(name, ""))
        for name, parameter in inspect.signature(story).parameters.items()
        if name not in RESERVED
    ]
