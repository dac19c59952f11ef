"""What each document does for the people who open it (docs/action-plans.md, Documents).

DOCX: the plan's language, repeated table headers, rows that never split, no header word
broken, page numbers, a table of contents, a legend under each chart. HTML: fits a phone,
prints sensibly. XLSX: print setup, percentages, wrapped text that fits its row. CSV: the
conventions of the plan's language and a byte order mark. Quotes: each question once, the
same words once. Charts: a missing score is a gap, never a point at 0.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from plan_fixtures import load_catalogue, make_inputs, make_result, needs_response

from s3engine.export import render_all
from s3engine.export.chart import Axis, svg
from s3engine.export.docx import CHAR_CM, _column_widths
from s3engine.plan.model import Plan
from s3engine.plan.recommend import build_plan
from s3engine.plan.words import Words as PlanWords


def _plan(tmp_path: Path, lang: str = "en") -> Plan:
    responses = [
        needs_response("ITC4", "industry", ["access_to_finance"], comment="Too slow.", number=1),
        needs_response("ITC4", "industry", ["access_to_finance"], comment="Too  slow.", number=2),
        needs_response("ITC4", "government", ["skills_and_talent"], comment="Other", number=3),
        needs_response("AT31", "industry", ["rd_partners"], number=4),
    ]
    return build_plan(make_result(), load_catalogue(tmp_path), make_inputs(responses), lang=lang)


def _docx_xml(files: dict[str, bytes], part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(files["plan.docx"])) as archive:
        return archive.read(part).decode("utf-8")


def test_docx_speaks_the_plans_language_and_is_easy_to_navigate(tmp_path: Path) -> None:
    files = render_all(_plan(tmp_path, "de"), ["docx"])
    styles = _docx_xml(files, "word/styles.xml")
    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == ["de-DE"]  # no en-US left
    body = _docx_xml(files, "word/document.xml")
    assert body.count("<w:tblHeader/>") == body.count("<w:tbl>")  # every header repeats
    assert body.count("<w:cantSplit/>") == body.count("<w:tr>")  # no row splits
    assert 'TOC \\o "1-2"' in html.unescape(body) and 'w:anchor="_Toc00001"' in body
    assert body.count("<w:bookmarkStart") >= 4  # overview, regions, joint plan
    with zipfile.ZipFile(io.BytesIO(files["plan.docx"])) as archive:
        footers = [n for n in archive.namelist() if n.startswith("word/footer")]
        footer = "".join(archive.read(n).decode("utf-8") for n in footers)
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Mittel aller Regionen" in body  # the chart's legend, in words
    settings = _docx_xml(files, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings


def test_docx_columns_are_wide_enough_for_their_longest_word() -> None:
    header = ["Rank", "Need", "Stakeholders ranking it", "Not covered by any measure", "Composite"]
    rows = [["1", "Regulation and administrative burden", "71%", "46%", "72.1"]] * 3
    widths = _column_widths(header, rows)
    assert abs(sum(widths) - 17.0) < 0.6
    for column, width in enumerate(widths):
        words = [w for cell in [header[column], *(r[column] for r in rows)] for w in cell.split()]
        assert width >= max(len(w) for w in words) * CHAR_CM, header[column]
    # German headings are long: no heading word breaks, whatever the cells hold
    header = ["Region", "Klasse", "Gesamtwert", "Rang", "Stabilität", "Empfehlungen nach Priorität"]
    rows = [["Baden-Württemberg (DE1)", "Weniger fortgeschritten", "72,1", "1/12", "100 %", "7"]]
    widths = _column_widths(header, rows)
    for column, width in enumerate(widths):
        assert width >= max(len(w) for w in header[column].split()) * CHAR_CM, header[column]


def test_html_fits_a_phone_and_prints(tmp_path: Path) -> None:
    html = render_all(_plan(tmp_path), ["html"])["plan.html"].decode()
    assert 'name="viewport"' in html and '<html lang="en-GB">' in html
    assert html.count('<div class="table">') == html.count("<table>")  # tables scroll alone
    assert "@media (max-width: 640px)" in html and "@media print" in html
    assert "thead { display: table-header-group; }" in html
    assert "break-inside: avoid" in html and "article.rec h4 { break-after: avoid; }" in html


def test_xlsx_prints_on_a4_with_percentages_and_fitting_rows(tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(render_all(_plan(tmp_path), ["xlsx"])["plan.xlsx"]))
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    needs = book["Needs"]
    header = [c.value for c in needs[1]]
    share = header.index("Stakeholders ranking it") + 1
    cell = needs.cell(row=2, column=share)
    assert isinstance(cell.value, int | float) and cell.number_format == "0%"
    recs = book["Recommendations"]
    opening = [c.value for c in recs[1]].index("Why here") + 1
    for row in range(2, recs.max_row + 1):
        cell = recs.cell(row=row, column=opening)
        assert cell.alignment.wrap_text
        lines = len(str(cell.value)) / 55
        if lines > 1:
            assert recs.row_dimensions[row].height >= 15 * int(lines)


def test_csv_follows_the_conventions_of_the_plans_language(tmp_path: Path) -> None:
    en = render_all(_plan(tmp_path, "en"), ["csv"])["plan-scores.csv"]
    de = render_all(_plan(tmp_path, "de"), ["csv"])["plan-scores.csv"]
    assert en.startswith(b"\xef\xbb\xbf") and de.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    en_rows = list(csv.reader(io.StringIO(en.decode("utf-8-sig"))))
    de_rows = list(csv.reader(io.StringIO(de.decode("utf-8-sig")), delimiter=";"))
    assert len(en_rows[0]) == len(de_rows[0]) > 5
    score = en_rows[0].index("Score")
    itc4 = next(r for r in en_rows if r[0] == "ITC4" and r[3] == "monitoring")
    itc4_de = next(r for r in de_rows if r[0] == "ITC4" and r[3] == "monitoring")
    assert itc4[score] == "30" and itc4_de[score] == "30"
    mean = en_rows[0].index("Mean of all regions")
    assert "." in itc4[mean] and "," in itc4_de[mean]
    assert itc4[mean].replace(".", ",") == itc4_de[mean]


def test_each_question_once_and_the_same_words_once(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    lombardia = next(r for r in plan.regions if r.code == "ITC4")
    (group,) = lombardia.comments
    assert {c.text: c.count for c in group.answers} == {"Too slow.": 2, "Other": 1}
    markdown = render_all(plan, ["md"])["plan.md"].decode()
    assert markdown.count("*Biggest obstacle*") == 1  # Lombardia: the question once
    assert markdown.count("> Too slow.") == 1 and "(×2)" in markdown


def test_a_missing_score_is_a_gap_in_the_chart_never_a_point_at_zero() -> None:
    axes = [Axis("a", 40, 50), Axis("b", None, 50), Axis("c", 70, 50), Axis("d", 60, 55)]
    chart = svg(
        axes, title="t", region_label="r", mean_label="m", missing_label="–", gap_label="gap"
    )
    assert chart.count("<circle") == 3  # no dot for the missing score
    assert '<text x="130" y="468" class="legend">– gap</text>' in chart
    region = re.search(r'<path d="([^"]+)" fill="none" stroke="#1f5f8b"', chart)
    assert region is not None
    # only the sides c-d and d-a: the two sides next to the missing axis b stay open
    assert len(re.findall(r"M[\d.]+,[\d.]+ L[\d.]+,[\d.]+", region.group(1))) == 2
    wedges = re.search(r'<path d="([^"]+)" fill="#1f5f8b"', chart)
    assert wedges is not None and wedges.group(1).count("M280.0,220.0") == 2
    whole = [Axis("a", 40, 50), Axis("b", 20, 50), Axis("c", 70, 50)]
    full = svg(whole, title="t", region_label="r", mean_label="m", gap_label="gap")
    assert '<polygon points="' in full and 'class="region"' in full and "gap" not in full


def test_a_region_names_a_few_partners_and_counts_the_rest(tmp_path: Path) -> None:
    """A joint action held by 700 regions: each region's plan names 8 partners, not 699
    (and building the sentence does not grow with the square of the regions)."""
    words = PlanWords(make_result(), load_catalogue(tmp_path), make_inputs(), "de")
    refs = [(f"R{i}", f"Region {i}") for i in range(700)]
    text = words.others(refs, "R3", len(refs))
    assert text.startswith("Region 0, Region 1, Region 2, Region 4,")
    assert text.endswith("Region 8 und 691 weitere") and "Region 3," not in text
    assert words.others(refs[:3], "R1", 3) == "Region 0 und Region 2"
