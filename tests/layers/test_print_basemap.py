"""A registered local tile package under a sheet (warped to the sheet's CRS); web basemaps are not printed
and the attribution says so."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gis.tiles import registry
from layers.print import SheetSpec, render_sheet
from tests.samples import tiles


@pytest.fixture(autouse=True)
def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("", encoding="utf-8")
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    monkeypatch.delenv("FPA_BASEMAPS", raising=False)


def _text(data: bytes, tmp_path: Path) -> str:
    p = tmp_path / "s.pdf"
    p.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", str(p), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_local_package_is_drawn_under_the_sheet(tmp_path: Path) -> None:
    registry.add(tiles.make_mbtiles(tmp_path / "t.mbtiles", range(6, 12)), "xiamen", title="厦门影像")
    base = SheetSpec(layers=("province", "cities"), extent="city", focus="厦门市", lang="en")
    plain = np.asarray(Image.open(io.BytesIO(render_sheet(base, "png", dpi=50))).convert("RGB"), dtype=int)
    tiled = render_sheet(base.replace(basemap="xiamen"), "png", dpi=50)
    img = np.asarray(Image.open(io.BytesIO(tiled)).convert("RGB"), dtype=int)
    assert img.shape == plain.shape
    assert (np.abs(img - plain).sum(axis=2) > 30).mean() > 0.02  # the package's pixels are on the sheet
    txt = _text(render_sheet(base.replace(basemap="xiamen"), "pdf"), tmp_path)
    assert "© test office (厦门影像)" in txt


def test_web_basemap_is_not_printed_and_the_sheet_says_so(tmp_path: Path) -> None:
    txt = _text(render_sheet(SheetSpec(layers=("province",), lang="en", basemap="osm"), "pdf"), tmp_path)
    assert "no web basemap" in txt and "OpenStreetMap" not in txt
