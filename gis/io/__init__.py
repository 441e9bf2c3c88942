"""Read users' vector files safely: GeoJSON, GeoPackage, zipped shapefile, KML, CSV / XLSX with lon/lat.

One entry point, :func:`read_vector`, returns an :class:`ImportResult`: the features in EPSG:4326 (WGS84
lon/lat) and a report listing every change and problem by feature and field. Bad input raises a class from
:mod:`gis.errors`, never anything else.

Safety: uploads are bytes held in memory or written to a private temporary directory under generated names;
zip members with absolute or ``..`` paths, symlinks, nested archives or absurd expansion ratios are refused;
size, feature and vertex limits apply; nothing is ever evaluated, and no URL named in a file is fetched.

Modules: :mod:`~gis.io.sniff` (bytes, format), :mod:`~gis.io.archive` (zip safety), one reader per format
(:mod:`~gis.io.geojson`, :mod:`~gis.io.gdal`, :mod:`~gis.io.shapefile`, :mod:`~gis.io.table`),
:mod:`~gis.io.georef` (CRS and location checks), :mod:`~gis.io.read` (entry points) and
:mod:`~gis.io.write` (the one GeoPackage writer).
"""

from __future__ import annotations

from gis.io.archive import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_TOTAL, safe_extract
from gis.io.read import list_layers, read_vector
from gis.io.result import FORMATS, ImportResult
from gis.io.shapefile import detect_dbf_encoding
from gis.io.sniff import sniff_format
from gis.io.write import EXPORT_CRS, LayerDoc, gpkg_bytes, gpkg_ready, write_gpkg

__all__ = [
    "EXPORT_CRS",
    "FORMATS",
    "ZIP_MAX_MEMBERS",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_TOTAL",
    "ImportResult",
    "LayerDoc",
    "detect_dbf_encoding",
    "gpkg_bytes",
    "gpkg_ready",
    "list_layers",
    "read_vector",
    "safe_extract",
    "sniff_format",
    "write_gpkg",
]
