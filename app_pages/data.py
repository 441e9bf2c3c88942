"""Data page: bring your own boundaries — upload, check, confirm the CRS, match, preview, accept, undo, export.

All logic lives in ``gis.io`` / ``gis.crs`` / ``gis.validate`` / ``gis.store`` and ``layers.preview``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages.i18n import lang, tr
from gis import store
from gis.coords import COORD_SYSTEMS
from gis.crs import CRSConfirmationNeeded
from gis.errors import AtlasError
from gis.io import ImportResult, list_layers, read_vector
from gis.measure import area_ha
from gis.settings import MAX_FEATURES, MAX_UPLOAD_BYTES, MAX_VERTICES, user_store_path
from gis.validate import acceptance_frame, match_parks

K_UPLOAD = "data_upload"
K_COORDS = "data_coords"
K_LAYER = "data_layer"
K_CRS = "data_crs"  # confirmed / chosen CRS for the current file
K_CRS_PICK = "data_crs_pick"
K_CRS_TEXT = "data_crs_text"
K_NOTE = "data_note"
K_EDITOR = "data_matches"
K_DONE = "data_last_change"
K_FILE_ID = "data_file_id"

COORD_LABELS = {
    "wgs84": ("WGS84 / CGCS2000（GPS、天地图、测绘成果）", "WGS84 / CGCS2000 (GPS, Tianditu, survey data)"),
    "gcj02": ("GCJ-02（高德、腾讯地图上取的坐标）", "GCJ-02 (copied from Gaode / Tencent maps)"),
    "bd09": ("BD-09（百度地图上取的坐标）", "BD-09 (copied from Baidu maps)"),
}
LEVEL_LABELS = {
    "error": ("已跳过", "skipped"),
    "warning": ("注意", "warning"),
    "change": ("已修复", "repaired"),
    "info": ("说明", "note"),
}
WHAT_LABELS = {
    "accept_boundaries": ("接受边界", "accept boundaries"),
    "save_figures": ("保存数据", "save figures"),
    "save_scenario": ("保存情景", "save scenario"),
    "delete_scenario": ("删除情景", "delete scenario"),
    "undo": ("撤销", "undo"),
}
STATUS_LABELS = {
    "matched": ("已匹配", "matched"),
    "ambiguous": ("多个候选", "ambiguous"),
    "unmatched": ("未匹配（可新增）", "unmatched (can be added)"),
}


@st.cache_data(show_spinner=False, max_entries=8)
def _read(data: bytes, name: str, layer: str | None, crs: str | None, coords: str) -> ImportResult:
    return read_vector(data, name=name, layer=layer, crs=crs, coords=coords)


@st.cache_data(show_spinner=False, max_entries=8)
def _layers(data: bytes, name: str) -> list[str]:
    return list_layers(data, name=name)


def _known_parks() -> gpd.GeoDataFrame:
    """Parks to match against: shipped + user-added (merged), or the shipped ones if the store is unreadable."""
    try:
        return store.merged_parks()
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法读取用户数据库：", "Cannot read the user store: ") + str(exc))
    try:
        from gis.parks import load_parks

        return load_parks()
    except (AtlasError, OSError, ImportError) as exc:
        st.warning(tr("无法读取园区数据：", "Cannot read the shipped parks: ") + str(exc))
        return gpd.GeoDataFrame({"name_zh": []}, geometry=[], crs=4326)


def _approved_ha(parks: gpd.GeoDataFrame, pid: object) -> float | None:
    """The known park's approved area in ha (``figures`` key ``approved_area_ha``), if it has one."""
    if pid is None or pid not in parks.index or "figures" not in parks:
        return None
    from gis.parks import figure_value

    fig = figure_value(parks.loc[pid], "approved_area_ha")
    try:
        return None if fig is None else float(fig.get("value"))
    except (TypeError, ValueError):
        return None


def _show_error(exc: AtlasError) -> None:
    st.error(tr("无法导入：", "Cannot import: ") + str(exc))
    st.table(
        pd.DataFrame(
            {
                tr("项目", "item"): [
                    tr("文件", "file"),
                    tr("要素/行", "feature/row"),
                    tr("字段", "field"),
                    tr("如何修正", "how to fix"),
                ],
                tr("内容", "value"): [
                    str(exc.file or ""),
                    "" if exc.feature is None else str(exc.feature),
                    str(exc.field or ""),
                    str(exc.hint or ""),
                ],
            }
        )
    )


def _report_table(result: ImportResult) -> pd.DataFrame:
    frame = result.report.frame()
    if frame.empty:
        return frame
    msg = "message_en" if lang() == "en" else "message_zh"
    out = pd.DataFrame(
        {
            tr("类别", "level"): [tr(*LEVEL_LABELS[v]) for v in frame["level"]],
            tr("要素/行", "feature/row"): [
                "" if v is None or pd.isna(v) else str(v) for v in frame["feature"]
            ],
            tr("字段", "field"): frame["field"].fillna(""),
            tr("说明", "message"): frame[msg],
        }
    )
    return out


def _crs_widget(exc: CRSConfirmationNeeded) -> None:
    st.warning(tr("需要确认坐标系：", "Please confirm the coordinate system: ") + exc.message)
    options = [s.crs for s in exc.suggestions] + ["other"]
    labels = {
        s.crs: f"{s.crs} — {s.name} ({s.reason_en if lang() == 'en' else s.reason_zh})"
        for s in exc.suggestions
    }
    labels["other"] = tr("其他（输入 EPSG 代码）", "Other (type an EPSG code)")
    pick = st.radio(
        tr("建议的坐标系", "Suggested CRS"), options, format_func=lambda v: labels[v], key=K_CRS_PICK
    )
    text = st.text_input(
        tr("EPSG 代码，如 EPSG:4527", "EPSG code, e.g. EPSG:4527"), key=K_CRS_TEXT, disabled=pick != "other"
    )
    if st.button(tr("确认坐标系", "Confirm CRS"), key="data_crs_confirm", type="primary"):
        st.session_state[K_CRS] = (text.strip() if pick == "other" else pick) or None
        st.rerun()


def _history_section() -> None:
    st.subheader(tr("修改历史与撤销", "History and undo"))
    try:
        hist = store.history()
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法读取用户数据库：", "Cannot read the user store: ") + str(exc))
        return
    if hist.empty:
        st.info(tr("尚无修改。", "No changes yet."))
        return
    shown = hist.assign(what=[tr(*WHAT_LABELS.get(w, (w, w))) for w in hist["what"]])
    st.dataframe(
        shown.rename(
            columns={
                "change_id": tr("编号", "change"),
                "what": tr("操作", "what"),
                "at": tr("时间 (UTC)", "when (UTC)"),
                "source_file": tr("来源文件", "source file"),
                "note": tr("备注", "note"),
                "n_rows": tr("行数", "rows"),
                "undone": tr("已撤销", "undone"),
                "undone_at": tr("撤销时间", "undone at"),
                "target": tr("撤销的修改", "undid change"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    live = hist[~hist["undone"]]
    choices = live["change_id"].tolist()
    if not choices:
        return
    what = {c: tr(*WHAT_LABELS.get(w, (w, w))) for c, w in zip(live["change_id"], live["what"], strict=True)}
    cid = st.selectbox(
        tr("撤销哪一项修改", "Change to undo"),
        choices,
        key="data_undo_pick",
        format_func=lambda c: f"#{c} {what.get(c, '')}",
    )
    if st.button(tr("撤销", "Undo"), key="data_undo"):
        try:
            store.undo(int(cid), note="data page")
            st.success(tr(f"已撤销修改 #{cid}", f"Change #{cid} undone"))
            st.rerun()
        except (AtlasError, OSError) as exc:
            st.error(str(exc))


def _exports_section() -> None:
    st.subheader(tr("导出", "Export"))
    st.caption(
        tr(
            "GeoPackage 可直接用 QGIS 打开；GeoJSON 为 RFC 7946（WGS84 经纬度，无 crs 成员）。",
            "GeoPackage opens in QGIS as is; GeoJSON is RFC 7946 (WGS84 lon/lat, no crs member).",
        )
    )
    if not st.button(tr("生成导出文件", "Prepare exports"), key="data_export"):
        return
    try:
        with tempfile.TemporaryDirectory(prefix="fpa-export-") as tmp:
            t = Path(tmp)
            files = {
                "user_store.gpkg": store.export_store(t / "user_store.gpkg"),
                "user_store.geojson": store.export_store(t / "user_store.geojson"),
                "parks_merged.gpkg": store.export_merged(t / "parks_merged.gpkg"),
                "parks_merged.geojson": store.export_merged(t / "parks_merged.geojson"),
            }
            blobs = {k: v.read_bytes() for k, v in files.items()}
    except (AtlasError, OSError) as exc:
        st.error(tr("导出失败：", "Export failed: ") + str(exc))
        return
    cols = st.columns(4)
    mimes = {".gpkg": "application/geopackage+sqlite3", ".geojson": "application/geo+json"}
    for col, (fname, blob) in zip(cols, blobs.items(), strict=True):
        col.download_button(
            fname, blob, file_name=fname, mime=mimes[Path(fname).suffix], key=f"data_dl_{fname}"
        )


st.title(tr("导入自有数据：园区边界与位置", "Bring your own data: park boundaries and positions"))
st.markdown(
    tr(
        "上传国土、规划部门提供的园区边界（压缩的 Shapefile、GeoPackage、GeoJSON、KML），或带经纬度列的 CSV/XLSX。"
        "系统会检查并修复几何、确认坐标系、与已知园区匹配；预览新旧几何后再决定是否接受。接受的数据保存在您自己的"
        "GeoPackage 中，不会改动随附数据，并且可以撤销。",
        "Upload the park boundaries your land or planning bureau gave you (zipped shapefile, GeoPackage, GeoJSON, KML) "
        "or a CSV/XLSX with lon/lat columns. The atlas checks and repairs geometries, confirms the coordinate system, "
        "matches features to known parks, and shows old against new before you accept. Accepted data goes to your own "
        "GeoPackage — the shipped data is never changed — and every change can be undone.",
    )
)
st.caption(
    tr(
        f"用户数据库：{user_store_path()}（环境变量 FPA_STORE 可改）。上限：文件 {MAX_UPLOAD_BYTES // 2**20} MB，"
        f"{MAX_FEATURES:,} 个要素，{MAX_VERTICES:,} 个节点。",
        f"User store: {user_store_path()} (set FPA_STORE to change). Limits: {MAX_UPLOAD_BYTES // 2**20} MB per file, "
        f"{MAX_FEATURES:,} features, {MAX_VERTICES:,} vertices.",
    )
)

upload = st.file_uploader(
    tr("选择文件", "Choose a file"),
    type=["zip", "gpkg", "geojson", "json", "kml", "csv", "txt", "tsv", "xlsx"],
    key=K_UPLOAD,
    help=tr(
        "Shapefile 请把 .shp .shx .dbf .prj（.cpg）一起压缩成 .zip。",
        "Zip a shapefile's .shp .shx .dbf .prj (.cpg) files together.",
    ),
)

if upload is None:
    _history_section()
    _exports_section()
    st.stop()

data = upload.getvalue()
file_id = f"{upload.name}:{len(data)}:{hash(data)}"
if st.session_state.get(K_FILE_ID) != file_id:  # a new file: forget the previous file's CRS choice
    st.session_state[K_FILE_ID] = file_id
    st.session_state.pop(K_CRS, None)

c1, c2 = st.columns(2)
coord_labels = {k: tr(*v) for k, v in COORD_LABELS.items()}
coords = c1.radio(
    tr("坐标来源（无法自动识别，请选择）", "Where the lon/lat come from (cannot be detected)"),
    COORD_SYSTEMS,
    format_func=coord_labels.__getitem__,
    key=K_COORDS,
)
layer = None
try:
    layers = _layers(data, upload.name)
except AtlasError as exc:
    layers = []
    _show_error(exc)
    st.stop()
if len(layers) > 1:
    layer = c2.selectbox(tr("图层", "Layer"), layers, key=K_LAYER)
chosen_crs = st.session_state.get(K_CRS)
if chosen_crs:
    c2.info(tr(f"已确认坐标系：{chosen_crs}", f"Confirmed CRS: {chosen_crs}"))
    if c2.button(tr("重新选择坐标系", "Choose the CRS again"), key="data_crs_reset"):
        st.session_state.pop(K_CRS, None)
        st.rerun()
else:
    with c2.expander(tr("文件里的坐标系不对？手动指定", "Wrong CRS in the file? Set it yourself")):
        override = st.text_input(
            tr(
                "EPSG 代码，如 EPSG:4527（3 度带 39 带，带带号）",
                "EPSG code, e.g. EPSG:4527 (3° zone 39, prefixed)",
            ),
            key="data_crs_override",
        )
        if st.button(tr("使用此坐标系", "Use this CRS"), key="data_crs_override_go") and override.strip():
            st.session_state[K_CRS] = override.strip()
            st.rerun()

try:
    with st.spinner(tr("正在检查文件…", "Checking the file…")):
        result = _read(data, upload.name, layer, chosen_crs, coords)
except CRSConfirmationNeeded as exc:
    _crs_widget(exc)
    st.stop()
except AtlasError as exc:
    _show_error(exc)
    st.stop()

s = result.summary()
m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("读取要素", "Features read"), s["features_read"])
m2.metric(tr("可导入", "Usable"), s["features_usable"])
m3.metric(tr("已修复", "Repairs"), s["counts"]["change"])
m4.metric(tr("已跳过 / 注意", "Skipped / warnings"), f"{s['counts']['error']} / {s['counts']['warning']}")
st.caption(
    tr(
        f"格式 {s['format']}；坐标系 {s['crs']}（来源 {s['crs_origin']}）→ WGS84；坐标偏移 {s['coords']}"
        + (f"；编码 {s['encoding']}" if s["encoding"] else ""),
        f"Format {s['format']}; CRS {s['crs']} ({s['crs_origin']}) → WGS84; offset {s['coords']}"
        + (f"; encoding {s['encoding']}" if s["encoding"] else ""),
    )
)

st.subheader(tr("检查报告", "Check report"))
report = _report_table(result)
if report.empty:
    st.success(tr("没有发现问题，也无需修复。", "No problems found, nothing repaired."))
else:
    st.dataframe(report, hide_index=True, width="stretch")

st.subheader(tr("与已知园区匹配", "Matching to known parks"))
parks = _known_parks()
matches = match_parks(result.gdf, parks)
table = pd.DataFrame(
    {
        "feature": matches["feature"].astype(str),
        "area_ha": area_ha(result.gdf).round(2).to_numpy(),
        "approved_ha": [_approved_ha(parks, pid) for pid in matches["park_id"]],
        "name": matches["name"],
        "status": [tr(*STATUS_LABELS[v]) for v in matches["status"]],
        "candidates": [", ".join(c) for c in matches["candidates"]],
        "park_id": matches["park_id"],
        "park_name": matches["park_name"],
        "accept": (matches["status"] == "matched").to_numpy(),
    },
    index=matches.index,
)
edited = st.data_editor(
    table,
    key=K_EDITOR,
    hide_index=True,
    width="stretch",
    disabled=["feature", "area_ha", "approved_ha", "status", "candidates", "park_name"],
    column_config={
        "feature": tr("要素/行", "feature/row"),
        "name": tr("名称（新园区用）", "name (for new parks)"),
        "area_ha": st.column_config.NumberColumn(
            tr("面积（公顷，推算）", "area (ha, derived)"), format="%.2f"
        ),
        "approved_ha": st.column_config.NumberColumn(
            tr("批准面积（公顷，来源见园区卡片）", "approved area (ha, source in the park card)"),
            format="%.2f",
        ),
        "status": tr("匹配", "match"),
        "candidates": tr("候选园区", "candidates"),
        "park_id": st.column_config.TextColumn(tr("园区编号（空 = 新增园区）", "park id (empty = new park)")),
        "park_name": tr("已知园区", "known park"),
        "accept": st.column_config.CheckboxColumn(tr("接受", "accept")),
    },
)
st.caption(
    tr(
        "已匹配的要素默认接受；多个候选时请填入正确的园区编号；未匹配的要素勾选“接受”即作为新园区加入。"
        "面积为推算值（Albers 等积投影，点要素为 0），可与批准面积对照。",
        "Matched features are accepted by default; for ambiguous ones type the right park id; tick 'accept' on "
        "an unmatched one to add it as a new park. Areas are derived (Albers equal-area; 0 for points): "
        "compare them with the approved area.",
    )
)

st.subheader(tr("预览：现有几何与导入几何", "Preview: current vs imported geometry"))
try:
    accepted = acceptance_frame(result.gdf, edited)
except AtlasError as exc:
    accepted = None
    st.error(str(exc))
ids = [
    p for p in edited.loc[edited["accept"].astype(bool), "park_id"].dropna().astype(str) if p in parks.index
]
old = parks.loc[ids] if ids else None
try:
    from streamlit_folium import st_folium

    from layers.preview import preview_map

    labels = [
        n if isinstance(n, str) and n else f"#{f}"
        for n, f in zip(edited["name"], edited["feature"], strict=True)
    ]
    old_labels = [str(parks.loc[i, "name_zh"]) if "name_zh" in parks else i for i in ids]
    fmap = preview_map(result.gdf, labels, old, old_labels, lang=lang())
    st_folium(fmap, key="data_preview", height=480, use_container_width=True, returned_objects=[])
except (AtlasError, OSError, LookupError, ValueError) as exc:
    st.warning(tr("预览地图无法生成：", "The preview map could not be built: ") + str(exc))

st.subheader(tr("接受并保存", "Accept and store"))
note = st.text_input(
    tr(
        "来源说明（如：XX 县自然资源局 2024 年勘界成果）",
        "Source note (e.g. county land bureau survey, 2024)",
    ),
    key=K_NOTE,
)
n_accept = 0 if accepted is None else len(accepted)
if st.button(
    tr(f"接受 {n_accept} 个要素", f"Accept {n_accept} features"),
    key="data_accept",
    type="primary",
    disabled=n_accept == 0,
):
    try:
        change = store.accept_boundaries(accepted, source_file=upload.name, note=note)
        st.session_state[K_DONE] = change
        st.success(
            tr(
                f"已保存到用户数据库（修改 #{change}）。地图、面积和下方“合并园区”导出从现在起使用这些边界；可在下方撤销。",
                f"Stored in your user store (change #{change}). The map, areas and the merged-parks exports "
                "below use these boundaries from now on; undo below.",
            )
        )
    except (AtlasError, OSError) as exc:
        st.error(tr("未保存：", "Not stored: ") + str(exc))

_history_section()
_exports_section()
