"""Bounds on the work bad input may cause: CPU time for a check, checked in one place."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

__all__ = ["OutOfTime", "cpu_time_limit"]


class OutOfTime(BaseException):
    """A block ran out of its CPU time.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except
    Exception`` in the library code it interrupts (sympy has some) can swallow it.
    """


@contextlib.contextmanager
def cpu_time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the block once this process used ``seconds`` of CPU.

    CPU time, not wall time, so that a loaded machine does not fail good input.
    The limit is a timer signal, which Python delivers to the main thread only:
    elsewhere the block runs without a limit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OutOfTime

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
