"""Areas and distances measured honestly: equal-area Albers or geodesic, never Web Mercator.

Inputs may be in any CRS pyproj knows — EPSG:4326 (WGS84), EPSG:4490 (CGCS2000), the CGCS2000 Gauss-Krüger
zones (EPSG:4513–4554) … — and are reprojected first. Results are ``Series`` indexed like the input and named
after the metric (``area_km2``, ``area_ha``, ``distance_m``).

Which method
------------
- Areas: planar area in ``settings.EQUAL_AREA_CRS`` (Albers equal-area conic on GRS80, standard parallels
  24°N / 27.5°N). Albers preserves area exactly on the ellipsoid, so the only difference to the geodesic area
  is how edges between vertices are drawn (within 0.01 % for park- or county-sized shapes).
- Distances: point to point is the geodesic (shortest path on the GRS80 ellipsoid, pyproj ``Geod.inv``);
  any other pair of geometries (polygon to point, line to polygon …) is the minimum planar distance in the
  Albers CRS, whose linear scale error inside Fujian (23.5°–28.4°N) is at most 0.061 % (pyproj
  ``Proj.get_factors``). A documented trade-off: shapely/pyproj offer no geodesic shape-to-shape distance.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod
from shapely.geometry.base import BaseGeometry

from gis import settings
from gis.errors import CRSError, DataValidationError

_GEOD = Geod(ellps="GRS80")


def _check_crs(obj: gpd.GeoSeries | gpd.GeoDataFrame, what: str) -> CRS:
    if not isinstance(obj, gpd.GeoSeries | gpd.GeoDataFrame):
        raise DataValidationError(
            f"{what} must be a GeoSeries or GeoDataFrame, got {type(obj).__name__}",
            hint="wrap shapely geometries with gpd.GeoSeries([...], crs='EPSG:4326')",
        )
    if obj.crs is None:
        raise CRSError(
            f"{what} has no CRS, so areas and distances would be meaningless",
            field="crs",
            hint="set the CRS the coordinates are in, e.g. .set_crs('EPSG:4326') for lon/lat, "
            "'EPSG:4490' for CGCS2000, 'EPSG:4549' for CGCS2000 Gauss-Krüger CM 120E",
        )
    return obj.crs


def to_equal_area(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """Reproject to ``settings.EQUAL_AREA_CRS`` (Albers) for area work; the input is not modified.

    Raises
    ------
    CRSError
        The input has no CRS, or its coordinates do not fit its CRS (non-finite after reprojection).
    """
    _check_crs(gdf, "input")
    out = gdf.to_crs(settings.EQUAL_AREA_CRS)
    geoms = out.geometry if isinstance(out, gpd.GeoDataFrame) else out
    present = _present(geoms)
    if present.any():
        bounds = geoms[present].bounds.to_numpy()
        if not np.isfinite(bounds).all():
            raise CRSError(
                f"coordinates do not fit the declared CRS {gdf.crs.to_string()} (reprojection gave inf/NaN)",
                field="crs",
                hint="check the CRS: projected metres labelled EPSG:4326, or lon/lat swapped?",
            )
    return out


def _present(geoms: gpd.GeoSeries) -> np.ndarray:
    """Boolean mask of geometries that are neither missing (None) nor empty."""
    arr = geoms.to_numpy()
    return ~(shapely.is_missing(arr) | shapely.is_empty(arr))


def _geoseries(geoms: gpd.GeoSeries | gpd.GeoDataFrame) -> gpd.GeoSeries:
    return geoms.geometry if isinstance(geoms, gpd.GeoDataFrame) else geoms


def area_km2(geoms: gpd.GeoSeries | gpd.GeoDataFrame) -> pd.Series:
    """Area of each geometry in km², in the Albers equal-area CRS.

    Returns
    -------
    Series
        Named ``area_km2``, indexed like ``geoms``; 0 for points/lines, NaN for missing geometries.
    """
    projected = _geoseries(to_equal_area(_geoseries(geoms)))
    area = projected.area / 1e6
    return pd.Series(area.to_numpy(dtype=float), index=geoms.index, name="area_km2")


def area_ha(geoms: gpd.GeoSeries | gpd.GeoDataFrame) -> pd.Series:
    """Area of each geometry in hectares (1 ha = 0.01 km²), in the Albers equal-area CRS; named
    ``area_ha``."""
    return (area_km2(geoms) * 100.0).rename("area_ha")


def distance_m(
    a: gpd.GeoSeries | gpd.GeoDataFrame, b: gpd.GeoSeries | gpd.GeoDataFrame | BaseGeometry
) -> pd.Series:
    """Distance in metres from each geometry of ``a`` to ``b``.

    Parameters
    ----------
    a : GeoSeries or GeoDataFrame
        Geometries with a CRS.
    b : GeoSeries, GeoDataFrame or shapely geometry
        Either a GeoSeries/GeoDataFrame with a CRS and the *same index* as ``a`` (pairwise distances), or one
        shapely geometry given in ``a``'s CRS (distance from every row of ``a`` to it).

    Returns
    -------
    Series
        Named ``distance_m``, indexed like ``a``. Point-to-point pairs: geodesic on GRS80. Other pairs:
        minimum distance in the Albers CRS (see module notes). NaN where either side is missing.
    """
    ga = _geoseries(a)
    _check_crs(ga, "a")
    if isinstance(b, BaseGeometry):
        gb = gpd.GeoSeries([b] * len(ga), index=ga.index, crs=ga.crs)
    else:
        gb = _geoseries(b)
        _check_crs(gb, "b")
        if len(gb) != len(ga) or not gb.index.equals(ga.index):
            raise DataValidationError(
                "a and b must have the same index for pairwise distances",
                field="index",
                hint="reindex b like a, or pass a single shapely geometry as b",
            )
    lonlat_a = ga.to_crs(settings.STORAGE_CRS)
    lonlat_b = gb.to_crs(settings.STORAGE_CRS)
    result = np.full(len(ga), np.nan)
    both = _present(lonlat_a) & _present(lonlat_b)
    is_pt = both & (lonlat_a.geom_type == "Point").to_numpy() & (lonlat_b.geom_type == "Point").to_numpy()
    if is_pt.any():
        pa, pb = lonlat_a[is_pt], lonlat_b[is_pt]
        _, _, dist = _GEOD.inv(pa.x.to_numpy(), pa.y.to_numpy(), pb.x.to_numpy(), pb.y.to_numpy())
        result[is_pt] = dist
    other = both & ~is_pt
    if other.any():
        ea = to_equal_area(lonlat_a[other])
        eb = to_equal_area(lonlat_b[other])
        result[other] = ea.distance(eb, align=False).to_numpy()
    return pd.Series(result, index=ga.index, name="distance_m")


def geodesic_area_km2(geoms: gpd.GeoSeries | gpd.GeoDataFrame) -> pd.Series:
    """Geodesic area on GRS80 (pyproj ``Geod``) in km²; a cross-check for :func:`area_km2`, named likewise."""
    lonlat = _geoseries(geoms)
    _check_crs(lonlat, "input")
    lonlat = lonlat.to_crs(settings.STORAGE_CRS)
    values = [
        abs(_GEOD.geometry_area_perimeter(shapely.orient_polygons(g))[0]) / 1e6
        if g is not None and not g.is_empty
        else np.nan
        for g in lonlat
    ]
    return pd.Series(values, index=geoms.index, name="geodesic_area_km2")
