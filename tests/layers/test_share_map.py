"""City choropleths for the calculator and progress pages: colours, escaping, offline assets."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from clusters.goals import park_share_goal
from clusters.share import CITIES, city_shares
from layers.assets import assets_available
from layers.share_map import NO_DATA_COLOR, SHARE_BINS, map_html, share_color, share_map, status_map

PAYLOAD = "<img src=x onerror=alert(1)>`${x}`{{7*7}}"


def _fake_cities() -> gpd.GeoDataFrame:
    rows = []
    for i, (zh, info) in enumerate(CITIES.items()):
        name = PAYLOAD if zh == "福州市" else zh
        rows.append(
            {
                "adcode": info["adcode"],
                "name_zh": name,
                "name_en": info["en"],
                "geometry": box(116 + i * 0.5, 24, 116.4 + i * 0.5, 25),
            }
        )
    return gpd.GeoDataFrame(rows, crs=4326)


def test_share_colour_bins():
    assert share_color(0.80) == SHARE_BINS[-1][1]
    assert share_color(0.75) == SHARE_BINS[-1][1]
    assert share_color(0.7499) == SHARE_BINS[-2][1]
    assert share_color(0.30) == SHARE_BINS[0][1]
    assert share_color(None) == share_color(float("nan")) == NO_DATA_COLOR


def test_the_target_bin_is_the_plans_goal():
    goal = park_share_goal()
    lower, _colour, zh, en = SHARE_BINS[-1]
    assert lower == pytest.approx(goal.fraction) == pytest.approx(0.75)
    assert zh.startswith("≥ 75%") and en.startswith("≥ 75%") and "plan target" in en
    assert SHARE_BINS[-2][2] == "70%–75%"


def test_share_map_colours_escapes_and_marks_missing():
    table, summary = city_shares(
        pd.DataFrame({"city": ["福州", "厦门"], "park_output": [80, 30], "total_output": [100, 100]})
    )
    html = map_html(
        share_map(
            table,
            "zh",
            provincial_share=summary["provincial_share"],
            boundaries=_fake_cities(),
            asset_mode=None,
        )
    )
    assert SHARE_BINS[-1][1] in html  # 福州 80 %
    assert SHARE_BINS[0][1] in html  # 厦门 30 %
    assert NO_DATA_COLOR in html  # the other 7 cities
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert ("&lt;img" in html or "\\u0026lt;img" in html) and "{{7*7}}" not in html
    assert "55.0%" in html  # provincial share (80+30)/200 in the legend


@pytest.mark.skipif(not assets_available(), reason="static/vendor not fetched (make assets)")
def test_share_map_offline_assets():
    table, _ = city_shares(pd.DataFrame({"city": ["福州"], "park_output": [1], "total_output": [2]}))
    html = map_html(share_map(table, boundaries=_fake_cities()))
    assert "cdn.jsdelivr.net" not in html and "/app/static/vendor/" in html


def test_status_map():
    status = pd.DataFrame(
        {
            "adcode": ["350100", "350200"],
            "city": ["福州市", "厦门市"],
            "behind": [1, 0],
            "on_track": [1, 2],
            "names": [["石油化工 2017: 落后", PAYLOAD], ["鞋业 2017: 按进度"]],
        }
    )
    html = map_html(status_map(status, "en", boundaries=_fake_cities(), asset_mode=None))
    assert "#f5b041" in html and "#27ae60" in html  # mixed, all on track
    assert "<img src=x" not in html
    assert "all behind" in html


def test_share_map_legend_heading_uses_the_languages_own_brackets():
    table, summary = city_shares(
        pd.DataFrame({"city": ["福州", "厦门"], "park_output": [80, 30], "total_output": [100, 100]})
    )
    en = map_html(
        share_map(
            table,
            "en",
            provincial_share=summary["provincial_share"],
            boundaries=_fake_cities(),
            asset_mode=None,
        )
    )
    zh = map_html(
        share_map(
            table,
            "zh",
            provincial_share=summary["provincial_share"],
            boundaries=_fake_cities(),
            asset_mode=None,
        )
    )
    assert "Park share (province 55.0%)" in en and "（" not in en.split("Park share", 1)[1][:40]
    assert "园区产值占比（全省 55.0%）" in zh
