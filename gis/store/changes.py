"""The change history (the audit trail) and undo (an undo is itself a change, and can be undone).

The history is append-only (SQLite triggers refuse ``UPDATE`` and ``DELETE`` on it): whether a change is
undone is read from the ``undo`` rows that name it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from gis.auth import Actor, PermissionDenied, require
from gis.errors import DataValidationError
from gis.store.connection import _history_row, _reader, _refresh_current, _transaction, _undone
from gis.store.schema import _path

#: Columns of :func:`history`.
HISTORY_COLUMNS = [
    "change_id",
    "what",
    "at",
    "actor",
    "parks",
    "source_file",
    "note",
    "n_rows",
    "undone",
    "undone_at",
    "target",
    "keys_before",
    "keys_after",
]
_SQL_COLUMNS = [c for c in HISTORY_COLUMNS if c not in ("undone", "undone_at")]


def history(*, path: str | Path | None = None) -> pd.DataFrame:
    """All changes, newest first.

    Columns :data:`HISTORY_COLUMNS`: ``actor`` is the account that made the change (``desktop`` without
    sign-in), ``parks`` a list of the park ids touched, ``keys_before`` / ``keys_after`` dicts of the rows in
    force before and after (``{"boundaries": {park_id: change_id or None}}`` …), ``undone`` / ``undone_at``
    read from the undo rows.
    """
    rows: list[tuple] = []
    undone: dict[int, str] = {}
    if _path(path).exists():
        with _reader(path) as con:
            rows = con.execute(
                f"SELECT {', '.join(_SQL_COLUMNS)} FROM history ORDER BY change_id DESC"
            ).fetchall()
            undone = _undone(con)
    df = pd.DataFrame(rows, columns=_SQL_COLUMNS)
    df["actor"] = df["actor"].fillna("desktop")
    df["parks"] = [[p for p in str(v).split(",") if p] if v else [] for v in df["parks"]]
    for col in ("keys_before", "keys_after"):
        df[col] = [json.loads(v) if v else {} for v in df[col]]
    df["undone"] = [int(c) in undone for c in df["change_id"]]
    df["undone_at"] = [undone.get(int(c)) for c in df["change_id"]]
    return df[HISTORY_COLUMNS]


def undo(
    change_id: int | None = None,
    note: str = "",
    *,
    user: Actor | None = None,
    path: str | Path | None = None,
) -> int:
    """Undo a change (default: the latest change not yet undone); return the id of the ``undo`` history row.

    Undoing an ``undo`` row re-applies the change it undid (redo). An editor may undo their own changes;
    undoing another account's change is an admin's action (:class:`gis.auth.PermissionDenied`).
    """
    actor = require(user, "undo")
    with _transaction(path) as con:
        undone = _undone(con)
        if change_id is None:
            rows = con.execute(
                "SELECT change_id FROM history WHERE what != 'undo' ORDER BY change_id DESC"
            ).fetchall()
            live = [int(r[0]) for r in rows if int(r[0]) not in undone]
            if not live:
                raise DataValidationError("nothing to undo", hint="the store has no change in force")
            change_id = live[0]
        row = con.execute(
            "SELECT change_id, what, COALESCE(actor, 'desktop'), parks FROM history WHERE change_id = ?",
            (int(change_id),),
        ).fetchone()
        if row is None:
            raise DataValidationError(
                f"no change {change_id}", field="change_id", hint="see the history table"
            )
        target, what, owner, parks = row
        if target in undone:
            raise DataValidationError(
                f"change {target} is already undone",
                field="change_id",
                hint="undo the 'undo' row to re-apply it",
            )
        if owner != actor.name and not actor.local:
            _undo_other(actor)
        new = _history_row(
            con,
            "undo",
            None,
            note or f"undo {what} #{target}",
            0,
            target=target,
            actor=actor.name,
            parks=[p for p in str(parks or "").split(",") if p],
            before={"in_force": target},
            after={"undone": target},
        )
        _refresh_current(con)
    return new


def _undo_other(actor: Actor) -> None:
    try:
        require(actor, "undo_any")
    except PermissionDenied:
        raise PermissionDenied(
            "this change was made by another account: only an admin can undo it",
            field="change_id",
            hint="ask an admin",
            message_zh="这项修改由其他账户做出：只有管理员可以撤销",
            hint_zh="请联系管理员",
        ) from None
