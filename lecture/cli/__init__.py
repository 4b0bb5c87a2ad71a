"""The ``lecture`` command."""

from lecture.cli.commands import cli, main

__all__ = ["cli", "main"]
