"""The web map and the print sheets draw with the same style definitions (layers.style): a guard that the
folium builders' styles are exactly the shared ones the print renderer reads."""

from __future__ import annotations

import pytest

from clusters.clusters import load_clusters
from layers.clusters import choropleth_group, cluster_group, sector_group
from layers.compact import CompactGeoJson
from layers.data import parks_in_force
from layers.parks import park_style, parks_geojson
from layers.print.symbols import dashes, point_kwargs, polygon_kwargs
from layers.style import (
    APPROX_DASH,
    CHORO_NONE_STYLE,
    CHORO_STYLE,
    PARK_RADIUS_PX,
    QUALITY_LOOKS,
    SECTOR_STYLE,
    cluster_style,
)


def _styles(fg) -> list[dict]:
    return [s for c in fg._children.values() if isinstance(c, CompactGeoJson) for s in c.payload["st"]]


@pytest.mark.parametrize("plan", [True, False])
def test_cluster_markers_use_the_shared_style(plan: bool) -> None:
    styles = _styles(cluster_group(load_clusters(), parks_in_force(""), plan=plan, lang="zh"))
    assert styles
    for st in styles:
        r = float(st["radius"])
        assert st in [cluster_style(plan, r, k, sch) for k in (True, False) for sch in (True, False)], st


def test_sector_and_choropleth_fills_use_the_shared_styles() -> None:
    fg, _info = sector_group(14, parks_in_force(""), lang="zh")  # #14 names cities
    polys = [s for s in _styles(fg) if "radius" not in s]
    assert polys and all(s == SECTOR_STYLE for s in polys)
    choro = _styles(choropleth_group(load_clusters(), lang="zh"))
    assert CHORO_NONE_STYLE in choro
    assert all(s == CHORO_NONE_STYLE or {k: s[k] for k in CHORO_STYLE} == CHORO_STYLE for s in choro)


def test_approximate_parks_are_hollow_and_dashed_on_paper_too() -> None:
    st = park_style("approximate", "#c0392b")
    assert st["dashArray"] == APPROX_DASH and st["radius"] == PARK_RADIUS_PX
    kw = point_kwargs(st)
    assert kw["linestyles"] == [dashes(st)] and dashes(st) == (0.0, (4.0, 3.0))
    assert kw["facecolors"][0][0] == "#ffffff"  # hollow
    assert point_kwargs(park_style("point", "#c0392b"))["linestyles"] == ["solid"]


def test_every_geometry_quality_draws_the_same_on_the_map_and_on_paper() -> None:
    parks = parks_in_force("").head(len(QUALITY_LOOKS)).copy()
    parks["geometry_quality"] = list(QUALITY_LOOKS)
    layer = parks_geojson(parks, lang="en", color_of=lambda r: "#c0392b")
    drawn = [layer.payload["st"][i] for i in layer.payload["s"]]  # each feature's style
    for q, web in zip(QUALITY_LOOKS, drawn, strict=True):
        assert web == park_style(q, "#c0392b"), q  # the web map draws the shared table's style
        dash = QUALITY_LOOKS[q]["dash"]
        want = "solid" if dash is None else (0.0, tuple(float(x) for x in str(dash).split()))
        assert point_kwargs(web)["linestyles"] == [want] and polygon_kwargs(web)["linestyle"] == want, q
        hollow = not QUALITY_LOOKS[q]["filled"]
        assert (polygon_kwargs(web)["facecolor"][0] == "#ffffff") is hollow, q
