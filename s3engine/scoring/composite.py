"""Indicators into dimensions, dimensions into the composite, the composite into a class.

Pure arithmetic on scores 0-100, shared by the result and the sensitivity analysis: the
weighted arithmetic or geometric mean, the class a composite falls in (with the model's rule
for a value exactly on a threshold), the gates that hold a region at a lower class, the
scores per stage of the policy cycle, and how far a region is from the next class up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul

from s3engine.core import messages as M
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import INSUFFICIENT, DimensionScore, GateCheck
from s3engine.scoring.words import number, percent

#: Scores are kept to this many decimals; composites are compared with thresholds after it.
DECIMALS = 6


def rounded(value: float | None) -> float | None:
    """`value` to DECIMALS decimals (-0.0 becomes 0.0); None stays None."""
    return None if value is None else round(value, DECIMALS) + 0.0


def aggregate(
    items: Sequence[tuple[float, float]], method: str, floor: float
) -> tuple[float, list[float]]:
    """Weighted mean of (score, weight) pairs, and each item's part in it.

    Arithmetic: sum of w_i / W x s_i; the parts are the terms. Geometric: product of
    max(s_i, floor) ** (w_i / W); the parts are the factors.
    """
    total = math.fsum(w for _, w in items)
    return weighted_mean([s for s, _ in items], [w / total for _, w in items], method, floor)


def weighted_mean(
    scores: Sequence[float], shares: Sequence[float], method: str, floor: float
) -> tuple[float, list[float]]:
    """`aggregate`, given each weight's share w_i / W of the total (the same for many regions)."""
    if method == "geometric":
        parts = [max(s, floor) ** share for s, share in zip(scores, shares, strict=True)]
        return math.prod(parts), parts
    parts = [share * s for s, share in zip(scores, shares, strict=True)]
    return math.fsum(parts), parts


def class_index(composite: float, model: ScoringModel) -> int:
    """The position of the class a composite falls in (0 = best)."""
    above = model.classes.on_threshold == "above"
    value = round(composite, DECIMALS)
    for index, level in enumerate(model.classes.levels):
        if level.min is None:
            return index
        if (value >= level.min) if above else (value > level.min):
            return index
    return len(model.classes.levels) - 1


def fastest_dimension(
    dimensions: Sequence[tuple[str, float, float]],
    composite: float,
    target: float,
    method: str,
    floor: float,
) -> tuple[str, float, bool] | None:
    """Which dimension reaches `target` with the fewest points, alone; (id, points, closes).

    `dimensions` are (id, score, effective weight). When no dimension can close the gap on
    its own (it would need more than 100), the one that brings the composite closest wins,
    with the points up to 100.
    """
    best: tuple[tuple[int, float], str, float, bool] | None = None
    for dim_id, score, weight in dimensions:
        if weight <= 0:
            continue
        if method == "geometric":
            base = max(score, floor)
            needed = base * (target / composite) ** (1.0 / weight) if composite > 0 else math.inf
            points = max(0.0, needed - score)
            reached = composite * (max(100.0, floor) / base) ** weight
        else:
            points = max(0.0, (target - composite) / weight)
            reached = composite + weight * (100.0 - score)
        closes = score + points <= 100.0 + 1e-9
        key = (0, points) if closes else (1, -reached)
        candidate = (key, dim_id, points if closes else 100.0 - score, closes)
        if best is None or candidate[0] < best[0]:
            best = candidate
    if best is None:
        return None
    return best[1], best[2], best[3]


#: What classify returns: (class, class of the composite alone, deciding gate, reason, gates)
Classified = tuple[str, str | None, str | None, str, list[GateCheck]]


def classify(
    model: ScoringModel,
    composite: float | None,
    dimensions: Sequence[DimensionScore],
    gates: list[GateCheck],
) -> Classified:
    """The class of a region: from its composite, then held down by the gates that fired."""
    levels = model.classes.levels
    if composite is None:
        lacking = [d.id for d in dimensions if d.score is None]
        reason: str = M.SCORE_REASON_INSUFFICIENT.format(
            present=len(dimensions) - len(lacking),
            total=len(dimensions),
            needed=percent(model.min_dimension_share),
            lacking=", ".join(lacking) or "none",
        )
        return INSUFFICIENT, None, None, reason, gates
    for gate, check in zip(model.gates, gates, strict=True):
        if check.value is None and gate.if_missing == "insufficient_evidence":
            reason = M.SCORE_REASON_GATE_MISSING.format(gate=gate.id, ref=gate.target[1])
            return INSUFFICIENT, None, None, reason, gates
    index = class_index(composite, model)
    composite_class = levels[index].id
    reason = threshold_reason(composite, index, model)
    final = index
    deciding: int | None = None
    ids = model.class_ids()
    for position, check in enumerate(gates):
        if check.fired:
            cap = ids.index(check.class_id)
            if cap > final:
                final = cap
                deciding = position
    if deciding is None:
        return composite_class, composite_class, None, reason, gates
    check = gates[deciding]
    gates = [
        g.model_copy(update={"changed_class": True}) if i == deciding else g
        for i, g in enumerate(gates)
    ]
    reason = M.SCORE_REASON_GATE.format(
        reason=reason,
        gate=check.id,
        condition=check.condition,
        value=number(check.value) if check.value is not None else "?",
        label=levels[final].id,
    )
    return levels[final].id, composite_class, check.id, reason, gates


def threshold_reason(composite: float, index: int, model: ScoringModel) -> str:
    levels = model.classes.levels
    above = model.classes.on_threshold == "above"
    level = levels[index]
    if level.min is not None:
        relation = "at or above" if above else "above"
        return M.SCORE_REASON_THRESHOLD.format(
            composite=number(composite),
            relation=relation,
            threshold=number(level.min),
            label=level.id,
        )
    upper = levels[index - 1].min if index > 0 else None
    relation = "below" if above else "at or below"
    return M.SCORE_REASON_THRESHOLD.format(
        composite=number(composite),
        relation=relation,
        threshold=number(upper) if upper is not None else "?",
        label=level.id,
    )


#: Each stage of the policy cycle and its indicators: (stage id, the position of each of its
#: indicators among all the model's (dimension after dimension), each one's share of the
#: composite, and the sum of those shares).
StageShares = list[tuple[str, list[int], list[float], float]]


def stage_shares(model: ScoringModel) -> StageShares:
    """Which indicators inform each stage, and their share of the composite (once per model)."""
    total = math.fsum(d.weight for d in model.dimensions)
    out: StageShares = []
    for stage in model.stages:
        places: list[int] = []
        shares: list[float] = []
        place = 0
        for dimension in model.dimensions:
            weights = math.fsum(i.weight for i in dimension.indicators)
            for indicator in dimension.indicators:
                if indicator.stage == stage.id:
                    places.append(place)
                    shares.append(dimension.weight / total * indicator.weight / weights)
                place += 1
        out.append((stage.id, places, shares, math.fsum(shares)))
    return out


def stage_scores(shares: StageShares, scores: Sequence[float | None]) -> dict[str, float | None]:
    """Each stage's score: the mean of its indicators, weighted by their share of the composite.

    `shares` come from stage_shares(model); `scores` are a region's normalised scores of
    its indicators as shown (IndicatorScore.normalised), all of them, in the model's order.
    """
    out: dict[str, float | None] = {}
    for stage_id, places, weights, total in shares:
        found = [scores[place] for place in places]
        values = [v for v in found if v is not None]
        if len(values) < len(found):  # the shares of the indicators with a score alone
            weights = [w for v, w in zip(found, weights, strict=True) if v is not None]
            total = math.fsum(weights)
        out[stage_id] = rounded(math.fsum(map(mul, values, weights)) / total) if values else None
    return out


#: (next class up, composite points missing, fastest dimension, its points, it closes the gap)
NextClass = tuple[str | None, float | None, str | None, float | None, bool | None]


def next_class(
    model: ScoringModel,
    class_id: str,
    composite_class: str | None,
    composite: float | None,
    dimensions: Sequence[DimensionScore],
) -> NextClass:
    """How far a region is from the next class up, and which dimension closes that gap fastest."""
    ids = model.class_ids()
    if class_id == INSUFFICIENT or composite is None or composite_class is None:
        return None, None, None, None, None
    index = ids.index(class_id)
    if index == 0:
        return None, None, None, None, None
    target_level = model.classes.levels[index - 1]
    if ids.index(composite_class) <= index - 1 or target_level.min is None:
        return target_level.id, None, None, None, None  # held by a gate
    target = target_level.min
    gap = max(0.0, target - composite)
    best = fastest_dimension(
        [(d.id, d.score, d.effective_weight) for d in dimensions if d.score is not None],
        composite,
        target,
        model.aggregation,
        model.geometric_floor,
    )
    if best is None:
        return target_level.id, gap, None, None, None
    return target_level.id, gap, best[0], best[1], best[2]
