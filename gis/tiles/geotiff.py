"""A GeoTIFF (imagery, a scanned plan map) in any CRS as a tile package: warped to Web Mercator through a
GDAL warped VRT and written block by block into an MBTiles with overviews (GDAL's MBTiles driver), so a
1 GB orthophoto never passes through memory at once.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import numpy as np
import rasterio
from PIL import Image
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


def to_mbtiles(src_path: Path, dest: Path, *, jpeg_quality: int = 85) -> Path:
    """Warp ``src_path`` to Web Mercator and tile it into the MBTiles ``dest`` (written atomically).

    GDAL writes PNG tiles with an alpha band (so the margins around the image stay transparent) and their
    overviews; then every fully opaque tile is re-encoded as JPEG (:func:`opaque_tiles_to_jpeg`), which is
    several times smaller for imagery. Edge tiles stay PNG.
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
            with (
                WarpedVRT(
                    src, crs=WEB_MERCATOR, resampling=Resampling.bilinear, add_alpha=src.count != 4
                ) as vrt,
                atomic_path(dest) as tmp,
            ):
                rio_copy(vrt, tmp, driver="MBTiles", TILE_FORMAT="PNG", RESAMPLING="BILINEAR")
                with rasterio.open(tmp, "r+") as out:
                    factors: list[int] = []
                    size = max(out.width, out.height)
                    while size > 256 and len(factors) < 12:
                        factors.append(2 ** (len(factors) + 1))
                        size //= 2
                    if factors:
                        out.build_overviews(factors, Resampling.average)
                opaque_tiles_to_jpeg(tmp, jpeg_quality)
    except RasterioError as exc:
        raise _bad(
            src_path, f"GDAL cannot tile this GeoTIFF: {exc}", f"GDAL 无法切片该 GeoTIFF：{exc}"
        ) from None
    return dest


def opaque_tiles_to_jpeg(path: Path, quality: int = 85) -> tuple[int, int]:
    """Re-encode every fully opaque PNG tile of the MBTiles ``path`` as JPEG; ``(jpeg, png)`` tile counts.

    The ``format`` metadata becomes ``jpg`` when no PNG tile is left, else stays ``png`` (the app serves each
    tile with the type its bytes say)."""
    con = sqlite3.connect(path)
    try:
        rowids = [r[0] for r in con.execute("SELECT rowid FROM tiles")]
        jpeg = png = 0
        for rowid in rowids:
            (data,) = con.execute("SELECT tile_data FROM tiles WHERE rowid = ?", (rowid,)).fetchone()
            img = Image.open(io.BytesIO(data))
            alpha = np.asarray(img.getchannel("A")) if "A" in img.getbands() else None
            if alpha is not None and int(alpha.min()) < 255:
                png += 1
                continue
            buf = io.BytesIO()
            img.convert("L" if img.mode in ("L", "LA") else "RGB").save(buf, "JPEG", quality=quality)
            con.execute("UPDATE tiles SET tile_data = ? WHERE rowid = ?", (buf.getvalue(), rowid))
            jpeg += 1
        fmt = "jpg" if png == 0 else "png"
        con.execute("UPDATE metadata SET value = ? WHERE name = 'format'", (fmt,))
        con.commit()
    finally:
        con.close()
    return jpeg, png
