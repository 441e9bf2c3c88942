"""Raster side of the atlas (rasterio; no UI): output-density surfaces out, users' rasters in.

Three jobs:

* **Density surface** — :func:`figure_values` (or :func:`equal_split_values` for a plan total shared out
  under a stated assumption) gives one value per park; :func:`density_surface` spreads each value over the
  park's footprint (polygon, by area share of each cell) or over a quartic kernel around its point, on a grid
  in :data:`gis.settings.EQUAL_AREA_CRS` (Albers) so every cell has the same area. Cell values are *value
  per cell*, so the surface sums to the input total; :class:`SumCheck` says by how much it differs (rounding
  only). :func:`write_geotiff` / :func:`geotiff_bytes` write a GeoTIFF a GIS opens as is (CRS, tiled,
  deflate + predictor, internal overviews, nodata, band description, metadata tags).
* **Zonal statistics** — :func:`zonal_stats` reads a user's raster one park window at a time (never whole)
  and returns per park mean / min / max / sum / count (continuous) or the share of each class (categorical),
  with the part of the park the raster covers.
* **Display** — :func:`warp_for_display` warps a raster to Web Mercator (EPSG:3857, what Leaflet draws) at a
  screen-sized resolution and gives its bounds in lon/lat for an image overlay.

Bad rasters (not a raster, no CRS, corrupt, huge) raise :mod:`gis.errors` classes with a hint.

Modules: :mod:`~gis.raster.figures` (park figures as inputs), :mod:`~gis.raster.density`,
:mod:`~gis.raster.geotiff` (write), :mod:`~gis.raster.read` (open users' rasters), :mod:`~gis.raster.zonal`,
:mod:`~gis.raster.display`; defaults and limits in :mod:`~gis.raster.config`.
"""

from __future__ import annotations

from gis.raster.config import (
    DEFAULT_CELL_M,
    DEFAULT_FIGURE,
    DEFAULT_KERNEL_RADIUS_M,
    DENSITY_NODATA,
    DISPLAY_MAX_PX,
    MAX_DENSITY_CELLS,
    MAX_RASTER_FILE_BYTES,
    MAX_RASTER_PIXELS,
    OVERVIEW_FACTORS,
    PETROCHEM_SPLIT_FIGURE,
    POINT_BUFFER_M,
    SUM_RTOL,
    WEB_MERCATOR,
    RasterSource,
)
from gis.raster.density import EQUAL_AREA_NAME, DensitySurface, SumCheck, density_surface
from gis.raster.display import MERCATOR_MAX_LAT, DisplayRaster, warp_for_display
from gis.raster.figures import available_figures, equal_split_values, figure_values, petrochemical_parks
from gis.raster.geotiff import geotiff_bytes, write_geotiff
from gis.raster.read import colour_table, is_categorical, open_raster, raster_info
from gis.raster.service import (
    ValuesFor,
    check_figure,
    density_geotiff,
    density_summary,
    load_parks_for_rasters,
    park_figure_choices,
    park_figure_values,
    write_zonal_csv,
    zonal_document,
)
from gis.raster.zonal import STATUS_TEXT, ZonalResult, parse_class_labels, zonal_stats

__all__ = [
    "ValuesFor",
    "check_figure",
    "density_geotiff",
    "density_summary",
    "load_parks_for_rasters",
    "park_figure_choices",
    "park_figure_values",
    "write_zonal_csv",
    "zonal_document",
    "DEFAULT_CELL_M",
    "DEFAULT_FIGURE",
    "DEFAULT_KERNEL_RADIUS_M",
    "DENSITY_NODATA",
    "DISPLAY_MAX_PX",
    "DensitySurface",
    "DisplayRaster",
    "EQUAL_AREA_NAME",
    "MAX_DENSITY_CELLS",
    "MAX_RASTER_FILE_BYTES",
    "MAX_RASTER_PIXELS",
    "MERCATOR_MAX_LAT",
    "OVERVIEW_FACTORS",
    "PETROCHEM_SPLIT_FIGURE",
    "POINT_BUFFER_M",
    "RasterSource",
    "STATUS_TEXT",
    "SUM_RTOL",
    "SumCheck",
    "WEB_MERCATOR",
    "ZonalResult",
    "available_figures",
    "colour_table",
    "density_surface",
    "equal_split_values",
    "figure_values",
    "geotiff_bytes",
    "is_categorical",
    "open_raster",
    "parse_class_labels",
    "petrochemical_parks",
    "raster_info",
    "warp_for_display",
    "write_geotiff",
    "zonal_stats",
]
