"""The change history and undo (an undo is itself a change, and can be undone)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gis.errors import DataValidationError
from gis.store.connection import _history_row, _query, _refresh_current, _transaction
from gis.store.schema import _now

# ---------------------------------------------------------------- history and undo


def history(*, path: str | Path | None = None) -> pd.DataFrame:
    """All changes, newest first.

    Columns ``change_id, what, at, source_file, note, n_rows, undone, undone_at, target``.
    """
    cols = ["change_id", "what", "at", "source_file", "note", "n_rows", "undone", "undone_at", "target"]
    rows = _query(path, f"SELECT {', '.join(cols)} FROM history ORDER BY change_id DESC")
    df = pd.DataFrame(rows, columns=cols)
    df["undone"] = df["undone"].astype(bool)
    return df


def undo(change_id: int | None = None, note: str = "", *, path: str | Path | None = None) -> int:
    """Undo a change (default: the latest change not yet undone); return the id of the ``undo`` history row.

    Undoing an ``undo`` row re-applies the change it undid (redo).
    """
    with _transaction(path) as con:
        if change_id is None:
            row = con.execute(
                "SELECT change_id, what, target, undone FROM history WHERE undone = 0 AND what != 'undo' "
                "ORDER BY change_id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                raise DataValidationError("nothing to undo", hint="the store has no change in force")
        else:
            row = con.execute(
                "SELECT change_id, what, target, undone FROM history WHERE change_id = ?", (int(change_id),)
            ).fetchone()
            if row is None:
                raise DataValidationError(
                    f"no change {change_id}", field="change_id", hint="see the history table"
                )
        target, what, inner, undone = row
        if undone:
            raise DataValidationError(
                f"change {target} is already undone",
                field="change_id",
                hint="undo the 'undo' row to re-apply it",
            )
        new = _history_row(con, "undo", None, note or f"undo {what} #{target}", 0, target=target)
        con.execute("UPDATE history SET undone = 1, undone_at = ? WHERE change_id = ?", (_now(), target))
        if what == "undo" and inner is not None:
            con.execute("UPDATE history SET undone = 0, undone_at = NULL WHERE change_id = ?", (inner,))
        _refresh_current(con)
    return new
