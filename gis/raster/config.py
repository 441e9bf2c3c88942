"""Raster defaults and limits shared by the raster modules."""

from __future__ import annotations

import os

#: Figure used when none is chosen: every park of the 2018 catalogue carries it.
DEFAULT_FIGURE = "approved_area_ha"
#: Pseudo-figure: the plan's 2020 petrochemical output target shared equally among the petrochemical parks.
PETROCHEM_SPLIT_FIGURE = "plan_petrochem_output_2020_equal_split"
#: Default cell size of density surfaces (metres, equal-area CRS).
DEFAULT_CELL_M = 1000.0
#: Default radius of the quartic kernel around a park point (metres). Shipped park points are approximate
#: (±1–5 km, see ``position_note``); a 5 km kernel spreads the value over that uncertainty instead of
#: pretending the output sits in one cell.
DEFAULT_KERNEL_RADIUS_M = 5000.0
#: Radius of the disc used as a point park's zone in zonal statistics (metres); ``point_mode="cell"`` instead
#: takes the value of the one cell under the point.
POINT_BUFFER_M = 1000.0
#: Nodata value written to density GeoTIFFs (no cell of a density surface carries it: 0 means "no density").
DENSITY_NODATA = -9999.0
#: Largest density grid (cells) built in memory.
MAX_DENSITY_CELLS = 16_000_000
#: A user raster with more pixels than this (per band) is refused as too large.
MAX_RASTER_PIXELS = 1_000_000_000
#: A user raster file larger than this (bytes) is refused; uploaded bytes are limited by ``MAX_UPLOAD_BYTES``.
MAX_RASTER_FILE_BYTES = 4 * 1024**3
#: Longest side (pixels) of the image warped for display.
DISPLAY_MAX_PX = 1024
#: Allowed gap between the density surface's sum and the input total, relative (float32 rounding).
SUM_RTOL = 1e-5
#: Overview factors written to density GeoTIFFs.
OVERVIEW_FACTORS = (2, 4, 8, 16)
WEB_MERCATOR = "EPSG:3857"

RasterSource = str | os.PathLike | bytes
