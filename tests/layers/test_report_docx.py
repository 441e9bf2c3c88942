"""The evaluation report written as DOCX (python-docx reads it back) and PDF (pdftotext reads it back)."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest

from clusters import share
from clusters import targets as T
from clusters.report import build_report, load_progress
from layers.report import render_report

HOSTILE = ["<script>alert(1)</script>", "${x}", "园区🏭产值", "长" * 300]


def _progress(tmp_path, extra: list[str] = ()) -> object:
    lines = ["kind,name,year,value", "行业,石油化工,2018,5000", *[f"园区,{h},2018,1" for h in extra]]
    path = tmp_path / "progress.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_progress(path, valid_only=bool(extra))


def _tables(document: docx.document.Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


@pytest.fixture(scope="module")
def plain_docx() -> bytes:
    return render_report(build_report("zh"), "docx")


def test_docx_holds_box10_as_a_real_table(plain_docx):
    document = docx.Document(io.BytesIO(plain_docx))
    report = build_report("zh")
    zl10 = next(t for t in _tables(document) if t[0] == report.table("zl10").columns)
    sectors = T.sector_targets()
    assert len(zl10) - 1 == len(sectors) == 24  # header + the plan's 24 rows
    col = zl10[0].index("2020年产值目标（亿元）")
    assert [float(r[col].replace(",", "")) for r in zl10[1:]] == list(sectors["output_2020"])
    assert [r[1] for r in zl10[1:]] == list(sectors["sector_zh"])


def test_docx_has_the_park_share_table_images_headings_and_captions(plain_docx):
    document = docx.Document(io.BytesIO(plain_docx))
    tables = _tables(document)
    inputs = next(t for t in tables if t[0][:2] == ["输入", "取值"])
    assert {r[0] for r in inputs[1:]} >= {"基期园区产值占比", "目标占比", "全省工业总产值年均增速"}
    results = next(t for t in tables if t[0][0] == "结果")
    assert results[1][1] == f"{share.compute(share.Scenario()).required_park_growth:.1%}"
    shapes = list(document.inline_shapes)
    assert len(shapes) >= 3  # two charts and the parks map sheet of the print renderer
    assert any(s.width > s.height * 1.3 for s in shapes)  # the A4-landscape map sheet
    assert not any("图未生成" in p.text for p in document.paragraphs)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Caption", "List Bullet"} <= styles
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    # numbered by Word SEQ fields (a list of tables / figures can be inserted and renumbered)
    assert any(c.text.startswith("表") and "SEQ Table" in c._p.xml for c in captions)
    assert any(c.text.startswith("图") and "SEQ Figure" in c._p.xml for c in captions)
    assert "尚不清楚的事项" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_every_figure_row_in_the_docx_has_a_source(plain_docx):
    document = docx.Document(io.BytesIO(plain_docx))
    for table in _tables(document):
        header = table[0]
        sources = [i for i, h in enumerate(header) if h in ("来源", "目标来源")]
        if not sources:
            continue
        for row in table[1:]:
            assert row[sources[0]].strip() and row[sources[0]] != "—", (header, row)


def test_progress_file_adds_actual_and_percent_columns(tmp_path):
    given = _progress(tmp_path)
    document = docx.Document(io.BytesIO(render_report(build_report("zh", given.figures), "docx")))
    zl10 = next(t for t in _tables(document) if t[0][:3] == ["序号", "产业", "2020年产值目标（亿元）"])
    row = dict(zip(zl10[0], zl10[1], strict=True))
    assert row["实际产值（亿元）"] == "5,000"
    assert row["占2020年目标 %（推算）"] == f"{5000 / 6800 * 100:.1f}"
    assert row["状态（推算）"] == "按进度"


def test_hostile_strings_are_text_in_docx_and_pdf(tmp_path):
    given = _progress(tmp_path, HOSTILE)
    report = build_report(
        "zh", given.figures, problems=given.problems, scenario=share.Scenario(name=HOSTILE[0])
    )
    document = docx.Document(io.BytesIO(render_report(report, "docx")))
    cells = {c for t in _tables(document) for row in t for c in row}
    for hostile in HOSTILE:
        assert hostile in cells  # the skipped-rows appendix, exactly as written
    assert any(HOSTILE[0] in p.text for p in document.paragraphs)  # the scenario's name
    if shutil.which("soffice") and shutil.which("pdftotext"):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(render_report(report, "pdf"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())
        assert "<script>alert(1)</script>" in flat and "${x}" in flat and "长" * 300 in flat
        fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
        if "Symbola" in fonts:  # the emoji font .ci/run installs (fonts-symbola)
            assert "园区🏭产值" in flat


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice (libreoffice-writer-nogui) not installed"
)
def test_pdf_has_the_title_a_table_row_and_embedded_fonts(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_report(build_report("zh"), "pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "实施评估报告" in flat and "石油化工" in flat and "6,800" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    body = fonts.splitlines()[2:]
    assert body and all(line.split()[-5] == "yes" for line in body)  # every font embedded


def test_unknown_format_is_a_clear_error():
    with pytest.raises(Exception, match="docx or pdf"):
        render_report(build_report("en"), "odt")
