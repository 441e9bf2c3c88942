"""The park-share calculator's maths: closed form vs compounding, properties, edge cases, per-city,
scenarios."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clusters import share
from clusters.share import Scenario, compute
from gis.errors import CalculationError

shares = st.floats(min_value=0.05, max_value=0.95, allow_nan=False)
growths = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
year_spans = st.integers(min_value=1, max_value=20)


def test_issue_check_8pct_total_needs_12_9pct_parks():
    res = compute(Scenario(total_growth=0.08))
    assert res.required_park_growth == pytest.approx(0.1293, abs=5e-5)
    # the same number by hand: 1.08 * 1.25 ** 0.2 - 1
    assert res.required_park_growth == pytest.approx(1.08 * 1.25**0.2 - 1, rel=1e-12)
    assert "≈ 12.9%" in res.formula_zh and "≈ 12.9%" in res.formula_en  # no finer than the plan's inputs
    assert "12.929" not in res.formula_zh + res.formula_en
    assert res.year_target_reached == 2020
    assert list(res.path["year"]) == [2015, 2016, 2017, 2018, 2019, 2020]
    assert res.path["share"].iloc[-1] == pytest.approx(0.75, abs=1e-12)


def test_closed_form_matches_year_by_year_compounding():
    for base, target, gt, yrs in [(0.6, 0.75, 0.08, 5), (0.3, 0.9, -0.05, 12), (0.5, 0.5, 0.2, 3)]:
        g = share.required_park_growth(base, target, yrs, gt)
        path = share.share_path(base, gt, g, 2000, 2000 + yrs, base_total_output=1234.5)
        # compounding outputs separately, then dividing, lands on the target
        assert path["park_output"].iloc[-1] / path["total_output"].iloc[-1] == pytest.approx(
            target, rel=1e-12
        )
        assert path["share"].iloc[-1] == pytest.approx(target, rel=1e-12)
        for k, s in enumerate(path["share"]):
            assert s == pytest.approx(share.share_after(base, gt, g, k), rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(base=shares, gt=growths, gp=growths, delta=st.floats(min_value=1e-3, max_value=0.2), n=year_spans)
def test_share_rises_with_park_growth(base, gt, gp, delta, n):
    assume(gp + delta < 0.9)
    assert share.share_after(base, gt, gp + delta, n) > share.share_after(base, gt, gp, n)


@settings(max_examples=150, deadline=None)
@given(base=shares, gt=growths, gp=growths, delta=st.floats(min_value=1e-3, max_value=0.2), n=year_spans)
def test_share_falls_with_total_growth(base, gt, gp, delta, n):
    assert share.share_after(base, gt + delta, gp, n) < share.share_after(base, gt, gp, n)


@settings(max_examples=200, deadline=None)
@given(base=shares, up=st.floats(min_value=0.0, max_value=0.5), gt=growths, n=year_spans)
def test_target_reached_exactly_at_required_growth(base, up, gt, n):
    target = min(base + up * (1 - base), 0.99)
    assume(target >= base)
    g = share.required_park_growth(base, target, n, gt)
    # The calculator refuses growth above 1000 %/yr as a typing error (8 entered for 8 %): stay in its domain.
    assume(-0.99 < g <= 10)
    assert share.share_after(base, gt, g, n) == pytest.approx(target, rel=1e-9)
    reached = share.first_year_reached(base, target, gt, g, 2015, horizon=50)
    if target > base + 1e-6:
        assert reached == 2015 + n
        # a little slower never makes it by the target year
        slower = share.first_year_reached(base, target, gt, g - 1e-4, 2015, horizon=50)
        assert slower is None or slower > 2015 + n


def test_first_year_reached_brute_force_agrees():
    for base, target, gt, gp in [(0.6, 0.75, 0.08, 0.12), (0.6, 0.75, 0.085, 0.10), (0.4, 0.8, 0.0, 0.03)]:
        year = share.first_year_reached(base, target, gt, gp, 2015, horizon=100)
        s, y = base, 2015
        while s < target:
            s *= (1 + gp) / (1 + gt)
            y += 1
        assert year == y


def test_not_within_horizon():
    res = compute(Scenario(total_growth=0.08, park_growth=0.081, horizon=10))
    assert res.year_target_reached is None
    assert "not within 10 years" in res.reached_text("en")
    assert "10年内" in res.reached_text("zh")
    slower = compute(Scenario(total_growth=0.08, park_growth=0.05))
    assert slower.year_target_reached is None
    assert any("falls" in w for w in slower.warnings)


def test_gap_share_points_and_yi_yuan():
    res = compute(
        Scenario(
            total_growth=0.08,
            park_growth=0.12,
            base_total_output=40000,
            base_park_output=24000,
            base_share=None,
        )
    )
    end_share = 0.6 * (1.12 / 1.08) ** 5
    assert res.target_year_share == pytest.approx(end_share)
    assert res.gap_share_points == pytest.approx((0.75 - end_share) * 100)
    total_2020 = 40000 * 1.08**5
    park_2020 = 24000 * 1.12**5
    assert res.gap_yi_yuan == pytest.approx(0.75 * total_2020 - park_2020)
    assert res.required_park_output_target_year == pytest.approx(0.75 * total_2020)
    assert res.base_share_source.startswith("DERIVED")
    assert res.gap_from_base_share_points == pytest.approx(15.0)


def test_absolute_values_override_share():
    res = compute(Scenario(base_share=0.6, base_total_output=1000, base_park_output=500, total_growth=0.0))
    assert res.base_share == pytest.approx(0.5)
    assert res.required_park_growth == pytest.approx(1.5**0.2 - 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"base_share": 0.0}, "base_share"),
        ({"base_share": 1.0}, "base_share"),
        ({"base_share": 60}, "base_share"),
        ({"base_share": -0.1}, "base_share"),
        ({"target_share": 0.5}, "target_share"),
        ({"target_share": 1.2}, "target_share"),
        ({"total_growth": -1.0}, "total_growth"),
        ({"total_growth": -1.5}, "total_growth"),
        ({"park_growth": -1.0}, "park_growth"),
        ({"target_year": 2015}, "target_year"),
        ({"target_year": 2010}, "target_year"),
        ({"total_growth": float("nan")}, "total_growth"),
        ({"total_growth": float("inf")}, "total_growth"),
        ({"base_share": float("nan")}, "base_share"),
        ({"park_growth": float("-inf")}, "park_growth"),
        ({"target_share": float("nan")}, "target_share"),
        ({"base_year": float("nan")}, "base_year"),
        ({"base_year": 2015.5}, "base_year"),
        ({"total_growth": "abc"}, "total_growth"),
        ({"base_share": None}, "base_share"),
        ({"base_total_output": 100.0}, "base_park_output"),
        ({"base_total_output": 100.0, "base_park_output": 100.0}, "base_park_output"),
        ({"base_total_output": 0.0, "base_park_output": 10.0}, "base_total_output"),
        ({"base_total_output": 100.0, "base_park_output": 0.0}, "base_park_output"),
    ],
)
def test_edge_cases_raise_clear_errors(changes, field):
    sc = share.with_changes(Scenario(), **changes)
    with pytest.raises(CalculationError) as info:
        compute(sc)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.field == field
    assert err.message and err.message_zh  # English and Chinese, each in its own field
    assert err.message != err.message_zh
    assert "nan" not in str(err.to_dict().get("error")).lower()


def test_percent_typed_share_gets_a_hint():
    with pytest.raises(CalculationError, match="did you mean 0.6"):
        compute(Scenario(base_share=60))


def test_target_equal_to_base_needs_total_growth():
    res = compute(Scenario(base_share=0.6, target_share=0.6, total_growth=0.07))
    assert res.required_park_growth == pytest.approx(0.07)
    assert res.year_target_reached == 2020
    assert share.first_year_reached(0.6, 0.6, 0.07, 0.0, 2015) == 2015


def test_no_nan_in_results():
    d = compute(Scenario(total_growth=0.08, park_growth=0.12)).to_dict()
    for row in d["share_by_year"]:
        assert math.isfinite(row["share"])
    for key in ("required_park_growth", "gap_share_points", "target_year_share"):
        assert math.isfinite(d[key])


def test_share_over_100_percent_warns():
    res = compute(Scenario(base_share=0.9, target_share=0.95, total_growth=0.0, park_growth=0.2))
    assert any("100%" in w for w in res.warnings)
    assert any(w.startswith("share exceeds 100%") for w in res.warnings_in("en"))
    assert any(w.startswith("占比在") and "share" not in w for w in res.warnings_in("zh"))
    assert len(res.warnings_in("zh")) == len(res.warnings)


def test_sensitivity_table():
    sc = Scenario(total_growth=0.075)
    table = share.sensitivity(sc, park_growths=[0.10, 0.13], total_growths=[0.08])
    assert list(table.columns) == [0.075, 0.08]  # own total growth added
    assert table.loc[0.13, 0.08] == pytest.approx(0.6 * (1.13 / 1.08) ** 5)
    # monotone: rises down the rows, falls across columns
    full = share.sensitivity(Scenario())
    assert (full.diff().iloc[1:] > 0).all().all()
    assert (full.T.diff().iloc[1:] < 0).all().all()
    long = share.sensitivity_long(table)
    assert set(long.columns) == {"park_growth", "total_growth", "share"} and len(long) == 4


# ------------------------------------------------------------------------------------------------ per city


def _city_frame() -> pd.DataFrame:
    rows = [(c, 100.0 + 10 * i, 200.0 + 20 * i + 5 * (i % 3)) for i, c in enumerate(share.CITIES)]
    return pd.DataFrame(rows, columns=["city", "park_output", "total_output"])


def test_city_shares_and_contributions():
    df = _city_frame()
    out, summary = share.city_shares(df)
    assert len(out) == 9 and summary["complete"]
    assert summary["provincial_share"] == pytest.approx(df["park_output"].sum() / df["total_output"].sum())
    assert out["contribution"].sum() == pytest.approx(summary["provincial_share"])
    fz = out.set_index("city").loc["福州市"]
    assert fz["share"] == pytest.approx(100 / 200)
    assert fz["contribution"] == pytest.approx(100 / df["total_output"].sum())
    assert fz["adcode"] == "350100"


def test_city_aliases_and_partial():
    df = pd.DataFrame(
        {"城市": ["福州", "Xiamen", "350500"], "园区产值": [1, 2, 3], "工业总产值": [10, 10, 10]}
    )
    out, summary = share.city_shares(df)
    assert list(out["city"]) == ["福州市", "厦门市", "泉州市"]
    assert not summary["complete"] and "莆田市" in summary["missing"]


@pytest.mark.parametrize(
    ("rows", "match", "row_no"),
    [
        ([("福州", 1, 10), ("杭州市", 1, 10)], "unknown city '杭州市'", 3),
        ([("福州", 1, 10), ("福州市", 1, 10)], "city listed twice", 3),
        ([("福州", "abc", 10)], "not a valid number", 2),
        ([("福州", 20, 10)], "exceeds total", 2),
        ([("福州", 1, 0)], "must be positive", 2),
        ([("福州", -1, 10)], "negative", 2),
    ],
)
def test_city_errors(rows, match, row_no):
    df = pd.DataFrame(rows, columns=["city", "park_output", "total_output"])
    with pytest.raises(CalculationError, match=match) as info:
        share.city_shares(df, file="c.csv")
    assert info.value.feature == row_no and info.value.file == "c.csv"


def test_city_missing_column():
    with pytest.raises(CalculationError, match="missing column 'total_output'"):
        share.city_shares(pd.DataFrame({"city": ["福州"], "park_output": [1]}))


def test_read_city_table_gbk_csv():
    text = "城市,园区产值,工业总产值\n福州市,6000,9000\n厦门市,5000,7000\n"
    out, summary = share.read_city_table(text.encode("gbk"), name="cities.csv")
    assert summary["provincial_share"] == pytest.approx(11000 / 16000)
    assert out.loc[0, "city"] == "福州市"


# ------------------------------------------------------------------------------------------------ scenarios


def test_compare_and_export_scenarios():
    a = Scenario(name="基准", total_growth=0.08)
    b = Scenario(name="快速", total_growth=0.10, park_growth=0.14)
    cmp = share.compare_scenarios(a, b)
    assert list(cmp.columns[3:5]) == ["基准", "快速"]
    row = cmp.set_index("key").loc["result.required_park_growth"]
    assert row["基准"] == pytest.approx(1.08 * 1.25**0.2 - 1, abs=1e-6)
    assert row["快速"] == pytest.approx(1.10 * 1.25**0.2 - 1, abs=1e-6)
    assert row["differs"]
    csv_bytes = share.export_scenarios([a, b], "csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")
    assert list(back["情景名称"]) == ["基准", "快速"]  # headers a person reads, in the UI language
    assert str(back.loc[1, "首次达到目标年份（推算）"]) == str(compute(b).year_target_reached)
    assert back.loc[0, "全省工业总产值年均增速"] == "8%"  # a percentage Excel reads as the number 0.08
    xlsx = share.export_scenarios([a, b], "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames[0] == "scenarios" and len(wb.sheetnames) == 4  # + the machine keys' sheet
    assert "columns" in wb.sheetnames
    ws = wb["scenarios"]
    header = [c.value for c in ws[1]]
    growth = ws.cell(2, header.index("所需园区年均增速（推算）") + 1)
    assert growth.value == pytest.approx(1.08 * 1.25**0.2 - 1) and "%" in growth.number_format
    with pytest.raises(CalculationError):
        share.export_scenarios([a], "pdf")


def test_scenario_round_trip():
    sc = Scenario(name="x", park_growth=0.11, base_total_output=None)
    assert Scenario.from_dict({**sc.to_dict(), "junk": 1}) == sc
    assert (
        Scenario.from_dict({"name": "y", "park_growth": "", "base_share": float("nan")}).park_growth is None
    )


def test_regression_required_growth_above_domain_is_refused_not_crashing():
    """Hypothesis found base 6.25 % → 53 % in one year at +50 % total: 1175 %/yr park growth, refused
    clearly."""
    g = share.required_park_growth(0.0625, 0.53125, 1, 0.5)
    assert g > 10
    with pytest.raises(CalculationError, match="park_growth"):
        share.share_after(0.0625, 0.5, g, 1)
