"""Data page section: the user declares what the imported file is (surveyed boundary, official plan drawing,
hand-traced, approximate, point of unknown precision; default "user-supplied, not verified").

The declaration becomes each accepted feature's ``geometry_quality`` (:func:`gis.validate.acceptance_frame`),
which the store keeps and the map styles by (only a surveyed boundary is drawn solid).
"""

from __future__ import annotations

import streamlit as st

from app_pages._widget_lang import labelled
from app_pages.i18n import lang, tr
from gis.import_vocab import DEFAULT_DECLARATION, IMPORT_DECLARATIONS, declaration_label

K_DECLARE = "data_declaration"


def declaration() -> str:
    """The declaration radio; returns the chosen key (``unverified`` until the user says otherwise)."""
    labels = {k: declaration_label(k, lang()) for k in IMPORT_DECLARATIONS}
    chosen = st.radio(
        tr("这个文件是什么？", "What is this file?"),
        list(labels),
        index=list(labels).index(DEFAULT_DECLARATION),
        format_func=labelled(labels),
        key=K_DECLARE,
        horizontal=False,
        help=tr(
            "地图按您的声明绘制：只有“测绘边界”画成实线填充，其余画成虚线轮廓。未声明时按“用户提供，未核实”保存。",
            "The map draws what you declare: only a surveyed boundary is drawn solid, the rest as dashed "
            "outlines. Without a declaration the file is stored as 'user-supplied, not verified'.",
        ),
    )
    return str(chosen or DEFAULT_DECLARATION)
