"""The evaluation report never lets a user's value wear the plan's source (issue 13): a changed base share is
"user input" with the plan's value only for reference, and the range the report gives comes only from the
plan's approximate figures the calculation still uses."""

from __future__ import annotations

import pytest

from clusters import share
from clusters.report import build_report

USER, PLAN = ("用户输入", "user input"), ("规划", "the plan")


@pytest.mark.parametrize(("lang", "i"), [("zh", 0), ("en", 1)])
def test_a_user_changed_base_share_is_user_input_in_the_report(lang: str, i: int) -> None:
    report = build_report(lang, scenario=share.Scenario(name="mine", base_share=0.58))
    rows = {r[1]: r for r in report.table("share_inputs").rows}
    base = rows["58%"]
    assert base[2] == USER[i]
    assert base[3].startswith(USER[i]) and base[3].index("58%") < base[3].index("60%")
    others = [r for r in report.table("share_inputs").rows if r is not base]
    assert all(r[2] != USER[i] for r in others)  # only what the user changed
    vague = [u for u in report.unknowns if ("范围" in u or "range" in u)]
    assert len(vague) == 1 and "近60%" not in vague[0] and "8.5%左右" in vague[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_the_plans_values_the_range_names_both_approximate_figures(lang: str) -> None:
    report = build_report(lang, scenario=share.Scenario(name="plan"))
    base = next(r for r in report.table("share_inputs").rows if r[1] == "60%")
    assert base[2] == PLAN[0 if lang == "zh" else 1]
    vague = [u for u in report.unknowns if ("范围" in u or "range" in u)]
    assert len(vague) == 1 and "近60%" in vague[0] and "8.5%左右" in vague[0]


def test_with_no_approximate_plan_figure_left_there_is_no_range() -> None:
    report = build_report("en", scenario=share.Scenario(name="u", base_share=0.58, total_growth=0.08))
    assert any("has no range" in u for u in report.unknowns)
    assert not any("is a range" in u for u in report.unknowns)


def test_the_parks_row_of_the_data_dates_has_dates_and_names_user_input(_isolated_user_store) -> None:
    from gis.edit_form import park_form, typed_figure
    from gis.parks import parks_in_force
    from gis.store.edits import save_park_edit

    row = build_report("en").table("data_dates").rows[2]
    assert row[0].startswith("Parks") and row[1].startswith("2018 catalogue edition; park figures of 2005–")
    assert "user input" not in row[2]
    form = park_form(parks_in_force(), "quangang")
    fid = next(f"{f['key']}|{f['year']}" for f in form.figures if f.get("year"))
    typed = form.figure(fid) | {"value": "31.5", "source": "mine"}
    save_park_edit("quangang", figures=typed_figure(typed, fid), originals=form.originals())
    row = build_report("en").table("data_dates").rows[2]
    assert row[2].endswith("user input: the position or boundary of 0 parks, figures of 1 parks")
