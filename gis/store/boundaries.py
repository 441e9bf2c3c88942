"""Accepted boundaries: write (one change per acceptance) and read."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from gis.auth import Actor, require
from gis.errors import DataValidationError
from gis.settings import STORAGE_DECIMALS
from gis.store.connection import _history_row, _query, _refresh_current, _transaction, _update_extent
from gis.store.schema import _now
from gis.store.values import _from_blobs, _jsonable, _to_blob
from gis.vocab import GEOMETRY_QUALITY

# ---------------------------------------------------------------- boundaries


def _round_geom(geom: Any, decimals: int = STORAGE_DECIMALS) -> Any:
    if geom is None:
        return None
    return shapely.transform(geom, lambda a: np.round(a, decimals))


def accept_boundaries(
    gdf: gpd.GeoDataFrame,
    *,
    source_file: str,
    note: str = "",
    user: Actor | None = None,
    path: str | Path | None = None,
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
    user
        The acting account (an editor: :func:`gis.auth.require`), recorded in the history with the parks
        touched and the change each replaced.

    Returns
    -------
    int
        The change id (use it with :func:`undo`).
    """
    actor = require(user, "edit")
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
        next_id = con.execute(
            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'history'), "
            "(SELECT MAX(change_id) FROM history), 0) + 1"
        ).fetchone()[0]
        ids = [_park_id(rec.get("park_id"), next_id, n) for n, (_, rec) in enumerate(gdf.iterrows(), start=1)]
        change = _history_row(
            con,
            "accept_boundaries",
            source_file,
            note,
            len(gdf),
            actor=actor.name,
            parks=[i for i, _ in ids],
            before={"boundaries": _in_force(con, [i for i, _ in ids])},
            after={"boundaries": [i for i, _ in ids][:500]},
        )
        rows = []
        geoms = []
        for (pid, made_new), (_, rec) in zip(ids, gdf.iterrows(), strict=True):
            is_new = made_new or (bool(rec.get("is_new")) if "is_new" in gdf else False)
            geom = _round_geom(rec.geometry)
            geoms.append(geom)
            quality = _declared(rec.get("geometry_quality"))  # as declared on import; never promoted
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


def _declared(quality: Any) -> str:
    """The stored ``geometry_quality``: what the import declared, else "user-supplied, not verified"."""
    return str(quality) if isinstance(quality, str) and quality in GEOMETRY_QUALITY else "unverified"


def _park_id(pid: Any, change: int, n: int) -> tuple[str, bool]:
    """The park id a feature is stored under, and whether the atlas made it (a new park)."""
    if pid is None or (isinstance(pid, float) and math.isnan(pid)) or str(pid).strip() == "":
        return f"user-{change}-{n}", True
    return str(pid), False


def _in_force(con: sqlite3.Connection, park_ids: list[str]) -> dict[str, int | None]:
    """The change whose boundary is in force for each park now (``None``: the shipped one or none)."""
    held: dict[str, int | None] = dict.fromkeys(park_ids[:500])
    for pid, change in con.execute("SELECT park_id, change_id FROM boundaries WHERE current = 1"):
        if pid in held:
            held[pid] = int(change)
    return held


def _txt(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def load_user_boundaries(*, path: str | Path | None = None, current: bool = True) -> gpd.GeoDataFrame:
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
    return gpd.GeoDataFrame(df, geometry=_from_blobs([r[-1] for r in rows]), crs="EPSG:4326")
