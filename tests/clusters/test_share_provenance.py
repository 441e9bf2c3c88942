"""A changed calculator input is "user input" (the plan's value beside it), never wearing the plan's source;
the required growth carries the range the plan's vague figures imply; a firm-level share gets sensible
years; the 1000 亿 verdicts say how old and local their figures are."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
import pytest

from clusters import calculator_view as view
from clusters import progress, share
from clusters.__main__ import main
from clusters.share import Scenario, compute
from clusters.verdicts import thousand_verdict, thousand_verdicts
from gis.settings import DATA_DIR
from gis.tabular import table_bytes

PLAN = re.sub(
    r"[\s\u3000]+", "", (DATA_DIR / "sources" / "plan_2016_fujian_13th_fyp_industrial.txt").read_text()
)
PLAN_SOURCE_ZH = share.DEFAULT_SOURCES["base_share"]["zh"]


def _json(capsys, argv: list[str]) -> dict:
    assert main(["share", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_json_labels_a_changed_base_share_user_input(capsys):
    data = _json(capsys, ["--base-share", "0.58"])
    src = data["sources"]["base_share"]
    assert src["zh"].startswith("用户输入：58%") and src["en"].startswith("user input: 58%")
    assert "规划值（仅供参考）" in src["zh"] and not src["zh"].startswith(PLAN_SOURCE_ZH)
    assert data["inputs"]["base_share"]["origin"] == "user_input"
    assert data["inputs"]["base_share"]["plan_value"] == pytest.approx(0.60)
    assert data["base_share_source"].startswith("user input")
    # the values left alone still cite the plan
    assert data["inputs"]["target_share"]["origin"] == "plan"
    assert data["sources"]["target_share"]["zh"] == share.DEFAULT_SOURCES["target_share"]["zh"]


def test_cli_json_defaults_cite_the_plan(capsys):
    data = _json(capsys, [])
    assert {k: v["origin"] for k, v in data["inputs"].items()} == {
        "base_year": "plan",
        "base_share": "plan",
        "base_total_output": "not_given",
        "base_park_output": "not_given",
        "target_year": "plan",
        "target_share": "plan",
        "total_growth": "plan",
        "park_growth": "derived",
        "horizon": "setting",
    }
    assert data["sources"]["base_share"]["zh"] == PLAN_SOURCE_ZH


def test_given_park_growth_and_years_are_user_input(capsys):
    data = _json(capsys, ["--park-growth", "0.12", "--target-year", "2025"])
    assert data["inputs"]["park_growth"]["origin"] == "user_input"
    assert data["inputs"]["target_year"]["origin"] == "user_input"
    assert "2020" in data["sources"]["target_year"]["zh"]  # the plan's year beside it for reference


def test_required_growth_range_from_the_plans_vagueness(capsys):
    data = _json(capsys, [])
    rng = data["required_park_growth_range"]
    # 近60% → 58–60 %, 8.5%左右 → 8–9 %: lowest at (60 %, 8 %), highest at (58 %, 9 %)
    assert rng["low"] == pytest.approx(1.08 * (0.75 / 0.60) ** 0.2 - 1, abs=1e-6)
    assert rng["high"] == pytest.approx(1.09 * (0.75 / 0.58) ** 0.2 - 1, abs=1e-6)
    assert rng["low"] < data["required_park_growth"] < rng["high"]
    assert set(rng["varied"]) == {"base_share", "total_growth"}
    assert rng["varied"]["base_share"]["plan_words"] == "近60%"
    assert data["required_park_growth_rounded"] == pytest.approx(0.135)


def test_a_changed_input_is_a_point_not_a_range(capsys):
    data = _json(capsys, ["--base-share", "0.58"])
    rng = data["required_park_growth_range"]
    assert set(rng["varied"]) == {"total_growth"} and rng["fixed"] == ["base_share"]
    assert rng["low"] == pytest.approx(1.08 * (0.75 / 0.58) ** 0.2 - 1, abs=1e-6)
    both = _json(capsys, ["--base-share", "0.58", "--total-growth", "0.08"])["required_park_growth_range"]
    assert both["low"] == pytest.approx(both["high"]) and not both["varied"]


def test_bounds_live_in_data_plan_with_the_plans_words():
    table = pd.read_csv(DATA_DIR / "plan" / "goal_ranges.csv", dtype=str)
    assert set(table["input"]) == {"base_share", "total_growth"}
    for rec in table.to_dict("records"):
        assert rec["plan_words"] in PLAN, rec["plan_words"]
        assert float(rec["low"]) <= float(rec["value"]) <= float(rec["high"])
        assert rec["rule_zh"] and rec["rule_en"] and rec["source"]
    ranges = share.goal_ranges()
    assert ranges["base_share"].high == pytest.approx(share.BASE_SHARE)  # "近" = not above the plan's figure
    assert ranges["total_growth"].low < share.TOTAL_GROWTH < ranges["total_growth"].high


def test_exports_label_changed_values_user_input():
    plan, mine = Scenario(name="规划"), Scenario(name="我的", base_share=0.58)
    back = pd.read_csv(io.BytesIO(share.export_scenarios([plan, mine], "csv")), encoding="utf-8-sig")
    src = "基期园区产值占比：来源"
    assert back.loc[0, src] == PLAN_SOURCE_ZH
    assert back.loc[1, src].startswith("用户输入：58%；规划值（仅供参考）")
    assert back.loc[1, "目标占比：来源"] == share.DEFAULT_SOURCES["target_share"]["zh"]
    assert pd.isna(back.loc[0, "用户改动的输入"]) and back.loc[1, "用户改动的输入"] == "基期园区产值占比"
    assert "sources" not in back.columns  # the old column that cited the plan for every value
    en = pd.read_csv(io.BytesIO(share.export_scenarios([mine], "csv", "en")), encoding="utf-8-sig")
    assert en.loc[0, "Base-year park share: source"].startswith("user input: 58%")
    wb = openpyxl.load_workbook(io.BytesIO(share.export_scenarios([mine], "xlsx")))
    ws = wb["scenarios"]
    header = [c.value for c in ws[1]]
    assert str(ws.cell(2, header.index(src) + 1).value).startswith("用户输入")
    low = ws.cell(2, header.index("所需园区年均增速下限（推算）") + 1).value
    assert low == pytest.approx(1.08 * (0.75 / 0.58) ** 0.2 - 1)


def test_saved_scenario_keeps_the_origin_and_reads_back():
    sc = Scenario(name="x", base_share=0.58, total_growth=0.085)
    record = share.scenario_record(sc)
    assert record["sources"]["base_share"]["origin"] == "user_input"  # type: ignore[index]
    assert record["sources"]["total_growth"]["origin"] == "plan"  # type: ignore[index]
    assert Scenario.from_dict(json.loads(json.dumps(record))) == sc


def test_comparison_marks_user_input_with_the_plan_value():
    table = view.comparison_table(Scenario(name="A"), Scenario(name="B", base_share=0.58), "zh")
    row = table.set_index("item_zh").loc["基期园区产值占比"]
    assert row["A"] == "60.00%"
    assert row["B"] == "58.00%（用户输入；规划值 60.00%）"
    en = view.comparison_table(Scenario(name="A"), Scenario(name="B", base_share=0.58), "en")
    assert en.set_index("item_en").loc["base-year park share", "B"] == "58.00% (user input; plan: 60.00%)"


def test_firm_share_of_the_target_year_offers_a_later_target():
    years = share.firm_share_years(2020)
    assert (years.base_year, years.target_year) == (2020, 2025)
    assert years.note is not None and "2025" in years.note.zh and "2025" in years.note.en
    compute(Scenario(base_year=years.base_year, target_year=years.target_year, base_share=0.62))  # no error
    assert share.firm_share_years(2017) == share.FirmYears(2017, 2020)
    none = share.firm_share_years(None)
    assert none.base_year == share.BASE_YEAR and none.note is not None


def test_firm_share_origin_is_derived_not_the_plan():
    sc = Scenario(base_share=0.6834, base_year=2017, base_share_from=share.FROM_FIRMS)
    src = share.input_source(sc, "base_share")
    assert src.origin == "derived" and src.zh.startswith("推算：企业点位测算")


def test_city_export_headers_units_percent_numbers_and_province_row():
    table = pd.DataFrame(
        {"city": ["福州市", "厦门市"], "park_output": [6000, 5000], "total_output": [9000, 7000]}
    )
    cities, summary = share.city_shares(table)
    out = view.city_export_table(cities, summary, "zh")
    assert list(out["city"]) == ["福州市", "厦门市", "全省（已填各市合计）"]
    assert out["share"].tolist() == pytest.approx([6000 / 9000, 5000 / 7000, 11000 / 16000])
    assert out["source"].str.len().gt(0).all() and out.iloc[0]["source"].startswith("用户数据")
    data = table_bytes(out, "xlsx", columns=view.CITY_EXPORT_COLUMNS, lang="zh")
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["设区市", "行政区划代码", "园区产值（亿元）"]
    share_cell = ws.cell(2, header.index("园区占比（推算）") + 1)
    assert share_cell.value == pytest.approx(6000 / 9000) and "%" in share_cell.number_format
    en = view.city_export_table(cities, summary, "en")
    csv = table_bytes(en, "csv", columns=view.CITY_EXPORT_COLUMNS, lang="en").decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("City,Adcode,Park output (100 million yuan)")
    assert "Fuzhou" in csv and "66.6667%" in csv


def test_thousand_verdict_is_not_firm_from_an_old_or_partial_figure():
    key, basis = thousand_verdict(2010, "漳州 food", "medium", True)
    assert key == "leans_pass" and "2010" in basis.zh and "2010" in basis.en
    assert thousand_verdict(2016, "晋江 textile & garment only", "medium", True)[0] == "leans_pass"
    assert thousand_verdict(2017, "宁德 lithium battery", "medium", False)[0] == "short"
    assert thousand_verdict(2017, "宁德 lithium battery", "medium", True)[0] == "passes"
    table = thousand_verdicts(progress.cluster_thousand(0.085))
    old = table[table["year"] < share.BASE_YEAR]
    assert len(old) and not old["verdict"].isin(["passes", "short"]).any()
    assert table["basis_en"].str.contains("scope").all()
