"""The progress template is headed in the UI language, and the reader takes it back in either language.

Filled templates (CSV and XLSX, Chinese and English headers, the machine keys of older templates, and
half-width brackets as people retype them) all read to the same valid figures.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from clusters import progress
from clusters.progress.columns import TEMPLATE_SPECS
from gis.tabular import table_bytes


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return progress.target_catalogue()


def _filled(lang: str) -> pd.DataFrame:
    """The template's example rows with figures typed in (the park row, a placeholder name, dropped)."""
    frame = progress.template_frame(lang).iloc[:3].copy()
    frame["value"] = [2100.0, 1300.5, 900.0]
    frame["source"] = ["福建统计年鉴2018", "", "news 2019-01-02"]
    return frame


def _fill_xlsx(template: bytes, frame: pd.DataFrame) -> bytes:
    """Type the figures into the downloaded workbook's first sheet, as a person does in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    keys = [s.key for s in TEMPLATE_SPECS]
    for r, rec in enumerate(frame.to_dict("records"), start=2):
        for c, _ in enumerate(headers, start=1):
            value = rec[keys[c - 1]]
            sheet.cell(r, c).value = None if value is None or value == "" else value
    sheet.delete_rows(len(frame) + 2, sheet.max_row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _assert_read(check: progress.UploadCheck) -> None:
    assert check.clean, check.problems
    assert list(check.valid["value"]) == [2100.0, 1300.5, 900.0]
    assert list(check.valid["measure"]) == ["output", "va", "output"]
    assert list(check.valid["kind"]) == ["sector", "sector", "cluster"]
    assert check.valid["source"].iloc[0] == "福建统计年鉴2018"
    assert check.ignored == []  # every template column is read


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_csv_template_reads_back(lang: str, catalogue: pd.DataFrame) -> None:
    data = table_bytes(_filled(lang), "csv", columns=TEMPLATE_SPECS, lang=lang)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert ("实际值（亿元）" if lang == "zh" else "Actual value (100 million yuan)") in header
    _assert_read(progress.read_upload(data, name="figures.csv", catalogue=catalogue))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_xlsx_template_reads_back(lang: str, catalogue: pd.DataFrame) -> None:
    data = _fill_xlsx(progress.template_bytes("xlsx", lang), _filled(lang))
    _assert_read(progress.read_upload(data, name="figures.xlsx", catalogue=catalogue))


def test_machine_keys_and_retyped_brackets_still_read(catalogue: pd.DataFrame) -> None:
    keys = _filled("zh").to_csv(index=False).encode("utf-8")  # an old template: machine keys as headers
    _assert_read(progress.read_upload(keys, name="old.csv", catalogue=catalogue))
    retyped = _filled("zh").rename(
        columns={s.key: s.header("zh").replace("（", "(").replace("）", ")") for s in TEMPLATE_SPECS}
    )
    _assert_read(
        progress.read_upload(retyped.to_csv(index=False).encode("utf-8"), name="x.csv", catalogue=catalogue)
    )
    mixed = _filled("en").rename(
        columns={s.key: s.header("zh") for s in TEMPLATE_SPECS}
    )  # zh headers, en cells
    _assert_read(
        progress.read_upload(mixed.to_csv(index=False).encode("utf-8"), name="m.csv", catalogue=catalogue)
    )


def test_xlsx_template_explains_each_column_in_the_language() -> None:
    book = openpyxl.load_workbook(io.BytesIO(progress.template_bytes("xlsx", "en")))
    assert book.sheetnames == ["figures", "notes", "columns"]
    notes = [[c.value for c in row] for row in book["notes"].iter_rows(min_row=2)]
    assert [n[1] for n in notes] == [s.key for s in TEMPLATE_SPECS]
    assert notes[4][0] == "Actual value (100 million yuan)" and "100 million yuan" in notes[4][2]
