"""The one GeoPackage writer: frames as layers of one ``.gpkg``, written atomically.

Every GeoPackage the atlas hands out (merged parks, map layers) goes through :func:`write_gpkg` /
:func:`gpkg_bytes`, so they all look alike in QGIS: WGS84, the index as a column when it is named, list and
dict cells as JSON text, mixed object columns as text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from gis.errors import AtlasError, FileFormatError, StoreError
from gis.fileio import atomic_path


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    return str(value)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cell_text(value: Any) -> str | None:
    """A cell of a text column: ``None`` when missing, JSON for lists / dicts, else ``str``."""
    if _missing(value):
        return None
    if isinstance(value, list | dict | tuple | np.ndarray):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _column(col: pd.Series) -> pd.Series:
    """One GeoPackage column type per column: numbers stay numbers, anything mixed becomes text."""
    if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
        return col
    present = [v for v in col if not _missing(v)]
    if present and all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in present):
        return pd.to_numeric(col, errors="coerce")
    return col.map(_cell_text).astype(object)


def gpkg_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy of ``gdf`` as written: EPSG:4326, a named index as a column, one type per column."""
    out = gdf.copy()
    if out.crs is None:
        out = out.set_crs(4326)
    elif CRS.from_user_input(out.crs).to_epsg() != 4326:
        out = out.to_crs(4326)
    if out.index.name and out.index.name not in out.columns:
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)
    geom = out.geometry.name
    for name in out.columns:
        if name != geom:
            out[name] = _column(out[name])
    return out


def write_gpkg(frames: Mapping[str, gpd.GeoDataFrame], path: str | Path) -> Path:
    """Write each frame as a layer (layer name = key) of the GeoPackage ``path``; return ``path``.

    The file is written beside ``path`` and moved into place only when every layer is written, so an
    existing file is either left as it was or replaced whole.

    Raises
    ------
    FileFormatError
        When ``frames`` is empty.
    StoreError
        When the file cannot be written (nothing was changed).
    """
    if not frames:
        raise FileFormatError(
            "no layers to write: choose at least one layer with data",
            hint="choose at least one layer with data",
            message_zh="没有可写的图层",
            hint_zh="至少选择一个有数据的图层",
        )
    dest = Path(path)
    try:
        with atomic_path(dest) as tmp:
            for k, (layer, gdf) in enumerate(frames.items()):
                pyogrio.write_dataframe(gpkg_ready(gdf), tmp, layer=str(layer), driver="GPKG", append=k > 0)
    except (AtlasError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise StoreError(
            f"cannot write {dest.name}: {exc}",
            file=str(dest),
            hint="check the folder",
            message_zh=f"无法写入 {dest.name}：{exc}",
            hint_zh="检查目标文件夹是否存在、可写",
        ) from exc
    return dest


def gpkg_bytes(frames: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """The GeoPackage of :func:`write_gpkg` as bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="fpa-gpkg-") as tmpdir:
        return write_gpkg(frames, Path(tmpdir) / "layers.gpkg").read_bytes()
