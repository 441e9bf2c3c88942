"""Progress by city (for the map's progress layer): targets behind vs on track, counted per city."""

from __future__ import annotations

import pandas as pd

from clusters import targets as plan_targets
from clusters.clusters import load_clusters
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


def _sector_cities(parks: pd.DataFrame | None) -> dict[int, set[str]]:
    """Cities the plan names for each 专栏10 sector (directly or through a named park)."""
    path = plan_targets.PLAN_DIR / "sector_places.csv"
    if not path.is_file():
        return {}
    places = pd.read_csv(path, dtype=str, keep_default_na=False)
    park_city = {} if parks is None or "city" not in parks.columns else parks["city"].to_dict()
    out: dict[int, set[str]] = {}
    for rec in places.to_dict("records"):
        cities = {c.strip() for c in rec.get("city", "").split(";") if c.strip()}
        for pid in (p.strip() for p in rec.get("park_id", "").split(";") if p.strip()):
            if park_city.get(pid):
                cities.add(str(park_city[pid]))
        out.setdefault(int(rec["sector_no"]), set()).update(cities)
    return out


def status_by_city(comparison: pd.DataFrame, parks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count, per city, the targets whose latest figure is behind vs on track / reached.

    Sectors count in the cities the plan names for them (``data/plan/sector_places.csv``), clusters in their
    host cities, parks in their own city. Rows without a path status (``target_only``, ``no_target``) are left
    out.
    Returns ``adcode, city, behind, on_track, names``.
    """
    if parks is None:
        try:
            parks = parks_in_force()
        except (OSError, ValueError):  # an unreadable parks file leaves the park rows without a city
            parks = None
    if comparison.empty:
        return pd.DataFrame(columns=["adcode", "city", "behind", "on_track", "names"])
    latest = comparison.sort_values("year").groupby(["kind", "ref", "measure"], sort=False).tail(1)
    sector_cities = _sector_cities(parks)
    clusters = load_clusters()
    counts: dict[str, dict[str, object]] = {}
    for rec in latest.to_dict("records"):
        if rec["status"] in ("behind", "missed"):
            bucket = "behind"
        elif rec["status"] in ("on_track", "reached"):
            bucket = "on_track"
        else:
            continue
        if rec["kind"] == "sector":
            cities = sector_cities.get(int(rec["ref"]), set())
        elif rec["kind"] == "cluster":
            cities = set(clusters.loc[rec["ref"], "host_cities"]) if rec["ref"] in clusters.index else set()
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
