"""How `s3engine audit` shows its result in the terminal: a few tables and the findings.

Every number comes from the Audit (scoring/audit.py) and the ScoreResult it was made from, so
the terminal, JSON and HTML agree.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from s3engine.cli.render_score import make_console, sensitivity_lines, terminal_width
from s3engine.scoring.audit import Audit
from s3engine.scoring.results import INSUFFICIENT, ResultWords, ScoreResult

if TYPE_CHECKING:
    from rich.console import Console


def audit_text(report: Audit, result: ScoreResult, lang: str, *, width: int = 140) -> str:
    buffer = io.StringIO()
    print_audit(report, result, lang, make_console(buffer, width=width, color=False))
    return buffer.getvalue()


def print_audit(report: Audit, result: ScoreResult, lang: str, out: Console | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = out or make_console(width=terminal_width())
    words = ResultWords(result, lang)
    out.print(
        Text(f"Audit of {report.model_id} {report.model_version}: {report.regions} regions"),
        style="bold",
    )

    def table(title: str, *columns: tuple[str, bool]) -> Table:
        t = Table(
            title=Text(title),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            collapse_padding=True,
        )
        for name, numeric in columns:
            t.add_column(name, justify="right" if numeric else "left", no_wrap=numeric)
        return t

    dims = table(
        "Coherence of the dimensions",
        ("dimension", False),
        ("indicators", True),
        ("regions", True),
        ("alpha", True),
        ("1st comp.", True),
    )
    for d in report.dimensions:
        dims.add_row(
            Text(d.id),
            str(len(d.indicators)),
            str(d.regions),
            _num(d.cronbach_alpha),
            "-" if d.first_component_share is None else f"{d.first_component_share:.0%}",
        )
    out.print(dims)
    inds = table(
        "Indicators",
        ("indicator", False),
        ("dimension", False),
        ("with value", True),
        ("r dim.", True),
        ("rho dim.", True),
        ("r comp.", True),
        ("rho comp.", True),
    )
    for i in report.indicators:
        inds.add_row(
            Text(i.id),
            Text(i.dimension),
            f"{i.availability:.0%}",
            Text(_num(i.with_dimension) + (" !" if i.negative else "  ")),
            _num(i.with_dimension_spearman),
            _num(i.with_composite),
            _num(i.with_composite_spearman),
        )
    out.print(inds)
    out.print(
        "r: Pearson, rho: Spearman; ! a negative correlation with its own dimension. The "
        "correlation matrices are in --format json and html.",
        style="dim",
        markup=False,
    )
    corr = report.dimension_correlations
    matrix = table("Correlations of the dimensions (Pearson)", ("", False))
    for index, _ in enumerate(corr.ids, 1):
        matrix.add_column(f"D{index}", justify="right", no_wrap=True)
    for index, (dim, row) in enumerate(zip(corr.ids, corr.pearson, strict=True), 1):
        matrix.add_row(Text(f"D{index} {words.dimension(dim)}"), *(_num(v) for v in row))
    out.print(matrix)
    weights = table(
        "Nominal and effective weights",
        ("dimension", False),
        ("nominal", True),
        ("effective", True),
        ("r comp.", True),
    )
    for w in report.dimension_weights:
        weights.add_row(Text(w.id), _num(w.nominal), _num(w.effective), _num(w.correlation))
    out.print(weights)
    if report.regions_short_of_data:
        short = table(
            f"Regions with fewer than {report.min_data_share:.0%} of the indicators",
            ("region", False),
            ("share", True),
            ("missing", False),
        )
        for lacking in report.regions_short_of_data:
            short.add_row(
                Text(lacking.code), f"{lacking.share:.0%}", Text(", ".join(lacking.missing))
            )
        out.print(short)
    if report.sensitivity is not None:
        ranks = table(
            "Ranks and classes over the runs",
            ("region", False),
            ("class", False),
            ("rank", True),
            ("median", True),
            ("5-95 %", True),
            ("stable", True),
        )
        for r in result.regions:
            s = r.sensitivity
            if s is None or r.class_id == INSUFFICIENT:
                continue
            ranks.add_row(
                Text(r.code),
                Text(words.class_label(r.class_id)),
                str(r.rank or "-"),
                "-" if s.rank_median is None else str(s.rank_median),
                "-" if s.rank_low is None else f"{s.rank_low}-{s.rank_high}",
                f"{s.stability:.0%}",
            )
        out.print(ranks)
        for line in sensitivity_lines(result):
            out.print(line, markup=False)
    if report.findings:
        out.print("What to look at:", style="bold")
        for line in report.findings:
            out.print(f"  - {line}", markup=False)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
