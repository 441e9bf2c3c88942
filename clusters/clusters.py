"""千亿 (100-billion-yuan) industrial clusters as records with provenance.

The plan names 7 of its 20 clusters (第三章七: 4 existing "等10个", 3 to cultivate "等一批"); its list
(专栏6) is empty in the published text. Other candidates come from related documents (the 12th-FYP target
list, the 2018 cluster plan, later reports) and are flagged ``provenance == "related"``: never present them
as the plan's 20.
A cluster's geometry is derived from its host parks or host cities, not stored.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from clusters import vocab
from clusters.goals import clusters_goal
from clusters.targets import baselines_2015
from gis.boundaries import load_boundaries
from gis.parks import load_parks
from gis.settings import DATA_DIR

PROVENANCE = {k: tuple(v) for k, v in vocab.PROVENANCE.items()}  # labels live in clusters.vocab
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


def cluster_places(clusters: pd.DataFrame | None = None, parks=None, cities=None):  # noqa: ANN001, ANN201
    """Where each cluster is: from its host parks (points) or, failing that, its host cities (polygons).

    Returns a GeoDataFrame indexed like ``clusters`` with ``geometry_basis`` in ``host_parks`` |
    ``host_cities`` | ``unknown`` (geometry empty: the sources do not say where it is). Nothing is stored:
    this is derived.
    """
    clusters = load_clusters() if clusters is None else clusters
    parks = load_parks() if parks is None else parks
    cities = load_boundaries("city") if cities is None else cities
    city_geom = dict(zip(cities["name_zh"], cities.geometry, strict=True))
    geoms, basis = [], []
    for _, row in clusters.iterrows():
        host = [p for p in row["host_parks"] if p in parks.index]
        if host:
            geoms.append(shapely.union_all(parks.loc[host].geometry.values))
            basis.append("host_parks")
        elif row["host_cities"]:
            geoms.append(shapely.union_all([city_geom[c] for c in row["host_cities"]]))
            basis.append("host_cities")
        else:
            geoms.append(shapely.Point())
            basis.append("unknown")
    out = gpd.GeoDataFrame(clusters.copy(), geometry=geoms, crs="EPSG:4326")
    out["geometry_basis"] = basis
    return out
