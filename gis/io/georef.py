"""CRS decision, reprojection to WGS84 and the Fujian location check."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import CRS

from gis import crs as crsmod
from gis.coords import to_wgs84
from gis.errors import (
    CRSError,
    GeometryError,
)
from gis.import_vocab import IMPORT_STAGES
from gis.io.result import _Raw
from gis.jobs import Progress, step, ticker
from gis.settings import FUJIAN_BOUNDS
from gis.validate import Report

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
                    f"the file states no CRS; the coordinates suggest {best.crs} "
                    f"({best.name}: {best.reason_en})" + (f"; other candidates: {others}" if others else "")
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
            f"{where} degrees ({crsmod.describe_crs(chosen)}) but coordinates reach "
            f"x={float(np.max(np.abs(x))):,.0f},"
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


def _to_wgs84_geoms(geoms: list[Any], src: CRS, coords: str, progress: Progress | None = None) -> list[Any]:
    out = list(geoms)
    step(progress, IMPORT_STAGES["crs"], 0.0)
    if not crsmod.is_geographic_wgs84_like(src):
        from pyproj import Transformer

        tr = Transformer.from_crs(src, CRS.from_epsg(4326), always_xy=True)

        def _f(a: np.ndarray) -> np.ndarray:
            lon, lat = tr.transform(a[:, 0], a[:, 1])
            return np.column_stack([lon, lat])

        out = _each(out, _f, progress)
    if coords != "wgs84":

        def _s(a: np.ndarray) -> np.ndarray:
            lon, lat = to_wgs84(a[:, 0], a[:, 1], coords)
            return np.column_stack([lon, lat])

        out = _each(out, _s, progress)
    return out


def _each(geoms: list[Any], fn: Any, progress: Progress | None) -> list[Any]:
    """``shapely.transform(g, fn)`` of every geometry, reporting the coordinate stage per feature."""
    tick = ticker(progress, IMPORT_STAGES["crs"], len(geoms))
    out = []
    for i, g in enumerate(geoms):
        tick(i)
        out.append(None if g is None else shapely.transform(g, fn))
    return out


def _check_location(
    geoms: list[Any], labels: list[Any], fname: str, report: Report, progress: Progress | None = None
) -> list[Any]:
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
            f"longitude and latitude look swapped: x runs {np.min(x):.3f}–{np.max(x):.3f} (a latitude in "
            f"Fujian) and y {np.min(y):.3f}–{np.max(y):.3f} (a longitude)",
            file=fname,
            field="geometry",
            hint="swap the lon/lat columns (经度 = x ≈ 116–120, 纬度 = y ≈ 23–28) or export with "
            "x = longitude",
            message_zh=f"经纬度看起来对调了：x 在 {np.min(x):.3f}–{np.max(x):.3f}（福建的纬度），"
            f"y 在 {np.min(y):.3f}–{np.max(y):.3f}（经度）",
            hint_zh="对调经度、纬度两列（经度 x ≈ 116–120，纬度 y ≈ 23–28），或导出时令 x 为经度",
        )
    out = []
    far: list[tuple[Any, float, float]] = []
    tick = ticker(progress, IMPORT_STAGES["crs"], len(geoms))
    for i, (label, g) in enumerate(zip(labels, geoms, strict=True)):
        tick(i)
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
            f"all {len(far)} features lie outside Fujian, e.g. feature {label} at lon {lx:.4f}, "
            f"lat {ly:.4f}{near}, {km:,.0f} km away",
            file=fname,
            feature=label,
            field="geometry",
            hint="check the coordinates and the CRS (Fujian is 115.8–120.8°E, 23.4–28.4°N); GCJ-02/BD-09 "
            "shifts are under 1 km and do not explain this",
            message_zh=f"全部 {len(far)} 个要素都在福建以外，例如要素 {label} "
            f"位于经度 {lx:.4f}、纬度 {ly:.4f}，相距约 {km:,.0f} 公里",
            hint_zh="检查坐标和坐标系（福建约在东经 115.8–120.8°、北纬 23.4–28.4°）；"
            "GCJ-02/BD-09 偏移不到 1 公里，不能解释这一差距",
        )
    return out
