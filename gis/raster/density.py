"""Density surfaces on an equal-area grid: each park's value spread over its footprint or a kernel."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.features import rasterize
from rasterio.io import DatasetReader, MemoryFile
from shapely.geometry import box

from gis.errors import (
    CalculationError,
    CRSError,
    DataValidationError,
    GeometryError,
)
from gis.jobs import Progress, step
from gis.raster.config import (
    DEFAULT_CELL_M,
    DEFAULT_KERNEL_RADIUS_M,
    DENSITY_NODATA,
    MAX_DENSITY_CELLS,
    SUM_RTOL,
)
from gis.raster.figures import _numeric
from gis.settings import EQUAL_AREA_CRS, FUJIAN_BOUNDS, STORAGE_CRS
from gis.text import Pair, text

#: The progress stage of :func:`density_surface`.
STAGE_SPREAD = Pair("把数值分布到栅格", "spreading the values over the grid")


# ----------------------------------------------------------------------------------------------- density
@dataclass(frozen=True)
class SumCheck:
    """Does the surface sum to the input total? ``ok`` when the relative gap is within ``rtol``."""

    total_input: float
    total_surface: float
    rtol: float = SUM_RTOL

    @property
    def abs_diff(self) -> float:
        return abs(self.total_surface - self.total_input)

    @property
    def rel_diff(self) -> float:
        return self.abs_diff / abs(self.total_input) if self.total_input else self.abs_diff

    @property
    def ok(self) -> bool:
        return self.rel_diff <= self.rtol

    def to_dict(self) -> dict[str, float | bool]:
        return {
            "total_input": self.total_input,
            "total_surface": self.total_surface,
            "abs_diff": self.abs_diff,
            "rel_diff": self.rel_diff,
            "ok": self.ok,
        }

    def text(self, lang: str = "en") -> str:
        """One sentence for people."""
        zh = (
            f"栅格总和 {self.total_surface:,.6g}，输入总和 {self.total_input:,.6g}，"
            f"相对差 {self.rel_diff:.1e}" + ("（仅舍入误差）" if self.ok else "（超出舍入误差！）")
        )
        en = (
            f"surface sums to {self.total_surface:,.6g}; inputs total {self.total_input:,.6g}; relative gap "
            f"{self.rel_diff:.1e}" + (" (rounding only)" if self.ok else " (MORE than rounding!)")
        )
        return text(lang, zh, en)


@dataclass
class DensitySurface:
    """A density grid: ``data[row, col]`` is the value allotted to that cell (value per cell)."""

    data: np.ndarray
    transform: Affine
    crs: str
    cell_m: float
    figure: str
    label_zh: str
    label_en: str
    unit: str
    year: str
    source: str
    method: str
    method_zh: str
    assumption: str
    kernel_radius_m: float
    inputs: pd.DataFrame
    check: SumCheck
    nodata: float = DENSITY_NODATA
    extra_tags: dict[str, str] = field(default_factory=dict)

    @property
    def cell_area_km2(self) -> float:
        return self.cell_m * self.cell_m / 1e6

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        rows, cols = self.data.shape
        left, top = self.transform @ (0, 0)
        right, bottom = self.transform @ (cols, rows)
        return (left, bottom, right, top)

    @property
    def units_per_cell(self) -> str:
        return f"{self.unit} per cell ({self.cell_area_km2:g} km²)"

    @property
    def description(self) -> str:
        return f"{self.figure} {self.year} density, {self.units_per_cell}"

    def tags(self) -> dict[str, str]:
        """Metadata written to the GeoTIFF (all values text)."""
        tags = {
            "FIGURE": self.figure,
            "FIGURE_LABEL_ZH": self.label_zh,
            "FIGURE_LABEL_EN": self.label_en,
            "YEAR": self.year,
            "SOURCE": self.source,
            "UNITS": self.units_per_cell,
            "VALUE_UNIT": self.unit,
            "CELL_SIZE_M": f"{self.cell_m:g}",
            "CELL_AREA_KM2": f"{self.cell_area_km2:g}",
            "METHOD": self.method,
            "METHOD_ZH": self.method_zh,
            "ASSUMPTION": self.assumption or "none",
            "KERNEL_RADIUS_M": f"{self.kernel_radius_m:g}",
            "N_PARKS": str(len(self.inputs)),
            "TOTAL_INPUT": repr(self.check.total_input),
            "TOTAL_SURFACE": repr(self.check.total_surface),
            "SUM_CHECK": self.check.text("en"),
            "CREATED_BY": "Fujian Park Atlas (gis.raster.density_surface)",
        }
        tags.update(self.extra_tags)
        return tags

    @contextlib.contextmanager
    def open(self) -> Iterator[DatasetReader]:
        """Open the surface as an in-memory rasterio dataset (no file touches the disk)."""
        with MemoryFile() as mem:
            with mem.open(**_gtiff_profile(self), tiled=False) as dst:
                dst.write(self.data.astype("float32"), 1)
                dst.set_band_description(1, self.description)
                dst.update_tags(**self.tags())
            with mem.open() as src:
                yield src


def _grid(footprints: gpd.GeoSeries, cell: float, margin: float) -> tuple[Affine, int, int]:
    """Grid (transform, rows, cols) over Fujian and every footprint plus ``margin``, snapped to ``cell``."""
    to_ea = Transformer.from_crs(STORAGE_CRS, EQUAL_AREA_CRS, always_xy=True)
    fx0, fy0, fx1, fy1 = to_ea.transform_bounds(*FUJIAN_BOUNDS, densify_pts=21)
    x0, y0, x1, y1 = footprints.total_bounds if len(footprints) else (fx0, fy0, fx1, fy1)
    x0, y0 = min(x0, fx0) - margin, min(y0, fy0) - margin
    x1, y1 = max(x1, fx1) + margin, max(y1, fy1) + margin
    left, bottom = math.floor(x0 / cell) * cell, math.floor(y0 / cell) * cell
    right, top = math.ceil(x1 / cell) * cell, math.ceil(y1 / cell) * cell
    cols, rows = round((right - left) / cell), round((top - bottom) / cell)
    if rows * cols > MAX_DENSITY_CELLS:
        least = math.ceil(cell * math.sqrt(rows * cols / MAX_DENSITY_CELLS))
        raise CalculationError(
            f"a {cell:g} m grid over Fujian needs {rows * cols:,} cells (limit {MAX_DENSITY_CELLS:,})",
            field="cell",
            hint=f"choose a cell of at least {least} m",
            message_zh=f"以 {cell:g} 米格网覆盖福建需要 {rows * cols:,} 个格子（上限 {MAX_DENSITY_CELLS:,}）",
            hint_zh=f"格网至少取 {least} 米",
        )
    return Affine(cell, 0, left, 0, -cell, top), rows, cols


def _kernel_weights(
    x: float, y: float, transform: Affine, shape: tuple[int, int], radius: float
) -> tuple[slice, slice, np.ndarray]:
    """Quartic kernel (1 - d²/r²)² at cell centres within ``radius`` of (x, y), normalised to sum 1."""
    cell = transform.a
    col_c, row_c = ~transform @ (x, y)
    reach = int(math.ceil(radius / cell)) + 1
    r0, r1 = max(int(math.floor(row_c)) - reach, 0), min(int(math.floor(row_c)) + reach + 1, shape[0])
    c0, c1 = max(int(math.floor(col_c)) - reach, 0), min(int(math.floor(col_c)) + reach + 1, shape[1])
    rows = np.arange(r0, r1)[:, None] + 0.5
    cols = np.arange(c0, c1)[None, :] + 0.5
    d2 = ((cols - col_c) * cell) ** 2 + ((rows - row_c) * cell) ** 2
    w = np.where(d2 < radius * radius, (1.0 - d2 / (radius * radius)) ** 2, 0.0)
    if w.sum() <= 0:  # kernel narrower than a cell: all in the cell under the point
        w = np.zeros_like(d2)
        w[int(math.floor(row_c)) - r0, int(math.floor(col_c)) - c0] = 1.0
    return slice(r0, r1), slice(c0, c1), w / w.sum()


def _polygon_weights(
    geom: shapely.Geometry, transform: Affine, shape: tuple[int, int]
) -> tuple[slice, slice, np.ndarray] | None:
    """Share of the polygon's area in each cell (supersampled rasterisation), normalised to sum 1."""
    cell = transform.a
    minx, miny, maxx, maxy = shapely.bounds(geom)
    c0 = max(int(math.floor((minx - transform.c) / cell)), 0)
    c1 = min(int(math.ceil((maxx - transform.c) / cell)), shape[1])
    r0 = max(int(math.floor((transform.f - maxy) / cell)), 0)
    r1 = min(int(math.ceil((transform.f - miny) / cell)), shape[0])
    h, w = r1 - r0, c1 - c0
    if h <= 0 or w <= 0:
        return None
    ss = max(1, min(8, int(math.sqrt(4_000_000 / (h * w)))))
    fine_t = Affine(cell / ss, 0, transform.c + c0 * cell, 0, -cell / ss, transform.f - r0 * cell)
    fine = rasterize([(geom, 1)], out_shape=(h * ss, w * ss), transform=fine_t, fill=0, dtype="uint8")
    cover = fine.reshape(h, ss, w, ss).sum(axis=(1, 3)).astype("float64")
    if cover.sum() <= 0:
        return None
    return slice(r0, r1), slice(c0, c1), cover / cover.sum()


def density_surface(
    values: gpd.GeoDataFrame,
    *,
    cell: float = DEFAULT_CELL_M,
    kernel_radius: float = DEFAULT_KERNEL_RADIUS_M,
    figure: str | None = None,
    progress: Progress | None = None,
) -> DensitySurface:
    """Spread each park's ``value`` over its footprint on an equal-area grid.

    Parameters
    ----------
    values : output of :func:`figure_values` / :func:`equal_split_values` (``value`` column, geometry in any
        CRS). Polygons spread by the share of their area in each cell; points (and other geometries, by their
        representative point) by a quartic kernel of ``kernel_radius`` metres, normalised so nothing is lost.
    cell : cell size in metres (Albers); cells are equal in area.
    kernel_radius : kernel radius in metres (see :data:`DEFAULT_KERNEL_RADIUS_M`).
    progress : optional :class:`gis.jobs.Progress` (stage "spreading values", about 50 reports; cancelling
        raises :class:`gis.jobs.Cancelled`).

    Returns
    -------
    DensitySurface whose ``check`` compares the grid's sum with the input total.
    """
    _check_inputs(values, cell, kernel_radius)
    gdf, dropped = _in_fujian(values)
    ea = gdf.geometry.to_crs(EQUAL_AREA_CRS)
    polys = ea.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    transform, rows, cols = _grid(ea, float(cell), float(kernel_radius) + 2 * float(cell))
    grid = np.zeros((rows, cols), dtype="float64")
    spread = []
    every = max(1, len(gdf) // 50)
    step(progress, STAGE_SPREAD, 0.0)
    for k, ((pid, geom), is_poly, value) in enumerate(
        zip(ea.items(), polys, gdf["value"].to_numpy(dtype="float64"), strict=True)
    ):
        if k % every == 0:
            step(progress, STAGE_SPREAD, 0.95 * k / len(gdf))
        how = "polygon"
        placed = _polygon_weights(geom, transform, grid.shape) if is_poly else None
        if placed is None:
            how = "kernel" if not is_poly else "polygon→kernel (smaller than the grid resolution)"
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            placed = _kernel_weights(pt.x, pt.y, transform, grid.shape, float(kernel_radius))
        rs, cs, w = placed
        grid[rs, cs] += value * w
        spread.append((pid, how))
    step(progress, STAGE_SPREAD, 0.95)
    data = grid.astype("float32")
    check = SumCheck(total_input=float(gdf["value"].sum()), total_surface=float(data.sum(dtype="float64")))
    inputs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    inputs["spread_as"] = pd.Series(dict(spread))
    first = gdf.iloc[0]
    years = sorted({str(y) for y in gdf["year"]}) if "year" in gdf else []
    sources = sorted({str(s) for s in gdf["source"] if str(s)}) if "source" in gdf else []
    method, method_zh = _method(int(polys.sum()), len(gdf), float(cell), float(kernel_radius), dropped)
    return DensitySurface(
        data=data,
        transform=transform,
        crs=EQUAL_AREA_CRS,
        cell_m=float(cell),
        figure=figure or str(values.attrs.get("figure") or first.get("label_en", "value")),
        label_zh=str(first.get("label_zh", "")),
        label_en=str(first.get("label_en", "")),
        unit=str(first.get("unit", "")),
        year=", ".join(years) or "n/a",
        source="; ".join(sources) or "n/a",
        method=method,
        method_zh=method_zh,
        assumption=str(values.attrs.get("assumption", "")),
        kernel_radius_m=float(kernel_radius),
        inputs=inputs,
        check=check,
    )


def _check_inputs(values: gpd.GeoDataFrame, cell: float, kernel_radius: float) -> None:
    """Raise for a bad cell size or kernel radius, values without CRS, or no values at all."""
    if _numeric(cell) is None or cell <= 0:
        raise CalculationError(f"cell size must be a positive number of metres, got {cell!r}", field="cell")
    if _numeric(kernel_radius) is None or kernel_radius <= 0:
        raise CalculationError(
            f"kernel radius must be a positive number of metres, got {kernel_radius!r}", field="kernel_radius"
        )
    if values.crs is None:
        raise CRSError("the park values have no CRS", field="geometry", hint="parks are EPSG:4326 lon/lat")
    if len(values) == 0:
        raise DataValidationError("no park values to spread", field="value")


def _in_fujian(values: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The values with a geometry in Fujian, and the ids left out (no geometry, or outside Fujian)."""
    gdf = values[values.geometry.notna() & ~values.geometry.is_empty]
    dropped = [str(i) for i in values.index.difference(gdf.index)]
    inside = gdf.to_crs(STORAGE_CRS).intersects(box(*FUJIAN_BOUNDS))
    dropped += [str(i) for i in gdf.index[~inside.to_numpy()]]
    gdf = gdf[inside.to_numpy()]
    if len(gdf) == 0:
        raise GeometryError("no park with a value has a geometry inside Fujian", field="geometry")
    return gdf, dropped


def _method(n_poly: int, n: int, cell: float, kernel_radius: float, dropped: list[str]) -> tuple[str, str]:
    """How the surface was made, in English and Chinese."""
    method = (
        f"each park's value spread over its footprint: {n_poly} polygon(s) by area share per cell "
        f"(8x8 supersampled), {n - n_poly} point(s) by a quartic kernel (1-d²/r²)² of radius "
        f"{kernel_radius:g} m normalised to sum 1; grid {cell:g} m in Albers equal-area "
        "(lon_0=118, lat_1=24, lat_2=27.5, GRS80); cell value = value per cell"
    )
    method_zh = (
        f"每个园区的值分布到其范围内：{n_poly} 个面按各像元所占面积比例（8×8 超采样），"
        f"{n - n_poly} 个点按半径 {kernel_radius:g} 米的四次核 (1-d²/r²)² 分布（归一化，总量不变）；"
        f"{cell:g} 米像元，Albers 等积投影；像元值 = 该像元分得的值"
    )
    if dropped:
        method += f"; left out (no geometry or outside Fujian): {', '.join(dropped)}"
        method_zh += f"；未计入（无位置或不在福建）：{', '.join(dropped)}"
    return method, method_zh


#: Name given to the equal-area CRS in written files (GIS software shows it instead of "unknown").
EQUAL_AREA_NAME = "Fujian Albers equal-area (GRS80, lon_0=118, lat_1=24, lat_2=27.5)"


def _file_crs(crs: str) -> rasterio.crs.CRS:
    """The CRS as written to files: the equal-area CRS gets a readable name."""
    pcrs = CRS.from_user_input(crs)
    if pcrs.name in ("unknown", "") and pcrs.equals(CRS.from_user_input(EQUAL_AREA_CRS)):
        doc = pcrs.to_json_dict()
        doc["name"] = EQUAL_AREA_NAME
        pcrs = CRS.from_json_dict(doc)
    return rasterio.crs.CRS.from_wkt(pcrs.to_wkt())


def _gtiff_profile(surface: DensitySurface) -> dict[str, Any]:
    rows, cols = surface.data.shape
    return {
        "driver": "GTiff",
        "width": cols,
        "height": rows,
        "count": 1,
        "dtype": "float32",
        "crs": _file_crs(surface.crs),
        "transform": surface.transform,
        "nodata": surface.nodata,
    }
