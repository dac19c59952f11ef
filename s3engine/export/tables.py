"""The plan as rows: shared by the CSV and XLSX exports so that both hold the same cells."""

from __future__ import annotations

from collections.abc import Callable

from s3engine.export.common import Words
from s3engine.plan_model import Plan

Cell = str | float | int | None
Sheet = tuple[str, list[str], list[list[Cell]]]  # (title key, header, rows)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def regions(plan: Plan, w: Words) -> Sheet:
    header = [
        w.t("col.code"),
        w.t("col.region"),
        w.t("col.class"),
        w.t("col.composite"),
        w.t("col.rank"),
        w.t("col.stability"),
        w.t("col.respondents"),
        w.t("h.recommendations"),
        w.t("h.summary"),
    ]
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name,
            r.class_label,
            _r(r.composite),
            r.rank,
            None if r.stability is None else _r(r.stability.stability, 3),
            r.respondents,
            len(r.recommendations),
            r.summary,
        ]
        for r in plan.regions
    ]
    return "sheet.regions", header, rows


def scores(plan: Plan, w: Words) -> Sheet:
    header = [
        w.t("col.code"),
        w.t("col.region"),
        w.t("col.class"),
        w.t("col.id"),
        w.t("col.dimension"),
        w.t("col.score"),
        w.t("col.mean"),
        w.t("col.difference"),
        w.t("col.target"),
        w.t("col.weight"),
    ]
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name,
            r.class_label,
            d.id,
            d.label,
            _r(d.score),
            _r(d.mean),
            _r(d.difference),
            _r(d.target),
            d.weight,
        ]
        for r in plan.regions
        for d in r.dimensions
    ]
    return "sheet.scores", header, rows


def recommendations(plan: Plan, w: Words) -> Sheet:
    header = [
        w.t("col.code"),
        w.t("col.region"),
        w.t("col.rank"),
        w.t("col.id"),
        w.t("col.recommendation"),
        w.t("col.priority"),
        w.t("col.improves"),
        w.t("col.answers"),
        w.t("col.actors"),
        w.t("col.horizon"),
        w.t("col.funding"),
        w.t("col.evidence"),
        w.t("col.text"),
        w.t("col.rationale"),
    ]
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name,
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
        for r in plan.regions
        for i, rec in enumerate(r.recommendations, 1)
    ]
    return "sheet.recommendations", header, rows


def needs(plan: Plan, w: Words) -> Sheet:
    header = [
        w.t("col.code"),
        w.t("col.region"),
        w.t("col.group"),
        w.t("col.rank"),
        w.t("col.id"),
        w.t("col.need"),
        w.t("col.share"),
        w.t("col.unmet"),
    ]
    rows: list[list[Cell]] = []
    for r in plan.regions:
        groups = [("", r.needs)] + [(g.label, g.needs) for g in r.needs_by_group]
        for group, lines in groups:
            rows += [
                [
                    r.code,
                    r.name,
                    group or None,
                    n.rank,
                    n.id,
                    n.label,
                    _r(n.share, 3),
                    _r(n.unmet_share, 3),
                ]
                for n in lines
            ]
    return "sheet.needs", header, rows


def joint_actions(plan: Plan, w: Words) -> Sheet:
    header = [
        w.t("col.id"),
        w.t("col.recommendation"),
        w.t("col.priority"),
        w.t("col.regions"),
        w.t("col.funding"),
        w.t("col.text"),
    ]
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
    header = [
        w.t("col.dimension"),
        w.t("col.learner"),
        w.t("col.score"),
        w.t("col.peer"),
        w.t("col.score"),
        w.t("col.suggestion"),
    ]
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
    header = [w.t("col.sector"), w.t("col.regions"), w.t("col.suggestion")]
    rows: list[list[Cell]] = [
        [m.sector.label, "; ".join(x.region.name for x in m.members), m.text]
        for m in plan.transnational.meta_clusters
    ]
    return "sheet.meta", header, rows


def joint_calls(plan: Plan, w: Words) -> Sheet:
    header = [w.t("col.domain"), w.t("col.regions"), w.t("col.instruments"), w.t("col.suggestion")]
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
    header = [w.t("col.code"), w.t("col.region"), w.t("col.question"), w.t("col.comment")]
    rows: list[list[Cell]] = [
        [r.code, r.name, c.question_label, c.text] for r in plan.regions for c in r.comments
    ]
    return "sheet.comments", header, rows


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
