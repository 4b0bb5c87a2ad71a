"""The ``lecture`` command: check, inspect, list, render, build, export and slide the lecture."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from lecture.build.doctor import run_checks
from lecture.build.jobs import ManimRunner
from lecture.build.render import SceneResult, render_scenes
from lecture.cli.progress import RenderProgress, console, make_console, summary
from lecture.project.check_cache import checked_lecture
from lecture.project.errors import LectureError, one_line
from lecture.project.layout import OutputLayout, atomic_write_text
from lecture.project.manifest import Lecture, SceneEntry, find_manifest
from lecture.project.settings import FORMATS, QUALITIES
from lecture.sound.voice import VOICES, VoiceError, engine_version
from storyboard.catalog import story_function
from storyboard.checks import counted

if TYPE_CHECKING:
    from lecture.publish.package import Product

__all__ = ["cli", "main"]

# Packaging needs numpy, Pillow and python-pptx; they are imported by the commands
# that package, so that `lecture render` with nothing to do answers at once.


class _LectureGroup(click.Group):
    """A click group that reports every user error as one line."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; errors become ``lecture: <message>`` and an exit code."""
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False, **extra
            )
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()
            code = error.exit_code
        except (click.ClickException, LectureError) as error:
            message = (
                error.format_message()
                if isinstance(error, click.ClickException)
                else str(error)
            )
            for line in message.splitlines() or [type(error).__name__]:
                click.echo(f"lecture: {one_line(line)}", err=True)
            code = error.exit_code
        except click.Abort:
            click.echo("lecture: interrupted; finished outputs are kept", err=True)
            code = 130
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


@dataclass
class _Project:
    """The ``--manifest`` option, and the lecture it names once loaded."""

    manifest: Path | None

    def lecture(self) -> Lecture:
        """Load and validate the lecture (one line and exit 2 when it is wrong).

        A lecture whose inputs did not change since its last check is not checked
        again (see :mod:`lecture.project.check_cache`).
        """
        return checked_lecture(self.manifest or find_manifest(Path.cwd()))


def _show(path: Path) -> str:
    """A path as the user will want to read it: relative to here when inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_voice_option = click.option(
    "--voice",
    type=click.Choice(VOICES),
    default=None,
    help="Who speaks the beats: piper (offline neural voice), flite (light) or "
    "none (silent)  [default: lecture.toml's [lecture] voice, else piper]",
)


def _voice(lecture: Lecture, voice: str | None) -> str:
    """The voice to use (``--voice`` or the manifest's), checked to be installed."""
    chosen = voice or lecture.header.voice
    try:
        engine_version(chosen)
    except VoiceError as error:
        raise LectureError(f"voice {chosen}: {error}") from None
    return chosen


_trust_option = click.option(
    "--trust-code",
    "trust",
    is_flag=True,
    envvar="LECTURE_TRUST_CODE",
    help="Run the Python of scenes that come from the lecture's own folder "
    "(lecture list marks them); without it such scenes are refused.",
)


def _prepared(
    lecture: Lecture,
    scenes: Sequence[SceneEntry],
    trust: bool,
    voice: str | None,
    *,
    recordings: bool = False,
) -> str:
    """The voice to use, once the scenes may run and their recordings are sound.

    Before any work: the lecture folder's own scene code runs only with
    --trust-code, the voice must be installed, and the recordings the scenes may
    use must lie inside the lecture's folder, be WAV and short enough (checked
    when a voice speaks, or always with ``recordings``, for the script).
    """
    from lecture.sound.narration import check_recordings

    refusal = None if trust else lecture.untrusted(list(scenes))
    if refusal is not None:
        raise refusal
    speaker = _voice(lecture, voice)
    if recordings or speaker != "none":
        check_recordings(lecture, scenes)
    return speaker


def _cluster_address(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``--cluster``, checked to be ``tcp://HOST:PORT``."""
    if value is None:
        return None
    from lecture.build.cluster import scheduler_address

    try:
        scheduler_address(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that renders shares."""
    options = [
        click.option(
            "--quality",
            "-q",
            type=click.Choice(tuple(QUALITIES)),
            default="low",
            show_default=True,
            help="Manim quality preset (low is preview quality).",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="landscape",
            show_default=True,
            help="Frame shape: 16:9, 9:16 or 1:1.",
        ),
        click.option(
            "--out",
            type=click.Path(path_type=Path),
            default=None,
            help="Output folder  [default: build/ next to lecture.toml]",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=len(os.sched_getaffinity(0)),
            show_default="number of cores",
            help="Scenes rendered at once, one Manim process each.",
        ),
        click.option(
            "--force", is_flag=True, help="Re-render scenes even if nothing changed."
        ),
        _voice_option,
        click.option(
            "--cluster",
            metavar="tcp://HOST:PORT",
            default=None,
            callback=_cluster_address,
            help="Render the stale scenes on this Dask scheduler's workers (a "
            "scheduler you trust: it can run code here).",
        ),
        _trust_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=_LectureGroup, no_args_is_help=True)
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="LECTURE_MANIFEST",
    help="The lecture.toml to use  [default: the nearest one from here upwards]",
)
@click.version_option(package_name="calculus-for-optimization")
@click.pass_context
def cli(ctx: click.Context, manifest: Path | None) -> None:
    """Render and package the lecture's Manim scenes listed in lecture.toml."""
    ctx.obj = _Project(manifest)


@cli.command()
@click.pass_obj
def check(project: _Project) -> None:
    """Check lecture.toml, down to every scene's options and their mathematics.

    Every problem is one line naming the file, the scene and the key; exit code 2.
    The other commands make the same check before any work.
    """
    lecture = project.lecture()
    click.echo(
        f"{_show(lecture.path)}: {counted(len(lecture.chapters), 'chapter')}, "
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


@cli.command()
@click.argument("scene")
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
@click.pass_obj
def inspect(project: _Project, scene: str, as_json: bool) -> None:
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


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the README's table.")
def options(markdown: bool) -> None:
    """Print every scene's options: name, type, default and what it is."""
    from lecture.cli.report import options_markdown, options_table

    if markdown:
        click.echo(options_markdown(), nl=False)
    else:
        make_console(stderr=False).print(options_table())


@cli.command("list")
@click.pass_obj
def list_scenes(project: _Project) -> None:
    """Print the chapters and their scenes in lecture order."""
    lecture = project.lecture()
    names = max((len(scene.name) for scene in lecture.scenes), default=0)
    titles = max((len(scene.title) for scene in lecture.scenes), default=0)
    click.echo(lecture.full_title)
    for chapter in lecture.chapters:
        click.echo(f"\n{chapter.title}")
        for scene in chapter.scenes:
            click.echo(
                f"  {scene.number:02d}  {scene.name:<{names}}  "
                f"{scene.title:<{titles}}  {scene.module}"
                + (f"  {_OWN_CODE}" if scene.from_lecture else "")
            )
    if any(scene.from_lecture for scene in lecture.scenes):
        click.echo(
            f"\n{_OWN_CODE}: the scene's Python comes from the lecture's folder; "
            "rendering runs it, and needs --trust-code"
        )


_OWN_CODE = "[lecture's own code]"
"""How ``lecture list`` marks a scene whose module is the lecture folder's code."""


@cli.command()
@click.argument("scenes", nargs=-1)
@_output_options
@click.pass_obj
def render(
    project: _Project,
    scenes: tuple[str, ...],
    quality: str,
    fmt: str,
    out: Path | None,
    jobs: int,
    force: bool,
    voice: str | None,
    cluster: str | None,
    trust: bool,
) -> int:
    """Render SCENES (default: all) and print each video's path.

    Each beat is narrated (see --voice), the video timed to the speech. Scenes
    whose inputs did not change since their last render are skipped.
    """
    lecture = project.lecture()
    chosen = lecture.select(scenes)
    voice = _prepared(lecture, chosen, trust, voice)
    layout = _layout(lecture, out, fmt, quality, voice)
    with _manim(cluster, lecture, layout) as manim, layout.writing(_waiting):
        results = _render(lecture, chosen, layout, jobs=jobs, force=force, manim=manim)
    return _failed(results)


@contextlib.contextmanager
def _manim(
    cluster: str | None, lecture: Lecture, layout: OutputLayout
) -> Iterator[ManimRunner | None]:
    """Who renders: Manim here (``None``), or the workers of the ``--cluster``."""
    if cluster is None:
        yield None
        return
    from lecture.build.cluster import ClusterManim, connect

    client = connect(cluster)
    try:
        yield ClusterManim(client, lecture.folder, layout.cache)
    finally:
        client.close()


def _layout(
    lecture: Lecture, out: Path | None, fmt: str, quality: str, voice: str | None
) -> OutputLayout:
    """Outputs under ``--out`` (an absolute path: Manim runs in the project root).

    The voice (``--voice``, else the manifest's) is checked to be installed.
    """
    out = (out or lecture.folder / "build").absolute()
    return OutputLayout(out, lecture.slug, fmt, quality, _voice(lecture, voice))


def _waiting(out: Path) -> None:
    """Say why nothing happens while another run holds the output folder."""
    console.print(f"waiting for another lecture run writing to {_show(out)}/ ...")


def _render(
    lecture: Lecture,
    scenes: Sequence[SceneEntry],
    layout: OutputLayout,
    *,
    jobs: int,
    force: bool,
    manim: ManimRunner | None,
) -> list[SceneResult]:
    """Render with a progress display, then print video paths and the summary."""
    with RenderProgress(len(scenes)) as progress:
        results = render_scenes(
            lecture,
            scenes,
            layout,
            jobs=jobs,
            force=force,
            reporter=progress,
            manim=manim,
        )
    for result in results:
        if result.video is not None:
            click.echo(_show(result.video))
    summary(results, layout, _show)
    return results


@cli.command()
@click.argument("scenes", nargs=-1)
@_output_options
@click.option(
    "--burn-captions",
    "burn",
    is_flag=True,
    help="Also write social/NN-Scene.mp4 with captions burned in, sized for the format.",
)
@click.pass_obj
def build(
    project: _Project,
    scenes: tuple[str, ...],
    quality: str,
    fmt: str,
    out: Path | None,
    jobs: int,
    force: bool,
    voice: str | None,
    cluster: str | None,
    trust: bool,
    burn: bool,
) -> int:
    """Render what is stale, then write the lecture as one MP4 with chapters.

    Also writes lecture.srt (every scene's captions, timed to the full video).
    The lecture's sound is the scenes' speech as one track. With
    SCENES (some of the lecture's), writes those scenes instead, as
    lecture-scenes-NN-NN.mp4 and .srt (their numbers), never lecture.mp4.
    """
    from lecture.publish.package import build_lecture, burn_captions, lecture_files

    lecture = project.lecture()
    chosen = lecture.select(scenes)
    voice = _prepared(lecture, lecture.scenes, trust, voice)
    layout = _layout(lecture, out, fmt, quality, voice)
    with _manim(cluster, lecture, layout) as manim, layout.writing(_waiting):
        results = _render(lecture, chosen, layout, jobs=jobs, force=force, manim=manim)
        if _failed(results):
            video, _ = lecture_files(lecture, layout, chosen)
            console.print(f"{video.name} not written: fix the failed scenes first")
            return 1
        products = build_lecture(lecture, layout, chosen)
        if burn:
            products += burn_captions(lecture, layout, chosen, jobs)
    return _report(products)


@cli.command()
@click.argument("scenes", nargs=-1)
@_output_options
@click.pass_obj
def export(
    project: _Project,
    scenes: tuple[str, ...],
    quality: str,
    fmt: str,
    out: Path | None,
    jobs: int,
    force: bool,
    voice: str | None,
    cluster: str | None,
    trust: bool,
) -> int:
    """Write slide clips of SCENES (default: all): GIF, WebM and a poster PNG each.

    Renders what is stale first. The WebM clips carry the scene's speech (Opus);
    GIFs are silent. When every scene has a poster, also writes
    export/contact-sheet.png with all of them.
    """
    from lecture.publish.package import export_slides

    lecture = project.lecture()
    chosen = lecture.select(scenes)
    voice = _prepared(lecture, chosen, trust, voice)
    layout = _layout(lecture, out, fmt, quality, voice)
    with _manim(cluster, lecture, layout) as manim, layout.writing(_waiting):
        results = _render(lecture, chosen, layout, jobs=jobs, force=force, manim=manim)
        rendered = [r.scene for r in results if r.status != "failed"]
        products = export_slides(lecture, layout, rendered, jobs)
    return max(_failed(results), _report(products))


@cli.command()
@_output_options
@click.pass_obj
def slides(
    project: _Project,
    quality: str,
    fmt: str,
    out: Path | None,
    jobs: int,
    force: bool,
    voice: str | None,
    cluster: str | None,
    trust: bool,
) -> int:
    """Write the lecture as slides: slides/lecture.html and slides/lecture.pptx.

    A title slide per chapter, then one slide per narrated beat, each with its
    own speech; right arrow or space plays the next beat (the HTML deck plays
    sound from the first click on: browsers allow no sound before). The HTML
    deck works offline next to its clips/ folder. Stale scenes are rendered
    first; every render saves the slides' clips, so after `lecture build` (same
    quality, format and voice) nothing is rendered again.
    """
    from lecture.publish.slides import slide_clips, write_deck

    lecture = project.lecture()
    voice = _prepared(lecture, lecture.scenes, trust, voice)
    layout = _layout(lecture, out, fmt, quality, voice)
    with _manim(cluster, lecture, layout) as manim, layout.writing(_waiting):
        results = _render(
            lecture, lecture.scenes, layout, jobs=jobs, force=force, manim=manim
        )
        if _failed(results):
            console.print("slides not written: fix the failed scenes first")
            return 1
        products = slide_clips(lecture, layout, jobs) + write_deck(lecture, layout)
    return _report(products)


@cli.command()
@click.argument("scenes", nargs=-1)
@_voice_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder whose caches to use  [default: build/ next to lecture.toml]",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the script to FILE instead of printing it.",
)
@_trust_option
@click.pass_obj
def script(
    project: _Project,
    scenes: tuple[str, ...],
    voice: str | None,
    out: Path | None,
    output: Path | None,
    trust: bool,
) -> int:
    """Write the recording script of SCENES (default: all) as Markdown.

    For every beat: its id (Scene/NN), caption, spoken text, the voice's
    duration, and the file a recording of it goes to
    (narration/<Scene>/<NN>.wav next to lecture.toml) with its state. Prints
    it, or writes FILE with --output.
    """
    from lecture.build.collect import CollectError, Collector
    from lecture.build.fingerprint import Fingerprinter
    from lecture.project.settings import render_settings
    from lecture.sound.narration import recording_script
    from lecture.sound.voice import synthesize

    lecture = project.lecture()
    chosen = lecture.select(scenes)
    speaker = _prepared(lecture, chosen, trust, voice, recordings=True)
    if output is not None:
        _writable(output, "--output")
    layout = _layout(lecture, out, "landscape", "low", speaker)
    settings = render_settings(layout.quality, layout.fmt)
    fingerprints = Fingerprinter(lecture, layout.cache)
    rows = []
    with layout.writing(_waiting):
        collector = Collector(layout.cache, layout.work, settings)
        bases = {s.name: fingerprints.scene(s, settings) for s in chosen}
        narrating = [s for s in chosen if fingerprints.narrates(s.module)]
        collector.want([(s, bases[s.name]) for s in narrating])
        try:
            for scene in chosen:
                beats = (
                    collector.beats(scene, bases[scene.name])
                    if scene in narrating
                    else []
                )
                said = (
                    [None] * len(beats)
                    if speaker == "none"
                    else [
                        s.seconds
                        for s in synthesize(
                            [b.say for b in beats], speaker, layout.cache / "speech"
                        )
                    ]
                )
                rows.append((scene, beats, said))
        except CollectError as error:
            raise LectureError(f"{scene.name}: {error}", exit_code=1) from None
        except VoiceError as error:
            raise LectureError(f"voice {speaker}: {error}", exit_code=1) from None
        finally:
            collector.close()
    text = recording_script(lecture, rows, speaker)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            atomic_write_text(output, text)
        except OSError as error:
            raise _unwritable(output, "--output", error) from None
        click.echo(_show(output))
    return 0


def _writable(path: Path, option: str) -> None:
    """Check, before any work, that a file can be written at ``path`` (by trying)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".lecture-"):
            pass
    except OSError as error:
        raise _unwritable(path, option, error) from None


def _unwritable(path: Path, option: str, error: OSError) -> LectureError:
    return LectureError(
        f"{option} {path}: cannot write it ({error.strerror or error}); choose a file "
        "in a folder you can write to"
    )


@cli.command()
def doctor() -> int:
    """Check LaTeX, dvisvgm, ffmpeg, Cairo/Pango, fonts and Manim; name what to install."""
    checks = run_checks()
    report = make_console(stderr=False)
    table = Table(show_edge=False, pad_edge=False)
    for column in ("check", "status", "found", "fix"):
        table.add_column(column)
    for check in checks:
        table.add_row(
            check.name,
            "[green]ok" if check.ok else "[bold red]missing",
            check.detail,
            "" if check.ok else check.fix,
        )
    report.print(table)
    missing = [check for check in checks if not check.ok]
    packages = sorted({c.fix for c in missing if c.debian})
    if packages:
        report.print(f"install: sudo apt-get install -y {' '.join(packages)}")
    for check in missing:
        if not check.debian:
            report.print(f"{check.name}: {check.fix}")
    if not missing:
        report.print("everything the lecture needs is installed")
    return 1 if missing else 0


def _failed(results: Sequence[SceneResult]) -> int:
    """1 if any scene failed, else 0."""
    return int(any(result.status == "failed" for result in results))


def _report(products: Sequence[Product]) -> int:
    """Print each product's path (failures with their reason); 1 if any failed."""
    for product in products:
        if product.status == "failed":
            console.print(f"[bold red]failed[/] {_show(product.path)}: {product.error}")
        else:
            click.echo(_show(product.path))
    made = sum(p.status == "made" for p in products)
    failed = sum(p.status == "failed" for p in products)
    console.print(
        f"{made} files written, {len(products) - made - failed} unchanged, "
        f"{failed} failed"
    )
    return int(failed > 0)


def main() -> None:
    """Entry point of the ``lecture`` console script."""
    signal.signal(signal.SIGTERM, _interrupt)
    cli.main(prog_name="lecture")


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt
