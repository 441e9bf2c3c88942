"""Every CSV/XLSX writer writes formula-like cells inert (issue 16) and opens cleanly (issue 13).

Each writer is given cells such as ``=HYPERLINK("http://x")`` and ``=cmd|' /C calc'!A0``: the XLSX read back
with openpyxl has no cell of type formula, and the CSV cell starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from clusters import parkshare as ps
from clusters.share import Scenario, export_scenarios
from gis.raster.zonal import ZonalResult
from gis.tablewriter import FORMULA_TRIGGERS, inert
from gis.tabular import Column, parse_number, table_bytes
from gis.text import Pair

EVIL = [
    '=HYPERLINK("http://evil.example/x","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
]


def _xlsx_cells(data: bytes) -> list[tuple[str, object, str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [(ws.title, c.value, c.data_type) for ws in book.worksheets for row in ws.iter_rows() for c in row]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _assert_inert(data: bytes, fmt: str) -> None:
    if fmt == "xlsx":
        cells = _xlsx_cells(data)
        assert not [c for c in cells if c[2] == "f"], "a cell of type formula"
        texts = {c[1] for c in cells if isinstance(c[1], str)}
        assert any(e in texts for e in EVIL), "the formula-like text was kept, as text"
    else:
        cells = [cell for row in _csv_rows(data) for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
        assert any(c.startswith("'") and c[1:] in EVIL for c in cells)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_bytes_neutralises_cells_headers_and_index(fmt: str) -> None:
    df = pd.DataFrame({EVIL[0]: EVIL, "n": range(len(EVIL))}, index=pd.Index(EVIL, name="=idx"))
    _assert_inert(table_bytes(df, fmt, index=True), fmt)  # type: ignore[arg-type]


def test_numbers_stay_numbers_and_plain_text_is_untouched() -> None:
    df = pd.DataFrame({"name": ["福州", "a=b"], "v": [-1.5, 2.0]})
    rows = _csv_rows(table_bytes(df, "csv"))
    assert rows == [["name", "v"], ["福州", "-1.5"], ["a=b", "2.0"]]
    assert inert("-") == "'-" and inert("安全") == "安全"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_scenario_export_is_inert(fmt: str) -> None:
    _assert_inert(export_scenarios([Scenario(name=EVIL[1]), Scenario(name=EVIL[0])], fmt), fmt)


def _parkshare_result() -> ps.ParkShareResult:
    counties = gpd.GeoDataFrame(
        {
            "adcode": ["350102"],
            "name_zh": ["甲区"],
            "city_adcode": ["350100"],
            "city_zh": [EVIL[0]],
            "in_statistics": [True],
        },
        geometry=[box(119.0, 26.0, 119.5, 26.5)],
        crs="EPSG:4326",
    )
    parks = gpd.GeoDataFrame(
        {"id": ["P1"], "name_zh": [EVIL[1]]}, geometry=[box(119.1, 26.1, 119.2, 26.2)], crs="EPSG:4326"
    )
    firms = pd.DataFrame(
        [(EVIL[2], 119.15, 26.15, 10, 2020, EVIL[4]), (EVIL[3], 119.4, 26.4, 5, 2020, EVIL[0])],
        columns=["企业名称", "经度", "纬度", "产值", "年份", "行业"],
    )
    return ps.compute_parkshare(firms, ps.build_context(parks, counties), year=2020)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", ["by_park", "by_sector", "outside", "by_city"])
def test_park_share_tables_are_inert(table: str, fmt: str) -> None:
    _assert_inert(_parkshare_result().table_bytes(table, fmt), fmt)  # type: ignore[arg-type]


def test_zonal_statistics_csv_is_inert() -> None:
    n = len(EVIL)
    table = pd.DataFrame(
        {"name_zh": EVIL, "name_en": EVIL, "note_zh": EVIL, "note_en": EVIL, "covered_fraction": [1.0] * n}
        | {c: [1] * n for c in ("cells", "count", "nodata_cells")}
        | {c: range(n) for c in ("mean", "min", "max", "sum")},
        index=pd.Index(EVIL, name="park_id"),
    )
    result = ZonalResult(
        table=table, categorical=False, classes={}, raster={}, point_mode="", point_buffer_m=0
    )
    _assert_inert(result.to_csv_bytes(), "csv")
    _assert_inert(result.to_xlsx_bytes("en"), "xlsx")


SPECS = [
    Column("name", Pair("园区", "Park")),
    Column("output", Pair("产值", "Output"), Pair("亿元", "100 million yuan"), "number"),
    Column("share", Pair("占比", "Share"), kind="percent"),
    Column("source", Pair("来源", "Source"), kind="source"),
]


def test_headers_in_the_ui_language_with_units_and_percent_numbers() -> None:
    from openpyxl import load_workbook

    df = pd.DataFrame({"name": ["福清"], "output": [12.5], "share": [0.125], "source": ["规划第一章"]})
    zh = _csv_rows(table_bytes(df, "csv", columns=SPECS))
    assert zh[0] == ["园区", "产值（亿元）", "占比", "来源"]
    assert zh[1][2] == "12.5%" and parse_number(zh[1][2]) == pytest.approx(0.125)  # Excel reads a number
    en = _csv_rows(table_bytes(df, "csv", columns=SPECS, lang="en"))
    assert en[0] == ["Park", "Output (100 million yuan)", "Share", "Source"]
    book = load_workbook(io.BytesIO(table_bytes(df, "xlsx", columns=SPECS, lang="en", sheet_name="parks")))
    sheet = book["parks"]
    assert [c.value for c in sheet[1]] == en[0]
    share = sheet.cell(row=2, column=3)
    assert share.value == pytest.approx(0.125) and share.data_type == "n" and "%" in share.number_format
    keys = [[c.value for c in row] for row in book["columns"].iter_rows(min_row=2)]
    assert [k[1] for k in keys] == ["name", "output", "share", "source"]  # the machine keys, kept
    assert keys[1][2:5] == ["产值（亿元）", "Output (100 million yuan)", "亿元 / 100 million yuan"]


def test_park_share_downloads_read_in_the_ui_language() -> None:
    from gis.export_columns import columns_for

    frame = _parkshare_result().by_city
    en = _csv_rows(table_bytes(frame, columns=columns_for(frame), lang="en"))
    assert en[0][:2] == ["City code", "City"] and "Park share of output" in en[0]
    assert "Total output (unit as in the firm file)" in en[0]
    share = en[1][en[0].index("Park share of output")]
    assert share.endswith("%") and parse_number(share) == pytest.approx(frame["park_share"].iloc[0])
    zh = _csv_rows(table_bytes(frame, columns=columns_for(frame), lang="zh"))
    assert "园区产值占比" in zh[0]
