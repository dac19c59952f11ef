"""The plan as rows: shared by the CSV and XLSX exports so that both hold the same cells.

Each sheet says which of its columns hold shares (0-1: XLSX shows them as percentages) and
which hold long text (XLSX wraps them in a column of bounded width).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from s3engine.export.common import Words
from s3engine.plan.model import Plan, RegionPlan

Cell = str | float | int | None


@dataclass(frozen=True)
class Sheet:
    key: str  # the plan_texts key of its title
    header: list[str]
    rows: list[list[Cell]]
    #: columns (0-based) holding shares from 0 to 1
    shares: frozenset[int] = field(default_factory=frozenset)
    #: columns (0-based) holding long text, wrapped in XLSX
    texts: frozenset[int] = field(default_factory=frozenset)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _by_region(
    plan: Plan,
    w: Words,
    key: str,
    columns: Sequence[str],
    rows: Callable[[RegionPlan], Iterable[list[Cell]]],
    *,
    shares: Iterable[int] = (),
    texts: Iterable[int] = (),
) -> Sheet:
    """A sheet whose rows each start with the region they are about: its code and name
    (the columns given count from the first after those two)."""
    header = w.columns("col.code", "col.region", *columns)
    cells = [[r.code, r.name, *row] for r in plan.regions for row in rows(r)]
    return Sheet(
        key,
        header,
        cells,
        frozenset(c + 2 for c in shares),
        frozenset(c + 2 for c in texts),
    )


def regions(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        stability = None if r.stability is None else _r(r.stability.stability, 3)
        return [
            [
                r.class_label,
                _r(r.composite),
                f"{r.dimensions_scored}/{len(r.dimensions)}",
                r.rank,
                stability,
                r.respondents,
                r.needs_respondents,
                len(r.recommendations),
                r.summary,
            ]
        ]

    columns = [
        "col.class",
        "col.composite",
        "col.scored",
        "col.rank",
        "col.stability",
        "col.respondents",
        "col.needs_respondents",
        "h.recommendations",
        "h.summary",
    ]
    return _by_region(plan, w, "sheet.regions", columns, rows, shares=[4], texts=[8])


def scores(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [
                r.class_label,
                d.id,
                d.label,
                _r(d.score),
                _r(d.mean),
                _r(d.difference),
                _r(d.target),
                d.weight,
            ]
            for d in r.dimensions
        ]

    columns = [
        "col.class",
        "col.id",
        "col.dimension",
        "col.score",
        "col.mean",
        "col.difference",
        "col.target",
        "col.weight",
    ]
    return _by_region(plan, w, "sheet.scores", columns, rows, texts=[2])


def recommendations(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [
                rec.place,
                rec.id,
                rec.title,
                rec.priority,
                rec.dimension_points,
                rec.need_points,
                rec.opening,
                rec.owner.label,
                rec.horizon.label,
                rec.milestone,
                rec.cost.label,
                "; ".join(w.funding(f) for f in rec.funding),
                "; ".join(t.text for t in rec.track),
                "; ".join(c.label for c in rec.criteria),
                rec.dimension.label if rec.dimension else None,
                "; ".join(n.label for n in rec.needs),
                "; ".join(a.label for a in rec.actors),
                "; ".join(a.title for a in rec.also),
                " ".join(ev.text for ev in rec.evidence),
                rec.text,
                rec.rationale,
            ]
            for rec in [*r.recommendations, *r.further]
        ]

    columns = [
        "col.place",
        "col.id",
        "col.recommendation",
        "col.priority",
        "col.dimension_points",
        "col.need_points",
        "col.opening",
        "col.owner",
        "col.horizon",
        "col.milestone",
        "col.cost",
        "col.funding",
        "col.track",
        "col.criteria",
        "col.improves",
        "col.answers",
        "col.actors",
        "col.also",
        "col.evidence",
        "col.text",
        "col.rationale",
    ]
    texts = [2, 6, 9, 11, 12, 13, 17, 18, 19, 20]
    return _by_region(plan, w, "sheet.recommendations", columns, rows, texts=texts)


def needs(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        groups = [("", r.needs)] + [(g.label, g.needs) for g in r.needs_by_group]
        return [
            [group or None, n.rank, n.id, n.label, _r(n.share, 3), _r(n.unmet_share, 3)]
            for group, lines in groups
            for n in lines
        ]

    columns = ["col.group", "col.rank", "col.id", "col.need", "col.share", "col.unmet"]
    return _by_region(plan, w, "sheet.needs", columns, rows, shares=[4, 5])


def lead_needs(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [n.need.label, _r(n.share, 3), _r(n.unmet_share, 3), n.place, n.text]
            for n in r.lead_needs
        ]

    columns = ["col.need", "col.share", "col.unmet", "col.place", "col.text"]
    return _by_region(plan, w, "sheet.lead", columns, rows, shares=[1, 2], texts=[4])


def criteria(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [
                c.label,
                "; ".join(c.evidence),
                w.items([(i.place, i.title) for i in c.items]) or w.t("criteria.no_items"),
            ]
            for c in r.criteria
        ]

    columns = ["col.criteria", "col.evidence", "h.recommendations"]
    return _by_region(plan, w, "sheet.criteria", columns, rows, texts=[0, 1, 2])


def joint_actions(plan: Plan, w: Words) -> Sheet:
    header = w.columns(
        "col.id",
        "col.recommendation",
        "col.priority",
        "col.regions",
        "col.funding",
        "col.evidence",
        "col.text",
    )
    rows: list[list[Cell]] = [
        [
            a.recommendation,
            a.title,
            a.priority,
            "; ".join(x.name for x in a.regions),
            "; ".join(w.funding(f) for f in a.funding),
            a.summary,
            a.text,
        ]
        for a in plan.transnational.joint_actions
    ]
    return Sheet("sheet.joint", header, rows, texts=frozenset({1, 3, 4, 5, 6}))


def peer_learning(plan: Plan, w: Words) -> Sheet:
    header = w.columns(
        "col.dimension", "col.learner", "col.score", "col.peer", "col.score", "col.suggestion"
    )
    rows: list[list[Cell]] = [
        [
            p.dimension.label,
            p.learner.name,
            _r(p.learner_score),
            p.peer.name,
            _r(p.peer_score),
            p.text,
        ]
        for p in plan.transnational.peer_learning
    ]
    return Sheet("sheet.peers", header, rows, texts=frozenset({0, 5}))


def meta_clusters(plan: Plan, w: Words) -> Sheet:
    header = w.columns("col.sector", "col.regions", "col.suggestion")
    rows: list[list[Cell]] = [
        [m.sector.label, "; ".join(x.region.name for x in m.members), m.text]
        for m in plan.transnational.meta_clusters
    ]
    return Sheet("sheet.meta", header, rows, texts=frozenset({1, 2}))


def joint_calls(plan: Plan, w: Words) -> Sheet:
    header = w.columns("col.domain", "col.regions", "col.instruments", "col.suggestion")
    rows: list[list[Cell]] = [
        [
            c.domain.label,
            "; ".join(x.name for x in c.regions),
            "; ".join(
                f"{m.region.name}: {', '.join(f.label for f in m.instruments)}" for m in c.members
            ),
            c.text,
        ]
        for c in plan.transnational.joint_calls
    ]
    return Sheet("sheet.calls", header, rows, texts=frozenset({1, 2, 3}))


def comments(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [group.question_label, c.text, c.count] for group in r.comments for c in group.answers
        ]

    columns = ("col.question", "col.comment", "col.respondents")
    return _by_region(plan, w, "sheet.comments", columns, rows, texts=[0, 1])


def notes(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [[text] for text in r.notes]

    return _by_region(plan, w, "sheet.notes", ("h.warnings",), rows, texts=[0])


ALL: list[Callable[[Plan, Words], Sheet]] = [
    regions,
    scores,
    recommendations,
    needs,
    lead_needs,
    criteria,
    joint_actions,
    peer_learning,
    meta_clusters,
    joint_calls,
    comments,
    notes,
]
