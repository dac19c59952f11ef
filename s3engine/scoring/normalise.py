"""From raw values to 0-100 scores: each indicator over the regions scored.

Optional winsorising (clamping to two quantiles of the regions' values) and the log
transform ln(1 + value) come first; then the indicator's normalisation: none, goalposts,
min-max, z-score, rank or ratio to a reference value; last, 100 - score for indicators where
lower is better. docs/scoring-model.md gives the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from s3engine.core import messages as M
from s3engine.scoring.model import (
    Goalposts,
    Indicator,
    MinMax,
    NoNormalisation,
    Rank,
    Ratio,
    ZScore,
)
from s3engine.scoring.words import number, plural


@dataclass
class Normalised:
    """One indicator over every region scored."""

    #: region -> the value after winsorising and the log transform (the raw value otherwise)
    transformed: dict[str, float | None]
    #: region -> score 0-100 (None when the region has no value)
    scores: dict[str, float | None]
    #: the steps applied, with the parameters used, in plain words
    description: str
    #: region -> why it has no score although it has a value
    notes: dict[str, str]
    #: True when winsorising or the log transform changed the values
    transformed_shown: bool
    #: region -> the score (0 or 100) it was clamped to, when the method placed it beyond
    clamped: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """The value a ratio normalisation divides by, and how to name it in the description."""

    value: float | None
    shown: str
    #: the region whose value it is (None for a fixed value)
    region: str | None = None


def normalise(
    indicator: Indicator, raw: Mapping[str, float | None], reference: Reference | None = None
) -> Normalised:
    """Scores 0-100 of `indicator` for the regions in `raw` (region -> raw value)."""
    values: dict[str, float | None] = dict(raw)
    notes: dict[str, str] = {}
    steps: list[str] = []
    if indicator.winsorise is not None:
        present = sorted(v for v in values.values() if v is not None)
        if present:
            low = quantile(present, indicator.winsorise.lower)
            high = quantile(present, indicator.winsorise.upper)
            values = {c: None if v is None else min(max(v, low), high) for c, v in values.items()}
            steps.append(
                f"winsorised to the {indicator.winsorise.lower:g} and "
                f"{indicator.winsorise.upper:g} quantiles ({number(low)} to {number(high)})"
            )
    if indicator.log:
        logged: dict[str, float | None] = {}
        for code, v in values.items():
            if v is not None and v <= -1:
                notes[code] = M.SCORE_LOG_UNDEFINED.format(value=number(v))
                logged[code] = None
            else:
                logged[code] = None if v is None else math.log1p(v)
        values = logged
        steps.append("ln(1 + value)")
    unclamped, description = _method(indicator, values, notes, reference)
    # Goalposts, z-scores, ratios and 'none' can place a value beyond 0-100: it is clamped,
    # and remembered (regions clamped alike tie on the indicator).
    scores: dict[str, float | None] = {}
    clamped: dict[str, float] = {}
    for code, s in unclamped.items():
        if s is not None and not 0.0 <= s <= 100.0:
            s = clamped[code] = 100.0 if s > 100.0 else 0.0
        scores[code] = s
    if indicator.direction == "lower_is_better":
        scores = {c: None if s is None else 100.0 - s for c, s in scores.items()}
        clamped = {c: 100.0 - s for c, s in clamped.items()}
        description += "; lower is better: 100 - score"
    if steps:
        description = ", then ".join(steps) + "; " + description
    return Normalised(values, scores, description, notes, bool(steps), clamped)


def _method(
    indicator: Indicator,
    values: dict[str, float | None],
    notes: dict[str, str],
    reference: Reference | None,
) -> tuple[dict[str, float | None], str]:
    method = indicator.normalisation
    present = [v for v in values.values() if v is not None]
    n = len(present)
    if isinstance(method, NoNormalisation):
        return dict(values), "none (a 0-100 score already)"
    if isinstance(method, Goalposts):
        low, high = method.min, method.max
        if indicator.log:
            low, high = math.log1p(low), math.log1p(high)
        span = high - low
        out = {c: None if v is None else (v - low) / span * 100.0 for c, v in values.items()}
        return out, f"goalposts {number(low)} = 0 and {number(high)} = 100, clamped"
    if isinstance(method, MinMax):
        if n == 0:
            return dict.fromkeys(values), "min-max (no region has a value)"
        low, high = min(present), max(present)
        if high == low:
            return {c: None if v is None else 50.0 for c, v in values.items()}, (
                f"min-max over {n} regions: all equal ({number(low)}), so each scores 50"
            )
        out = {
            c: None if v is None else (v - low) / (high - low) * 100.0 for c, v in values.items()
        }
        return (
            out,
            f"min-max over {plural(n, 'region')}: min {number(low)} = 0, max {number(high)} = 100",
        )
    if isinstance(method, ZScore):
        if n == 0:
            return dict.fromkeys(values), "z-score (no region has a value)"
        mean = math.fsum(present) / n
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in present) / n)
        if sd == 0:
            return {c: None if v is None else 50.0 for c, v in values.items()}, (
                f"z-score over {n} regions: no spread, so each scores 50"
            )
        limit = method.limit
        out = {
            c: None if v is None else 50.0 + 50.0 * ((v - mean) / sd) / limit
            for c, v in values.items()
        }
        return out, (
            f"z-score over {plural(n, 'region')}: mean {number(mean)}, standard deviation "
            f"{number(sd)} (population); score = 50 + 50 x z / {number(limit)}, clamped"
        )
    if isinstance(method, Rank):
        ranks = average_ranks(present)
        if n == 1:
            return {c: None if v is None else 50.0 for c, v in values.items()}, (
                "rank among 1 region: it scores 50"
            )
        out = {
            c: None if v is None else (ranks[v] - 1) / (n - 1) * 100.0 for c, v in values.items()
        }
        return out, (
            f"rank among {plural(n, 'region')}: (rank - 1) / {n - 1} x 100, lowest rank 1, "
            "ties share the mean rank"
        )
    assert isinstance(method, Ratio)
    if reference is None:
        reference = Reference(method.reference, number(method.reference))
    if reference.value is None or reference.value <= 0:
        for code, v in values.items():
            if v is not None:
                notes[code] = M.SCORE_NO_REFERENCE_NOTE.format(region=reference.region)
        return dict.fromkeys(values), f"ratio to {reference.shown}: no reference value"
    divisor = reference.value
    full = method.full_at
    out = {c: None if v is None else v / divisor / full * 100.0 for c, v in values.items()}
    return out, (
        f"ratio to {reference.shown}; score = value / reference / {number(full)} x 100, clamped "
        f"(the reference scores {number(100.0 / full)})"
    )


def quantile(ordered: Sequence[float], p: float) -> float:
    """Linear interpolation between order statistics (the usual 'type 7' quantile)."""
    if len(ordered) == 1:
        return ordered[0]
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def average_ranks(values: Sequence[float]) -> dict[float, float]:
    """Rank of each distinct value, 1 for the lowest; tied values share their mean rank."""
    ordered = sorted(values)
    ranks: dict[float, float] = {}
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[index]:
            end += 1
        ranks[ordered[index]] = (index + end) / 2 + 1
        index = end + 1
    return ranks
