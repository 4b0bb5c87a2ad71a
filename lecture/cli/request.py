"""What a command that builds is asked: one decorator for the shared options, one request."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click

from lecture.cli.group import Project
from lecture.cli.progress import console
from lecture.kit.files import shown
from lecture.project.errors import LectureError
from lecture.project.layout import OutputLayout
from lecture.project.manifest import Lecture, SceneEntry
from lecture.project.settings import FORMATS, QUALITIES, VOICES
from lecture.render.jobs import ManimRunner
from lecture.render.session import BuildSession
from lecture.sound.voice import VoiceError, engine_version

__all__ = [
    "BuildRequest",
    "build_options",
    "format_option",
    "out_option",
    "chosen_voice",
    "trust_option",
    "voice_option",
]

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="landscape",
    show_default=True,
    help="Frame shape: 16:9, 9:16 or 1:1.",
)
out_option = click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder  [default: build/ next to lecture.toml]",
)
voice_option = click.option(
    "--voice",
    type=click.Choice(VOICES),
    default=None,
    help="Who speaks the beats: piper (offline neural voice), flite (light) or "
    "none (silent)  [default: lecture.toml's [lecture] voice, else piper]",
)

trust_option = click.option(
    "--trust-code",
    "trust",
    is_flag=True,
    envvar="LECTURE_TRUST_CODE",
    help="Run the Python of scenes that come from the lecture's own folder "
    "(lecture list marks them); without it such scenes are refused.",
)


def _cluster_address(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``--cluster``, checked to be ``tcp://HOST:PORT``."""
    if value is None:
        return None
    from lecture.render.cluster import scheduler_address

    try:
        scheduler_address(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


_BUILD_OPTIONS = (
    click.option(
        "--quality",
        "-q",
        type=click.Choice(tuple(QUALITIES)),
        default="low",
        show_default=True,
        help="Manim quality preset (low is preview quality).",
    ),
    format_option,
    out_option,
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
    voice_option,
    click.option(
        "--cluster",
        metavar="tcp://HOST:PORT",
        default=None,
        callback=_cluster_address,
        help="Render the stale scenes on this Dask scheduler's workers (a "
        "scheduler you trust: it can run code here).",
    ),
    trust_option,
)
"""The options every command that renders shares, in the order ``--help`` shows."""


@dataclass(frozen=True)
class BuildRequest:
    """What a command that builds was asked: its lecture and the shared options.

    Attributes
    ----------
    lecture
        The lecture of ``--manifest``, checked.
    quality, fmt
        Manim's quality preset and the frame format.
    out
        ``--out``, if given (by default ``build/`` next to the manifest).
    jobs
        How many renders run at once.
    force
        Whether unchanged scenes are rendered again.
    voice
        ``--voice``, if given (by default the manifest's).
    cluster
        The Dask scheduler that renders, if any.
    trust
        Whether the lecture folder's own scene code may run.
    """

    lecture: Lecture
    quality: str = "low"
    fmt: str = "landscape"
    out: Path | None = None
    jobs: int = 1
    force: bool = False
    voice: str | None = None
    cluster: str | None = None
    trust: bool = False

    @contextlib.contextmanager
    def session(
        self, scenes: Sequence[SceneEntry], *, recordings: bool = False
    ) -> Iterator[BuildSession]:
        """The build session, once ``scenes`` may run; the output folder held.

        Before any work: the lecture folder's own scene code runs only with
        --trust-code, the voice must be installed, and the recordings the scenes
        may use must lie inside the lecture's folder, be WAV and short enough
        (checked when a voice speaks, or always with ``recordings``, for the
        script). Outputs go under ``--out`` (an absolute path: Manim runs in the
        project root).
        """
        from lecture.sound.narration import check_recordings

        lecture = self.lecture
        refusal = None if self.trust else lecture.untrusted(list(scenes))
        if refusal is not None:
            raise refusal
        voice = chosen_voice(lecture, self.voice)
        if recordings or voice != "none":
            check_recordings(lecture, scenes)
        out = (self.out or lecture.folder / "build").absolute()
        layout = OutputLayout(out, lecture.slug, self.fmt, self.quality, voice)
        with (
            self._manim(layout) as manim,
            layout.writing(_waiting),
            contextlib.closing(
                BuildSession.open(
                    lecture, layout, jobs=self.jobs, force=self.force, manim=manim
                )
            ) as session,
        ):
            yield session

    @contextlib.contextmanager
    def _manim(self, layout: OutputLayout) -> Iterator[ManimRunner | None]:
        """Who renders: Manim here (``None``), or the workers of the ``--cluster``."""
        if self.cluster is None:
            yield None
            return
        from lecture.render.cluster import ClusterManim, connect

        client = connect(self.cluster)
        try:
            yield ClusterManim(client, self.lecture.folder, layout.cache)
        finally:
            client.close()


def build_options(command: Callable[..., int]) -> Callable[..., int]:
    """The options of the commands that build, handed to ``command`` as a :class:`BuildRequest`.

    ``command`` takes the request first, then its own arguments and options.
    """

    @click.pass_obj
    def with_request(project: Project, /, **given: Any) -> int:
        shared = {name: given.pop(name) for name in _SHARED}
        return command(BuildRequest(project.lecture(), **shared), **given)

    decorated = functools.update_wrapper(with_request, command)
    for option in reversed(_BUILD_OPTIONS):
        decorated = option(decorated)
    return decorated


_SHARED = tuple(field.name for field in fields(BuildRequest))[1:]
"""The parameters of :data:`_BUILD_OPTIONS`: the request's fields after the lecture."""


def chosen_voice(lecture: Lecture, voice: str | None) -> str:
    """The voice to use (``--voice`` or the manifest's), checked to be installed."""
    chosen = voice or lecture.header.voice
    try:
        engine_version(chosen)
    except VoiceError as error:
        raise LectureError(f"voice {chosen}: {error}") from None
    return chosen


def _waiting(out: Path) -> None:
    """Say why nothing happens while another run holds the output folder."""
    console.print(f"waiting for another lecture run writing to {shown(out)}/ ...")
