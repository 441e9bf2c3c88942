"""Spatial-index engine: point-in-polygon locators, nearest polygon, and the one county rule.

- :mod:`gis.spatial.index`: :func:`lon_order`, :class:`PolygonIndex`, :class:`GridPolygonIndex`,
  :class:`ParkIndex` (smallest area first), :func:`polygon_array`.
- :mod:`gis.spatial.nearest`: :class:`SegmentNearest`, :func:`min_segment_distance`, :func:`equal_area`.
- :mod:`gis.spatial.county`: :class:`CountyIndex` / :func:`county_index` (used by ``gis.boundaries.county_of``
  and the firm-level park share).
"""

from __future__ import annotations

from gis.spatial.county import COUNTY_SNAP_M, CountyHits, CountyIndex, county_index
from gis.spatial.index import BIN_DEG, GridPolygonIndex, ParkIndex, PolygonIndex, lon_order, polygon_array
from gis.spatial.nearest import BLOCK, TO_EQUAL_AREA, SegmentNearest, equal_area, min_segment_distance

__all__ = [
    "BIN_DEG",
    "BLOCK",
    "COUNTY_SNAP_M",
    "TO_EQUAL_AREA",
    "CountyHits",
    "CountyIndex",
    "GridPolygonIndex",
    "ParkIndex",
    "PolygonIndex",
    "SegmentNearest",
    "county_index",
    "equal_area",
    "lon_order",
    "min_segment_distance",
    "polygon_array",
]
