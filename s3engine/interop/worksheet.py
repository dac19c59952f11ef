"""The rows of a workbook's sheet, read from its XML a row at a time, every cell as text.

openpyxl's read-only sheet builds an object for every element of the sheet's XML, and one
for every cell, and reads a text written in its cell (an inline string, as KoboToolbox
writes every text of its XLSX export) through its descriptors: an export of 20,000 rows
took 14 s to import, 16 to 24 s where defusedxml is installed (openpyxl then parses with
the pure-Python parser), against 4.1 to 4.3 s now (benchmarks/kobo_import.py --xlsx).
Here lxml parses the sheet and hands over one row at a time, dropping the rows read
(memory stays flat). The cells whose value is the text of one element (a text, a shared
text, a number, a boolean) are read from it directly; every other cell (a formula, a
date, an error, a text in runs) through openpyxl's own reading of a cell, so that each
cell reads as openpyxl reads it (tests/test_import_workbooks.py compares both on every
kind of cell and on formpack's own exports). The workbook itself (its sheets, shared
texts and styles) is still opened by openpyxl (open_workbook), but its sheets are not
sized as it opens it: openpyxl looks for a sheet's <dimension> at the top of its XML, and
where there is none (openpyxl's writer in write-only mode leaves it out) it parsed the
whole sheet to find that out, before a row was read, and refused a sheet broken anywhere
as a whole. No dimension is needed here: rows are read as written.

Where the two differ, this reader keeps what openpyxl dropped: a row longer than the
sheet's dimension says is read whole, and a row written twice or out of order, which
openpyxl left out, refuses the sheet at that row. A cell that holds what its kind cannot
be (a number that is none, a shared text that does not exist), where openpyxl raised an
error and read no further, is read as empty and said (tables.UnreadableCells): the import
refuses its row at that cell where it reads the cell's column, and reads the rows after it.

A cell's text is `cell_text`: numbers as written, dates in ISO 8601, TRUE and FALSE, a
formula as its text, never evaluated.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, BinaryIO

from lxml import etree
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.interop.tables import UnreadableCells, too_long

#: SpreadsheetML's namespace (openpyxl.xml.constants.SHEET_MAIN_NS), and its elements read.
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _V, _IS, _T = f"{_NS}row", f"{_NS}v", f"{_NS}is", f"{_NS}t"
_DIGITS = "0123456789"


def cell_text(value: Any, number_format: str | None = None) -> str:
    """The text of an XLSX cell: numbers as written (3, not 3.0), dates in ISO 8601, a
    boolean as the spreadsheet shows it (TRUE, FALSE): a word no code or number is, so the
    question's own rule refuses it, never a 1 or 0 it would take. A number formatted as a
    percentage is written as a percentage, 12.5% for the 0.125 it holds (in full, where the
    sheet may round it): a number the rule refuses, where 0.125 would be taken for an answer
    of 0.125."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float) and number_format and _percent(number_format, value):
        shown = format(Decimal(repr(value)).scaleb(2).normalize(), "f")
        return f"{shown}%"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    kind = getattr(value, "t", None)  # openpyxl's formula objects
    if kind == "array":  # an array formula: its text, as a cell's formula is read
        return str(value.text or "=")
    if kind == "dataTable":  # a what-if data table, as the spreadsheet shows its formula
        return f"=TABLE({value.r1 or ''},{value.r2 or ''})"
    return str(value)


#: The parts of a number format that are shown as written: a quoted text, an escaped
#: character ("\%"), and the [colour] or [condition] in brackets.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


#: A condition that chooses a format's section ([<1], [>=100]) in place of the sign.
_CONDITION = re.compile(r"\[[<>=]")


def _percent(number_format: str, value: float) -> bool:
    """Whether a number format shows `value` as a percentage: a % outside the quoted and
    escaped parts (the spreadsheet multiplies by 100 for it) of the section that shows it.
    A format has up to four sections, split by `;`: for positive numbers, negative ones,
    zero and text; with two, the first shows zero too, and with one, every number
    (`0;-0%` shows 10 as 10 and -0.1 as -10%). A format whose sections conditions choose
    (`[<1]0%;0`) is a percentage when any section is: a cell written so is refused, never
    taken for the fraction it holds."""
    if "%" not in number_format:
        return False
    if _CONDITION.search(number_format):  # sections chosen by [<1], not by sign: any %
        return "%" in _FORMAT_LITERALS.sub("", number_format)
    sections = _FORMAT_LITERALS.sub("", number_format).split(";")
    if value < 0 and len(sections) > 1:
        return "%" in sections[1]
    if value == 0 and len(sections) > 2:
        return "%" in sections[2]
    return "%" in sections[0]


@dataclass(frozen=True)
class Sheet:
    """A sheet of a workbook open_workbook opened: its name, the place of its XML in the
    archive, the workbook's shared texts, and the workbook (`parent`, as openpyxl's
    ReadOnlyCell names it, which reads the styles there; the rows read its archive, epoch
    and date formats)."""

    title: str
    path: str
    strings: list[Any]
    parent: Any


def open_workbook(handle: BinaryIO) -> tuple[Any, list[Sheet]]:
    """openpyxl's read-only workbook of the XLSX file `handle` reads, and its sheets that
    hold rows (a chart sheet holds none), not sized (see the module's text); openpyxl's
    errors on a workbook it cannot open."""
    reader = ExcelReader(handle, read_only=True, data_only=False)
    sheets: list[Sheet] = []

    def read_worksheets() -> None:
        # in place of openpyxl's, which makes each a ReadOnlyWorksheet, sized as it is made
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                sheets.append(Sheet(sheet.name, rel.target, reader.shared_strings, reader.wb))

    reader.read_worksheets = read_worksheets
    reader.read()
    return reader.wb, sheets


class _Styles:
    """What a cell's style says of its value, per style id (the cell's `s`, as written):
    its number format, and whether openpyxl reads its number as a date or duration."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.known: dict[str | None, tuple[str, bool]] = {}

    def of(self, style: str | None) -> tuple[str, bool]:
        found = self.known.get(style)
        if found is None:
            number_format = ReadOnlyCell(self.sheet, 1, 1, None, "n", int(style or 0)).number_format
            dated = is_date_format(number_format) or is_timedelta_format(number_format)
            found = self.known[style] = (number_format, dated)
        return found


#: What reading a sheet's XML raises on a broken or cut-off sheet, or a value no cell holds:
#: lxml's syntax errors, zipfile's and zlib's of the archive, and the conversions of a
#: cell's text (a number, a shared text's index, a place). Anything else is a fault of
#: s3engine (or of openpyxl's interface it uses) and is reported as such.
_BROKEN: tuple[type[Exception], ...] = (
    ValueError,
    IndexError,
    KeyError,
    OverflowError,
    EOFError,
    OSError,
    RuntimeError,
    zipfile.BadZipFile,
    zlib.error,
)

#: How much of the sheet's XML is parsed at a time: the rows parsed before a break in the
#: XML are all handed over, so the message names the row where it breaks.
_CHUNK = 1 << 16


def sheet_rows(sheet: Sheet, width: int, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of each row of `sheet` after the first (the headings) that
    holds any text, at least `width` cells long; S3Error at the row where the sheet's XML
    breaks, or a row's number repeats an earlier one."""
    rows = _rows(sheet, name)
    for number, cells in rows:
        if number > 1 and (type(cells) is UnreadableCells or any(c.strip() for c in cells)):
            cells.extend([""] * (width - len(cells)))
            yield number, cells


def first_row(sheet: Sheet, name: str) -> list[str]:
    """The cell texts of the sheet's first row (its headings), none where it has no row 1;
    S3Error where its XML is broken before the end of that row."""
    rows = _rows(sheet, name)
    try:
        number, cells = next(rows, (0, []))
    finally:
        rows.close()
    if number != 1:
        return []
    if isinstance(cells, UnreadableCells):  # no headings to read the rows by
        raise S3Error(Finding(name, 1, cells.columns[0] + 1, "", M.IMPORT_XLSX_BAD_CELL))
    return cells


def _rows(sheet: Sheet, name: str) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cell texts) of every row the sheet's XML writes, in order."""
    book, strings = sheet.parent, sheet.strings
    styles = _Styles(sheet)
    # openpyxl's reading of a cell, for the cells that need more than their text (it keeps
    # the formulas shared between cells, so there is one for the sheet)
    parser = WorkSheetParser(
        None,
        strings,
        data_only=False,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    columns = _Columns()
    # Only the rows' ends come here; comments and processing instructions are left out (as
    # openpyxl's parser leaves them), internal entities expanded (as it does), nothing
    # fetched from a file or the network.
    xml = etree.XMLPullParser(
        events=("end",),
        tag=_ROW,
        remove_comments=True,
        remove_pis=True,
        resolve_entities="internal",
        no_network=True,
    )
    number = 0  # the row read last
    broken: Exception | None = None
    source = book._archive.open(sheet.path)
    try:
        while True:
            chunk = b""
            try:
                chunk = source.read(_CHUNK)
                if chunk:
                    xml.feed(chunk)
                else:
                    xml.close()
            except (etree.XMLSyntaxError, *_BROKEN) as exc:
                broken = exc
            # the rows parsed before a break are read first; not those a failing close
            # hands over, which are its own ends to the elements a cut-off sheet left open
            events = xml.read_events() if broken is None or chunk else ()
            for _, row in events:
                place = row.get("r")
                try:
                    at = _row_number(place) if place else number + 1
                except _BROKEN as exc:
                    raise S3Error(_unreadable(name, number + 1, exc)) from None
                if at <= number:  # a row written twice or out of order, or numbered 0
                    raise S3Error(_unreadable(name, max(at, number + 1), ValueError(place)))
                try:
                    cells = _cells(row, columns, parser, styles, strings)
                except _BROKEN as exc:  # a cell's place
                    raise S3Error(_unreadable(name, at, exc)) from None
                number = at
                row.clear()  # the rows read go: the tree holds one row at most
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield number, cells
            if broken is not None or not chunk:
                break
        if broken is not None:
            raise S3Error(_unreadable(name, number + 1, broken)) from None
    finally:
        source.close()


def _unreadable(name: str, row: int, exc: Exception) -> Finding:
    """The message of a sheet that breaks at `row` (its XML, its archive, its row numbers):
    damaged, where a text too long for libxml2 (10 MB, far beyond the longest row read) is
    a row too long."""
    if isinstance(exc, etree.XMLSyntaxError) and exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        return too_long(name, row)
    return Finding(name, row, None, "", M.IMPORT_XLSX_DAMAGED_ROW)


class _Columns:
    """A cell's column (from 0) from its place as written (`AB12`), as openpyxl reads it."""

    def __init__(self) -> None:
        self.known: dict[str, int] = {}  # column letters -> index from 0

    def of(self, place: str) -> int:
        letters = place.rstrip(_DIGITS)
        found = self.known.get(letters)
        if found is None:
            try:
                found = self.known[letters] = column_index_from_string(letters) - 1
            except ValueError:  # written otherwise ("B2 ", "$B$2"): openpyxl's reading
                return int(coordinate_to_tuple(place)[1]) - 1
        return found


def _cells(row: Any, columns: _Columns, parser: Any, styles: _Styles, strings: Any) -> list[str]:
    """The cell texts of a row element, each at its column (a cell without a place after
    the one before it; the cells not written are empty). Where a cell holds what its kind
    cannot be (a number that is none, a shared text or style that does not exist, a formula
    openpyxl cannot read), UnreadableCells, that cell empty and the others read."""
    cells: list[str] = []
    bad: list[int] = []
    column = -1
    for cell in row:
        place = cell.get("r")
        column = columns.of(place) if place else column + 1  # openpyxl: r="" is no place
        if column >= len(cells):
            cells.extend([""] * (column + 1 - len(cells)))
        try:
            cells[column] = _text(cell, parser, styles, strings)
        except _BROKEN:
            bad.append(column)
    return UnreadableCells(cells, bad) if bad else cells


def _row_number(place: str) -> int:
    """A row's number as written: a whole number (openpyxl takes 3.0 too)."""
    try:
        return int(place)
    except ValueError:
        number = float(place)
        if not number.is_integer():
            raise
        return int(number)


def _text(cell: Any, parser: Any, styles: _Styles, strings: Any) -> str:
    """The text of a cell element: read from its one child where that is all it holds, else
    through openpyxl's reading of the cell."""
    kind = cell.get("t")
    count = len(cell)
    if count == 0:  # nothing written in it (openpyxl reads None)
        return ""
    if count == 1:
        child = cell[0]
        tag = child.tag
        if tag == _V:
            value: str | None = child.text
            if not value:
                return ""
            if kind is None or kind == "n":
                number_format, dated = styles.of(cell.get("s"))
                if not dated:
                    return cell_text(_number(value), number_format)
            elif kind == "s":
                return str(strings[int(value)])
            elif kind == "str":
                return value
            elif kind == "b":
                return "TRUE" if int(value) else "FALSE"
        elif tag == _IS and kind == "inlineStr" and len(child) == 1 and child[0].tag == _T:
            text: str | None = child[0].text
            return text or ""  # a text in one run (runs and phonetics: below)
    try:
        read = parser.parse_cell(cell)
    except Exception as exc:  # on what the cell holds: a shared formula it cannot read to
        # write it out for the cells below (TokenizerError), or given to a cell without its
        # place (TypeError, UnboundLocalError), and the like
        raise ValueError(type(exc).__name__) from exc
    return cell_text(read["value"], styles.of(cell.get("s"))[0])


def _number(text: str) -> int | float:
    """A number as openpyxl reads it (worksheet._reader._cast_number): a float where it has
    a point or an exponent, else an int."""
    return float(text) if "." in text or "e" in text or "E" in text else int(text)
