"""The action plan as a Word document (plan.docx): headings, tables and spider charts.

The charts are PNG pictures drawn by s3engine's own small rasteriser (export/raster.py): no
imaging library is needed, the bytes are the same on every machine, and Word, LibreOffice
and every DOCX viewer show a picture, whereas DrawingML shapes or SVG pictures render
differently or not at all. The axes are numbered; the dimension names stay Word text in the
table beside the chart, so they are searchable and in any language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from s3engine.export import chart
from s3engine.export.common import (
    DIMENSION_COLUMNS,
    NEED_COLUMNS,
    OVERVIEW_COLUMNS,
    Words,
    axes,
    proposals,
    region_title,
)
from s3engine.export.safety import xml_text as x
from s3engine.plan.model import NeedLine, Plan, PlannedRecommendation, RegionPlan

ACCENT = RGBColor(0x1F, 0x5F, 0x8B)


def _page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # what add_page_break does, typed


def _table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(x(title))
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = x(value)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _needs(doc: DocumentObject, w: Words, needs: Sequence[NeedLine]) -> None:
    _table(
        doc,
        w.columns(*NEED_COLUMNS),
        [[str(n.rank), n.label, w.pct(n.share), w.pct(n.unmet_share)] for n in needs],
        [1.5, 7.5, 3.5, 3.5],
    )


def _recommendation(doc: DocumentObject, w: Words, index: int, rec: PlannedRecommendation) -> None:
    doc.add_heading(
        x(f"{index}. {rec.title} ({w.t('col.priority')} {w.num(rec.priority)})"), level=4
    )
    doc.add_paragraph(x(rec.text))
    why = doc.add_paragraph()
    why.add_run(x(w.t("col.rationale")) + ": ").bold = True
    why.add_run(x(rec.rationale))
    for key, value in w.facts(rec):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(x(key) + ": ").bold = True
        p.add_run(x(value))
    p = doc.add_paragraph()
    p.add_run(x(w.t("col.evidence")) + ":").bold = True
    for evidence in rec.evidence:
        doc.add_paragraph(x(evidence.text), style="List Bullet 2")


def _region(doc: DocumentObject, w: Words, region: RegionPlan, *, first: bool) -> None:
    if not first:
        _page_break(doc)
    doc.add_heading(x(region_title(region)), level=2)
    found = w.changes(region)
    if found is not None:  # with a baseline wave: what changed since opens the plan
        heading, paragraphs = found
        doc.add_heading(x(heading), level=3)
        for text in paragraphs:
            doc.add_paragraph(x(text))
    doc.add_paragraph(x(region.summary))
    doc.add_paragraph(x(w.respondents(region))).runs[0].italic = True
    doc.add_heading(x(w.t("h.dimensions")), level=3)
    doc.add_picture(io.BytesIO(chart.png(axes(region))), width=Cm(9))
    caption = doc.add_paragraph(x(w.t("h.chart", name=region.name)))
    caption.runs[0].italic = True
    caption.runs[0].font.size = Pt(8)
    _table(
        doc,
        ["#", *w.columns(*DIMENSION_COLUMNS)],
        [
            [
                str(i),
                d.label,
                w.num(d.score),
                w.num(d.mean),
                w.signed(d.difference),
                w.num(d.target),
            ]
            for i, d in enumerate(region.dimensions, 1)
        ],
        [0.8, 7.2, 2.0, 2.6, 2.2, 2.2],
    )
    doc.add_heading(x(w.t("h.needs")), level=3)
    if region.needs:
        _needs(doc, w, region.needs)
    else:
        doc.add_paragraph(x(w.t("none.needs")))
    if region.needs_by_group:
        doc.add_heading(x(w.t("h.needs_by_group")), level=4)
        _table(
            doc,
            [w.t("col.group"), w.t("col.respondents"), w.t("h.needs")],
            [
                [g.label, str(g.respondents), "; ".join(f"{n.rank}. {n.label}" for n in g.needs)]
                for g in region.needs_by_group
            ],
            [4.5, 2.5, 9.5],
        )
    doc.add_heading(x(w.t("h.disagreements")), level=3)
    for d in region.disagreements:
        doc.add_paragraph(x(d.text))
    if not region.disagreements:
        doc.add_paragraph(x(w.t("none.disagreements")))
    doc.add_heading(x(w.t("h.recommendations")), level=3)
    if not region.recommendations:
        doc.add_paragraph(x(w.t("none.recommendations")))
    for index, rec in enumerate(region.recommendations, 1):
        _recommendation(doc, w, index, rec)
    if region.comments:
        doc.add_heading(x(w.t("h.comments")), level=3)
        for comment in region.comments:
            label = doc.add_paragraph(x(comment.question_label))
            label.runs[0].italic = True
            doc.add_paragraph(x(comment.text), style="Quote")
    if region.warnings:
        doc.add_heading(x(w.t("h.warnings")), level=3)
        for text in region.warnings:
            doc.add_paragraph(x(text), style="List Bullet")


def _transnational(doc: DocumentObject, w: Words, plan: Plan) -> None:
    tn = plan.transnational
    _page_break(doc)
    doc.add_heading(x(w.t("h.transnational")), level=1)
    if tn.class_moves:  # with a baseline wave
        doc.add_heading(x(w.t("h.class_moves")), level=2)
        for move in tn.class_moves:
            doc.add_paragraph(x(move.text), style="List Bullet")
    doc.add_heading(x(w.t("h.partnership_needs")), level=2)
    if tn.needs:
        _needs(doc, w, tn.needs)
    else:
        doc.add_paragraph(x(w.t("none.items")))
    doc.add_heading(x(w.t("h.joint_actions")), level=2)
    for action in tn.joint_actions:
        doc.add_heading(
            x(f"{action.title} ({w.t('col.priority')} {w.num(action.priority)})"), level=3
        )
        doc.add_paragraph().add_run(x(action.summary)).bold = True
        doc.add_paragraph(x(action.text))
        p = doc.add_paragraph()
        p.add_run(x(w.t("col.funding")) + ": ").bold = True
        p.add_run(x(w.join([f.label for f in action.funding])))
    if not tn.joint_actions:
        doc.add_paragraph(x(w.t("none.items")))
    doc.add_heading(x(w.t("h.peer_learning")), level=2)
    if tn.peer_learning:
        _table(
            doc,
            [w.t("col.dimension"), w.t("col.learner"), w.t("col.peer")],
            [
                [
                    p.dimension.label,
                    f"{p.learner.name} ({w.num(p.learner_score)})",
                    f"{p.peer.name} ({w.num(p.peer_score)})",
                ]
                for p in tn.peer_learning
            ],
            [6.0, 5.2, 5.2],
        )
    else:
        doc.add_paragraph(x(w.t("none.items")))
    for key, items in proposals(plan):
        doc.add_heading(x(w.t(key)), level=2)
        for title, text in items:
            doc.add_heading(x(title), level=3)
            doc.add_paragraph(x(text))
        if not items:
            doc.add_paragraph(x(w.t("none.items")))


def render_document(plan: Plan) -> DocumentObject:
    w = Words(plan)
    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    for level in (1, 2, 3, 4):
        doc.styles[f"Heading {level}"].font.color.rgb = ACCENT
    doc.add_heading(x(plan.title), level=0)
    doc.add_paragraph(x(w.generated())).runs[0].italic = True
    doc.add_heading(x(w.t("h.overview")), level=1)
    _table(
        doc,
        w.columns(*OVERVIEW_COLUMNS),
        [
            [
                region_title(r),
                r.class_label,
                w.num(r.composite),
                w.rank(r),
                w.stability(r),
                str(len(r.recommendations)),
            ]
            for r in plan.regions
        ],
        [5.0, 3.4, 2.2, 1.6, 1.8, 2.6],
    )
    doc.add_heading(x(w.t("h.method")), level=2)
    doc.add_paragraph(x(plan.method.target))
    doc.add_paragraph(x(plan.method.priority))
    if plan.warnings:
        doc.add_heading(x(w.t("h.warnings")), level=2)
        for text in plan.warnings:
            doc.add_paragraph(x(text), style="List Bullet")
    _page_break(doc)
    doc.add_heading(x(w.t("h.regional")), level=1)
    for index, region in enumerate(plan.regions):
        _region(doc, w, region, first=index == 0)
    _transnational(doc, w, plan)
    props = doc.core_properties
    props.title = x(plan.title)
    props.author = "s3engine"
    props.language = plan.language
    stamp = plan.generated.replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "s3engine"
    props.revision = 1
    return doc


def render(plan: Plan) -> dict[str, bytes]:
    buffer = io.BytesIO()
    render_document(plan).save(buffer)
    return {"plan.docx": buffer.getvalue()}
