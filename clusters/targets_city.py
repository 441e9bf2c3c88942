"""Cluster targets at the level their source states them (the city choropleth and its legend).

A 2020 target is drawn on a city only when its source states it for that city: a cluster whose only host city
is that city. A target stated for several cities together (the 2018 plan's 2,640 亿元 for Meizhou Bay and
Gulei, hosted by 莆田, 泉州 and 漳州) or for the whole province is neither repeated on each city nor split
between them: :func:`targets_not_drawn` lists it with its source, for the legend.
"""

from __future__ import annotations

import pandas as pd

from gis.parks import as_list
from gis.text import Record, field, text

__all__ = ["not_drawn_lines", "scope_text", "stated_city_targets", "target_scope", "targets_not_drawn"]


def target_scope(row: Record) -> str:
    """The level at which a cluster's target is stated: ``city`` (one host city), ``cities`` (several host
    cities together) or ``province`` (no host city: a province-wide cluster)."""
    hosts = [c for c in as_list(row.get("host_cities")) if c]
    return "city" if len(hosts) == 1 else ("cities" if hosts else "province")


def scope_text(row: Record, lang: str) -> str:
    """The level a cluster's target is stated at, in words: "one city (厦门市)", "3 cities together",
    "province-wide"."""
    hosts = [str(c) for c in as_list(row.get("host_cities")) if c]
    scope = target_scope(row)
    if scope == "city":
        return text(lang, f"{hosts[0]}一市", f"one city: {hosts[0]}")
    if scope == "cities":
        return text(lang, f"{len(hosts)}个市合计，不分到各市", f"{len(hosts)} cities together, not per city")
    return text(lang, "全省", "province-wide")


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


def not_drawn_lines(clusters: pd.DataFrame, lang: str) -> list[str]:
    """Plain-text legend lines: the rule (one city's targets only), then each target not drawn with its
    level and source (escape them where they reach HTML)."""
    out = [
        text(
            lang,
            "只画来源写明为单个城市的目标；多市合计或全省的目标不画在任何城市上",
            "only targets stated for one city are drawn; a target stated for several cities together or for "
            "the province is drawn on no city",
        )
    ]
    for r in targets_not_drawn(clusters).to_dict("records"):
        n = len(r["host_cities"])
        where = (
            text(lang, "全省", "province-wide")
            if r["scope"] == "province"
            else text(lang, f"{n}个市合计", f"{n} cities together")
        )
        name = field(clusters.loc[r["cluster_id"]], "name", lang)
        value = f"{r['target_2020']:,.0f} {text(lang, '亿元', '× 100 million yuan')}"
        out.append(
            text(
                lang,
                f"未上色：{name} {value}（{where}；来源：{r['target_source']}）",
                f"not drawn: {name} {value} ({where}; source: {r['target_source']})",
            )
        )
    return out
