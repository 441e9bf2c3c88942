"""The fast delimited-table reader: delimiter on a sample, encodings, quoted newlines, per-row errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusters.parkshare import read_firms, validate_firms
from gis import delimited, tabular
from gis.errors import EncodingError, FileTooLargeError

ROWS = [
    ("企业名称", "经度", "纬度", "产值", "年份"),
    ("福州甲，有限公司", "119.30", "26.08", "100", "2020"),
    ("乙", "119.42", "26.02", "六十", "2020"),
    ("丙", "", "26.08", "40", "2020"),
    ("丁", "119.35", "26.08", "-5", "2020"),
]


def _text(delim: str, rows: list[tuple[str, ...]] = ROWS) -> str:
    return "\n".join(delim.join(r) for r in rows) + "\n"


@pytest.mark.parametrize("delim", [",", "\t", ";", "|"])
def test_each_delimiter_is_found_on_the_sample(delim: str) -> None:
    df = tabular.read_table(_text(delim).encode("utf-8"), name="firms.csv")
    assert list(df.columns) == list(ROWS[0])
    assert df.attrs["delimiter"] == delim
    assert df.iloc[0, 0] == "福州甲，有限公司"  # the Chinese comma stays inside its text field
    assert len(df) == 4


def test_chinese_comma_in_text_never_splits_a_semicolon_table() -> None:
    rows = [("名称", "备注", "产值"), *[(f"园{i}", "一，二，三，四，五", str(i)) for i in range(20)]]
    assert delimited.sniff_delimiter(_text(";", rows)) == ";"


def test_tie_rule_prefers_the_earlier_candidate_then_more_fields() -> None:
    assert delimited.sniff_delimiter("a,b;c\n1,2;3\n") == ","  # both split every row in two: comma first
    assert delimited.sniff_delimiter("a;b;c,d\n1;2;3,4\n") == ";"  # semicolon gives more fields
    assert delimited.sniff_delimiter("one column\nx\n") == ","


def test_quoted_fields_with_newlines_and_delimiters() -> None:
    text = '名称,备注,产值\n"甲","第一行\n第二行, 还有逗号",10\n"乙","""引号""",20\n'
    df = tabular.read_table(text.encode("utf-8"), name="t.csv")
    assert df["备注"].tolist() == ["第一行\n第二行, 还有逗号", '"引号"']
    assert df["产值"].tolist() == [10, 20]


def test_sample_cut_inside_a_quoted_record_still_finds_the_delimiter() -> None:
    long_note = "很长的备注，" * 8000  # one record longer than the 64 KB sample, cut mid-field
    rows = [("名称", "备注", "产值")] + [(f"园{i}", "x", str(i)) for i in range(50)]
    text = _text("\t", rows) + f'末\t"{long_note}\n续"\t1\n'
    df = tabular.read_table(text.encode("utf-8"), name="t.txt")
    assert df.attrs["delimiter"] == "\t"
    assert df["备注"].iloc[-1].startswith("很长的备注") and len(df) == 51


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_every_encoding(encoding: str) -> None:
    df = tabular.read_table(_text(",").encode(encoding), name="t.csv")
    assert df.attrs["encoding"] == encoding
    assert list(df.columns) == list(ROWS[0])  # no BOM left on the first header
    assert df.iloc[0, 0] == "福州甲，有限公司"


def test_undecodable_text_is_an_encoding_error_naming_the_file() -> None:
    with pytest.raises(EncodingError) as err:
        tabular.read_table(b"a,b\n\x81\x20,\xff\xff\n", name="bad.csv")
    assert err.value.file == "bad.csv"


def _bad_rows(data: bytes, name: str) -> list[tuple[int, str, str]]:
    df = read_firms(data, name=name)
    _, bad, _ = validate_firms(df)
    return sorted((int(r.row), str(r.field), str(r.problem_en)) for r in bad.itertuples())


def test_per_row_errors_are_the_same_for_every_delimiter_and_encoding() -> None:
    expected = [
        (3, "产值", "output is not a number"),
        (4, "经度", "no coordinates"),
        (5, "产值", "output is negative"),
    ]
    for delim in (",", "\t", ";", "|"):
        for encoding in ("utf-8-sig", "utf-8", "gb18030"):
            assert _bad_rows(_text(delim).encode(encoding), "firms.csv") == expected, (delim, encoding)


def test_tsv_is_tab_separated_even_when_commas_dominate() -> None:
    df = tabular.read_table(b"a,b\tc\n1,2\t3\n", name="t.tsv")
    assert list(df.columns) == ["a,b", "c"]


def test_command_line_reads_a_csv_larger_than_the_upload_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.csv"
    rows = [ROWS[0]] + [(f"企业{i}", "119.3", "26.08", str(i), "2020") for i in range(3000)]
    path.write_bytes(_text(";", rows).encode("gb18030"))
    monkeypatch.setattr(tabular, "MAX_UPLOAD_BYTES", 10_000)
    monkeypatch.setattr("gis.fileio.MAX_UPLOAD_BYTES", 10_000)
    with pytest.raises(FileTooLargeError):  # the app's limit holds, and says how large
        tabular.read_table(path, max_bytes=10_000)
    df = tabular.read_table(path, max_bytes=None)  # the command line streams it
    assert len(df) == 3000 and df.attrs["encoding"] == "gb18030" and df["产值"].sum() == sum(range(3000))


def test_numbers_come_out_typed_as_before() -> None:
    df = tabular.read_table(b"lon,lat,output,name\n119.3,26.1,1000,x\n119.4,26.2,2000.5,y\n", name="t.csv")
    assert pd.api.types.is_float_dtype(df["lon"]) and pd.api.types.is_numeric_dtype(df["output"])
