"""The action plan as one Markdown file (plan.md); every text from data is escaped."""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.export.common import (
    DIMENSION_COLUMNS,
    NEED_COLUMNS,
    OVERVIEW_COLUMNS,
    Words,
    anchor,
    proposals,
    region_title,
)
from s3engine.export.safety import markdown_quote
from s3engine.export.safety import markdown_text as e
from s3engine.plan.model import NeedLine, Plan, PlannedRecommendation, RegionPlan


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _needs(w: Words, needs: Sequence[NeedLine]) -> list[str]:
    return _table(
        w.columns(*NEED_COLUMNS),
        [[str(n.rank), e(n.label), w.pct(n.share), w.pct(n.unmet_share)] for n in needs],
    )


def _recommendation(w: Words, rec: PlannedRecommendation) -> list[str]:
    lines = [
        f"##### {rec.place}. {e(rec.title)} ({w.t('col.priority')} {w.num(rec.priority)})",
        "",
        f"**{e(w.t('col.opening'))}:** {e(rec.opening)}",
        "",
        e(rec.text),
        "",
        f"*{e(w.t('col.rationale'))}:* {e(rec.rationale)}",
        "",
    ]
    if rec.also:
        lines.append(f"- **{e(w.t('col.also'))}:**")
        lines += [f"  - *{e(a.title)}:* {e(a.text)}" for a in rec.also]
    lines += [f"- **{e(key)}:** {e(value)}" for key, value in w.facts(rec)]
    lines.append(f"- **{e(w.t('col.evidence'))}:**")
    lines += [f"  - {e(ev.text)}" for ev in rec.evidence]
    return [*lines, ""]


def _changes(w: Words, region: RegionPlan) -> list[str]:
    found = w.changes(region)
    if found is None:
        return []
    heading, paragraphs = found
    lines = [f"#### {e(heading)}", ""]
    for text in paragraphs:
        lines += [e(text), ""]
    return lines


def _further(w: Words, rec: PlannedRecommendation) -> list[str]:
    """An item of the annex: what and why here, briefly."""
    funding = "; ".join(w.funding(f) for f in rec.funding)
    return [
        f"- **{rec.place}. {e(rec.title)}** ({w.t('col.priority')} {w.num(rec.priority)}): "
        f"{e(rec.opening)} *{e(w.t('col.funding'))}:* {e(funding)}"
    ]


def _region(w: Words, region: RegionPlan) -> list[str]:
    lines = [
        f'<a id="{anchor(region.code)}"></a>',
        "",
        f"### {e(region_title(region))}",
        "",
        *_changes(w, region),
        e(region.summary),
        "",
        e(w.respondents(region)),
        "",
        f"#### {e(w.t('h.dimensions'))}",
        "",
    ]
    lines += _table(
        w.columns(*DIMENSION_COLUMNS, "col.weight"),
        [
            [
                e(d.label),
                w.num(d.score),
                w.num(d.mean),
                w.signed(d.difference),
                w.num(d.target),
                w.num(d.weight, 2),
            ]
            for d in region.dimensions
        ],
    )
    lines += [f"#### {e(w.t('h.needs'))}", ""]
    lines += _needs(w, region.needs) if region.needs else [e(w.t("none.needs")), ""]
    if region.needs_by_group:
        lines += [f"#### {e(w.t('h.needs_by_group'))}", ""]
        for group in region.needs_by_group:
            ranked = "; ".join(f"{n.rank}. {e(n.label)}" for n in group.needs)
            lines.append(f"- **{e(group.label)}** ({group.respondents}): {ranked}")
        lines.append("")
    lines += [f"#### {e(w.t('h.lead_needs'))}", ""]
    if region.lead_needs:
        lines += [f"- {e(n.text)}" for n in region.lead_needs] + [""]
    else:
        lines += [e(w.t("none.lead_needs")), ""]
    lines += [f"#### {e(w.t('h.recommendations'))}", ""]
    if not region.recommendations:
        lines += [e(w.t("none.recommendations")), ""]
    for rec in region.recommendations:
        lines += _recommendation(w, rec)
    lines += [f"#### {e(w.t('h.disagreements'))}", ""]
    if region.disagreements:
        lines += [f"- {e(d.text)}" for d in region.disagreements] + [""]
    else:
        lines += [e(w.t("none.disagreements")), ""]
    lines += [f"#### {e(w.t('h.partnership'))}", ""]
    if region.partnership:
        lines += [f"- {e(text)}" for text in region.partnership] + [""]
    else:
        lines += [e(w.t("none.partnership")), ""]
    if region.comments:
        lines += [f"#### {e(w.t('h.comments'))}", ""]
        for said in region.comments:
            lines += [f"*{e(said.question_label)}*", ""]
            for comment in said.answers:
                quote = markdown_quote(comment.text)
                if comment.count > 1:
                    quote += f" (×{comment.count})"
                lines += [quote, ""]
    if region.notes:
        lines += [f"#### {e(w.t('h.warnings'))}", ""]
        lines += [f"- {e(text)}" for text in region.notes] + [""]
    if region.further:
        lines += [f"#### {e(w.t('h.further'))}", ""]
        lines += [e(w.t("further.intro", main=str(len(region.recommendations)))), ""]
        for rec in region.further:
            lines += _further(w, rec)
        lines.append("")
    if region.criteria:
        lines += [f"#### {e(w.t('h.criteria'))}", ""]
        if w.plan.criteria_title:
            lines += [f"*{e(w.plan.criteria_title)}*", ""]
        if region.criteria_note:
            lines += [e(region.criteria_note), ""]
        for criterion in region.criteria:
            lines.append(f"- **{e(criterion.label)}**")
            lines += [f"  - {e(text)}" for text in criterion.evidence]
            if criterion.items:
                refs = w.items([(i.place, i.title) for i in criterion.items])
                lines.append(f"  - {e(w.t('criteria.items', items=refs))}")
            else:
                lines.append(f"  - {e(w.t('criteria.no_items'))}")
        lines.append("")
    return lines


def _transnational(w: Words, plan: Plan) -> list[str]:
    tn = plan.transnational
    none = [e(w.t("none.items")), ""]
    lines = [
        '<a id="transnational"></a>',
        "",
        f"## {e(w.t('h.transnational'))}",
        "",
        f"### {e(w.t('h.rules'))}",
        "",
        *[f"- {e(rule)}" for rule in tn.rules],
        "",
    ]
    if tn.class_moves:  # with a baseline wave
        lines += [f"### {e(w.t('h.class_moves'))}", ""]
        lines += [f"- {e(move.text)}" for move in tn.class_moves] + [""]
    lines += [f"### {e(w.t('h.partnership_needs'))}", ""]
    lines += _needs(w, tn.needs) if tn.needs else none
    lines += [f"### {e(w.t('h.joint_actions'))}", ""]
    for action in tn.joint_actions:
        funding = "; ".join(w.funding(f) for f in action.funding)
        lines += [
            f"#### {e(action.title)} ({w.t('col.priority')} {w.num(action.priority)})",
            "",
            e(action.summary),
            "",
            e(action.text),
            "",
            f"- **{e(w.t('col.funding'))}:** {e(funding)}",
            "",
        ]
    if not tn.joint_actions:
        lines += none
    lines += [f"### {e(w.t('h.peer_learning'))}", ""]
    lines += [f"- {e(p.text)}" for p in tn.peer_learning] + [""] if tn.peer_learning else none
    for key, items in proposals(plan):
        lines += [f"### {e(w.t(key))}", ""]
        for title, text in items:
            lines += [f"#### {e(title)}", "", e(text), ""]
        if not items:
            lines += none
    return lines


def render_markdown(plan: Plan) -> str:
    w = Words(plan)
    lines = [
        f"# {e(plan.title)}",
        "",
        f"*{e(w.generated())}*",
        "",
        f"## {e(w.t('h.contents'))}",
        "",
    ]
    lines += [f"- [{e(region_title(r))}](#{anchor(r.code)})" for r in plan.regions]
    lines += [
        f"- [{e(w.t('h.transnational'))}](#transnational)",
        f"- [{e(w.t('h.method'))}](#method)",
        "",
        f"## {e(w.t('h.overview'))}",
        "",
    ]
    lines += _table(
        w.columns(*OVERVIEW_COLUMNS),
        [
            [
                e(region_title(r)),
                e(r.class_label),
                w.composite(r),
                w.rank(r),
                w.stability(r),
                str(len(r.recommendations)),
            ]
            for r in plan.regions
        ],
    )
    if w.partial():
        lines += [f"*{e(w.t('legend.partial'))}*", ""]
    lines += [f"## {e(w.t('h.regional'))}", ""]
    for region in plan.regions:
        lines += _region(w, region)
    lines += _transnational(w, plan)
    lines += [
        '<a id="method"></a>',
        "",
        f"## {e(w.t('h.method'))}",
        "",
        e(plan.method.target),
        "",
        e(plan.method.priority),
        "",
        *[line for note in plan.method.notes for line in (e(note), "")],
    ]
    if plan.notes:
        lines += [f"## {e(w.t('h.warnings'))}", ""] + [f"- {e(x)}" for x in plan.notes] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render(plan: Plan) -> dict[str, bytes]:
    return {"plan.md": render_markdown(plan).encode("utf-8")}
