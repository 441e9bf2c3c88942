"""The map page's editor: draw or reshape a park, set its names, level, industries and figures, save, undo.

Every edit action goes through :func:`can_edit` (the one gate; the sign-in work hooks in there). The map is
the atlas map with a Leaflet.draw toolbar (:func:`layers.draw.edit_map`); the drawings come back from
streamlit-folium (``all_drawings``) and :func:`gis.drawn.shape_from_drawings` checks them like an import.
Saving is :func:`gis.store.edits.save_park_edit` (one change, undone with :func:`gis.store.undo`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit_folium as sf

from app_pages import map_session as ms
from app_pages._auth import can, current_user
from app_pages.i18n import error_text, lang, tr
from gis import store
from gis.drawn import DrawnShape, shape_from_drawings
from gis.edit_form import ParkForm, history_rows, level_choices, park_form, preview_frames, typed_figure
from gis.errors import AtlasError
from gis.store.edits import save_park_edit
from gis.vocab import quality_label
from layers.draw import edit_map
from layers.preview import preview_map
from layers.search import PARK
from layers.spec import MapSpec

K_EDIT = "map_edit_mode"
K_TARGET = "map_edit_target"
K_SNAP = "map_edit_snap"
K_MESSAGE = "_map_edit_message"  # the last save's or undo's outcome, kept until the next save or undo
K_LAST = "_map_edit_changes"  # this session's saved changes, oldest first (undone one by one)
K_PENDING = "_map_edit_pending_target"
NEW_PARK = "__new__"
EDIT_HEIGHT = 600


def can_edit() -> bool:
    """Whether this session may edit parks (an editor; everyone in desktop mode): the one gate of every edit
    action (the toggle, save and undo). The store checks the role again."""
    return can("edit")


def edit_toggle() -> bool:
    """The "edit a park" switch (off, and disabled, when :func:`can_edit` says no); returns whether on."""
    allowed = can_edit()
    on = st.toggle(
        tr("编辑园区（画边界、改数据）", "Edit parks (draw, figures)"),
        key=K_EDIT,
        disabled=not allowed,
        help=tr(
            "在地图上画新园区或修改已有园区的形状，保存前预览，保存后可撤销。手绘形状标为“手绘”，绝不标为测绘边界。",
            "Draw a new park or reshape one on the map, preview before saving, undo after. A drawn shape is "
            "marked hand-traced, never surveyed.",
        ),
    )
    return bool(on and allowed)


def _targets(places: dict) -> dict[str, str]:
    ui = lang()
    parks = {k: p.label(ui) for k, p in places.items() if p.kind == PARK}
    return {NEW_PARK: tr("＋ 新园区（不在任何已有名录中）", "+ New park (in no shipped list)"), **parks}


def apply_pending(places: dict) -> None:
    """Before any widget is drawn: a park just saved becomes the selected park and the one being edited."""
    pending = st.session_state.pop(K_PENDING, None)
    if pending in places:
        ms.select(pending, centre=False)
        st.session_state[K_TARGET] = pending


def _target(places: dict) -> str | None:
    """The park being edited (``None`` = a new park), picked in a select box."""
    choices = _targets(places)
    if st.session_state.get(K_TARGET) not in choices:
        sel = ms.selected()
        st.session_state[K_TARGET] = sel if sel in choices else NEW_PARK
    key = st.selectbox(
        tr("要编辑的园区", "Park to edit"), list(choices), key=K_TARGET, format_func=lambda k: choices[k]
    )
    return None if key == NEW_PARK else key


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _edit_args(spec: MapSpec, park_id: str | None, _geometry: Any) -> dict[str, Any]:
    """The editor map rendered once per session, spec and park (``_geometry`` is that park's shape)."""
    return ms.component_args(edit_map(spec.build_kwargs("served"), _geometry))


def _drawn_map(spec: MapSpec, form: ParkForm) -> list | None:
    """The editor map; returns the drawings (``None`` until something is drawn or edited)."""
    spec = spec.normalized()
    args = _edit_args(spec, form.park_id, form.geometry)
    key = f"edit_map_{form.park_id or 'new'}_{spec.store_key}"
    value = ms.mount(
        args,
        hash_key=str(sf.generate_js_hash(args["script"], key, False)),
        height=EDIT_HEIGHT,
        returned_objects=["all_drawings"],
    )
    st.caption(
        tr(
            "地图左侧工具栏：画多边形（在已有多边形内再画一个 = 挖洞；分开画多个 = 同一园区的多个部分）、"
            "画矩形、放置点位；修改形状（拖动顶点移动，拖动中点增加顶点，点击顶点删除，然后点“保存形状”）。"
            "地图左下角的小框随画随显示面积（等积投影）。",
            "Toolbar on the map's left: polygon (one drawn inside another = a hole; several apart = parts "
            "of one park), rectangle, point; reshape (drag a vertex to move it, drag a midpoint to add one, "
            "click a vertex to delete it, then “Save shape”). The box at the map's bottom left shows the "
            "area as you draw (equal-area).",
        )
    )
    return (value or {}).get("all_drawings")


def _shape(drawings: list | None) -> DrawnShape | None:
    """The checked shape of the drawings with its live area and report; ``None`` when none yet or refused."""
    if drawings is None:
        st.info(
            tr(
                "尚未画图或修改形状：只改属性和数据也可保存。",
                "No shape drawn or changed yet: attributes and figures alone can be saved.",
            )
        )
        return None
    try:
        shape = shape_from_drawings(drawings, snap=bool(st.session_state.get(K_SNAP)))
    except AtlasError as exc:
        st.error(error_text(exc))
        return None
    ui = lang()
    st.success(f"{quality_label(shape.quality, ui)} · {shape.summary(ui)}")
    report = shape.report_table(ui)
    if not report.empty:
        st.dataframe(report, hide_index=True, use_container_width=True)
    return shape


def _attribute_fields(form: ParkForm, suffix: str) -> dict[str, Any]:
    ui = lang()
    c1, c2 = st.columns(2)
    name_zh = c1.text_input(tr("中文名称", "Chinese name"), value=form.name_zh, key=f"edit_name_zh_{suffix}")
    name_en = c2.text_input(tr("英文名称", "English name"), value=form.name_en, key=f"edit_name_en_{suffix}")
    levels = level_choices(ui)
    level = st.selectbox(
        tr("级别", "Level"),
        list(levels),
        index=list(levels).index(form.level),
        format_func=lambda k: levels[k],
        key=f"edit_level_{suffix}",
    )
    industries = st.text_input(
        tr("主导产业（用“、”分隔）", "Leading industries (separated by 、 or commas)"),
        value=form.industries,
        key=f"edit_industries_{suffix}",
    )
    return {"name_zh": name_zh, "name_en": name_en, "level": level, "industries": industries}


def _figure_fields(form: ParkForm, suffix: str) -> tuple[list[dict[str, Any]], str]:
    """One figure (a current one to change, or a new one): value, unit, year and a required source."""
    ui = lang()
    labels = form.figure_labels(ui)
    fid = st.selectbox(
        tr("数据", "Figure"), list(labels), format_func=lambda k: labels[k], key=f"edit_fig_{suffix}"
    )
    cur = form.figure(fid)
    k = f"{suffix}_{fid}"
    c1, c2 = st.columns(2)
    vals = {
        "label_zh": c1.text_input(tr("名称（中文）", "Label (Chinese)"), cur["label_zh"], key=f"ef_lz_{k}"),
        "label_en": c2.text_input(tr("名称（英文）", "Label (English)"), cur["label_en"], key=f"ef_le_{k}"),
        "value": c1.text_input(tr("数值", "Value"), cur["value"], key=f"ef_v_{k}"),
        "unit": c2.text_input(tr("单位", "Unit"), cur["unit"], key=f"ef_u_{k}"),
        "year": c1.text_input(
            tr("年份（空 = 未说明）", "Year (empty = not stated)"), cur["year"], key=f"ef_y_{k}"
        ),
        "source": c2.text_input(tr("来源（必填）", "Source (required)"), cur["source"], key=f"ef_s_{k}"),
        "note": st.text_input(tr("说明", "Note"), cur["note"], key=f"ef_n_{k}"),
    }
    return typed_figure(vals, fid), fid


def _preview(shape: DrawnShape, form: ParkForm, spec: MapSpec) -> None:
    new, old = preview_frames(shape, form.geometry)
    label_new = tr("新形状（手绘）", "New shape (hand-traced)")
    old_labels = [tr("现有位置", "Current position")] if old is not None else None
    m = preview_map(new, [label_new], old, old_labels, lang=spec.lang, basemap=spec.basemap)
    sf.st_folium(
        m, key=f"edit_preview_{form.park_id}", height=380, use_container_width=True, returned_objects=[]
    )


def _save(form: ParkForm, shape: DrawnShape | None, attrs: dict, figures: list, note: str) -> None:
    if not can_edit():
        st.error(tr("无编辑权限。", "You may not edit."))
        return
    if shape is not None and form.park_id is None:
        attrs = {**shape.place(), **attrs}  # a new park: its county and city from where it was drawn
    try:
        change, pid = save_park_edit(
            form.park_id,
            geometry=shape.geometry if shape is not None else None,
            attributes=attrs,
            figures=figures,
            originals=form.originals(),
            note=note,
            user=current_user(),
        )
    except AtlasError as exc:
        st.session_state[K_MESSAGE] = ("error", error_text(exc))
        return
    st.session_state[K_LAST] = [*st.session_state.get(K_LAST, []), change]
    st.session_state[K_PENDING] = pid
    st.session_state[K_MESSAGE] = (
        "success",
        tr(f"已保存（修改编号 {change}）。", f"Saved (change {change})."),
    )


def _undo() -> None:
    if not can_edit():
        return
    done = list(st.session_state.get(K_LAST, []))
    if not done:
        return
    try:
        store.undo(done[-1], user=current_user())
    except AtlasError as exc:
        st.session_state[K_MESSAGE] = ("error", error_text(exc))
        return
    st.session_state[K_LAST] = done[:-1]
    st.session_state[K_MESSAGE] = ("success", tr(f"已撤销修改 {done[-1]}。", f"Change {done[-1]} undone."))


def _messages() -> None:
    """The outcome of this session's last save or undo. It stays (every rerun shows it: the editor map's own
    reruns must not swallow it) until the next save or undo replaces it."""
    msg = st.session_state.get(K_MESSAGE)
    if msg:
        (st.error if msg[0] == "error" else st.success)(msg[1])


def render_editor(spec: MapSpec, places: dict) -> None:
    """The editor: the map with the drawing toolbar beside the form (save, preview, undo, history)."""
    col_map, col_form = st.columns([6, 4], gap="medium")
    with col_form:
        _messages()
        pid = _target(places)
        st.checkbox(tr("吸附到县界（150 米内）", "Snap to county lines (within 150 m)"), key=K_SNAP)
    form = park_form(ms.data()["parks"], pid)
    with col_map:
        shape = _shape(_drawn_map(spec, form))
    suffix = form.park_id or "new"
    with col_form, st.container(height=EDIT_HEIGHT, border=False):
        if form.quality:
            st.caption(
                tr("当前几何质量：", "Current geometry quality: ") + quality_label(form.quality, lang())
            )
        attrs = _attribute_fields(form, suffix)
        st.markdown(tr("**数据（数值、单位、年份、来源）**", "**Figure (value, unit, year, source)**"))
        figures, _fid = _figure_fields(form, suffix)
        note = st.text_input(tr("修改说明（记入历史）", "Note for the history"), key=f"edit_note_{suffix}")
        b1, b2 = st.columns(2)
        show_preview = b1.toggle(tr("预览新旧形状", "Preview old vs new"), disabled=shape is None)
        if b2.button(tr("保存", "Save"), type="primary", key=f"edit_save_{suffix}", disabled=not can_edit()):
            _save(form, shape, attrs, figures, note)
            st.rerun()
        last = st.session_state.get(K_LAST)
        if st.button(
            tr("撤销本次会话的上一次保存", "Undo this session's last save"),
            key="edit_undo",
            disabled=not can_edit() or not last,
        ):
            _undo()
            st.rerun()
        st.dataframe(history_rows(store.history(), lang()), hide_index=True, use_container_width=True)
    if shape is not None and show_preview:
        with col_map:  # under the editor map, as wide as it
            _preview(shape, form, spec)
