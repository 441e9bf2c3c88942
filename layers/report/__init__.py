"""Writing the evaluation report: DOCX (python-docx) and PDF (the DOCX through LibreOffice), with its charts
(matplotlib) and maps (the print renderer) embedded.

The content is :func:`clusters.report.build_report`'s; this package only lays it out::

    from clusters.report import build_report
    from layers.report import render_report
    data = render_report(build_report("zh"), "docx")

Modules: :mod:`~layers.report.charts`, :mod:`~layers.report.maps`, :mod:`~layers.report.docx_writer`,
:mod:`~layers.report.pdf`; fonts are the print sheets' (:mod:`layers.print.fonts`).
"""

from __future__ import annotations

from collections.abc import Callable

from clusters.report import Report
from gis.errors import AtlasError
from layers.report.charts import chart_png
from layers.report.docx_writer import write_docx
from layers.report.maps import map_png
from layers.report.pdf import PdfUnavailableError, docx_to_pdf, soffice

#: Report formats: Word (editable) and PDF (for circulation).
FORMATS = ("docx", "pdf")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

__all__ = ["FORMATS", "MIME", "PdfUnavailableError", "images_of", "render_report", "soffice"]


def images_of(
    report: Report, progress: Callable[[float, str], None] | None = None
) -> dict[str, bytes | None]:
    """PNG of every chart and map of ``report`` by key (``None`` for a map that cannot be drawn)."""
    charts, maps = report.charts(), report.maps()
    out: dict[str, bytes | None] = {}
    steps = max(1, len(charts) + len(maps))
    for i, chart in enumerate(charts):
        if progress:
            progress(0.05 + 0.45 * i / steps, chart.caption)
        out[chart.key] = chart_png(chart)
    for i, ref in enumerate(maps, len(charts)):
        if progress:
            progress(0.05 + 0.45 * i / steps, ref.caption)
        try:
            out[ref.key] = map_png(ref, report.lang)
        except (AtlasError, OSError):  # e.g. no CJK font: the report says the map was not drawn
            out[ref.key] = None
    return out


def render_report(
    report: Report, fmt: str = "docx", *, progress: Callable[[float, str], None] | None = None
) -> bytes:
    """The report as ``fmt`` bytes (``docx`` or ``pdf``); ``progress(fraction, what)`` is told each step."""
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise AtlasError(
            f"report format must be docx or pdf, got {fmt!r}",
            field="fmt",
            hint="use a .docx or .pdf file name",
            message_zh=f"报告格式只能是 docx 或 pdf（当前 {fmt!r}）",
            hint_zh="请使用 .docx 或 .pdf 文件名",
        )
    if fmt == "pdf":
        soffice()  # fail before the work when LibreOffice is missing
    docx = write_docx(report, images_of(report, progress), progress=progress)
    if fmt == "docx":
        return docx
    if progress:
        progress(0.92, "PDF")
    return docx_to_pdf(docx)
