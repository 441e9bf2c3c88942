"""Data page: bring your own boundaries — upload, check, confirm the CRS, match, preview, accept, undo,
export.

All logic lives in ``gis.io`` / ``gis.crs`` / ``gis.validate`` / ``gis.store``, the tables shown in
:mod:`gis.import_session`, the preview map in ``layers.preview``. This page lays out the widgets and keeps
the session state (the confirmed CRS of the current file).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages import _import_declare, _import_job
from app_pages import _upload_budget as budget
from app_pages._auth import can, current_user
from app_pages._basemap_section import render_basemaps
from app_pages._history import render_history
from app_pages._widget_lang import labelled
from app_pages.i18n import as_text, error_text, lang, tr
from gis import import_session as session
from gis.coords import COORD_SYSTEMS
from gis.crs import CRSConfirmationNeeded
from gis.errors import AtlasError
from gis.import_vocab import coord_source_label
from gis.io import ImportResult, list_layers
from gis.settings import MAX_FEATURES, MAX_UPLOAD_BYTES, MAX_VERTICES
from gis.validate import acceptance_frame
from layers.preview import preview_map

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


def _layers(data: bytes, name: str) -> list[str]:
    return budget.cached(("layers", name, len(data)), lambda: list_layers(data, name=name))


def _known_parks() -> Any:
    parks, problems = session.known_parks()
    for what, message in problems:
        st.warning(what.get(lang()) + as_text(message))
    return parks


def _show_error(exc: AtlasError) -> None:
    st.error(tr("无法导入：", "Cannot import: ") + error_text(exc))
    st.table(session.error_parts(exc, lang()))


def _crs_widget(exc: CRSConfirmationNeeded) -> None:
    st.warning(
        tr("需要确认坐标系：", "Please confirm the coordinate system: ") + as_text(exc.message_in(lang()))
    )
    labels = session.crs_choice_labels(exc, lang())
    pick = st.radio(
        tr("建议的坐标系", "Suggested CRS"), list(labels), format_func=labelled(labels), key=K_CRS_PICK
    )
    code = st.text_input(
        tr("EPSG 代码，如 EPSG:4527", "EPSG code, e.g. EPSG:4527"), key=K_CRS_TEXT, disabled=pick != "other"
    )
    if st.button(tr("确认坐标系", "Confirm CRS"), key="data_crs_confirm", type="primary"):
        st.session_state[K_CRS] = (code.strip() if pick == "other" else pick) or None
        st.rerun()


# ------------------------------------------------------------------------------------------------ no file
def _header() -> None:
    st.title(tr("导入自有数据：园区边界与位置", "Bring your own data: park boundaries and positions"))
    st.markdown(
        tr(
            "上传国土、规划部门提供的园区边界（压缩的 Shapefile、GeoPackage、GeoJSON、KML），或带经纬度列的"
            " CSV/XLSX。系统会检查并修复几何、确认坐标系、与已知园区匹配；预览新旧几何后再决定是否接受。"
            "接受的数据保存在图集的用户数据库（GeoPackage）中，不会改动随附数据，记录操作人，并且可以撤销。",
            "Upload the park boundaries your land or planning bureau gave you (zipped shapefile, GeoPackage, "
            "GeoJSON, KML) or a CSV/XLSX with lon/lat columns. The atlas checks and repairs geometries, "
            "confirms the coordinate system, matches features to known parks, and shows old against new "
            "before you accept. Accepted data goes to the atlas's user store (a GeoPackage) — the shipped "
            "data is never changed — with who accepted it, and every change can be undone.",
        )
    )
    mb = MAX_UPLOAD_BYTES // 2**20
    st.caption(
        tr(
            f"用户数据库的位置由管理员设定（环境变量 FPA_STORE）。上限：文件 {mb} MB，"
            f"{MAX_FEATURES:,} 个要素，{MAX_VERTICES:,} 个节点。",
            f"Where the user store lives is set by the administrator (FPA_STORE). Limits: {mb} MB per "
            f"file, {MAX_FEATURES:,} features, {MAX_VERTICES:,} vertices.",
        )
    )


def _exports_section() -> None:
    if not can("export"):  # signed-in editors only
        return
    st.subheader(tr("导出", "Export"))
    st.caption(
        tr(
            "parks_merged.gpkg（合并后的园区）可直接用 QGIS 打开；user_store.gpkg 为用户数据库的完整备份"
            "（可用 `python -m gis store restore` 恢复，保留数据库自身的表）。"
            "GeoJSON 为 RFC 7946（WGS84 经纬度，无 crs 成员）。",
            "parks_merged.gpkg (the merged parks) opens in QGIS as is. user_store.gpkg is the whole "
            "user store as a backup (`python -m gis store restore` reads it back; it keeps the store's "
            "own tables). "
            "GeoJSON is RFC 7946 (WGS84 lon/lat, no crs member).",
        )
    )
    if not st.button(tr("生成导出文件", "Prepare exports"), key="data_export"):
        return
    try:
        blobs = session.export_files()
    except (AtlasError, OSError) as exc:
        st.error(tr("导出失败：", "Export failed: ") + error_text(exc))
        return
    if not can("audit"):  # an editor gets the published parks; the whole store (drafts, names) is an admin's
        blobs = {k: v for k, v in blobs.items() if k.startswith("parks_merged")}
    for col, (fname, blob) in zip(st.columns(len(blobs)), blobs.items(), strict=True):
        col.download_button(  # on_click="ignore": a download does not rerun the page, the buttons stay
            fname,
            blob,
            file_name=fname,
            mime=session.export_mime(fname),
            key=f"data_dl_{fname}",
            on_click="ignore",
        )


# ------------------------------------------------------------------------------------------------ reading
def _new_file(data: bytes, name: str) -> None:
    """A new file: forget the previous file's CRS choice."""
    file_id = f"{name}:{len(data)}:{hash(data)}"
    if st.session_state.get(K_FILE_ID) != file_id:
        st.session_state[K_FILE_ID] = file_id
        st.session_state.pop(K_CRS, None)


def _crs_choice(column: Any) -> str | None:
    """The confirmed CRS (with a button to choose again), or a field to set one by hand."""
    chosen = st.session_state.get(K_CRS)
    if chosen:
        column.info(tr("已确认坐标系：", "Confirmed CRS: ") + as_text(chosen))
        if column.button(tr("重新选择坐标系", "Choose the CRS again"), key="data_crs_reset"):
            st.session_state.pop(K_CRS, None)
            st.rerun()
        return chosen
    with column.expander(tr("文件里的坐标系不对？手动指定", "Wrong CRS in the file? Set it yourself")):
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
    return None


def _read_options(data: bytes, name: str) -> tuple[str, str | None, str | None] | None:
    """Coordinate source, layer and CRS for reading the file (``None`` when its layers cannot be listed)."""
    c1, c2 = st.columns(2)
    # labels computed now: format_func may run outside the script run, where the language is unknown
    coord_labels = {k: coord_source_label(k, lang()) for k in COORD_SYSTEMS}
    coords = c1.radio(
        tr("坐标来源（无法自动识别，请选择）", "Where the lon/lat come from (cannot be detected)"),
        COORD_SYSTEMS,
        format_func=labelled(coord_labels),
        key=K_COORDS,
    )
    try:
        layers = _layers(data, name)
    except AtlasError as exc:
        _show_error(exc)
        return None
    layer = c2.selectbox(tr("图层", "Layer"), layers, key=K_LAYER) if len(layers) > 1 else None
    return coords, layer, _crs_choice(c2)


def _summary(result: ImportResult) -> None:
    s = result.summary()
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("读取要素", "Features read"), s["features_read"])
    m2.metric(tr("可导入", "Usable"), s["features_usable"])
    m3.metric(tr("已修复", "Repairs"), s["counts"]["change"])
    m4.metric(tr("已跳过 / 注意", "Skipped / warnings"), f"{s['counts']['error']} / {s['counts']['warning']}")
    st.caption(session.summary_line(result, lang()))
    st.subheader(tr("检查报告", "Check report"))
    report = session.report_table(result, lang())
    if report.empty:
        st.success(tr("没有发现问题，也无需修复。", "No problems found, nothing repaired."))
    else:
        st.dataframe(report, hide_index=True, width="stretch")


# ------------------------------------------------------------------------------------------------ matching
def _match_editor(result: ImportResult, parks: Any, matches: pd.DataFrame | None = None) -> pd.DataFrame:
    st.subheader(tr("与已知园区匹配", "Matching to known parks"))
    edited = st.data_editor(
        session.match_table(result.gdf, parks, lang(), matches),
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
            "park_id": st.column_config.TextColumn(
                tr("园区编号（空 = 新增园区）", "park id (empty = new park)")
            ),
            "park_name": tr("已知园区", "known park"),
            "accept": st.column_config.CheckboxColumn(tr("接受", "accept")),
        },
    )
    st.caption(
        tr(
            "已匹配的要素默认接受；多个候选时请填入正确的园区编号；未匹配的要素勾选“接受”即作为新园区加入。"
            "面积为推算值（Albers 等积投影，点要素为 0），可与批准面积对照。",
            "Matched features are accepted by default; for ambiguous ones type the right park id; tick "
            "'accept' on an unmatched one to add it as a new park. Areas are derived (Albers equal-area; 0 "
            "for points): compare them with the approved area.",
        )
    )
    return edited


def _preview(result: ImportResult, edited: pd.DataFrame, parks: Any, declared: str) -> Any:
    """The preview map of current vs imported geometry; returns the features to accept (or ``None``)."""
    st.subheader(tr("预览：现有几何与导入几何", "Preview: current vs imported geometry"))
    accepted = None
    try:
        accepted = acceptance_frame(result.gdf, edited, declaration=declared)
    except AtlasError as exc:
        st.error(error_text(exc))
    try:
        labels, old, old_labels = session.preview_selection(edited, parks)
        fmap = preview_map(result.gdf, labels, old, old_labels, lang=lang())
        st_folium(fmap, key="data_preview", height=480, use_container_width=True, returned_objects=[])
    except (AtlasError, OSError, LookupError, ValueError) as exc:
        st.warning(tr("预览地图无法生成：", "The preview map could not be built: ") + error_text(exc))
    return accepted


def _accept(accepted: Any, source_file: str) -> None:
    if not can("edit"):
        return
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
        disabled=n_accept == 0 or _import_job.saving(),
    ):  # one transaction, as a job (app_pages._import_job: bar, cancel before the write)
        _import_job.save(accepted, source_file, note, current_user())
    change = _import_job.saved()
    if change is None:
        return
    st.session_state[K_DONE] = change
    st.success(
        tr(
            f"已保存到用户数据库（修改 #{change}）。地图、面积和下方“合并园区”导出从现在起使用这些边界；"
            "可在下方撤销。",
            f"Stored in the user store (change #{change}). The map, areas and the merged-parks exports "
            "below use these boundaries from now on; undo below.",
        )
    )


def _import(data: bytes, name: str) -> None:
    """Read, check, match, preview and accept one uploaded file."""
    _new_file(data, name)
    options = _read_options(data, name)
    if options is None:
        return
    parks = _known_parks()
    try:  # a background job with a progress bar and cancel (app_pages._import_job), cached per file
        checked = _import_job.checked_upload(data, name, options, parks)
    except CRSConfirmationNeeded as exc:
        _crs_widget(exc)
        return
    except AtlasError as exc:
        _show_error(exc)
        return
    if checked is None:  # running (the bar is shown) or cancelled (said so)
        return
    result = checked.result
    _summary(result)
    edited = _match_editor(result, parks, checked.matches_now())
    accepted = _preview(result, edited, parks, _import_declare.declaration())
    _accept(accepted, name)
    render_history()
    _exports_section()


def render() -> None:
    """The data page: explanation, upload; with a file the import steps, without one history and exports."""
    _header()
    if not can("edit"):  # viewers read the published data: no upload, accept or undo here
        st.info(tr("您的角色只能查看已发布的数据。", "Your role can view the published data only."))
        render_history()
        return
    upload = st.file_uploader(
        tr("选择文件", "Choose a file"),
        type=["zip", "gpkg", "geojson", "json", "kml", "csv", "txt", "tsv", "xlsx"],
        key=budget.widget_key(K_UPLOAD),
        help=tr(
            "Shapefile 请把 .shp .shx .dbf .prj（.cpg）一起压缩成 .zip。",
            "Zip a shapefile's .shp .shx .dbf .prj (.cpg) files together.",
        ),
    )
    current = _current_upload(upload)
    if current is None:
        render_history()
        _exports_section()
    else:
        _import(current.data, current.name)
    if can("admin"):  # basemaps are served to everyone and may name server paths: an admin's section
        render_basemaps()


def _current_upload(upload: Any) -> budget.Upload | None:
    """The file being imported: a new upload moves out of the widget (app_pages._upload_budget)."""
    budget.sweep()
    if upload is not None:
        try:
            budget.take(K_UPLOAD, upload)
        except AtlasError as exc:
            _show_error(exc)
            return None
        st.rerun()
    current = budget.current(K_UPLOAD)
    if current is not None:
        c1, c2 = st.columns([4, 1])
        c1.caption(
            tr("当前文件：", "Current file: ") + as_text(f"{current.name} ({current.size / 2**20:.1f} MB)")
        )
        if c2.button(tr("关闭此文件", "Close this file"), key="data_close_file"):
            _import_job.cancel()
            budget.release(K_UPLOAD)
            st.rerun()
    return current


render()
