"""The GeoPackage download: one table per layer, lists as JSON text, WGS84 (opens in QGIS as is).

Moved unchanged from the map page; to be replaced by the one gis writer (``gis.io.write_gpkg`` /
``gpkg_bytes``) when it lands.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping

import geopandas as gpd


def _gpkg_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with list / dict columns as JSON text, other objects as text, index as a column, WGS84."""
    out = gdf.copy()
    if out.crs is None:
        out = out.set_crs("EPSG:4326")
    elif out.crs.to_epsg() != 4326:
        out = out.to_crs("EPSG:4326")
    if out.index.name and out.index.name not in out.columns:
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)
    geom = out.geometry.name
    for col in out.columns:
        if col == geom:
            continue
        s = out[col]
        if s.dtype == object or str(s.dtype).startswith(("string", "str")):
            out[col] = s.map(
                lambda v: (
                    None
                    if v is None or (isinstance(v, float) and math.isnan(v))
                    else json.dumps(v, ensure_ascii=False, default=str)
                    if isinstance(v, (list, dict, tuple))
                    else str(v)
                )
            )
    return out


def geopackage_bytes(frames: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """Write each frame as a GeoPackage layer (name = key) to a temp file and return the file's bytes."""
    if not frames:
        raise ValueError("no layers to write: choose at least one layer with data")
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(path)
    try:
        for name, gdf in frames.items():
            ready = _gpkg_ready(gdf)
            ready.to_file(
                path, layer=name, driver="GPKG", engine="pyogrio", mode="a" if os.path.exists(path) else "w"
            )
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        if os.path.exists(path):
            os.unlink(path)
