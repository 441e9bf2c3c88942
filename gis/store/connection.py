"""Connections and transactions (WAL, busy timeout, retries), history rows and store version."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS

from gis.errors import StoreError
from gis.store.schema import (
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


def _connect(path: Path) -> sqlite3.Connection:
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


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _ensure_schema(con: sqlite3.Connection) -> None:
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    if con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'history'").fetchone()[0]:
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
                    file=str(p),
                    hint="the file may not be a GeoPackage made by the atlas; set FPA_STORE to a new path",
                ) from exc
            last = exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    else:
        raise StoreError(
            f"the store stayed locked after {RETRIES} attempts ({last})",
            file=str(p),
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
                f"the change was not saved: {exc}", file=str(p), hint="nothing was changed; try again"
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
            file=str(p),
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
        raise StoreError(str(exc), file=str(p)) from exc
    return p


def _history_row(
    con: sqlite3.Connection,
    what: str,
    source_file: str | None,
    note: str | None,
    n_rows: int,
    target: int | None = None,
) -> int:
    cur = con.execute(
        "INSERT INTO history (what, at, source_file, note, n_rows, target, pid) VALUES (?,?,?,?,?,?,?)",
        (what, _now(), source_file, note or "", int(n_rows), target, os.getpid()),
    )
    if cur.lastrowid is None:  # pragma: no cover - an INSERT always sets it
        raise StoreError("the change was not recorded", hint="nothing was changed; try again")
    return int(cur.lastrowid)


def _refresh_current(con: sqlite3.Connection) -> None:
    """Recompute the ``current`` flags from the history (latest not-undone row wins)."""
    con.execute("""UPDATE boundaries SET current = CASE WHEN fid = (
        SELECT MAX(b2.fid) FROM boundaries b2 JOIN history h ON h.change_id = b2.change_id
        WHERE h.undone = 0 AND b2.park_id = boundaries.park_id) THEN 1 ELSE 0 END""")
    con.execute("""UPDATE figures SET current = COALESCE((SELECT 1 - h.undone FROM history h
        WHERE h.change_id = figures.change_id), 0)""")
    con.execute("""UPDATE scenarios SET current = CASE WHEN fid = (
        SELECT MAX(s2.fid) FROM scenarios s2 JOIN history h ON h.change_id = s2.change_id
        WHERE h.undone = 0 AND s2.name = scenarios.name) THEN 1 ELSE 0 END""")
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
