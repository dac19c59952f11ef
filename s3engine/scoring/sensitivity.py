"""How stable is a region's class? Monte Carlo over the choices a model makes.

Each run of `score --sensitivity N` draws, with a seeded random generator:

* a factor for every dimension weight, uniformly from 1 - spread to 1 + spread;
* arithmetic or geometric aggregation (geometric in `geometric_share` of the runs), applied
  to indicators within dimensions and to dimensions within the composite, as in the model;
* with probability `leave_one_out_share`, one dimension (each equally likely) left out.

Indicator scores stay as they are; each run recomputes the dimension scores, the composite,
the class (with the gates) and the rank of every region. A region's result is the share of
runs in each class, its lowest and highest rank, and whether its class changed in more than
`borderline_share` of the runs. The same seed gives the same result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from s3engine.scoring.engine import DECIMALS, aggregate, class_index
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import (
    INSUFFICIENT,
    DimensionScore,
    RegionScore,
    ScoreResult,
    Sensitivity,
    SensitivitySettings,
)

METHODS = ("arithmetic", "geometric")


@dataclass
class _Region:
    code: str
    base_class: str
    #: method -> dimension scores in model order (None: the dimension has no score)
    scores: dict[str, list[float | None]]
    #: classes the region is held at (at most) by gates on statistics, whatever the run
    fixed_caps: list[int]
    blocked: bool  # a gate without its value makes the region insufficient in every run


@dataclass
class _Tally:
    classes: dict[str, int]
    rank_min: int | None = None
    rank_max: int | None = None


def analyse(model: ScoringModel, result: ScoreResult, *, runs: int, seed: int) -> ScoreResult:
    """The result with a Sensitivity for every classified region (None for the others)."""
    if runs < 1:
        raise ValueError("the number of runs must be at least 1")
    rules = model.sensitivity
    regions = [_prepare(model, region) for region in result.regions]
    tallies = {r.code: _Tally(classes={}) for r in regions}
    rng = random.Random(seed)
    nominal = [d.weight for d in model.dimensions]
    for _ in range(runs):
        method = "geometric" if rng.random() < rules.geometric_share else "arithmetic"
        left_out = (
            rng.randrange(len(nominal))
            if len(nominal) > 1 and rng.random() < rules.leave_one_out_share
            else None
        )
        spread = rules.weight_spread
        weights = [w * (1.0 + spread * (2.0 * rng.random() - 1.0)) for w in nominal]
        outcome: dict[str, tuple[str, float | None]] = {}
        for prepared in regions:
            outcome[prepared.code] = _run(model, prepared, method, weights, left_out)
        composites = sorted(
            (c for cls, c in outcome.values() if c is not None and cls != INSUFFICIENT),
            reverse=True,
        )
        first_rank: dict[float, int] = {}
        for position, value in enumerate(composites, 1):
            first_rank.setdefault(value, position)
        for code, (cls, composite) in outcome.items():
            tally = tallies[code]
            tally.classes[cls] = tally.classes.get(cls, 0) + 1
            if composite is not None and cls != INSUFFICIENT:
                rank = first_rank[composite]
                tally.rank_min = rank if tally.rank_min is None else min(tally.rank_min, rank)
                tally.rank_max = rank if tally.rank_max is None else max(tally.rank_max, rank)
    updated: list[RegionScore] = []
    for region, prepared in zip(result.regions, regions, strict=True):
        tally = tallies[region.code]
        if region.class_id == INSUFFICIENT:
            updated.append(region.model_copy(update={"sensitivity": None}))
            continue
        shares = {
            cls: round(count / runs, DECIMALS)
            for cls, count in sorted(tally.classes.items(), key=lambda item: _order(model, item[0]))
        }
        stability = shares.get(prepared.base_class, 0.0)
        base_rank = region.rank or 0
        sensitivity = Sensitivity(
            runs=runs,
            seed=seed,
            class_shares=shares,
            rank_min=tally.rank_min if tally.rank_min is not None else base_rank,
            rank_max=tally.rank_max if tally.rank_max is not None else base_rank,
            stability=stability,
            borderline=(1.0 - stability) > rules.borderline_share + 1e-12,
        )
        updated.append(region.model_copy(update={"sensitivity": sensitivity}))
    settings = SensitivitySettings(
        runs=runs,
        seed=seed,
        weight_spread=rules.weight_spread,
        geometric_share=rules.geometric_share,
        leave_one_out_share=rules.leave_one_out_share,
        borderline_share=rules.borderline_share,
    )
    return result.model_copy(update={"regions": updated, "sensitivity": settings})


def _order(model: ScoringModel, class_id: str) -> int:
    ids = model.class_ids()
    return ids.index(class_id) if class_id in ids else len(ids)


def _prepare(model: ScoringModel, region: RegionScore) -> _Region:
    scores = {method: _dimension_scores(model, region.dimensions, method) for method in METHODS}
    ids = model.class_ids()
    caps: list[int] = []
    blocked = False
    for gate, check in zip(model.gates, region.gates, strict=True):
        if gate.dimension is not None:
            continue  # evaluated in each run, on that run's dimension score
        if check.value is None:
            blocked = blocked or gate.if_missing == "insufficient_evidence"
        elif check.fired:
            caps.append(ids.index(gate.class_))
    return _Region(region.code, region.class_id, scores, caps, blocked)


def _dimension_scores(
    model: ScoringModel, dimensions: list[DimensionScore], method: str
) -> list[float | None]:
    """Each dimension's score under `method`; a dimension without a score stays without."""
    out: list[float | None] = []
    for dimension in dimensions:
        if dimension.score is None:
            out.append(None)
            continue
        items = [(i.normalised, i.weight) for i in dimension.indicators if i.normalised is not None]
        value, _ = aggregate(
            [(s, w) for s, w in items if s is not None], method, model.geometric_floor
        )
        out.append(value)
    return out


def _run(
    model: ScoringModel,
    region: _Region,
    method: str,
    weights: list[float],
    left_out: int | None,
) -> tuple[str, float | None]:
    if region.blocked:
        return INSUFFICIENT, None
    scores = region.scores[method]
    included = [i for i in range(len(weights)) if i != left_out]
    present = [(scores[i], weights[i]) for i in included if scores[i] is not None]
    if not present or len(present) / len(included) + 1e-12 < model.min_dimension_share:
        return INSUFFICIENT, None
    value, _ = aggregate(
        [(s, w) for s, w in present if s is not None], method, model.geometric_floor
    )
    composite = round(value, DECIMALS)
    index = class_index(composite, model)
    ids = model.class_ids()
    for cap in region.fixed_caps:
        index = max(index, cap)
    positions = list(model.dimension_index)
    for gate in model.gates:
        if gate.dimension is None:
            continue
        score = scores[positions.index(gate.dimension)]
        if score is None:
            if gate.if_missing == "insufficient_evidence":
                return INSUFFICIENT, None
            continue
        if gate.holds(round(score, DECIMALS)):
            index = max(index, ids.index(gate.class_))
    return ids[index], composite
