"""Cluster targets at the level their source states them (the city choropleth and its legend).

A 2020 target is drawn on a city only when its source states it for that city: a cluster whose only host city
is that city. A target stated for several cities together (the 2018 plan's 2,640 亿元 for Meizhou Bay and
Gulei, hosted by 莆田, 泉州 and 漳州) or for the whole province is neither repeated on each city nor split
between them: :func:`targets_not_drawn` lists it with its source, for the legend.
"""

from __future__ import annotations

import pandas as pd

from gis.parks import as_list

__all__ = ["stated_city_targets", "target_scope", "targets_not_drawn"]


def target_scope(row: pd.Series) -> str:
    """The level at which a cluster's target is stated: ``city`` (one host city), ``cities`` (several host
    cities together) or ``province`` (no host city: a province-wide cluster)."""
    hosts = [c for c in as_list(row.get("host_cities")) if c]
    return "city" if len(hosts) == 1 else ("cities" if hosts else "province")


def _with_target(clusters: pd.DataFrame) -> pd.DataFrame:
    if "target_2020" not in clusters:
        return clusters.iloc[0:0]
    t = pd.to_numeric(clusters["target_2020"], errors="coerce")
    return clusters[t.notna()]


def stated_city_targets(clusters: pd.DataFrame) -> pd.DataFrame:
    """Per city: the sum of the 2020 targets (亿元) stated for that city alone, with clusters and sources.

    Indexed by city (Chinese name); columns ``target_sum``, ``cluster_ids``, ``sources``, ``shared`` (always
    False: a shared target is never drawn on a city). Derived only in that several single-city targets of one
    city are added up.
    """
    recs: dict[str, list[tuple[str, float, str]]] = {}
    for cid, row in _with_target(clusters).iterrows():
        if target_scope(row) != "city":
            continue
        city = str(as_list(row.get("host_cities"))[0])
        recs.setdefault(city, []).append(
            (str(cid), float(row["target_2020"]), str(row.get("target_source") or ""))
        )
    rows = [
        (c, sum(v for _, v, _ in items), [i for i, _, _ in items], [s for *_, s in items], False)
        for c, items in recs.items()
    ]
    cols = ["city", "target_sum", "cluster_ids", "sources", "shared"]
    return pd.DataFrame(rows, columns=cols).set_index("city")


def targets_not_drawn(clusters: pd.DataFrame) -> pd.DataFrame:
    """Targets stated for several cities together or for the province: not drawn on any city.

    Columns ``cluster_id``, ``target_2020``, ``scope`` (``cities`` | ``province``), ``host_cities`` (list),
    ``target_source``.
    """
    rows = [
        {
            "cluster_id": str(cid),
            "target_2020": float(row["target_2020"]),
            "scope": target_scope(row),
            "host_cities": [str(c) for c in as_list(row.get("host_cities")) if c],
            "target_source": str(row.get("target_source") or ""),
        }
        for cid, row in _with_target(clusters).iterrows()
        if target_scope(row) != "city"
    ]
    return pd.DataFrame(rows, columns=["cluster_id", "target_2020", "scope", "host_cities", "target_source"])
