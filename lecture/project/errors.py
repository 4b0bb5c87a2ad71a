"""The one error type of the build tool: a problem the user can fix, said in one line."""

from __future__ import annotations

__all__ = ["MAX_MESSAGE", "LectureError", "one_line"]

MAX_MESSAGE = 300
"""The longest line a problem is said in, in characters."""


class LectureError(Exception):
    """A bad input or environment problem, reported as one line and an exit code.

    Parameters
    ----------
    message
        One line saying what is wrong and how to fix it (several problems found
        together: one line each).
    exit_code
        The process exit code; 2 for bad input found before any work started.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line of at most ``limit`` characters.

    Line breaks and runs of spaces become one space. A longer text loses the
    middle of what is wrong (where a long value sits) to an ellipsis, keeping
    where the problem is (the start) and, after the last ``"; "``, how to fix it.

    Examples
    --------
    >>> one_line("a.toml: steps: [" + "0.5, " * 100 + "] is long; give 1 to 8", 60)
    'a.toml: steps: [0.5, 0.5, 0.5 … 0.5, ] is long; give 1 to 8'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    problem, separator, fix = flat.rpartition("; ")
    if separator and len(fix) < limit // 2:
        return _cut(problem, limit - len(fix) - 2) + "; " + fix
    return _cut(flat, limit)


def _cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, its middle replaced by an ellipsis."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    return text[: limit - tail - 3].rstrip() + " … " + text[-tail:].lstrip()
