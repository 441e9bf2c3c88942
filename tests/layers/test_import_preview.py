"""layers.preview: old-vs-new map HTML, names escaped, offline by default."""

from __future__ import annotations

import json

import geopandas as gpd
from shapely.geometry import Point, Polygon

from layers.preview import preview_map

SQ = Polygon([(119.30, 26.05), (119.31, 26.05), (119.31, 26.06), (119.30, 26.06)])
EVIL = "<img src=x onerror=alert(1)>{{7*7}}${x}`"


def _has(html: str, text: str) -> bool:
    """``text`` appears raw or JSON-escaped (folium writes layer names as JSON strings)."""
    return text in html or json.dumps(text)[1:-1] in html


def _html(m) -> str:  # noqa: ANN001 - folium.Map
    return m.get_root().render()


def test_names_escaped_and_layers_present() -> None:
    new = gpd.GeoDataFrame(geometry=[SQ, Point(118.1, 24.6)], crs=4326)
    old = gpd.GeoDataFrame(geometry=[Point(119.305, 26.055)], crs=4326)
    html = _html(preview_map(new, [EVIL, "乙园区"], old, ["甲园区（旧）"], lang="zh", outlines=False))
    assert "<img src=x" not in html and "{{7*7}}" not in html and "${x}" not in html
    # escaped once by escape_html; inside embedded JSON the '&' shows as \u0026
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert _has(html, "乙园区") and _has(html, "甲园区（旧）")
    assert _has(html, "导入的新几何") and _has(html, "现有几何（将被替换）")
    assert "fitBounds" in html


def test_english_titles_and_no_tiles_by_default() -> None:
    new = gpd.GeoDataFrame(geometry=[SQ], crs=4326)
    html = _html(preview_map(new, ["a"], lang="en", outlines=False))
    assert _has(html, "Imported (new) geometry")
    assert "tile.openstreetmap" not in html  # no basemap tiles unless asked for


def test_gaode_basemap_shifts_display_copy_only() -> None:
    new = gpd.GeoDataFrame(geometry=[Point(119.30, 26.05)], crs=4326)
    m = preview_map(new, ["a"], basemap="gaode", outlines=False)
    html = _html(m)
    assert "[26.05, 119.3]" not in html  # shifted to GCJ-02 for display
    assert new.geometry.iloc[0].equals(Point(119.30, 26.05))  # the data itself unchanged


def test_county_outlines_for_context() -> None:
    new = gpd.GeoDataFrame(geometry=[SQ], crs=4326)
    html = _html(preview_map(new, ["a"], outlines=True))
    assert _has(html, "马尾区") or _has(html, "鼓楼区")
    # the outlines are drawn by window.fpaCompact, which must be defined before it is used
    assert html.index("window.fpaCompact =") < html.index("fpaCompact(")
