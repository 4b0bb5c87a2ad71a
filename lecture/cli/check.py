"""``lecture check`` and ``lecture list``: the manifest checked, its scenes listed."""

from __future__ import annotations

import click

from lecture.cli.group import Project
from lecture.kit.files import shown
from lecture.project.manifest import SceneEntry
from storyboard.checks import counted

__all__ = ["check", "list_scenes"]

_OWN_CODE = "[lecture's own code]"
"""How ``lecture list`` marks a scene whose module is the lecture folder's code."""


@click.command()
@click.pass_obj
def check(project: Project) -> None:
    """Check lecture.toml, down to every scene's options and their mathematics.

    Every problem is one line naming the file, the scene and the key; exit code 2.
    The other commands make the same check before any work.
    """
    lecture = project.lecture()
    click.echo(
        f"{shown(lecture.path)}: {counted(len(lecture.chapters), 'chapter')}, "
        f"{counted(len(lecture.scenes), 'scene')}, every option checked"
    )
    own = [scene for scene in lecture.scenes if scene.from_lecture]
    if own:
        click.echo(
            "Scenes whose Python code comes from the lecture's folder: "
            + ", ".join(
                f"{s.name} ({s.source.relative_to(lecture.folder)})" for s in own
            )
            + "; commands that render run it only with --trust-code"
        )


@click.command("list")
@click.pass_obj
def list_scenes(project: Project) -> None:
    """Print the chapters and their scenes in lecture order."""
    lecture = project.lecture()
    names = max((len(_listed(scene)) for scene in lecture.scenes), default=0)
    titles = max((len(scene.title) for scene in lecture.scenes), default=0)
    click.echo(lecture.full_title)
    for chapter in lecture.chapters:
        click.echo(f"\n{chapter.title}")
        for scene in chapter.scenes:
            click.echo(
                f"  {scene.number:02d}  {_listed(scene):<{names}}  "
                f"{scene.title:<{titles}}  {scene.module}"
                + (f"  {_OWN_CODE}" if scene.from_lecture else "")
            )
    if any(scene.from_lecture for scene in lecture.scenes):
        click.echo(
            f"\n{_OWN_CODE}: the scene's Python comes from the lecture's folder; "
            "rendering runs it, and needs --trust-code"
        )


def _listed(scene: SceneEntry) -> str:
    """How ``lecture list`` names an entry: its id, and its scene if that differs."""
    return scene.id if scene.id == scene.name else f"{scene.id} ({scene.name})"
