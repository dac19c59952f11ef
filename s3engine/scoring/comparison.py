"""What changed between two survey waves, and whether it is more than noise (docs/waves.md).

Both waves are scored as `score` scores one (region_scores.score_regions), each with its own
responses and the statistics known at the time of the wave. The comparison then recomputes,
for the observed answers and for every bootstrap run of each wave (bootstrap.py: respondents
resampled within each region and stakeholder group), every indicator score, dimension score,
composite and class, by the model's rules: the survey indicators from the run's group means,
the statistics as observed (they are not sampled). The change of a value is the current
wave's minus the baseline's; its interval holds the middle 95 % of the changes over the runs
(percentile bootstrap), and a change is *improved* or *worsened* when the interval does not
hold 0, *unchanged within uncertainty* otherwise.

The goalposts do not move: indicators normalised relative to the regions (min-max, z-score,
rank, winsorising) are normalised over the values of both waves pooled, so that a region does
not "improve" because others got worse; goalposts, ratios and survey scores (0-100 already)
are fixed by the model. An indicator the model declares not comparable between the two waves
(its question changed) is left out of both waves for the dimensions and composite compared,
with a message, never compared silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from s3engine.core import messages as M
from s3engine.core.findings import UsageError
from s3engine.i18n.texts import Text
from s3engine.questionnaire.model import Questionnaire
from s3engine.scoring.bootstrap import BootstrapSample
from s3engine.scoring.composite import DECIMALS
from s3engine.scoring.model import ComparableWith, Indicator, ScoringModel
from s3engine.scoring.normalise import normalise
from s3engine.scoring.region_scores import Scored
from s3engine.scoring.results import INSUFFICIENT, RegionScore, _Result
from s3engine.scoring.sensitivity import class_positions

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

#: Share of the runs an interval holds.
LEVEL = 0.95
#: Normalisations whose scores depend on the other regions: normalised over both waves.
RELATIVE = ("minmax", "zscore", "rank")

Verdict = Literal["improved", "worsened", "unchanged", "missing", "not_comparable"]


class Change(_Result):
    baseline: float | None = Field(description="The value in the baseline wave.")
    current: float | None = Field(description="The value in the current wave.")
    change: float | None = Field(description="current - baseline.")
    low: float | None = Field(
        default=None, description="Lower end of the 95 % bootstrap interval of the change."
    )
    high: float | None = Field(
        default=None, description="Upper end of the 95 % bootstrap interval of the change."
    )
    verdict: Verdict = Field(
        description="improved / worsened: the interval does not hold 0; unchanged: within "
        "uncertainty; missing: no value in a wave; not_comparable: the question changed."
    )


class IndicatorChange(Change):
    id: str
    label: Text
    dimension: str
    source: Literal["survey", "statistic"]
    raw_baseline: float | None = None
    raw_current: float | None = None
    year_baseline: str | None = Field(default=None, description="Year of a statistic.")
    year_current: str | None = None


class DimensionChange(Change):
    id: str
    label: Text


class RegionChange(_Result):
    code: str
    name: str
    respondents_baseline: int
    respondents_current: int
    composite: Change
    class_baseline: str
    class_current: str
    transition: Literal["up", "down", "same"]
    transition_support: float | None = Field(
        description="Share of the bootstrap runs in which the region moves between the same "
        "two classes (or, for 'same', stays in its class)."
    )
    dimensions: list[DimensionChange]
    indicators: list[IndicatorChange]


class WaveInfo(_Result):
    id: str
    year: int
    responses: int


class TargetProgress(_Result):
    """A target (targets.py) against the two waves compared."""

    region: str
    kind: Literal["indicator", "dimension", "composite"]
    id: str
    target: float
    year: int
    baseline: float | None
    current: float | None
    distance: float | None = Field(description="target - current value.")
    pace: float | None = Field(description="Change per year between the two waves.")
    projected: float | None = Field(description="The value at the target's year at that pace.")
    status: Literal["reached", "on_track", "off_track", "unknown"]
    source: str | None = None


class Comparison(_Result):
    model_id: str
    baseline: WaveInfo
    current: WaveInfo
    runs: int
    seed: int
    level: float = LEVEL
    classes: list[str]
    regions: list[RegionChange]
    not_comparable: dict[str, str] = Field(
        default_factory=dict, description="Indicators left out of the change, and why."
    )
    targets: list[TargetProgress] = Field(
        default_factory=list, description="Distance to each target and whether it is on track."
    )
    warnings: list[str] = Field(default_factory=list)


class _Wave:
    """One wave's scores as arrays: indicators x regions x (observed, run 1..runs)."""

    def __init__(self, scored: Scored, sample: BootstrapSample | None, codes: Sequence[str]):
        self.scored = scored
        self.sample = sample
        self.codes = list(codes)
        self.regions: dict[str, RegionScore] = {r.code: r for r in scored.result.regions}
        self.data = {d.indicator.id: d for d in scored.indicators}


def compare(
    model: ScoringModel,
    baseline: tuple[Scored, BootstrapSample | None, WaveInfo],
    current: tuple[Scored, BootstrapSample | None, WaveInfo],
    *,
    runs: int,
    seed: int,
    not_comparable: Mapping[str, str] | None = None,
) -> Comparison:
    """The changes from `baseline` to `current`, per region in both, with their intervals."""
    import numpy as np

    left_out = dict(not_comparable or {})
    warnings = [M.WAVES_NOT_COMPARABLE.format(indicator=k, why=v) for k, v in left_out.items()]
    base_codes = [r.code for r in baseline[0].result.regions]
    current_codes = {r.code for r in current[0].result.regions}
    codes = [c for c in base_codes if c in current_codes]
    only = sorted(set(base_codes) ^ current_codes)
    if only:
        warnings.append(M.WAVES_REGIONS_IN_ONE.format(regions=", ".join(only)))
    waves = [_Wave(baseline[0], baseline[1], codes), _Wave(current[0], current[1], codes)]
    indicators = [indicator for _, indicator in model.indicators()]
    # indicator -> per wave: normalised scores, regions x (runs + 1)
    missing = [np.full((len(codes), runs + 1), np.nan) for _ in waves]
    scores = {
        i.id: missing if i.id in left_out else _indicator_scores(model, i, waves, runs)
        for i in indicators
    }
    outcome = [
        _aggregate(model, w, [scores[i.id][n] for i in indicators]) for n, w in enumerate(waves)
    ]
    regions: list[RegionChange] = []
    class_ids = model.class_ids()
    for r, code in enumerate(codes):
        base_region, cur_region = waves[0].regions[code], waves[1].regions[code]
        dims: list[DimensionChange] = []
        for d, dimension in enumerate(model.dimensions):
            change = _change(outcome[0].dimensions[d][r], outcome[1].dimensions[d][r], True)
            dims.append(DimensionChange(id=dimension.id, label=dimension.label, **change))
        items: list[IndicatorChange] = []
        for dimension, indicator in model.indicators():
            pair = scores[indicator.id]
            raw = [_indicator_of(w.regions[code], indicator.id) for w in waves]
            survey = indicator.question is not None
            if indicator.id in left_out:
                change = {
                    "baseline": raw[0].normalised if raw[0] else None,
                    "current": raw[1].normalised if raw[1] else None,
                    "change": None,
                    "verdict": "not_comparable",
                }
            else:
                change = _change(pair[0][r], pair[1][r], survey)
            items.append(
                IndicatorChange(
                    id=indicator.id,
                    label=indicator.label,
                    dimension=dimension.id,
                    source="survey" if survey else "statistic",
                    raw_baseline=raw[0].raw if raw[0] else None,
                    raw_current=raw[1].raw if raw[1] else None,
                    year_baseline=raw[0].year if raw[0] else None,
                    year_current=raw[1].year if raw[1] else None,
                    **change,
                )
            )
        base_class, cur_class = outcome[0].classes[r], outcome[1].classes[r]
        observed = (base_class[0], cur_class[0])
        support = None
        if runs:
            support = float(
                np.mean((base_class[1:] == observed[0]) & (cur_class[1:] == observed[1]))
            )
        names = [*class_ids, INSUFFICIENT]
        step: Literal["up", "down", "same"] = "same"
        if (
            observed[0] < len(class_ids)
            and observed[1] < len(class_ids)
            and observed[0] != observed[1]
        ):
            step = "up" if observed[1] < observed[0] else "down"
        regions.append(
            RegionChange(
                code=code,
                name=cur_region.name,
                respondents_baseline=base_region.respondents,
                respondents_current=cur_region.respondents,
                composite=Change(**_change(outcome[0].composite[r], outcome[1].composite[r], True)),
                class_baseline=names[observed[0]],
                class_current=names[observed[1]],
                transition=step,
                transition_support=None if support is None else round(support, 4),
                dimensions=dims,
                indicators=items,
            )
        )
    return Comparison(
        model_id=model.id,
        baseline=baseline[2],
        current=current[2],
        runs=runs,
        seed=seed,
        classes=class_ids,
        regions=regions,
        not_comparable=left_out,
        warnings=warnings,
    )


def earlier_model(
    model: ScoringModel, earlier: Questionnaire, mapping: ComparableWith
) -> tuple[ScoringModel, dict[str, str]]:
    """The model as it reads the responses to an earlier version of its questionnaire: each
    survey indicator asks the question `mapping` names; an indicator whose question has no
    mapping is taken out (with the reason, for the comparison's message), and so is a gate
    on it. Raises UsageError when a dimension keeps no indicator."""
    data = model.model_dump(by_alias=True)
    left_out: dict[str, str] = {}
    for dimension in data["dimensions"]:
        kept = []
        for indicator in dimension["indicators"]:
            question = indicator.get("question")
            if question is None:
                kept.append(indicator)
                continue
            old = mapping.questions.get(question)
            if old is None or old not in earlier.question_index:
                left_out[indicator["id"]] = M.WAVES_QUESTION_CHANGED.format(
                    question=question, id=earlier.id, version=earlier.version
                )
                continue
            kept.append({**indicator, "question": old})
        if not kept:
            raise UsageError(
                M.WAVES_DIMENSION_NOT_COMPARABLE.format(
                    dimension=dimension["id"], version=earlier.version
                )
            )
        dimension["indicators"] = kept
    data["gates"] = [g for g in data["gates"] if g.get("indicator") not in left_out]
    return ScoringModel.model_validate(data), left_out


def _indicator_of(region: RegionScore, indicator_id: str) -> Any:
    for dimension in region.dimensions:
        for item in dimension.indicators:
            if item.id == indicator_id:
                return item
    return None


def _change(base: Floats, current: Floats, sampled: bool) -> dict[str, Any]:
    """The change between two arrays (observed, runs...), with its percentile interval."""
    import numpy as np

    b, c = float(base[0]), float(current[0])
    if math.isnan(b) or math.isnan(c):
        return {
            "baseline": None if math.isnan(b) else round(b, DECIMALS),
            "current": None if math.isnan(c) else round(c, DECIMALS),
            "change": None,
            "verdict": "missing",
        }
    change = round(c - b, DECIMALS) + 0.0
    low: float | None = None
    high: float | None = None
    if not sampled:  # a statistic: not sampled, its change is what it is
        verdict: Verdict = "improved" if change > 0 else "worsened" if change < 0 else "unchanged"
        return {"baseline": round(b, DECIMALS) + 0.0, "current": round(c, DECIMALS) + 0.0,
                "change": change, "verdict": verdict}  # fmt: skip
    low = high = change
    if len(base) > 1:
        diffs = current[1:] - base[1:]
        diffs = diffs[~np.isnan(diffs)]
        if len(diffs) * 2 >= len(base) - 1:
            tail = (1 - LEVEL) / 2 * 100
            low, high = (
                round(float(v), DECIMALS) + 0.0 for v in np.percentile(diffs, [tail, 100 - tail])
            )
    verdict = "improved" if low > 0 else "worsened" if high < 0 else "unchanged"
    return {
        "baseline": round(b, DECIMALS) + 0.0,
        "current": round(c, DECIMALS) + 0.0,
        "change": change,
        "low": low,
        "high": high,
        "verdict": verdict,
    }


def _indicator_scores(
    model: ScoringModel, indicator: Indicator, waves: list[_Wave], runs: int
) -> list[Floats]:
    """The indicator's normalised scores in each wave (regions x (observed, runs...))."""
    import numpy as np

    n = len(waves[0].codes)
    method = indicator.normalisation.method
    relative = method in RELATIVE or indicator.winsorise is not None
    if indicator.question is None:
        if not relative:  # as scored: the model's goalposts or ratio, the wave's own reference
            out = []
            for w in waves:
                data = w.data[indicator.id]
                scores = normalise(indicator, data.raw, data.reference).scores
                column = np.array([_nan(scores.get(c)) for c in w.codes])
                out.append(np.repeat(column[:, None], runs + 1, axis=1))
            return out
        pooled = _pooled(indicator, [w.data[indicator.id].raw for w in waves], waves)
        return [np.repeat(p[:, None], runs + 1, axis=1) for p in pooled]
    raws = [_survey_raws(model, indicator.id, w, runs) for w in waves]
    if method == "none" and not indicator.log and not relative:
        out = []
        for raw in raws:
            score = np.clip(raw, 0.0, 100.0)
            out.append(100.0 - score if indicator.direction == "lower_is_better" else score)
        return out
    # Any other normalisation of a survey indicator: by the model's rule, run by run, over
    # both waves when it is relative.
    out = [np.full((n, runs + 1), np.nan) for _ in waves]
    for run in range(runs + 1):
        columns = [
            {
                c: (None if math.isnan(v) else float(v))
                for c, v in zip(w.codes, raw[:, run], strict=True)
            }
            for w, raw in zip(waves, raws, strict=True)
        ]
        if relative:
            pooled = _pooled(indicator, columns, waves)
            for k in range(len(waves)):
                out[k][:, run] = pooled[k]
        else:
            for k, w in enumerate(waves):
                scores = normalise(indicator, columns[k], w.data[indicator.id].reference).scores
                out[k][:, run] = [_nan(scores.get(c)) for c in w.codes]
    return out


def _pooled(
    indicator: Indicator,
    values: Sequence[Mapping[str, float | None]],
    waves: list[_Wave],
) -> list[Floats]:
    """Normalise the values of every wave together; each wave's scores of its regions."""
    import numpy as np

    joint = {f"{k}\t{code}": v for k, raw in enumerate(values) for code, v in raw.items()}
    scores = normalise(indicator, joint).scores
    return [np.array([_nan(scores.get(f"{k}\t{c}")) for c in w.codes]) for k, w in enumerate(waves)]


def _survey_raws(model: ScoringModel, indicator_id: str, wave: _Wave, runs: int) -> Floats:
    """A survey indicator's region value (regions x (observed, runs...)) by the respondents
    rule (its question in the version of the questionnaire the wave answered)."""
    import numpy as np

    rules = model.respondents
    data = wave.data[indicator_id]
    qid = data.indicator.question or ""
    observed = data.raw
    out = np.full((len(wave.codes), runs + 1), np.nan)
    sample = wave.sample
    position = sample.questions.index(qid) if sample is not None else -1
    groups: dict[str, list[tuple[str, Any, Any]]] = {}
    if sample is not None:
        for (code, group), (sums, weights) in sample.sums.items():
            groups.setdefault(code, []).append((group, sums[:, position], weights[:, position]))
    for r, code in enumerate(wave.codes):
        value = observed.get(code)
        if value is None:
            continue
        out[r, 0] = value
        if not runs or code not in groups:
            continue
        total = np.zeros(runs)
        weight = np.zeros(runs)
        with np.errstate(invalid="ignore", divide="ignore"):
            for group, sums, counts in groups[code]:
                if rules.aggregation == "pooled":
                    total += sums
                    weight += counts
                    continue
                mean = sums / counts
                present = counts > 0
                w = rules.group_weights.get(group, 1.0)
                total += np.where(present, w * mean, 0.0)
                weight += np.where(present, w, 0.0)
            out[r, 1:] = np.where(weight > 0, total / weight, np.nan)
    return out


class _Outcome:
    def __init__(self, dimensions: list[Floats], composite: Floats, classes: Any):
        self.dimensions = dimensions
        self.composite = composite
        self.classes = classes


def _aggregate(model: ScoringModel, wave: _Wave, scores: list[Floats]) -> _Outcome:
    """Dimension scores, composites and classes from indicator scores, by the model's rules
    (the rules of region_scores and composite.py, for arrays of runs)."""
    import numpy as np

    floor = model.geometric_floor
    geometric = model.aggregation == "geometric"
    dims: list[Floats] = []
    k = 0
    for dimension in model.dimensions:
        count = len(dimension.indicators)
        block = np.stack(scores[k : k + count])  # indicators x regions x runs
        weights = np.array([i.weight for i in dimension.indicators])[:, None, None]
        k += count
        dims.append(_mean(block, weights, geometric, floor, model.coverage_of(dimension)))
    block = np.stack(dims)
    weights = np.array([d.weight for d in model.dimensions])[:, None, None]
    composite = _mean(block, weights, geometric, floor, model.min_dimension_share)
    classes = class_positions(model, np.nan_to_num(composite, nan=-math.inf))
    insufficient = np.isnan(composite)
    class_ids = model.class_ids()
    for g, gate in enumerate(model.gates):
        cap = class_ids.index(gate.class_)
        kind, ref = gate.target
        if kind == "dimension":
            value = block[[d.id for d in model.dimensions].index(ref)]
            with np.errstate(invalid="ignore"):
                holds = np.array(gate.holds(value), dtype=np.bool_) & ~np.isnan(value)
            classes = np.where(holds, np.maximum(classes, cap), classes)
            if gate.if_missing == "insufficient_evidence":
                insufficient |= np.isnan(value)
            continue
        for r, code in enumerate(wave.codes):  # statistics are not sampled: as observed
            check = wave.regions[code].gates[g]
            if check.value is None and gate.if_missing == "insufficient_evidence":
                insufficient[r] = True
            elif check.fired:
                classes[r] = np.maximum(classes[r], cap)
    classes = np.where(insufficient, len(class_ids), classes)
    return _Outcome(dims, composite, classes)


def _mean(block: Floats, weights: Floats, geometric: bool, floor: float, needed: float) -> Floats:
    """Weighted means over the first axis of the values present, NaN below `needed` share."""
    import numpy as np

    present = ~np.isnan(block)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=0)
    coverage = present.sum(axis=0) / block.shape[0]
    values = np.where(present, block, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if geometric:
            mean = np.exp((w * np.log(np.maximum(values, floor))).sum(axis=0) / total)
        else:
            mean = (w * values).sum(axis=0) / total
    ok = present.any(axis=0) & (coverage + 1e-12 >= needed)
    return np.where(ok, np.round(mean, DECIMALS), np.nan)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value
