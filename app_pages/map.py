"""Map page: layers of the plan on an offline-first map, a search box, a detail card and downloads.

Session, caches and deep links live in ``app_pages.map_session``; the map, cards, search index and captions
come from ``layers/``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _map_edit, map_deeplink
from app_pages import map_session as ms
from app_pages._print_panel import map_print
from app_pages.i18n import lang, tr
from layers import captions
from layers.spec import MapSpec, basemap_label, needs_tianditu_key, offline_basemap_ids

MAP_HEIGHT = 640


def _layer_pickers(ui_lang: str) -> None:
    ms.restore_widget(ms.K_LAYERS, ms.default_layers())
    st.multiselect(
        tr("图层", "Layers"),
        ms.layer_ids(),
        key=ms.K_LAYERS,
        format_func=lambda x: ms.layer_label(x, ui_lang),
        placeholder=tr("选择图层", "Choose layers"),
    )
    ms.restore_widget(ms.K_SECTOR, ms.sector_options()[0])
    sector_layer = ms.sector_layer_id()
    st.selectbox(
        tr("专栏10产业", "Box 10 (专栏10) sector"),
        ms.sector_options(),
        key=ms.K_SECTOR,
        format_func=lambda n: ms.sector_label(n, ui_lang),
        on_change=ms.on_sector,
        help=tr(
            f"选择后显示“{ms.layer_label(sector_layer, 'zh')}”图层：该产业的2020年目标及规划点名的地点。",
            f"Picking one shows the “{ms.layer_label(sector_layer, 'en')}” layer: the sector's 2020 target "
            "and the places the plan names for it.",
        ),
    )


def _basemap_pickers(ui_lang: str) -> None:
    ms.restore_widget(ms.K_ONLINE, False)
    online = st.toggle(
        tr("在线模式（使用网络底图）", "Online mode (web basemaps)"),
        key=ms.K_ONLINE,
        help=tr(
            "默认离线：地图脚本由本应用提供，不访问任何外部网站。在线模式才可选网络底图。",
            "Offline by default: map scripts come from this app and no outside site is contacted. Web "
            "basemaps need online mode.",
        ),
    )
    ms.restore_widget(ms.K_BASEMAP, "none")
    options = ms.basemap_ids() if online else offline_basemap_ids()  # offline: none, reference, packages
    if st.session_state.get(ms.K_BASEMAP) not in options:
        st.session_state[ms.K_BASEMAP] = "none"
    basemap = st.selectbox(
        tr("底图", "Basemap"),
        options,
        key=ms.K_BASEMAP,
        format_func=lambda b: basemap_label(b, ui_lang),
    )
    if online and needs_tianditu_key(basemap):
        ms.restore_widget(ms.K_TDT_KEY, "")
        st.text_input(
            tr("天地图密钥 tk", "Tianditu key (tk)"),
            key=ms.K_TDT_KEY,
            type="password",
            help=tr(
                "在 console.tianditu.gov.cn 免费申请；也可设环境变量 TIANDITU_KEY。"
                "密钥只在本次会话内存中使用，不写入任何文件。",
                "Free from console.tianditu.gov.cn; or set the TIANDITU_KEY environment variable. The key "
                "stays in this session's memory and is never written to a file.",
            ),
        )


def _sidebar(ui_lang: str) -> MapSpec:
    """Layer, sector and basemap pickers; returns the spec of the map to draw."""
    with st.sidebar:
        st.subheader(tr("地图设置", "Map settings"))
        _layer_pickers(ui_lang)
        _basemap_pickers(ui_lang)
        for key in (ms.K_LAYERS, ms.K_SECTOR, ms.K_ONLINE, ms.K_BASEMAP, ms.K_TDT_KEY):
            ms.persist_widget(key)
    spec, basemap_problem = ms.current_spec().usable()
    if basemap_problem:
        st.sidebar.warning(basemap_problem)
    return spec


def _search_box(places: dict, ui_lang: str) -> None:
    ms.restore_widget(ms.K_SEARCH, ms.selected())
    st.selectbox(
        tr("查找园区或集群", "Find a park or cluster"),
        list(places),
        index=None,
        key=ms.K_SEARCH,
        format_func=lambda k: places[k].label(ui_lang),
        placeholder=tr("输入名称，例如 古雷", "Type a name, e.g. Gulei or 古雷"),
        on_change=ms.on_search,
    )
    ms.persist_widget(ms.K_SEARCH)


def _map(spec: MapSpec) -> object:
    """The map (or why it is missing) and its caption; returns the folium map or ``None``."""
    if not spec.layers:
        st.info(tr("未选择图层：请在侧栏选择。", "No layer chosen: pick some in the sidebar."))
    fmap = ms.display_map_or_error(spec)
    if fmap is not None:
        center = st.session_state.get(ms.K_CENTER)
        ms.show_map(
            spec,
            key=ms.MAP_KEY,
            height=MAP_HEIGHT,
            returned_objects=ms.RETURNED_OBJECTS,
            center=center,
            zoom=ms.SELECT_ZOOM if center else None,
            on_change=ms.on_map_click,
        )
    st.caption(captions.map_caption(spec))
    return fmap


def _card(key: str | None) -> None:
    """The selected park's or cluster's card (the same card as the map popup), or how to get one."""
    if key:
        st.html(ms.card_html(key))
        st.button(tr("关闭详情", "Close details"), on_click=ms.select, args=(None,), key="map_close_card")
        return
    st.info(
        tr(
            "点击地图上的园区或集群，或在上方按名称查找，即可在此查看其详情"
            "（名称、级别、产业、面积、数据及来源、所属集群与产业目标）。",
            "Click a park or cluster on the map, or find it by name above, to see its card here (names, "
            "level, industries, area, figures with sources, clusters and sector targets).",
        )
    )


def _downloads(spec: MapSpec, fmap: object, key: str | None) -> None:
    st.subheader(tr("下载", "Downloads"))
    d1, d2, d3 = st.columns(3)
    d1.download_button(
        tr("当前地图（HTML，离线可打开）", "This map (HTML, opens offline)"),
        data=lambda: ms.standalone_html(spec),
        file_name=f"fujian-park-atlas-map-{spec.lang}.html",
        mime="text/html",
        on_click="ignore",
        disabled=fmap is None,
        key="map_dl_html",
    )
    crs = d2.radio(
        tr("GeoPackage 坐标系", "GeoPackage CRS"),
        ["EPSG:4326", "EPSG:4490"],
        format_func=lambda c: "WGS84 (EPSG:4326)" if c == "EPSG:4326" else "CGCS2000 (EPSG:4490)",
        horizontal=True,
        key="map_dl_gpkg_crs",
    )
    d2.download_button(
        tr("当前图层（GeoPackage）", "Shown layers (GeoPackage)"),
        data=lambda: ms.geopackage(spec, None if crs == "EPSG:4326" else crs),
        file_name=f"fujian-park-atlas-layers-{'wgs84' if crs == 'EPSG:4326' else 'cgcs2000'}.gpkg",
        mime="application/geopackage+sqlite3",
        on_click="ignore",
        disabled=not spec.layers,
        key="map_dl_gpkg",
    )
    d3.page_link(
        "app_pages/present.py",
        label=tr("演示模式（全屏地图）", "Presentation mode (full-width map)"),
        icon=":material/slideshow:",
        query_params=ms.map_query(spec.layers, spec.sector, key),
    )
    st.caption(captions.download_caption(spec))


def render() -> None:
    """The map page."""
    map_deeplink.warn_ignored()
    ms.apply_query_params()
    ms.keep_over_language_change([ms.K_LAYERS, ms.K_SECTOR, ms.K_BASEMAP, ms.K_SEARCH])
    places = ms.places_or_error()
    if places is None:
        st.stop()
    _map_edit.apply_pending(places)  # a park just saved in the editor is selected
    ui_lang = lang()  # the format functions bind it (they may be called outside the script run)
    spec = _sidebar(ui_lang)
    st.title(tr("闽园图 · 地图", "Fujian Park Atlas · Map"))
    col_search, col_edit = st.columns([7, 3], vertical_alignment="bottom")
    with col_search:
        _search_box(places, ui_lang)
    with col_edit:
        editing = _map_edit.edit_toggle()
    if editing:  # draw / reshape a park and edit its attributes and figures
        _map_edit.render_editor(spec, places)
        fmap = ms.display_map_or_error(spec)
    else:
        col_map, col_card = st.columns([7, 3], gap="medium")
        with col_map:
            fmap = _map(spec)
        with col_card, st.container(height=MAP_HEIGHT, border=False):  # the card scrolls beside the map
            _card(ms.selected())
    key = ms.selected()
    _downloads(spec, fmap, key)
    map_print(spec)
    ms.write_query_params(spec, key)


render()
