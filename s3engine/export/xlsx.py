"""The plan as one XLSX workbook (plan.xlsx): regions, scores, recommendations, needs, the
annexes and the joint plan, one sheet each.

Every text cell is written as a string, and text a spreadsheet would run as a formula gets a
leading apostrophe and the quote-prefix mark (it stays text after F2 + Enter): openpyxl would
otherwise store any string starting with = as a formula. Shares are numbers formatted as
percentages; long texts wrap in columns of bounded width, with row heights set to fit them
(so that no cell runs over its neighbours, in Excel or LibreOffice); every sheet prints on A4
landscape, one page wide, with the header row repeated on every page.
"""

from __future__ import annotations

import io
import math
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from s3engine.export import tables
from s3engine.export.common import Words
from s3engine.export.safety import formula_guarded, spreadsheet_cell
from s3engine.plan.model import Plan

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
#: Width (characters) of a column of long text; of any other column at most.
_TEXT_WIDTH = 50
_MAX_WIDTH = 30
#: Points per line of text at the default font, and the largest row height Excel allows.
_LINE = 15.0
_MAX_HEIGHT = 409.0


def _set(cell: XlCell, value: tables.Cell) -> None:
    if isinstance(value, str):
        text = str(spreadsheet_cell(value))
        cell.value = text
        cell.data_type = "s"
        if formula_guarded(text):
            # Shown as text also after F2 + Enter: the cell is marked as typed with a quote.
            cell.quotePrefix = True
    else:
        cell.value = value


def _widths(sheet: tables.Sheet) -> list[int]:
    widths = []
    for col, title in enumerate(sheet.header):
        if col in sheet.texts:
            widths.append(_TEXT_WIDTH)
            continue
        longest = max(
            [len(title)] + [len(str(row[col])) for row in sheet.rows if row[col] is not None]
        )
        widths.append(min(max(8, longest + 2), _MAX_WIDTH))
    return widths


#: Characters of running text a column holds per unit of its width (the width of a digit
#: in the default font; letters are narrower on average).
_CHARS_PER_UNIT = 1.15


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column `width` units wide (an estimate)."""
    per_line = max(1, int(width * _CHARS_PER_UNIT) - 2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _fill(ws: Worksheet, sheet: tables.Sheet) -> None:
    widths = _widths(sheet)
    header_lines = 1
    for col, title in enumerate(sheet.header, 1):
        cell = ws.cell(row=1, column=col)
        _set(cell, title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        header_lines = max(header_lines, _lines(title, widths[col - 1]))
    ws.row_dimensions[1].height = min(_MAX_HEIGHT, _LINE * header_lines)
    for r, row in enumerate(sheet.rows, 2):
        lines = 1
        for c, value in enumerate(row):
            cell = ws.cell(row=r, column=c + 1)
            _set(cell, value)
            if c in sheet.shares and isinstance(value, int | float):
                cell.number_format = "0%"
            if c in sheet.texts or (isinstance(value, str) and len(value) > widths[c]):
                cell.alignment = _WRAP
                if isinstance(value, str):
                    lines = max(lines, _lines(value, widths[c]))
        if lines > 1:
            ws.row_dimensions[r].height = min(_MAX_HEIGHT, _LINE * lines)
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    if sheet.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(sheet.rows) + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"


def render_workbook(plan: Plan) -> Workbook:
    w = Words(plan)
    book = Workbook()
    book.remove(book.active)
    for build in tables.ALL:
        sheet = build(plan, w)
        title = "".join(ch for ch in w.t(sheet.key) if ch not in "[]:*?/\\")[:31]
        ws = book.create_sheet(title)
        _fill(ws, sheet)
    stamp = plan.generated.replace(tzinfo=None) if isinstance(plan.generated, datetime) else None
    book.properties.title = plan.title
    book.properties.creator = "s3engine"
    book.properties.language = plan.language
    if stamp is not None:
        book.properties.created = stamp
        book.properties.modified = stamp
    return book


def render(plan: Plan) -> dict[str, bytes]:
    buffer = io.BytesIO()
    render_workbook(plan).save(buffer)
    return {"plan.xlsx": buffer.getvalue()}
