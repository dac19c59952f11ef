"""What an action plan needs besides the scores, gathered from the responses of both surveys.

The stakeholders' needs per region (from the needs survey), the sectors respondents work in
and the S3 domains they name (from either survey), and the labels to show for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from s3engine.i18n.texts import Text
from s3engine.plan.catalogue import Catalogue
from s3engine.plan.needs import RegionNeeds, region_needs
from s3engine.questionnaire.model import Questionnaire, Ranking
from s3engine.responses.model import Response


@dataclass(frozen=True)
class PlanInputs:
    """What a plan needs besides the scores: needs, profiles and the labels to show."""

    needs: Mapping[str, RegionNeeds] = field(default_factory=dict)
    need_options: Sequence[str] = ()
    need_labels: Mapping[str, Text] = field(default_factory=dict)
    group_labels: Mapping[str, Text] = field(default_factory=dict)
    comment_labels: Mapping[str, Text] = field(default_factory=dict)
    sectors: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: region -> sector -> the stakeholder groups of its respondents there
    sector_groups: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    sector_labels: Mapping[str, Text] = field(default_factory=dict)
    domains: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    domain_labels: Mapping[str, Text] = field(default_factory=dict)
    gate_labels: Mapping[str, Text] = field(default_factory=dict)


def gather_inputs(
    catalogue: Catalogue,
    *,
    needs_questionnaire: Questionnaire | None,
    model_questionnaire: Questionnaire | None,
    needs_responses: Sequence[Response],
    model_responses: Sequence[Response],
    gate_labels: Mapping[str, Text] | None = None,
) -> PlanInputs:
    """Needs, sectors, priority domains and labels, from the responses of both surveys.

    Only complete responses count. Sectors come from the respondents' profiles in either
    survey (a respondent counted once per region and sector); priority domains from the
    model's questionnaire, as the share of a region's respondents answering that question
    who name each domain.
    """
    from s3engine.plan.catalogue import need_options

    needs_complete = [r for r in needs_responses if r.status == "complete"]
    model_complete = [r for r in model_responses if r.status == "complete"]
    options = need_options(catalogue, needs_questionnaire)
    source = catalogue.needs
    top = 5
    if needs_questionnaire is not None:
        ranking = needs_questionnaire.question_index.get(source.ranking)
        if isinstance(ranking, Ranking):
            top = ranking.top
    needs = region_needs(
        needs_complete,
        options=options,
        ranking=source.ranking,
        unmet=source.unmet,
        top=top,
        comments=source.comments,
    )
    need_labels: dict[str, Text] = {}
    comment_labels: dict[str, Text] = {}
    group_labels: dict[str, Text] = {}
    sector_labels: dict[str, Text] = {}
    for questionnaire in (model_questionnaire, needs_questionnaire):
        if questionnaire is None:
            continue
        group_labels.update({g.id: g.label for g in questionnaire.profile.groups})
        sector_labels.update({s.value: s.label for s in questionnaire.profile.sectors})
    if needs_questionnaire is not None:
        ranking = needs_questionnaire.question_index.get(source.ranking)
        if ranking is not None:
            need_labels = {o.value: o.label for o in needs_questionnaire.options_of(ranking)}
        for qid in source.comments:
            question = needs_questionnaire.question_index.get(qid)
            if question is not None:
                comment_labels[qid] = question.text
    sectors, sector_groups = _sectors([*model_complete, *needs_complete])
    return PlanInputs(
        needs=needs,
        need_options=options,
        need_labels=need_labels,
        group_labels=group_labels,
        comment_labels=comment_labels,
        sectors=sectors,
        sector_groups=sector_groups,
        sector_labels=sector_labels,
        domains=_domains(catalogue.priority_domains, model_complete),
        domain_labels=_domain_labels(catalogue.priority_domains, model_questionnaire),
        gate_labels=dict(gate_labels or {}),
    )


def _sectors(
    responses: Sequence[Response],
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, list[str]]]]:
    """Per region and sector: the respondents working there (each once, whichever survey
    they answered), and their stakeholder groups."""
    seen: dict[str, dict[str, set[str]]] = {}
    groups: dict[str, dict[str, set[str]]] = {}
    for response in responses:
        who = response.respondent
        if who.sector:
            seen.setdefault(who.region, {}).setdefault(who.sector, set()).add(who.id)
            groups.setdefault(who.region, {}).setdefault(who.sector, set()).add(who.group)
    counts = {
        region: {sector: len(ids) for sector, ids in sorted(sectors.items())}
        for region, sectors in sorted(seen.items())
    }
    kinds = {
        region: {sector: sorted(found) for sector, found in sorted(sectors.items())}
        for region, sectors in sorted(groups.items())
    }
    return counts, kinds


def _domains(question: str | None, responses: Sequence[Response]) -> dict[str, dict[str, float]]:
    if question is None:
        return {}
    answered: dict[str, int] = {}
    named: dict[str, dict[str, int]] = {}
    for response in responses:
        value = response.answers.get(question)
        if not isinstance(value, list) or not value:
            continue
        region = response.respondent.region
        answered[region] = answered.get(region, 0) + 1
        for domain in set(value):
            counts = named.setdefault(region, {})
            counts[domain] = counts.get(domain, 0) + 1
    return {
        region: {d: n / answered[region] for d, n in sorted(named[region].items())}
        for region in sorted(named)
    }


def _domain_labels(question: str | None, questionnaire: Questionnaire | None) -> dict[str, Text]:
    if question is None or questionnaire is None:
        return {}
    found = questionnaire.question_index.get(question)
    if found is None:
        return {}
    return {o.value: o.label for o in questionnaire.options_of(found)}
