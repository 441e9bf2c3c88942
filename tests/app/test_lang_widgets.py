"""Choice widgets keep their value, shown in the new language, when the UI language changes.

Streamlit keeps a radio's / selectbox's value as its formatted text; without a re-send after a language switch
the browser holds the old-language text (no option shown selected) and the next interaction resets the widget.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._widget_lang import labelled
from gis.settings import ROOT


def _switch_to_english(at: AppTest) -> AppTest:
    at.session_state["lang"] = "en"
    return at.run()


def test_calculator_mode_is_resent_in_english():
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    at.radio(key="calc_mode").set_value("absolute").run()
    _switch_to_english(at)
    assert not at.exception
    proto = at.radio(key="calc_mode").proto
    assert list(proto.options) == ["a share", "absolute values (100 million yuan)"]
    assert proto.set_value and proto.raw_value == "absolute values (100 million yuan)"


def test_targets_sort_and_group_are_resent_in_english():
    at = AppTest.from_file(str(ROOT / "app_pages" / "targets.py"), default_timeout=90).run()
    at.radio(key="tg_group").set_value("新兴先导产业").run()
    at.selectbox(key="tg_sort").set_value("output_cagr_pct").run()
    _switch_to_english(at)
    assert not at.exception
    group = at.radio(key="tg_group").proto
    assert group.set_value and group.raw_value == "Emerging leading industries"
    sort = at.selectbox(key="tg_sort").proto
    assert sort.set_value and sort.raw_value == "Output growth"


def test_no_resend_without_a_language_change():
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    at.radio(key="calc_mode").set_value("absolute").run()
    at.run()
    assert not at.radio(key="calc_mode").proto.set_value


def test_calculator_english_result_line_has_no_chinese_punctuation():
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    _switch_to_english(at)
    line = next(md.value for md in at.markdown if md.value.startswith("**First reached**"))
    assert "：" not in line and "（" not in line and "）" not in line
    assert line.endswith("(using the required growth 13.5%)")  # rounded: the plan says 近60%, 8.5%左右


def test_targets_cluster_table_shows_dash_not_none_for_missing_targets():
    at = AppTest.from_file(str(ROOT / "app_pages" / "targets.py"), default_timeout=90).run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "2020年目标（亿元）" in df.value.columns)
    col = table["2020年目标（亿元）"]
    assert "—" in set(col)  # most plan-named clusters have no stated target
    assert not col.isna().any() and "None" not in set(col)
    assert all(v == "—" or float(v.replace(",", "")) > 0 for v in col)


def test_calculator_english_upload_caption_has_no_chinese_brackets(monkeypatch):
    # English throughout (AppTest calls format_func outside the script run, where the session's language is
    # unknown)
    monkeypatch.setattr("app_pages.i18n.lang", lambda: "en")
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    at.radio(key="calc_city_source").set_value("upload").run()
    text = "city,park_output,total_output\n福州市,6000,9000\n厦门市,5000,7000\n"
    at.file_uploader(key="calc_city_upload").set_value(("c.csv", text.encode("gbk"), "text/csv")).run()
    assert not at.exception
    read = next(c.value for c in at.caption if c.value.startswith("Read: c.csv"))
    assert "（" not in read and read.endswith(")")


@pytest.mark.parametrize(
    ("key", "value", "needle_en"),
    [
        ("calc_base_share", 0.0, "base-year park share: must lie in (0, 1)"),
        ("calc_target_share", 50.0, "target share (50.0%) is below the base share (60.0%)"),
        ("calc_total_growth", -100.0, "must be above −100% a year"),
    ],
)
def test_calculator_input_errors_in_the_ui_language_with_percent_hints(monkeypatch, key, value, needle_en):
    monkeypatch.setattr("app_pages.i18n.lang", lambda: "en")
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    msg = at.error[0].value
    assert msg.startswith("Cannot calculate: ") and needle_en in msg
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in msg)  # no Chinese half in English mode
    assert "0.60" not in msg and "0.08" not in msg  # no fraction hints on a page that takes percentages


def test_calculator_input_error_in_chinese_names_the_field():
    at = AppTest.from_file(str(ROOT / "app_pages" / "calculator.py"), default_timeout=90).run()
    at.number_input(key="calc_base_share").set_value(100.0).run()
    msg = at.error[0].value
    assert msg.startswith("无法计算：【基期园区产值占比】") and "must" not in msg
    assert "如 60 表示 60%" in msg


def test_labelled_is_the_labels_get_of_a_choice_widget():
    """``labelled(labels)`` shows an option as its label, and None (not an option) for any other value."""
    labels = {"share": "a share", "absolute": "absolute values (100 million yuan)"}
    fmt = labelled(labels)
    assert [fmt(k) for k in labels] == ["a share", "absolute values (100 million yuan)"]
    assert fmt("gone") is None
