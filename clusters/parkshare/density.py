"""Where the firms are, as a grid: firm counts and output per cell over Fujian (the map's density layer).

The grid spans ``gis.settings.FUJIAN_BOUNDS``: :data:`CELL_DEG` degrees of longitude per column and rows of
equal height in Web Mercator, so the grid drawn as one image on a web map sits exactly where the firms are
(rows equal in latitude would be misplaced by up to ~10 km in the middle of the province). Row 0 is the
northernmost. Counts are summed like every other partial (dask workers add their grids), so the map of a
million firms costs the same as that of a thousand: no firm is ever sent to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gis.settings import FUJIAN_BOUNDS

#: Column width in degrees of longitude (about 2 km); rows have the same height in Mercator units.
CELL_DEG = 0.02


def _mercator_y(lat: np.ndarray | float) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


@dataclass(frozen=True)
class Grid:
    """The fixed density grid: columns in longitude, rows in Mercator y (north first)."""

    west: float
    south: float
    east: float
    north: float
    nx: int
    ny: int

    def cells(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Flat cell index of each point (-1 outside the grid)."""
        x0, x1 = self.west, self.east
        y0, y1 = _mercator_y(self.south), _mercator_y(self.north)
        ix = np.floor((np.asarray(lon) - x0) / (x1 - x0) * self.nx)
        iy = np.floor((y1 - _mercator_y(np.asarray(lat))) / (y1 - y0) * self.ny)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        out = np.full(len(ix), -1, dtype="int64")
        out[ok] = iy[ok].astype("int64") * self.nx + ix[ok].astype("int64")
        return out


def fujian_grid(cell_deg: float = CELL_DEG) -> Grid:
    """The grid over Fujian's box with columns of ``cell_deg`` and rows as tall in Mercator."""
    west, south, east, north = FUJIAN_BOUNDS
    nx = int(np.ceil((east - west) / cell_deg))
    height = float(_mercator_y(north) - _mercator_y(south))
    ny = int(np.ceil(height / np.radians(cell_deg)))
    return Grid(west, south, west + nx * cell_deg, north, nx, ny)


@dataclass
class FirmDensity:
    """Firm counts and output per grid cell (arrays ``ny × nx``, row 0 north)."""

    grid: Grid
    firms: np.ndarray
    output: np.ndarray

    def __add__(self, other: FirmDensity) -> FirmDensity:
        """Cell-wise sum (the reduce step)."""
        return FirmDensity(self.grid, self.firms + other.firms, self.output + other.output)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(west, south, east, north)`` in degrees."""
        g = self.grid
        return g.west, g.south, g.east, g.north


def firm_density(
    lon: np.ndarray, lat: np.ndarray, output: np.ndarray, grid: Grid | None = None
) -> FirmDensity:
    """Counts and output sums of firms per cell of ``grid`` (default :func:`fujian_grid`)."""
    g = grid if grid is not None else fujian_grid()
    cell = g.cells(lon, lat)
    ok = cell >= 0
    size = g.nx * g.ny
    firms = np.bincount(cell[ok], minlength=size).reshape(g.ny, g.nx).astype("int64")
    out = np.bincount(cell[ok], weights=np.asarray(output)[ok], minlength=size).reshape(g.ny, g.nx)
    return FirmDensity(g, firms, out)
