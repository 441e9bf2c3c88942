"""Coordinate reference systems of user files: parse, recognise, suggest, check.

Rules (see ``docs/import.md``):

- A CRS stated by the file (``.prj``, GeoPackage SRS, a legacy GeoJSON ``crs`` member) is used; the user can
  override it (``--crs`` / the page's CRS choice) and the report says so.
- RFC 7946 GeoJSON and KML without a stated CRS are WGS84 by definition; CSV/XLSX ``lon``/``lat`` columns in
  degrees are read as WGS84 / CGCS2000 (the two agree to a few centimetres).
- Anything else without a CRS gets *suggestions* from its coordinate ranges, which the user must confirm:
  degrees inside Fujian → EPSG:4490; an 8-digit easting such as 39 500 000 → the 3° Gauss-Krüger zone named by
  its first two digits (EPSG:4513–4533, zones 25–45) or the 6° zone (EPSG:4491–4501, zones 13–23); a 6-digit
  easting → the zones without prefix (3°: EPSG:4534–4554, 6°: EPSG:4502–4512) whose result falls in Fujian.
- GCJ-02 (Gaode) and BD-09 (Baidu) are offsets of WGS84 that cannot be detected from the numbers: the user
  declares them (``coords``) and :mod:`gis.coords` converts them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCRSError

from gis.boundaries import load_boundaries
from gis.errors import CRSError
from gis.settings import FUJIAN_BOUNDS

#: Geographic CRS accepted as "WGS84 lon/lat" without transformation (CGCS2000 differs by centimetres).
GEOGRAPHIC_EQUIVALENT = (4326, 4490)
#: Datums whose shift to WGS84 is known to centimetres for mapping purposes.
EXACT_DATUMS = ("World Geodetic System 1984", "China 2000")


def datum_is_approximate(crs: CRS | None) -> bool:
    """True for datums (Beijing 1954, Xian 1980, …) whose shift to WGS84 PROJ only knows as a ballpark."""
    if crs is None or crs.datum is None:
        return False
    return not any(name in crs.datum.name for name in EXACT_DATUMS)


# CGCS2000 Gauss-Krüger families: (first EPSG, first zone or central meridian, step, prefixed?, width)
_GK_3_PREFIX = range(4513, 4534)  # zones 25..45, CM 75..135, false easting zone*1e6 + 500 000
_GK_3_PLAIN = range(4534, 4555)  # CM 75..135
_GK_6_PREFIX = range(4491, 4502)  # zones 13..23, CM 75..135
_GK_6_PLAIN = range(4502, 4513)  # CM 75..135

#: Northings of Fujian in Gauss-Krüger metres (23.4°N ≈ 2 590 km, 28.4°N ≈ 3 145 km), with a margin.
_FUJIAN_NORTHING = (2_450_000.0, 3_300_000.0)


class CRSConfirmationNeeded(CRSError):
    """The file states no CRS and its coordinates are not plain degrees: the user must confirm one.

    ``suggestions`` holds :class:`CRSSuggestion` objects, best first (possibly empty).
    """

    def __init__(
        self, message: str, *, suggestions: list[CRSSuggestion] | None = None, **kwargs: object
    ) -> None:
        self.suggestions = list(suggestions or [])
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CRSSuggestion:
    """One candidate CRS for a file without one.

    Attributes
    ----------
    crs : str
        ``"EPSG:NNNN"``.
    name : str
        The CRS's official name.
    reason_en, reason_zh : str
        Why it is suggested.
    share_in_fujian : float
        Share (0–1) of the sampled coordinates that fall inside Fujian when read in this CRS.
    """

    crs: str
    name: str
    reason_en: str
    reason_zh: str
    share_in_fujian: float = 0.0


@dataclass
class CRSDecision:
    """The CRS used for a file and how it was chosen (for the import report)."""

    crs: CRS | None
    origin: str  # "file", "user", "spec", "columns", "legacy_member"
    note_en: str = ""
    note_zh: str = ""
    suggestions: list[CRSSuggestion] = field(default_factory=list)

    @property
    def label(self) -> str:
        """``EPSG:NNNN name`` or the CRS name."""
        return describe_crs(self.crs)


def parse_crs(text: object, *, file: str | None = None) -> CRS:
    """Parse ``EPSG:NNNN``, a bare code, a URN/OGC name, WKT or a PROJ string into a :class:`pyproj.CRS`.

    Raises
    ------
    CRSError
        When the text names no CRS PROJ knows.
    """
    if isinstance(text, CRS):
        return text
    raw = str(text or "").strip()
    if not raw:
        raise CRSError(
            "empty CRS",
            file=file,
            hint="give a code such as EPSG:4490 or EPSG:4527",
            message_zh="坐标系为空",
            hint_zh="填写坐标系代码，如 EPSG:4490 或 EPSG:4527",
        )
    if raw.isdigit():
        raw = f"EPSG:{raw}"
    upper = raw.upper()
    if "CRS84" in upper:
        return CRS.from_epsg(4326)
    if upper.startswith(("HTTP://", "HTTPS://", "FTP://", "FILE:")):
        raise CRSError(
            f"CRS given as a link ({raw[:60]}) is not fetched",
            file=file,
            hint="give the code instead, e.g. EPSG:4490",
            message_zh=f"坐标系以链接给出（{raw[:60]}），不会联网获取",
            hint_zh="改填坐标系代码，如 EPSG:4490",
        )
    try:
        return CRS.from_user_input(raw)
    except (PyprojCRSError, ValueError, TypeError) as exc:
        raise CRSError(
            f"unknown CRS '{raw[:80]}'",
            file=file,
            hint="give an EPSG code such as EPSG:4490 (CGCS2000) or EPSG:4527 (GK zone 39)",
            message_zh=f"无法识别的坐标系“{raw[:80]}”",
            hint_zh="填写 EPSG 代码，如 EPSG:4490（CGCS2000）或 EPSG:4527（高斯-克吕格 39 带）",
        ) from exc


def epsg_of(crs: CRS | None) -> int | None:
    """Return the EPSG code of ``crs`` when it has one (matching at 90 % confidence), else ``None``."""
    if crs is None:
        return None
    try:
        return crs.to_epsg(min_confidence=90)
    except Exception:  # pragma: no cover - pyproj raises its own errors for odd definitions
        return None


def describe_crs(crs: CRS | None) -> str:
    """Short human label: ``EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39``."""
    if crs is None:
        return "none"
    code = epsg_of(crs)
    return f"EPSG:{code} {crs.name}" if code else crs.name


def is_geographic_wgs84_like(crs: CRS | None) -> bool:
    """True when ``crs`` is a geographic lon/lat CRS treated as WGS84 (4326, CGCS2000 4490, …)."""
    if crs is None:
        return False
    code = epsg_of(crs)
    if code in GEOGRAPHIC_EQUIVALENT:
        return True
    return bool(
        crs.is_geographic
        and not datum_is_approximate(crs)
        and crs.ellipsoid is not None
        and abs(crs.ellipsoid.semi_major_metre - 6378137.0) < 1.0
    )


def gk_epsg(zone_or_cm: int, *, width: int = 3, prefix: bool = True) -> int:
    """EPSG code of a CGCS2000 Gauss-Krüger CRS.

    Parameters
    ----------
    zone_or_cm
        Zone number (``prefix=True``) or central meridian in degrees (``prefix=False``).
    width
        3 or 6 (degrees).
    prefix
        Whether the false easting carries the zone number (``39 500 000``) or not (``500 000``).
    """
    if width == 3:
        cm = zone_or_cm * 3 if prefix else zone_or_cm
        if cm % 3 or not 75 <= cm <= 135:
            raise CRSError(
                f"no CGCS2000 3° Gauss-Krüger zone for {zone_or_cm}",
                hint="3° zones are 25–45 (central meridians 75°E–135°E)",
            )
        return (4513 if prefix else 4534) + (cm - 75) // 3
    if width == 6:
        cm = zone_or_cm * 6 - 3 if prefix else zone_or_cm
        if (cm - 75) % 6 or not 75 <= cm <= 135:
            raise CRSError(
                f"no CGCS2000 6° Gauss-Krüger zone for {zone_or_cm}",
                hint="6° zones are 13–23 (central meridians 75°E–135°E)",
            )
        return (4491 if prefix else 4502) + (cm - 75) // 6
    raise CRSError(f"zone width must be 3 or 6, not {width}")


def _share_in_fujian(lon: np.ndarray, lat: np.ndarray) -> float:
    """Share of points inside the Fujian box."""
    if lon.size == 0:
        return 0.0
    xmin, ymin, xmax, ymax = FUJIAN_BOUNDS
    inside = (lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax)
    return float(np.mean(inside))


@lru_cache(maxsize=1)
def _province_shape() -> shapely.Geometry | None:
    """Fujian's outline buffered by ~5 km (coast, reclaimed land), or ``None`` when boundaries are missing."""
    try:
        geom = shapely.union_all(load_boundaries("province").geometry.values).buffer(0.05)
        shapely.prepare(geom)
        return geom
    except Exception:  # boundaries are optional here: fall back to the box
        return None


def _share_on_land(lon: np.ndarray, lat: np.ndarray) -> float:
    """Share of points inside Fujian's outline (the box when the outline is unavailable)."""
    shape = _province_shape()
    if shape is None or lon.size == 0:
        return _share_in_fujian(lon, lat)
    return float(np.mean(shapely.contains_xy(shape, lon, lat)))


def _share_for(code: int, x: np.ndarray, y: np.ndarray) -> float:
    tr = Transformer.from_crs(CRS.from_epsg(code), CRS.from_epsg(4326), always_xy=True)
    lon, lat = tr.transform(x, y)
    lon, lat = np.asarray(lon), np.asarray(lat)
    ok = np.isfinite(lon) & np.isfinite(lat)
    return _share_on_land(lon[ok], lat[ok]) if ok.any() else 0.0


def looks_like_degrees(x: np.ndarray, y: np.ndarray) -> bool:
    """True when every coordinate is a plausible lon/lat pair."""
    return bool(x.size and np.all(np.abs(x) <= 180.0) and np.all(np.abs(y) <= 90.0))


def looks_swapped(x: np.ndarray, y: np.ndarray) -> bool:
    """True when most points are outside Fujian as lon/lat but inside it as lat/lon."""
    if not x.size:
        return False
    return _share_in_fujian(x, y) < 0.5 and _share_in_fujian(y, x) >= 0.5


def suggest_crs(x: np.ndarray, y: np.ndarray) -> list[CRSSuggestion]:
    """Suggest CRSs for coordinates ``x, y`` with no stated CRS, best first.

    Only candidates that put some of the points inside Fujian are returned. Degrees give EPSG:4490;
    eastings of eight digits give the zone-prefixed Gauss-Krüger CRS named by the prefix; eastings of six
    digits give the zones without prefix ranked by the share of points they put in Fujian (3° before 6° on
    ties, since land surveys use 3° zones).
    """
    x = np.asarray(x, dtype="float64").ravel()
    y = np.asarray(y, dtype="float64").ravel()
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size > 2000:  # a sample is enough to rank candidates
        idx = np.linspace(0, x.size - 1, 2000).astype(int)
        x, y = x[idx], y[idx]
    out: list[CRSSuggestion] = []
    if not x.size:
        return out
    if looks_like_degrees(x, y):
        share = _share_on_land(x, y)
        if share > 0:
            out.append(
                CRSSuggestion(
                    "EPSG:4490",
                    CRS.from_epsg(4490).name,
                    "coordinates are degrees inside Fujian (CGCS2000 ≈ WGS84)",
                    "坐标为福建境内的经纬度（CGCS2000 与 WGS84 相差仅厘米级）",
                    share,
                )
            )
        return out
    ymin, ymax = _FUJIAN_NORTHING
    north_ok = float(np.mean((y >= ymin) & (y <= ymax)))
    if north_ok == 0:
        return out
    med_x = float(np.median(x))
    if med_x >= 1_000_000:
        return _prefixed_zones(med_x, x, y)
    if 100_000 <= med_x <= 900_000:
        return _plain_zones(med_x, x, y)
    return out


def _prefixed_zones(med_x: float, x: np.ndarray, y: np.ndarray) -> list[CRSSuggestion]:
    """Eastings of eight digits: the Gauss-Krüger zone their prefix names (3° or 6°)."""
    zone = int(med_x // 1_000_000)
    candidates: list[tuple[int, str, str]] = []
    for width, zones in ((3, range(25, 46)), (6, range(13, 24))):
        if zone in zones:
            candidates.append(
                (
                    gk_epsg(zone, width=width, prefix=True),
                    f"easting {med_x:,.0f} starts with zone number {zone} ({width}° zone, prefixed)",
                    f"东坐标 {med_x:,.0f} 以带号 {zone} 开头（{width} 度带，带带号）",
                )
            )
    out = []
    for code, en, zh in candidates:
        share = _share_for(code, x, y)
        if share > 0:
            out.append(CRSSuggestion(f"EPSG:{code}", CRS.from_epsg(code).name, en, zh, share))
    return out


def _plain_zones(med_x: float, x: np.ndarray, y: np.ndarray) -> list[CRSSuggestion]:
    """Eastings of six digits: zones without prefix ranked by the share of points they put in Fujian."""
    ranked = []
    for width, cms in ((3, range(111, 127, 3)), (6, range(111, 130, 6))):
        for cm in cms:
            code = gk_epsg(cm, width=width, prefix=False)
            share = _share_for(code, x, y)
            if share > 0:
                ranked.append((share, -width, code, cm, width))
    ranked.sort(reverse=True)
    return [
        CRSSuggestion(
            f"EPSG:{code}",
            CRS.from_epsg(code).name,
            f"easting {med_x:,.0f} has no zone prefix; central meridian {cm}°E ({width}° zone) puts "
            f"{share:.0%} of the points in Fujian",
            f"东坐标 {med_x:,.0f} 不带带号；按中央经线 {cm}°E（{width} 度带）换算，"
            f"{share:.0%} 的点落在福建境内",
            share,
        )
        for share, _, code, cm, width in ranked[:4]
    ]


def transform_xy(x: np.ndarray, y: np.ndarray, src: CRS) -> tuple[np.ndarray, np.ndarray]:
    """Transform arrays from ``src`` to WGS84 lon/lat (``always_xy``)."""
    tr = Transformer.from_crs(src, CRS.from_epsg(4326), always_xy=True)
    lon, lat = tr.transform(np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64"))
    return np.asarray(lon), np.asarray(lat)


def km_from_fujian(lon: float, lat: float) -> float:
    """Great-circle distance in km from ``lon, lat`` to the nearest edge of the Fujian box (0 inside)."""
    xmin, ymin, xmax, ymax = FUJIAN_BOUNDS
    clon = min(max(lon, xmin), xmax)
    clat = min(max(lat, ymin), ymax)
    p1, p2 = math.radians(lat), math.radians(clat)
    dp, dl = p2 - p1, math.radians(clon - lon)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def legacy_member_crs(member: object, *, file: str | None = None) -> CRS:
    """Parse the legacy (GeoJSON 2008) ``crs`` member ``{"type": "name", "properties": {"name": …}}``.

    ``link`` CRS members are refused: the atlas never fetches URLs named in user files.
    """
    if not isinstance(member, dict):
        raise CRSError(
            "the 'crs' member is not an object",
            file=file,
            field="crs",
            hint="remove the 'crs' member (RFC 7946 GeoJSON is always WGS84) or use --crs",
            message_zh="crs 成员不是对象",
            hint_zh="删除 crs 成员（RFC 7946 GeoJSON 一律为 WGS84），或用 --crs 指定",
        )
    kind = str(member.get("type", "")).lower()
    raw_props = member.get("properties")
    props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
    if kind == "name" and props.get("name"):
        return parse_crs(props["name"], file=file)
    if kind in ("link", "url"):
        raise CRSError(
            "the 'crs' member links to a URL, which the atlas does not fetch",
            file=file,
            field="crs",
            hint="remove the 'crs' member and give the CRS with --crs EPSG:NNNN",
            message_zh="crs 成员是一个网址链接，本工具不会联网获取",
            hint_zh="删除 crs 成员，并用 --crs EPSG:NNNN 指定坐标系",
        )
    if kind == "epsg" and props.get("code"):
        return parse_crs(f"EPSG:{props['code']}", file=file)
    raise CRSError(
        f"cannot read the 'crs' member of type '{kind}'",
        file=file,
        field="crs",
        hint="remove the 'crs' member or use --crs EPSG:NNNN",
        message_zh=f"无法读取类型为“{kind}”的 crs 成员",
        hint_zh="删除 crs 成员，或用 --crs EPSG:NNNN 指定坐标系",
    )
