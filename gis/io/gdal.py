"""GDAL-backed readers (GeoPackage, KML) through pyogrio."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from gis.errors import (
    AtlasError,
    FileFormatError,
    FileTooLargeError,
)
from gis.import_vocab import IMPORT_STAGES
from gis.io.budget import check_gpkg
from gis.io.result import _Raw
from gis.jobs import Progress, step
from gis.settings import MAX_FEATURES
from gis.validate import Report

#: Files with more features than this are read in :data:`BATCHES` steps when progress is watched (GeoPackage
#: and shapefile only: their readers seek to a feature directly; KML would re-read from the start).
BATCH_MIN_FEATURES = 20_000
BATCHES = 10

# ---------------------------------------------------------------- GDAL-backed formats


def _pyogrio_error(exc: Exception, fname: str, what: str) -> FileFormatError:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    msg = re.sub(r"/tmp/[^\s:'\"]+", "<file>", msg)[:200]
    return FileFormatError(
        f"cannot read the {what}: {msg}",
        file=fname,
        hint="open it in QGIS and export the layer again (damaged or truncated file?)",
    )


def _gdal_read(
    path: Path,
    fname: str,
    what: str,
    *,
    layer: str | None,
    encoding: str | None = None,
    report: Report,
    progress: Progress | None = None,
) -> tuple[gpd.GeoDataFrame, str | None, list[str]]:
    import pyogrio

    if path.suffix == ".gpkg":  # a layer may be a view over an endless query: every layer on a budget first
        names, spatial = check_gpkg(path, fname, max_rows=MAX_FEATURES)
        spatial = spatial or names
    else:
        try:
            listed = pyogrio.list_layers(path)
        except Exception as exc:
            raise _pyogrio_error(exc, fname, what) from exc
        names = [str(row[0]) for row in listed]
        spatial = [str(row[0]) for row in listed if row[1] is not None] or names
    if not names:
        raise FileFormatError(f"the {what} holds no layer", file=fname, hint="export a layer with features")
    if layer is None:
        chosen = spatial[0]
        if len(spatial) > 1:
            report.add(
                "info",
                "layer_chosen",
                f"file has {len(spatial)} layers ({', '.join(spatial[:10])}); read '{chosen}' — choose "
                "another with --layer / the layer box",
                f"文件有 {len(spatial)} 个图层（{'、'.join(spatial[:10])}），已读取“{chosen}”，"
                "可用 --layer 或图层选择框换一个",
            )
    else:
        if layer not in names:
            raise FileFormatError(
                f"no layer named '{layer}'",
                file=fname,
                field="layer",
                hint=f"layers in this file: {', '.join(names[:20])}",
            )
        chosen = layer
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = _read_layer(path, chosen, encoding, progress)
        if len(gdf) > MAX_FEATURES:
            raise FileTooLargeError(
                f"more than {MAX_FEATURES:,} features (the limit)",
                file=fname,
                hint="split the file",
                message_zh=f"要素超过上限 {MAX_FEATURES:,} 个",
                hint_zh="把文件拆分成几个",
            )
    except AtlasError:
        raise
    except Exception as exc:
        raise _pyogrio_error(exc, fname, what) from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry is None:
        raise FileFormatError(
            f"layer '{chosen}' has no geometry column",
            file=fname,
            field="geometry",
            hint="choose a layer with geometries, or use a table with lon/lat columns",
        )
    return gdf, chosen, spatial


def _read_layer(path: Path, layer: str, encoding: str | None, progress: Progress | None) -> gpd.GeoDataFrame:
    """The layer as a frame (at most ``MAX_FEATURES + 1`` features); in batches, reporting each, when
    progress is watched and the layer is large."""
    import pyogrio

    read = dict(layer=layer, encoding=encoding, on_invalid="ignore")
    n = -1
    if progress is not None and path.suffix in (".gpkg", ".shp"):
        info = pyogrio.read_info(path, layer=layer, encoding=encoding, force_feature_count=False)
        n = int(info["features"])
    step(progress, IMPORT_STAGES["read"], 0.0)
    if n < BATCH_MIN_FEATURES or n > MAX_FEATURES:
        return pyogrio.read_dataframe(path, max_features=MAX_FEATURES + 1, **read)
    size = -(-n // BATCHES)
    frames = []
    for start in range(0, n, size):
        frames.append(pyogrio.read_dataframe(path, skip_features=start, max_features=size, **read))
        step(progress, IMPORT_STAGES["read"], min(n, start + size) / n)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name)


def _from_gdf(
    gdf: gpd.GeoDataFrame, origin_if_crs: str = "file"
) -> tuple[pd.DataFrame, list[Any], CRS | None, str]:
    crs = CRS.from_user_input(gdf.crs) if gdf.crs is not None else None
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
    geoms = [None if g is None else shapely.force_2d(g) for g in gdf.geometry]
    return attrs, geoms, crs, (origin_if_crs if crs is not None else "none")


def _read_gpkg(
    data: bytes, fname: str, report: Report, layer: str | None, tmp: Path, progress: Progress | None = None
) -> _Raw:
    path = tmp / "upload.gpkg"
    path.write_bytes(data)
    gdf, chosen, names = _gdal_read(path, fname, "GeoPackage", layer=layer, report=report, progress=progress)
    attrs, geoms, crs, origin = _from_gdf(gdf)
    return _Raw(attrs, geoms, list(range(1, len(geoms) + 1)), crs, origin, chosen, names)


def _read_kml(
    data: bytes, fname: str, report: Report, layer: str | None, tmp: Path, progress: Progress | None = None
) -> _Raw:
    if re.search(rb"<!ENTITY|<!DOCTYPE", data[:65536], re.IGNORECASE):
        raise FileFormatError(
            "KML with a DOCTYPE / entity declarations is refused",
            file=fname,
            hint="export plain KML from Google Earth or QGIS",
        )
    path = tmp / "upload.kml"
    path.write_bytes(data)
    gdf, chosen, names = _gdal_read(path, fname, "KML file", layer=layer, report=report, progress=progress)
    attrs, geoms, _crs, _origin = _from_gdf(gdf)
    for col in [c for c in attrs.columns if attrs[c].isna().all()]:
        attrs = attrs.drop(columns=col)
    return _Raw(attrs, geoms, list(range(1, len(geoms) + 1)), CRS.from_epsg(4326), "spec", chosen, names)
