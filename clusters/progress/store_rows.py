"""Actual figures in the user store's ``figures`` layout and back.

See ``gis.store.save_figures`` / ``load_figures``.
"""

from __future__ import annotations

import pandas as pd

from clusters.vocab import TARGET_KINDS

FIGURE_KEY_PREFIX = "actual_"
#: The columns of ``UploadCheck.valid`` (upload.VALID_COLUMNS) a stored figure comes back as.
VALID_LAYOUT = ["row", "kind", "ref", "name", "measure", "year", "value", "user_target", "source", "note"]


def _or_blank(frame: pd.DataFrame, col: str) -> list:
    return list(frame[col]) if col in frame else [""] * len(frame)


def to_store_rows(valid: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Valid upload rows in the user store's ``figures`` layout (``gis.store.save_figures``)."""
    out = pd.DataFrame(
        {
            "subject_type": valid["kind"].astype(str),
            "subject_id": valid["ref"].astype(str),
            "key": FIGURE_KEY_PREFIX + valid["measure"].astype(str),
            "label": valid["name"].astype(str),
            "year": valid["year"].astype(int),
            "value": valid["value"].astype(float),
            "unit": "亿元",
            "source": [_source(s, source_file) for s in _col(valid, "source")],
            "confidence": "user",
            "note": _col(valid, "note"),
        }
    )
    out["user_target"] = [None if v is None or pd.isna(v) else float(v) for v in valid["user_target"]]
    out["upload_row"] = valid["row"].astype(int).to_numpy()
    return out


def _col(valid: pd.DataFrame, name: str) -> list[str]:
    if name not in valid:
        return [""] * len(valid)
    return ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in valid[name]]


def _source(source: str, source_file: str) -> str:
    """The figure's own source as the user wrote it, else the upload it came from."""
    return source or f"user upload / 用户上传: {source_file}"


def _stored_source(value: object) -> str:
    """The user's own source back (the upload default says only where the figure came from)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return "" if text.startswith("user upload / 用户上传: ") else text


def from_store_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures loaded from the store (``gis.store.load_figures``) back in the ``UploadCheck.valid`` layout."""
    cols = [*VALID_LAYOUT, "source_file"]
    if figures is None or figures.empty:
        return pd.DataFrame(columns=cols)
    mask = figures["key"].astype(str).str.startswith(FIGURE_KEY_PREFIX) & figures["subject_type"].isin(
        TARGET_KINDS
    )
    f = figures[mask]
    if f.empty:
        return pd.DataFrame(columns=cols)
    user_target = f["user_target"] if "user_target" in f else pd.Series([None] * len(f), index=f.index)
    rows = f["upload_row"] if "upload_row" in f else f["row_no"]
    return pd.DataFrame(
        {
            "row": rows.to_numpy(),
            "kind": f["subject_type"].to_numpy(),
            "ref": f["subject_id"].to_numpy(),
            "name": f["label"].to_numpy(),
            "measure": f["key"].str.removeprefix(FIGURE_KEY_PREFIX).to_numpy(),
            "year": f["year"].astype(int).to_numpy(),
            "value": f["value"].astype(float).to_numpy(),
            "user_target": [None if v is None or pd.isna(v) else float(v) for v in user_target],
            "source": [_stored_source(v) for v in _or_blank(f, "source")],
            "note": ["" if v is None or pd.isna(v) else str(v) for v in _or_blank(f, "note")],
            "source_file": f["source_file"].to_numpy(),
        },
        columns=cols,
    )
