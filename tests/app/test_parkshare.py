"""The park-share section (AppTest) and its map builder (HTML string, escaping, approximate flag)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from clusters import parkshare as ps
from clusters.vocab import PARKSHARE_RULES
from gis.settings import ROOT
from gis.text import label

PAGE = str(ROOT / "app_pages" / "parkshare.py")
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def computed() -> tuple[ps.ParkShareResult, gpd.GeoDataFrame]:
    from gis.boundaries import load_boundaries

    parks = gpd.GeoDataFrame(
        {"id": ["fz1", "xm1"], "name_zh": [XSS, "厦门测试园"]},
        geometry=[box(119.28, 26.06, 119.32, 26.10), box(118.05, 24.45, 118.15, 24.52)],
        crs="EPSG:4326",
    )
    ctx = ps.build_context(parks, load_boundaries("county"))
    firms = pd.DataFrame(
        {
            "lon": [119.30, 118.10, 119.35, 117.0],
            "lat": [26.08, 24.48, 26.08, 25.1],
            "output": [100.0, 60.0, 40.0, 30.0],
            "year": 2020,
        }
    )
    return ps.compute_parkshare(firms, ctx), ctx.park_frame()


def test_page_renders_without_a_file():
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception
    assert any("园区边界" in c.value for c in at.caption)
    assert at.button(key="ps_run").disabled


def test_result_shown_next_to_target_and_used_as_base_share(computed):
    result, parks = computed
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["ps_result"] = result
    at.session_state["ps_parks"] = parks
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["2020年全省园区产值占比"] == f"{result.province['park_share'] * 100:.2f}%"
    assert metrics["规划目标"] == "75%"
    at.button(key="ps_use").click().run()
    assert at.session_state["parkshare_result"] == {"year": 2020, "park_share": result.province["park_share"]}
    assert any("基期占比" in i.value for i in at.info)
    at.button(key="ps_unuse").click().run()
    assert "parkshare_result" not in at.session_state


def test_map_escapes_names_and_flags_approximate(computed):
    from layers.parkshare_map import parkshare_map
    from layers.share_map import map_html

    result, parks = computed
    html = map_html(parkshare_map(result.by_city, result.by_park, parks, "zh", asset_mode=None))
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "厦门测试园" in html and "近似范围" not in html
    approx = map_html(
        parkshare_map(result.by_city, result.by_park, parks, "en", approximate=True, asset_mode=None)
    )
    assert "approximate footprint" in approx and "6 4" in approx


def test_csv_download_is_utf8_bom(computed):
    result, _ = computed
    data = result.table_bytes("by_city", "csv", "zh")  # what the section's download button offers
    assert data.startswith(b"\xef\xbb\xbf") and "福州市".encode() in data
    assert b"Fuzhou" in result.table_bytes("by_city", "csv", "en")


def test_english_labels(computed):
    result, parks = computed
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["lang"] = "en"
    at.session_state["ps_result"] = result
    at.session_state["ps_parks"] = parks
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Province park share 2020" in labels and "Plan target" in labels


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_rows_shown_in_one_language(lang):
    from gis.boundaries import load_boundaries

    parks = gpd.GeoDataFrame(
        {"id": ["xm1"], "name_zh": ["厦门测试园"]},
        geometry=[box(118.05, 24.45, 118.15, 24.52)],
        crs="EPSG:4326",
    )
    ctx = ps.build_context(parks, load_boundaries("county"))
    firms = pd.DataFrame({"lon": [118.10, "x"], "lat": [24.48, 24.48], "output": [60.0, 10.0], "year": 2020})
    result = ps.compute_parkshare(firms, ctx)
    assert len(result.bad_rows)
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["lang"] = lang
    at.session_state["ps_result"] = result
    at.session_state["ps_parks"] = ctx.park_frame()
    at.run()
    assert not at.exception
    bad = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert list(bad.columns) == ["row", "field", "value", "problem"]
    assert list(bad["problem"]) == list(result.bad_rows[f"problem_{lang}"])
    labels = [b.label for b in at.get("download_button")]
    assert "JSON" in labels and len(labels) == 7  # five CSVs, the XLSX workbook, the JSON


def test_english_target_source_and_rules_in_english(computed):
    result, parks = computed
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["lang"] = "en"
    at.session_state["ps_result"] = result
    at.session_state["ps_parks"] = parks
    at.run()
    assert not at.exception
    source = next(c.value for c in at.caption if c.value.startswith("Target source: "))
    assert (
        source
        == f"Target source: {result.plan_target_source_in('en')}. Output in the unit of the input table."
    )
    rules = [md.value for md in at.markdown if md.value.startswith("- **")]
    names = {k: label(PARKSHARE_RULES, k, "en") for k in result.rules_in("en")}
    assert rules == [f"- **{names[k]}**: {v}" for k, v in result.rules_in("en").items()]
    assert "- **Firms on a boundary**: " in rules[0]  # a rule's name, never its key
    assert result.rules_in("en") != result.rules_in("zh")
