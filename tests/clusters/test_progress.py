"""Progress against targets: upload validation by row/column, compound path, template, 千亿 check."""

from __future__ import annotations

import io

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import Polygon

from clusters import parkshare as ps
from clusters import progress, share
from clusters.targets import sector_targets
from gis import store
from gis.errors import CalculationError


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    parks = pd.DataFrame(
        {"name_zh": ["测试园区"], "name_en": ["Test Park"], "city": ["福州市"]},
        index=pd.Index(["testpark"], name="id"),
    )
    return progress.target_catalogue(parks)


def test_catalogue_covers_sectors_and_clusters(catalogue):
    sec = catalogue[catalogue["kind"] == "sector"]
    assert set(sec["ref"]) == set(range(1, 25))
    # #18 industrial internet has no value-added target: one row only, noted as revenue
    assert len(sec[sec["ref"] == 18]) == 1
    assert "revenue" in sec[sec["ref"] == 18].iloc[0]["measure_en"]
    row = sec[(sec["ref"] == 1) & (sec["measure"] == "output")].iloc[0]
    st = sector_targets().loc[1]
    assert row["base_value"] == pytest.approx(st["output_2020"] / (1 + st["output_cagr_pct"] / 100) ** 5)
    assert row["base_derived"]


def test_validate_lists_problems_by_row_and_column(catalogue):
    df = pd.DataFrame(
        {
            "类型": ["行业", "行业", "", "集群", "行业", "园区", "行业", "行业"],
            "名称": [
                "石油化工",
                "新型显示",
                "纺织服装",
                "汽车产业集群",
                "不存在的行业",
                "测试园区",
                "工业互联网",
                "石油化工",
            ],
            "年份": [2017, 2017, "2018", 2018, 2017, 2018, 2017, 2017],
            "指标": ["产值", "增加值", "", "产值", "产值", "产值", "增加值", "产值"],
            "产值": [4000, "300", "8,000", "abc", 10, 50, 5, 4100],
        }
    )
    check = progress.validate_upload(df, catalogue, file="up.csv")
    assert not check.clean
    probs = {(r["row"], r["column"]): r for r in check.problems.to_dict("records")}
    assert (5, "产值") in probs and probs[(5, "产值")]["problem_en"] == "value is not a number"
    assert (6, "名称") in probs and "no known" in probs[(6, "名称")]["problem_en"]
    assert (8, "指标") in probs  # 工业互联网 has no value-added target
    assert (9, "名称") in probs and "duplicate of row 2" in probs[(9, "名称")]["problem_en"]
    assert check.bad_rows == 4
    valid = check.valid.set_index("row")
    assert list(valid.index) == [2, 3, 4, 7]
    assert (
        valid.loc[4, "kind"] == "sector" and valid.loc[4, "value"] == 8000.0
    )  # kind inferred, 1,000s separator
    assert valid.loc[3, "measure"] == "va"
    assert valid.loc[7, "ref"] == "testpark"


def test_missing_columns_reported(catalogue):
    check = progress.validate_upload(pd.DataFrame({"name": ["石油化工"], "foo": [1]}), catalogue)
    assert set(check.problems["column"]) == {"year", "value"}
    assert check.problems["row"].isna().all()
    assert check.valid.empty


def test_bad_year_and_negative(catalogue):
    df = pd.DataFrame(
        {"name": ["石油化工", "石油化工", "鞋业"], "year": [2017.5, 1990, 2017], "value": [1, 1, -5]}
    )
    check = progress.validate_upload(df, catalogue)
    assert list(check.problems["row"]) == [2, 3, 4]
    assert list(check.problems["column"]) == ["year", "year", "value"]


def test_compare_against_compound_path(catalogue):
    st = sector_targets().loc[1]  # petrochemicals 6800 亿 at +19%
    on_path_2017 = st["output_2020"] / 1.19**3
    valid = pd.DataFrame(
        [
            {
                "row": 2,
                "kind": "sector",
                "ref": 1,
                "name": "石油化工",
                "measure": "output",
                "year": 2017,
                "value": on_path_2017 * 1.01,
                "user_target": None,
            },
            {
                "row": 3,
                "kind": "sector",
                "ref": 1,
                "name": "石油化工",
                "measure": "output",
                "year": 2018,
                "value": 4000.0,
                "user_target": None,
            },
            {
                "row": 4,
                "kind": "sector",
                "ref": 1,
                "name": "石油化工",
                "measure": "output",
                "year": 2020,
                "value": 7000.0,
                "user_target": None,
            },
            {
                "row": 5,
                "kind": "cluster",
                "ref": "automotive-2018",
                "name": "汽车产业集群",
                "measure": "output",
                "year": 2018,
                "value": 2000.0,
                "user_target": None,
            },
            {
                "row": 6,
                "kind": "park",
                "ref": "testpark",
                "name": "测试园区",
                "measure": "output",
                "year": 2018,
                "value": 50.0,
                "user_target": 80.0,
            },
            {
                "row": 7,
                "kind": "park",
                "ref": "testpark",
                "name": "测试园区",
                "measure": "output",
                "year": 2019,
                "value": 60.0,
                "user_target": None,
            },
        ]
    )
    out = progress.compare(valid, catalogue)
    assert list(out["status"]) == ["on_track", "behind", "reached", "target_only", "target_only", "no_target"]
    assert out.loc[0, "pct_of_path"] == pytest.approx(101.0)
    assert out.loc[1, "path_value"] == pytest.approx(6800 / 1.19**2)
    assert out.loc[1, "pct_of_target"] == pytest.approx(4000 / 6800 * 100)
    assert out.loc[1, "growth_needed"] == pytest.approx((6800 / 4000) ** 0.5 - 1)
    assert out.loc[3, "pct_of_target"] == pytest.approx(80.0)
    assert out.loc[4, "growth_needed"] == pytest.approx((80 / 50) ** 0.5 - 1)
    assert out.loc[4, "target_source"].startswith("user target")
    # within a 2 % tolerance the 1 % shortfall counts as on track
    slightly_behind = valid.iloc[[0]].assign(value=on_path_2017 * 0.99)
    assert progress.compare(slightly_behind, catalogue)["status"].iloc[0] == "behind"
    assert progress.compare(slightly_behind, catalogue, tolerance=0.02)["status"].iloc[0] == "on_track"
    with pytest.raises(CalculationError):
        progress.compare(valid, catalogue, tolerance=1.5)


def test_target_path_and_sector_paths(catalogue):
    path = progress.target_path("sector", 15, "output", catalogue)
    assert list(path["year"]) == list(range(2015, 2021))
    assert path["path_value"].iloc[-1] == pytest.approx(500.0)
    assert path["path_value"].iloc[0] == pytest.approx(500 / 1.3**5)
    wide = progress.sector_paths()
    assert wide.loc[15, 2019] == pytest.approx(500 / 1.3)
    assert progress.target_path("cluster", "automotive-2018", "output", catalogue).empty


def test_template_round_trips_through_reader(catalogue):
    csv_bytes = progress.template_bytes("csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")
    assert list(df.columns)[:2] == ["类型（行业、集群或园区）", "名称"] and "实际值（亿元）" in df.columns
    xlsx = progress.template_bytes("xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["数据", "填写说明", "columns"]  # the figures first: the sheet the reader reads
    # the template's blank values are flagged, not crashed on
    check = progress.read_upload(xlsx, name="template.xlsx", catalogue=catalogue)
    assert not check.clean and "实际值（亿元）" in set(check.problems["column"])  # named as in the file


def test_gbk_upload(catalogue):
    text = "类型,名称,年份,指标,产值\n行业,鞋业,2017,产值,2900\n"
    check = progress.read_upload(text.encode("gbk"), name="gbk.csv", catalogue=catalogue)
    assert check.clean and check.encoding == "gb18030"
    out = progress.compare(check.valid, catalogue)
    assert out.loc[0, "path_value"] == pytest.approx(3300 / 1.05**3)
    assert out.loc[0, "status"] == "on_track"


def test_cluster_thousand():
    tbl = progress.cluster_thousand(0.0)
    assert len(tbl) and (tbl["year"] < 2020).all()
    for rec in tbl.to_dict("records"):
        years = 2020 - rec["year"]
        if rec["value"] < 1000:
            assert rec["value"] * (1 + rec["growth_needed"]) ** years == pytest.approx(1000.0)
            assert not rec["passes"]  # zero growth never lifts it over 1000
        else:
            assert rec["growth_needed"] == 0 and rec["passes"]
    more = progress.cluster_thousand(0.5)
    assert more["passes"].sum() >= tbl["passes"].sum()
    with pytest.raises(CalculationError):
        progress.cluster_thousand(-1.0)


NUMBER_CASES = [
    ("1234", 1234.0),
    ("1 234", 1234.0),
    ("1,234", 1234.0),
    ("1，234", 1234.0),
    ("１２３４", 1234.0),
    (" 1,234.5 ", 1234.5),
    ("1,5", None),  # not a thousands group: not a number (was 15 in the firm-level share)
    ("abc", None),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBER_CASES)
def test_one_number_rule_in_progress_parkshare_and_per_city(raw, expected, catalogue):
    """Progress uploads, the firm-level share and the per-city calculator read a cell the same way."""
    check = progress.validate_upload(
        pd.DataFrame({"名称": ["石油化工"], "年份": [2017], "产值": [raw]}), catalogue
    )
    got_progress = float(check.valid["value"].iloc[0]) if len(check.valid) else None

    firms = pd.DataFrame({"lon": [119.3], "lat": [26.08], "output": [raw]})
    valid, bad, _ = ps.validate_firms(firms)
    got_firms = float(valid.output[0]) if len(valid) else None

    cities = pd.DataFrame({"city": ["福州市"], "park_output": ["1"], "total_output": [raw]})
    try:
        got_city: float | None = float(share.city_shares(cities)[0]["total_output"].iloc[0])
    except CalculationError:
        got_city = None

    assert got_progress == got_firms == got_city == expected
    if expected is None:
        assert (bad["field"] == "output").any() and (check.problems["column"] == "产值").any()


def test_catalogue_holds_the_users_accepted_parks(tmp_path, monkeypatch):
    """The progress catalogue lists the parks in force (shipped + the user's), not the shipped file only."""
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "user.gpkg"))
    before = progress.park_catalogue()
    gdf = gpd.GeoDataFrame(
        {"park_id": [""], "name_zh": ["用户新园区"], "name_en": ["User park"]},
        geometry=[Polygon([(118.0, 24.5), (118.02, 24.5), (118.02, 24.52)])],
        crs=4326,
    )
    store.accept_boundaries(gdf, source_file="new.geojson")
    after = progress.park_catalogue()
    assert len(after) == len(before) + 1 and "用户新园区" in set(after["name_zh"])
    check = progress.validate_upload(
        pd.DataFrame({"类型": ["园区"], "名称": ["用户新园区"], "年份": [2018], "产值": [5], "目标": [10]}),
        progress.target_catalogue(),
    )
    assert check.clean and check.valid.loc[0, "kind"] == "park"
