"""Data quality: every place with its position quality and source strength, weakest first, exportable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages._table_downloads import csv_xlsx_buttons
from app_pages.i18n import error_text, lang, tr
from gis.errors import AtlasError
from gis.parks import parks_in_force, parks_version
from gis.quality_view import COLUMNS, quality_bytes, quality_export, quality_summary, quality_table


@st.cache_data(show_spinner=False)
def _table(version: str, language: str) -> pd.DataFrame:
    return quality_table(parks_in_force(), language)


def _intro(table: pd.DataFrame) -> None:
    st.title(tr("数据质量：位置与来源", "Data quality: positions and sources"))
    st.caption(
        tr(
            "每个地点的位置质量与来源强度。排在最前的是最应先用贵单位数据替换的位置（位置最弱、来源最弱）。"
            "来源强度按一条规则评定：官方/政府文件 > 新闻媒体 > 他站转载的新闻 > 百科 > "
            "商业网站/其他 > 推算/估计。"
            "弱来源仍保留（它们是现有的全部资料），但在此标明分量。",
            "Each place's position quality and source strength. The first rows are the positions to replace "
            "first with your own data (weakest position, then weakest source). Source strength follows one "
            "rule: official / government > news outlet > news copied on another site > encyclopedia > "
            "commercial site / other > derived / estimate. Weak sources stay (they are what exists) and "
            "show their weight here.",
        )
    )
    counts = quality_summary(table)
    st.write(
        tr("按位置可信度计数：", "Places by position confidence: ")
        + tr("；", "; ").join(f"{k}: {v}" for k, v in counts.items())
    )


def _downloads(table: pd.DataFrame) -> None:
    csv_xlsx_buttons(
        lambda fmt: quality_bytes(table, fmt, lang()),
        zh="下载",
        en="Download",
        stem="data_quality",
        keys=("dq_csv", "dq_xlsx"),
    )


def render() -> None:
    """The data-quality page."""
    try:
        table = _table(parks_version(), lang())
    except AtlasError as exc:
        st.error(error_text(exc))
        return
    _intro(table)
    st.dataframe(
        quality_export(table, lang()),
        hide_index=True,
        width="stretch",
        column_config={COLUMNS["priority"].get(lang()): st.column_config.NumberColumn(format="%d")},
    )
    _downloads(table)


render()
