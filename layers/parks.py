"""Park layers: development zones by level, petrochemical bases, demonstration bases, the user's parks.

Markers follow the geometry quality (:data:`layers.style.QUALITY_LOOKS`, shared with the print sheets):
surveyed polygons and points solid and filled; plan drawings long-dashed, hand-traced dash-dot, approximate
and unverified dashed, points of unknown precision a hollow ring; the tooltip names any quality but
surveyed. Popups carry the
park card (:mod:`layers.cards`, rendered by :func:`layers.card_html.popup_html`). Beyond
:data:`CANVAS_THRESHOLD` parks a layer is drawn as points on one canvas of its own (polygons at their
representative point; cards kept up to :data:`CARD_LIMIT`). Which parks each layer shows is decided by the
place rules of :mod:`gis.parks` (:func:`development_zones`, :func:`petrochemical_parks`,
:func:`demonstration_parks`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import folium
import geopandas as gpd
import pandas as pd

from gis.admin_names import english_name
from gis.parks import as_list, has_role, is_demonstration_base, is_petrochemical
from gis.text import field, text
from gis.vocab import quality_label
from layers.compact import CompactGeoJson
from layers.data import display_shift
from layers.popups import escape_html as esc
from layers.style import KIND_COLORS, LEVEL_COLORS, PARK_RADIUS_PX, USER_COLOR, quality_order, quality_style

__all__ = [
    "CANVAS_THRESHOLD",
    "CARD_LIMIT",
    "demo_group",
    "demonstration_parks",
    "dev_zone_groups",
    "drawn_qualities",
    "development_zones",
    "has_role",
    "park_group",
    "park_style",
    "parks_geojson",
    "petrochem_group",
    "petrochemical_parks",
    "tooltip_html",
    "user_group",
]

#: Above this many parks a layer is drawn on one canvas of its own (points only; see ``CompactGeoJson``).
CANVAS_THRESHOLD = 3000
#: Above this many parks a layer carries tooltips only (cards would make the page and the build too big).
CARD_LIMIT = 20000

#: Marker radius (px) of a park point.
RADIUS = PARK_RADIUS_PX


#: Above this many parks in one layer, approximate markers are hollow but not dashed (canvas dashing is slow).
DASH_LIMIT = 2000


def park_style(quality: str, color: str, *, dashed: bool = True) -> dict[str, object]:
    """Leaflet path style for a park of ``quality`` in ``color``: the shared table of
    :func:`layers.style.quality_style` (surveyed solid and filled; every other quality hollow, with its
    own line)."""
    return quality_style(quality, color, dashed=dashed)


def drawn_qualities(*frames: gpd.GeoDataFrame | None) -> dict[str, str]:
    """The geometry qualities of the parks in ``frames``, in the legend's order (:func:`quality_order`), each
    with its legend shape: ``area`` when some park of it is a polygon, else ``point``."""
    shapes: dict[str, str] = {}
    for parks in frames:
        if parks is None or not len(parks):
            continue
        quality = (
            parks["geometry_quality"] if "geometry_quality" in parks else pd.Series("", index=parks.index)
        )
        area = parks.geometry.geom_type.fillna("").str.contains("Polygon")
        for q, is_area in zip(quality.fillna("").astype(str), area, strict=True):
            key = quality_order([q or "approximate"])[0]
            if is_area or key not in shapes:
                shapes[key] = "area" if is_area else "point"
    return {q: shapes[q] for q in quality_order(shapes)}


def tooltip_html(row: Mapping, lang: str) -> str:
    """Escaped one-line tooltip: name, level/city, and 'approximate' when so."""
    name = esc(field(row, "name", lang))
    city = esc(text(lang, row["city"], english_name(row["city"]))) if isinstance(row.get("city"), str) else ""
    q = str(row.get("geometry_quality") or "")
    note = f"<br><i>{esc(quality_label(q, lang))}</i>" if q and q != "boundary" else ""
    return f"<b>{name}</b>{' · ' + city if city else ''}{note}"


def search_label(row: Mapping) -> str:
    """Escaped bilingual label the search box matches (Chinese / English)."""
    zh, en = row.get("name_zh"), row.get("name_en")
    return " / ".join(esc(x) for x in (zh, en) if isinstance(x, str) and x)


def parks_geojson(
    parks: gpd.GeoDataFrame,
    *,
    lang: str,
    color_of: Callable[[Mapping], str],
    basemap: str = "none",
    card: Callable[[Mapping], str] | None = None,
    canvas: bool = False,
) -> CompactGeoJson:
    """One compact layer of parks: styles by quality, tooltips and card popups (callers name the group)."""
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
    """FeatureGroup of parks; one canvas above :data:`CANVAS_THRESHOLD`, no cards above :data:`CARD_LIMIT`."""
    fg = folium.FeatureGroup(name=name, show=show)
    if parks.empty:
        return fg
    n = len(parks) if total is None else total  # the map's park count decides, not one group's
    parks_geojson(
        parks,
        lang=lang,
        color_of=color_of,
        basemap=basemap,
        card=None if n > CARD_LIMIT else card,
        canvas=n > CANVAS_THRESHOLD,
    ).add_to(fg)
    return fg


def petrochemical_parks(parks: pd.DataFrame) -> pd.Series:
    """Parks of the petrochemical layer (:func:`gis.parks.is_petrochemical`)."""
    return is_petrochemical(parks)


def demonstration_parks(parks: pd.DataFrame) -> pd.Series:
    """Parks of the demonstration-base layer (:func:`gis.parks.is_demonstration_base`)."""
    return is_demonstration_base(parks)


def development_zones(parks: pd.DataFrame) -> pd.Series:
    """Parks of the development-zone layer: every park that is neither a petrochemical nor a demo base."""
    return ~is_petrochemical(parks) & ~is_demonstration_base(parks)


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
    rest = parks[development_zones(parks)] if len(parks) else parks
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
                name=text(lang, zh, en),
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
    sub = parks[petrochemical_parks(parks)] if len(parks) else parks
    return park_group(
        sub,
        name=text(lang, "石化基地", "Petrochemical bases"),
        lang=lang,
        color_of=lambda r: KIND_COLORS["petrochemical_base"],
        basemap=basemap,
        card=card,
    )


def demo_group(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> folium.FeatureGroup:
    """Demonstration bases with confirmed names (national red, provincial blue)."""
    sub = parks[demonstration_parks(parks)] if len(parks) else parks

    def color(r: Mapping) -> str:
        return (
            LEVEL_COLORS["national"]
            if "demo_base_national" in as_list(r.get("roles"))
            else LEVEL_COLORS["provincial"]
        )

    return park_group(
        sub,
        name=text(lang, "新型工业化产业示范基地", "Demonstration bases"),
        lang=lang,
        color_of=color,
        basemap=basemap,
        card=card,
    )


def user_group(
    parks: gpd.GeoDataFrame, lang: str, *, basemap: str = "none", card: Callable[[Mapping], str] | None = None
) -> folium.FeatureGroup:
    """The user's own parks (from a file they loaded)."""
    return park_group(
        parks,
        name=text(lang, "我的园区（用户文件）", "My parks (user file)"),
        lang=lang,
        color_of=lambda r: USER_COLOR,
        basemap=basemap,
        card=card,
    )
