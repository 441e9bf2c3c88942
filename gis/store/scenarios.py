"""Calculator scenarios: private drafts of their owner until shared; write and read.

Each row has an ``owner`` (the account that saved it; ``desktop`` without sign-in) and ``shared`` (0 draft,
1 published). A signed-in editor sees their own drafts and every shared scenario; a viewer sees shared ones
only; the desktop user sees all. Deleting several scenarios is one change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gis.auth import Actor, PermissionDenied, require
from gis.errors import DataValidationError
from gis.store.connection import _history_row, _query, _refresh_current, _transaction
from gis.store.schema import _now
from gis.store.values import _jsonable

_COLUMNS = ["name", "owner", "shared", "mine", "saved_at", "change_id", "data"]


def _text(name: str, data: Mapping[str, Any]) -> tuple[str, str]:
    name = str(name or "").strip()
    if not name:
        raise DataValidationError(
            "a scenario needs a name",
            field="name",
            hint="type a name for the scenario",
            message_zh="情景需要名称",
            hint_zh="请填写情景名称",
        )
    try:
        text = json.dumps(dict(data), ensure_ascii=False, allow_nan=False, default=_jsonable)
    except (TypeError, ValueError) as exc:
        raise DataValidationError(
            f"scenario cannot be saved as JSON: {exc}",
            field=name,
            hint="keep numbers, text, lists and dicts only",
        ) from exc
    return name, text


def _held(con: sqlite3.Connection, owner: str, name: str) -> int | None:
    row = con.execute(
        "SELECT change_id FROM scenarios WHERE current = 1 AND name = ? AND COALESCE(owner, '') = ?",
        (name, owner),
    ).fetchone()
    return int(row[0]) if row else None


def save_scenario(
    name: str,
    data: Mapping[str, Any],
    note: str = "",
    *,
    user: Actor | None = None,
    shared: bool = False,
    path: str | Path | None = None,
) -> int:
    """Save (or replace) the acting user's scenario ``name`` as one change; ``data`` must be
    JSON-serialisable. A draft (``shared=False``) is seen by its owner only."""
    actor = require(user, "publish" if shared else "edit")
    name, text = _text(name, data)
    with _transaction(path) as con:
        change = _history_row(
            con,
            "save_scenario",
            None,
            note or name,
            1,
            actor=actor.name,
            before={"scenarios": {name: _held(con, actor.name, name)}},
            after={"scenarios": [name]},
        )
        con.execute(
            "INSERT INTO scenarios (name, data, saved_at, change_id, owner, shared) VALUES (?,?,?,?,?,?)",
            (name, text, _now(), change, actor.name, int(shared)),
        )
        _refresh_current(con)
    return change


def share_scenario(name: str, *, user: Actor | None = None, path: str | Path | None = None) -> int:
    """Publish the acting user's draft ``name`` (one change): from now on every signed-in user sees it."""
    actor = require(user, "publish")
    with _transaction(path) as con:
        row = con.execute(
            "SELECT data, change_id FROM scenarios WHERE current = 1 AND name = ? "
            "AND COALESCE(owner, '') = ? AND data IS NOT NULL",
            (str(name), actor.name),
        ).fetchone()
        if row is None:
            raise DataValidationError(
                f"you have no scenario '{name}'",
                field="name",
                hint="save it first",
                message_zh=f"您没有名为“{name}”的情景",
                hint_zh="请先保存",
            )
        change = _history_row(
            con,
            "share_scenario",
            None,
            str(name),
            1,
            actor=actor.name,
            before={"scenarios": {str(name): int(row[1])}},
            after={"scenarios": [str(name)]},
        )
        con.execute(
            "INSERT INTO scenarios (name, data, saved_at, change_id, owner, shared) VALUES (?,?,?,?,?,1)",
            (str(name), row[0], _now(), change, actor.name),
        )
        _refresh_current(con)
    return change


def delete_scenarios(
    names: Iterable[str], note: str = "", *, user: Actor | None = None, path: str | Path | None = None
) -> int:
    """Delete the acting user's scenarios ``names`` as one change (undo brings them all back).

    The desktop user deletes any scenario of that name; a signed-in editor only their own.
    """
    actor = require(user, "edit")
    wanted = sorted({str(n) for n in names})
    with _transaction(path) as con:
        rows = con.execute(
            "SELECT name, COALESCE(owner, ''), change_id FROM scenarios "
            "WHERE current = 1 AND data IS NOT NULL"
        ).fetchall()
        hit = [r for r in rows if r[0] in wanted and (actor.local or r[1] == actor.name)]
        if not hit:
            raise PermissionDenied(
                "none of these scenarios is yours to delete",
                field="name",
                hint="only the scenarios you saved can be deleted",
                message_zh="这些情景都不是您保存的，不能删除",
                hint_zh="只能删除自己保存的情景",
            )
        change = _history_row(
            con,
            "delete_scenario",
            None,
            note or ", ".join(wanted)[:200],
            len(hit),
            actor=actor.name,
            before={"scenarios": {r[0]: int(r[2]) for r in hit}},
            after={"scenarios": []},
        )
        con.executemany(
            "INSERT INTO scenarios (name, data, saved_at, change_id, owner, shared) VALUES (?,NULL,?,?,?,0)",
            [(r[0], _now(), change, r[1] or None) for r in hit],
        )
        _refresh_current(con)
    return change


def delete_scenario(
    name: str, note: str = "", *, user: Actor | None = None, path: str | Path | None = None
) -> int:
    """Delete one scenario (a change that can be undone)."""
    return delete_scenarios([name], note, user=user, path=path)


def list_scenarios(*, user: Actor | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """The scenarios in force that ``user`` may see: columns ``name, owner, shared, mine, saved_at,
    change_id, data`` (``data`` parsed). Owners are for the domain: pages show ``mine`` and ``shared``."""
    actor = require(user, "read")
    rows = _query(
        path,
        "SELECT name, COALESCE(owner, ''), shared, saved_at, change_id, data FROM scenarios "
        "WHERE current = 1 AND data IS NOT NULL ORDER BY name, change_id",
    )
    out = []
    for name, owner, shared, saved_at, change, data in rows:
        mine = actor.local or owner == actor.name
        editor = not actor.anonymous and actor.role in ("editor", "admin")
        if actor.local or bool(shared) or (mine and editor):
            out.append((name, owner, bool(shared), mine, saved_at, int(change), json.loads(data)))
    return pd.DataFrame(out, columns=_COLUMNS)


def load_scenarios(*, user: Actor | None = None, path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Scenarios ``user`` may see: ``{name: data}`` (own first; a colleague's shared scenario of the same
    name gets `` (2)``, `` (3)`` …)."""
    found = list_scenarios(user=user, path=path)
    found = found.sort_values(["mine", "change_id"], ascending=[False, True])
    out: dict[str, dict[str, Any]] = {}
    for name, data in zip(found["name"], found["data"], strict=True):
        key, n = name, 1
        while key in out:
            n += 1
            key = f"{name} ({n})"
        out[key] = data
    return dict(sorted(out.items()))
