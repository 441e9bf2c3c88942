"""The GeoPackage download of the shown map layers: :func:`gis.io.gpkg_bytes`, the one GeoPackage writer
(one table per layer, lists as JSON text, WGS84; opens in QGIS as is)."""

from __future__ import annotations

from gis.io import gpkg_bytes

__all__ = ["geopackage_bytes"]

#: The map page's name for the one writer (frames by layer id -> the file's bytes).
geopackage_bytes = gpkg_bytes
