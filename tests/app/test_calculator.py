"""AppTest drives the park-share calculator page: shown numbers, errors, per-city uploads, scenarios."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis.settings import ROOT

PAGE = str(ROOT / "app_pages" / "calculator.py")


def _page() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=90).run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def test_defaults_show_required_growth_and_formula():
    at = _page()
    assert not at.exception
    m = _metrics(at)
    # rounded to one decimal: "近60%" and "8.5%左右" do not support 13.4519 %
    assert m["所需园区年均增速（推算）"] == f"{(1.085 * (0.75 / 0.60) ** 0.2 - 1) * 100:.1f}%"  # 13.5%
    assert m["2020年占比"] == "75.0%"  # one decimal, as the headline
    assert m["首次达到目标"] == "2020"
    # every default shows its source
    captions = " ".join(c.value for c in at.caption)
    for needle in ("第一章一", "专栏1第10项", "第三章七", "专栏1第1项"):
        assert needle in captions


def test_planner_sets_total_growth_8_percent():
    at = _page()
    at.number_input(key="calc_total_growth").set_value(8.0).run()
    m = _metrics(at)
    assert m["所需园区年均增速（推算）"] == "12.9%"
    assert any("≈ 12.9%" in c.value and "1.045640" in c.value for c in at.code)
    steps = " ".join(md.value for md in at.markdown)
    assert "1.250000" in steps and "约 4.9 个百分点" in steps  # 12.93 − 8.00, to 0.1
    path = at.dataframe[0].value
    assert list(path.iloc[:, 0]) == [str(y) for y in range(2015, 2021)]
    assert path.iloc[-1, 1] == "75.0%"


def test_given_park_growth_shows_year_reached_and_gap():
    at = _page()
    at.number_input(key="calc_total_growth").set_value(8.0).run()
    at.checkbox(key="calc_use_park").check().run()
    at.number_input(key="calc_park_growth").set_value(12.0).run()
    m = _metrics(at)
    end = 0.60 * (1.12 / 1.08) ** 5
    assert m["2020年占比"] == f"{end * 100:.1f}%"
    year, s = 2015, 0.60
    while s < 0.75:
        s *= 1.12 / 1.08
        year += 1
    assert m["首次达到目标"] == str(year)
    assert m["目标年缺口（百分点）"] == f"{(0.75 - end) * 100:.1f}"


def test_absolute_values_give_gap_in_yi_yuan():
    at = _page()
    at.radio(key="calc_mode").set_value("absolute").run()
    at.number_input(key="calc_base_total").set_value(40000.0).run()
    at.number_input(key="calc_base_park").set_value(24000.0).run()
    at.number_input(key="calc_total_growth").set_value(8.0).run()
    at.checkbox(key="calc_use_park").check().run()
    at.number_input(key="calc_park_growth").set_value(12.0).run()
    assert not at.exception
    m = _metrics(at)
    gap = 0.75 * 40000 * 1.08**5 - 24000 * 1.12**5
    assert m["目标年缺口（亿元）"] == f"{gap:,.1f}"


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("calc_base_share", 0.0, "基期园区产值占比"),
        ("calc_base_share", 100.0, "基期园区产值占比"),
        ("calc_target_share", 50.0, "目标占比"),
        ("calc_total_growth", -100.0, "全省工业总产值年均增速"),
        ("calc_target_year", 2015, "目标年"),
    ],
)
def test_edge_cases_show_a_message_not_a_crash(key, value, needle):
    at = _page()
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert at.error and needle in at.error[0].value
    assert "nan" not in " ".join(m.value for m in at.metric).lower()


def _city_rows() -> list[tuple[str, float, float]]:
    return [("福州市", 6000.0, 9000.0), ("厦门市", 5000.0, 7000.0), ("泉州市", 9000.0, 12000.0)]


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.radio(key="calc_city_source").set_value("upload").run()
    return at.file_uploader(key="calc_city_upload").set_value((name, data, "application/octet-stream")).run()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_city_csv_upload(encoding):
    text = "城市,园区产值,工业总产值\n" + "".join(f"{c},{p},{t}\n" for c, p, t in _city_rows())
    at = _upload(_page(), f"cities_{encoding}.csv", text.encode(encoding))
    assert not at.exception
    assert not at.error
    m = _metrics(at)
    park = sum(p for _, p, _ in _city_rows())
    total = sum(t for _, _, t in _city_rows())
    assert m["全省园区产值占比（推算）"] == _pct(park / total)
    table = at.dataframe[-1].value
    assert list(table["设区市"]) == ["福州市", "厦门市", "泉州市"]
    assert list(table["对全省占比的贡献（百分点）"]) == pytest.approx(
        [round(p / total * 100, 2) for _, p, _ in _city_rows()]
    )
    assert any("莆田市" in w.value for w in at.warning)  # incomplete: says which cities are missing


def test_city_xlsx_with_one_bad_row():
    df = pd.DataFrame(
        _city_rows() + [("漳州市", "n/a", 5000.0)], columns=["city", "park_output", "total_output"]
    )
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    at = _upload(_page(), "cities.xlsx", buf.getvalue())
    assert not at.exception
    assert at.error
    msg = at.error[0].value
    assert "row 5" in msg and "park_output" in msg and "漳州市" in msg


def test_unknown_city_is_named():
    text = "city,park_output,total_output\n福州,1,2\n杭州,1,2\n"
    at = _upload(_page(), "c.csv", text.encode("utf-8"))
    assert at.error and "杭州" in at.error[0].value and "row 3" in at.error[0].value


def test_scenarios_save_compare_export():
    at = _page()
    at.number_input(key="calc_total_growth").set_value(8.0).run()
    at.text_input(key="calc_scn_name").set_value("八").run()
    at.button(key="calc_scn_save").click().run()
    at.number_input(key="calc_total_growth").set_value(10.0).run()
    at.text_input(key="calc_scn_name").set_value("十").run()
    at.button(key="calc_scn_save").click().run()
    assert not at.exception
    cmp = at.dataframe[-1].value.set_index("item_zh")
    assert list(cmp.columns[:2]) == ["八", "十"]
    assert cmp.loc["所需园区年均增速", "八"] == "12.93%"
    assert cmp.loc["所需园区年均增速", "十"] == _pct(1.10 * 1.25**0.2 - 1)
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in lb for lb in labels) and any("XLSX" in lb for lb in labels)
    # kept in the user store: a fresh session sees them
    again = _page()
    assert "八" in [o for o in again.selectbox(key="calc_cmp_a").options]


def test_english():
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Required park growth a year (derived)" in _metrics(at)
    assert at.title[0].value.startswith("Park-share calculator")


def test_page_runs_inside_the_app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/calculator.py").run()
    assert not at.exception
    assert "所需园区年均增速（推算）" in _metrics(at)


def test_per_city_editor_starts_blank_with_nine_cities():
    at = _page()
    editor = at.data_editor[0].value
    assert list(editor["city"]) == [
        "福州市",
        "厦门市",
        "莆田市",
        "三明市",
        "泉州市",
        "漳州市",
        "南平市",
        "龙岩市",
        "宁德市",
    ]
    assert editor[["park_output", "total_output"]].isna().all().all()  # no invented per-city numbers
    assert any("至少一个市" in i.value for i in at.info)


def test_changed_base_share_is_labelled_user_input_on_screen():
    at = _page()
    at.number_input(key="calc_base_share").set_value(58.0).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("来源：用户输入：58%") and "规划值（仅供参考）" in c for c in captions)
    assert not any(c.startswith("来源：60%：规划第一章一") for c in captions)
    assert any(c.startswith("基期占比来源：用户输入") for c in captions)
    # the target share left alone still cites the plan
    assert any(c.startswith("来源：75%：第三章七") for c in captions)


def test_required_growth_shows_the_range_the_plan_implies():
    at = _page()
    low, high = 1.08 * 1.25**0.2 - 1, 1.09 * (0.75 / 0.58) ** 0.2 - 1
    span = f"{low * 100:.1f}%–{high * 100:.1f}%"
    assert any(span in c.value and "近60%" in c.value for c in at.caption), span


def test_firm_share_of_2020_offers_a_target_year_instead_of_an_error():
    at = _page()
    at.session_state["parkshare_result"] = {"year": 2020, "park_share": 0.62}
    at.run()
    next(b for b in at.button if b.key == "calc_use_firm_share").click().run()
    assert not at.exception and not at.error
    assert at.number_input(key="calc_base_year").value == 2020
    assert at.number_input(key="calc_target_year").value == 2025
    assert any("2025" in w.value for w in at.warning)
    assert "所需园区年均增速（推算）" in _metrics(at)


def test_per_city_results_can_be_downloaded():
    text = "城市,园区产值,工业总产值\n" + "".join(f"{c},{p},{t}\n" for c, p, t in _city_rows())
    at = _upload(_page(), "cities.csv", text.encode("utf-8"))
    labels = [b.label for b in at.get("download_button")]
    assert any("分市结果（CSV）" in lb for lb in labels) and any("分市结果（XLSX）" in lb for lb in labels)
