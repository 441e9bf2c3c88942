"""The user's accepted parks merged over a given shipped frame, the user winning."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
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
    ``geometry_quality`` and position note (never promoted). Vectorised: 150 000 accepted points merge in
    well under a second (``bench/growth.py``).
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
    if not len(user):
        return apply_park_edits(merged, path=path)
    pid = user["park_id"].astype(str).to_numpy()
    pos = pd.Index(merged.index.astype(str)).get_indexer(pid)
    known = pos >= 0
    if known.any():
        merged = _replace_known(merged, user[known], pos[known])
    if (~known).any():
        extra = _new_parks(user[~known], pid[~known], "id" in merged.columns)
        extra.index.name = merged.index.name
        merged = gpd.GeoDataFrame(pd.concat([merged, extra]), geometry="geometry", crs=4326)
    return apply_park_edits(merged, path=path)  # the map editor's attributes and figures


def _replace_known(merged: gpd.GeoDataFrame, user: pd.DataFrame, pos: np.ndarray) -> gpd.GeoDataFrame:
    """The user's geometries and notes over the shipped rows at ``pos`` (a later row for a park wins)."""
    last = ~pd.Series(pos).duplicated(keep="last").to_numpy()
    user, pos = user[last], pos[last]
    geoms = np.asarray(merged.geometry.values, dtype=object).copy()
    geoms[pos] = np.asarray(user.geometry.values, dtype=object)
    values = {
        "geometry_quality": user["geometry_quality"].to_numpy(dtype=object),
        "provenance": np.full(len(user), "user", dtype=object),
        "user_source_file": user["source_file"].to_numpy(dtype=object),
        "user_accepted_at": user["accepted_at"].to_numpy(dtype=object),
        "user_note": user["source_note"].to_numpy(dtype=object),
        **_user_positions(user),
    }
    for col, vals in values.items():
        column = merged[col].to_numpy(dtype=object).copy() if col in merged else np.full(len(merged), None)
        column[pos] = vals
        merged[col] = pd.Series(
            column, index=merged.index, dtype=merged[col].dtype if col in merged else object
        )
    ids = merged["user_change_id"].to_numpy(dtype=object).copy()
    ids[pos] = user["change_id"].astype("int64").to_numpy()
    merged["user_change_id"] = pd.array(ids, dtype="Int64")
    return merged.set_geometry(gpd.GeoSeries(geoms, index=merged.index, crs=4326))


_LIST_COLUMNS = ("roles", "industries", "sectors", "clusters", "plan_refs", "figures")


def _new_parks(user: pd.DataFrame, pid: np.ndarray, keep_id: bool) -> gpd.GeoDataFrame:
    """Parks the user added (not in the shipped file), indexed by id, sourced to the user's file."""
    n = len(user)
    src = user["source_file"].astype(str).to_numpy(dtype=object)
    frame = pd.DataFrame(
        {
            "id": pid,
            "name_zh": user["name_zh"].to_numpy(dtype=object),
            "name_en": user["name_en"].to_numpy(dtype=object),
            "geometry_quality": user["geometry_quality"].to_numpy(dtype=object),
            "provenance": "user_new",
            "user_source_file": user["source_file"].to_numpy(dtype=object),
            "user_accepted_at": user["accepted_at"].to_numpy(dtype=object),
            "user_note": user["source_note"].to_numpy(dtype=object),
            "user_change_id": pd.array(user["change_id"].astype("int64").to_numpy(), dtype="Int64"),
            **{
                c: [[] for _ in range(n)] for c in ("roles", "industries", "sectors", "clusters", "plan_refs")
            },
            "figures": [[] for _ in range(n)],
            "sources": [
                [{"ref": s, "what": "user-supplied park", "confidence": "user-supplied"}] for s in src
            ],
            **_user_positions(user),
        }
    )
    out = gpd.GeoDataFrame(frame, geometry=np.asarray(user.geometry.values, dtype=object), crs=4326)
    return out.set_index("id", drop=not keep_id)


def _user_positions(user: pd.DataFrame) -> dict[str, np.ndarray]:
    """Position note/source of the geometries the user accepted (replace the shipped estimate's note)."""
    src = user["source_file"].astype(str).to_numpy(dtype=object)
    at = user["accepted_at"].astype(str).to_numpy(dtype=object)
    notes = user["source_note"].fillna("").astype(str).to_numpy(dtype=object)
    rows = list(zip(src, at, notes, strict=True))
    zh = [f"用户导入的边界（{s}，{a} 接受）" + (f"：{x}" if x else "") for s, a, x in rows]
    en = [f"Boundary imported by the user ({s}, accepted {a})" + (f": {x}" if x else "") for s, a, x in rows]
    return {
        "position_note_zh": np.asarray(zh, dtype=object),
        "position_note_en": np.asarray(en, dtype=object),
        "position_source": src,
        "position_confidence": np.full(len(user), "user-supplied", dtype=object),
    }


def merged_parks(
    *, path: str | Path | None = None, parks: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Old name of the parks in force; use :func:`gis.parks.parks_in_force` (``parks`` defaults to the
    shipped parks, :func:`gis.shipped.load_parks`)."""
    return merge_user_parks(load_parks() if parks is None else parks, path=path)
