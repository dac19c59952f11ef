"""Action plans: scores + needs + catalogue -> a Plan (pure; no files, no printing).

For each region: its class and how stable it is, its dimensions against the mean of all
regions scored, its stakeholders' top needs, the recommendations whose conditions hold,
ordered by priority and each with the evidence in plain words, and the dimensions on which
stakeholder groups disagree. Across the regions: the joint transnational plan. The parts
live in their own modules: plan_inputs (needs and profiles from the responses),
plan_evidence (conditions and their evidence), plan_priority, plan_transnational and
plan_words. docs/action-plans.md explains every rule and number used here.
"""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.plan.catalogue import Catalogue, Recommendation
from s3engine.plan.changes import class_moves, progress, region_changes
from s3engine.plan.evidence import Evaluator, RegionFacts
from s3engine.plan.inputs import PlanInputs, gather_inputs
from s3engine.plan.model import (
    Comment,
    DimensionLine,
    Disagreement,
    Evidence,
    GroupNeedsLine,
    Labelled,
    Method,
    Plan,
    PlannedRecommendation,
    RegionPlan,
    Stability,
)
from s3engine.plan.priority import priority_of
from s3engine.plan.transnational import transnational_plan
from s3engine.plan.words import Words, need_lines
from s3engine.scoring.comparison import Comparison
from s3engine.scoring.results import INSUFFICIENT, RegionScore, ScoreResult, view

# Evaluator, RegionFacts, Words, PlanInputs and gather_inputs moved to their own modules;
# callers and tests import them from here.
__all__ = [
    "FALLBACK_TARGET",
    "Evaluator",
    "PlanInputs",
    "RegionFacts",
    "Words",
    "build_plan",
    "gather_inputs",
]

#: The dimension target when neither the catalogue nor the model's classes set one.
FALLBACK_TARGET = 75.0


def build_plan(
    result: ScoreResult,
    catalogue: Catalogue,
    inputs: PlanInputs,
    *,
    lang: str,
    regions: Sequence[str] | None = None,
    comparison: Comparison | None = None,
) -> Plan:
    """The action plan of every region scored (or of `regions`), and the joint plan; with
    `comparison` (a baseline wave), what changed since (plan/changes.py)."""
    words = Words(result, catalogue, inputs, lang)
    default_target = _default_target(result)
    max_weight = max((d.weight for r in result.regions for d in r.dimensions), default=0.0)
    planned: dict[str, RegionPlan] = {}
    for region in result.regions:
        planned[region.code] = _region_plan(
            region, result, catalogue, inputs, words, default_target, max_weight
        )
    if comparison is not None:
        planned = {code: _with_changes(p, comparison, words) for code, p in planned.items()}
    chosen = list(planned) if regions is None else [c for c in planned if c in set(regions)]
    transnational = transnational_plan(catalogue, inputs, words, planned, set(chosen))
    if comparison is not None:
        moves = class_moves(comparison, set(chosen), words)
        transnational = transnational.model_copy(update={"class_moves": moves})
    weights = catalogue.settings.priority
    return Plan(
        language=lang,
        generated=result.generated,
        title=words.pick(catalogue.title),
        model_id=result.model_id,
        model_version=result.model_version,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        classes=[Labelled(id=c.id, label=words.class_label(c.id)) for c in result.classes],
        dimensions=[Labelled(id=d, label=words.dimension_label(d)) for d in result.dimensions],
        dimension_means=dict(result.dimension_means),
        regions=[planned[code] for code in chosen],
        transnational=transnational,
        method=Method(
            target=words.t("method.target", target=words.num(default_target)),
            priority=words.t(
                "method.priority",
                gap=words.num(weights.gap, 2),
                weight=words.num(weights.weight, 2),
                demand=words.num(weights.demand, 2),
            ),
            weights={"gap": weights.gap, "weight": weights.weight, "demand": weights.demand},
        ),
        warnings=list(result.warnings),
    )


def _with_changes(plan: RegionPlan, comparison: Comparison, words: Words) -> RegionPlan:
    """A regional plan with what changed since the baseline (if the region was compared)."""
    region = next((r for r in comparison.regions if r.code == plan.code), None)
    if region is None:
        return plan
    before = {d.id: d.baseline for d in region.dimensions}
    dimensions = [d.model_copy(update={"baseline": before.get(d.id)}) for d in plan.dimensions]
    recommendations = [
        rec.model_copy(
            update={
                "progress": progress(region, rec.dimension.id, comparison, words)
                if rec.dimension is not None
                else None
            }
        )
        for rec in plan.recommendations
    ]
    return plan.model_copy(
        update={
            "changes": region_changes(region, comparison, words),
            "dimensions": dimensions,
            "recommendations": recommendations,
        }
    )


def _default_target(result: ScoreResult) -> float:
    thresholds = [c.min_composite for c in result.classes if c.min_composite is not None]
    return max(thresholds) if thresholds else FALLBACK_TARGET


def _region_plan(
    region: RegionScore,
    result: ScoreResult,
    catalogue: Catalogue,
    inputs: PlanInputs,
    words: Words,
    default_target: float,
    max_weight: float,
) -> RegionPlan:
    needs = inputs.needs.get(region.code)
    facts = RegionFacts(region, result.dimension_means, needs)
    evaluator = Evaluator(facts, words)
    recommendations = []
    for recommendation in catalogue.recommendations:
        truth, evidence = evaluator.evaluate(recommendation.when)
        if truth is True:
            recommendations.append(
                _planned(
                    recommendation, evidence, facts, catalogue, words, default_target, max_weight
                )
            )
    recommendations.sort(key=lambda r: (-r.priority, r.id))
    settings = catalogue.settings
    dimensions = [
        view(
            DimensionLine,
            d,
            label=words.dimension_label(d.id),
            mean=result.dimension_means.get(d.id),
            difference=_difference(d.score, result.dimension_means.get(d.id)),
            target=catalogue.target_of(d.id, default_target),
        )
        for d in region.dimensions
    ]
    ranked = sum(1 for r in result.regions if r.rank is not None)
    # The region's own figures (code, composite, rank, coverage, ...) are carried over.
    return view(
        RegionPlan,
        region,
        class_label=words.class_label(region.class_id),
        regions_ranked=ranked,
        needs_respondents=needs.respondents if needs else 0,
        summary=_summary(region, ranked, words),
        stability=_stability(region, words),
        dimensions=dimensions,
        needs=need_lines(needs.overall if needs else [], settings.top_needs, words),
        needs_by_group=[
            GroupNeedsLine(
                group=g.group,
                label=words.group_label(g.group),
                respondents=g.respondents,
                needs=need_lines(g.needs, settings.top_needs, words),
            )
            for g in (needs.groups if needs else [])
        ],
        recommendations=recommendations,
        disagreements=_disagreements(region, settings.disagreement, words),
        comments=[
            Comment(
                question=q, question_label=words.pick(inputs.comment_labels.get(q)) or q, text=text
            )
            for q, text in (needs.comments if needs else [])
        ],
    )


def _difference(score: float | None, mean: float | None) -> float | None:
    return None if score is None or mean is None else round(score - mean, 2)


def _planned(
    recommendation: Recommendation,
    evidence: list[Evidence],
    facts: RegionFacts,
    catalogue: Catalogue,
    words: Words,
    default_target: float,
    max_weight: float,
) -> PlannedRecommendation:
    priority = priority_of(recommendation, facts, catalogue, default_target, max_weight)
    dimension = None
    if recommendation.dimension is not None:
        dimension = Labelled(
            id=recommendation.dimension, label=words.dimension_label(recommendation.dimension)
        )
    return PlannedRecommendation(
        id=recommendation.id,
        title=words.pick(recommendation.title),
        text=words.pick(recommendation.text),
        rationale=words.pick(recommendation.rationale),
        dimension=dimension,
        needs=[Labelled(id=n, label=words.need_label(n)) for n in recommendation.needs],
        actors=[Labelled(id=a, label=words.t(f"actor.{a}")) for a in recommendation.actors],
        horizon=Labelled(
            id=recommendation.horizon, label=words.t(f"horizon.{recommendation.horizon}")
        ),
        funding=[words.instrument(i) for i in recommendation.funding],
        priority=round(priority.value, 1),
        gap=round(priority.gap, 3),
        weight=round(priority.weight, 3),
        demand=round(priority.demand, 3),
        evidence=evidence,
    )


def _summary(region: RegionScore, ranked: int, words: Words) -> str:
    if region.class_id == INSUFFICIENT or region.composite is None:
        return words.t(
            "summary.insufficient", name=region.name, coverage=words.pct(region.coverage)
        )
    text = words.t(
        "summary.class",
        name=region.name,
        label=words.class_label(region.class_id),
        composite=words.num(region.composite),
    )
    if region.rank is not None:
        text += " " + words.t("summary.rank", rank=str(region.rank), total=str(ranked))
    if region.gate:
        text += " " + words.t("summary.gate", gate=words.gate_label(region.gate))
    if region.next_class and region.gap_to_next is not None:
        text += " " + words.t(
            "summary.next",
            gap=words.num(region.gap_to_next),
            label=words.class_label(region.next_class),
        )
        if region.fastest_dimension:
            text += " " + words.t(
                "summary.fastest", label=words.dimension_label(region.fastest_dimension)
            )
    stability = _stability(region, words)
    if stability is not None:
        text += " " + stability.text
    return text


def _stability(region: RegionScore, words: Words) -> Stability | None:
    s = region.sensitivity
    if s is None:
        return None
    if s.borderline:
        others = sorted(
            ((share, c) for c, share in s.class_shares.items() if c != region.class_id),
            reverse=True,
        )
        other = others[0] if others else (0.0, region.class_id)
        text = words.t(
            "stability.borderline",
            share=words.pct(s.stability),
            runs=str(s.runs),
            other=words.class_label(other[1]),
            other_share=words.pct(other[0]),
        )
    else:
        text = words.t("stability.stable", share=words.pct(s.stability), runs=str(s.runs))
    if s.rank_min != s.rank_max:
        text += " " + words.t("stability.ranks", low=str(s.rank_min), high=str(s.rank_max))
    return Stability(
        stability=s.stability,
        borderline=s.borderline,
        runs=s.runs,
        class_shares=dict(s.class_shares),
        text=text,
    )


def _disagreements(region: RegionScore, threshold: float, words: Words) -> list[Disagreement]:
    out = []
    for d in region.dimensions:
        scored = sorted(
            ((score, group) for group, score in d.group_means.items() if score is not None),
            key=lambda item: (item[0], item[1]),
        )
        if len(scored) < 2:
            continue
        (low, low_group), (high, high_group) = scored[0], scored[-1]
        spread = high - low
        if spread < threshold or spread <= 0:
            continue
        label = words.dimension_label(d.id)
        out.append(
            Disagreement(
                dimension=d.id,
                label=label,
                high_group=high_group,
                high_label=words.group_label(high_group),
                high_score=round(high, 1),
                low_group=low_group,
                low_label=words.group_label(low_group),
                low_score=round(low, 1),
                spread=round(spread, 1),
                text=words.t(
                    "disagreement.text",
                    label=label,
                    high_group=words.group_label(high_group),
                    high=words.num(high),
                    low_group=words.group_label(low_group),
                    low=words.num(low),
                    spread=words.num(spread),
                ),
            )
        )
    return sorted(out, key=lambda item: (-item.spread, item.dimension))
