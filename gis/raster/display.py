"""Warp a raster to Web Mercator at screen size for an image overlay."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.enums import Resampling
from rasterio.io import DatasetReader
from rasterio.vrt import WarpedVRT
from rasterio.warp import calculate_default_transform

from gis.errors import (
    CRSError,
    DataValidationError,
)
from gis.raster.budget import check_display
from gis.raster.config import DISPLAY_MAX_PX, WEB_MERCATOR, RasterSource
from gis.raster.density import DensitySurface
from gis.raster.read import _lonlat_bounds, _read, category_names, colour_table, is_categorical, open_raster
from gis.settings import STORAGE_CRS


# ----------------------------------------------------------------------------------------------- display
@dataclass
class DisplayRaster:
    """A raster warped to Web Mercator for an image overlay.

    ``data`` is a masked array (rows × cols) on an EPSG:3857 grid whose outer edges are ``bounds_3857``;
    ``bounds_lonlat`` = (west, south, east, north) of the same edges, what Leaflet's ImageOverlay needs.
    """

    data: np.ma.MaskedArray
    bounds_3857: tuple[float, float, float, float]
    bounds_lonlat: tuple[float, float, float, float]
    categorical: bool
    colour_table: dict[int, tuple[int, int, int, int]] | None
    description: str
    units: str
    source_crs: str
    #: The raster's own category names (value → name), used as class labels when the user gives none.
    class_names: dict[int, str] = field(default_factory=dict)


def warp_for_display(
    source: RasterSource | DensitySurface,
    *,
    band: int = 1,
    categorical: bool | None = None,
    max_size: int = DISPLAY_MAX_PX,
    name: str | None = None,
) -> DisplayRaster:
    """Warp a raster (or a :class:`DensitySurface`) to EPSG:3857 at most ``max_size`` pixels on a side.

    ``categorical`` is the user's choice; ``None`` = as the raster says
    (:func:`gis.raster.read.is_categorical`, the rule print and zonal statistics use too). Continuous
    rasters are resampled by average (bilinear when enlarging), categorical ones by nearest neighbour
    (classes never blend). GDAL warps chunk by chunk, so large rasters are not read whole.
    """
    if isinstance(source, DensitySurface):
        with source.open() as ds:
            out = _warp(ds, band, False if categorical is None else categorical, max_size)
        out.description = source.description
        out.units = source.units_per_cell
        return out
    with open_raster(source, name=name) as ds:
        if not 1 <= band <= ds.count:
            raise DataValidationError(f"band {band} does not exist (the raster has {ds.count})", field="band")
        check_display(ds, name or str(source))
        return _warp(ds, band, is_categorical(ds, band, override=categorical), max_size)


#: Web Mercator's latitude limit (what Leaflet draws).
MERCATOR_MAX_LAT = 85.05112878


def _warp(ds: DatasetReader, band: int, cat: bool, max_size: int) -> DisplayRaster:
    west, south, east, north = _lonlat_bounds(ds)
    south, north = max(south, -MERCATOR_MAX_LAT), min(north, MERCATOR_MAX_LAT)
    if not (all(map(math.isfinite, (west, south, east, north))) and west < east and south < north):
        raise CRSError(
            "the raster cannot be placed on a Web Mercator map (its extent is beyond ±85° latitude)",
            hint="clip it to Fujian first",
        )
    to_m = Transformer.from_crs(STORAGE_CRS, WEB_MERCATOR, always_xy=True)
    left, bottom = to_m.transform(west, south)
    right, top = to_m.transform(east, north)
    try:  # the raster's own resolution, expressed in Web Mercator metres
        natural_t, _w, _h = calculate_default_transform(ds.crs, WEB_MERCATOR, ds.width, ds.height, *ds.bounds)
        res = abs(natural_t.a)
    except Exception:  # noqa: BLE001 - PROJ could not estimate it; fall back to the screen size
        res = 0.0
    # never coarser than the source's pixel count implies
    # (calculate_default_transform overshoots near the poles)
    by_count = math.sqrt((right - left) * (top - bottom) / (ds.width * ds.height))
    res = min(res, by_count) if math.isfinite(res) and res > 0 else by_count
    w, h = max(1, math.ceil((right - left) / res)), max(1, math.ceil((top - bottom) / res))
    shrinking = max(w, h) > max_size
    if shrinking:
        scale = max(w, h) / max_size
        w, h = max(1, math.ceil(w / scale)), max(1, math.ceil(h / scale))
    dst_t = Affine((right - left) / w, 0, left, 0, -(top - bottom) / h, top)
    resampling = Resampling.nearest if cat else (Resampling.average if shrinking else Resampling.bilinear)
    vrt_kw: dict[str, Any] = {
        "crs": WEB_MERCATOR,
        "transform": dst_t,
        "width": w,
        "height": h,
        "resampling": resampling,
    }
    if ds.nodata is None:
        vrt_kw["add_alpha"] = True
    with WarpedVRT(ds, **vrt_kw) as vrt:
        data = _read(vrt, band, name=ds.name)
    desc = ds.descriptions[band - 1] or ""
    units = (
        (ds.units[band - 1] if ds.units else "")
        or ds.tags(band).get("UNITS", "")
        or ds.tags().get("UNITS", "")
    )
    epsg = ds.crs.to_epsg()
    return DisplayRaster(
        data=data,
        bounds_3857=(left, bottom, right, top),
        bounds_lonlat=(west, south, east, north),
        categorical=cat,
        colour_table=colour_table(ds, band),
        description=desc,
        units=units,
        source_crs=f"EPSG:{epsg}" if epsg else CRS.from_user_input(ds.crs).name,
        class_names=category_names(ds, band) if cat else {},
    )
