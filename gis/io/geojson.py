"""GeoJSON reader (own parser: every feature and position named in errors)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
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
from gis.errors import (
    AtlasError,
    EncodingError,
    FileFormatError,
    FileTooLargeError,
)
from gis.import_vocab import IMPORT_STAGES, json_error_zh
from gis.io.result import _Raw
from gis.jobs import Cancelled, Progress, part, step, ticker
from gis.settings import MAX_FEATURES, MAX_VERTICES
from gis.validate import Report

#: Documents longer than this (characters) are read one feature at a time while they are parsed.
STREAM_MIN_CHARS = 1 << 20
#: Share of the reading stage for parsing a small file's text (the rest: building the geometries).
_PARSE_SHARE = 0.6
_WS = re.compile(r"[ \t\n\r]*")

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


def _decode(data: bytes, fname: str, report: Report) -> str:
    """GeoJSON text: UTF-8 (with or without BOM), else GB18030 with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            "GeoJSON is neither UTF-8 nor GB18030 text",
            file=fname,
            hint="save it as UTF-8 (RFC 7946 requires UTF-8)",
            message_zh="GeoJSON 既不是 UTF-8 也不是 GB18030 文本",
            hint_zh="另存为 UTF-8 编码（RFC 7946 要求 UTF-8）",
        ) from exc
    report.add(
        "warning",
        "encoding",
        "GeoJSON was not UTF-8; read as GB18030 (RFC 7946 requires UTF-8)",
        "GeoJSON 不是 UTF-8 编码，已按 GB18030 读取（RFC 7946 要求 UTF-8）",
    )
    return text


def _skip(text: str, i: int) -> int:
    """The position after the JSON whitespace at ``i``."""
    m = _WS.match(text, i)
    return m.end() if m is not None else i


def _parse_stream(text: str, progress: Progress, on_feature: Callable[[Any], None]) -> dict[str, Any] | None:
    """The document parsed member by member, each element of its ``features`` array handed to ``on_feature``
    as soon as it is parsed (the member itself is ``None`` in the result), reporting the characters read; or
    ``None`` when it is not a plain JSON object: :func:`_parse` then parses it again and names the error."""
    decode = json.JSONDecoder(parse_constant=_reject_constant).raw_decode
    n = len(text)
    reading, next_at, every = IMPORT_STAGES["read"], 0, max(1, n // 100)
    doc: dict[str, Any] = {}
    try:
        i = _skip(text, 0)
        if text[i] != "{":
            return None
        i = _skip(text, i + 1)
        while text[i] != "}":
            key, i = decode(text, i)
            i = _skip(text, i)
            if not isinstance(key, str) or text[i] != ":":
                return None
            i = _skip(text, i + 1)
            if key != "features" or text[i] != "[":
                doc[key], i = decode(text, i)
            else:
                i = _skip(text, i + 1)
                while text[i] != "]":
                    feat, i = decode(text, i)
                    on_feature(feat)
                    if i >= next_at:
                        next_at = i + every
                        progress.update(reading, i / n)
                    i = _skip(text, i)
                    if text[i] == ",":
                        i = _skip(text, i + 1)
                    elif text[i] != "]":
                        return None
                doc[key], i = None, i + 1
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
            elif text[i] != "}":
                return None
        return doc if _skip(text, i + 1) == n else None
    except (ValueError, IndexError, RecursionError):
        return None


def _parse(text: str, fname: str) -> dict[str, Any]:
    """The GeoJSON document as a dict; JSON errors name line and column."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        trunc = exc.pos >= len(text.rstrip()) - 1
        what = (
            "ends too early (truncated?)"
            if trunc
            else f"is not valid JSON at line {exc.lineno}, column {exc.colno}"
        )
        what_zh = (
            "提前结束（文件被截断？）" if trunc else f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON"
        )
        raise FileFormatError(
            f"GeoJSON {what}: {exc.msg}",
            file=fname,
            hint="export the layer again; do not edit GeoJSON by hand",
            message_zh=f"GeoJSON {what_zh}"
            + (f"：{json_error_zh(exc.msg)}" if json_error_zh(exc.msg) else ""),
            hint_zh="从 GIS 软件重新导出该图层，不要手工编辑 GeoJSON",
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(
            f"GeoJSON cannot be parsed: {exc}",
            file=fname,
            hint="export the layer again from your GIS",
            message_zh="GeoJSON 无法解析" + ("（嵌套层数过深）" if isinstance(exc, RecursionError) else ""),
            hint_zh="从 GIS 软件重新导出该图层",
        ) from exc
    if not isinstance(doc, dict):
        raise FileFormatError(
            "GeoJSON must be an object (a FeatureCollection), not a list or a value",
            file=fname,
            hint="export a FeatureCollection",
            message_zh="GeoJSON 必须是一个对象（FeatureCollection），不能是列表或单个值",
            hint_zh="导出为 FeatureCollection",
        )
    return doc


_GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


def _features(doc: dict[str, Any], fname: str) -> list[Any]:
    """The document's features (a lone Feature or geometry becomes a one-feature list)."""
    gtype = doc.get("type")
    if gtype == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise FileFormatError(
                "FeatureCollection without a 'features' list",
                file=fname,
                field="features",
                hint="export the layer again",
                message_zh="FeatureCollection 缺少 features 列表",
                hint_zh="重新导出该图层",
            )
    elif gtype == "Feature":
        feats = [doc]
    elif gtype in _GEOMETRY_TYPES:
        feats = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise FileFormatError(
            f"not GeoJSON: top-level 'type' is {str(gtype)[:40]!r}",
            file=fname,
            field="type",
            hint="expected a FeatureCollection",
            message_zh=f"不是 GeoJSON：顶层 type 为 {str(gtype)[:40]!r}",
            hint_zh="应为 FeatureCollection",
        )
    if not feats:
        raise FileFormatError(
            "the FeatureCollection has no features",
            file=fname,
            field="features",
            hint="the layer is empty: export it again with its features",
            message_zh="FeatureCollection 中没有要素",
            hint_zh="图层为空：连同要素重新导出",
        )
    if len(feats) > MAX_FEATURES:
        raise FileTooLargeError(
            f"{len(feats):,} features exceed the limit of {MAX_FEATURES:,}",
            file=fname,
            hint="split the file",
            message_zh=f"{len(feats):,} 个要素超过上限 {MAX_FEATURES:,}",
            hint_zh="把文件拆分成几个",
        )
    return feats


def _file_crs(doc: dict[str, Any], fname: str, report: Report) -> tuple[CRS | None, str]:
    """WGS84 by RFC 7946, unless a legacy ``crs`` member says otherwise."""
    if doc.get("crs") is None:
        return CRS.from_epsg(4326), "spec"
    file_crs = crsmod.legacy_member_crs(doc["crs"], file=fname)
    described = crsmod.describe_crs(file_crs)
    report.add(
        "info",
        "legacy_crs_member",
        f"legacy GeoJSON 'crs' member honoured: {described} "
        "(RFC 7946 files carry no 'crs' member and are WGS84)",
        f"已采用旧版 GeoJSON 的 crs 成员：{described}（RFC 7946 文件不带 crs，一律为 WGS84）",
        field="crs",
    )
    return file_crs, "legacy_member"


def _properties(feat: dict[str, Any], i: int, report: Report) -> dict[str, Any]:
    """The feature's properties as scalars (plus its top-level ``id``)."""
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
    return rec


def _feature_geometry(feat: dict[str, Any], i: int, counter: list[int], fname: str, report: Report) -> Any:
    """The feature's geometry, or ``None`` (reported) when it cannot be read."""
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
        return None
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
    return geom


class _Built:
    """The features read so far, one at a time (properties, geometry, label), and their report."""

    def __init__(self, fname: str, report: Report) -> None:
        self.fname, self.report = fname, report
        self.counter = [0]
        self.records: list[dict[str, Any]] = []
        self.geoms: list[Any] = []
        self.labels: list[int | str] = []

    def add(self, feat: Any) -> None:
        """Read the next feature (a bad one is reported and kept as an empty row)."""
        i = len(self.labels) + 1
        self.labels.append(i)
        if not isinstance(feat, dict):
            self.report.add(
                "error", "bad_feature", "feature is not an object; skipped", "要素不是对象，已跳过", feature=i
            )
            self.records.append({})
            self.geoms.append(None)
            return
        self.records.append(_properties(feat, i, self.report))
        self.geoms.append(_feature_geometry(feat, i, self.counter, self.fname, self.report))

    def raw(self, file_crs: CRS | None, origin: str) -> _Raw:
        """The features as :class:`_Raw`."""
        n = len(self.records)
        attrs = pd.DataFrame.from_records(self.records, index=range(n)) if n else pd.DataFrame()
        return _Raw(attrs, self.geoms, self.labels, file_crs, origin)


def _read_stream(text: str, fname: str, report: Report, progress: Progress) -> _Raw | None:
    """A large FeatureCollection read feature by feature while it is parsed (no parsed copy of the whole
    document is held: few Python objects, so the server's garbage collections stay short), or ``None`` for
    anything unusual (another layout, an error, too many features): the full parse then reads it and names
    the error exactly as without progress."""
    built = _Built(fname, Report())

    def add(feat: Any) -> None:
        if len(built.labels) >= MAX_FEATURES:
            raise ValueError("too many features")  # the full parse reports the count
        built.add(feat)

    try:
        doc = _parse_stream(text, progress, add)
        if doc is None or doc.get("type") != "FeatureCollection" or not built.labels:
            return None
        file_crs, origin = _file_crs(doc, fname, report)
    except Cancelled:
        raise
    except AtlasError:
        return None
    report.extend(built.report)
    return built.raw(file_crs, origin)


def _read_geojson(data: bytes, fname: str, report: Report, progress: Progress | None = None) -> _Raw:
    """The GeoJSON's features as read; ``progress`` gets the reading stage (the text parsed and the features
    built: together for a large file, else one after the other)."""
    step(progress, IMPORT_STAGES["read"], 0.0)
    text = _decode(data, fname, report)
    if len(text) >= STREAM_MIN_CHARS:  # faster and half the memory; reports when watched
        streamed = _read_stream(text, fname, report, progress if progress is not None else Progress())
        if streamed is not None:
            return streamed
    doc = _parse(text, fname)
    del text
    step(progress, IMPORT_STAGES["read"], _PARSE_SHARE)
    feats = _features(doc, fname)
    tick = ticker(part(progress, _PARSE_SHARE, 1.0), IMPORT_STAGES["read"], len(feats))
    file_crs, origin = _file_crs(doc, fname, report)
    built = _Built(fname, report)
    for i, feat in enumerate(feats, start=1):
        tick(i)
        built.add(feat)
    return built.raw(file_crs, origin)
