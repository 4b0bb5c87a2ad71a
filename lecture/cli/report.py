"""Texts about scenes for people: the options table and a story, readable."""

from __future__ import annotations

import inspect
from typing import Any

from rich.table import Table

from lecture.project.manifest import default_text
from storyboard.catalog import STORIES
from storyboard.inspection import as_data, formulas
from storyboard.options import describe_options

__all__ = ["options_markdown", "options_table", "story_text"]


def options_markdown() -> str:
    """The options of every scene of the library as a Markdown table (the README's)."""
    rows = ["| scene | option | type | default | what it is |", "|---|---|---|---|---|"]
    for scene, story in STORIES.items():
        options = describe_options(story)
        if not options:
            rows.append(f"| `{scene}` | | | | {_no_options(story)} |")
        for index, option in enumerate(options):
            name = f"`{scene}`" if index == 0 else ""
            default = default_text(option.default).replace("|", "\\|")
            doc = option.doc.replace("|", "\\|")
            rows.append(
                f"| {name} | `{option.name}` | {option.type} | `{default}` | {doc} |"
            )
    return "\n".join(rows) + "\n"


def _no_options(story: Any) -> str:
    """What a scene without options shows instead."""
    if "lecture" in inspect.signature(story).parameters:
        return (
            "no options: the `[lecture]` table's `title`, `club`, `presenter` and "
            "`affiliation`, and the chapters after its own as the agenda"
        )
    return "no options"


def options_table() -> Table:
    """The options of every scene of the library, for a terminal."""
    table = Table(show_edge=False, pad_edge=False)
    for column in ("scene", "option", "type", "default", "what it is"):
        table.add_column(column, overflow="fold")
    for scene, story in STORIES.items():
        for index, option in enumerate(describe_options(story)):
            table.add_row(
                scene if index == 0 else "",
                option.name,
                option.type,
                default_text(option.default),
                option.doc,
                end_section=index == len(describe_options(story)) - 1,
            )
    return table


def story_text(story: Any) -> str:
    """A story, readable: one line per field, formulas with their LaTeX.

    Long lists are summarised by their length and their first and last items.
    """
    latex = formulas(story)
    lines: list[str] = []

    def show(value: Any, path: str, depth: int) -> None:
        indent = "  " * depth
        label = path.rsplit(".", 1)[-1]
        if isinstance(value, dict):
            lines.append(f"{indent}{label}:")
            for key, item in value.items():
                show(item, f"{path}.{key}" if path else key, depth + 1)
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) for v in value)
        ):
            lines.append(f"{indent}{label}: {len(value)}")
            for index, item in enumerate(value):
                show(item, f"{path}[{index}]", depth + 1)
        else:
            tex = latex.get(path)
            lines.append(
                f"{indent}{label}: {_brief(value)}"
                + (f"   (LaTeX {tex})" if tex else "")
            )

    for key, item in as_data(story).items():
        show(item, key, 0)
    return "\n".join(lines)


def _brief(value: Any, limit: int = 100) -> str:
    """A value on one line; a long list as its length and its first and last items."""
    text = str(_rounded(value))
    if not isinstance(value, list) or len(text) <= limit:
        return text
    ends = [_brief(item, limit // 2) for item in (value[0], value[-1])]
    return f"{len(value)} items: {ends[0]} ... {ends[1]}"


def _rounded(value: Any) -> Any:
    """Floats to six significant digits, in nested lists too."""
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return float(f"{value:.6g}") if isinstance(value, float) else value
