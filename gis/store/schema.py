"""The store's GeoPackage schema, limits and path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gis.settings import StoreURL, is_store_url, user_store_path

#: Seconds SQLite waits for a lock, and how many times a locked transaction is retried.
BUSY_TIMEOUT_S = 30.0
RETRIES = 8
_GPKG_APP_ID = 0x47504B47  # "GPKG"
_GPKG_VERSION = 10200  # GeoPackage 1.2: what QGIS 3.28 LTR / GDAL 3.6 read without a warning

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
    """CREATE TABLE IF NOT EXISTS gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,
        data_type TEXT NOT NULL,
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
        undone INTEGER NOT NULL DEFAULT 0, undone_at TEXT, target INTEGER, pid INTEGER, actor TEXT,
        parks TEXT, keys_before TEXT, keys_after TEXT)""",
    """CREATE TABLE IF NOT EXISTS boundaries (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY,
        park_id TEXT NOT NULL, name_zh TEXT, name_en TEXT, is_new INTEGER NOT NULL DEFAULT 0,
        geometry_quality TEXT NOT NULL, source_file TEXT, source_note TEXT, accepted_at TEXT NOT NULL,
        change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1, attributes TEXT)""",
    """CREATE TABLE IF NOT EXISTS figures (fid INTEGER PRIMARY KEY AUTOINCREMENT, subject_type TEXT,
        subject_id TEXT, key TEXT, label TEXT, year INTEGER, value REAL, unit TEXT, source TEXT,
        confidence TEXT,
        note TEXT, extra TEXT, row_no INTEGER, source_file TEXT, saved_at TEXT NOT NULL,
        change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE IF NOT EXISTS scenarios (fid INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
        data TEXT, saved_at TEXT NOT NULL, change_id INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 1,
        owner TEXT, shared INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS idx_boundaries_park ON boundaries(park_id)",
    "CREATE INDEX IF NOT EXISTS idx_figures_change ON figures(change_id)",
    "CREATE INDEX IF NOT EXISTS idx_scenarios_name ON scenarios(name)",
    *[
        f"CREATE TRIGGER IF NOT EXISTS history_append_only_{op.lower()} BEFORE {op} ON history "
        "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END"
        for op in ("UPDATE", "DELETE")
    ],
]
#: Columns added since the first stores (``ALTER TABLE … ADD COLUMN`` on open): the audit trail (who, which
#: parks, before/after keys) and private scenario drafts (owner, shared).
_ADDED_COLUMNS = [
    ("history", "actor", "TEXT"),
    ("history", "parks", "TEXT"),
    ("history", "keys_before", "TEXT"),
    ("history", "keys_after", "TEXT"),
    ("scenarios", "owner", "TEXT"),
    ("scenarios", "shared", "INTEGER NOT NULL DEFAULT 0"),
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
    ("history", "attributes", "change history", "One row per change (append-only): who, when, what"),
]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def store_location(path: str | Path | None = None) -> Path:
    """The store ``path`` names (default ``FPA_STORE``): a GeoPackage path or a PostgreSQL
    :class:`gis.settings.StoreURL`."""
    return _path(path)


def _path(path: str | Path | None) -> Path:
    """The store: a GeoPackage path, or a :class:`gis.settings.StoreURL` for a PostgreSQL store."""
    if path is None:
        return user_store_path()
    if is_store_url(path):
        return StoreURL(str(path))  # type: ignore[return-value]  # answers exists/is_file/name
    return Path(path)
