"""The one number parser for uploads and the one CSV/XLSX table writer (gis.tabular)."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

from gis.errors import FileFormatError
from gis.tabular import (
    parse_number,
    parse_numbers,
    read_table,
    table_bytes,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 234", 1234.0),
        ("1,234", 1234.0),
        ("1，234", 1234.0),
        ("1,234,567.89", 1234567.89),
        ("1\u00a0234", 1234.0),
        ("1\u3000234", 1234.0),
        ("１２３", 123.0),
        ("１，２３４．５", 1234.5),
        ("12.5%", 0.125),
        ("12.5 %", 0.125),
        ("１２．５％", 0.125),
        ("-3.5", -3.5),
        ("−3", -3.0),
        ("－４", -4.0),
        (" 42 ", 42.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        (7, 7.0),
        (2.5, 2.5),
        (np.int64(3), 3.0),
        (np.float32(1.5), 1.5),
    ],
)
def test_parse_number_reads_numbers(cell: object, expected: float) -> None:
    assert parse_number(cell) == pytest.approx(expected)


@pytest.mark.parametrize("cell", [None, "", "  ", "\u3000", "—", "——", "-", "–", "…", float("nan"), pd.NA])
def test_parse_number_empty_cells_are_none(cell: object) -> None:
    assert parse_number(cell) is None


@pytest.mark.parametrize(
    "cell", ["abc", "5亿元", "1,5", "12,34", "1,234 567", "%", True, "inf", float("inf")]
)
def test_parse_number_present_but_not_a_number_is_nan(cell: object) -> None:
    result = parse_number(cell)
    assert result is not None and math.isnan(result)


def test_parse_numbers_column_matches_the_scalar_rule() -> None:
    col = pd.Series(["1,234", "", "x", "12.5%", None, "—", 3])
    vals, present = parse_numbers(col)
    assert present.tolist() == [True, False, True, True, False, False, True]
    assert vals[0] == 1234.0 and vals[3] == pytest.approx(0.125) and vals[6] == 3.0
    assert np.isnan(vals[[1, 2, 4, 5]]).all()
    nums, present = parse_numbers(pd.Series([1.0, np.nan, np.inf]))
    assert present.tolist() == [True, False, True] and nums[0] == 1.0 and np.isnan(nums[2])


def test_table_bytes_csv_has_bom_and_round_trips_chinese() -> None:
    df = pd.DataFrame({"名称": ["福州高新区", "厦门"], "产值": [1.5, None]})
    blob = table_bytes(df, "csv")
    assert blob.startswith(b"\xef\xbb\xbf") and b"\r\n" in blob
    back = pd.read_csv(io.BytesIO(blob), encoding="utf-8-sig")
    assert back["名称"].tolist() == ["福州高新区", "厦门"]


def test_table_bytes_xlsx_keeps_text_as_text() -> None:
    df = pd.DataFrame({"code": ["001", "=1+1", "ok\x01"], "value": [1, 2.5, None]})
    blob = table_bytes(df, "xlsx", sheet_name="数据")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(blob))["数据"]
    assert [c.value for c in sheet["A"]] == ["code", "001", "=1+1", "ok\ufffd"]
    assert all(c.data_type == "s" for c in sheet["A"])
    assert [c.value for c in sheet["B"]] == ["value", 1, 2.5, None]
    back = read_table(blob, name="t.xlsx")
    assert back.columns.tolist() == ["code", "value"]


def test_table_bytes_xlsx_several_sheets_and_bad_format() -> None:
    blob = table_bytes({"a": pd.DataFrame({"x": [1]}), "b" * 40: pd.DataFrame({"y": [2]})}, "xlsx")
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(blob)).sheetnames == ["a", "b" * 31]
    with pytest.raises(FileFormatError) as exc:
        table_bytes(pd.DataFrame(), "ods")  # type: ignore[arg-type]
    assert exc.value.message_zh
    with pytest.raises(FileFormatError):
        table_bytes({"a": pd.DataFrame()}, "csv")
