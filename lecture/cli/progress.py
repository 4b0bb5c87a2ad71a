"""What the user sees while scenes render: a live progress line and a summary table."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import TracebackType

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from lecture.kit.files import shown
from lecture.project.layout import OutputLayout
from lecture.project.manifest import SceneEntry
from lecture.render.renderer import SceneResult, render_scenes
from lecture.render.session import BuildSession

__all__ = ["RenderProgress", "console", "make_console", "render_shown", "summary"]


def make_console(stderr: bool) -> Console:
    """A rich console that, outside a terminal, never wraps a table row."""
    made = Console(stderr=stderr, highlight=False)
    if not made.is_terminal:
        made.width = 1000
    return made


console = make_console(stderr=True)
"""Where progress, tables and notes go (stderr; stdout carries output paths)."""

_SHOWN = {
    "made": "[green]rendered",
    "unchanged": "[dim]skipped (unchanged)",
    "failed": "[bold red]failed",
}
"""How the summary shows what became of a scene."""


class RenderProgress:
    """A live display of scenes done, scenes running and elapsed time.

    Shown only on a terminal; a :class:`~lecture.render.renderer.Reporter`.

    Parameters
    ----------
    total
        Number of scenes to bring up to date.
    """

    def __init__(self, total: int) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("Scenes"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[running]}"),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("scenes", total=total, running="")
        self._running: list[str] = []
        self._lock = threading.Lock()

    def __enter__(self) -> RenderProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def started(self, scene: SceneEntry) -> None:
        """A scene's render job started."""
        with self._lock:
            self._running.append(scene.id)
            self._update(advance=0)

    def finished(self, result: SceneResult) -> None:
        """A scene is done."""
        with self._lock:
            if result.scene.id in self._running:
                self._running.remove(result.scene.id)
            self._update(advance=1)

    def _update(self, advance: int) -> None:
        running = f"running: {', '.join(self._running)}" if self._running else ""
        self._progress.update(self._task, advance=advance, running=running)


def render_shown(
    session: BuildSession, scenes: Sequence[SceneEntry]
) -> list[SceneResult]:
    """Render with a progress display, then print the videos' paths and the summary."""
    with RenderProgress(len(scenes)) as progress:
        results = render_scenes(session, scenes, progress)
    for result in results:
        if result.video is not None:
            click.echo(shown(result.video))
    summary(results, session.layout)
    return results


def summary(results: Sequence[SceneResult], layout: OutputLayout) -> None:
    """Print one row per scene (result, time, first error line, log) and a total.

    Parameters
    ----------
    results
        The scenes' results in lecture order.
    layout
        Where the outputs went.
    """
    table = Table(title=None, show_edge=False, pad_edge=False)
    for column in ("#", "scene", "result", "time", "error", "log"):
        table.add_column(column, overflow="fold")
    for result in results:
        table.add_row(
            f"{result.scene.number:02d}",
            result.scene.id,
            _SHOWN[result.status],
            f"{result.seconds:.1f} s" if result.status != "unchanged" else "",
            result.error or "",
            shown(result.log) if result.log else "",
        )
    console.print(table)
    counts = {status: sum(r.status == status for r in results) for status in _SHOWN}
    console.print(
        f"{counts['made']} rendered, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed; videos in {shown(layout.folder)}/"
    )
