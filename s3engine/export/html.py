"""The action plan as one self-contained HTML file (plan.html).

Inline SVG charts, inline CSS for screen and print, no scripts, no fonts or images to fetch;
a Content-Security-Policy forbids anything else even if a text slipped through. Every text
from data goes through html_text(). The page fits a phone (390 px): tables scroll inside
their own box, the chart shrinks with the page; printed, each region starts a page and no
recommendation, table row or quote is split.
"""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.export import chart
from s3engine.export.common import (
    DIMENSION_COLUMNS,
    LANGUAGE_TAGS,
    NEED_COLUMNS,
    OVERVIEW_COLUMNS,
    Words,
    anchor,
    axes,
    proposals,
    region_title,
)
from s3engine.export.safety import html_text as e
from s3engine.plan.model import NeedLine, Plan, PlannedRecommendation, RegionPlan

CSS = """
:root { --ink: #222; --muted: #5b6470; --line: #d5d9de; --accent: #1f5f8b; --mean: #bf601a; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
  line-height: 1.45; margin: 0 auto; max-width: 62rem; padding: 1.5rem; font-size: 15px;
  overflow-wrap: break-word; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; color: var(--accent); }
h2 { font-size: 1.45rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
.table { overflow-x: auto; margin: .4rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #eef2f6; hyphens: auto; }
td.num, th.num { text-align: right; white-space: nowrap; }
.pos { color: #1b6e3a; } .neg { color: #a3261b; }
.chart figure { margin: 0 auto .6rem; max-width: 640px; }
.chart figcaption { font-size: .8rem; color: var(--muted); text-align: center; }
svg.spider { display: block; width: 100%; height: auto; font-family: inherit; }
svg.spider .axis { font-size: 11px; fill: #333; }
svg.spider .axis .value { font-weight: bold; fill: var(--accent); }
svg.spider .tick { font-size: 9px; fill: #888; }
svg.spider .legend { font-size: 12px; fill: #333; }
article.rec { border: 1px solid var(--line); border-left: 5px solid var(--accent);
  padding: .6rem .9rem; margin: .8rem 0; border-radius: 3px; }
article.rec h4 { margin-top: 0; }
p.opening { background: #f3f6f9; padding: .35rem .6rem; border-radius: 3px; }
.priority { float: right; background: var(--accent); color: #fff; border-radius: 1rem;
  padding: 0 .6rem; font-size: .85rem; margin-left: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem;
  margin: .4rem 0; font-size: .9rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul.evidence { margin: .3rem 0 0; font-size: .9rem; }
blockquote { border-left: 3px solid var(--line); margin: .4rem 0; padding: .1rem .8rem;
  white-space: pre-wrap; color: #333; }
.count { color: var(--muted); font-size: .85rem; }
.disagree { background: #fff6e5; border: 1px solid #f0c36d; padding: .4rem .7rem; }
section.annex { border-top: 1px dashed var(--line); margin-top: 1.5rem; }
nav ol { columns: 2; }
@media (max-width: 640px) {
  body { padding: .8rem; font-size: 14px; }
  h1 { font-size: 1.45rem; } h2 { font-size: 1.25rem; }
  nav ol { columns: 1; padding-left: 1.2rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .3rem; }
  .priority { float: none; display: inline-block; margin: 0 0 .3rem; }
}
@page { size: A4; margin: 15mm 13mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.35; }
  nav, .chart figcaption { display: none; }
  section.region, section#transnational { break-before: page; }
  figure, tr, .disagree, blockquote, dl.facts, li, p.opening { break-inside: avoid; }
  article.rec h4 { break-after: avoid; }
  h2, h3, h4 { break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  .table { overflow: visible; }
  thead { display: table-header-group; }
  svg.spider { max-width: 11cm; }
  a { color: inherit; text-decoration: none; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def n(name: str) -> str:
    """A name from the data (a region's), escaped and laid out on its own (<bdi>), so that
    whatever script it is written in cannot reorder the code or text beside it."""
    return f"<bdi>{e(name)}</bdi>"


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table in a box of its own that scrolls sideways on a narrow screen."""
    head = "".join(
        f"<th{' class=num' if i in numeric else ''}>{e(h)}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="table">{table}</div>'


def _needs(w: Words, needs: Sequence[NeedLine]) -> str:
    return _table(
        w.columns(*NEED_COLUMNS),
        [[str(n.rank), e(n.label), e(w.pct(n.share)), e(w.pct(n.unmet_share))] for n in needs],
        numeric=(0, 2, 3),
    )


def _signed(w: Words, value: float | None) -> str:
    text = e(w.signed(value))
    if value is None or round(value, 1) == 0:
        return text
    return f'<span class="{"pos" if value > 0 else "neg"}">{text}</span>'


def _list(items: Sequence[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>"


def _recommendation(w: Words, rec: PlannedRecommendation) -> str:
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in w.facts(rec))
    also = ""
    if rec.also:
        also = (
            f"<p><strong>{e(w.t('col.also'))}:</strong></p><ul>"
            + "".join(f"<li><em>{e(a.title)}:</em> {e(a.text)}</li>" for a in rec.also)
            + "</ul>"
        )
    return (
        f'<article class="rec" id="{e(rec.id)}-{rec.place}">'
        f'<h4><span class="priority" title="{e(w.t("col.priority"))}">{e(w.num(rec.priority))}'
        f"</span>{rec.place}. {e(rec.title)}</h4>"
        f'<p class="opening"><strong>{e(w.t("col.opening"))}:</strong> {e(rec.opening)}</p>'
        f"<p>{e(rec.text)}</p>"
        f"<p><strong>{e(w.t('col.rationale'))}:</strong> {e(rec.rationale)}</p>"
        f"{also}"
        f'<dl class="facts">{dl}</dl>'
        f"<strong>{e(w.t('col.evidence'))}:</strong>"
        f"{_list([ev.text for ev in rec.evidence], 'evidence')}</article>"
    )


def _changes(w: Words, region: RegionPlan) -> list[str]:
    found = w.changes(region)
    if found is None:
        return []
    heading, paragraphs = found
    return [f"<h3>{e(heading)}</h3>", *(f"<p>{e(text)}</p>" for text in paragraphs)]


def _further(w: Words, rec: PlannedRecommendation) -> str:
    funding = "; ".join(w.funding(f) for f in rec.funding)
    return (
        f"<li><strong>{rec.place}. {e(rec.title)}</strong> "
        f'<span class="muted">({e(w.t("col.priority"))} {e(w.num(rec.priority))})</span>: '
        f"{e(rec.opening)} <em>{e(w.t('col.funding'))}:</em> {e(funding)}</li>"
    )


def _annexes(w: Words, region: RegionPlan) -> list[str]:
    parts: list[str] = []
    if region.further:
        parts += [
            f'<section class="annex"><h3>{e(w.t("h.further"))}</h3>',
            f"<p>{e(w.t('further.intro', main=str(len(region.recommendations))))}</p>",
            "<ul>" + "".join(_further(w, rec) for rec in region.further) + "</ul></section>",
        ]
    if region.criteria:
        parts.append(f'<section class="annex"><h3>{e(w.t("h.criteria"))}</h3>')
        if w.plan.criteria_title:
            parts.append(f'<p class="muted">{e(w.plan.criteria_title)}</p>')
        if region.criteria_note:
            parts.append(f"<p>{e(region.criteria_note)}</p>")
        for criterion in region.criteria:
            items = (
                w.t("criteria.items", items=w.items([(i.place, i.title) for i in criterion.items]))
                if criterion.items
                else w.t("criteria.no_items")
            )
            parts.append(f"<h4>{e(criterion.label)}</h4>{_list([*criterion.evidence, items])}")
        parts.append("</section>")
    return parts


def _region(w: Words, region: RegionPlan) -> str:
    title = w.t("h.chart", name=region.name)
    svg = chart.svg(
        axes(region),
        title=title,
        region_label=region.name,
        mean_label=w.t("legend.mean"),
        missing_label="–",
        baseline_label=w.baseline_label(region),
        gap_label=w.t("legend.gap"),
    )
    dims = _table(
        w.columns(*DIMENSION_COLUMNS),
        [
            [
                e(d.label),
                e(w.num(d.score)),
                e(w.num(d.mean)),
                _signed(w, d.difference),
                e(w.num(d.target)),
            ]
            for d in region.dimensions
        ],
        numeric=(1, 2, 3, 4),
    )
    parts = [
        f'<section class="region" id="{anchor(region.code)}">',
        (
            f"<h2>{n(region.name)} <span class=muted>({e(region.code)})</span></h2>"
            if region.name != region.code
            else f"<h2>{e(region.code)}</h2>"
        ),
        *_changes(w, region),
        f"<p>{e(region.summary)}</p>",
        f'<p class="muted">{e(w.respondents(region))}</p>',
        f"<h3>{e(w.t('h.dimensions'))}</h3>",
        f'<div class="chart"><figure>{svg}<figcaption>{e(title)}</figcaption></figure>{dims}</div>',
        f"<h3>{e(w.t('h.needs'))}</h3>",
        _needs(w, region.needs) if region.needs else f"<p>{e(w.t('none.needs'))}</p>",
    ]
    if region.needs_by_group:
        parts.append(f"<h4>{e(w.t('h.needs_by_group'))}</h4>")
        parts.append(
            _table(
                [w.t("col.group"), w.t("col.respondents"), w.t("h.needs")],
                [
                    [
                        e(g.label),
                        str(g.respondents),
                        "; ".join(f"{n.rank}. {e(n.label)}" for n in g.needs),
                    ]
                    for g in region.needs_by_group
                ],
                numeric=(1,),
            )
        )
    parts.append(f"<h3>{e(w.t('h.lead_needs'))}</h3>")
    parts.append(
        _list([x.text for x in region.lead_needs])
        if region.lead_needs
        else f"<p>{e(w.t('none.lead_needs'))}</p>"
    )
    parts.append(f"<h3>{e(w.t('h.recommendations'))}</h3>")
    if not region.recommendations:
        parts.append(f"<p>{e(w.t('none.recommendations'))}</p>")
    parts += [_recommendation(w, rec) for rec in region.recommendations]
    parts.append(f"<h3>{e(w.t('h.disagreements'))}</h3>")
    if region.disagreements:
        parts += [f'<p class="disagree">{e(d.text)}</p>' for d in region.disagreements]
    else:
        parts.append(f"<p>{e(w.t('none.disagreements'))}</p>")
    parts.append(f"<h3>{e(w.t('h.partnership'))}</h3>")
    parts.append(
        _list(region.partnership) if region.partnership else f"<p>{e(w.t('none.partnership'))}</p>"
    )
    if region.comments:
        parts.append(f"<h3>{e(w.t('h.comments'))}</h3>")
        for group in region.comments:
            parts.append(f'<p class="muted">{e(group.question_label)}</p>')
            for comment in group.answers:
                count = f' <span class="count">×{comment.count}</span>' if comment.count > 1 else ""
                parts.append(f"<blockquote>{e(comment.text)}{count}</blockquote>")
    if region.notes:
        parts.append(f"<h3>{e(w.t('h.warnings'))}</h3>{_list(region.notes)}")
    parts += _annexes(w, region)
    parts.append("</section>")
    return "\n".join(parts)


def _transnational(w: Words, plan: Plan) -> str:
    tn = plan.transnational
    none = f"<p>{e(w.t('none.items'))}</p>"
    parts = [
        '<section id="transnational">',
        f"<h2>{e(w.t('h.transnational'))}</h2>",
        f"<h3>{e(w.t('h.rules'))}</h3>{_list(tn.rules)}",
    ]
    if tn.class_moves:  # with a baseline wave
        parts.append(f"<h3>{e(w.t('h.class_moves'))}</h3>")
        parts.append("<ul>" + "".join(f"<li>{e(m.text)}</li>" for m in tn.class_moves) + "</ul>")
    parts += [
        f"<h3>{e(w.t('h.partnership_needs'))}</h3>",
        _needs(w, tn.needs) if tn.needs else none,
        f"<h3>{e(w.t('h.joint_actions'))}</h3>",
    ]
    for action in tn.joint_actions:
        funding = "; ".join(w.funding(f) for f in action.funding)
        parts.append(
            f'<article class="rec"><h4><span class="priority">{e(w.num(action.priority))}</span>'
            f"{e(action.title)}</h4><p>{e(action.summary)}</p>"
            f"<p>{e(action.text)}</p><dl class=facts><dt>{e(w.t('col.funding'))}</dt>"
            f"<dd>{e(funding)}</dd></dl></article>"
        )
    if not tn.joint_actions:
        parts.append(none)
    parts.append(f"<h3>{e(w.t('h.peer_learning'))}</h3>")
    if tn.peer_learning:
        parts.append(
            _table(
                [w.t("col.dimension"), w.t("col.learner"), w.t("col.peer")],
                [
                    [
                        e(p.dimension.label),
                        f"{n(p.learner.name)} ({e(w.num(p.learner_score))})",
                        f"{n(p.peer.name)} ({e(w.num(p.peer_score))})"
                        + (" *" if p.peer_partial else ""),
                    ]
                    for p in tn.peer_learning
                ],
            )
        )
        partial = [p.text for p in tn.peer_learning if p.peer_partial]
        if partial:  # a mentor scored on partial data is marked, and the pairs say so
            legend = f"<p>{e(w.t('legend.peer_partial'))}</p>"
            parts.append(f'<div class="muted">{legend}{_list(partial)}</div>')
    else:
        parts.append(none)
    for key, items in proposals(plan):
        parts.append(f"<h3>{e(w.t(key))}</h3>")
        parts += [f"<h4>{e(title)}</h4><p>{e(text)}</p>" for title, text in items]
        if not items:
            parts.append(none)
    parts.append("</section>")
    return "\n".join(parts)


def render_html(plan: Plan) -> str:
    w = Words(plan)
    nav = (
        "".join(
            f'<li><a href="#{anchor(r.code)}">{n(region_title(r))}</a></li>' for r in plan.regions
        )
        + f'<li><a href="#transnational">{e(w.t("h.transnational"))}</a></li>'
    )
    overview = _table(
        w.columns(*OVERVIEW_COLUMNS),
        [
            [
                f'<a href="#{anchor(r.code)}">{n(region_title(r))}</a>',
                e(r.class_label),
                e(w.composite(r)),
                e(w.rank(r)),
                e(w.stability(r)),
                str(len(r.recommendations)),
            ]
            for r in plan.regions
        ],
        numeric=(2, 3, 4, 5),
    )
    if w.partial():
        overview += f'<p class="muted">{e(w.t("legend.partial"))}</p>'
    notes = ""
    if plan.notes:
        notes = f"<h2>{e(w.t('h.warnings'))}</h2>{_list(plan.notes)}"
    method = "".join(f"<p>{e(x)}</p>" for x in (plan.method.target, plan.method.priority))
    method += "".join(f"<p>{e(x)}</p>" for x in plan.method.notes)
    body = "\n".join(
        [
            f"<header><h1>{e(plan.title)}</h1><p class=meta>{e(w.generated())}</p></header>",
            f"<nav><h2>{e(w.t('h.contents'))}</h2><ol>{nav}</ol></nav>",
            f"<section id=overview><h2>{e(w.t('h.overview'))}</h2>{overview}</section>",
            *(_region(w, r) for r in plan.regions),
            _transnational(w, plan),
            f'<section id="method"><h2>{e(w.t("h.method"))}</h2>{method}</section>',
            notes,
        ]
    )
    lang = LANGUAGE_TAGS.get(plan.language, plan.language)
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(plan.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def render(plan: Plan) -> dict[str, bytes]:
    return {"plan.html": render_html(plan).encode("utf-8")}
