"""The data behind each map layer as GeoDataFrames, for the GeoPackage download.

Each registry layer (:mod:`layers.registry`) names its frame builder here, given the same selection its map
builder draws (and the same derived cluster positions), so the file holds what the map shows, in WGS84 with
full precision and every property (not the display-rounded copies). Derived tables say so in a ``derived``
column. :func:`layers.registry.layer_frames` gathers them for the shown layers.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from clusters.clusters import load_clusters
from clusters.targets_city import stated_city_targets
from gis.boundaries import load_boundaries
from layers import data as layer_data
from layers.clusters import cluster_positions

#: ``(layer id, parks in force, sector) -> {table name: frame}``.
FrameBuilder = Callable[[str, gpd.GeoDataFrame, "int | None"], dict[str, gpd.GeoDataFrame]]
Selector = Callable[[pd.DataFrame], pd.Series]


def _cluster_frame(select: Selector, parks: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    cl = load_clusters()
    cl = cl[select(cl)]
    pos = cluster_positions(cl, parks)
    out = pos.join(cl, on="cluster_id")
    out["position"] = out["placement"].map(
        {
            "parks": "derived: beside the mean of its host parks",
            "city": "derived: around its host city's label point",
        }
    )
    geom = [Point(x, y) for x, y in zip(out["lon"], out["lat"], strict=True)]
    return gpd.GeoDataFrame(out.drop(columns=["lon", "lat"]), geometry=geom, crs="EPSG:4326").set_index(
        "cluster_id"
    )


def _cluster_targets() -> gpd.GeoDataFrame:
    cities = load_boundaries("city")
    t = stated_city_targets(load_clusters())
    out = cities.merge(t, left_on="name_zh", right_index=True, how="left")
    out["derived"] = (
        "sum of the 2020 targets (100 million yuan) stated for this city alone (clusters.targets_city); "
        "targets stated for several cities together or for the province are not given to any city"
    )
    return out


def _sector_frames(sector: int, parks: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    places = layer_data.sector_places()
    places = places[places["sector_no"] == int(sector)]
    city_names = sorted({c for lst in places["cities"] for c in lst})
    cities = load_boundaries("city")
    out: dict[str, gpd.GeoDataFrame] = {}
    sel = cities[cities["name_zh"].isin(city_names)].copy()
    if len(sel):
        sel["sector_no"] = int(sector)
        out[f"sector_{int(sector)}_cities"] = sel
    ids = list(dict.fromkeys(p for lst in places["park_ids"] for p in lst if p in parks.index))
    if ids:
        sub = parks.loc[ids].copy()
        sub["sector_no"] = int(sector)
        out[f"sector_{int(sector)}_parks"] = sub
    return out


def boundary_frames(level: str) -> FrameBuilder:
    """The ``level`` boundaries (province, city, county)."""

    def build(layer: str, parks: gpd.GeoDataFrame, sector: int | None) -> dict[str, gpd.GeoDataFrame]:
        return {layer: load_boundaries(level)}

    return build


def park_frames(select: Selector) -> FrameBuilder:
    """The parks ``select`` picks (the layer's own selection)."""

    def build(layer: str, parks: gpd.GeoDataFrame, sector: int | None) -> dict[str, gpd.GeoDataFrame]:
        return {layer: parks[select(parks)] if len(parks) else parks}

    return build


def cluster_frames(select: Selector) -> FrameBuilder:
    """The clusters ``select`` picks, at their derived marker positions."""

    def build(layer: str, parks: gpd.GeoDataFrame, sector: int | None) -> dict[str, gpd.GeoDataFrame]:
        return {layer: _cluster_frame(select, parks)}

    return build


def cluster_target_frames(
    layer: str, parks: gpd.GeoDataFrame, sector: int | None
) -> dict[str, gpd.GeoDataFrame]:
    """City polygons with the summed known cluster targets (derived)."""
    return {layer: _cluster_targets()}


def sector_frames(layer: str, parks: gpd.GeoDataFrame, sector: int | None) -> dict[str, gpd.GeoDataFrame]:
    """The cities and parks the plan names for ``sector`` (nothing without a sector)."""
    return _sector_frames(sector, parks) if sector else {}
