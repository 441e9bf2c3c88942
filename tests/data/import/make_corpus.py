"""Build the import test corpus: bad and awkward user files, and ``cases.json`` with the expected outcomes.

Run ``.venv/bin/python tests/data/import/make_corpus.py`` from the repository root; it rewrites the files in
this folder. Coordinates are synthetic test positions inside (or deliberately outside) Fujian, not data.

Each case in ``cases.json``: ``file``, ``args`` (extra CLI arguments), ``exit`` (expected exit code of
``python -m gis check``) and ``message`` (a fragment the output must contain), plus ``what`` (description).
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
from pyproj import Transformer
from shapely.geometry import Point, Polygon

HERE = Path(__file__).resolve().parent

# Synthetic squares (~1 km) and points inside Fujian, away from the coast.
SQ1 = [(119.30, 26.05), (119.31, 26.05), (119.31, 26.06), (119.30, 26.06), (119.30, 26.05)]
SQ2 = [(118.10, 24.60), (118.11, 24.60), (118.11, 24.61), (118.10, 24.61), (118.10, 24.60)]
SQ3 = [(117.60, 24.90), (117.61, 24.90), (117.61, 24.91), (117.60, 24.91), (117.60, 24.90)]
BEIJING = [(116.40, 39.90), (116.45, 39.95)]

CASES: list[dict] = []


def case(file: str, exit_code: int, message: str, what: str, args: list[str] | None = None) -> None:
    """Record an expected outcome."""
    CASES.append({"file": file, "args": args or [], "exit": exit_code, "message": message, "what": what})


def fc(features: list[dict], **extra: object) -> dict:
    return {"type": "FeatureCollection", **extra, "features": features}


def feat(geom: dict | None, **props: object) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geom}


def poly(ring: list[tuple[float, float]]) -> dict:
    return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}


def write_json(name: str, obj: object) -> None:
    (HERE / name).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def to_gk(ring: list[tuple[float, float]], epsg: int) -> list[tuple[float, float]]:
    tr = Transformer.from_crs(4326, epsg, always_xy=True)
    return [tuple(round(v, 3) for v in tr.transform(x, y)) for x, y in ring]


def shapefile_zip(
    name: str, gdf: gpd.GeoDataFrame, *, encoding: str, keep: tuple[str, ...], cpg: str | None = None
) -> None:
    """Write a shapefile with ``encoding`` and zip the parts whose suffix is in ``keep``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "parks.shp"
        gdf.to_file(path, encoding=encoding, engine="pyogrio")
        if cpg is not None:
            path.with_suffix(".cpg").write_text(cpg)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(Path(tmp).iterdir()):
                if part.suffix in keep:
                    zf.write(part, f"园区边界/{part.name}")
        (HERE / name).write_bytes(buf.getvalue())


def build() -> None:
    for old in HERE.iterdir():
        if old.name not in ("make_corpus.py", "README.md", "__init__.py") and old.is_file():
            old.unlink()

    # --- GeoJSON
    write_json(
        "ok_polygons.geojson",
        fc([feat(poly(SQ1), name="福州经济技术开发区", id="G351024"), feat(poly(SQ2), name="新园区甲")]),
    )
    case("ok_polygons.geojson", 0, "2 usable", "valid polygons in Fujian")
    write_json(
        "bowtie.geojson",
        fc(
            [
                feat(
                    poly(
                        [(119.30, 26.05), (119.31, 26.06), (119.31, 26.05), (119.30, 26.06), (119.30, 26.05)]
                    ),
                    name="蝴蝶结",
                )
            ]
        ),
    )
    case("bowtie.geojson", 0, "repaired with make_valid", "self-intersecting (bow-tie) polygon repaired")
    write_json("unclosed_ring.geojson", fc([feat(poly(SQ1[:-1]), name="未闭合")]))
    case(
        "unclosed_ring.geojson",
        0,
        "unclosed polygon ring closed",
        "ring whose last position is not the first",
    )
    write_json("empty_collection.geojson", fc([]))
    case("empty_collection.geojson", 1, "has no features", "FeatureCollection without features")
    write_json(
        "legacy_crs_4490.geojson",
        fc(
            [feat(poly(SQ1), name="甲")],
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
        ),
    )
    case("legacy_crs_4490.geojson", 0, "legacy GeoJSON 'crs' member honoured", "legacy crs member EPSG:4490")
    write_json(
        "legacy_crs_gk39.geojson",
        fc(
            [feat(poly(to_gk(SQ1, 4527)), name="甲")],
            crs={"type": "name", "properties": {"name": "EPSG:4527"}},
        ),
    )
    case("legacy_crs_gk39.geojson", 0, "EPSG:4527", "legacy crs member naming GK zone 39, metres honoured")
    write_json(
        "legacy_crs_link.geojson",
        fc([feat(poly(SQ1))], crs={"type": "link", "properties": {"href": "http://example.com/crs"}}),
    )
    case("legacy_crs_link.geojson", 1, "links to a URL", "legacy crs member of type link (never fetched)")
    write_json("projected_as_degrees.geojson", fc([feat(poly(to_gk(SQ1, 4527)), name="米当度")]))
    case(
        "projected_as_degrees.geojson",
        1,
        "projected metres claimed as degrees",
        "GK metres in RFC 7946 GeoJSON (degrees by definition); suggests EPSG:4527",
    )
    (HERE / "truncated.geojson").write_text(
        json.dumps(fc([feat(poly(SQ1)), feat(poly(SQ2))]))[:150], encoding="utf-8"
    )
    case("truncated.geojson", 1, "truncated", "file cut off in the middle")
    (HERE / "not_json.geojson").write_text("{ this is not json", encoding="utf-8")
    case("not_json.geojson", 1, "not valid JSON", "braces but no JSON")
    (HERE / "zero_bytes.geojson").write_bytes(b"")
    case("zero_bytes.geojson", 1, "0 bytes", "empty file")
    (HERE / "blanks.geojson").write_bytes(b"  \n\t \n")
    case("blanks.geojson", 1, "only blanks", "whitespace only")
    (HERE / "nan_coordinates.geojson").write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"Point","coordinates":[NaN,26.0]}}]}',
        encoding="utf-8",
    )
    case("nan_coordinates.geojson", 1, "non-finite number", "NaN literal in coordinates")
    write_json(
        "lines_only.geojson",
        fc([feat({"type": "LineString", "coordinates": [[119.3, 26.0], [119.4, 26.1]]})]),
    )
    case("lines_only.geojson", 1, "no usable feature", "only a LineString: not a boundary or position")
    write_json(
        "empty_and_duplicates.geojson",
        fc(
            [
                feat(poly(SQ1), name="甲"),
                feat(None, name="空"),
                feat(poly(SQ1), name="甲"),
                feat(poly(SQ2), name="乙"),
            ]
        ),
    )
    case(
        "empty_and_duplicates.geojson",
        0,
        "duplicate skipped",
        "empty geometry and a duplicate feature reported",
    )
    write_json(
        "mixed_outside.geojson",
        fc(
            [
                feat(poly(SQ1), name="福州"),
                feat({"type": "Point", "coordinates": list(BEIJING[0])}, name="北京"),
            ]
        ),
    )
    case(
        "mixed_outside.geojson", 0, "outside Fujian; feature skipped", "one feature in Fujian, one in Beijing"
    )
    write_json("list_top_level.geojson", [feat(poly(SQ1))])
    case("list_top_level.geojson", 1, "must be an object", "a JSON list instead of a FeatureCollection")
    write_json(
        "bad_coordinates.geojson",
        fc([feat({"type": "Polygon", "coordinates": [[["a", 1], [2, 3]]]}), feat(poly(SQ2), name="ok")]),
    )
    case(
        "bad_coordinates.geojson", 0, "geometry cannot be read", "a feature with text coordinates is skipped"
    )

    # --- tables
    (HERE / "utf8_bom.csv").write_bytes(
        "名称,经度,纬度\n甲园区,119.30,26.05\n乙园区,118.10,24.60\n".encode("utf-8-sig")
    )
    case("utf8_bom.csv", 0, "utf-8-sig", "Excel 'CSV UTF-8' with BOM and Chinese column names")
    (HERE / "gbk.csv").write_bytes("名称,经度,纬度\n甲园区,119.30,26.05\n".encode("gb18030"))
    case("gbk.csv", 0, "gb18030", "GBK-encoded CSV (older Excel/WPS)")
    (HERE / "swapped_latlon.csv").write_text(
        "name,lon,lat\nA,26.05,119.30\nB,24.60,118.10\n", encoding="utf-8"
    )
    case("swapped_latlon.csv", 1, "look swapped", "latitude in the lon column and vice versa")
    (HERE / "beijing_points.csv").write_text(
        "name,lon,lat\nA,116.40,39.90\nB,116.45,39.95\n", encoding="utf-8"
    )
    case("beijing_points.csv", 1, "Beijing", "all points in Beijing")
    (HERE / "no_lonlat.csv").write_text("name,value\nA,1\n", encoding="utf-8")
    case("no_lonlat.csv", 1, "no lon/经度 column", "table without coordinate columns")
    (HERE / "header_only.csv").write_text("name,lon,lat\n", encoding="utf-8")
    case("header_only.csv", 1, "no rows", "header but no data rows")
    (HERE / "bad_numbers.csv").write_text("name,lon,lat\nA,119.30,26.05\nB,abc,24.60\n", encoding="utf-8")
    case("bad_numbers.csv", 0, "is not a number", "one row with text in the lon column is skipped")
    (HERE / "gcj02_points.csv").write_text("name,lng,lat\nA,119.3050,26.0530\n", encoding="utf-8")
    case(
        "gcj02_points.csv",
        0,
        "GCJ02 offsets removed",
        "Gaode coordinates declared with --coords gcj02",
        ["--coords", "gcj02"],
    )
    (HERE / "bd09_points.csv").write_text("name,lng,lat\nA,119.3115,26.0590\n", encoding="utf-8")
    case(
        "bd09_points.csv",
        0,
        "BD09 offsets removed",
        "Baidu coordinates declared with --coords bd09",
        ["--coords", "bd09"],
    )
    (HERE / "gk_points_no_crs.csv").write_text(
        "name,x,y\nA,{:.2f},{:.2f}\n".format(*to_gk([(119.30, 26.05)], 4527)[0]), encoding="utf-8"
    )
    case(
        "gk_points_no_crs.csv",
        1,
        "EPSG:4527",
        "x/y columns in GK metres with zone prefix: CRS must be confirmed",
    )

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "名称", "坐标"
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws["B2"], ws["C2"] = "经度", "纬度"
    ws.append(["甲园区", 119.30, 26.05])
    ws.append(["乙园区", 118.10, 24.60])
    wb.save(HERE / "merged_header.xlsx")
    case(
        "merged_header.xlsx",
        0,
        "header found on spreadsheet row 2",
        "XLSX with merged header cells over 经度/纬度",
    )
    (HERE / "csv_named_xlsx.xlsx").write_text("name,lon,lat\nA,119.30,26.05\n", encoding="utf-8")
    case("csv_named_xlsx.xlsx", 0, "extension '.xlsx' but the content is csv", "CSV text saved with .xlsx")
    (HERE / "csv_named_geojson.geojson").write_text("name,lon,lat\nA,119.30,26.05\n", encoding="utf-8")
    case("csv_named_geojson.geojson", 0, "extension '.geojson' but the content is csv", "wrong extension")
    (HERE / "png_named_geojson.geojson").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    case("png_named_geojson.geojson", 1, "not a supported vector format", "an image renamed to .geojson")

    # --- shapefiles
    names = ["福州经济技术开发区", "泉州台商投资区", "新园区"]
    polys = [Polygon(SQ1), Polygon(SQ2), Polygon(SQ3)]
    gdf = gpd.GeoDataFrame({"名称": names, "编号": ["G351024", "G351136", ""]}, geometry=polys, crs=4490)
    shapefile_zip("gbk_no_cpg.zip", gdf, encoding="gbk", keep=(".shp", ".shx", ".dbf", ".prj"))
    case("gbk_no_cpg.zip", 0, "read as GB18030", "GBK DBF without .cpg: detected")
    shapefile_zip("utf8_cpg.zip", gdf, encoding="utf-8", keep=(".shp", ".shx", ".dbf", ".prj", ".cpg"))
    case("utf8_cpg.zip", 0, "from the .cpg file", "UTF-8 DBF with .cpg")
    shapefile_zip(
        "gbk_wrong_cpg.zip", gdf, encoding="gbk", keep=(".shp", ".shx", ".dbf", ".prj", ".cpg"), cpg="UTF-8"
    )
    case("gbk_wrong_cpg.zip", 0, ".cpg says utf-8 but the text is not", "GBK DBF whose .cpg claims UTF-8")
    gk39 = gpd.GeoDataFrame(
        {"名称": names}, geometry=[Polygon(to_gk(list(p.exterior.coords), 4527)) for p in polys], crs=4527
    )
    shapefile_zip(
        "gk39_prefix_prj.zip", gk39, encoding="utf-8", keep=(".shp", ".shx", ".dbf", ".prj", ".cpg")
    )
    case("gk39_prefix_prj.zip", 0, "EPSG:4527", "CGCS2000 GK 3° zone 39 with zone prefix, .prj present")
    shapefile_zip("gk39_prefix_no_prj.zip", gk39, encoding="utf-8", keep=(".shp", ".shx", ".dbf", ".cpg"))
    case("gk39_prefix_no_prj.zip", 1, "suggest EPSG:4527", "GK zone 39 with prefix, no .prj: CRS suggested")
    case("gk39_prefix_no_prj.zip", 0, "EPSG:4527", "same file, CRS confirmed", ["--crs", "EPSG:4527"])
    # Points near 117.6°E: CM 117 without prefix; CM 120 would put them in the sea.
    inland = [Polygon(SQ3), Polygon([(117.0, 25.10), (117.01, 25.10), (117.01, 25.11), (117.0, 25.10)])]
    gk117 = gpd.GeoDataFrame(
        {"名称": ["甲", "乙"]},
        geometry=[Polygon(to_gk(list(p.exterior.coords), 4548)) for p in inland],
        crs=4548,
    )
    shapefile_zip(
        "gk_cm117_no_prefix_no_prj.zip", gk117, encoding="utf-8", keep=(".shp", ".shx", ".dbf", ".cpg")
    )
    case(
        "gk_cm117_no_prefix_no_prj.zip",
        1,
        "suggest EPSG:4548",
        "GK 3° CM 117°E without prefix, no .prj: zone chosen from the area",
    )
    case("gk_cm117_no_prefix_no_prj.zip", 0, "EPSG:4548", "same file, CRS confirmed", ["--crs", "EPSG:4548"])
    gk6 = gpd.GeoDataFrame(
        {"名称": names}, geometry=[Polygon(to_gk(list(p.exterior.coords), 4498)) for p in polys], crs=4498
    )
    shapefile_zip("gk6_zone20_no_prj.zip", gk6, encoding="utf-8", keep=(".shp", ".shx", ".dbf", ".cpg"))
    case("gk6_zone20_no_prj.zip", 1, "EPSG:4498", "GK 6° zone 20 with prefix, no .prj")
    shapefile_zip("missing_dbf.zip", gdf, encoding="utf-8", keep=(".shp", ".shx", ".prj"))
    case("missing_dbf.zip", 1, "lacks its .dbf", "shapefile zip without its .dbf")
    with tempfile.TemporaryDirectory() as tmp:
        gdf.to_file(Path(tmp) / "bare.shp", engine="pyogrio")
        shutil.copy(Path(tmp) / "bare.shp", HERE / "bare.shp")
    case("bare.shp", 1, "a bare .shp cannot be read", "a .shp without its sibling files")
    data = (HERE / "utf8_cpg.zip").read_bytes()
    (HERE / "truncated.zip").write_bytes(data[: len(data) // 2])
    case("truncated.zip", 1, "damaged or truncated zip", "zip cut in half")

    # --- hostile zips
    def zip_with(name: str, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, payload in members:
                zf.writestr(info, payload)
        (HERE / name).write_bytes(buf.getvalue())

    ok_json = json.dumps(fc([feat(poly(SQ1))])).encode()
    zip_with("zip_slip.zip", [("../../evil.geojson", ok_json)])
    case("zip_slip.zip", 1, "'..' path", "member path escaping the folder (zip slip)")
    zip_with("zip_absolute.zip", [("/etc/evil.geojson", ok_json)])
    case("zip_absolute.zip", 1, "absolute path", "member with an absolute path")
    link = zipfile.ZipInfo("link.geojson")
    link.external_attr = 0o120777 << 16
    zip_with("zip_symlink.zip", [(link, b"/etc/passwd")])
    case("zip_symlink.zip", 1, "symbolic link", "member that is a symlink")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("a.geojson", ok_json)
    zip_with("nested.zip", [("inner.zip", inner.getvalue())])
    case("nested.zip", 1, "nested archives are refused", "zip inside a zip")
    zip_with("zip_bomb.zip", [("big.geojson", b" " * (20 * 1024 * 1024))])
    case("zip_bomb.zip", 1, "possible zip bomb", "20 MB of blanks compressing ~1000×")
    zip_with("zip_geojson_inside.zip", [("data/parks.geojson", ok_json)])
    case("zip_geojson_inside.zip", 0, "read 'data/parks.geojson' from the zip", "a zipped GeoJSON")
    zip_with("zip_empty.zip", [("readme.txt", b"nothing here")])
    case("zip_empty.zip", 1, "no shapefile", "zip without a vector file")

    # --- GeoPackage and KML
    gpkg = HERE / "two_layers.gpkg"
    gdf.to_file(gpkg, layer="parks", engine="pyogrio")
    gpd.GeoDataFrame({"名称": ["点"]}, geometry=[Point(119.3, 26.05)], crs=4326).to_file(
        gpkg, layer="points", engine="pyogrio"
    )
    case("two_layers.gpkg", 0, "layers", "GeoPackage with two layers (first read, others listed)")
    case("two_layers.gpkg", 0, "1 usable", "choose the layer", ["--layer", "points"])
    case(
        "two_layers.gpkg",
        1,
        "no layer named 'roads'",
        "asking for a layer that is not there",
        ["--layer", "roads"],
    )
    (HERE / "truncated.gpkg").write_bytes(gpkg.read_bytes()[:2048])
    case("truncated.gpkg", 1, "cannot read the GeoPackage", "GeoPackage cut off")
    (HERE / "parks.kml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>甲园区 &lt;b&gt;</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
        + " ".join(f"{x},{y},0" for x, y in SQ1)
        + "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        "<Placemark><name>乙</name><Point><coordinates>118.1,24.6,0</coordinates></Point></Placemark>"
        "</Document></kml>",
        encoding="utf-8",
    )
    case("parks.kml", 0, "2 usable", "KML with a polygon and a point")
    (HERE / "entity.kml").write_text(
        '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<kml><Document><name>&x;</name></Document></kml>",
        encoding="utf-8",
    )
    case("entity.kml", 1, "DOCTYPE", "KML with an external entity (XXE) is refused")

    (HERE / "cases.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(CASES)} cases, {len(set(c['file'] for c in CASES))} files in {HERE}")


if __name__ == "__main__":
    build()
