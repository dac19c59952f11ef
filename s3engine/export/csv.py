"""Scores and recommendations as CSV (plan-scores.csv, plan-recommendations.csv).

UTF-8 with a byte order mark, so that spreadsheet programs read accents right; cells that a
spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io

from s3engine.export import tables
from s3engine.export.common import Words
from s3engine.export.safety import spreadsheet_cell
from s3engine.plan.model import Plan


def render_csv(sheet: tables.Sheet) -> str:
    _, header, rows = sheet
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if cell is None else spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue()


def render(plan: Plan) -> dict[str, bytes]:
    w = Words(plan)
    return {
        "plan-scores.csv": render_csv(tables.scores(plan, w)).encode("utf-8-sig"),
        "plan-recommendations.csv": render_csv(tables.recommendations(plan, w)).encode("utf-8-sig"),
    }
