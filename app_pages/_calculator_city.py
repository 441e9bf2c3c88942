"""Per-city mode of the park-share calculator page: the 9 cities' outputs typed in or uploaded, their shares,
contributions and a choropleth. Widgets only; the maths is :func:`clusters.share.city_shares`."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages._print_panel import share_print
from app_pages._widget_lang import labelled
from app_pages.i18n import as_text, error_text, lang, tr
from clusters import calculator_view as view
from clusters import share
from gis.errors import AtlasError
from gis.tabular import XLSX_MIME, read_table
from layers.card_context import place_names
from layers.share_map import share_map


def _city_source() -> str:
    st.markdown(
        tr(
            "输入9个设区市的园区产值和工业总产值（亿元），得到各市占比、各市对全省占比的贡献"
            "（市园区产值÷全省工业总产值）和全省占比。规划未给出分市数据，以下均为用户数据。",
            "Enter the 9 cities' park output and total industrial output (100 million yuan) to get each "
            "city's share, its contribution to the provincial share (city park output ÷ provincial total) "
            "and the provincial share. The plan gives no per-city figures: everything here is user data.",
        )
    )
    sources = {
        "editor": tr("在表格中填写", "type into the table"),
        "upload": tr("上传 CSV / XLSX", "upload CSV / XLSX"),
    }
    source = st.radio(
        tr("数据来源", "Data from"),
        list(sources),
        horizontal=True,
        key="calc_city_source",
        format_func=labelled(sources),
    )
    t1, t2 = st.columns(2)
    t1.download_button(
        tr("下载分市模板（CSV）", "Download the per-city template (CSV)"),
        share.city_template_bytes("csv", lang()),
        file_name="park_share_cities_template.csv",
        mime="text/csv",
        key="calc_city_template",
        on_click="ignore",
    )
    t2.download_button(
        tr("下载分市模板（XLSX）", "Download the per-city template (XLSX)"),
        share.city_template_bytes("xlsx", lang()),
        file_name="park_share_cities_template.xlsx",
        mime=XLSX_MIME,
        key="calc_city_template_xlsx",
        on_click="ignore",
    )
    return source


def _city_editor() -> pd.DataFrame:
    """The 9 cities to type into; English shows the cities' English names (the rows keep their order, so the
    Chinese names the calculator reads are put back after editing)."""
    heads = {c.key: c.header(lang()) for c in share.CITY_TEMPLATE_COLUMNS}
    template = share.city_template()
    shown = template.assign(city=[place_names(c, lang()) for c in template["city"]])
    edited = st.data_editor(
        shown,
        key="calc_city_editor",
        num_rows="fixed",
        hide_index=True,
        width="stretch",
        disabled=["city"],
        column_config={  # the template's headers (share.CITY_TEMPLATE_COLUMNS)
            "city": st.column_config.TextColumn(heads["city"]),
            "park_output": st.column_config.NumberColumn(heads["park_output"], min_value=0.0),
            "total_output": st.column_config.NumberColumn(heads["total_output"], min_value=0.0),
        },
    )
    return edited.assign(city=template["city"].to_numpy())


def _city_upload() -> tuple[pd.DataFrame | None, str | None]:
    up = st.file_uploader(
        tr(
            "上传分市表（表头同模板：设区市、园区产值（亿元）、工业总产值（亿元），中英文均可）",
            "Upload the per-city table (headers as in the template: City, Park output (100 million yuan), "
            "Total output (100 million yuan); Chinese headers work too)",
        ),
        type=["csv", "xlsx", "txt"],
        key="calc_city_upload",
    )
    if up is None:
        return None, None
    try:
        table = read_table(up.getvalue(), name=up.name)
    except AtlasError as exc:
        st.error(tr("无法读取文件：", "Cannot read the file: ") + error_text(exc), icon="⚠️")
        return None, up.name
    enc = table.attrs.get("encoding")
    st.caption(tr("已读取：", "Read: ") + as_text(up.name) + (tr(f"（{enc}）", f" ({enc})") if enc else ""))
    return table, up.name


def _city_results(cities: pd.DataFrame, summary: dict) -> None:
    k1, k2, k3 = st.columns(3)
    k1.metric(
        tr("全省园区产值占比（推算）", "Provincial park share (derived)"),
        view.pct(summary["provincial_share"]),
    )
    k2.metric(tr("园区总产值（亿元）", "Park output (100 million yuan)"), f"{summary['park_total']:,.1f}")
    k3.metric(tr("工业总产值（亿元）", "Total output (100 million yuan)"), f"{summary['total']:,.1f}")
    if not summary["complete"]:
        st.warning(
            tr(
                "缺少以下市的数据，全省占比只代表已填的市：",
                "Missing cities; the provincial share covers only those given: ",
            )
            + tr("、", ", ").join(place_names(c, lang()) for c in summary["missing"])
        )
    st.dataframe(view.city_table(cities, lang()), hide_index=True, width="stretch", key="calc_city_table")
    _city_downloads(cities, summary)
    try:
        fmap = share_map(cities, lang(), provincial_share=float(summary["provincial_share"]))
        st_folium(fmap, height=520, returned_objects=[], key="calc_city_map", use_container_width=True)
        share_print(cities, float(summary["provincial_share"]))
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法绘制地图：", "Cannot draw the map: ") + error_text(exc))


def _city_downloads(cities: pd.DataFrame, summary: dict) -> None:
    """The per-city results as CSV and XLSX (:func:`clusters.calculator_view.city_export_bytes`)."""
    d1, d2 = st.columns(2)
    d1.download_button(
        tr("下载分市结果（CSV）", "Download per-city results (CSV)"),
        view.city_export_bytes(cities, summary, "csv", lang()),
        file_name="park_share_cities.csv",
        mime="text/csv",
        key="calc_city_export_csv",
        on_click="ignore",
    )
    d2.download_button(
        tr("下载分市结果（XLSX）", "Download per-city results (XLSX)"),
        view.city_export_bytes(cities, summary, "xlsx", lang()),
        file_name="park_share_cities.xlsx",
        mime=XLSX_MIME,
        key="calc_city_export_xlsx",
        on_click="ignore",
    )


def render_per_city() -> None:
    """The per-city tab: data source, table or upload, results and map."""
    source = _city_source()
    city_input: pd.DataFrame | None
    city_name: str | None
    if source == "editor":
        city_input, city_name = _city_editor(), None
    else:
        city_input, city_name = _city_upload()
    if city_input is None:
        return
    filled = city_input
    if source == "editor" and "city" in city_input.columns:
        filled = city_input.dropna(how="all", subset=[c for c in city_input.columns if c != "city"])
    if source == "editor" and filled.empty:
        st.info(tr("在表格中填入至少一个市的两项产值。", "Fill both outputs for at least one city."))
        return
    try:
        cities, summary = share.city_shares(filled, file=city_name)
    except AtlasError as exc:
        # the command line's line (names "row N" and the column as the tests and docs quote it)
        st.error(tr("分市数据有误：", "Per-city data problem: ") + as_text(exc), icon="⚠️")
        return
    _city_results(cities, summary)
