"""Point-in-polygon locators over a few hundred polygons, with a deterministic priority.

No per-point Python: points are ordered once by lon bins (:func:`lon_order`), each polygon takes the slice of
its bounding box (``searchsorted``) and tests it with ``shapely.intersects_xy`` on the prepared polygon.
:class:`GridPolygonIndex` adds a lookup grid for polygons that tile the plane (counties). Boundary included
everywhere (``intersects``, not ``within``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from gis.errors import DataValidationError
from gis.settings import FUJIAN_BOUNDS
from gis.spatial.nearest import TO_EQUAL_AREA, SegmentNearest, equal_area

#: Width (degrees) of the lon bins used to slice points by a polygon's bounding box (uint16 radix sort).
BIN_DEG = 1e-4


def lon_order(lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(order, bins)``: points ordered by 0.0001° lon bins (O(n) radix sort), and the sorted bins."""
    x0 = FUJIAN_BOUNDS[0] - 0.5
    bins = np.clip((lon - x0) / BIN_DEG, 0, 65535).astype("uint16")
    order = np.argsort(bins, kind="stable")
    return order, bins[order]


class PolygonIndex:
    """Point-in-polygon locator over a few hundred polygons, with a deterministic priority.

    ``locate`` returns, for each point, the position of the first polygon (in ``priority`` order) that
    intersects it (boundary included) and the number of polygons that do.
    """

    def __init__(self, geoms: np.ndarray, priority: np.ndarray) -> None:
        self.geoms = geoms
        self.priority = np.asarray(priority, dtype="int64")
        self.bounds = shapely.bounds(geoms)
        shapely.prepare(self.geoms)

    def locate(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        order: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(position or -1, hit count)`` per point; ``order`` is :func:`lon_order` if known."""
        n = len(lon)
        first = np.full(n, -1, dtype="int32")
        hits = np.zeros(n, dtype="uint8")
        if n == 0 or len(self.geoms) == 0:
            return first, hits
        idx_sorted, bins = order if order is not None else lon_order(lon)
        xs = lon[idx_sorted]
        ys = lat[idx_sorted]
        x_origin = FUJIAN_BOUNDS[0] - 0.5
        shapely.prepare(self.geoms)
        for pos in self.priority:
            x0, y0, x1, y1 = self.bounds[pos]
            lo = np.uint16(np.clip(np.floor((x0 - x_origin) / BIN_DEG), 0, 65535))
            hi = np.uint16(np.clip(np.floor((x1 - x_origin) / BIN_DEG), 0, 65535))
            a = int(np.searchsorted(bins, lo, side="left"))
            b = int(np.searchsorted(bins, hi, side="right"))
            if b <= a:
                continue
            xx = xs[a:b]
            yy = ys[a:b]
            cand = np.flatnonzero((yy >= y0) & (yy <= y1) & (xx >= x0) & (xx <= x1))
            if len(cand) == 0:
                continue
            cand += a
            inside = shapely.intersects_xy(self.geoms[pos], xs[cand], ys[cand])
            idx = idx_sorted[cand[inside]]
            hits[idx] += 1
            fresh = idx[first[idx] < 0]
            first[fresh] = pos
        return first, hits


class GridPolygonIndex(PolygonIndex):
    """:class:`PolygonIndex` with a lookup grid for large polygons that tile the plane (counties).

    Cells of ``cell_deg`` that no polygon boundary touches (after growing the touched set by one cell, which
    absorbs floating-point rounding at cell edges) lie wholly inside one polygon or outside all, so their
    label is the label of their centre. Only points in boundary cells go through the exact test. The
    results equal :meth:`PolygonIndex.locate`'s first polygon; the hit count is not computed (it returns 1
    for a hit).
    """

    def __init__(self, geoms: np.ndarray, priority: np.ndarray, *, cell_deg: float = 0.01) -> None:
        super().__init__(geoms, priority)
        self.cell = cell_deg
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        self.x0 = x0 - cell_deg
        self.y0 = y0 - cell_deg
        self.nx = int(np.ceil((x1 - self.x0) / cell_deg)) + 2
        self.ny = int(np.ceil((y1 - self.y0) / cell_deg)) + 2
        touched = self._boundary_cells(geoms)
        grown = _grow(_grow(touched))  # the sampling margin, then the rounding margin
        iy, ix = np.divmod(np.flatnonzero(~grown.ravel()), self.nx)
        grid = np.full((self.ny, self.nx), -2, dtype="int32")
        label, _ = PolygonIndex.locate(self, self.x0 + (ix + 0.5) * cell_deg, self.y0 + (iy + 0.5) * cell_deg)
        grid[iy, ix] = label
        self.grid = grid

    def _boundary_cells(self, geoms: np.ndarray) -> np.ndarray:
        """Cells that hold a point sampled on a polygon boundary every quarter cell (numpy, no shapes).

        Every point of a boundary lies within a quarter cell of a sample, so every cell a boundary touches is
        a sampled cell or one of its eight neighbours: growing this set by one cell covers it.
        """
        parts = shapely.get_parts(shapely.boundary(geoms))
        coords, ring = shapely.get_coordinates(parts, return_index=True)
        same = ring[1:] == ring[:-1]
        a, b = coords[:-1][same], coords[1:][same]
        steps = np.maximum(1, np.ceil(np.hypot(*(b - a).T) / (self.cell / 4)).astype("int64"))
        seg = np.repeat(np.arange(len(a)), steps + 1)
        t = (np.arange(len(seg)) - np.repeat(np.cumsum(steps + 1) - (steps + 1), steps + 1)) / steps[seg]
        pts = a[seg] + (b - a)[seg] * t[:, None]
        ix = np.clip(np.floor((pts[:, 0] - self.x0) / self.cell).astype("int64"), 0, self.nx - 1)
        iy = np.clip(np.floor((pts[:, 1] - self.y0) / self.cell).astype("int64"), 0, self.ny - 1)
        touched = np.zeros((self.ny, self.nx), dtype=bool)
        touched[iy, ix] = True
        return touched

    def locate(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        order: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(position or -1, 1 where found)`` per point; exact test only in boundary cells."""
        n = len(lon)
        ix = np.floor((lon - self.x0) / self.cell)
        iy = np.floor((lat - self.y0) / self.cell)
        inside = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        first = np.full(n, -1, dtype="int32")
        first[inside] = self.grid[iy[inside].astype("int64"), ix[inside].astype("int64")]
        exact = np.flatnonzero(first == -2)
        if len(exact):
            sub, _ = PolygonIndex.locate(self, lon[exact], lat[exact])
            first[exact] = sub
        return first, (first >= 0).astype("uint8")


def _grow(cells: np.ndarray) -> np.ndarray:
    """``cells`` grown by one cell (8-neighbourhood)."""
    grown = cells.copy()
    grown[1:, :] |= cells[:-1, :]
    grown[:-1, :] |= cells[1:, :]
    rows = grown.copy()
    grown[:, 1:] |= rows[:, :-1]
    grown[:, :-1] |= rows[:, 1:]
    return grown


#: Chinese names of the polygon kinds :func:`polygon_array` names in its errors.
_WHAT_ZH = {"park": "园区", "county": "县区"}


def polygon_array(gdf: Any, what: str) -> np.ndarray:
    """Polygon geometries of ``gdf`` as a numpy array (invalid ones repaired with ``make_valid``).

    Raises :class:`DataValidationError` (naming the feature) when there are none or one is not a polygon;
    ``what`` (``"park"``, ``"county"``) names them in the message.
    """
    what_zh = _WHAT_ZH.get(what, what)
    geom = gdf.geometry.values
    arr = np.asarray(geom, dtype=object) if not isinstance(geom, np.ndarray) else geom
    arr = np.array(list(arr), dtype=object)
    types = shapely.get_type_id(arr)
    if len(arr) == 0:
        raise DataValidationError(
            f"no {what} polygons",
            hint=f"give a file with {what} boundary polygons",
            message_zh=f"没有{what_zh}面要素",
            hint_zh=f"请提供含{what_zh}边界面的文件",
        )
    bad = shapely.is_missing(arr) | ~np.isin(types, (3, 6))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DataValidationError(
            f"{what} {gdf.index[first]!s} has no polygon geometry",
            feature=str(gdf.index[first]),
            field="geometry",
            hint=f"{what} need boundary polygons (points cannot hold firms); load a boundary file",
            message_zh=f"{what_zh} {gdf.index[first]!s} 没有面几何",
            hint_zh=f"{what_zh}需要边界面（点无法容纳企业）；请载入边界文件",
        )
    invalid = ~shapely.is_valid(arr)
    if invalid.any():
        arr = arr.copy()
        arr[invalid] = shapely.make_valid(arr[invalid])
    return arr


class ParkIndex(PolygonIndex):
    """Parks: locate firms (smallest area first) and find the nearest park of outside firms."""

    def __init__(self, geoms: np.ndarray, ids: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=object)
        ea = equal_area(geoms)
        self.area_m2 = shapely.area(ea)
        priority = np.lexsort((self.ids.astype(str), self.area_m2))
        super().__init__(geoms, priority)
        rank = np.empty(len(ids), dtype="int64")
        rank[priority] = np.arange(len(ids))
        self.near = SegmentNearest(ea, rank)

    def nearest(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest park (position) and distance in metres to its boundary, for points outside every park."""
        if len(lon) == 0:
            return np.zeros(0, dtype="int32"), np.zeros(0)
        px, py = TO_EQUAL_AREA.transform(lon, lat)
        return self.near.nearest(np.asarray(px), np.asarray(py))
