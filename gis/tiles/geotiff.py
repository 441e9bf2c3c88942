"""A GeoTIFF (imagery, a scanned plan map) in any CRS as a tile package: warped to Web Mercator through a
GDAL warped VRT and written block by block into an MBTiles with overviews (GDAL's MBTiles driver), so a
1 GB orthophoto never passes through memory at once.
"""

from __future__ import annotations

from pathlib import Path

import rasterio
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.shutil import copy as rio_copy
from rasterio.vrt import WarpedVRT

from gis.errors import FileFormatError
from gis.fileio import atomic_path

GEOTIFF_SUFFIXES = (".tif", ".tiff", ".geotiff")
WEB_MERCATOR = "EPSG:3857"
#: GDAL's block cache while tiling (MB): bounds memory whatever the GeoTIFF's size (GDAL's default is 5 % of
#: the machine's memory).
CACHE_MB = 256


def is_geotiff(path: Path) -> bool:
    """True for a ``.tif``/``.tiff`` path."""
    return path.suffix.lower() in GEOTIFF_SUFFIXES


def _bad(path: Path, why: str, why_zh: str) -> FileFormatError:
    return FileFormatError(
        why,
        file=path.name,
        hint="give a georeferenced GeoTIFF (with a CRS), e.g. an orthophoto or a scanned map saved by QGIS",
        message_zh=why_zh,
        hint_zh="请提供带坐标系的 GeoTIFF，例如正射影像或经 QGIS 配准保存的扫描图",
    )


def to_mbtiles(src_path: Path, dest: Path, *, tile_format: str | None = None) -> Path:
    """Warp ``src_path`` to Web Mercator and tile it into the MBTiles ``dest`` (written atomically).

    ``tile_format`` is ``PNG`` or ``JPEG`` (default: JPEG for 3-band imagery, PNG otherwise, which keeps
    transparency around the image).
    """
    try:
        with rasterio.Env(GDAL_CACHEMAX=CACHE_MB), rasterio.open(src_path) as src:
            if src.crs is None:
                raise _bad(
                    src_path, "the GeoTIFF has no CRS (not georeferenced)", "GeoTIFF 没有坐标系（未配准）"
                )
            if src.count not in (1, 3, 4):
                raise _bad(
                    src_path,
                    f"the GeoTIFF has {src.count} bands; a basemap needs 1 (grey), 3 (RGB) or 4 (RGBA)",
                    f"GeoTIFF 有 {src.count} 个波段；底图需要 1（灰度）、3（RGB）或 4（RGBA）个波段",
                )
            fmt = tile_format or ("JPEG" if src.count == 3 and src.nodata is None else "PNG")
            with (
                WarpedVRT(src, crs=WEB_MERCATOR, resampling=Resampling.bilinear) as vrt,
                atomic_path(dest) as tmp,
            ):
                rio_copy(
                    vrt, tmp, driver="MBTiles", TILE_FORMAT=fmt, RESAMPLING="BILINEAR", NAME=src_path.stem
                )
                with rasterio.open(tmp, "r+") as out:
                    factors: list[int] = []
                    size = max(out.width, out.height)
                    while size > 256 and len(factors) < 12:
                        factors.append(2 ** (len(factors) + 1))
                        size //= 2
                    if factors:
                        out.build_overviews(factors, Resampling.average)
    except RasterioError as exc:
        raise _bad(
            src_path, f"GDAL cannot tile this GeoTIFF: {exc}", f"GDAL 无法切片该 GeoTIFF：{exc}"
        ) from None
    return dest
