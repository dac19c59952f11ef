"""The fieldwork monitor: how far the survey is, region by region, and what is still missing.

The same figures reach the analyst on the web (`/admin`) and in the terminal
(`s3engine serve status`), from `fieldwork`:

* per region and stakeholder group: invitations sent, responses started, responses submitted;
* against the scoring model (its `min_respondents` answers from `min_groups` groups per
  indicator): which regions can already be scored, which survey indicators still lack
  evidence there, and which groups to chase.

The evidence is what `s3engine score` itself makes of the submitted responses (the scoring
engine is run on them, without personal data), so the monitor and the score never disagree.
A region "can be scored" when every dimension of the model that rests on survey questions
has a score; with regional statistics given (`serve run --data`), its class is shown too.
Nothing personal appears: counts, codes and labels only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from s3engine.i18n.texts import pick
from s3engine.questionnaire.model import Questionnaire
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import INSUFFICIENT, RegionScore, ResultWords, ScoreResult
from s3engine.statistics.sources import SourceTable
from s3engine.web.storage import Published, Store, Tally


@dataclass(frozen=True)
class MonitorModel:
    """A scoring model the monitor measures a questionnaire's evidence against."""

    model: ScoringModel
    questionnaire: Questionnaire
    statistics: Mapping[str, SourceTable] = field(default_factory=dict)


@dataclass(frozen=True)
class MonitorSettings:
    """The models of the questionnaires served, by questionnaire id."""

    models: Mapping[str, MonitorModel] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupFigures:
    group: str | None
    label: str
    invited: int
    started: int
    submitted: int


@dataclass(frozen=True)
class Lacking:
    id: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """What the scoring model makes of a region's submitted responses."""

    ready: bool
    respondents: int
    groups_answered: int
    indicators: int
    with_evidence: int
    lacking: list[Lacking]
    #: labels of the groups to chase, most needed first
    chase: list[str]
    class_label: str | None = None


@dataclass(frozen=True)
class RegionFigures:
    code: str
    name: str | None
    groups: list[GroupFigures]
    invited: int
    started: int
    submitted: int
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Fieldwork:
    questionnaire: str
    version: str
    title: str
    regions: list[RegionFigures]
    invited: int
    started: int
    submitted: int
    model: str | None = None
    min_respondents: int | None = None
    min_groups: int | None = None
    ready: int = 0
    warnings: list[str] = field(default_factory=list)
    #: every group's figures over all regions
    groups: list[GroupFigures] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


def fieldwork(
    store: Store, published: Published, lang: str, settings: MonitorSettings | None
) -> Fieldwork:
    """The fieldwork of a questionnaire (all its published versions), in language `lang`."""
    q = published.questionnaire
    tallies = store.tallies(published.id)
    group_labels = {g.id: pick(g.label, lang, q.default_language) for g in q.profile.groups}
    regions: dict[str, list[Tally]] = {}
    for tally in tallies:
        regions.setdefault(tally.region, []).append(tally)
    monitor = settings.models.get(published.id) if settings is not None else None
    scores: dict[str, RegionScore] = {}
    result: ScoreResult | None = None
    if monitor is not None:
        result = _score(store, published.id, monitor, sorted(regions))
        scores = {region.code: region for region in result.regions}
    rows = []
    for code, cells in sorted(regions.items()):
        by_group = {cell.group: cell for cell in cells}
        groups = [
            GroupFigures(
                group_id,
                label,
                by_group[group_id].invited if group_id in by_group else 0,
                by_group[group_id].started if group_id in by_group else 0,
                by_group[group_id].submitted if group_id in by_group else 0,
            )
            for group_id, label in group_labels.items()
        ]
        name = next((cell.region_name for cell in cells if cell.region_name), None)
        evidence = None
        if monitor is not None and result is not None:
            evidence = _evidence(monitor, result, scores.get(code), groups, lang)
        rows.append(
            RegionFigures(
                code,
                name,
                groups,
                sum(g.invited for g in groups),
                sum(g.started for g in groups),
                sum(g.submitted for g in groups),
                evidence,
            )
        )
    model = monitor.model if monitor is not None else None
    return Fieldwork(
        questionnaire=published.id,
        version=published.version,
        title=pick(q.title, lang, q.default_language),
        regions=rows,
        invited=sum(r.invited for r in rows),
        started=sum(r.started for r in rows),
        submitted=sum(r.submitted for r in rows),
        model=model.id if model is not None else None,
        min_respondents=model.respondents.min_respondents if model is not None else None,
        min_groups=model.respondents.min_groups if model is not None else None,
        ready=sum(1 for r in rows if r.evidence is not None and r.evidence.ready),
        warnings=list(result.warnings) if result is not None else [],
        groups=[
            GroupFigures(
                group_id,
                label,
                sum(g.invited for r in rows for g in r.groups if g.group == group_id),
                sum(g.started for r in rows for g in r.groups if g.group == group_id),
                sum(g.submitted for r in rows for g in r.groups if g.group == group_id),
            )
            for group_id, label in group_labels.items()
        ],
    )


def _score(
    store: Store, questionnaire_id: str, monitor: MonitorModel, codes: list[str]
) -> ScoreResult:
    """The scoring engine's result for the submitted responses of the regions `codes`."""
    from s3engine.scoring.engine import score

    wanted = monitor.questionnaire.content_hash
    responses = [
        stored.response(published.questionnaire)
        for published in store.published()
        if published.id == questionnaire_id and published.hash == wanted
        for stored in store.stored_responses(published.pk, complete_only=True)
    ]
    # score() refuses a region it finds neither in the responses nor in the data, as a typo
    # in --regions would be: ask only for the regions there is something to score.
    known = {response.respondent.region for response in responses}
    for table in monitor.statistics.values():
        known.update(table.values)
    wanted_regions = [code for code in codes if code in known]
    if not wanted_regions:  # invitations alone: a result with the labels and no region
        return score(monitor.model, questionnaire=monitor.questionnaire, responses=[])
    return score(
        monitor.model,
        questionnaire=monitor.questionnaire,
        responses=responses,
        statistics=monitor.statistics,
        regions=wanted_regions,
    )


def _chase(groups: list[GroupFigures], answered: int, min_groups: int) -> list[str]:
    """The groups whose answers the region needs next: while too few groups have answered,
    the groups without any submitted response (those with invitations pending first); then
    every group with invitations still pending, fewest submissions first."""
    if answered < min_groups:
        silent = [g for g in groups if g.submitted == 0]
        silent.sort(key=lambda g: (g.invited == 0, -g.invited))
        return [g.label for g in silent]
    pending = [g for g in groups if g.invited > g.submitted]
    pending.sort(key=lambda g: (g.submitted, -(g.invited - g.submitted)))
    return [g.label for g in pending]


def _evidence(
    monitor: MonitorModel,
    result: ScoreResult,
    region: RegionScore | None,
    groups: list[GroupFigures],
    lang: str,
) -> Evidence:
    model = monitor.model
    survey = [
        (dimension, indicator)
        for dimension, indicator in model.indicators()
        if indicator.question is not None
    ]
    words = ResultWords(result, lang)
    if region is None:
        lacking = [Lacking(i.id, words.pick(i.label)) for _, i in survey]
        ready = False
        respondents = answered = 0
        class_label = None
    else:
        scored = {
            indicator.id
            for dimension in region.dimensions
            for indicator in dimension.indicators
            if indicator.source == "survey" and indicator.raw is not None
        }
        lacking = [Lacking(i.id, words.pick(i.label)) for _, i in survey if i.id not in scored]
        survey_dimensions = {dimension.id for dimension, _ in survey}
        ready = all(
            dimension.score is not None
            for dimension in region.dimensions
            if dimension.id in survey_dimensions
        )
        respondents = region.respondents
        answered = sum(1 for count in region.respondents_by_group.values() if count)
        class_label = None
        if monitor.statistics and region.class_id != INSUFFICIENT:
            class_label = words.class_label(region.class_id)
    chase = [] if ready else _chase(groups, answered, model.respondents.min_groups)
    return Evidence(
        ready=ready,
        respondents=respondents,
        groups_answered=answered,
        indicators=len(survey),
        with_evidence=len(survey) - len(lacking),
        lacking=lacking,
        chase=chase,
        class_label=class_label,
    )
