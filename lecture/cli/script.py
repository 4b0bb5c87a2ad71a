"""``lecture script``: the recording script, every beat with the file its recording goes to."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from lecture.cli.group import Project
from lecture.cli.request import BuildRequest, trust_option, voice_option
from lecture.kit.files import atomic_write_text, shown
from lecture.project.errors import LectureError

__all__ = ["script"]


@click.command()
@click.argument("scenes", nargs=-1)
@voice_option
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
@trust_option
@click.pass_obj
def script(
    project: Project,
    scenes: tuple[str, ...],
    voice: str | None,
    out: Path | None,
    output: Path | None,
    trust: bool,
) -> int:
    """Write the recording script of SCENES (default: all) as Markdown.

    For every beat: its id (Scene/NN, or the entry's id/NN), caption, spoken
    text, the voice's duration, and the file a recording of it goes to
    (narration/<Scene>/<NN>.wav next to lecture.toml) with its state. Prints
    it, or writes FILE with --output.
    """
    from lecture.render.collect import CollectError
    from lecture.sound.narration import recording_script
    from lecture.sound.voice import VoiceError

    request = BuildRequest(project.lecture(), out=out, voice=voice, trust=trust)
    chosen = request.lecture.select(scenes)
    if output is not None:
        _writable(output, "--output")
    rows = []
    with request.session(chosen, recordings=True) as session:
        bases = {scene.id: session.base(scene) for scene in chosen}
        narrating = [s for s in chosen if session.fingerprints.narrates(s.module)]
        session.collector.want([(s, bases[s.id]) for s in narrating])
        session.check_words(chosen)
        try:
            for scene in chosen:
                beats = session.beats(scene, bases[scene.id])
                rows.append((scene, beats, session.narrator.synthetic(beats)))
        except CollectError as error:
            raise LectureError(f"{scene.id}: {error}", exit_code=1) from None
        except VoiceError as error:
            raise LectureError(
                f"voice {session.narrator.voice}: {error}", exit_code=1
            ) from None
    text = recording_script(request.lecture, rows, session.narrator.voice)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            atomic_write_text(output, text)
        except OSError as error:
            raise _unwritable(output, "--output", error) from None
        click.echo(shown(output))
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
