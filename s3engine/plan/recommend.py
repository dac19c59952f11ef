"""Action plans: scores + needs + catalogue -> a Plan (pure; no files, no printing).

For each region: its class and how stable it is, its dimensions against the mean of all
regions scored, its stakeholders' top needs, the recommendations whose conditions hold and
whose funding can reach the region, merged where they answer the same evidence, ordered by
priority and each opened with the region's own figures; the needs the plan answers first,
an annex with the evidence for each criterion of the enabling condition, the dimensions on
which stakeholder groups disagree, and notes on the data. Across the regions: the joint
transnational plan, which each region's plan then points to. The parts live in their own
modules (inputs, evidence, priority, transnational, words); docs/action-plans.md explains
every rule and number used here.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from s3engine.plan.catalogue import Catalogue, Recommendation, country_of, covers
from s3engine.plan.changes import class_moves, progress, region_changes
from s3engine.plan.evidence import Evaluator, RegionFacts
from s3engine.plan.inputs import PlanInputs, gather_inputs
from s3engine.plan.model import (
    Comment,
    CommentGroup,
    CriterionLine,
    DimensionLine,
    Disagreement,
    Evidence,
    GroupNeedsLine,
    ItemRef,
    Labelled,
    LeadNeed,
    Method,
    Plan,
    PlannedRecommendation,
    RegionPlan,
    Related,
    Stability,
    Track,
)
from s3engine.plan.needs import NeedFigure, RegionNeeds
from s3engine.plan.priority import Priority, priority_of
from s3engine.plan.transnational import partnership_lines, transnational_plan
from s3engine.plan.words import Words, need_lines
from s3engine.scoring.comparison import Comparison, RegionChange
from s3engine.scoring.results import INSUFFICIENT, DimensionScore, RegionScore, ScoreResult, view

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
#: Survey questions named one by one in a note on missing answers; the rest are counted.
NOTE_LABELS = 5


@dataclass
class _Context:
    """What every region's plan needs, computed once for all regions."""

    result: ScoreResult
    catalogue: Catalogue
    inputs: PlanInputs
    words: Words
    default_target: float
    max_weight: float
    ranked: int
    #: dimension -> the scores of every region scored, lowest first
    scores: dict[str, list[float]]
    #: the needs some recommendation answers
    answered: set[str]
    order: dict[str, int]

    def rank_on(self, dimension: str, score: float) -> tuple[int, int]:
        """The place of `score` among the regions' scores of `dimension` (1: the highest)."""
        values = self.scores.get(dimension, [])
        return len(values) - bisect.bisect_right(values, score) + 1, len(values)


@dataclass
class _Item:
    """An applicable recommendation (with those merged into it) before it is placed."""

    recommendation: Recommendation
    priority: Priority
    evidence: list[Evidence]
    instruments: list[str]
    merged: list[Recommendation] = field(default_factory=list)

    @property
    def needs(self) -> set[str]:
        return {n for r in (self.recommendation, *self.merged) for n in r.needs}

    def held(self) -> int:
        return sum(1 for e in self.evidence if e.held)


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
    scores: dict[str, list[float]] = {d: [] for d in result.dimensions}
    for region in result.regions:
        for dim in region.dimensions:
            if dim.score is not None:
                scores.setdefault(dim.id, []).append(dim.score)
    for values in scores.values():
        values.sort()
    context = _Context(
        result=result,
        catalogue=catalogue,
        inputs=inputs,
        words=words,
        default_target=_default_target(result),
        max_weight=max((d.weight for r in result.regions for d in r.dimensions), default=0.0),
        ranked=sum(1 for r in result.regions if r.rank is not None),
        scores=scores,
        answered={n for rec in catalogue.recommendations for n in rec.needs},
        order={rec.id: index for index, rec in enumerate(catalogue.recommendations)},
    )
    planned = {region.code: _region_plan(region, context) for region in result.regions}
    if comparison is not None:
        planned = {code: _with_changes(p, comparison, words) for code, p in planned.items()}
    wanted = set(regions) if regions is not None else None
    chosen = [c for c in planned if wanted is None or c in wanted]
    transnational = transnational_plan(catalogue, inputs, words, planned, set(chosen))
    if comparison is not None:
        moves = class_moves(comparison, set(chosen), words)
        transnational = transnational.model_copy(update={"class_moves": moves})
    partnership = partnership_lines(transnational, words)
    weights = catalogue.settings.priority
    settings = catalogue.settings
    condition = catalogue.enabling_condition
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
        criteria_title=(
            words.t("criteria.title", title=words.pick(condition.title), source=condition.source)
            if condition is not None
            else None
        ),
        regions=[
            planned[code].model_copy(update={"partnership": partnership.get(code, [])})
            for code in chosen
        ],
        transnational=transnational,
        method=Method(
            target=words.t("method.target", target=words.num(context.default_target)),
            priority=words.t(
                "method.priority",
                dimension=words.num(weights.dimension, 2),
                need=words.num(weights.need, 2),
            ),
            weights={"dimension": weights.dimension, "need": weights.need},
            notes=[
                words.t("method.merge"),
                words.t(
                    "method.items", main=str(settings.main_items), places=str(settings.lead_places)
                ),
                words.t("method.cost"),
            ],
        ),
        notes=([words.t("note.technical", n=str(len(result.warnings)))] if result.warnings else []),
        warnings=list(result.warnings),
    )


def _with_changes(plan: RegionPlan, comparison: Comparison, words: Words) -> RegionPlan:
    """A regional plan with what changed since the baseline (if the region was compared)."""
    region = next((r for r in comparison.regions if r.code == plan.code), None)
    if region is None:
        return plan
    before = {d.id: d.baseline for d in region.dimensions}
    dimensions = [d.model_copy(update={"baseline": before.get(d.id)}) for d in plan.dimensions]
    return plan.model_copy(
        update={
            "changes": region_changes(region, comparison, words),
            "dimensions": dimensions,
            "recommendations": [
                _with_progress(r, region, comparison, words) for r in plan.recommendations
            ],
            "further": [_with_progress(r, region, comparison, words) for r in plan.further],
        }
    )


def _with_progress(
    rec: PlannedRecommendation, region: RegionChange, comparison: Comparison, words: Words
) -> PlannedRecommendation:
    return rec.model_copy(update={"progress": progress(region, rec, comparison, words)})


def _default_target(result: ScoreResult) -> float:
    thresholds = [c.min_composite for c in result.classes if c.min_composite is not None]
    return max(thresholds) if thresholds else FALLBACK_TARGET


def _region_plan(region: RegionScore, ctx: _Context) -> RegionPlan:
    catalogue, words, result = ctx.catalogue, ctx.words, ctx.result
    settings = catalogue.settings
    needs = ctx.inputs.needs.get(region.code)
    facts = RegionFacts(region, result.dimension_means, needs)
    evaluator = Evaluator(facts, words)
    items: list[_Item] = []
    #: recommendation id -> why it does not apply (its evidence), or [] when it has no funding
    not_applying: dict[str, list[Evidence]] = {}
    for recommendation in catalogue.recommendations:
        truth, evidence = evaluator.evaluate(recommendation.when)
        if truth is not True:
            not_applying[recommendation.id] = evidence
            continue
        instruments = catalogue.instruments_for(recommendation, region.code)
        if not instruments:
            not_applying[recommendation.id] = []
            continue
        priority = priority_of(recommendation, facts, catalogue, ctx.default_target, ctx.max_weight)
        items.append(_Item(recommendation, priority, evidence, instruments))
    items = _merged(items)
    items.sort(
        key=lambda i: (
            -round(i.priority.value, 6),
            -round(i.priority.need, 6),
            -round(i.priority.dimension, 6),
            -i.held(),
            ctx.order[i.recommendation.id],
        )
    )
    placed = [_planned(item, place, region, facts, ctx) for place, item in enumerate(items, 1)]
    main, further = placed[: settings.main_items], placed[settings.main_items :]
    dimensions = [
        view(
            DimensionLine,
            d,
            label=words.dimension_label(d.id),
            mean=result.dimension_means.get(d.id),
            difference=_difference(d.score, result.dimension_means.get(d.id)),
            target=catalogue.target_of(d.id, ctx.default_target),
        )
        for d in region.dimensions
    ]
    # The region's own figures (code, composite, rank, coverage, ...) are carried over.
    return view(
        RegionPlan,
        region,
        country=country_of(region.code),
        class_label=words.class_label(region.class_id),
        dimensions_scored=sum(1 for d in region.dimensions if d.score is not None),
        regions_ranked=ctx.ranked,
        needs_respondents=needs.respondents if needs else 0,
        summary=_summary(region, ctx.ranked, words),
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
        lead_needs=_lead_needs(needs, items, placed, not_applying, ctx),
        recommendations=main,
        further=further,
        criteria=_criteria(region, needs, placed, ctx),
        criteria_note=_criteria_note(region, ctx),
        disagreements=_disagreements(region, settings.disagreement, words),
        comments=_comments(needs, ctx),
        notes=_notes(region, words),
    )


def _merged(items: list[_Item]) -> list[_Item]:
    """Items that answer the same evidence (the same dimension and the same needs) become
    one: the first in the catalogue leads, the others are listed with it."""
    by_key: dict[tuple[str | None, frozenset[str]], _Item] = {}
    out: list[_Item] = []
    for item in items:
        rec = item.recommendation
        key = (rec.dimension, frozenset(rec.needs))
        lead = by_key.get(key)
        if lead is None:
            by_key[key] = item
            out.append(item)
            continue
        lead.merged.append(rec)
        lead.instruments += [i for i in item.instruments if i not in lead.instruments]
        texts = {e.text for e in lead.evidence}
        lead.evidence += [e for e in item.evidence if e.text not in texts]
    return out


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _planned(
    item: _Item, place: int, region: RegionScore, facts: RegionFacts, ctx: _Context
) -> PlannedRecommendation:
    words, catalogue = ctx.words, ctx.catalogue
    rec = item.recommendation
    group = (rec, *item.merged)
    dimension = None
    if rec.dimension is not None:
        dimension = Labelled(id=rec.dimension, label=words.dimension_label(rec.dimension))
    criteria = catalogue.enabling_condition.criteria if catalogue.enabling_condition else {}
    country = country_of(region.code)
    return PlannedRecommendation(
        id=rec.id,
        place=place,
        title=words.pick(rec.title),
        opening=_opening(item, region, facts, ctx),
        text=words.pick(rec.text),
        rationale=words.pick(rec.rationale),
        also=[
            Related(id=r.id, title=words.pick(r.title), text=words.pick(r.text))
            for r in item.merged
        ],
        dimension=dimension,
        needs=[Labelled(id=n, label=words.need_label(n)) for n in _unique(rec.needs)],
        owner=Labelled(id=rec.lead, label=words.t(f"actor.{rec.lead}")),
        actors=[
            Labelled(id=a, label=words.t(f"actor.{a}"))
            for a in _unique([a for r in group for a in r.actors])
        ],
        horizon=Labelled(id=rec.horizon, label=words.t(f"horizon.{rec.horizon}")),
        milestone=words.pick(rec.milestone),
        cost=Labelled(id=rec.cost, label=words.t(f"cost.{rec.cost}")),
        track=[
            _track(indicator, region, words)
            for indicator in _unique([t for r in group for t in r.track])
        ],
        criteria=[
            Labelled(id=c, label=words.pick(criteria[c].label))
            for c in _unique([c for r in group for c in r.criteria])
            if c in criteria
        ],
        funding=[words.funding(i, country) for i in item.instruments],
        priority=round(item.priority.value, 1),
        dimension_points=round(item.priority.dimension, 1),
        need_points=round(item.priority.need, 1),
        evidence=item.evidence,
    )


def _track(indicator: str, region: RegionScore, words: Words) -> Track:
    found = next((i for d in region.dimensions for i in d.indicators if i.id == indicator), None)
    label = words.pick(found.label) if found is not None else indicator
    score = found.normalised if found is not None else None
    text = (
        words.t("track.text", label=label, score=words.num(score))
        if score is not None
        else words.t("track.missing", label=label)
    )
    if found is not None and found.aggregated_from and score is not None:
        text += " " + words.t("ev.aggregated", n=str(len(found.aggregated_from)))
    return Track(id=indicator, label=label, score=score, text=text)


def _opening(item: _Item, region: RegionScore, facts: RegionFacts, ctx: _Context) -> str:
    """Why the item comes where it does, in the region's own figures."""
    words, prio, rec = ctx.words, item.priority, item.recommendation
    parts: list[str] = []
    if rec.dimension is not None and prio.gap > 0 and prio.target is not None:
        dim = facts.dimension(rec.dimension)
        if dim is not None and dim.score is not None:
            rank, total = ctx.rank_on(dim.id, dim.score)
            parts.append(
                words.t(
                    "op.dimension",
                    label=words.dimension_label(dim.id),
                    score=words.num(dim.score),
                    gap=words.num(prio.gap),
                    target=words.num(prio.target),
                    rank=str(rank),
                    n=str(total),
                )
            )
            split = _split(dim, ctx.catalogue.settings.disagreement, words)
            if split:
                parts.append(split)
    if prio.need_id is not None and facts.needs is not None:
        figure = facts.needs.figure(prio.need_id)
        if figure is not None:
            key = "op.need" if figure.unmet_share > 0 else "op.need.covered"
            parts.append(
                words.t(
                    key,
                    need=words.need_label(figure.need),
                    share=words.pct(figure.share),
                    unmet=words.pct(figure.unmet_share),
                )
            )
    if not parts:  # applied on other evidence (class, gate, statistic): say which
        parts = [e.text for e in item.evidence if e.held][:2]
    return " ".join(parts)


def _split(dim: DimensionScore, threshold: float, words: Words) -> str | None:
    """'Government rate it 62, industry 18.' when the groups are at least `threshold` apart."""
    scored = sorted((score, group) for group, score in dim.group_means.items() if score is not None)
    if len(scored) < 2 or scored[-1][0] - scored[0][0] < max(threshold, 1e-9):
        return None
    (low, low_group), (high, high_group) = scored[0], scored[-1]
    return words.t(
        "op.groups",
        high_group=words.group_label(high_group),
        high=words.num(high),
        low_group=words.group_label(low_group),
        low=words.num(low),
    )


def _lead_needs(
    needs: RegionNeeds | None,
    items: list[_Item],
    placed: list[PlannedRecommendation],
    not_applying: Mapping[str, list[Evidence]],
    ctx: _Context,
) -> list[LeadNeed]:
    """The region's most-stated unmet needs that the catalogue answers, and where the plan
    answers each: among the first items, further down (and why), or not at all (and why)."""
    settings, words = ctx.catalogue.settings, ctx.words
    if needs is None or not needs.respondents or settings.lead_needs == 0:
        return []
    order = {need: index for index, need in enumerate(ctx.inputs.need_options)}
    candidates = sorted(
        (f for f in needs.overall if f.unmet_share > 0 and f.need in ctx.answered),
        key=lambda f: (-f.unmet_share, -f.share, order.get(f.need, len(order))),
    )[: settings.lead_needs]
    out = []
    for figure in candidates:
        place = next(
            (p.place for p, i in zip(placed, items, strict=True) if figure.need in i.needs), None
        )
        values = {
            "need": words.need_label(figure.need),
            "share": words.pct(figure.share),
            "unmet": words.pct(figure.unmet_share),
        }
        if place is not None and place <= settings.lead_places:
            text = words.t("lead.led", place=str(place), **values)
        elif place is not None:
            last = placed[settings.lead_places - 1]
            own = placed[place - 1]
            text = words.t(
                "lead.later",
                place=str(place),
                last=str(last.place),
                points=words.num(last.priority),
                own=words.num(own.priority),
                **values,
            )
        else:
            text = words.t("lead.none", reason=_why_not(figure, not_applying, ctx), **values)
        out.append(
            LeadNeed(
                need=Labelled(id=figure.need, label=values["need"]),
                share=figure.share,
                unmet_share=figure.unmet_share,
                place=place,
                text=text,
            )
        )
    return out


def _why_not(figure: NeedFigure, not_applying: Mapping[str, list[Evidence]], ctx: _Context) -> str:
    """Why no recommendation answering the need applies: the evidence of the first one."""
    for rec in ctx.catalogue.recommendations:
        if figure.need not in rec.needs or rec.id not in not_applying:
            continue
        evidence = not_applying[rec.id]
        if not evidence:
            return ctx.words.t("lead.no_funding", title=ctx.words.pick(rec.title))
        unmet = [e.text for e in evidence if not e.held]
        return " ".join(unmet[:2] or [e.text for e in evidence][:2])
    return ""


def _criteria(
    region: RegionScore,
    needs: RegionNeeds | None,
    placed: list[PlannedRecommendation],
    ctx: _Context,
) -> list[CriterionLine]:
    """For each criterion of the enabling condition: the evidence the plan gives on it (the
    region's scores, its stakeholders' needs) and the items that serve it."""
    condition = ctx.catalogue.enabling_condition
    if condition is None:
        return []
    words = ctx.words
    dims = {d.id: d for d in region.dimensions}
    indicators = {i.id: i for d in region.dimensions for i in d.indicators}
    out = []
    for ident, criterion in condition.criteria.items():
        evidence: list[str] = []
        for dim_id in criterion.dimensions:
            dim = dims.get(dim_id)
            mean = ctx.result.dimension_means.get(dim_id)
            if dim is not None and dim.score is not None:
                evidence.append(
                    words.t(
                        "criteria.dimension",
                        label=words.dimension_label(dim_id),
                        score=words.num(dim.score),
                        mean=words.num(mean) if mean is not None else "–",
                    )
                )
            else:
                evidence.append(words.t("criteria.missing", label=words.dimension_label(dim_id)))
        for ind_id in criterion.indicators:
            found = indicators.get(ind_id)
            if found is None:
                continue
            label = words.pick(found.label)
            if found.normalised is None:
                evidence.append(words.t("criteria.missing", label=label))
            else:
                evidence.append(
                    words.t("criteria.indicator", label=label, score=words.num(found.normalised))
                )
        for need in criterion.needs:
            figure = needs.figure(need) if needs is not None and needs.respondents else None
            if figure is not None:
                evidence.append(
                    words.t(
                        "criteria.need",
                        need=words.need_label(need),
                        share=words.pct(figure.share),
                        unmet=words.pct(figure.unmet_share),
                    )
                )
        out.append(
            CriterionLine(
                id=ident,
                label=words.pick(criterion.label),
                evidence=evidence,
                items=[
                    ItemRef(id=p.id, place=p.place, title=p.title)
                    for p in placed
                    if any(c.id == ident for c in p.criteria)
                ],
            )
        )
    return out


def _criteria_note(region: RegionScore, ctx: _Context) -> str | None:
    condition = ctx.catalogue.enabling_condition
    if condition is None or covers(condition.eligible, region.code, ctx.catalogue.country_groups):
        return None
    return ctx.words.t("criteria.non_binding", name=ctx.words.name(region.name))


def _comments(needs: RegionNeeds | None, ctx: _Context) -> list[CommentGroup]:
    """The answers to each free-text question: the question once, identical answers once
    (with the number of respondents who wrote them)."""
    if needs is None:
        return []
    grouped: dict[str, dict[str, int]] = {}
    for question, text in needs.comments:
        key = " ".join(text.split())
        answers = grouped.setdefault(question, {})
        answers[key] = answers.get(key, 0) + 1
    out = []
    for question in ctx.catalogue.needs.comments:
        if question not in grouped:
            continue
        label = ctx.words.pick(ctx.inputs.comment_labels.get(question)) or question
        out.append(
            CommentGroup(
                question=question,
                question_label=label,
                answers=[
                    Comment(question=question, question_label=label, text=text, count=count)
                    for text, count in grouped[question].items()
                ],
            )
        )
    return out


def _notes(region: RegionScore, words: Words) -> list[str]:
    """What a reader must know about the data behind the region's figures, in the plan's
    language: values aggregated from NUTS-2 regions, missing or flagged statistics,
    dimensions scored on part of their indicators or not at all, a partial composite."""
    notes: list[str] = []
    unanswered: list[str] = []
    for dim in region.dimensions:
        dim_label = words.dimension_label(dim.id)
        present = sum(1 for i in dim.indicators if i.normalised is not None)
        for indicator in dim.indicators:
            label = words.pick(indicator.label)
            if indicator.source == "survey":
                if indicator.normalised is None:
                    unanswered.append(label)
                continue
            if indicator.aggregated_from and indicator.raw is not None:
                notes.append(
                    words.t(
                        "note.aggregated",
                        indicator=label,
                        n=str(len(indicator.aggregated_from)),
                        name=words.name(region.name),
                        year=indicator.year or "–",
                        children=", ".join(indicator.aggregated_from),
                    )
                )
            elif indicator.raw is None:
                notes.append(words.t("note.statistic_missing", indicator=label))
            if indicator.flags and indicator.raw is not None:
                notes.append(
                    words.t(
                        "note.flagged",
                        indicator=label,
                        year=indicator.year or "–",
                        flags=words.join([words.flag(f) for f in indicator.flags]),
                    )
                )
        total = len(dim.indicators)
        if dim.score is None:
            notes.append(
                words.t(
                    "note.dimension_missing",
                    dimension=dim_label,
                    present=str(present),
                    total=str(total),
                )
            )
        elif present < total:
            notes.append(
                words.t(
                    "note.dimension_partial",
                    dimension=dim_label,
                    present=str(present),
                    total=str(total),
                )
            )
    if unanswered:
        shown = unanswered[:NOTE_LABELS]
        more = len(unanswered) - len(shown)
        labels = "; ".join(shown) + (words.t("note.more", n=str(more)) if more else "")
        notes.append(words.t("note.survey_missing", labels=labels))
    scored = sum(1 for d in region.dimensions if d.score is not None)
    if region.composite is not None and scored < len(region.dimensions):
        notes.append(
            words.t(
                "note.composite_partial", present=str(scored), total=str(len(region.dimensions))
            )
        )
    return notes


def _difference(score: float | None, mean: float | None) -> float | None:
    return None if score is None or mean is None else round(score - mean, 2)


def _summary(region: RegionScore, ranked: int, words: Words) -> str:
    if region.class_id == INSUFFICIENT or region.composite is None:
        coverage = words.pct(region.coverage)
        return words.t("summary.insufficient", name=words.name(region.name), coverage=coverage)
    text = words.t(
        "summary.class",
        name=words.name(region.name),
        label=words.class_label(region.class_id),
        composite=words.num(region.composite),
    )
    if region.rank is not None:
        text += " " + words.t("summary.rank", rank=str(region.rank), total=str(ranked))
    scored = sum(1 for d in region.dimensions if d.score is not None)
    if scored < len(region.dimensions):
        text += " " + words.t(
            "summary.partial", present=str(scored), total=str(len(region.dimensions))
        )
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
