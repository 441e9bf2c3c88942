"""Every declared geometry quality has its own legend entry, from the one style table the web map and the
print sheets share (issue 13): a store with one park of each quality lists each, in both languages, on the
map's legend and on the sheet's; only classes drawn are listed; nothing not surveyed is called exact."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from gis import store
from gis.parks import load_parks, parks_in_force
from gis.vocab import GEOMETRY_QUALITY, quality_label
from layers.legend import legend_html, style_swatch
from layers.map_context import MapContext
from layers.map_legend import legend_sections
from layers.parks import development_zones, drawn_qualities, park_style
from layers.print import SheetSpec
from layers.print.sheet import build_sheet
from layers.style import QUALITY_LOOKS, QUALITY_SWATCH_COLOR, SURVEYED_QUALITIES

#: quality → is it declared for points (else areas)
POINT_QUALITIES = {"point", "point_unknown"}


@pytest.fixture()
def one_of_each(_isolated_user_store: Path) -> gpd.GeoDataFrame:
    """The parks in force after accepting one development zone of each geometry quality."""
    dz = load_parks()
    dz = dz[development_zones(dz)].head(len(GEOMETRY_QUALITY))  # all drawn by the "parks" layer
    geoms = []
    for q, pt in zip(GEOMETRY_QUALITY, dz.geometry, strict=True):
        geoms.append(
            Point(pt.x, pt.y)
            if q in POINT_QUALITIES
            else box(pt.x - 0.02, pt.y - 0.02, pt.x + 0.02, pt.y + 0.02)
        )
    gdf = gpd.GeoDataFrame(
        {"park_id": list(dz.index), "geometry_quality": list(GEOMETRY_QUALITY)}, geometry=geoms, crs=4326
    )
    store.accept_boundaries(gdf, source_file="declared.gpkg", note="one of each quality")
    parks = parks_in_force()
    assert set(GEOMETRY_QUALITY) <= set(parks["geometry_quality"])
    return parks


def test_every_quality_has_a_look_of_its_own() -> None:
    assert set(QUALITY_LOOKS) == set(GEOMETRY_QUALITY)
    looks = {
        q: (st.get("dashArray"), st["fillColor"] == "#ffffff")
        for q in GEOMETRY_QUALITY
        for st in [park_style(q, "#c0392b")]
    }
    assert looks["boundary"] == looks["point"] == (None, False)  # surveyed: solid and filled
    assert looks["point_unknown"] == (None, True)  # a hollow ring
    others = [looks[q] for q in ("plan_drawing", "hand_traced", "approximate")]
    assert len(set(others)) == 3 and all(d and hollow for d, hollow in others)
    assert looks["unverified"] == looks["approximate"]
    assert {"boundary", "point"} == SURVEYED_QUALITIES
    assert park_style("made-up", "#000") == park_style("unverified", "#000")  # never promoted


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_legend_lists_each_declared_quality(one_of_each: gpd.GeoDataFrame, lang: str) -> None:
    ctx = MapContext(lang=lang, basemap="none", parks=one_of_each)
    sections = dict(legend_sections(ctx, ["parks"], {"parks"}))
    items = sections["园区" if lang == "zh" else "Parks"]
    html = legend_html(list(sections.items()), lang)
    for q in GEOMETRY_QUALITY:
        label = quality_label(q, lang)
        entries = [it for it in items if it.endswith(label)]
        assert len(entries) == 1, (q, label)
        shape = "point" if q in POINT_QUALITIES else "area"
        assert entries[0].startswith(style_swatch(park_style(q, QUALITY_SWATCH_COLOR), shape)), q
        assert label in html
    assert not any(
        "精确" in it or "exact" in it.lower() for it in items if quality_label("point", lang) not in it
    )


def test_map_legend_lists_only_qualities_drawn() -> None:
    parks = load_parks()
    assert set(drawn_qualities(parks)) == {"approximate"}
    items = dict(legend_sections(MapContext(lang="en", basemap="none", parks=parks), ["parks"], {"parks"}))[
        "Parks"
    ]
    assert any(it.endswith(quality_label("approximate", "en")) for it in items)
    for q in set(GEOMETRY_QUALITY) - {"approximate"}:
        assert not any(it.endswith(quality_label(q, "en")) for it in items), q


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_legend_lists_each_declared_quality(one_of_each: gpd.GeoDataFrame, lang: str) -> None:
    sheet = build_sheet(SheetSpec(layers=("province", "parks"), lang=lang, parks=one_of_each))
    heading = "园区" if lang == "zh" else "Parks"
    items = next(its for h, its in sheet.drawn.sections if h == heading)
    for q in GEOMETRY_QUALITY:
        entries = [it for it in items if it.label == quality_label(q, lang)]
        assert len(entries) == 1, q
        want = "point" if q in POINT_QUALITIES else "patch"
        assert entries[0].kind == want and dict(entries[0].style) == park_style(q, QUALITY_SWATCH_COLOR), q
    assert not any(
        "精确" in it.label or "exact" in it.label.lower()
        for it in items
        if it.label != quality_label("point", lang)
    )


def test_print_legend_lists_only_qualities_drawn() -> None:
    sheet = build_sheet(SheetSpec(layers=("province", "parks"), lang="en"))
    labels = {it.label for _h, its in sheet.drawn.sections for it in its}
    assert quality_label("approximate", "en") in labels
    assert not labels & {quality_label(q, "en") for q in set(GEOMETRY_QUALITY) - {"approximate"}}
