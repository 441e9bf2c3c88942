"""The attribution prefix is plain "Leaflet" text on every map builder (no flag badge) (issue 13)."""

from __future__ import annotations

from layers.mapbuild import build_map, map_html
from layers.share_map import base_map


def test_atlas_and_choropleth_maps_set_a_plain_prefix() -> None:
    for m in (build_map(layers=["parks"], lang="en"), base_map(None)):
        html = map_html(m) if hasattr(m, "_children") else m.get_root().render()
        assert '.attributionControl.setPrefix("Leaflet")' in html
        assert "<svg" not in html.split("setPrefix", 1)[1][:200]
