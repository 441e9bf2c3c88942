"""Every table of the pages this issue covers, in both languages (issue 13): English tables show no Chinese
except in columns of original text (sources, notes, the plan's words, names); Chinese tables show no English
vocabulary keys; no table shows the literal ``None``."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from gis.settings import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Columns holding original text (as the source wrote it) or a Chinese name.
ORIGINAL = re.compile(
    r"Source|Note|Plan's words|Park|Cluster|Sector|Goal|Indicator|Item|reference|name", re.I
)
KEYS = {"target", "high", "medium", "low", "derived", "named in the plan", "city-level", "output", "nan"}


def _tables(page: str, lang: str) -> list:
    at = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize("page", ["targets.py", "quality.py", "home.py"])
def test_english_tables_show_chinese_only_as_original_text(page: str) -> None:
    for df in _tables(page, "en"):
        for col in df.columns:
            assert not CJK.search(str(col)), col
            values = [str(v) for v in df[col]]
            assert "None" not in values, col
            if not ORIGINAL.search(str(col)):
                bad = [v for v in values if CJK.search(v)]
                assert not bad, (page, col, bad[:3])


@pytest.mark.parametrize("page", ["targets.py", "quality.py", "home.py"])
def test_chinese_tables_show_no_english_vocabulary_keys(page: str) -> None:
    for df in _tables(page, "zh"):
        for col in df.columns:
            assert CJK.search(str(col)) or str(col).isdigit() or col in {"id"}, col
            values = {str(v).strip() for v in df[col]}
            assert not values & KEYS, (page, col, values & KEYS)
            assert "None" not in values, col
