"""``python -m layers export``: exit codes, one-line errors, standalone offline file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from layers.assets import assets_available
from layers.card_context import card_context
from layers.card_html import popup_html
from layers.cards import park_card
from tests.conftest import ROOT

needs_assets = pytest.mark.skipif(
    not assets_available(), reason="static/vendor missing: run `make assets` (npm)"
)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "layers", "export", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@needs_assets
def test_export_offline_with_good_parks_file(tmp_path: Path) -> None:
    src = tmp_path / "mine.geojson"
    src.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "我的园区🏭 <b>x</b>"},
                        "geometry": {"type": "Point", "coordinates": [119.3, 26.08]},
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "map.html"
    proc = _run(
        "--out", str(out), "--offline", "--lang", "en", "--layers", "province", "cities", "--parks", str(src)
    )
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "我的园区🏭" in html and "<b>x</b>" not in html
    assert "My parks (user file)" in html
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?:', html)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"type": "FeatureCollection", "features": [', "truncated"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "x"}, '
            '"geometry": {"type": "Point", "coordinates": [119.3, 26.08]}}]}',
            "name",
        ),
    ],
)
def test_export_bad_parks_file_exits_1_with_one_line(tmp_path: Path, content: str, needle: str) -> None:
    src = tmp_path / "bad.geojson"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "map.html"
    proc = _run("--out", str(out), "--parks", str(src))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.geojson" in lines[0] and needle in lines[0].lower()
    assert not out.exists()


def test_export_missing_file_exits_1(tmp_path: Path) -> None:
    proc = _run("--out", str(tmp_path / "m.html"), "--parks", str(tmp_path / "nope.geojson"))
    assert proc.returncode == 1 and "not found" in proc.stderr and "Traceback" not in proc.stderr


def test_park_card_escapes_and_shows_sources() -> None:
    row = {
        "id": "p1",
        "name_zh": "<img src=x onerror=alert(1)>园区🏭",
        "name_en": "Park `x` ${a}",
        "kind": "petrochemical_base",
        "level": "provincial",
        "city": "漳州市",
        "county": "漳浦县",
        "industries": ["石化", "{{7*7}}"],
        "figures": [
            {
                "key": "approved_area_ha",
                "label_zh": "核准面积",
                "label_en": "Approved area",
                "value": 2300.0,
                "unit": "ha",
                "year": 2018,
                "source": "开发区目录(2018)",
                "confidence": "high",
            }
        ],
        "geometry_quality": "approximate",
        "position_note_zh": "镇中心点",
        "sources": [{"ref": "</script>", "what": "w"}],
        "sectors": [1],
        "clusters": [],
    }
    import pandas as pd

    targets = pd.DataFrame(
        {
            "sector_zh": ["石油化工"],
            "sector_en": ["Petrochemicals"],
            "output_2020": [6800],
            "unit": ["亿元"],
            "source": ["专栏10 #1"],
        },
        index=pd.Index([1], name="no"),
    )
    ctx = card_context(sectors=targets)
    html = popup_html(park_card(row, lang="zh", ctx=ctx))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;园区🏭" in html
    assert "{{" not in html and "</script>" not in html and "${" not in html and "`" not in html
    assert "2,300" in html and "2018" in html and "开发区目录(2018)" in html
    assert "6,800" in html and "专栏10 #1" in html and "近似位置" in html
    en = popup_html(park_card(row, lang="en", ctx=ctx))
    # The geometry-quality label is gis.vocab's (capitalized like every other label).
    assert "Approved area" in en and "Approximate position (not a surveyed boundary)" in en
    assert "Petrochemicals" in en


@needs_assets
def test_export_draws_the_parks_in_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default export draws the user's accepted boundaries like the app (it used to ignore them)."""
    import geopandas as gpd
    from shapely.geometry import Polygon

    from gis import store

    monkeypatch.setenv("FPA_STORE", str(tmp_path / "user.gpkg"))
    outline = Polygon([(117.60, 23.80), (117.66, 23.80), (117.66, 23.87), (117.60, 23.87)])
    gdf = gpd.GeoDataFrame(
        {"park_id": ["gulei"], "geometry_quality": ["boundary"]}, geometry=[outline], crs=4326
    )
    store.accept_boundaries(gdf, source_file="gulei_survey.zip", note="land bureau survey")
    out = tmp_path / "map.html"
    proc = _run("--out", str(out), "--lang", "en", "--layers", "petrochem")
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "gulei_survey.zip" in html and "Surveyed boundary" in html
