"""Presentation page: a full-width map of the chosen layers with a title block and a large legend.

Layers, sector and basemap are those chosen on the map page (or given in the URL, ``?layer=…&sector=…``).
The sidebar and Streamlit's header are hidden with CSS (no data strings in it); a link leads back to the map.
"""

from __future__ import annotations

import streamlit as st

from app_pages import map_session as ms
from app_pages.i18n import error_text, tr
from gis.parks import store_problem
from layers import captions
from layers.spec import MapSpec

#: Hides the sidebar, its toggle and Streamlit's header on the presentation page (no data strings here).
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"], [data-testid="stToolbar"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"], .block-container {
  padding-top: 0.8rem !important; padding-bottom: 0.4rem !important; max-width: 100% !important;
}
</style>"""


def _header(spec: MapSpec) -> None:
    head, side = st.columns([5, 2], vertical_alignment="bottom")
    with head:
        st.markdown(f"## {captions.TITLE.get(spec.lang)}")
        st.caption(captions.layers_line(spec, ms.data()["sectors"]))
    with side:
        b1, b2 = st.columns(2)
        b1.page_link(
            "app_pages/map.py",
            label=tr("返回地图", "Back to the map"),
            icon=":material/arrow_back:",
            query_params=ms.map_query(spec.layers, spec.sector, ms.selected()),
        )
        b2.button(tr("English", "中文"), on_click=ms.flip_language, key="present_lang")


def _map(spec: MapSpec) -> None:
    if not spec.layers:
        st.info(
            tr(
                "未选择图层：请在地图页选择要演示的图层。",
                "No layer chosen: choose the layers to present on the map page.",
            )
        )
    if ms.display_map_or_error(spec) is not None:
        # Nothing is returned: the presenter can pan and zoom freely without any rerun.
        ms.show_map(spec, key="present_map", height=760, returned_objects=[])


def _footer(spec: MapSpec, basemap_problem: str | None) -> None:
    d = ms.data()
    latest = captions.latest_figure_year(d["parks"], d["cluster_figures"])
    st.caption(captions.data_date_line(spec.lang, latest))
    st.caption(captions.sources_line(spec.lang))
    st.caption(captions.attribution(spec))
    if basemap_problem:
        st.caption(basemap_problem)
    if (problem := store_problem()) is not None:  # the sidebar is hidden here: name the damage below
        st.warning(error_text(problem))


def render() -> None:
    """The presentation page."""
    ms.apply_query_params()
    spec, basemap_problem = ms.current_spec(presentation=True).usable()
    st.html(PRESENT_CSS)
    _header(spec)
    _map(spec)
    _footer(spec, basemap_problem)


render()
