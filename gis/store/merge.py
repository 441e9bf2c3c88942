"""The user's accepted parks merged over a given shipped frame, the user winning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from gis.shipped import load_parks
from gis.store.boundaries import load_user_boundaries
from gis.store.edits import apply_park_edits


def merge_user_parks(shipped: gpd.GeoDataFrame, *, path: str | Path | None = None) -> gpd.GeoDataFrame:
    """``shipped`` parks with the user's accepted geometries winning, plus the parks the user added.

    The one merge rule behind :func:`gis.parks.parks_in_force` (call that; the merge takes the shipped frame
    as an argument). Adds ``provenance`` (``shipped`` | ``user`` | ``user_new``), ``user_source_file``,
    ``user_accepted_at``, ``user_note`` and ``user_change_id``; a user geometry brings its own
    ``geometry_quality`` and position note (never promoted).
    """
    merged = shipped.copy()
    if merged.crs is None:
        merged = merged.set_crs(4326)
    elif CRS.from_user_input(merged.crs).to_epsg() != 4326:
        merged = merged.to_crs(4326)
    merged["provenance"] = "shipped"
    for c in ("user_source_file", "user_accepted_at", "user_note"):
        merged[c] = None
    merged["user_change_id"] = pd.array([pd.NA] * len(merged), dtype="Int64")
    user = load_user_boundaries(path=path)
    geoms = list(merged.geometry)
    pos = {str(i): k for k, i in enumerate(merged.index)}
    new_rows = []
    for _, rec in user.iterrows():
        pid = str(rec["park_id"])
        if pid not in pos:
            new_rows.append(_new_park(pid, rec))
            continue
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
    merged = merged.set_geometry(gpd.GeoSeries(geoms, index=merged.index, crs=4326))
    if new_rows:
        extra = gpd.GeoDataFrame(new_rows, geometry="geometry", crs=4326)
        extra = extra.set_index("id", drop="id" not in merged.columns)
        extra.index.name = merged.index.name
        merged = pd.concat([merged, extra])
        merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=4326)
    return apply_park_edits(merged, path=path)  # the map editor's attributes and figures


def _new_park(pid: str, rec: pd.Series) -> dict[str, Any]:
    """A park the user added (not in the shipped file): its row, sourced to the user's file."""
    return {
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
            {"ref": str(rec["source_file"]), "what": "user-supplied park", "confidence": "user-supplied"}
        ],
        **_user_position(rec),
        "geometry": rec.geometry,
    }


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


def merged_parks(
    *, path: str | Path | None = None, parks: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Old name of the parks in force; use :func:`gis.parks.parks_in_force` (``parks`` defaults to the
    shipped parks, :func:`gis.shipped.load_parks`)."""
    return merge_user_parks(load_parks() if parks is None else parks, path=path)
