"""Axis ranges with round ticks: 1, 2 or 5 times a power of ten."""

from __future__ import annotations

import math

__all__ = ["nice_range"]


def nice_range(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """Return an axis range ``(start, stop, step)`` covering ``[low, high]``.

    The step is 1, 2 or 5 times a power of ten, the one giving the number of
    intervals nearest to ``ticks`` (the finer on a tie); start and stop are multiples of it, ``start <= low`` and
    ``stop >= high``. An empty span (``low == high``) is widened by one on each side.

    Examples
    --------
    >>> nice_range(-0.3, 7.2)
    (-2.0, 8.0, 2.0)
    >>> nice_range(0.0, 52.5)
    (0.0, 60.0, 10.0)
    >>> nice_range(-1.0, 0.0)
    (-1.0, 0.0, 0.2)
    """
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"need finite low <= high, got {low}, {high}")
    if low == high:
        low, high = low - 1, high + 1
    rough = (high - low) / max(ticks, 1)
    power = 10.0 ** math.floor(math.log10(rough))
    candidates = [m * power for m in (1, 2, 5, 10, 20)]

    def intervals(step: float) -> int:
        return math.ceil(high / step - 1e-9) - math.floor(low / step + 1e-9)

    # The step whose number of intervals is nearest to ``ticks``; the finer on a tie.
    step = min(candidates, key=lambda s: abs(intervals(s) - ticks))
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    return _round(start, step), _round(stop, step), _round(step, step)


def _round(value: float, step: float) -> float:
    """``value`` without float noise at the step's precision (0.6000000001 -> 0.6)."""
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return round(value, digits) + 0.0
