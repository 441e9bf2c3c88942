"""A basemap under a sheet: a registered local tile package (``layers.basemaps.sheet_image``, the same
choice as the map page) warped from Web Mercator to the sheet's equal-area CRS over the sheet's extent.

Web and configured services are not drawn (a sheet is made with no network); the attribution then says no
basemap is printed. The reference map is the atlas's own vector boundaries and labels, already on the sheet.
"""

from __future__ import annotations

import numpy as np
from pyproj import Transformer
from rasterio.enums import Resampling
from rasterio.transform import from_bounds
from rasterio.warp import reproject

from layers.basemaps import sheet_image
from layers.print.draw import DrawContext

#: Pixels across the sheet's extent (enough for an A3 sheet at 200 dpi without a huge mosaic).
MAX_PX = 2400


def draw_basemap(ctx: DrawContext, basemap: str, extent: tuple[float, float, float, float]) -> bool:
    """Draw ``basemap`` under the layers if it is a local package; return whether it was drawn."""
    if basemap in ("", "none"):
        return False
    x0, y0, x1, y1 = extent
    to_ll = Transformer.from_crs(ctx.crs, 4326, always_xy=True)
    west, south, east, north = to_ll.transform_bounds(x0, y0, x1, y1)
    got = sheet_image(basemap, (west, south, east, north), max_pixels=MAX_PX)
    if got is None:
        return False
    img, (mx0, my0, mx1, my1), opacity = got
    w = MAX_PX
    h = max(1, round(MAX_PX * (y1 - y0) / (x1 - x0)))
    dst = np.zeros((4, h, w), dtype="uint8")
    reproject(
        source=np.ascontiguousarray(img.transpose(2, 0, 1)),
        destination=dst,
        src_transform=from_bounds(mx0, my0, mx1, my1, img.shape[1], img.shape[0]),
        src_crs="EPSG:3857",
        dst_transform=from_bounds(x0, y0, x1, y1, w, h),
        dst_crs=ctx.crs,
        resampling=Resampling.bilinear,
    )
    ctx.ax.imshow(
        dst.transpose(1, 2, 0), extent=(x0, x1, y0, y1), origin="upper", alpha=float(opacity), zorder=0.3
    )
    return True
