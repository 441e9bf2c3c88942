"""The one way to write bilingual text (gis.text) and localized errors (gis.errors)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gis.errors import CalculationError, DataValidationError
from gis.text import Pair, field, label, normalize_lang, text


def test_text_picks_the_language_and_defaults_to_chinese() -> None:
    assert text("zh", "园区", "Park") == "园区"
    assert text("en", "园区", "Park") == "Park"
    assert text("fr", "园区", "Park") == "园区"
    assert normalize_lang("en") == "en"
    assert normalize_lang(None) == "zh"


@pytest.mark.parametrize("missing", [None, "", "  ", math.nan])
def test_field_falls_back_to_chinese_never_the_other_way(missing: object) -> None:
    rec = {"name_zh": "古雷石化基地", "name_en": missing}
    assert field(rec, "name", "en") == "古雷石化基地"
    assert field(rec, "name", "zh") == "古雷石化基地"
    assert field({"name_zh": missing, "name_en": "Gulei"}, "name", "zh") == ""
    assert field({"name_zh": "古雷", "name_en": "Gulei"}, "name", "en") == "Gulei"


def test_label_lookup_shows_unknown_keys_instead_of_hiding_them() -> None:
    table = {"a": Pair("甲", "A")}
    assert label(table, "a", "zh") == "甲"
    assert label(table, "a", "en") == "A"
    assert label(table, "b", "en") == "b"
    assert label(table, "b", "en", default="—") == "—"
    assert label(table, None, "en") == ""


def test_error_carries_each_language_in_its_own_field() -> None:
    exc = DataValidationError(
        "value is not a number",
        message_zh="数值无法识别",
        file="figures.csv",
        feature=7,
        field="value",
        hint="write digits only",
        hint_zh="只写数字",
    )
    assert (
        str(exc) == "file figures.csv, feature/row 7, field 'value': value is not a number"
        " — how to fix: write digits only"
    )
    zh = exc.text("zh")
    assert zh.startswith("文件 figures.csv，要素/行 7，字段“value”：数值无法识别")
    assert zh.endswith("修正方法：只写数字")
    assert "value is not a number" not in zh
    assert exc.message_in("en") == exc.message_en == "value is not a number"
    assert exc.to_dict()["message_zh"] == "数值无法识别"
    assert exc.to_dict()["hint_zh"] == "只写数字"


def test_error_without_chinese_text_falls_back_to_english_in_chinese_mode() -> None:
    exc = CalculationError("share must lie in (0, 1)", field="base_share", hint="enter 0.60")
    assert exc.message_in("zh") == "share must lie in (0, 1)"
    assert exc.hint_in("zh") == "enter 0.60"
    assert isinstance(exc, ValueError)


def test_field_reads_any_record_with_get_a_pandas_row_as_a_dict() -> None:
    """``field`` takes a :class:`gis.text.Record`: a dict, a ``dict[str, str]`` or a pandas row alike."""
    table = pd.DataFrame(
        [{"name_zh": "古雷", "name_en": math.nan}, {"name_zh": "湄洲湾", "name_en": "Meizhou Bay"}]
    )
    rows = [r for _, r in table.iterrows()]
    assert field(rows[0], "name", "en") == "古雷"
    assert field(rows[1], "name", "en") == "Meizhou Bay"
    assert field(rows[1], "name", "zh") == "湄洲湾"
    names: dict[str, str] = {"name_zh": "古雷"}
    assert field(names, "name", "en") == "古雷"
    assert field(pd.Series({"place_zh": "厦门"}), "name", "zh") == ""
