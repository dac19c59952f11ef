"""Exact sums of floats, kept as a short list of partial sums that do not overlap.

Adding floats one after the other rounds at every step, so the sum depends on the order of
the values: two processes that each add half of the scores, then add their two sums, would
not give what one process gives. Here the exact sum is held as partial sums whose binary
digits do not overlap (each addition splits off its rounding error as a new partial, the
method of Shewchuk, 1997); `math.fsum` of the partials is the correctly rounded total, the
same whatever the order the values were added in. A list rarely holds more than a few
partials.
"""

from __future__ import annotations

import math


def add(partials: list[float], value: float) -> None:
    """Add `value` to the exact sum held in `partials` (changed in place)."""
    kept = 0
    for partial in partials:
        if abs(value) < abs(partial):
            value, partial = partial, value
        high = value + partial
        if not math.isfinite(high):  # beyond the range of floats: no exactness to keep
            partials[:] = [high]
            return
        low = partial - (high - value)
        if low:
            partials[kept] = low
            kept += 1
        value = high
    partials[kept:] = [value]
