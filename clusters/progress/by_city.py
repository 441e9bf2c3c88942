"""Progress by city (for the map's progress layer): targets behind vs on track, counted per city."""

from __future__ import annotations

import pandas as pd

from clusters.clusters import load_clusters
from clusters.targets_city import target_scope
from clusters.vocab import USER_TARGET
from gis.parks import parks_in_force

CITY_ADCODES: dict[str, str] = {
    "福州市": "350100",
    "厦门市": "350200",
    "莆田市": "350300",
    "三明市": "350400",
    "泉州市": "350500",
    "漳州市": "350600",
    "南平市": "350700",
    "龙岩市": "350800",
    "宁德市": "350900",
}


def status_by_city(comparison: pd.DataFrame, parks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count, per city, the targets whose latest figure is behind vs on track / reached.

    Only targets that belong to one city count for it: a park's target in the park's city, a cluster's target
    where its source states it for one host city (:func:`clusters.targets_city.target_scope`). Province-wide
    targets (专栏10 sectors, clusters stated for several cities or the province) mark no city behind:
    :func:`province_wide_rows` lists them. Rows without a path status (``target_only``, ``no_target``) are
    left out. Returns ``adcode, city, behind, on_track, names``.
    """
    if parks is None:
        try:
            parks = parks_in_force()
        except (OSError, ValueError):  # an unreadable parks file leaves the park rows without a city
            parks = None
    if comparison.empty:
        return pd.DataFrame(columns=["adcode", "city", "behind", "on_track", "names"])
    latest = comparison.sort_values("year").groupby(["kind", "ref", "measure"], sort=False).tail(1)
    clusters = load_clusters()
    counts: dict[str, dict[str, object]] = {}
    for rec in latest.to_dict("records"):
        if rec["status"] in ("behind", "missed"):
            bucket = "behind"
        elif rec["status"] in ("on_track", "reached"):
            bucket = "on_track"
        else:
            continue
        if _province_wide(rec, clusters):
            continue
        if rec["kind"] == "cluster":
            cities = set(clusters.loc[rec["ref"], "host_cities"])
        else:
            city = None if parks is None or rec["ref"] not in parks.index else parks.loc[rec["ref"], "city"]
            cities = {city} if city else set()
        for city in cities:
            if city not in CITY_ADCODES:
                continue
            entry = counts.setdefault(city, {"behind": 0, "on_track": 0, "names": []})
            entry[bucket] = int(entry[bucket]) + 1  # type: ignore[call-overload]
            names: list[str] = entry["names"]  # type: ignore[assignment]
            names.append(f"{rec['name_zh']} {rec['year']}: {rec['status_zh']}")
    rows = [{"adcode": CITY_ADCODES[c], "city": c, **v} for c, v in counts.items()]
    return pd.DataFrame(rows, columns=["adcode", "city", "behind", "on_track", "names"])


def _province_wide(rec: dict, clusters: pd.DataFrame) -> bool:
    """A sector target, or a cluster target not stated for one city (a user's own target is the user's)."""
    if rec["kind"] == "sector":
        return True
    if rec["kind"] != "cluster":
        return False
    if str(rec.get("target_source", "")).startswith(USER_TARGET.en):
        return rec["ref"] not in clusters.index
    return rec["ref"] not in clusters.index or target_scope(clusters.loc[rec["ref"]]) != "city"


def province_wide_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """The latest figure of each province-wide target (not drawn on any city of the progress map)."""
    if comparison.empty:
        return comparison
    latest = comparison.sort_values("year").groupby(["kind", "ref", "measure"], sort=False).tail(1)
    clusters = load_clusters()
    keep = [_province_wide(rec, clusters) for rec in latest.to_dict("records")]
    return latest[keep]
