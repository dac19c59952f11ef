"""The joint transnational plan: what the regions of a partnership can do together.

Built from the regional plans: joint actions (a recommendation that applies in several
regions), peer-learning pairs (a region well ahead on a dimension another lags on),
meta-cluster suggestions (regions active in one sector with complementary strengths) and
synchronised joint calls (regions naming a priority domain and funding it with the same kind
of instrument). docs/action-plans.md explains every rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from s3engine.plan.catalogue import Catalogue
from s3engine.plan.inputs import PlanInputs
from s3engine.plan.model import (
    JointAction,
    JointCall,
    Labelled,
    MetaCluster,
    MetaClusterMember,
    PeerPair,
    RegionPlan,
    RegionRef,
    Transnational,
)
from s3engine.plan.needs import partnership_needs
from s3engine.plan.words import Words, need_lines


def _ref(region: RegionPlan) -> RegionRef:
    return RegionRef(code=region.code, name=region.name)


def transnational_plan(
    catalogue: Catalogue,
    inputs: PlanInputs,
    words: Words,
    planned: Mapping[str, RegionPlan],
    chosen: set[str],
) -> Transnational:
    """What the regions of `planned` can do together; only items involving `chosen` ones."""

    def involves(codes: Sequence[str]) -> bool:
        return any(code in chosen for code in codes)

    all_needs = partnership_needs(
        [n for code, n in inputs.needs.items() if code in planned], inputs.need_options
    )
    return Transnational(
        needs=need_lines(all_needs, catalogue.settings.top_needs, words),
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
                funding=[words.instrument(i) for i in recommendation.funding],
                summary=words.t(
                    "joint.summary",
                    n=str(len(regions)),
                    regions=words.names([r.name for r in regions]),
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
                            learner=words.name(learner.name),
                            peer=words.name(peer.name),
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
            f"{words.name(m.region.name)}: {words.join([s.label for s in m.strengths])}"
            for m in members
        )
        out.append(
            MetaCluster(
                sector=Labelled(id=sector, label=label),
                members=members,
                text=words.t(
                    "meta.text",
                    sector=label,
                    regions=words.names([m.region.name for m in members]),
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
        names = [words.instrument(i) for i in instruments]
        out.append(
            JointCall(
                domain=Labelled(id=domain, label=label),
                regions=regions,
                instruments=names,
                text=words.t(
                    "call.text",
                    domain=label,
                    regions=words.names([r.name for r in regions]),
                    instruments=words.join([n.label for n in names]),
                ),
            )
        )
    return out
