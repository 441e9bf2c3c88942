"""Entry points: :func:`read_vector` and :func:`list_layers`."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
from pyproj import CRS

from gis import crs as crsmod
from gis.coords import COORD_SYSTEMS
from gis.errors import (
    AtlasError,
    CRSError,
    FileFormatError,
    FileTooLargeError,
)
from gis.fileio import read_source
from gis.import_vocab import IMPORT_STAGES
from gis.io.archive import safe_extract
from gis.io.budget import check_gpkg
from gis.io.gdal import _pyogrio_error
from gis.io.georef import _check_location, _decide_crs, _to_wgs84_geoms
from gis.io.readers import _read_format
from gis.io.result import ImportResult, _Raw
from gis.io.shapefile import _read_zip
from gis.io.sniff import sniff_format
from gis.jobs import Progress, part, step
from gis.settings import MAX_FEATURES
from gis.validate import Report, check_names, repair_geometries, report_duplicate_values

#: Where the stages end on the bar of :func:`read_vector` (reading, then CRS and coordinates; the rest is
#: validating and repairing).
READ_END, CRS_END = 0.5, 0.6

# ---------------------------------------------------------------- entry points


def list_layers(source: str | Path | bytes | io.IOBase, *, name: str | None = None) -> list[str]:
    """Names of the layers (GeoPackage, KML) or shapefiles (zip) in a file; ``[]`` for one-layer formats."""
    data, fname = read_source(source, name)
    fmt, _ = sniff_format(data, fname)
    with tempfile.TemporaryDirectory(prefix="fpa-import-") as tmpdir:
        tmp = Path(tmpdir)
        try:
            if fmt == "gpkg":
                path = tmp / "upload.gpkg"
                path.write_bytes(data)
                return check_gpkg(path, fname, max_rows=MAX_FEATURES)[1]
            if fmt == "kml":
                import pyogrio

                path = tmp / f"upload.{fmt}"
                path.write_bytes(data)
                return [str(r[0]) for r in pyogrio.list_layers(path) if r[1] is not None]
            if fmt == "shapefile_zip":
                members = safe_extract(data, fname, tmp)
                return sorted(
                    PurePosixPath(o.replace("\\", "/")).stem for o, p in members.items() if p.suffix == ".shp"
                )
        except AtlasError:
            raise
        except Exception as exc:
            raise _pyogrio_error(exc, fname, "file") from exc
    return []


def read_vector(
    source: str | Path | bytes | io.IOBase,
    *,
    name: str | None = None,
    layer: str | None = None,
    crs: str | CRS | None = None,
    coords: str = "wgs84",
    progress: Progress | None = None,
) -> ImportResult:
    """Read a user's vector file into WGS84 features with a full report.

    Parameters
    ----------
    source
        Path, bytes or file-like (e.g. a Streamlit upload). URLs are refused.
    name
        File name for format detection and messages (defaults to the path's name).
    layer
        Layer (GeoPackage, KML) or shapefile name (zip); the first spatial one when omitted (reported).
    crs
        CRS of the coordinates (``"EPSG:4527"`` …), overriding the file's; needed when the file states none.
    coords
        ``wgs84`` (default), ``gcj02`` (Gaode/Tencent) or ``bd09`` (Baidu): the offset the lon/lat carry.
    progress
        Gets the stages (:data:`gis.import_vocab.IMPORT_STAGES` ``read``, ``crs``, ``validate``, in order,
        each moving with the bytes or features done) and may cancel: :class:`gis.jobs.Cancelled` is raised
        at the next report; nothing is kept (temporary files are removed, nothing is stored).

    Returns
    -------
    ImportResult

    Raises
    ------
    AtlasError
        A subclass: :class:`FileFormatError`, :class:`FileTooLargeError`, :class:`EncodingError`,
        :class:`CRSError` (:class:`gis.crs.CRSConfirmationNeeded` when a CRS must be confirmed) or
        :class:`GeometryError`, each naming file, feature and field.
    """
    coords_key = str(coords or "wgs84").lower().replace("-", "").replace("_", "")
    if coords_key not in COORD_SYSTEMS:
        raise CRSError(
            f"unknown coordinate offset '{coords}'",
            field="coords",
            hint="use wgs84, gcj02 or bd09",
            message_zh=f"未知的坐标偏移“{coords}”",
            hint_zh="使用 wgs84、gcj02 或 bd09",
        )
    data, fname = read_source(source, name)
    report = Report()
    fmt, raw = _read_raw(data, fname, report, layer, part(progress, 0.0, READ_END))
    n_read = len(raw.geoms)
    step(progress, IMPORT_STAGES["crs"], READ_END)
    src_crs, origin = _decide_crs(raw, crs, fname, fmt, report)
    geoms = _to_wgs84(raw, src_crs, origin, coords_key, fname, report, part(progress, READ_END, CRS_END))
    gdf = _frame(raw, geoms, fname, report, part(progress, CRS_END, 1.0))
    return ImportResult(
        gdf=gdf,
        report=report,
        file=fname,
        format=fmt,
        layer=raw.layer,
        layers=raw.layers,
        crs=crsmod.describe_crs(src_crs),
        crs_origin=origin,
        coords=coords_key,
        encoding=raw.encoding,
        n_read=n_read,
    )


def _read_raw(
    data: bytes, fname: str, report: Report, layer: str | None, progress: Progress | None = None
) -> tuple[str, _Raw]:
    """Sniff the format and read the features as they are in the file (before any CRS handling)."""
    fmt, note = sniff_format(data, fname)
    if note:
        report.add("warning", "extension", note, f"扩展名与内容不符：{note}")
    with tempfile.TemporaryDirectory(prefix="fpa-import-") as tmpdir:
        tmp = Path(tmpdir)
        try:
            if fmt == "shapefile_zip":
                raw, fmt = _read_zip(data, fname, report, layer, tmp, progress)
            else:
                raw = _read_format(fmt, data, fname, report, layer, tmp, progress)
        except AtlasError as exc:
            if exc.file is None:
                exc.file = fname
            raise
        except RecursionError as exc:
            raise FileFormatError(
                "structure nested too deeply",
                file=fname,
                hint="export the layer again",
                message_zh="结构嵌套过深",
                hint_zh="重新导出该图层",
            ) from exc
    n_read = len(raw.geoms)
    if n_read == 0:
        raise FileFormatError(
            "no features in the file",
            file=fname,
            hint="export the layer with its features",
            message_zh="文件中没有要素",
            hint_zh="连同要素重新导出该图层",
        )
    if n_read > MAX_FEATURES:
        raise FileTooLargeError(
            f"{n_read:,} features exceed the limit of {MAX_FEATURES:,}",
            file=fname,
            hint="split the file",
            message_zh=f"{n_read:,} 个要素超过上限 {MAX_FEATURES:,}",
            hint_zh="把文件拆分成几个",
        )
    return fmt, raw


def _to_wgs84(
    raw: _Raw,
    src_crs: CRS,
    origin: str,
    coords_key: str,
    fname: str,
    report: Report,
    progress: Progress | None = None,
) -> list[Any]:
    """The features' geometries in WGS84 (offsets removed), reporting the CRS used; checked for Fujian."""
    described = crsmod.describe_crs(src_crs)
    if coords_key != "wgs84" and not src_crs.is_geographic:
        raise CRSError(
            f"GCJ-02 / BD-09 offsets apply to lon/lat, not to {described}",
            file=fname,
            field="coords",
            hint="use --coords wgs84 with projected coordinates",
            message_zh=f"GCJ-02 / BD-09 偏移只适用于经纬度，不适用于 {described}",
            hint_zh="投影坐标请选 wgs84（--coords wgs84）",
        )
    if origin not in ("spec", "columns") or not crsmod.is_geographic_wgs84_like(src_crs):
        report.add(
            "info",
            "crs",
            f"CRS {described} ({origin}) → WGS84",
            f"坐标系 {described}（来源：{origin}）→ WGS84",
            field="crs",
        )
    if crsmod.datum_is_approximate(src_crs) and src_crs.datum is not None:
        report.add(
            "warning",
            "datum_ballpark",
            f"datum {src_crs.datum.name} → WGS84 has no published transformation in PROJ; positions may be "
            "off by tens of metres or more",
            f"{src_crs.datum.name} 坐标系到 WGS84 没有公开的转换参数，位置可能偏差数十米甚至更多",
            field="crs",
        )
    if coords_key != "wgs84":
        report.add(
            "change",
            "coords_offset",
            f"{coords_key.upper()} offsets removed: converted to WGS84",
            f"已去除 {coords_key.upper()} 偏移，转换为 WGS84",
            field="geometry",
        )
    try:
        geoms = _to_wgs84_geoms(raw.geoms, src_crs, coords_key, part(progress, 0.0, 0.5))
    except AtlasError:
        raise
    except Exception as exc:
        raise CRSError(
            f"coordinates cannot be transformed from {described}: {exc}",
            file=fname,
            field="crs",
            hint="check the CRS",
            message_zh=f"无法从 {described} 转换坐标：{exc}",
            hint_zh="检查坐标系",
        ) from exc
    return _check_location(geoms, raw.labels, fname, report, part(progress, 0.5, 1.0))


def _frame(
    raw: _Raw, geoms: list[Any], fname: str, report: Report, progress: Progress | None = None
) -> gpd.GeoDataFrame:
    """Attributes plus WGS84 geometries, repaired, with duplicate ids and names reported."""
    attrs = raw.attrs.copy()
    attrs.columns = [str(c) for c in attrs.columns]
    attrs = attrs.drop(columns=[c for c in ("_feature", "_vertices", "geometry") if c in attrs])
    attrs["_feature"] = raw.labels
    gdf = gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    step(progress, IMPORT_STAGES["validate"], 0.0)
    gdf = check_names(gdf, report, progress=part(progress, 0.0, 0.3))
    gdf = repair_geometries(gdf, report, file=fname, progress=part(progress, 0.3, 1.0))
    for col in ("id", "park_id", "name", "名称"):
        report_duplicate_values(gdf, col, report)
    return gdf
