"""How `s3engine score --baseline` shows what changed between two waves: a table per region,
the detail of one region (--explain), and CSV. Every number comes from the Comparison."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from s3engine.scoring.comparison import Change, Comparison, RegionChange
from s3engine.scoring.results import ResultWords, ScoreResult

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod

VERDICTS = {
    "improved": "improved",
    "worsened": "worsened",
    "unchanged": "unchanged within uncertainty",
    "missing": "no value in a wave",
    "not_comparable": "not comparable (question changed)",
}
_STYLES = {"improved": "green", "worsened": "red"}
ARROWS = {"up": "↑", "down": "↓", "same": "="}


def comparison_text(
    comparison: Comparison, result: ScoreResult, lang: str, *, explain: str | None = None
) -> str:
    """The table (or one region's detail) as plain text (for --out)."""
    from s3engine.cli.render_score import make_console

    buffer = io.StringIO()
    print_comparison(
        comparison, result, lang, make_console(buffer, width=140, color=False), explain=explain
    )
    return buffer.getvalue()


def print_comparison(
    comparison: Comparison,
    result: ScoreResult,
    lang: str,
    out: Console | None = None,
    *,
    explain: str | None = None,
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from s3engine.cli.render_score import make_console, terminal_width

    out = out or make_console(width=terminal_width())
    words = ResultWords(result, lang)
    base, current = comparison.baseline, comparison.current
    heading = (
        f"Change from wave {base.id} ({base.responses} responses) to wave {current.id} "
        f"({current.responses} responses), {comparison.model_id}"
    )
    regions = comparison.regions
    if explain is not None:
        regions = [r for r in regions if r.code == explain.upper()]
    table = Table(
        title=Text(heading),
        title_justify="left",
        pad_edge=False,
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Region", "left"),
        (base.id, "right"),
        (current.id, "right"),
        ("Change", "right"),
        ("95 % interval", "right"),
        ("Verdict", "left"),
        ("Class", "left"),
        ("Support", "right"),
    )
    for name, justify in columns:
        table.add_column(
            name,
            justify=justify,
            no_wrap=True,
            max_width=24 if name == "Region" else None,
            overflow="ellipsis",
        )
    for region in regions:
        c = region.composite
        table.add_row(
            Text(f"{region.code} {region.name}" if region.name != region.code else region.code),
            _num(c.baseline),
            _num(c.current),
            _signed(c.change),
            _interval(c),
            Text(VERDICTS[c.verdict], style=_STYLES.get(c.verdict, "")),
            Text(_transition(region, words)),
            _share(region.transition_support),
        )
    out.print(table)
    if explain is not None:
        for region in regions:
            _print_region(region, comparison, words, out)
    out.print(
        f"Composite of each wave; change: wave {current.id} minus wave {base.id}, scores 0-100. "
        "95 % interval: "
        f"{comparison.runs} bootstrap runs over respondents within each region and stakeholder "
        f"group (seed {comparison.seed}); improved / worsened when it does not hold 0. "
        "Support: share of the runs with the same classes in both waves. Details of a region: "
        "--explain REGION; every value: --format json.",
        style="dim",
        markup=False,
    )
    if comparison.targets:
        _print_targets(comparison, words, out)
    for warning in comparison.warnings:
        out.print(f"warning: {warning}", markup=False)


STATUS = {
    "reached": "reached",
    "on_track": "on track",
    "off_track": "off track",
    "unknown": "no value to judge by",
}


def _print_targets(comparison: Comparison, words: ResultWords, out: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text("Targets"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    for name in ("Region", "Target of", "Target", "By", "Now", "Distance", "Pace/yr", "Then",
                 "Status"):  # fmt: skip
        table.add_column(name, no_wrap=True)
    for t in comparison.targets:
        what = words.dimension(t.id) if t.kind == "dimension" else t.id
        style = {"on_track": "green", "reached": "green", "off_track": "red"}.get(t.status, "")
        table.add_row(
            t.region,
            f"{t.kind} {what}" if t.kind != "composite" else "composite",
            f"{t.target:g}",
            str(t.year),
            _num(t.current),
            _signed(t.distance),
            _signed(t.pace),
            _num(t.projected),
            Text(STATUS[t.status], style=style),
        )
    out.print(table)
    out.print(
        f"Pace: change per year from {comparison.baseline.year} to {comparison.current.year}; "
        "Then: the value at the target's year at that pace.",
        style="dim",
        markup=False,
    )


def _print_region(
    region: RegionChange, comparison: Comparison, words: ResultWords, out: Console
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    base, current = comparison.baseline.id, comparison.current.id
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Dimension / indicator", "left"),
        (base, "right"),
        (current, "right"),
        ("Change", "right"),
        ("95 % interval", "right"),
        ("Verdict", "left"),
        ("Years", "left"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=name != "Dimension / indicator")
    for dimension in region.dimensions:
        table.add_row(
            Text(words.pick(dimension.label), style="bold"),
            *_cells(dimension),
            "",
        )
        for item in region.indicators:
            if item.dimension != dimension.id:
                continue
            years = ""
            if item.source == "statistic":
                years = f"{item.year_baseline or '-'} / {item.year_current or '-'}"
            table.add_row(Text("  " + words.pick(item.label)), *_cells(item), years)
    out.print(table)


def _cells(change: Change) -> list[Any]:
    from rich.text import Text

    verdict = VERDICTS[change.verdict]
    if change.verdict == "unchanged" and change.low is None:  # a statistic: not sampled
        verdict = "unchanged"
    return [
        _num(change.baseline),
        _num(change.current),
        _signed(change.change),
        _interval(change),
        Text(verdict, style=_STYLES.get(change.verdict, "")),
    ]


def comparison_csv(comparison: Comparison, result: ScoreResult, lang: str) -> str:
    """One row per region and value compared (composite, dimensions, indicators)."""
    words = ResultWords(result, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["region", "level", "id", "label", "baseline", "current", "change", "low", "high",
         "verdict", "class_baseline", "class_current", "transition_support"]
    )  # fmt: skip
    for region in comparison.regions:
        rows: list[tuple[str, str, str, Change]] = [
            ("composite", "composite", "", region.composite)
        ]
        rows += [("dimension", d.id, words.pick(d.label), d) for d in region.dimensions]
        rows += [("indicator", i.id, words.pick(i.label), i) for i in region.indicators]
        for level, item_id, label, c in rows:
            writer.writerow(
                [region.code, level, item_id, _cell(label), *(_plain(v) for v in
                 (c.baseline, c.current, c.change, c.low, c.high)), c.verdict,
                 region.class_baseline, region.class_current,
                 _plain(region.transition_support)]
            )  # fmt: skip
    return out.getvalue()


def _transition(region: RegionChange, words: ResultWords) -> str:
    before = words.class_label(region.class_baseline)
    after = words.class_label(region.class_current)
    if region.transition == "same" and before == after:
        return f"= {after}"
    return f"{before} {ARROWS[region.transition]} {after}"


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def _interval(change: Change) -> str:
    if change.low is None or change.high is None:
        return "-"
    return f"{change.low:+.1f} to {change.high:+.1f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
