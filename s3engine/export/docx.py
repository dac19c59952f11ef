"""The action plan as a Word document (plan.docx): headings, tables and spider charts.

The body is written as WordprocessingML text and parsed once (lxml's parser builds the
elements in C), with python-docx for the package: its template's styles, the image parts,
the footer and saving. python-docx's own `add_paragraph` looks for the section properties
among all the body's children and for the style by its name among all styles on every call,
and `add_picture` looks through every image and every id of the document, which made a plan
of 1,000 regions take minutes; writing the text keeps the time linear in the document.

What the document does for its readers: the language of every run is the plan's language
(spelling and hyphenation in Word and LibreOffice); tables repeat their header row on every
page, keep each row on one page, and size their columns so that no header word breaks; a
table of contents links to every region (Word fills in the page numbers on opening, as
the document asks it to); every page is numbered; each chart has its legend.

The charts are PNG pictures drawn by s3engine's own small rasteriser (export/raster.py): no
imaging library is needed, the bytes are the same on every machine, and Word, LibreOffice
and every DOCX viewer show a picture, whereas DrawingML shapes or SVG pictures render
differently or not at all. The axes are numbered; the dimension names stay Word text in the
table under the chart, so they are searchable and in any language.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from html import escape
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.parts.image import ImagePart
from docx.shared import Cm, RGBColor

from s3engine.export import chart
from s3engine.export.common import (
    DIMENSION_COLUMNS,
    LANGUAGE_TAGS,
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
#: Width of the text on an A4 page with 2 cm margins, in cm; one cm in twentieths of a point.
TEXT_WIDTH = 17.0
TWIPS = 567
#: Width of a character of the 9-point table text, in cm (a generous average, bold included),
#: and what a cell adds to its text (its margins, 0.19 cm on each side in Word and LibreOffice).
CHAR_CM = 0.24
CELL_CM = 0.6
#: The width (cm) a column may take for the longest word of its cells, where there is room.
SOFT_CM = 3.6
TABLE_POINTS = 9
#: The colours of the chart (chart.py), as Word text colours for its legend.
REGION_HEX, MEAN_HEX = "1F5F8B", "BF601A"
BASELINE_HEX = "969696"  # chart.AXIS: the baseline wave is dotted in the axes grey

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    f'xmlns:w="{_W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
#: The instruction of the table of contents: levels 1 and 2, as links, without page numbers
#: in web view, keeping the outline levels.
TOC = ' TOC \\o "1-2" \\h \\z \\u '


@functools.lru_cache(maxsize=4096)
def _esc(text: str) -> str:
    """Text for WordprocessingML: characters XML cannot hold dropped, direction controls
    isolated (safety.xml_text), markup escaped."""
    return escape(x(text), quote=True)


def _run(
    text: str, *, bold: bool = False, italic: bool = False, color: str = "", size: int = 0
) -> str:
    props = ""
    if bold or italic or color or size:
        props = (
            "<w:rPr>"
            + ("<w:b/>" if bold else "")
            + ("<w:i/>" if italic else "")
            + (f'<w:color w:val="{color}"/>' if color else "")
            + (f'<w:sz w:val="{size * 2}"/>' if size else "")
            + "</w:rPr>"
        )
    return f'<w:r>{props}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


#: Where the body goes in the serialised document part (_BodyPart).
_BODY_MARK = "s3engine-body"
#: The prefixes the body uses that the template's root element does not declare.
_DRAWING_NAMESPACES = (
    b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
)


class _BodyPart(DocumentPart):
    """The document part, with the body written as text put in when the part is saved.

    A plan of 1,000 regions has over 100,000 paragraphs: parsing them into lxml elements,
    only to serialise them again, took half the time of the whole DOCX. The body is instead
    spliced, as the text it was written as, where a comment marks its place."""

    body: bytes = b""

    @property
    def blob(self) -> bytes:
        xml: bytes = super().blob
        if b"xmlns:a=" not in xml:
            xml = xml.replace(b"<w:document ", b"<w:document " + _DRAWING_NAMESPACES, 1)
        return xml.replace(f"<!--{_BODY_MARK}-->".encode(), self.body, 1)


class _Writer:
    """Collects the body of the document as WordprocessingML text, put into the document
    part as it is when the document is saved (_BodyPart)."""

    def __init__(self, doc: DocumentObject):
        self.doc = doc
        self.styles = {s.name: s.style_id for s in doc.styles}
        self.parts: list[str] = []
        self.images = 0
        #: (level, text, bookmark) of the headings the table of contents lists
        self.toc: list[tuple[int, str, str]] = []

    def close(self) -> None:
        """Mark the body's place, before its section properties, and hand its text to the
        document part."""
        body = self.doc.element.body
        (mark,) = parse_xml(f"<w:body {_NAMESPACES}><!--{_BODY_MARK}--></w:body>")
        sect = body.sectPr
        if sect is not None:
            sect.addprevious(mark)
        else:
            body.append(mark)
        part = self.doc.part
        part.__class__ = _BodyPart
        assert isinstance(part, _BodyPart)
        part.body = "".join(self.parts).encode("utf-8")

    def paragraph(
        self,
        runs: Sequence[str] = (),
        style: str = "",
        *,
        keep_next: bool = False,
        page_break: bool = False,
    ) -> None:
        props = ""
        if style or keep_next or page_break:
            props = (
                "<w:pPr>"
                + (f'<w:pStyle w:val="{self.styles.get(style, style)}"/>' if style else "")
                + ("<w:keepNext/>" if keep_next else "")
                + ("<w:pageBreakBefore/>" if page_break else "")
                + "</w:pPr>"
            )
        self.parts.append(f"<w:p>{props}{''.join(runs)}</w:p>")

    def text(self, text: str, style: str = "", *, bold: bool = False, italic: bool = False) -> None:
        self.paragraph([_run(text, bold=bold, italic=italic)], style)

    def labelled(self, label: str, text: str, style: str = "") -> None:
        """'Label: text' with the label in bold."""
        self.paragraph([_run(f"{label}: ", bold=True), _run(text)], style)

    def heading(
        self, text: str, level: int, *, toc: bool = False, page_break: bool = False
    ) -> None:
        style = "Title" if level == 0 else f"Heading {level}"
        runs = [_run(text)]
        if toc:
            number = len(self.toc) + 1
            name = f"_Toc{number:05d}"
            runs = [
                f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>',
                *runs,
                f'<w:bookmarkEnd w:id="{number}"/>',
            ]
            self.toc.append((level, text, name))
        self.paragraph(runs, style, page_break=page_break)

    def bullets(self, items: Sequence[str], level: int = 1) -> None:
        style = "List Bullet" if level == 1 else "List Bullet 2"
        for item in items:
            self.text(item, style)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
    ) -> None:
        """A table whose header row repeats on every page and whose rows never split,
        with columns wide enough for the longest word of each."""
        widths = [int(w * TWIPS) for w in _column_widths(header, rows)]
        style = self.styles.get("Table Grid", "TableGrid")
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]
        for index, row in enumerate([list(header), *[list(r) for r in rows]]):
            head = index == 0
            repeat = "<w:tblHeader/>" if head else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
            for col, (value, width) in enumerate(zip(row, widths, strict=True)):
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="DCE6F0"/>' if head else ""
                align = '<w:jc w:val="right"/>' if col in numeric and not head else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                    f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{align}</w:pPr>'
                    f"{_run(value, bold=head, size=TABLE_POINTS)}</w:p></w:tc>"
                )
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        self.paragraph()

    def picture(self, png: bytes, width_cm: float) -> None:
        """A PNG picture in a paragraph of its own (its image part made directly, so that
        adding one does not look through every image and id of the document)."""
        self.images += 1
        image = Image.from_blob(png)
        name = f"plan{self.images}.png"
        part = ImagePart.from_image(image, PackURI(f"/word/media/{name}"))
        rid = self.doc.part.relate_to(part, RT.IMAGE)
        cx = int(Cm(width_cm))
        cy = int(cx * image.px_height / image.px_width)
        drawing = (
            '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{10_000 + self.images}" '
            f'name="Picture {self.images}"/><wp:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
            '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
            "</w:drawing></w:r>"
        )
        self.paragraph([drawing], keep_next=True)

    def placeholder(self) -> int:
        """A place to fill in later (the table of contents)."""
        self.parts.append("")
        return len(self.parts) - 1

    def contents(self, place: int) -> None:
        """The table of contents at `place`: a TOC field whose current result lists every
        heading with a link. Word fills in the page numbers when it updates the field (the
        document asks it to on opening); a page number written now would be wrong."""
        out = []
        for index, (level, text, bookmark) in enumerate(self.toc):
            begin, end = "", ""
            if index == 0:
                begin = (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve">{_esc(TOC)}</w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                )
            if index == len(self.toc) - 1:
                end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            link = f'<w:hyperlink w:anchor="{bookmark}">{_run(text, bold=level == 1)}</w:hyperlink>'
            out.append(
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="40"/>'
                f'<w:ind w:left="{(level - 1) * 360}"/></w:pPr>{begin}{link}{end}</w:p>'
            )
        self.parts[place] = "".join(out)


def _column_widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths (cm) within the text width. Each column is at least as wide as the
    longest word of its header (so that no header word breaks), and as wide as the longest
    word of its cells where there is room (up to SOFT_CM; a longer word may break at a
    hyphen); the rest of the width is shared by how much text each column holds."""
    count = len(header)

    def longest(cells: Sequence[str]) -> float:
        return max(len(word) for cell in cells for word in (cell.split() or [""])) * CHAR_CM

    hard = [max(1.0, longest([header[c]]) + CELL_CM) for c in range(count)]
    soft = [
        max(h, min(SOFT_CM, longest([row[c] for row in rows] or [""]) + CELL_CM))
        for c, h in enumerate(hard)
    ]
    if sum(hard) >= TEXT_WIDTH:
        return [w * TEXT_WIDTH / sum(hard) for w in hard]
    room = TEXT_WIDTH - sum(hard)
    wanted = sum(soft) - sum(hard)
    share = 1.0 if wanted <= room else room / wanted
    least = [h + (s - h) * share for h, s in zip(hard, soft, strict=True)]
    spare = TEXT_WIDTH - sum(least)
    text = [max(len(c) for c in [header[i], *(row[i] for row in rows)]) for i in range(count)]
    extra = [max(0.0, t * CHAR_CM - m) for t, m in zip(text, least, strict=True)]
    if spare <= 0.01 or sum(extra) == 0:
        return [w + max(0.0, spare) / count for w in least]
    fill = min(1.0, spare / sum(extra))
    widths = [m + e * fill for m, e in zip(least, extra, strict=True)]
    leftover = TEXT_WIDTH - sum(widths)
    return [w + leftover / count for w in widths] if leftover > 0.5 else widths


def _needs(out: _Writer, w: Words, needs: Sequence[NeedLine]) -> None:
    out.table(
        w.columns(*NEED_COLUMNS),
        [[str(n.rank), n.label, w.pct(n.share), w.pct(n.unmet_share)] for n in needs],
        numeric=(0, 2, 3),
    )


def _recommendation(out: _Writer, w: Words, rec: PlannedRecommendation) -> None:
    out.heading(f"{rec.place}. {rec.title} ({w.t('col.priority')} {w.num(rec.priority)})", 4)
    out.labelled(w.t("col.opening"), rec.opening)
    out.text(rec.text)
    out.labelled(w.t("col.rationale"), rec.rationale)
    if rec.also:
        out.paragraph([_run(w.t("col.also") + ":", bold=True)])
        for related in rec.also:
            out.paragraph(
                [_run(related.title + ": ", italic=True), _run(related.text)], "List Bullet"
            )
    for key, value in w.facts(rec):
        out.labelled(key, value, "List Bullet")
    out.paragraph([_run(w.t("col.evidence") + ":", bold=True)])
    out.bullets([e.text for e in rec.evidence], level=2)


def _legend(out: _Writer, w: Words, region: RegionPlan) -> None:
    runs = [
        _run("■ ", color=REGION_HEX),
        _run(region.name + "    ", size=8),
        _run("- - ", bold=True, color=MEAN_HEX),
        _run(w.t("legend.mean"), size=8),
    ]
    baseline = w.baseline_label(region)
    if baseline is not None:  # the baseline wave, dotted in grey on the chart
        runs += [_run("    · · ", bold=True, color=BASELINE_HEX), _run(baseline, size=8)]
    if any(d.score is None or d.mean is None for d in region.dimensions):
        runs.append(_run("    – " + w.t("legend.gap"), size=8))
    out.paragraph(runs)


def _region(out: _Writer, w: Words, region: RegionPlan, *, first: bool) -> None:
    out.heading(region_title(region), 2, toc=True, page_break=not first)
    found = w.changes(region)
    if found is not None:  # with a baseline wave: what changed since opens the plan
        heading, paragraphs = found
        out.heading(heading, 3)
        for paragraph in paragraphs:
            out.text(paragraph)
    out.text(region.summary)
    out.text(w.respondents(region), italic=True)
    out.heading(w.t("h.dimensions"), 3)
    out.picture(chart.png(axes(region)), 9)
    _legend(out, w, region)
    out.table(
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
        numeric=(0, 2, 3, 4, 5),
    )
    out.heading(w.t("h.needs"), 3)
    if region.needs:
        _needs(out, w, region.needs)
    else:
        out.text(w.t("none.needs"))
    if region.needs_by_group:
        out.heading(w.t("h.needs_by_group"), 4)
        out.table(
            [w.t("col.group"), w.t("col.respondents"), w.t("h.needs")],
            [
                [g.label, str(g.respondents), "; ".join(f"{n.rank}. {n.label}" for n in g.needs)]
                for g in region.needs_by_group
            ],
            numeric=(1,),
        )
    out.heading(w.t("h.lead_needs"), 3)
    if region.lead_needs:
        out.bullets([n.text for n in region.lead_needs])
    else:
        out.text(w.t("none.lead_needs"))
    out.heading(w.t("h.recommendations"), 3)
    if not region.recommendations:
        out.text(w.t("none.recommendations"))
    for rec in region.recommendations:
        _recommendation(out, w, rec)
    out.heading(w.t("h.disagreements"), 3)
    for d in region.disagreements:
        out.text(d.text)
    if not region.disagreements:
        out.text(w.t("none.disagreements"))
    out.heading(w.t("h.partnership"), 3)
    if region.partnership:
        out.bullets(region.partnership)
    else:
        out.text(w.t("none.partnership"))
    if region.comments:
        out.heading(w.t("h.comments"), 3)
        for group in region.comments:
            out.text(group.question_label, italic=True)
            for comment in group.answers:
                count = f" (×{comment.count})" if comment.count > 1 else ""
                out.text(comment.text + count, "Quote")
    if region.notes:
        out.heading(w.t("h.warnings"), 3)
        out.bullets(region.notes)
    if region.further:
        out.heading(w.t("h.further"), 3)
        out.text(w.t("further.intro", main=str(len(region.recommendations))))
        for rec in region.further:
            funding = "; ".join(w.funding(f) for f in rec.funding)
            out.paragraph(
                [
                    _run(
                        f"{rec.place}. {rec.title} ({w.t('col.priority')} {w.num(rec.priority)}): ",
                        bold=True,
                    ),
                    _run(f"{rec.opening} {w.t('col.funding')}: {funding}"),
                ],
                "List Bullet",
            )
    if region.criteria:
        out.heading(w.t("h.criteria"), 3)
        if w.plan.criteria_title:
            out.text(w.plan.criteria_title, italic=True)
        if region.criteria_note:
            out.text(region.criteria_note)
        for criterion in region.criteria:
            out.paragraph([_run(criterion.label, bold=True)], keep_next=True)
            items = (
                w.t("criteria.items", items=w.items([(i.place, i.title) for i in criterion.items]))
                if criterion.items
                else w.t("criteria.no_items")
            )
            out.bullets([*criterion.evidence, items])


def _transnational(out: _Writer, w: Words, plan: Plan) -> None:
    tn = plan.transnational
    out.heading(w.t("h.transnational"), 1, toc=True, page_break=True)
    out.heading(w.t("h.rules"), 2)
    out.bullets(tn.rules)
    if tn.class_moves:  # with a baseline wave
        out.heading(w.t("h.class_moves"), 2)
        out.bullets([move.text for move in tn.class_moves])
    out.heading(w.t("h.partnership_needs"), 2)
    if tn.needs:
        _needs(out, w, tn.needs)
    else:
        out.text(w.t("none.items"))
    out.heading(w.t("h.joint_actions"), 2)
    for action in tn.joint_actions:
        out.heading(f"{action.title} ({w.t('col.priority')} {w.num(action.priority)})", 3)
        out.text(action.summary)
        out.text(action.text)
        out.labelled(w.t("col.funding"), "; ".join(w.funding(f) for f in action.funding))
    if not tn.joint_actions:
        out.text(w.t("none.items"))
    out.heading(w.t("h.peer_learning"), 2)
    if tn.peer_learning:
        out.table(
            [w.t("col.dimension"), w.t("col.learner"), w.t("col.peer")],
            [
                [
                    p.dimension.label,
                    f"{p.learner.name} ({w.num(p.learner_score)})",
                    f"{p.peer.name} ({w.num(p.peer_score)})" + (" *" if p.peer_partial else ""),
                ]
                for p in tn.peer_learning
            ],
        )
        partial = [p.text for p in tn.peer_learning if p.peer_partial]
        if partial:
            out.text(w.t("legend.peer_partial"), italic=True)
            out.bullets(partial)
    else:
        out.text(w.t("none.items"))
    for key, items in proposals(plan):
        out.heading(w.t(key), 2)
        for title, text in items:
            out.heading(title, 3)
            out.text(text)
        if not items:
            out.text(w.t("none.items"))


def _el(tag: str, **attrs: str) -> Any:
    """One element (for the few set once per document: language, page numbers, settings)."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _set_language(doc: DocumentObject, tag: str) -> None:
    """Every run in the plan's language: the default of the styles, and no style's own."""
    styles = doc.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.getparent().remove(lang)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    rpr.append(_el("w:lang", val=tag, eastAsia=tag, bidi=tag))


def _page_numbers(doc: DocumentObject) -> None:
    """'3 / 41' centred in the footer of every page."""
    for section in doc.sections:
        footer = section.footer.paragraphs[0]
        p = footer._p
        props = p.get_or_add_pPr()
        props.append(_el("w:jc", val="center"))
        fields = (
            f'<w:fldSimple w:instr=" PAGE ">{_run("1", size=9)}</w:fldSimple>'
            f"{_run(' / ', size=9)}"
            f'<w:fldSimple w:instr=" NUMPAGES ">{_run("1", size=9)}</w:fldSimple>'
        )
        for element in parse_xml(f"<w:p {_NAMESPACES}>{fields}</w:p>"):
            p.append(element)


def render_document(plan: Plan) -> DocumentObject:
    w = Words(plan)
    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    for level in (1, 2, 3, 4):
        doc.styles[f"Heading {level}"].font.color.rgb = ACCENT
    _set_language(doc, LANGUAGE_TAGS.get(plan.language, plan.language))
    _page_numbers(doc)
    settings = doc.settings.element
    settings.append(_el("w:updateFields", val="true"))  # Word fills in the contents' pages
    out = _Writer(doc)
    out.heading(plan.title, 0)
    out.text(w.generated(), italic=True)
    out.heading(w.t("h.contents"), 1)
    contents = out.placeholder()
    out.heading(w.t("h.overview"), 1, toc=True, page_break=True)
    out.table(
        w.columns(*OVERVIEW_COLUMNS),
        [
            [
                region_title(r),
                r.class_label,
                w.composite(r),
                w.rank(r),
                w.stability(r),
                str(len(r.recommendations)),
            ]
            for r in plan.regions
        ],
        numeric=(2, 3, 4, 5),
    )
    if w.partial():
        out.text(w.t("legend.partial"), italic=True)
    out.heading(w.t("h.method"), 2)
    for text in (plan.method.target, plan.method.priority, *plan.method.notes):
        out.text(text)
    if plan.notes:
        out.heading(w.t("h.warnings"), 2)
        out.bullets(plan.notes)
    out.heading(w.t("h.regional"), 1, toc=True, page_break=True)
    for index, region in enumerate(plan.regions):
        _region(out, w, region, first=index == 0)
    _transnational(out, w, plan)
    out.contents(contents)
    out.close()
    props = doc.core_properties
    props.title = x(plan.title)
    props.author = "s3engine"
    props.language = LANGUAGE_TAGS.get(plan.language, plan.language)
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
