"""The data behind each map layer as GeoDataFrames, for the GeoPackage download.

Selections are the registry's (:mod:`layers.registry`: the same masks the layer builders draw, the same
derived cluster positions) so the file holds what the map shows, in WGS84 with full precision and every
property (not the display-rounded copies). Derived tables say so in a ``derived`` column.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
from shapely.geometry import Point

from clusters.clusters import load_clusters
from layers import data as layer_data
from layers.clusters import city_targets, cluster_positions
from layers.registry import REGISTRY

_BOUNDARY_LEVELS = {"province": "province", "cities": "city", "counties": "county"}


def _cluster_frame(plan: bool, parks: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    cl = load_clusters()
    cl = cl[REGISTRY["clusters_plan" if plan else "clusters_related"].clusters(cl)]  # type: ignore[misc]
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
    cities = layer_data.load_boundaries("city")
    t = city_targets(load_clusters())
    out = cities.merge(t, left_on="name_zh", right_index=True, how="left")
    out["derived"] = (
        "sum of the known 2020 targets of the clusters hosted by the city (亿元); a cluster shared by "
        "several "
        "cities counts in full for each, so do not add cities up"
    )
    return out


def _sector_frames(sector: int, parks: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    places = layer_data.sector_places()
    places = places[places["sector_no"] == int(sector)]
    city_names = sorted({c for lst in places["cities"] for c in lst})
    cities = layer_data.load_boundaries("city")
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


def layer_frames(
    layers: Sequence[str], *, sector: int | None = None, parks: gpd.GeoDataFrame | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """One GeoDataFrame per shown layer (empty layers left out), named by layer id.

    ``parks`` defaults to the parks in force (:func:`layers.data.parks_in_force`).
    """
    parks = layer_data.parks_in_force() if parks is None else parks
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer in layers:
        select = REGISTRY[layer].parks if layer in REGISTRY else None
        if layer in _BOUNDARY_LEVELS:
            frames[layer] = layer_data.load_boundaries(_BOUNDARY_LEVELS[layer])
        elif select is not None:
            frames[layer] = parks[select(parks)] if len(parks) else parks
        elif layer == "clusters_plan":
            frames[layer] = _cluster_frame(True, parks)
        elif layer == "clusters_related":
            frames[layer] = _cluster_frame(False, parks)
        elif layer == "cluster_targets":
            frames[layer] = _cluster_targets()
        elif layer == "sector" and sector:
            frames.update(_sector_frames(sector, parks))
    return {k: v for k, v in frames.items() if len(v)}
