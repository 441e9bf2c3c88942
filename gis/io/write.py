"""The one GeoPackage writer: frames as layers of one ``.gpkg``, written atomically.

Every GeoPackage the atlas hands out (merged parks, map layers, ``python -m layers export --out x.gpkg``)
goes through :func:`write_gpkg` / :func:`gpkg_bytes`, so they all open in QGIS 3.28 / GDAL 3.6 without a
warning and look alike:

* **GeoPackage 1.2**, WGS84 (EPSG:4326) or, on request, CGCS2000 (EPSG:4490);
* **one geometry type per layer**: single and multi parts of one family are promoted to ``Multi*``; a frame
  holding several families (points and polygons) becomes one layer per family, ``<name>_points``,
  ``<name>_lines``, ``<name>_polygons`` (features without geometry go with the first);
* **typed columns**: numbers stay numbers, booleans booleans, a mixed column text; a list of plain values
  becomes one text cell joined with ``"; "`` (``["石化", "化工"]`` → ``石化; 化工``); lists of records
  (a park's figures) and dicts become a **child table** ``<layer>__<column>`` with one row per record and
  the parent's key column (``id`` …, else ``parent_fid``), never JSON text;
* **descriptions**: each layer's description in ``gpkg_contents`` and each described field's title and
  description in ``gpkg_data_columns`` (the GeoPackage schema extension).
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from gis.errors import AtlasError, CRSError, FileFormatError, StoreError
from gis.fileio import atomic_path

#: The CRSs a GeoPackage may be written in: WGS84 (the default) and CGCS2000.
EXPORT_CRS = ("EPSG:4326", "EPSG:4490")
GPKG_VERSION = "1.2"
_FAMILIES = {
    "Point": "points",
    "MultiPoint": "points",
    "LineString": "lines",
    "MultiLineString": "lines",
    "Polygon": "polygons",
    "MultiPolygon": "polygons",
}
_MULTI = {"points": "MultiPoint", "lines": "MultiLineString", "polygons": "MultiPolygon"}
_KEYS = ("id", "park_id", "fid", "code", "adcode", "key")


@dataclass(frozen=True)
class LayerDoc:
    """What a layer and its fields are, written into the GeoPackage (``gpkg_contents``,
    ``gpkg_data_columns``)."""

    description: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    return value


def _joined(value: Any) -> str | None:
    """A list of plain values as one text cell, ``"; "`` between them."""
    items = [str(_scalar(v)) for v in value if not _missing(v)]
    return "; ".join(items) if items else None


def _column(col: pd.Series) -> pd.Series:
    """One GeoPackage column type per column: numbers stay numbers, booleans booleans, mixed → text."""
    if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
        return col
    present = [v for v in col if not _missing(v)]
    if present and all(isinstance(v, bool | np.bool_) for v in present):
        return pd.array([None if _missing(v) else bool(v) for v in col], dtype="boolean")  # type: ignore[return-value]
    if present and all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in present):
        return pd.array([None if _missing(v) else int(v) for v in col], dtype="Int64")  # type: ignore[return-value]
    if present and all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in present):
        return pd.to_numeric(col, errors="coerce")
    return col.map(lambda v: None if _missing(v) else (_joined(v) if _is_list(v) else str(_scalar(v))))


def _records_column(col: pd.Series) -> bool:
    """True when the column holds records (dicts, or lists of dicts): written as a child table."""
    for v in col:
        if isinstance(v, dict):
            return True
        if _is_list(v) and any(isinstance(x, dict) for x in v):
            return True
    return False


def _child(frame: pd.DataFrame, column: str, key: str | None) -> pd.DataFrame:
    """The child table of a records column: one row per record, the parent's key first."""
    key_name = key or "parent_fid"
    rows: list[dict[str, Any]] = []
    for pos, (_, rec) in enumerate(frame.iterrows(), start=1):
        value = rec[column]
        records = [value] if isinstance(value, dict) else (list(value) if _is_list(value) else [])
        for item in records:
            parent = rec[key] if key else pos
            base = {key_name: _scalar(parent)}
            if isinstance(item, dict):
                rows.append(base | {str(k): _scalar(v) for k, v in item.items() if k != key_name})
            elif not _missing(item):
                rows.append(base | {"value": _scalar(item)})
    child = pd.DataFrame(rows)
    for name in child.columns:
        child[name] = _column(child[name].astype(object))
    return child


def _target_crs(crs: str | int | CRS | None) -> CRS:
    target = CRS.from_user_input(crs or "EPSG:4326")
    if f"EPSG:{target.to_epsg()}" not in EXPORT_CRS:
        raise CRSError(
            f"GeoPackages are written in WGS84 (EPSG:4326) or CGCS2000 (EPSG:4490), not {target.name}",
            field="crs",
            hint="use --crs EPSG:4326 or --crs EPSG:4490",
            message_zh=f"GeoPackage 只能以 WGS84（EPSG:4326）或 CGCS2000（EPSG:4490）写出，"
            f"不能用 {target.name}",
            hint_zh="使用 --crs EPSG:4326 或 --crs EPSG:4490",
        )
    return target


def gpkg_ready(gdf: gpd.GeoDataFrame, crs: str | int | CRS | None = None) -> gpd.GeoDataFrame:
    """Copy of ``gdf`` as written: in ``crs`` (EPSG:4326 by default), a named index as a column, one type per
    column (lists of plain values joined; records columns are left for :func:`gpkg_layers` to split)."""
    target = _target_crs(crs)
    out = gdf.copy()
    if out.crs is None:
        out = out.set_crs(4326)
    if not CRS.from_user_input(out.crs).equals(target):
        out = out.to_crs(target)
    if out.index.name and out.index.name not in out.columns:
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)
    geom = out.geometry.name
    for name in out.columns:
        if name != geom and not _records_column(out[name]):
            out[name] = _column(out[name])
    return out


def _split(name: str, gdf: gpd.GeoDataFrame) -> dict[str, tuple[gpd.GeoDataFrame, str | None]]:
    """``{layer: (frame, geometry type)}``: one geometry family per layer, promoted to Multi* when mixed."""
    types = gdf.geometry.geom_type
    families = [f for f in dict.fromkeys(_FAMILIES.get(str(t)) for t in types.dropna()) if f]
    if not families:
        return {name: (gdf, None)}
    out: dict[str, tuple[gpd.GeoDataFrame, str | None]] = {}
    for k, fam in enumerate(families):
        rows = types.map(lambda t, f=fam: _FAMILIES.get(str(t)) == f)
        if k == 0:
            rows |= types.isna()
        part = gdf.loc[rows.to_numpy()].copy()
        kinds = set(part.geometry.geom_type.dropna())
        gtype = next(iter(kinds)) if len(kinds) == 1 else _MULTI[fam]
        if len(kinds) > 1:
            part[part.geometry.name] = [None if g is None else _promote(g, fam) for g in part.geometry]
        out[name if len(families) == 1 else f"{name}_{fam}"] = (part, gtype)
    return out


def _promote(geom: Any, family: str) -> Any:
    if geom.geom_type.startswith("Multi"):
        return geom
    cls: dict[str, Any] = {
        "points": shapely.MultiPoint,
        "lines": shapely.MultiLineString,
        "polygons": shapely.MultiPolygon,
    }
    return cls[family]([geom])


def gpkg_layers(
    frames: Mapping[str, gpd.GeoDataFrame], crs: str | int | CRS | None = None
) -> dict[str, tuple[pd.DataFrame, str | None, str | None]]:
    """The tables written for ``frames``: ``{table: (frame, geometry type | None, parent layer | None)}``."""
    out: dict[str, tuple[pd.DataFrame, str | None, str | None]] = {}
    for name, gdf in frames.items():
        ready = gpkg_ready(gdf, crs)
        records = [c for c in ready.columns if c != ready.geometry.name and _records_column(ready[c])]
        key = next((c for c in _KEYS if c in ready.columns and c not in records), None)
        for layer, (part, gtype) in _split(str(name), ready).items():
            out[layer] = (part.drop(columns=records), gtype, None)
            for col in records:
                child = _child(part, col, key)
                if len(child):
                    out[f"{layer}__{col}"] = (child, None, layer)
    return out


def _kind(col: pd.Series) -> str:
    """The field kind a written column has (what QGIS must show): integer, real, boolean, datetime, string."""
    dtype = col.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "real"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    values = col.dropna()
    if len(values) and all(isinstance(v, dt.datetime) for v in values):
        return "datetime"
    if len(values) and all(isinstance(v, dt.date) for v in values):
        return "date"
    return "string"


def gpkg_manifest(
    frames: Mapping[str, gpd.GeoDataFrame], crs: str | int | CRS | None = None
) -> dict[str, dict[str, Any]]:
    """What :func:`write_gpkg` writes for ``frames``, table by table, JSON-ready: ``geometry_type`` (as QGIS
    names it, ``None`` for a child table), ``count``, ``crs`` (``EPSG:4326`` / ``EPSG:4490``, ``None``
    without geometry) and ``fields`` (column → integer / real / boolean / date / datetime / string) — what
    ``scripts/check_qgis.py --expect`` holds the file to when QGIS opens it."""
    target = f"EPSG:{_target_crs(crs).to_epsg()}"
    out: dict[str, dict[str, Any]] = {}
    for table, (frame, gtype, _parent) in gpkg_layers(frames, crs).items():
        geom = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
        out[table] = {
            "geometry_type": gtype,
            "count": len(frame),
            "crs": target if gtype else None,
            "fields": {str(c): _kind(frame[c]) for c in frame.columns if c != geom},
        }
    return out


def write_gpkg(
    frames: Mapping[str, gpd.GeoDataFrame],
    path: str | Path,
    *,
    crs: str | int | CRS | None = None,
    docs: Mapping[str, LayerDoc] | None = None,
) -> Path:
    """Write each frame as a layer (layer name = key) of the GeoPackage ``path``; return ``path``.

    ``crs``: EPSG:4326 (default) or EPSG:4490. ``docs``: descriptions by frame name (a split layer and a
    child table inherit their frame's). The file is written beside ``path`` and moved into place only when
    every layer is written, so an existing file is either left as it was or replaced whole.

    Raises
    ------
    FileFormatError
        When ``frames`` is empty.
    CRSError
        When ``crs`` is neither WGS84 nor CGCS2000.
    StoreError
        When the file cannot be written (nothing was changed).
    """
    if not frames:
        raise FileFormatError(
            "no layers to write: choose at least one layer with data",
            hint="choose at least one layer with data",
            message_zh="没有可写的图层",
            hint_zh="至少选择一个有数据的图层",
        )
    tables = gpkg_layers(frames, crs)
    dest = Path(path)
    try:
        with atomic_path(dest) as tmp:
            for k, (table, (frame, gtype, parent)) in enumerate(tables.items()):
                doc = _doc_for(table, parent, docs or {})
                pyogrio.write_dataframe(
                    frame,
                    tmp,
                    layer=table,
                    driver="GPKG",
                    append=k > 0,
                    geometry_type=gtype,
                    dataset_options={"VERSION": GPKG_VERSION} if k == 0 else None,
                    layer_options={"DESCRIPTION": doc.description} if doc.description else None,
                )
            _write_field_docs(tmp, {t: _doc_for(t, p, docs or {}) for t, (_, _, p) in tables.items()})
    except (AtlasError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise StoreError(
            f"cannot write {dest.name}: {exc}",
            file=dest.name,
            hint="check the folder",
            message_zh=f"无法写入 {dest.name}：{exc}",
            hint_zh="检查目标文件夹是否存在、可写",
        ) from exc
    return dest


def _doc_for(table: str, parent: str | None, docs: Mapping[str, LayerDoc]) -> LayerDoc:
    """The doc of ``table``: its own, else its frame's (``parks_points`` → ``parks``; child → parent's)."""
    if table in docs:
        return docs[table]
    base = parent or table
    for name in sorted(docs, key=len, reverse=True):
        if base == name or base.startswith(f"{name}_"):
            doc = docs[name]
            if parent and doc.description:  # a child table: the parent's description and the column
                return LayerDoc(f"{doc.description} — {table.rsplit('__', 1)[-1]}", doc.fields)
            return doc
    return LayerDoc()


_DATA_COLUMNS_SQL = """
CREATE TABLE IF NOT EXISTS gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT,
  mime_type TEXT, constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))
"""
_CONSTRAINTS_SQL = """
CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT,
  min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))
"""
_EXTENSIONS_SQL = """
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
"""
_SCHEMA_EXTENSION = "http://www.geopackage.org/spec121/#extension_schema"


def _write_field_docs(path: Path, docs: Mapping[str, LayerDoc]) -> None:
    """Field titles and descriptions in ``gpkg_data_columns`` (schema extension registered)."""
    rows = []
    con = sqlite3.connect(path)
    try:
        for table, doc in docs.items():
            cols = {str(r[1]) for r in con.execute(f'PRAGMA table_info("{table}")')}
            rows += [(table, c, c, c, text) for c, text in doc.fields.items() if c in cols and text]
        if not rows:
            return
        for sql in (_DATA_COLUMNS_SQL, _CONSTRAINTS_SQL, _EXTENSIONS_SQL):
            con.execute(sql)
        for table in ("gpkg_data_columns", "gpkg_data_column_constraints"):
            con.execute(
                "INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
                "scope) VALUES (?, NULL, 'gpkg_schema', ?, 'read-write')",
                (table, _SCHEMA_EXTENSION),
            )
        con.executemany("INSERT OR REPLACE INTO gpkg_data_columns VALUES (?, ?, ?, ?, ?, NULL, NULL)", rows)
        con.commit()
    finally:
        con.close()


def gpkg_bytes(
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    crs: str | int | CRS | None = None,
    docs: Mapping[str, LayerDoc] | None = None,
) -> bytes:
    """The GeoPackage of :func:`write_gpkg` as bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="fpa-gpkg-") as tmpdir:
        return write_gpkg(frames, Path(tmpdir) / "layers.gpkg", crs=crs, docs=docs).read_bytes()
