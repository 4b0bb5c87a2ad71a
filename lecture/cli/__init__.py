"""The ``lecture`` command: a click group and one module per command or small group."""

from lecture.cli.build import build, export, render, slides
from lecture.cli.check import check, list_scenes
from lecture.cli.doctor import doctor
from lecture.cli.group import cli, main
from lecture.cli.preview import preview
from lecture.cli.script import script
from lecture.cli.stories import inspect, options

_COMMANDS = (check, inspect, options, list_scenes, render, build, export, slides)
for _command in (*_COMMANDS, preview, script, doctor):
    cli.add_command(_command)

__all__ = ["cli", "main"]
