"""Stakeholders' needs, rank-aggregated per region and per stakeholder group.

Each respondent ranks up to N needs (the ranking question's `top`). A Borda count turns a
ranking into points: the first of N places earns N points, the last 1, a need not ranked 0.
Within a stakeholder group the points are averaged over its respondents; a region's (or the
whole partnership's) figure is the plain mean over the groups that answered, so that a group
with many respondents cannot drown a group with few (the quadruple helix stays balanced).
The share of stakeholders naming a need, the share saying no measure covers it, and the share
naming it without saying so (the need is covered for them), are balanced over the groups in
the same way. Pure functions: responses in, summaries out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from s3engine.responses.model import Response


@dataclass(frozen=True)
class NeedFigure:
    """One need in one population (a group, a region, all regions)."""

    need: str
    points: float  # mean Borda points, 0 to N
    share: float  # share naming it in their ranking, 0-1
    unmet_share: float  # share saying no measure covers it, 0-1
    rank: int | None  # 1 = most important; None when nobody ranked it
    covered_share: float = 0.0  # share ranking it and not saying it is unmet, 0-1


@dataclass(frozen=True)
class GroupNeeds:
    group: str
    respondents: int
    needs: list[NeedFigure]  # ordered by rank, unranked needs last

    def figure(self, need: str) -> NeedFigure | None:
        return next((f for f in self.needs if f.need == need), None)


@dataclass(frozen=True)
class RegionNeeds:
    region: str
    respondents: int
    overall: list[NeedFigure]
    groups: list[GroupNeeds]
    comments: list[tuple[str, str]] = field(default_factory=list)  # (question id, text)

    def figure(self, need: str) -> NeedFigure | None:
        return next((f for f in self.overall if f.need == need), None)


@dataclass(frozen=True)
class _Tally:
    respondents: int
    points: dict[str, float]
    named: dict[str, int]
    unmet: dict[str, int]
    covered: dict[str, int]


def borda(ranking: Sequence[str], top: int) -> dict[str, float]:
    """Points of each ranked need: the first of `top` places gets `top`, the next one less."""
    points: dict[str, float] = {}
    for place, need in enumerate(ranking[:top]):
        if need not in points:
            points[need] = float(top - place)
    return points


def _tally(
    responses: Iterable[Response], options: Sequence[str], ranking: str, unmet: str | None, top: int
) -> _Tally:
    points = dict.fromkeys(options, 0.0)
    named = dict.fromkeys(options, 0)
    missing = dict.fromkeys(options, 0)
    covered = dict.fromkeys(options, 0)
    count = 0
    for response in responses:
        ranked = response.answers.get(ranking)
        if not isinstance(ranked, list) or not ranked:
            continue
        count += 1
        unmet_answer = response.answers.get(unmet) if unmet else None
        lacking = set(unmet_answer) if isinstance(unmet_answer, list) else set()
        for need, value in borda(ranked, top).items():
            if need in points:
                points[need] += value
                named[need] += 1
                if need not in lacking:
                    covered[need] += 1
        for need in lacking:
            if need in missing:
                missing[need] += 1
    return _Tally(count, points, named, missing, covered)


def _figures(
    options: Sequence[str],
    points: Mapping[str, float],
    share: Mapping[str, float],
    unmet: Mapping[str, float],
    covered: Mapping[str, float],
) -> list[NeedFigure]:
    order = {need: index for index, need in enumerate(options)}
    ranked = sorted(options, key=lambda n: (-points[n], -share[n], -unmet[n], order[n]))
    out: list[NeedFigure] = []
    place = 0
    for need in ranked:
        rank = None
        if points[need] > 0:
            place += 1
            rank = place
        out.append(
            NeedFigure(
                need,
                round(points[need], 4),
                round(share[need], 4),
                round(unmet[need], 4),
                rank,
                round(covered[need], 4),
            )
        )
    return out


def _group_needs(group: str, tally: _Tally, options: Sequence[str]) -> GroupNeeds:
    n = tally.respondents
    points = {k: v / n if n else 0.0 for k, v in tally.points.items()}
    share = {k: v / n if n else 0.0 for k, v in tally.named.items()}
    unmet = {k: v / n if n else 0.0 for k, v in tally.unmet.items()}
    covered = {k: v / n if n else 0.0 for k, v in tally.covered.items()}
    return GroupNeeds(group, n, _figures(options, points, share, unmet, covered))


def balance(groups: Sequence[GroupNeeds], options: Sequence[str]) -> list[NeedFigure]:
    """The mean over groups (each group counts once, whatever its size)."""
    present = [g for g in groups if g.respondents > 0]
    if not present:
        zero = dict.fromkeys(options, 0.0)
        return _figures(options, zero, zero, zero, zero)
    mean: dict[str, dict[str, float]] = {"points": {}, "share": {}, "unmet": {}, "covered": {}}
    for need in options:
        figures = [g.figure(need) for g in present]
        mean["points"][need] = sum(f.points for f in figures if f) / len(present)
        mean["share"][need] = sum(f.share for f in figures if f) / len(present)
        mean["unmet"][need] = sum(f.unmet_share for f in figures if f) / len(present)
        mean["covered"][need] = sum(f.covered_share for f in figures if f) / len(present)
    return _figures(options, mean["points"], mean["share"], mean["unmet"], mean["covered"])


def region_needs(
    responses: Sequence[Response],
    *,
    options: Sequence[str],
    ranking: str,
    unmet: str | None,
    top: int,
    comments: Sequence[str] = (),
) -> dict[str, RegionNeeds]:
    """Needs per region (keyed by NUTS code), from responses to the needs questionnaire."""
    by_region: dict[str, dict[str, list[Response]]] = {}
    for response in responses:
        region = response.respondent.region
        by_region.setdefault(region, {}).setdefault(response.respondent.group, []).append(response)
    out: dict[str, RegionNeeds] = {}
    for region in sorted(by_region):
        groups = [
            _group_needs(group, _tally(members, options, ranking, unmet, top), options)
            for group, members in sorted(by_region[region].items())
        ]
        said: list[tuple[str, str]] = []
        for group in sorted(by_region[region]):
            for response in by_region[region][group]:
                for question in comments:
                    value = response.answers.get(question)
                    if isinstance(value, str) and value.strip():
                        said.append((question, value.strip()))
        out[region] = RegionNeeds(
            region=region,
            respondents=sum(g.respondents for g in groups),
            overall=balance(groups, options),
            groups=[g for g in groups if g.respondents > 0],
            comments=said,
        )
    return out


def partnership_needs(regions: Iterable[RegionNeeds], options: Sequence[str]) -> list[NeedFigure]:
    """Needs over all regions, each region counting once (its group-balanced figures)."""
    as_groups = [
        GroupNeeds(r.region, r.respondents, r.overall) for r in regions if r.respondents > 0
    ]
    return balance(as_groups, options)
