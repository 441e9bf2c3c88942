"""Park share from firm records: hand-made cases (inside, outside, edge, overlap, GCJ-02, GBK, bad rows)."""

from __future__ import annotations

import io
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from shapely.geometry import box

from clusters import parkshare as ps
from gis.coords import wgs84_to_gcj02
from gis.errors import CRSError, DataValidationError
from gis.settings import EQUAL_AREA_CRS
from gis.tabular import parse_coordinate, parse_coordinates


def counties() -> gpd.GeoDataFrame:
    """Two adjacent square 'counties' in two cities, and a Kinmen-like county outside the statistics."""
    return gpd.GeoDataFrame(
        {
            "adcode": ["350102", "350203", "350527"],
            "name_zh": ["甲区", "乙区", "金门县"],
            "city_adcode": ["350100", "350200", "350500"],
            "city_zh": ["福州市", "厦门市", "泉州市"],
            "in_statistics": [True, True, False],
        },
        geometry=[
            box(119.0, 26.0, 119.5, 26.5),
            box(119.5, 26.0, 120.0, 26.5),
            box(118.2, 24.3, 118.5, 24.6),
        ],
        crs="EPSG:4326",
    )


def parks() -> gpd.GeoDataFrame:
    """P1 (small) overlaps P2 (larger); P3 in the second county."""
    return gpd.GeoDataFrame(
        {"id": ["P1", "P2", "P3"], "name_zh": ["一号园", "二号园", "三号园"]},
        geometry=[
            box(119.1, 26.1, 119.2, 26.2),
            box(119.15, 26.15, 119.3, 26.3),
            box(119.6, 26.1, 119.7, 26.2),
        ],
        crs="EPSG:4326",
    )


def firms() -> pd.DataFrame:
    rows = [
        ("inside P1", 119.12, 26.12, 10, 2020, "电子"),
        ("in P1 and P2", 119.17, 26.17, 20, 2020, "电子"),
        ("inside P2", 119.25, 26.25, 30, 2020, "纺织"),
        ("on P1 edge", 119.1, 26.15, 5, 2020, "纺织"),
        ("outside", 119.4, 26.4, 40, 2020, "电子"),
        ("in P3", 119.65, 26.15, 50, 2020, "石化"),
        ("no coords", None, 26.2, 8, 2020, "电子"),
        ("bad output", 119.12, 26.13, "abc", 2020, "电子"),
        ("other year", 119.12, 26.14, 9, 2019, "电子"),
        ("abroad", 121.9, 25.0, 11, 2020, "电子"),
        ("kinmen", 118.35, 24.45, 12, 2020, "电子"),
        ("on county border", 119.5, 26.45, 7, 2020, ""),
    ]
    df = pd.DataFrame(rows, columns=["企业名称", "经度", "纬度", "产值", "年份", "行业"])
    df["产值"] = df["产值"].astype(object)
    df.attrs["row_offset"] = 2
    return df


@pytest.fixture(scope="module")
def ctx() -> ps.Context:
    return ps.build_context(parks(), counties())


@pytest.fixture(scope="module")
def result(ctx: ps.Context) -> ps.ParkShareResult:
    return ps.compute_parkshare(firms(), ctx, year=2020, keep_assignments=True)


def _assigned(result: ps.ParkShareResult) -> dict[int, object]:
    a = result.assignments
    return dict(zip(a["row"], a["park_id"], strict=True))


def test_inside_edge_and_overlap_rules(result):
    park_of = _assigned(result)
    assert park_of[2] == "P1"  # inside
    assert park_of[3] == "P1"  # in two overlapping parks -> the smaller one, counted once
    assert park_of[4] == "P2"
    assert park_of[5] == "P1"  # exactly on the boundary counts as inside
    assert pd.isna(park_of[6])  # outside every park
    assert park_of[7] == "P3"
    assert result.province["firms_in_overlapping_parks"] == 1


def test_province_and_park_sums(result):
    p = result.province
    assert p["firms"] == 7
    assert p["firms_in_parks"] == 5
    assert p["output_total"] == pytest.approx(10 + 20 + 30 + 5 + 40 + 50 + 7)
    assert p["output_in_parks"] == pytest.approx(10 + 20 + 30 + 5 + 50)
    assert p["park_share"] == pytest.approx(115 / 162)
    assert p["plan_target_share"] == 0.75 and "专栏1" in p["plan_target_source"]
    assert p["meets_target"] is False
    by_park = result.by_park.set_index("park_id")
    assert by_park.loc["P1", "firms"] == 3 and by_park.loc["P1", "output"] == pytest.approx(35)
    assert by_park.loc["P2", "firms"] == 1 and by_park.loc["P2", "output"] == pytest.approx(30)
    assert by_park.loc["P3", "output"] == pytest.approx(50)
    assert by_park["output"].sum() == pytest.approx(p["output_in_parks"])  # no double count


def test_city_from_county_polygons(result):
    city = result.by_city.set_index("city_zh")
    assert set(city.index) == {"福州市", "厦门市"}
    # the firm exactly on the county border goes to the lowest adcode (福州市's 350102)
    assert city.loc["福州市", "firms"] == 6
    assert city.loc["福州市", "output_total"] == pytest.approx(112)
    assert city.loc["福州市", "park_share"] == pytest.approx(65 / 112)
    assert city.loc["厦门市", "park_share"] == pytest.approx(1.0)


def test_sectors(result):
    sec = result.by_sector.set_index("sector")
    assert sec.loc["电子", "firms"] == 3 and sec.loc["电子", "output_in_parks"] == pytest.approx(30)
    assert sec.loc["纺织", "park_share"] == pytest.approx(1.0)
    assert sec.loc[ps.NO_SECTOR, "firms"] == 1
    assert sec["output_total"].sum() == pytest.approx(result.province["output_total"])


def test_bad_rows_in_one_language(result):
    zh = result.bad_rows_in("zh")
    en = result.bad_rows_in("en")
    assert list(zh.columns) == ["row", "field", "value", "problem"] and len(zh) == len(result.bad_rows)
    assert "缺少坐标" in set(zh["problem"]) and "no coordinates" in set(en["problem"])
    assert not zh["problem"].str.contains(" / ").any() and not en["problem"].str.contains("缺少").any()
    combined = result.bad_rows["problem_en"] + " / " + result.bad_rows["problem_zh"]
    assert (combined == result.bad_rows["problem"]).all()  # the JSON/CLI line keeps both


def test_rules_and_target_source_in_one_language(result):
    zh, en = result.rules_in("zh"), result.rules_in("en")
    assert set(zh) == set(en) == set(result.rules)
    assert "计入园区" in zh["boundary"] and "/" not in zh["boundary"]
    assert en["boundary"].startswith("a firm on a park boundary") and "计入" not in en["boundary"]
    assert en["row_numbering"] == result.rules["row_numbering"]
    assert "专栏1第10项" in result.plan_target_source_in("zh")
    assert "Box 1 item 10" in result.plan_target_source_in("en")


def test_bad_rows_listed_with_row_and_field(result):
    bad = result.bad_rows
    by_row = {r: g for r, g in bad.groupby("row")}
    assert set(by_row) == {8, 9, 10, 11, 12}
    assert by_row[8]["field"].tolist() == ["经度"] and "no coordinates" in by_row[8]["problem"].iloc[0]
    assert by_row[9]["field"].tolist() == ["产值"] and "not a number" in by_row[9]["problem"].iloc[0]
    assert "other year" in by_row[10]["problem"].iloc[0]
    assert "outside Fujian" in by_row[11]["problem"].iloc[0]
    assert "金门" in by_row[12]["problem"].iloc[0]
    # nothing silently dropped: valid + bad rows = all rows
    assert result.province["firms"] + bad["row"].nunique() == len(firms())


def test_outside_firm_nearest_park_and_distance(result):
    out = result.outside
    assert result.outside_count == 2 and len(out) == 2
    far = out.set_index("row").loc[6]
    assert far["nearest_park"] == "P2" and far["firm"] == "outside"
    geod = pyproj.Geod(ellps="GRS80")
    _, _, d = geod.inv(119.4, 26.4, 119.3, 26.3)  # nearest point of P2 is its corner
    assert far["distance_m"] == pytest.approx(d, rel=1e-3)
    assert list(out["distance_m"]) == sorted(out["distance_m"])


def test_gcj02_declared_input_lands_in_the_right_park():
    lon, lat = 119.3, 26.08  # WGS84
    park = gpd.GeoDataFrame(
        {"id": ["small"]}, geometry=[box(lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002)], crs="EPSG:4326"
    )
    ctx = ps.build_context(park, counties())
    glon, glat = wgs84_to_gcj02(lon, lat)
    df = pd.DataFrame({"lon": [float(glon)], "lat": [float(glat)], "output": [1.0]})
    as_gcj = ps.compute_parkshare(df, ctx, coords="gcj02")
    assert as_gcj.province["firms_in_parks"] == 1
    as_wgs = ps.compute_parkshare(df, ctx, coords="wgs84")  # the undeclared offset puts it ~500 m away
    assert as_wgs.province["firms_in_parks"] == 0
    assert 200 < as_wgs.outside["distance_m"].iloc[0] < 1000


def test_gbk_csv_with_chinese_headers(tmp_path, ctx):
    text = (
        "企业名称,经度,纬度,产值,年份,行业\n"
        "福州甲厂,119.12,26.12,100.5,2020,纺织服装\n"
        "厦门乙厂,119.65,26.15,50,2020,电子信息\n"
    )
    path = tmp_path / "firms_gbk.csv"
    path.write_bytes(text.encode("gbk"))
    df = ps.read_firms(path)
    assert df.attrs["encoding"] == "gb18030"
    r = ps.compute_parkshare(df, ctx)
    assert r.year == 2020
    assert r.province["output_in_parks"] == pytest.approx(150.5)
    assert set(r.by_sector["sector"]) == {"纺织服装", "电子信息"}


def test_geopackage_firms(tmp_path, ctx):
    g = gpd.GeoDataFrame(
        {"output": [3.0, 4.0], "year": [2020, 2020]},
        geometry=shapely.points([[119.12, 26.12], [119.45, 26.45]]),
        crs="EPSG:4490",
    )
    path = tmp_path / "firms.gpkg"
    g.to_file(path, driver="GPKG")
    df = ps.read_firms(path)
    assert df.attrs["row_offset"] == 1
    r = ps.compute_parkshare(df, ctx)
    assert r.province["firms"] == 2 and r.province["output_in_parks"] == pytest.approx(3.0)


def test_several_years_need_a_choice(ctx):
    df = pd.DataFrame(
        {"lon": [119.12, 119.13], "lat": [26.12, 26.12], "output": [1, 2], "year": [2019, 2020]}
    )
    with pytest.raises(DataValidationError, match="several years"):
        ps.compute_parkshare(df, ctx)
    assert ps.compute_parkshare(df, ctx, year=2019).province["output_total"] == 1


def test_missing_column_and_unknown_coords(ctx):
    with pytest.raises(DataValidationError, match="output"):
        ps.compute_parkshare(pd.DataFrame({"lon": [119.1], "lat": [26.1]}), ctx)
    with pytest.raises(CRSError):
        ps.compute_parkshare(pd.DataFrame({"lon": [119.1], "lat": [26.1], "output": [1]}), ctx, coords="utm")


def test_point_parks_are_refused_without_approximation():
    pts = gpd.GeoDataFrame(
        {"id": ["a"], "figures": [[{"key": "approved_area_ha", "value": 100}]]},
        geometry=shapely.points([[119.2, 26.2]]),
        crs="EPSG:4326",
    ).set_index("id", drop=False)
    with pytest.raises(DataValidationError, match="points"):
        ps.default_context(counties=counties(), parks=pts)
    ctx = ps.default_context(counties=counties(), parks=pts, approximate=True)
    assert ctx.approximate and ctx.park_table["geometry_quality"].tolist() == ["approximate"]
    area_ha = ctx.parks.area_m2[0] / 1e4
    assert area_ha == pytest.approx(100, rel=0.01)  # circle of the approved area
    r = ps.compute_parkshare(pd.DataFrame({"lon": [119.2], "lat": [26.2], "output": [1]}), ctx)
    assert r.province["approximate_parks"] is True and "APPROXIMATE" in r.to_dict()["parks_note"]
    assert "近似范围" in r.parks_note_in("zh") and "核准面积" in r.parks_note_in("zh")
    assert "APPROXIMATE" in r.parks_note_in("en") and "近似范围" not in r.parks_note_in("en")


def test_duplicate_park_ids_and_point_park_file_rejected():
    dup = parks().assign(id=["P1", "P1", "P3"])
    with pytest.raises(DataValidationError, match="twice"):
        ps.build_context(dup, counties())
    pts = gpd.GeoDataFrame({"id": ["x"]}, geometry=shapely.points([[119.2, 26.2]]), crs="EPSG:4326")
    with pytest.raises(DataValidationError, match="polygon"):
        ps.build_context(pts, counties())


def test_equal_area_parks_tie_to_lowest_id():
    twins = gpd.GeoDataFrame(
        {"id": ["Z9", "A1"]}, geometry=[box(119.1, 26.1, 119.2, 26.2)] * 2, crs="EPSG:4326"
    )
    ctx = ps.build_context(twins, counties())
    r = ps.compute_parkshare(
        pd.DataFrame({"lon": [119.15], "lat": [26.15], "output": [1]}), ctx, keep_assignments=True
    )
    assert r.assignments["park_id"].tolist() == ["A1"]


def test_locate_agrees_with_geopandas_sjoin():
    rng = np.random.default_rng(3)
    polys = [
        shapely.Point(x, y).buffer(r, 8)
        for x, y, r in zip(
            rng.uniform(119.05, 119.95, 40),
            rng.uniform(26.05, 26.45, 40),
            rng.uniform(0.005, 0.05, 40),
            strict=True,
        )
    ]
    pk = gpd.GeoDataFrame({"id": [f"p{i:02d}" for i in range(40)]}, geometry=polys, crs="EPSG:4326")
    ctx = ps.build_context(pk, counties())
    lon = rng.uniform(119.0, 120.0, 5000)
    lat = rng.uniform(26.0, 26.5, 5000)
    r = ps.compute_parkshare(
        pd.DataFrame({"lon": lon, "lat": lat, "output": 1.0}), ctx, keep_assignments=True
    )
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    joined = gpd.sjoin(pts, pk, predicate="intersects")
    inside_sjoin = set(joined.index + 2)
    a = r.assignments
    assert set(a.loc[a["park_id"].notna(), "row"]) == inside_sjoin
    # the chosen park is one of the parks sjoin found, and the smallest of them
    area = dict(zip(ctx.park_table["park_id"], ctx.parks.area_m2, strict=True))
    for row, pid in zip(a["row"], a["park_id"], strict=True):
        if pd.notna(pid):
            cands = joined.loc[row - 2, "id"]
            cands = [cands] if isinstance(cands, str) else list(cands)
            assert pid == min(cands, key=lambda c: (area[c], c))


def test_nearest_matches_shapely_distance():
    rng = np.random.default_rng(5)
    ring = box(119.3, 26.2, 119.4, 26.3).difference(box(119.33, 26.23, 119.37, 26.27))  # with a hole
    multi = shapely.MultiPolygon([box(119.7, 26.1, 119.72, 26.12), box(119.8, 26.3, 119.83, 26.33)])
    pk = gpd.GeoDataFrame(
        {"id": ["ring", "multi", "tri"]},
        geometry=[ring, multi, shapely.Polygon([(119.1, 26.4), (119.2, 26.45), (119.12, 26.48)])],
        crs="EPSG:4326",
    )
    ctx = ps.build_context(pk, counties())
    lon = np.r_[rng.uniform(119.0, 120.0, 3000), 119.35]  # the last one sits in the hole
    lat = np.r_[rng.uniform(26.0, 26.5, 3000), 26.25]
    r = ps.compute_parkshare(pd.DataFrame({"lon": lon, "lat": lat, "output": 1.0}), ctx)
    out = r.outside.set_index("row")
    ea = pk.to_crs(EQUAL_AREA_CRS).geometry.values
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).values
    for row, rec in out.iterrows():
        d = shapely.distance(pts[row - 2], ea)
        assert rec["distance_m"] == pytest.approx(d.min(), rel=1e-9, abs=1e-6)
        assert rec["nearest_park"] == pk["id"].iloc[int(np.argmin(d))]
    assert 3002 in out.index and out.loc[3002, "nearest_park"] == "ring"


def test_json_dict_has_documented_keys(result):
    d = result.to_dict(top_n=1)
    for key in (
        "year",
        "province",
        "by_park",
        "by_city",
        "by_county",
        "by_sector",
        "outside",
        "bad_rows",
        "rules",
        "parks_source",
        "input",
    ):
        assert key in d
    for key in (
        "park_share",
        "output_in_parks",
        "output_total",
        "firms",
        "firms_in_parks",
        "plan_target_share",
    ):
        assert key in d["province"]
    assert len(d["outside"]["nearest"]) == 1 and d["outside"]["count"] == 2
    assert d["bad_rows"]["count_rows"] == 5
    assert {"boundary", "overlap", "distance", "city"} <= set(d["rules"])
    assert result.session_value() == {"year": 2020, "park_share": pytest.approx(115 / 162)}


def test_county_grid_equals_exact_test_on_the_real_counties():
    from gis.boundaries import load_boundaries

    cty = load_boundaries("county")
    geoms = np.array(list(cty.geometry.values), dtype=object)
    priority = np.lexsort((np.arange(len(cty)), cty["adcode"].to_numpy().astype(str)))
    grid = ps.GridPolygonIndex(geoms, priority)
    exact = ps.PolygonIndex(geoms, priority)
    rng = np.random.default_rng(8)
    # random points plus every county vertex (on a boundary: the hardest case for the grid)
    verts = shapely.get_coordinates(geoms)[::7]
    lon = np.r_[rng.uniform(115.7, 120.9, 60_000), verts[:, 0]]
    lat = np.r_[rng.uniform(23.3, 28.5, 60_000), verts[:, 1]]
    a, _ = exact.locate(lon, lat)
    b, _ = grid.locate(lon, lat)
    assert (a >= 0).sum() > 20_000
    np.testing.assert_array_equal(a, b)


def test_atlas_parks_with_some_accepted_boundaries():
    mixed = gpd.GeoDataFrame(
        {"id": ["poly", "pt"], "name_zh": ["有边界", "只有点"]},
        geometry=[box(119.1, 26.1, 119.2, 26.2), shapely.Point(119.6, 26.15)],
        crs="EPSG:4326",
    ).set_index("id", drop=False)
    ctx = ps.default_context(counties=counties(), parks=mixed)
    assert ctx.parks_source == "atlas_boundaries" and ctx.park_table["park_id"].tolist() == ["poly"]
    assert "1 point-only parks" in ctx.parks_note
    assert ctx.note_in("en").startswith("1 parks with accepted boundaries") and "/" not in ctx.note_in("en")
    assert ctx.note_in("zh").startswith("1 个园区有已接受的边界") and "parks" not in ctx.note_in("zh")
    r = ps.compute_parkshare(
        pd.DataFrame({"lon": [119.15, 119.6], "lat": [26.15, 26.15], "output": [3, 4]}), ctx
    )
    assert r.province["output_in_parks"] == 3 and r.outside["nearest_park"].tolist() == ["poly"]


def test_xlsx_input_and_swapped_coordinates_hint(tmp_path, ctx):
    df = pd.DataFrame(
        {"经度": [119.12, 26.12], "纬度": [26.12, 119.12], "产值": [5.0, 6.0], "年份": [2020, 2020]}
    )
    path = tmp_path / "firms.xlsx"
    df.to_excel(path, index=False)
    r = ps.compute_parkshare(ps.read_firms(path), ctx)
    assert r.province["output_in_parks"] == 5.0
    bad = r.bad_rows.iloc[0]
    assert bad["row"] == 3 and "swapped" in bad["problem"]


def test_result_tables_download_through_the_one_writer():
    ctx = ps.build_context(
        gpd.GeoDataFrame({"id": ["p"]}, geometry=[box(119.2, 26.0, 119.4, 26.2)], crs=4326),
        counties(),
    )
    r = ps.compute_parkshare(
        pd.DataFrame({"lon": [119.3, 119.6], "lat": [26.1, 26.1], "output": [3, 1]}), ctx
    )
    for name in ps.DOWNLOADS:
        data = r.table_bytes(name)
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens Chinese text
        assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").shape[0] == len(r.table(name))
    assert r.table_bytes("by_park", "xlsx")[:2] == b"PK"
    assert json.loads(r.json_bytes())["province"]["output_total"] == 4
    with pytest.raises(DataValidationError):
        r.table("rules")


COORDINATE_CELLS = ["119.30", "119，30", "119.30°", " 119.3 ", "１１９．３", "abc", "", "12%", None]


def test_one_coordinate_rule_for_the_import_and_the_firm_list() -> None:
    """The lon/lat import and the firm-level share read coordinate cells alike (parse_coordinate)."""
    expected = [119.3, 119.3, 119.3, 119.3, 119.3, math.nan, math.nan, math.nan, math.nan]
    got = [parse_coordinate(c) for c in COORDINATE_CELLS]
    np.testing.assert_allclose(got, expected)
    values, present = parse_coordinates(pd.Series(COORDINATE_CELLS, dtype=object))
    np.testing.assert_allclose(values, expected)
    assert present.tolist() == [True, True, True, True, True, True, False, True, False]
    # the firm list reads lon/lat with the same rule (a full-width comma is a decimal mark there too)
    firms = pd.DataFrame({"lon": ["119，30", "119.42"], "lat": ["26.08", "26，02"], "output": [1, 2]})
    valid, bad, _ = ps.validate_firms(firms)
    assert bad.empty
    np.testing.assert_allclose(valid.lon, [119.30, 119.42])
    np.testing.assert_allclose(valid.lat, [26.08, 26.02])
