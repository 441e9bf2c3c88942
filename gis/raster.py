"""Raster side of the atlas (rasterio; no UI): output-density surfaces out, users' rasters in.

Three jobs:

* **Density surface** — :func:`figure_values` (or :func:`equal_split_values` for a plan total shared out under a
  stated assumption) gives one value per park; :func:`density_surface` spreads each value over the park's
  footprint (polygon, by area share of each cell) or over a quartic kernel around its point, on a grid in
  :data:`gis.settings.EQUAL_AREA_CRS` (Albers) so every cell has the same area. Cell values are *value per
  cell*, so the surface sums to the input total; :class:`SumCheck` says by how much it differs (rounding only).
  :func:`write_geotiff` / :func:`geotiff_bytes` write a GeoTIFF a GIS opens as is (CRS, tiled, deflate +
  predictor, internal overviews, nodata, band description, metadata tags).
* **Zonal statistics** — :func:`zonal_stats` reads a user's raster one park window at a time (never whole) and
  returns per park mean / min / max / sum / count (continuous) or the share of each class (categorical), with the
  part of the park the raster covers.
* **Display** — :func:`warp_for_display` warps a raster to Web Mercator (EPSG:3857, what Leaflet draws) at a
  screen-sized resolution and gives its bounds in lon/lat for an image overlay.

Bad rasters (not a raster, no CRS, corrupt, huge) raise :mod:`gis.errors` classes with a hint.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.enums import Resampling
from rasterio.errors import NotGeoreferencedWarning, RasterioError, RasterioIOError
from rasterio.features import rasterize
from rasterio.io import DatasetReader, MemoryFile
from rasterio.vrt import WarpedVRT
from rasterio.warp import calculate_default_transform
from rasterio.windows import Window
from rasterio.windows import from_bounds as window_from_bounds
from shapely.geometry import box

from gis.errors import (
    CalculationError,
    CRSError,
    DataValidationError,
    FileFormatError,
    FileTooLargeError,
    GeometryError,
)
from gis.fileio import atomic_path
from gis.settings import EQUAL_AREA_CRS, FUJIAN_BOUNDS, MAX_UPLOAD_BYTES, STORAGE_CRS
from gis.tabular import table_bytes

#: Figure used when none is chosen: every park of the 2018 catalogue carries it.
DEFAULT_FIGURE = "approved_area_ha"
#: Pseudo-figure: the plan's 2020 petrochemical output target shared equally among the petrochemical parks.
PETROCHEM_SPLIT_FIGURE = "plan_petrochem_output_2020_equal_split"
#: Default cell size of density surfaces (metres, equal-area CRS).
DEFAULT_CELL_M = 1000.0
#: Default radius of the quartic kernel around a park point (metres). Shipped park points are approximate
#: (±1–5 km, see ``position_note``); a 5 km kernel spreads the value over that uncertainty instead of
#: pretending the output sits in one cell.
DEFAULT_KERNEL_RADIUS_M = 5000.0
#: Radius of the disc used as a point park's zone in zonal statistics (metres); ``point_mode="cell"`` instead
#: takes the value of the one cell under the point.
POINT_BUFFER_M = 1000.0
#: Nodata value written to density GeoTIFFs (no cell of a density surface carries it: 0 means "no density").
DENSITY_NODATA = -9999.0
#: Largest density grid (cells) built in memory.
MAX_DENSITY_CELLS = 16_000_000
#: A user raster with more pixels than this (per band) is refused as too large.
MAX_RASTER_PIXELS = 1_000_000_000
#: A user raster file larger than this (bytes) is refused; uploaded bytes are limited by ``MAX_UPLOAD_BYTES``.
MAX_RASTER_FILE_BYTES = 4 * 1024**3
#: Longest side (pixels) of the image warped for display.
DISPLAY_MAX_PX = 1024
#: Allowed gap between the density surface's sum and the input total, relative (float32 rounding).
SUM_RTOL = 1e-5
#: Overview factors written to density GeoTIFFs.
OVERVIEW_FACTORS = (2, 4, 8, 16)
WEB_MERCATOR = "EPSG:3857"

RasterSource = str | os.PathLike | bytes


# ----------------------------------------------------------------------------------------------- figures
def _as_figure_list(raw: object) -> list[dict[str, Any]]:
    """Return a park's ``figures`` cell as a list of dicts (accepts JSON text, as GeoJSON readers give)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if isinstance(raw, Mapping):
        raw = [raw]
    return [dict(item) for item in raw if isinstance(item, Mapping)] if isinstance(raw, list | tuple) else []


def _as_list(raw: object) -> list[Any]:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return []
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            return [raw]
        return list(value) if isinstance(value, list) else [value]
    return list(raw) if isinstance(raw, list | tuple | np.ndarray) else [raw]


def _numeric(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def available_figures(parks: pd.DataFrame) -> pd.DataFrame:
    """List the numeric figures the parks carry.

    Returns
    -------
    DataFrame indexed by figure ``key`` with ``label_zh, label_en, unit, years`` (sorted list of years) and
    ``n_parks`` (parks with a numeric value), most common first.
    """
    rows: dict[str, dict[str, Any]] = {}
    if "figures" not in parks.columns:
        return pd.DataFrame(columns=["label_zh", "label_en", "unit", "years", "n_parks"])
    for pid, raw in parks["figures"].items():
        for fig in _as_figure_list(raw):
            key = fig.get("key")
            if not key or _numeric(fig.get("value")) is None:
                continue
            row = rows.setdefault(
                str(key),
                {
                    "label_zh": fig.get("label_zh") or key,
                    "label_en": fig.get("label_en") or key,
                    "unit": fig.get("unit") or "",
                    "years": set(),
                    "parks": set(),
                },
            )
            if fig.get("year") not in (None, ""):
                row["years"].add(str(fig.get("year")))
            row["parks"].add(pid)
    out = pd.DataFrame(
        [
            {
                "key": k,
                "label_zh": r["label_zh"],
                "label_en": r["label_en"],
                "unit": r["unit"],
                "years": sorted(r["years"]),
                "n_parks": len(r["parks"]),
            }
            for k, r in rows.items()
        ],
        columns=["key", "label_zh", "label_en", "unit", "years", "n_parks"],
    )
    return out.sort_values(["n_parks", "key"], ascending=[False, True]).set_index("key")


def figure_values(
    parks: gpd.GeoDataFrame, figure: str = DEFAULT_FIGURE, year: int | str | None = None
) -> gpd.GeoDataFrame:
    """Pick one figure per park.

    Parameters
    ----------
    parks : parks as :func:`gis.parks.load_parks` returns them (indexed by ``id``, column ``figures``).
    figure : figure ``key``, e.g. ``approved_area_ha``.
    year : year to use; ``None`` takes each park's latest year of that figure.

    Returns
    -------
    GeoDataFrame indexed like ``parks`` (only parks carrying a numeric, non-negative value) with ``value, unit,
    year, source, confidence, label_zh, label_en, name_zh, name_en`` and the park geometry.
    """
    if "figures" not in parks.columns:
        raise DataValidationError(
            "the parks have no 'figures' column",
            field="figures",
            hint="load parks with gis.parks.load_parks()",
        )
    want_year = None if year in (None, "") else str(year)
    rows = []
    years_seen: set[str] = set()
    for pid, raw in parks["figures"].items():
        best: dict[str, Any] | None = None
        for fig in _as_figure_list(raw):
            if fig.get("key") != figure:
                continue
            value = _numeric(fig.get("value"))
            fig_year = "" if fig.get("year") in (None, "") else str(fig.get("year"))
            if value is None:
                continue
            years_seen.add(fig_year)
            if want_year is not None and fig_year != want_year:
                continue
            if best is None or fig_year > str(best.get("year") or ""):
                best = {**fig, "value": value, "year": fig_year}
        if best is None:
            continue
        if best["value"] < 0:
            raise CalculationError(
                f"figure '{figure}' is negative ({best['value']}) for park {pid}",
                feature=str(pid),
                field="figures",
                hint="a density surface needs non-negative values; correct the figure",
            )
        rows.append(
            {
                "id": pid,
                "value": best["value"],
                "unit": best.get("unit") or "",
                "year": best["year"],
                "source": best.get("source") or "",
                "confidence": best.get("confidence") or "",
                "label_zh": best.get("label_zh") or figure,
                "label_en": best.get("label_en") or figure,
            }
        )
    if not rows:
        known = ", ".join(available_figures(parks).index) or "none"
        detail = (
            f" for year {want_year} (years with values: {', '.join(sorted(years_seen)) or 'none'})"
            if years_seen
            else ""
        )
        raise DataValidationError(
            f"no park carries a numeric figure '{figure}'{detail}",
            field="figure",
            hint=f"choose one of: {known}",
        )
    table = pd.DataFrame(rows).set_index("id")
    units = sorted(set(table["unit"]))
    if len(units) > 1:
        raise DataValidationError(
            f"figure '{figure}' comes in several units ({', '.join(units)})",
            field="unit",
            hint="convert the figures to one unit before summing them",
        )
    for col in ("name_zh", "name_en"):
        table[col] = parks.loc[table.index, col] if col in parks.columns else ""
    out = gpd.GeoDataFrame(table, geometry=parks.loc[table.index].geometry.values, crs=parks.crs)
    out.attrs["figure"] = figure
    return out


def petrochemical_parks(parks: pd.DataFrame) -> pd.Index:
    """Ids of the petrochemical parks (``kind == 'petrochemical_base'`` or role ``petrochemical``)."""
    kind = parks["kind"] if "kind" in parks.columns else pd.Series("", index=parks.index)
    roles = parks["roles"] if "roles" in parks.columns else pd.Series([[]] * len(parks), index=parks.index)
    is_pc = (kind == "petrochemical_base") | roles.map(lambda r: "petrochemical" in _as_list(r))
    return parks.index[is_pc.to_numpy(dtype=bool)]


def equal_split_values(
    parks: gpd.GeoDataFrame,
    ids: pd.Index | list[str],
    *,
    total: float,
    unit: str,
    year: int | str,
    source: str,
    label_zh: str,
    label_en: str,
    figure: str = PETROCHEM_SPLIT_FIGURE,
) -> gpd.GeoDataFrame:
    """Share a total equally among the given parks (an ASSUMPTION, recorded in every row's ``note``).

    Use it for a plan target that names bases but not how output divides among their parks, e.g. the plan's
    6800 亿元 petrochemical output for 2020 (第四章一（一）, 专栏10 #1) over the petrochemical parks.
    Returns the same columns as :func:`figure_values` plus ``note``; ``attrs["assumption"]`` holds the text.
    """
    ids = list(ids)
    if not ids:
        raise DataValidationError(
            "no parks to share the total among",
            field="kind",
            hint="the parks need kind 'petrochemical_base' or role 'petrochemical'",
        )
    if _numeric(total) is None or total < 0:
        raise CalculationError(f"total must be a non-negative number, got {total!r}", field="total")
    share = float(total) / len(ids)
    note_zh = f"假设：规划目标 {total:g} {unit} 在 {len(ids)} 个石化园区间平均分配（规划未给出分园区目标）"
    note_en = (
        f"ASSUMPTION: plan target {total:g} {unit} split equally across the {len(ids)} petrochemical parks "
        "(the plan gives no per-park targets)"
    )
    sub = parks.loc[ids]
    table = pd.DataFrame(
        {
            "value": share,
            "unit": unit,
            "year": str(year),
            "source": source,
            "confidence": "assumption",
            "label_zh": label_zh,
            "label_en": label_en,
            "name_zh": sub.get("name_zh", ""),
            "name_en": sub.get("name_en", ""),
            "note": note_en,
        },
        index=sub.index,
    )
    out = gpd.GeoDataFrame(table, geometry=sub.geometry.values, crs=parks.crs)
    out.attrs["figure"] = figure
    out.attrs["assumption"] = note_en
    out.attrs["assumption_zh"] = note_zh
    return out


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
        if lang == "zh":
            return (
                f"栅格总和 {self.total_surface:,.6g}，输入总和 {self.total_input:,.6g}，相对差 {self.rel_diff:.1e}"
                + ("（仅舍入误差）" if self.ok else "（超出舍入误差！）")
            )
        return (
            f"surface sums to {self.total_surface:,.6g}; inputs total {self.total_input:,.6g}; relative gap "
            f"{self.rel_diff:.1e}" + (" (rounding only)" if self.ok else " (MORE than rounding!)")
        )


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
    """Grid (transform, rows, cols) covering Fujian and every footprint plus ``margin``, snapped to ``cell``."""
    to_ea = Transformer.from_crs(STORAGE_CRS, EQUAL_AREA_CRS, always_xy=True)
    fx0, fy0, fx1, fy1 = to_ea.transform_bounds(*FUJIAN_BOUNDS, densify_pts=21)
    x0, y0, x1, y1 = footprints.total_bounds if len(footprints) else (fx0, fy0, fx1, fy1)
    x0, y0 = min(x0, fx0) - margin, min(y0, fy0) - margin
    x1, y1 = max(x1, fx1) + margin, max(y1, fy1) + margin
    left, bottom = math.floor(x0 / cell) * cell, math.floor(y0 / cell) * cell
    right, top = math.ceil(x1 / cell) * cell, math.ceil(y1 / cell) * cell
    cols, rows = round((right - left) / cell), round((top - bottom) / cell)
    if rows * cols > MAX_DENSITY_CELLS:
        raise CalculationError(
            f"a {cell:g} m grid over Fujian needs {rows * cols:,} cells (limit {MAX_DENSITY_CELLS:,})",
            field="cell",
            hint=f"choose a cell of at least {math.ceil(cell * math.sqrt(rows * cols / MAX_DENSITY_CELLS))} m",
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
    minx, miny, maxx, maxy = geom.bounds
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
) -> DensitySurface:
    """Spread each park's ``value`` over its footprint on an equal-area grid.

    Parameters
    ----------
    values : output of :func:`figure_values` / :func:`equal_split_values` (``value`` column, geometry in any
        CRS). Polygons spread by the share of their area in each cell; points (and other geometries, by their
        representative point) by a quartic kernel of ``kernel_radius`` metres, normalised so nothing is lost.
    cell : cell size in metres (Albers); cells are equal in area.
    kernel_radius : kernel radius in metres (see :data:`DEFAULT_KERNEL_RADIUS_M`).

    Returns
    -------
    DensitySurface whose ``check`` compares the grid's sum with the input total.
    """
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
    gdf = values[values.geometry.notna() & ~values.geometry.is_empty]
    dropped = [str(i) for i in values.index.difference(gdf.index)]
    fujian = box(*FUJIAN_BOUNDS)
    inside = gdf.to_crs(STORAGE_CRS).intersects(fujian)
    dropped += [str(i) for i in gdf.index[~inside.to_numpy()]]
    gdf = gdf[inside.to_numpy()]
    if len(gdf) == 0:
        raise GeometryError("no park with a value has a geometry inside Fujian", field="geometry")
    ea = gdf.geometry.to_crs(EQUAL_AREA_CRS)
    polys = ea.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    transform, rows, cols = _grid(ea, float(cell), float(kernel_radius) + 2 * float(cell))
    grid = np.zeros((rows, cols), dtype="float64")
    spread = []
    for (pid, geom), is_poly, value in zip(
        ea.items(), polys, gdf["value"].to_numpy(dtype="float64"), strict=True
    ):
        how = "polygon"
        placed = _polygon_weights(geom, transform, grid.shape) if is_poly else None
        if placed is None:
            how = "kernel" if not is_poly else "polygon→kernel (smaller than the grid resolution)"
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            placed = _kernel_weights(pt.x, pt.y, transform, grid.shape, float(kernel_radius))
        rs, cs, w = placed
        grid[rs, cs] += value * w
        spread.append((pid, how))
    data = grid.astype("float32")
    total_in = float(gdf["value"].sum())
    check = SumCheck(total_input=total_in, total_surface=float(data.sum(dtype="float64")))
    inputs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    inputs["spread_as"] = pd.Series(dict(spread))
    first = gdf.iloc[0]
    years = sorted({str(y) for y in gdf["year"]}) if "year" in gdf else []
    sources = sorted({str(s) for s in gdf["source"] if str(s)}) if "source" in gdf else []
    n_poly = int(polys.sum())
    method = (
        f"each park's value spread over its footprint: {n_poly} polygon(s) by area share per cell "
        f"(8x8 supersampled), {len(gdf) - n_poly} point(s) by a quartic kernel (1-d²/r²)² of radius "
        f"{kernel_radius:g} m normalised to sum 1; grid {cell:g} m in Albers equal-area "
        "(lon_0=118, lat_1=24, lat_2=27.5, GRS80); cell value = value per cell"
    )
    method_zh = (
        f"每个园区的值分布到其范围内：{n_poly} 个面按各像元所占面积比例（8×8 超采样），"
        f"{len(gdf) - n_poly} 个点按半径 {kernel_radius:g} 米的四次核 (1-d²/r²)² 分布（归一化，总量不变）；"
        f"{cell:g} 米像元，Albers 等积投影；像元值 = 该像元分得的值"
    )
    assumption = str(values.attrs.get("assumption", ""))
    if dropped:
        method += f"; left out (no geometry or outside Fujian): {', '.join(dropped)}"
        method_zh += f"；未计入（无位置或不在福建）：{', '.join(dropped)}"
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
        assumption=assumption,
        kernel_radius_m=float(kernel_radius),
        inputs=inputs,
        check=check,
    )


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


def _write_gtiff(surface: DensitySurface, dst_path: str) -> None:
    profile = _gtiff_profile(surface) | {
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "predictor": 3,
        "zlevel": 6,
        "BIGTIFF": "IF_SAFER",
    }
    with (
        rasterio.Env(COMPRESS_OVERVIEW="DEFLATE", PREDICTOR_OVERVIEW="3", GDAL_TIFF_OVR_BLOCKSIZE="256"),
        rasterio.open(dst_path, "w", **profile) as dst,
    ):
        dst.write(surface.data.astype("float32"), 1)
        dst.set_band_description(1, surface.description)
        dst.update_tags(**surface.tags())
        dst.update_tags(1, UNITS=surface.units_per_cell, FIGURE=surface.figure)
        dst.units = (surface.units_per_cell,)
        factors = [f for f in OVERVIEW_FACTORS if min(surface.data.shape) // f >= 1]
        if factors:
            dst.build_overviews(factors, Resampling.average)
            dst.update_tags(ns="rio_overview", resampling="average")


def write_geotiff(surface: DensitySurface, path: str | os.PathLike) -> Path:
    """Write ``surface`` as a GeoTIFF (tiled 256², deflate + floating-point predictor, overviews, nodata,
    band description, metadata). Written to a temporary file first, then moved into place."""
    path = Path(path)
    if not path.parent.exists():
        raise FileFormatError(f"folder {path.parent} does not exist", file=str(path), hint="create it first")
    with atomic_path(path, create_parent=False) as tmp:
        _write_gtiff(surface, tmp)
    return path


def geotiff_bytes(surface: DensitySurface) -> bytes:
    """The GeoTIFF of :func:`write_geotiff` as bytes (for downloads), built without leaving files behind."""
    with tempfile.TemporaryDirectory(prefix="fpa-raster-") as tmp:
        out = Path(tmp) / "density.tif"
        _write_gtiff(surface, str(out))
        return out.read_bytes()


# ----------------------------------------------------------------------------------------------- reading
def _name(source: RasterSource, name: str | None) -> str:
    if name:
        return name
    return "uploaded raster" if isinstance(source, bytes | bytearray) else str(source)


@contextlib.contextmanager
def open_raster(source: RasterSource, *, name: str | None = None) -> Iterator[DatasetReader]:
    """Open a raster from a path or bytes and check it is usable (georeferenced, readable, not huge).

    Raises
    ------
    FileFormatError : not a raster GDAL reads, or corrupt (a block cannot be read).
    CRSError : the raster has no coordinate reference system.
    FileTooLargeError : more than :data:`MAX_RASTER_PIXELS` pixels or more bytes than allowed.
    """
    label = _name(source, name)
    with contextlib.ExitStack() as stack:
        if isinstance(source, bytes | bytearray):
            if len(source) == 0:
                raise FileFormatError("the file is empty", file=label, hint="upload a GeoTIFF (.tif)")
            if len(source) > MAX_UPLOAD_BYTES:
                raise FileTooLargeError(
                    f"the file is {len(source) / 2**20:.0f} MB (limit {MAX_UPLOAD_BYTES / 2**20:.0f} MB)",
                    file=label,
                    hint="clip the raster to Fujian or coarsen it, or use the command line on a file path",
                )
            mem = stack.enter_context(MemoryFile(bytes(source)))
            opener = mem.open
        else:
            path = Path(source)
            if not path.is_file():
                raise FileFormatError("no such file", file=label, hint="check the path")
            if path.stat().st_size > MAX_RASTER_FILE_BYTES:
                raise FileTooLargeError(
                    f"the file is {path.stat().st_size / 2**30:.1f} GB (limit {MAX_RASTER_FILE_BYTES / 2**30:.0f} GB)",
                    file=label,
                    hint="clip the raster to the area you need first",
                )

            def opener() -> DatasetReader:
                return rasterio.open(path)

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotGeoreferencedWarning)
                ds = stack.enter_context(opener())
        except RasterioIOError as exc:
            raise FileFormatError(
                f"not a raster GDAL can read ({_short(exc)})",
                file=label,
                hint="upload a GeoTIFF (.tif); vector files go to the data import page",
            ) from exc
        if ds.count < 1:
            raise FileFormatError("the raster has no bands", file=label, hint="export at least one band")
        if ds.width * ds.height > MAX_RASTER_PIXELS:
            raise FileTooLargeError(
                f"the raster has {ds.width:,} × {ds.height:,} pixels (limit {MAX_RASTER_PIXELS:,})",
                file=label,
                hint="clip it to Fujian or resample it to a coarser cell size (e.g. gdalwarp -tr)",
            )
        if ds.transform == Affine.identity() and ds.gcps[0]:
            raise FileFormatError(
                "the raster is georeferenced by ground control points only",
                file=label,
                hint="warp it to a grid first (gdalwarp -t_srs EPSG:4549 in.tif out.tif)",
            )
        if ds.crs is None or not ds.crs.to_wkt():
            raise CRSError(
                "the raster has no coordinate reference system",
                file=label,
                hint="assign one in your GIS (e.g. gdal_edit.py -a_srs EPSG:4549) and export again",
            )
        if ds.transform == Affine.identity():
            raise CRSError(
                "the raster has no georeferencing (pixel grid only)",
                file=label,
                hint="export it as a GeoTIFF with its geotransform",
            )
        _probe(ds, label)
        yield ds


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _probe(ds: DatasetReader, label: str) -> None:
    """Read the first and last block of band 1 to catch truncated or corrupt files early."""
    try:
        bh, bw = ds.block_shapes[0]
        ds.read(1, window=Window(0, 0, min(bw, ds.width), min(bh, ds.height)))
        last_col = max(ds.width - min(bw, ds.width), 0)
        last_row = max(ds.height - min(bh, ds.height), 0)
        ds.read(1, window=Window(last_col, last_row, ds.width - last_col, ds.height - last_row))
    except (RasterioError, RasterioIOError, ValueError) as exc:
        raise FileFormatError(
            f"the raster is corrupt or truncated ({_short(exc)})",
            file=label,
            hint="export it again from your GIS and upload the complete file",
        ) from exc


def _read(ds: Any, band: int, *, name: str | None = None, **kwargs: Any) -> np.ma.MaskedArray:
    """``ds.read(band, masked=True, …)`` with read failures (a corrupt block) as :class:`FileFormatError`."""
    try:
        return ds.read(band, masked=True, **kwargs)
    except (RasterioError, RasterioIOError) as exc:
        raise FileFormatError(
            f"part of the raster cannot be read ({_short(exc)})",
            file=name or ds.name,
            hint="the file is corrupt: export it again from your GIS",
        ) from exc


def colour_table(ds: DatasetReader, band: int = 1) -> dict[int, tuple[int, int, int, int]] | None:
    """The band's colour table (value → RGBA), or ``None`` when it has none."""
    try:
        cmap = ds.colormap(band)
    except ValueError:
        return None
    return {int(k): tuple(int(c) for c in v) for k, v in cmap.items()} if cmap else None


def is_categorical(ds: DatasetReader, band: int = 1) -> bool:
    """Guess: a band is categorical when it has a colour table (palette), as land-use rasters do."""
    return colour_table(ds, band) is not None


def raster_info(source: RasterSource, *, name: str | None = None) -> dict[str, Any]:
    """Describe a raster (after the checks of :func:`open_raster`), JSON-ready."""
    with open_raster(source, name=name) as ds:
        lonlat = _lonlat_bounds(ds)
        crs = ds.crs
        epsg = crs.to_epsg()
        return {
            "name": _name(source, name),
            "driver": ds.driver,
            "width": ds.width,
            "height": ds.height,
            "count": ds.count,
            "dtype": ds.dtypes[0],
            "nodata": ds.nodata,
            "crs": f"EPSG:{epsg}" if epsg else crs.to_string(),
            "crs_name": CRS.from_user_input(crs).name,
            "bounds": list(ds.bounds),
            "bounds_lonlat": list(lonlat),
            "res": list(ds.res),
            "categorical": is_categorical(ds),
            "has_colour_table": colour_table(ds) is not None,
            "descriptions": list(ds.descriptions),
            "tags": ds.tags(),
            "overviews": ds.overviews(1),
            "block_shape": list(ds.block_shapes[0]),
        }


def _footprint(ds: DatasetReader) -> shapely.Polygon:
    """The raster's outline in its own CRS (from the four pixel-grid corners, densified)."""
    t, w, h = ds.transform, ds.width, ds.height
    ring = [t @ (0, 0), t @ (w, 0), t @ (w, h), t @ (0, h)]
    poly = shapely.Polygon(ring)
    return shapely.segmentize(poly, max(poly.length / 400, 1e-9))


def _lonlat_bounds(ds: DatasetReader) -> tuple[float, float, float, float]:
    foot = gpd.GeoSeries([_footprint(ds)], crs=ds.crs).to_crs(STORAGE_CRS)
    return tuple(float(v) for v in foot.total_bounds)  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------- zonal
@dataclass
class ZonalResult:
    """Zonal statistics per park: ``table`` indexed by park id; class colours/labels when categorical."""

    table: pd.DataFrame
    categorical: bool
    classes: dict[int, dict[str, Any]]
    raster: dict[str, Any]
    point_mode: str
    point_buffer_m: float

    def to_csv_bytes(self) -> bytes:
        """CSV with a UTF-8 byte-order mark (Excel opens the Chinese names correctly)."""
        return table_bytes(self.table, "csv", index=True)


STATUS_TEXT = {
    "inside": ("园区全部位于栅格内", "park entirely inside the raster"),
    "partial": (
        "园区部分位于栅格内，仅统计覆盖部分",
        "park partly inside the raster; only the covered part is counted",
    ),
    "outside": ("园区不在栅格范围内", "park outside the raster"),
    "no_data": ("园区范围内全为无数据像元", "only nodata cells inside the park"),
    "no_geometry": ("园区没有位置", "park has no geometry"),
}


def zonal_stats(
    source: RasterSource,
    parks: gpd.GeoDataFrame,
    *,
    band: int = 1,
    categorical: bool | None = None,
    point_mode: str = "buffer",
    point_buffer_m: float = POINT_BUFFER_M,
    class_labels: Mapping[int, str] | None = None,
    name: str | None = None,
) -> ZonalResult:
    """Zonal statistics of one band for every park, reading one window per park.

    Parameters
    ----------
    source : raster path or bytes (any CRS).
    parks : parks GeoDataFrame (any CRS; polygons, or points).
    categorical : ``None`` = categorical when the band has a colour table, else continuous.
    point_mode : ``"buffer"`` — a point park's zone is a disc of ``point_buffer_m`` metres (drawn in the
        equal-area CRS); ``"cell"`` — the value of the cell under the point.
    class_labels : optional names of class values (categorical).

    Returns
    -------
    ZonalResult whose ``table`` has ``name_zh, name_en, status, note_zh, note_en, covered_fraction,
    cells`` (cells whose centre is in the covered zone), ``count`` (valid cells), ``nodata_cells`` and, for
    continuous rasters, ``mean, min, max, sum``; for categorical rasters ``majority`` and one ``share_<value>``
    column per class (share of valid cells, 0–1).
    """
    if point_mode not in ("buffer", "cell"):
        raise DataValidationError(
            f"point_mode must be 'buffer' or 'cell', got {point_mode!r}", field="point_mode"
        )
    if parks.crs is None:
        raise CRSError("the parks have no CRS", field="geometry", hint="parks are EPSG:4326 lon/lat")
    with open_raster(source, name=name) as ds:
        if not 1 <= band <= ds.count:
            raise DataValidationError(f"band {band} does not exist (the raster has {ds.count})", field="band")
        cmap = colour_table(ds, band)
        cat = cmap is not None if categorical is None else bool(categorical)
        info = {
            "name": _name(source, name),
            "crs": ds.crs.to_string(),
            "width": ds.width,
            "height": ds.height,
            "res": list(ds.res),
            "nodata": ds.nodata,
            "bounds_lonlat": list(_lonlat_bounds(ds)),
        }
        foot_ea = gpd.GeoSeries([_footprint(ds)], crs=ds.crs).to_crs(EQUAL_AREA_CRS).iloc[0]
        zones_ea = parks.geometry.to_crs(EQUAL_AREA_CRS)
        to_src = Transformer.from_crs(CRS.from_user_input(EQUAL_AREA_CRS), ds.crs, always_xy=True)
        rows: list[dict[str, Any]] = []
        class_counts: dict[int, int] = {}
        for pid, geom in zones_ea.items():
            row: dict[str, Any] = {"id": pid}
            for col in ("name_zh", "name_en"):
                row[col] = parks.at[pid, col] if col in parks.columns else ""
            if geom is None or geom.is_empty:
                rows.append(row | _status("no_geometry"))
                continue
            is_point = geom.geom_type in ("Point", "MultiPoint")
            if is_point and point_mode == "cell":
                rows.append(
                    row
                    | _cell_value(ds, band, shapely.transform(geom.centroid, _xy(to_src)), cat, class_counts)
                )
                continue
            zone = geom.buffer(point_buffer_m, quad_segs=16) if is_point else geom
            covered = zone.intersection(foot_ea) if zone.intersects(foot_ea) else None
            if covered is None or covered.is_empty or zone.area <= 0:
                rows.append(row | _status("outside") | {"covered_fraction": 0.0})
                continue
            frac = min(covered.area / zone.area, 1.0)
            zone_src = shapely.transform(shapely.segmentize(zone, 50.0), _xy(to_src))
            found = _zone_values(ds, band, zone_src)
            row |= {"covered_fraction": round(frac, 6)}
            if found is None:
                rows.append(row | _status("outside") | {"covered_fraction": 0.0})
                continue
            row |= _summarise(found[0], found[1], cat, class_counts)
            status = "no_data" if row["count"] == 0 else ("inside" if frac >= 0.9995 else "partial")
            rows.append(row | _status(status))
    table = pd.DataFrame(rows).set_index("id")
    classes: dict[int, dict[str, Any]] = {}
    if cat:
        # classes seen in some park, plus any the caller named (a colour table lists all 256 byte values)
        values = sorted(set(class_counts) | {int(v) for v in (class_labels or {})})
        for v in values:
            label = (class_labels or {}).get(v, f"class {v}")
            colour = cmap.get(v) if cmap else None
            classes[v] = {"label": label, "color": colour, "cells": class_counts.get(v, 0)}
            col = f"share_{v}"
            if col not in table.columns:
                table[col] = np.nan
            table[col] = table[col].where(table["status"].isin(["inside", "partial"]) | table[col].notna())
        share_cols = [f"share_{v}" for v in values]
        ok = table["status"].isin(["inside", "partial"])
        table.loc[ok, share_cols] = table.loc[ok, share_cols].fillna(0.0)
        base = [c for c in table.columns if not c.startswith("share_")]
        table = table[base + share_cols]
    else:
        for col in ("mean", "min", "max", "sum"):
            if col not in table.columns:
                table[col] = np.nan
    for col in ("covered_fraction", "cells", "count", "nodata_cells"):
        if col not in table.columns:
            table[col] = np.nan
    return ZonalResult(
        table=table,
        categorical=cat,
        classes=classes,
        raster=info,
        point_mode=point_mode,
        point_buffer_m=float(point_buffer_m),
    )


def _xy(transformer: Transformer):
    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return fn


def _status(code: str) -> dict[str, Any]:
    zh, en = STATUS_TEXT[code]
    return {"status": code, "note_zh": zh, "note_en": en}


def _zone_values(ds: DatasetReader, band: int, zone: shapely.Geometry) -> tuple[np.ndarray, int] | None:
    """Valid values of cells whose centre lies in ``zone`` (raster CRS) and the number of such cells.

    One windowed read; ``None`` when no cell is in the zone.
    """
    minx, miny, maxx, maxy = zone.bounds
    win = window_from_bounds(minx, miny, maxx, maxy, transform=ds.transform)
    win = win.round_offsets(op="floor").round_lengths(op="ceil")
    col_off, row_off = max(int(win.col_off) - 1, 0), max(int(win.row_off) - 1, 0)
    col_end = min(int(win.col_off + win.width) + 1, ds.width)
    row_end = min(int(win.row_off + win.height) + 1, ds.height)
    if col_end <= col_off or row_end <= row_off:
        return None
    win = Window(col_off, row_off, col_end - col_off, row_end - row_off)
    wt = ds.window_transform(win)
    shape = (int(win.height), int(win.width))
    inside = rasterize([(zone, 1)], out_shape=shape, transform=wt, fill=0, dtype="uint8").astype(bool)
    if not inside.any():  # zone smaller than a cell: take the cells it touches
        inside = rasterize(
            [(zone, 1)], out_shape=shape, transform=wt, fill=0, dtype="uint8", all_touched=True
        ).astype(bool)
        if not inside.any():
            return None
    data = _read(ds, band, window=win)
    mask = np.ma.getmaskarray(data)
    valid = inside & ~mask
    if np.issubdtype(data.dtype, np.floating):
        valid &= np.isfinite(data.filled(0))
    return np.asarray(data.data[valid]), int(inside.sum())


def _summarise(vals: np.ndarray, cells: int, cat: bool, class_counts: dict[int, int]) -> dict[str, Any]:
    row: dict[str, Any] = {"cells": cells, "count": int(vals.size), "nodata_cells": cells - int(vals.size)}
    if cat:
        if vals.size:
            classes, counts = np.unique(vals.astype("int64"), return_counts=True)
            for c, n in zip(classes.tolist(), counts.tolist(), strict=True):
                row[f"share_{c}"] = n / vals.size
                class_counts[c] = class_counts.get(c, 0) + n
            row["majority"] = int(classes[np.argmax(counts)])
        else:
            row["majority"] = None
    elif vals.size:
        v = vals.astype("float64")
        row |= {"mean": float(v.mean()), "min": float(v.min()), "max": float(v.max()), "sum": float(v.sum())}
    return row


def _cell_value(
    ds: DatasetReader, band: int, point: shapely.Point, cat: bool, class_counts: dict[int, int]
) -> dict[str, Any]:
    r, c = ds.index(point.x, point.y)
    if not (0 <= r < ds.height and 0 <= c < ds.width):
        return _status("outside") | {"covered_fraction": 0.0}
    data = _read(ds, band, window=Window(c, r, 1, 1))
    vals = np.asarray(data.compressed())
    row = {"covered_fraction": 1.0} | _summarise(vals, 1, cat, class_counts)
    return row | _status("no_data" if row["count"] == 0 else "inside")


# ----------------------------------------------------------------------------------------------- display
@dataclass
class DisplayRaster:
    """A raster warped to Web Mercator for an image overlay.

    ``data`` is a masked array (rows × cols) on an EPSG:3857 grid whose outer edges are ``bounds_3857``;
    ``bounds_lonlat`` = (west, south, east, north) of the same edges, what Leaflet's ImageOverlay needs.
    """

    data: np.ma.MaskedArray
    bounds_3857: tuple[float, float, float, float]
    bounds_lonlat: tuple[float, float, float, float]
    categorical: bool
    colour_table: dict[int, tuple[int, int, int, int]] | None
    description: str
    units: str
    source_crs: str


def warp_for_display(
    source: RasterSource | DensitySurface,
    *,
    band: int = 1,
    categorical: bool | None = None,
    max_size: int = DISPLAY_MAX_PX,
    name: str | None = None,
) -> DisplayRaster:
    """Warp a raster (or a :class:`DensitySurface`) to EPSG:3857 at most ``max_size`` pixels on a side.

    Continuous rasters are resampled by average (bilinear when enlarging), categorical ones by nearest
    neighbour (classes never blend). GDAL warps chunk by chunk, so large rasters are not read whole.
    """
    if isinstance(source, DensitySurface):
        with source.open() as ds:
            out = _warp(ds, band, False if categorical is None else categorical, max_size)
        out.description = source.description
        out.units = source.units_per_cell
        return out
    with open_raster(source, name=name) as ds:
        if not 1 <= band <= ds.count:
            raise DataValidationError(f"band {band} does not exist (the raster has {ds.count})", field="band")
        return _warp(ds, band, is_categorical(ds, band) if categorical is None else categorical, max_size)


#: Web Mercator's latitude limit (what Leaflet draws).
MERCATOR_MAX_LAT = 85.05112878


def _warp(ds: DatasetReader, band: int, cat: bool, max_size: int) -> DisplayRaster:
    west, south, east, north = _lonlat_bounds(ds)
    south, north = max(south, -MERCATOR_MAX_LAT), min(north, MERCATOR_MAX_LAT)
    if not (all(map(math.isfinite, (west, south, east, north))) and west < east and south < north):
        raise CRSError(
            "the raster cannot be placed on a Web Mercator map (its extent is beyond ±85° latitude)",
            hint="clip it to Fujian first",
        )
    to_m = Transformer.from_crs(STORAGE_CRS, WEB_MERCATOR, always_xy=True)
    left, bottom = to_m.transform(west, south)
    right, top = to_m.transform(east, north)
    try:  # the raster's own resolution, expressed in Web Mercator metres
        natural_t, _w, _h = calculate_default_transform(ds.crs, WEB_MERCATOR, ds.width, ds.height, *ds.bounds)
        res = abs(natural_t.a)
    except Exception:  # noqa: BLE001 - PROJ could not estimate it; fall back to the screen size
        res = 0.0
    # never coarser than the source's pixel count implies (calculate_default_transform overshoots near the poles)
    by_count = math.sqrt((right - left) * (top - bottom) / (ds.width * ds.height))
    res = min(res, by_count) if math.isfinite(res) and res > 0 else by_count
    w, h = max(1, math.ceil((right - left) / res)), max(1, math.ceil((top - bottom) / res))
    shrinking = max(w, h) > max_size
    if shrinking:
        scale = max(w, h) / max_size
        w, h = max(1, math.ceil(w / scale)), max(1, math.ceil(h / scale))
    dst_t = Affine((right - left) / w, 0, left, 0, -(top - bottom) / h, top)
    resampling = Resampling.nearest if cat else (Resampling.average if shrinking else Resampling.bilinear)
    vrt_kw: dict[str, Any] = {
        "crs": WEB_MERCATOR,
        "transform": dst_t,
        "width": w,
        "height": h,
        "resampling": resampling,
    }
    if ds.nodata is None:
        vrt_kw["add_alpha"] = True
    with WarpedVRT(ds, **vrt_kw) as vrt:
        data = _read(vrt, band, name=ds.name)
    desc = ds.descriptions[band - 1] or ""
    units = (
        (ds.units[band - 1] if ds.units else "")
        or ds.tags(band).get("UNITS", "")
        or ds.tags().get("UNITS", "")
    )
    epsg = ds.crs.to_epsg()
    return DisplayRaster(
        data=data,
        bounds_3857=(left, bottom, right, top),
        bounds_lonlat=(west, south, east, north),
        categorical=cat,
        colour_table=colour_table(ds, band),
        description=desc,
        units=units,
        source_crs=f"EPSG:{epsg}" if epsg else CRS.from_user_input(ds.crs).name,
    )


def parse_class_labels(text: str) -> dict[int, str]:
    """Parse class names typed as ``value=name`` (one per line, or separated by ``;`` / ``；``).

    >>> parse_class_labels("1=建设用地; 2=耕地")
    {1: '建设用地', 2: '耕地'}
    """
    labels: dict[int, str] = {}
    for n, part in enumerate(text.replace("；", ";").replace("\n", ";").split(";"), start=1):
        part = part.strip()
        if not part:
            continue
        key, sep, name = part.replace("＝", "=").partition("=")
        try:
            value = int(key.strip())
        except ValueError:
            value = None
        if not sep or value is None or not name.strip():
            raise DataValidationError(
                f"class name entry {n} ({part!r}) is not 'value=name'",
                field="class_labels",
                hint="write e.g. 1=建设用地 Built-up; 2=耕地 Cropland",
            )
        labels[value] = name.strip()
    return labels
