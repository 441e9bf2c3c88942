"""What :func:`gis.io.read_vector` returns, and the raw features its readers hand on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from gis.validate import Report

#: Formats :func:`read_vector` understands (``format`` of the result).
FORMATS = ("geojson", "gpkg", "shapefile_zip", "kml", "csv", "xlsx")


@dataclass
class ImportResult:
    """What :func:`read_vector` read and everything it had to say about it.

    Attributes
    ----------
    gdf : GeoDataFrame
        Usable features in EPSG:4326; attribute columns as in the file, plus ``_feature`` (label used in the
        report: 1-based feature number, or the spreadsheet row for tables) and ``_vertices``.
    report : Report
        Items with ``level`` (error / warning / change / info), ``code``, ``feature``, ``field`` and
        messages in English and Chinese.
    """

    gdf: gpd.GeoDataFrame
    report: Report
    file: str
    format: str
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    crs: str = "EPSG:4326"
    crs_origin: str = "spec"
    coords: str = "wgs84"
    encoding: str | None = None
    n_read: int = 0

    @property
    def n_features(self) -> int:
        """Number of usable features."""
        return int(len(self.gdf))

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (the CLI's ``--json`` output, without the features)."""
        types = self.gdf.geometry.geom_type.value_counts().to_dict() if len(self.gdf) else {}
        return {
            "file": self.file,
            "format": self.format,
            "layer": self.layer,
            "layers": self.layers,
            "crs": self.crs,
            "crs_origin": self.crs_origin,
            "coords": self.coords,
            "encoding": self.encoding,
            "features_read": self.n_read,
            "features_usable": self.n_features,
            "geometry_types": {str(k): int(v) for k, v in types.items()},
            "vertices": int(self.gdf["_vertices"].sum()) if "_vertices" in self.gdf and len(self.gdf) else 0,
            "bounds": [round(float(v), 6) for v in self.gdf.total_bounds] if len(self.gdf) else None,
            "counts": {lv: self.report.count(lv) for lv in ("error", "warning", "change", "info")},
            "report": [i.to_dict() for i in self.report],
        }


@dataclass
class _Raw:
    """Features as read, before CRS handling."""

    attrs: pd.DataFrame
    geoms: list[Any]
    labels: list[int | str]
    crs: CRS | None
    crs_origin: str  # file | spec | legacy_member | columns | none
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    encoding: str | None = None
