"""Presentation page: a full-width map of the chosen layers with a title block and a large legend.

Layers, sector and basemap are those chosen on the map page (or given in the URL, ``?layer=…&sector=…``).
The sidebar and Streamlit's header are hidden with CSS (no data strings in it); a link leads back to the map.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _map_state as ms
from app_pages.i18n import tr

if not ms.mapbuild_ready():
    st.info(
        tr(
            "地图模块尚未安装完成（layers.mapbuild）。",
            "The map builder (layers.mapbuild) is not installed yet.",
        )
    )
    st.stop()
ms.apply_query_params()
spec, basemap_problem = ms.usable_spec(ms.current_spec(presentation=True))

st.html(ms.PRESENT_CSS)

head, side = st.columns([5, 2], vertical_alignment="bottom")
with head:
    st.markdown(f"## {tr(ms.TITLE_ZH, ms.TITLE_EN)}")
    st.caption(ms.layers_line(spec))
with side:
    b1, b2 = st.columns(2)
    b1.page_link(
        "app_pages/map.py",
        label=tr("返回地图", "Back to the map"),
        icon=":material/arrow_back:",
        query_params=ms.map_query(spec.layers, spec.sector, ms.selected()),
    )
    b2.button(tr("English", "中文"), on_click=ms.flip_language, key="present_lang")

if not spec.layers:
    st.info(
        tr(
            "未选择图层：请在地图页选择要演示的图层。",
            "No layer chosen: choose the layers to present on the map page.",
        )
    )
fmap = ms.display_map_or_error(spec)
if fmap is not None:
    # Nothing is returned: the presenter can pan and zoom freely without any rerun.
    ms.show_map(spec, key="present_map", height=760, returned_objects=[])

st.caption(ms.data_date_line(spec))
st.caption(ms.sources_line(spec))
st.caption(ms.attribution(spec))
if basemap_problem:
    st.caption(basemap_problem)
