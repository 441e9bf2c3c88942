"""Validate and repair imported geometries (matching to known parks: :mod:`gis.matching`, re-exported).

Repairs are listed, never silent: every change and problem becomes a :class:`ReportItem` naming the feature
(1-based position in the file, or the spreadsheet row) and the field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from gis.errors import FileTooLargeError, GeometryError
from gis.import_vocab import IMPORT_STAGES
from gis.jobs import Progress, ticker
from gis.matching import (
    ID_FIELDS,
    MAX_NAME_CHARS,
    NAME_COLUMNS,
    NAME_FIELDS,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    acceptance_frame,
    clean_name,
    match_parks,
    name_problem,
    normalise_name,
)
from gis.settings import MAX_VERTICES

#: Report levels, most severe first. ``error``: the feature (or file) cannot be used and is skipped;
#: ``warning``: kept, but check it; ``change``: repaired automatically; ``info``: how the file was read.
LEVELS = ("error", "warning", "change", "info")


@dataclass
class ReportItem:
    """One line of an import report."""

    level: str
    code: str
    message_en: str
    message_zh: str
    feature: int | str | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain dict (JSON-ready)."""
        return asdict(self)


class Report(list):
    """A list of :class:`ReportItem` with a shortcut to add one."""

    def add(
        self,
        level: str,
        code: str,
        en: str,
        zh: str,
        *,
        feature: int | str | None = None,
        field: str | None = None,
    ) -> ReportItem:
        """Append an item and return it."""
        if level not in LEVELS:
            raise ValueError(f"unknown report level {level!r}")
        item = ReportItem(level, code, en, zh, feature, field)
        self.append(item)
        return item

    def frame(self) -> pd.DataFrame:
        """The report as a DataFrame (columns level, code, feature, field, message_en, message_zh)."""
        cols = ["level", "code", "feature", "field", "message_en", "message_zh"]
        return pd.DataFrame([i.to_dict() for i in self], columns=cols, dtype=object)

    def count(self, level: str) -> int:
        """Number of items at ``level``."""
        return sum(1 for i in self if i.level == level)


_POLY_TYPES = ("Polygon", "MultiPolygon")
_POINT_TYPES = ("Point", "MultiPoint")
_LINE_TYPES = ("LineString", "MultiLineString", "LinearRing")


def polygonal_part(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Return the polygonal parts of ``geom`` (a Polygon or MultiPolygon), or ``None`` if it has none."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in _POLY_TYPES:
        return geom
    if hasattr(geom, "geoms"):
        polys: list[Polygon] = []
        for part in geom.geoms:
            sub = polygonal_part(part)
            if sub is None:
                continue
            polys.extend(
                sub.geoms if isinstance(sub, MultiPolygon) else [sub] if isinstance(sub, Polygon) else []
            )
        if not polys:
            return None
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    return None


def vertex_count(geom: BaseGeometry | None) -> int:
    """Number of coordinates of ``geom`` (0 for ``None``)."""
    return 0 if geom is None else int(shapely.get_num_coordinates(geom))


def repair_geometries(
    gdf: gpd.GeoDataFrame,
    report: Report,
    *,
    file: str | None = None,
    feature_col: str = "_feature",
    progress: Progress | None = None,
) -> gpd.GeoDataFrame:
    """Repair invalid geometries, drop empty / unusable / duplicate features, orient polygons.

    Parameters
    ----------
    gdf
        Features in EPSG:4326 with a ``feature_col`` column labelling each feature for messages.
    report
        Filled with one item per change and problem.
    file
        File name for errors.
    progress
        Gets the ``validate`` stage per feature (:mod:`gis.jobs`; may raise :class:`gis.jobs.Cancelled`).

    Returns
    -------
    GeoDataFrame
        The usable features (same columns plus ``_vertices``), index preserved.

    Raises
    ------
    FileTooLargeError
        When the features hold more than ``MAX_VERTICES`` coordinates.
    GeometryError
        When no usable feature remains.
    """
    keep: list[bool] = []
    geoms: list[BaseGeometry | None] = []
    seen: dict[bytes, object] = {}
    labels = gdf[feature_col].tolist() if feature_col in gdf else list(range(1, len(gdf) + 1))
    already = {i.feature for i in report if i.level == "error" and i.feature is not None}
    tick = ticker(progress, IMPORT_STAGES["validate"], len(labels))
    for n, (label, raw) in enumerate(zip(labels, gdf.geometry, strict=True)):
        tick(n)
        dropped = (raw is None or raw.is_empty) and label in already  # dropped earlier, with its message
        geom = None if dropped else _repair_one(label, raw, report)
        if geom is not None:
            key = shapely.to_wkb(shapely.normalize(geom))
            if key in seen:
                report.add(
                    "warning",
                    "duplicate_geometry",
                    f"same geometry as feature {seen[key]}; duplicate skipped",
                    f"与要素 {seen[key]} 几何完全相同，重复要素已跳过",
                    feature=label,
                    field="geometry",
                )
                geom = None
            else:
                seen[key] = label
        keep.append(geom is not None)
        geoms.append(geom)
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    out = out.loc[np.asarray(keep, dtype=bool)].copy()
    out["_vertices"] = [vertex_count(g) for g in out.geometry]
    _check_usable(out, file)
    return out


def _check_usable(out: gpd.GeoDataFrame, file: str | None) -> None:
    """Raise when the usable features hold too many vertices, or when none is left."""
    total = int(out["_vertices"].sum()) if len(out) else 0
    if total > MAX_VERTICES:
        raise FileTooLargeError(
            f"{total:,} vertices exceed the limit of {MAX_VERTICES:,}",
            file=file,
            hint="simplify the boundaries (e.g. QGIS Simplify, 1 m tolerance) or split the file",
            message_zh=f"共 {total:,} 个顶点，超过上限 {MAX_VERTICES:,}",
            hint_zh="简化边界（如 QGIS“简化”，容差 1 米）或把文件拆分",
        )
    if out.empty:
        raise GeometryError(
            "no usable feature (all empty, lines or invalid — see the report)",
            file=file,
            field="geometry",
            hint="export polygons or points in Fujian and try again",
            message_zh="没有可用的要素（全部为空、线要素或无效几何——见报告）",
            hint_zh="导出福建境内的面或点后再试",
        )


def _repair_one(label: object, geom: BaseGeometry | None, report: Report) -> BaseGeometry | None:
    """One feature's geometry repaired and oriented, or ``None`` (reported) when it cannot be used."""
    geom = _usable(label, geom, report)
    if geom is not None and not geom.is_valid:
        geom = _made_valid(label, geom, report)
    if geom is not None and geom.geom_type in _POLY_TYPES:
        oriented = shapely.orient_polygons(geom, exterior_cw=False)
        if not shapely.equals_exact(oriented, geom, tolerance=0):
            report.add(
                "change",
                "oriented",
                "ring orientation set to RFC 7946 (outer rings counter-clockwise)",
                "环方向已按 RFC 7946 调整（外环逆时针）",
                feature=_as_label(label),
                field="geometry",
            )
        geom = oriented
    return geom


def _as_label(label: object) -> int | str | None:
    return label if label is None or isinstance(label, int | str) else str(label)


def _usable(label: object, geom: BaseGeometry | None, report: Report) -> BaseGeometry | None:
    """``None`` (reported) for empty and line geometries; collections reduced to their polygons."""
    feature = _as_label(label)
    if geom is None or geom.is_empty:
        report.add(
            "error",
            "empty_geometry",
            "empty or missing geometry; feature skipped",
            "几何为空或缺失，已跳过该要素",
            feature=feature,
            field="geometry",
        )
        return None
    gtype = geom.geom_type
    if gtype in _LINE_TYPES:
        report.add(
            "error",
            "line_geometry",
            f"{gtype} cannot be a park boundary or position; feature skipped (export polygons or points)",
            f"线要素（{gtype}）不能作为园区边界或位置，已跳过（请导出面或点）",
            feature=feature,
            field="geometry",
        )
        return None
    if gtype != "GeometryCollection":
        return geom
    poly = polygonal_part(geom)
    if poly is None:
        report.add(
            "error",
            "collection_without_polygon",
            "geometry collection without polygons; feature skipped",
            "几何集合中没有面，已跳过",
            feature=feature,
            field="geometry",
        )
        return None
    report.add(
        "change",
        "collection_to_polygon",
        "geometry collection reduced to its polygonal parts",
        "几何集合仅保留面部分",
        feature=feature,
        field="geometry",
    )
    return poly


def _made_valid(label: object, geom: BaseGeometry, report: Report) -> BaseGeometry | None:
    """An invalid geometry repaired with ``make_valid`` (reported), or ``None`` when it cannot be."""
    reason = shapely.is_valid_reason(geom)
    fixed: BaseGeometry | None = shapely.make_valid(geom)
    if geom.geom_type in _POLY_TYPES:
        fixed = polygonal_part(fixed)
    if fixed is None or fixed.is_empty:
        report.add(
            "error",
            "unrepairable",
            f"invalid geometry ({reason}) could not be repaired; skipped",
            f"几何无效（{reason}）且无法修复，已跳过",
            feature=_as_label(label),
            field="geometry",
        )
        return None
    parts = len(fixed.geoms) if hasattr(fixed, "geoms") else 1
    report.add(
        "change",
        "made_valid",
        f"invalid geometry ({reason}) repaired with make_valid: now {fixed.geom_type}, {parts} part(s)",
        f"几何无效（{reason}），已用 make_valid 修复：现为 {fixed.geom_type}，{parts} 个部分",
        feature=_as_label(label),
        field="geometry",
    )
    return fixed


def check_names(
    gdf: gpd.GeoDataFrame, report: Report, feature_col: str = "_feature", *, progress: Progress | None = None
) -> gpd.GeoDataFrame:
    """Clean every name column (:func:`gis.matching.clean_name`, reported as a change when invisible or
    format characters were removed) and skip features whose name is unusable (a control character, over
    :data:`gis.matching.MAX_NAME_CHARS` characters), each reported as an error naming feature and field.
    ``progress`` gets the ``validate`` stage per feature."""
    out = gdf.copy()
    cols = [c for c in NAME_FIELDS if c in out.columns]
    tick = ticker(progress, IMPORT_STAGES["validate"], len(out) * len(cols))
    done = 0
    for col in cols:
        values = out[col].tolist()
        cleaned: list[object] = []
        for label, value, geom in zip(out[feature_col], values, out.geometry, strict=True):
            tick(done)
            done += 1
            if value is None or (isinstance(value, float) and np.isnan(value)) or not isinstance(value, str):
                cleaned.append(value)
                continue
            problem = name_problem(value)
            name = clean_name(value)
            if problem is not None:
                report.add(
                    "error",
                    "bad_name",
                    f"{problem[0]}; feature skipped",
                    f"{problem[1]}，已跳过该要素",
                    feature=label,
                    field=col,
                )
                name = name[:MAX_NAME_CHARS]
                out.loc[out[feature_col] == label, out.geometry.name] = None
            elif name != value.strip() and geom is not None:
                report.add(
                    "change",
                    "name_cleaned",
                    "invisible or format characters removed from the name",
                    "已去除名称中的不可见字符或格式字符",
                    feature=label,
                    field=col,
                )
            cleaned.append(name)
        out[col] = cleaned
    return out


def report_duplicate_values(
    gdf: gpd.GeoDataFrame, column: str, report: Report, feature_col: str = "_feature"
) -> None:
    """Add a warning for each feature whose ``column`` value repeats an earlier one."""
    if column not in gdf:
        return
    first: dict[str, object] = {}
    for label, value in zip(gdf[feature_col], gdf[column], strict=True):
        if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
            continue
        key = str(value).strip()
        if key in first:
            report.add(
                "warning",
                "duplicate_value",
                f"{column} '{key}' also used by feature {first[key]}",
                f"{column}“{key}”与要素 {first[key]} 重复",
                feature=label,
                field=column,
            )
        else:
            first[key] = label


__all__ = [
    "ID_FIELDS",
    "LEVELS",
    "NAME_COLUMNS",
    "NAME_FIELDS",
    "NAME_PREFIXES",
    "NAME_SUFFIXES",
    "Report",
    "ReportItem",
    "acceptance_frame",
    "check_names",
    "clean_name",
    "match_parks",
    "name_problem",
    "normalise_name",
    "polygonal_part",
    "repair_geometries",
    "report_duplicate_values",
    "vertex_count",
]
