"""Actual figures in the user store's ``figures`` layout and back.

See ``gis.store.save_figures`` / ``load_figures``.
"""

from __future__ import annotations

import pandas as pd

from clusters.vocab import TARGET_KINDS

FIGURE_KEY_PREFIX = "actual_"


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
            "source": f"user upload / 用户上传: {source_file}",
            "confidence": "user",
            "note": "",
        }
    )
    out["user_target"] = [None if v is None or pd.isna(v) else float(v) for v in valid["user_target"]]
    out["upload_row"] = valid["row"].astype(int).to_numpy()
    return out


def from_store_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures loaded from the store (``gis.store.load_figures``) back in the ``UploadCheck.valid`` layout."""
    cols = ["row", "kind", "ref", "name", "measure", "year", "value", "user_target", "source_file"]
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
            "source_file": f["source_file"].to_numpy(),
        },
        columns=cols,
    )
