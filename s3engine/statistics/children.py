"""A region's value from the regions within it, when a model asks for it (ChildAggregation).

Pure: a SourceTable and a region code in, the aggregated value (or why there is none) out.
The children of a region are the codes of the file, at the NUTS level asked for, that start
with the region's code (DE11, DE12, DE13 and DE14 for DE1). Their values are those the
source's year rule chose for each; the year shown is their year, or the range of years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from s3engine.statistics.sources import ChildAggregation, RegionValue, SourceTable, nuts_level


@dataclass(frozen=True)
class Aggregated:
    """A value computed from a region's children, or the children that lacked one."""

    value: RegionValue | None
    #: the children whose values entered it (all the children in the file)
    children: tuple[str, ...]
    #: the children without a value (or without a weight): then `value` is None
    missing: tuple[str, ...] = ()


def children_of(table: SourceTable, code: str, level: int) -> tuple[str, ...]:
    """The codes of `table` at NUTS `level` inside region `code` (none for other codes)."""
    own = nuts_level(code)
    if own is None or own >= level:
        return ()
    return tuple(sorted(c for c in table.regions if c.startswith(code) and nuts_level(c) == level))


def _finite(value: RegionValue | None) -> float | None:
    if value is None or value.value is None or not math.isfinite(value.value):
        return None
    return value.value


def aggregate_children(
    table: SourceTable, code: str, rule: ChildAggregation, weights: SourceTable | None = None
) -> Aggregated | None:
    """The value of region `code` from its children in `table`; None when it has none there.

    `weights` is the table of the source named by a weighted rule (its value per child).
    """
    children = children_of(table, code, rule.level)
    if not children:
        return None
    values: list[float] = []
    factors: list[float] = []
    missing: list[str] = []
    for child in children:
        value = _finite(table.values.get(child))
        factor = 1.0
        if rule.method == "weighted":
            found = _finite(weights.values.get(child)) if weights is not None else None
            factor = found if found is not None and found > 0 else math.nan
        if value is None or math.isnan(factor):
            missing.append(child)
            continue
        values.append(value)
        factors.append(factor)
    if missing:
        return Aggregated(None, children, tuple(missing))
    total = math.fsum(factors)
    value = math.fsum(v * f for v, f in zip(values, factors, strict=True)) / total
    years = sorted({y for child in children for y in table.values[child].years_used})
    shown = sorted({table.values[child].year or "" for child in children} - {""})
    year = shown[0] if len(shown) == 1 else (f"{years[0]}-{years[-1]}" if years else None)
    flags = tuple(sorted({f for child in children for f in table.values[child].flags}))
    return Aggregated(RegionValue(value, year, flags, tuple(years)), children)
