"""Memory budgets of raster reads, checked before GDAL allocates anything.

A GeoTIFF of a few kilobytes can describe gigabytes of pixels (a sparse file, a single deflated strip, a
float64 grid). Reads are therefore windowed, and each read is priced first:

* a **block** (strip or tile) is what GDAL decompresses to serve any window; a block larger than
  :data:`MAX_BLOCK_BYTES` cannot be read in windows, so the raster is refused with the command that tiles it;
* a **read** (window × bytes per pixel, plus the mask) above :data:`MAX_READ_BYTES` is refused;
* **display** without overviews reads every pixel; above :data:`MAX_DISPLAY_SOURCE_PIXELS` the raster needs
  overviews (``gdaladdo``) first;
* GDAL's block cache is kept to :data:`GDAL_CACHE_MB` (GDAL's default, 5 % of the machine's memory, let one
  upload hold gigabytes);
* a ``MemoryError`` that still happens becomes a :class:`~gis.errors.FileTooLargeError`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import numpy as np

from gis.errors import FileTooLargeError

#: Largest strip or tile GDAL may decompress to serve a window.
MAX_BLOCK_BYTES = 64 * 2**20
#: Largest single read (pixels × bytes per pixel, plus one byte of mask per pixel).
MAX_READ_BYTES = 256 * 2**20
#: Most source pixels warped for display when the raster has no overviews.
MAX_DISPLAY_SOURCE_PIXELS = 150_000_000
#: GDAL block cache (MB) for the process.
GDAL_CACHE_MB = 128

#: GDAL options of every user-raster read: the block cache bounded, and single-strip TIFFs shown as the one
#: strip they are (GDAL otherwise presents them as one-row strips and decompresses the strip again and again).
GDAL_READ_OPTIONS = {"GDAL_CACHEMAX": GDAL_CACHE_MB, "GDAL_ENABLE_TIFF_SPLIT": "NO"}

os.environ.setdefault("GDAL_CACHEMAX", str(GDAL_CACHE_MB))  # read by GDAL when its cache is first used


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def _itemsize(ds: Any, band: int = 1) -> int:
    return int(np.dtype(ds.dtypes[band - 1]).itemsize)


def check_blocks(ds: Any, label: str) -> None:
    """Refuse a raster whose strips or tiles are too large to read in windows."""
    bh, bw = ds.block_shapes[0]
    pixel_interleaved = str(getattr(ds.interleaving, "value", "")).upper() == "PIXEL"
    per_pixel = _itemsize(ds) * (ds.count if pixel_interleaved else 1)
    size = int(bh) * int(bw) * per_pixel
    if size > MAX_BLOCK_BYTES:
        raise FileTooLargeError(
            f"the raster is stored in blocks of {bw:,} × {bh:,} pixels ({_mb(size)} each; limit "
            f"{_mb(MAX_BLOCK_BYTES)}), too large to read in windows",
            file=label,
            hint="save it tiled: gdal_translate -co TILED=YES -co COMPRESS=DEFLATE in.tif out.tif",
            message_zh=f"栅格按 {bw:,} × {bh:,} 像元的块存储（每块 {_mb(size)}，"
            f"上限 {_mb(MAX_BLOCK_BYTES)}），无法分窗口读取",
            hint_zh="另存为分块（tiled）格式：gdal_translate -co TILED=YES -co COMPRESS=DEFLATE "
            "in.tif out.tif",
        )


def check_read(ds: Any, band: int, shape: tuple[int, int], label: str, *, extra: int = 1) -> None:
    """Refuse a read of ``shape`` (rows, cols) of ``band`` that would exceed :data:`MAX_READ_BYTES`.

    ``extra``: bytes per pixel besides the values (the mask; masks rasterised beside the read).
    """
    rows, cols = shape
    size = int(rows) * int(cols) * (_itemsize(ds, band) + extra)
    if size > MAX_READ_BYTES:
        raise FileTooLargeError(
            f"reading {cols:,} × {rows:,} pixels of {ds.dtypes[band - 1]} needs {_mb(size)} "
            f"(limit {_mb(MAX_READ_BYTES)})",
            file=label,
            hint="resample the raster to a coarser cell size (gdalwarp -tr) or clip it to the area needed",
            message_zh=f"读取 {cols:,} × {rows:,} 个 {ds.dtypes[band - 1]} 像元需要 {_mb(size)}"
            f"（上限 {_mb(MAX_READ_BYTES)}）",
            hint_zh="把栅格重采样为较粗的像元（gdalwarp -tr），或裁剪到所需范围",
        )


def check_display(ds: Any, label: str) -> None:
    """Refuse to warp a raster for display that has too many pixels and no overviews to read instead."""
    pixels = int(ds.width) * int(ds.height)
    if pixels > MAX_DISPLAY_SOURCE_PIXELS and not ds.overviews(1):
        raise FileTooLargeError(
            f"the raster has {ds.width:,} × {ds.height:,} pixels and no overviews (limit without overviews "
            f"{MAX_DISPLAY_SOURCE_PIXELS:,} pixels)",
            file=label,
            hint="add overviews first: gdaladdo -r average in.tif 2 4 8 16 32",
            message_zh=f"栅格有 {ds.width:,} × {ds.height:,} 个像元且没有金字塔（无金字塔时上限 "
            f"{MAX_DISPLAY_SOURCE_PIXELS:,} 个像元）",
            hint_zh="先建金字塔：gdaladdo -r average in.tif 2 4 8 16 32",
        )


@contextlib.contextmanager
def memory_guard(label: str) -> Iterator[None]:
    """Turn a ``MemoryError`` inside the block into a :class:`FileTooLargeError` naming the file."""
    try:
        yield
    except MemoryError as exc:
        raise FileTooLargeError(
            "the raster needs more memory than the server has for it",
            file=label,
            hint="resample it to a coarser cell size (gdalwarp -tr) or clip it to the area needed",
            message_zh="读取该栅格所需内存超出服务器可用的限度",
            hint_zh="把栅格重采样为较粗的像元（gdalwarp -tr），或裁剪到所需范围",
        ) from exc
