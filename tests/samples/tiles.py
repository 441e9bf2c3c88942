"""Tile packages made in the test: an MBTiles (sqlite3 + PIL, TMS rows as the spec says), a folder of XYZ
tiles, and a small georeferenced GeoTIFF; all over Xiamen (118.0–118.2°E, 24.4–24.6°N)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import numpy as np
from PIL import Image

from gis.tiles.package import tile_range

#: Around Xiamen, WGS84 (west, south, east, north).
BOUNDS = (118.0, 24.4, 118.2, 24.6)


def tile_image(z: int, x: int, y: int, fmt: str = "png") -> bytes:
    """A 256-px tile whose colour encodes its address (so a test can tell tiles apart)."""
    img = Image.new("RGB", (256, 256), ((z * 40) % 256, (x * 7) % 256, (y * 13) % 256))
    buf = io.BytesIO()
    img.save(buf, format={"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[fmt])
    return buf.getvalue()


def addresses(zooms: range, bounds: tuple[float, float, float, float] = BOUNDS) -> list[tuple[int, int, int]]:
    """XYZ tile addresses covering ``bounds`` at ``zooms``."""
    out = []
    for z in zooms:
        x0, y0, x1, y1 = tile_range(bounds, z)
        out += [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return out


def make_mbtiles(
    path: Path,
    zooms: range = range(6, 12),
    *,
    fmt: str = "png",
    scheme: str = "tms",
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write an MBTiles file over :data:`BOUNDS` (``scheme`` is the row order actually written)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
    )
    con.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    meta = {
        "name": "test tiles",
        "format": fmt,
        "bounds": ",".join(str(v) for v in BOUNDS),
        "minzoom": str(zooms.start),
        "maxzoom": str(zooms.stop - 1),
        "attribution": "© test office",
    }
    meta.update(metadata or {})
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [(k, v) for k, v in meta.items() if v is not None])
    for z, x, y in addresses(zooms):
        row = (2**z - 1 - y) if scheme == "tms" else y
        con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, row, tile_image(z, x, y, fmt)))
    con.commit()
    con.close()
    return path


def make_folder(root: Path, zooms: range = range(6, 12), fmt: str = "png") -> Path:
    """Write ``root/{z}/{x}/{y}.fmt`` XYZ tiles over :data:`BOUNDS`."""
    for z, x, y in addresses(zooms):
        f = root / str(z) / str(x) / f"{y}.{fmt}"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(tile_image(z, x, y, fmt))
    return root


def make_geotiff(path: Path, crs: str = "EPSG:32650", size: int = 512) -> Path:
    """A 3-band GeoTIFF in UTM 50N (not WGS84) over Xiamen, with a gradient."""
    import rasterio
    from affine import Affine

    data = np.zeros((3, size, size), dtype="uint8")
    data[0] = np.linspace(0, 255, size, dtype="uint8")[None, :]
    data[1] = np.linspace(0, 255, size, dtype="uint8")[:, None]
    data[2] = 128
    transform = Affine(20, 0, 600_000, 0, -20, 2_720_000)  # ≈118.0°E, 24.58°N; 10 km square
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=size,
        height=size,
        count=3,
        dtype="uint8",
        crs=crs,
        transform=transform,
    ) as dst:
        dst.write(data)
    return path
