"""Synthetic rasters and parks for the raster tests (gis, layers, browser): one copy, imported.

A small Gauss-Krüger (EPSG:4549) GeoTIFF near Fuzhou with known cell values, and parks placed on its cells.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from shapely.geometry import Point, box

GK = "EPSG:4549"  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
ANCHOR_LONLAT = (119.30, 26.08)  # near Fuzhou
CELL = 100.0
N = 10


def gk_origin() -> tuple[float, float]:
    """Top-left corner of the synthetic 10×10 GK grid (snapped to 100 m), near Fuzhou."""
    x, y = Transformer.from_crs("EPSG:4326", GK, always_xy=True).transform(*ANCHOR_LONLAT)
    return math.floor(x / CELL) * CELL, math.floor(y / CELL) * CELL


def write_raster(
    path: Path,
    data: np.ndarray,
    *,
    crs: str | None = GK,
    transform: Affine | None = None,
    nodata: float | None = None,
    colormap: dict | None = None,
) -> Path:
    """Write a one-band GeoTIFF; the default transform is the 100 m GK grid of :func:`gk_origin`."""
    if transform is None:
        x0, y0 = gk_origin()
        transform = Affine(CELL, 0, x0, 0, -CELL, y0)
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": 1,
        "dtype": data.dtype.name,
        "transform": transform,
        "nodata": nodata,
    }
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
        if colormap:
            dst.write_colormap(1, colormap)
    return path


def cell_box(c0: float, r0: float, c1: float, r1: float, inset: float = 10.0) -> shapely.Polygon:
    """Polygon (GK metres) from column c0 to c1 and row r0 to r1 (edges, exclusive), inset by ``inset`` m."""
    x0, y0 = gk_origin()
    return box(x0 + c0 * CELL + inset, y0 - r1 * CELL + inset, x0 + c1 * CELL - inset, y0 - r0 * CELL - inset)


def cell_centre(col: int, row: int) -> Point:
    x0, y0 = gk_origin()
    return Point(x0 + (col + 0.5) * CELL, y0 - (row + 0.5) * CELL)


def parks_frame(
    geoms: dict[str, shapely.Geometry], crs: str = GK, figures: dict | None = None
) -> gpd.GeoDataFrame:
    """Parks GeoDataFrame (EPSG:4326, indexed by id) from geometries in ``crs``, like gis.parks.load_parks."""
    ids = list(geoms)
    gdf = gpd.GeoDataFrame(
        {
            "name_zh": [f"园区{i}" for i in ids],
            "name_en": [f"Park {i}" for i in ids],
            "kind": "development_zone",
            "roles": [["catalogue_2018"] for _ in ids],
            "figures": [(figures or {}).get(i, []) for i in ids],
        },
        geometry=list(geoms.values()),
        crs=crs,
        index=pd.Index(ids, name=None),
    )
    return gdf.to_crs("EPSG:4326")


def fig(value: object, key: str = "approved_area_ha", year: int | None = 2018, unit: str = "公顷 ha") -> dict:
    return {
        "key": key,
        "label_zh": "核准面积",
        "label_en": "Approved area",
        "value": value,
        "unit": unit,
        "year": year,
        "source": "catalogue 2018",
        "confidence": "high",
        "note": "",
    }


def value_grid() -> np.ndarray:
    """Continuous test raster: cell (row, col) holds row*10 + col; (3, 4) is nodata (-1)."""
    data = np.fromfunction(lambda r, c: r * 10 + c, (N, N), dtype="float32").astype("float32")
    data[3, 4] = -1
    return data


# ---------------------------------------------------------------------------------------------- figures
