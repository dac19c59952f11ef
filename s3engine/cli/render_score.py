"""How `s3engine score` shows its result: the table, the explanation, CSV and the progress bar.

The only scoring module that imports rich. Every number shown comes from the ScoreResult (or
the Explanation built from it), so the terminal, JSON and CSV always agree.
"""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as dt_time
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from s3engine.export.safety import spreadsheet_cell
from s3engine.scoring.results import INSUFFICIENT, RegionScore, ResultWords, ScoreResult

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod
    from rich.progress import Progress as RichProgress

    from s3engine.scoring.explain import Explanation

#: Warnings listed under the table; the rest are counted (all are in --format json).
MAX_WARNINGS_SHOWN = 12
#: Runs reading less than this many bytes of responses get no progress bar.
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
#: How often the progress bar is redrawn, at most.
REDRAWS_PER_SECOND = 10

_CLASS_STYLES = {0: "bold green", 1: "yellow", 2: "red"}


def make_console(
    file: Any = None, *, width: int | None = None, color: bool = True, soft_wrap: bool = False
) -> Console:
    from rich.console import Console

    return Console(
        file=file,
        width=width,
        highlight=False,
        emoji=False,  # text from files is printed as written: ':x:' stays ':x:'
        soft_wrap=soft_wrap,
        no_color=not color,
        force_terminal=None if color else False,
    )


def json_document(source: BaseModel) -> bytes:
    """`--format json`: the result (or an explanation, a comparison of waves) indented by two
    spaces, with a final line break: the bytes of model_dump_json(indent=2), in UTF-8
    (_indented; tests/test_json_document.py)."""
    return _indented(source, partial(_by_pydantic, source)) + b"\n"


def _indented(value: Any, compact: Callable[[], bytes]) -> bytes:
    """`value` (models, and lists and dicts of them) as JSON indented by two spaces, as
    pydantic's serialiser writes it: orjson writes it from the models' fields (_fields) in
    one pass, for a result of a thousand regions in 0.10 s, where the serialiser takes
    0.33 s and msgspec 0.15 s to write it compact and indent that. orjson and pydantic
    write every value alike, numbers included (tests/test_json_document.py). A value orjson
    or _fields cannot write (an integer beyond 64 bits, a model with a serialiser of its
    own) leaves the whole of `value` to pydantic: `compact()` is its compact text, which
    msgspec's formatter indents (copying every string and number as written)."""
    import orjson

    try:  # (times and dates are left to _fields)
        options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME
        return orjson.dumps(value, default=_fields, option=options)
    except (TypeError, ValueError, OverflowError):  # orjson.JSONEncodeError is a TypeError
        import msgspec

        return msgspec.json.format(compact(), indent=2)


class _NotPlain(Exception):
    """A value _indented leaves to pydantic's serialiser."""


def _fields(value: Any) -> Any:
    """What orjson writes for a value it does not know: a result model, its fields (in
    their order, under their names, as pydantic writes a model without serialisers, aliases
    or computed fields); a time or a date, as pydantic writes it."""
    if value.__class__ in _PLAIN:  # (tens of thousands of models: no isinstance for each)
        return value.__dict__
    if isinstance(value, BaseModel):
        if not _plain(type(value)):
            raise _NotPlain
        _PLAIN.add(value.__class__)
        return value.__dict__
    if isinstance(value, datetime | date | dt_time):
        import orjson
        from pydantic_core import to_json

        return orjson.Fragment(to_json(value))
    raise _NotPlain


#: The models _fields found plain (_plain), met again by the ten thousand. (A model found
#: not plain is asked once per document: it leaves the whole document to pydantic.)
_PLAIN: set[type] = set()


def _plain(model: type[BaseModel]) -> bool:
    """Whether pydantic writes `model` as the dict of its fields: no serialiser, computed,
    excluded or aliased field of its own, nor extra fields."""
    decorators = model.__pydantic_decorators__
    fields = model.model_fields.values()
    return not (
        decorators.model_serializers
        or decorators.field_serializers
        or model.model_computed_fields
        or model.model_config.get("extra") == "allow"
        or any(f.exclude or f.alias or f.serialization_alias or f.metadata for f in fields)
    )


def _by_pydantic(source: BaseModel | list[BaseModel]) -> bytes:
    """`source` as pydantic's serialiser writes it, compact."""
    if isinstance(source, list):
        return b"[" + b",".join(_by_pydantic(model) for model in source) + b"]"
    return source.__pydantic_serializer__.to_json(source)


def _lot_by_pydantic(lot: list[BaseModel]) -> bytes:
    """A lot of json_pieces as pydantic's serialiser writes it, compact."""
    return b'{"r":[0,' + _by_pydantic(lot)[1:] + b"}"


#: Regions serialised into one piece of json_pieces.
REGIONS_PER_PIECE = 50
#: What a lot of json_pieces, indented, holds before the comma that precedes its first
#: region, and after its last region.
_LOT_OPENS = b'{\n  "r": [\n    0'
_LOT_CLOSES = b"\n  ]\n}"


def json_pieces(source: BaseModel) -> Iterator[bytes | memoryview]:
    """json_document in pieces, to be written while the next are made (atomic_write_pieces):
    the document without its regions, then the regions REGIONS_PER_PIECE at a time, each
    lot written and indented at its depth in the document (that of a list under a key of
    the outermost object). Joined, the pieces are json_document's bytes
    (tests/test_json_document.py)."""
    regions = getattr(source, "regions", None)
    if not isinstance(regions, list) or not regions:
        yield json_document(source)
        return
    shell = json_document(source.model_copy(update={"regions": []}))
    empty = b'\n  "regions": []'
    at = shell.index(empty)  # the only key at the document's first depth of that name
    yield shell[:at] + b'\n  "regions": ['
    for start in range(0, len(regions), REGIONS_PER_PIECE):
        # the lot indented at its depth in the document: as the list of a key of an object,
        # after an item 0, '{\n  "r": [\n    0,\n    {...},\n    {...}\n  ]\n}', of which
        # the regions are taken with the comma before them (but the first lot's), in place
        # (a lot is megabytes: not copied)
        lot = regions[start : start + REGIONS_PER_PIECE]
        text = _indented({"r": [0, *lot]}, partial(_lot_by_pydantic, lot))
        opens = len(_LOT_OPENS) + (0 if start else len(b","))
        yield memoryview(text)[opens : -len(_LOT_CLOSES)]
    yield b"\n  ]" + shell[at + len(empty) :]


# -- the table -------------------------------------------------------------------------------


def table_text(result: ScoreResult, lang: str, *, width: int = 140) -> str:
    """The table as plain text (for --out)."""
    buffer = io.StringIO()
    print_table(result, lang, make_console(buffer, width=width, color=False))
    return buffer.getvalue()


def print_table(result: ScoreResult, lang: str, out: Console | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = out or make_console(width=terminal_width())
    words = _Words(result, lang)
    title = words.pick(result.model_title) or result.model_id
    table = Table(
        title=Text(f"{title} ({result.model_id} {result.model_version})"),  # never markup
        title_justify="left",
        pad_edge=False,
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column("Region", no_wrap=True, max_width=26, overflow="ellipsis")
    table.add_column("Resp.", justify="right", no_wrap=True)
    for index, _ in enumerate(result.dimensions, 1):
        table.add_column(f"D{index}", justify="right", no_wrap=True)
    table.add_column("Comp.", justify="right", style="bold", no_wrap=True)
    table.add_column("Class", no_wrap=True)
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("Cover.", justify="right", no_wrap=True)
    with_sensitivity = any(r.sensitivity is not None for r in result.regions)
    if with_sensitivity:
        table.add_column("Stable", justify="right", no_wrap=True)
    table.add_column("Warn.", justify="right", no_wrap=True)
    groups = _groups(result)
    for region in result.regions:
        by_dim = {d.id: d.score for d in region.dimensions}
        row: list[str | Text] = [
            Text(f"{region.code} {region.name}" if region.name != region.code else region.code),
            _respondents(region, groups),
            *(_num(by_dim.get(dim)) for dim in result.dimensions),
            _num(region.composite),
            words.styled_class(region),
            str(region.rank) if region.rank is not None else "-",
            f"{region.coverage * 100:.0f}%",
        ]
        if with_sensitivity:
            row.append(_stability(region))
        row.append(str(len(region.warnings)) if region.warnings else "")
        table.add_row(*row)
    out.print(table)
    for index, dim in enumerate(result.dimensions, 1):
        mean = result.dimension_means.get(dim)
        shown = f" (mean {mean:.1f})" if mean is not None else ""
        out.print(f"D{index} {words.dimension(dim)}{shown}", style="dim", markup=False)
    legend = []
    if groups and result.responses_read:
        legend.append("Resp.: respondents (by group: --explain REGION or --format json).")
    legend.append(
        f"Scores 0-100; Comp.: weighted {result.aggregation} mean of the dimensions; Cover.: "
        "share of indicators with a value; (gate): class set by a gate."
    )
    if with_sensitivity and result.sensitivity is not None:
        legend.append(
            f"Stable: share of {result.sensitivity.runs} runs (seed {result.sensitivity.seed}) "
            "in the region's class; * borderline."
        )
    out.print(" ".join(legend), style="dim", markup=False)
    if result.sensitivity is not None:
        for line in sensitivity_lines(result):
            out.print(line, markup=False)
    _print_footer(result, out)


def sensitivity_lines(result: ScoreResult) -> list[str]:
    """What the sensitivity analysis found, in a few lines: the choices varied, the Sobol'
    total effects on ranks and classes, and nominal against effective weights."""
    s = result.sensitivity
    if s is None:
        return []
    words = ResultWords(result, result.default_language)
    lines = []
    if s.choices:
        varied = "; ".join(f"{c.label} ({c.alternatives})" for c in s.choices)
        lines.append(f"Choices varied: {varied}.")
    if s.mean_rank_shift is not None and s.class_change_share is not None:
        lines.append(
            f"On average a run moves a region {s.mean_rank_shift:.2f} ranks and changes the "
            f"class of {s.class_change_share:.0%} of the regions."
        )
    for name, indices in (("ranks", s.rank_indices), ("classes", s.class_indices)):
        if indices:
            ordered = sorted(indices, key=lambda i: -i.total)
            shown = ", ".join(
                f"{i.choice} {i.total:.2f} (±{i.total_conf:.2f}; first-order {i.first_order:.2f})"
                for i in ordered
            )
            lines.append(f"Sobol' total effects on the {name}: {shown}.")
    if s.dimension_weights:
        shown = ", ".join(
            f"{words.dimension(w.id)} {w.nominal:.2f}/"
            + (f"{w.effective:.2f}" if w.effective is not None else "-")
            for w in s.dimension_weights
        )
        lines.append(f"Weights, nominal/effective (share of the composite's variance): {shown}.")
    return lines


def terminal_width() -> int | None:
    """The terminal's width; 140 columns when the output is not a terminal."""
    return None if sys.stdout.isatty() else 140


def _respondents(region: RegionScore, groups: list[str]) -> str:
    if not region.respondents:
        return "-"
    return str(region.respondents)


def _stability(region: RegionScore) -> str:
    s = region.sensitivity
    if s is None:
        return "-"
    return f"{s.stability * 100:.0f}%" + ("*" if s.borderline else " ")


def _print_footer(result: ScoreResult, out: Console) -> None:
    lines: list[str] = []
    if result.questionnaire:
        lines.append(
            f"Responses: {result.responses_read:,} counted, {result.responses_refused:,} refused "
            f"(questionnaire {result.questionnaire})."
        )
    for source in result.sources:
        lines.append(f"Statistic {source.id}: {source.file} ({source.description}).")
    for line in lines:
        out.print(line, markup=False)
    warnings = list(result.warnings)
    regional = sum(len(r.warnings) for r in result.regions)
    if warnings:
        out.print("Warnings:", style="yellow")
        for warning in warnings[:MAX_WARNINGS_SHOWN]:
            out.print(f"  {warning}", markup=False)
        if len(warnings) > MAX_WARNINGS_SHOWN:
            out.print(
                f"  ... {len(warnings) - MAX_WARNINGS_SHOWN:,} more (all in --format json)",
                markup=False,
            )
    if regional:
        for line in warning_summary(result):
            out.print(line, markup=False, style="dim")


def warning_summary(result: ScoreResult) -> list[str]:
    """The warnings about single regions, by kind: how many, and the first regions."""
    from s3engine.core import messages as M

    regional = sum(len(r.warnings) for r in result.regions)
    if not regional:
        return []
    lines = [M.WARNING_SUMMARY_ONE if regional == 1 else M.WARNING_SUMMARY.format(count=regional)]
    for kind in result.region_warnings:
        codes = ", ".join(kind.regions) + (" ..." if kind.count > len(kind.regions) else "")
        line = M.WARNING_SUMMARY_LINE.format(label=kind.label, count=kind.count, codes=codes)
        lines.append(f"  {line}")
    return lines


# -- the explanation -------------------------------------------------------------------------


def explanation_text(explanation: Explanation, *, width: int = 120) -> str:
    buffer = io.StringIO()
    print_explanation(explanation, make_console(buffer, width=width, color=False, soft_wrap=True))
    return buffer.getvalue()


def print_explanation(e: Explanation, out: Console | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    out = out or make_console(width=terminal_width(), soft_wrap=True)
    rank = f", rank {e.rank} of {e.ranked}" if e.rank is not None else ""
    who = e.code if e.name == e.code else f"{e.code} {e.name}"
    out.print(f"{who}: {e.class_label}{rank}", style="bold", markup=False)
    out.print(e.class_reason, markup=False)
    if e.respondents:
        split = ", ".join(f"{g} {n}" for g, n in e.respondents_by_group.items())
        out.print(f"Respondents: {e.respondents} ({split}). {e.respondent_rule}", markup=False)
    for d in e.dimensions:
        out.print()
        head = (
            f"{d.label} ({d.id}): score {_num(d.score, 2)}, weight {d.weight:g}, "
            f"effective weight {d.effective_weight:.4f}, contribution {_num(d.contribution, 2)}"
        )
        out.print(head, style="bold", markup=False)
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="dim")
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("indicator", "left"),
            ("raw", "right"),
            ("year / answers", "left"),
            ("normalised", "right"),
            ("weight", "right"),
            ("eff. weight", "right"),
            ("contribution", "right"),
        )
        for name, justify in columns:
            table.add_column(name, justify=justify)
        for i in d.indicators:
            when = " ".join(x for x in (i.year, i.flag_codes) if x) or (
                f"{i.respondents} answers" if i.respondents is not None else ""
            )
            table.add_row(
                Text(f"{i.label} ({i.id})"),
                _num(i.raw, 2)
                if i.transformed is None
                else f"{_num(i.raw, 2)} -> {i.transformed:.4f}",
                when,
                _num(i.normalised, 2),
                f"{i.weight:g}",
                f"{i.effective_weight:.4f}",
                _num(i.contribution, 4),
            )
        out.print(table)
        out.print(f"  = {d.formula}", markup=False)
        for i in d.indicators:
            detail = i.note or ""
            if i.flags:
                detail = f"flagged {i.flags}" + (f"; {detail}" if detail else "")
            if (
                i.normalisation
                and i.normalised is not None
                and not i.normalisation.startswith("none")
            ):
                detail = f"normalised by {i.normalisation}" + (f"; {detail}" if detail else "")
            if i.yearly:
                years = ", ".join(
                    f"{year} {_num(value, 2) if value is not None else 'empty'}"
                    for year, value in i.yearly.items()
                )
                detail = f"yearly values {years}" + (f"; {detail}" if detail else "")
            if detail:
                out.print(f"  {i.id}: {detail}", style="dim", markup=False)
        if d.group_means:
            means = ", ".join(f"{g} {_num(m, 1)}" for g, m in d.group_means.items())
            spread = f"; disagreement {d.disagreement:.1f}" if d.disagreement is not None else ""
            out.print(f"  group means: {means}{spread}", style="dim", markup=False)
    out.print()
    out.print(
        f"Composite ({e.aggregation} mean of the dimensions): {e.composite_formula}",
        style="bold",
        markup=False,
    )
    for line in e.thresholds:
        out.print(f"  {line}", markup=False)
    for g in e.gates:
        state = "fired" if g.fired else "not fired"
        value = _num(g.value, 2) if g.value is not None else "no value"
        effect = f" -> {g.class_label}" if g.changed_class else ""
        out.print(
            f"  gate {g.id} ({g.label}): {g.condition}; value {value}: {state}{effect}",
            markup=False,
        )
    if e.disagreement:
        out.print("Disagreement between stakeholder groups:", style="bold")
        for line in e.disagreement:
            out.print(f"  {line}", markup=False)
    if e.stages:
        stages = ", ".join(f"{e.stage_labels.get(s, s)} {_num(v, 1)}" for s, v in e.stages.items())
        out.print(f"Stages of the policy cycle: {stages}", markup=False)
    if e.next_step:
        out.print(f"Next class: {e.next_step}", markup=False)
    if e.sensitivity:
        out.print(f"Sensitivity: {e.sensitivity}", markup=False)
    if e.warnings:
        out.print("Warnings:", style="yellow")
        for warning in e.warnings:
            out.print(f"  {warning}", markup=False)
    out.print(
        "Figures are rounded for display; --format json holds them to six decimals.",
        style="dim",
    )


# -- CSV -------------------------------------------------------------------------------------


def csv_text(result: ScoreResult, lang: str) -> str:
    """One row per region; text cells that a spreadsheet would run as formulas are quoted."""
    words = ResultWords(result, lang)
    groups = _groups(result)
    stages = list(result.stage_labels)
    header = [
        "code", "name", "class", "class_label", "composite", "rank", "coverage", "respondents",
        *(f"respondents_{g}" for g in groups),
        *result.dimensions,
        *(f"stage_{s}" for s in stages),
        "gate", "next_class", "gap_to_next", "fastest_dimension", "stability", "borderline",
        "warnings",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for r in result.regions:
        by_dim = {d.id: d.score for d in r.dimensions}
        s = r.sensitivity
        writer.writerow(
            [
                _cell(r.code),
                _cell(r.name),
                r.class_id,
                _cell(words.class_label(r.class_id)),
                _csv_num(r.composite),
                r.rank if r.rank is not None else "",
                _csv_num(r.coverage),
                r.respondents,
                *(r.respondents_by_group.get(g, 0) for g in groups),
                *(_csv_num(by_dim.get(d)) for d in result.dimensions),
                *(_csv_num(r.stages.get(st)) for st in stages),
                r.gate or "",
                r.next_class or "",
                _csv_num(r.gap_to_next),
                r.fastest_dimension or "",
                _csv_num(s.stability) if s else "",
                ("yes" if s.borderline else "no") if s else "",
                _cell(" | ".join(r.warnings)),
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """A text cell, cleaned and guarded as every spreadsheet cell is (export.safety)."""
    return str(spreadsheet_cell(text))


def _csv_num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


# -- progress --------------------------------------------------------------------------------


class ProgressBar:
    """A rich progress bar on standard error, shown only on a terminal and for long runs.

    It is redrawn as the reading advances (at most REDRAWS_PER_SECOND), not by a thread of
    its own: scoring may fork processes (parallel_count.py), which must not happen while
    another thread runs.
    """

    def __init__(self, bar: RichProgress | None):
        self.bar = bar
        self.task: Any = None
        self.drawn = 0.0

    def start(self, total: int) -> None:
        if self.bar is not None and total >= PROGRESS_MIN_BYTES:
            self.task = self.bar.add_task("reading responses", total=total)
            self.bar.start()

    def advance(self, amount: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, amount)
            now = time.monotonic()
            if now - self.drawn >= 1 / REDRAWS_PER_SECOND:
                self.bar.refresh()
                self.drawn = now


@contextmanager
def progress_bar() -> Iterator[ProgressBar]:
    if not sys.stderr.isatty():
        yield ProgressBar(None)
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=make_console(sys.stderr),
        transient=True,
        auto_refresh=False,
    )
    try:
        yield ProgressBar(bar)
    finally:
        bar.stop()


# -- words -----------------------------------------------------------------------------------


class _Words(ResultWords):
    """The labels of a result, and a class styled for the terminal."""

    def styled_class(self, region: RegionScore) -> str:
        from rich.markup import escape

        label = escape(self.class_label(region.class_id))
        if region.class_id == INSUFFICIENT:
            return f"[dim]{label}[/dim]"
        ids = [c.id for c in self.result.classes]
        style = _CLASS_STYLES.get(min(ids.index(region.class_id), 2), "")
        gate = " (gate)" if region.gate else ""
        return f"[{style}]{label}{gate}[/{style}]" if style else label + gate


def _groups(result: ScoreResult) -> list[str]:
    """The stakeholder groups, in the questionnaire's order (or those answering, sorted)."""
    return list(result.group_labels) or sorted(
        {g for r in result.regions for g in r.respondents_by_group}
    )


def _num(value: float | None, decimals: int = 1) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"
