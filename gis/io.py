"""Read users' vector files safely: GeoJSON, GeoPackage, zipped shapefile, KML, CSV / XLSX with lon/lat.

One entry point, :func:`read_vector`, returns an :class:`ImportResult`: the features in EPSG:4326 (WGS84
lon/lat) and a report listing every change and problem by feature and field. Bad input raises a class from
:mod:`gis.errors`, never anything else.

Safety: uploads are bytes held in memory or written to a private temporary directory under generated names;
zip members with absolute or ``..`` paths, symlinks, nested archives or absurd expansion ratios are refused;
size, feature and vertex limits apply; nothing is ever evaluated, and no URL named in a file is fetched.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)

from gis import crs as crsmod
from gis.coords import COORD_SYSTEMS, to_wgs84
from gis.errors import (
    AtlasError,
    CRSError,
    EncodingError,
    FileFormatError,
    FileTooLargeError,
    GeometryError,
)
from gis.settings import FUJIAN_BOUNDS, MAX_FEATURES, MAX_UPLOAD_BYTES, MAX_VERTICES
from gis.tabular import COLUMN_ALIASES, find_column, parse_number, read_table
from gis.validate import Report, repair_geometries, report_duplicate_values

#: Formats :func:`read_vector` understands (``format`` of the result).
FORMATS = ("geojson", "gpkg", "shapefile_zip", "kml", "csv", "xlsx")
#: Most members a zip may hold, largest total expansion, and largest expansion ratio per member.
ZIP_MAX_MEMBERS = 200
ZIP_MAX_TOTAL = 4 * MAX_UPLOAD_BYTES
ZIP_MAX_RATIO = 100
_ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".kmz", ".jar")
_SKIP_MEMBERS = ("__macosx/", ".ds_store", "thumbs.db")
_EXT_FORMAT = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "shapefile_zip",
    ".kml": "kml",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_CPG_ALIASES = {
    "936": "gbk",
    "cp936": "gbk",
    "ansi936": "gbk",
    "gbk": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
    "65001": "utf-8",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "1252": "cp1252",
    "ansi1252": "cp1252",
    "88591": "latin-1",
    "iso88591": "latin-1",
    "latin1": "latin-1",
    "big5": "big5",
    "950": "big5",
}


@dataclass
class ImportResult:
    """What :func:`read_vector` read and everything it had to say about it.

    Attributes
    ----------
    gdf : GeoDataFrame
        Usable features in EPSG:4326; attribute columns as in the file, plus ``_feature`` (label used in the
        report: 1-based feature number, or the spreadsheet row for tables) and ``_vertices``.
    report : Report
        Items with ``level`` (error / warning / change / info), ``code``, ``feature``, ``field`` and messages in
        English and Chinese.
    """

    gdf: gpd.GeoDataFrame
    report: Report
    file: str
    format: str
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    crs: str = "EPSG:4326"
    crs_origin: str = "spec"
    coords: str = "wgs84"
    encoding: str | None = None
    n_read: int = 0

    @property
    def n_features(self) -> int:
        """Number of usable features."""
        return int(len(self.gdf))

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (the CLI's ``--json`` output, without the features)."""
        types = self.gdf.geometry.geom_type.value_counts().to_dict() if len(self.gdf) else {}
        return {
            "file": self.file,
            "format": self.format,
            "layer": self.layer,
            "layers": self.layers,
            "crs": self.crs,
            "crs_origin": self.crs_origin,
            "coords": self.coords,
            "encoding": self.encoding,
            "features_read": self.n_read,
            "features_usable": self.n_features,
            "geometry_types": {str(k): int(v) for k, v in types.items()},
            "vertices": int(self.gdf["_vertices"].sum()) if "_vertices" in self.gdf and len(self.gdf) else 0,
            "bounds": [round(float(v), 6) for v in self.gdf.total_bounds] if len(self.gdf) else None,
            "counts": {lv: self.report.count(lv) for lv in ("error", "warning", "change", "info")},
            "report": [i.to_dict() for i in self.report],
        }


@dataclass
class _Raw:
    """Features as read, before CRS handling."""

    attrs: pd.DataFrame
    geoms: list[Any]
    labels: list[int | str]
    crs: CRS | None
    crs_origin: str  # file | spec | legacy_member | columns | none
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    encoding: str | None = None


# ---------------------------------------------------------------- bytes and format sniffing


def _load_bytes(source: str | Path | bytes | io.IOBase, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        fname = name or "upload"
    elif isinstance(source, (str, Path)):
        text = str(source)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) or text.startswith("/vsi"):
            raise FileFormatError(
                "URLs and virtual paths are not read",
                file=text[:80],
                hint="download the file yourself and give its local path",
            )
        path = Path(text)
        if not path.is_file():
            raise FileFormatError("file not found", file=str(path), hint="check the path")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise FileTooLargeError(
                f"file is larger than {MAX_UPLOAD_BYTES // 2**20} MB",
                file=name or path.name,
                hint="split it or simplify the geometries",
            )
        data = path.read_bytes()
        fname = name or path.name
    elif hasattr(source, "read"):
        raw = source.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        fname = name or Path(str(getattr(source, "name", "upload"))).name
    else:
        raise FileFormatError(
            f"cannot read a {type(source).__name__}", file=name, hint="give a path or bytes"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError(
            f"file is larger than {MAX_UPLOAD_BYTES // 2**20} MB",
            file=fname,
            hint="split it or simplify the geometries",
        )
    if not data:
        raise FileFormatError("file is empty (0 bytes)", file=fname, hint="export the layer again")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileFormatError("file holds only blanks", file=fname, hint="export the layer again")
    return data, fname


def sniff_format(data: bytes, fname: str) -> tuple[str, str | None]:
    """Return ``(format, note)`` from the content, using the extension only for text tables.

    ``note`` says when the extension disagrees with the content.
    """
    ext = Path(fname).suffix.lower()
    by_ext = _EXT_FORMAT.get(ext)
    head = data[:4096]
    content: str | None = None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = [n.lower() for n in zf.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise FileFormatError(
                f"damaged or truncated zip archive ({exc})",
                file=fname,
                hint="zip the shapefile parts (.shp .shx .dbf .prj .cpg) again",
            ) from exc
        content = (
            "xlsx"
            if "[content_types].xml" in names and any(n.startswith("xl/") for n in names)
            else "shapefile_zip"
        )
    elif head.startswith(b"SQLite format 3\x00"):
        content = "gpkg"
    else:
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        low = stripped[:300].lower()
        if stripped[:1] in (b"{", b"["):
            content = "geojson"
        elif low.startswith(b"<?xml") or low.startswith(b"<kml") or b"<kml" in low:
            content = "kml"
        elif stripped[:1] == b"<":
            content = "xml"
        elif by_ext == "csv":
            content = "csv"
        elif b"\x00" in head:
            content = "binary"
        elif b"," in head or b"\t" in head or b";" in head:
            content = "csv"
    if ext == ".shp" or (head[:4] == b"\x00\x00\x27\x0a"):
        raise FileFormatError(
            "a bare .shp cannot be read without its .shx, .dbf and .prj",
            file=fname,
            hint="zip the .shp, .shx, .dbf, .prj (and .cpg) files together and upload the .zip",
        )
    if ext == ".kmz":
        raise FileFormatError(
            "KMZ (zipped KML) is not accepted",
            file=fname,
            hint="save as .kml (Google Earth: Save Place As → KML)",
        )
    if content in (None, "binary", "xml"):
        what = {"binary": "binary data of an unknown format", "xml": "XML that is not KML"}.get(
            content or "", "unrecognised text"
        )
        raise FileFormatError(
            f"not a supported vector format ({what})",
            file=fname,
            hint="use GeoJSON, GeoPackage, a zipped shapefile, KML, or CSV/XLSX with lon/lat",
        )
    note = None
    if by_ext and by_ext != content:
        note = f"extension '{ext}' but the content is {content}; read as {content}"
    elif by_ext is None:
        note = f"extension '{ext or '(none)'}' not recognised; content read as {content}"
    return content, note


# ---------------------------------------------------------------- GeoJSON (own parser: every feature named)


class _BadGeom(Exception):
    pass


def _reject_constant(token: str) -> float:
    raise ValueError(f"non-finite number {token}")


def _position(p: Any, counter: list[int]) -> tuple[float, float]:
    if not isinstance(p, (list, tuple)) or len(p) < 2:
        raise _BadGeom("a position is not a list of at least two numbers")
    x, y = p[0], p[1]
    if (
        isinstance(x, bool)
        or isinstance(y, bool)
        or not isinstance(x, (int, float))
        or not isinstance(y, (int, float))
    ):
        raise _BadGeom(f"coordinate is not a number: {str(p)[:40]}")
    x, y = float(x), float(y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise _BadGeom("coordinate is not finite")
    counter[0] += 1
    if counter[0] > MAX_VERTICES:
        raise FileTooLargeError(f"more than {MAX_VERTICES:,} vertices", hint="simplify the geometries")
    return x, y


def _positions(seq: Any, counter: list[int]) -> np.ndarray:
    """A list of positions as an (n, 2) float array; checked one by one only when the fast path fails."""
    if not isinstance(seq, (list, tuple)):
        raise _BadGeom("expected a list of positions")
    if seq and all(type(p) is list and len(p) in (2, 3) for p in (seq[0], seq[-1])):
        try:
            arr = np.array(seq)  # text, None or ragged lists give a non-numeric dtype or an error: slow path
        except (ValueError, TypeError):
            arr = None
        if (
            arr is not None
            and arr.dtype.kind in "fiu"
            and arr.ndim == 2
            and arr.shape[1] >= 2
            and np.isfinite(arr[:, :2]).all()
        ):
            arr = arr.astype("float64")
            counter[0] += len(arr)
            if counter[0] > MAX_VERTICES:
                raise FileTooLargeError(
                    f"more than {MAX_VERTICES:,} vertices", hint="simplify the geometries"
                )
            return arr[:, :2]
    return np.array([_position(p, counter) for p in seq], dtype="float64").reshape(-1, 2)


def _ring(r: Any, counter: list[int], notes: list[str]) -> np.ndarray:
    if not isinstance(r, (list, tuple)):
        raise _BadGeom("a ring is not a list of positions")
    pts = _positions(r, counter)
    if len(pts) and not np.array_equal(pts[0], pts[-1]):
        pts = np.vstack([pts, pts[:1]])
        notes.append("unclosed_ring")
    if len(pts) < 4:
        raise _BadGeom(f"a ring has {len(pts)} positions (at least 4 needed, first = last)")
    return pts


def _geometry_from_json(obj: Any, counter: list[int], notes: list[str], depth: int = 0) -> Any:
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise _BadGeom("geometry is not an object")
    gtype = obj.get("type")
    coords = obj.get("coordinates")
    if gtype == "GeometryCollection":
        if depth > 2:
            raise _BadGeom("geometry collections nested too deep")
        parts = obj.get("geometries")
        if not isinstance(parts, list):
            raise _BadGeom("GeometryCollection without a 'geometries' list")
        built = [_geometry_from_json(g, counter, notes, depth + 1) for g in parts]
        return GeometryCollection([g for g in built if g is not None])
    if gtype not in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"):
        raise _BadGeom(f"unknown geometry type {str(gtype)[:30]!r}")
    if not isinstance(coords, (list, tuple)):
        raise _BadGeom(f"{gtype} without a 'coordinates' list")
    if gtype == "Point":
        if len(coords) == 0:
            return Point()
        return Point(_position(coords, counter))
    if gtype == "MultiPoint":
        return MultiPoint([_position(p, counter) for p in coords]) if coords else MultiPoint()
    if gtype == "LineString":
        pts = _positions(coords, counter)
        if len(pts) == 1:
            raise _BadGeom("a LineString has a single position")
        return LineString(pts)
    if gtype == "MultiLineString":
        lines = []
        for line in coords:
            if not isinstance(line, (list, tuple)):
                raise _BadGeom("a line is not a list of positions")
            pts = _positions(line, counter)
            if len(pts) < 2:
                raise _BadGeom("a line has fewer than two positions")
            lines.append(pts)
        return MultiLineString(lines)
    if gtype == "Polygon":
        if not coords:
            return Polygon()
        rings = [_ring(r, counter, notes) for r in coords]
        return Polygon(rings[0], rings[1:])
    polys = []
    for poly in coords:
        if not isinstance(poly, (list, tuple)) or not poly:
            raise _BadGeom("a polygon of the MultiPolygon is empty or not a list")
        rings = [_ring(r, counter, notes) for r in poly]
        polys.append(Polygon(rings[0], rings[1:]))
    return MultiPolygon(polys)


def _scalar(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _read_geojson(data: bytes, fname: str, report: Report) -> _Raw:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                "GeoJSON is neither UTF-8 nor GB18030 text",
                file=fname,
                hint="save it as UTF-8 (RFC 7946 requires UTF-8)",
            ) from exc
        report.add(
            "warning",
            "encoding",
            "GeoJSON was not UTF-8; read as GB18030 (RFC 7946 requires UTF-8)",
            "GeoJSON 不是 UTF-8 编码，已按 GB18030 读取（RFC 7946 要求 UTF-8）",
        )
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        trunc = exc.pos >= len(text.rstrip()) - 1
        what = (
            "ends too early (truncated?)"
            if trunc
            else f"is not valid JSON at line {exc.lineno}, column {exc.colno}"
        )
        raise FileFormatError(
            f"GeoJSON {what}: {exc.msg}",
            file=fname,
            hint="export the layer again; do not edit GeoJSON by hand",
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(
            f"GeoJSON cannot be parsed: {exc}", file=fname, hint="export the layer again from your GIS"
        ) from exc
    if not isinstance(doc, dict):
        raise FileFormatError(
            "GeoJSON must be an object (a FeatureCollection), not a list or a value",
            file=fname,
            hint="export a FeatureCollection",
        )
    gtype = doc.get("type")
    if gtype == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise FileFormatError(
                "FeatureCollection without a 'features' list",
                file=fname,
                field="features",
                hint="export the layer again",
            )
    elif gtype == "Feature":
        feats = [doc]
    elif gtype in (
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    ):
        feats = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise FileFormatError(
            f"not GeoJSON: top-level 'type' is {str(gtype)[:40]!r}",
            file=fname,
            field="type",
            hint="expected a FeatureCollection",
        )
    if not feats:
        raise FileFormatError(
            "the FeatureCollection has no features",
            file=fname,
            field="features",
            hint="the layer is empty: export it again with its features",
        )
    if len(feats) > MAX_FEATURES:
        raise FileTooLargeError(
            f"{len(feats):,} features exceed the limit of {MAX_FEATURES:,}", file=fname, hint="split the file"
        )
    file_crs: CRS | None = CRS.from_epsg(4326)
    origin = "spec"
    if "crs" in doc and doc["crs"] is not None:
        file_crs = crsmod.legacy_member_crs(doc["crs"], file=fname)
        origin = "legacy_member"
        report.add(
            "info",
            "legacy_crs_member",
            f"legacy GeoJSON 'crs' member honoured: {crsmod.describe_crs(file_crs)} "
            "(RFC 7946 files carry no 'crs' member and are WGS84)",
            f"已采用旧版 GeoJSON 的 crs 成员：{crsmod.describe_crs(file_crs)}（RFC 7946 文件不带 crs，一律为 WGS84）",
            field="crs",
        )
    counter = [0]
    records, geoms, labels = [], [], []
    for i, feat in enumerate(feats, start=1):
        labels.append(i)
        if not isinstance(feat, dict):
            report.add(
                "error", "bad_feature", "feature is not an object; skipped", "要素不是对象，已跳过", feature=i
            )
            records.append({})
            geoms.append(None)
            continue
        props = feat.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            report.add(
                "warning",
                "bad_properties",
                "'properties' is not an object; ignored",
                "properties 不是对象，已忽略",
                feature=i,
                field="properties",
            )
            props = {}
        rec = {str(k): _scalar(v) for k, v in props.items()}
        if "id" in feat and "id" not in rec and isinstance(feat["id"], (str, int, float)):
            rec["id"] = feat["id"]
        records.append(rec)
        notes: list[str] = []
        try:
            geom = _geometry_from_json(feat.get("geometry"), counter, notes)
        except _BadGeom as exc:
            report.add(
                "error",
                "bad_geometry",
                f"geometry cannot be read: {exc}; feature skipped",
                f"几何无法读取：{exc}；已跳过",
                feature=i,
                field="geometry",
            )
            geom = None
        except FileTooLargeError as exc:
            exc.file = fname
            raise
        if "unclosed_ring" in notes:
            report.add(
                "change",
                "unclosed_ring",
                "unclosed polygon ring closed (first position repeated at the end)",
                "多边形环未闭合，已闭合（末点补为首点）",
                feature=i,
                field="geometry",
            )
        geoms.append(geom)
    attrs = pd.DataFrame.from_records(records, index=range(len(records))) if records else pd.DataFrame()
    return _Raw(attrs, geoms, labels, file_crs, origin)


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
    path: Path, fname: str, what: str, *, layer: str | None, encoding: str | None = None, report: Report
) -> tuple[gpd.GeoDataFrame, str | None, list[str]]:
    import pyogrio

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
                f"file has {len(spatial)} layers ({', '.join(spatial[:10])}); read '{chosen}' — choose another "
                "with --layer / the layer box",
                f"文件有 {len(spatial)} 个图层（{'、'.join(spatial[:10])}），已读取“{chosen}”，可用 --layer 或图层选择框换一个",
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
        info = pyogrio.read_info(path, layer=chosen, encoding=encoding)
        n = int(info.get("features") or 0)
        if n > MAX_FEATURES:
            raise FileTooLargeError(
                f"{n:,} features exceed the limit of {MAX_FEATURES:,}", file=fname, hint="split the file"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = pyogrio.read_dataframe(path, layer=chosen, encoding=encoding, on_invalid="ignore")
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


def _from_gdf(
    gdf: gpd.GeoDataFrame, origin_if_crs: str = "file"
) -> tuple[pd.DataFrame, list[Any], CRS | None, str]:
    crs = CRS.from_user_input(gdf.crs) if gdf.crs is not None else None
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
    geoms = [None if g is None else shapely.force_2d(g) for g in gdf.geometry]
    return attrs, geoms, crs, (origin_if_crs if crs is not None else "none")


def _read_gpkg(data: bytes, fname: str, report: Report, layer: str | None, tmp: Path) -> _Raw:
    path = tmp / "upload.gpkg"
    path.write_bytes(data)
    gdf, chosen, names = _gdal_read(path, fname, "GeoPackage", layer=layer, report=report)
    attrs, geoms, crs, origin = _from_gdf(gdf)
    return _Raw(attrs, geoms, list(range(1, len(geoms) + 1)), crs, origin, chosen, names)


def _read_kml(data: bytes, fname: str, report: Report, layer: str | None, tmp: Path) -> _Raw:
    if re.search(rb"<!ENTITY|<!DOCTYPE", data[:65536], re.IGNORECASE):
        raise FileFormatError(
            "KML with a DOCTYPE / entity declarations is refused",
            file=fname,
            hint="export plain KML from Google Earth or QGIS",
        )
    path = tmp / "upload.kml"
    path.write_bytes(data)
    gdf, chosen, names = _gdal_read(path, fname, "KML file", layer=layer, report=report)
    attrs, geoms, _crs, _origin = _from_gdf(gdf)
    for col in [c for c in attrs.columns if attrs[c].isna().all()]:
        attrs = attrs.drop(columns=col)
    return _Raw(attrs, geoms, list(range(1, len(geoms) + 1)), CRS.from_epsg(4326), "spec", chosen, names)


# ---------------------------------------------------------------- zip (shapefile)


def _unsafe_member(name: str) -> str | None:
    if "\x00" in name:
        return "a NUL character in the name"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "an absolute path"
    if any(part == ".." for part in PurePosixPath(norm).parts):
        return "a '..' path leading outside the folder"
    return None


def safe_extract(data: bytes, fname: str, dest: Path) -> dict[str, Path]:
    """Extract a zip's members under generated names in ``dest``; return ``{original name: path}``.

    Members sharing a stem (``a.shp``, ``a.dbf`` …) share a generated stem so shapefiles stay whole.

    Raises
    ------
    FileFormatError
        For absolute or ``..`` paths, symlinks, nested archives, encrypted members, too many members or an
        absurd expansion ratio (zip bomb).
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileFormatError(
            f"damaged or truncated zip archive ({exc})", file=fname, hint="zip the shapefile parts again"
        ) from exc
    out: dict[str, Path] = {}
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise FileFormatError(
                f"zip holds {len(infos)} members (limit {ZIP_MAX_MEMBERS})",
                file=fname,
                hint="zip only the shapefile parts",
            )
        total = 0
        stems: dict[str, str] = {}
        for info in infos:
            name = info.filename
            bad = _unsafe_member(name)
            if bad:
                raise FileFormatError(
                    f"zip member '{name[:80]}' has {bad}; the archive is refused",
                    file=fname,
                    field=name[:80],
                    hint="zip the files without folders outside the archive",
                )
            mode = (info.external_attr >> 16) & 0o170000
            if mode == 0o120000:
                raise FileFormatError(
                    f"zip member '{name[:80]}' is a symbolic link; the archive is refused",
                    file=fname,
                    field=name[:80],
                    hint="zip the real files, not links",
                )
            if info.is_dir() or any(s in name.lower() for s in _SKIP_MEMBERS):
                continue
            low = name.lower()
            if low.endswith(_ARCHIVE_SUFFIXES):
                raise FileFormatError(
                    f"zip member '{name[:80]}' is itself an archive; nested archives are refused",
                    file=fname,
                    field=name[:80],
                    hint="unzip the inner archive and zip its files",
                )
            if info.flag_bits & 0x1:
                raise FileFormatError(
                    f"zip member '{name[:80]}' is encrypted",
                    file=fname,
                    field=name[:80],
                    hint="zip the files without a password",
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1_000_000 and ratio > ZIP_MAX_RATIO:
                raise FileFormatError(
                    f"zip member '{name[:80]}' expands {ratio:,.0f}× ({info.file_size:,} bytes); refused as a "
                    "possible zip bomb",
                    file=fname,
                    field=name[:80],
                    hint="send the files uncompressed or re-zip",
                )
            total += info.file_size
            if total > ZIP_MAX_TOTAL:
                raise FileFormatError(
                    f"zip expands to more than {ZIP_MAX_TOTAL // 2**20} MB",
                    file=fname,
                    hint="split the data into smaller files",
                )
            p = PurePosixPath(name.replace("\\", "/"))
            suffix = p.suffix.lower()
            if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix or ".x"):
                suffix = ".bin"
            if suffix == ".xml" and p.name.lower().endswith(".shp.xml"):
                continue  # ArcGIS metadata
            stem_key = str(p.with_suffix("")).lower()
            gen = stems.setdefault(stem_key, f"m{len(stems):03d}")
            target = dest / f"{gen}{suffix}"
            if target.exists():
                raise FileFormatError(
                    f"zip holds two members named like '{name[:80]}'",
                    file=fname,
                    field=name[:80],
                    hint="keep one copy of each file",
                )
            written = 0
            try:
                with zf.open(info) as src, open(target, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > info.file_size or written > ZIP_MAX_TOTAL:
                            raise FileFormatError(
                                "zip member larger than its header says; refused",
                                file=fname,
                                field=name[:80],
                                hint="zip the files again",
                            )
                        dst.write(chunk)
            except AtlasError:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise FileFormatError(
                    f"zip member '{name[:80]}' is damaged ({type(exc).__name__}: {exc})",
                    file=fname,
                    field=name[:80],
                    hint="zip the files again",
                ) from exc
            out[name] = target
    return out


def _cpg_encoding(text: str) -> str | None:
    key = re.sub(r"[\s_-]", "", text.strip().lower())
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    try:
        return __import__("codecs").lookup(text.strip()).name
    except LookupError:
        return None


def _dbf_strings(path: Path) -> list[bytes]:
    """Raw bytes of every character field of every record of a DBF (for encoding detection)."""
    raw = path.read_bytes()
    if len(raw) < 33:
        return []
    n_rec = int.from_bytes(raw[4:8], "little")
    hlen = int.from_bytes(raw[8:10], "little")
    rlen = int.from_bytes(raw[10:12], "little")
    fields = []
    pos, offset = 32, 1
    while pos + 32 <= min(hlen, len(raw)) and raw[pos] != 0x0D:
        ftype = chr(raw[pos + 11])
        flen = raw[pos + 16]
        if ftype in "CM":
            fields.append((offset, flen))
        offset += flen
        pos += 32
    out = []
    for r in range(min(n_rec, 100_000)):
        start = hlen + r * rlen
        rec = raw[start : start + rlen]
        if len(rec) < rlen:
            break
        for off, flen in fields:
            value = rec[off : off + flen].rstrip(b" \x00")
            if value:
                out.append(value)
    return out


def detect_dbf_encoding(dbf: Path, cpg: Path | None) -> tuple[str, str, str]:
    """Choose the DBF text encoding: the ``.cpg`` if it decodes, else UTF-8, else GB18030.

    Returns
    -------
    (encoding, how_en, how_zh)
    """
    values = _dbf_strings(dbf)

    def decodes(enc: str) -> bool:
        try:
            for v in values:
                v.decode(enc)
            return True
        except (UnicodeDecodeError, LookupError):
            return False

    declared = None
    if cpg is not None and cpg.exists():
        declared = _cpg_encoding(cpg.read_bytes()[:64].decode("ascii", "ignore"))
        if declared and decodes(declared):
            return declared, f"from the .cpg file ({declared})", f"按 .cpg 文件（{declared}）"
    prefix_en = f".cpg says {declared} but the text is not; " if declared else "no .cpg file; "
    prefix_zh = f".cpg 声明为 {declared} 但文本不符；" if declared else "无 .cpg 文件；"
    if decodes("utf-8"):
        return "utf-8", prefix_en + "text decodes as UTF-8", prefix_zh + "文本按 UTF-8 解码"
    if decodes("gb18030"):
        return (
            "gb18030",
            prefix_en + "text is not UTF-8; read as GB18030 (GBK)",
            prefix_zh + "文本不是 UTF-8，按 GB18030（GBK）读取",
        )
    raise EncodingError(
        "attribute text (.dbf) is neither UTF-8 nor GBK/GB18030",
        file=dbf.name,
        hint="add a .cpg file naming the encoding, or re-export with UTF-8",
    )


def _read_zip(data: bytes, fname: str, report: Report, layer: str | None, tmp: Path) -> tuple[_Raw, str]:
    members = safe_extract(data, fname, tmp)
    by_suffix: dict[str, list[tuple[str, Path]]] = {}
    for orig, path in members.items():
        by_suffix.setdefault(path.suffix, []).append((orig, path))
    shps = sorted(by_suffix.get(".shp", []))
    if shps:
        names = [PurePosixPath(o.replace("\\", "/")).stem for o, _ in shps]
        if layer is not None:
            if layer not in names:
                raise FileFormatError(
                    f"no shapefile named '{layer}' in the zip",
                    file=fname,
                    field="layer",
                    hint=f"shapefiles in the zip: {', '.join(names)}",
                )
            orig, shp = shps[names.index(layer)]
        else:
            orig, shp = shps[0]
            if len(shps) > 1:
                report.add(
                    "info",
                    "layer_chosen",
                    f"zip holds {len(shps)} shapefiles ({', '.join(names[:10])}); read '{names[0]}'",
                    f"压缩包内有 {len(shps)} 个 shapefile（{'、'.join(names[:10])}），已读取“{names[0]}”",
                )
        chosen = PurePosixPath(orig.replace("\\", "/")).stem
        for part in (".shx", ".dbf"):
            if not shp.with_suffix(part).exists():
                raise FileFormatError(
                    f"shapefile '{chosen}' lacks its {part} file",
                    file=fname,
                    field=part,
                    hint="zip all parts: .shp .shx .dbf .prj (.cpg)",
                )
        cpg = shp.with_suffix(".cpg")
        enc, how_en, how_zh = detect_dbf_encoding(shp.with_suffix(".dbf"), cpg if cpg.exists() else None)
        report.add(
            "info",
            "dbf_encoding",
            f"attribute encoding {enc}: {how_en}",
            f"属性表编码 {enc}：{how_zh}",
            field=".dbf",
        )
        if not shp.with_suffix(".prj").exists():
            report.add(
                "info",
                "no_prj",
                "no .prj file: the CRS is not stated",
                "缺少 .prj 文件：未注明坐标系",
                field=".prj",
            )
        gdf, _, _ = _gdal_read(shp, fname, "shapefile", layer=None, encoding=enc, report=report)
        attrs, geoms, crs, origin = _from_gdf(gdf)
        return _Raw(
            attrs, geoms, list(range(1, len(geoms) + 1)), crs, origin, chosen, names, enc
        ), "shapefile_zip"
    for suffix, fmt in (
        (".gpkg", "gpkg"),
        (".geojson", "geojson"),
        (".json", "geojson"),
        (".kml", "kml"),
        (".csv", "csv"),
        (".xlsx", "xlsx"),
    ):
        if by_suffix.get(suffix):
            orig, path = sorted(by_suffix[suffix])[0]
            report.add("info", "zip_member", f"read '{orig}' from the zip", f"读取压缩包中的“{orig}”")
            return _read_format(fmt, path.read_bytes(), fname, report, layer, tmp / "inner"), fmt
    if by_suffix.get(".dbf") or by_suffix.get(".shx"):
        raise FileFormatError(
            "zip has shapefile parts but no .shp",
            file=fname,
            field=".shp",
            hint="zip all parts: .shp .shx .dbf .prj (.cpg)",
        )
    raise FileFormatError(
        "zip holds no shapefile, GeoPackage, GeoJSON, KML or table",
        file=fname,
        hint="zip the .shp .shx .dbf .prj (.cpg) files of one layer",
    )


# ---------------------------------------------------------------- tables with lon/lat


def _rehead(df: pd.DataFrame, report: Report) -> tuple[pd.DataFrame, int]:
    """Find a header row below merged header cells; return the table and the number of extra header rows."""
    lon_alias = COLUMN_ALIASES["lon"]
    lat_alias = COLUMN_ALIASES["lat"]
    for r in range(min(5, len(df))):
        row = [
            str(v).strip() if not (isinstance(v, float) and np.isnan(v)) else "" for v in df.iloc[r].tolist()
        ]
        probe = pd.DataFrame(columns=[v or f"_c{i}" for i, v in enumerate(row)])
        if find_column(probe, lon_alias) and find_column(probe, lat_alias):
            top = [str(c) for c in df.columns]
            names = []
            for i, v in enumerate(row):
                upper = "" if top[i].startswith("Unnamed") else top[i]
                names.append(v or upper or f"column_{i + 1}")
            out = df.iloc[r + 1 :].reset_index(drop=True)
            out.columns = names
            report.add(
                "change",
                "header_row",
                f"header found on spreadsheet row {r + 2} (merged or multi-row header)",
                f"表头位于第 {r + 2} 行（合并单元格或多行表头）",
            )
            return out, r + 1
    return df, 0


def _coordinate(value: object) -> float:
    """A lon/lat cell as a float (NaN when missing or not a number).

    :func:`gis.tabular.parse_number` with two coordinate habits: a trailing degree sign is dropped and a
    full-width comma is a decimal mark (``"119，3"`` → 119.3; coordinates never need thousands separators).
    """
    if isinstance(value, str):
        value = value.replace("°", "").replace("，", ".")
        if value.strip().endswith(("%", "％")):
            return math.nan
    number = parse_number(value)
    return math.nan if number is None else number


def _read_table(data: bytes, fname: str, report: Report, fmt: str) -> _Raw:
    suffix = Path(fname).suffix.lower()
    ok_suffixes = (".xlsx", ".xlsm") if fmt == "xlsx" else (".csv", ".txt", ".tsv")
    name = fname if suffix in ok_suffixes else f"{Path(fname).stem}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    df = read_table(data, name=name)
    if df.attrs.get("encoding"):
        report.add(
            "info", "encoding", f"text encoding {df.attrs['encoding']}", f"文本编码 {df.attrs['encoding']}"
        )
    extra = 0
    lon_col = find_column(df, COLUMN_ALIASES["lon"])
    lat_col = find_column(df, COLUMN_ALIASES["lat"])
    if lon_col is None or lat_col is None:
        df, extra = _rehead(df, report)
        lon_col = find_column(df, COLUMN_ALIASES["lon"])
        lat_col = find_column(df, COLUMN_ALIASES["lat"])
    if lon_col is None or lat_col is None:
        missing = "lon/经度" if lon_col is None else "lat/纬度"
        raise FileFormatError(
            f"no {missing} column (columns: {', '.join(map(str, df.columns[:12]))})",
            file=fname,
            field=missing,
            hint="name the columns 经度 and 纬度 (or lon and lat), one row per place",
        )
    if len(df) == 0:
        raise FileFormatError("the table has a header but no rows", file=fname, hint="add one row per place")
    if len(df) > MAX_FEATURES:
        raise FileTooLargeError(
            f"{len(df):,} rows exceed the limit of {MAX_FEATURES:,}", file=fname, hint="split the table"
        )
    geoms, labels = [], []
    for i, (x, y) in enumerate(zip(df[lon_col].tolist(), df[lat_col].tolist(), strict=True)):
        row_no = i + 2 + extra
        labels.append(row_no)
        vals = []
        for col, v in ((lon_col, x), (lat_col, y)):
            f = _coordinate(v)
            if not math.isfinite(f):
                report.add(
                    "error",
                    "bad_coordinate",
                    f"'{str(v)[:30]}' is not a number; row skipped",
                    f"“{str(v)[:30]}”不是数字，已跳过该行",
                    feature=row_no,
                    field=col,
                )
            vals.append(f)
        geoms.append(Point(vals) if all(math.isfinite(v) for v in vals) else None)
    attrs = df.reset_index(drop=True)
    return _Raw(attrs, geoms, labels, None, "columns", encoding=df.attrs.get("encoding"))


def _read_format(fmt: str, data: bytes, fname: str, report: Report, layer: str | None, tmp: Path) -> _Raw:
    tmp.mkdir(parents=True, exist_ok=True)
    if fmt == "geojson":
        return _read_geojson(data, fname, report)
    if fmt == "gpkg":
        return _read_gpkg(data, fname, report, layer, tmp)
    if fmt == "kml":
        return _read_kml(data, fname, report, layer, tmp)
    if fmt in ("csv", "xlsx"):
        return _read_table(data, fname, report, fmt)
    raise FileFormatError(f"unsupported format {fmt}", file=fname)  # pragma: no cover


# ---------------------------------------------------------------- CRS and coordinates


def _all_xy(geoms: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    arr = [shapely.get_coordinates(g) for g in geoms if g is not None and not g.is_empty]
    if not arr:
        return np.empty(0), np.empty(0)
    xy = np.vstack(arr)
    return xy[:, 0], xy[:, 1]


def _decide_crs(
    raw: _Raw, user_crs: str | CRS | None, fname: str, fmt: str, report: Report
) -> tuple[CRS, str]:
    x, y = _all_xy(raw.geoms)
    if user_crs is not None:
        chosen = crsmod.parse_crs(user_crs, file=fname)
        if raw.crs is not None and raw.crs_origin in ("file", "legacy_member") and not chosen.equals(raw.crs):
            report.add(
                "warning",
                "crs_override",
                f"file states {crsmod.describe_crs(raw.crs)}; you chose {crsmod.describe_crs(chosen)}",
                f"文件注明 {crsmod.describe_crs(raw.crs)}，您选择了 {crsmod.describe_crs(chosen)}",
                field="crs",
            )
        origin = "user"
    elif raw.crs is not None:
        chosen, origin = raw.crs, raw.crs_origin
    else:
        if raw.crs_origin == "columns" and (
            crsmod.looks_like_degrees(x, y) or crsmod.looks_like_degrees(y, x)
        ):
            chosen, origin = CRS.from_epsg(4326), "columns"
            report.add(
                "info",
                "crs_from_columns",
                "lon/lat columns in degrees read as WGS84 / CGCS2000",
                "经纬度列按 WGS84 / CGCS2000 读取",
                field="crs",
            )
        else:
            sugg = crsmod.suggest_crs(x, y)
            if sugg:
                best = sugg[0]
                others = "; ".join(s.crs for s in sugg[1:])
                msg = (
                    f"the file states no CRS; the coordinates suggest {best.crs} ({best.name}: {best.reason_en})"
                    + (f"; other candidates: {others}" if others else "")
                )
                hint = f"confirm with --crs {best.crs} (or choose it on the Data page)"
            else:
                msg = "the file states no CRS and the coordinates match no CRS used in Fujian"
                hint = "give the CRS with --crs EPSG:NNNN (e.g. EPSG:4490, or EPSG:4527 for GK zone 39)"
            raise crsmod.CRSConfirmationNeeded(msg, suggestions=sugg, file=fname, field="crs", hint=hint)
    if (
        chosen.is_geographic
        and x.size
        and not crsmod.looks_like_degrees(x, y)
        and not (crsmod.looks_like_degrees(y, x) and crsmod.looks_swapped(x, y))
    ):
        sugg = crsmod.suggest_crs(x, y)
        extra = f"; they look like {sugg[0].crs} ({sugg[0].name})" if sugg else ""
        where = "the file says" if origin != "user" else "you chose"
        raise crsmod.CRSConfirmationNeeded(
            f"{where} degrees ({crsmod.describe_crs(chosen)}) but coordinates reach x={float(np.max(np.abs(x))):,.0f},"
            f" y={float(np.max(np.abs(y))):,.0f}: projected metres claimed as degrees{extra}",
            suggestions=sugg,
            file=fname,
            field="crs",
            hint=f"rerun with --crs {sugg[0].crs}" if sugg else "give the real CRS with --crs EPSG:NNNN",
        )
    if chosen.is_projected and x.size and crsmod.looks_like_degrees(x, y) and float(np.max(np.abs(x))) < 200:
        raise CRSError(
            f"CRS {crsmod.describe_crs(chosen)} is in metres but the coordinates are degrees",
            file=fname,
            field="crs",
            hint="use --crs EPSG:4490 (or fix the .prj)",
        )
    return chosen, origin


def _to_wgs84_geoms(geoms: list[Any], src: CRS, coords: str) -> list[Any]:
    out = list(geoms)
    if not crsmod.is_geographic_wgs84_like(src):
        from pyproj import Transformer

        tr = Transformer.from_crs(src, CRS.from_epsg(4326), always_xy=True)

        def _f(a: np.ndarray) -> np.ndarray:
            lon, lat = tr.transform(a[:, 0], a[:, 1])
            return np.column_stack([lon, lat])

        out = [None if g is None else shapely.transform(g, _f) for g in out]
    if coords != "wgs84":

        def _s(a: np.ndarray) -> np.ndarray:
            lon, lat = to_wgs84(a[:, 0], a[:, 1], coords)
            return np.column_stack([lon, lat])

        out = [None if g is None else shapely.transform(g, _s) for g in out]
    return out


def _check_location(geoms: list[Any], labels: list[Any], fname: str, report: Report) -> list[Any]:
    """Drop (and report) features outside Fujian; raise when none is inside, or all look swapped."""
    xmin, ymin, xmax, ymax = FUJIAN_BOUNDS
    x, y = _all_xy(geoms)
    if x.size and not np.all(np.isfinite(x) & np.isfinite(y)):
        raise CRSError(
            "coordinates could not be transformed (outside the CRS's area?)",
            file=fname,
            field="crs",
            hint="check the CRS: the numbers do not fit it",
        )
    if x.size and crsmod.looks_swapped(x, y):
        raise GeometryError(
            f"longitude and latitude look swapped: x runs {np.min(x):.3f}–{np.max(x):.3f} (a latitude in Fujian) and "
            f"y {np.min(y):.3f}–{np.max(y):.3f} (a longitude)",
            file=fname,
            field="geometry",
            hint="swap the lon/lat columns (经度 = x ≈ 116–120, 纬度 = y ≈ 23–28) or export with x = longitude",
        )
    out = []
    far: list[tuple[Any, float, float]] = []
    for label, g in zip(labels, geoms, strict=True):
        if g is None or g.is_empty:
            out.append(g)
            continue
        c = g.representative_point() if g.geom_type != "Point" else g
        if xmin <= c.x <= xmax and ymin <= c.y <= ymax:
            out.append(g)
            continue
        km = crsmod.km_from_fujian(c.x, c.y)
        far.append((label, c.x, c.y))
        report.add(
            "error",
            "outside_fujian",
            f"at lon {c.x:.4f}, lat {c.y:.4f}: {km:,.0f} km outside Fujian; feature skipped",
            f"位于经度 {c.x:.4f}、纬度 {c.y:.4f}，在福建省界外约 {km:,.0f} 公里，已跳过",
            feature=label,
            field="geometry",
        )
        out.append(None)
    usable = sum(1 for g in out if g is not None and not g.is_empty)
    if far and usable == 0:
        label, lx, ly = far[0]
        km = crsmod.km_from_fujian(lx, ly)
        near = " (that is Beijing)" if 115.4 <= lx <= 117.6 and 39.4 <= ly <= 41.1 else ""
        raise GeometryError(
            f"all {len(far)} features lie outside Fujian, e.g. feature {label} at lon {lx:.4f}, lat {ly:.4f}{near}, "
            f"{km:,.0f} km away",
            file=fname,
            feature=label,
            field="geometry",
            hint="check the coordinates and the CRS (Fujian is 115.8–120.8°E, 23.4–28.4°N); GCJ-02/BD-09 shifts are "
            "under 1 km and do not explain this",
        )
    return out


# ---------------------------------------------------------------- entry points


def list_layers(source: str | Path | bytes | io.IOBase, *, name: str | None = None) -> list[str]:
    """Names of the layers (GeoPackage, KML) or shapefiles (zip) in a file; ``[]`` for one-layer formats."""
    data, fname = _load_bytes(source, name)
    fmt, _ = sniff_format(data, fname)
    with tempfile.TemporaryDirectory(prefix="fpa-import-") as tmpdir:
        tmp = Path(tmpdir)
        try:
            if fmt in ("gpkg", "kml"):
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
            f"unknown coordinate offset '{coords}'", field="coords", hint="use wgs84, gcj02 or bd09"
        )
    data, fname = _load_bytes(source, name)
    report = Report()
    fmt, note = sniff_format(data, fname)
    if note:
        report.add("warning", "extension", note, f"扩展名与内容不符：{note}")
    with tempfile.TemporaryDirectory(prefix="fpa-import-") as tmpdir:
        tmp = Path(tmpdir)
        try:
            if fmt == "shapefile_zip":
                raw, fmt = _read_zip(data, fname, report, layer, tmp)
            else:
                raw = _read_format(fmt, data, fname, report, layer, tmp)
        except AtlasError as exc:
            if exc.file is None:
                exc.file = fname
            raise
        except RecursionError as exc:
            raise FileFormatError(
                "structure nested too deeply", file=fname, hint="export the layer again"
            ) from exc
    n_read = len(raw.geoms)
    if n_read == 0:
        raise FileFormatError(
            "no features in the file", file=fname, hint="export the layer with its features"
        )
    if n_read > MAX_FEATURES:
        raise FileTooLargeError(
            f"{n_read:,} features exceed the limit of {MAX_FEATURES:,}", file=fname, hint="split the file"
        )
    src_crs, origin = _decide_crs(raw, crs, fname, fmt, report)
    if coords_key != "wgs84" and not src_crs.is_geographic:
        raise CRSError(
            f"GCJ-02 / BD-09 offsets apply to lon/lat, not to {crsmod.describe_crs(src_crs)}",
            file=fname,
            field="coords",
            hint="use --coords wgs84 with projected coordinates",
        )
    if origin not in ("spec", "columns") or not crsmod.is_geographic_wgs84_like(src_crs):
        report.add(
            "info",
            "crs",
            f"CRS {crsmod.describe_crs(src_crs)} ({origin}) → WGS84",
            f"坐标系 {crsmod.describe_crs(src_crs)}（来源：{origin}）→ WGS84",
            field="crs",
        )
    if crsmod.datum_is_approximate(src_crs):
        report.add(
            "warning",
            "datum_ballpark",
            f"datum {src_crs.datum.name} → WGS84 has no published transformation in PROJ; positions may be off "
            "by tens of metres or more",
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
        geoms = _to_wgs84_geoms(raw.geoms, src_crs, coords_key)
    except AtlasError:
        raise
    except Exception as exc:
        raise CRSError(
            f"coordinates cannot be transformed from {crsmod.describe_crs(src_crs)}: {exc}",
            file=fname,
            field="crs",
            hint="check the CRS",
        ) from exc
    geoms = _check_location(geoms, raw.labels, fname, report)
    attrs = raw.attrs.copy()
    attrs.columns = [str(c) for c in attrs.columns]
    attrs = attrs.drop(columns=[c for c in ("_feature", "_vertices", "geometry") if c in attrs])
    attrs["_feature"] = raw.labels
    gdf = gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    gdf = repair_geometries(gdf, report, file=fname)
    for col in ("id", "park_id", "name", "名称"):
        report_duplicate_values(gdf, col, report)
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
