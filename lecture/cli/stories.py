"""``lecture inspect`` and ``lecture options``: what the scenes' stories show and take."""

from __future__ import annotations

import json

import click

from lecture.cli.group import Project
from lecture.cli.progress import make_console
from lecture.project.errors import LectureError
from storyboard.catalog import story_function

__all__ = ["inspect", "options"]


@click.command()
@click.argument("scene")
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
@click.pass_obj
def inspect(project: Project, scene: str, as_json: bool) -> None:
    """Show what SCENE will show for the manifest's options, before rendering.

    Its formulas (as text sympy reads and as LaTeX), points, critical points,
    iterates and verdicts: every field of its story. With --json, numbers are
    numbers and formulas strings sympy can parse.
    """
    from lecture.cli.report import story_text
    from storyboard.catalog import tell
    from storyboard.inspection import as_data, formulas

    lecture = project.lecture()
    (entry,) = lecture.select([scene])
    if not entry.inputs and story_function(entry.name) is None:
        raise LectureError(f"scene {scene!r} has no story to inspect")
    story = tell(entry.name, entry.inputs)
    if as_json:
        data = {
            "scene": entry.name,
            "options": entry.inputs,
            "story": as_data(story),
            "latex": formulas(story),
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{entry.stem}  {entry.title}")
        click.echo(story_text(story))


@click.command()
@click.option("--markdown", is_flag=True, help="Print the README's table.")
def options(markdown: bool) -> None:
    """Print every scene's options: name, type, default and what it is."""
    from lecture.cli.report import options_markdown, options_table

    if markdown:
        click.echo(options_markdown(), nl=False)
    else:
        make_console(stderr=False).print(options_table())
