"""Reading firm tables: CSV / XLSX / Parquet or a point vector file, and the validated-firms container."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from clusters.parkshare.rules import VECTOR_SUFFIXES
from gis.errors import CRSError, FileFormatError
from gis.io.budget import check_gpkg, check_gpkg_bytes
from gis.settings import MAX_UPLOAD_BYTES
from gis.tabular import COLUMN_ALIASES, TABLE_SUFFIXES, find_column, parse_numbers, read_table
from gis.text import Pair


def read_firms(
    source: str | Path | bytes | io.IOBase,
    *,
    name: str | None = None,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """Read a firm table: CSV / XLSX / Parquet (via :func:`gis.tabular.read_table`) or a point vector file.

    Vector files (GeoPackage, GeoJSON, …) are reprojected to lon/lat (EPSG:4326) and get ``lon`` / ``lat``
    columns from their point geometry. ``attrs["row_offset"]`` is the number added to a 0-based record index
    to give the row number shown to users: 2 for CSV/XLSX (the header is row 1, as in Excel), 1 for
    Parquet and vector files (record number). ``max_bytes=None`` (the command line): a CSV or Parquet path
    larger than the upload limit is read from disk (see :func:`gis.tabular.read_table`).
    """
    fname = str(
        name or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "upload"))
    )
    suffix = Path(fname).suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        df = _read_vector_firms(source, fname)
        df.attrs["row_offset"] = 1
        return df
    if suffix not in TABLE_SUFFIXES:
        raise FileFormatError(
            f"unsupported firm file type '{suffix}'",
            file=Path(fname).name,
            hint="use CSV, XLSX, Parquet or GeoPackage",
            message_zh=f"不支持的企业文件类型“{suffix}”",
            hint_zh="请使用 CSV、XLSX、Parquet 或 GeoPackage",
        )
    df = read_table(source, name=name, max_bytes=max_bytes)
    df.attrs["row_offset"] = 1 if suffix == ".parquet" else 2
    return df


#: Most firms a GeoPackage layer may hold (counted within a time budget before GDAL reads it).
MAX_GPKG_FIRMS = 20_000_000


def _check_gpkg_budget(data: Any, fname: str) -> None:
    """:func:`gis.io.budget.check_gpkg` on a firm GeoPackage given as bytes or a path (other formats pass)."""
    if isinstance(data, bytes):
        if data[:16] == b"SQLite format 3\x00":
            check_gpkg_bytes(data, fname, max_rows=MAX_GPKG_FIRMS)
    elif isinstance(data, str | Path) and Path(data).is_file():
        with open(data, "rb") as fh:
            if fh.read(16) == b"SQLite format 3\x00":
                check_gpkg(Path(data), fname, max_rows=MAX_GPKG_FIRMS)


def _read_vector_firms(source: str | Path | bytes | io.IOBase, fname: str) -> pd.DataFrame:
    data: Any = source
    if isinstance(source, io.IOBase):
        data = source.read()
    _check_gpkg_budget(data, Path(fname).name)  # a layer may be a view over an endless query
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    try:
        with warnings.catch_warnings():  # bytes come through /vsimem, whose name lacks the .gpkg extension
            warnings.filterwarnings("ignore", message=".*non conformant file extension.*")
            gdf = gpd.read_file(data)
    except Exception as exc:  # pyogrio raises its own classes for unreadable files
        raise FileFormatError(
            f"cannot read the vector file ({type(exc).__name__}): {exc}",
            file=Path(fname).name,
            hint="export the firm layer again as GeoPackage",
            message_zh=f"无法读取该矢量文件（{type(exc).__name__}）：{exc}",
            hint_zh="请将企业图层重新导出为 GeoPackage",
        ) from exc
    short = Path(fname).name
    if gdf.crs is None:
        raise CRSError(
            "the layer has no coordinate reference system",
            file=short,
            hint="set the CRS (EPSG:4490 CGCS2000 or EPSG:4326) in QGIS and export again",
            message_zh="该图层没有坐标参考系",
            hint_zh="请在 QGIS 中设置坐标系（EPSG:4490 CGCS2000 或 EPSG:4326）后重新导出",
        )
    if not gdf.crs.equals(pyproj.CRS("EPSG:4326")) and not gdf.crs.equals(pyproj.CRS("EPSG:4490")):
        gdf = gdf.to_crs("EPSG:4326")
    geom = gdf.geometry.values
    types = shapely.get_type_id(geom)
    bad_type = ~shapely.is_missing(geom) & (types != 0)
    if bad_type.any():
        first = int(np.flatnonzero(bad_type)[0])
        raise FileFormatError(
            "firm layer must hold points",
            file=short,
            feature=first + 1,
            field="geometry",
            hint="convert the features to points (centroids) before loading",
            message_zh="企业图层必须是点要素",
            hint_zh="请先将要素转为点（质心）再载入",
        )
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    df["lon"] = shapely.get_x(geom)
    df["lat"] = shapely.get_y(geom)
    df.attrs["file"] = short
    return df


@dataclass
class ValidFirms:
    """Validated firms of one year, as plain arrays (lon/lat in WGS84)."""

    row: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    output: np.ndarray
    sector: np.ndarray | None = None  # int32 codes into ``sector_names`` (-1: empty)
    sector_names: np.ndarray | None = None
    src: np.ndarray | None = None  # positions in the input table
    names: pd.Series | None = None  # firm-name column of the whole input table (looked up by ``src``)

    def __len__(self) -> int:
        return len(self.row)

    def take(self, mask: np.ndarray) -> ValidFirms:
        """Return the firms where ``mask`` is true."""
        return ValidFirms(
            self.row[mask],
            self.lon[mask],
            self.lat[mask],
            self.output[mask],
            None if self.sector is None else self.sector[mask],
            self.sector_names,
            None if self.src is None else self.src[mask],
            self.names,
        )

    def firm_names(self, idx: np.ndarray) -> pd.Series | None:
        """Firm names of the firms at positions ``idx`` (None when the table has no name column)."""
        if self.names is None or self.src is None:
            return None
        return self.names.iloc[self.src[idx]].astype("string").fillna("").reset_index(drop=True)


#: Columns of the bad-row table: ``problem`` is "English / 中文" (the JSON's and the CLI's line),
#: ``problem_en`` / ``problem_zh`` each language alone (what the app shows, see ``bad_rows_in``).
BAD_COLUMNS = ["row", "field", "value", "problem", "problem_en", "problem_zh"]


def _bad(rows: np.ndarray, fieldname: str, values: Any, problem: Pair | None) -> pd.DataFrame:
    vals = pd.Series(values).astype("string").str.slice(0, 60) if len(rows) else pd.Series([], dtype="string")
    zh, en = problem if problem is not None else ("", "")
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype="int64"),
            "field": fieldname,
            "value": vals.to_numpy(dtype=object),
            "problem": f"{en} / {zh}" if problem is not None else "",
            "problem_en": en,
            "problem_zh": zh,
        },
        columns=BAD_COLUMNS,
    )


def _numbers(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column as float64 (:func:`gis.tabular.parse_numbers`, the one rule for uploads).

    Returns ``(values, present)`` where ``present`` marks non-empty cells.
    """
    return parse_numbers(col)


def _sector_label(value: Any) -> str:
    """Sector value as text (whole numbers without ``.0``)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def firm_years(df: pd.DataFrame) -> list[int]:
    """Distinct valid years in the table's year column (empty when there is none)."""
    col = find_column(df, COLUMN_ALIASES["year"])
    if col is None:
        return []
    vals, _ = _numbers(df[col])
    vals = vals[np.isfinite(vals)]
    return sorted(int(v) for v in np.unique(vals) if float(v).is_integer())
