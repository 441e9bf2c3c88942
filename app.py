"""Streamlit entry: page config, language and shared sidebar, navigation. No logic of its own."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages._auth import sidebar_account
from app_pages._history import store_notice
from app_pages._signin import gate
from app_pages.i18n import tr

# A local favicon: a ":material/…" or emoji page_icon makes the browser fetch it from a font/CDN host.
_FAVICON = Path(__file__).parent / "app_pages" / "assets" / "favicon.png"
# Pages live in app_pages/ (not pages/, which Streamlit would auto-discover). A page appears once its file
# exists.
_DIR = Path(__file__).parent / "app_pages"
_PAGES = [
    ("home.py", "首页", "Home", ":material/home:"),
    ("map.py", "地图", "Map", ":material/map:"),
    ("targets.py", "目标与集群", "Targets & clusters", ":material/flag:"),
    ("calculator.py", "园区占比测算", "Park-share calculator", ":material/calculate:"),
    ("parkshare.py", "企业测算园区占比", "Park share from firms", ":material/factory:"),
    ("progress.py", "目标进度", "Progress vs targets", ":material/trending_up:"),
    ("data.py", "数据导入", "Bring your data", ":material/upload_file:"),
    ("raster.py", "栅格", "Rasters", ":material/grid_on:"),
    ("quality.py", "数据质量", "Data quality", ":material/fact_check:"),
    ("present.py", "演示", "Presentation", ":material/slideshow:"),
]


def _language() -> None:
    """The language switch every page shares (``st.session_state["lang"]``)."""
    asked = st.query_params.get("lang")
    if "lang" not in st.session_state:
        st.session_state["lang"] = asked if asked in ("zh", "en") else "zh"
    with st.sidebar:
        st.radio(
            "语言 / Language",
            options=["zh", "en"],
            format_func=lambda v: {"zh": "中文", "en": "English"}[v],
            key="lang",
            horizontal=True,
        )
    st.query_params["lang"] = st.session_state["lang"]  # survives a reload and goes into shared links


def _pages() -> list:
    return [
        st.Page(
            str(_DIR / fname),
            title=tr(zh, en),
            icon=icon,
            url_path=fname.removesuffix(".py"),
            default=(fname == "home.py"),
        )
        for fname, zh, en, icon in _PAGES
        if (_DIR / fname).exists()
    ]


def main() -> None:
    """Configure the page, draw the shared sidebar and run the chosen page."""
    st.set_page_config(page_title="闽园图 Fujian Park Atlas", page_icon=str(_FAVICON), layout="wide")
    _language()
    if not gate():  # shared server: sign in first; nothing of the data is drawn before
        st.stop()
    sidebar_account()
    st.navigation(_pages()).run()
    store_notice()


main()
