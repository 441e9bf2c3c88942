"""GeoPackages and GeoJSON that open cleanly (issue 13): GeoPackage 1.2, one geometry type per layer, typed
columns (no JSON text), layer and field descriptions, WGS84 or CGCS2000 — checked with GDAL's own
``ogrinfo -al -so`` (no warning on stderr); RFC 7946 GeoJSON; the exported HTML has a ``<title>``."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, box

from gis.errors import CRSError
from gis.io import LayerDoc, write_gpkg
from gis.store import to_rfc7946
from tests.gis import hostile


def _ogrinfo(path: Path) -> tuple[str, str]:
    proc = subprocess.run(["ogrinfo", "-al", "-so", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def _mixed() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "ok": [True, None, False, True],
            "n": [1, None, 3, 4],
            "tags": [["石化", "化工"], [], ["电子"], None],
            "figures": [[{"value": 1.5, "unit": "ha", "year": 2020}], [], [{"value": 2, "year": None}], None],
        },
        geometry=[
            Point(119, 26),
            box(119, 26, 119.1, 26.1),
            shapely.MultiPolygon([box(118, 25, 118.1, 25.1)]),
            None,
        ],
        crs=4326,
    )


def test_one_geometry_type_per_layer_typed_columns_and_child_tables(tmp_path: Path) -> None:
    doc = LayerDoc("混合 / mixed", {"ok": "是否 / yes or no", "value": "数值 / value"})
    dest = write_gpkg({"mixed": _mixed()}, tmp_path / "m.gpkg", docs={"mixed": doc})
    layers = dict(pyogrio.list_layers(dest).tolist())
    assert layers == {
        "mixed_points": "Point",
        "mixed_polygons": "MultiPolygon",  # a polygon and a multipolygon: promoted
        "mixed_points__figures": None,
        "mixed_polygons__figures": None,
    }
    pts = pyogrio.read_dataframe(dest, layer="mixed_points")
    assert len(pts) == 2 and pts.geometry.isna().sum() == 1  # a feature without geometry goes with the first
    assert pts["tags"].tolist()[0] == "石化; 化工"
    info = pyogrio.read_info(dest, layer="mixed_points")
    assert dict(zip(info["fields"], info["dtypes"], strict=True))["ok"] == "bool"
    figures = pyogrio.read_dataframe(dest, layer="mixed_polygons__figures", read_geometry=False)
    assert figures["id"].tolist() == ["c"] and figures["value"].tolist() == [2.0]  # keyed by the parent id
    with sqlite3.connect(dest) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2
        described = dict(con.execute("SELECT table_name, description FROM gpkg_contents").fetchall())
        columns = con.execute("SELECT table_name, column_name, description FROM gpkg_data_columns").fetchall()
    assert described["mixed_points"] == "混合 / mixed"
    assert described["mixed_points__figures"].startswith("混合 / mixed")
    assert ("mixed_points", "ok", "是否 / yes or no") in columns
    stdout, stderr = _ogrinfo(dest)
    assert stderr.strip() == "" and "Warning" not in stdout


def test_crs_is_wgs84_or_cgcs2000_only(tmp_path: Path) -> None:
    dest = write_gpkg({"m": _mixed().iloc[:1]}, tmp_path / "c.gpkg", crs="EPSG:4490")
    assert pyogrio.read_info(dest, layer="m")["crs"] == "EPSG:4490"
    with pytest.raises(CRSError, match="EPSG:4490"):
        write_gpkg({"m": _mixed()}, tmp_path / "x.gpkg", crs="EPSG:3857")


@pytest.mark.slow
def test_layers_export_cli_writes_a_clean_geopackage(tmp_path: Path) -> None:
    out = tmp_path / "atlas.gpkg"
    run = hostile.run_cli(
        "layers",
        "export",
        "--out",
        str(out),
        "--layers",
        "cities",
        "parks",
        "petrochem",
        "--crs",
        "EPSG:4490",
    )
    assert run.code == 0, run.err
    stdout, stderr = _ogrinfo(out)
    assert stderr.strip() == "", stderr
    geometry = re.findall(r"^Geometry: (.+)$", stdout, re.MULTILINE)
    assert geometry and not [g for g in geometry if g in ("Unknown (any)", "Geometry Collection")]
    assert 'ID["EPSG",4490]' in stdout
    assert "DESCRIPTION=开发区" in stdout
    layers = dict(pyogrio.list_layers(out).tolist())
    assert {"cities", "parks", "petrochem"} <= set(layers)
    parks = pyogrio.read_dataframe(out, layer="parks")
    for col in parks.columns.drop("geometry"):  # attributes as typed columns, never JSON text
        text = parks[col].dropna().astype(str)
        assert not text.str.match(r"^\s*[\[{]").any(), col


def test_geojson_is_rfc7946() -> None:
    cw = shapely.Polygon([(119, 26), (119, 26.1), (119.1, 26.1), (119.1, 26)])  # clockwise exterior
    gdf = gpd.GeoDataFrame({"name": ["x"]}, geometry=[cw], crs=4326).to_crs(4490)
    doc = json.loads(json.dumps(to_rfc7946(gdf)))
    assert "crs" not in doc
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw  # right-hand rule: exterior counter-clockwise
    assert all(115 < x < 122 and 23 < y < 29 for x, y in ring)  # lon, lat order


def test_exported_html_has_a_title() -> None:
    from layers.mapbuild import build_map, map_html

    html = map_html(build_map(layers=["province"], lang="en", title="Plan <2025>"))
    assert "<title>Plan &lt;2025&gt;</title>" in html
    assert re.search(r"<title>.+</title>", map_html(build_map(layers=["province"], lang="zh")))
