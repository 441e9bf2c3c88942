"""The user's data store: one GeoPackage (QGIS opens it as is) holding what users add to the atlas.

Tables (all registered in ``gpkg_contents``):

- ``boundaries`` (features, EPSG:4326): accepted boundaries / positions, one row per acceptance, with
  ``park_id``, ``name_zh``, ``name_en``, ``is_new``, ``geometry_quality``, ``source_file``, ``source_note``,
  ``accepted_at``, ``change_id``, ``current`` (1 for the row in force).
- ``figures`` (attributes): actual figures saved by :func:`save_figures`.
- ``scenarios`` (attributes): named scenario dicts saved by :func:`save_scenario`.
- ``history`` (attributes): one row per change: ``change_id``, ``what``, ``at`` (UTC), ``source_file``,
  ``note``, ``n_rows``, ``undone``, ``target`` (the change an ``undo`` row undid).

Every change is one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) in WAL mode with a busy timeout and
retries, so a killed process leaves the store as before the change and concurrent writers lose nothing. The
shipped ``data/parks.geojson`` is never written. The store lives at :func:`gis.settings.user_store_path`
(environment variable ``FPA_STORE``) unless a ``path`` is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import sqlite3
import struct
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from gis.errors import AtlasError, DataValidationError, StoreError
from gis.fileio import atomic_path
from gis.settings import STORAGE_DECIMALS, user_store_path

#: Seconds SQLite waits for a lock, and how many times a locked transaction is retried.
BUSY_TIMEOUT_S = 30.0
RETRIES = 8
_GPKG_APP_ID = 0x47504B47  # "GPKG"
_GPKG_VERSION = 10400

#: Columns of ``figures`` kept as SQL columns; any other column of a saved table goes into ``extra`` (JSON).
FIGURE_COLUMNS = (
    "subject_type",
    "subject_id",
    "key",
    "label",
    "year",
    "value",
    "unit",
    "source",
    "confidence",
    "note",
)

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
        organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
        description TEXT)""",
    """CREATE TABLE IF NOT EXISTS gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
        identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """CREATE TABLE IF NOT EXISTS history (change_id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL,
        at TEXT NOT NULL, source_file TEXT, note TEXT, n_rows INTEGER NOT NULL DEFAULT 0,
        undone INTEGER NOT NULL DEFAULT 0, undone_at TEXT, target INTEGER, pid INTEGER)""",
    """CREATE TABLE IF NOT EXISTS boundaries (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY,
        park_id TEXT NOT NULL, name_zh TEXT, name_en TEXT, is_new INTEGER NOT NULL DEFAULT 0,
        geometry_quality TEXT NOT NULL, source_file TEXT, source_note TEXT, accepted_at TEXT NOT NULL,
        change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1, attributes TEXT)""",
    """CREATE TABLE IF NOT EXISTS figures (fid INTEGER PRIMARY KEY AUTOINCREMENT, subject_type TEXT,
        subject_id TEXT, key TEXT, label TEXT, year INTEGER, value REAL, unit TEXT, source TEXT, confidence TEXT,
        note TEXT, extra TEXT, row_no INTEGER, source_file TEXT, saved_at TEXT NOT NULL,
        change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE IF NOT EXISTS scenarios (fid INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
        data TEXT, saved_at TEXT NOT NULL, change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1)""",
    "CREATE INDEX IF NOT EXISTS idx_boundaries_park ON boundaries(park_id)",
    "CREATE INDEX IF NOT EXISTS idx_figures_change ON figures(change_id)",
    "CREATE INDEX IF NOT EXISTS idx_scenarios_name ON scenarios(name)",
]
_CONTENTS = [
    (
        "boundaries",
        "features",
        "user boundaries",
        "Accepted park boundaries and positions (fujian-park-atlas)",
    ),
    ("figures", "attributes", "user figures", "Actual figures saved by users"),
    ("scenarios", "attributes", "user scenarios", "Saved calculator scenarios (JSON)"),
    ("history", "attributes", "change history", "One row per change; undo flags"),
]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _path(path: str | Path | None) -> Path:
    return Path(path) if path is not None else user_store_path()


# ---------------------------------------------------------------- GeoPackage geometry blobs


def _to_blob(geom: Any) -> bytes | None:
    """Encode a shapely geometry as a GeoPackage binary (header + envelope + little-endian WKB), SRS 4326."""
    if geom is None:
        return None
    if geom.is_empty:
        return b"GP\x00" + bytes([0b00010001]) + struct.pack("<i", 4326) + shapely.to_wkb(geom, byte_order=1)
    minx, miny, maxx, maxy = geom.bounds
    header = (
        b"GP\x00" + bytes([0b00000011]) + struct.pack("<i", 4326) + struct.pack("<4d", minx, maxx, miny, maxy)
    )
    return header + shapely.to_wkb(geom, byte_order=1, output_dimension=2)


def _from_blob(blob: bytes | None) -> Any:
    """Decode a GeoPackage geometry blob."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise StoreError(
            "a geometry in the store is not a GeoPackage blob",
            field="geom",
            hint="the store was edited by another program; export it from QGIS again",
        )
    flags = blob[3]
    env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0b111, 0)
    return shapely.from_wkb(blob[8 + env :])


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
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (table, kind, ident, desc, 4326 if kind == "features" else None),
            )
        con.execute(
            "INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('boundaries', 'geom', 'GEOMETRY', 4326, 0, 0)"
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
    """Rows of ``sql`` against the store; ``[]`` when the store does not exist yet (reading never creates it)."""
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
    """Create the store (an empty GeoPackage with the atlas's tables) if it does not exist; return its path."""
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


# ---------------------------------------------------------------- JSON helpers


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if not math.isfinite(f) else f
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)


# ---------------------------------------------------------------- boundaries


def _round_geom(geom: Any, decimals: int = STORAGE_DECIMALS) -> Any:
    if geom is None:
        return None
    return shapely.transform(geom, lambda a: np.round(a, decimals))


def accept_boundaries(
    gdf: gpd.GeoDataFrame, *, source_file: str, note: str = "", path: str | Path | None = None
) -> int:
    """Store accepted geometries as one change; return its ``change_id``.

    Parameters
    ----------
    gdf
        EPSG:4326 features with ``park_id`` (a known park's id, or empty for a new park), and optionally
        ``name_zh``, ``name_en``, ``source_note`` and ``attributes`` (dict or JSON text). New parks get the id
        ``user-<change>-<n>`` unless ``park_id`` is given and unknown (then it is kept and ``is_new`` set when
        ``is_new`` is true in ``gdf``).
    source_file
        The user's file name (kept with every row and in the history).
    note
        Free text for the history ("land bureau 2024 survey").

    Returns
    -------
    int
        The change id (use it with :func:`undo`).
    """
    if gdf is None or len(gdf) == 0:
        raise DataValidationError("nothing to accept", file=source_file, hint="select at least one feature")
    if gdf.crs is not None and CRS.from_user_input(gdf.crs).to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    for i, geom in enumerate(gdf.geometry, start=1):
        if geom is None or geom.is_empty or not geom.is_valid:
            raise DataValidationError(
                "empty or invalid geometry cannot be stored",
                file=source_file,
                feature=i,
                field="geometry",
                hint="run the import checks first (python -m gis check)",
            )
    when = _now()
    with _transaction(path) as con:
        change = _history_row(con, "accept_boundaries", source_file, note, len(gdf))
        rows = []
        geoms = []
        for n, (_, rec) in enumerate(gdf.iterrows(), start=1):
            pid = rec.get("park_id")
            is_new = bool(rec.get("is_new")) if "is_new" in gdf else False
            if pid is None or (isinstance(pid, float) and math.isnan(pid)) or str(pid).strip() == "":
                pid, is_new = f"user-{change}-{n}", True
            geom = _round_geom(rec.geometry)
            geoms.append(geom)
            quality = "boundary" if geom.geom_type in ("Polygon", "MultiPolygon") else "point"
            attrs = rec.get("attributes") if "attributes" in gdf else None
            if attrs is not None and not isinstance(attrs, str):
                attrs = json.dumps(_jsonable(attrs), ensure_ascii=False)
            rows.append(
                (
                    _to_blob(geom),
                    str(pid),
                    _txt(rec.get("name_zh")),
                    _txt(rec.get("name_en")),
                    int(is_new),
                    quality,
                    source_file,
                    _txt(rec.get("source_note")) or note,
                    when,
                    change,
                    attrs,
                )
            )
        con.executemany(
            "INSERT INTO boundaries (geom, park_id, name_zh, name_en, is_new, geometry_quality, "
            "source_file, source_note, accepted_at, change_id, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        _update_extent(con, geoms)
        _refresh_current(con)
    return change


def _txt(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def load_boundaries(*, path: str | Path | None = None, current: bool = True) -> gpd.GeoDataFrame:
    """User boundaries as a GeoDataFrame (EPSG:4326); only the rows in force when ``current``."""
    cols = [
        "fid",
        "park_id",
        "name_zh",
        "name_en",
        "is_new",
        "geometry_quality",
        "source_file",
        "source_note",
        "accepted_at",
        "change_id",
        "current",
        "attributes",
    ]
    sql = f"SELECT {', '.join(cols)}, geom FROM boundaries" + (" WHERE current = 1" if current else "")
    rows = _query(path, sql + " ORDER BY fid")
    df = pd.DataFrame([r[:-1] for r in rows], columns=cols)
    df["is_new"] = df["is_new"].astype(bool)
    return gpd.GeoDataFrame(df, geometry=[_from_blob(r[-1]) for r in rows], crs="EPSG:4326")


# ---------------------------------------------------------------- figures


def save_figures(
    df: pd.DataFrame, source_file: str, note: str = "", *, path: str | Path | None = None
) -> int:
    """Save a table of actual figures as one change; return its ``change_id``.

    Columns named in :data:`FIGURE_COLUMNS` (``subject_type``, ``subject_id``, ``key``, ``label``, ``year``,
    ``value``, ``unit``, ``source``, ``confidence``, ``note``) become SQL columns; any other column is kept in
    ``extra`` (JSON) and comes back from :func:`load_figures`. ``value`` must be numeric where present.
    """
    if df is None or len(df) == 0:
        raise DataValidationError("no rows to save", file=source_file, hint="the table is empty")
    df = pd.DataFrame(df).reset_index(drop=True)
    df.columns = [str(c) for c in df.columns]
    if "value" in df:
        num = pd.to_numeric(df["value"], errors="coerce")
        bad = num.isna() & df["value"].notna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"value '{df['value'].iloc[i]}' is not a number",
                file=source_file,
                feature=i + 2,
                field="value",
                hint="use plain numbers (no units or commas)",
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
        change = _history_row(con, "save_figures", source_file, note, len(df))
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


# ---------------------------------------------------------------- scenarios


def save_scenario(
    name: str, data: Mapping[str, Any], note: str = "", *, path: str | Path | None = None
) -> int:
    """Save (or replace) the scenario ``name`` as one change; ``data`` must be JSON-serialisable."""
    name = str(name or "").strip()
    if not name:
        raise DataValidationError(
            "a scenario needs a name", field="name", hint="type a name for the scenario"
        )
    try:
        text = json.dumps(dict(data), ensure_ascii=False, allow_nan=False, default=_jsonable)
    except (TypeError, ValueError) as exc:
        raise DataValidationError(
            f"scenario cannot be saved as JSON: {exc}",
            field=name,
            hint="keep numbers, text, lists and dicts only",
        ) from exc
    with _transaction(path) as con:
        change = _history_row(con, "save_scenario", None, note or name, 1)
        con.execute(
            "INSERT INTO scenarios (name, data, saved_at, change_id) VALUES (?,?,?,?)",
            (name, text, _now(), change),
        )
        _refresh_current(con)
    return change


def delete_scenario(name: str, note: str = "", *, path: str | Path | None = None) -> int:
    """Delete a scenario (a change that can be undone)."""
    with _transaction(path) as con:
        change = _history_row(con, "delete_scenario", None, note or name, 1)
        con.execute(
            "INSERT INTO scenarios (name, data, saved_at, change_id) VALUES (?,?,?,?)",
            (str(name), None, _now(), change),
        )
        _refresh_current(con)
    return change


def load_scenarios(*, path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Scenarios in force: ``{name: data}`` (latest save of each name, deleted ones left out)."""
    rows = _query(path, "SELECT name, data FROM scenarios WHERE current = 1 ORDER BY name")
    return {name: json.loads(data) for name, data in rows if data is not None}


# ---------------------------------------------------------------- history and undo


def history(*, path: str | Path | None = None) -> pd.DataFrame:
    """All changes, newest first: ``change_id, what, at, source_file, note, n_rows, undone, undone_at, target``."""
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


# ---------------------------------------------------------------- merged parks and exports


def merged_parks(
    *, path: str | Path | None = None, parks: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Shipped parks with the user's accepted geometries winning, plus parks the user added.

    Adds ``provenance`` (``shipped`` | ``user`` | ``user_new``), ``user_source_file``, ``user_accepted_at``,
    ``user_note`` and ``user_change_id``. ``parks`` defaults to :func:`gis.parks.load_parks`.
    """
    if parks is None:
        from gis.parks import load_parks

        parks = load_parks()
    merged = parks.copy()
    if merged.crs is None:
        merged = merged.set_crs(4326)
    elif CRS.from_user_input(merged.crs).to_epsg() != 4326:
        merged = merged.to_crs(4326)
    merged["provenance"] = "shipped"
    for c in ("user_source_file", "user_accepted_at", "user_note"):
        merged[c] = None
    merged["user_change_id"] = pd.array([pd.NA] * len(merged), dtype="Int64")
    user = load_boundaries(path=path)
    geoms = list(merged.geometry)
    pos = {str(i): k for k, i in enumerate(merged.index)}
    new_rows = []
    for _, rec in user.iterrows():
        pid = str(rec["park_id"])
        if pid in pos:
            k = pos[pid]
            geoms[k] = rec.geometry
            idx = merged.index[k]
            merged.at[idx, "geometry_quality"] = rec["geometry_quality"]
            merged.at[idx, "provenance"] = "user"
            merged.at[idx, "user_source_file"] = rec["source_file"]
            merged.at[idx, "user_accepted_at"] = rec["accepted_at"]
            merged.at[idx, "user_note"] = rec["source_note"]
            merged.at[idx, "user_change_id"] = int(rec["change_id"])
            for col, val in _user_position(rec).items():
                merged.loc[idx, col] = val
        else:
            new_rows.append(
                {
                    "id": pid,
                    "name_zh": rec["name_zh"],
                    "name_en": rec["name_en"],
                    "geometry_quality": rec["geometry_quality"],
                    "provenance": "user_new",
                    "user_source_file": rec["source_file"],
                    "user_accepted_at": rec["accepted_at"],
                    "user_note": rec["source_note"],
                    "user_change_id": int(rec["change_id"]),
                    "roles": [],
                    "industries": [],
                    "sectors": [],
                    "clusters": [],
                    "plan_refs": [],
                    "figures": [],
                    "sources": [
                        {
                            "ref": str(rec["source_file"]),
                            "what": "user-supplied park",
                            "confidence": "user-supplied",
                        }
                    ],
                    **_user_position(rec),
                    "geometry": rec.geometry,
                }
            )
    merged = merged.set_geometry(gpd.GeoSeries(geoms, index=merged.index, crs=4326))
    if new_rows:
        extra = gpd.GeoDataFrame(new_rows, geometry="geometry", crs=4326)
        extra = extra.set_index("id", drop="id" not in merged.columns)
        extra.index.name = merged.index.name
        merged = pd.concat([merged, extra])
        merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=4326)
    return merged


def _user_position(rec: pd.Series) -> dict[str, str]:
    """Position note/source of a geometry the user accepted (replaces the shipped estimate's note)."""
    src, at, note = str(rec["source_file"]), str(rec["accepted_at"]), str(rec.get("source_note") or "")
    return {
        "position_note_zh": f"用户导入的边界（{src}，{at} 接受）" + (f"：{note}" if note else ""),
        "position_note_en": f"Boundary imported by the user ({src}, accepted {at})"
        + (f": {note}" if note else ""),
        "position_source": src,
        "position_confidence": "user-supplied",
    }


def to_rfc7946(
    gdf: gpd.GeoDataFrame, *, decimals: int = STORAGE_DECIMALS, id_name: str = "id"
) -> dict[str, Any]:
    """A GeoDataFrame as an RFC 7946 FeatureCollection dict: WGS84, outer rings counter-clockwise, no ``crs``."""
    if gdf.crs is not None and CRS.from_user_input(gdf.crs).to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    feats = []
    gname = gdf.geometry.name
    for idx, rec in gdf.iterrows():
        geom = rec[gname]
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            geom = shapely.orient_polygons(geom, exterior_cw=False)
        geom = _round_geom(geom, decimals)
        props = {str(k): _jsonable(v) for k, v in rec.items() if k != gname}
        fid = _jsonable(idx)
        props.setdefault(id_name, fid)
        feats.append(
            {
                "type": "Feature",
                "id": fid,
                "properties": props,
                "geometry": None if geom is None else shapely.geometry.mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _write_json(obj: dict[str, Any], dest: str | Path) -> Path:
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=lambda o: _jsonable(o))
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(dest)


def _write_gpkg(gdf: gpd.GeoDataFrame, dest: str | Path, layer: str) -> Path:
    import pyogrio

    out = gdf.copy()
    for c in out.columns:
        if c == out.geometry.name:
            continue
        if out[c].map(lambda v: isinstance(v, (list, dict, tuple, np.ndarray))).any():
            out[c] = out[c].map(lambda v: None if v is None else json.dumps(_jsonable(v), ensure_ascii=False))
    out = out.reset_index()
    dest = Path(dest)
    try:
        with atomic_path(dest) as tmp:
            pyogrio.write_dataframe(out, tmp, layer=layer, driver="GPKG")
    except (AtlasError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise StoreError(f"cannot write {dest.name}: {exc}", file=str(dest), hint="check the folder") from exc
    return dest


def export_merged(
    dest: str | Path, *, path: str | Path | None = None, parks: gpd.GeoDataFrame | None = None
) -> Path:
    """Write the merged parks (:func:`merged_parks`) to ``dest`` (``.gpkg`` layer ``parks``, or ``.geojson``)."""
    merged = merged_parks(path=path, parks=parks)
    if Path(dest).suffix.lower() == ".gpkg":
        return _write_gpkg(merged, dest, "parks")
    return _write_json(to_rfc7946(merged), dest)


def export_store(dest: str | Path, *, path: str | Path | None = None) -> Path:
    """Export the whole store.

    ``.gpkg``: a consistent copy of the GeoPackage (SQLite backup, journal mode DELETE so it is one file).
    ``.geojson``: the boundaries in force as an RFC 7946 FeatureCollection, with the figures, scenarios and
    history as foreign members ``figures``, ``scenarios`` and ``history``.
    """
    p = _path(path)
    if Path(dest).suffix.lower() == ".gpkg":
        with atomic_path(dest) as tmp, _reader(p) as src:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        return Path(dest)
    bounds = load_boundaries(path=p)
    fc = to_rfc7946(bounds.set_index("fid"), id_name="fid")
    figs = load_figures(path=p, latest=False)
    fc["figures"] = [{k: _jsonable(v) for k, v in r.items()} for r in figs.to_dict("records")]
    fc["scenarios"] = load_scenarios(path=p)
    fc["history"] = [{k: _jsonable(v) for k, v in r.items()} for r in history(path=p).to_dict("records")]
    return _write_json(fc, dest)
