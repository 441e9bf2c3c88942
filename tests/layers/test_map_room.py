"""The map with room (issue 14) and the editor map, as built HTML: collapsed controls, helpers, schematic
cluster markers and their legend entry, Leaflet.draw served offline."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import box

from clusters.clusters import load_clusters
from gis.parks import parks_in_force
from layers import assets
from layers.clusters import cluster_group, cluster_positions
from layers.controls import MapHelpers
from layers.draw import edit_map, editable_group
from layers.mapbuild import LEGEND_OPEN_WIDTH, build_map, map_html
from layers.style import SCHEMATIC_STYLE

needs_assets = pytest.mark.skipif(not assets.assets_available(), reason="needs `make assets`")


@needs_assets
def test_layer_control_collapsed_legend_closes_on_narrow_maps_and_helpers_once() -> None:
    m = build_map(layers=["province", "cities", "parks", "clusters_plan", "sector"], sector=5, lang="zh")
    html = map_html(m)
    assert re.search(r"\"collapsed\": true", html)
    assert html.count(f"map.getSize().x < {LEGEND_OPEN_WIDTH}") == 2  # legend and sector box
    assert sum(isinstance(c, MapHelpers) for c in m._children.values()) == 1
    assert "fpa-pick" in html and "autoPanPadding" in html and "tooltipopen" in html
    assert "此处有 {n} 个地点" in html


def test_clusters_at_city_points_are_hollow_and_dotted_others_keep_their_fill() -> None:
    parks, clusters = parks_in_force(), load_clusters()
    pos = cluster_positions(clusters[clusters["in_plan"].astype(bool)], parks)
    assert {"city", "parks"} <= set(pos["placement"])
    fg = cluster_group(clusters, parks, plan=True, lang="zh")
    payload = next(iter(fg._children.values())).payload
    styles = [payload["st"][i] for i in payload["s"]]
    for st, placement in zip(styles, pos["placement"], strict=True):
        if placement == "city":
            assert st["dashArray"] == SCHEMATIC_STYLE["dashArray"] and st["fillOpacity"] < 0.1
        else:
            assert "dashArray" not in st


def test_legend_names_the_schematic_position_in_both_languages() -> None:
    for lang, words in (("zh", "示意位置"), ("en", "schematic position")):
        html = map_html(build_map(layers=["province", "clusters_plan"], lang=lang, offline=False))
        assert words in html
        assert "border-style:dotted" in html


@needs_assets
def test_edit_map_serves_leaflet_draw_offline_and_loads_every_ring() -> None:
    geom = box(118.0, 24.5, 118.02, 24.52).difference(box(118.005, 24.505, 118.01, 24.51))
    m = edit_map({"layers": ["province"], "lang": "en"}, geom)
    html = map_html(m)
    assert "/app/static/vendor/draw/leaflet.draw.js" in html and "cdnjs" not in html
    assert "new L.Control.Draw" in html and "L.drawLocal" in html
    assert "inside another = a hole" in html
    fg = editable_group(geom, "en")
    assert len(fg._children) == 2  # the outer ring and the hole, each one editable polygon
    inline = map_html(edit_map({"layers": ["province"], "lang": "zh", "asset_mode": "inline"}))
    assert "data:text/javascript;base64," in inline and "leaflet.draw" not in re.sub(
        r"data:[^\"']+", "", inline
    )


def test_draw_toolbar_offers_polygon_rectangle_and_marker_only() -> None:
    from layers.draw import draw_options

    opts = draw_options()
    assert [k for k, v in opts.items() if v] == ["polygon", "rectangle", "marker"]
    assert json.dumps(opts)  # plain JSON for the toolbar
