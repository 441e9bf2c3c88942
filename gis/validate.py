"""Validate and repair imported geometries; match imported features to known parks.

Repairs are listed, never silent: every change and problem becomes a :class:`ReportItem` naming the feature
(1-based position in the file, or the spreadsheet row) and the field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from gis.errors import FileTooLargeError, GeometryError
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

    def count(self, level: str) -> int:  # type: ignore[override]
        """Number of items at ``level``."""
        return sum(1 for i in self if i.level == level)


_POLY_TYPES = ("Polygon", "MultiPolygon")
_POINT_TYPES = ("Point", "MultiPoint")
_LINE_TYPES = ("LineString", "MultiLineString", "LinearRing")


def polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
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
            polys.extend(sub.geoms if isinstance(sub, MultiPolygon) else [sub])
        if not polys:
            return None
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    return None


def vertex_count(geom: BaseGeometry | None) -> int:
    """Number of coordinates of ``geom`` (0 for ``None``)."""
    return 0 if geom is None else int(shapely.get_num_coordinates(geom))


def repair_geometries(
    gdf: gpd.GeoDataFrame, report: Report, *, file: str | None = None, feature_col: str = "_feature"
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
    for label, geom in zip(labels, gdf.geometry, strict=True):
        if (geom is None or geom.is_empty) and label in already:
            keep.append(False)  # dropped earlier with its own message
            geoms.append(None)
            continue
        if geom is None or geom.is_empty:
            report.add(
                "error",
                "empty_geometry",
                "empty or missing geometry; feature skipped",
                "几何为空或缺失，已跳过该要素",
                feature=label,
                field="geometry",
            )
            keep.append(False)
            geoms.append(None)
            continue
        gtype = geom.geom_type
        if gtype in _LINE_TYPES:
            report.add(
                "error",
                "line_geometry",
                f"{gtype} cannot be a park boundary or position; feature skipped (export polygons or points)",
                f"线要素（{gtype}）不能作为园区边界或位置，已跳过（请导出面或点）",
                feature=label,
                field="geometry",
            )
            keep.append(False)
            geoms.append(None)
            continue
        if gtype == "GeometryCollection":
            poly = polygonal_part(geom)
            if poly is None:
                report.add(
                    "error",
                    "collection_without_polygon",
                    "geometry collection without polygons; feature skipped",
                    "几何集合中没有面，已跳过",
                    feature=label,
                    field="geometry",
                )
                keep.append(False)
                geoms.append(None)
                continue
            report.add(
                "change",
                "collection_to_polygon",
                "geometry collection reduced to its polygonal parts",
                "几何集合仅保留面部分",
                feature=label,
                field="geometry",
            )
            geom = poly
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            fixed = shapely.make_valid(geom)
            if geom.geom_type in _POLY_TYPES:
                fixed = polygonal_part(fixed)
            if fixed is None or fixed.is_empty:
                report.add(
                    "error",
                    "unrepairable",
                    f"invalid geometry ({reason}) could not be repaired; skipped",
                    f"几何无效（{reason}）且无法修复，已跳过",
                    feature=label,
                    field="geometry",
                )
                keep.append(False)
                geoms.append(None)
                continue
            parts = len(fixed.geoms) if hasattr(fixed, "geoms") else 1
            report.add(
                "change",
                "made_valid",
                f"invalid geometry ({reason}) repaired with make_valid: now {fixed.geom_type}, {parts} part(s)",
                f"几何无效（{reason}），已用 make_valid 修复：现为 {fixed.geom_type}，{parts} 个部分",
                feature=label,
                field="geometry",
            )
            geom = fixed
        if geom.geom_type in _POLY_TYPES:
            oriented = shapely.orient_polygons(geom, exterior_cw=False)
            if not shapely.equals_exact(oriented, geom, tolerance=0):
                report.add(
                    "change",
                    "oriented",
                    "ring orientation set to RFC 7946 (outer rings counter-clockwise)",
                    "环方向已按 RFC 7946 调整（外环逆时针）",
                    feature=label,
                    field="geometry",
                )
            geom = oriented
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
            keep.append(False)
            geoms.append(None)
            continue
        seen[key] = label
        keep.append(True)
        geoms.append(geom)
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    out = out.loc[np.asarray(keep, dtype=bool)].copy()
    out["_vertices"] = [vertex_count(g) for g in out.geometry]
    total = int(out["_vertices"].sum()) if len(out) else 0
    if total > MAX_VERTICES:
        raise FileTooLargeError(
            f"{total:,} vertices exceed the limit of {MAX_VERTICES:,}",
            file=file,
            hint="simplify the boundaries (e.g. QGIS Simplify, 1 m tolerance) or split the file",
        )
    if out.empty:
        raise GeometryError(
            "no usable feature (all empty, lines or invalid — see the report)",
            file=file,
            field="geometry",
            hint="export polygons or points in Fujian and try again",
        )
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


# ---------------------------------------------------------------- matching to known parks

#: Name suffixes dropped when comparing normalised names, longest first.
NAME_SUFFIXES = (
    "经济技术开发区",
    "高新技术产业园区",
    "经济开发区",
    "工业集中区",
    "工业园区",
    "产业园区",
    "开发区",
    "工业园",
    "产业园",
    "园区",
)
NAME_PREFIXES = ("福建省", "福建")
#: Columns of the shipped parks compared with imported names (lists allowed).
NAME_COLUMNS = ("name_zh", "name_en", "name_zh_alt", "plan_alias")

#: Attribute names that carry a park id or name in users' files.
ID_FIELDS = ("park_id", "id", "编号", "园区编号", "园区代码", "代码", "code", "zone_code", "bm")
NAME_FIELDS = (
    "name_zh",
    "name",
    "名称",
    "园区名称",
    "园区",
    "开发区名称",
    "mc",
    "yqmc",
    "kfqmc",
    "Name",
    "NAME",
    "name_en",
)


def normalise_name(text: object) -> str:
    """Normalise a park name for matching.

    Full-width characters become half-width (NFKC), whitespace and a 福建/福建省 prefix are removed, one
    园区/开发区/工业园区/经济开发区-type suffix is dropped, and Latin letters are lower-cased.

    >>> normalise_name("福建省 泉州 经济开发区")
    '泉州'
    >>> normalise_name("ＦＵＺＨＯＵ  Development Zone")
    'fuzhoudevelopmentzone'
    """
    t = unicodedata.normalize("NFKC", "" if text is None else str(text))
    t = re.sub(r"\s+", "", t)
    for p in NAME_PREFIXES:
        if t.startswith(p) and len(t) > len(p):
            t = t[len(p) :]
            break
    for s in NAME_SUFFIXES:
        if t.endswith(s) and len(t) > len(s):
            t = t[: -len(s)]
            break
    return t.lower()


def _pick_field(columns: list[str], choices: tuple[str, ...]) -> str | None:
    lower = {str(c).lower(): c for c in columns}
    for c in choices:
        if c in columns:
            return c
        if c.lower() in lower:
            return lower[c.lower()]
    return None


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def match_parks(
    gdf: pd.DataFrame,
    parks: pd.DataFrame,
    *,
    id_field: str | None = None,
    name_field: str | None = None,
    feature_col: str = "_feature",
) -> pd.DataFrame:
    """Match each imported feature to a known park by id, then exact name, then normalised name.

    Parameters
    ----------
    gdf
        Imported features (any columns).
    parks
        Known parks indexed by ``id`` with ``name_zh`` (and optionally ``name_en``).
    id_field, name_field
        Columns holding the id / name; guessed from common names (``park_id``, ``id``, ``名称`` …) when omitted.

    Returns
    -------
    DataFrame
        Indexed like ``gdf``: ``feature``, ``name``, ``given_id``, ``status`` (``matched`` | ``ambiguous`` |
        ``unmatched``), ``park_id`` (the match, or ``None``), ``park_name``, ``method`` (``id`` |
        ``exact_name`` | ``normalised_name``), ``candidates`` (park ids when ambiguous).
    """
    cols = [str(c) for c in gdf.columns]
    id_field = id_field or _pick_field(cols, ID_FIELDS)
    name_field = name_field or _pick_field(cols, NAME_FIELDS)
    ids = {str(i): i for i in parks.index}
    exact: dict[str, list[str]] = {}
    norm: dict[str, list[str]] = {}
    for pid, row in parks.iterrows():
        for col in NAME_COLUMNS:
            value = row.get(col) if hasattr(row, "get") else None
            values = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
            for v in values:
                if _blank(v):
                    continue
                exact.setdefault(str(v).strip(), []).append(str(pid))
                key = normalise_name(v)
                if key:
                    norm.setdefault(key, []).append(str(pid))
    rows = []
    for idx, rec in gdf.iterrows():
        given_id = None if id_field is None or _blank(rec.get(id_field)) else str(rec.get(id_field)).strip()
        name = None if name_field is None or _blank(rec.get(name_field)) else str(rec.get(name_field)).strip()
        status, pid, method, cands = "unmatched", None, None, []
        if given_id is not None and given_id in ids:
            status, pid, method = "matched", given_id, "id"
        elif name is not None:
            for how, table, key in (
                ("exact_name", exact, name),
                ("normalised_name", norm, normalise_name(name)),
            ):
                found = sorted(set(table.get(key, [])))
                if len(found) == 1:
                    status, pid, method = "matched", found[0], how
                    break
                if len(found) > 1:
                    status, method, cands = "ambiguous", how, found
                    break
        park_name = None
        if pid is not None and "name_zh" in parks:
            park_name = parks.loc[ids[pid], "name_zh"]
        rows.append(
            {
                "feature": rec.get(feature_col, idx),
                "name": name,
                "given_id": given_id,
                "status": status,
                "park_id": pid,
                "park_name": park_name,
                "method": method,
                "candidates": cands,
            }
        )
    return pd.DataFrame(
        rows,
        index=gdf.index,
        columns=["feature", "name", "given_id", "status", "park_id", "park_name", "method", "candidates"],
    )


def acceptance_frame(gdf: gpd.GeoDataFrame, decisions: pd.DataFrame) -> gpd.GeoDataFrame:
    """Features the user accepted, in the layout :func:`gis.store.accept_boundaries` takes.

    Parameters
    ----------
    gdf
        Imported features (EPSG:4326), indexed like ``decisions``.
    decisions
        The match table (:func:`match_parks`) with the user's choices: ``accept`` (bool) and ``park_id`` (a
        known park's id to replace, or empty to add the feature as a new park); ``name`` becomes ``name_zh``.

    Returns
    -------
    GeoDataFrame
        ``park_id`` (None for new parks), ``name_zh``, ``is_new`` and geometry; rows not accepted left out.

    Raises
    ------
    DataValidationError
        When two accepted features target the same park, or a new park has no name.
    """
    from gis.errors import DataValidationError

    chosen = decisions[decisions["accept"].fillna(False).astype(bool)]
    rows = []
    seen: dict[str, object] = {}
    for idx, rec in chosen.iterrows():
        pid = None if _blank(rec.get("park_id")) else str(rec.get("park_id")).strip()
        if pid is not None:
            if pid in seen:
                raise DataValidationError(
                    f"features {seen[pid]} and {rec.get('feature')} both replace park {pid}",
                    feature=rec.get("feature"),
                    field="park_id",
                    hint="accept one of them, or clear the park id of the other",
                )
            seen[pid] = rec.get("feature")
        name = None if _blank(rec.get("name")) else str(rec.get("name")).strip()
        if pid is None and name is None:
            raise DataValidationError(
                "a new park needs a name",
                feature=rec.get("feature"),
                field="name",
                hint="type a name, or choose the park it belongs to",
            )
        rows.append(
            {"park_id": pid, "name_zh": name, "is_new": pid is None, "geometry": gdf.loc[idx].geometry}
        )
    return gpd.GeoDataFrame(
        rows, columns=["park_id", "name_zh", "is_new", "geometry"], geometry="geometry", crs="EPSG:4326"
    )
