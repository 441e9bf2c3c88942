"""Maps and previews send a bounded number of features and vertices, never the raw file."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.shipped import load_parks
from layers import bounded
from layers.mapbuild import build_map, map_html
from layers.preview import PREVIEW_MAX_FEATURES, PREVIEW_MAX_VERTICES, preview_map


def _wiggly_polygon(n: int) -> shapely.Polygon:
    ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = 0.05 * (1 + 0.1 * np.sin(ang * 400))
    return shapely.Polygon(np.column_stack([119.3 + r * np.cos(ang), 26.08 + r * np.sin(ang)]))


def _geojson_coordinates(html: str) -> int:
    """Coordinate pairs in the GeoJSON blobs folium wrote into the page."""
    return len(re.findall(r"\[-?\d+\.\d+, -?\d+\.\d+\]", html))


def test_a_million_vertex_polygon_previews_small_and_simplified() -> None:
    poly = _wiggly_polygon(1_000_000)
    gdf = gpd.GeoDataFrame({"name": ["big"]}, geometry=[poly], crs=4326)
    html = map_html(preview_map(gdf, ["big"], outlines=False, asset_mode=None, lang="en"))
    assert len(html.encode("utf-8")) < 2 * 2**20
    assert 100 < _geojson_coordinates(html) <= PREVIEW_MAX_VERTICES
    assert "simplified to screen resolution" in html
    assert shapely.get_num_coordinates(gdf.geometry.iloc[0]) == 1_000_001  # the import keeps the full shape


def test_preview_draws_at_most_the_cap_and_aggregates_the_rest() -> None:
    n = 5000
    rng = np.random.default_rng(4)
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(rng.uniform(117, 120, n), rng.uniform(24, 27, n)), crs=4326
    )
    html = map_html(preview_map(pts, [f"p{i}" for i in range(n)], outlines=False, asset_mode=None, lang="en"))
    assert f"{PREVIEW_MAX_FEATURES:,} of {n:,} shown, the rest aggregated" in html
    markers = html.count("L.circleMarker(")
    assert PREVIEW_MAX_FEATURES < markers <= PREVIEW_MAX_FEATURES * 3 // 2


def test_simplify_to_budget_fits_keeps_points_and_area() -> None:
    poly = _wiggly_polygon(200_000)
    point = shapely.Point(119.0, 26.0)
    geoms, zoom = bounded.simplify_to_budget(np.array([poly, point], dtype=object), max_vertices=5000)
    assert zoom is not None and bounded.vertex_count(geoms) <= 5000
    assert geoms[1] is point
    assert geoms[0].area == pytest.approx(poly.area, rel=0.03)  # display copy; measurement uses the full one
    same, none = bounded.simplify_to_budget(np.array([point], dtype=object), max_vertices=5000)
    assert none is None and same[0] is point


def test_grid_counts_bound_the_cells_and_keep_every_feature() -> None:
    rng = np.random.default_rng(1)
    pts = shapely.points(rng.uniform(116, 120, 30_000), rng.uniform(24, 28, 30_000))
    grid = bounded.grid_counts(pts, max_cells=200)
    assert len(grid) <= 200 and grid["count"].sum() == 30_000


def _with_user_points(n: int) -> gpd.GeoDataFrame:
    shipped = load_parks().assign(provenance="shipped")
    rng = np.random.default_rng(7)
    extra = gpd.GeoDataFrame(
        {"name_zh": [f"合成 {i}" for i in range(n)], "provenance": "user_new", "level": "other"},
        geometry=gpd.points_from_xy(rng.uniform(117.5, 119.5, n), rng.uniform(25, 27, n)),
        index=[f"user-1-{i}" for i in range(n)],
        crs=4326,
    )
    return gpd.GeoDataFrame(pd.concat([shipped, extra]), geometry="geometry", crs=4326)


def test_bound_parks_keeps_every_shipped_park_and_caps_the_added_ones() -> None:
    parks = _with_user_points(3000)
    b = bounded.bound_parks(parks, max_features=400)
    n_shipped = int((parks["provenance"] != "user_new").sum())
    assert len(b.drawn) == 400 and int((b.drawn["provenance"] != "user_new").sum()) == n_shipped
    assert b.aggregated == len(parks) - 400 and int(b.grid["count"].sum()) == b.aggregated
    assert len(parks) == n_shipped + 3000  # the input is not changed


def test_the_atlas_map_stays_bounded_as_the_store_grows(monkeypatch) -> None:
    monkeypatch.setattr(bounded, "MAP_MAX_FEATURES", 300)
    small = len(map_html(build_map(parks=_with_user_points(200), lang="en")).encode())
    big = map_html(build_map(parks=_with_user_points(20_000), lang="en"))
    assert "More user parks (" in big and "aggregated to a grid" in big
    assert len(big.encode()) < small + 400_000  # 100× the parks, not 100× the bytes
    names = json.dumps(sorted(set(re.findall(r"user-1-\d+", big))))
    assert len(json.loads(names)) <= 300
