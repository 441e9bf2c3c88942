"""What a map or preview may send to the browser: a bounded number of features, geometry at screen resolution.

The full geometry stays in the store and in every measurement; only the copy drawn is reduced:

- :func:`screen_tolerance` — degrees per screen pixel at a web-map zoom (256-px tiles), the simplification
  tolerance of "screen resolution";
- :func:`simplify_to_budget` — polygons and lines simplified (topology kept) at the finest zoom whose
  result fits ``max_vertices``; points untouched;
- :func:`bound_parks` — the parks of a map: shipped parks (and the user's boundaries for them) always drawn,
  the user's added parks drawn up to ``gis.settings.MAP_MAX_FEATURES`` in all, the rest aggregated to grid
  cells (:func:`grid_counts`) drawn by :func:`aggregate_group` as one circle per cell with its count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.settings import MAP_MAX_FEATURES, MAP_MAX_VERTICES
from gis.text import text
from layers.popups import escape_html as esc

#: Finest and coarsest zoom used to pick a tolerance (zoom 14 ≈ 9.5 m per pixel, zoom 6 ≈ 2.4 km).
FINEST_ZOOM = 14
COARSEST_ZOOM = 5
AGGREGATE_COLOR = "#6a3d9a"


def screen_tolerance(zoom: float) -> float:
    """Degrees of longitude covered by one screen pixel at ``zoom`` (Web Mercator, 256-pixel tiles)."""
    return 360.0 / (256.0 * 2.0**zoom)


def vertex_count(geoms: np.ndarray) -> int:
    """Total number of coordinates of ``geoms``."""
    return int(shapely.get_num_coordinates(np.asarray(geoms, dtype=object)).sum())


def simplify_to_budget(
    geoms: np.ndarray, *, max_vertices: int = MAP_MAX_VERTICES, finest_zoom: int = FINEST_ZOOM
) -> tuple[np.ndarray, int | None]:
    """Geometries simplified to one pixel at the finest zoom (≤ ``finest_zoom``) that fits ``max_vertices``.

    Returns the geometries (unchanged when they already fit) and the zoom used (``None``: unchanged). The
    zoom is found by bisection (a few simplifications, whatever the size); at :data:`COARSEST_ZOOM` the
    result is returned even when it does not fit (the feature cap bounds it then). Douglas–Peucker (GEOS'
    topology-preserving variant is 15× slower on a million vertices): a drawn ring may touch itself below a
    pixel, which a map does not show; a shape that would collapse is kept as it is. Points never change.
    """
    arr = np.asarray(geoms, dtype=object)
    if vertex_count(arr) <= max_vertices:
        return arr, None
    types = shapely.get_type_id(arr)
    shapes = ~shapely.is_missing(arr) & (types != 0) & (types != 4)

    def at(zoom: int) -> np.ndarray:
        out = arr.copy()
        done = shapely.simplify(arr[shapes], screen_tolerance(zoom), preserve_topology=False)
        lost = shapely.is_empty(done)  # collapsed below a pixel: keep the shape as it is
        done[lost] = arr[shapes][lost]
        out[shapes] = done
        return out

    lo, hi = COARSEST_ZOOM, finest_zoom  # find the finest zoom that fits
    best, best_zoom = None, COARSEST_ZOOM
    while lo <= hi:
        mid = (lo + hi) // 2
        out = at(mid)
        if vertex_count(out) <= max_vertices:
            best, best_zoom, lo = out, mid, mid + 1
        else:
            hi = mid - 1
    return (best if best is not None else at(COARSEST_ZOOM)), best_zoom


def grid_counts(geoms: np.ndarray, *, max_cells: int) -> pd.DataFrame:
    """Points (or representative points) counted on a square lon/lat grid with at most ``max_cells``
    non-empty cells: ``lon``, ``lat`` (mean position of the cell's features), ``count``, ``cell_deg``."""
    pts = shapely.point_on_surface(np.asarray(geoms, dtype=object))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    cell = 0.01
    while True:
        key = np.floor(x / cell).astype("int64") * 1_000_003 + np.floor(y / cell).astype("int64")
        uniq, inv, count = np.unique(key, return_inverse=True, return_counts=True)
        if len(uniq) <= max_cells or cell >= 2.0:
            break
        cell *= 2
    inv = inv.ravel()
    return pd.DataFrame(
        {
            "lon": np.bincount(inv, weights=x) / count,
            "lat": np.bincount(inv, weights=y) / count,
            "count": count,
            "cell_deg": cell,
        }
    )


def grid_cells(grid: pd.DataFrame) -> list[tuple[float, float, int]]:
    """``(lat, lon, count)`` of each cell of a :func:`grid_counts` table."""
    return [
        (float(a), float(b), int(c))
        for a, b, c in zip(
            grid["lat"].to_numpy(), grid["lon"].to_numpy(), grid["count"].to_numpy(), strict=True
        )
    ]


@dataclass
class BoundedParks:
    """The parks a map draws one by one, and the rest as grid counts (``grid`` None when nothing is left)."""

    drawn: gpd.GeoDataFrame
    grid: pd.DataFrame | None
    aggregated: int
    zoom: int | None  # zoom whose pixel the drawn geometry was simplified to (None: unchanged)


def bound_parks(
    parks: gpd.GeoDataFrame,
    *,
    max_features: int | None = None,
    max_vertices: int | None = None,
) -> BoundedParks:
    """The map's share of ``parks``: shipped ones always drawn, the user's added parks (``provenance``
    ``user_new``) drawn in store order up to ``max_features`` in all, the others aggregated; drawn geometry
    simplified to fit ``max_vertices`` (:func:`simplify_to_budget`); the limits default to
    ``gis.settings.MAP_MAX_FEATURES`` / ``MAP_MAX_VERTICES``. ``parks`` is not modified."""
    max_features = MAP_MAX_FEATURES if max_features is None else max_features
    max_vertices = MAP_MAX_VERTICES if max_vertices is None else max_vertices
    added = (
        (parks["provenance"] == "user_new").to_numpy()
        if "provenance" in parks
        else np.zeros(len(parks), dtype=bool)
    )
    room = max(0, max_features - int((~added).sum()))
    keep = ~added | (np.cumsum(added) <= room)
    drawn = parks[keep] if not keep.all() else parks
    rest = parks.geometry.values[~keep]
    grid = (
        grid_counts(np.asarray(rest, dtype=object), max_cells=max(1, max_features // 2))
        if len(rest)
        else None
    )
    geoms, zoom = simplify_to_budget(
        np.asarray(drawn.geometry.values, dtype=object), max_vertices=max_vertices
    )
    if zoom is not None:
        drawn = drawn.set_geometry(gpd.GeoSeries(geoms, index=drawn.index, crs=drawn.crs))
    return BoundedParks(drawn, grid, int(len(rest)), zoom)


def aggregate_group(bounded: BoundedParks, lang: str) -> folium.FeatureGroup | None:
    """One circle per grid cell of the aggregated parks, sized by count, with the count as tooltip."""
    if bounded.grid is None or not len(bounded.grid):
        return None
    name = text(
        lang,
        f"其他用户园区（{bounded.aggregated:,} 个，按网格聚合）",
        f"More user parks ({bounded.aggregated:,}, aggregated to a grid)",
    )
    fg = folium.FeatureGroup(name=esc(name), show=True)
    cell_km = float(bounded.grid["cell_deg"].iloc[0]) * 111
    for lat, lon, count in grid_cells(bounded.grid):
        tip = text(
            lang,
            f"此处约 {cell_km:.0f} 公里网格内有 {count:,} 个用户园区；放大或用搜索、导出查看",
            f"{count:,} user parks in this ~{cell_km:.0f} km cell; zoom in, search or export",
        )
        folium.CircleMarker(
            location=(lat, lon),
            radius=min(18.0, 3.0 + 4.0 * math.log10(1 + count)),
            color=AGGREGATE_COLOR,
            weight=1,
            fill=True,
            fill_opacity=0.45,
            tooltip=esc(tip),
        ).add_to(fg)
    return fg
