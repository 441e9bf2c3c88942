"""The one search index of places: every park and cluster, by key, with where to centre the map.

Used by the map page's search box and click lookup (:func:`match_click`) and by the in-map search control
(:func:`map_search_items`, labels escaped). A cluster's position is derived from its host parks, else its host
cities, never stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from clusters.clusters import cluster_anchors
from gis.admin_names import english_name
from gis.parks import as_list
from gis.text import field, text
from layers.card_context import s
from layers.cards import CLUSTER, PARK
from layers.popups import escape_html as esc


# --------------------------------------------------------------------------------------------- search index
@dataclass(frozen=True)
class Place:
    """One searchable thing: a park or a cluster, with where to centre the map (or None)."""

    key: str
    kind: str
    id: str
    name_zh: str
    name_en: str
    city: str
    lat: float | None
    lon: float | None

    def label(self, lang: str) -> str:
        """Text shown in the search box (both names, so either language finds it)."""
        kind = text(lang, "园区", "park") if self.kind == PARK else text(lang, "集群", "cluster")
        first = field({"name_zh": self.name_zh, "name_en": self.name_en}, "name", lang)
        second = self.name_zh if first != self.name_zh else self.name_en
        names = first if not second or second == first else f"{first} · {second}"
        cities = self.city.split("、") if self.city else []
        where = text(lang, self.city, ", ".join(english_name(c) for c in cities))
        city = f" · {where}" if where else ""
        return f"{names}{city} ({kind})"


def place_key(kind: str, ident: str) -> str:
    """Stable key of a park or cluster: the park id itself, or ``cluster:<id>``."""
    return ident if kind == PARK else f"{CLUSTER}:{ident}"


def split_key(key: str) -> tuple[str, str]:
    """Inverse of :func:`place_key`: ``(kind, id)``."""
    if key.startswith(f"{CLUSTER}:"):
        return CLUSTER, key.split(":", 1)[1]
    return PARK, key


def park_places(parks: gpd.GeoDataFrame) -> dict[str, Place]:
    """Index parks by key (centred on their representative point)."""
    places: dict[str, Place] = {}
    pts = parks.geometry.representative_point() if len(parks) else gpd.GeoSeries([], crs="EPSG:4326")
    cols = {
        c: parks[c] if c in parks.columns else [None] * len(parks) for c in ("name_zh", "name_en", "city")
    }
    for pid, pt, zh, en, city in zip(
        parks.index, pts, cols["name_zh"], cols["name_en"], cols["city"], strict=True
    ):
        ok = pt is not None and not pt.is_empty
        key = place_key(PARK, str(pid))
        places[key] = Place(
            key=key,
            kind=PARK,
            id=str(pid),
            name_zh=s(zh, str(pid)),
            name_en=s(en),
            city=s(city),
            lat=float(pt.y) if ok else None,
            lon=float(pt.x) if ok else None,
        )
    return places


def build_places(
    parks: gpd.GeoDataFrame,
    clusters: pd.DataFrame | None = None,
    cities: gpd.GeoDataFrame | None = None,
) -> dict[str, Place]:
    """Index every park and cluster by key.

    A cluster is centred on the mean of its host parks' points, else of its host cities' label points, else
    not centred (``lat`` is None) — its position is derived, never stored.
    """
    places = park_places(parks)
    if clusters is None:
        return places
    anchors = cluster_anchors(clusters, parks, cities if cities is not None else gpd.GeoDataFrame())
    for cid, row in clusters.iterrows():
        mine = anchors[anchors["cluster_id"] == cid]
        coords = list(zip(mine["lat"], mine["lon"], strict=True))
        lat = sum(c[0] for c in coords) / len(coords) if coords else None
        lon = sum(c[1] for c in coords) / len(coords) if coords else None
        key = place_key(CLUSTER, str(cid))
        places[key] = Place(
            key=key,
            kind=CLUSTER,
            id=str(cid),
            name_zh=s(row.get("name_zh"), str(cid)),
            name_en=s(row.get("name_en")),
            city="、".join(as_list(row.get("host_cities"))),
            lat=lat,
            lon=lon,
        )
    return places


def match_click(
    places: Mapping[str, Place],
    tooltip: str | None,
    latlng: Mapping[str, float] | None = None,
    tolerance_deg: float = 0.02,
) -> str | None:
    """Find which park / cluster a map click hit.

    The tooltip text (what streamlit-folium returns; tooltips start with the object's name) is searched for
    every place's Chinese and English name: a name at the very start wins, then the longest
    (古雷石化基地 beats 古雷). A clicked object with a tooltip naming no park or cluster (a county, say)
    selects nothing. Only when there is no tooltip text is the nearest park to the clicked position within
    ``tolerance_deg`` taken. Returns a key or None.
    """
    text = (tooltip or "").strip()
    best: tuple[bool, int, int, str] | None = None
    if text:
        for key, p in places.items():
            for name in (p.name_zh, p.name_en):
                if name and name in text:
                    rank = (text.startswith(name), len(name), 1 if p.kind == PARK else 0, key)
                    if best is None or rank > best:
                        best = rank
        return best[3] if best is not None else None
    if not latlng:
        return None
    try:
        lat, lng = float(latlng["lat"]), float(latlng["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    nearest: tuple[float, str] | None = None
    for key, p in places.items():
        if p.kind != PARK or p.lat is None or p.lon is None:
            continue
        d = math.hypot(p.lat - lat, p.lon - lng)
        if d <= tolerance_deg and (nearest is None or d < nearest[0]):
            nearest = (d, key)
    return nearest[1] if nearest else None


def search_text(place: Place) -> str:
    """Escaped bilingual label the in-map search matches (``中文 / English``)."""
    return " / ".join(esc(x) for x in (place.name_zh, place.name_en) if x)


def map_search_items(places: Iterable[Place]) -> list[tuple[float, float, str]]:
    """``(lon, lat, escaped label)`` of every positioned place, for the in-map search control."""
    return [(p.lon, p.lat, search_text(p)) for p in places if p.lat is not None and p.lon is not None]
