"""Zonal statistics per park, read one park window at a time (never the whole raster)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from rasterio.features import rasterize
from rasterio.io import DatasetReader
from rasterio.windows import Window
from rasterio.windows import from_bounds as window_from_bounds

from gis.errors import (
    CRSError,
    DataValidationError,
)
from gis.raster.budget import check_read
from gis.raster.config import POINT_BUFFER_M, RasterSource
from gis.raster.read import (
    _footprint,
    _lonlat_bounds,
    _name,
    _read,
    category_names,
    colour_table,
    is_categorical,
    open_raster,
)
from gis.raster.zonal_export import zonal_bytes
from gis.settings import EQUAL_AREA_CRS
from gis.vocab import ZONAL_STATUS


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

    def to_csv_bytes(self, lang: str = "zh") -> bytes:
        """CSV with a UTF-8 byte-order mark, headed in ``lang`` (:mod:`gis.raster.zonal_export`)."""
        return zonal_bytes(self, "csv", lang)

    def to_xlsx_bytes(self, lang: str = "zh") -> bytes:
        """XLSX headed in ``lang``, shares with a percent format, and a ``columns`` sheet of machine keys."""
        return zonal_bytes(self, "xlsx", lang)


#: A park's coverage by the raster (labels in gis.vocab).
STATUS_TEXT = ZONAL_STATUS


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
    categorical : the user's choice; ``None`` = as the raster says (:func:`gis.raster.read.is_categorical`,
        the rule the map display and print use too).
    point_mode : ``"buffer"`` — a point park's zone is a disc of ``point_buffer_m`` metres (drawn in the
        equal-area CRS); ``"cell"`` — the value of the cell under the point.
    class_labels : optional names of class values (categorical); they override the raster's own category
        names.

    Returns
    -------
    ZonalResult whose ``table`` has ``name_zh, name_en, status, note_zh, note_en, covered_fraction,
    cells`` (cells whose centre is in the covered zone), ``count`` (valid cells), ``nodata_cells`` and,
    for continuous rasters, ``mean, min, max, sum``; for categorical rasters ``majority`` and one
    ``share_<value>`` column per class (share of valid cells, 0–1).
    """
    if point_mode not in ("buffer", "cell"):
        raise DataValidationError(
            f"point_mode must be 'buffer' or 'cell', got {point_mode!r}",
            field="point_mode",
            hint="choose buffer or cell",
            message_zh=f"点位统计方式只能是 buffer 或 cell（收到 {point_mode!r}）",
            hint_zh="请选择 buffer（缓冲区）或 cell（所在像元）",
        )
    if parks.crs is None:
        raise CRSError(
            "the parks have no CRS",
            field="geometry",
            hint="parks are EPSG:4326 lon/lat",
            message_zh="园区数据没有坐标系",
            hint_zh="园区应为 EPSG:4326 经纬度",
        )
    with open_raster(source, name=name) as ds:
        if not 1 <= band <= ds.count:
            raise DataValidationError(
                f"band {band} does not exist (the raster has {ds.count})",
                field="band",
                hint=f"choose a band from 1 to {ds.count}",
                message_zh=f"波段 {band} 不存在（该栅格共有 {ds.count} 个波段）",
                hint_zh=f"请选择 1 到 {ds.count} 之间的波段",
            )
        cmap = colour_table(ds, band)
        cat = is_categorical(ds, band, override=categorical)
        own_names = category_names(ds, band) if cat else {}
        info = _raster_summary(ds, _name(source, name))
        class_counts: dict[int, int] = {}
        zone = _ZoneReader(ds, band, cat, point_mode, float(point_buffer_m), class_counts)
        zone.label = info["name"]
        rows = [zone.row(pid, geom, parks) for pid, geom in parks.geometry.to_crs(EQUAL_AREA_CRS).items()]
    table = pd.DataFrame(rows).set_index("id")
    classes: dict[int, dict[str, Any]] = {}
    if cat:
        names = {**{v: n for v, n in own_names.items() if v in class_counts}, **(class_labels or {})}
        table, classes = _class_table(table, class_counts, names, cmap)
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


def _raster_summary(ds: DatasetReader, name: str) -> dict[str, Any]:
    """What the zonal result says about the raster it read."""
    return {
        "name": name,
        "crs": ds.crs.to_string(),
        "width": ds.width,
        "height": ds.height,
        "res": list(ds.res),
        "nodata": ds.nodata,
        "bounds_lonlat": list(_lonlat_bounds(ds)),
    }


class _ZoneReader:
    """Reads one park's zone (equal-area geometry) from an open raster; counts classes seen."""

    def __init__(
        self,
        ds: DatasetReader,
        band: int,
        cat: bool,
        point_mode: str,
        point_buffer_m: float,
        class_counts: dict[int, int],
    ) -> None:
        self.ds, self.band, self.cat = ds, band, cat
        self.point_mode, self.point_buffer_m = point_mode, point_buffer_m
        self.class_counts = class_counts
        self.label = ""  # the file as the user named it, for messages
        self.foot_ea = gpd.GeoSeries([_footprint(ds)], crs=ds.crs).to_crs(EQUAL_AREA_CRS).iloc[0]
        self.to_src = Transformer.from_crs(CRS.from_user_input(EQUAL_AREA_CRS), ds.crs, always_xy=True)

    def row(self, pid: Any, geom: Any, parks: gpd.GeoDataFrame) -> dict[str, Any]:
        """The park's row: names, status, covered fraction and the statistics."""
        row: dict[str, Any] = {"id": pid}
        for col in ("name_zh", "name_en"):
            row[col] = parks.at[pid, col] if col in parks.columns else ""
        if geom is None or geom.is_empty:
            return row | _status("no_geometry")
        is_point = geom.geom_type in ("Point", "MultiPoint")
        if is_point and self.point_mode == "cell":
            point = shapely.transform(geom.centroid, _xy(self.to_src))
            return row | _cell_value(self.ds, self.band, point, self.cat, self.class_counts)
        zone = geom.buffer(self.point_buffer_m, quad_segs=16) if is_point else geom
        covered = zone.intersection(self.foot_ea) if zone.intersects(self.foot_ea) else None
        if covered is None or covered.is_empty or zone.area <= 0:
            return row | _status("outside") | {"covered_fraction": 0.0}
        frac = min(covered.area / zone.area, 1.0)
        zone_src = shapely.transform(shapely.segmentize(zone, 50.0), _xy(self.to_src))
        found = _zone_values(self.ds, self.band, zone_src, self.label)
        row |= {"covered_fraction": round(frac, 6)}
        if found is None:
            return row | _status("outside") | {"covered_fraction": 0.0}
        row |= _summarise(found[0], found[1], self.cat, self.class_counts)
        status = "no_data" if row["count"] == 0 else ("inside" if frac >= 0.9995 else "partial")
        return row | _status(status)


def _class_table(
    table: pd.DataFrame,
    class_counts: dict[int, int],
    class_labels: Mapping[int, str] | None,
    cmap: dict[int, tuple[int, int, int, int]] | None,
) -> tuple[pd.DataFrame, dict[int, dict[str, Any]]]:
    """One ``share_<value>`` column per class and the class legend (label, colour, cells)."""
    classes: dict[int, dict[str, Any]] = {}
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
    return table[base + share_cols], classes


def _xy(transformer: Transformer):
    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return fn


def _status(code: str) -> dict[str, Any]:
    zh, en = STATUS_TEXT[code]
    return {"status": code, "note_zh": zh, "note_en": en}


def _zone_values(
    ds: DatasetReader, band: int, zone: shapely.Geometry, label: str = ""
) -> tuple[np.ndarray, int] | None:
    """Valid values of cells whose centre lies in ``zone`` (raster CRS) and the number of such cells.

    One windowed read; ``None`` when no cell is in the zone.
    """
    minx, miny, maxx, maxy = shapely.bounds(zone)
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
    check_read(ds, band, shape, label, extra=3)  # before the zone's masks are rasterised
    inside = rasterize([(zone, 1)], out_shape=shape, transform=wt, fill=0, dtype="uint8").astype(bool)
    if not inside.any():  # zone smaller than a cell: take the cells it touches
        inside = rasterize(
            [(zone, 1)], out_shape=shape, transform=wt, fill=0, dtype="uint8", all_touched=True
        ).astype(bool)
        if not inside.any():
            return None
    data = _read(ds, band, window=win, name=label or None)
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
                hint="write e.g. 1=Built-up; 2=Cropland",
                message_zh=f"第 {n} 个类别名称（{part!r}）不是“数值=名称”的形式",
                hint_zh="例如写成 1=建设用地；2=耕地",
            )
        labels[value] = name.strip()
    return labels
