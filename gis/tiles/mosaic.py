"""One image of a local package over an area (for printed sheets and static figures): the package's tiles
covering WGS84 ``bounds`` stitched at one zoom, with the Web Mercator extent of the image.

>>> img, extent = mosaic(entry.package, (118.0, 24.4, 118.2, 24.6))   # doctest: +SKIP
>>> ax.imshow(img, extent=(extent[0], extent[2], extent[1], extent[3]))  # on an EPSG:3857 axis
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from gis.tiles import registry
from gis.tiles.package import TilePackage, tile_range

_HALF = 20037508.342789244


def _zoom_for(package: TilePackage, bounds: tuple[float, float, float, float], max_pixels: int) -> int:
    for z in range(package.maxzoom, package.minzoom - 1, -1):
        x0, _, x1, _ = tile_range(bounds, z)
        if (x1 - x0 + 1) * 256 <= max_pixels:
            return z
    return package.minzoom


def mosaic(
    package: TilePackage,
    bounds: tuple[float, float, float, float],
    zoom: int | None = None,
    *,
    max_pixels: int = 4096,
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """RGBA ``uint8`` array of ``package`` over ``bounds`` (west, south, east, north) and its EPSG:3857 extent
    ``(xmin, ymin, xmax, ymax)``. ``zoom`` defaults to the deepest zoom whose mosaic is at most
    ``max_pixels`` wide; tiles the package lacks are transparent."""
    z = zoom if zoom is not None else _zoom_for(package, bounds, max_pixels)
    z = max(package.minzoom, min(package.maxzoom, z))
    x0, y0, x1, y1 = tile_range(bounds, z)
    out = np.zeros(((y1 - y0 + 1) * 256, (x1 - x0 + 1) * 256, 4), dtype="uint8")
    reader = registry.reader(package)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            data = reader.tile(z, x, y)
            if data is None:
                continue
            tile = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA").resize((256, 256)))
            out[(y - y0) * 256 : (y - y0 + 1) * 256, (x - x0) * 256 : (x - x0 + 1) * 256] = tile
    size = 2 * _HALF / 2**z
    extent = (-_HALF + x0 * size, _HALF - (y1 + 1) * size, -_HALF + (x1 + 1) * size, _HALF - y0 * size)
    return out, extent


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 → EPSG:3857 metres (for placing the mosaic's extent against other layers)."""
    x = lon * _HALF / 180
    y = math.log(math.tan((90 + lat) * math.pi / 360)) * _HALF / math.pi
    return x, y
