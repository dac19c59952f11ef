"""The result: the tallies and the statistics become scores, classes and explanations.

For each indicator, its raw value per region (the stakeholder groups' means of the answer
scores, or the value of the statistic), then its 0-100 score over the regions scored
(normalise.py); for each region, the dimension scores, the composite, the gates and the class
(composite.py), the stages, the distance to the next class, and every note a reader needs to
recompute them by hand. Each result object is built once, from values computed here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from s3engine import messages as M
from s3engine.composite import (
    DECIMALS,
    aggregate,
    classify,
    next_class,
    rounded,
    stage_scores,
)
from s3engine.model import Dimension, Indicator, Ratio, ScoringModel
from s3engine.normalise import Normalised, Reference, normalise
from s3engine.questionnaire import Questionnaire
from s3engine.regional_data import (
    RegionValue,
    SourceTable,
    YearMean,
    is_aggregate,
    nuts_level,
)
from s3engine.results import (
    INSUFFICIENT,
    ClassInfo,
    DimensionScore,
    GateCheck,
    IndicatorScore,
    RegionScore,
    ScoreResult,
    SourceInfo,
)
from s3engine.score_words import describe_flags, file_name, number, percent
from s3engine.tally import GroupTotals, SurveyTally


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

    __slots__ = ("disagreement", "flags", "group_means", "note", "respondents", "value", "year")

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


class _Builder:
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
        self.raw: dict[str, dict[str, _Raw]] = {}
        self.norm: dict[str, Normalised] = {}
        self.origins = {i.id: self._origin(i) for _, i in model.indicators()}
        for _, indicator in model.indicators():
            raws = {code: self._raw(indicator, code) for code in codes}
            self.raw[indicator.id] = raws
            self.norm[indicator.id] = normalise(
                indicator, {code: r.value for code, r in raws.items()}, self._reference(indicator)
            )

    # -- raw values ----------------------------------------------------------------------

    def _raw(self, indicator: Indicator, code: str) -> _Raw:
        if indicator.question is not None:
            return self._survey_raw(indicator.question, code)
        source_id = self.model.source_id(indicator) or ""
        return self._statistic_raw(source_id, code)

    def _survey_raw(self, qid: str, code: str) -> _Raw:
        rules = self.model.respondents
        weights_of = rules.group_weights
        means: dict[str, float | None] = {}
        total = answered = 0
        weighted = weights = pooled = 0.0
        low: float | None = None
        high: float | None = None
        for group, totals in self.group_totals[code].items():
            found = totals.answers.get(qid)
            if found is None or not found[1]:
                means[group] = None
                continue
            s, n = found
            mean = s / n
            means[group] = shown = round(mean, DECIMALS) + 0.0
            if low is None or shown < low:
                low = shown
            if high is None or shown > high:
                high = shown
            answered += 1
            total += n
            pooled += s
            w = weights_of.get(group, 1.0)
            weighted += w * mean
            weights += w
        spread = (
            round(high - low, DECIMALS) + 0.0
            if answered >= 2 and high is not None and low is not None
            else None
        )
        if total < rules.min_respondents or answered < rules.min_groups:
            note = M.SCORE_TOO_FEW_ANSWERS.format(
                count=total,
                groups=answered,
                min_respondents=rules.min_respondents,
                min_groups=rules.min_groups,
            )
            return _Raw(None, respondents=total, group_means=means, disagreement=spread, note=note)
        value = weighted / weights if rules.aggregation == "group_mean" else pooled / total
        return _Raw(value, respondents=total, group_means=means, disagreement=spread)

    def _statistic_raw(self, source_id: str, code: str) -> _Raw:
        table = self.statistics.get(source_id)
        if table is None:
            return _Raw(None, note=M.SCORE_SOURCE_NOT_READ.format(source=source_id))
        value: RegionValue | None = table.values.get(code)
        name = file_name(table.file)
        if value is None:
            if code in table.regions:
                return _Raw(None, note=M.SCORE_NO_VALUE_FOR_RULE.format(file=name))
            return _Raw(None, note=M.SCORE_REGION_NOT_IN_SOURCE.format(code=code, file=name))
        if value.value is None or not math.isfinite(value.value):
            flags = f", flagged {describe_flags(value.flags)}" if value.flags else ""
            return _Raw(
                None,
                year=value.year,
                flags=value.flags,
                note=M.SCORE_EMPTY_VALUE.format(file=name, year=value.year, flags=flags),
            )
        return _Raw(value.value, year=value.year, flags=value.flags)

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
        parts = [self._dimension(dimension, code, warnings) for dimension in model.dimensions]
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
        indicators = [i for d in dimensions for i in d.indicators]
        coverage = sum(1 for i in indicators if i.normalised is not None) / len(indicators)
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
            stages=stage_scores(self.model, region.dimensions),
            next_class=target,
            gap_to_next=rounded(gap),
            fastest_dimension=fastest,
            fastest_dimension_points=rounded(points),
            fastest_closes_gap=closes,
            composite_class=composite_class,
            gates=gates,
            warnings=region.warnings,
        )

    def _dimension(self, dimension: Dimension, code: str, warnings: list[str]) -> _DimensionParts:
        model = self.model
        raws = [self.raw[indicator.id][code] for indicator in dimension.indicators]
        norms = [self.norm[indicator.id] for indicator in dimension.indicators]
        scores = [norm.scores.get(code) for norm in norms]
        present = [
            (indicator, score)
            for indicator, score in zip(dimension.indicators, scores, strict=True)
            if score is not None
        ]
        coverage = len(present) / len(dimension.indicators)
        needed = model.coverage_of(dimension)
        score: float | None = None
        shares: dict[str, tuple[float, float]] = {}
        if present and coverage + 1e-12 >= needed:
            value, terms = aggregate(
                [(s, i.weight) for i, s in present], model.aggregation, model.geometric_floor
            )
            score = value
            total = math.fsum([i.weight for i, _ in present])
            shares = {
                i.id: (i.weight / total, term) for (i, _), term in zip(present, terms, strict=True)
            }
        indicators: list[IndicatorScore] = []
        #: stakeholder group -> (mean, weight) of the dimension's survey indicators
        by_group: dict[str, list[tuple[float, float]]] = {}
        for indicator, raw, norm, normalised in zip(
            dimension.indicators, raws, norms, scores, strict=True
        ):
            note = raw.note or norm.notes.get(code)
            if indicator.question is not None:
                for group, mean in raw.group_means.items():
                    parts = by_group.setdefault(group, [])
                    if mean is not None:
                        parts.append((mean, indicator.weight))
            elif normalised is None and note is not None:
                warnings.append(f"{indicator.id}: {note}")
            if raw.flags and raw.value is not None:
                warnings.append(
                    M.SCORE_FLAGGED.format(
                        indicator=indicator.id, flags=describe_flags(raw.flags), year=raw.year
                    )
                )
            weight_share, term = shares.get(indicator.id, (0.0, None))
            transformed = norm.transformed.get(code) if norm.transformed_shown else None
            indicators.append(
                IndicatorScore(
                    id=indicator.id,
                    label=indicator.label,
                    source=indicator.kind,
                    raw=None if raw.value is None else round(raw.value, DECIMALS) + 0.0,
                    normalised=None if normalised is None else round(normalised, DECIMALS) + 0.0,
                    weight=indicator.weight,
                    effective_weight=round(weight_share, DECIMALS) + 0.0,
                    contribution=None if term is None else round(term, DECIMALS) + 0.0,
                    direction=indicator.direction,
                    stage=indicator.stage,
                    year=raw.year,
                    flags=list(raw.flags),
                    respondents=raw.respondents,
                    group_means=raw.group_means,
                    note=note,
                    origin=self.origins[indicator.id],
                    transformed=None if transformed is None else round(transformed, DECIMALS) + 0.0,
                    normalisation=norm.description,
                    disagreement=raw.disagreement,
                )
            )
        if score is None:
            warnings.append(
                M.SCORE_DIMENSION_UNCOVERED.format(
                    dimension=dimension.id,
                    present=len(present),
                    total=len(dimension.indicators),
                    needed=percent(needed),
                )
            )
        group_means, disagreement = _group_scores(by_group)
        return _DimensionParts(
            dimension, rounded(score), coverage, needed, indicators, group_means, disagreement
        )

    # -- gates -----------------------------------------------------------------------------

    def _gates(
        self, code: str, dimensions: list[DimensionScore], warnings: list[str]
    ) -> list[GateCheck]:
        checks: list[GateCheck] = []
        by_id = {d.id: d for d in dimensions}
        for gate in self.model.gates:
            kind, ref = gate.target
            value: float | None
            if kind == "indicator":
                value = rounded(self.raw[ref][code].value)
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
                    condition=gate.describe(),
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


def _group_scores(
    by_group: Mapping[str, list[tuple[float, float]]],
) -> tuple[dict[str, float | None], float | None]:
    """A dimension's score per stakeholder group (the weighted mean of the group's means of
    its survey indicators), and the spread between the highest and the lowest."""
    out: dict[str, float | None] = {}
    for group in sorted(by_group):
        parts = by_group[group]
        weight = math.fsum([w for _, w in parts])
        out[group] = rounded(math.fsum([m * w for m, w in parts]) / weight) if parts else None
    values = [v for v in out.values() if v is not None]
    spread = rounded(max(values) - min(values)) if len(values) >= 2 else None
    return out, spread


@dataclass
class _DimensionParts:
    """A dimension's score and indicators, before its share of the composite is known."""

    dimension: Dimension
    score: float | None
    coverage: float
    needed: float
    indicators: list[IndicatorScore]
    group_means: dict[str, float | None]
    disagreement: float | None

    def build(self, effective_weight: float, contribution: float | None) -> DimensionScore:
        return DimensionScore(
            id=self.dimension.id,
            label=self.dimension.label,
            weight=self.dimension.weight,
            score=self.score,
            coverage=rounded(self.coverage) or 0.0,
            group_means=self.group_means,
            disagreement=self.disagreement,
            indicators=self.indicators,
            min_coverage=self.needed,
            effective_weight=effective_weight,
            contribution=contribution,
        )
