"""The audit of a model as one self-contained HTML report (audit.html).

Correlation heatmaps (table cells coloured from red, -1, through white, 0, to blue, +1, each
with its value, so that it reads in black and white too), the coherence of each dimension,
data availability, nominal against effective weights, the Sobol' indices as bars and each
region's rank interval. No scripts, no fonts or images to fetch; every text from data goes
through html_text(), and a Content-Security-Policy forbids anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.export.safety import html_text as e
from s3engine.scoring.audit import Audit, Correlations
from s3engine.scoring.results import INSUFFICIENT, ResultWords, ScoreResult, SobolIndex

CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSS = """
:root { --ink: #222; --muted: #5b6470; --line: #d5d9de; --accent: #1f5f8b; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
  line-height: 1.45; margin: 0 auto; max-width: 72rem; padding: 1.5rem; font-size: 15px; }
h1 { font-size: 1.7rem; color: var(--accent); margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); margin-top: 2rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.heat td { text-align: center; min-width: 2.6rem; font-size: .75rem; }
table.heat th.col { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; }
.flag { color: #a3261b; font-weight: bold; }
.bar { display: inline-block; height: .8rem; background: var(--accent); vertical-align: middle; }
.bar.first { background: #8fb3cf; }
ul.findings li { margin: .2rem 0; }
"""


def render(report: Audit, result: ScoreResult, lang: str) -> str:
    """The audit as an HTML document."""
    words = ResultWords(result, lang)
    title = f"Audit of {report.model_id} {report.model_version}"
    parts = [
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{report.regions} regions scored; a region short of data has fewer '
        f"than {report.min_data_share:.0%} of the indicators. docs/method-audit.md explains "
        "each figure.</p>",
        "<h2>What to look at</h2>",
        _list(report.findings) if report.findings else "<p>Nothing stands out.</p>",
        "<h2>Coherence of the dimensions</h2>",
        _dimensions(report),
        "<h2>Indicators</h2>",
        _indicators(report),
        "<h2>Correlations of the indicators (Pearson)</h2>",
        _heatmap(report.indicator_correlations, report.indicator_correlations.pearson),
        "<h2>Correlations of the dimensions (Pearson, then Spearman)</h2>",
        _heatmap(
            report.dimension_correlations,
            report.dimension_correlations.pearson,
            [words.dimension(d) for d in report.dimension_correlations.ids],
        ),
        _heatmap(
            report.dimension_correlations,
            report.dimension_correlations.spearman,
            [words.dimension(d) for d in report.dimension_correlations.ids],
        ),
        "<h2>Nominal and effective weights</h2>",
        _weights(report, words),
        "<h2>Data availability</h2>",
        _availability(report),
    ]
    if report.sensitivity is not None:
        s = report.sensitivity
        parts += [
            "<h2>Uncertainty and sensitivity</h2>",
            f'<p class="meta">{s.runs} runs (seed {s.seed}), a Saltelli design of '
            f"{s.base_samples} x ({len(s.choices)} + 2). Choices varied: "
            + e("; ".join(f"{c.label} ({c.alternatives})" for c in s.choices))
            + ".</p>",
            "<h3>Sobol' indices: average shift of the ranks</h3>",
            _sobol(s.rank_indices),
            "<h3>Sobol' indices: share of regions changing class</h3>",
            _sobol(s.class_indices),
            "<h3>Ranks and classes of the regions over the runs</h3>",
            _uncertainty(result, words),
        ]
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def _num(value: float | None, decimals: int = 2) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def _list(items: Sequence[str]) -> str:
    return '<ul class="findings">' + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    cells = "".join(
        f'<th class="num">{e(h)}</th>' if i in numeric else f"<th>{e(h)}</th>"
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _dimensions(report: Audit) -> str:
    rows = [
        [
            e(f"{d.label} ({d.id})"),
            str(len(d.indicators)),
            str(d.regions),
            _num(d.cronbach_alpha),
            "-" if d.first_component_share is None else f"{d.first_component_share:.0%}",
        ]
        for d in report.dimensions
    ]
    head = ["dimension", "indicators", "regions", "Cronbach's alpha", "1st component"]
    return _table(head, rows, {1, 2, 3, 4})


def _indicators(report: Audit) -> str:
    rows = [
        [
            e(f"{i.label} ({i.id})"),
            e(i.dimension),
            f"{i.availability:.0%}",
            (
                f'<span class="flag">{_num(i.with_dimension)}</span>'
                if i.negative
                else _num(i.with_dimension)
            ),
            _num(i.with_dimension_spearman),
            _num(i.with_composite),
            _num(i.with_composite_spearman),
        ]
        for i in report.indicators
    ]
    head = [
        "indicator",
        "dimension",
        "with a value",
        "r dimension",
        "rho dimension",
        "r composite",
        "rho composite",
    ]
    return _table(head, rows, {2, 3, 4, 5, 6}) + (
        '<p class="muted">r: Pearson, rho: Spearman. A correlation in red is negative: the '
        "indicator pulls its dimension the other way.</p>"
    )


def _colour(value: float | None) -> str:
    """White at 0, blue towards +1, red towards -1."""
    if value is None:
        return "#f4f4f4"
    strength = min(1.0, abs(value))
    fade = round(255 - strength * 150)
    return f"rgb({fade},{fade},255)" if value >= 0 else f"rgb(255,{fade},{fade})"


def _heatmap(
    matrix: Correlations, values: list[list[float | None]], labels: Sequence[str] | None = None
) -> str:
    names = list(labels) if labels is not None else matrix.ids
    head = "".join(f'<th class="col">{e(n)}</th>' for n in names)
    rows = "".join(
        f"<tr><th>{e(name)}</th>"
        + "".join(f'<td style="background:{_colour(v)}">{_num(v)}</td>' for v in values[i])
        + "</tr>"
        for i, name in enumerate(names)
    )
    return (
        f'<table class="heat"><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def _weights(report: Audit, words: ResultWords) -> str:
    rows = [
        [
            e(words.dimension(w.id)),
            _num(w.nominal),
            _num(w.effective),
            _num(w.correlation),
        ]
        for w in report.dimension_weights
    ]
    return _table(["dimension", "nominal", "effective", "r composite"], rows, {1, 2, 3}) + (
        '<p class="muted">Effective: the dimension\'s squared correlation with the composite, '
        "as a share of the sum over the dimensions.</p>"
    )


def _availability(report: Audit) -> str:
    if not report.regions_short_of_data:
        return f"<p>Every region has at least {report.min_data_share:.0%} of the indicators.</p>"
    rows = [
        [
            e(f"{r.code} {r.name}" if r.name != r.code else r.code),
            f"{r.share:.0%}",
            e(", ".join(r.missing)),
        ]
        for r in report.regions_short_of_data
    ]
    return _table(["region", "indicators with a value", "missing"], rows, {1})


def _sobol(indices: Sequence[SobolIndex]) -> str:
    if not indices:
        return "<p>No choice varies.</p>"
    rows = [
        [
            e(i.choice),
            f"{_num(i.first_order)} ± {_num(i.first_order_conf)}",
            f"{_num(i.total)} ± {_num(i.total_conf)}",
            _bar("bar first", i.first_order) + "<br>" + _bar("bar", i.total),
        ]
        for i in sorted(indices, key=lambda i: -i.total)
    ]
    return _table(["choice", "first order", "total effect", ""], rows, {1, 2})


def _bar(kind: str, share: float) -> str:
    """A bar 12rem long for an index of 1 (negative estimates, noise around 0, show none)."""
    return f'<span class="{kind}" style="width:{max(0.0, share) * 12:.2f}rem"></span>'


def _uncertainty(result: ScoreResult, words: ResultWords) -> str:
    rows = []
    for r in result.regions:
        s = r.sensitivity
        if s is None or r.class_id == INSUFFICIENT:
            continue
        shares = ", ".join(f"{words.class_label(c)} {v:.0%}" for c, v in s.class_shares.items())
        rows.append(
            [
                e(r.code),
                e(words.class_label(r.class_id)),
                str(r.rank or "-"),
                "-" if s.rank_median is None else str(s.rank_median),
                "-" if s.rank_low is None else f"{s.rank_low}-{s.rank_high}",
                e(shares),
            ]
        )
    return _table(
        ["region", "class", "rank", "median rank", "5-95 %", "classes over the runs"],
        rows,
        {2, 3, 4},
    )
