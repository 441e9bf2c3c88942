"""Drawn shapes (gis.drawn) and map edits in the store (gis.store.edits): checks, nesting rule, save, undo."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping

from gis import store
from gis.boundaries import load_boundaries
from gis.drawn import HAND_TRACED, POINT_PLACED, editable_rings, shape_from_drawings, snap_to_counties
from gis.edit_form import park_form, typed_figure
from gis.errors import DataValidationError, GeometryError
from gis.measure import area_ha, to_equal_area
from gis.parks import load_parks, parks_in_force
from gis.store.edits import save_park_edit
from gis.vocab import GEOMETRY_QUALITY, quality_label

OUTER = box(118.00, 24.50, 118.02, 24.52)
HOLE = box(118.005, 24.505, 118.010, 24.510)
ISLAND = box(118.006, 24.506, 118.008, 24.508)
APART = box(118.05, 24.50, 118.06, 24.51)


def feat(geom) -> dict:
    return {"type": "Feature", "properties": {}, "geometry": mapping(geom)}


def test_inside_is_a_hole_apart_is_a_part_and_an_island_in_a_hole_is_a_part() -> None:
    shape = shape_from_drawings([feat(HOLE), feat(OUTER), feat(APART), feat(ISLAND)])
    geom = shape.geometry
    assert isinstance(geom, MultiPolygon)
    assert shape.parts == 3 and shape.holes == 1
    assert not geom.contains(Point(118.0075, 24.5055))  # in the hole
    assert geom.contains(Point(118.007, 24.507))  # on the island
    assert geom.contains(Point(118.055, 24.505))  # the separate part
    expected = (OUTER.area - HOLE.area + ISLAND.area + APART.area) / OUTER.area
    assert shape.area_ha == pytest.approx(float(area_ha_of(OUTER)) * expected, rel=0.01)


def area_ha_of(geom) -> float:
    import geopandas as gpd

    return float(area_ha(gpd.GeoSeries([geom], crs="EPSG:4326")).iloc[0])


def test_overlapping_polygons_merge_and_the_area_is_equal_area() -> None:
    a, b = box(118.0, 24.5, 118.02, 24.52), box(118.01, 24.51, 118.03, 24.53)
    shape = shape_from_drawings([feat(a), feat(b)])
    assert shape.parts == 1 and shape.holes == 0
    assert shape.area_ha == pytest.approx(area_ha_of(a.union(b)), rel=1e-6)
    assert "ha" in shape.summary("en") and "公顷" in shape.summary("zh")


def test_self_intersection_is_repaired_and_reported() -> None:
    bow = {
        "type": "Polygon",
        "coordinates": [[[118, 24.5], [118.02, 24.52], [118.02, 24.5], [118, 24.52], [118, 24.5]]],
    }
    shape = shape_from_drawings([{"geometry": bow}])
    assert shape.geometry.is_valid
    table = shape.report_table("en")
    assert any("Self-intersection" in m for m in table["message"])


def test_slivers_are_removed_with_a_message_and_a_lone_sliver_is_refused() -> None:
    tiny = box(118.05, 24.50, 118.0501, 24.5001)  # ~ 110 m²
    shape = shape_from_drawings([feat(OUTER), feat(tiny)])
    assert shape.parts == 1
    assert any(i.code == "sliver" for i in shape.report)
    with pytest.raises(GeometryError, match="smaller than"):
        shape_from_drawings([feat(tiny)])


def test_outside_fujian_and_nothing_drawn_are_clear_errors() -> None:
    with pytest.raises(GeometryError, match="outside Fujian") as exc:
        shape_from_drawings([feat(box(116.3, 39.9, 116.4, 40.0))])
    assert "福建" in exc.value.text("zh")
    with pytest.raises(GeometryError, match="nothing drawn"):
        shape_from_drawings([])


def test_a_point_alone_is_the_position_and_points_beside_polygons_are_ignored() -> None:
    shape = shape_from_drawings([feat(Point(118.1, 24.6))])
    assert shape.kind == "point" and shape.area_ha is None
    shape = shape_from_drawings([feat(Point(118.1, 24.6)), feat(OUTER)])
    assert shape.kind == "polygon"
    assert any(i.code == "points_ignored" for i in shape.report)


def test_snapping_moves_vertices_near_a_county_line_onto_it() -> None:
    from gis.boundaries import load_boundaries

    county = load_boundaries("county").iloc[0].geometry
    line = county.boundary
    v = line.coords[0] if hasattr(line, "coords") else line.geoms[0].coords[0]
    x, y = v
    near = Polygon([(x + 0.0005, y), (x + 0.02, y + 0.001), (x + 0.01, y + 0.02)])
    snapped, moved = snap_to_counties(near, 150)
    assert moved >= 1
    assert Point(x, y).distance(snapped.exterior) < 1e-9
    far, moved_far = snap_to_counties(
        Polygon([(x + 0.05, y + 0.05), (x + 0.07, y + 0.05), (x + 0.06, y + 0.07)]), 150
    )
    assert moved_far == 0


def test_a_vertex_50_m_from_a_county_line_between_its_vertices_goes_onto_the_line() -> None:
    line = shapely.get_exterior_ring(shapely.get_parts(load_boundaries("county").iloc[0].geometry)[0])
    xy = shapely.get_coordinates(line)
    i = int(np.argmax(np.hypot(*np.diff(xy, axis=0).T)))  # the longest segment: its vertices are far
    along = (xy[i + 1] - xy[i]) / np.hypot(*(xy[i + 1] - xy[i]))
    across = np.array([-along[1], along[0]])
    deg = 1 / 111_320  # one metre in degrees (near enough for a test offset)
    v = (xy[i] + xy[i + 1]) / 2 + across * 50 * deg
    tri = Polygon([v, v + across * 1000 * deg, v + (along + across) * 700 * deg])
    snapped, moved = snap_to_counties(tri, 150)
    assert moved >= 1
    first = Point(shapely.get_coordinates(snapped)[0])
    # On the line as stored (straight edges in lon/lat): within 1e-9° (0.1 mm).
    assert first.distance(line) < 1e-9
    ea = to_equal_area(gpd.GeoSeries([first, Point(v)], crs="EPSG:4326"))
    assert 30 < ea.iloc[0].distance(ea.iloc[1]) < 70  # it moved its ~50 m across


def test_editable_rings_and_nesting_round_trip() -> None:
    geom = shape_from_drawings([feat(OUTER), feat(HOLE), feat(APART)]).geometry
    rings = editable_rings(geom)
    assert len(rings) == 3 and all(r.geom_type == "Polygon" and not r.interiors for r in rings)
    again = shape_from_drawings([feat(r) for r in rings]).geometry
    assert again.symmetric_difference(geom).area < 1e-12


def test_new_park_is_saved_hand_traced_with_its_figure_and_undone(_isolated_user_store: Path) -> None:
    shape = shape_from_drawings([feat(OUTER), feat(HOLE)])
    change, pid = save_park_edit(
        None,
        geometry=shape.geometry,
        attributes={
            "name_zh": "测试手绘园区",
            "name_en": "Test park",
            "level": "provincial",
            "industries": "电子、机械",
        },
        figures=[
            {
                "label_zh": "规划面积",
                "value": "1,200",
                "unit": "公顷",
                "year": "2024",
                "source": "管委会2024年公告",
            }
        ],
        note="test",
    )
    parks = parks_in_force()
    row = parks.loc[pid]
    assert pid not in load_parks().index
    assert row["provenance"] == "user_new" and row["geometry_quality"] == HAND_TRACED
    assert quality_label(row["geometry_quality"], "en").startswith("Hand-traced")
    assert row["level"] == "provincial" and list(row["industries"]) == ["电子", "机械"]
    fig = row["figures"][-1]
    assert fig["value"] == 1200.0 and fig["year"] == 2024 and fig["source"] == "管委会2024年公告"
    assert fig["confidence"] == "user input"
    assert "Hand-traced" in row["position_note_en"]
    hist = store.history()
    assert hist.iloc[0]["what"] == "edit_park" and hist.iloc[0]["change_id"] == change
    store.undo(change)
    assert pid not in parks_in_force().index


def test_a_point_placed_for_a_new_park_is_a_point_of_unknown_precision(_isolated_user_store: Path) -> None:
    shape = shape_from_drawings([feat(Point(118.1, 24.6))])
    assert shape.quality == POINT_PLACED and POINT_PLACED in GEOMETRY_QUALITY
    change, pid = save_park_edit(
        None, geometry=shape.geometry, attributes={"name_zh": "测试点位园区", **shape.place()}
    )
    row = parks_in_force().loc[pid]
    assert row.geometry.geom_type == "Point" and row["geometry_quality"] == POINT_PLACED
    assert row["provenance"] == "user_new"
    assert "Placed by hand" in row["position_note_en"] and "手工放置" in row["position_note_zh"]
    store.undo(change)
    assert pid not in parks_in_force().index


def test_a_figure_without_source_is_refused_and_nothing_is_written(_isolated_user_store: Path) -> None:
    with pytest.raises(DataValidationError, match="source is required") as exc:
        save_park_edit("gulei", figures=[{"label_zh": "产值", "value": "12", "unit": "亿元", "year": "2024"}])
    assert "第 1 条数据（产值）：必须填写来源" in exc.value.text("zh")
    assert "figure 1 (产值): a source is required" in exc.value.text("en")
    assert store.history().empty


def test_a_changed_value_cannot_keep_the_original_source(_isolated_user_store: Path) -> None:
    parks = parks_in_force()
    pid = next(i for i, figs in parks["figures"].items() if figs)
    form = park_form(parks, pid)
    original = form.figures[0]
    fid = f"{original['key']}|{original.get('year') or ''}"
    typed = form.figure(fid) | {"value": "999999"}
    with pytest.raises(DataValidationError, match="still the original"):
        save_park_edit(pid, figures=typed_figure(typed, fid), originals=form.originals())
    typed["source"] = "园区2025年统计公报"
    save_park_edit(pid, figures=typed_figure(typed, fid), originals=form.originals())
    figs = [f for f in parks_in_force().loc[pid, "figures"] if f["key"] == original["key"]]
    assert [f["value"] for f in figs if f.get("year") == original.get("year")] == [999999.0]


def test_attributes_only_edit_and_bad_level(_isolated_user_store: Path) -> None:
    save_park_edit("gulei", attributes={"name_en": "Gulei (edited)"})
    row = parks_in_force().loc["gulei"]
    assert row["name_en"] == "Gulei (edited)" and row["geometry_quality"] != HAND_TRACED
    with pytest.raises(DataValidationError, match="unknown level"):
        save_park_edit("gulei", attributes={"level": "galactic"})
    with pytest.raises(DataValidationError, match="Chinese name"):
        save_park_edit(None, geometry=OUTER, attributes={"name_en": "x"})


def test_a_drawn_shape_knows_its_county_and_city() -> None:
    place = shape_from_drawings([feat(box(117.92, 24.85, 117.95, 24.87))]).place()
    assert place["city"] == "厦门市" and place["adcode"].startswith("3502")


def test_on_a_shared_server_an_edit_needs_a_signed_in_editor(
    _isolated_user_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gis.auth import PermissionDenied

    monkeypatch.setenv("FPA_AUTH", "shared")
    with pytest.raises(PermissionDenied):
        save_park_edit("gulei", attributes={"name_en": "X"})
    assert store.history().empty


def test_history_rows_name_the_edit_in_both_languages(_isolated_user_store: Path) -> None:
    from gis.edit_form import history_rows

    save_park_edit("gulei", attributes={"name_en": "X"}, note="renamed")
    zh, en = history_rows(store.history(), "zh"), history_rows(store.history(), "en")
    assert zh.iloc[0]["操作"] == "在地图上编辑园区" and en.iloc[0]["what"] == "edit a park on the map"
    assert en.iloc[0]["by"] == "desktop" and en.iloc[0]["note"] == "renamed"
