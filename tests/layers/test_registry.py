"""The layer registry: one spec per layer, for the map, the picker, the GeoPackage frames and the search."""

from __future__ import annotations

import json
import re

import pytest

from gis.parks import is_demonstration_base, is_petrochemical
from layers.data import atlas_data, parks_in_force
from layers.map_context import MapContext
from layers.mapbuild import DEFAULT_LAYERS, LAYER_IDS, build_map, map_html
from layers.registry import GROUPS, LAYERS, REGISTRY, draw_order, layer_frames, layer_title, picker_ids
from layers.spec import MapSpec


def test_every_layer_has_titles_group_and_builder() -> None:
    assert list(LAYER_IDS) == [s.id for s in LAYERS] and len(REGISTRY) == len(LAYERS)
    for spec in LAYERS:
        assert spec.title.zh and spec.title.en and spec.group in GROUPS and callable(spec.build)
        assert spec.frames is not None or spec.id == "user_parks"  # every picker layer downloads
        assert layer_title(spec.id, "en") == spec.title.en and layer_title(spec.id, "zh") == spec.title.zh
    assert tuple(s.id for s in LAYERS if s.default) == DEFAULT_LAYERS
    assert "user_parks" not in picker_ids() and set(DEFAULT_LAYERS) <= set(picker_ids())
    # Clusters are drawn below the parks so that park markers (their cards) stay on top.
    order = [s.id for s in draw_order(list(REGISTRY))]
    assert order.index("clusters_plan") < order.index("parks") and order[0] == "province"
    assert MapSpec(layers=("sector", "province", "nonsense"), lang="zh").normalized().layers == (
        "province",
        "sector",
    )


def test_park_layers_follow_the_place_rules_and_cover_every_park() -> None:
    parks = parks_in_force("")
    petro, demo = is_petrochemical(parks), is_demonstration_base(parks)
    sel = {x: REGISTRY[x].parks(parks) for x in ("parks", "petrochem", "demo_bases")}  # type: ignore[misc]
    assert sel["petrochem"].equals(petro) and sel["demo_bases"].equals(demo)
    assert sel["parks"].equals(~petro & ~demo)
    assert (sel["parks"] | sel["petrochem"] | sel["demo_bases"]).all()


def test_geopackage_frames_hold_what_the_map_draws() -> None:
    parks = parks_in_force("")
    frames = layer_frames(["parks", "petrochem", "demo_bases", "clusters_plan"], parks=parks)
    page = map_html(build_map(layers=["parks", "petrochem", "demo_bases", "clusters_plan"], parks=parks))
    drawn: set[str] = set()
    for m in re.finditer(r"fpaCompact\(\w+, (\{.*?\})\);\n", page):
        d = json.loads(m.group(1))
        drawn |= set(d.get("id") or [])
    for layer in ("parks", "petrochem", "demo_bases", "clusters_plan"):
        assert set(frames[layer].index) <= drawn, layer
    assert set(frames["parks"].index) | set(frames["petrochem"].index) | set(
        frames["demo_bases"].index
    ) == set(parks.index)


@pytest.mark.parametrize("layers", [["petrochem"], ["clusters_related"], ["parks", "clusters_plan"]])
def test_in_map_search_lists_what_the_layers_show(layers: list[str]) -> None:
    data = atlas_data("")
    ctx = MapContext("zh", "none", data["parks"])
    items = ctx.search_items(draw_order(layers))
    labels = {label for _, _, label in items}
    places = ctx.places
    for spec in draw_order(layers):
        if spec.parks is not None:
            for pid in data["parks"].index[spec.parks(data["parks"])]:
                assert any(label.startswith(places[pid].name_zh) for label in labels), pid
    clusters = data["clusters"]
    for cid, row in clusters.iterrows():
        key = f"cluster:{cid}"
        shown = any(s.clusters is not None and bool(s.clusters(clusters)[cid]) for s in draw_order(layers))
        listed = places[key].lat is not None and any(label.startswith(row["name_zh"]) for label in labels)
        assert listed == (shown and places[key].lat is not None), cid
