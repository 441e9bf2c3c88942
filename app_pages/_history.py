"""The audit trail on the data page: filter by user and park, export, undo (own changes; anyone's for an
admin), and the store-damage notice every page shows.

Tables come from :mod:`gis.store.audit` (other accounts' names are shown to admins only); the CSV/XLSX is
:func:`gis.tabular.table_bytes`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages._auth import can, current_user
from app_pages._widget_lang import labelled
from app_pages.i18n import error_text, lang, tr
from gis import store
from gis.errors import AtlasError
from gis.parks import store_problem
from gis.store import audit

_ALL = ""
K_DONE = "hist_undone_message"


def store_notice() -> None:
    """When the store is damaged: say so (what is damaged and how an admin restores it) in the sidebar."""
    problem = store_problem()
    if problem is not None:
        st.sidebar.warning(error_text(problem))


def _filters(hist: pd.DataFrame) -> tuple[str | None, str | None]:
    f1, f2 = st.columns(2)
    everything = tr("全部", "all")  # labels computed now: format_func may run outside the script run
    actors = {_ALL: everything, **{a: a for a in audit.actor_choices(hist, current_user())}}
    actor = f1.selectbox(tr("用户", "User"), list(actors), key="hist_actor", format_func=labelled(actors))
    parks = {_ALL: everything, **{p: p for p in audit.park_choices(hist)}}
    park = f2.selectbox(tr("园区", "Park"), list(parks), key="hist_park", format_func=labelled(parks))
    return actor or None, park or None


def _undo(hist: pd.DataFrame) -> None:
    choices = audit.undo_choices(hist, current_user(), lang())
    if not choices:
        return
    cid = st.selectbox(
        tr("撤销哪一项修改", "Change to undo"),
        list(choices),
        key="data_undo_pick",
        format_func=labelled(choices),
    )
    if st.button(tr("撤销", "Undo"), key="data_undo"):
        try:
            store.undo(int(cid), note="data page", user=current_user())
        except (AtlasError, OSError) as exc:
            st.error(error_text(exc))
            return
        st.session_state[K_DONE] = tr(f"已撤销修改 #{cid}", f"Change #{cid} undone")
        st.rerun()  # the table and the choices show the undo; the message survives the rerun


def render_history() -> None:
    """The history table with its filters, CSV/XLSX export and undo."""
    st.subheader(tr("修改历史与撤销", "History and undo"))
    try:
        hist = store.history()
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法读取用户数据库：", "Cannot read the user store: ") + error_text(exc))
        return
    if hist.empty:
        st.info(tr("尚无修改。", "No changes yet."))
        return
    actor, park = _filters(hist)
    rows = audit.audit_rows(hist, current_user(), lang(), actor=actor, park=park)
    st.dataframe(audit.headed(rows, lang()), hide_index=True, width="stretch", key="hist_table")
    d1, d2 = st.columns(2)
    d1.download_button(
        tr("导出历史 CSV", "Export history CSV"),
        audit.audit_bytes(rows, "csv", lang()),
        file_name="history.csv",
        mime="text/csv",
        key="hist_csv",
        on_click="ignore",
    )
    d2.download_button(
        tr("导出历史 XLSX", "Export history XLSX"),
        audit.audit_bytes(rows, "xlsx", lang()),
        file_name="history.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="hist_xlsx",
        on_click="ignore",
    )
    if (done := st.session_state.pop(K_DONE, None)) is not None:
        st.success(done)
    if can("undo"):
        _undo(hist)
