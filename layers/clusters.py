"""千亿 cluster layers: the plan's named clusters and related-document candidates styled apart, a city
choropleth of known 2020 cluster targets, and the 专栏10 sector layout.

Clusters have no geometry of their own: a marker sits just north-east of the mean of its host parks, else at each host city's
label point (spread on a small ring when several share a city — a symbolic placement, and the tooltip says
so). Clusters with neither (province-wide) are listed in the legend as "not mapped".
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.compact import CompactGeoJson
from layers.data import as_list, display_shift, load_boundaries, points_of, sector_places
from layers.legend import (
    PLAN_CLUSTER_COLOR,
    PROVENANCE,
    RELATED_CLUSTER_COLOR,
    SECTOR_COLOR,
    name_of,
    pair,
    tr,
)
from layers.popups import escape_html as esc

#: Choropleth classes (亿元) for the summed known targets of the clusters a city hosts.
CHORO_BINS: tuple[float, ...] = (1000.0, 2000.0, 3000.0)
CHORO_COLORS: tuple[str, ...] = ("#fde0c5", "#facba6", "#f59e72", "#e3624a")
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
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return esc(v)
    return "" if not np.isfinite(f) else esc(f"{f:,.0f}")


def cluster_card_html(row: pd.Series, lang: str, figures: pd.DataFrame | None = None) -> str:
    """Escaped card of one cluster: names, provenance, industry, hosts, target (source), figures, sources."""
    other = row.get("name_zh") if lang == "en" else row.get("name_en")
    rows = [
        (tr(lang, "来源类别", "Provenance"), pair(PROVENANCE, row.get("provenance"), lang)),
        (
            tr(lang, "产业", "Industry"),
            esc(row.get("industry_en") if lang == "en" else row.get("industry_zh")),
        ),
        (tr(lang, "所在地", "Host"), esc(row.get("host_city_text"))),
    ]
    t = row.get("target_2020")
    if t is not None and pd.notna(t):
        rows.append(
            (
                tr(lang, "2020年目标", "2020 target"),
                f"<b>{_num(t)}</b> {tr(lang, '亿元', '100 m yuan')} "
                f'<span class="src">{esc(row.get("target_source"))}</span>'
                + (
                    f'<br><span class="src">{esc(row.get("target_note"))}</span>'
                    if row.get("target_note")
                    else ""
                ),
            )
        )
    else:
        rows.append((tr(lang, "2020年目标", "2020 target"), tr(lang, "未见公开目标", "no target found")))
    if figures is not None and len(figures):
        f = figures[figures["cluster_id"] == row.name]
        items = [
            f"{esc(r.get('year'))}: {esc(r.get('comparator', ''))}{_num(r.get('value'))} {esc(r.get('unit'))} "
            f'({esc(r.get("measure"))}) <span class="src">{esc(r.get("source"))}; {esc(r.get("confidence"))}</span>'
            for _, r in f.iterrows()
        ]
        if items:
            rows.append((tr(lang, "数据", "Figures"), "<br>".join(items)))
    rows.append((tr(lang, "出处", "Source"), f'<span class="src">{esc(row.get("source"))}</span>'))
    if row.get("confidence_note"):
        rows.append((tr(lang, "说明", "Note"), f'<span class="src">{esc(row.get("confidence_note"))}</span>'))
    body = "".join(f"<tr><th>{a}</th><td>{b}</td></tr>" for a, b in rows if b)
    sub = f"<br><small>{esc(other)}</small>" if other else ""
    return f'<div class="fpa-card"><h4>{name_of(row, lang)}{sub}</h4><table>{body}</table></div>'


def cluster_positions(clusters: pd.DataFrame, parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per marker: ``cluster_id, lon, lat, placement`` (``parks`` | ``city``); unmapped clusters absent."""
    cities = load_boundaries("city").set_index("name_zh")
    park_pts = points_of(parks.geometry) if len(parks) else gpd.GeoSeries([], crs="EPSG:4326")
    per_city: dict[str, int] = {}
    out = []
    for cid, row in clusters.iterrows():
        hp = [p for p in as_list(row.get("host_parks")) if p in park_pts.index]
        if hp:
            pts = park_pts.loc[hp]
            # beside (north-east of) the parks, so the park markers stay clickable
            out.append(
                (cid, float(pts.x.mean()) + PARK_OFFSET_DEG, float(pts.y.mean()) + PARK_OFFSET_DEG, "parks")
            )
            continue
        for city in as_list(row.get("host_cities")):
            if city not in cities.index:
                continue
            k = per_city.get(city, 0)
            per_city[city] = k + 1
            c = cities.loc[city]
            ang = (k * 2.4) % (2 * math.pi)  # golden-angle spread
            r = RING_DEG * (0 if k == 0 else 1 + 0.25 * (k // 6))
            out.append(
                (
                    cid,
                    float(c["label_lon"]) + r * math.cos(ang),
                    float(c["label_lat"]) + r * math.sin(ang),
                    "city",
                )
            )
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
    figures: pd.DataFrame | None = None,
) -> folium.FeatureGroup:
    """Markers of the plan's clusters (``plan=True``, solid) or related-document candidates (grey, dashed)."""
    sub = clusters[clusters["in_plan"].astype(bool)] if plan else clusters[~clusters["in_plan"].astype(bool)]
    name = (
        tr(lang, "千亿集群（规划点名）", "100-bn clusters (named in the plan)")
        if plan
        else tr(lang, "千亿集群候选（相关文件）", "100-bn cluster candidates (related documents)")
    )
    fg = folium.FeatureGroup(name=name, show=True)
    pos = cluster_positions(sub, parks)
    if pos.empty:
        return fg
    color = PLAN_CLUSTER_COLOR if plan else RELATED_CLUSTER_COLOR
    geoms = display_shift(gpd.GeoSeries(gpd.points_from_xy(pos["lon"], pos["lat"]), crs="EPSG:4326"), basemap)
    rows = [sub.loc[c] for c in pos["cluster_id"]]
    tips, cards, styles = [], [], {}
    for i, (row, placement) in enumerate(zip(rows, pos["placement"], strict=True)):
        t = row.get("target_2020")
        tnum = float(t) if t is not None and pd.notna(t) else None
        where = (
            tr(lang, "位置：所在园区旁（示意）", "placed beside its host parks (symbolic)")
            if placement == "parks"
            else tr(lang, "位置：所在城市（示意）", "placed at its host city (symbolic)")
        )
        ttxt = (
            f"{_num(tnum)} {tr(lang, '亿元', '100 m yuan')}"
            if tnum
            else tr(lang, "无公开目标", "no target found")
        )
        tips.append(
            f"<b>{name_of(row, lang)}</b><br>{pair(PROVENANCE, row.get('provenance'), lang)}<br>"
            f"{tr(lang, '2020年目标', '2020 target')}: {ttxt}<br><i>{where}</i>"
        )
        cards.append(cluster_card_html(row, lang, figures))
        st = {
            "color": color,
            "weight": 2,
            "radius": radius_for(tnum),
            "fillColor": color,
            "fillOpacity": 0.55 if tnum else 0.15,
        }
        if not plan:
            st["dashArray"] = "5 4"
        styles[f"f{i}"] = st
    CompactGeoJson(
        list(geoms.values),
        [styles[f"f{i}"] for i in range(len(rows))],
        tooltips=tips,
        popups=cards,
        ids=[esc(c) for c in pos["cluster_id"]],
        precision=5,
    ).add_to(fg)
    return fg


def city_targets(clusters: pd.DataFrame) -> pd.DataFrame:
    """Per host city: summed known 2020 targets (亿元) and the clusters behind them (DERIVED; a cluster shared
    by several cities counts in full for each, so city values must not be added up)."""
    recs: dict[str, list[tuple[str, float, int]]] = {}
    for cid, row in clusters.iterrows():
        t = row.get("target_2020")
        if t is None or pd.isna(t):
            continue
        hosts = [c for c in as_list(row.get("host_cities")) if c]
        for c in hosts:
            recs.setdefault(c, []).append((str(cid), float(t), len(hosts)))
    rows = [
        (c, sum(v for _, v, _ in items), [i for i, _, _ in items], any(n > 1 for *_, n in items))
        for c, items in recs.items()
    ]
    return pd.DataFrame(rows, columns=["city", "target_sum", "cluster_ids", "shared"]).set_index("city")


def choro_color(value: float) -> str:
    """Class colour of a summed target."""
    for b, col in zip(CHORO_BINS, CHORO_COLORS, strict=False):
        if value < b:
            return col
    return CHORO_COLORS[-1]


def choropleth_group(clusters: pd.DataFrame, *, lang: str, basemap: str = "none") -> folium.FeatureGroup:
    """City choropleth of the known 2020 cluster targets (derived sums; cities without a known target grey)."""
    name = tr(lang, "城市集群目标（推算）", "City cluster targets (derived)")
    fg = folium.FeatureGroup(name=name, show=True)
    cities = load_boundaries("city")
    ct = city_targets(clusters)
    tips, styles = [], {}
    for i, (_, c) in enumerate(cities.iterrows()):
        nm = name_of(c, lang)
        if c["name_zh"] in ct.index:
            rec = ct.loc[c["name_zh"]]
            names = "、".join(name_of(clusters.loc[x], lang) for x in rec["cluster_ids"])
            shared = (
                tr(
                    lang,
                    "（跨市集群全额计入，各市不可相加）",
                    " (shared clusters counted in full; do not add cities up)",
                )
                if rec["shared"]
                else ""
            )
            tips.append(
                f"<b>{nm}</b><br>{tr(lang, '已知2020年集群目标之和（推算）', 'Sum of known 2020 cluster targets (derived)')}: "
                f"{_num(rec['target_sum'])} {tr(lang, '亿元', '100 m yuan')}{shared}<br>{names}"
            )
            styles[f"f{i}"] = {
                "color": "#7b241c",
                "weight": 1,
                "fillColor": choro_color(rec["target_sum"]),
                "fillOpacity": 0.6,
            }
        else:
            tips.append(f"<b>{nm}</b><br>{tr(lang, '无已知集群目标', 'no known cluster target')}")
            styles[f"f{i}"] = {"color": "#999", "weight": 0.6, "fillColor": "#d5d8dc", "fillOpacity": 0.25}
    CompactGeoJson(
        list(display_shift(cities.geometry, basemap).values),
        [styles[f"f{i}"] for i in range(len(cities))],
        tooltips=tips,
        ids=[esc(a) for a in cities["adcode"]],
        precision=4,
        sticky=True,
    ).add_to(fg)
    return fg


def sector_group(
    sector: int,
    parks: gpd.GeoDataFrame,
    *,
    lang: str,
    basemap: str = "none",
    targets: pd.DataFrame | None = None,
) -> tuple[folium.FeatureGroup, str]:
    """专栏10 sector layout: the cities and parks the plan names for ``sector`` and an info box (escaped HTML).

    Raises
    ------
    ValueError
        ``sector`` is not one of 1–24.
    """
    from clusters.targets import sector_targets

    targets = sector_targets() if targets is None else targets
    if int(sector) not in targets.index:
        raise ValueError(f"sector {sector!r} is not one of the 专栏10 sectors 1–{max(targets.index)}")
    t = targets.loc[int(sector)]
    sname = esc(t["sector_en"] if lang == "en" else t["sector_zh"])
    name = f"{tr(lang, '专栏10产业布局', 'Box 10 sector layout')}: #{int(sector)} {sname}"
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
                esc(p["place_en"] if lang == "en" else p["place_zh"])
                for _, p in places.iterrows()
                if c["name_zh"] in p["cities"]
            ]
            tips.append(f"<b>{name_of(c, lang)}</b><br>" + "<br>".join(named))
        st = {"color": SECTOR_COLOR, "weight": 2, "fillColor": SECTOR_COLOR, "fillOpacity": 0.18}
        CompactGeoJson(
            list(display_shift(sel.geometry, basemap).values),
            [st] * len(sel),
            tooltips=tips,
            ids=[esc(a) for a in sel["adcode"]],
            precision=4,
            sticky=True,
        ).add_to(fg)
    park_ids = [p for lst in places["park_ids"] for p in lst]
    found = [p for p in park_ids if p in parks.index]
    if found:
        from layers.parks import parks_geojson

        parks_geojson(
            parks.loc[list(dict.fromkeys(found))],
            name=name,
            lang=lang,
            color_of=lambda r: SECTOR_COLOR,
            basemap=basemap,
        ).add_to(fg)
    missing = [p for p in park_ids if p not in parks.index]
    unit = tr(lang, "亿元", "100 m yuan")
    lines = [
        f"<h4>{tr(lang, '专栏10', 'Box 10')} #{int(sector)} {sname}</h4>",
        f"{tr(lang, '2020年产值目标', '2020 output target')}: <b>{_num(t['output_2020'])}</b> {unit}"
        f"（{tr(lang, '年均增长', 'growth')} {esc(t['output_cagr_pct'])}%）",
    ]
    if pd.notna(t.get("va_2020")):
        lines.append(
            f"{tr(lang, '2020年增加值目标', '2020 value-added target')}: <b>{_num(t['va_2020'])}</b> {unit}"
            f"（{tr(lang, '年均增长', 'growth')} {esc(t['va_cagr_pct'])}%）"
        )
    lines.append(f'<span class="note">{tr(lang, "来源", "Source")}: {esc(t["source"])}</span>')
    if len(places):
        lines.append(f"<b>{tr(lang, '规划点名的地点', 'Places the plan names')}</b>")
        for _, p in places.iterrows():
            lines.append(
                f"· {esc(p['place_en'] if lang == 'en' else p['place_zh'])} "
                f'<span class="note">{esc(p["section"])}</span>'
            )
    else:
        lines.append(
            f'<span class="note">{tr(lang, "规划未点名该产业的具体地点", "The plan names no place for this sector")}</span>'
        )
    if missing:
        lines.append(
            f'<span class="note">{tr(lang, "未在地图上的园区", "Parks not on the map")}: {esc(", ".join(missing))}</span>'
        )
    return fg, "<br>".join(lines)
