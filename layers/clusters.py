"""千亿 cluster layers: the plan's named clusters and related-document candidates styled apart, a city
choropleth of known 2020 cluster targets, and the 专栏10 sector layout.

Clusters have no geometry of their own: a marker sits just north-east of the mean of its host parks, else at
each host city's label point (spread on a small ring when several share a city — a symbolic placement, and
the tooltip says so). Clusters with neither (province-wide) are listed in the legend as "not mapped".
"""

from __future__ import annotations

import math
from collections.abc import Callable

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from clusters.clusters import cluster_anchors
from clusters.goals import place_en
from clusters.targets import sector_targets
from clusters.targets_city import scope_text, stated_city_targets, targets_not_drawn
from clusters.vocab import provenance_label
from gis.boundaries import load_boundaries
from gis.text import field, text
from layers.compact import CompactGeoJson
from layers.data import display_shift, row_at, sector_places
from layers.parks import parks_geojson
from layers.popups import escape_html as esc
from layers.style import (
    CHORO_BINS,
    CHORO_COLORS,
    SCHEMATIC_STYLE,
    SECTOR_COLOR,
    cluster_style,
)

__all__ = [
    "CHORO_BINS",
    "CHORO_COLORS",
    "choro_color",
    "choropleth_group",
    "cluster_group",
    "cluster_positions",
    "plan_clusters",
    "related_clusters",
    "radius_for",
    "sector_group",
    "unmapped",
]
RING_DEG = 0.13
#: Offset of a cluster marker from its host parks' mean position (≈ 3 km; symbolic placement).
PARK_OFFSET_DEG = 0.03


def radius_for(target: float | None) -> float:
    """Marker radius (px) for a 2020 target in 亿元 (area ∝ target); 6 px when unknown."""
    if target is None or not np.isfinite(target) or target <= 0:
        return 6.0
    return round(5.0 + 2.4 * math.sqrt(target / 100.0), 1)


def _num(v: object) -> str:
    try:
        # any value: float() raises TypeError for what it cannot take (caught below)
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return esc(v)
    return "" if not np.isfinite(f) else esc(f"{f:,.0f}")


def cluster_positions(clusters: pd.DataFrame, parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per marker: ``cluster_id, lon, lat, placement`` (``parks`` | ``city``); unmapped: absent.

    Where a cluster is comes from :func:`clusters.clusters.cluster_anchors`; this only lays the markers out:
    beside (north-east of) their host parks so the park markers stay clickable, and spread on a ring around a
    city's label point when several clusters share the city.
    """
    anchors = cluster_anchors(clusters, parks, load_boundaries("city"))
    per_city: dict[str, int] = {}
    out = []
    for cid, lon, lat, basis, city in anchors.itertuples(index=False, name=None):
        if basis == "host_parks":
            out.append((cid, float(lon) + PARK_OFFSET_DEG, float(lat) + PARK_OFFSET_DEG, "parks"))
            continue
        k = per_city.get(city, 0)
        per_city[city] = k + 1
        ang = (k * 2.4) % (2 * math.pi)  # golden-angle spread
        r = RING_DEG * (0 if k == 0 else 1 + 0.25 * (k // 6))
        out.append((cid, float(lon) + r * math.cos(ang), float(lat) + r * math.sin(ang), "city"))
    return pd.DataFrame(out, columns=["cluster_id", "lon", "lat", "placement"])


def unmapped(clusters: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """Clusters with no host park or city to place them (province-wide)."""
    return clusters[~clusters.index.isin(positions["cluster_id"])]


def cluster_group(
    clusters: pd.DataFrame,
    parks: gpd.GeoDataFrame,
    *,
    plan: bool,
    lang: str,
    basemap: str = "none",
    card: Callable[[pd.Series], str] | None = None,
) -> folium.FeatureGroup:
    """Markers of the plan's clusters (``plan=True``, solid) or related-document candidates (grey, dashed).

    ``card`` gives a cluster's popup HTML (``layers.map_context.MapContext.cluster_popup``); none without it.
    """
    sub = clusters[clusters["in_plan"].astype(bool)] if plan else clusters[~clusters["in_plan"].astype(bool)]
    name = (
        text(lang, "千亿集群（规划点名）", "100-billion-yuan clusters (named in the plan)")
        if plan
        else text(lang, "千亿集群候选（相关文件）", "100-billion-yuan cluster candidates (related documents)")
    )
    fg = folium.FeatureGroup(name=name, show=True)
    pos = cluster_positions(sub, parks)
    if pos.empty:
        return fg
    geoms = display_shift(gpd.GeoSeries(gpd.points_from_xy(pos["lon"], pos["lat"]), crs="EPSG:4326"), basemap)
    rows = [sub.loc[c] for c in pos["cluster_id"]]
    tips, cards, styles = [], [], {}
    for i, (row, placement) in enumerate(zip(rows, pos["placement"], strict=True)):
        t = row.get("target_2020")
        tnum = float(t) if t is not None and pd.notna(t) else None
        where = (
            text(lang, "位置：所在园区旁（示意）", "placed beside its host parks (symbolic)")
            if placement == "parks"
            else text(lang, "位置：所在城市（示意）", "placed at its host city (symbolic)")
        )
        ttxt = (
            f"{_num(tnum)} {text(lang, '亿元', '× 100 million yuan')}"
            + text(lang, f"（{esc(scope_text(row, lang))}）", f" ({esc(scope_text(row, lang))})")
            if tnum
            else text(lang, "无公开目标", "no target found")
        )
        tips.append(
            f"<b>{esc(field(row, 'name', lang))}</b><br>"
            f"{esc(provenance_label(row.get('provenance'), lang))}<br>"
            f"{text(lang, '2020年目标', '2020 target')}: {ttxt}<br><i>{where}</i>"
        )
        if card is not None:
            cards.append(card(row))
        st = cluster_style(plan, radius_for(tnum), bool(tnum))  # shared with the print sheets
        if placement == "city":  # a schematic city point: hollow and dotted, never drawn as exact
            st.update(SCHEMATIC_STYLE)
        styles[f"f{i}"] = st
    CompactGeoJson(
        list(geoms.values),
        [styles[f"f{i}"] for i in range(len(rows))],
        tooltips=tips,
        popups=cards or None,
        ids=[esc(c) for c in pos["cluster_id"]],
        precision=5,
    ).add_to(fg)
    return fg


def plan_clusters(clusters: pd.DataFrame) -> pd.Series:
    """Clusters the plan names."""
    return clusters["in_plan"].astype(bool)


def related_clusters(clusters: pd.DataFrame) -> pd.Series:
    """Cluster candidates from related documents (not the plan's list)."""
    return ~clusters["in_plan"].astype(bool)


def choro_color(value: float) -> str:
    """Class colour of a summed target."""
    for b, col in zip(CHORO_BINS, CHORO_COLORS, strict=False):
        if value < b:
            return col
    return CHORO_COLORS[-1]


def _shared_note(city: str, not_drawn: pd.DataFrame, clusters: pd.DataFrame, lang: str) -> str:
    """Targets that involve ``city`` but are stated for several cities together (not drawn on it)."""
    out = []
    for _, r in not_drawn.iterrows():
        if city not in r["host_cities"]:
            continue
        name = esc(field(clusters.loc[r["cluster_id"]], "name", lang))
        src = esc(r["target_source"])
        out.append(
            text(
                lang,
                f"{name}：{_num(r['target_2020'])} 亿元为{'、'.join(map(esc, r['host_cities']))}合计目标，"
                f"不分摊到各市（来源：{src}）",
                f"{name}: {_num(r['target_2020'])} × 100 million yuan is stated for "
                f"{len(r['host_cities'])} cities together, not drawn per city (source: {src})",
            )
        )
    return "<br>".join(out)


def choropleth_group(clusters: pd.DataFrame, *, lang: str, basemap: str = "none") -> folium.FeatureGroup:
    """City choropleth of 2020 cluster targets stated for one city (:mod:`clusters.targets_city`): a target
    stated for several cities together or for the province is not drawn on any city (the tooltip and the
    legend say so, with the source); cities with no target of their own are grey."""
    name = text(
        lang, "城市集群目标（按来源所述层级）", "City cluster targets (at the level their source states)"
    )
    fg = folium.FeatureGroup(name=name, show=True)
    cities = load_boundaries("city")
    ct, not_drawn = stated_city_targets(clusters), targets_not_drawn(clusters)
    tips, styles = [], {}
    for i, (_, c) in enumerate(cities.iterrows()):
        nm = esc(field(c, "name", lang))
        shared = _shared_note(c["name_zh"], not_drawn, clusters, lang)
        shared = f"<br><i>{shared}</i>" if shared else ""
        if c["name_zh"] in ct.index:
            rec = ct.loc[c["name_zh"]]
            names = text(lang, "、", ", ").join(
                esc(field(clusters.loc[x], "name", lang)) for x in rec["cluster_ids"]
            )
            srcs = "; ".join(dict.fromkeys(esc(s) for s in rec["sources"] if s))
            tips.append(
                f"<b>{nm}</b><br>"
                + text(lang, "本市集群2020年目标", "2020 targets of this city's clusters")
                + f": {_num(rec['target_sum'])} {text(lang, '亿元', '× 100 million yuan')}<br>{names}<br>"
                + text(lang, "来源：", "Source: ")
                + srcs
                + shared
            )
            styles[f"f{i}"] = {
                "color": "#7b241c",
                "weight": 1,
                "fillColor": choro_color(rec["target_sum"]),
                "fillOpacity": 0.6,
            }
        else:
            tips.append(
                f"<b>{nm}</b><br>{text(lang, '无本市单独的集群目标', 'no cluster target of its own')}{shared}"
            )
            styles[f"f{i}"] = {"color": "#999", "weight": 0.6, "fillColor": "#d5d8dc", "fillOpacity": 0.25}
    _city_polygons(cities, [styles[f"f{i}"] for i in range(len(cities))], tips, basemap).add_to(fg)
    return fg


def _city_polygons(
    cities: gpd.GeoDataFrame, styles: list[dict], tips: list[str], basemap: str
) -> CompactGeoJson:
    """City polygons with one style and one (escaped) tooltip each, shifted for ``basemap``."""
    return CompactGeoJson(
        list(display_shift(cities.geometry, basemap).values),
        styles,
        tooltips=tips,
        ids=[esc(a) for a in cities["adcode"]],
        precision=4,
        sticky=True,
    )


def sector_group(
    sector: int,
    parks: gpd.GeoDataFrame,
    *,
    lang: str,
    basemap: str = "none",
    targets: pd.DataFrame | None = None,
) -> tuple[folium.FeatureGroup, str]:
    """专栏10 sector layout: the cities and parks the plan names for ``sector``, and an info box (HTML).

    Raises
    ------
    ValueError
        ``sector`` is not one of 1–24.
    """
    targets = sector_targets() if targets is None else targets
    if int(sector) not in targets.index:
        raise ValueError(f"sector {sector!r} is not one of the 专栏10 sectors 1–{max(targets.index)}")
    t = row_at(targets, int(sector))
    sname = esc(field(t, "sector", lang))
    name = f"{text(lang, '专栏10产业布局', 'Box 10 sector layout')}: #{int(sector)} {sname}"
    fg = folium.FeatureGroup(name=name, show=True)
    places = sector_places()
    places = places[places["sector_no"] == int(sector)]
    city_names = sorted({c for lst in places["cities"] for c in lst})
    cities = load_boundaries("city")
    sel = cities[cities["name_zh"].isin(city_names)]
    if len(sel):
        tips = []
        for _, c in sel.iterrows():
            named = [
                esc(field(p, "place", lang)) for _, p in places.iterrows() if c["name_zh"] in p["cities"]
            ]
            tips.append(f"<b>{esc(field(c, 'name', lang))}</b><br>" + "<br>".join(named))
        st = {"color": SECTOR_COLOR, "weight": 2, "fillColor": SECTOR_COLOR, "fillOpacity": 0.18}
        _city_polygons(sel, [st] * len(sel), tips, basemap).add_to(fg)
    park_ids = [p for lst in places["park_ids"] for p in lst]
    found = [p for p in park_ids if p in parks.index]
    if found:
        parks_geojson(
            parks.loc[list(dict.fromkeys(found))],
            lang=lang,
            color_of=lambda r: SECTOR_COLOR,
            basemap=basemap,
        ).add_to(fg)
    missing = [p for p in park_ids if p not in parks.index]
    return fg, _sector_info(int(sector), t, places, missing, lang)


def _pct(value: object) -> str:
    """A growth rate as the plan gives it (``19``, ``8.5``), escaped."""
    try:
        # any value: float() raises TypeError / ValueError for what it cannot take (shown as it is)
        return esc(f"{float(value):g}")  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return esc(value)


def _sector_info(sector: int, t: pd.Series, places: pd.DataFrame, missing: list[str], lang: str) -> str:
    """The sector layer's info box: targets with source, the places the plan names, parks not on the map."""
    sname = esc(field(t, "sector", lang))
    unit = text(lang, "亿元", "× 100 million yuan")
    lines = [
        f"<h4>{text(lang, '专栏10', 'Box 10')} #{int(sector)} {sname}</h4>",
        f"{text(lang, '2020年全省产值目标', '2020 province-wide output target')}: "
        f"<b>{_num(t['output_2020'])}</b> {unit}"
        f"{text(lang, '（', ' (')}{text(lang, '年均增长', 'growth')} {_pct(t['output_cagr_pct'])}%"
        f"{text(lang, '）', ')')}",
    ]
    if pd.notna(t.get("va_2020")):
        lines.append(
            f"{text(lang, '2020年全省增加值目标', '2020 province-wide value-added target')}: "
            f"<b>{_num(t['va_2020'])}</b> {unit}"
            f"{text(lang, '（', ' (')}{text(lang, '年均增长', 'growth')} {_pct(t['va_cagr_pct'])}%"
            f"{text(lang, '）', ')')}"
        )
    src = esc(text(lang, str(t["source"]), place_en(str(t["source"]))))
    lines.append(f'<span class="note">{text(lang, "来源", "Source")}: {src}</span>')
    if len(places):
        lines.append(f"<b>{text(lang, '规划点名的地点', 'Places the plan names')}</b>")
        for _, p in places.iterrows():
            where = esc(text(lang, str(p["section"]), place_en(str(p["section"]))))
            lines.append(f'· {esc(field(p, "place", lang))} <span class="note">{where}</span>')
    else:
        lines.append(
            '<span class="note">'
            + text(lang, "规划未点名该产业的具体地点", "The plan names no place for this sector")
            + "</span>"
        )
    if missing:
        lines.append(
            f'<span class="note">{text(lang, "未在地图上的园区", "Parks not on the map")}: '
            f"{esc(', '.join(missing))}</span>"
        )
    return "<br>".join(lines)
