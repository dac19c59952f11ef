"""The action plan as one self-contained HTML file (plan.html).

Inline SVG charts, inline CSS for screen and print, no scripts, no fonts or images to fetch;
a Content-Security-Policy forbids anything else even if a text slipped through. Every text
from data goes through html_text().
"""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.export import chart
from s3engine.export.common import (
    DIMENSION_COLUMNS,
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
  line-height: 1.45; margin: 0 auto; max-width: 62rem; padding: 1.5rem; font-size: 15px; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; color: var(--accent); }
h2 { font-size: 1.45rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; white-space: nowrap; }
.pos { color: #1b6e3a; } .neg { color: #a3261b; }
.chart { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.chart figure { margin: 0; flex: 0 0 auto; }
.chart figcaption { font-size: .8rem; color: var(--muted); max-width: 560px; }
.chart table { flex: 1 1 18rem; width: auto; }
svg.spider { max-width: 100%; height: auto; font-family: inherit; }
svg.spider .axis { font-size: 11px; fill: #333; }
svg.spider .axis .value { font-weight: bold; fill: var(--accent); }
svg.spider .tick { font-size: 9px; fill: #888; }
svg.spider .legend { font-size: 12px; fill: #333; }
article.rec { border: 1px solid var(--line); border-left: 5px solid var(--accent);
  padding: .6rem .9rem; margin: .8rem 0; border-radius: 3px; }
article.rec h4 { margin-top: 0; }
.priority { float: right; background: var(--accent); color: #fff; border-radius: 1rem;
  padding: 0 .6rem; font-size: .85rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem;
  margin: .4rem 0; font-size: .9rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul.evidence { margin: .3rem 0 0; font-size: .9rem; }
blockquote { border-left: 3px solid var(--line); margin: .4rem 0; padding: .1rem .8rem;
  white-space: pre-wrap; color: #333; }
.disagree { background: #fff6e5; border: 1px solid #f0c36d; padding: .4rem .7rem; }
nav ol { columns: 2; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  section.region, section#transnational { break-before: page; }
  article.rec, figure, table, .disagree, blockquote { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
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
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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


def _recommendation(w: Words, index: int, rec: PlannedRecommendation) -> str:
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in w.facts(rec))
    evidence = "".join(f"<li>{e(ev.text)}</li>" for ev in rec.evidence)
    return (
        '<article class="rec">'
        f'<h4><span class="priority" title="{e(w.t("col.priority"))}">{e(w.num(rec.priority))}'
        f"</span>{index}. {e(rec.title)}</h4>"
        f"<p>{e(rec.text)}</p>"
        f"<p><strong>{e(w.t('col.rationale'))}:</strong> {e(rec.rationale)}</p>"
        f'<dl class="facts">{dl}</dl>'
        f"<strong>{e(w.t('col.evidence'))}:</strong>"
        f'<ul class="evidence">{evidence}</ul></article>'
    )


def _changes(w: Words, region: RegionPlan) -> list[str]:
    found = w.changes(region)
    if found is None:
        return []
    heading, paragraphs = found
    return [f"<h3>{e(heading)}</h3>", *(f"<p>{e(text)}</p>" for text in paragraphs)]


def _region(w: Words, region: RegionPlan) -> str:
    title = w.t("h.chart", name=region.name)
    svg = chart.svg(
        axes(region),
        title=title,
        region_label=region.name,
        mean_label=w.t("legend.mean"),
        missing_label="–",
        baseline_label=w.baseline_label(region),
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
            f"<h2>{e(region.name)} <span class=muted>({e(region.code)})</span></h2>"
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
    parts.append(f"<h3>{e(w.t('h.disagreements'))}</h3>")
    if region.disagreements:
        parts += [f'<p class="disagree">{e(d.text)}</p>' for d in region.disagreements]
    else:
        parts.append(f"<p>{e(w.t('none.disagreements'))}</p>")
    parts.append(f"<h3>{e(w.t('h.recommendations'))}</h3>")
    if not region.recommendations:
        parts.append(f"<p>{e(w.t('none.recommendations'))}</p>")
    parts += [_recommendation(w, i, rec) for i, rec in enumerate(region.recommendations, 1)]
    if region.comments:
        parts.append(f"<h3>{e(w.t('h.comments'))}</h3>")
        for comment in region.comments:
            parts.append(
                f'<p class="muted">{e(comment.question_label)}</p>'
                f"<blockquote>{e(comment.text)}</blockquote>"
            )
    if region.warnings:
        parts.append(
            f"<h3>{e(w.t('h.warnings'))}</h3><ul>"
            + "".join(f"<li>{e(x)}</li>" for x in region.warnings)
            + "</ul>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _transnational(w: Words, plan: Plan) -> str:
    tn = plan.transnational
    none = f"<p>{e(w.t('none.items'))}</p>"
    parts = [
        '<section id="transnational">',
        f"<h2>{e(w.t('h.transnational'))}</h2>",
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
        parts.append(
            f'<article class="rec"><h4><span class="priority">{e(w.num(action.priority))}</span>'
            f"{e(action.title)}</h4><p><strong>{e(action.summary)}</strong></p>"
            f"<p>{e(action.text)}</p><dl class=facts><dt>{e(w.t('col.funding'))}</dt>"
            f"<dd>{e(w.join([f.label for f in action.funding]))}</dd></dl></article>"
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
                        f"{e(p.learner.name)} ({e(w.num(p.learner_score))})",
                        f"{e(p.peer.name)} ({e(w.num(p.peer_score))})",
                    ]
                    for p in tn.peer_learning
                ],
            )
        )
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
            f'<li><a href="#{anchor(r.code)}">{e(region_title(r))}</a></li>' for r in plan.regions
        )
        + f'<li><a href="#transnational">{e(w.t("h.transnational"))}</a></li>'
    )
    overview = _table(
        w.columns(*OVERVIEW_COLUMNS),
        [
            [
                f'<a href="#{anchor(r.code)}">{e(region_title(r))}</a>',
                e(r.class_label),
                e(w.num(r.composite)),
                e(w.rank(r)),
                e(w.stability(r)),
                str(len(r.recommendations)),
            ]
            for r in plan.regions
        ],
        numeric=(2, 3, 4, 5),
    )
    warnings = ""
    if plan.warnings:
        warnings = (
            f"<h2>{e(w.t('h.warnings'))}</h2><ul>"
            + "".join(f"<li>{e(x)}</li>" for x in plan.warnings)
            + "</ul>"
        )
    body = "\n".join(
        [
            f"<header><h1>{e(plan.title)}</h1><p class=meta>{e(w.generated())}</p></header>",
            f"<nav><h2>{e(w.t('h.contents'))}</h2><ol>{nav}</ol></nav>",
            f"<section id=overview><h2>{e(w.t('h.overview'))}</h2>{overview}</section>",
            *(_region(w, r) for r in plan.regions),
            _transnational(w, plan),
            f'<section id="method"><h2>{e(w.t("h.method"))}</h2><p>{e(plan.method.target)}</p>'
            f"<p>{e(plan.method.priority)}</p></section>",
            warnings,
        ]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{e(plan.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(plan.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def render(plan: Plan) -> dict[str, bytes]:
    return {"plan.html": render_html(plan).encode("utf-8")}
