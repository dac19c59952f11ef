"""The column-wise import (interop/columns.py) is the row reader's rules, compiled.

Importing into a JSON Lines file puts good rows together a chunk at a time from pieces
worked out once per distinct cell, profile and outcome of the conditions; every other row
goes through `RowReader.read`. These tests draw exports of both shipped questionnaires in
each tool's layout (KoboToolbox with and without group paths and option columns, ODK
Central, LimeSurvey), from the illustrative example answers, with cells changed into
what real exports hold by mistake (another code, a label, a dropped leading zero, a blank,
a formula, a bad time, a declined consent, another version, a row too long or too short,
a duplicate submission), and check that the column-wise import gives, row by row, the very
line of JSON and the very messages the row reader gives.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable
from datetime import UTC, tzinfo
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interop_exports import kobo_rows, limesurvey_rows, odk_rows, write_csv
from pydantic_core import to_json
from test_interop import EXAMPLES, known_answers

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.interop import columns, tables
from s3engine.interop.files import import_export
from s3engine.interop.imports import (
    Imported,
    Layout,
    RowReader,
    Tool,
    in_utc,
    layout_for,
    parse_time,
    time_zone,
)
from s3engine.interop.limesurvey import codes_csv, render_structure
from s3engine.interop.xlsform import render_xlsform
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.model import wave_year_problem

LAYOUTS: dict[str, Tool] = {
    "kobo-groups-split": "kobo",
    "kobo-names-summary": "kobo",
    "kobo-names-split-only": "kobo",
    "kobo-labels-split-only": "kobo",
    "kobo-labels-both": "kobo",
    "odk": "odk",
    "limesurvey": "limesurvey",
}
#: What cells of real exports hold by mistake, besides the values of other rows.
ODD_CELLS = ["", " ", "0", "00", "01", "1", "-1", "7", "99", "1.5", "1e2", "2.50", "abc",
             "=1+1", "+3", "@SUM(A1)", "yes", "no", "Y", "N", "maybe", "0.9.0+00000000",
             "2025-02-30T10:00:00", "2025-03-14 09:41:30", "2025-03-14T11:00:00Z",
             "uuid:7", "1 1", "ict ict", "\tx", "ict  agrifood", " ict", "ict\tagrifood",
             "2025-03-14T10:15:00.000+05:30", "2025-03-14T23:59:59.999-01:00",
             "2025-03-14T24:00:00.000+01:00", "2025-03-14T10:15:60.000+01:00",
             "2025-03-14 09:41:30", "2025-03-14T09:41:30.1234567",
             "0001-01-01T00:30:00+01:00"]  # fmt: skip

FILE = "export.csv"
Export = tuple[Questionnaire, Tool, list[str], list[list[str]], Layout]


def _exports(name: str, folder: Path) -> dict[tuple[str, str], Export]:
    q, _ = load_questionnaire(name)
    docs = known_answers(name, 25)
    xlsform = folder / f"{name}.xlsx"
    xlsform.write_bytes(render_xlsform(q)[0])
    structure = folder / f"{name}.txt"
    structure.write_text(render_structure(q)[0], encoding="utf-8")
    structure.with_name(f"{name}.codes.csv").write_text(codes_csv(q), encoding="utf-8")
    out: dict[tuple[str, str], Export] = {}
    for layout, tool in LAYOUTS.items():
        if layout == "limesurvey":
            rows = limesurvey_rows(structure, docs)
        elif layout == "odk":
            rows = odk_rows(xlsform, docs)
        elif layout.startswith("kobo-labels"):  # German headings, `.` as group separator
            both = layout == "kobo-labels-both"
            rows = kobo_rows(xlsform, docs, groups=True, split=True, labels="de", sep=".",
                             summary=both)  # fmt: skip
        else:
            groups, split = layout == "kobo-groups-split", layout != "kobo-names-summary"
            rows = kobo_rows(xlsform, docs, groups=groups, split=split)
            if layout == "kobo-names-split-only":  # no summary column of a multiple choice
                head = rows[0]
                summaries = {
                    i for i, h in enumerate(head) if any(x.startswith(f"{h}/") for x in head)
                }
                rows = [[c for i, c in enumerate(row) if i not in summaries] for row in rows]
        header = rows[0]
        out[(name, layout)] = (q, tool, header, rows[1:], layout_for(q, tool, header, FILE))
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Export]:
    folder = tmp_path_factory.mktemp("exports")
    return {key: e for name in EXAMPLES for key, e in _exports(name, folder).items()}


def _seen(results: Iterable[Imported]) -> tuple[str, list[Finding], int, int]:
    """The JSON Lines text, the messages, and how many rows were imported and declined."""
    results = list(results)
    text = "".join(r.text() for r in results)
    problems = [p for r in results for p in r.problems]
    return text, problems, sum(r.imported() for r in results), sum(r.declined for r in results)


@st.composite
def drawn_rows(draw: st.DrawFn, export: Export) -> list[tuple[int, list[str]]]:
    """Rows of the export, some of them changed as real exports are."""
    _, _, header, good, _ = export
    pool = [sorted({row[i] for row in good}) + ODD_CELLS for i in range(len(header))]
    rows = []
    for number in range(2, draw(st.integers(1, 14)) + 2):
        cells = list(draw(st.sampled_from(good)))
        for _ in range(draw(st.integers(0, 3))):
            column = draw(st.integers(0, len(header) - 1))
            cells[column] = draw(st.sampled_from(pool[column]))
        change = draw(st.sampled_from(["none"] * 6 + ["longer", "shorter", "padded"]))
        if change == "longer":
            cells.append("extra")
        elif change == "shorter":
            cells.pop()
        elif change == "padded":
            cells.append("")
        rows.append((number, cells))
    return rows


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_column_wise_import_gives_the_lines_and_messages_of_the_row_reader(
    exports: dict[tuple[str, str], Export], data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(exports)))
    export = exports[key]
    q, _, _, _, layout = export
    rows = data.draw(drawn_rows(export))
    chunk, memo = data.draw(st.sampled_from([1, 3, 8])), data.draw(st.sampled_from([2, 10_000]))
    file = FILE
    reader = RowReader(q, layout, file, lang=None)
    expected = _seen(reader.read(n, c) for n, c in rows)
    before = columns.CHUNK, columns.MEMO
    columns.CHUNK, columns.MEMO = chunk, memo
    try:
        compiled = columns.ColumnReader(RowReader(q, layout, file, lang=None))
        found = _seen(compiled.read(rows))
    finally:
        columns.CHUNK, columns.MEMO = before
    assert found == expected


def test_an_export_with_bad_rows_is_written_byte_for_byte_as_the_row_reader_writes_it(
    exports: dict[tuple[str, str], Export], tmp_path: Path
) -> None:
    q, tool, header, good, _ = exports[("s3-stress-test", "kobo-groups-split")]
    rows = [list(r) for r in good * 4]
    for number, row in enumerate(rows):
        row[header.index("_uuid")] = f"00000000-0000-0000-0000-{number:012d}"
    edp = header.index("role_of_clusters/clusters_in_edp")
    rows[3][edp] = "7"  # out of range
    rows[5][edp] = ""  # required
    rows[8][header.index("profile_consent")] = "no"  # declined
    rows[9][header.index("form_version")] = "0.9.0+00000000"
    path = write_csv(tmp_path / "kobo.csv", [header, *rows], sep=";", quote_all=True)
    result = import_export(q, path, tool, tmp_path / "out.jsonl")
    layout = layout_for(q, tool, header, str(path))
    reader = RowReader(q, layout, str(path), lang=None)
    by_rows = [reader.read(n, r) for n, r in enumerate(rows, 2)]
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert written == "".join(r.text() for r in by_rows)
    lines = written.splitlines()
    assert result.problems == [p for r in by_rows for p in r.problems]
    assert (result.imported, result.refused, result.declined) == (len(rows) - 4, 3, 1)
    assert all(json.loads(line)["respondent"]["id"].startswith("kobo-") for line in lines)
    # most rows were put together from pieces, not read by the row reader
    compiled = columns.ColumnReader(RowReader(q, layout, str(path), lang=None))
    pieces = sum(r.count for r in compiled.read(enumerate(rows, 2)))
    assert pieces >= len(rows) * 2 // 3, pieces


def _time_as_json(cell: str, zone: tzinfo = UTC, *, zoned: bool = False) -> str | None:
    """What RowReader.time makes of a cell, as a response writes it ("" when blank); `zone`:
    of a time written without one (--timezone); `zoned`: the tool writes the column's times
    with their zone, and one without is refused."""
    if not cell.strip():
        return ""
    moment = parse_time(cell.strip(), zone, zoned=zoned)
    if moment is None or wave_year_problem(in_utc(moment)) is not None:  # 0001, 9999
        return None
    return to_json(in_utc(moment)).decode()


@st.composite
def time_cells(draw: st.DrawFn) -> list[str]:
    """A column of times as tools write them: mostly one shape, now and then another."""

    def one(shape: tuple[str, str, str]) -> str:
        separator, fraction, zone = shape
        day = draw(st.sampled_from(["2025-03-14", "2024-02-29", "2025-02-29", "0001-01-01",
                                    "9999-12-31", "2025-12-31", "2025-13-01"]))  # fmt: skip
        hour = draw(st.sampled_from(["00", "09", "23", "24", "7"]))
        minute, second = (
            draw(st.sampled_from(["00", "30", "59", "60"])),
            draw(st.sampled_from(["00", "07", "59", "60"])),
        )
        digits = draw(st.text("0123456789", min_size=6, max_size=6))
        return (
            f"{day}{separator}{hour}:{minute}:{second}"
            + fraction.replace("x", "")
            + (digits[: fraction.count("x")] + zone)
        )

    shapes = st.tuples(
        st.sampled_from(["T", " "]),
        st.sampled_from(["", ".xxx", ".xxxxxx", ".x"]),
        st.sampled_from(["", "Z", "+01:00", "-05:00", "+05:30", "+14:00", "-23:59", "+24:00"]),
    )
    usual = draw(shapes)
    cells = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["usual"] * 6 + ["other", "odd"]))
        if kind == "odd":
            cells.append(draw(st.sampled_from(["", " ", "abc", " 2025-03-14T10:15:00"])))
        else:
            cells.append(one(usual if kind == "usual" else draw(shapes)))
    return cells


#: --timezone's zones: none (UTC), whole hours with summer time, half and three quarters of
#: an hour (whose minutes the column's hours cannot carry: read cell by cell).
ZONES = ["UTC", "Europe/Vienna", "America/St_Johns", "Asia/Kathmandu"]


@settings(max_examples=150, deadline=None)
@given(
    cells=time_cells(),
    bound=st.sampled_from([1, 10_000]),
    name=st.sampled_from(ZONES),
    zoned=st.booleans(),
)
def test_a_column_of_times_is_read_as_the_row_reader_reads_each_time(
    cells: list[str], bound: int, name: str, zoned: bool
) -> None:
    zone = time_zone(name)
    assert zone is not None
    before = columns.MEMO
    columns.MEMO = bound
    try:
        times = columns._Times(str.strip, zone, zoned)
        found = [times.column(tuple(cells)), times.column(tuple(cells))]  # memo filled
    finally:
        columns.MEMO = before
    assert found[0] == found[1] == [_time_as_json(c, zone, zoned=zoned) for c in cells]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(
        [
            ("s3-stress-test", "kobo-groups-split"),
            ("s3-stress-test", "odk"),
            ("stakeholder-needs", "limesurvey"),
        ]
    ),
    cells=st.lists(
        st.one_of(
            st.text("abcXYZ019_-", min_size=1, max_size=70),
            st.sampled_from(["", " a1b2", "uuid:1234", "a b", "x", "xyz", "'=1234"]),
        ),
        min_size=1,
        max_size=8,
    ),
    # LimeSurvey's survey id column: none, one survey for every row, or several
    surveys=st.one_of(
        st.none(),
        st.sampled_from(["", "318274", " 318274", "'=1", "a b", "9" * 62]).map(lambda s: [s]),
        st.lists(st.sampled_from(["", "318274", "927461", " 927461"]), min_size=8, max_size=8),
    ),
)
def test_a_column_of_respondent_ids_gives_the_ids_the_row_reader_gives(
    exports: dict[tuple[str, str], Export],
    key: tuple[str, str],
    cells: list[str],
    surveys: list[str] | None,
) -> None:
    q, _, _, _, layout = exports[key]
    compiled = columns.ColumnReader(RowReader(q, layout, FILE, lang=None))
    column = None if surveys is None else tuple((surveys * len(cells))[: len(cells)])
    expected = [compiled._id(c, s) for c, s in zip(cells, column or [""] * len(cells), strict=True)]
    assert compiled._ids(tuple(cells), column) == expected


def test_a_time_before_the_year_1_in_utc_is_refused_with_a_message_not_a_traceback(
    exports: dict[tuple[str, str], Export], tmp_path: Path
) -> None:
    q, tool, header, good, _ = exports[("s3-stress-test", "kobo-groups-split")]
    rows = [list(r) for r in good[:3]]
    rows[1][header.index("start")] = "0001-01-01T00:30:00+01:00"
    path = write_csv(tmp_path / "kobo.csv", [header, *rows], sep=";", quote_all=True)
    for out in (tmp_path / "out.jsonl", tmp_path / "out"):  # column-wise and row by row
        result = import_export(q, path, tool, out)
        assert (result.imported, result.refused) == (2, 1)
        [problem] = result.problems
        assert (problem.line, problem.path) == (3, "start")
        assert "'0001-01-01T00:30:00+01:00' is not a date and time" in problem.message


def _read_all(lines: Iterable[str]) -> tuple[list[str], Finding | None]:
    """The lines an export reader gives, and the finding it stops with, if any."""
    out: list[str] = []
    try:
        for line in lines:
            out.append(line)
    except S3Error as exc:
        return out, exc.findings[0]
    return out, None


#: What the lines of a CSV file are made of: line ends of a text stream and others.
LINE_PIECES = ["a", "bé", ";", '"', "\n", "\r", "\r\n", "\v", "\x1c", "\u2028", "\f", "x" * 9,
               "\xff", "\x85"]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.sampled_from(LINE_PIECES), max_size=40),
    block=st.integers(1, 12),
    limit=st.integers(4, 30),
    broken=st.booleans(),
)
def test_an_export_read_a_block_at_a_time_gives_the_lines_of_a_line_by_line_reader(
    monkeypatch: pytest.MonkeyPatch, pieces: list[str], block: int, limit: int, broken: bool
) -> None:
    """Lines, their ends, a line too long and a byte that is not UTF-8: as _bounded says."""
    data = "".join(pieces).encode("utf-8")
    if broken:  # a byte that is not UTF-8, somewhere
        data = data[: len(data) // 2] + b"\xff" + data[len(data) // 2 :]
    monkeypatch.setattr(tables, "BLOCK", block)
    monkeypatch.setattr(tables, "MAX_IMPORT_ROW_BYTES", limit)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(data)
        found = []
        readers = (
            (tables._bounded, "surrogateescape"),  # which says a bad byte where it is
            (partial(tables._lines, reopen=lambda: path.open("rb")), "strict"),
        )
        for read, errors in readers:
            with path.open("rb") as handle:
                text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", errors=errors)
                found.append(_read_all(read(text, FILE)))
    (lines, stop), (block_lines, block_stop) = found
    assert block_stop == stop
    # a bad byte stops the block it is in before its lines are given (the lines read again
    # for the message): those given before, as far as they come, are the same
    assert block_lines == (lines[: len(block_lines)] if broken else lines)


@pytest.mark.parametrize("zipped", [False, True], ids=["csv", "zip"])
@pytest.mark.parametrize(
    ("size", "line", "ends"),
    [(4_000, 8, "\n"), (178_000, 302, "\n"), (178_000, 302, "\r\n"), (4_000, 8, "\r")],
)
def test_a_byte_that_is_not_utf8_is_said_at_its_own_line_and_column(
    tmp_path: Path, zipped: bool, size: int, line: int, ends: str
) -> None:
    """A text stream decodes 8 KiB or more at a time, so the bad byte was said at the line
    where that block began (line 1 of a 4 KB file, 291 for one on line 302): the user is
    sent to its own line and column, in a CSV and in a CSV read from a zip alike."""
    import zipfile

    lines = ["KEY,name,note" + ends]
    while sum(map(len, lines)) < size:
        number = len(lines)
        lines.append(f"uuid:{number},respondent {number},{'x' * (number % 90)}{ends}")
    data = "".join(lines).encode("utf-8")
    at = data.index(f"respondent {line - 1},".encode()) + len("respondent")
    data = data[:at] + b"\xe9" + data[at + 1 :]  # "respondent 301": the space a Latin-1 é
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    name = str(path)
    if zipped:
        with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "FORM.csv")
        path = tmp_path / "export.zip"
        name = f"{path}/FORM.csv"
    with pytest.raises(S3Error) as refused:
        for _ in tables.open_table(path).rows:
            pass
    [finding] = refused.value.findings
    column = len(f"uuid:{line - 1},respondent") + 1
    assert (finding.file, finding.line, finding.column) == (name, line, column)
    assert finding.message == M.NOT_UTF8.format(byte=0xE9)


@pytest.mark.parametrize("ends", ["\r", "\n"])
def test_a_first_line_cut_at_the_row_limit_is_never_taken_for_a_byte_that_is_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ends: str
) -> None:
    """The first line is read by the rule of every other line: ended by a carriage return
    too (Excel's "CSV (Macintosh)" ends lines so), and counted in characters, so that an
    "é" at the row limit is not cut in two and said to be no UTF-8 (a heading row that
    long is too long, said as such)."""
    monkeypatch.setattr(tables, "MAX_IMPORT_ROW_BYTES", 64)
    path = tmp_path / "export.csv"
    path.write_bytes(("KEY,name" + ends + "1," + "a" * 60 + "é" + ends).encode("utf-8"))
    table = tables.open_table(path)
    assert table.header == ["KEY", "name"]
    assert [cells for _, cells in table.rows] == [["1", "a" * 60 + "é"]]
    path.write_bytes(("KEY," + "a" * 60 + "é" + ends).encode("utf-8"))
    with pytest.raises(S3Error) as refused:
        tables.open_table(path)
    [finding] = refused.value.findings
    assert finding.line == 1
    assert finding.message == M.IMPORT_ROW_TOO_LONG.format(limit=tables._mib(64))
