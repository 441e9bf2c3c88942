"""Progress vs targets page: upload actual figures, see problems by row and column, accept the clean (or valid)
part, compare with each target's compound path (table, chart, map). Logic in ``clusters.progress``."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._widget_lang import sync_choices
from app_pages.i18n import lang, tr
from clusters import progress as P
from gis.errors import AtlasError

K_SESSION = "progress_figures"  # fallback when the user store cannot be used
K_PENDING = "progress_pending"
_STATUS_COLORS = {
    "on_track": "#27ae60",
    "reached": "#1e8449",
    "behind": "#e74c3c",
    "missed": "#922b21",
    "target_only": "#5d6d7e",
    "no_target": "#aab7b8",
}


@st.cache_data(show_spinner=False)
def _catalogue() -> pd.DataFrame:
    return P.target_catalogue()


def _store():
    """The user store module, or ``None`` when it is not available (figures then stay in this session)."""
    try:
        from gis import store
    except ImportError:
        return None
    return store


def _load_accepted() -> tuple[pd.DataFrame, str]:
    store = _store()
    if store is not None:
        try:
            return P.from_store_rows(store.load_figures()), "store"
        except (AtlasError, OSError) as exc:
            st.warning(
                tr("无法读取用户数据库，改用本次会话：", "Cannot read the user store; using this session: ")
                + str(exc)
            )
    return st.session_state.get(K_SESSION, P.from_store_rows(pd.DataFrame())), "session"


def _save_accepted(valid: pd.DataFrame, source_file: str) -> str:
    store = _store()
    if store is not None:
        try:
            store.save_figures(P.to_store_rows(valid, source_file), source_file, note="progress upload")
            return "store"
        except (AtlasError, OSError) as exc:
            st.warning(
                tr(
                    "无法写入用户数据库，仅保存在本次会话：",
                    "Cannot write the user store; kept in this session only: ",
                )
                + str(exc)
            )
    old = st.session_state.get(K_SESSION, P.from_store_rows(pd.DataFrame()))
    new = valid.assign(source_file=source_file)
    both = pd.concat([old, new], ignore_index=True)
    both = both.drop_duplicates(subset=["kind", "ref", "measure", "year"], keep="last")
    st.session_state[K_SESSION] = both
    return "session"


st.title(tr("目标进度：实际数据与规划路径对比", "Progress: actual figures vs the plan's path"))
sync_choices("progress", ["pg_series"])
st.markdown(
    tr(
        "上传行业（专栏10）、千亿集群或园区的逐年实际数据（亿元）。每个目标的路径为从基期到2020年目标的复合增长（推算）："
        "行业的2015年基数由2020年目标和年均增速推算；集群只有目标、没有基期，只比较占目标的百分比；规划未给出园区目标，"
        "园区可在 target_2020 列填写自己的目标。",
        "Upload yearly actual figures (亿元) for Box-10 sectors, 100-bn clusters or parks. Each target's path is the "
        "compound growth from its base to the 2020 target (DERIVED): sectors' 2015 base is implied by the 2020 target "
        "and its growth; clusters have a target but no base, so only percent of target is shown; the plan sets no park "
        "targets, so parks may give their own in the target_2020 column.",
    )
)

t1, t2 = st.columns(2)
t1.download_button(
    tr("下载模板（CSV，UTF-8 BOM）", "Download template (CSV, UTF-8 with BOM)"),
    P.template_bytes("csv"),
    file_name="progress_template.csv",
    mime="text/csv",
    key="pg_tpl_csv",
)
t2.download_button(
    tr("下载模板（XLSX，含列说明）", "Download template (XLSX, with column notes)"),
    P.template_bytes("xlsx"),
    file_name="progress_template.xlsx",
    key="pg_tpl_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.caption(
    tr(
        "列：kind（行业/集群/园区，可空）、name、year、measure（产值/增加值，默认产值）、value（亿元）、"
        "target_2020（园区自定目标，可选）。CSV 可为 UTF-8 或 GBK。",
        "Columns: kind (sector/cluster/park, may be blank), name, year, measure (output/va, default output), "
        "value (亿元), target_2020 (a park's own target, optional). CSV may be UTF-8 or GBK.",
    )
)

up = st.file_uploader(
    tr("上传实际数据（CSV / XLSX）", "Upload actual figures (CSV / XLSX)"),
    type=["csv", "xlsx", "txt"],
    key="pg_upload",
)
if up is not None:
    try:
        check = P.read_upload(up.getvalue(), name=up.name, catalogue=_catalogue())
    except AtlasError as exc:
        st.error(tr("无法读取文件：", "Cannot read the file: ") + str(exc), icon="⚠️")
        check = None
    if check is not None:
        c1, c2, c3 = st.columns(3)
        c1.metric(tr("读取行数", "Rows read"), str(check.total_rows))
        c2.metric(tr("有效行", "Valid rows"), str(len(check.valid)))
        c3.metric(tr("有问题的行", "Rows with problems"), str(check.bad_rows))
        if check.encoding:
            st.caption(tr("文件编码：", "File encoding: ") + check.encoding)
        token = f"{up.name}:{up.size}:{hash(up.getvalue())}"
        if check.clean:
            if st.session_state.get(K_PENDING) != token:
                where = _save_accepted(check.valid, up.name)
                st.session_state[K_PENDING] = token
                st.success(
                    tr(
                        f"数据无误，已保存 {len(check.valid)} 行",
                        f"Clean upload: saved {len(check.valid)} rows",
                    )
                    + ("" if where == "store" else tr("（仅本次会话）", " (this session only)"))
                )
        else:
            st.error(
                tr(
                    "上传中有问题（行号同 Excel，表头为第1行）；修正后重新上传，或只接受有效部分。",
                    "The upload has problems (row numbers as in Excel, header = row 1); fix and upload again, or "
                    "accept only the valid part.",
                )
            )
            probs = check.problems.copy()
            probs["row"] = probs["row"].map(lambda r: "—" if pd.isna(r) else str(int(r)))
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("行", "Row"): probs["row"],
                        tr("列", "Column"): probs["column"],
                        tr("值", "Value"): probs["value"],
                        tr("问题", "Problem"): probs["problem_zh"] if lang() == "zh" else probs["problem_en"],
                    }
                ),
                hide_index=True,
                width="stretch",
                key="pg_problems",
            )
            if len(check.valid):
                if st.button(
                    tr(
                        f"只接受有效的 {len(check.valid)} 行",
                        f"Accept the {len(check.valid)} valid rows only",
                    ),
                    key="pg_accept_valid",
                ):
                    where = _save_accepted(check.valid, up.name)
                    st.session_state[K_PENDING] = token
                    st.success(
                        tr(f"已保存 {len(check.valid)} 行有效数据", f"Saved {len(check.valid)} valid rows")
                        + ("" if where == "store" else tr("（仅本次会话）", " (this session only)"))
                    )
            else:
                st.info(tr("没有可接受的行，未保存任何数据。", "No valid rows: nothing was saved."))

# ------------------------------------------------------------------------------------------------ comparison
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
else:
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
    behind = int(cmp["status"].isin(["behind", "missed"]).sum())
    ok = int(cmp["status"].isin(["on_track", "reached"]).sum())
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("落后", "Behind"), str(behind))
    m2.metric(tr("按进度或已达标", "On track or reached"), str(ok))
    m3.metric(tr("无路径可比", "No path to compare"), str(len(cmp) - behind - ok))

    def _p(v: float) -> str:
        return "—" if pd.isna(v) else f"{v:.1f}%"

    def _g(v: float) -> str:
        return "—" if pd.isna(v) else f"{v * 100:.1f}%"

    kinds = {k: tr(*v) for k, v in P.KIND_LABELS.items()}
    st.dataframe(
        pd.DataFrame(
            {
                tr("类型", "Kind"): cmp["kind"].map(kinds),
                tr("名称", "Name"): cmp["name_zh"] if lang() == "zh" else cmp["name_en"],
                tr("指标", "Measure"): cmp["measure"].map(lambda m: tr(*P.MEASURE_LABELS[m])),
                tr("年份", "Year"): cmp["year"].astype(str),
                tr("实际值", "Actual"): cmp["actual"],
                tr("路径值（推算）", "Path value (derived)"): cmp["path_value"].round(1),
                tr("占路径 %", "% of path"): cmp["pct_of_path"].map(_p),
                tr("2020年目标", "2020 target"): cmp["target_value"],
                tr("占目标 %", "% of target"): cmp["pct_of_target"].map(_p),
                tr("状态", "Status"): cmp["status_zh"] if lang() == "zh" else cmp["status_en"],
                tr("仍需年均增速（推算）", "Growth still needed (derived)"): cmp["growth_needed"].map(_g),
                tr("规划路径增速", "Path growth"): cmp["path_growth"].map(_g),
                tr("目标来源", "Target source"): cmp["target_source"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="pg_compare",
    )

    series = cmp[["kind", "ref", "measure", "name_zh", "name_en"]].drop_duplicates(["kind", "ref", "measure"])
    labels = {
        f"{r.kind}|{r.ref}|{r.measure}": f"{r.name_zh if lang() == 'zh' else r.name_en} · "
        f"{tr(*P.MEASURE_LABELS[r.measure])}"
        for r in series.itertuples()
    }
    pick = st.selectbox(
        tr("图表：选择一个目标", "Chart: pick a target"),
        list(labels),
        key="pg_series",
        format_func=labels.get,
    )
    kind, ref, measure = pick.split("|")
    one = cmp[(cmp["kind"] == kind) & (cmp["ref"].astype(str) == ref) & (cmp["measure"] == measure)]
    path = P.target_path(kind, ref, measure, _catalogue())
    layers = [
        alt.Chart(one.assign(series=tr("实际", "actual")))
        .mark_point(size=80, filled=True)
        .encode(
            x=alt.X("year:O", title=tr("年份", "Year")),
            y=alt.Y("actual:Q", title=tr("亿元", "亿元")),
            color=alt.Color(
                f"status_{lang()}:N",
                title=tr("状态", "Status"),
                scale=alt.Scale(
                    domain=[tr(*P.STATUS_LABELS[k]) for k in _STATUS_COLORS],
                    range=list(_STATUS_COLORS.values()),
                ),
            ),
            tooltip=["year:O", alt.Tooltip("actual:Q", format=",.1f"), f"status_{lang()}:N"],
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

    st.markdown("#### " + tr("地图：各市目标进度", "Map: progress by city"))
    by_city = P.status_by_city(cmp)
    if by_city.empty:
        st.info(tr("没有可落到市的按路径比较结果。", "No path comparison maps to a city."))
    else:
        try:
            from streamlit_folium import st_folium

            from layers.share_map import status_map

            st_folium(
                status_map(by_city, lang()),
                height=520,
                returned_objects=[],
                key="pg_map",
                use_container_width=True,
            )
        except (AtlasError, OSError) as exc:
            st.warning(tr("无法绘制地图：", "Cannot draw the map: ") + str(exc))
    from clusters.share import to_csv_bytes

    st.download_button(
        tr("下载对比结果（CSV）", "Download the comparison (CSV)"),
        to_csv_bytes(cmp),
        file_name="progress_comparison.csv",
        mime="text/csv",
        key="pg_export",
    )
