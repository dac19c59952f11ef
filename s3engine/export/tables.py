"""The plan as rows: shared by the CSV and XLSX exports so that both hold the same cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from s3engine.export.common import Words
from s3engine.plan.model import Plan, RegionPlan

Cell = str | float | int | None
Sheet = tuple[str, list[str], list[list[Cell]]]  # (title key, header, rows)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _by_region(
    plan: Plan,
    w: Words,
    key: str,
    columns: Sequence[str],
    rows: Callable[[RegionPlan], Iterable[list[Cell]]],
) -> Sheet:
    """A sheet whose rows each start with the region they are about: its code and name."""
    header = w.columns("col.code", "col.region", *columns)
    cells = [[r.code, r.name, *row] for r in plan.regions for row in rows(r)]
    return key, header, cells


def regions(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        stability = None if r.stability is None else _r(r.stability.stability, 3)
        return [
            [
                r.class_label,
                _r(r.composite),
                r.rank,
                stability,
                r.respondents,
                len(r.recommendations),
                r.summary,
            ]
        ]

    columns = [
        "col.class",
        "col.composite",
        "col.rank",
        "col.stability",
        "col.respondents",
        "h.recommendations",
        "h.summary",
    ]
    return _by_region(plan, w, "sheet.regions", columns, rows)


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
    return _by_region(plan, w, "sheet.scores", columns, rows)


def recommendations(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [
            [
                i,
                rec.id,
                rec.title,
                rec.priority,
                rec.dimension.label if rec.dimension else None,
                "; ".join(n.label for n in rec.needs),
                "; ".join(a.label for a in rec.actors),
                rec.horizon.label,
                "; ".join(f.label for f in rec.funding),
                " ".join(ev.text for ev in rec.evidence),
                rec.text,
                rec.rationale,
            ]
            for i, rec in enumerate(r.recommendations, 1)
        ]

    columns = [
        "col.rank",
        "col.id",
        "col.recommendation",
        "col.priority",
        "col.improves",
        "col.answers",
        "col.actors",
        "col.horizon",
        "col.funding",
        "col.evidence",
        "col.text",
        "col.rationale",
    ]
    return _by_region(plan, w, "sheet.recommendations", columns, rows)


def needs(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        groups = [("", r.needs)] + [(g.label, g.needs) for g in r.needs_by_group]
        return [
            [group or None, n.rank, n.id, n.label, _r(n.share, 3), _r(n.unmet_share, 3)]
            for group, lines in groups
            for n in lines
        ]

    columns = ["col.group", "col.rank", "col.id", "col.need", "col.share", "col.unmet"]
    return _by_region(plan, w, "sheet.needs", columns, rows)


def joint_actions(plan: Plan, w: Words) -> Sheet:
    header = w.columns(
        "col.id", "col.recommendation", "col.priority", "col.regions", "col.funding", "col.text"
    )
    rows: list[list[Cell]] = [
        [
            a.recommendation,
            a.title,
            a.priority,
            "; ".join(x.name for x in a.regions),
            "; ".join(f.label for f in a.funding),
            a.text,
        ]
        for a in plan.transnational.joint_actions
    ]
    return "sheet.joint", header, rows


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
    return "sheet.peers", header, rows


def meta_clusters(plan: Plan, w: Words) -> Sheet:
    header = w.columns("col.sector", "col.regions", "col.suggestion")
    rows: list[list[Cell]] = [
        [m.sector.label, "; ".join(x.region.name for x in m.members), m.text]
        for m in plan.transnational.meta_clusters
    ]
    return "sheet.meta", header, rows


def joint_calls(plan: Plan, w: Words) -> Sheet:
    header = w.columns("col.domain", "col.regions", "col.instruments", "col.suggestion")
    rows: list[list[Cell]] = [
        [
            c.domain.label,
            "; ".join(x.name for x in c.regions),
            "; ".join(i.label for i in c.instruments),
            c.text,
        ]
        for c in plan.transnational.joint_calls
    ]
    return "sheet.calls", header, rows


def comments(plan: Plan, w: Words) -> Sheet:
    def rows(r: RegionPlan) -> list[list[Cell]]:
        return [[c.question_label, c.text] for c in r.comments]

    return _by_region(plan, w, "sheet.comments", ("col.question", "col.comment"), rows)


ALL: list[Callable[[Plan, Words], Sheet]] = [
    regions,
    scores,
    recommendations,
    needs,
    joint_actions,
    peer_learning,
    meta_clusters,
    joint_calls,
    comments,
]
