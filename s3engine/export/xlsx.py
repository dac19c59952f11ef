"""The plan as one XLSX workbook (plan.xlsx): regions, scores, recommendations, needs and
the joint plan, one sheet each, with frozen headers and filters.

Every text cell is written as a string, and text a spreadsheet would run as a formula gets a
leading apostrophe: openpyxl would otherwise store any string starting with = as a formula.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from s3engine.export import tables
from s3engine.export.common import Words
from s3engine.export.safety import formula_guarded, spreadsheet_cell
from s3engine.plan.model import Plan

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_WIDE = 60


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


def render_workbook(plan: Plan) -> Workbook:
    w = Words(plan)
    book = Workbook()
    book.remove(book.active)
    for build in tables.ALL:
        key, header, rows = build(plan, w)
        sheet = book.create_sheet(w.t(key)[:31])
        for col, title in enumerate(header, 1):
            cell = sheet.cell(row=1, column=col)
            _set(cell, title)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        widths = [len(h) for h in header]
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                cell = sheet.cell(row=r, column=c)
                _set(cell, value)
                if isinstance(value, str) and len(value) > _WIDE:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                widths[c - 1] = max(widths[c - 1], len(str(value)) if value is not None else 0)
        for c, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(c)].width = min(max(8, width + 2), _WIDE)
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    stamp = plan.generated.replace(tzinfo=None) if isinstance(plan.generated, datetime) else None
    book.properties.title = plan.title
    book.properties.creator = "s3engine"
    if stamp is not None:
        book.properties.created = stamp
        book.properties.modified = stamp
    return book


def render(plan: Plan) -> dict[str, bytes]:
    buffer = io.BytesIO()
    render_workbook(plan).save(buffer)
    return {"plan.xlsx": buffer.getvalue()}
