"""The audit trail as people read it: who (names shown to admins only), which parks, filters, and what a
user may undo. Pages lay these tables out (``app_pages._history``)."""

from __future__ import annotations

import json
from typing import Literal

import pandas as pd

from gis.auth import Actor, allowed
from gis.import_vocab import store_action_label
from gis.tabular import Column, table_bytes
from gis.text import Pair, text

#: Headings of the audit table, in the order shown.
AUDIT_HEADINGS: dict[str, Pair] = {
    "change_id": Pair("编号", "change"),
    "what": Pair("操作", "what"),
    "at": Pair("时间 (UTC)", "when (UTC)"),
    "actor": Pair("用户", "user"),
    "parks": Pair("园区", "parks"),
    "source_file": Pair("来源文件", "source file"),
    "note": Pair("备注", "note"),
    "n_rows": Pair("行数", "rows"),
    "undone": Pair("已撤销", "undone"),
    "target": Pair("撤销的修改", "undid change"),
    "keys_before": Pair("修改前", "before"),
    "keys_after": Pair("修改后", "after"),
}


def sees_names(viewer: Actor | None) -> bool:
    """Whether ``viewer`` may see other accounts' names (admins and the desktop user)."""
    return allowed(viewer, "audit")


def _who(actor: str, viewer: Actor | None, lang: str) -> str:
    if sees_names(viewer) or (viewer is not None and actor == viewer.name):
        return actor
    return text(lang, "其他用户", "another user")


def actor_choices(hist: pd.DataFrame, viewer: Actor | None) -> list[str]:
    """Accounts ``viewer`` may filter the history by: every name for an admin, their own otherwise."""
    names = sorted({str(a) for a in hist["actor"]})
    if sees_names(viewer):
        return names
    return [viewer.name] if viewer is not None and viewer.name in names else []


def park_choices(hist: pd.DataFrame) -> list[str]:
    """Every park id the history touches."""
    return sorted({p for parks in hist["parks"] for p in parks})


def audit_table(
    hist: pd.DataFrame,
    viewer: Actor | None,
    lang: str,
    *,
    actor: str | None = None,
    park: str | None = None,
) -> pd.DataFrame:
    """The history (:func:`gis.store.history`) for ``viewer``: filtered by account and park, other accounts'
    names hidden unless ``viewer`` is an admin, kinds of change and headings in ``lang``."""
    return headed(audit_rows(hist, viewer, lang, actor=actor, park=park), lang)


def headed(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """History rows (:func:`audit_rows`) with the headings of ``lang`` (what the page shows)."""
    return rows.rename(columns={k: v.get(lang) for k, v in AUDIT_HEADINGS.items()})


#: The column specs of the history download (:func:`audit_bytes`).
AUDIT_COLUMNS: tuple[Column, ...] = tuple(
    Column(k, v, kind="integer" if k == "n_rows" else "text") for k, v in AUDIT_HEADINGS.items()
)


def audit_bytes(rows: pd.DataFrame, fmt: Literal["csv", "xlsx"], lang: str) -> bytes:
    """The history rows (:func:`audit_rows`) as CSV (UTF-8 with BOM) or XLSX headed in ``lang``; "undone"
    as a word of ``lang``."""
    out = rows.assign(undone=[text(lang, "是", "yes") if u else "" for u in rows["undone"]])
    sheet = text(lang, "修改历史", "history")
    return table_bytes(out, fmt, columns=AUDIT_COLUMNS, lang=lang, sheet_name=sheet)


def audit_rows(
    hist: pd.DataFrame,
    viewer: Actor | None,
    lang: str,
    *,
    actor: str | None = None,
    park: str | None = None,
) -> pd.DataFrame:
    """:func:`audit_table` with the machine keys of :data:`AUDIT_HEADINGS` as columns (for downloads)."""
    rows = hist
    if actor:
        rows = rows[rows["actor"] == actor]
    if park:
        rows = rows[[park in p for p in rows["parks"]]]
    shown = pd.DataFrame(
        {
            "change_id": rows["change_id"].astype(int),
            "what": [store_action_label(w, lang) for w in rows["what"]],
            "at": rows["at"],
            "actor": [_who(str(a), viewer, lang) for a in rows["actor"]],
            "parks": [", ".join(p) for p in rows["parks"]],
            "source_file": rows["source_file"].fillna(""),
            "note": rows["note"].fillna(""),
            "n_rows": rows["n_rows"],
            "undone": rows["undone"].astype(bool),
            "target": rows["target"].astype("Int64"),
            "keys_before": [json.dumps(k, ensure_ascii=False) if k else "" for k in rows["keys_before"]],
            "keys_after": [json.dumps(k, ensure_ascii=False) if k else "" for k in rows["keys_after"]],
        }
    )
    return shown.reset_index(drop=True)


def undo_choices(hist: pd.DataFrame, viewer: Actor | None, lang: str) -> dict[int, str]:
    """Changes ``viewer`` may undo now, newest first: their own (an editor) or anyone's (an admin)."""
    if not allowed(viewer, "undo"):
        return {}
    live = hist[~hist["undone"]]
    if not allowed(viewer, "undo_any") and viewer is not None:
        live = live[live["actor"] == viewer.name]
    return {
        int(c): f"#{c} {store_action_label(w, lang)}"
        for c, w in zip(live["change_id"], live["what"], strict=True)
    }
