"""Progress vs targets page: upload actual figures, see problems by row and column, accept the clean (or
valid) part, compare with each target's compound path (table, chart, map).

Logic in :mod:`clusters.progress`; the frames shown are built by :mod:`clusters.progress_view`. This page
lays out the widgets and keeps the session state.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages._auth import can, current_user
from app_pages._print_panel import status_print
from app_pages._report_panel import render_report_panel
from app_pages._table_downloads import csv_xlsx_buttons
from app_pages._widget_lang import labelled, sync_choices
from app_pages.i18n import as_text, error_text, lang, tr
from clusters import progress as P
from clusters import progress_view as view
from clusters.progress.columns import TEMPLATE_SPECS
from clusters.progress_export import comparison_bytes
from gis import store
from gis.errors import AtlasError
from gis.parks import parks_in_force, parks_version
from gis.tabular import XLSX_MIME
from layers.share_map import status_map

K_SESSION = "progress_figures"  # fallback when the user store cannot be used
K_PENDING = "progress_pending"


@st.cache_data(show_spinner=False, max_entries=4)
def _catalogue_at(parks_version: str) -> pd.DataFrame:
    return P.target_catalogue(parks_in_force())


def _catalogue() -> pd.DataFrame:
    """Sectors, clusters and the parks in force (shipped + the user's), re-read when those change."""
    return _catalogue_at(parks_version())


def _load_accepted() -> tuple[pd.DataFrame, str]:
    try:
        return P.from_store_rows(store.load_figures()), "store"
    except (AtlasError, OSError) as exc:
        st.warning(
            tr("无法读取用户数据库，改用本次会话：", "Cannot read the user store; using this session: ")
            + error_text(exc)
        )
    return st.session_state.get(K_SESSION, view.no_figures()), "session"


def _save_accepted(valid: pd.DataFrame, source_file: str) -> str:
    try:
        store.save_figures(
            P.to_store_rows(valid, source_file), source_file, note="progress upload", user=current_user()
        )
        return "store"
    except (AtlasError, OSError) as exc:
        st.warning(
            tr(
                "无法写入用户数据库，仅保存在本次会话：",
                "Cannot write the user store; kept in this session only: ",
            )
            + error_text(exc)
        )
    old = st.session_state.get(K_SESSION, view.no_figures())
    st.session_state[K_SESSION] = view.merge_figures(old, valid, source_file)
    return "session"


def _saved_text(where: str) -> str:
    return "" if where == "store" else tr("（仅本次会话）", " (this session only)")


# ------------------------------------------------------------------------------------------------ upload
def _header() -> None:
    st.title(tr("目标进度：实际数据与规划路径对比", "Progress: actual figures vs the plan's path"))
    st.markdown(
        tr(
            "上传行业（专栏10）、千亿集群或园区的逐年实际数据（亿元）。每个目标的路径为从基期到2020年目标的"
            "复合增长（推算）：行业的2015年基数由2020年目标和年均增速推算；集群只有目标、没有基期，"
            "只比较占目标的百分比；规划未给出园区目标，园区可在“园区自定2020年目标”列填写自己的目标。",
            "Upload yearly actual figures (100 million yuan) for Box-10 sectors, 100-billion-yuan clusters "
            "or parks. Each target's path is the compound growth from its base to the 2020 target "
            "(DERIVED): sectors' 2015 base is implied by the 2020 target and its growth; clusters have a "
            "target but no base, so only percent of target is shown; the plan sets no park targets, so "
            'parks may give their own in the column "Park\'s own 2020 target".',
        )
    )


def _templates() -> None:
    t1, t2 = st.columns(2)
    t1.download_button(
        tr("下载模板（CSV，UTF-8 BOM）", "Download template (CSV, UTF-8 with BOM)"),
        P.template_bytes("csv", lang()),
        file_name="progress_template.csv",
        mime="text/csv",
        key="pg_tpl_csv",
        on_click="ignore",
    )
    t2.download_button(
        tr("下载模板（XLSX，含列说明）", "Download template (XLSX, with column notes)"),
        P.template_bytes("xlsx", lang()),
        file_name="progress_template.xlsx",
        key="pg_tpl_xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
    )
    heads = tr("、", ", ").join(c.header(lang()) for c in TEMPLATE_SPECS)
    st.caption(
        tr(
            f"列：{heads}。类型可空；园区自定目标可选；出处和备注随数据保存。表头中英文均可，"
            "旧模板的英文键名（kind、name、value …）也可读取。CSV 可为 UTF-8 或 GBK。",
            f"Columns: {heads}. Kind may be blank; a park's own target is optional; source and note are kept "
            "with the figure. Headers may be Chinese or English, and the keys of older templates (kind, "
            "name, value …) still read. CSV may be UTF-8 or GBK.",
        )
    )


def _check_metrics(check: P.UploadCheck) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("读取行数", "Rows read"), str(check.total_rows))
    c2.metric(tr("有效行", "Valid rows"), str(len(check.valid)))
    c3.metric(tr("有问题的行", "Rows with problems"), str(check.bad_rows))
    if check.encoding:
        st.caption(tr("文件编码：", "File encoding: ") + check.encoding)
    if check.ignored:
        st.warning(
            tr("以下列未被读取（不是模板中的列）：", "These columns were not read (not template columns): ")
            + as_text("、".join(check.ignored))
        )


def _problems(check: P.UploadCheck, name: str, token: str) -> None:
    st.error(
        tr(
            "上传中有问题（行号同 Excel，表头为第1行）；修正后重新上传，或只接受有效部分。",
            "The upload has problems (row numbers as in Excel, header = row 1); fix and upload again, or "
            "accept only the valid part.",
        )
    )
    st.dataframe(
        view.problems_table(check.problems, lang()), hide_index=True, width="stretch", key="pg_problems"
    )
    n = len(check.valid)
    if not n:
        st.info(tr("没有可接受的行，未保存任何数据。", "No valid rows: nothing was saved."))
        return
    if st.button(tr(f"只接受有效的 {n} 行", f"Accept the {n} valid rows only"), key="pg_accept_valid"):
        where = _save_accepted(check.valid, name)
        st.session_state[K_PENDING] = token
        st.success(tr(f"已保存 {n} 行有效数据", f"Saved {n} valid rows") + _saved_text(where))


def _upload() -> None:
    if not can("edit"):  # viewers compare the published figures; saving figures is an editor's
        return
    up = st.file_uploader(
        tr("上传实际数据（CSV / XLSX）", "Upload actual figures (CSV / XLSX)"),
        type=["csv", "xlsx", "txt"],
        key="pg_upload",
    )
    if up is None:
        return
    try:
        check = P.read_upload(up.getvalue(), name=up.name, catalogue=_catalogue())
    except AtlasError as exc:
        st.error(tr("无法读取文件：", "Cannot read the file: ") + error_text(exc), icon="⚠️")
        return
    _check_metrics(check)
    token = f"{up.name}:{up.size}:{hash(up.getvalue())}"
    if not check.clean:
        _problems(check, up.name, token)
    elif st.session_state.get(K_PENDING) != token:
        where = _save_accepted(check.valid, up.name)
        st.session_state[K_PENDING] = token
        n = len(check.valid)
        st.success(tr(f"数据无误，已保存 {n} 行", f"Clean upload: saved {n} rows") + _saved_text(where))


# ------------------------------------------------------------------------------------------------ comparison
def _comparison_table(cmp: pd.DataFrame) -> None:
    behind, ok, other = view.status_counts(cmp)
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("落后", "Behind"), str(behind))
    m2.metric(tr("按进度或已达标", "On track or reached"), str(ok))
    m3.metric(tr("无路径可比", "No path to compare"), str(other))
    st.dataframe(view.comparison_table(cmp, lang()), hide_index=True, width="stretch", key="pg_compare")


def _chart(cmp: pd.DataFrame) -> None:
    labels = view.series_labels(cmp, lang())
    key = st.selectbox(
        tr("图表：选择一个目标", "Chart: pick a target"),
        list(labels),
        key="pg_series",
        format_func=labelled(labels),
    )
    one, (kind, ref, measure) = view.series_rows(cmp, key)
    path = P.target_path(kind, ref, measure, _catalogue())
    domain, colours = view.status_scale(lang())
    status = f"status_{lang()}:N"
    layers = [
        alt.Chart(one.assign(series=tr("实际", "actual")))
        .mark_point(size=80, filled=True)
        .encode(
            x=alt.X("year:O", title=tr("年份", "Year")),
            y=alt.Y("actual:Q", title=tr("亿元", "100 million yuan")),
            color=alt.Color(
                status, title=tr("状态", "Status"), scale=alt.Scale(domain=domain, range=colours)
            ),
            tooltip=["year:O", alt.Tooltip("actual:Q", format=",.1f"), status],
        )
    ]
    if len(path):
        layers.append(
            alt.Chart(path)
            .mark_line(strokeDash=[5, 3], color="#555")
            .encode(
                x="year:O", y="path_value:Q", tooltip=["year:O", alt.Tooltip("path_value:Q", format=",.1f")]
            )
        )
    target = one["target_value"].dropna()
    if len(target):
        layers.append(
            alt.Chart(pd.DataFrame({"t": [float(target.iloc[0])]})).mark_rule(color="#c0392b").encode(y="t:Q")
        )
    st.altair_chart(alt.layer(*layers), width="stretch")
    st.caption(
        tr(
            "虚线：规划复合路径（推算）；红线：2020年目标。",
            "Dashed: the plan's compound path (derived); red: the 2020 target.",
        )
    )


def _city_map(cmp: pd.DataFrame) -> None:
    st.markdown("#### " + tr("地图：各市目标进度", "Map: progress by city"))
    by_city = P.status_by_city(cmp, parks_in_force())
    wide = P.province_wide_rows(cmp)
    if len(wide):
        st.caption(
            tr(
                f"{len(wide)} 个全省目标（专栏10行业、跨市或全省的集群）不落到任何一个市，"
                "地图不据此标记“落后”。",
                f"{len(wide)} province-wide targets (Box 10 sectors, clusters stated for several cities or "
                "the province) belong to no single city: the map marks no city behind for them.",
            )
        )
    if by_city.empty:
        st.info(tr("没有可落到市的按路径比较结果。", "No path comparison maps to a city."))
        return
    try:
        fmap = status_map(by_city, lang())
        st_folium(fmap, height=520, returned_objects=[], key="pg_map", use_container_width=True)
        status_print(by_city)
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法绘制地图：", "Cannot draw the map: ") + error_text(exc))


def _comparison() -> None:
    accepted, where = _load_accepted()
    st.subheader(tr("与目标路径对比", "Compared with the target paths"))
    st.caption(
        tr("数据保存在：", "Figures stored in: ")
        + (
            tr("用户数据库（GeoPackage，见“数据导入”页）", "the user store (GeoPackage, see the data page)")
            if where == "store"
            else tr("本次会话（关闭页面后消失）", "this session (gone when the page closes)")
        )
    )
    if accepted.empty:
        st.info(tr("尚无已接受的数据。请先上传。", "No accepted figures yet: upload a table first."))
        return
    tol = st.slider(
        tr(
            "容差（低于路径多少仍算按进度，%）",
            "Tolerance (how far below the path still counts as on track, %)",
        ),
        0.0,
        10.0,
        0.0,
        0.5,
        key="pg_tolerance",
    )
    cmp = P.compare(accepted, _catalogue(), tolerance=tol / 100.0)
    _comparison_table(cmp)
    _chart(cmp)
    _city_map(cmp)
    csv_xlsx_buttons(
        lambda fmt: comparison_bytes(cmp, fmt, lang()),
        zh="下载对比结果",
        en="Download the comparison",
        stem="progress_comparison",
        keys=("pg_export", "pg_export_xlsx"),
    )


def render() -> None:
    """The progress page: explanation, templates, upload and check, then the comparison."""
    sync_choices("progress", ["pg_series"])
    _header()
    _templates()
    _upload()
    _comparison()
    render_report_panel()


render()
