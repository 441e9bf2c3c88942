"""A park's shape drawn on the map: assembled from the drawings, checked and repaired like an import.

Leaflet.draw draws simple polygons and markers only, so holes and several parts are entered by one rule,
the even-odd nesting rule: **a polygon drawn inside another is a hole; a polygon inside a hole is an island;
separate polygons are several parts of one park; overlapping polygons are merged.** Reshaping an existing
park loads each of its rings as one editable polygon, and the same rule puts the holes back.

The checks are the import's (:mod:`gis.validate` repair, :mod:`gis.io.georef` "outside Fujian"), plus the
removal of tiny slivers (parts or holes under :data:`MIN_PART_M2`). Optionally the vertices are snapped to
the county lines within :data:`SNAP_TOLERANCE_M` (server side, shapely ``snap``: honest and simple). The
area is measured in the equal-area CRS (:func:`gis.measure.area_ha`). A drawn shape is ``hand_traced``,
never a surveyed boundary; a point placed by hand is ``point_unknown`` (its precision is the user's click),
never an exact point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from gis.boundaries import county_of, load_boundaries
from gis.errors import CRSError, GeometryError
from gis.import_vocab import report_level_label
from gis.io.georef import _check_location
from gis.measure import area_ha, to_equal_area
from gis.settings import EQUAL_AREA_CRS
from gis.text import normalize_lang, text
from gis.validate import Report, repair_geometries

#: The geometry quality of a shape drawn on the map, and of a point placed on it (gis.vocab.GEOMETRY_QUALITY).
HAND_TRACED = "hand_traced"
POINT_PLACED = "point_unknown"
#: Parts and holes smaller than this (m²) are slivers and are removed (reported).
MIN_PART_M2 = 200.0
#: Vertices closer than this (m) to a county line are moved onto it when snapping is asked for.
SNAP_TOLERANCE_M = 150.0
#: What the editor names as the "file" in messages.
SOURCE_NAME = "map drawing"
_M_PER_DEG = 111_320.0
#: EPSG parameter codes of an Albers equal-area conic (EPSG method 9822) -> the names the editor's live area
#: script (layers/js/live_area.js) takes.
_ALBERS_PARAMS = {8821: "lat_0", 8822: "lon_0", 8823: "lat_1", 8824: "lat_2", 8826: "x_0", 8827: "y_0"}


@dataclass
class DrawnShape:
    """The checked shape of one park drawn on the map (EPSG:4326)."""

    geometry: BaseGeometry
    report: Report = field(default_factory=Report)
    snapped: int = 0

    @property
    def kind(self) -> str:
        """``polygon`` or ``point``."""
        return "point" if self.geometry.geom_type == "Point" else "polygon"

    @property
    def quality(self) -> str:
        """The declared geometry quality: :data:`HAND_TRACED` (a shape) or :data:`POINT_PLACED` (a point)."""
        return POINT_PLACED if self.kind == "point" else HAND_TRACED

    @property
    def parts(self) -> int:
        """Number of polygon parts (1 for a point)."""
        return len(getattr(self.geometry, "geoms", [self.geometry]))

    @property
    def holes(self) -> int:
        """Number of holes over all parts."""
        polys = getattr(self.geometry, "geoms", [self.geometry])
        return sum(len(p.interiors) for p in polys if isinstance(p, Polygon))

    @property
    def area_ha(self) -> float | None:
        """Area in hectares in the equal-area CRS (``None`` for a point)."""
        if self.kind == "point":
            return None
        return float(area_ha(gpd.GeoSeries([self.geometry], crs="EPSG:4326")).iloc[0])

    def place(self) -> dict[str, str]:
        """The county and city the shape lies in (its representative point), as park attributes; empty when
        it lies in no county."""
        pt = self.geometry if self.kind == "point" else self.geometry.representative_point()
        hit = county_of(gpd.GeoSeries([pt], crs="EPSG:4326"), nearest_within_m=1000).iloc[0]
        if pd.isna(hit["adcode"]):
            return {}
        return {
            "county": str(hit["name_zh"]),
            "adcode": str(hit["adcode"]),
            "city": str(hit["city_zh"]),
            "city_adcode": str(hit["city_adcode"]),
        }

    def frame(self) -> gpd.GeoDataFrame:
        """One-row GeoDataFrame (for previews and the store)."""
        return gpd.GeoDataFrame({"geometry": [self.geometry]}, geometry="geometry", crs="EPSG:4326")

    def summary(self, lang: str) -> str:
        """``"2 parts, 1 hole, 12.3 ha (equal-area)"`` in ``lang``."""
        if self.kind == "point":
            x, y = shapely.get_x(self.geometry), shapely.get_y(self.geometry)
            return text(lang, f"点位：经度 {x:.5f}，纬度 {y:.5f}", f"Point: lon {x:.5f}, lat {y:.5f}")
        ha = self.area_ha or 0.0
        snap_zh = f"；{self.snapped} 个顶点吸附到县界" if self.snapped else ""
        snap_en = f"; {self.snapped} vertices snapped to county lines" if self.snapped else ""
        return text(
            lang,
            f"{self.parts} 个部分，{self.holes} 个洞，面积 {ha:,.2f} 公顷（等积投影）{snap_zh}",
            f"{self.parts} part(s), {self.holes} hole(s), area {ha:,.2f} ha (equal-area){snap_en}",
        )

    def report_table(self, lang: str) -> pd.DataFrame:
        """The check report in ``lang`` (level, drawing, message); empty when there is nothing to say."""
        frame = self.report.frame()
        if frame.empty:
            return frame
        return pd.DataFrame(
            {
                text(lang, "类别", "level"): [report_level_label(v, lang) for v in frame["level"]],
                text(lang, "图形", "drawing"): [
                    "" if v is None or pd.isna(v) else str(v) for v in frame["feature"]
                ],
                text(lang, "说明", "message"): frame[f"message_{normalize_lang(lang)}"],
            }
        )


def albers_parameters(crs: object = EQUAL_AREA_CRS) -> dict[str, float]:
    """The Albers parameters of ``crs`` (default the atlas's equal-area CRS) for the editor's live area in
    the browser: ellipsoid ``a`` (m) and ``rf`` (inverse flattening), ``lat_0``, ``lon_0``, ``lat_1``,
    ``lat_2`` (degrees), ``x_0``, ``y_0`` (m). The one source of these numbers is ``crs`` itself.

    Raises
    ------
    CRSError
        ``crs`` is not an Albers equal-area conic in degrees and metres.
    """
    parsed = pyproj.CRS.from_user_input(crs)
    op, ellps = parsed.coordinate_operation, parsed.ellipsoid
    if (
        op is None
        or ellps is None
        or op.method_code != "9822"
        or not parsed.axis_info
        or parsed.axis_info[0].unit_name != "metre"
    ):
        raise CRSError(
            f"the equal-area CRS must be an Albers conic in metres, got {parsed.name}",
            field="crs",
            hint="set gis.settings.EQUAL_AREA_CRS to a +proj=aea definition",
            message_zh=f"等积投影须为以米为单位的阿尔伯斯圆锥投影，实为 {parsed.name}",
        )
    out = {"a": float(ellps.semi_major_metre), "rf": float(ellps.inverse_flattening)}
    for param in op.params:
        name = _ALBERS_PARAMS.get(int(param.code))
        if name:  # to degrees (angles: the factor is to radians) and metres
            value = float(param.value) * float(param.unit_conversion_factor)
            out[name] = round(math.degrees(value) if name.startswith(("lat", "lon")) else value, 12)
    return out


def _shapes(features: Sequence[Mapping[str, Any]]) -> list[BaseGeometry | None]:
    """Shapely geometries of GeoJSON features (``None`` for what cannot be read)."""
    out: list[BaseGeometry | None] = []
    for feat in features:
        geom = feat.get("geometry") if isinstance(feat, Mapping) else None
        try:
            out.append(shape(geom) if geom else None)
        except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException):
            out.append(None)
    return out


def _nested(polys: list[Polygon]) -> BaseGeometry:
    """Even-odd nesting: a polygon inside an odd number of others is a hole, else a part; overlaps merge."""
    shells = [Polygon(p.exterior) for p in polys]
    order = sorted(range(len(polys)), key=lambda i: -shells[i].area)
    result: BaseGeometry = Polygon()
    for i in order:
        depth = sum(1 for j in range(len(polys)) if j != i and shells[j].contains(shells[i]))
        result = result.difference(polys[i]) if depth % 2 else result.union(polys[i])
    return result


def _drop_slivers(geom: BaseGeometry, report: Report) -> BaseGeometry:
    """Remove parts and holes under :data:`MIN_PART_M2` (reported)."""
    polys = [p for p in getattr(geom, "geoms", [geom]) if isinstance(p, Polygon) and not p.is_empty]
    if not polys:
        return geom
    kept, dropped_parts, dropped_holes = [], 0, 0
    for poly in polys:
        rings = [Polygon(r) for r in poly.interiors]
        areas = to_equal_area(gpd.GeoSeries([Polygon(poly.exterior), *rings], crs="EPSG:4326")).area
        if float(areas.iloc[0]) < MIN_PART_M2:
            dropped_parts += 1
            continue
        holes = [r for r, a in zip(poly.interiors, areas.iloc[1:], strict=True) if float(a) >= MIN_PART_M2]
        dropped_holes += len(poly.interiors) - len(holes)
        kept.append(Polygon(poly.exterior, holes))
    if dropped_parts or dropped_holes:
        report.add(
            "change",
            "sliver",
            f"{dropped_parts} part(s) and {dropped_holes} hole(s) under {MIN_PART_M2:,.0f} m² removed "
            "(slivers)",
            f"已删除小于 {MIN_PART_M2:,.0f} 平方米的碎片：{dropped_parts} 个部分、{dropped_holes} 个洞",
            field="geometry",
        )
    if not kept:
        raise GeometryError(
            f"the drawn shape is smaller than {MIN_PART_M2:,.0f} m²",
            file=SOURCE_NAME,
            field="geometry",
            hint="zoom in and draw the park's outline, or place a point instead",
            message_zh=f"所画图形小于 {MIN_PART_M2:,.0f} 平方米",
            hint_zh="放大地图后画出园区轮廓，或改为放置一个点",
        )
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _onto_lines(geom: BaseGeometry, lines: BaseGeometry, tol: float) -> tuple[BaseGeometry, int]:
    """``geom`` with every vertex within ``tol`` (degrees of latitude) of ``lines`` but not on them moved to
    the nearest point of ``lines``, and how many moved. Done in lon/lat with the longitudes scaled by
    cos(latitude): an affine scaling keeps the lines straight, so a moved vertex lies exactly on them."""
    k = math.cos(math.radians(shapely.centroid(geom).y))
    scaled = shapely.transform(lines, lambda c: c * (k, 1.0))
    moved = 0

    def move(coords: np.ndarray) -> np.ndarray:
        nonlocal moved
        pts = np.asarray(shapely.points(coords * (k, 1.0)))
        dist = shapely.distance(pts, scaled)
        near = (dist > 1e-12) & (dist <= tol)
        if not near.any():
            return coords
        ends = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(pts[near], scaled), 1))
        out = coords.copy()
        out[near] = ends / (k, 1.0)
        moved += int(near.sum())
        return out

    return shapely.transform(geom, move), moved


def snap_to_counties(geom: BaseGeometry, tolerance_m: float = SNAP_TOLERANCE_M) -> tuple[BaseGeometry, int]:
    """``geom`` with vertices within ``tolerance_m`` of a county line moved onto it, and how many moved.

    First shapely ``snap`` moves vertices onto the lines' own vertices within the tolerance (and puts line
    vertices near an edge into it); then every other vertex within the tolerance goes to the nearest point
    of the line (county lines have a vertex every ~2 km, so most snaps are of this kind). County lines come
    from :func:`gis.boundaries.load_boundaries` (``county``). A ring closing vertex counts once per end.
    """
    tol = float(tolerance_m) / _M_PER_DEG
    counties = load_boundaries("county")
    near = counties[counties.intersects(shapely.box(*geom.buffer(tol * 2).bounds))]
    if near.empty:
        return geom, 0
    lines = shapely.union_all(shapely.boundary(near.geometry.to_numpy()))
    snapped = shapely.snap(geom, lines, tol)
    before, after = shapely.get_coordinates(geom), shapely.get_coordinates(snapped)
    moved = int(np.sum(np.any(before != after, axis=1))) if before.shape == after.shape else len(after)
    snapped, projected = _onto_lines(snapped, lines, tol)
    if snapped.geom_type in ("Polygon", "MultiPolygon") and not snapped.is_valid:
        snapped = shapely.make_valid(snapped)
    return snapped, moved + projected


def shape_from_drawings(
    features: Sequence[Mapping[str, Any]] | None, *, snap: bool = False, tolerance_m: float = SNAP_TOLERANCE_M
) -> DrawnShape:
    """The park shape of the map drawings (``all_drawings`` of streamlit-folium: GeoJSON features).

    Polygons follow the nesting rule (module docstring); with no polygon, the last point drawn is the park's
    position. Each drawing is checked as an import feature is (numbered 1, 2, … in messages).

    Raises
    ------
    GeometryError
        Nothing usable was drawn, or everything lies outside Fujian, or the shape is a sliver.
    """
    feats = list(features or [])
    geoms = _shapes(feats)
    if not any(g is not None and not g.is_empty for g in geoms):
        raise GeometryError(
            "nothing drawn yet",
            file=SOURCE_NAME,
            field="geometry",
            hint="draw a polygon (toolbar ⬠) or place a point (toolbar marker) on the map",
            message_zh="还没有画任何图形",
            hint_zh="在地图上画多边形（工具栏 ⬠）或放置一个点（工具栏标记）",
        )
    report = Report()
    labels = list(range(1, len(geoms) + 1))
    located = _check_location(geoms, labels, SOURCE_NAME, report)
    gdf = gpd.GeoDataFrame(
        {"_feature": labels}, geometry=gpd.GeoSeries(located, crs="EPSG:4326"), crs="EPSG:4326"
    )
    usable = repair_geometries(gdf, report, file=SOURCE_NAME)
    report[:] = [i for i in report if i.code != "oriented"]  # the drawing direction is no one's concern
    polys = [p for g in usable.geometry for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon)]
    points = [g for g in usable.geometry if g.geom_type == "Point"]
    if polys:
        if points:
            report.add(
                "warning",
                "points_ignored",
                f"{len(points)} point(s) ignored: the park is the polygon(s) drawn",
                f"已忽略 {len(points)} 个点：园区以所画的多边形为准",
                field="geometry",
            )
        geom = _drop_slivers(_nested(polys), report)
    else:
        geom = points[-1]
    moved = 0
    if snap:
        geom, moved = snap_to_counties(geom, tolerance_m)
        if geom.geom_type not in ("Point",):
            geom = _drop_slivers(geom, report)
    geom = shapely.orient_polygons(geom, exterior_cw=False) if geom.geom_type != "Point" else geom
    return DrawnShape(geometry=geom, report=report, snapped=moved)


def editable_rings(geom: BaseGeometry | None) -> list[BaseGeometry]:
    """What the editor loads to reshape ``geom``: every ring (outer and hole) as one simple polygon, or the
    point itself; the nesting rule rebuilds the holes when the drawings come back."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Point":
        return [geom]
    out: list[BaseGeometry] = []
    for poly in getattr(geom, "geoms", [geom]):
        if isinstance(poly, Polygon):
            out.append(Polygon(poly.exterior))
            out.extend(Polygon(r) for r in poly.interiors)
    return out
