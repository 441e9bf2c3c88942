"""Raster services behind the command line and the rasters page: parks used, density GeoTIFF, summaries.

Nothing here needs the plan: the plan-based petrochemical split lives in :mod:`clusters.raster_inputs`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gis.errors import AtlasError, DataValidationError, FileFormatError
from gis.fileio import write_atomic
from gis.jobs import Progress
from gis.parks import load_parks, parks_in_force
from gis.raster.config import PETROCHEM_SPLIT_FIGURE
from gis.raster.density import DensitySurface, density_surface
from gis.raster.figures import available_figures, figure_values
from gis.raster.geotiff import write_geotiff
from gis.raster.zonal import ZonalResult
from gis.settings import user_store_path

#: ``values(parks, figure, year)`` → one value per park (:func:`gis.raster.figure_values` or a plan split).
ValuesFor = Callable[[gpd.GeoDataFrame, str, str | None], gpd.GeoDataFrame]
_EMPTY_CHOICES = ["label_zh", "label_en", "unit", "years", "n_parks"]


def load_parks_for_rasters(with_store: bool = True) -> gpd.GeoDataFrame:
    """Parks for rasters: the parks in force (:func:`gis.parks.parks_in_force`) with ``with_store``,
    else the shipped parks. The store is only read when its file exists (the shipped frame as is then)."""
    if not with_store or not user_store_path().is_file():
        return load_parks()
    return parks_in_force()


def park_figure_choices(parks: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Park figures offered for density surfaces (:func:`available_figures`); empty when parks fail to
    load."""
    try:
        return available_figures(load_parks_for_rasters(False) if parks is None else parks)
    except (AtlasError, OSError):
        return pd.DataFrame(columns=_EMPTY_CHOICES)


def park_figure_values(parks: gpd.GeoDataFrame, figure: str, year: str | None) -> gpd.GeoDataFrame:
    """:func:`figure_values` for a figure the parks carry; the plan split is refused with where to find it."""
    if figure == PETROCHEM_SPLIT_FIGURE:
        raise DataValidationError(
            f"'{figure}' shares out a plan target, which needs the plan data",
            field="figure",
            hint=f"run `python -m clusters density --figure {figure} …`",
            message_zh=f"“{figure}”是把规划目标分配到园区，需要规划数据",
            hint_zh=f"请运行 `python -m clusters density --figure {figure} …`",
        )
    return figure_values(parks, figure, year)


def check_figure(figure: str, choices: pd.DataFrame) -> None:
    """Raise a one-line error naming the choices when ``figure`` is not one of them."""
    if figure not in choices.index:
        names = ", ".join(map(str, choices.index))
        raise DataValidationError(
            f"unknown figure '{figure}'",
            field="figure",
            hint=f"choose one of: {names} (see --help)",
            message_zh=f"未知指标“{figure}”",
            hint_zh=f"可选：{names}（见 --help）",
        )


def density_geotiff(
    values: gpd.GeoDataFrame,
    out: str | Path,
    *,
    cell: float,
    kernel_radius: float,
    figure: str,
    progress: Progress | None = None,
) -> tuple[DensitySurface, Path]:
    """Build the density surface of ``values`` and write it as a GeoTIFF at ``out`` (``progress``: see
    :func:`density_surface`)."""
    surface = density_surface(
        values, cell=cell, kernel_radius=kernel_radius, figure=figure, progress=progress
    )
    try:
        path = write_geotiff(surface, out)
    except OSError as exc:
        raise FileFormatError(
            f"could not write the GeoTIFF ({exc.strerror or exc})",
            file=str(out),
            hint="choose a writable folder",
            message_zh=f"无法写入 GeoTIFF（{exc.strerror or exc}）",
            hint_zh="换一个可写的文件夹",
        ) from exc
    return surface, path


def density_summary(surface: DensitySurface, path: Path) -> dict[str, Any]:
    """JSON-ready summary of a written density GeoTIFF."""
    return {
        "out": str(path),
        "figure": surface.figure,
        "year": surface.year,
        "unit": surface.unit,
        "cell_m": surface.cell_m,
        "rows": int(surface.data.shape[0]),
        "cols": int(surface.data.shape[1]),
        "parks": len(surface.inputs),
        "kernel_radius_m": surface.kernel_radius_m,
        "assumption": surface.assumption or None,
        "sum_check": surface.check.to_dict(),
    }


def write_zonal_csv(result: ZonalResult, out: str | Path, lang: str = "zh") -> Path:
    """Write the zonal table as CSV (UTF-8 with BOM) or, for ``.xlsx``, a workbook, headed in ``lang``."""
    dest = Path(out)
    data = result.to_xlsx_bytes(lang) if dest.suffix.lower() == ".xlsx" else result.to_csv_bytes(lang)
    return write_atomic(dest, data, what="the CSV", what_zh=" CSV")


def zonal_document(result: ZonalResult) -> dict[str, Any]:
    """JSON-ready zonal result: the raster, the classes and one record per park."""
    return {
        "raster": result.raster,
        "categorical": result.categorical,
        "point_mode": result.point_mode,
        "point_buffer_m": result.point_buffer_m,
        "classes": {str(k): v for k, v in result.classes.items()},
        "parks": json.loads(result.table.reset_index().to_json(orient="records", force_ascii=False)),
    }
