"""Cached, display-ready data for the layer builders (read-only: never mutate what these return).

Geometries are rounded for display (5 decimals ≈ 1 m for parks, 4 ≈ 10 m for boundaries) and only the
properties a layer shows are embedded. :func:`display_shift` moves display copies to GCJ-02 for the Gaode
basemap; stored data is never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from clusters import clusters as cluster_data
from clusters import targets as plan_targets
from gis import boundaries as gis_boundaries
from gis import parks as gis_parks
from gis.coords import shift_geometry, wgs84_to_gcj02
from gis.errors import StoreError
from gis.settings import STORAGE_CRS
from layers.basemaps import needs_gcj02

#: Park columns of docs/DATA_MODEL.md the layers read.
PARK_COLUMNS: tuple[str, ...] = (
    "name_zh",
    "name_en",
    "kind",
    "roles",
    "base",
    "level",
    "zone_type",
    "city",
    "county",
    "city_adcode",
    "adcode",
    "industries",
    "sectors",
    "clusters",
    "plan_refs",
    "figures",
    "geometry_quality",
    "position_note_zh",
    "position_note_en",
    "position_source",
    "position_confidence",
    "sources",
)


def empty_parks() -> gpd.GeoDataFrame:
    """An empty park table with the contract's columns (used while no loader exists)."""
    df = gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in PARK_COLUMNS}, geometry=gpd.GeoSeries([], crs=STORAGE_CRS)
    )
    df.index.name = "id"
    return df


@lru_cache(maxsize=1)
def load_parks() -> gpd.GeoDataFrame:
    """Shipped parks from ``gis.parks.load_parks`` (cached)."""
    return gis_parks.load_parks()


# ------------------------------------------------------------------------------------------ parks in force
def parks_version() -> str:
    """:func:`gis.parks.parks_version`, the one cache key of the parks in force; ``""`` when the user's
    store cannot be read (the Data page reports store problems; the maps fall back to the shipped parks)."""
    try:
        return gis_parks.parks_version()
    except StoreError:
        return ""


def parks_in_force(version: str | None = None) -> gpd.GeoDataFrame:
    """The parks every map shows: :func:`gis.parks.parks_in_force` (shipped parks with the user's accepted
    boundaries and added parks).

    ``version`` is the caller's cache key (:func:`parks_version`); ``""`` means the shipped parks only (no
    readable store).
    """
    version = parks_version() if version is None else version
    return gis_parks.parks_in_force() if version else gis_parks.load_parks()


def plan_tables() -> dict[str, Any]:
    """Clusters and their figures, the plan's sector targets, places and goals, and city boundaries."""
    return {
        "clusters": cluster_data.load_clusters(),
        "cluster_figures": cluster_data.cluster_figures(),
        "sectors": plan_targets.sector_targets(),
        "sector_places": sector_places(),
        "petrochem_goals": plan_targets.petrochem_goals(),
        "park_goals": plan_targets.park_goals(),
        "cities": gis_boundaries.load_boundaries("city"),
    }


def atlas_data(version: str = "") -> dict[str, Any]:
    """The parks in force (for ``version``) and :func:`plan_tables`."""
    return {"parks": parks_in_force(version), **plan_tables()}


# ------------------------------------------------------------------------------------------- display data
@lru_cache(maxsize=1)
def sector_places() -> pd.DataFrame:
    """Places the plan names per 专栏10 sector (``clusters.targets.sector_places``, cached)."""
    return plan_targets.sector_places()


def row_at(table: pd.DataFrame, key: str | int) -> pd.Series:
    """``table.loc[key]``: the one row of a table indexed by unique keys (sector numbers, adcodes).

    pandas-stubs types ``.loc[key]`` as ``Series | DataFrame`` (a duplicated key gives a frame); our tables'
    indexes are unique, so this is the row. Nothing is checked or converted.
    """
    return cast(pd.Series, table.loc[key])


def display_shift(geoms: gpd.GeoSeries, basemap: str) -> gpd.GeoSeries:
    """Display copy of ``geoms`` for ``basemap``: shifted to GCJ-02 for Gaode, unchanged otherwise."""
    if not needs_gcj02(basemap) or geoms.empty:
        return geoms
    return gpd.GeoSeries(shift_geometry(geoms.values, wgs84_to_gcj02), index=geoms.index, crs=geoms.crs)


def rounded(geoms: gpd.GeoSeries, decimals: int) -> np.ndarray:
    """Geometries with coordinates rounded to ``decimals`` (display only)."""
    return shapely.transform(np.asarray(geoms.values), lambda c: np.round(c, decimals))


def feature_collection(
    geoms: gpd.GeoSeries,
    properties: Mapping[str, Sequence[object]],
    *,
    decimals: int = 5,
) -> dict:
    """A GeoJSON FeatureCollection dict with only ``properties`` and sequential ids ``f0, f1, …``.

    Property values must already be display-ready (escaped strings or numbers). Empty geometries are skipped.
    """
    geo = rounded(geoms, decimals)
    keys = list(properties)
    cols = [list(properties[k]) for k in keys]
    feats = []
    for i, g in enumerate(geo):
        if g is None or g.is_empty:
            continue
        feats.append(
            {
                "type": "Feature",
                "id": f"f{i}",
                "geometry": shapely.geometry.mapping(g),
                "properties": {k: col[i] for k, col in zip(keys, cols, strict=True)},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def synthetic_parks(n: int, *, seed: int = 0, names: Callable[[int], str] | None = None) -> gpd.GeoDataFrame:
    """SYNTHETIC parks for tests and benchmarks only (random points in Fujian; never shown as data)."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(116.5, 120.2, n)
    lat = rng.uniform(24.0, 27.8, n)
    levels = np.array(["national", "provincial", "other", "unknown"])[rng.integers(0, 4, n)]
    quality = np.array(["approximate", "point", "boundary"])[rng.integers(0, 3, n)]
    geoms = gpd.points_from_xy(lon, lat, crs=STORAGE_CRS)
    poly_mask = quality == "boundary"
    geoms = np.where(poly_mask, shapely.buffer(geoms, 0.01, quad_segs=2), geoms)
    df = gpd.GeoDataFrame(
        {
            "name_zh": [names(i) if names else f"合成园区{i}" for i in range(n)],
            "name_en": [f"Synthetic park {i}" for i in range(n)],
            "kind": "development_zone",
            "roles": [["catalogue_2018"] for _ in range(n)],
            "base": None,
            "level": levels,
            "zone_type": "工业园区",
            "city": "福州市",
            "county": "马尾区",
            "city_adcode": "350100",
            "adcode": "350105",
            "industries": [["电子信息"] for _ in range(n)],
            "sectors": [[14] for _ in range(n)],
            "clusters": [[] for _ in range(n)],
            "plan_refs": [[] for _ in range(n)],
            "figures": [[] for _ in range(n)],
            "geometry_quality": quality,
            "position_note_zh": "合成数据",
            "position_note_en": "synthetic",
            "position_source": "synthetic",
            "position_confidence": "ESTIMATE",
            "sources": [[] for _ in range(n)],
        },
        geometry=geoms,
        crs=STORAGE_CRS,
        index=pd.Index([f"syn{i}" for i in range(n)], name="id"),
    )
    return df
