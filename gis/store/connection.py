"""Connections and transactions (WAL, busy timeout, retries), history rows and store version."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import numpy as np
import shapely
from pyproj import CRS

from gis.errors import StoreError
from gis.settings import StoreURL
from gis.store.pg import PgConnection
from gis.store.schema import (
    _ADDED_COLUMNS,
    _CONTENTS,
    _GPKG_APP_ID,
    _GPKG_VERSION,
    _SCHEMA,
    BUSY_TIMEOUT_S,
    RETRIES,
    _now,
    _path,
)

# ---------------------------------------------------------------- connections and transactions


class _PgStore(PgConnection):
    """A PostgreSQL store; ``backup`` into a SQLite connection writes a GeoPackage store (the export)."""

    def backup(self, dst: sqlite3.Connection) -> None:
        _ensure_schema(dst)
        self.copy_into(dst)
        dst.commit()


def _shown(path: Path) -> str:
    """How a store is named in messages: its file name (no server folder), or for a server store a name
    without credentials (pages show these messages; the admin finds the place in FPA_STORE)."""
    return path.name


def _connect(path: Path) -> sqlite3.Connection:
    if isinstance(path, StoreURL):
        try:
            return cast(sqlite3.Connection, _PgStore(str(path)))
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot reach the store: {exc}",
                file=path.name,
                hint="check the server and the connection string in FPA_STORE",
            ) from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"cannot open the store: {exc}",
            file=str(path),
            hint="check that the folder is writable, or set FPA_STORE to another path",
        ) from exc
    con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return con


def _is_pg(con: sqlite3.Connection) -> bool:
    return isinstance(con, PgConnection)


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _ensure_schema(con: sqlite3.Connection) -> None:
    if _is_pg(con):
        cast(PgConnection, con).ensure_schema()
        return
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    if con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'history'").fetchone()[0]:
        _migrate(con)
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute(f"PRAGMA application_id = {_GPKG_APP_ID}")
        con.execute(f"PRAGMA user_version = {_GPKG_VERSION}")
        for stmt in _SCHEMA:
            con.execute(stmt)
        wkt = CRS.from_epsg(4326).to_wkt("WKT1_GDAL")
        con.executemany(
            "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    "WGS 84 geodetic",
                    4326,
                    "EPSG",
                    4326,
                    wkt,
                    "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
                ),
                (
                    "Undefined cartesian SRS",
                    -1,
                    "NONE",
                    -1,
                    "undefined",
                    "undefined cartesian coordinate reference system",
                ),
                (
                    "Undefined geographic SRS",
                    0,
                    "NONE",
                    0,
                    "undefined",
                    "undefined geographic coordinate reference system",
                ),
            ],
        )
        for table, kind, ident, desc in _CONTENTS:
            con.execute(
                "INSERT OR IGNORE INTO gpkg_contents "
                "(table_name, data_type, identifier, description, srs_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (table, kind, ident, desc, 4326 if kind == "features" else None),
            )
        con.execute(
            "INSERT OR IGNORE INTO gpkg_geometry_columns "
            "VALUES ('boundaries', 'geom', 'GEOMETRY', 4326, 0, 0)"
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _missing_columns(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    have = {t: {r[1] for r in con.execute(f"PRAGMA table_info({t})")} for t in ("history", "scenarios")}
    missing = [(t, c, d) for t, c, d in _ADDED_COLUMNS if c not in have[t]]
    n_triggers = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'history_append_only_%'"
    ).fetchone()[0]
    return missing if missing or n_triggers == 2 else [("", "", "")]


def _migrate(con: sqlite3.Connection) -> None:
    """Bring a store made by an older atlas up to date: add the audit and draft columns and the append-only
    triggers. Scenarios saved before drafts existed were seen by everyone: they stay shared."""
    if not _missing_columns(con):
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        missing = _missing_columns(con)
        for table, column, decl in missing:
            if table:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        if any(c == "shared" for _, c, _ in missing):
            con.execute("UPDATE scenarios SET shared = 1 WHERE owner IS NULL")
        for stmt in _SCHEMA:
            if stmt.startswith("CREATE TRIGGER"):
                con.execute(stmt)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def _transaction(path: str | Path | None = None) -> Iterator[sqlite3.Connection]:
    """Yield a connection inside ``BEGIN IMMEDIATE``; commit on success, roll back on any exception."""
    p = _path(path)
    delay = 0.05
    last: Exception | None = None
    for _attempt in range(RETRIES):
        con = _connect(p)
        try:
            _ensure_schema(con)
            con.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.Error as exc:
            con.close()
            if not _locked(exc):
                raise StoreError(
                    f"the store cannot be opened: {exc}",
                    file=_shown(p),
                    hint="the file may not be a GeoPackage made by the atlas; set FPA_STORE to a new path",
                ) from exc
            last = exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    else:
        raise StoreError(
            f"the store stayed locked after {RETRIES} attempts ({last})",
            file=_shown(p),
            hint="another program (QGIS?) holds a write lock; close it and try again",
        )
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(
                f"the change was not saved: {exc}", file=_shown(p), hint="nothing was changed; try again"
            ) from exc
        raise
    finally:
        con.close()


@contextlib.contextmanager
def _reader(path: str | Path | None = None) -> Iterator[sqlite3.Connection]:
    p = _path(path)
    con = _connect(p)
    try:
        _ensure_schema(con)
        yield con
    except sqlite3.Error as exc:
        raise StoreError(
            f"the store cannot be read: {exc}",
            file=_shown(p),
            hint="set FPA_STORE to another path or restore the file",
        ) from exc
    finally:
        con.close()


def _query(path: str | Path | None, sql: str) -> list[tuple]:
    """Rows of ``sql`` against the store; ``[]`` when the store does not exist yet (reading never creates
    it)."""
    if not _path(path).exists():
        return []
    with _reader(path) as con:
        return con.execute(sql).fetchall()


def version(*, path: str | Path | None = None) -> int:
    """A number that grows with every change (including undo): a cheap cache key for merged data.

    0 when the store does not exist yet.
    """
    rows = _query(path, "SELECT COALESCE(MAX(change_id), 0) FROM history")
    return int(rows[0][0]) if rows else 0


def init_store(path: str | Path | None = None) -> Path:
    """Create the store (an empty GeoPackage with the atlas's tables) if it does not exist; return its
    path."""
    p = _path(path)
    try:
        with _reader(p):
            pass
    except sqlite3.Error as exc:  # pragma: no cover - wrapped in _reader
        raise StoreError(str(exc), file=_shown(p)) from exc
    return p


def _keys(obj: dict[str, Any] | None) -> str | None:
    return None if obj is None else json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)


def _history_row(
    con: sqlite3.Connection,
    what: str,
    source_file: str | None,
    note: str | None,
    n_rows: int,
    target: int | None = None,
    *,
    actor: str = "desktop",
    parks: Iterable[str] = (),
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Append one history row: what, when, who (``actor``), from which file, which parks, and the keys of
    the rows in force before and after (JSON)."""
    park_list = sorted({str(p) for p in parks if p is not None and str(p) != ""})
    cur = con.execute(
        "INSERT INTO history (what, at, source_file, note, n_rows, target, pid, actor, parks, keys_before, "
        "keys_after) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            what,
            _now(),
            source_file,
            note or "",
            int(n_rows),
            target,
            os.getpid(),
            actor,
            ("," + ",".join(park_list) + ",") if park_list else None,
            _keys(before),
            _keys(after),
        ),
    )
    if cur.lastrowid is None:  # pragma: no cover - an INSERT always sets it
        raise StoreError("the change was not recorded", hint="nothing was changed; try again")
    return int(cur.lastrowid)


def _undone(con: sqlite3.Connection) -> dict[int, str]:
    """Changes undone now, ``{change_id: when}``, read from the ``undo`` rows (the history is append-only:
    an undo is a row naming its target; undoing an undo re-applies the change it undid)."""
    state: dict[int, str] = {}
    targets: dict[int, int] = {}
    for cid, target, at in con.execute(
        "SELECT change_id, target, at FROM history WHERE what = 'undo' AND target IS NOT NULL "
        "ORDER BY change_id"
    ):
        targets[int(cid)] = int(target)
        state[int(target)] = str(at)
        inner = targets.get(int(target))
        if inner is not None:
            state.pop(inner, None)
    return state


def _refresh_current(con: sqlite3.Connection) -> None:
    """Recompute the ``current`` flags from the history (latest not-undone row wins)."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS undone_now (change_id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM temp.undone_now")
    con.executemany("INSERT INTO temp.undone_now VALUES (?)", [(c,) for c in _undone(con)])
    live = "h.change_id NOT IN (SELECT change_id FROM temp.undone_now)"
    con.execute(f"""UPDATE boundaries SET current = CASE WHEN fid = (
        SELECT MAX(b2.fid) FROM boundaries b2 JOIN history h ON h.change_id = b2.change_id
        WHERE {live} AND b2.park_id = boundaries.park_id) THEN 1 ELSE 0 END""")
    con.execute(f"""UPDATE figures SET current = COALESCE((SELECT 1 FROM history h
        WHERE h.change_id = figures.change_id AND {live}), 0)""")
    con.execute(f"""UPDATE scenarios SET current = CASE WHEN fid = (
        SELECT MAX(s2.fid) FROM scenarios s2 JOIN history h ON h.change_id = s2.change_id
        WHERE {live} AND s2.name = scenarios.name
        AND COALESCE(s2.owner, '') = COALESCE(scenarios.owner, '')) THEN 1 ELSE 0 END""")
    con.execute(
        "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
        "WHERE table_name IN ('boundaries','figures','scenarios','history')"
    )


def _update_extent(con: sqlite3.Connection, geoms: list[Any]) -> None:
    good = [g for g in geoms if g is not None and not g.is_empty]
    if not good:
        return
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(good, dtype=object))
    old = con.execute(
        "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name='boundaries'"
    ).fetchone()
    if old and old[0] is not None:
        minx, miny, maxx, maxy = min(minx, old[0]), min(miny, old[1]), max(maxx, old[2]), max(maxy, old[3])
    con.execute(
        "UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name='boundaries'",
        (float(minx), float(miny), float(maxx), float(maxy)),
    )
