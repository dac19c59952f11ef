"""The result: the tallies and the statistics become scores, classes and explanations.

For each indicator, its raw value per region (the stakeholder groups' means of the answer
scores, or the value of the statistic), then its 0-100 score over the regions scored
(normalise.py); for each region, the dimension scores, the composite, the gates and the class
(composite.py), the stages, the distance to the next class, and every note a reader needs to
recompute them by hand. Each result object is built once, from values computed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from s3engine.core import messages as M
from s3engine.questionnaire.model import Questionnaire
from s3engine.scoring.composite import (
    DECIMALS,
    aggregate,
    classify,
    next_class,
    rounded,
    stage_scores,
    stage_shares,
    weighted_mean,
)
from s3engine.scoring.model import Dimension, Indicator, Ratio, ScoringModel
from s3engine.scoring.normalise import Normalised, Reference, normalise
from s3engine.scoring.results import (
    INSUFFICIENT,
    ClassInfo,
    DimensionScore,
    GateCheck,
    IndicatorScore,
    RegionScore,
    ScoreResult,
    SourceInfo,
)
from s3engine.scoring.tally import SurveyTally
from s3engine.scoring.tally_counts import GroupTotals
from s3engine.scoring.words import describe_flags, file_name, number, percent
from s3engine.statistics.children import aggregate_children
from s3engine.statistics.sources import (
    ChildAggregation,
    RegionValue,
    SourceTable,
    YearMean,
    is_aggregate,
    nuts_level,
)


def select_regions(
    model: ScoringModel,
    tally: SurveyTally | None,
    statistics: Mapping[str, SourceTable],
    regions: Sequence[str] | None,
    level: int | None,
) -> tuple[list[str], list[str]]:
    """The regions to score, and warnings about regions asked for but left out."""
    warnings: list[str] = []
    if regions:
        chosen: list[str] = []
        for code in regions:
            code = code.strip().upper()
            if is_aggregate(code):
                warnings.append(M.SCORE_AGGREGATE_NOT_REGION.format(code=code))
            elif code not in chosen:
                chosen.append(code)
    elif tally is not None:
        chosen = tally.regions
    else:
        found: set[str] = set()
        for _, indicator in model.indicators():
            table = statistics.get(model.source_id(indicator) or "")
            if table is not None:
                found.update(table.regions)
        chosen = sorted(code for code in found if not is_aggregate(code))
    if level is not None:
        chosen = [code for code in chosen if nuts_level(code) == level]
    return sorted(chosen), warnings


def build_result(
    model: ScoringModel,
    *,
    questionnaire: Questionnaire | None,
    tally: SurveyTally | None,
    statistics: Mapping[str, SourceTable],
    regions: Sequence[str] | None = None,
    level: int | None = None,
    generated: datetime | None = None,
    names: Mapping[str, str] | None = None,
) -> ScoreResult:
    """Score the regions chosen (by default every region with responses, or with data)."""
    codes, warnings = select_regions(model, tally, statistics, regions, level)
    # The questionnaire's own list of regions is authoritative, then names the caller
    # gives, then the name most respondents wrote.
    all_names = {**(tally.names if tally else {}), **(names or {})}
    if questionnaire is not None and questionnaire.profile.regions:
        all_names.update({region.code: region.name for region in questionnaire.profile.regions})
    builder = _Builder(model, tally, statistics, codes)
    region_scores = builder.regions(all_names)
    warnings += builder.warnings
    if tally is not None and tally.refused:
        warnings.append(M.SCORE_REFUSED_COUNT.format(count=tally.refused, read=tally.read))
        warnings.extend(tally.refusals)
        if tally.refused > len(tally.refusals):
            warnings.append(M.SCORE_MORE_REFUSED.format(count=tally.refused - len(tally.refusals)))
    for _, table in sorted(statistics.items()):
        warnings.extend(f.render() for f in table.warnings)
    by_dimension: dict[str, list[float]] = {d: [] for d in builder.dimension_ids}
    for scored in region_scores:
        for dimension in scored.dimensions:
            if dimension.score is not None:
                by_dimension[dimension.id].append(dimension.score)
    dimension_means = {
        d: rounded(math.fsum(values) / len(values)) if values else None
        for d, values in by_dimension.items()
    }
    return ScoreResult(
        model_id=model.id,
        model_version=model.version,
        model_title=model.title,
        questionnaire=(
            f"{questionnaire.id} {questionnaire.version}" if questionnaire is not None else None
        ),
        aggregation=model.aggregation,
        generated=generated or datetime.now(UTC).replace(microsecond=0),
        languages=list(model.languages),
        default_language=model.default_language,
        classes=[
            ClassInfo(id=level_.id, label=level_.label, min_composite=level_.min)
            for level_ in model.classes.levels
        ],
        dimensions=builder.dimension_ids,
        dimension_labels={d.id: d.label for d in model.dimensions},
        dimension_means=dimension_means,
        regions=region_scores,
        warnings=warnings,
        on_threshold=model.classes.on_threshold,
        geometric_floor=model.geometric_floor,
        min_dimension_share=model.min_dimension_share,
        respondent_aggregation=model.respondents.aggregation,
        min_respondents=model.respondents.min_respondents,
        min_groups=model.respondents.min_groups,
        stage_labels={s.id: s.label for s in model.stages},
        group_labels=(
            {g.id: g.label for g in questionnaire.profile.groups}
            if questionnaire is not None
            else {}
        ),
        gate_labels={g.id: g.label for g in model.gates},
        sources=builder.source_infos(),
        responses_read=tally.read if tally is not None else 0,
        responses_refused=tally.refused if tally is not None else 0,
    )


class _Raw:
    """One indicator's value in one region, before transformation."""

    __slots__ = (
        "aggregated",
        "disagreement",
        "flags",
        "group_means",
        "note",
        "respondents",
        "value",
        "year",
    )

    def __init__(
        self,
        value: float | None,
        *,
        year: str | None = None,
        flags: tuple[str, ...] = (),
        respondents: int | None = None,
        group_means: dict[str, float | None] | None = None,
        disagreement: float | None = None,
        note: str | None = None,
        aggregated: tuple[str, ...] = (),
    ):
        self.value = value
        self.year = year
        self.flags = flags
        self.respondents = respondents
        #: stakeholder group -> mean score of its answers (survey indicators)
        self.group_means: dict[str, float | None] = group_means if group_means is not None else {}
        #: highest minus lowest group mean, when two groups or more answered
        self.disagreement = disagreement
        self.note = note
        #: the regions a statistic was aggregated from (ChildAggregation), else empty
        self.aggregated = aggregated


@dataclass(slots=True)
class _Column:
    """One indicator over every region scored: its raw values and scores, and what its
    IndicatorScore says the same in every region (looked up once, not once per region)."""

    indicator: Indicator
    #: region -> raw value
    raws: dict[str, _Raw]
    norm: Normalised
    #: region -> value after winsorising and the log transform; None when they are not used
    transformed: dict[str, float | None] | None
    #: the fields of its IndicatorScore that do not depend on the region (id, label, ...)
    fixed: dict[str, Any]


@dataclass(slots=True)
class _DimensionPlan:
    """A dimension's indicators and rules, looked up once for every region."""

    dimension: Dimension
    columns: list[_Column]
    #: the indicators' weights, in the order of `columns`
    weights: list[float]
    #: each indicator's share of the weights (w / sum of w) when all have a score, as used
    #: in the dimension score, and rounded as the result shows it (IndicatorScore.effective_weight)
    shares: list[float]
    shown_shares: list[float]
    #: the survey indicators, with their weights
    survey: list[tuple[_Column, float]]
    #: the share of indicators the dimension needs for a score
    needed: float
    #: the shares and parts of the indicators in a region without a dimension score
    no_shares: list[float]
    no_contributions: list[float | None]


@dataclass(slots=True)
class _Region:
    """A region's scores before its rank among the others is known."""

    code: str
    respondents: dict[str, int]
    composite: float | None
    dimensions: list[DimensionScore]
    classified: tuple[str, str | None, str | None, str, list[GateCheck]]
    coverage: float
    warnings: list[str]


# Build a result object from a dict of its fields, with the checks of IndicatorScore(**fields)
# (the validator is what the constructor calls) but without the cost of keyword arguments:
# tens of thousands are built for a thousand regions.
_indicator_score: Callable[[dict[str, Any]], IndicatorScore] = (
    IndicatorScore.__pydantic_validator__.validate_python
)
_dimension_score: Callable[[dict[str, Any]], DimensionScore] = (
    DimensionScore.__pydantic_validator__.validate_python
)


class _Builder:
    """Scores the regions `codes`: the work that is the same for every region is done once,
    in __init__ (raw values and scores of each indicator over all regions, and what each
    indicator and dimension says in every region); `regions` then does each region."""

    def __init__(
        self,
        model: ScoringModel,
        tally: SurveyTally | None,
        statistics: Mapping[str, SourceTable],
        codes: list[str],
    ):
        self.model = model
        self.statistics = statistics
        self.codes = codes
        self.warnings: list[str] = []
        self.dimension_ids = [d.id for d in model.dimensions]
        totals = tally.totals() if tally else {}
        self.group_totals: dict[str, dict[str, GroupTotals]] = {
            code: totals.get(code, {}) for code in codes
        }
        weights_of = model.respondents.group_weights
        #: region -> (stakeholder group, its answers, its weight), in the order of the tally
        self.answers: dict[str, list[tuple[str, dict[str, tuple[float, int]], float]]] = {
            code: [(g, t.answers, weights_of.get(g, 1.0)) for g, t in groups.items()]
            for code, groups in self.group_totals.items()
        }
        #: region -> its stakeholder groups, sorted
        self.groups = {code: sorted(groups) for code, groups in self.group_totals.items()}
        self.columns: dict[str, _Column] = {}
        for _, indicator in model.indicators():
            if indicator.question is not None:
                raws = self._survey_raws(indicator.question)
            else:
                raws = self._statistic_raws(model.source_id(indicator) or "")
            norm = normalise(
                indicator, {code: r.value for code, r in raws.items()}, self._reference(indicator)
            )
            fixed = {
                "id": indicator.id,
                "label": indicator.label,
                "source": indicator.kind,
                "weight": indicator.weight,
                "direction": indicator.direction,
                "stage": indicator.stage,
                "origin": self._origin(indicator),
                "normalisation": norm.description,
            }
            transformed = norm.transformed if norm.transformed_shown else None
            self.columns[indicator.id] = _Column(indicator, raws, norm, transformed, fixed)
        self.plans = [self._plan(dimension) for dimension in model.dimensions]
        self.indicator_count = sum(len(d.indicators) for d in model.dimensions)
        self.stage_shares = stage_shares(model)
        #: each gate's test in plain words
        self.conditions = [gate.describe() for gate in model.gates]

    def _plan(self, dimension: Dimension) -> _DimensionPlan:
        weights = [indicator.weight for indicator in dimension.indicators]
        total = math.fsum(weights)
        shares = [w / total for w in weights]
        return _DimensionPlan(
            dimension,
            [self.columns[indicator.id] for indicator in dimension.indicators],
            weights,
            shares,
            [round(share, DECIMALS) + 0.0 for share in shares],
            [
                (self.columns[indicator.id], indicator.weight)
                for indicator in dimension.indicators
                if indicator.question is not None
            ],
            self.model.coverage_of(dimension),
            [0.0] * len(weights),
            [None] * len(weights),
        )

    # -- raw values ----------------------------------------------------------------------

    def _survey_raws(self, qid: str) -> dict[str, _Raw]:
        """The value of question `qid` in each region: the mean score of each stakeholder
        group's answers, combined by the model's rule (groups weighted, or all answers)."""
        rules = self.model.respondents
        min_respondents, min_groups = rules.min_respondents, rules.min_groups
        group_mean = rules.aggregation == "group_mean"
        #: mean -> the mean as shown: few answers per group make the same means recur often,
        #: and looking one up is quicker than rounding it again
        shown_of: dict[float, float] = {}
        out: dict[str, _Raw] = {}
        for code, groups in self.answers.items():
            means: dict[str, float | None] = {}
            shown_means: list[float] = []
            total = 0
            weighted = weights = pooled = 0.0
            for group, answers, w in groups:
                found = answers.get(qid)
                if found is None or not found[1]:
                    means[group] = None
                    continue
                s, n = found
                mean = s / n
                shown = shown_of.get(mean)
                if shown is None:
                    shown = shown_of[mean] = round(mean, DECIMALS) + 0.0
                means[group] = shown
                shown_means.append(shown)
                total += n
                pooled += s
                weighted += w * mean
                weights += w
            answered = len(shown_means)
            spread = (
                round(max(shown_means) - min(shown_means), DECIMALS) + 0.0
                if answered >= 2
                else None
            )
            if total < min_respondents or answered < min_groups:
                note = M.SCORE_TOO_FEW_ANSWERS.format(
                    count=total,
                    groups=answered,
                    min_respondents=min_respondents,
                    min_groups=min_groups,
                )
                out[code] = _Raw(
                    None, respondents=total, group_means=means, disagreement=spread, note=note
                )
            else:
                value = weighted / weights if group_mean else pooled / total
                out[code] = _Raw(value, respondents=total, group_means=means, disagreement=spread)
        return out

    def _statistic_raws(self, source_id: str) -> dict[str, _Raw]:
        """The value of statistic `source_id` in each region, or why it has none."""
        table = self.statistics.get(source_id)
        if table is None:
            note = M.SCORE_SOURCE_NOT_READ.format(source=source_id)
            return {code: _Raw(None, note=note) for code in self.codes}
        name = file_name(table.file)
        source = self.model.statistic_sources().get(source_id)
        rule = source.children if source is not None else None
        weights = self.statistics.get(rule.weight) if rule and rule.weight else None
        return {code: _statistic_raw(table, name, code, rule, weights) for code in self.codes}

    def source_value(self, source_id: str, code: str) -> float | None:
        table = self.statistics.get(source_id)
        if table is None:
            return None
        value = table.values.get(code)
        return value.value if value is not None else None

    def _reference(self, indicator: Indicator) -> Reference | None:
        """The reference value of a ratio to a region of the same source (warned if missing)."""
        method = indicator.normalisation
        if not isinstance(method, Ratio) or method.reference_region is None:
            return None
        region = method.reference_region
        source_id = self.model.source_id(indicator) or ""
        value = self.source_value(source_id, region)
        table = self.statistics.get(source_id)
        year = ""
        if table is not None and region in table.values:
            year = table.values[region].year or ""
        shown = number(value) if value is not None else "no value"
        where = f"{region} ({shown}" + (f", {year})" if year else ")")
        if value is None or value <= 0:
            self.warnings.append(
                M.SCORE_NO_REFERENCE.format(
                    indicator=indicator.id,
                    region=region,
                    file=file_name(table.file) if table else source_id,
                )
            )
        return Reference(value, where, region)

    def _origin(self, indicator: Indicator) -> str:
        if indicator.question is not None:
            return f"question {indicator.question}"
        source_id = self.model.source_id(indicator) or ""
        table = self.statistics.get(source_id)
        return file_name(table.file) if table is not None else f"source {source_id}"

    # -- regions -------------------------------------------------------------------------

    def regions(self, names: Mapping[str, str]) -> list[RegionScore]:
        parts = [self._region(code) for code in self.codes]
        classified = sorted(
            (r.composite, r.code)
            for r in parts
            if r.composite is not None and r.classified[0] != INSUFFICIENT
        )
        ordered = sorted(classified, key=lambda item: -item[0])  # ties: by code
        ranks: dict[str, int] = {}
        for index, (composite, code) in enumerate(ordered):
            if index and composite == ordered[index - 1][0]:
                ranks[code] = ranks[ordered[index - 1][1]]
            else:
                ranks[code] = index + 1
        return [self._region_score(r, names.get(r.code, r.code), ranks.get(r.code)) for r in parts]

    def _region(self, code: str) -> _Region:
        model = self.model
        warnings: list[str] = []
        parts = [self._dimension(plan, code, warnings) for plan in self.plans]
        # The composite, from the dimensions with a score.
        present = [(p.dimension, p.score) for p in parts if p.score is not None]
        share = len(present) / len(parts)
        composite: float | None = None
        effective: dict[str, float] = {}
        contributions: dict[str, float] = {}
        if present and share + 1e-12 >= model.min_dimension_share:
            value, terms = aggregate(
                [(score, d.weight) for d, score in present],
                model.aggregation,
                model.geometric_floor,
            )
            composite = rounded(value)
            total_weight = math.fsum(d.weight for d, _ in present)
            effective = {d.id: d.weight / total_weight for d, _ in present}
            contributions = {d.id: term for (d, _), term in zip(present, terms, strict=True)}
        dimensions = [
            p.build(
                rounded(effective.get(p.dimension.id, 0.0)) or 0.0,
                rounded(contributions.get(p.dimension.id)),
            )
            for p in parts
        ]
        coverage = sum(p.scored for p in parts) / self.indicator_count
        gates = self._gates(code, dimensions, warnings)
        classified = classify(model, composite, dimensions, gates)
        respondents = {g: t.respondents for g, t in self.group_totals[code].items()}
        return _Region(code, respondents, composite, dimensions, classified, coverage, warnings)

    def _region_score(self, region: _Region, name: str, rank: int | None) -> RegionScore:
        class_id, composite_class, gate_id, reason, gates = region.classified
        target, gap, fastest, points, closes = next_class(
            self.model, class_id, composite_class, region.composite, region.dimensions
        )
        return RegionScore(
            code=region.code,
            name=name,
            respondents=sum(region.respondents.values()),
            respondents_by_group=region.respondents,
            composite=region.composite,
            class_id=class_id,
            class_reason=reason,
            gate=gate_id,
            rank=rank,
            coverage=rounded(region.coverage) or 0.0,
            dimensions=region.dimensions,
            stages=stage_scores(self.stage_shares, region.dimensions),
            next_class=target,
            gap_to_next=rounded(gap),
            fastest_dimension=fastest,
            fastest_dimension_points=rounded(points),
            fastest_closes_gap=closes,
            composite_class=composite_class,
            gates=gates,
            warnings=region.warnings,
        )

    def _dimension(self, plan: _DimensionPlan, code: str, warnings: list[str]) -> _DimensionParts:
        columns = plan.columns
        scores = [column.norm.scores.get(code) for column in columns]
        present = [(position, s) for position, s in enumerate(scores) if s is not None]
        coverage = len(present) / len(columns)
        score: float | None = None
        # Each indicator's share of the dimension score and its part in it, as shown.
        shown_shares = plan.no_shares
        contributions: list[float | None] = plan.no_contributions
        if present and coverage + 1e-12 >= plan.needed:
            score, shown_shares, contributions = self._aggregate(plan, present)
        indicators: list[IndicatorScore] = []
        for column, normalised, share, term in zip(
            columns, scores, shown_shares, contributions, strict=True
        ):
            raw = column.raws[code]
            note = raw.note or column.norm.notes.get(code)
            if note is not None and normalised is None and column.indicator.question is None:
                warnings.append(f"{column.indicator.id}: {note}")
            if raw.flags and raw.value is not None:
                warnings.append(
                    M.SCORE_FLAGGED.format(
                        indicator=column.indicator.id,
                        flags=describe_flags(raw.flags),
                        year=raw.year,
                    )
                )
            transformed = column.transformed.get(code) if column.transformed is not None else None
            value = raw.value
            shown = None if value is None else round(value, DECIMALS) + 0.0
            if normalised != value:  # else shown alike: a survey score is often its own value
                shown_score = None if normalised is None else round(normalised, DECIMALS) + 0.0
            else:
                shown_score = shown
            indicators.append(
                _indicator_score(
                    {
                        **column.fixed,
                        "raw": shown,
                        "normalised": shown_score,
                        "effective_weight": share,
                        "contribution": term,
                        "year": raw.year,
                        "flags": raw.flags,
                        "respondents": raw.respondents,
                        "group_means": raw.group_means,
                        "note": note,
                        "transformed": (
                            None if transformed is None else round(transformed, DECIMALS) + 0.0
                        ),
                        "disagreement": raw.disagreement,
                        "aggregated_from": raw.aggregated,
                    }
                )
            )
        if score is None:
            warnings.append(
                M.SCORE_DIMENSION_UNCOVERED.format(
                    dimension=plan.dimension.id,
                    present=len(present),
                    total=len(columns),
                    needed=percent(plan.needed),
                )
            )
        group_means, disagreement = _group_scores(
            self.groups[code] if plan.survey else [],
            [(column.raws[code].group_means, w) for column, w in plan.survey],
        )
        return _DimensionParts(
            plan.dimension,
            rounded(score),
            coverage,
            len(present),
            plan.needed,
            indicators,
            group_means,
            disagreement,
        )

    def _aggregate(
        self, plan: _DimensionPlan, present: list[tuple[int, float]]
    ) -> tuple[float, list[float], list[float | None]]:
        """A dimension's score from its indicators with a score (position, score), and each
        indicator's share of it and part in it, rounded (0 and None for those missing)."""
        model = self.model
        if len(present) == len(plan.columns):
            score, terms = weighted_mean(
                [s for _, s in present], plan.shares, model.aggregation, model.geometric_floor
            )
            return score, plan.shown_shares, [round(t, DECIMALS) + 0.0 for t in terms]
        weights = [plan.weights[position] for position, _ in present]
        total = math.fsum(weights)
        shares = [w / total for w in weights]
        score, terms = weighted_mean(
            [s for _, s in present], shares, model.aggregation, model.geometric_floor
        )
        shown_shares = list(plan.no_shares)
        contributions = list(plan.no_contributions)
        for (position, _), share, term in zip(present, shares, terms, strict=True):
            shown_shares[position] = round(share, DECIMALS) + 0.0
            contributions[position] = round(term, DECIMALS) + 0.0
        return score, shown_shares, contributions

    # -- gates -----------------------------------------------------------------------------

    def _gates(
        self, code: str, dimensions: list[DimensionScore], warnings: list[str]
    ) -> list[GateCheck]:
        checks: list[GateCheck] = []
        by_id = {d.id: d for d in dimensions}
        for gate, condition in zip(self.model.gates, self.conditions, strict=True):
            kind, ref = gate.target
            value: float | None
            if kind == "indicator":
                value = rounded(self.columns[ref].raws[code].value)
            elif kind == "dimension":
                value = by_id[ref].score
            else:
                value = self.source_value(ref, code)
            note = None
            if value is None:
                note = M.SCORE_GATE_MISSING.format(gate=gate.id, ref=ref)
                warnings.append(note)
            checks.append(
                GateCheck(
                    id=gate.id,
                    label=gate.label,
                    condition=condition,
                    value=value,
                    fired=value is not None and gate.holds(value),
                    class_id=gate.class_,
                    note=note,
                )
            )
        return checks

    def source_infos(self) -> list[SourceInfo]:
        infos: list[SourceInfo] = []
        for source_id, source in sorted(self.model.statistic_sources().items()):
            table = self.statistics.get(source_id)
            if table is None:
                continue
            filters = ", ".join(
                f"{k}={'|'.join(v) if isinstance(v, list) else v}"
                for k, v in source.filters.items()
            )
            year = (
                f"mean of {source.year.mean[0]}-{source.year.mean[1]}"
                if isinstance(source.year, YearMean)
                else source.year
            )
            parts = [f"year {year}"]
            if source.value:
                parts.insert(0, f"column {source.value}")
            if filters:
                parts.append(f"filters {filters}")
            if source.max_age is not None:
                parts.append(f"at most {source.max_age} years older than the newest")
            infos.append(
                SourceInfo(
                    id=source_id,
                    file=file_name(table.file),
                    description="; ".join(parts),
                    regions=len(table.values),
                    years=sorted(table.years),
                )
            )
        return infos


def _statistic_raw(
    table: SourceTable,
    name: str,
    code: str,
    rule: ChildAggregation | None = None,
    weights: SourceTable | None = None,
) -> _Raw:
    """The value of a statistic in one region (`name`: its file's name), or why it has none;
    with `rule`, a region the file lacks gets the aggregate of the regions within it."""
    value: RegionValue | None = table.values.get(code)
    if value is None:
        if code in table.regions:
            return _Raw(None, note=M.SCORE_NO_VALUE_FOR_RULE.format(file=name))
        found = aggregate_children(table, code, rule, weights) if rule is not None else None
        if found is None or rule is None:
            return _Raw(None, note=M.SCORE_REGION_NOT_IN_SOURCE.format(code=code, file=name))
        if found.value is None:
            missing = ", ".join(found.missing)
            note = M.SCORE_AGGREGATE_INCOMPLETE.format(
                code=code, file=name, missing=missing, level=rule.level
            )
            return _Raw(None, note=note)
        note = M.SCORE_AGGREGATED.format(
            method="weighted mean" if rule.method == "weighted" else "mean",
            count=len(found.children),
            level=rule.level,
            code=code,
            file=name,
            children=", ".join(found.children),
        )
        aggregated = found.value
        return _Raw(
            aggregated.value,
            year=aggregated.year,
            flags=aggregated.flags,
            note=note,
            aggregated=found.children,
        )
    if value.value is None or not math.isfinite(value.value):
        flags = f", flagged {describe_flags(value.flags)}" if value.flags else ""
        return _Raw(
            None,
            year=value.year,
            flags=value.flags,
            note=M.SCORE_EMPTY_VALUE.format(file=name, year=value.year, flags=flags),
        )
    return _Raw(value.value, year=value.year, flags=value.flags)


def _group_scores(
    groups: Sequence[str], survey: Sequence[tuple[Mapping[str, float | None], float]]
) -> tuple[dict[str, float | None], float | None]:
    """A dimension's score per stakeholder group (the weighted mean of the group's means of
    its survey indicators), and the spread between the highest and the lowest.

    `groups` are the region's groups, sorted; `survey` the dimension's survey indicators in
    the region, as (mean per group, weight): each has a mean, or None, for every group.
    """
    out: dict[str, float | None] = {}
    for group in groups:
        products: list[float] = []
        weights: list[float] = []
        for means, w in survey:
            mean = means[group]
            if mean is not None:
                products.append(mean * w)
                weights.append(w)
        out[group] = rounded(math.fsum(products) / math.fsum(weights)) if weights else None
    values = [v for v in out.values() if v is not None]
    spread = rounded(max(values) - min(values)) if len(values) >= 2 else None
    return out, spread


@dataclass(slots=True)
class _DimensionParts:
    """A dimension's score and indicators, before its share of the composite is known."""

    dimension: Dimension
    score: float | None
    coverage: float
    #: how many of its indicators have a score
    scored: int
    needed: float
    indicators: list[IndicatorScore]
    group_means: dict[str, float | None]
    disagreement: float | None

    def build(self, effective_weight: float, contribution: float | None) -> DimensionScore:
        return _dimension_score(
            {
                "id": self.dimension.id,
                "label": self.dimension.label,
                "weight": self.dimension.weight,
                "score": self.score,
                "coverage": rounded(self.coverage) or 0.0,
                "group_means": self.group_means,
                "disagreement": self.disagreement,
                "indicators": self.indicators,
                "min_coverage": self.needed,
                "effective_weight": effective_weight,
                "contribution": contribution,
            }
        )
