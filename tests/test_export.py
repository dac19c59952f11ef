"""The plan documents: golden files, hostile text, charts, and what each format holds.

Golden files live in tests/golden/plan/. After a deliberate change to a document, regenerate
them with

    S3ENGINE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py

and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zlib
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from plan_fixtures import load_catalogue, make_inputs, make_result, needs_response

from s3engine.export import FORMATS, render_all
from s3engine.export.chart import Axis, png, svg
from s3engine.export.safety import markdown_text, spreadsheet_cell
from s3engine.plan.model import Plan
from s3engine.plan.recommend import build_plan

GOLDEN = Path(__file__).parent / "golden" / "plan"
UPDATE = os.environ.get("S3ENGINE_UPDATE_GOLDEN") == "1"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


def make_plan(tmp_path: Path, lang: str = "en", *, hostile: bool = False) -> Plan:
    inputs = make_inputs()
    names = None
    if hostile:
        responses = [
            needs_response("ITC4", "industry", ["access_to_finance"], comment=SCRIPT, number=1),
            needs_response("ITC4", "government", ["access_to_finance"], comment=FORMULA, number=2),
            needs_response("AT31", "industry", ["rd_partners"], comment="@SUM(A1)", number=3),
        ]
        inputs = make_inputs(responses)
        names = {"ITC4": FORMULA, "AT31": SCRIPT}
    return build_plan(make_result(names=names), load_catalogue(tmp_path), inputs, lang=lang)


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("en", "plan.md"),
        ("en", "plan.html"),
        ("en", "plan.json"),
        ("en", "plan-scores.csv"),
        ("en", "plan-recommendations.csv"),
        ("de", "plan.md"),
        ("sl", "plan.html"),
    ],
)
def test_documents_match_their_golden_files(tmp_path: Path, lang: str, name: str) -> None:
    plan = make_plan(tmp_path, lang)
    fmt = {"md": "md", "html": "html", "json": "json", "csv": "csv"}[name.rsplit(".", 1)[1]]
    content = render_all(plan, [fmt])[name]
    golden = GOLDEN / lang / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert golden.exists(), f"no golden file {golden}; run with S3ENGINE_UPDATE_GOLDEN=1"
    assert content == golden.read_bytes(), f"{name} ({lang}) differs from {golden}"


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_hostile_text_stays_plain_text_in_every_format(tmp_path: Path) -> None:
    files = render_all(make_plan(tmp_path, hostile=True), FORMATS)
    html = files["plan.html"].decode()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    markdown = files["plan.md"].decode()
    assert "<script" not in markdown.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "](" not in markdown.replace("](#", "")  # no links but the table of contents
    for name in ("plan-scores.csv", "plan-recommendations.csv"):
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not any(
            cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not _number(cell)
            for cell in cells
        )
    scores = files["plan-scores.csv"].decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in scores
    book = load_workbook(io.BytesIO(files["plan.xlsx"]))
    texts = [
        c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert texts and all(c.data_type == "s" for c in texts)
    assert not any(c.value.startswith(("=", "+", "-", "@")) for c in texts)
    assert any(c.value == "'" + FORMULA for c in texts)
    assert any(c.value == "'@SUM(A1)" for c in texts)
    document = Document(io.BytesIO(files["plan.docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert SCRIPT in paragraphs  # quoted verbatim, as text
    assert any(FORMULA in p for p in paragraphs)
    assert json.loads(files["plan.json"])["regions"][1]["name"] == FORMULA


def test_html_is_self_contained_printable_and_has_a_chart_per_region(tmp_path: Path) -> None:
    html = render_all(make_plan(tmp_path), ["html"])["plan.html"].decode()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@media print" in html
    assert html.count("<svg") == 3
    assert html.count('class="region"/>') == 3
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html


def test_docx_has_headings_tables_and_one_chart_per_region(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    document = Document(io.BytesIO(render_all(plan, ["docx"])["plan.docx"]))
    assert len(document.inline_shapes) == len(plan.regions)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Lombardia (ITC4)" in headings
    assert "Joint transnational plan" in headings
    assert len(document.tables) >= 1 + 2 * len(plan.regions)
    assert document.core_properties.title == plan.title


def test_xlsx_holds_numbers_as_numbers(tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(render_all(make_plan(tmp_path), ["xlsx"])["plan.xlsx"]))
    assert book.sheetnames == [
        "Regions",
        "Scores",
        "Recommendations",
        "Needs",
        "Needs answered",
        "Enabling condition 1.1",
        "Joint actions",
        "Peer learning",
        "Meta-clusters",
        "Joint calls",
        "Comments",
        "Notes on the data",
    ]
    scores = book["Scores"]
    header = [c.value for c in scores[1]]
    assert header[:6] == ["Code", "Region", "Class", "Id", "Dimension", "Score"]
    monitoring = next(
        row
        for row in scores.iter_rows(min_row=2, values_only=True)
        if row[0] == "ITC4" and row[3] == "monitoring"
    )
    assert monitoring[5] == 30.0
    assert scores.freeze_panes == "A2"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return width, height


def _pixels(data: bytes, width: int) -> bytes:
    idat = b""
    pos = 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    return b"".join(
        raw[r * (width + 1) + 1 : (r + 1) * (width + 1)] for r in range(len(raw) // (width + 1))
    )


def test_png_chart_is_a_valid_deterministic_picture() -> None:
    axes = [Axis(f"d{i}", score, 50.0) for i, score in enumerate([80, 20, 60, None, 90])]
    first, second = png(axes, size=300), png(axes, size=300)
    assert first == second
    assert _png_size(first) == (300, 300)
    pixels = _pixels(first, 300)
    assert len(pixels) == 300 * 300
    colours = set(pixels)
    assert {0, 1, 4, 5} <= colours  # background, region fill, mean line, region line
    # the region reaches 80 on the first axis (straight up) but not 100
    column = [pixels[y * 300 + 150] for y in range(300)]
    assert 5 in column[:150] and column[:30].count(5) == 0


def test_svg_chart_escapes_labels_and_marks_missing_scores() -> None:
    chart = svg(
        [Axis(SCRIPT, 40, 50), Axis("b", None, 50), Axis("c", 70, 50)],
        title="t",
        region_label="<r>",
        mean_label="m",
        missing_label="n/a",
    )
    assert "<script" not in chart
    assert "&lt;script&gt;" in chart and "&lt;r&gt;" in chart
    assert "n/a" in chart


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_spreadsheet_cells_are_neutralised(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text
    assert spreadsheet_cell(-1.5) == -1.5


def test_markdown_escaping() -> None:
    assert markdown_text("# *bold* [x](http://y) | a") == (
        "\\# \\*bold\\* \\[x\\](http&#58;//y) \\| a"
    )
