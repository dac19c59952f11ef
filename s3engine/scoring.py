"""The stress test's arithmetic: responses + statistics + model -> a ScoreResult.

Pure functions and in-memory accumulators, no files and no printing. Responses are consumed
one at a time (`SurveyTally.add`): each is checked against the questionnaire with the rules
shared by the survey and `check` (answers.check_answers), and only counts of answers per
region, stakeholder group and question are kept, so memory does not grow with the number of
responses. `build_result` then turns the tallies and the regional statistics into indicator,
dimension and composite scores, classes, gates and explanations. docs/scoring-model.md
describes the method step by step.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import Field

from s3engine import messages as M
from s3engine.answers import check_answers, check_value, visible_questions
from s3engine.conditions import comparisons, is_answered
from s3engine.model import (
    Dimension,
    Goalposts,
    Indicator,
    MinMax,
    NoNormalisation,
    Rank,
    Ratio,
    ScoringModel,
    ZScore,
)
from s3engine.questionnaire import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    ScaleQuestion,
    SingleChoice,
    YesNo,
)
from s3engine.regional_data import RegionValue, SourceTable, is_aggregate, nuts_level
from s3engine.responses import Response
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
from s3engine.survey_flow import profile_problems

#: Scores are kept to this many decimals; composites are compared with thresholds after it.
DECIMALS = 6
#: At most this many refused responses are described in the result's warnings.
MAX_REFUSALS_LISTED = 20


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS) + 0.0


# -- answer scores ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerScores:
    """How one question's answer becomes a number for one respondent.

    Finite answers (scale points, options, yes/no) have a `table` from answer to score, None
    for answers without a score (such as the "no information" point); multiple choice and
    number questions use `function`. With `rescale`, scores run from 0 (the lowest possible)
    to 100 (the highest possible).
    """

    qid: str
    table: Mapping[Any, float | None] | None = None
    function: Callable[[Any], float | None] | None = None
    low: float = 0.0
    high: float = 100.0

    @classmethod
    def of(cls, q: Questionnaire, question: Question, *, rescale: bool) -> AnswerScores:
        """Raise ValueError (saying why) when the question cannot be scored."""
        if isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            if scale is None:
                raise ValueError("its scale is not defined")
            points: dict[Any, float | None] = {
                p.value: scale.score_of(p.value) for p in scale.points
            }
            return cls._from_table(question.id, points, rescale, "points of its scale")
        if isinstance(question, SingleChoice):
            options: dict[Any, float | None] = {o.value: o.score for o in q.options_of(question)}
            return cls._from_table(question.id, options, rescale, "options")
        if isinstance(question, YesNo):
            if question.yes_score is None or question.no_score is None:
                raise ValueError("a yes/no question needs both yes_score and no_score")
            raw_yn: dict[Any, float | None] = {True: question.yes_score, False: question.no_score}
            return cls._from_table(question.id, raw_yn, rescale, "answers")
        if isinstance(question, MultipleChoice):
            scores = {o.value: o.score for o in q.options_of(question) if o.score is not None}
            low = math.fsum(s for s in scores.values() if s < 0)
            high = math.fsum(s for s in scores.values() if s > 0)
            if not scores or low == high:
                raise ValueError("none of its options has a score other than 0")
            span = high - low

            def selected(value: Any) -> float | None:
                picked = [scores[v] for v in value if v in scores]
                if not picked:
                    return None
                total = math.fsum(picked)
                return (total - low) / span * 100.0 if rescale else total

            return cls(question.id, function=selected, low=low, high=high)
        if isinstance(question, NumberQuestion):

            def number(value: Any) -> float | None:
                return float(value)

            return cls(question.id, function=number, low=math.nan, high=math.nan)
        raise ValueError(f"a {question.type.replace('_', ' ')} question has no scores")

    @classmethod
    def _from_table(
        cls, qid: str, raw: Mapping[Any, float | None], rescale: bool, what: str
    ) -> AnswerScores:
        scored = [s for s in raw.values() if s is not None]
        if len(set(scored)) < 2:
            raise ValueError(f"fewer than two of its {what} have different scores")
        low, high = min(scored), max(scored)
        if not rescale:
            return cls(qid, table=dict(raw), low=low, high=high)
        span = high - low
        table = {k: None if s is None else (s - low) / span * 100.0 for k, s in raw.items()}
        return cls(qid, table=table, low=low, high=high)

    def score(self, value: Any) -> float | None:
        if not is_answered(value):
            return None
        if self.table is not None:
            return self.table.get(value)
        assert self.function is not None
        return self.function(value)


# -- checking answers quickly, with the shared rules -----------------------------------------


class AnswerChecker:
    """`answers.check_answers`, with a fast path for the answers most responses give.

    A response passes the fast path only when check_answers would find no problem: the
    visible questions are computed once per stakeholder group and combination of the answers
    that conditions read; each (question, answer) pair is looked up among the pairs known to
    be valid (every scale point, option and yes/no of a question without constraints, and the
    pairs `check_value` has accepted before); any other answer goes through check_value.
    Whatever the fast path cannot vouch for is checked by check_answers itself, which then
    says what is wrong.

    The fast path can count the answers of a response it accepts in the same pass: `valid`
    maps each valid pair to the key it is counted under (`scored` gives the keys of the pairs
    a model scores; every other pair is counted under UNSCORED).
    """

    def __init__(
        self, q: Questionnaire, scored: Mapping[tuple[str, Any], tuple[str, Any]] | None = None
    ):
        self.q = q
        self.scored = dict(scored or {})
        self.groups = frozenset(g.id for g in q.profile.groups)
        self.known = q.question_index
        refs: set[str] = set()
        conditions = [s.show_if for s in q.sections if s.show_if is not None]
        conditions += [x.show_if for _, x in q.questions() if x.show_if is not None]
        for condition in conditions:
            for cmp, _ in comparisons(condition):
                refs.update(_referenced(cmp))
        self.refs = tuple(sorted(refs))
        valid: dict[tuple[str, Any], Any] = {}
        yes_no: list[str] = []
        constrained: list[str] = []
        for _, question in q.questions():
            if isinstance(question, YesNo):
                yes_no.append(question.id)
            if question.constraints:
                constrained.append(question.id)
                continue
            pairs: list[tuple[str, Any]] = []
            if isinstance(question, ScaleQuestion):
                scale = q.scale_of(question)
                if scale is not None:
                    pairs = [(question.id, p.value) for p in scale.points]
            elif isinstance(question, SingleChoice):
                pairs = [(question.id, o.value) for o in q.options_of(question)]
            elif isinstance(question, YesNo):
                pairs = [(question.id, True), (question.id, False)]
            for pair in pairs:
                valid[pair] = self.scored.get(pair, UNSCORED)
        self.valid = valid
        self.key_of = valid.get
        self.yes_no = tuple(yes_no)
        self.constrained = tuple(constrained)
        self.optional = frozenset(x.id for _, x in q.questions() if not x.required)
        self._visible: dict[tuple[Any, ...], tuple[frozenset[str], frozenset[str]]] = {}

    def problems(self, response: Response) -> list[tuple[str, str]]:
        """(question id, message) for every problem of the response's answers; [] if valid."""
        group = response.respondent.group
        complete = response.status == "complete"
        if group in self.groups and self.fast_ok(
            response.answers, group, complete, response.skipped
        ):
            return []
        return check_answers(
            self.q,
            response.answers,
            group=group,
            lang=response.language,
            complete=complete,
            skipped=response.skipped,
        )

    def fast_ok(
        self,
        answers: dict[str, Any],
        group: str,
        complete: bool,
        skipped: list[str],
        counter: Counter[Any] | None = None,
    ) -> bool:
        """True only if check_answers finds nothing wrong; False means: ask check_answers.

        With `counter`, the answers of an accepted response are counted in it (under
        `key_of(pair)`); a refused response leaves it as it was.
        """
        if skipped and not self.optional.issuperset(skipped):
            return False
        kinds = list(map(type, answers.values()))
        if _NONE in kinds or dict in kinds:  # not answer values (a LenientResponse may hold them)
            return False
        booleans = kinds.count(bool)
        if booleans or self.yes_no:
            # bool == int in Python: only yes/no questions may hold booleans, and only those.
            yes = [answers[qid] for qid in self.yes_no if qid in answers]
            if booleans != len(yes) or not all(v.__class__ is bool for v in yes):
                return False
        lists = list in kinds
        try:
            if lists:
                key = (group, *map(_hashable, map(answers.get, self.refs)))
            else:
                key = (group, *map(answers.get, self.refs))
            visible, required = self._visible[key]
        except KeyError:
            shown = visible_questions(self.q, answers, group)
            visible = frozenset(x.id for x in shown)
            required = frozenset(x.id for x in shown if x.required)
            if len(self._visible) < MAX_MEMO:
                self._visible[key] = (visible, required)
        if not answers.keys() <= visible:
            return False
        if complete and not required <= answers.keys():
            return False
        # Answers to questions with constraints depend on other answers: check each.
        constrained = 0
        for qid in self.constrained:
            if qid in answers:
                if check_value(self.q, self.known[qid], answers[qid], answers, "en") is not None:
                    return False
                constrained += 1
        pairs: Iterable[tuple[str, Any]] = (
            [(k, _hashable(v)) for k, v in answers.items()] if lists else answers.items()
        )
        valid = self.valid
        if counter is not None:
            before = counter[None]
            counter.update(map(self.key_of, pairs))
            if counter[None] - before == constrained:
                return True
            counter.subtract(map(self.key_of, pairs))  # undo: some answer is not known yet
        elif all(map(valid.__contains__, pairs)):
            return True
        for qid, value in [pair for pair in pairs if pair not in valid]:
            question = self.known[qid]
            if question.constraints:
                continue  # checked above
            original = answers[qid]
            if (
                is_answered(original)
                and check_value(self.q, question, original, answers, "en") is not None
            ):
                return False
            if len(valid) < MAX_MEMO:
                valid[(qid, value)] = self.scored.get((qid, value), UNSCORED)
        if counter is not None:
            counter.update(map(self.key_of, pairs))
        return True


#: The key under which valid answers that no indicator scores are counted.
UNSCORED = ("", None)


_NONE = type(None)
#: Bound on the memos of the fast path (visible questions, valid answers).
MAX_MEMO = 200_000


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _referenced(cmp: Any) -> set[str]:
    found = {cmp.question} if cmp.question else set()
    operand = cmp.operand
    ref = getattr(operand, "answer_of", None)
    if isinstance(ref, str):
        found.add(ref)
    return found


class LenientResponse(Response):
    """A response whose answers pydantic leaves unchecked, for the fast JSON Lines path.

    The answers are checked against the questionnaire anyway; whenever that check is not
    conclusive, SurveyTally.add returns RECHECK and the reader validates the document with
    the full Response model.
    """

    answers: dict[str, Any] = Field(default_factory=dict)


#: What SurveyTally.add returns for a LenientResponse that needs the full validation.
RECHECK: list[str] = ["recheck"]


# -- tallying responses ----------------------------------------------------------------------


@dataclass
class _Cell:
    """The answers of one stakeholder group in one region."""

    respondents: int = 0
    pairs: Counter[tuple[str, Any] | None] = field(default_factory=Counter)
    sums: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupTotals:
    respondents: int
    #: question id -> (sum of scores, number of scored answers)
    answers: dict[str, tuple[float, int]]


class SurveyTally:
    """Counts the answers of valid responses by region, group and question, one at a time."""

    def __init__(self, model: ScoringModel, questionnaire: Questionnaire):
        self.model = model
        self.q = questionnaire
        self.ref = (questionnaire.id, questionnaire.version, questionnaire.content_hash)
        self.scorers: dict[str, AnswerScores] = {}
        for _, indicator in model.indicators():
            if indicator.question is not None:
                question = questionnaire.question_index[indicator.question]
                self.scorers[indicator.question] = AnswerScores.of(
                    questionnaire, question, rescale=indicator.rescale
                )
        tables = [s for s in self.scorers.values() if s.table is not None]
        #: Every scored (question, answer) pair, mapped to itself: the tallies share its keys.
        self.canonical: dict[tuple[str, Any], tuple[str, Any]] = {
            (s.qid, value): (s.qid, value) for s in tables for value in (s.table or {})
        }
        self.checker = AnswerChecker(questionnaire, self.canonical)
        #: scored pair -> (question id, score), for pairs whose answer has a score
        self.pair_info: dict[Any, tuple[str, float]] = {
            (s.qid, value): (s.qid, score)
            for s in tables
            for value, score in (s.table or {}).items()
            if score is not None
        }
        self.looped = tuple(s for s in self.scorers.values() if s.function is not None)
        self.cells: dict[tuple[str, str], _Cell] = {}
        self.names: dict[str, str] = {}
        self.seen: set[str] = set()
        self.read = 0
        self.refused = 0
        self.refusals: list[str] = []
        self._profiles: dict[tuple[str, str, str | None, str], tuple[str, ...]] = {}

    def add(self, response: Response) -> list[str]:
        """Count a response; return why it is refused ([] when it is counted).

        A LenientResponse the fast checks cannot vouch for is neither counted nor refused:
        the result is RECHECK, and the caller passes the fully validated Response instead.
        """
        who = response.respondent
        answers = response.answers
        complete = response.status == "complete"
        key = (who.region, who.group)
        cell = self.cells.get(key)
        new = cell is None
        if cell is None:
            cell = _Cell()
        problems = self._problems(response, complete)
        checker = self.checker
        if (
            problems
            or who.group not in checker.groups
            or not checker.fast_ok(answers, who.group, complete, response.skipped, cell.pairs)
        ):
            if isinstance(response, LenientResponse):
                return RECHECK
            problems.extend(f"{qid}: {message}" for qid, message in checker.problems(response))
            if problems:
                self.refused += 1
                if len(self.refusals) < MAX_REFUSALS_LISTED:
                    self.refusals.append(
                        M.SCORE_REFUSED.format(id=who.id, region=who.region, problem=problems[0])
                        + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
                    )
                return problems
            cell.pairs.update(map(checker.key_of, ((k, _hashable(v)) for k, v in answers.items())))
        if new:
            self.cells[key] = cell
            if who.region_name and who.region not in self.names:
                self.names[who.region] = who.region_name
        self.seen.add(who.id)
        self.read += 1
        cell.respondents += 1
        for scorer in self.looped:
            value = answers.get(scorer.qid)
            if value is None:
                continue
            score = scorer.score(value)
            if score is not None:
                cell.sums[scorer.qid] = cell.sums.get(scorer.qid, 0.0) + score
                cell.counts[scorer.qid] = cell.counts.get(scorer.qid, 0) + 1
        return []

    def _problems(self, response: Response, complete: bool) -> list[str]:
        """Everything wrong with a response apart from its answers."""
        ref = response.questionnaire
        q = self.q
        if (ref.id, ref.version, ref.hash) != self.ref:
            if ref.id != q.id:
                return [M.SCORE_OTHER_QUESTIONNAIRE.format(id=ref.id, expected=q.id)]
            if ref.version != q.version:
                return [
                    M.SCORE_OTHER_VERSION.format(id=q.id, version=ref.version, expected=q.version)
                ]
            return [M.SCORE_OTHER_CONTENT.format(id=q.id, version=q.version)]
        who = response.respondent
        if who.id in self.seen:
            return [M.SCORE_DUPLICATE.format(id=who.id)]
        problems = list(self._profile(who.region, who.group, who.sector, response.language))
        if q.consent is not None and response.consent is not True:
            problems.append(M.RESPONSE_CONSENT_MISSING)
        submitted = response.submitted
        if (
            complete is (submitted is None)
            or response.updated < response.started
            or (submitted is not None and submitted < response.started)
        ):
            problems.extend(_time_problems(response))
        skipped = response.skipped
        if skipped and not response.answers.keys().isdisjoint(skipped):
            problems.extend(
                M.SURVEY_SKIPPED_AND_ANSWERED.format(qid=qid)
                for qid in skipped
                if qid in response.answers
            )
        return problems

    def _profile(
        self, region: str, group: str, sector: str | None, language: str
    ) -> tuple[str, ...]:
        """The shared profile rules (survey_flow.profile_problems), once per combination."""
        key = (region, group, sector, language)
        found = self._profiles.get(key)
        if found is None:
            found = tuple(
                f"respondent.{name}: {message}"
                for name, message in profile_problems(
                    self.q, region=region, group=group, sector=sector, language=language
                )
            )
            if len(self._profiles) < MAX_MEMO:
                self._profiles[key] = found
        return found

    @property
    def regions(self) -> list[str]:
        return sorted({region for region, _ in self.cells})

    def totals(self) -> dict[str, dict[str, GroupTotals]]:
        """The answers per region and stakeholder group, as sums and counts of scores."""
        out: dict[str, dict[str, GroupTotals]] = {}
        info = self.pair_info.get
        for (code, group), cell in sorted(self.cells.items()):
            sums: dict[str, float] = dict(cell.sums)
            counts: dict[str, int] = dict(cell.counts)
            for pair, n in cell.pairs.items():
                found = info(pair)
                if found is None or not n:
                    continue
                qid, score = found
                if qid in sums:
                    sums[qid] += score * n
                    counts[qid] += n
                else:
                    sums[qid] = score * n
                    counts[qid] = n
            answers = {qid: (sums[qid], counts[qid]) for qid in sums}
            out.setdefault(code, {})[group] = GroupTotals(cell.respondents, answers)
        return out


def _time_problems(response: Response) -> list[str]:
    """The shared rules on a response's times (as `check` applies them to response files)."""
    problems: list[str] = []
    if response.status == "complete" and response.submitted is None:
        problems.append(M.RESPONSE_SUBMITTED_MISSING)
    elif response.status == "partial" and response.submitted is not None:
        problems.append(M.RESPONSE_SUBMITTED_PARTIAL)
    for earlier, later in (("started", "updated"), ("started", "submitted")):
        first, second = getattr(response, earlier), getattr(response, later)
        if first is not None and second is not None and second < first:
            problems.append(
                M.RESPONSE_TIME_ORDER.format(
                    later=later,
                    later_value=second.isoformat(),
                    earlier=earlier,
                    earlier_value=first.isoformat(),
                )
            )
    return problems


# -- building the result ---------------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    """One indicator's value in one region, before transformation."""

    value: float | None
    year: str | None = None
    flags: tuple[str, ...] = ()
    respondents: int | None = None
    group_means: dict[str, float | None] = field(default_factory=dict)
    note: str | None = None


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


@dataclass
class _Normalised:
    transformed: dict[str, float | None]
    scores: dict[str, float | None]
    description: str
    notes: dict[str, str]
    transformed_shown: bool


def score(
    model: ScoringModel,
    *,
    questionnaire: Questionnaire | None = None,
    responses: Iterable[Response] = (),
    statistics: Mapping[str, SourceTable] | None = None,
    regions: Sequence[str] | None = None,
    level: int | None = None,
    generated: datetime | None = None,
) -> ScoreResult:
    """Score regions: the library's one call. `statistics` maps source ids to their tables."""
    tally: SurveyTally | None = None
    if model.uses_survey:
        if questionnaire is None:
            raise ValueError("the model scores survey questions: pass its questionnaire")
        tally = SurveyTally(model, questionnaire)
        for response in responses:
            tally.add(response)
    return build_result(
        model,
        questionnaire=questionnaire,
        tally=tally,
        statistics=statistics or {},
        regions=regions,
        level=level,
        generated=generated,
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
    codes, warnings = select_regions(model, tally, statistics, regions, level)
    builder = _Builder(model, questionnaire, tally, statistics, codes)
    region_scores = builder.regions()
    warnings += builder.warnings
    if tally is not None and tally.refused:
        warnings.append(M.SCORE_REFUSED_COUNT.format(count=tally.refused, read=tally.read))
        warnings.extend(tally.refusals)
        if tally.refused > len(tally.refusals):
            warnings.append(M.SCORE_MORE_REFUSED.format(count=tally.refused - len(tally.refusals)))
    for source_id, table in sorted(statistics.items()):
        warnings.extend(f.render() for f in table.warnings)
        del source_id
    all_names = {**(names or {}), **(tally.names if tally else {})}
    if questionnaire is not None and questionnaire.profile.regions:
        for region in questionnaire.profile.regions:
            all_names.setdefault(region.code, region.name)
    region_scores = [
        r.model_copy(update={"name": all_names.get(r.code, r.code)}) for r in region_scores
    ]
    dimension_means: dict[str, float | None] = {}
    for dimension in model.dimensions:
        values = [
            d.score
            for r in region_scores
            for d in r.dimensions
            if d.id == dimension.id and d.score is not None
        ]
        dimension_means[dimension.id] = rounded(math.fsum(values) / len(values)) if values else None
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
        dimensions=[d.id for d in model.dimensions],
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


class _Builder:
    def __init__(
        self,
        model: ScoringModel,
        q: Questionnaire | None,
        tally: SurveyTally | None,
        statistics: Mapping[str, SourceTable],
        codes: list[str],
    ):
        self.model = model
        self.q = q
        self.tally = tally
        self.statistics = statistics
        self.codes = codes
        self.warnings: list[str] = []
        totals = tally.totals() if tally else {}
        self.group_totals = {code: totals.get(code, {}) for code in codes}
        self.raw: dict[str, dict[str, _Raw]] = {}
        self.norm: dict[str, _Normalised] = {}
        self.origins = {i.id: self._origin(i) for _, i in model.indicators()}
        for _, indicator in model.indicators():
            self.raw[indicator.id] = {code: self._raw(indicator, code) for code in codes}
            self.norm[indicator.id] = self._normalise(indicator)

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
        for group, totals in self.group_totals.get(code, {}).items():
            found = totals.answers.get(qid)
            if found is None or not found[1]:
                means[group] = None
                continue
            s, n = found
            mean = s / n
            means[group] = round(mean, DECIMALS) + 0.0
            answered += 1
            total += n
            pooled += s
            w = weights_of.get(group, 1.0)
            weighted += w * mean
            weights += w
        if total < rules.min_respondents or answered < rules.min_groups:
            note = M.SCORE_TOO_FEW_ANSWERS.format(
                count=total,
                groups=answered,
                min_respondents=rules.min_respondents,
                min_groups=rules.min_groups,
            )
            return _Raw(None, respondents=total, group_means=means, note=note)
        value = weighted / weights if rules.aggregation == "group_mean" else pooled / total
        return _Raw(value, respondents=total, group_means=means)

    def _statistic_raw(self, source_id: str, code: str) -> _Raw:
        table = self.statistics.get(source_id)
        if table is None:
            return _Raw(None, note=M.SCORE_SOURCE_NOT_READ.format(source=source_id))
        value: RegionValue | None = table.values.get(code)
        name = _file_name(table.file)
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

    # -- transformation and normalisation ------------------------------------------------

    def _normalise(self, indicator: Indicator) -> _Normalised:
        raws = self.raw[indicator.id]
        values: dict[str, float | None] = {code: r.value for code, r in raws.items()}
        notes: dict[str, str] = {}
        steps: list[str] = []
        if indicator.winsorise is not None:
            present = sorted(v for v in values.values() if v is not None)
            if present:
                low = quantile(present, indicator.winsorise.lower)
                high = quantile(present, indicator.winsorise.upper)
                values = {
                    c: None if v is None else min(max(v, low), high) for c, v in values.items()
                }
                steps.append(
                    f"winsorised to the {indicator.winsorise.lower:g} and "
                    f"{indicator.winsorise.upper:g} quantiles ({_g(low)} to {_g(high)})"
                )
        if indicator.log:
            logged: dict[str, float | None] = {}
            for code, v in values.items():
                if v is not None and v <= -1:
                    notes[code] = M.SCORE_LOG_UNDEFINED.format(value=_g(v))
                    logged[code] = None
                else:
                    logged[code] = None if v is None else math.log1p(v)
            values = logged
            steps.append("ln(1 + value)")
        scores, description = self._method(indicator, values, notes)
        if indicator.direction == "lower_is_better":
            scores = {c: None if s is None else 100.0 - s for c, s in scores.items()}
            description += "; lower is better: 100 - score"
        if steps:
            description = ", then ".join(steps) + "; " + description
        return _Normalised(values, scores, description, notes, bool(steps))

    def _method(
        self, indicator: Indicator, values: dict[str, float | None], notes: dict[str, str]
    ) -> tuple[dict[str, float | None], str]:
        method = indicator.normalisation
        present = [v for v in values.values() if v is not None]
        n = len(present)
        if isinstance(method, NoNormalisation):
            return {c: _clamp(v) for c, v in values.items()}, "none (a 0-100 score already)"
        if isinstance(method, Goalposts):
            low, high = method.min, method.max
            if indicator.log:
                low, high = math.log1p(low), math.log1p(high)
            span = high - low
            out = {
                c: None if v is None else _clamp((v - low) / span * 100.0)
                for c, v in values.items()
            }
            return out, f"goalposts {_g(low)} = 0 and {_g(high)} = 100, clamped"
        if isinstance(method, MinMax):
            if n == 0:
                return dict.fromkeys(values), "min-max (no region has a value)"
            low, high = min(present), max(present)
            if high == low:
                return {c: None if v is None else 50.0 for c, v in values.items()}, (
                    f"min-max over {n} regions: all equal ({_g(low)}), so each scores 50"
                )
            out = {
                c: None if v is None else (v - low) / (high - low) * 100.0
                for c, v in values.items()
            }
            return (
                out,
                f"min-max over {_plural(n, 'region')}: min {_g(low)} = 0, max {_g(high)} = 100",
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
                c: None if v is None else _clamp(50.0 + 50.0 * ((v - mean) / sd) / limit)
                for c, v in values.items()
            }
            return out, (
                f"z-score over {_plural(n, 'region')}: mean {_g(mean)}, standard deviation "
                f"{_g(sd)} (population); score = 50 + 50 x z / {_g(limit)}, clamped"
            )
        if isinstance(method, Rank):
            ranks = average_ranks(present)
            if n == 1:
                return {c: None if v is None else 50.0 for c, v in values.items()}, (
                    "rank among 1 region: it scores 50"
                )
            out = {
                c: None if v is None else (ranks[v] - 1) / (n - 1) * 100.0
                for c, v in values.items()
            }
            return out, (
                f"rank among {_plural(n, 'region')}: (rank - 1) / {n - 1} x 100, lowest rank 1, "
                "ties share the mean rank"
            )
        assert isinstance(method, Ratio)
        reference = method.reference
        where = _g(reference) if reference is not None else ""
        if method.reference_region is not None:
            source_id = self.model.source_id(indicator) or ""
            reference = self.source_value(source_id, method.reference_region)
            table = self.statistics.get(source_id)
            year = ""
            if table is not None and method.reference_region in table.values:
                year = table.values[method.reference_region].year or ""
            shown = _g(reference) if reference is not None else "no value"
            where = f"{method.reference_region} ({shown}" + (f", {year})" if year else ")")
            if reference is None or reference <= 0:
                self.warnings.append(
                    M.SCORE_NO_REFERENCE.format(
                        indicator=indicator.id,
                        region=method.reference_region,
                        file=_file_name(table.file) if table else source_id,
                    )
                )
                for code, v in values.items():
                    if v is not None:
                        notes[code] = M.SCORE_NO_REFERENCE_NOTE.format(
                            region=method.reference_region
                        )
                return dict.fromkeys(values), f"ratio to {where}: no reference value"
        assert reference is not None
        full = method.full_at
        out = {
            c: None if v is None else _clamp(v / reference / full * 100.0)
            for c, v in values.items()
        }
        return out, (
            f"ratio to {where}; score = value / reference / {_g(full)} x 100, clamped "
            f"(the reference scores {_g(100.0 / full)})"
        )

    # -- regions -------------------------------------------------------------------------

    def regions(self) -> list[RegionScore]:
        partial = [self._region(code) for code in self.codes]
        ranked = sorted(
            (r.composite, r.code)
            for r in partial
            if r.composite is not None and r.class_id != INSUFFICIENT
        )
        ranks: dict[str, int] = {}
        ordered = sorted(ranked, key=lambda item: -item[0])
        for index, (composite, code) in enumerate(ordered):
            if index and composite == ordered[index - 1][0]:
                ranks[code] = ranks[ordered[index - 1][1]]
            else:
                ranks[code] = index + 1
        return [r.model_copy(update={"rank": ranks.get(r.code)}) for r in partial]

    def _region(self, code: str) -> RegionScore:
        model = self.model
        warnings: list[str] = []
        groups = self.group_totals.get(code, {})
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
        all_indicators = [i for d in dimensions for i in d.indicators]
        coverage = sum(1 for i in all_indicators if i.normalised is not None) / len(all_indicators)
        gates = self._gates(code, dimensions, warnings)
        class_id, composite_class, gate_id, reason, gates = self._classify(
            composite, dimensions, gates, share
        )
        stages = self._stages(dimensions)
        next_class, gap, fastest, points, closes = self._next(
            class_id, composite_class, composite, dimensions
        )
        respondents = {g: t.respondents for g, t in groups.items()}
        return RegionScore(
            code=code,
            name=code,
            respondents=sum(respondents.values()),
            respondents_by_group=respondents,
            composite=composite,
            class_id=class_id,
            class_reason=reason,
            gate=gate_id,
            coverage=rounded(coverage) or 0.0,
            dimensions=dimensions,
            stages=stages,
            next_class=next_class,
            gap_to_next=rounded(gap),
            fastest_dimension=fastest,
            fastest_dimension_points=rounded(points),
            fastest_closes_gap=closes,
            composite_class=composite_class,
            gates=gates,
            warnings=warnings,
        )

    def _dimension(self, dimension: Dimension, code: str, warnings: list[str]) -> _DimensionParts:
        model = self.model
        present: list[tuple[Indicator, float]] = []
        for indicator in dimension.indicators:
            normalised = self.norm[indicator.id].scores.get(code)
            if normalised is not None:
                present.append((indicator, normalised))
        coverage = len(present) / len(dimension.indicators)
        needed = model.coverage_of(dimension)
        score: float | None = None
        shares: dict[str, tuple[float, float]] = {}
        if present and coverage + 1e-12 >= needed:
            value, terms = aggregate(
                [(s, i.weight) for i, s in present], model.aggregation, model.geometric_floor
            )
            score = value
            total = math.fsum(i.weight for i, _ in present)
            shares = {
                i.id: (i.weight / total, term) for (i, _), term in zip(present, terms, strict=True)
            }
        indicators: list[IndicatorScore] = []
        for indicator in dimension.indicators:
            raw = self.raw[indicator.id][code]
            norm = self.norm[indicator.id]
            normalised = norm.scores.get(code)
            note = raw.note or norm.notes.get(code)
            if normalised is None and note is not None and indicator.kind == "statistic":
                warnings.append(f"{indicator.id}: {note}")
            if raw.flags and raw.value is not None:
                warnings.append(
                    M.SCORE_FLAGGED.format(
                        indicator=indicator.id, flags=describe_flags(raw.flags), year=raw.year
                    )
                )
            means = [m for m in raw.group_means.values() if m is not None]
            weight_share, term = shares.get(indicator.id, (0.0, None))
            indicators.append(
                IndicatorScore(
                    id=indicator.id,
                    label=indicator.label,
                    source=indicator.kind,
                    raw=rounded(raw.value),
                    normalised=rounded(normalised),
                    weight=indicator.weight,
                    effective_weight=rounded(weight_share) or 0.0,
                    contribution=rounded(term),
                    direction=indicator.direction,
                    stage=indicator.stage,
                    year=raw.year,
                    flags=list(raw.flags),
                    respondents=raw.respondents,
                    group_means=raw.group_means,
                    note=note,
                    origin=self.origins[indicator.id],
                    transformed=(
                        rounded(norm.transformed.get(code)) if norm.transformed_shown else None
                    ),
                    normalisation=norm.description,
                    disagreement=rounded(max(means) - min(means)) if len(means) >= 2 else None,
                )
            )
        if score is None:
            warnings.append(
                M.SCORE_DIMENSION_UNCOVERED.format(
                    dimension=dimension.id,
                    present=len(present),
                    total=len(dimension.indicators),
                    needed=_pct(needed),
                )
            )
        group_means, disagreement = self._dimension_groups(dimension, code)
        return _DimensionParts(
            dimension, rounded(score), coverage, needed, indicators, group_means, disagreement
        )

    def _dimension_groups(
        self, dimension: Dimension, code: str
    ) -> tuple[dict[str, float | None], float | None]:
        groups = sorted(self.group_totals.get(code, {}))
        survey = [i for i in dimension.indicators if i.question is not None]
        if not survey or not groups:
            return {}, None
        out: dict[str, float | None] = {}
        for group in groups:
            parts = [
                (m, i.weight)
                for i in survey
                if (m := self.raw[i.id][code].group_means.get(group)) is not None
            ]
            weight = math.fsum(w for _, w in parts)
            out[group] = rounded(math.fsum(m * w for m, w in parts) / weight) if parts else None
        values = [v for v in out.values() if v is not None]
        spread = rounded(max(values) - min(values)) if len(values) >= 2 else None
        return out, spread

    def _origin(self, indicator: Indicator) -> str:
        if indicator.question is not None:
            return f"question {indicator.question}"
        source_id = self.model.source_id(indicator) or ""
        table = self.statistics.get(source_id)
        return _file_name(table.file) if table is not None else f"source {source_id}"

    # -- gates and classes ---------------------------------------------------------------

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

    def _classify(
        self,
        composite: float | None,
        dimensions: list[DimensionScore],
        gates: list[GateCheck],
        share: float,
    ) -> tuple[str, str | None, str | None, str, list[GateCheck]]:
        model = self.model
        levels = model.classes.levels
        if composite is None:
            lacking = [d.id for d in dimensions if d.score is None]
            reason = M.SCORE_REASON_INSUFFICIENT.format(
                present=len(dimensions) - len(lacking),
                total=len(dimensions),
                needed=_pct(model.min_dimension_share),
                lacking=", ".join(lacking) or "none",
            )
            return INSUFFICIENT, None, None, reason, gates
        for gate, check in zip(model.gates, gates, strict=True):
            if check.value is None and gate.if_missing == "insufficient_evidence":
                reason = M.SCORE_REASON_GATE_MISSING.format(gate=gate.id, ref=gate.target[1])
                return INSUFFICIENT, None, None, reason, gates
        index = class_index(composite, model)
        composite_class = levels[index].id
        reason = _threshold_reason(composite, index, model)
        final = index
        deciding: int | None = None
        for position, check in enumerate(gates):
            if check.fired:
                cap = model.class_ids().index(check.class_id)
                if cap > final:
                    final = cap
                    deciding = position
        if deciding is not None:
            check = gates[deciding]
            gates = [
                g.model_copy(update={"changed_class": True}) if i == deciding else g
                for i, g in enumerate(gates)
            ]
            reason = M.SCORE_REASON_GATE.format(
                reason=reason,
                gate=check.id,
                condition=check.condition,
                value=_g(check.value) if check.value is not None else "?",
                label=levels[final].id,
            )
            return levels[final].id, composite_class, check.id, reason, gates
        return composite_class, composite_class, None, reason, gates

    def _stages(self, dimensions: list[DimensionScore]) -> dict[str, float | None]:
        model = self.model
        total = math.fsum(d.weight for d in model.dimensions)
        out: dict[str, float | None] = {}
        for stage in model.stages:
            parts: list[tuple[float, float]] = []
            for dimension, scored in zip(model.dimensions, dimensions, strict=True):
                weights = math.fsum(i.weight for i in dimension.indicators)
                for indicator, result in zip(dimension.indicators, scored.indicators, strict=True):
                    if indicator.stage == stage.id and result.normalised is not None:
                        share = dimension.weight / total * indicator.weight / weights
                        parts.append((result.normalised, share))
            weight = math.fsum(w for _, w in parts)
            out[stage.id] = rounded(math.fsum(s * w for s, w in parts) / weight) if parts else None
        return out

    def _next(
        self,
        class_id: str,
        composite_class: str | None,
        composite: float | None,
        dimensions: list[DimensionScore],
    ) -> tuple[str | None, float | None, str | None, float | None, bool | None]:
        model = self.model
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
                source.year
                if not hasattr(source.year, "mean")
                else (
                    f"mean of {source.year.mean[0]}-{source.year.mean[1]}"  # type: ignore[union-attr]
                )
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
                    file=_file_name(table.file),
                    description="; ".join(parts),
                    regions=len(table.values),
                    years=sorted(table.years),
                )
            )
        return infos


# -- arithmetic shared with the sensitivity analysis -----------------------------------------


def aggregate(
    items: Sequence[tuple[float, float]], method: str, floor: float
) -> tuple[float, list[float]]:
    """Weighted mean of (score, weight) pairs, and each item's part in it.

    Arithmetic: sum of w_i / W x s_i; the parts are the terms. Geometric: product of
    max(s_i, floor) ** (w_i / W); the parts are the factors.
    """
    total = math.fsum(w for _, w in items)
    if method == "geometric":
        parts = [max(s, floor) ** (w / total) for s, w in items]
        return math.prod(parts), parts
    parts = [w / total * s for s, w in items]
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


def _threshold_reason(composite: float, index: int, model: ScoringModel) -> str:
    levels = model.classes.levels
    above = model.classes.on_threshold == "above"
    level = levels[index]
    if level.min is not None:
        relation = "at or above" if above else "above"
        return M.SCORE_REASON_THRESHOLD.format(
            composite=_g(composite), relation=relation, threshold=_g(level.min), label=level.id
        )
    upper = levels[index - 1].min if index > 0 else None
    relation = "below" if above else "at or below"
    return M.SCORE_REASON_THRESHOLD.format(
        composite=_g(composite),
        relation=relation,
        threshold=_g(upper) if upper is not None else "?",
        label=level.id,
    )


def describe_flags(flags: Sequence[str]) -> str:
    """('b', 'e') -> 'b (break in time series); e (estimated)'."""
    parts = []
    for flag in flags:
        meanings = [M.EUROSTAT_FLAGS.get(letter) for letter in flag]
        known = ", ".join(m for m in meanings if m)
        parts.append(f"{flag} ({known})" if known else flag)
    return "; ".join(parts)


def _clamp(value: float | None) -> float | None:
    return None if value is None else min(100.0, max(0.0, value))


def _g(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
