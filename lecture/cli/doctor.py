"""``lecture doctor``: what Manim, ffmpeg and the voices need, and what to install."""

from __future__ import annotations

import click
from rich.table import Table

from lecture.cli.progress import make_console
from lecture.render.doctor import run_checks

__all__ = ["doctor"]


@click.command()
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
