"""Write density surfaces as GeoTIFFs a GIS opens as is (CRS, tiles, overviews, nodata, tags)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import rasterio
from rasterio.enums import Resampling

from gis.errors import (
    FileFormatError,
)
from gis.fileio import atomic_path
from gis.raster.config import OVERVIEW_FACTORS
from gis.raster.density import DensitySurface, _gtiff_profile


def _write_gtiff(surface: DensitySurface, dst_path: str) -> None:
    profile = _gtiff_profile(surface) | {
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "predictor": 3,
        "zlevel": 6,
        "BIGTIFF": "IF_SAFER",
    }
    with (
        rasterio.Env(COMPRESS_OVERVIEW="DEFLATE", PREDICTOR_OVERVIEW="3", GDAL_TIFF_OVR_BLOCKSIZE="256"),
        rasterio.open(dst_path, "w", **profile) as dst,
    ):
        dst.write(surface.data.astype("float32"), 1)
        dst.set_band_description(1, surface.description)
        dst.update_tags(**surface.tags())
        dst.update_tags(1, UNITS=surface.units_per_cell, FIGURE=surface.figure)
        dst.units = (surface.units_per_cell,)
        factors = [f for f in OVERVIEW_FACTORS if min(surface.data.shape) // f >= 1]
        if factors:
            dst.build_overviews(factors, Resampling.average)
            dst.update_tags(ns="rio_overview", resampling="average")


def write_geotiff(surface: DensitySurface, path: str | os.PathLike) -> Path:
    """Write ``surface`` as a GeoTIFF (tiled 256², deflate + floating-point predictor, overviews, nodata,
    band description, metadata). Written to a temporary file first, then moved into place."""
    path = Path(path)
    if not path.parent.exists():
        raise FileFormatError(f"folder {path.parent} does not exist", file=str(path), hint="create it first")
    with atomic_path(path, create_parent=False) as tmp:
        _write_gtiff(surface, str(tmp))
    return path


def geotiff_bytes(surface: DensitySurface) -> bytes:
    """The GeoTIFF of :func:`write_geotiff` as bytes (for downloads), built without leaving files behind."""
    with tempfile.TemporaryDirectory(prefix="fpa-raster-") as tmp:
        out = Path(tmp) / "density.tif"
        _write_gtiff(surface, str(out))
        return out.read_bytes()
