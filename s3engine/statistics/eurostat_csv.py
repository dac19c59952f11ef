"""Read a CSV table of regional statistics in one streaming pass.

Three layouts are understood (docs/regional-data.md describes them):

* Eurostat's short CSV: `freq,unit,geo,time,obs_value` (an `obs_flag` column is optional, and
  a flag may follow the value, as in `2.3 e`);
* Eurostat's SDMX-CSV, with or without label columns (with labels, every code column is
  followed by its label column), with `TIME_PERIOD`, `OBS_VALUE`, `OBS_FLAG`, `CONF_STATUS`
  and any number of dimension columns such as `unit`, `sex` or `isced11`;
* a wide CSV: one row per region (or per region and year), one column per statistic.

The file is read row by row with the csv module and never held in memory: only the
observations the year rule can use are kept (one per region for "latest", the years of the
range otherwise), plus one bit per region and year to find duplicates. Problems are collected
as findings with file, line and column name; the rare error paths read the file a second
time to name both lines of a duplicate or the values present in a column.
"""

from __future__ import annotations

import csv
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, control_character, not_utf8, suggest
from s3engine.core.limits import MAX_NUMBER
from s3engine.core.templates import joined
from s3engine.io.files import (
    csv_problem,
    ends_in_quotes,
    note_input,
    system_reason,
    unclosed_quote_line,
)

if TYPE_CHECKING:
    from _csv import Reader as _reader

#: Files larger than this are refused before they are read.
MAX_BYTES = 200 * 1024 * 1024
#: Reading stops after this many problems in one file.
MAX_PROBLEMS = 20
#: Distinct combinations of unfiltered dimension values collected (one is right; more than
#: one is already an error): bounds the memory a file of a million different series takes.
MAX_SERIES = 1000
#: The year recorded for rows of a wide CSV that has no year column.
NO_YEAR = 0

Format = Literal["auto", "eurostat", "wide"]
LayoutKind = Literal["short", "sdmx", "sdmx-labels", "wide"]
Flags = tuple[str, ...]
#: (year, value or None when missing, flags)
Observation = tuple[int, float | None, Flags]

# Columns of SDMX-CSV that describe the file, not the observation.
_META = {"STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "DATAFLOW", "LAST UPDATE"}
# Totals that make the best example of a filter value.
_TOTALS = ("T", "TOTAL")
_EMPTY: Flags = ()
# A value as Eurostat writes it: a number, or ':' for missing, optionally followed by flags.
_VALUE = re.compile(
    r"(?P<number>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)?"
    r"\s*(?P<colon>:)?\s*(?P<flags>[bcdefinprsuz]{1,4})?"
)
_YEAR = re.compile(r"[0-9]{4}")
# A region code: NUTS (AT31), a country (AT) or an aggregate (EU27_2020, EA20, EU-27).
_REGION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,39}")
# One bit per year from 1900 to 2155 in a per-region integer; other years go to a set.
_BASE_YEAR = 1900
#: A year after every year a file holds: no wave's year leaves it out.
NO_LIMIT_YEAR = 10_000
_BITS = [1 << i for i in range(256)]


@dataclass(frozen=True)
class Layout:
    """Where the roles of a table sit in its rows (column indices; -1 when absent)."""

    kind: LayoutKind
    delimiter: str
    columns: tuple[str, ...]
    region: int
    time: int
    value: int
    flag: int = -1
    conf: int = -1
    #: Columns that tell series apart (Eurostat dimensions such as unit or sex).
    dimensions: Mapping[str, int] = field(default_factory=dict)
    #: Columns a filter may name.
    filterable: Mapping[str, int] = field(default_factory=dict)

    @property
    def decimal_comma(self) -> bool:
        """Semicolon-separated exports write decimal commas."""
        return self.delimiter == ";"

    @property
    def has_years(self) -> bool:
        return self.time >= 0


@dataclass(frozen=True)
class TableSpec:
    """What to read from a table: layout options, filters and the years to keep."""

    format: Format = "auto"
    value: str | None = None
    region_column: str = "geo"
    year_column: str | None = None
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Keep the latest observation per region (True), or those from first to last year.
    latest: bool = True
    first_year: int = 0
    last_year: int = 0
    #: The year rule needs a year column (a given year, a range or max_age).
    needs_years: bool = False
    #: How the year rule reads in a message ("year: 2021").
    rule_text: str = "year: latest"
    #: With `latest`: leave out the years after this one (a survey wave's year: the
    #: statistics as they were at the time of the wave); None keeps every year.
    until: int | None = None


@dataclass
class Scan:
    """What one pass over a table found in the rows that pass the filters."""

    layout: Layout
    regions: set[str]
    years: set[int]
    #: Observations within first..last year, per region, in file order.
    kept: dict[str, list[Observation]]
    #: The latest observation with a value, per region.
    latest: dict[str, Observation]
    #: The latest observation without a value, per region.
    latest_missing: dict[str, Observation]


def read_table(path: Path, name: str, spec: TableSpec) -> Scan:
    """Read the table at `path` (shown as `name`); raise S3Error with every problem found."""
    _check_file(path, name)
    note_input(path)  # no writer of this command may replace it
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = _sniff(handle, name)
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            header = _read_header(reader, name)
            layout = detect_layout(header, delimiter, spec, name)
            plan = _Plan(layout, spec, name)
            _scan(reader, plan)
    except UnicodeDecodeError:
        raise S3Error(_encoding_finding(path, name)) from None
    except OSError as exc:
        raise S3Error(_io_finding(name, exc)) from None
    _after_scan(path, plan)
    return Scan(
        layout=layout,
        regions=plan.regions(),
        years=plan.years(),
        kept=plan.kept,
        latest=plan.best,
        latest_missing=plan.gaps,
    )


# --- the file ---------------------------------------------------------------------------


def _check_file(path: Path, name: str) -> None:
    try:
        if path.is_dir():
            raise S3Error(Finding(name, None, None, "", M.IS_A_DIRECTORY))
        status = path.stat()
        size = status.st_size
    except FileNotFoundError:
        raise S3Error(Finding(name, None, None, "", M.FILE_NOT_FOUND)) from None
    except OSError as exc:
        raise S3Error(_io_finding(name, exc)) from None
    if not stat.S_ISREG(status.st_mode):  # /dev/zero, a pipe: no file to stream
        raise S3Error(Finding(name, None, None, "", M.NOT_A_FILE))
    if size > MAX_BYTES:
        message = M.DATA_FILE_TOO_LARGE.format(size=_mib(size), limit=_mib(MAX_BYTES))
        raise S3Error(Finding(name, None, None, "", message))
    if size == 0:
        raise S3Error(Finding(name, None, None, "", M.DATA_EMPTY))


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _io_finding(name: str, exc: OSError) -> Finding:
    return Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=system_reason(exc)))


def _encoding_finding(path: Path, name: str) -> Finding:
    """Find the first byte that is not UTF-8; the text decoder reads ahead in blocks."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            data = raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                offset = exc.start + (len(raw) - len(data))
                message = not_utf8(raw, offset, first=number == 1)
                return Finding(name, number, offset + 1, "", message)
    # Every line decodes on its own: the decoder failed on something no line shows.
    return Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=M.NOT_UTF8_SOMEWHERE))


def _sniff(handle: TextIO, name: str) -> str:
    """The delimiter, from the header line: comma, semicolon or tab."""
    first = handle.readline(65536)
    handle.seek(0)
    if "\t" in first and "\\" in first:
        raise S3Error(Finding(name, 1, None, "", M.DATA_TSV))
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_header(reader: _reader, name: str) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise S3Error(Finding(name, None, None, "", M.DATA_EMPTY)) from None
    except csv.Error as exc:
        raise S3Error(_csv_finding(name, 1, exc)) from None
    if not any(cell.strip() for cell in header):
        raise S3Error(Finding(name, 1, None, "", M.DATA_HEADER_BLANK))
    return [cell.strip() for cell in header]


def _csv_finding(name: str, line: int, exc: csv.Error) -> Finding:
    if ends_in_quotes(exc):
        return Finding(name, line, None, "", M.DATA_CSV_END_IN_QUOTES)
    return Finding(name, line, None, "", M.DATA_CSV_SYNTAX.format(problem=csv_problem(exc)))


# --- the header -------------------------------------------------------------------------


def detect_layout(header: list[str], delimiter: str, spec: TableSpec, name: str) -> Layout:
    """Tell the layout from the header and place every role; raise S3Error if one lacks."""
    upper = [h.upper() for h in header]
    fmt: Format = spec.format
    if fmt == "auto":
        eurostat = upper[0] in ("STRUCTURE", "DATAFLOW") or (
            "GEO" in upper and ("TIME_PERIOD" in upper or "TIME" in upper) and "OBS_VALUE" in upper
        )
        if eurostat:
            fmt = "eurostat"
        elif spec.value is not None:
            fmt = "wide"
        else:
            message = M.DATA_LAYOUT_UNKNOWN.format(found=_names(header))
            raise S3Error(Finding(name, 1, None, "", message))
    layout = (
        _eurostat_layout(header, delimiter, name)
        if fmt == "eurostat"
        else _wide_layout(header, delimiter, spec, name)
    )
    problems: list[Finding] = []
    if spec.needs_years and not layout.has_years:
        rule = spec.rule_text
        problems.append(Finding(name, 1, None, "", M.DATA_NO_YEAR_COLUMN.format(rule=rule)))
    for column in spec.filters:
        if column not in layout.filterable:
            message = M.DATA_FILTER_COLUMN.format(
                column=column,
                hint=_meant(column, layout.filterable),
                columns=_names(list(layout.filterable)),
            )
            problems.append(Finding(name, 1, None, column, message))
    if problems:
        raise S3Error(problems)
    return layout


def _eurostat_layout(header: list[str], delimiter: str, name: str) -> Layout:
    upper = [h.upper() for h in header]
    labelled = "STRUCTURE_NAME" in upper
    if labelled:
        start = 0
        while start < len(header) and upper[start] in _META:
            start += 1
        if (len(header) - start) % 2:
            problem = f"{len(header) - start} columns follow the STRUCTURE columns, an odd number"
            raise S3Error(Finding(name, 1, None, "", M.DATA_LABEL_PAIRS.format(problem=problem)))
        codes = list(range(start, len(header), 2))
        kind: LayoutKind = "sdmx-labels"
    else:
        codes = [i for i, h in enumerate(upper) if h not in _META and header[i]]
        sdmx = "TIME_PERIOD" in upper or any(h in _META for h in upper)
        kind = "sdmx" if sdmx else "short"
    index: dict[str, int] = {}
    for i in codes:
        key = upper[i]
        if key in index:
            message = M.DATA_DUPLICATE_COLUMN.format(
                column=header[i], first=index[key] + 1, second=i + 1
            )
            raise S3Error(Finding(name, 1, None, header[i], message))
        index[key] = i
    time = index.get("TIME_PERIOD", index.get("TIME", -1))
    roles = {
        "geo": index.get("GEO", -1),
        "TIME_PERIOD": time,
        "OBS_VALUE": index.get("OBS_VALUE", -1),
    }
    missing = [role for role, i in roles.items() if i < 0]
    if missing:
        shown = {
            "geo": "geo",
            "TIME_PERIOD": "TIME_PERIOD (or time)",
            "OBS_VALUE": "OBS_VALUE (or obs_value)",
        }
        what = ("column " if len(missing) == 1 else "columns ") + ", ".join(
            shown[role] for role in missing
        )
        if labelled and any(
            upper[i] in ("GEO", "TIME_PERIOD", "OBS_VALUE")
            for i in range(len(upper))
            if i not in codes
        ):
            what += " in a code position (a label column seems to be missing or extra)"
        message = M.DATA_EUROSTAT_COLUMNS.format(missing=what, found=_names(header))
        raise S3Error(Finding(name, 1, None, "", message))
    flag = index.get("OBS_FLAG", -1)
    conf = index.get("CONF_STATUS", -1)
    taken = {roles["geo"], time, roles["OBS_VALUE"], flag, conf}
    dimensions = {header[i]: i for i in codes if i not in taken and header[i]}
    filterable = {header[roles["geo"]]: roles["geo"], **dimensions}
    return Layout(
        kind=kind,
        delimiter=delimiter,
        columns=tuple(header),
        region=roles["geo"],
        time=time,
        value=roles["OBS_VALUE"],
        flag=flag,
        conf=conf,
        dimensions=dimensions,
        filterable=filterable,
    )


def _wide_layout(header: list[str], delimiter: str, spec: TableSpec, name: str) -> Layout:
    index: dict[str, int] = {}
    for i, column in enumerate(header):
        if not column:
            continue  # an unnamed column, such as the row numbers of a spreadsheet export
        if column in index:
            message = M.DATA_DUPLICATE_COLUMN.format(
                column=column, first=index[column] + 1, second=i + 1
            )
            raise S3Error(Finding(name, 1, None, column, message))
        index[column] = i
    if spec.value is None:
        raise S3Error(Finding(name, None, None, "", M.DATA_WIDE_NEEDS_VALUE))
    problems: list[Finding] = []

    def place(column: str, role: str) -> int:
        if column in index:
            return index[column]
        message = M.DATA_WIDE_COLUMN.format(
            column=column,
            role=role,
            hint=_meant(column, index),
            found=_names(header),
        )
        problems.append(Finding(name, 1, None, column, message))
        return -1

    region = place(spec.region_column, "the region codes (set it with region_column)")
    value = place(spec.value, "the statistic (named by value)")
    time = place(spec.year_column, "the years (named by year_column)") if spec.year_column else -1
    if problems:
        raise S3Error(problems)
    filterable = {c: i for c, i in index.items() if i != value}
    return Layout(
        kind="wide",
        delimiter=delimiter,
        columns=tuple(header),
        region=region,
        time=time,
        value=value,
        filterable=filterable,
    )


# --- the rows -----------------------------------------------------------------------------


class _Plan:
    """The precomputed steps of the scan, and everything it collects."""

    def __init__(self, layout: Layout, spec: TableSpec, name: str):
        self.layout = layout
        self.spec = spec
        self.name = name
        self.filters: list[tuple[str, int, frozenset[str], set[str]]] = [
            (column, layout.filterable[column], frozenset(values), set())
            for column, values in spec.filters.items()
        ]
        # Unfiltered dimensions must hold one value in the rows selected: the scan collects
        # their distinct combinations (few, in any sensible file).
        self.open_dimensions: list[tuple[str, int]] = [
            (column, i) for column, i in layout.dimensions.items() if column not in spec.filters
        ]
        self.combinations: set[Any] = set()
        self.has_freq = any(c.lower() == "freq" for c in layout.dimensions)
        self.masks: dict[str, int] = {}
        self.other_years: set[tuple[str, int]] = set()
        self.kept: dict[str, list[Observation]] = {}
        self.best: dict[str, Observation] = {}
        self.gaps: dict[str, Observation] = {}
        self.collisions: list[tuple[str, int, int]] = []
        self.problems: list[Finding] = []
        self.stopped = False
        #: (index in problems, line, fields) of the last row with too few fields
        self.short_row: tuple[int, int, int] | None = None

    def problem(self, line: int, column: int, message: str, code: str = "") -> None:
        path = self.layout.columns[column] if column >= 0 else ""
        self.problems.append(Finding(self.name, line, None, path, message, code=code))
        if len(self.problems) >= MAX_PROBLEMS:
            self.stopped = True

    def regions(self) -> set[str]:
        return set(self.masks) | {region for region, _ in self.other_years}

    def years(self) -> set[int]:
        combined = 0
        for mask in self.masks.values():
            combined |= mask
        found = {_BASE_YEAR + i for i in range(256) if combined & _BITS[i]}
        found.update(year for _, year in self.other_years)
        found.discard(NO_YEAR)
        return found


def _scan(reader: _reader, plan: _Plan) -> None:
    """The one pass over the data rows. Kept flat: it runs once per row."""
    layout = plan.layout
    ncols = len(layout.columns)
    ri, ti, vi, fi, ci = layout.region, layout.time, layout.value, layout.flag, layout.conf
    filters = [(i, allowed, found) for _, i, allowed, found in plan.filters]
    combinations = plan.combinations
    indices = [i for _, i in plan.open_dimensions]
    # itemgetter picks the dimension cells in C; no dimension: a constant
    dimension_cells: Callable[[list[str]], Any] = (
        itemgetter(*indices) if indices else (lambda row: None)
    )
    decimal_comma = layout.decimal_comma
    latest = plan.spec.latest
    lo, hi = plan.spec.first_year, plan.spec.last_year
    until = plan.spec.until if plan.spec.until is not None else NO_LIMIT_YEAR
    masks, other_years = plan.masks, plan.other_years
    kept, best, gaps = plan.kept, plan.best, plan.gaps
    year_cache: dict[str, int] = {}
    flag_cache: dict[str, Flags] = {"": _EMPTY}
    bits = _BITS
    try:
        for row in reader:
            if len(row) != ncols:
                if not row:
                    continue  # a blank line
                _row_length(plan, row, reader.line_num, ncols)
                if plan.stopped:
                    break
                continue
            selected = True
            for i, allowed, found in filters:  # all of them: found counts values per column
                cell = row[i]
                if cell in allowed:
                    found.add(cell)
                else:
                    cell = cell.strip()
                    if cell in allowed:
                        found.add(cell)
                    else:
                        selected = False
                        if "\n" in cell:  # rows swallowed by a stray quote: never unsaid
                            plan.problem(reader.line_num, i, M.DATA_QUOTE_SPANS_LINES)
            if not selected:
                if plan.stopped:
                    break
                continue
            if len(combinations) < MAX_SERIES:
                combinations.add(dimension_cells(row))
            region = row[ri].strip()
            if not region:
                plan.problem(reader.line_num, ri, M.DATA_NO_REGION)
                if plan.stopped:
                    break
                continue
            if region not in masks and control_character(region) is not None:
                _control(plan, reader.line_num, ri, region)  # it would reach the terminal
                if plan.stopped:
                    break
                continue
            if region not in masks and not _REGION.fullmatch(region):  # ../../x, <b>, =cmd
                plan.problem(reader.line_num, ri, M.DATA_BAD_REGION.format(code=_short(region)))
                if plan.stopped:
                    break
                continue
            if ti >= 0:
                text = row[ti]
                year = year_cache.get(text, -1)
                if year < 0:
                    stripped = text.strip()
                    if not _YEAR.fullmatch(stripped):
                        hint = M.DATA_NOT_YEAR_FREQ if plan.has_freq else ""
                        plan.problem(
                            reader.line_num, ti, M.DATA_NOT_YEAR.format(value=text, hint=hint)
                        )
                        if plan.stopped:
                            break
                        continue
                    year = year_cache[text] = int(stripped)
            else:
                year = NO_YEAR
            offset = year - _BASE_YEAR
            if 0 <= offset < 256:
                bit = bits[offset]
                mask = masks.get(region, 0)
                if mask & bit:
                    _collision(plan, region, year, reader.line_num)
                    continue
                masks[region] = mask | bit
            else:
                key = (region, year)
                if key in other_years:
                    _collision(plan, region, year, reader.line_num)
                    continue
                other_years.add(key)
            text = row[vi]
            value: float | None
            try:
                number = float(text)
                if number - number != 0.0 or "_" in text:  # nan, inf, 1_000
                    raise ValueError(text)
                value, value_flags = number, _EMPTY
            except ValueError:
                parsed = parse_value(text, decimal_comma=decimal_comma)
                if parsed is None:
                    plan.problem(reader.line_num, vi, M.DATA_NOT_NUMBER.format(value=_short(text)))
                    if plan.stopped:
                        break
                    continue
                value, value_flags = parsed
            if value is not None and not -MAX_NUMBER <= value <= MAX_NUMBER:  # sums overflow
                plan.problem(reader.line_num, vi, M.DATA_VALUE_RANGE.format(value=_short(text)))
                if plan.stopped:
                    break
                continue
            flags = _EMPTY
            if fi >= 0:
                text = row[fi]
                cached = flag_cache.get(text)
                if cached is None:
                    stripped = text.strip()
                    if control_character(stripped) is not None:
                        _control(plan, reader.line_num, fi, stripped)
                        if plan.stopped:
                            break
                        continue
                    cached = flag_cache[text] = (stripped,) if stripped else _EMPTY
                flags = cached
            if ci >= 0:
                text = row[ci].strip()
                if text and text != "F":  # F: free for publication, the normal case
                    if control_character(text) is not None:
                        _control(plan, reader.line_num, ci, text)
                        if plan.stopped:
                            break
                        continue
                    flags = _merge(flags, (text,))
            if value_flags:
                flags = _merge(flags, value_flags)
            if latest:
                if year > until:
                    pass  # after the wave's year: not known at the time of the wave
                elif value is not None:
                    current = best.get(region)
                    if current is None or year > current[0]:
                        best[region] = (year, value, flags)
                else:
                    current = gaps.get(region)
                    if current is None or year > current[0]:
                        gaps[region] = (year, None, flags)
            elif lo <= year <= hi:
                observations = kept.get(region)
                if observations is None:
                    kept[region] = [(year, value, flags)]
                else:
                    observations.append((year, value, flags))
    except csv.Error as exc:
        plan.problems.append(_csv_finding(plan.name, reader.line_num, exc))
        return
    _mark_cut_off(plan, reader.line_num)


def _control(plan: _Plan, line: int, column: int, text: str) -> None:
    character = control_character(text) or ""
    plan.problem(line, column, M.CONTROL_CHARACTER.format(character=character))


def _row_length(plan: _Plan, row: list[str], line: int, ncols: int) -> None:
    advice = M.DATA_ROW_FIX.format(delimiter=plan.layout.delimiter)
    plan.problem(line, -1, M.DATA_ROW_LENGTH.format(found=len(row), expected=ncols, advice=advice))
    if len(row) < ncols:
        plan.short_row = (len(plan.problems) - 1, line, len(row))


def _mark_cut_off(plan: _Plan, last_line: int) -> None:
    """A short row on the last line of the file: the download was cut off."""
    if plan.short_row is None or plan.stopped:
        return
    index, line, found = plan.short_row
    if line == last_line:
        expected = len(plan.layout.columns)
        message = M.DATA_ROW_LENGTH.format(found=found, expected=expected, advice=M.DATA_ROW_CUT)
        plan.problems[index] = Finding(plan.name, line, None, "", message)


def _collision(plan: _Plan, region: str, year: int, line: int) -> None:
    if len(plan.collisions) < MAX_PROBLEMS:
        plan.collisions.append((region, year, line))


def _merge(first: Flags, second: Flags) -> Flags:
    return first + tuple(f for f in second if f not in first)


def parse_value(text: str, *, decimal_comma: bool = False) -> tuple[float | None, Flags] | None:
    """A cell as Eurostat writes it -> (value or None when missing, flags); None if invalid.

    `127`, `2.3 e`, `2.3e` (flag e), `:`, `: c`, `:c` and an empty cell are understood;
    with `decimal_comma`, `2,3` is 2.3.
    """
    text = text.strip()
    if not text:
        return None, _EMPTY
    if decimal_comma and "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    match = _VALUE.fullmatch(text)
    if match is None:
        return None
    number, colon, flag = match.group("number", "colon", "flags")
    flags: Flags = (flag,) if flag else _EMPTY
    if colon:
        return (None, flags) if number is None else None
    if number is None:
        return None
    value = float(number)
    if value - value != 0.0:  # too large: inf
        return None
    return value, flags


# --- checks that need the whole file ------------------------------------------------------


def _after_scan(path: Path, plan: _Plan) -> None:
    name = plan.name
    if plan.problems:
        last = plan.problems[-1]
        if last.message == M.DATA_CSV_END_IN_QUOTES and last.line is not None:
            # The reader stops at the end of the file: name the line the quoted value opens.
            opened = unclosed_quote_line(path, last.line)
            plan.problems[-1] = Finding(name, opened, None, "", last.message, code=last.code)
        if plan.stopped:
            plan.problems.append(
                Finding(name, None, None, "", M.DATA_TOO_MANY_PROBLEMS.format(count=MAX_PROBLEMS))
            )
        raise S3Error(plan.problems)
    unmatched = [
        (column, i, sorted(allowed - found))
        for column, i, allowed, found in plan.filters
        if allowed - found
    ]
    if unmatched:
        present = _column_values(path, plan.layout, [i for _, i, _ in unmatched])
        if not any(present.values()):  # a header and nothing else
            raise S3Error(Finding(name, None, None, "", M.DATA_NO_ROWS))
        problems = []
        for column, i, values in unmatched:
            for value in values:
                message = M.DATA_FILTER_VALUE.format(
                    column=column,
                    value=value,
                    hint=_meant(value, present[i]),
                    values=_names(sorted(present[i])),
                )
                problems.append(Finding(name, None, None, column, message))
        raise S3Error(problems)
    if not plan.masks and not plan.other_years:
        if plan.spec.filters:
            shown = ", ".join(f"{c}: {_show(v)}" for c, v in plan.spec.filters.items())
            message = M.DATA_FILTER_NOTHING.format(filters=shown)
            raise S3Error(Finding(name, None, None, "", message))
        raise S3Error(Finding(name, None, None, "", M.DATA_NO_ROWS))
    problems = []
    for position, (column, _) in enumerate(plan.open_dimensions):
        if len(plan.open_dimensions) == 1:
            seen = set(plan.combinations)
        else:
            seen = {cells[position] for cells in plan.combinations}
        if len(seen) > 1:
            ordered = sorted(seen)
            example = next((t for t in _TOTALS if t in seen), ordered[0])
            listed = _names(ordered)
            if len(plan.combinations) >= MAX_SERIES:  # not all were collected
                listed = M.NAMES_AND_MORE.format(names=_names(ordered[:30]))
            message = M.DATA_SEVERAL_SERIES.format(
                column=column, values=listed, example=_short(example)
            )
            problems.append(Finding(name, None, None, column, message))
    if problems:
        raise S3Error(problems)
    if plan.collisions:
        raise S3Error(_collision_findings(path, plan))


def _collision_findings(path: Path, plan: _Plan) -> list[Finding]:
    layout = plan.layout
    wanted = {(region, year) for region, year, _ in plan.collisions}
    first: dict[tuple[str, int], tuple[int, list[str]]] = {}
    rows_at: dict[int, list[str]] = {}
    lines = {line for _, _, line in plan.collisions}
    for line, row in _selected_rows(path, plan):
        key = (row[layout.region].strip(), _year_of(row, layout))
        if key in wanted and key not in first:
            first[key] = (line, row)
        if line in lines:
            rows_at[line] = row
    # Columns that may tell two rows apart: dimensions (Eurostat) or any other (wide).
    if layout.kind == "wide":
        skip = {layout.region, layout.time, layout.value}
        compare = [(c, i) for i, c in enumerate(layout.columns) if i not in skip]
    else:
        compare = list(layout.dimensions.items())
    findings = []
    for region, year, line in plan.collisions:
        first_line, first_row = first[(region, year)]
        second = rows_at[line]
        differences = [
            f"{column} ({first_row[i].strip()}, {second[i].strip()})"
            for column, i in compare
            if first_row[i].strip() != second[i].strip()
        ]
        shown_year = "" if year == NO_YEAR else str(year)
        if layout.kind == "wide":
            message = M.DATA_DUPLICATE_REGION.format(
                region=f"{region} {shown_year}".strip(),
                first=first_line,
                differences=M.DATA_ROWS_DIFFER.format(differences=", ".join(differences))
                if differences
                else "",
                unit=M.DATA_UNIT_REGION_YEAR if layout.has_years else M.DATA_UNIT_REGION,
            )
        elif differences:
            message = M.DATA_SERIES_CLASH.format(
                region=region, year=year, first=first_line, differences=", ".join(differences)
            )
        else:
            message = M.DATA_DUPLICATE_ROW.format(region=region, year=year, first=first_line)
        findings.append(Finding(plan.name, line, None, "", message))
    return findings


def _year_of(row: list[str], layout: Layout) -> int:
    return int(row[layout.time].strip()) if layout.has_years else NO_YEAR


def _rows(path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Every data row with its line number, for the second reading on an error path."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        next(reader, None)
        for row in reader:
            yield reader.line_num, row


def _selected_rows(path: Path, plan: _Plan) -> Iterator[tuple[int, list[str]]]:
    ncols = len(plan.layout.columns)
    for line, row in _rows(path, plan.layout.delimiter):
        if len(row) == ncols and all(
            row[i].strip() in allowed for _, i, allowed, _ in plan.filters
        ):
            yield line, row


def _column_values(path: Path, layout: Layout, columns: Iterable[int]) -> dict[int, set[str]]:
    wanted = list(columns)
    present: dict[int, set[str]] = {i: set() for i in wanted}
    ncols = len(layout.columns)
    for _, row in _rows(path, layout.delimiter):
        if len(row) == ncols:
            for i in wanted:
                present[i].add(row[i].strip())
    return present


def _close(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user probably meant: the same but for case, or a near spelling."""
    options = list(candidates)
    same = [c for c in options if c.lower() == word.lower() and c != word]
    return same[0] if same else suggest(word, options)


def _meant(word: str, candidates: Iterable[str]) -> str:
    """The hint after a name the file does not have, " (did you mean 'x'?)", translated
    where it is shown; "" when no candidate is close."""
    close = _close(word, candidates)
    return M.SCORE_REGIONS_MEANT.format(hints=f"'{close}'") if close else ""


def _show(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"


def _short(value: str, limit: int = 40) -> str:
    """A value quoted in a message: a cell of 100,000 characters is cut."""
    value = value.replace("\n", "\\n").replace("\r", "\\r")
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _names(values: list[str], limit: int = 30) -> str:
    """The first `limit` of `values` (column names, the values of a column), quoted in a
    message, and how many more there are; an empty one is said to be unnamed, in the words
    of the language the message is shown in."""
    names = joined(", ", (_short(v) if v else M.UNNAMED_COLUMN for v in values[:limit]))
    more = len(values) - limit
    return M.NAMES_AND_COUNT_MORE.format(names=names, count=more) if more > 0 else names
