"""The joint transnational plan: what the regions of a partnership can do together.

Built from the regional plans, so that it never proposes what a region's own plan does not
hold:

- joint actions: a recommendation transnational by nature (`joint: true`) that at least
  `joint_min_regions` regions hold among their own items, with the evidence they share;
- peer learning: a region well ahead on a dimension another lags on; each dimension's scores
  are sorted once, so the work grows with the number of regions, not with its square; a
  peer whose score rests on part of the dimension's indicators is marked as such;
- meta-clusters: regions active in a sector (enough respondents, from enough stakeholder
  groups) whose stakeholders' needs complement each other: what one lacks, another has
  covered;
- synchronised joint calls: regions naming the same priority domain, each funding its part
  from its own regional or national programme.

docs/action-plans.md explains every rule; `partnership_lines` tells each region what the joint
plan proposes for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from s3engine.plan.catalogue import Catalogue
from s3engine.plan.inputs import PlanInputs
from s3engine.plan.model import (
    DimensionLine,
    Funding,
    JointAction,
    JointCall,
    JointCallMember,
    Labelled,
    MetaCluster,
    MetaClusterMember,
    PeerPair,
    PlannedRecommendation,
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
        rules=_rules(catalogue, inputs, words),
    )


def _rules(catalogue: Catalogue, inputs: PlanInputs, words: Words) -> list[str]:
    """The thresholds behind the joint plan, so that a reader can check every proposal."""
    s = catalogue.settings
    sectors = s.meta_sectors if s.meta_sectors is not None else sorted(inputs.sector_labels)
    return [
        words.t("rules.joint", n=str(s.joint_min_regions), main=str(s.main_items)),
        words.t(
            "rules.peer",
            weakest=str(s.peer_weakest),
            margin=words.num(s.peer_margin, 0),
            mentors=str(s.peer_mentors),
        ),
        words.t(
            "rules.meta",
            sectors=words.join([words.pick(inputs.sector_labels.get(x)) or x for x in sectors]),
            respondents=str(s.sector_min_respondents),
            groups=str(s.sector_min_groups),
            regions=str(s.meta_min_regions),
            share=words.pct(s.complement_share),
        ),
        words.t("rules.calls", share=words.pct(s.domain_min_share)),
    ]


# -- joint actions ---------------------------------------------------------------------------


def _reach(reached: Mapping[str, None], names: Sequence[str], words: Words) -> str | None:
    """For whom an instrument of a joint action pays: None for every region, else the few it
    reaches or the few it does not, whichever list is shorter."""
    missing = [name for name in dict.fromkeys(names) if name not in reached]
    if not missing:
        return None
    if len(missing) < len(reached):
        return words.t("funding.except", regions=words.names(missing))
    return words.t("funding.only", regions=words.names(list(reached)))


def _joint_actions(
    catalogue: Catalogue, words: Words, planned: Mapping[str, RegionPlan]
) -> list[JointAction]:
    holding: dict[str, list[tuple[RegionPlan, PlannedRecommendation]]] = {}
    for region in planned.values():
        for item in region.recommendations:  # the regions' own items, not their annexes
            for ident in (item.id, *(r.id for r in item.also)):
                holding.setdefault(ident, []).append((region, item))
    out = []
    for recommendation in catalogue.recommendations:
        sharing = holding.get(recommendation.id, [])
        if not recommendation.joint or len(sharing) < catalogue.settings.joint_min_regions:
            continue
        regions = [_ref(region) for region, _ in sharing]
        priority = sum(item.priority for _, item in sharing) / len(sharing)
        # instruments that reach all of them, or some (then named: the Swiss partner's NRP
        # funds none of the others, the ERDF none of the Swiss)
        labels: dict[str, str] = {}
        reached: dict[str, dict[str, None]] = {}
        for region, item in sharing:
            for f in item.funding:
                labels.setdefault(f.id, f.label)
                reached.setdefault(f.id, {})[region.name] = None
        names = [region.name for region, _ in sharing]
        funding = {
            ident: Funding(id=ident, label=label, note=_reach(reached[ident], names, words))
            for ident, label in labels.items()
        }
        summary = words.t(
            "joint.summary", n=str(len(regions)), regions=words.names([r.name for r in regions])
        )
        shared = _shared_evidence(recommendation.dimension, recommendation.needs, sharing, words)
        out.append(
            JointAction(
                recommendation=recommendation.id,
                title=words.pick(recommendation.title),
                text=words.pick(recommendation.text),
                regions=regions,
                priority=round(priority, 1),
                funding=list(funding.values()),
                summary=" ".join([summary, *shared]),
            )
        )
    return sorted(out, key=lambda a: (-len(a.regions), -a.priority, a.recommendation))


def _shared_evidence(
    dimension: str | None,
    needs: Sequence[str],
    sharing: Sequence[tuple[RegionPlan, PlannedRecommendation]],
    words: Words,
) -> list[str]:
    """The evidence the regions of a joint action share, in their own figures."""
    out = []
    if dimension is not None:
        below = [
            (region, line)
            for region, _ in sharing
            for line in region.dimensions
            if line.id == dimension and line.score is not None and line.score < line.target
        ]
        if below:
            out.append(
                words.t(
                    "joint.dimension",
                    label=words.dimension_label(dimension),
                    target=words.num(below[0][1].target),
                    regions=words.join(
                        [f"{words.name(r.name)} ({words.num(d.score or 0.0)})" for r, d in below]
                    ),
                )
            )
    for need in needs:
        pressing = [
            (region, line)
            for region, _ in sharing
            for line in region.needs
            if line.id == need and line.unmet_share > 0
        ]
        if pressing:
            out.append(
                words.t(
                    "joint.need",
                    need=words.need_label(need),
                    regions=words.join(
                        [f"{words.name(r.name)} ({words.pct(n.unmet_share)})" for r, n in pressing]
                    ),
                )
            )
    return out


# -- peer learning ---------------------------------------------------------------------------


def _peer_learning(
    catalogue: Catalogue, words: Words, planned: Mapping[str, RegionPlan]
) -> list[PeerPair]:
    """Each region's weakest dimensions below the mean, with the strongest regions there.

    The regions ahead on a dimension (above the mean) are sorted once per dimension, strongest
    first; a learner takes the first of them that are `peer_margin` points ahead of it, so
    the work is one sort per dimension and a short walk per learner.
    """
    settings = catalogue.settings
    ahead: dict[str, list[tuple[RegionPlan, DimensionLine]]] = {}
    for region in planned.values():
        for line in region.dimensions:
            if line.score is not None and line.difference is not None and line.difference > 0:
                ahead.setdefault(line.id, []).append((region, line))
    for peers in ahead.values():
        peers.sort(key=lambda item: (-(item[1].score or 0.0), item[0].code))
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
            found = 0
            for peer, theirs in ahead.get(dim.id, []):
                assert theirs.score is not None
                if theirs.score - dim.score < settings.peer_margin:
                    break  # sorted: no later peer is far enough ahead either
                if peer.code == learner.code:
                    continue
                out.append(_pair(words, learner, dim, peer, theirs))
                found += 1
                if found == settings.peer_mentors:
                    break
    return out


def _pair(
    words: Words, learner: RegionPlan, dim: DimensionLine, peer: RegionPlan, theirs: DimensionLine
) -> PeerPair:
    assert dim.score is not None and theirs.score is not None
    partial = theirs.coverage < 1 or peer.dimensions_scored < len(peer.dimensions)
    text = words.t(
        "peer.text",
        learner=words.name(learner.name),
        peer=words.name(peer.name),
        label=dim.label,
        peer_score=words.num(theirs.score),
        learner_score=words.num(dim.score),
    )
    if partial:
        text += " " + words.t(
            "peer.partial",
            peer=words.name(peer.name),
            coverage=words.pct(theirs.coverage),
            present=str(peer.dimensions_scored),
            total=str(len(peer.dimensions)),
        )
    return PeerPair(
        dimension=Labelled(id=dim.id, label=dim.label),
        learner=_ref(learner),
        learner_score=dim.score,
        peer=_ref(peer),
        peer_score=theirs.score,
        peer_partial=partial,
        text=text,
    )


# -- meta-clusters ---------------------------------------------------------------------------


def _meta_clusters(
    catalogue: Catalogue, inputs: PlanInputs, words: Words, planned: Mapping[str, RegionPlan]
) -> list[MetaCluster]:
    """Per sector: the regions active in it (`sector_min_respondents` respondents there, from
    `sector_min_groups` stakeholder groups), kept when their stakeholders' needs complement
    each other: a need one region's stakeholders say no measure covers (`complement_share`
    of them) is one another region's stakeholders name and find covered."""
    s = catalogue.settings
    share = s.complement_share
    lacks: dict[str, list[str]] = {}
    offers: dict[str, list[str]] = {}
    for code in planned:
        needs = inputs.needs.get(code)
        figures = needs.overall if needs is not None and needs.respondents else []
        lacks[code] = [f.need for f in figures if f.unmet_share >= share]
        offers[code] = [f.need for f in figures if f.covered_share >= share > f.unmet_share]
    sectors: dict[str, list[tuple[str, int]]] = {}
    for code, counts in inputs.sectors.items():
        if code not in planned:
            continue
        for sector, count in counts.items():
            groups = inputs.sector_groups.get(code, {}).get(sector, ())
            if count >= s.sector_min_respondents and len(groups) >= s.sector_min_groups:
                sectors.setdefault(sector, []).append((code, count))
    allowed = set(s.meta_sectors) if s.meta_sectors is not None else None
    out = []
    for sector in sorted(sectors):
        if allowed is not None and sector not in allowed:
            continue
        active = sorted(sectors[sector], key=lambda item: (-item[1], item[0]))
        codes = [code for code, _ in active]
        # a region stays when it offers what another lacks, or lacks what another offers
        fits = {
            code: (
                [n for n in offers[code] if any(n in lacks[o] for o in codes if o != code)],
                [n for n in lacks[code] if any(n in offers[o] for o in codes if o != code)],
            )
            for code in codes
        }
        members = [(code, count) for code, count in active if fits[code][0] or fits[code][1]]
        members = members[: s.meta_max_regions]
        if len(members) < s.meta_min_regions:
            continue
        out.append(_meta_cluster(sector, members, fits, inputs, words, planned))
    return out


def _meta_cluster(
    sector: str,
    members: list[tuple[str, int]],
    fits: Mapping[str, tuple[list[str], list[str]]],
    inputs: PlanInputs,
    words: Words,
    planned: Mapping[str, RegionPlan],
) -> MetaCluster:
    label = words.pick(inputs.sector_labels.get(sector)) or sector
    kept = [code for code, _ in members]
    pairs = []
    for code in kept:
        for need in fits[code][1][:2]:  # what each lacks most, to keep the proposal short
            givers = [o for o in kept if o != code and need in fits[o][0]]
            if givers:
                pairs.append(
                    words.t(
                        "meta.pair",
                        lacking=words.name(planned[code].name),
                        need=words.need_label(need),
                        offering=words.names([planned[o].name for o in givers]),
                    )
                )
    regions = [planned[code] for code in kept]
    text = words.t(
        "meta.proposal",
        sector=label,
        regions=words.names([r.name for r in regions]),
        pairs="; ".join(pairs),
    )
    return MetaCluster(
        sector=Labelled(id=sector, label=label),
        members=[
            MetaClusterMember(
                region=_ref(planned[code]),
                respondents=count,
                groups=[
                    Labelled(id=g, label=words.group_label(g))
                    for g in inputs.sector_groups.get(code, {}).get(sector, ())
                ],
                offers=[Labelled(id=n, label=words.need_label(n)) for n in fits[code][0]],
                needs=[Labelled(id=n, label=words.need_label(n)) for n in fits[code][1]],
            )
            for code, count in members
        ],
        text=text,
    )


# -- joint calls -----------------------------------------------------------------------------


def _joint_calls(
    catalogue: Catalogue, inputs: PlanInputs, words: Words, planned: Mapping[str, RegionPlan]
) -> list[JointCall]:
    """Per priority domain named by at least two regions: each region with a regional or
    national programme that funds one of its items joins, funded by that programme."""
    own = {i for i, spec in catalogue.instruments.items() if spec.scope in ("regional", "national")}
    programmes: dict[str, list[Funding]] = {}
    for code, region in planned.items():
        found: dict[str, Funding] = {}
        for item in region.recommendations:
            for f in item.funding:
                if f.id in own:
                    found.setdefault(f.id, f)
        programmes[code] = list(found.values())
    domains: dict[str, list[str]] = {}
    for code, shares in inputs.domains.items():
        if code not in planned or not programmes.get(code):
            continue
        for domain, share in shares.items():
            if share >= catalogue.settings.domain_min_share:
                domains.setdefault(domain, []).append(code)
    out = []
    for domain in sorted(domains):
        codes = sorted(domains[domain])
        if len(codes) < 2:
            continue
        label = words.pick(inputs.domain_labels.get(domain)) or domain
        members = [
            JointCallMember(region=_ref(planned[c]), instruments=programmes[c]) for c in codes
        ]
        instruments = "; ".join(
            f"{words.name(m.region.name)}: {words.join([f.label for f in m.instruments])}"
            for m in members
        )
        out.append(
            JointCall(
                domain=Labelled(id=domain, label=label),
                regions=[m.region for m in members],
                members=members,
                text=words.t(
                    "call.proposal",
                    domain=label,
                    regions=words.names([planned[c].name for c in codes]),
                    instruments=instruments,
                ),
            )
        )
    return out


# -- what each region takes part in ------------------------------------------------------------


def partnership_lines(tn: Transnational, words: Words) -> dict[str, list[str]]:
    """For each region, what the joint plan proposes for it, in one sentence each."""
    lines: dict[str, list[str]] = {}

    def add(code: str, text: str) -> None:
        lines.setdefault(code, []).append(text)

    for action in tn.joint_actions:
        refs = [(r.code, r.name) for r in action.regions]
        for region in action.regions:
            others = words.others(refs, region.code, len(refs))
            add(region.code, words.t("partner.joint", title=action.title, regions=others))
    for cluster in tn.meta_clusters:
        refs = [(m.region.code, m.region.name) for m in cluster.members]
        for member in cluster.members:
            others = words.others(refs, member.region.code, len(refs))
            add(
                member.region.code,
                words.t("partner.meta", sector=cluster.sector.label, regions=others),
            )
    learners: dict[tuple[str, str], list[str]] = {}
    mentors: dict[tuple[str, str], list[str]] = {}
    labels: dict[str, str] = {}
    for pair in tn.peer_learning:
        labels[pair.dimension.id] = pair.dimension.label
        learners.setdefault((pair.learner.code, pair.dimension.id), []).append(pair.peer.name)
        mentors.setdefault((pair.peer.code, pair.dimension.id), []).append(pair.learner.name)
    for (code, dim), peers in learners.items():
        add(code, words.t("partner.learner", label=labels[dim], peers=words.names(peers)))
    for (code, dim), regions in mentors.items():  # a strong region may mentor hundreds
        named = words.others([("", name) for name in regions], code, len(regions) + 1)
        add(code, words.t("partner.mentor", label=labels[dim], learners=named))
    for call in tn.joint_calls:
        refs = [(r.code, r.name) for r in call.regions]
        for region in call.regions:
            others = words.others(refs, region.code, len(refs))
            add(region.code, words.t("partner.call", domain=call.domain.label, regions=others))
    return lines
