"""Park layers: development zones by level, petrochemical bases, demonstration bases, the user's parks.

Markers: ``boundary`` polygons get a solid outline, ``approximate`` geometry a dashed outline or a hollow
dashed circle, exact ``point`` a filled circle; the tooltip says "approximate" where it is. Popups carry the
park card (:func:`layers.legend.park_card_html`). Beyond :data:`CANVAS_THRESHOLD` parks a layer is drawn as
points on one canvas of its own (polygons at their representative point; cards kept up to :data:`CARD_LIMIT`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import folium
import geopandas as gpd
import pandas as pd

from layers.compact import CompactGeoJson
from layers.data import as_list, display_shift
from layers.legend import KIND_COLORS, LEVEL_COLORS, QUALITY, pair, park_card_html, tr
from layers.popups import escape_html as esc

#: Above this many parks a layer is drawn on one canvas of its own (points only; see ``CompactGeoJson``).
CANVAS_THRESHOLD = 3000
#: Above this many parks a layer carries tooltips only (cards would make the page and the build too big).
CARD_LIMIT = 20000

#: Marker radius (px) of a park point.
RADIUS = 7


#: Above this many parks in one layer, approximate markers are hollow but not dashed (canvas dashing is slow).
DASH_LIMIT = 2000


def park_style(quality: str, color: str, *, dashed: bool = True) -> dict[str, object]:
    """Leaflet path style for a park of ``quality`` in ``color`` (approximate = hollow, dashed outline)."""
    if quality == "boundary":
        return {"color": color, "weight": 2, "fillColor": color, "fillOpacity": 0.25, "radius": RADIUS}
    if quality == "point":
        return {"color": "#222", "weight": 1, "fillColor": color, "fillOpacity": 0.9, "radius": RADIUS}
    style: dict[str, object] = {
        "color": color,
        "weight": 2,
        "fillColor": "#ffffff",
        "fillOpacity": 0.15,
        "radius": RADIUS,
    }
    if dashed:
        style["dashArray"] = "4 3"
    return style


def tooltip_html(row: Mapping, lang: str) -> str:
    """Escaped one-line tooltip: name, level/city, and 'approximate' when so."""
    from layers.legend import name_of

    name = name_of(row, lang)
    city = esc(row.get("city")) if isinstance(row.get("city"), str) else ""
    q = str(row.get("geometry_quality") or "")
    note = f"<br><i>{pair(QUALITY, q, lang)}</i>" if q and q != "boundary" else ""
    return f"<b>{name}</b>{' · ' + city if city else ''}{note}"


def search_label(row: Mapping) -> str:
    """Escaped bilingual label the search box matches (Chinese / English)."""
    zh, en = row.get("name_zh"), row.get("name_en")
    return " / ".join(esc(x) for x in (zh, en) if isinstance(x, str) and x)


def parks_geojson(
    parks: gpd.GeoDataFrame,
    *,
    name: str,
    lang: str,
    color_of: Callable[[Mapping], str],
    basemap: str = "none",
    card: Callable[[Mapping], str] | None = None,
    canvas: bool = False,
) -> CompactGeoJson:
    """One compact layer of parks with styles by quality, tooltip, and card popup (``name`` is for callers)."""
    geoms = display_shift(parks.geometry, basemap)
    rows = _rows(parks)
    dashed = len(rows) <= DASH_LIMIT
    styles = [
        park_style(str(r.get("geometry_quality") or "approximate"), color_of(r), dashed=dashed) for r in rows
    ]
    return CompactGeoJson(
        list(geoms.values),
        styles,
        tooltips=[tooltip_html(r, lang) for r in rows],
        popups=[card(r) for r in rows] if card is not None else None,
        ids=[esc(i) for i in parks.index],
        precision=5,
        canvas=canvas,
    )


def _rows(parks: gpd.GeoDataFrame) -> list[dict]:
    """Parks as plain dicts with ``id`` (much faster than ``iterrows`` for thousands of parks)."""
    recs = pd.DataFrame(parks.drop(columns=parks.geometry.name)).to_dict("records")
    for pid, rec in zip(parks.index, recs, strict=True):
        rec.setdefault("id", pid)
    return recs


def park_group(
    parks: gpd.GeoDataFrame,
    *,
    name: str,
    lang: str,
    color_of: Callable[[Mapping], str],
    basemap: str = "none",
    card: Callable[[Mapping], str] | None = None,
    show: bool = True,
    total: int | None = None,
) -> folium.FeatureGroup:
    """FeatureGroup of parks; one canvas above :data:`CANVAS_THRESHOLD`, without cards above :data:`CARD_LIMIT`."""
    fg = folium.FeatureGroup(name=name, show=show)
    if parks.empty:
        return fg
    n = len(parks) if total is None else total  # the map's park count decides, not one group's
    parks_geojson(
        parks,
        name=name,
        lang=lang,
        color_of=color_of,
        basemap=basemap,
        card=None if n > CARD_LIMIT else card,
        canvas=n > CANVAS_THRESHOLD,
    ).add_to(fg)
    return fg


def has_role(parks: gpd.GeoDataFrame, *roles: str) -> pd.Series:
    """Boolean mask: park has any of ``roles``."""
    return (
        parks["roles"].map(lambda v: any(r in as_list(v) for r in roles))
        if len(parks)
        else pd.Series(dtype=bool)
    )


def level_color(row: Mapping) -> str:
    """Colour by level."""
    return LEVEL_COLORS.get(str(row.get("level")), LEVEL_COLORS["unknown"])


def kind_color(row: Mapping) -> str:
    """Colour by kind (falls back to level)."""
    return KIND_COLORS.get(str(row.get("kind")), level_color(row))


def dev_zone_groups(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> list[folium.FeatureGroup]:
    """Development zones / other parks split by level (national, provincial, other) — petrochemical and
    demonstration bases have their own layers."""
    rest = (
        parks[
            (parks["kind"] != "petrochemical_base")
            & ~has_role(parks, "demo_base_national", "demo_base_provincial")
        ]
        if len(parks)
        else parks
    )
    out = []
    for level, (zh, en) in (
        ("national", ("国家级园区", "National parks")),
        ("provincial", ("省级园区", "Provincial parks")),
        ("other", ("其他园区", "Other parks")),
    ):
        mask = rest["level"] == level if level != "other" else ~rest["level"].isin(["national", "provincial"])
        sub = rest[mask] if len(rest) else rest
        out.append(
            park_group(
                sub,
                name=tr(lang, zh, en),
                lang=lang,
                color_of=level_color,
                basemap=basemap,
                card=card,
                total=len(rest),
            )
        )
    return out


def petrochem_group(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> folium.FeatureGroup:
    """Petrochemical bases 湄洲湾 (泉港, 泉惠, 石门澳, 东吴), 古雷, 江阴."""
    sub = (
        parks[(parks["kind"] == "petrochemical_base") | has_role(parks, "petrochemical")]
        if len(parks)
        else parks
    )
    return park_group(
        sub,
        name=tr(lang, "石化基地", "Petrochemical bases"),
        lang=lang,
        color_of=lambda r: KIND_COLORS["petrochemical_base"],
        basemap=basemap,
        card=card,
    )


def demo_group(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> folium.FeatureGroup:
    """Demonstration bases with confirmed names (national red, provincial blue)."""
    mask = (
        has_role(parks, "demo_base_national", "demo_base_provincial") if len(parks) else pd.Series(dtype=bool)
    )
    sub = parks[mask | (parks["kind"] == "demonstration_base")] if len(parks) else parks

    def color(r: Mapping) -> str:
        return (
            LEVEL_COLORS["national"]
            if "demo_base_national" in as_list(r.get("roles"))
            else LEVEL_COLORS["provincial"]
        )

    return park_group(
        sub,
        name=tr(lang, "新型工业化产业示范基地", "Demonstration bases"),
        lang=lang,
        color_of=color,
        basemap=basemap,
        card=card,
    )


def user_group(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> folium.FeatureGroup:
    """The user's own parks (from a file they loaded)."""
    from layers.legend import USER_COLOR

    return park_group(
        parks,
        name=tr(lang, "我的园区（用户文件）", "My parks (user file)"),
        lang=lang,
        color_of=lambda r: USER_COLOR,
        basemap=basemap,
        card=card,
    )


def default_card(lang: str) -> Callable[[Mapping], str]:
    """Card builder with the plan's sector targets, clusters and petrochemical goals loaded."""
    from clusters.clusters import load_clusters
    from clusters.targets import park_goals, petrochem_goals, sector_targets

    targets, cls, pc = (df.to_dict("index") for df in (sector_targets(), load_clusters(), petrochem_goals()))
    demo_note = demo_counts_html(park_goals(), lang)
    return lambda r: park_card_html(r, lang, targets, cls, petrochem=pc, demo_note=demo_note)


def demo_counts_html(goals: pd.DataFrame, lang: str) -> str:
    """The plan's demonstration-base counts (2015 baseline and 2020 target) as escaped HTML."""
    if "demo_bases" not in goals.index:
        return ""
    g = goals.loc["demo_bases"]
    base = esc(g.get("baseline_note"))
    return (
        f"{tr(lang, '规划', 'Plan')}: {tr(lang, '2015年', '2015')} {base}；"
        f"{tr(lang, '2020年目标', '2020 target')} {esc(g.get('comparator'))}{esc(g.get('value'))} {esc(g.get('unit'))} "
        f'<span class="src">({esc(g.get("source"))})</span>'
    )
