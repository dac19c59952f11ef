"""Action plans: scores + needs + catalogue -> a Plan (pure; no files, no printing).

For each region: its class and how stable it is, its dimensions against the mean of all
regions scored, its stakeholders' top needs, the recommendations whose conditions hold,
ordered by priority and each with the evidence in plain words, and the dimensions on which
stakeholder groups disagree. Across the regions: joint actions, peer-learning pairs,
meta-cluster suggestions and synchronised joint calls. docs/action-plans.md explains every
rule and number used here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from s3engine import plan_texts as T
from s3engine.catalogue import (
    AllOf,
    AnyOf,
    Catalogue,
    ClassTest,
    CompositeTest,
    DimensionTest,
    DisagreementTest,
    GateTest,
    Leaf,
    NeedTest,
    NotOf,
    Recommendation,
    StatisticTest,
    When,
)
from s3engine.i18n import Text, pick
from s3engine.needs import NeedFigure, RegionNeeds, partnership_needs, region_needs
from s3engine.plan_model import (
    Comment,
    DimensionLine,
    Disagreement,
    Evidence,
    GroupNeedsLine,
    JointAction,
    JointCall,
    Labelled,
    MetaCluster,
    MetaClusterMember,
    Method,
    NeedLine,
    PeerPair,
    Plan,
    PlannedRecommendation,
    RegionPlan,
    RegionRef,
    Stability,
    Transnational,
)
from s3engine.questionnaire import Questionnaire, Ranking
from s3engine.responses import Response
from s3engine.results import INSUFFICIENT, DimensionScore, IndicatorScore, RegionScore, ScoreResult

#: The dimension target when neither the catalogue nor the model's classes set one.
FALLBACK_TARGET = 75.0


@dataclass(frozen=True)
class PlanInputs:
    """What a plan needs besides the scores: needs, profiles and the labels to show."""

    needs: Mapping[str, RegionNeeds] = field(default_factory=dict)
    need_options: Sequence[str] = ()
    need_labels: Mapping[str, Text] = field(default_factory=dict)
    group_labels: Mapping[str, Text] = field(default_factory=dict)
    comment_labels: Mapping[str, Text] = field(default_factory=dict)
    sectors: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    sector_labels: Mapping[str, Text] = field(default_factory=dict)
    domains: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    domain_labels: Mapping[str, Text] = field(default_factory=dict)
    gate_labels: Mapping[str, Text] = field(default_factory=dict)


# -- evaluation of conditions ----------------------------------------------------------------


@dataclass(frozen=True)
class RegionFacts:
    """Everything a condition can ask about one region."""

    region: RegionScore
    means: Mapping[str, float | None]
    needs: RegionNeeds | None

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        return next((d for d in self.region.dimensions if d.id == dimension_id), None)

    def statistic(self, indicator_id: str) -> IndicatorScore | None:
        for dimension in self.region.dimensions:
            for indicator in dimension.indicators:
                if indicator.id == indicator_id and indicator.source == "statistic":
                    return indicator
        return None

    def weakest(self) -> list[str]:
        scored = [d for d in self.region.dimensions if d.score is not None]
        return [d.id for d in sorted(scored, key=lambda d: (d.score, d.id))]


Truth = bool | None  # None: the evidence is missing, so the test can be neither true nor false


class Evaluator:
    """Evaluates a catalogue condition for one region, collecting its evidence in words."""

    def __init__(self, facts: RegionFacts, words: Words):
        self.facts = facts
        self.words = words

    def evaluate(self, when: When) -> tuple[Truth, list[Evidence]]:
        """Kleene's three-valued logic: missing evidence never makes a recommendation apply."""
        if isinstance(when, AllOf):
            results = [self.evaluate(child) for child in when.all]
            truths = [t for t, _ in results]
            value: Truth = False if False in truths else (None if None in truths else True)
            if value is False:
                return False, [e for t, ev in results if t is False for e in ev]
            return value, [e for _, ev in results for e in ev]
        if isinstance(when, AnyOf):
            results = [self.evaluate(child) for child in when.any]
            truths = [t for t, _ in results]
            value = True if True in truths else (None if None in truths else False)
            if value is True:
                return True, [e for t, ev in results if t is True for e in ev]
            return value, [e for _, ev in results for e in ev]
        if isinstance(when, NotOf):
            truth, evidence = self.evaluate(when.not_)
            return (None if truth is None else not truth), evidence
        return self.leaf(when)

    def leaf(self, test: Leaf) -> tuple[Truth, list[Evidence]]:
        if isinstance(test, ClassTest):
            return self._class(test)
        if isinstance(test, DimensionTest):
            return self._dimension(test)
        if isinstance(test, CompositeTest):
            return self._composite(test)
        if isinstance(test, StatisticTest):
            return self._statistic(test)
        if isinstance(test, NeedTest):
            return self._need(test)
        if isinstance(test, DisagreementTest):
            return self._disagreement(test)
        return self._gate(test)

    def _class(self, test: ClassTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        actual = self.facts.region.class_id
        held = actual in test.classes
        expected = w.join_or([w.class_label(c) for c in test.classes])
        key = "ev.class.held" if held else "ev.class.not"
        text = w.t(key, value=w.class_label(actual), expected=expected)
        return held, [Evidence(kind="class", subject=actual, held=held, text=text)]

    def _dimension(self, test: DimensionTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        dim = self.facts.dimension(test.dimension)
        label = w.dimension_label(test.dimension)
        op, bound = test.operator, float(test.operand)
        if dim is None or dim.score is None:
            text = w.t("ev.dimension.missing", label=label)
            return None, [
                Evidence(
                    kind="dimension", subject=test.dimension, held=False, threshold=bound, text=text
                )
            ]
        score = dim.score
        mean = self.facts.means.get(test.dimension)
        if op in ("below_mean", "above_mean"):
            if mean is None:
                text = w.t("ev.dimension.missing", label=label)
                return None, [
                    Evidence(
                        kind="dimension",
                        subject=test.dimension,
                        held=False,
                        value=score,
                        threshold=bound,
                        text=text,
                    )
                ]
            diff = score - mean
            held = diff <= -bound if op == "below_mean" else diff >= bound
            text = w.t(
                f"ev.dimension.{op}.{'held' if held else 'not'}",
                label=label,
                value=w.num(score),
                mean=w.num(mean),
                diff=w.num(abs(diff)),
                threshold=w.num(bound),
            )
        elif op == "weakest":
            n = int(bound)
            held = test.dimension in self.facts.weakest()[:n]
            text = w.t(
                f"ev.dimension.weakest.{'held' if held else 'not'}",
                label=label,
                value=w.num(score),
                n=str(n),
            )
        else:
            held = score < bound if op == "below" else score > bound
            text = w.t(
                f"ev.dimension.{op}.{'held' if held else 'not'}",
                label=label,
                value=w.num(score),
                threshold=w.num(bound),
            )
        return held, [
            Evidence(
                kind="dimension",
                subject=test.dimension,
                held=held,
                value=score,
                threshold=bound,
                text=text,
            )
        ]

    def _composite(self, test: CompositeTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        op, bound = test.composite.operator, float(test.composite.operand)
        value = self.facts.region.composite
        if value is None:
            text = w.t("ev.composite.missing")
            return None, [
                Evidence(
                    kind="composite", subject="composite", held=False, threshold=bound, text=text
                )
            ]
        held = value < bound if op == "below" else value > bound
        text = w.t(
            f"ev.composite.{op}.{'held' if held else 'not'}",
            value=w.num(value),
            threshold=w.num(bound),
        )
        return held, [
            Evidence(
                kind="composite",
                subject="composite",
                held=held,
                value=value,
                threshold=bound,
                text=text,
            )
        ]

    def _statistic(self, test: StatisticTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        indicator = self.facts.statistic(test.statistic)
        op, bound = test.operator, float(test.operand)
        label = w.pick(indicator.label) if indicator is not None else test.statistic
        if indicator is None or indicator.raw is None:
            text = w.t("ev.statistic.missing", label=label)
            return None, [
                Evidence(
                    kind="statistic", subject=test.statistic, held=False, threshold=bound, text=text
                )
            ]
        raw = indicator.raw
        held = raw < bound if op == "below" else raw > bound
        year = f" ({indicator.year})" if indicator.year else ""
        text = w.t(
            f"ev.statistic.{op}.{'held' if held else 'not'}",
            label=label,
            value=w.num(raw, 2) + year,
            threshold=w.num(bound, 2),
        )
        return held, [
            Evidence(
                kind="statistic",
                subject=test.statistic,
                held=held,
                value=raw,
                threshold=bound,
                text=text,
            )
        ]

    def _need(self, test: NeedTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        label = w.need_label(test.need)
        needs = self.facts.needs
        figure = needs.figure(test.need) if needs is not None and needs.respondents else None
        op = test.operator
        if figure is None:
            text = w.t("ev.need.missing", label=label)
            return None, [
                Evidence(
                    kind="need",
                    subject=test.need,
                    held=False,
                    threshold=float(test.operand),
                    text=text,
                )
            ]
        if op == "rank_at_most":
            bound = int(test.operand)
            held = figure.rank is not None and figure.rank <= bound
            if figure.rank is None:
                text = w.t("ev.need.rank.unranked", label=label)
            else:
                text = w.t(
                    f"ev.need.rank.{'held' if held else 'not'}",
                    label=label,
                    value=str(figure.rank),
                    threshold=str(bound),
                )
            return held, [
                Evidence(
                    kind="need",
                    subject=test.need,
                    held=held,
                    value=None if figure.rank is None else float(figure.rank),
                    threshold=float(bound),
                    text=text,
                )
            ]
        share = figure.share if op == "share_at_least" else figure.unmet_share
        bound_share = float(test.operand)
        held = share >= bound_share
        kind = "share" if op == "share_at_least" else "unmet"
        text = w.t(
            f"ev.need.{kind}.{'held' if held else 'not'}",
            label=label,
            value=w.pct(share),
            threshold=w.pct(bound_share),
        )
        return held, [
            Evidence(
                kind="need",
                subject=test.need,
                held=held,
                value=share,
                threshold=bound_share,
                text=text,
            )
        ]

    def _disagreement(self, test: DisagreementTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        dim = self.facts.dimension(test.disagreement)
        label = w.dimension_label(test.disagreement)
        if dim is None or dim.disagreement is None:
            text = w.t("ev.disagreement.missing", label=label)
            return None, [
                Evidence(
                    kind="disagreement",
                    subject=test.disagreement,
                    held=False,
                    threshold=test.at_least,
                    text=text,
                )
            ]
        held = dim.disagreement >= test.at_least
        text = w.t(
            f"ev.disagreement.{'held' if held else 'not'}",
            label=label,
            value=w.num(dim.disagreement),
            threshold=w.num(test.at_least),
        )
        return held, [
            Evidence(
                kind="disagreement",
                subject=test.disagreement,
                held=held,
                value=dim.disagreement,
                threshold=test.at_least,
                text=text,
            )
        ]

    def _gate(self, test: GateTest) -> tuple[Truth, list[Evidence]]:
        w = self.words
        gate = self.facts.region.gate
        held = gate is not None and (test.gate == "any" or gate == test.gate)
        if gate is None:
            text = w.t("ev.gate.none")
        elif held:
            text = w.t(
                "ev.gate.held",
                label=w.gate_label(gate),
                value=w.class_label(self.facts.region.class_id),
            )
        else:
            text = w.t("ev.gate.not", label=w.gate_label(gate), expected=w.gate_label(test.gate))
        return held, [Evidence(kind="gate", subject=gate or test.gate, held=held, text=text)]


# -- words ---------------------------------------------------------------------------------


class Words:
    """Labels and numbers in the plan's language."""

    def __init__(self, result: ScoreResult, catalogue: Catalogue, inputs: PlanInputs, lang: str):
        self.result = result
        self.catalogue = catalogue
        self.inputs = inputs
        self.lang = lang
        self.default = catalogue.default_language
        self._classes = {c.id: c.label for c in result.classes}

    def t(self, key: str, **values: str) -> str:
        return T.text(key, self.lang, **values)

    def pick(self, text: Text | None) -> str:
        return pick(text, self.lang, self.default)

    def class_label(self, class_id: str) -> str:
        if class_id in self._classes:
            return pick(self._classes[class_id], self.lang, self.result.default_language)
        if class_id == INSUFFICIENT:
            return self.t("class.insufficient_evidence")
        return class_id

    def dimension_label(self, dimension_id: str) -> str:
        label = self.result.dimension_labels.get(dimension_id)
        return pick(label, self.lang, self.result.default_language) if label else dimension_id

    def need_label(self, need: str) -> str:
        return self.pick(self.inputs.need_labels.get(need)) or need

    def group_label(self, group: str) -> str:
        return self.pick(self.inputs.group_labels.get(group)) or group

    def gate_label(self, gate: str) -> str:
        return self.pick(self.inputs.gate_labels.get(gate)) or gate

    def num(self, value: float, digits: int = 1) -> str:
        return T.number(value, self.lang, digits)

    def pct(self, share: float) -> str:
        return T.percent(share, self.lang)

    def join(self, items: Sequence[str]) -> str:
        return T.join(items, self.lang, "and")

    def join_or(self, items: Sequence[str]) -> str:
        return T.join(items, self.lang, "or")


# -- the plan --------------------------------------------------------------------------------


def build_plan(
    result: ScoreResult,
    catalogue: Catalogue,
    inputs: PlanInputs,
    *,
    lang: str,
    regions: Sequence[str] | None = None,
) -> Plan:
    """The action plan of every region scored (or of `regions`), and the joint plan."""
    words = Words(result, catalogue, inputs, lang)
    default_target = _default_target(result)
    max_weight = max((d.weight for r in result.regions for d in r.dimensions), default=0.0)
    planned: dict[str, RegionPlan] = {}
    for region in result.regions:
        planned[region.code] = _region_plan(
            region, result, catalogue, inputs, words, default_target, max_weight
        )
    chosen = list(planned) if regions is None else [c for c in planned if c in set(regions)]
    transnational = _transnational(result, catalogue, inputs, words, planned, set(chosen))
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
        DimensionLine(
            id=d.id,
            label=words.dimension_label(d.id),
            weight=d.weight,
            score=d.score,
            mean=result.dimension_means.get(d.id),
            difference=_difference(d.score, result.dimension_means.get(d.id)),
            target=catalogue.target_of(d.id, default_target),
            group_means=dict(d.group_means),
        )
        for d in region.dimensions
    ]
    ranked = sum(1 for r in result.regions if r.rank is not None)
    return RegionPlan(
        code=region.code,
        name=region.name,
        class_id=region.class_id,
        class_label=words.class_label(region.class_id),
        composite=region.composite,
        rank=region.rank,
        regions_ranked=ranked,
        coverage=region.coverage,
        respondents=region.respondents,
        needs_respondents=needs.respondents if needs else 0,
        summary=_summary(region, ranked, words),
        stability=_stability(region, words),
        dimensions=dimensions,
        needs=_need_lines(needs.overall if needs else [], settings.top_needs, words),
        needs_by_group=[
            GroupNeedsLine(
                group=g.group,
                label=words.group_label(g.group),
                respondents=g.respondents,
                needs=_need_lines(g.needs, settings.top_needs, words),
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
        warnings=list(region.warnings),
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
    gap = weight = demand = 0.0
    dimension = None
    if recommendation.dimension is not None:
        dimension = Labelled(
            id=recommendation.dimension, label=words.dimension_label(recommendation.dimension)
        )
        dim = facts.dimension(recommendation.dimension)
        if dim is not None:
            weight = dim.weight / max_weight if max_weight > 0 else 0.0
            if dim.score is not None:
                target = catalogue.target_of(dim.id, default_target)
                gap = min(1.0, max(0.0, (target - dim.score) / target))
    if facts.needs is not None:
        shares = [f.share for n in recommendation.needs if (f := facts.needs.figure(n))]
        demand = max(shares, default=0.0)
    w = catalogue.settings.priority
    priority = (
        100 * (w.gap * gap + w.weight * weight + w.demand * demand) / (w.gap + w.weight + w.demand)
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
        funding=[_instrument(i, catalogue, words) for i in recommendation.funding],
        priority=round(priority, 1),
        gap=round(gap, 3),
        weight=round(weight, 3),
        demand=round(demand, 3),
        evidence=evidence,
    )


def _instrument(instrument: str, catalogue: Catalogue, words: Words) -> Labelled:
    found = catalogue.instruments.get(instrument)
    return Labelled(id=instrument, label=words.pick(found.label) if found else instrument)


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


def _need_lines(figures: Sequence[NeedFigure], top: int, words: Words) -> list[NeedLine]:
    return [
        NeedLine(
            id=f.need,
            label=words.need_label(f.need),
            rank=f.rank,
            points=f.points,
            share=f.share,
            unmet_share=f.unmet_share,
        )
        for f in figures
        if f.rank is not None
    ][:top]


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


# -- the joint transnational plan ------------------------------------------------------------


def _ref(region: RegionPlan) -> RegionRef:
    return RegionRef(code=region.code, name=region.name)


def _transnational(
    result: ScoreResult,
    catalogue: Catalogue,
    inputs: PlanInputs,
    words: Words,
    planned: Mapping[str, RegionPlan],
    chosen: set[str],
) -> Transnational:
    def involves(codes: Sequence[str]) -> bool:
        return any(code in chosen for code in codes)

    all_needs = partnership_needs(
        [n for code, n in inputs.needs.items() if code in planned], inputs.need_options
    )
    return Transnational(
        needs=_need_lines(all_needs, catalogue.settings.top_needs, words),
        joint_actions=[
            a
            for a in _joint_actions(catalogue, words, planned)
            if involves([r.code for r in a.regions])
        ],
        peer_learning=[
            p
            for p in _peer_learning(catalogue, words, planned)
            if involves([p.learner.code, p.peer.code])
        ],
        meta_clusters=[
            m
            for m in _meta_clusters(catalogue, inputs, words, planned)
            if involves([x.region.code for x in m.members])
        ],
        joint_calls=[
            c
            for c in _joint_calls(catalogue, inputs, words, planned)
            if involves([r.code for r in c.regions])
        ],
    )


def _joint_actions(
    catalogue: Catalogue, words: Words, planned: Mapping[str, RegionPlan]
) -> list[JointAction]:
    out = []
    for recommendation in catalogue.recommendations:
        if not recommendation.joint:
            continue
        sharing = [
            (region, rec)
            for region in planned.values()
            for rec in region.recommendations
            if rec.id == recommendation.id
        ]
        if len(sharing) < catalogue.settings.joint_min_regions:
            continue
        regions = [_ref(region) for region, _ in sharing]
        priority = sum(rec.priority for _, rec in sharing) / len(sharing)
        out.append(
            JointAction(
                recommendation=recommendation.id,
                title=words.pick(recommendation.title),
                text=words.pick(recommendation.text),
                regions=regions,
                priority=round(priority, 1),
                funding=[_instrument(i, catalogue, words) for i in recommendation.funding],
                summary=words.t(
                    "joint.summary",
                    n=str(len(regions)),
                    regions=words.join([r.name for r in regions]),
                ),
            )
        )
    return sorted(out, key=lambda a: (-len(a.regions), -a.priority, a.recommendation))


def _peer_learning(
    catalogue: Catalogue, words: Words, planned: Mapping[str, RegionPlan]
) -> list[PeerPair]:
    settings = catalogue.settings
    out = []
    for learner in planned.values():
        weak = sorted(
            (
                d
                for d in learner.dimensions
                if d.score is not None and d.difference is not None and d.difference < 0
            ),
            key=lambda d: (d.score, d.id),
        )[: settings.peer_weakest]
        for dim in weak:
            assert dim.score is not None
            peers = []
            for other in planned.values():
                if other.code == learner.code:
                    continue
                theirs = next((d for d in other.dimensions if d.id == dim.id), None)
                if theirs is None or theirs.score is None or theirs.difference is None:
                    continue
                if theirs.difference > 0 and theirs.score - dim.score >= settings.peer_margin:
                    peers.append((theirs.score, other))
            peers.sort(key=lambda item: (-item[0], item[1].code))
            for score, peer in peers[: settings.peer_mentors]:
                out.append(
                    PeerPair(
                        dimension=Labelled(id=dim.id, label=dim.label),
                        learner=_ref(learner),
                        learner_score=dim.score,
                        peer=_ref(peer),
                        peer_score=score,
                        text=words.t(
                            "peer.text",
                            learner=learner.name,
                            peer=peer.name,
                            label=dim.label,
                            peer_score=words.num(score),
                            learner_score=words.num(dim.score),
                        ),
                    )
                )
    return out


def _strengths(region: RegionPlan, margin: float) -> list[Labelled]:
    strong = sorted(
        (d for d in region.dimensions if d.difference is not None and d.difference >= margin),
        key=lambda d: (-(d.difference or 0.0), d.id),
    )
    return [Labelled(id=d.id, label=d.label) for d in strong[:2]]


def _meta_clusters(
    catalogue: Catalogue, inputs: PlanInputs, words: Words, planned: Mapping[str, RegionPlan]
) -> list[MetaCluster]:
    settings = catalogue.settings
    sectors: dict[str, list[tuple[RegionPlan, int]]] = {}
    for code, counts in inputs.sectors.items():
        if code not in planned:
            continue
        for sector, count in counts.items():
            if count >= settings.sector_min_respondents:
                sectors.setdefault(sector, []).append((planned[code], count))
    out = []
    for sector in sorted(sectors):
        candidates = sorted(sectors[sector], key=lambda item: (-item[1], item[0].code))
        members = [
            MetaClusterMember(
                region=_ref(region),
                respondents=count,
                strengths=_strengths(region, settings.strength_margin),
            )
            for region, count in candidates
        ]
        # only regions that bring a strength, the most active in the sector first
        members = [m for m in members if m.strengths][: settings.meta_max_regions]
        distinct = {s.id for m in members for s in m.strengths}
        if len(members) < 2 or len(distinct) < 2:
            continue  # complementary strengths need two regions strong in different things
        members.sort(key=lambda m: m.region.code)
        label = words.pick(inputs.sector_labels.get(sector)) or sector
        offers = "; ".join(
            f"{m.region.name}: {words.join([s.label for s in m.strengths])}" for m in members
        )
        out.append(
            MetaCluster(
                sector=Labelled(id=sector, label=label),
                members=members,
                text=words.t(
                    "meta.text",
                    sector=label,
                    regions=words.join([m.region.name for m in members]),
                    offers=offers,
                ),
            )
        )
    return out


def _joint_calls(
    catalogue: Catalogue, inputs: PlanInputs, words: Words, planned: Mapping[str, RegionPlan]
) -> list[JointCall]:
    settings = catalogue.settings
    own = [i for i, spec in catalogue.instruments.items() if spec.scope in ("regional", "national")]
    used: dict[str, set[str]] = {
        code: {f.id for rec in region.recommendations for f in rec.funding}
        for code, region in planned.items()
    }
    domains: dict[str, list[str]] = {}
    for code, shares in inputs.domains.items():
        if code not in planned:
            continue
        for domain, share in shares.items():
            if share >= settings.domain_min_share:
                domains.setdefault(domain, []).append(code)
    out = []
    for domain in sorted(domains):
        codes = sorted(domains[domain])
        best: list[str] = []
        for instrument in own:
            sharing = [c for c in codes if instrument in used[c]]
            if len(sharing) > len(best):
                best = sharing
        if len(best) < 2:
            continue
        instruments = [i for i in own if all(i in used[c] for c in best)]
        label = words.pick(inputs.domain_labels.get(domain)) or domain
        regions = [_ref(planned[c]) for c in best]
        names = [_instrument(i, catalogue, words) for i in instruments]
        out.append(
            JointCall(
                domain=Labelled(id=domain, label=label),
                regions=regions,
                instruments=names,
                text=words.t(
                    "call.text",
                    domain=label,
                    regions=words.join([r.name for r in regions]),
                    instruments=words.join([n.label for n in names]),
                ),
            )
        )
    return out


# -- gathering the inputs from responses -----------------------------------------------------


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
    from s3engine.catalogue_checks import need_options

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
    return PlanInputs(
        needs=needs,
        need_options=options,
        need_labels=need_labels,
        group_labels=group_labels,
        comment_labels=comment_labels,
        sectors=_sectors([*model_complete, *needs_complete]),
        sector_labels=sector_labels,
        domains=_domains(catalogue.priority_domains, model_complete),
        domain_labels=_domain_labels(catalogue.priority_domains, model_questionnaire),
        gate_labels=dict(gate_labels or {}),
    )


def _sectors(responses: Sequence[Response]) -> dict[str, dict[str, int]]:
    seen: dict[str, dict[str, set[str]]] = {}
    for response in responses:
        who = response.respondent
        if who.sector:
            seen.setdefault(who.region, {}).setdefault(who.sector, set()).add(who.id)
    return {
        region: {sector: len(ids) for sector, ids in sorted(sectors.items())}
        for region, sectors in sorted(seen.items())
    }


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
