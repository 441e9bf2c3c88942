"""Presentation page: the chosen layers as a slide — the whole province fitted in the frame, the title above,
the legend and sources beside the map (collapsible), large labels, and "export this slide".

Layers, sector and basemap are those chosen on the map page (or given in the URL, ``?layer=…&sector=…``).
The map frame takes the window's height, so nothing covers the province at 1024×768 … 1920×1080; the map
re-fits when the window changes size. The sidebar and Streamlit's header are hidden with CSS (no data
strings in it); a link leads back to the map.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from app_pages import map_deeplink
from app_pages import map_session as ms
from app_pages._print_panel import map_print
from app_pages.i18n import error_text, tr
from gis.errors import AtlasError
from gis.parks import store_problem
from layers import captions, present
from layers.print import render_sheet, sheet_from_map
from layers.spec import MapSpec

#: Pixels of the window above the map frame (title row) and kept free below it.
TOP_PX = 96
#: Hides the sidebar, its toggle and Streamlit's header; the map frame takes the rest of the window height.
PRESENT_CSS = f"""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"], [data-testid="stToolbar"] {{
  display: none !important;
}}
[data-testid="stMainBlockContainer"], .block-container {{
  padding: 0.5rem 1rem 0.4rem !important; max-width: 100% !important;
}}
.st-key-present_frame iframe {{ height: max(320px, calc(100vh - {TOP_PX + 14}px)) !important; }}
.st-key-present_side {{ max-height: calc(100vh - {TOP_PX}px); overflow-y: auto; }}
.st-key-present_head h3 {{ padding: 0 0 0.1rem 0; }}
</style>"""


@st.cache_data(max_entries=4, show_spinner=False)
def _slide(spec: MapSpec, _fmap: Any) -> tuple[str, str]:
    """(map HTML, side boxes HTML) of ``spec`` (the folium map is the map page's, cached per session)."""
    return present.slide_html(_fmap), present.boxes_html(_fmap)


@st.cache_data(max_entries=4, show_spinner=False)
def _slide_pdf(spec: MapSpec) -> bytes:
    return render_sheet(sheet_from_map(spec, paper="slide"), "pdf")


def _header(spec: MapSpec) -> None:
    with st.container(key="present_head"):
        head, side = st.columns([4, 3], vertical_alignment="center")
        head.markdown(f"### {captions.TITLE.get(spec.lang)}")
        b1, b2, b3 = side.columns(3)
        b1.page_link(
            "app_pages/map.py",
            label=tr("返回地图", "Back to the map"),
            icon=":material/arrow_back:",
            query_params=ms.map_query(spec.layers, spec.sector, ms.selected()),
        )
        b2.button(tr("English", "中文"), on_click=ms.flip_language, key="present_lang")
        b3.download_button(
            tr("导出本页幻灯片", "Export this slide"),
            data=lambda: _slide_pdf(spec),
            file_name=f"fujian-park-atlas-slide-{spec.lang}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/slideshow:",
            key="present_export",
            disabled=not spec.layers,
        )


def _map(spec: MapSpec) -> str:
    if not spec.layers:
        st.info(
            tr(
                "未选择图层：请在地图页选择要演示的图层。",
                "No layer chosen: choose the layers to present on the map page.",
            )
        )
    fmap = ms.display_map_or_error(spec)
    if fmap is None:
        return ""
    html, boxes = _slide(spec, fmap)
    with st.container(key="present_frame"):
        # Pan and zoom freely: nothing is returned, so there is no rerun.
        components.html(html, height=560)
    return boxes


def _side(spec: MapSpec, boxes: str, basemap_problem: str | None) -> None:
    with st.container(key="present_side"):
        st.caption(captions.layers_line(spec, ms.data()["sectors"]))
        with st.expander(tr("图例", "Legend"), expanded=True):
            st.html(boxes)
        d = ms.data()
        latest = captions.latest_figure_year(d["parks"], d["cluster_figures"])
        with st.expander(tr("数据时点与来源", "Data dates and sources"), expanded=True):
            st.caption(captions.data_date_line(spec.lang, latest))
            st.caption(captions.sources_line(spec.lang))
            st.caption(captions.attribution(spec))
            if basemap_problem:
                st.caption(basemap_problem)
        if (problem := store_problem()) is not None:  # the sidebar is hidden here: name the damage
            st.warning(error_text(problem))
        try:
            map_print(spec, key="present_print", paper="slide")
        except AtlasError as exc:
            st.error(error_text(exc))


def render() -> None:
    """The presentation page."""
    map_deeplink.warn_ignored()
    ms.apply_query_params()
    spec, basemap_problem = ms.current_spec(presentation=True).usable()
    st.html(PRESENT_CSS)
    _header(spec)
    col_map, col_side = st.columns([4, 1], gap="small")
    with col_map:
        boxes = _map(spec)
    with col_side:
        _side(spec, boxes, basemap_problem)


render()
