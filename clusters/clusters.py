"""千亿 (100-billion-yuan) industrial clusters as records with provenance.

The plan names 7 of its 20 clusters (第三章七: 4 existing "等10个", 3 to cultivate "等一批"); its list
(专栏6) is empty in the published text. Other candidates come from related documents (the 12th-FYP target
list, the 2018 cluster plan, later reports) and are flagged ``provenance == "related"``: never present them
as the plan's 20.
A cluster's geometry is derived from its host parks or host cities, not stored.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from clusters import vocab
from clusters.goals import clusters_goal
from clusters.targets import baselines_2015
from gis.boundaries import load_boundaries
from gis.parks import as_list, park_points, parks_in_force
from gis.settings import DATA_DIR
from gis.text import Record

#: 千亿 clusters: the plan's 2020 goal (第三章七 / 专栏1 #8) and the 2015 count (第一章一), from data/plan.
PLAN_CLUSTER_COUNT_2020 = clusters_goal().whole
PLAN_CLUSTER_COUNT_2015 = int(baselines_2015().loc["clusters_over_100bn", "value"])  # type: ignore[arg-type]


def _split(value: object, cast=str) -> list:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return []
    return [cast(v.strip()) for v in str(value).split(";") if v.strip()]


@lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    df = pd.read_csv(DATA_DIR / "clusters.csv", dtype=str, keep_default_na=False)
    df["host_cities"] = df["host_cities"].map(_split)
    df["host_parks"] = df["host_parks"].map(_split)
    df["sectors"] = df["sectors"].map(lambda v: _split(v, int))
    df["target_2020"] = pd.to_numeric(df["target_2020"].replace("", np.nan))
    df["in_plan"] = df["provenance"].isin(["plan_existing", "plan_cultivate"])
    return df.set_index("id")


def load_clusters() -> pd.DataFrame:
    """All cluster records, indexed by ``id`` (a copy; see module docstring for provenance)."""
    return _load().copy()


def plan_clusters() -> pd.DataFrame:
    """Only the 7 clusters the plan names."""
    df = load_clusters()
    return df[df["in_plan"]]


@lru_cache(maxsize=1)
def _figures() -> pd.DataFrame:
    df = pd.read_csv(DATA_DIR / "cluster_figures.csv", dtype={"cluster_id": str})
    return df


def cluster_figures() -> pd.DataFrame:
    """Reported outputs of clusters (or parts of them) with year, comparator, scope, source and confidence."""
    return _figures().copy()


def provenance_label(provenance: str, lang: str = "zh") -> str:
    """Human label of a provenance flag."""
    return vocab.provenance_label(provenance, lang)


def placement(row: Record, park_ids: Collection[object]) -> tuple[str, list[str]]:
    """The one rule for where a cluster is: ``(basis, hosts)``.

    Its host parks that are in ``park_ids`` (``host_parks``); failing that its host cities (``host_cities``);
    else ``unknown`` (the sources do not say where it is).
    """
    parks = [str(p) for p in as_list(row.get("host_parks")) if p in park_ids]
    if parks:
        return "host_parks", parks
    cities = [str(c) for c in as_list(row.get("host_cities")) if c]
    if cities:
        return "host_cities", cities
    return "unknown", []


def cluster_places(
    clusters: pd.DataFrame | None = None,
    parks: gpd.GeoDataFrame | None = None,
    cities: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Where each cluster is (:func:`placement`): the union of its host parks' geometries or host cities.

    Returns a GeoDataFrame indexed like ``clusters`` with ``geometry_basis`` in ``host_parks`` |
    ``host_cities`` | ``unknown`` (geometry empty). Nothing is stored: this is derived.
    """
    clusters = load_clusters() if clusters is None else clusters
    parks = parks_in_force() if parks is None else parks
    cities = load_boundaries("city") if cities is None else cities
    city_geom = dict(zip(cities["name_zh"], cities.geometry, strict=True))
    geoms, basis = [], []
    for _, row in clusters.iterrows():
        how, hosts = placement(row, parks.index)
        if how == "host_parks":
            geoms.append(shapely.union_all(parks.loc[hosts].geometry.values))
        elif how == "host_cities":
            geoms.append(shapely.union_all([city_geom[c] for c in hosts if c in city_geom]))
        else:
            geoms.append(shapely.Point())
        basis.append(how)
    out = gpd.GeoDataFrame(clusters.copy(), geometry=geoms, crs="EPSG:4326")
    out["geometry_basis"] = basis
    return out


def cluster_anchors(
    clusters: pd.DataFrame, parks: gpd.GeoDataFrame, cities: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Anchor points of the clusters by :func:`placement` (for markers, search and labels).

    ``host_parks``: one row at the mean of the host parks' points; ``host_cities``: one row per host city at
    its label point (cities missing from ``cities`` are skipped); ``unknown``: no row. Columns
    ``cluster_id, lon, lat, basis, city``.
    """
    placed = parks[parks.geometry.notna() & ~parks.geometry.is_empty] if len(parks) else parks
    pts = park_points(placed.geometry) if len(placed) else gpd.GeoSeries([], crs="EPSG:4326")
    label: dict[str, tuple[float, float]] = (
        {
            str(n): (float(x), float(y))
            for n, x, y in zip(cities["name_zh"], cities["label_lon"], cities["label_lat"], strict=True)
        }
        if len(cities)
        else {}
    )
    rows: list[tuple[object, float, float, str, str | None]] = []
    for cid, row in clusters.iterrows():
        how, hosts = placement(row, pts.index)
        if how == "host_parks":
            sel = pts.loc[hosts]
            rows.append((cid, float(sel.x.mean()), float(sel.y.mean()), how, None))
        elif how == "host_cities":
            for c in hosts:
                if c in label:
                    rows.append((cid, *label[c], how, c))
    return pd.DataFrame(rows, columns=["cluster_id", "lon", "lat", "basis", "city"])
