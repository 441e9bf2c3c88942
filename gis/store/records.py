"""Figures: write and read (scenarios: :mod:`gis.store.scenarios`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from gis.auth import Actor, require
from gis.errors import DataValidationError
from gis.store.connection import _history_row, _query, _refresh_current, _transaction
from gis.store.scenarios import delete_scenario, load_scenarios, save_scenario
from gis.store.schema import FIGURE_COLUMNS, _now
from gis.store.values import _jsonable
from gis.tabular import parse_numbers

#: At most this many keys of a change are written into its history row (the row counts them all).
_MAX_KEYS = 500

__all__ = ["delete_scenario", "load_figures", "load_scenarios", "save_figures", "save_scenario"]

# ---------------------------------------------------------------- figures


def save_figures(
    df: pd.DataFrame,
    source_file: str,
    note: str = "",
    *,
    user: Actor | None = None,
    path: str | Path | None = None,
) -> int:
    """Save a table of actual figures as one change; return its ``change_id``.

    Columns named in :data:`FIGURE_COLUMNS` (``subject_type``, ``subject_id``, ``key``, ``label``, ``year``,
    ``value``, ``unit``, ``source``, ``confidence``, ``note``) become SQL columns; any other column is kept in
    ``extra`` (JSON) and comes back from :func:`load_figures`. ``value`` must be numeric where present.
    ``user`` is the acting account (an editor; :func:`gis.auth.require`), recorded in the history.
    """
    actor = require(user, "edit")
    if df is None or len(df) == 0:
        raise DataValidationError("no rows to save", file=source_file, hint="the table is empty")
    df = pd.DataFrame(df).reset_index(drop=True)
    df.columns = [str(c) for c in df.columns]
    if "value" in df:
        num, present = parse_numbers(df["value"])  # the one upload rule: 1,234 / 1 234 / 12.5% …
        bad = present & np.isnan(num)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataValidationError(
                f"value '{df['value'].iloc[i]}' is not a number",
                file=source_file,
                feature=i + 2,
                field="value",
                hint="use plain numbers without units (1,234 or 1 234 are fine)",
                message_zh=f"数值“{df['value'].iloc[i]}”不是数字",
                hint_zh="只填数字，不带单位（1,234 或 1 234 均可）",
            )
        df["value"] = num
    if "year" in df:
        yr = pd.to_numeric(df["year"], errors="coerce")
        bad = yr.isna() & df["year"].notna() | (yr.notna() & (yr != yr.round()))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"year '{df['year'].iloc[i]}' is not a whole number",
                file=source_file,
                feature=i + 2,
                field="year",
                hint="write years like 2020",
            )
        df["year"] = yr
    extra_cols = [c for c in df.columns if c not in FIGURE_COLUMNS]
    when = _now()
    with _transaction(path) as con:
        keys = _figure_keys(df)
        change = _history_row(
            con,
            "save_figures",
            source_file,
            note,
            len(df),
            actor=actor.name,
            parks=_figure_parks(df),
            before={"figures": _figures_in_force(con, keys)},
            after={"figures": keys},
        )
        rows = []
        for i, rec in enumerate(df.to_dict("records")):
            vals = [_jsonable(rec.get(c)) for c in FIGURE_COLUMNS]
            year_i = FIGURE_COLUMNS.index("year")
            if vals[year_i] is not None:
                vals[year_i] = int(vals[year_i])
            extra = {c: _jsonable(rec.get(c)) for c in extra_cols}
            rows.append(
                (
                    *[None if v is None else (v if isinstance(v, (int, float)) else str(v)) for v in vals],
                    json.dumps(extra, ensure_ascii=False) if extra else None,
                    i,
                    source_file,
                    when,
                    change,
                )
            )
        con.executemany(
            f"INSERT INTO figures ({', '.join(FIGURE_COLUMNS)}, extra, row_no, source_file, saved_at, "
            f"change_id) VALUES ({', '.join('?' * (len(FIGURE_COLUMNS) + 5))})",
            rows,
        )
        _refresh_current(con)
    return change


def _figure_keys(df: pd.DataFrame) -> list[str]:
    cols = ["subject_type", "subject_id", "key", "year"]
    part = df.reindex(columns=cols)
    return sorted(
        {":".join("" if v is None or pd.isna(v) else str(v) for v in row) for row in part.itertuples(False)}
    )[:_MAX_KEYS]


def _figure_parks(df: pd.DataFrame) -> list[str]:
    if "subject_id" not in df:
        return []
    kinds = df["subject_type"] if "subject_type" in df else pd.Series(["park"] * len(df))
    return [str(i) for i, k in zip(df["subject_id"], kinds, strict=True) if str(k) == "park" and pd.notna(i)]


def _figures_in_force(con: sqlite3.Connection, keys: list[str]) -> dict[str, int | None]:
    """The change that holds each figure key now (``None``: none yet)."""
    rows = con.execute(
        "SELECT subject_type, subject_id, key, year, MAX(change_id) FROM figures WHERE current = 1 "
        "GROUP BY subject_type, subject_id, key, year"
    ).fetchall()
    held = {":".join("" if v is None else str(v) for v in r[:4]): int(r[4]) for r in rows}
    return {k: held.get(k) for k in keys}


def load_figures(*, path: str | Path | None = None, latest: bool = True) -> pd.DataFrame:
    """Saved figures of changes not undone, with ``source_file``, ``saved_at`` and ``change_id``.

    With ``latest`` (default), when several changes saved the same ``(subject_type, subject_id, key, year)``
    only the most recent row is kept (rows lacking all four are all kept).
    """
    base = [*FIGURE_COLUMNS, "extra", "row_no", "source_file", "saved_at", "change_id"]
    rows = _query(path, f"SELECT {', '.join(base)} FROM figures WHERE current = 1 ORDER BY change_id, row_no")
    df = pd.DataFrame(rows, columns=base)
    extras = [json.loads(e) if e else {} for e in df["extra"]]
    extra_cols = sorted({k for e in extras for k in e})
    for c in extra_cols:
        df[c] = [e.get(c) for e in extras]
    df = df.drop(columns=["extra"])
    if latest and len(df):
        keys = ["subject_type", "subject_id", "key", "year"]
        has_key = df[keys].notna().any(axis=1)
        keyed = df[has_key].drop_duplicates(subset=keys, keep="last")
        df = pd.concat([keyed, df[~has_key]]).sort_values(["change_id", "row_no"])
    return df.reset_index(drop=True)
