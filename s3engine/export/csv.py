"""Scores and recommendations as CSV (plan-scores.csv, plan-recommendations.csv).

UTF-8 with a byte order mark, which Excel needs to read the file as UTF-8 (without it,
accents break); cells that a spreadsheet would run as formulas are neutralised. The files
follow the conventions of the plan's language, as spreadsheet programs in that language
expect them: an English plan separates fields with commas and writes 54.2; a German, French,
Italian or Slovenian one separates them with semicolons and writes 54,2 (a comma is the
decimal sign there, so Excel set to that language splits such a file at semicolons).
"""

from __future__ import annotations

import csv
import io

from s3engine.export import tables
from s3engine.export.common import Words
from s3engine.export.safety import spreadsheet_cell
from s3engine.plan.model import Plan

#: language -> (field separator, decimal sign); other languages use the English ones
CONVENTIONS = {
    "en": (",", "."),
    "de": (";", ","),
    "fr": (";", ","),
    "it": (";", ","),
    "sl": (";", ","),
}


def _cell(value: tables.Cell, decimal: str) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(round(value, 6))
        text = text[:-2] if text.endswith(".0") else text
        return text.replace(".", decimal)
    return spreadsheet_cell(value)


def render_csv(sheet: tables.Sheet, lang: str = "en") -> str:
    separator, decimal = CONVENTIONS.get(lang, CONVENTIONS["en"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow([_cell(cell, decimal) for cell in row])
    return buffer.getvalue()


def render(plan: Plan) -> dict[str, bytes]:
    w = Words(plan)
    lang = plan.language
    return {
        "plan-scores.csv": render_csv(tables.scores(plan, w), lang).encode("utf-8-sig"),
        "plan-recommendations.csv": render_csv(tables.recommendations(plan, w), lang).encode(
            "utf-8-sig"
        ),
    }
