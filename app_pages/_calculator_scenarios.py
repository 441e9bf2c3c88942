"""Saved scenarios of the park-share calculator page: save, compare two, export, clear.

Scenarios live in the user store (:mod:`gis.store`), or in this session when the store cannot be used.
Widgets and session state only; the comparison table is :func:`clusters.calculator_view.comparison_table`.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from app_pages._auth import can, current_user
from app_pages.i18n import as_text, error_text, lang, tr
from clusters import calculator_view as view
from clusters import share
from gis import store
from gis.errors import AtlasError

K_SCENARIOS = "calc_scenarios"
SCENARIO_KIND = "park_share"


def _load_scenarios() -> tuple[dict[str, dict], str]:
    """Saved calculator scenarios (``kind == "park_share"``) and where they live (``store`` / ``session``)."""
    try:
        found = store.load_scenarios(user=current_user())
        return {k: v for k, v in found.items() if v.get("kind") == SCENARIO_KIND}, "store"
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法读取用户数据库：", "Cannot read the user store: ") + error_text(exc))
    return st.session_state[K_SCENARIOS], "session"


def _save_scenario(sc: share.Scenario) -> dict:
    data = {"kind": SCENARIO_KIND, **share.scenario_record(sc)}
    try:
        store.save_scenario(sc.name, data, note="park-share calculator", user=current_user())
        return data
    except (AtlasError, OSError) as exc:
        st.warning(
            tr(
                "无法写入用户数据库，仅保存在本次会话：",
                "Cannot write the user store; kept in this session: ",
            )
            + error_text(exc)
        )
    st.session_state[K_SCENARIOS][sc.name] = data
    return data


def _clear_scenarios(names: list[str]) -> None:
    """Delete the user's own saved scenarios as one change (a colleague's shared ones stay)."""
    with contextlib.suppress(AtlasError, OSError):
        store.delete_scenarios(names, note="park-share calculator: clear", user=current_user())
    for name in names:
        st.session_state[K_SCENARIOS].pop(name, None)


def _share(saved: dict[str, dict]) -> None:
    """Publish one of the user's drafts (shared server): then every signed-in colleague sees it."""
    try:
        listed = store.list_scenarios(user=current_user())
    except (AtlasError, OSError):
        return
    drafts = [
        str(n)
        for n, mine, shared in zip(listed["name"], listed["mine"], listed["shared"], strict=True)
        if mine and not shared and n in saved
    ]
    if not drafts:
        return
    s1, s2 = st.columns([3, 1])
    name = s1.selectbox(
        tr("我的草稿（仅自己可见）", "My drafts (only I see them)"), drafts, key="calc_scn_draft"
    )
    if s2.button(tr("共享给同事", "Share with colleagues"), key="calc_scn_share"):
        try:
            store.share_scenario(name, user=current_user())
            st.success(tr("已共享情景：", "Shared scenario: ") + as_text(name))
        except (AtlasError, OSError) as exc:
            st.error(error_text(exc))


def _scenario_save(
    saved: dict[str, dict], scenario: share.Scenario, result: share.ShareResult | None
) -> None:
    n1, n2 = st.columns([3, 1])
    name = n1.text_input(
        tr("情景名称", "Scenario name"),
        key="calc_scn_name",
        placeholder=tr("如：全省增速8%", "e.g. total +8%"),
    )
    if not n2.button(tr("保存当前输入", "Save current inputs"), key="calc_scn_save"):
        return
    if result is None:
        st.error(tr("当前输入有误，不能保存。", "The current inputs have errors; nothing saved."))
    elif not name.strip():
        st.warning(tr("请先填写情景名称。", "Enter a scenario name first."))
    else:
        saved[name.strip()] = _save_scenario(share.with_changes(scenario, name=name.strip()))
        st.session_state["calc_cmp_b"] = name.strip()  # compare the newest with A
        st.success(tr("已保存情景：", "Saved scenario: ") + as_text(name.strip()))


def _scenario_compare(saved: dict[str, dict]) -> None:
    names = list(saved)
    s1, s2 = st.columns(2)
    a = s1.selectbox(tr("情景 A", "Scenario A"), names, index=0, key="calc_cmp_a")
    b = s2.selectbox(tr("情景 B", "Scenario B"), names, index=min(1, len(names) - 1), key="calc_cmp_b")
    try:
        cmp = view.comparison_table(
            share.Scenario.from_dict(saved[a]), share.Scenario.from_dict(saved[b]), lang()
        )
    except AtlasError as exc:
        st.error(error_text(exc))
    else:
        st.dataframe(cmp, hide_index=True, width="stretch", key="calc_cmp_table")


def _scenario_exports(saved: dict[str, dict]) -> None:
    all_sc = [share.Scenario.from_dict(d) for d in saved.values()]
    e1, e2 = st.columns(2)
    e1.download_button(
        tr("导出 CSV（UTF-8 BOM）", "Export CSV (UTF-8 with BOM)"),
        share.export_scenarios(all_sc, "csv", lang()),
        file_name="park_share_scenarios.csv",
        mime="text/csv",
        key="calc_export_csv",
        on_click="ignore",
    )
    e2.download_button(
        tr("导出 XLSX", "Export XLSX"),
        share.export_scenarios(all_sc, "xlsx", lang()),
        file_name="park_share_scenarios.xlsx",
        key="calc_export_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    if can("edit") and st.button(tr("清空我保存的情景", "Clear my saved scenarios"), key="calc_scn_clear"):
        _clear_scenarios(list(saved))
        st.rerun()


def render_scenarios(scenario: share.Scenario, result: share.ShareResult | None) -> None:
    """The scenarios tab: where they live, save the current inputs, compare two, export."""
    st.session_state.setdefault(K_SCENARIOS, {})
    saved, where = _load_scenarios()
    st.caption(
        tr(
            "情景保存在用户数据库中；共享服务器上，草稿只有自己可见，共享后同事可见。",
            "Scenarios are kept in the user store; on a shared server a draft is yours until you share it.",
        )
        if where == "store"
        else tr(
            "情景只保存在本次会话中（关闭页面后消失）；请导出CSV/XLSX留存。",
            "Scenarios live in this session only (gone when the page closes); export CSV/XLSX to keep them.",
        )
    )
    if can("edit"):  # viewers see the shared scenarios only, and save nothing
        _scenario_save(saved, scenario, result)
        _share(saved)
    if not saved:
        st.info(
            tr("尚未保存情景。", "No scenario saved yet.")
            if can("edit")
            else tr("尚无共享的情景。", "No shared scenario yet.")
        )
        return
    _scenario_compare(saved)
    _scenario_exports(saved)
