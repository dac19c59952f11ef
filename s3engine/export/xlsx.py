"""The plan as one XLSX workbook (plan.xlsx): regions, scores, recommendations, needs, the
annexes and the joint plan, one sheet each.

The workbook is written directly as SpreadsheetML (ECMA-376 / ISO/IEC 29500, the parts a
spreadsheet needs and no more): a plan of 1,000 regions holds over half a million cells, and
building a cell object for each (openpyxl, about 50 microseconds a cell) took longer than
every other format together. The sheets are strings joined once, in one pass over the rows.

Every text cell is an inline string, so a text can never become a formula; a text a
spreadsheet would run as a formula once edited gets a leading apostrophe and the quote-prefix
mark (it stays text after F2 + Enter). Shares are numbers formatted as percentages; long
texts wrap in columns of bounded width, with row heights set to fit them (so that no cell
runs over its neighbours, in Excel or LibreOffice); every sheet prints on A4 landscape, one
page wide, with the header row repeated on every page and the page number in the footer.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator
from datetime import datetime

from s3engine.export import tables
from s3engine.export.common import Words
from s3engine.export.safety import formula_guarded, spreadsheet_cell
from s3engine.plan.model import Plan

#: Width (characters) of a column of long text; of any other column at most.
_TEXT_WIDTH = 50
_MAX_WIDTH = 30
#: Points per line of text at the default font, and the largest row height Excel allows.
_LINE = 15.0
_MAX_HEIGHT = 409.0
#: Characters of running text a column holds per unit of its width (the width of a digit
#: in the default font; letters are narrower on average).
_CHARS_PER_UNIT = 1.15

#: Cell styles (indices into cellXfs of styles.xml) are sums of these flags: a header cell
#: (bold on a tinted fill, wrapped), wrapped text, a percentage, a text typed with a quote.
_HEADER, _WRAP, _PERCENT, _QUOTE = 1, 2, 4, 8

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Zip entries get a fixed date, so that the same plan gives the same bytes.
_DATE = (1980, 1, 1, 0, 0, 0)


def _esc(text: str) -> str:
    """Text for XML content and attribute values."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _column(index: int) -> str:
    """The letters of column `index` (0-based): A ... Z, AA ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column `width` units wide (an estimate)."""
    per_line = max(1, int(width * _CHARS_PER_UNIT) - 2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _cell(ref: str, value: tables.Cell, style: int) -> tuple[str, str]:
    """The XML of one cell and the text it shows ("" for a number or an empty cell)."""
    if isinstance(value, str):
        text = str(spreadsheet_cell(value))
        if formula_guarded(text):
            style |= _QUOTE  # shown as text also after F2 + Enter
        s = f' s="{style}"' if style else ""
        body = f'<is><t xml:space="preserve">{_esc(text)}</t></is>'
        return f'<c r="{ref}"{s} t="inlineStr">{body}</c>', text
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return "", ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s}><v>{value!r}</v></c>', ""


def _rows(sheet: tables.Sheet, widths: list[int]) -> Iterator[str]:
    letters = [_column(c) for c in range(len(sheet.header))]
    cells = []
    lines = 1
    for c, title in enumerate(sheet.header):
        xml, _ = _cell(f"{letters[c]}1", title, _HEADER | _WRAP)
        cells.append(xml)
        lines = max(lines, _lines(title, widths[c]))
    yield f'<row r="1" ht="{min(_MAX_HEIGHT, _LINE * lines)}" customHeight="1">'
    yield "".join(cells)
    yield "</row>"
    for r, row in enumerate(sheet.rows, 2):
        cells = []
        lines = 1
        for c, value in enumerate(row):
            style = 0
            if c in sheet.shares and isinstance(value, int | float):
                style = _PERCENT
            wrap = c in sheet.texts or (isinstance(value, str) and len(value) > widths[c])
            if wrap:
                style |= _WRAP
            xml, text = _cell(f"{letters[c]}{r}", value, style)
            cells.append(xml)
            if wrap and text:
                lines = max(lines, _lines(text, widths[c]))
        height = f' ht="{min(_MAX_HEIGHT, _LINE * lines)}" customHeight="1"' if lines > 1 else ""
        yield f'<row r="{r}"{height}>'
        yield "".join(cells)
        yield "</row>"


def _worksheet(sheet: tables.Sheet) -> str:
    widths = _widths(sheet)
    last = f"{_column(len(sheet.header) - 1)}{len(sheet.rows) + 1}"
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(widths, 1)
    )
    rows = "".join(_rows(sheet, widths))
    autofilter = f'<autoFilter ref="A1:{last}"/>' if sheet.rows else ""
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="{_LINE}"/>'
        f"<cols>{cols}</cols><sheetData>{rows}</sheetData>{autofilter}"
        '<printOptions gridLines="1"/>'
        '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
        "</worksheet>"
    )


def _styles() -> str:
    """Fonts (regular, bold), fills (none, the required gray125, the header's tint) and one
    cell format per combination of the style flags, each aligned to the top of its row (so
    that a short cell reads level with the first line of a wrapped one beside it)."""
    xfs = []
    for flags in range(16):
        header = flags & _HEADER
        attrs = ' numFmtId="9" applyNumberFormat="1"' if flags & _PERCENT else ' numFmtId="0"'
        attrs += (
            ' fontId="1" fillId="2" applyFont="1" applyFill="1"'
            if header
            else (' fontId="0" fillId="0"')
        )
        attrs += ' borderId="0" xfId="0"'
        if flags & _QUOTE:
            attrs += ' quotePrefix="1"'
        wrap = ' wrapText="1"' if flags & _WRAP else ""
        xfs.append(f'<xf{attrs} applyAlignment="1"><alignment vertical="top"{wrap}/></xf>')
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F0"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _workbook(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_esc(t)}" sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(titles, 1)
    )
    names = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
        f"{_esc(_quoted(t))}!$1:$1</definedName>"
        for i, t in enumerate(titles)
    )
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
    )


def _quoted(title: str) -> str:
    """A sheet's name as a formula names it: in quotes, a quote doubled."""
    return "'" + title.replace("'", "''") + "'"


def _core(plan: Plan) -> str:
    stamp = ""
    if isinstance(plan.generated, datetime):
        moment = plan.generated.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
        stamp = (
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
        )
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(str(spreadsheet_cell(plan.title)))}</dc:title>"
        f"<dc:creator>s3engine</dc:creator><dc:language>{_esc(plan.language)}</dc:language>"
        f"{stamp}</cp:coreProperties>"
    )


def _package(titles: list[str]) -> dict[str, str]:
    """The parts that tie the package together: content types and relationships."""
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, len(titles) + 1)
    )
    office = "application/vnd.openxmlformats-officedocument"
    types = (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.'
        'main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        f'package.core-properties+xml"/>{overrides}</Types>'
    )
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root = (
        f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{kinds}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{kinds}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1)
    )
    styles = len(titles) + 1
    book = (
        f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">{sheets}'
        f'<Relationship Id="rId{styles}" Type="{kinds}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    return {
        "[Content_Types].xml": types,
        "_rels/.rels": root,
        "xl/_rels/workbook.xml.rels": book,
    }


def render(plan: Plan) -> dict[str, bytes]:
    w = Words(plan)
    titles: list[str] = []
    parts: dict[str, str] = {}
    for index, build in enumerate(tables.ALL, 1):
        sheet = build(plan, w)
        titles.append("".join(ch for ch in w.t(sheet.key) if ch not in "[]:*?/\\")[:31])
        parts[f"xl/worksheets/sheet{index}.xml"] = _worksheet(sheet)
    parts = {
        **_package(titles),
        "docProps/core.xml": _core(plan),
        "xl/workbook.xml": _workbook(titles),
        "xl/styles.xml": _styles(),
        **parts,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, xml in parts.items():
            archive.writestr(
                zipfile.ZipInfo(name, _DATE), xml.encode("utf-8"), zipfile.ZIP_DEFLATED
            )
    return {"plan.xlsx": buffer.getvalue()}
