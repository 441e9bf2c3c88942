"""The one county rule: which county a lon/lat point lies in.

Used by :func:`gis.boundaries.county_of` (places, ``scripts/build_parks.py``) and by the firm-level park share
(``clusters.parkshare``), so the same point gets the same county everywhere:

- a point inside a county polygon, or on its boundary (``intersects``), gets that county;
- a point on an edge shared by several counties gets the one with the smallest adcode;
- a point in no county gets the nearest county when it is within ``nearest_within_m`` metres of it (distance
  to the county's boundary in ``gis.settings.EQUAL_AREA_CRS``; ties to the smallest adcode), else none.
  ``county_of`` does not snap by default; the firm-level share snaps within :data:`COUNTY_SNAP_M`, because the
  shipped coastlines are simplified (about 500 m) and coastal firms would otherwise fall into the sea.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from gis.spatial.index import GridPolygonIndex
from gis.spatial.nearest import TO_EQUAL_AREA, SegmentNearest, equal_area

#: Metres within which the firm-level share gives a point in no county polygon to the nearest county.
COUNTY_SNAP_M = 1000.0
#: ``match`` values of :meth:`CountyIndex.locate`.
WITHIN = "within"
NEAREST = "nearest"


@dataclass
class CountyHits:
    """Result of :meth:`CountyIndex.locate`, one entry per point."""

    position: np.ndarray  # int32 position of the county in the index's polygons, -1 for none
    distance_m: np.ndarray  # 0 inside, the distance when snapped, NaN for none
    snapped: np.ndarray  # True where the county is the nearest one (point in no county polygon)


class CountyIndex:
    """County polygons (EPSG:4326) with their adcodes, prepared for :meth:`locate` (picklable)."""

    def __init__(self, geoms: np.ndarray, adcodes: np.ndarray) -> None:
        self.adcodes = np.asarray(adcodes).astype(str)
        priority = np.lexsort((np.arange(len(geoms)), self.adcodes))
        rank = np.empty(len(geoms), dtype="int64")
        rank[priority] = np.arange(len(geoms))
        self.within = GridPolygonIndex(geoms, priority)
        self.near = SegmentNearest(equal_area(geoms), rank)

    def locate(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        *,
        nearest_within_m: float = 0.0,
        order: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> CountyHits:
        """Apply the county rule (module docstring) to lon/lat points (WGS84 / CGCS2000 degrees)."""
        lon = np.asarray(lon, dtype="float64")
        lat = np.asarray(lat, dtype="float64")
        pos, _ = self.within.locate(lon, lat, order)
        dist = np.where(pos >= 0, 0.0, np.nan)
        snapped = np.zeros(len(lon), dtype=bool)
        miss = np.flatnonzero(pos < 0)
        if nearest_within_m > 0 and len(miss):
            x, y = TO_EQUAL_AREA.transform(lon[miss], lat[miss])
            near, d = self.near.nearest(np.asarray(x), np.asarray(y))
            ok = (near >= 0) & (d <= nearest_within_m)
            pos[miss[ok]] = near[ok]
            dist[miss[ok]] = d[ok]
            snapped[miss[ok]] = True
        return CountyHits(pos, dist, snapped)


_CACHE: dict[tuple, CountyIndex] = {}


def county_index(geoms: np.ndarray, adcodes: np.ndarray) -> CountyIndex:
    """:class:`CountyIndex` for these polygons, cached by content (building the grid takes about a second)."""
    coords = shapely.get_coordinates(geoms)
    key = (
        tuple(np.asarray(adcodes).astype(str)),
        len(coords),
        float(coords.sum()),
        tuple(np.round(shapely.total_bounds(geoms), 9)),
    )
    if key not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = CountyIndex(geoms, adcodes)
    return _CACHE[key]
