"""The words of action plans (headings, evidence sentences), in every language s3engine ships.

Texts are written here in English, each under a key that is its context in the gettext
catalogues (s3engine/i18n/locale), with named fields (`{label}`); numbers, percentages and
lists are written for the language by s3engine.i18n, so that a German plan reads 54,2 and
45 %.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from s3engine.i18n import NNP_, NP_, format_list, format_number, format_percent, translator

NBSP = "\u00a0"


def text(key: str, lang: str, **values: str) -> str:
    """The template `key` in `lang` (English when `lang` has no catalogue), filled in. A text
    that counts takes the plural form of the number in `n`."""
    if key in _COUNTED:
        singular, plural = _COUNTED[key]
        template = translator(lang).npgettext(key, singular, plural, int(values["n"]))
    else:
        template = translator(lang).pgettext(key, _TEXTS[key])
    return template.format_map(values) if values else template


def keys() -> list[str]:
    return [*_TEXTS, *_COUNTED]


def has(key: str) -> bool:
    return key in _TEXTS or key in _COUNTED


#: A plan of 1,000 regions writes some 40,000 numbers and 10,000 percentages per document,
#: most of them the same few hundred values: each is formatted (by Babel, from the CLDR) once.
@functools.lru_cache(maxsize=1 << 14)
def number(value: float, lang: str, digits: int = 1) -> str:
    """54.2 in English, 54,2 in the other languages; -0.0 shows as 0."""
    return format_number(value, lang, digits, grouping=False)


@functools.lru_cache(maxsize=1 << 14)
def percent(share: float, lang: str) -> str:
    """A share (0-1) as a whole percentage: 45% in English and Italian, 45 % elsewhere."""
    return format_percent(share, lang)


def join(items: Sequence[str], lang: str, word: str = "and") -> str:
    """'A, B and C' with the language's conjunction."""
    return format_list(items, lang, "or" if word == "or" else "and")


#: key -> English text.
_TEXTS: Mapping[str, str] = dict(
    (
        NP_("ev.class.held", "The region is in the class '{value}'."),
        NP_("ev.class.not", "The region is in the class '{value}', not {expected}."),
        NP_("ev.dimension.missing", "{label} has no score: there is too little evidence."),
        NP_("ev.dimension.below.held", "{label} scores {value}, below {threshold}."),
        NP_("ev.dimension.below.not", "{label} scores {value}, not below {threshold}."),
        NP_("ev.dimension.above.held", "{label} scores {value}, above {threshold}."),
        NP_("ev.dimension.above.not", "{label} scores {value}, not above {threshold}."),
        # `weakest: 1`; `weakest: N` counts N in ev.dimension.weakest.* (_COUNTED), whose
        # first plural form is also that of 101, 201... in Slovenian, and so holds {n}
        NP_(
            "ev.dimension.weakest_one.held", "{label} ({value}) is the region's weakest dimension."
        ),
        NP_(
            "ev.dimension.weakest_one.not",
            "{label} ({value}) is not the region's weakest dimension.",
        ),
        NP_(
            "ev.dimension.below_mean.held",
            "{label} scores {value}, {diff} points below the mean of all regions ({mean}).",
        ),
        NP_(
            "ev.dimension.below_mean.not",
            "{label} scores {value} against a mean of {mean}: not {threshold} points below it.",
        ),
        NP_(
            "ev.dimension.above_mean.held",
            "{label} scores {value}, {diff} points above the mean of all regions ({mean}).",
        ),
        NP_(
            "ev.dimension.above_mean.not",
            "{label} scores {value} against a mean of {mean}: not {threshold} points above it.",
        ),
        NP_(
            "ev.composite.missing",
            "The region has no composite score: there is too little evidence.",
        ),
        NP_("ev.composite.below.held", "The composite score is {value}, below {threshold}."),
        NP_("ev.composite.below.not", "The composite score is {value}, not below {threshold}."),
        NP_("ev.composite.above.held", "The composite score is {value}, above {threshold}."),
        NP_("ev.composite.above.not", "The composite score is {value}, not above {threshold}."),
        NP_("ev.statistic.missing", "{label}: no value for the region."),
        NP_("ev.statistic.below.held", "{label}: {value}, below {threshold}."),
        NP_("ev.statistic.below.not", "{label}: {value}, not below {threshold}."),
        NP_("ev.statistic.above.held", "{label}: {value}, above {threshold}."),
        NP_("ev.statistic.above.not", "{label}: {value}, not above {threshold}."),
        NP_(
            "ev.need.missing",
            "No stakeholder of the region answered the needs survey, so {label} cannot be weighed.",
        ),
        NP_("ev.need.rank.unranked", "No stakeholder ranked {label} among their top needs."),
        NP_(
            "ev.need.rank.held",
            "{label} is need no. {value} of the region's stakeholders (top {threshold}).",
        ),
        NP_(
            "ev.need.rank.not",
            "{label} is need no. {value} of the region's stakeholders, not in the top {threshold}.",
        ),
        NP_(
            "ev.need.share.held",
            "{value} of stakeholders rank {label} among their top needs (at least {threshold}).",
        ),
        NP_(
            "ev.need.share.not",
            "Only {value} of stakeholders rank {label} among their top needs (less than "
            "{threshold}).",
        ),
        NP_(
            "ev.need.unmet.held",
            "{value} of stakeholders say no support measure covers {label} (at least {threshold}).",
        ),
        NP_(
            "ev.need.unmet.not",
            "Only {value} of stakeholders say no support measure covers {label} (less than "
            "{threshold}).",
        ),
        NP_(
            "ev.disagreement.missing",
            "{label}: too few answers per stakeholder group to compare them.",
        ),
        NP_(
            "ev.disagreement.held",
            "Stakeholder groups rate {label} up to {value} points apart (at least {threshold}).",
        ),
        NP_(
            "ev.disagreement.not",
            "Stakeholder groups rate {label} at most {value} points apart (less than {threshold}).",
        ),
        NP_("ev.gate.none", "No gate of the model decided the region's class."),
        NP_("ev.gate.held", "The gate '{label}' placed the region in the class '{value}'."),
        NP_("ev.gate.not", "The class was decided by the gate '{label}', not by '{expected}'."),
        NP_("class.insufficient_evidence", "insufficient evidence"),
        NP_("actor.policy_makers", "Policy makers"),
        NP_("actor.cluster_managers", "Cluster managers"),
        NP_("actor.companies", "Companies"),
        NP_("actor.research_organisations", "Research organisations"),
        NP_("actor.programme_bodies", "Programme bodies"),
        NP_("horizon.short", "Short term (within a year)"),
        NP_("horizon.medium", "Medium term (one to three years)"),
        NP_("horizon.long", "Long term (more than three years)"),
        NP_(
            "summary.class",
            "{name} is in the class '{label}', with a composite score of {composite} out of 100.",
        ),
        NP_(
            "summary.insufficient",
            "There is too little evidence to class {name}: only {coverage} of the indicators "
            "have a value.",
        ),
        NP_("summary.rank", "It ranks {rank} of the {total} regions scored."),
        NP_("summary.gate", "The class was set by the gate '{gate}'."),
        NP_("summary.next", "It needs {gap} more points to reach the class '{label}'."),
        NP_("summary.fastest", "Improving {label} closes that gap fastest."),
        NP_(
            "stability.stable",
            "The class is stable: {share} of {runs} sensitivity runs with other weights and "
            "aggregation give the same class.",
        ),
        NP_(
            "stability.borderline",
            "The class is borderline: only {share} of {runs} sensitivity runs give the same "
            "class, {other_share} give {other}.",
        ),
        NP_("stability.ranks", "Its rank varies between {low} and {high}."),
        NP_(
            "disagreement.text",
            "{high_group} rate {label} at {high}, {low_group} at {low}: {spread} points apart. "
            "Discuss the reasons with both groups before acting on this dimension.",
        ),
        NP_(
            "peer.text",
            "{learner} can learn from {peer} on {label}: {peer_score} against {learner_score}.",
        ),
        NP_(
            "method.target",
            "Each dimension is measured against a target of {target} points (the composite score "
            "of the top class) unless the catalogue sets another.",
        ),
        NP_(
            "method.priority",
            "Priority (0-100) = D + N - D × N / 100, where D is the number of points the "
            "dimension a recommendation improves falls short of its target (× {dimension}) "
            "and N is the mean, in points, of the share of stakeholders who rank the need it "
            "answers among their most important and the share who say no measure covers it (×"
            " {need}). Either kind of evidence can put a recommendation first; one with both "
            "comes before one of the same strength with only one. Ties are broken by N, then "
            "D, then the number of facts that hold.",
        ),
        NP_("h.contents", "Contents"),
        NP_("h.regional", "Regional action plans"),
        NP_("h.summary", "Summary"),
        NP_("h.dimensions", "Dimensions compared with the mean of all regions"),
        NP_(
            "h.chart",
            "{name} (solid) against the mean of all regions (dashed), on a scale of 0 to 100",
        ),
        NP_("h.needs", "Top needs of stakeholders"),
        NP_("h.needs_by_group", "Top needs by stakeholder group"),
        NP_("h.recommendations", "Recommendations, by priority"),
        NP_("h.disagreements", "Where stakeholder groups disagree"),
        NP_("h.comments", "In stakeholders' own words"),
        NP_("h.transnational", "Joint transnational plan"),
        NP_("h.overview", "Regions at a glance"),
        NP_("h.partnership_needs", "Needs across all regions"),
        NP_("h.joint_actions", "Joint actions"),
        NP_("h.peer_learning", "Peer learning"),
        NP_("h.meta_clusters", "Meta-cluster suggestions"),
        NP_("h.joint_calls", "Synchronised joint calls"),
        NP_("h.method", "Method"),
        NP_("h.warnings", "Notes on the data"),
        NP_("col.region", "Region"),
        NP_("col.code", "Code"),
        NP_("col.class", "Class"),
        NP_("col.composite", "Composite"),
        NP_("col.rank", "Rank"),
        NP_("col.stability", "Stability"),
        NP_("col.dimension", "Dimension"),
        NP_("col.score", "Score"),
        NP_("col.mean", "Mean of all regions"),
        NP_("col.difference", "Difference"),
        NP_("col.weight", "Weight"),
        NP_("col.target", "Target"),
        NP_("col.need", "Need"),
        NP_("col.share", "Stakeholders ranking it"),
        NP_("col.unmet", "Not covered by any measure"),
        NP_("col.group", "Stakeholder group"),
        NP_("col.respondents", "Respondents"),
        NP_("col.priority", "Priority"),
        NP_("col.recommendation", "Recommendation"),
        NP_("col.id", "Id"),
        NP_("col.text", "What to do"),
        NP_("col.rationale", "Why"),
        NP_("col.actors", "Who"),
        NP_("col.horizon", "Horizon"),
        NP_("col.funding", "Funding"),
        NP_("col.evidence", "Evidence"),
        NP_("col.improves", "Improves"),
        NP_("col.answers", "Answers the needs"),
        NP_("col.regions", "Regions"),
        NP_("col.learner", "Region"),
        NP_("col.peer", "Learns from"),
        NP_("col.sector", "Sector"),
        NP_("col.strengths", "Strengths"),
        NP_("col.domain", "Priority domain"),
        NP_("col.instruments", "Instruments"),
        NP_("col.suggestion", "Suggestion"),
        NP_("col.question", "Question"),
        NP_("col.comment", "Answer"),
        NP_("none.recommendations", "No recommendation of the catalogue applies to this region."),
        NP_("none.needs", "No stakeholder of this region answered the needs survey."),
        NP_("none.items", "None."),
        NP_("none.disagreements", "The stakeholder groups broadly agree on every dimension."),
        NP_(
            "meta.generated",
            "Generated on {date} from the scoring model {model} {model_version} and the "
            "catalogue {catalogue} {catalogue_version}.",
        ),
        NP_("meta.respondents", "{n} respondents to the stress test, {m} to the needs survey."),
        NP_("legend.region", "Region"),
        NP_("legend.mean", "Mean of all regions"),
        NP_("sheet.scores", "Scores"),
        NP_("sheet.recommendations", "Recommendations"),
        NP_("sheet.needs", "Needs"),
        NP_("sheet.joint", "Joint actions"),
        NP_("sheet.peers", "Peer learning"),
        NP_("sheet.meta", "Meta-clusters"),
        NP_("sheet.calls", "Joint calls"),
        NP_("sheet.comments", "Comments"),
        NP_("sheet.regions", "Regions"),
        # what changed since the baseline wave (plan/changes.py, docs/waves.md)
        NP_(
            "changes.opening",
            "Since the survey of {baseline}, the composite score of {name} has moved from "
            "{before} to {after} ({change} points; 95 % bootstrap interval {low} to {high}): "
            "{verdict}.",
        ),
        NP_(
            "changes.missing",
            "Since the survey of {baseline}, the composite score of {name} cannot be compared: "
            "one of the two waves has too little evidence.",
        ),
        NP_("changes.verdict.improved", "a real improvement"),
        NP_("changes.verdict.worsened", "a real deterioration"),
        NP_("changes.verdict.unchanged", "unchanged within uncertainty"),
        NP_(
            "changes.class.same",
            "It stays in the class '{after}' ({support} of the bootstrap runs agree).",
        ),
        NP_(
            "changes.class.moved",
            "It has moved from the class '{before}' to '{after}' ({support} of the bootstrap runs "
            "show the same move).",
        ),
        NP_("changes.improved", "Improved: {items}."),
        NP_("changes.worsened", "Worsened: {items}."),
        NP_("changes.unchanged", "Unchanged within uncertainty: {items}."),
        NP_(
            "changes.progress",
            "Since {baseline}: {label} {before} → {after} ({change}), {verdict}.",
        ),
        NP_(
            "changes.move",
            "{name} has moved from '{before}' to '{after}' since {baseline} ({support} of the "
            "bootstrap runs show the same move).",
        ),
        NP_("h.changes", "What changed since {baseline}"),
        NP_("h.class_moves", "Regions that moved class"),
        NP_("col.progress", "Progress"),
        NP_("chart.baseline", "Wave {baseline}"),
        NP_("ev.aggregated", "(mean of {n} NUTS-2 regions)"),
        NP_(
            "summary.partial",
            "The composite is computed over the {present} of its {total} dimensions that have"
            " a score.",
        ),
        NP_(
            "op.dimension",
            "{label} scores {score}, {gap} points below the target of {target} (rank {rank} "
            "of {n} regions).",
        ),
        NP_("op.groups", "Ratings by group: {high_group} {high}, {low_group} {low}."),
        NP_(
            "op.need",
            "{share} of the stakeholders rank {need} among their most important needs, and "
            "{unmet} say no support measure covers it.",
        ),
        NP_(
            "op.need.covered",
            "{share} of the stakeholders rank {need} among their most important needs; none "
            "says it is left without support.",
        ),
        NP_("track.text", "{label} (today {score})"),
        NP_("track.missing", "{label} (no value yet: set a baseline first)"),
        NP_("cost.low", "Low: staff time and small contracts"),
        NP_("cost.medium", "Medium: a call or a programme line"),
        NP_("cost.high", "High: infrastructure or a large scheme over several years"),
        NP_(
            "lead.led",
            "{need}: {unmet} of the stakeholders say no measure covers it ({share} name it "
            "among their most important needs). Recommendation {place} answers it.",
        ),
        NP_(
            "lead.later",
            "{need}: {unmet} of the stakeholders say no measure covers it ({share} name it "
            "among their most important needs). Recommendation {place} answers it; those "
            "before it rest on stronger evidence (priority {points} for no. {last}, {own} for"
            " this one).",
        ),
        NP_(
            "lead.none",
            "{need}: {unmet} of the stakeholders say no measure covers it ({share} name it "
            "among their most important needs), but no recommendation of the catalogue that "
            "answers it applies here: {reason}",
        ),
        NP_("lead.no_funding", "no instrument of the catalogue can fund '{title}' in this region."),
        NP_("criteria.title", "{title} (source: {source})"),
        NP_("criteria.dimension", "{label}: {score} (mean of the regions {mean})"),
        NP_("criteria.indicator", "{label}: {score}"),
        NP_("criteria.missing", "{label}: no score (too little information)"),
        NP_(
            "criteria.need",
            "{need}: named by {share} of the stakeholders, without support for {unmet}",
        ),
        NP_(
            "criteria.non_binding",
            "{name} is not in an EU Member State: the condition does not bind it, and its "
            "criteria serve here as a checklist of good practice.",
        ),
        NP_("criteria.items", "Recommendations: {items}"),
        NP_("criteria.no_items", "No recommendation of this plan serves this criterion."),
        NP_(
            "note.aggregated",
            "{indicator}: mean of the values of the {n} NUTS-2 regions within {name} ({year};"
            " {children}); Eurostat publishes this statistic for NUTS-2 regions only.",
        ),
        NP_(
            "note.statistic_missing",
            "{indicator}: the statistics used have no value for this region; the indicator is"
            " left out, not counted as zero.",
        ),
        NP_("note.flagged", "{indicator}: Eurostat flags the value ({year}): {flags}."),
        NP_(
            "note.dimension_missing",
            "{dimension}: no score, because only {present} of its {total} indicators have a "
            "value; the chart leaves a gap there and the composite leaves it out.",
        ),
        NP_(
            "note.dimension_partial", "{dimension}: scored on {present} of its {total} indicators."
        ),
        NP_("note.survey_missing", "Questions with too few answers to be scored: {labels}."),
        NP_("note.more", " and {n} more"),
        NP_(
            "note.composite_partial",
            "The composite is the mean of the {present} dimensions with a score (of {total});"
            " tables mark it {present}/{total}.",
        ),
        NP_(
            "note.technical",
            "Technical messages for analysts (refused responses, data files): {n}; plan.json "
            "lists them.",
        ),
        NP_("flag.b", "break in time series"),
        NP_("flag.e", "estimated"),
        NP_("flag.p", "provisional"),
        NP_("flag.u", "low reliability"),
        NP_("flag.c", "confidential"),
        NP_("flag.d", "definition differs"),
        NP_(
            "peer.partial",
            "The score of {peer} rests on partial data ({coverage} of the dimension's "
            "indicators; {present} of {total} dimensions scored).",
        ),
        NP_("joint.dimension", "{label} is below its target of {target} in {regions}."),
        NP_("joint.need", "Stakeholders left without support on {need}: {regions}."),
        NP_("meta.pair", "{need}: lacking in {lacking}, covered in {offering}"),
        NP_(
            "meta.proposal",
            "{regions} each have enough stakeholders in {sector} (see the rules above), and "
            "what they need complements what they have: {pairs}. A meta-cluster linking their"
            " cluster organisations can pool these strengths across borders.",
        ),
        NP_(
            "call.proposal",
            "{regions} all name {domain} as a priority domain of their S3. Open coordinated "
            "calls with aligned topics, deadlines and evaluation, so that consortia across "
            "the regions can apply together, each partner funded by its own programme "
            "({instruments}).",
        ),
        NP_(
            "rules.joint",
            "Joint actions: recommendations that are transnational by nature and that at "
            "least {n} regions hold among the first {main} of their own plans.",
        ),
        NP_(
            "rules.peer",
            "Peer learning: each region's {weakest} weakest dimensions below the mean of the "
            "regions; as peers, the regions at least {margin} points ahead there, at most "
            "{mentors} per dimension.",
        ),
        NP_(
            "rules.meta",
            "Meta-clusters in {sectors}: a region counts in a sector with at least "
            "{respondents} respondents working there, from at least {groups} stakeholder "
            "groups; a meta-cluster needs at least {regions} such regions whose needs "
            "complement each other (a need that at least {share} of one region's stakeholders"
            " say no measure covers, and that at least {share} of another's name and find "
            "covered).",
        ),
        NP_(
            "rules.calls",
            "Joint calls: a region takes part when at least {share} of its respondents name "
            "the priority domain and one of its own regional or national programmes funds its"
            " recommendations.",
        ),
        NP_("partner.joint", "Joint action '{title}' with {regions}."),
        NP_("partner.meta", "Proposed member of a meta-cluster in {sector} with {regions}."),
        NP_("partner.learner", "Can learn from {peers} on {label}."),
        NP_("partner.mentor", "Can share its practice on {label} with {learners}."),
        NP_("partner.call", "Coordinated calls on {domain} with {regions}."),
        NP_(
            "method.merge",
            "Recommendations that answer the same evidence (the same dimension and the same "
            "needs) are merged into one; the others are listed with it.",
        ),
        NP_(
            "method.items",
            "Each region's plan lists its first {main} recommendations; further ones are in "
            "its annex. The needs most often reported as uncovered are answered among the "
            "first {places}, or the plan says why not.",
        ),
        NP_(
            "method.cost",
            "Cost classes: low (staff time and small contracts, up to about EUR 100,000 a "
            "year), medium (a call or a programme line, up to about EUR 1 million a year), "
            "high (infrastructure or large schemes over several years).",
        ),
        NP_("col.scored", "Dimensions with a score"),
        NP_("col.needs_respondents", "Needs survey respondents"),
        NP_("col.dimension_points", "Dimension points (D)"),
        NP_("col.need_points", "Need points (N)"),
        NP_("sheet.lead", "Needs answered"),
        NP_("sheet.criteria", "Enabling condition 1.1"),
        NP_("sheet.notes", "Notes on the data"),
        NP_("col.owner", "Lead"),
        NP_("col.milestone", "First milestone"),
        NP_("col.cost", "Cost"),
        NP_("col.track", "Track by"),
        NP_("col.criteria", "Enabling condition criteria"),
        NP_("col.also", "Together with"),
        NP_("col.opening", "Why here"),
        NP_("col.place", "No."),
        NP_("h.lead_needs", "What stakeholders asked for"),
        NP_("h.further", "Annex: further recommendations"),
        NP_(
            "further.intro",
            "These recommendations also apply, on weaker evidence than the {main} above.",
        ),
        NP_("h.criteria", "Annex: evidence for each criterion"),
        NP_("h.partnership", "In the joint plan"),
        NP_("h.rules", "Rules of the joint plan"),
        NP_("none.partnership", "The joint plan proposes nothing that involves this region."),
        NP_("none.lead_needs", "No stakeholder reports a need that no measure covers."),
        NP_("legend.gap", "gap: no score"),
        NP_("funding.only", "only for {regions}"),
        NP_("funding.except", "not for {regions}"),
        NP_("legend.peer_partial", "* The peer's score on this dimension rests on partial data:"),
        NP_(
            "legend.partial",
            "n/m after a composite: computed over n of the m dimensions, the others having no"
            " score.",
        ),
    )
)

#: key -> (English singular, English plural) of the texts with a number `n` in them.
_COUNTED: Mapping[str, tuple[str, str]] = dict(
    (
        NNP_(
            "ev.dimension.weakest.held",
            "{label} ({value}) is the region's weakest dimension.",
            "{label} ({value}) is among the region's {n} weakest dimensions.",
        ),
        NNP_(
            "ev.dimension.weakest.not",
            "{label} ({value}) is not the region's weakest dimension.",
            "{label} ({value}) is not among the region's {n} weakest dimensions.",
        ),
        NNP_(
            "joint.summary",
            "Recommended for {n} region: {regions}.",
            "Recommended for {n} regions: {regions}. A joint action lets them share the effort, "
            "the lessons and the partners.",
        ),
    )
)
