"""Data behind the map page's detail panel, search box, click lookup and GeoPackage download.

Pure pandas / geopandas (no streamlit, no folium) so it can be tested with small synthetic frames. Every
function takes ``lang`` (``"zh"`` or ``"en"``) instead of reading the session. Every data string that ends up
in HTML goes through :func:`layers.popups.escape_html`.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from gis.parks import KIND_LABELS, LEVEL_LABELS, QUALITY_LABELS
from layers.popups import escape_html

PARK = "park"
CLUSTER = "cluster"

# Kind / level / geometry-quality labels come from the loader's module (one source of truth).
QUALITY_NOTE = (
    "；图上以虚线或空心标记显示",
    "; drawn dashed / hollow on the map",
)
ROLE_LABELS = {
    "catalogue_2018": ("《中国开发区审核公告目录》（2018年版）", "China development-zone catalogue (2018)"),
    "petrochemical": ("石化基地", "Petrochemical base"),
    "demo_base_national": ("国家新型工业化产业示范基地", "National industrialization demonstration base"),
    "demo_base_provincial": ("省级新型工业化产业示范基地", "Provincial industrialization demonstration base"),
    "plan_named": ("规划点名", "Named in the plan"),
}


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _label(table: Mapping[str, tuple[str, str]], key: object, lang: str) -> str:
    if key is None or (isinstance(key, float) and math.isnan(key)) or key == "":
        return _t(lang, "未知", "unknown")
    zh, en = table.get(str(key), (str(key), str(key)))
    return _t(lang, zh, en)


def _listish(value: object) -> list:
    """Return ``value`` as a list (lists stay, NaN / None / "" become [])."""
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist"):
        return list(value.tolist())
    if isinstance(value, str):
        return [value] if value else []
    return [value]


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _s(value: object, default: str = "") -> str:
    """``str(value)``, or ``default`` for None / NaN / blank."""
    return default if _is_missing(value) else str(value)


def _num(value: object) -> str:
    """Format a number without spurious decimals (6800.0 -> "6800", 12.5 -> "12.5")."""
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f):
        return ""
    return f"{f:,.0f}" if f == int(f) else f"{f:,.2f}".rstrip("0").rstrip(".")


def _pick(record: Mapping[str, object], name: str, lang: str) -> str:
    zh = record.get(f"{name}_zh")
    en = record.get(f"{name}_en")
    if lang == "en" and not _is_missing(en):
        return str(en)
    return "" if _is_missing(zh) else str(zh)


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
        kind = _t(lang, "园区", "park") if self.kind == PARK else _t(lang, "集群", "cluster")
        first, second = (self.name_en, self.name_zh) if lang == "en" else (self.name_zh, self.name_en)
        names = first if not second or second == first else f"{first} · {second}"
        city = f" · {self.city}" if self.city else ""
        return f"{names}{city} ({kind})"


def place_key(kind: str, ident: str) -> str:
    """Stable key of a park or cluster: the park id itself, or ``cluster:<id>``."""
    return ident if kind == PARK else f"{CLUSTER}:{ident}"


def split_key(key: str) -> tuple[str, str]:
    """Inverse of :func:`place_key`: ``(kind, id)``."""
    if key.startswith(f"{CLUSTER}:"):
        return CLUSTER, key.split(":", 1)[1]
    return PARK, key


def build_places(
    parks: gpd.GeoDataFrame,
    clusters: pd.DataFrame | None = None,
    cities: gpd.GeoDataFrame | None = None,
) -> dict[str, Place]:
    """Index every park and cluster by key.

    A cluster is centred on the mean of its host parks' points, else of its host cities' label points, else
    not centred (``lat`` is None) — its position is derived, never stored.
    """
    places: dict[str, Place] = {}
    pts = parks.geometry.representative_point() if len(parks) else gpd.GeoSeries([], crs="EPSG:4326")
    for pid, row in parks.iterrows():
        pt = pts.loc[pid]
        ok = pt is not None and not pt.is_empty
        places[place_key(PARK, str(pid))] = Place(
            key=place_key(PARK, str(pid)),
            kind=PARK,
            id=str(pid),
            name_zh=_s(row.get("name_zh"), str(pid)),
            name_en=_s(row.get("name_en")),
            city=_s(row.get("city")),
            lat=float(pt.y) if ok else None,
            lon=float(pt.x) if ok else None,
        )
    if clusters is None:
        return places
    city_pts: dict[str, tuple[float, float]] = {}
    if cities is not None and len(cities):
        for _, c in cities.iterrows():
            city_pts[str(c["name_zh"])] = (float(c["label_lat"]), float(c["label_lon"]))
    for cid, row in clusters.iterrows():
        coords = [
            (places[h].lat, places[h].lon)
            for h in _listish(row.get("host_parks"))
            if h in places and places[h].lat is not None
        ]
        if not coords:
            coords = [city_pts[c] for c in _listish(row.get("host_cities")) if c in city_pts]
        lat = sum(c[0] for c in coords) / len(coords) if coords else None
        lon = sum(c[1] for c in coords) / len(coords) if coords else None
        key = place_key(CLUSTER, str(cid))
        places[key] = Place(
            key=key,
            kind=CLUSTER,
            id=str(cid),
            name_zh=_s(row.get("name_zh"), str(cid)),
            name_en=_s(row.get("name_en")),
            city="、".join(_listish(row.get("host_cities"))),
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
    every place's Chinese and English name: a name at the very start wins, then the longest (古雷石化基地 beats
    古雷). A clicked object with a tooltip naming no park or cluster (a county, say) selects nothing. Only when
    there is no tooltip text is the nearest park to the clicked position within ``tolerance_deg`` taken.
    Returns a key or None.
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


# --------------------------------------------------------------------------------------------------- cards
@dataclass
class Card:
    """A detail card: title, facts (label, value) and tables (heading, rows of cells), all plain text."""

    kind: str
    id: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _figure_rows(figures: Iterable[Mapping[str, object]], lang: str) -> list[list[str]]:
    rows = []
    for f in figures:
        label = _pick(f, "label", lang) or str(f.get("key", ""))
        value = "" if _is_missing(f.get("value")) else _num(f.get("value"))
        unit = "" if _is_missing(f.get("unit")) else str(f.get("unit"))
        rows.append(
            [
                label,
                f"{value} {unit}".strip() or _t(lang, "未知", "unknown"),
                "" if _is_missing(f.get("year")) else str(f.get("year")),
                "" if _is_missing(f.get("source")) else str(f.get("source")),
                "" if _is_missing(f.get("confidence")) else str(f.get("confidence")),
                "" if _is_missing(f.get("note")) else str(f.get("note")),
            ]
        )
    return rows


def _figure_headers(lang: str) -> list[str]:
    return [
        _t(lang, "指标", "Figure"),
        _t(lang, "数值", "Value"),
        _t(lang, "年份", "Year"),
        _t(lang, "来源", "Source"),
        _t(lang, "可信度", "Confidence"),
        _t(lang, "说明", "Note"),
    ]


def park_card(
    park_id: str,
    parks: gpd.GeoDataFrame,
    *,
    lang: str = "zh",
    clusters: pd.DataFrame | None = None,
    sectors: pd.DataFrame | None = None,
    sector_places: pd.DataFrame | None = None,
    petrochem_goals: pd.DataFrame | None = None,
) -> Card:
    """Everything the atlas knows about one park, each number with its year and source, unknowns said."""
    row = parks.loc[park_id]
    unknown = _t(lang, "未知", "unknown")
    name = _pick(row, "name", lang) or str(park_id)
    other = _s(row.get("name_zh") if lang == "en" else row.get("name_en"))
    card = Card(kind=PARK, id=str(park_id), title=name, subtitle=other if other != name else "")

    place = "".join(_s(row.get(k)) for k in ("city", "county")) or unknown
    roles = [_label(ROLE_LABELS, r, lang) for r in _listish(row.get("roles"))]
    industries = "、".join(str(i) for i in _listish(row.get("industries"))) or unknown
    figures = [f for f in _listish(row.get("figures")) if isinstance(f, Mapping)]
    area = next((f for f in figures if "area" in str(f.get("key", ""))), None)
    if area is not None:
        open_, sep, close = ("（", "，", "）") if lang == "zh" else (" (", ", ", ")")
        area_text = (
            f"{_num(area.get('value'))} {_s(area.get('unit'))}".strip()
            + f"{open_}{_pick(area, 'label', lang)}{sep}{_s(area.get('year'), unknown)}{sep}"
            + f"{_t(lang, '来源', 'source')}: {_s(area.get('source'), unknown)}{close}"
        )
    else:
        area_text = _t(lang, "未知（无可靠来源）", "unknown (no reliable source)")
    geom = row.geometry
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        from gis.measure import area_km2

        km2 = float(area_km2(gpd.GeoSeries([geom], crs=parks.crs or 4326)).iloc[0])
        measured = _t(
            lang,
            f"边界面积 {km2:,.2f} km²（按等积投影由边界推算）",
            f"boundary area {km2:,.2f} km² (derived from the boundary, equal-area projection)",
        )
        area_text = measured if area is None else f"{measured}{_t(lang, '；', '; ')}{area_text}"
    card.facts += [
        (_t(lang, "类型", "Kind"), _label(KIND_LABELS, row.get("kind"), lang)),
        (_t(lang, "级别", "Level"), _label(LEVEL_LABELS, row.get("level") or "unknown", lang)),
        (_t(lang, "开发区类型", "Zone type"), _s(row.get("zone_type"), unknown)),
        (_t(lang, "所在地", "Location"), place),
        (_t(lang, "主导产业", "Leading industries"), industries),
        (_t(lang, "面积", "Area"), area_text),
        (_t(lang, "身份", "Listed as"), _t(lang, "；", "; ").join(roles) or unknown),
    ]
    if not _is_missing(row.get("base")):
        card.facts.append((_t(lang, "石化基地", "Petrochemical base"), str(row.get("base"))))
    refs = _t(lang, "；", "; ").join(str(r) for r in _listish(row.get("plan_refs")))
    card.facts.append(
        (
            _t(lang, "规划出处", "Named in the plan at"),
            refs or _t(lang, "规划未点名", "not named in the plan"),
        )
    )
    quality = _label(QUALITY_LABELS, row.get("geometry_quality"), lang)
    if row.get("geometry_quality") == "approximate":
        quality += _t(lang, *QUALITY_NOTE)
    note = _pick(row, "position_note", lang)
    src = _s(row.get("position_source"))
    conf = _s(row.get("position_confidence"))
    extra = _t(lang, "；", "; ").join(
        x for x in (note, f"{_t(lang, '来源', 'source')}: {src}" if src else "", conf) if x
    )
    card.facts.append(
        (
            _t(lang, "几何质量", "Geometry quality"),
            (f"{quality}（{extra}）" if lang == "zh" else f"{quality} ({extra})") if extra else quality,
        )
    )

    if figures:
        card.tables.append(
            (
                _t(lang, "数据（含年份与来源）", "Figures (with year and source)"),
                _figure_headers(lang),
                _figure_rows(figures, lang),
            )
        )
    else:
        card.notes.append(_t(lang, "暂无带来源的数据。", "No sourced figures yet."))

    # Sector targets of 专栏10 that name this park.
    sector_nos = [int(s) for s in _listish(row.get("sectors"))]
    if sector_places is not None and len(sector_places):
        for _, sp in sector_places.iterrows():
            raw = sp.get("park_ids") if "park_ids" in sp.index else sp.get("park_id")
            ids = [
                str(i).strip()
                for i in (raw if isinstance(raw, list) else str(raw or "").split(";"))
                if str(i).strip()
            ]
            if str(park_id) in ids and int(sp["sector_no"]) not in sector_nos:
                sector_nos.append(int(sp["sector_no"]))
    if sector_nos and sectors is not None:
        rows = []
        for no in sorted(set(sector_nos)):
            if no not in sectors.index:
                continue
            s = sectors.loc[no]
            va = s.get("va_2020")
            rows.append(
                [
                    f"{no} {_pick(s, 'sector', lang)}",
                    f"{_num(s.get('output_2020'))} {_s(s.get('unit'))}".strip()
                    + f"（{_t(lang, '年均', 'CAGR')} {_num(s.get('output_cagr_pct'))}%）",
                    unknown if _is_missing(va) else f"{_num(va)} {_s(s.get('unit'))}".strip(),
                    _s(s.get("source")),
                ]
            )
        card.tables.append(
            (
                _t(lang, "所属专栏10产业及2020年目标", "Box 10 (专栏10) sectors and their 2020 targets"),
                [
                    _t(lang, "产业", "Sector"),
                    _t(lang, "产值目标", "Output target"),
                    _t(lang, "增加值目标", "Value-added target"),
                    _t(lang, "来源", "Source"),
                ],
                rows,
            )
        )
    # Petrochemical targets and capacity goals (第四章一（一）) for petrochemical bases.
    if petrochem_goals is not None and "petrochemical" in _listish(row.get("roles")):
        rows = [
            [
                _pick(g, "name", lang),
                f"{_num(g.get('value'))} {_s(g.get('unit'))}".strip(),
                _s(g.get("year")),
                _s(g.get("kind")),
                _s(g.get("source")),
            ]
            for _, g in petrochem_goals.iterrows()
        ]
        card.tables.append(
            (
                _t(
                    lang,
                    "全省石化目标（规划，非本基地单独目标）",
                    "Province-wide petrochemical goals (plan; not this base alone)",
                ),
                [
                    _t(lang, "目标", "Goal"),
                    _t(lang, "数值", "Value"),
                    _t(lang, "年份", "Year"),
                    _t(lang, "性质", "Kind"),
                    _t(lang, "来源", "Source"),
                ],
                rows,
            )
        )
    # Clusters: those the park record names and those whose record names the park as host.
    cluster_ids = [str(c) for c in _listish(row.get("clusters"))]
    if clusters is not None:
        for cid, c in clusters.iterrows():
            if (
                str(park_id) in [str(h) for h in _listish(c.get("host_parks"))]
                and str(cid) not in cluster_ids
            ):
                cluster_ids.append(str(cid))
        rows = []
        for cid in cluster_ids:
            if cid not in clusters.index:
                continue
            c = clusters.loc[cid]
            rows.append(
                [
                    _pick(c, "name", lang),
                    _provenance(c.get("provenance"), lang),
                    _target_text(c, lang),
                    _s(c.get("source")),
                ]
            )
        if rows:
            card.tables.append(
                (
                    _t(lang, "所属千亿产业集群", "100-billion-yuan clusters it hosts"),
                    [
                        _t(lang, "集群", "Cluster"),
                        _t(lang, "出处", "Provenance"),
                        _t(lang, "2020年目标", "2020 target"),
                        _t(lang, "来源", "Source"),
                    ],
                    rows,
                )
            )
    if not cluster_ids:
        card.notes.append(
            _t(lang, "没有来源表明它属于某个千亿集群。", "No source links it to a 100-bn cluster.")
        )
    srcs = [s for s in _listish(row.get("sources")) if isinstance(s, Mapping)]
    if srcs:
        card.tables.append(
            (
                _t(lang, "资料来源", "Sources"),
                [_t(lang, "出处", "Reference"), _t(lang, "内容", "What"), _t(lang, "可信度", "Confidence")],
                [[_s(s.get("ref")), _s(s.get("what")), _s(s.get("confidence"))] for s in srcs],
            )
        )
    return card


def _provenance(value: object, lang: str) -> str:
    from clusters.clusters import PROVENANCE

    zh, en = PROVENANCE.get(str(value), (str(value), str(value)))
    return _t(lang, zh, en)


def _target_text(c: Mapping[str, object], lang: str) -> str:
    target = c.get("target_2020")
    if _is_missing(target):
        if _is_missing(c.get("target_note")):
            return _t(lang, "未知", "unknown")
        return _t(lang, f"未知（{c.get('target_note')}）", f"unknown ({c.get('target_note')})")
    semi = _t(lang, "；", "; ")
    src = (
        ""
        if _is_missing(c.get("target_source"))
        else f"{semi}{_t(lang, '来源', 'source')}: {c.get('target_source')}"
    )
    note = "" if _is_missing(c.get("target_note")) else f"{semi}{c.get('target_note')}"
    return f"{_num(target)} {_t(lang, '亿元', '亿元 (100 million yuan)')}{note}{src}"


def cluster_card(
    cluster_id: str,
    clusters: pd.DataFrame,
    *,
    lang: str = "zh",
    parks: gpd.GeoDataFrame | None = None,
    figures: pd.DataFrame | None = None,
    sectors: pd.DataFrame | None = None,
) -> Card:
    """Card of one 千亿 cluster: provenance first (plan vs related documents), target and figures with sources."""
    c = clusters.loc[cluster_id]
    unknown = _t(lang, "未知", "unknown")
    name = _pick(c, "name", lang) or str(cluster_id)
    other = _s(c.get("name_zh") if lang == "en" else c.get("name_en"))
    card = Card(kind=CLUSTER, id=str(cluster_id), title=name, subtitle=other if other != name else "")
    hosts = []
    for h in _listish(c.get("host_parks")):
        if parks is not None and h in parks.index:
            hosts.append(_pick(parks.loc[h], "name", lang) or str(h))
        else:
            hosts.append(str(h))
    industry = _pick(c, "industry", lang) or unknown
    sector_txt = "、".join(
        f"{int(s)} {_pick(sectors.loc[int(s)], 'sector', lang)}"
        if sectors is not None and int(s) in sectors.index
        else str(s)
        for s in _listish(c.get("sectors"))
    )
    card.facts += [
        (_t(lang, "出处", "Provenance"), _provenance(c.get("provenance"), lang)),
        (_t(lang, "产业", "Industry"), industry),
        (
            _t(lang, "所在城市", "Host cities"),
            "、".join(_listish(c.get("host_cities"))) or _s(c.get("host_city_text"), unknown),
        ),
        (
            _t(lang, "承载园区", "Host parks"),
            "、".join(hosts) or _t(lang, "无来源说明", "no source names them"),
        ),
        (_t(lang, "2020年目标", "2020 target"), _target_text(c, lang)),
        (_t(lang, "专栏10产业", "Box 10 (专栏10) sectors"), sector_txt or unknown),
        (_t(lang, "来源", "Source"), _s(c.get("source"), unknown)),
    ]
    if not _is_missing(c.get("confidence_note")):
        card.notes.append(str(c.get("confidence_note")))
    if not bool(c.get("in_plan", False)):
        card.notes.append(
            _t(
                lang,
                "此集群不是规划所列的20个千亿集群之一，来自相关文件。",
                "This cluster is not one of the plan's 20; it comes from related documents.",
            )
        )
    if figures is not None and len(figures):
        rows = figures[figures["cluster_id"].astype(str) == str(cluster_id)]
        if len(rows):
            table_rows = [
                [
                    _s(r.get("measure")),
                    f"{'' if r.get('comparator') in (None, '=') or _is_missing(r.get('comparator')) else r.get('comparator')}{_num(r.get('value'))} {_s(r.get('unit'))}".strip(),
                    _s(r.get("year")),
                    _s(r.get("source")),
                    _s(r.get("confidence")),
                    "" if _is_missing(r.get("scope_note")) else str(r.get("scope_note")),
                ]
                for _, r in rows.iterrows()
            ]
            card.tables.append(
                (_t(lang, "已报道数据", "Reported figures"), _figure_headers(lang), table_rows)
            )
    return card


def card_html(card: Card) -> str:
    """Render a card as HTML; every text goes through :func:`escape_html`."""
    parts = [
        f'<div class="fpa-card" data-card="{escape_html(card.kind)}:{escape_html(card.id)}" '
        "style='max-width:100%;box-sizing:border-box;padding-right:8px;overflow-wrap:break-word'>"
    ]
    parts.append(f"<h3 style='margin:0 0 .2rem 0'>{escape_html(card.title)}</h3>")
    if card.subtitle:
        parts.append(f"<div style='color:#555;margin-bottom:.4rem'>{escape_html(card.subtitle)}</div>")
    parts.append("<table style='border-collapse:collapse;font-size:.9rem;width:100%;table-layout:fixed'>")
    for label, value in card.facts:
        parts.append(
            "<tr><th style='text-align:left;vertical-align:top;padding:2px 8px 2px 0;width:38%'>"
            f"{escape_html(label)}</th><td style='padding:2px 0'>{escape_html(value)}</td></tr>"
        )
    parts.append("</table>")
    # Tables are drawn as stacked entries (the card column is narrow): first two cells in bold / plain, the
    # rest as "header: value" in small print; empty cells are left out.
    for heading, headers, rows in card.tables:
        parts.append(f"<h4 style='margin:.8rem 0 .2rem 0;font-size:1rem'>{escape_html(heading)}</h4>")
        for r in rows:
            head = f"<b>{escape_html(r[0])}</b>" + (f" {escape_html(r[1])}" if len(r) > 1 and r[1] else "")
            meta = " · ".join(
                f"{escape_html(h)}: {escape_html(v)}" for h, v in zip(headers[2:], r[2:], strict=False) if v
            )
            parts.append(
                "<div style='font-size:.86rem;border-bottom:1px solid #eee;padding:3px 0'>"
                + head
                + (f"<div style='color:#555;font-size:.8rem'>{meta}</div>" if meta else "")
                + "</div>"
            )
    for note in card.notes:
        parts.append(f"<p style='color:#555;font-size:.85rem;margin:.4rem 0 0 0'>{escape_html(note)}</p>")
    parts.append("</div>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------- GeoPackage
def _gpkg_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with list / dict columns as JSON text, other objects as text, index as a column, WGS84."""
    out = gdf.copy()
    if out.crs is None:
        out = out.set_crs("EPSG:4326")
    elif out.crs.to_epsg() != 4326:
        out = out.to_crs("EPSG:4326")
    if out.index.name and out.index.name not in out.columns:
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)
    geom = out.geometry.name
    for col in out.columns:
        if col == geom:
            continue
        s = out[col]
        if s.dtype == object or str(s.dtype).startswith(("string", "str")):
            out[col] = s.map(
                lambda v: (
                    None
                    if v is None or (isinstance(v, float) and math.isnan(v))
                    else json.dumps(v, ensure_ascii=False, default=str)
                    if isinstance(v, (list, dict, tuple))
                    else str(v)
                )
            )
    return out


def geopackage_bytes(frames: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """Write each frame as a GeoPackage layer (name = key) to a temp file and return the file's bytes."""
    if not frames:
        raise ValueError("no layers to write: choose at least one layer with data")
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(path)
    try:
        for name, gdf in frames.items():
            ready = _gpkg_ready(gdf)
            ready.to_file(
                path, layer=name, driver="GPKG", engine="pyogrio", mode="a" if os.path.exists(path) else "w"
            )
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        if os.path.exists(path):
            os.unlink(path)
