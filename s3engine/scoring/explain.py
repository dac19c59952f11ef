"""What `score --explain REGION` shows: how one region's class came about, step by step.

Built from the ScoreResult alone (so the explanation can never disagree with the JSON), in
an order a reader can follow with a calculator: each indicator's raw value, how it was
normalised, its weight and contribution; each dimension's score as a formula; the composite
as a formula; the thresholds and gates; the stakeholder groups' means and how far they
disagree; and the distance to the next class up.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from s3engine.core import messages as M
from s3engine.core.findings import UsageError, did_you_mean
from s3engine.scoring.engine import describe_flags
from s3engine.scoring.results import (
    INSUFFICIENT,
    DimensionScore,
    RegionScore,
    ResultWords,
    ScoreResult,
    view,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorLine(_Model):
    id: str
    label: str
    origin: str | None
    raw: float | None
    year: str | None
    flags: str | None
    flag_codes: str | None
    transformed: float | None
    normalised: float | None
    normalisation: str | None
    weight: float
    effective_weight: float
    contribution: float | None
    respondents: int | None
    group_means: dict[str, float | None]
    disagreement: float | None
    note: str | None
    yearly: dict[str, float | None] | None = None


class DimensionBlock(_Model):
    id: str
    label: str
    weight: float
    effective_weight: float
    score: float | None
    contribution: float | None
    coverage: float
    min_coverage: float
    formula: str
    group_means: dict[str, float | None]
    disagreement: float | None
    indicators: list[IndicatorLine]


class GateLine(_Model):
    id: str
    label: str
    condition: str
    value: float | None
    fired: bool
    class_label: str
    changed_class: bool
    note: str | None


class Explanation(_Model):
    code: str
    name: str
    class_id: str
    class_label: str
    class_reason: str
    composite: float | None
    composite_formula: str
    aggregation: str
    rank: int | None
    ranked: int
    respondents: int
    respondents_by_group: dict[str, int]
    respondent_rule: str
    thresholds: list[str]
    dimensions: list[DimensionBlock]
    gates: list[GateLine]
    groups: dict[str, str]
    disagreement: list[str]
    next_step: str | None
    stages: dict[str, float | None]
    stage_labels: dict[str, str]
    sensitivity: str | None
    warnings: list[str]


def explain(result: ScoreResult, code: str, lang: str | None = None) -> Explanation:
    """The explanation of region `code`; UsageError (naming the regions) if it was not scored."""
    region = result.region(code.strip().upper())
    if region is None:
        codes = [r.code for r in result.regions]
        if not codes:
            raise UsageError(M.SCORE_EXPLAIN_NOTHING_SCORED.format(region=code))
        raise UsageError(
            M.SCORE_EXPLAIN_NOT_SCORED.format(
                region=code, regions=", ".join(codes), hint=did_you_mean(code.upper(), codes)
            )
        )
    words = ResultWords(result, lang or result.default_language)
    # The region's own figures (code, composite, rank, respondents, ...) are carried over.
    return view(
        Explanation,
        region,
        class_label=words.class_label(region.class_id),
        composite_formula=_composite_formula(region, result),
        aggregation=result.aggregation,
        ranked=sum(1 for r in result.regions if r.rank is not None),
        respondent_rule=_respondent_rule(result),
        thresholds=_thresholds(result, words),
        dimensions=[_dimension(d, result, words) for d in region.dimensions],
        gates=[
            view(
                GateLine,
                g,
                label=words.pick(g.label),
                class_label=words.class_label(g.class_id),
            )
            for g in region.gates
        ],
        groups={g: words.pick(label) for g, label in result.group_labels.items()},
        disagreement=_disagreement(region, words),
        next_step=_next_step(region, result, words),
        stage_labels={s: words.pick(label) for s, label in result.stage_labels.items()},
        sensitivity=_sensitivity(region, words),
    )


def _dimension(d: DimensionScore, result: ScoreResult, words: ResultWords) -> DimensionBlock:
    lines = [
        view(
            IndicatorLine,
            i,
            label=words.pick(i.label),
            flags=describe_flags(i.flags) if i.flags else None,
            flag_codes=" ".join(i.flags) if i.flags else None,
        )
        for i in d.indicators
    ]
    present = [i for i in d.indicators if i.normalised is not None and i.effective_weight > 0]
    if d.score is None:
        formula = (
            f"no score: {sum(1 for i in d.indicators if i.normalised is not None)} of "
            f"{len(d.indicators)} indicators have a value ({_pct(d.coverage)}), "
            f"the dimension needs {_pct(d.min_coverage)}"
        )
    else:
        pairs = [(i.normalised or 0.0, i.weight) for i in present]
        formula = _formula(pairs, d.score, result.aggregation, result.geometric_floor)
    return view(DimensionBlock, d, label=words.pick(d.label), formula=formula, indicators=lines)


def _formula(pairs: list[tuple[float, float]], total: float, method: str, floor: float) -> str:
    """The weighted mean with the model's weights, as a reader would write it down.

    Arithmetic: '(1 x 60.00 + 3 x 80.00) / 4 = 75.00'; geometric:
    '(60.00^1 x 80.00^3)^(1/4) = 74.45' (scores below the floor raised to it).
    """
    weight = sum(w for _, w in pairs)
    if method == "geometric":
        terms = " x ".join(f"{max(s, floor):.2f}^{w:g}" for s, w in pairs)
        return f"({terms})^(1/{weight:g}) = {total:.2f}"
    terms = " + ".join(f"{w:g} x {s:.2f}" for s, w in pairs)
    return f"({terms}) / {weight:g} = {total:.2f}"


def _composite_formula(region: RegionScore, result: ScoreResult) -> str:
    if region.composite is None:
        present = sum(1 for d in region.dimensions if d.score is not None)
        return (
            f"no composite: {present} of {len(region.dimensions)} dimensions have a score, "
            f"the model needs {_pct(result.min_dimension_share)}"
        )
    pairs = [
        (d.score, d.weight)
        for d in region.dimensions
        if d.score is not None and d.effective_weight > 0
    ]
    return _formula(
        [(s, w) for s, w in pairs if s is not None],
        region.composite,
        result.aggregation,
        result.geometric_floor,
    )


def _respondent_rule(result: ScoreResult) -> str:
    if result.respondent_aggregation == "pooled":
        rule = "the mean over all respondents"
    else:
        rule = "the mean of the stakeholder groups' means (each group counts equally)"
    return (
        f"A survey indicator's value is {rule}; it needs at least {result.min_respondents} "
        f"answers from {result.min_groups} groups. 'No information' answers are missing, "
        "not zero."
    )


def _thresholds(result: ScoreResult, words: ResultWords) -> list[str]:
    lines: list[str] = []
    above = result.on_threshold == "above"
    for index, info in enumerate(result.classes):
        label = words.class_label(info.id)
        if info.min_composite is not None:
            relation = ">=" if above else ">"
            lines.append(f"{label}: composite {relation} {info.min_composite:g}")
        else:
            previous = result.classes[index - 1].min_composite if index else None
            relation = "<" if above else "<="
            bound = f"{previous:g}" if previous is not None else "the classes above"
            lines.append(f"{label}: composite {relation} {bound}")
    where = "the class above" if above else "the class below"
    lines.append(f"A composite exactly on a threshold belongs to {where} it.")
    return lines


def _disagreement(region: RegionScore, words: ResultWords) -> list[str]:
    lines: list[str] = []
    for d in region.dimensions:
        if d.disagreement is None:
            continue
        scored = {g: m for g, m in d.group_means.items() if m is not None}
        high = max(scored, key=lambda g: scored[g])
        low = min(scored, key=lambda g: scored[g])
        lines.append(
            f"{words.dimension(d.id)}: groups differ by {d.disagreement:.1f} points "
            f"({high} {scored[high]:.1f}, {low} {scored[low]:.1f})"
        )
    return lines


def _next_step(region: RegionScore, result: ScoreResult, words: ResultWords) -> str | None:
    if region.class_id == INSUFFICIENT:
        return None
    if region.next_class is None:
        return f"{words.class_label(region.class_id)} is the best class."
    target = words.class_label(region.next_class)
    if region.gap_to_next is None:
        return (
            f"The composite already reaches {target}; the gate {region.gate or ''} holds the "
            "region where it is, so raising the composite does not change the class."
        )
    relation = "reach" if result.on_threshold == "above" else "pass"
    text = f"{region.gap_to_next:.2f} composite points to {relation} {target}."
    if region.fastest_dimension is not None and region.fastest_dimension_points is not None:
        name = words.dimension(region.fastest_dimension)
        if region.fastest_closes_gap:
            text += (
                f" Fastest: {name}, which closes the gap alone with "
                f"{region.fastest_dimension_points:.2f} more points."
            )
        else:
            text += (
                f" No dimension closes the gap alone; {name} comes closest "
                f"(+{region.fastest_dimension_points:.2f} points, up to 100)."
            )
    return text


def _sensitivity(region: RegionScore, words: ResultWords) -> str | None:
    s = region.sensitivity
    if s is None:
        return None
    shares = ", ".join(f"{words.class_label(c)} {v * 100:.0f} %" for c, v in s.class_shares.items())
    verdict = "borderline" if s.borderline else "stable"
    text = f"{s.runs} runs (seed {s.seed}): {shares}; rank {s.rank_min} to {s.rank_max}"
    if s.rank_median is not None:
        text += f" (median {s.rank_median}, 5-95 % {s.rank_low} to {s.rank_high})"
    text += f"; {verdict}"
    if s.rank_effects:
        drivers = sorted(s.rank_effects.items(), key=lambda item: -item[1])[:3]
        text += "; its rank depends most on " + ", ".join(
            f"{choice} ({effect:.2f})" for choice, effect in drivers
        )
    return text


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"
