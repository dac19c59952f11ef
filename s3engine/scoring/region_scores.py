"""The result: the tallies and the statistics become scores, classes and explanations.

For each indicator, its raw value per region (the stakeholder groups' means of the answer
scores, or the value of the statistic), then its 0-100 score over the regions scored
(normalise.py); for each region, the dimension scores, the composite, the gates and the class
(composite.py), the stages, the distance to the next class, and every note a reader needs to
recompute them by hand. Each result object is built once, from values computed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from s3engine.core import messages as M
from s3engine.core.findings import UsageError, suggest
from s3engine.i18n.texts import Text
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
from s3engine.scoring.model import (
    Dimension,
    Indicator,
    MinMax,
    Rank,
    Ratio,
    ScoringModel,
    ZScore,
)
from s3engine.scoring.normalise import Normalised, Reference, normalise
from s3engine.scoring.region_names import name_of, region_names
from s3engine.scoring.results import (
    INSUFFICIENT,
    ClassInfo,
    DimensionScore,
    GateCheck,
    IndicatorScore,
    RegionScore,
    ScoreResult,
    SourceInfo,
    WarningKind,
    maker,
)
from s3engine.scoring.tally import SurveyTally
from s3engine.scoring.words import describe_flags, file_name, is_confidential, number, percent
from s3engine.statistics.children import aggregate_children
from s3engine.statistics.nuts import version_warnings
from s3engine.statistics.sources import (
    ChildAggregation,
    RegionValue,
    SourceTable,
    YearMean,
    is_aggregate,
    is_extra_regio,
    is_region,
    nuts_level,
)

if TYPE_CHECKING:
    import numpy as np

#: Region codes named in a message before "and N more".
CODES_SHOWN = 8


@dataclass(frozen=True)
class Selection:
    """The regions to score, and what a reader must know about the choice."""

    codes: list[str]
    #: The NUTS levels of the regions that indicators are normalised against: the level
    #: asked for, else the levels of the regions scored (None stands for codes that are not
    #: NUTS codes).
    levels: frozenset[int | None]
    warnings: list[str]


def select_regions(
    model: ScoringModel,
    tally: SurveyTally | None,
    statistics: Mapping[str, SourceTable],
    regions: Sequence[str] | None,
    level: int | None,
    listed: Iterable[str] = (),
) -> Selection:
    """The regions to score: those asked for (each must be known, from the responses, the
    data or the questionnaire's list of regions `listed`: UsageError otherwise), else those
    with responses, else every region of the data; at the NUTS level asked for, or the
    model's. Aggregates and extra-regio codes are never regions."""
    warnings: list[str] = []
    level = level if level is not None else model.nuts_level
    if regions:
        known = _known_regions(model, tally, statistics) | set(listed)
        chosen: list[str] = []
        unknown: list[str] = []
        for code in regions:
            code = code.strip().upper()
            if is_aggregate(code):
                warnings.append(M.SCORE_AGGREGATE_NOT_REGION.format(code=code))
            elif is_extra_regio(code):
                raise UsageError(M.SCORE_EXTRA_REGIO_ASKED.format(code=code))
            elif code not in known:
                unknown.append(code)
            elif code not in chosen:
                chosen.append(code)
        if unknown:
            raise UsageError(_unknown_regions(unknown, known))
    elif tally is not None:
        chosen = tally.regions
    else:
        found: set[str] = set()
        for _, indicator in model.indicators():
            table = statistics.get(model.source_id(indicator) or "")
            if table is not None:
                found.update(table.regions)
        extra = sorted(code for code in found if is_extra_regio(code))
        if extra:
            warnings.append(
                M.SCORE_EXTRA_REGIO_LEFT_OUT.format(count=len(extra), codes=_listed(extra))
            )
        chosen = sorted(code for code in found if is_region(code))
        if level is None:
            by_level: dict[int | None, list[str]] = {}
            for code in chosen:
                by_level.setdefault(nuts_level(code), []).append(code)
            if len(by_level) > 1:
                shown = sorted(lv for lv in by_level if lv is not None)
                warnings.append(
                    M.SCORE_MIXED_LEVELS.format(
                        levels=", ".join(str(lv) for lv in shown),
                        examples=", ".join(by_level[lv][0] for lv in shown),
                    )
                )
    if level is not None:
        chosen = [code for code in chosen if nuts_level(code) == level]
        levels: frozenset[int | None] = frozenset({level})
    else:
        levels = frozenset(nuts_level(code) for code in chosen)
    return Selection(sorted(chosen), levels, warnings)


def _known_regions(
    model: ScoringModel, tally: SurveyTally | None, statistics: Mapping[str, SourceTable]
) -> set[str]:
    """Every region code of the responses and of the data the model reads, and the regions
    a source that aggregates from children (ChildAggregation) can give a value to."""
    known = set(tally.regions) if tally is not None else set()
    for source_id, source in model.statistic_sources().items():
        table = statistics.get(source_id)
        if table is not None:
            codes = [code for code in table.regions if is_region(code)]
            known.update(codes)
            if source.children is not None:
                known.update(c[:n] for c in codes for n in range(2, len(c)) if is_region(c[:n]))
    return known


def _unknown_regions(unknown: list[str], known: set[str]) -> str:
    found = [(code, hint) for code in unknown if (hint := _nearest(code, known))]
    hints = [
        hint if len(unknown) == 1 else M.SCORE_REGION_MEANT_FOR.format(hint=hint, code=code)
        for code, hint in found
    ]
    message = M.SCORE_UNKNOWN_REGION if len(unknown) == 1 else M.SCORE_UNKNOWN_REGIONS
    return message.format(
        codes=", ".join(unknown),
        hints=M.SCORE_REGIONS_MEANT.format(hints=", ".join(hints)) if hints else "",
        known=_listed(sorted(known), 30) if known else "none",
    )


#: Letters typed for the digit they look like (AT1l for AT11, DE2O for DE20).
_LOOKALIKES = {"L": "1", "I": "1", "O": "0"}


def _nearest(code: str, known: set[str]) -> str | None:
    """The known code meant by a misspelt one: a look-alike letter typed for a digit first,
    then the closest spelling."""
    for position in range(2, len(code)):
        digit = _LOOKALIKES.get(code[position])
        if (
            digit is not None
            and (candidate := code[:position] + digit + code[position + 1 :]) in known
        ):
            return candidate
    return suggest(code, known)


def _listed(codes: Sequence[str], limit: int = CODES_SHOWN) -> str:
    """'AT11, AT12, AT13 and 5 more'."""
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


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
    nuts_version: int | None = None,
) -> ScoreResult:
    """Score the regions chosen (by default every region with responses, or with data)."""
    return score_regions(
        model,
        questionnaire=questionnaire,
        tally=tally,
        statistics=statistics,
        regions=regions,
        level=level,
        generated=generated,
        names=names,
        nuts_version=nuts_version,
    ).result


@dataclass(frozen=True)
class IndicatorData:
    """One indicator's raw values, as the sensitivity analysis varies how they are scored."""

    indicator: Indicator
    #: gives the raw values over every region the indicator would be normalised against by
    #: a relative method (the regions scored among them): `raw`
    values: Callable[[], dict[str, float | None]]
    #: survey indicators: the same under the other respondents rule (pooled for group_mean,
    #: and the other way round); None for statistics
    other_rule: dict[str, float | None] | None
    reference: Reference | None

    @cached_property
    def raw(self) -> dict[str, float | None]:
        """Region -> raw value, read once."""
        return self.values()


@dataclass(frozen=True)
class Scored:
    """The result, and the raw values behind it (what sensitivity.analyse varies)."""

    result: ScoreResult
    codes: list[str]
    indicators: list[IndicatorData]


def score_regions(
    model: ScoringModel,
    *,
    questionnaire: Questionnaire | None,
    tally: SurveyTally | None,
    statistics: Mapping[str, SourceTable],
    regions: Sequence[str] | None = None,
    level: int | None = None,
    generated: datetime | None = None,
    names: Mapping[str, str] | None = None,
    nuts_version: int | None = None,
) -> Scored:
    """`build_result`, with the raw values of every indicator kept for the analysis."""
    listed = [r.code for r in questionnaire.profile.regions or ()] if questionnaire else []
    selection = select_regions(model, tally, statistics, regions, level, listed)
    codes, warnings = selection.codes, list(selection.warnings)
    version = nuts_version if nuts_version is not None else model.nuts_version
    warnings += version_warnings(
        {source_id: statistics[source_id] for source_id in sorted(statistics)},
        codes,
        version,
    )
    # The questionnaire's own list of regions is authoritative, then names the caller
    # gives, then the name most respondents wrote: the rule export names regions by too.
    all_names = region_names(questionnaire, tally.name_votes if tally else {}, names)
    builder = _Builder(model, tally, statistics, codes, selection.levels)
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
    # every value is already of its field's type: not validated again (results.made)
    result = ScoreResult.made(
        dict(
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
            region_warnings=builder.warning_summary(),
        )
    )
    data = [
        IndicatorData(c.indicator, builder.population(c), c.other_rule, c.reference)
        for c in builder.columns.values()
    ]
    return Scored(result, codes, data)


class _Raw:
    """One indicator's value in one region, before transformation."""

    __slots__ = (
        "aggregated",
        "disagreement",
        "flags",
        "group_means",
        "kind",
        "note",
        "respondents",
        "value",
        "year",
        "yearly",
    )

    def __init__(  # positional too: tens of thousands are made, and keywords cost time
        self,
        value: float | None,
        year: str | None = None,
        flags: tuple[str, ...] = (),
        respondents: int | None = None,
        group_means: dict[str, float | None] | None = None,
        disagreement: float | None = None,
        note: str | None = None,
        aggregated: tuple[str, ...] = (),
        kind: str = "",
        yearly: dict[str, float | None] | None = None,
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
        #: what kind of warning the note is (a key of messages.WARNING_KINDS)
        self.kind = kind
        #: the value of each year behind a mean of years
        self.yearly = yearly


class _Fixed(NamedTuple):
    """The fields of an indicator's IndicatorScore that are the same in every region."""

    id: str
    label: Text
    source: str
    weight: float
    direction: str
    stage: str | None
    origin: str
    normalisation: str | None


@dataclass(slots=True)
class _Column:
    """One indicator over every region scored: its raw values and scores, and what its
    IndicatorScore says the same in every region (looked up once, not once per region)."""

    indicator: Indicator
    #: region -> raw value, for the regions scored
    raws: dict[str, _Raw]
    norm: Normalised
    #: region -> value after winsorising and the log transform; None when they are not used
    transformed: dict[str, float | None] | None
    #: the fields of its IndicatorScore that do not depend on the region (id, label, ...)
    fixed: _Fixed
    #: region -> raw value, for every region the indicator is normalised against
    population: dict[str, float | None]
    #: survey indicators: the raw values under the other respondents rule
    other_rule: dict[str, float | None] | None
    reference: Reference | None
    #: the raw values and the scores of the regions scored, in their order
    cells: list[_Raw]
    scores: list[float | None]


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


#: A dimension in one region: its score (None without enough indicators), each indicator's
#: share of it and part in it as shown, and how many of its indicators have a score.
_DimensionRow = tuple[float | None, list[float], list[float | None], int]

#: A dimension's score per stakeholder group in one region, and their spread.
_GroupScores = tuple[dict[str, float | None], float | None]

#: An IndicatorScore of every field, given in order (tens of thousands are made).
_indicator_score = maker(IndicatorScore)


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
        levels: frozenset[int | None] = frozenset(),
    ):
        self.model = model
        self.statistics = statistics
        self.codes = codes
        self.levels = levels
        self.warnings: list[str] = []
        #: warning kind about single regions -> how many, and the regions, in the order met
        self.kind_counts: dict[str, int] = {}
        self.kind_regions: dict[str, dict[str, None]] = {}
        self.dimension_ids = [d.id for d in model.dimensions]
        #: the answers of every region and stakeholder group, summed (tally.table)
        self.table = tally.table() if tally else None
        rows: dict[str, dict[str, int]] = {}  # region -> its groups -> their row in the table
        for row, (region, group) in enumerate(self.table.cells if self.table else ()):
            rows.setdefault(region, {})[group] = row
        people = self.table.respondents if self.table else []
        #: region -> stakeholder group -> its respondents
        self.respondents = {
            code: {group: people[row] for group, row in rows.get(code, {}).items()}
            for code in codes
        }
        # Survey indicators are normalised against every region with responses (at the
        # levels scored), so that scoring a few of them changes none of their scores.
        scored = set(codes)
        others = [code for code in rows if code not in scored and self._in_population(code)]
        weights_of = model.respondents.group_weights
        #: region -> (stakeholder group, its row in the table, its weight), groups sorted
        self.cells: dict[str, list[tuple[str, int, float]]] = {
            code: [(g, row, weights_of.get(g, 1.0)) for g, row in rows.get(code, {}).items()]
            for code in (*codes, *others)
        }
        #: each stakeholder group's mean score of each survey question, as shown, in each
        #: region (first the regions scored), and whether it has one; the question's index
        self.group_means: tuple[Any, Any, dict[str, int]] | None = None
        self.columns: dict[str, _Column] = {}
        scored_clamped: list[tuple[Indicator, Normalised]] = []
        survey = iter(
            self._survey_raws([i.question for _, i in model.indicators() if i.question is not None])
        )
        for _, indicator in model.indicators():
            other_rule: dict[str, float | None] | None = None
            if indicator.question is not None:
                population, other_rule = next(survey)
            else:
                # Only relative normalisations (and winsorising) look at other regions.
                relative = indicator.winsorise is not None or isinstance(
                    indicator.normalisation, MinMax | ZScore | Rank
                )
                population = self._statistic_raws(model.source_id(indicator) or "", relative)
            reference = self._reference(indicator)
            values = {code: r.value for code, r in population.items()}
            norm = normalise(indicator, values, reference)
            raws = (
                population
                if len(population) == len(codes)
                else {code: population[code] for code in codes}
            )
            if norm.clamped:
                scored_clamped.append((indicator, norm))
            fixed = _Fixed(
                indicator.id,
                indicator.label,
                indicator.kind,
                indicator.weight,
                indicator.direction,
                indicator.stage,
                self._origin(indicator),
                norm.description,
            )
            transformed = norm.transformed if norm.transformed_shown else None
            self.columns[indicator.id] = _Column(
                indicator,
                raws,
                norm,
                transformed,
                fixed,
                values,
                other_rule,
                reference,
                [raws[code] for code in codes],
                [norm.scores.get(code) for code in codes],
            )
        for indicator, norm in scored_clamped:
            self._clamped_tie(indicator, norm)
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

    def _in_population(self, code: str) -> bool:
        """A region the indicators are normalised against, besides the regions scored."""
        return is_region(code) and nuts_level(code) in self.levels

    def _survey_raws(
        self, qids: Sequence[str]
    ) -> list[tuple[dict[str, _Raw], dict[str, float | None]]]:
        """The value of each question of `qids` in each region: the mean score of each
        stakeholder group's answers, combined by the model's rule (groups weighted, or all
        answers); and the value under the other rule.

        Every question in every region at once, as arrays (region, group, question): the
        operations on each element are those of a loop over the groups, in the same order,
        so that every float is the one such a loop gives.
        """
        import numpy as np  # read when regions are scored, not by every module that imports this

        rules = self.model.respondents
        min_respondents, min_groups = rules.min_respondents, rules.min_groups
        group_mean = rules.aggregation == "group_mean"
        codes = list(self.cells)
        if not codes or not qids:
            return [({}, {}) for _ in qids]
        width = max(len(groups) for groups in self.cells.values())
        table = self.table
        # The table, with a row of no cell and a column of no question: no answers there.
        blank_row, blank_column = (len(table.cells), len(table.columns)) if table else (0, 0)
        sums_of = np.zeros((blank_row + 1, blank_column + 1))
        counts_of = np.zeros((blank_row + 1, blank_column + 1), np.int64)
        if table is not None:
            sums_of[:blank_row, :blank_column] = table.sums
            counts_of[:blank_row, :blank_column] = table.counts
        at = np.array(
            [
                [row for _, row, _ in groups] + [blank_row] * (width - len(groups))
                for groups in self.cells.values()
            ],
            np.intp,
        ).reshape(len(codes), width, 1)
        column = np.array(
            [table.columns.get(qid, blank_column) if table else 0 for qid in qids], np.intp
        )
        sums, counts = sums_of[at, column], counts_of[at, column]  # [region, group, question]
        present = counts > 0  # an answer count of 0 is no answer
        weight = np.array(
            [
                [w for _, _, w in groups] + [0.0] * (width - len(groups))
                for groups in self.cells.values()
            ]
        ).reshape(len(codes), width)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(present, sums / np.where(present, counts, 1), 0.0)
            shown = _shown(means)
            self.group_means = (shown, present, {qid: j for j, qid in enumerate(qids)})
            total = counts.sum(axis=1)
            answered = present.sum(axis=1)
            pooled = np.zeros((len(codes), len(qids)))
            weighted = np.zeros((len(codes), len(qids)))
            weights = np.zeros((len(codes), len(qids)))
            for g in range(width):  # group after group, as the loop adds them
                here = present[:, g, :]
                pooled = np.where(here, pooled + sums[:, g, :], pooled)
                weighted = np.where(here, weighted + weight[:, g, None] * means[:, g, :], weighted)
                weights = np.where(here, weights + weight[:, g, None], weights)
            highest = np.where(present, shown, -np.inf).max(axis=1, initial=-np.inf)
            lowest = np.where(present, shown, np.inf).min(axis=1, initial=np.inf)
            spread = _shown(np.where(answered >= 2, highest - lowest, 0.0))
            by_groups, by_answers = weighted / weights, pooled / total
        too_few = (total < min_respondents) | (answered < min_groups)
        names = [[group for group, _, _ in groups] for groups in self.cells.values()]
        out: list[tuple[dict[str, _Raw], dict[str, float | None]]] = []
        # each group's mean as shown, None where the group gave no answer; a region's row is
        # as wide as the region with most groups, and zip stops at its own groups
        means_or_none = np.where(present, shown, np.array(None, object))
        for j in range(len(qids)):
            raws: dict[str, _Raw] = {}
            other: dict[str, float | None] = {}
            value_of = (by_groups if group_mean else by_answers)[:, j].tolist()
            other_of = (by_answers if group_mean else by_groups)[:, j].tolist()
            for code, groups, means_j, count, met, few, apart, value, second in zip(
                codes,
                names,
                means_or_none[:, :, j].tolist(),
                total[:, j].tolist(),
                answered[:, j].tolist(),
                too_few[:, j].tolist(),
                spread[:, j].tolist(),
                value_of,
                other_of,
                strict=True,
            ):
                means_of: dict[str, float | None] = dict(zip(groups, means_j, strict=False))
                disagreement = apart if met >= 2 else None
                if few:
                    note = M.SCORE_TOO_FEW_ANSWERS.format(
                        count=count,
                        groups=met,
                        min_respondents=min_respondents,
                        min_groups=min_groups,
                    )
                    raws[code] = _Raw(None, None, (), count, means_of, disagreement, note)
                    other[code] = None
                else:
                    raws[code] = _Raw(value, None, (), count, means_of, disagreement)
                    other[code] = second
            out.append((raws, other))
        return out

    def _statistic_raws(self, source_id: str, every: bool = True) -> dict[str, _Raw]:
        """The value of statistic `source_id` in each region, or why it has none: for the
        regions scored, then (with `every`) for the other regions of the file at the levels
        scored (an indicator normalised relative to the others is normalised against all of
        them, so that scoring a few regions changes none of their scores)."""
        table = self.statistics.get(source_id)
        if table is None:
            note = M.SCORE_SOURCE_NOT_READ.format(source=source_id)
            return {code: _Raw(None, note=note, kind="source_not_read") for code in self.codes}
        name = file_name(table.file)
        source = self.model.statistic_sources().get(source_id)
        rule = source.children if source is not None else None
        weights = self.statistics.get(rule.weight) if rule and rule.weight else None
        out = {code: _statistic_raw(table, name, code, rule, weights) for code in self.codes}
        if every:
            for code in table.values:
                if code not in out and self._in_population(code):
                    out[code] = _statistic_raw(table, name, code)
        return out

    def population(self, column: _Column) -> Callable[[], dict[str, float | None]]:
        """The raw values of an indicator over every region it would be normalised against,
        as the sensitivity analysis needs them (for an indicator the model normalises on
        its own, such as by goalposts, they are read only when asked for)."""
        indicator = column.indicator
        if column.population.keys() != set(self.codes) or indicator.question is not None:
            values = column.population
            return lambda: values
        source_id = self.model.source_id(indicator) or ""

        def read() -> dict[str, float | None]:
            return {c: r.value for c, r in self._statistic_raws(source_id).items()}

        return read

    def _clamped_tie(self, indicator: Indicator, norm: Normalised) -> None:
        """Warn when clamping makes many of the regions scored share a score of 0 or 100."""
        with_score = [code for code in self.codes if norm.scores.get(code) is not None]
        for score in (100.0, 0.0):
            tied = [code for code in with_score if norm.clamped.get(code) == score]
            if len(tied) >= 2 and len(tied) >= 0.1 * len(with_score):
                self.warnings.append(
                    M.SCORE_CLAMPED_TIE.format(
                        indicator=indicator.id,
                        count=len(tied),
                        total=len(with_score),
                        side=M.ABOVE_THE_RANGE
                        if (score == 100.0) == (indicator.direction == "higher_is_better")
                        else M.BELOW_THE_RANGE,
                        method=indicator.normalisation.method,
                        score=f"{score:g}",
                    )
                )

    def warning_summary(self) -> list[WarningKind]:
        """The warnings about single regions by kind, most frequent first."""
        kinds = sorted(self.kind_counts.items(), key=lambda item: (-item[1], item[0]))
        return [
            WarningKind(
                kind=kind,
                label=M.WARNING_KINDS.get(kind, kind),
                count=count,
                regions=list(self.kind_regions[kind])[:CODES_SHOWN],
            )
            for kind, count in kinds
        ]

    def _warn(self, warnings: list[str], code: str, kind: str, text: str) -> None:
        """A warning about region `code`, counted by its kind for the summary."""
        warnings.append(text)
        self.kind_counts[kind] = self.kind_counts.get(kind, 0) + 1
        self.kind_regions.setdefault(kind, {})[code] = None

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
        # What a region's other indicators do not change is computed a column at a time,
        # over every region at once: each dimension's score in each region, then each
        # indicator's IndicatorScore in each region. A region then gathers its parts, and
        # warns, in the order of the model.
        rows = [self._dimension_rows(plan) for plan in self.plans]
        by_group = [self._group_scores(plan) for plan in self.plans]
        indicators: list[list[list[IndicatorScore]]] = []
        alerts: list[list[dict[int, list[tuple[str, str]]]]] = []
        #: each indicator's normalised score as shown in each region, in the model's order
        #: (the stages' scores read them here: the IndicatorScores of one region lie a
        #: column apart in memory, and reading them one region at a time waits on each)
        normalised: list[list[float | None]] = []
        for plan, plan_rows in zip(self.plans, rows, strict=True):
            made = [
                self._indicator_scores(column, plan_rows, position)
                for position, column in enumerate(plan.columns)
            ]
            indicators.append([scores for scores, _, _ in made])
            alerts.append([found for _, found, _ in made if found])
            normalised.extend(shown for _, _, shown in made)
        parts = [
            self._region(index, code, rows, by_group, indicators, alerts)
            for index, code in enumerate(self.codes)
        ]
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
        return [
            self._region_score(
                r,
                name_of(names, r.code) or r.code,
                ranks.get(r.code),
                [scores[index] for scores in normalised],
            )
            for index, r in enumerate(parts)
        ]

    def _region(
        self,
        index: int,
        code: str,
        rows: list[list[_DimensionRow]],
        by_group: list[list[_GroupScores]],
        indicators: list[list[list[IndicatorScore]]],
        alerts: list[list[dict[int, list[tuple[str, str]]]]],
    ) -> _Region:
        """Region `code`, the `index`-th scored, from the rows of its dimensions, the
        IndicatorScores of every indicator and their warnings (by region index)."""
        model = self.model
        warnings: list[str] = []
        parts: list[_DimensionParts] = []
        for plan, plan_rows, plan_groups, plan_indicators, plan_alerts in zip(
            self.plans, rows, by_group, indicators, alerts, strict=True
        ):
            score, _, _, scored = plan_rows[index]
            for found in plan_alerts:  # the indicators' warnings, in their order
                for kind, text in found.get(index, ()):
                    self._warn(warnings, code, kind, text)
            if score is None:
                self._warn(
                    warnings,
                    code,
                    "dimension_uncovered",
                    M.SCORE_DIMENSION_UNCOVERED.format(
                        dimension=plan.dimension.id,
                        present=scored,
                        total=len(plan.columns),
                        needed=percent(plan.needed),
                    ),
                )
            group_means, disagreement = plan_groups[index]
            parts.append(
                _DimensionParts(
                    plan.dimension,
                    rounded(score),
                    scored / len(plan.columns),
                    scored,
                    plan.needed,
                    [scores[index] for scores in plan_indicators],
                    group_means,
                    disagreement,
                )
            )
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
        return _Region(
            code, self.respondents[code], composite, dimensions, classified, coverage, warnings
        )

    def _region_score(
        self, region: _Region, name: str, rank: int | None, normalised: list[float | None]
    ) -> RegionScore:
        """The RegionScore of `region`, of its `rank` among those classed; `normalised`: each
        of its indicators' normalised score as shown, in the model's order."""
        class_id, composite_class, gate_id, reason, gates = region.classified
        target, gap, fastest, points, closes = next_class(
            self.model, class_id, composite_class, region.composite, region.dimensions
        )
        return RegionScore.made(
            {
                "code": region.code,
                "name": name,
                "respondents": sum(region.respondents.values()),
                "respondents_by_group": region.respondents,
                "composite": region.composite,
                "class_id": class_id,
                "class_reason": reason,
                "gate": gate_id,
                "rank": rank,
                "coverage": rounded(region.coverage) or 0.0,
                "dimensions": region.dimensions,
                "stages": stage_scores(self.stage_shares, normalised),
                "next_class": target,
                "gap_to_next": rounded(gap),
                "fastest_dimension": fastest,
                "fastest_dimension_points": rounded(points),
                "fastest_closes_gap": closes,
                "composite_class": composite_class,
                "gates": gates,
                "warnings": region.warnings,
            }
        )

    def _group_scores(self, plan: _DimensionPlan) -> list[_GroupScores]:
        """A dimension's score per stakeholder group in each region scored (the weighted
        mean of the group's means of its survey indicators), and the spread between the
        highest and the lowest.

        For every region at once, from the groups' means _survey_raws found (as arrays, not
        from each indicator's group_means): the products of means and weights as arrays, each
        sum of them, and of the weights, exact (math.fsum), as for one region at a time.
        """
        import numpy as np

        if not plan.survey or self.group_means is None:
            return [({}, None) for _ in self.codes]
        groups = [list(self.respondents[code]) for code in self.codes]  # sorted, as the table
        width = max((len(names) for names in groups), default=0)
        shown, known, index = self.group_means  # [region, group, question], from _survey_raws
        at = [index[column.indicator.question or ""] for column, _ in plan.survey]
        rows = slice(len(self.codes))  # the regions scored come first
        found = np.where(known[rows, :width][..., at], shown[rows, :width][..., at], np.nan)
        present = ~np.isnan(found)
        weight = np.array([w for _, w in plan.survey])
        products = np.where(present, found * weight, 0.0).reshape(-1, len(at)).tolist()
        weights = np.where(present, weight, 0.0).reshape(-1, len(at)).tolist()
        fsum = math.fsum
        with np.errstate(divide="ignore", invalid="ignore"):
            totals = np.array([fsum(p) for p in products]) / np.array([fsum(w) for w in weights])
        totals = np.where(present.any(axis=2).reshape(-1), totals, np.nan)
        scores = _shown(totals).reshape(len(self.codes), width)
        scored = ~np.isnan(scores)
        count = scored.sum(axis=1)
        highest = np.where(scored, scores, -np.inf).max(axis=1, initial=-np.inf)
        lowest = np.where(scored, scores, np.inf).min(axis=1, initial=np.inf)
        spread = _shown(np.where(count >= 2, highest - lowest, 0.0)).tolist()
        out: list[_GroupScores] = []
        for names, row, has, n, apart in zip(
            groups, scores.tolist(), scored.tolist(), count.tolist(), spread, strict=True
        ):
            means: dict[str, float | None] = {
                group: row[i] if has[i] else None for i, group in enumerate(names)
            }
            out.append((means, apart if n >= 2 else None))
        return out

    def _dimension_rows(self, plan: _DimensionPlan) -> list[_DimensionRow]:
        """A dimension in each region scored: its score (None when too few of its indicators
        have one), each indicator's share of it and part in it as shown, and how many of its
        indicators have a score."""
        import numpy as np

        count = len(plan.columns)
        complete = plan.needed <= 1.0 + 1e-12  # the rule below, at a coverage of 1.0
        model = self.model
        method, floor = model.aggregation, model.geometric_floor
        every = list(zip(*(column.scores for column in plan.columns), strict=True))
        # the common case, every indicator scored: the score and its terms by weighted_mean,
        # the terms of every such region shown at once (_shown: round's own floats)
        means = [
            weighted_mean(scores, plan.shares, method, floor)
            if complete and None not in scores
            else None
            for scores in every
        ]
        terms = [mean[1] for mean in means if mean is not None]
        shown: Iterator[list[float | None]] = iter(
            _shown(np.array(terms)).tolist() if terms else []
        )
        rows: list[_DimensionRow] = []
        add = rows.append
        for scores, mean in zip(every, means, strict=True):
            if mean is not None:
                add((mean[0], plan.shown_shares, next(shown), count))
                continue
            present = [(position, s) for position, s in enumerate(scores) if s is not None]
            if present and len(present) / count + 1e-12 >= plan.needed:
                add((*self._aggregate(plan, present), len(present)))
            else:
                add((None, plan.no_shares, plan.no_contributions, len(present)))
        return rows

    def _indicator_scores(
        self, column: _Column, rows: list[_DimensionRow], position: int
    ) -> tuple[list[IndicatorScore], dict[int, list[tuple[str, str]]], list[float | None]]:
        """An indicator's IndicatorScore in each region scored (`rows`: its dimension's in
        each region, the indicator at `position` in it), the warnings about single regions
        it gives: (kind, text) by the region's index, and its normalised score as shown in
        each region."""
        import numpy as np

        fixed = column.fixed
        ident = fixed.id
        notes = column.norm.notes
        transformed_of = column.transformed
        statistic = column.indicator.question is None
        values = [raw.value for raw in column.cells]
        nan = math.nan
        shown_values = _shown(np.array([nan if v is None else v for v in values])).tolist()
        shown_scores = _shown(np.array([nan if v is None else v for v in column.scores])).tolist()
        # Every field of IndicatorScore, in its order: those of the indicator here, those of
        # the region set below (a copy of a dict is quicker to make than a dict).
        fields: dict[str, Any] = {
            "id": ident,
            "label": fixed.label,
            "source": fixed.source,
            "raw": None,
            "normalised": None,
            "weight": fixed.weight,
            "effective_weight": 0.0,
            "contribution": None,
            "direction": fixed.direction,
            "stage": fixed.stage,
            "year": None,
            "flags": None,
            "respondents": None,
            "group_means": None,
            "note": None,
            "origin": fixed.origin,
            "transformed": None,
            "normalisation": fixed.normalisation,
            "disagreement": None,
            "aggregated_from": None,
            "yearly": None,
        }
        copy = fields.copy
        make = _indicator_score
        alerts: dict[int, list[tuple[str, str]]] = {}
        out: list[IndicatorScore] = []
        normals: list[float | None] = []
        add = out.append
        for index, (code, raw, value, normalised, shown, shown_score, row) in enumerate(
            zip(
                self.codes,
                column.cells,
                values,
                column.scores,
                shown_values,
                shown_scores,
                rows,
                strict=True,
            )
        ):
            note = raw.note or notes.get(code)
            missing = statistic and note is not None and normalised is None
            flagged = bool(raw.flags) and value is not None
            if missing or flagged:
                found = alerts[index] = []
                if missing:
                    kind = raw.kind if raw.note else "not_normalised"
                    found.append((kind, M.AT.format(where=ident, problem=note)))
                if flagged:
                    flags = describe_flags(raw.flags)
                    text = M.SCORE_FLAGGED.format(indicator=ident, flags=flags, year=raw.year)
                    found.append(("flagged", text))
            one = copy()
            if value is not None:
                one["raw"] = shown
            if normalised is not None:
                # a survey score is often its own value: shown alike
                one["normalised"] = shown if normalised == value else shown_score
            normals.append(one["normalised"])
            one["effective_weight"] = row[1][position]
            one["contribution"] = row[2][position]
            one["year"] = raw.year
            one["flags"] = list(raw.flags)
            one["respondents"] = raw.respondents
            one["group_means"] = raw.group_means
            one["note"] = note
            if transformed_of is not None and (transformed := transformed_of.get(code)) is not None:
                one["transformed"] = round(transformed, DECIMALS) + 0.0
            one["disagreement"] = raw.disagreement
            one["aggregated_from"] = list(raw.aggregated)
            one["yearly"] = raw.yearly
            add(make(one))
        return out, alerts, normals

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
                self._warn(warnings, code, "gate_missing", note)
            checks.append(
                GateCheck.made(
                    {
                        "id": gate.id,
                        "label": gate.label,
                        "condition": condition,
                        "value": None if value is None else float(value),
                        "fired": value is not None and gate.holds(value),
                        "class_id": gate.class_,
                        "note": note,
                    }
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
            if isinstance(source.year, YearMean) and source.year.min_years is not None:
                parts.append(f"at least {source.year.min_years} years with a value")
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


def _shown(values: np.ndarray) -> np.ndarray:
    """round(v, DECIMALS) + 0.0 of each element v, exactly.

    round(v, 6) is the float nearest to k / 10**6, k the integer nearest to v x 10**6 (exact
    product): rint of the float product gives that k whenever the product is below 2**43
    (an error of at most 2**-11) and more than 0.499 from a half; k / 1e6 is then the same
    correctly rounded float. The other elements (a half, huge values, NaN) are rounded by
    round itself.
    """
    import numpy as np

    scale = 10.0**DECIMALS
    with np.errstate(over="ignore", invalid="ignore"):  # those are rounded below
        scaled = values * scale
        whole = np.rint(scaled)
        exact = (np.abs(scaled) < 2.0**43) & (np.abs(scaled - whole) < 0.499)
        out: np.ndarray = whole / scale + 0.0
    for index in np.flatnonzero(~exact).tolist():
        out.flat[index] = round(float(values.flat[index]), DECIMALS) + 0.0
    return out


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
            return _Raw(
                None, note=M.SCORE_NO_VALUE_FOR_RULE.format(file=name), kind="no_value_for_year"
            )
        found = aggregate_children(table, code, rule, weights) if rule is not None else None
        if found is None or rule is None:
            return _Raw(
                None,
                note=M.SCORE_REGION_NOT_IN_SOURCE.format(code=code, file=name),
                kind="not_in_source",
            )
        if found.value is None:
            missing = ", ".join(found.missing)
            note = M.SCORE_AGGREGATE_INCOMPLETE.format(
                code=code, file=name, missing=missing, level=rule.level
            )
            return _Raw(None, note=note, kind="aggregate_incomplete")
        aggregated_by = (
            M.SCORE_AGGREGATED_WEIGHTED if rule.method == "weighted" else M.SCORE_AGGREGATED_MEAN
        )
        note = aggregated_by.format(
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
    yearly = dict(value.yearly) if value.yearly else None
    if value.missing is not None:
        return _Raw(
            None,
            year=value.year,
            flags=value.flags,
            note=value.missing.format(file=name),
            kind="too_few_years",
            yearly=yearly,
        )
    if value.value is None or not math.isfinite(value.value):
        flags = f", flagged {describe_flags(value.flags)}" if value.flags else ""
        return _Raw(
            None,
            year=value.year,
            flags=value.flags,
            note=M.SCORE_EMPTY_VALUE.format(file=name, year=value.year, flags=flags),
            kind="confidential" if is_confidential(value.flags) else "empty_value",
            yearly=yearly,
        )
    return _Raw(value.value, year=value.year, flags=value.flags, yearly=yearly)


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
        return DimensionScore.made(
            {
                "id": self.dimension.id,
                "label": self.dimension.label,
                "weight": self.dimension.weight,
                "score": self.score,
                "coverage": rounded(self.coverage) or 0.0,
                "contribution": contribution,
                "group_means": self.group_means,
                "disagreement": self.disagreement,
                "indicators": self.indicators,
                "effective_weight": effective_weight,
                "min_coverage": self.needed,
            }
        )
