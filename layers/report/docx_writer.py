"""Write a :class:`clusters.report.Report` as DOCX with python-docx: Word's own Heading / Caption / List
Bullet styles (a user restyles the whole report by changing them), real tables with a repeated header row,
numbered captions (Word ``SEQ`` fields, so a list of tables or figures can be inserted), images inline.

Every string goes into the document as text: python-docx escapes XML, nothing is parsed as markup.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

from clusters.report import Chart, MapRef, Report, Section, Table
from gis.text import text

#: East Asian text in 宋体 (SimSun, what Word/WPS offices have; LibreOffice falls back to an installed CJK
#: font). Latin text keeps the template's font. A user restyles both in Word's styles.
DOCX_EAST_ASIA = "SimSun"
#: Tables with more columns than this go on a landscape page.
WIDE_TABLE = 9
#: A4 and its margins (cm): text width 17 cm portrait, 25.7 cm landscape.
A4 = (21.0, 29.7)
MARGIN_CM = 2.0
#: XML 1.0 forbids these control characters; a user's string holding one is written without it.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Progress = Callable[[float, str], None]


def clean(value: object) -> str:
    """A string safe for XML 1.0 (control characters dropped; everything else kept as written)."""
    return _XML_ILLEGAL.sub("", str(value))


def _east_asia(style_font: object, name: str = DOCX_EAST_ASIA) -> None:
    """Set the East Asian font of a style's or run's font (python-docx sets only the Latin name)."""
    element = style_font.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _styles(doc: DocumentObject) -> None:
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "List Bullet"):
        _east_asia(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(10.5)  # 五号


def _caption(doc: DocumentObject, kind: str, label: str, caption: str) -> None:
    """A numbered caption in Word's Caption style: ``表 1 …`` with a SEQ field Word can renumber."""
    counts: dict[str, int] = doc.__dict__.setdefault("_fpa_captions", {})
    counts[kind] = counts.get(kind, 0) + 1
    para = doc.add_paragraph(style="Caption")
    para.add_run(f"{label} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {kind} \\* ARABIC ")
    run = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = str(counts[kind])
    run.append(number)
    field.append(run)
    para._p.append(field)
    para.add_run(" " + clean(caption))


def _repeat_header(table: DocxTable) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _width(value: str) -> int:
    """Display width of a string: CJK and other wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


def _weights(table: Table) -> list[float]:
    """Relative column widths from the text they hold: the header's longest word, the longest cell."""
    out = []
    for i, name in enumerate(table.columns):
        word = max((_width(w) for w in re.split(r"[\s/（(]", name) if w), default=1)
        longest = max((_width(r[i]) for r in table.rows), default=0)
        cells = longest + 2 if longest <= 10 else 12 + 0.35 * (longest - 10)  # short cells whole, long wrap
        out.append(min(30.0, max(4.0, float(word), cells)))
    return out


def _widths(out: DocxTable, table: Table, text_cm: float) -> None:
    weights = _weights(table)
    total = sum(weights)
    out.autofit = False
    for i, w in enumerate(weights):
        width = Cm(text_cm * w / total)
        out.columns[i].width = width  # the grid (LibreOffice reads it) and each cell (Word reads those)
        for cell in out.columns[i].cells:
            cell.width = width


def _text_width(doc: DocumentObject) -> float:
    section = doc.sections[-1]
    width = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    return width / 360000  # EMU → cm


def _table(doc: DocumentObject, table: Table, lang: str) -> None:
    _caption(doc, "Table", text(lang, "表", "Table"), table.caption)
    out = doc.add_table(rows=1, cols=len(table.columns))
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(7) if len(table.columns) > WIDE_TABLE else Pt(8.5)
    for cell, name in zip(out.rows[0].cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(clean(name))
        run.bold = True
        run.font.size = size
    for row in table.rows:
        cells = out.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(clean(value)).font.size = size
    _repeat_header(out)
    _widths(out, table, _text_width(doc))
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(clean(table.note))
        run.italic = True
        run.font.size = Pt(8)


def _image(doc: DocumentObject, png: bytes, caption: str, source: str, lang: str, width_cm: float) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    _caption(doc, "Figure", text(lang, "图", "Figure"), caption)
    if source:
        para = doc.add_paragraph()
        run = para.add_run(text(lang, "来源：", "Source: ") + clean(source))
        run.font.size = Pt(8)


def _orient(doc: DocumentObject, landscape: bool) -> None:
    """Go on in ``landscape`` (or portrait) A4: a new section (new page) only when the orientation changes."""
    current = doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    if current != landscape:
        _page(doc.add_section(), landscape)


def _page(section: object, landscape: bool) -> None:
    """A4 in the orientation asked, 2 cm margins."""
    short, long = Cm(A4[0]), Cm(A4[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = (long, short) if landscape else (short, long)  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))


def _section(doc: DocumentObject, section: Section, lang: str, images: Mapping[str, bytes | None]) -> None:
    # wide tables and map sheets (A4 landscape themselves) go on a landscape page
    wide = any(
        (isinstance(b, Table) and len(b.columns) > WIDE_TABLE) or isinstance(b, MapRef)
        for b in section.blocks
    )
    _orient(doc, wide)
    doc.add_heading(clean(section.heading), level=section.level)
    for para in section.paragraphs:
        # a section's words stay on the page of its first table or figure
        doc.add_paragraph(clean(para)).paragraph_format.keep_with_next = bool(section.blocks)
    for bullet in section.bullets:
        doc.add_paragraph(clean(bullet), style="List Bullet")
    width = 22.0 if wide else 16.0
    for block in section.blocks:
        if isinstance(block, Table):
            _table(doc, block, lang)
        elif isinstance(block, (Chart, MapRef)):
            png = images.get(block.key)
            if png:
                # an A4-landscape sheet 18 cm wide leaves room for the heading and caption on its page
                _image(
                    doc, png, block.caption, block.source, lang, 18.0 if isinstance(block, MapRef) else width
                )
            else:
                doc.add_paragraph(
                    text(
                        lang,
                        f"（图未生成：{clean(block.caption)}）",
                        f"(figure not drawn: {clean(block.caption)})",
                    )
                )


def _front(doc: DocumentObject, report: Report) -> None:
    doc.add_heading(clean(report.title), level=0)
    doc.add_paragraph(clean(report.subtitle), style="Subtitle")
    lang = report.lang
    doc.add_paragraph(text(lang, "生成时间：", "Generated: ") + report.generated)
    doc.add_paragraph(
        text(
            lang,
            "本文件由闽园图（Fujian Park Atlas）离线生成，可在 Word/WPS 中编辑；"
            "标题、正文、题注均使用可修改的样式。",
            "Generated offline by Fujian Park Atlas; edit it in Word or WPS — headings, body text and "
            "captions use styles you can change.",
        )
    )


def write_docx(
    report: Report, images: Mapping[str, bytes | None], *, progress: Progress | None = None
) -> bytes:
    """The report as DOCX bytes; ``images`` maps chart/map keys to PNG bytes (``None``: not drawn)."""
    doc = Document()
    _page(doc.sections[0], False)
    _styles(doc)
    props = doc.core_properties
    props.title, props.author = clean(report.title), "Fujian Park Atlas / 闽园图"
    props.created = datetime.fromisoformat(report.generated)
    _front(doc, report)
    lang = report.lang
    for i, section in enumerate(report.sections):
        if progress:
            progress(0.5 + 0.4 * i / max(1, len(report.sections)), section.heading)
        _section(doc, section, lang, images)
    doc.add_heading(text(lang, "尚不清楚的事项", "What is not known"), level=1)
    for item in report.unknowns:
        doc.add_paragraph(clean(item), style="List Bullet")
    if report.skipped is not None:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(text(lang, "附录：未采用的上传行", "Appendix: upload rows not used"), level=1)
        _table(doc, report.skipped, lang)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
