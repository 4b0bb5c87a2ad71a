"""``lecture preview``: a scene's beats as PNGs and a strip in seconds, once or on every save."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lecture.cli.group import Project
from lecture.cli.progress import console
from lecture.cli.request import format_option, out_option, trust_option
from lecture.kit.files import shown
from lecture.project.errors import LectureError, one_line
from lecture.project.layout import OutputLayout
from lecture.project.manifest import Lecture, SceneEntry
from storyboard.checks import counted

if TYPE_CHECKING:
    from lecture.render.preview import Preview

__all__ = ["preview"]


@click.command()
@click.argument("scene")
@format_option
@out_option
@click.option(
    "--watch",
    is_flag=True,
    help="Preview again whenever lecture.toml or a file it names is saved, and "
    "show the strip on a local page until Ctrl-C.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="The page's port on 127.0.0.1, with --watch  [default: a free one]",
)
@click.option(
    "--manim",
    "manim_command",
    is_flag=True,
    help="Print the plain manim command (manim -pql ...) that shows SCENE with "
    "lecture.toml's options, instead of previewing it.",
)
@trust_option
@click.pass_obj
def preview(
    project: Project,
    scene: str,
    fmt: str,
    out: Path | None,
    watch: bool,
    port: int,
    manim_command: bool,
    trust: bool,
) -> int:
    """Draw SCENE at the end of every beat: one PNG per beat and a strip of them.

    Animations are skipped and no video is encoded: a frame is drawn only where
    a beat (a `with self.narrate(...)` block) ends, at low quality's pixel size,
    into preview/NN-Scene/FORMAT/ of the lecture's output folder; a scene
    without beats shows its last frame. With --watch, previews again on every
    save of lecture.toml, the files its options name or the scene's Python
    module and the modules beside it, and serves a page (127.0.0.1 only) that
    shows the newest strip, or what is wrong with the last save.
    """
    if manim_command:
        if watch or fmt != "landscape":
            raise click.UsageError(
                "--manim prints plain manim's command, which renders 16:9 only and "
                "once; leave out --format and --watch (lecture preview draws the "
                "other shapes)"
            )
        _, entry = _chosen(project, scene, trust=True)  # printed, not run
        click.echo(_manim_line(entry))
        return 0
    lecture, entry = _chosen(project, scene, trust)
    out = (out or lecture.folder / "build").absolute()
    if not watch:
        _report(_draw(entry, _layout(lecture, out, fmt)))
        return 0
    return _watch(lambda: _chosen(project, scene, trust), lecture.path, out, fmt, port)


def _manim_line(scene: SceneEntry) -> str:
    """The shell command that renders ``scene`` with plain ``manim -pql`` as the lecture shows it.

    What the lecture hands the scene (``SceneEntry.variables``) comes first, and
    the lecture's folder is made importable for its own scene code.
    """
    variables = dict(scene.variables)
    if scene.from_lecture:
        variables["PYTHONPATH"] = str(scene.root)
    words = [f"{name}={shlex.quote(value)}" for name, value in variables.items()]
    return " ".join(
        [*words, "manim", "-pql", shlex.quote(shown(scene.source)), scene.name]
    )


def _chosen(project: Project, scene: str, trust: bool) -> tuple[Lecture, SceneEntry]:
    """The lecture, checked, and its entry named ``scene``, allowed to run."""
    lecture = project.lecture()
    entry, *others = lecture.select([scene])
    if others:
        ids = ", ".join(e.id for e in (entry, *others))
        raise LectureError(
            f"{lecture.where}: {scene} is listed {len(others) + 1} times; "
            f"preview one of them by its id: {ids}"
        )
    refusal = None if trust else lecture.untrusted([entry])
    if refusal is not None:
        raise refusal
    return lecture, entry


def _layout(lecture: Lecture, out: Path, fmt: str) -> OutputLayout:
    """Where the lecture's previews in ``fmt`` go (a preview has no voice)."""
    from lecture.render.preview import PREVIEW_QUALITY

    return OutputLayout(out, lecture.slug, fmt, PREVIEW_QUALITY, "none")


def _draw(scene: SceneEntry, layout: OutputLayout) -> Preview:
    """Preview the scene; its failure (or a file that cannot be written) as one line."""
    from lecture.render.preview import PreviewError, preview_scene

    try:
        return preview_scene(scene, layout)
    except (PreviewError, OSError) as error:
        raise LectureError(f"{scene.name}: {error}", exit_code=1) from None


def _report(drawn: Preview) -> None:
    """Print where the beats' PNGs and the strip are, then how long it took."""
    for beat in drawn.beats:
        click.echo(shown(beat.image))
    click.echo(shown(drawn.strip))
    console.print(
        f"{counted(len(drawn.beats), 'beat')} of {drawn.scene.name} in "
        f"{drawn.seconds:.1f} s"
    )


def _watch(
    chosen: Callable[[], tuple[Lecture, SceneEntry]],
    manifest: Path,
    out: Path,
    fmt: str,
    port: int,
) -> int:
    """Preview now and whenever a file the preview reads is saved, until Ctrl-C.

    Those files are the manifest, the files the scene's options name and the
    Python modules in its module's folder, as the last readable manifest says.
    """
    import watchfiles

    from lecture.publish.preview_page import PreviewPage

    try:
        page = PreviewPage(port)
    except OSError as error:
        raise LectureError(
            f"--port {port}: cannot listen on 127.0.0.1 ({error.strerror or error}); "
            "choose another port, or leave --port out for a free one"
        ) from None
    click.echo(f"preview page: {page.url} (Ctrl-C stops)")

    def again(watched: set[Path]) -> set[Path]:
        """Preview onto the page, or show why not; the files to watch next."""
        page.drawing()
        try:
            lecture, entry = chosen()
            watched = {lecture.path, *entry.files, *entry.source.parent.glob("*.py")}
            drawn = _draw(entry, _layout(lecture, out, fmt))
        except LectureError as error:
            page.fail(str(error))
            for line in str(error).splitlines():
                click.echo(f"lecture: {one_line(line)}", err=True)
            return watched
        page.show(drawn)
        _report(drawn)
        return watched

    try:
        watched = again({manifest})
        while True:
            folders = sorted({path.parent for path in watched})
            for changes in watchfiles.watch(*folders, recursive=False):
                if not any(Path(path) in watched for _, path in changes):
                    continue
                saved = again(watched)
                if saved != watched:
                    watched = saved
                    break  # watch the new set of files
    except KeyboardInterrupt:
        console.print("preview stopped")
    finally:
        page.close()
    return 0
