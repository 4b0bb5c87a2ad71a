"""Axis ranges with round ticks: 1, 2 or 5 times a power of ten."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Axis", "fitted_axis", "nice_range", "stepped_axis", "tick_label"]


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


@dataclass(frozen=True)
class Axis:
    """An axis fitted to what it shows: its ends, and round ticks between them.

    Attributes
    ----------
    low, high
        The axis's ends.
    step
        Between two ticks: 1, 2 or 5 times a power of ten.
    ticks
        The multiples of ``step`` from ``low`` to ``high``.
    """

    low: float
    high: float
    step: float
    ticks: tuple[float, ...]


def fitted_axis(
    low: float, high: float, ticks: int = 5, headroom: float = 0.05
) -> Axis:
    """Return an axis showing ``[low, high]`` with a little room, and round ticks.

    The span is widened by ``headroom`` of itself on each side. When rounding
    the ends out to the nearest ticks costs at most a tenth of the span more, the
    axis ends on ticks; otherwise it ends where the headroom does, so that the
    content fills it. An end that would fall just short of zero (within a
    quarter of the span) is moved to zero: the axis then starts at the origin.

    Examples
    --------
    >>> fitted_axis(-1.0, 5.0)
    Axis(low=-1.3, high=5.3, step=2.0, ticks=(0.0, 2.0, 4.0))
    >>> fitted_axis(0.25, 3.75).ticks
    (0.0, 1.0, 2.0, 3.0, 4.0)
    >>> fitted_axis(0.0, 800.0, 4)
    Axis(low=0.0, high=840.0, step=200.0, ticks=(0.0, 200.0, 400.0, 600.0, 800.0))
    """
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"need finite low <= high, got {low}, {high}")
    if high - low < 1e-9 * max(1.0, abs(low), abs(high)):
        low, high = low - max(1.0, abs(low) / 10), high + max(1.0, abs(high) / 10)
    span = high - low
    start, stop = low - headroom * span, high + headroom * span
    if low >= 0 and start < 0 or 0 < start < span / 4:
        start = 0.0
    if high <= 0 and stop > 0 or -span / 4 < stop < 0:
        stop = 0.0
    step = nice_range(start, stop, ticks)[2]
    rounded = (
        math.floor(start / step + 1e-9) * step,
        math.ceil(stop / step - 1e-9) * step,
    )
    if (start - rounded[0]) + (rounded[1] - stop) <= span / 10:
        start, stop = rounded
    return stepped_axis(start, stop, step)


def stepped_axis(low: float, high: float, step: float) -> Axis:
    """Return the axis from ``low`` to ``high`` with a tick at every multiple of ``step``.

    Examples
    --------
    >>> stepped_axis(0.25, 1.0, 0.25).ticks
    (0.25, 0.5, 0.75, 1.0)
    """
    first = math.ceil(low / step - 1e-9)
    count = math.floor(high / step + 1e-9) - first + 1
    marks = tuple(_round((first + k) * step, step) for k in range(count))
    return Axis(_round(low, step), _round(high, step), _round(step, step), marks)


def tick_label(value: float, step: float) -> str:
    """A tick's number as it is printed: as many decimals as the step has, ``5`` not ``5.0``.

    Examples
    --------
    >>> [tick_label(v, 0.5) for v in (-1.0, -0.5, 0.0, 800.0)]
    ['-1', '-0.5', '0', '800']
    >>> tick_label(0.05, 0.05)
    '0.05'
    """
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
