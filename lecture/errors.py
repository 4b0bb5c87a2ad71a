"""The one error type of the build tool: a problem the user can fix, said in one line."""

from __future__ import annotations

__all__ = ["LectureError"]


class LectureError(Exception):
    """A bad input or environment problem, reported as one line and an exit code.

    Parameters
    ----------
    message
        One line saying what is wrong and how to fix it.
    exit_code
        The process exit code; 2 for bad input found before any work started.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
