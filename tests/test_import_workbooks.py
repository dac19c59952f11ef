"""A workbook's rows, read from the sheet's XML (interop/worksheet.py), are the rows
openpyxl's own read-only sheet gives, cell for cell: on every kind of cell openpyxl writes,
in a sheet held in memory (with its dimension) and a write-only one (without); on
formpack's own exports (every text inline); and on what other programs write (shared texts,
cells without their place, texts in runs, shared formulas, dates written as text). A sheet
cut off is refused at the row where it breaks, and nothing is written.
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli
from hostile.fuzzing import fuzz_settings
from hostile.harness import assert_located, outcome
from hostile.mutate import Mutation, apply, flip_bytes, insert_bytes, truncate
from hypothesis import given
from hypothesis import strategies as st
from interop_exports import current_copy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.interop.files import import_export
from s3engine.interop.tables import UnreadableCells, open_table
from s3engine.interop.worksheet import cell_text
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.responses.files import read_response

# -- the rows as openpyxl reads them ------------------------------------------------------


def openpyxl_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The headings and the rows with any text of the first sheet, read cell by cell with
    openpyxl's read-only sheet (as the import read workbooks before it read the XML)."""
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        rows = book.worksheets[0].iter_rows()
        header = [cell_text(c.value) for c in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        read = []
        for number, cells in enumerate(rows, 2):
            texts = [cell_text(c.value, c.number_format) for c in cells]
            if any(t.strip() for t in texts):
                read.append((number, texts))
        return header, read
    finally:
        book.close()


def import_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    table = open_table(path)
    return table.header, list(table.rows)


def same_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The rows both ways, which must be the same: openpyxl makes every row as wide as the
    sheet (its <dimension>), the import as its headings and the cells written; blank cells
    past the headings are left out of the comparison."""
    header, expected = openpyxl_rows(path)
    read_header, read = import_rows(path)
    assert [h.strip() for h in header] == read_header

    def trimmed(cells: list[str]) -> list[str]:
        cells = cells + [""] * (len(header) - len(cells))
        while len(cells) > len(header) and cells[-1] == "":
            cells.pop()
        return cells

    assert [(n, trimmed(c)) for n, c in read] == [(n, trimmed(c)) for n, c in expected]
    return read


# -- every kind of cell openpyxl writes ------------------------------------------------------

_FORMATS = ["General", "0", "0.00", "0%", "0.00%", "0;-0%", "[<1]0%;0", '0"%"', "#,##0.0"]

cells = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(["=SUM(A2:B2)", "=not a formula", "+43", "-", "'0012", "#N/A", " a "]),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)),
    st.tuples(st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from(_FORMATS)),
    st.lists(st.text("abcäöü ", min_size=1, max_size=4), min_size=1, max_size=3),  # runs
)


def styled(sheet: Any, value: Any, row: int = 0, column: int = 0) -> Any:
    """The cell of `value` (a number and its format, runs of text, or any other value):
    on its own for a write-only sheet (row 0), else put in its place."""
    from openpyxl.cell import WriteOnlyCell

    value, number_format = value if isinstance(value, tuple) else (value, None)
    if isinstance(value, list):  # a text in runs, every other one bold
        value = CellRichText(
            [TextBlock(InlineFont(b=True), t) if i % 2 else t for i, t in enumerate(value)]
        )
    cell = sheet.cell(row=row, column=column, value=value) if row else WriteOnlyCell(sheet, value)
    if number_format:
        cell.number_format = number_format
    return cell


@given(
    width=st.integers(1, 6),
    rows=st.lists(st.lists(cells, max_size=8), max_size=8),
    inline=st.booleans(),
)
@fuzz_settings(120)
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(
    tmp_path_factory: pytest.TempPathFactory, width: int, rows: list[list[Any]], inline: bool
) -> None:
    path = tmp_path_factory.mktemp("book") / "cells.xlsx"
    book = Workbook(write_only=inline)
    sheet = book.create_sheet("data") if inline else book.active
    sheet.append([f"h{i}" for i in range(1, width + 1)])
    for number, row in enumerate(rows, 2):
        if inline:  # a write-only sheet: no dimension, the whole sheet read to find it
            sheet.append([styled(sheet, value) for value in row])
        else:
            for column, value in enumerate(row, 1):
                if value is not None:
                    styled(sheet, value, number, column)
    book.save(path)
    same_rows(path)


def test_the_texts_of_a_kobo_workbook_read_as_written() -> None:
    """formpack writes every cell as an inline text: times with their zone, codes."""
    path = REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx"
    read = same_rows(path)
    assert [number for number, _ in read] == [2, 3, 4, 5]
    header, _ = import_rows(path)
    first, last = (dict(zip(header, cells, strict=False)) for _, cells in (read[0], read[-1]))
    assert first["start"] == "2026-12-07T11:18:07.000+01:00"
    assert (first["form_version"], first["profile_region"]) == ("1.0.0+58eebd2b", "AT31")
    assert (last["profile_consent"], last["profile_region"]) == ("no", "")


@pytest.mark.parametrize(
    "export", sorted((REPO / "tests" / "kobo").glob("*.xlsx")), ids=lambda p: p.name
)
def test_formpacks_own_workbooks_read_as_openpyxl_reads_them(export: Path) -> None:
    assert same_rows(export)


# -- the XML other programs write ----------------------------------------------------------

_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>{rows}</sheetData></worksheet>"
)


#: The table of shared texts, as Excel and LibreOffice write texts (openpyxl and formpack
#: write them inline): a text in runs too.
_SHARED = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
    'uniqueCount="2"><si><t>x</t></si><si><r><t>Bay</t></r><r><rPr><i/></rPr><t>ern</t></r>'
    "</si></sst>"
)
_RELATION = (
    '<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)
_CONTENT = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def with_sheet(tmp_path: Path, rows: str, dimension: str = "") -> Path:
    """A workbook openpyxl wrote, whose first sheet's XML is replaced by `rows` (and its
    `dimension`, without which openpyxl reads the whole sheet as it opens the workbook),
    with a table of shared texts."""
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    path = tmp_path / "hand.xlsx"
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _SHEET.format(dimension=dimension, rows=rows).encode("utf-8")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _RELATION.encode())
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _CONTENT.encode())
            target.writestr(info, data)
        target.writestr("xl/sharedStrings.xml", _SHARED)
    return path


def sheet_changed(workbook: Path, path: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of `workbook` at `path` whose first sheet's XML is changed by `change`."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info, data)
    return path


#: Rows written by hand as other programs write them (the headings, then the rows).
_HAND_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is>'
    '</c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>'
)
_HAND_ROWS = (
    # no place given: the row after the last, the cell after the last
    "<row><c t='inlineStr'><is><r><t>Ober</t></r><r><rPr><b/></rPr><t>österreich</t></r>"
    "<rPh sb='0' eb='1'><t>オ</t></rPh></is></c><c t='b'><v>1</v></c>"
    "<c t='str'><f>A2&amp;\"x\"</f><v>Oberösterreichx</v></c><c><v>12.5</v></c></row>"
    # a shared formula, a date written as text, an error, a text with a line break
    '<row r="4"><c r="A4"><f t="shared" ref="A4:A5" si="0">B4*2</f><v>4</v></c>'
    '<c r="B4" t="d"><v>2025-03-14T10:15:00</v></c><c r="C4" t="e"><v>#N/A</v></c>'
    '<c r="D4" t="inlineStr"><is><t xml:space="preserve"> two&#10;lines </t></is></c></row>'
    '<row r="5"><c r="A5"><f t="shared" si="0"/><v>6</v></c><c r="B5" t="s"><v>1</v></c>'
    '<c r="C5" t="s"><v>0</v></c>'
    '<c r="D5" t="inlineStr"/></row>'
    '<row r="7" spans="1:4"><c r="B7"><v>1E-3</v></c><c r="D7"><v>7</v></c></row>'
    # comments and processing instructions, which the parsers leave out (between cells
    # without their place too), an empty place (openpyxl: none), a place with a blank
    # after it, an array formula
    "<row r='8'><!-- a note --><c t='inlineStr'><is><t>ab<!-- c -->cd</t></is></c><?pi x?>"
    "<c><v>12<!--x-->3</v></c><c r=''><v>4</v></c><c r='D8 '><v>5</v></c></row>"
    '<row r="9"><c r="A9"><f t="array" ref="A9">SUM(B9:C9*2)</f><v>3</v></c></row>'
)


def test_cells_without_their_place_texts_in_runs_and_formulas_read_as_openpyxl_reads_them(
    tmp_path: Path,
) -> None:
    path = with_sheet(tmp_path, _HAND_HEADER + _HAND_ROWS)
    assert same_rows(path) == [
        (2, ["Oberösterreich", "TRUE", '=A2&"x"', "12.5"]),
        (4, ["=B4*2", "2025-03-14T10:15:00", "#N/A", " two\nlines "]),
        (5, ["=B5*2", "Bayern", "x", ""]),
        (7, ["", "0.001", "", "7"]),
        (8, ["abcd", "123", "4", "5"]),
        (9, ["=SUM(B9:C9*2)", "", "", ""]),
    ]


def test_a_dimension_narrower_than_the_data_cuts_neither_the_headings_nor_the_rows(
    cli: Cli, tmp_path: Path
) -> None:
    """The sheet's <dimension> says how far its cells go, and a program that wrote it wrong
    once cut the headings at it (openpyxl stops there) and so refused every row as longer
    than its headings: the headings and rows are read as written."""
    name, copy = current_copy(REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx", tmp_path)
    dimension = b'<dimension ref="A1:BW5"/>'
    with zipfile.ZipFile(copy) as workbook:
        assert dimension in workbook.read("xl/worksheets/sheet1.xml")
    narrow = sheet_changed(
        copy,
        tmp_path / "narrow.xlsx",
        lambda data: data.replace(dimension, b'<dimension ref="A1:B2"/>'),
    )
    written, narrowed = tmp_path / "as-written.jsonl", tmp_path / "narrow.jsonl"
    for export, out in ((copy, written), (narrow, narrowed)):
        run = cli(
            "import", export, "--from", "kobo", "--questionnaire", name, "--out", tmp_path / out
        )
        assert run.code == 0, run.err
    assert narrowed.read_bytes() == written.read_bytes()


def _numbered(count: int, broken: int, how: str) -> str:
    """Rows 2 to `count` of a text and a number each (far more than lxml parses at a time),
    row `broken` written as `how` says."""
    rows = []
    for number in range(2, count + 1):
        row = f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>r{number}</t></is></c>'
        row += f'<c r="B{number}"><v>{number}</v></c></row>'
        if number == broken:
            if how == "cut":
                return "".join(rows) + row[:40]  # and nothing after it
            row = {"tag": row.replace("</row>", "</rox>"), "twice": row + row}[how]
        rows.append(row)
    return "".join(rows)


_A1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'


def refused(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """The rows of the workbook at `path` read before it is refused, and the refusal."""
    read: list[tuple[int, list[str]]] = []
    with pytest.raises(S3Error) as raised:
        read.extend(open_table(path).rows)
    return read, str(raised.value)


@pytest.mark.parametrize("dimension", ["A1:B3000", ""])
@pytest.mark.parametrize("how", ["cut", "tag", "twice"])
def test_a_sheet_broken_deep_inside_is_refused_at_the_row_where_it_breaks(
    tmp_path: Path, how: str, dimension: str
) -> None:
    """Cut off inside row 2,500, a tag misspelt there, or the row written twice (which
    openpyxl left out): the 2,498 rows before it are read, then the sheet is refused
    at that row (the one after it, for a row written twice). So too in a sheet without its
    dimension, which openpyxl, opening the workbook, parsed whole to look for one (and
    refused whole where it broke)."""
    path = with_sheet(tmp_path, _A1 + _numbered(3000, 2500, how), dimension)
    read, refusal = refused(path)
    last = 2500 + (how == "twice")
    assert read == [(n, [f"r{n}", str(n)]) for n in range(2, last)]
    assert refusal == f"{path}:{last}: {M.IMPORT_XLSX_DAMAGED_ROW}"


def read_on(path: Path) -> list[tuple[int, list[str], list[int]]]:
    """Every row of the workbook at `path`: its number, its cells, and the columns (from 0)
    of the cells that cannot be read (tables.UnreadableCells)."""
    return [
        (number, list(cells), cells.columns if isinstance(cells, UnreadableCells) else [])
        for number, cells in open_table(path).rows
    ]


def test_a_shared_formula_openpyxl_cannot_read_refuses_its_row_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    """A formula shared by the cells below it is written out for each of them by openpyxl's
    translator, which must read it first: one it cannot read (a quote left open), or one
    given to a cell without its place, refuses its row at the cell, as any other cell that
    cannot be read, never an internal error; the cells sharing it read as openpyxl reads
    them (the formula's "="), and the rows after it are read."""
    path = with_sheet(
        tmp_path,
        _A1 + '<row r="2"><c r="A2"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">A1+&quot;</f></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/></c></row>'
        '<row r="5"><c r="A5"><v>5</v></c></row>',
        "A1:A5",
    )
    assert read_on(path) == [(2, ["1"], []), (3, [""], [0]), (4, ["="], []), (5, ["5"], [])]
    placeless = with_sheet(
        tmp_path, _A1 + '<row r="2"><c><f t="shared" ref="A2:A3" si="0">B1</f></c></row>', "A1:A3"
    )
    assert read_on(placeless) == [(2, [""], [0])]


def test_a_text_too_long_for_the_parser_is_a_row_too_long(tmp_path: Path) -> None:
    """libxml2 refuses a text of more than 10 MB: far more than a row may hold (1 MiB), and
    said so, as of a CSV's row."""
    long = "x" * (11 * 1024 * 1024)
    path = with_sheet(
        tmp_path,
        _A1 + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{long}</t></is></c></row>',
        "A1:A2",
    )
    assert refused(path) == ([], f"{path}:2: " + M.IMPORT_ROW_TOO_LONG.format(limit="1.0 MiB"))


def test_a_sheet_cut_off_is_refused_at_its_row_and_nothing_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    """A download broken off, or a file damaged: the sheet's XML stops inside a row."""
    name, copy = current_copy(REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx", tmp_path)
    cut = sheet_changed(
        copy, tmp_path / "cut.xlsx", lambda data: data[: data.index(b'<row r="4"') + 200]
    )
    out = tmp_path / "responses.jsonl"
    run = cli("import", cut, "--from", "kobo", "--questionnaire", name, "--out", out)
    assert run.code == 1
    assert run.err.splitlines()[0] == f"{cut}:4: {M.IMPORT_XLSX_DAMAGED_ROW}"
    assert not out.exists()


@pytest.mark.parametrize("out", ["responses.jsonl", "responses"])
def test_a_cell_that_cannot_be_read_refuses_its_row_and_the_others_are_imported(
    cli: Cli, tmp_path: Path, out: str
) -> None:
    """A shared text that does not exist, in row 3 of KoboToolbox's workbook: that row is
    refused at the cell, with the column's heading, and the other three are imported (as
    JSON Lines, read a chunk at a time, and as response files, read a row at a time)."""
    name, copy = current_copy(REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx", tmp_path)
    cell = b'<c r="I3" t="inlineStr"><is><t>4</t></is></c>'
    damaged = sheet_changed(
        copy,
        tmp_path / "damaged.xlsx",
        lambda data: data.replace(cell, b'<c r="I3" t="s"><v>999</v></c>'),
    )
    heading = open_table(damaged).header[8]
    target = tmp_path / out
    run = cli("import", damaged, "--from", "kobo", "--questionnaire", name, "--out", target)
    assert run.code == 1
    assert run.err.splitlines()[0] == f"{damaged}:3:9 {heading}: {M.IMPORT_XLSX_BAD_CELL}"
    whole = tmp_path / "whole.jsonl"
    assert cli("import", copy, "--from", "kobo", "--questionnaire", name, "--out", whole).code == 0
    every = whole.read_text().splitlines()  # row 3's response among them
    if out.endswith(".jsonl"):
        assert len(target.read_text().splitlines()) == len(every) - 1 == 2
        assert set(target.read_text().splitlines()) < set(every)
    else:
        ids = {json.loads(line)["respondent"]["id"] for line in every}
        kept = {read_response(file).response.respondent.id for file in target.iterdir()}
        assert len(kept) == len(ids) - 1 == 2 and kept < ids


def test_a_cell_that_cannot_be_read_in_a_column_the_import_leaves_aside_is_no_matter(
    cli: Cli, tmp_path: Path
) -> None:
    """KoboToolbox's own `_id` is a column the import does not read: a cell there that
    cannot be read refuses nothing, and the workbook imports as if it could."""
    name, copy = current_copy(REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx", tmp_path)
    damaged = sheet_changed(
        copy,
        tmp_path / "damaged.xlsx",
        lambda data: data.replace(b'<c r="BM3"><v>48122</v></c>', b'<c r="BM3"><v>4.8.1</v></c>'),
    )
    assert open_table(damaged).header[64] == "_id"
    for path, out in ((damaged, "damaged.jsonl"), (copy, "whole.jsonl")):
        run = cli(
            "import", path, "--from", "kobo", "--questionnaire", name, "--out", tmp_path / out
        )
        assert run.code == 0, run.err
    assert (tmp_path / "damaged.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_a_cell_placed_where_no_column_is_is_refused_at_its_row(tmp_path: Path) -> None:
    path = with_sheet(
        tmp_path,
        _A1 + '<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="3A"><v>1</v></c></row>',
    )
    assert refused(path) == ([(2, ["1"])], f"{path}:3: {M.IMPORT_XLSX_DAMAGED_ROW}")


def test_a_cell_that_holds_what_its_kind_cannot_be_refuses_its_row_at_that_cell(
    tmp_path: Path,
) -> None:
    """A number that is none, a shared text or a style that does not exist, a boolean
    that is neither 0 nor 1 (where openpyxl raised an internal error and read no further):
    the cell is read as empty and said, the cells after it and the rows after it are read."""
    for cell in (
        '<c r="C2"><v>1.2.3</v></c>',
        '<c r="C2" t="s"><v>7</v></c>',
        '<c r="C2" s="40"><v>1</v></c>',
        '<c r="C2" t="b"><v>yes</v></c>',
    ):
        path = with_sheet(
            tmp_path,
            _A1 + f'<row r="2"><c r="A2"><v>1</v></c>{cell}<c r="D2"><v>4</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c></row>',
        )
        assert read_on(path) == [(2, ["1", "", "", "4"], [2]), (3, ["3"], [])], cell


def test_a_heading_that_cannot_be_read_refuses_the_workbook(tmp_path: Path) -> None:
    """Without its headings no row can be read: the whole file is refused, at the cell."""
    path = with_sheet(tmp_path, '<row r="1"><c r="A1"><v>a</v></c></row>')
    with pytest.raises(S3Error) as raised:
        open_table(path)
    assert str(raised.value) == f"{path}:1:1: {M.IMPORT_XLSX_BAD_CELL}"


# -- a damaged sheet ---------------------------------------------------------------------------


def _attribute(data: bytes, rng: random.Random) -> bytes:
    """A cell's or row's place, kind or style replaced by another value."""
    places = [m.start(1) for m in re.finditer(rb' (?:r|t|s)="([^"]*)"', data)]
    if not places:
        return data
    at = rng.choice(places)
    end = data.index(b'"', at)
    value = rng.choice(
        (b"", b"0", b"-1", b"99999", b"1.5", b"A0", b"ZZZZ1", b"3A", b"s", b"b", b"e", b"d",
         b"str", b"inlineStr", b"n", b"\xc3\xa4", b"XFD1048576")
    )  # fmt: skip
    return data[:at] + value + data[end:]


def _element(data: bytes, rng: random.Random) -> bytes:
    """An element taken out, repeated, or put in another's place."""
    starts = [m.start() for m in re.finditer(rb"<(?:row|c|v|is|t|f)[ >]", data)]
    if not starts:
        return data
    at = rng.choice(starts)
    end = data.find(b">", at) + 1
    closing = data.find(b"</", end)
    end = data.find(b">", closing) + 1 if closing >= 0 and rng.random() < 0.5 else end
    piece, choice = data[at:end], rng.randrange(3)
    if choice == 0:
        return data[:at] + data[end:]
    if choice == 1:
        return data[:at] + piece + piece + data[end:]
    other = rng.choice(starts)
    return data[:other] + piece + data[other:]


_SHEET_MUTATIONS = (truncate, flip_bytes, insert_bytes, _attribute, _attribute, _element, _element)


@pytest.fixture(scope="module")
def kobo_workbook_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("kobo-workbook")
    return current_copy(REPO / "tests" / "kobo" / "s3-stress-test-xml.xlsx", folder)


@given(
    chosen=st.lists(st.sampled_from(_SHEET_MUTATIONS), min_size=1, max_size=3),
    rng=st.randoms(use_true_random=False),
)
@fuzz_settings(300)
def test_a_damaged_sheet_gets_messages_at_its_rows_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
    kobo_workbook_copy: tuple[str, Path],
    chosen: list[Mutation],
    rng: random.Random,
) -> None:
    """A workbook's sheet cut off, with flipped bytes, places, kinds and styles of cells
    that point nowhere, elements missing or repeated: the rows it can read are imported or
    refused with their row, and a sheet it cannot read is refused, naming the file."""
    name, copy = kobo_workbook_copy
    folder = tmp_path_factory.mktemp("damaged")
    path = sheet_changed(copy, folder / "damaged.xlsx", lambda data: apply(data, chosen, rng))
    q = load_questionnaire(name)[0]

    def call() -> list[Finding]:
        return import_export(q, path, "kobo", folder / "responses.jsonl").problems

    assert_located(outcome("workbook sheet", call), path)


@given(
    chosen=st.lists(st.sampled_from(_SHEET_MUTATIONS), min_size=1, max_size=3),
    rng=st.randoms(use_true_random=False),
    dimension=st.booleans(),
)
@fuzz_settings(300)
def test_a_damaged_sheet_of_every_kind_of_cell_gets_messages_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
    chosen: list[Mutation],
    rng: random.Random,
    dimension: bool,
) -> None:
    """The hand-written sheet (shared texts and formulas, runs, dates, errors, cells
    without their place), damaged: its rows are read, or the sheet refused with a
    message, never a traceback."""
    folder = tmp_path_factory.mktemp("damaged-cells")
    data = apply((_HAND_HEADER + _HAND_ROWS).encode("utf-8"), chosen, rng)
    path = with_sheet(folder, data.decode("utf-8", "replace"), "A1:D9" if dimension else "")

    def call() -> list[Finding]:
        table = open_table(path)
        for _ in table.rows:
            pass
        return []

    assert_located(outcome("workbook cells", call), path)
