"""Nearest polygon (by distance to its boundary) for points outside the polygons, in metres.

Distances are planar in ``gis.settings.EQUAL_AREA_CRS`` (Albers; its scale error in Fujian is below 0.06 %, so
a distance is within 0.06 % of the geodesic one). A coarse grid shortlists polygons per cell; exact
point-to-segment distances are computed in cache-sized numpy chunks.
"""

from __future__ import annotations

import numpy as np
import pyproj
import shapely

from gis.settings import EQUAL_AREA_CRS

#: Elements per numpy temporary in the distance loops: 12,288 float64 = 96 KiB, under glibc's default mmap
#: threshold (128 KiB). dask.distributed workers set MALLOC_TRIM_THRESHOLD_, which freezes that threshold, so
#: larger temporaries would be mmapped and faulted in on every allocation (measured 8x slower in a worker).
BLOCK = 12_288
#: lon/lat (EPSG:4326) to the equal-area CRS, x/y in metres.
TO_EQUAL_AREA = pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def equal_area(geoms: np.ndarray) -> np.ndarray:
    """Geometries (lon/lat) in ``gis.settings.EQUAL_AREA_CRS``."""
    return shapely.transform(geoms, lambda c: np.column_stack(TO_EQUAL_AREA.transform(c[:, 0], c[:, 1])))


class SegmentNearest:
    """Exact nearest polygon (by distance to its boundary) for points outside the polygons, in metres.

    Polygons are given in the equal-area CRS. A grid of ``cell_m`` cells shortlists, per occupied cell, the
    polygons whose bounding box is not farther than the best upper bound (distance to one of each polygon's
    extreme vertices); exact point-to-segment distances in numpy then pick the nearest. Ties go to the lower
    ``rank``.
    """

    def __init__(self, ea_geoms: np.ndarray, rank: np.ndarray, *, cell_m: float = 3000.0) -> None:
        self.rank = np.asarray(rank, dtype="int64")
        self.cell_m = cell_m
        bnd = shapely.boundary(ea_geoms)
        parts = shapely.get_parts(bnd)
        owner = np.repeat(np.arange(len(ea_geoms)), shapely.get_num_geometries(bnd))
        coords, ring = shapely.get_coordinates(parts, return_index=True)
        same = ring[1:] == ring[:-1]
        seg = np.column_stack([coords[:-1][same], coords[1:][same]])  # ax, ay, bx, by
        seg_owner = owner[ring[:-1][same]]
        srt = np.argsort(seg_owner, kind="stable")
        self.seg = seg[srt]
        self.seg_ptr = np.searchsorted(seg_owner[srt], np.arange(len(ea_geoms) + 1))
        self.bounds = shapely.bounds(ea_geoms)
        ext = np.zeros((len(ea_geoms), 4, 2))
        for k in range(len(ea_geoms)):
            v = self.seg[self.seg_ptr[k] : self.seg_ptr[k + 1], :2]
            if len(v):
                ext[k] = v[[v[:, 0].argmin(), v[:, 0].argmax(), v[:, 1].argmin(), v[:, 1].argmax()]]
            else:
                ext[k] = np.inf
        self.anchors = ext

    def _candidates(self, cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(cell, polygon) pairs that may hold the nearest polygon of any point in the cell."""
        half = self.cell_m / 2 * np.sqrt(2)
        b = self.bounds
        npoly = len(b)
        bx0, by0, bx1, by1 = (b[None, :, i] for i in range(4))
        anc = self.anchors
        cells, polys = [], []
        block = max(1, BLOCK // max(1, npoly))
        for s in range(0, len(cx), block):
            x = cx[s : s + block, None]
            y = cy[s : s + block, None]
            dx = np.maximum(np.maximum(bx0 - x, x - bx1), 0.0)
            dy = np.maximum(np.maximum(by0 - y, y - by1), 0.0)
            dx *= dx
            dy *= dy
            dx += dy
            lower = np.sqrt(dx)
            ub2 = np.full(lower.shape, np.inf)
            for v in range(4):
                ex = anc[None, :, v, 0] - x
                ey = anc[None, :, v, 1] - y
                ex *= ex
                ey *= ey
                ex += ey
                np.minimum(ub2, ex, out=ub2)
            limit = np.sqrt(ub2.min(axis=1, keepdims=True)) + 2 * half
            c, p = np.nonzero(lower <= limit)
            cells.append(c + s)
            polys.append(p)
        return np.concatenate(cells), np.concatenate(polys)

    def nearest(self, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(polygon position or -1, distance in metres)`` for points (equal-area x/y)."""
        n = len(px)
        best = np.full(n, -1, dtype="int32")
        dist = np.full(n, np.inf)
        if n == 0 or len(self.bounds) == 0:
            return best, np.full(n, np.nan)
        key = (np.floor(px / self.cell_m).astype("int64") << 32) + np.floor(py / self.cell_m).astype("int64")
        ukey, inv = np.unique(key, return_inverse=True)
        inv = inv.ravel()
        cx = ((ukey >> 32) + 0.5) * self.cell_m
        cy = ((ukey - ((ukey >> 32) << 32)) + 0.5) * self.cell_m
        by_cell = np.argsort(inv, kind="stable")
        cell_count = np.bincount(inv, minlength=len(ukey))
        cell_start = np.concatenate([[0], np.cumsum(cell_count)[:-1]])
        cells, polys = self._candidates(cx, cy)
        srt = np.argsort(polys, kind="stable")
        cells, polys = cells[srt], polys[srt]
        edges = np.searchsorted(polys, np.arange(len(self.bounds) + 1))
        work = []
        ub = np.full(n, np.inf)
        for k in np.flatnonzero(edges[1:] > edges[:-1]):
            ck = cells[edges[k] : edges[k + 1]]
            lens = cell_count[ck]
            total = int(lens.sum())
            offs = np.repeat(cell_start[ck] - (np.cumsum(lens) - lens), lens) + np.arange(total)
            p = by_cell[offs]
            # pass 1: per-point upper bound from the polygon's extreme vertices
            a = self.anchors[k]
            u = np.hypot(a[0, 0] - px[p], a[0, 1] - py[p])
            for v in range(1, 4):
                u = np.minimum(u, np.hypot(a[v, 0] - px[p], a[v, 1] - py[p]))
            ub[p] = np.minimum(ub[p], u)  # each point appears once per polygon
            work.append((k, p))
        for k, p in work:
            # pass 2: exact distances where the polygon's bbox is not beyond the point's upper bound
            b0, b1, b2, b3 = self.bounds[k]
            lower = np.hypot(
                np.maximum(0.0, np.maximum(b0 - px[p], px[p] - b2)),
                np.maximum(0.0, np.maximum(b1 - py[p], py[p] - b3)),
            )
            p = p[lower <= ub[p]]
            if len(p) == 0:
                continue
            d = min_segment_distance(px[p], py[p], self.seg[self.seg_ptr[k] : self.seg_ptr[k + 1]])
            cur = best[p]
            better = (d < dist[p]) | (
                (d == dist[p]) & ((cur < 0) | (self.rank[k] < self.rank[np.maximum(cur, 0)]))
            )
            dist[p[better]] = d[better]
            best[p[better]] = k
        dist[best < 0] = np.nan
        return best, dist


def min_segment_distance(px: np.ndarray, py: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Minimum distance from each point to a set of segments ``[ax, ay, bx, by]`` (numpy chunks)."""
    out = np.full(len(px), np.inf)
    if len(seg) == 0 or len(px) == 0:
        return out
    ax, ay = seg[:, 0], seg[:, 1]
    dx, dy = seg[:, 2] - ax, seg[:, 3] - ay
    len2 = dx * dx + dy * dy
    inv = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)  # zero-length segment: t = 0
    step = max(1, BLOCK // len(seg))
    for s in range(0, len(px), step):
        wx = px[s : s + step, None] - ax
        wy = py[s : s + step, None] - ay
        t = wx * dx
        t += wy * dy
        t *= inv
        np.clip(t, 0.0, 1.0, out=t)
        wx -= t * dx
        wy -= t * dy
        wx *= wx
        wy *= wy
        wx += wy
        out[s : s + step] = wx.min(axis=1)
    return np.sqrt(out)
