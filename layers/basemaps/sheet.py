"""Basemaps on a printed sheet or a static figure: the same choices as the map, as one image.

A registered local package gives its tiles over the sheet's area (:func:`gis.tiles.mosaic.mosaic`); the
reference map and ``none`` are drawn from vector data by the caller; web and configured services give
nothing here (a sheet is made with no network), and :func:`sheet_image` returns None for them.
"""

from __future__ import annotations

import numpy as np

from gis.tiles.mosaic import mosaic
from layers.basemaps.catalog import local_entry


def sheet_image(
    basemap: str, bounds: tuple[float, float, float, float], *, max_pixels: int = 4096
) -> tuple[np.ndarray, tuple[float, float, float, float], float] | None:
    """``(RGBA image, EPSG:3857 extent (xmin, ymin, xmax, ymax), opacity)`` of a local package over WGS84
    ``bounds``; None when ``basemap`` is not a registered package."""
    entry = local_entry(basemap)
    if entry is None:
        return None
    img, extent = mosaic(entry.package, bounds, max_pixels=max_pixels)
    return img, extent, entry.opacity
