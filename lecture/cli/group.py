"""The ``lecture`` click group: the ``--manifest`` option, one-line errors, a clean stop."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from lecture.project.check_cache import checked_lecture
from lecture.project.errors import LectureError, one_line
from lecture.project.manifest import Lecture, find_manifest

__all__ = ["Project", "cli", "main"]


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
class Project:
    """The ``--manifest`` option, and the lecture it names once loaded."""

    manifest: Path | None

    def lecture(self) -> Lecture:
        """Load and validate the lecture (one line and exit 2 when it is wrong).

        A lecture whose inputs did not change since its last check is not checked
        again (see :mod:`lecture.project.check_cache`).
        """
        return checked_lecture(self.manifest or find_manifest(Path.cwd()))


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
    ctx.obj = Project(manifest)


def main() -> None:
    """Entry point of the ``lecture`` console script."""
    signal.signal(signal.SIGTERM, _interrupt)
    cli.main(prog_name="lecture")


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt
