"""The plan's numbers as data: each row is found in the plan text itself."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from clusters import goals, targets
from clusters.clusters import cluster_figures, load_clusters, plan_clusters
from gis.parks import load_parks
from gis.settings import DATA_DIR

PLAN_TEXT = (DATA_DIR / "sources" / "plan_2016_fujian_13th_fyp_industrial.txt").read_text(encoding="utf-8")
PLAN = re.sub(r"[\s\u3000]+", "", PLAN_TEXT)
# The 专栏10 block as printed in the plan (between its title and 第五章).
ZL10 = PLAN[PLAN.index("专栏10") : PLAN.index("第五章保障措施", PLAN.index("专栏10"))]
CHAPTER4 = PLAN[PLAN.index("第四章转型升级重点领域推动") : PLAN.index("专栏10")]


def _num(x: float) -> str:
    return f"{x:g}"


def norm(s: str) -> str:
    return re.sub(r"[\s\u3000]+", "", s)


def test_sector_targets_24_rows_two_groups():
    df = targets.sector_targets()
    assert list(df.index) == list(range(1, 25))
    assert df["group_zh"].value_counts().to_dict() == {"传统优势产业": 13, "新兴先导产业": 11}


@pytest.mark.parametrize("no", range(1, 25))
def test_each_zhuanlan10_row_is_in_the_plan(no):
    row = targets.sector_targets().loc[no]
    assert row["sector_zh"] in ZL10
    # Each figure appears in 专栏10 and in the sector's own paragraph of 第四章.
    start = CHAPTER4.index(f"）{row['sector_zh']}".replace("（LED）", "（LED）"))
    para = CHAPTER4[start : start + 300]
    figures = [row["output_2020"], row["output_cagr_pct"]]
    if not np.isnan(row["va_2020"]):
        figures += [row["va_2020"], row["va_cagr_pct"]]
    for value in figures:
        assert _num(value) in ZL10, f"#{no} {row['sector_zh']}: {value} not in 专栏10"
        assert _num(value) in para, f"#{no} {row['sector_zh']}: {value} not in its 第四章 paragraph"
    if no <= 5 or no >= 9:  # rows 6–8 are printed merged in the text; checked via 第四章 above
        line = re.search(rf"{no}{re.escape(row['sector_zh'])}(\d[\d.]*)(\d\d?(?:\.\d)?)", ZL10)
        assert line, f"row {no} not found in 专栏10"


def test_industrial_internet_is_revenue_without_value_added():
    row = targets.sector_targets().loc[18]
    assert row["output_2020"] == 1000 and np.isnan(row["va_2020"])
    assert "业务收入" in row["output_measure_zh"]
    assert "工业互联网产业业务收入超1000亿元" in CHAPTER4


def test_derived_base_is_computed_and_labelled():
    df = targets.with_derived()
    assert df.loc[1, "output_2015_derived"] == pytest.approx(6800 / 1.19**5, abs=0.05)
    assert np.isnan(df.loc[18, "va_2015_derived"])
    path = targets.yearly_path(100, 10)
    assert path.loc[2015] == 100 and path.loc[2020] == pytest.approx(161.051)
    # Derived values are not stored in the shipped tables.
    stored = pd.read_csv(DATA_DIR / "plan" / "sector_targets_2020.csv")
    assert not any("2015" in c or "derived" in c.lower() for c in stored.columns)


@pytest.mark.parametrize("table", ["indicators", "baselines_2015", "petrochem_goals", "park_goals"])
def test_every_quote_is_in_the_plan_and_holds_the_value(table):
    df = getattr(targets, table)().reset_index()
    assert df["source"].str.len().gt(0).all()
    for _, row in df.iterrows():
        assert norm(row["quote"]) in PLAN, f"{table}: quote not in plan: {row['quote']}"
        value = row.get("target_value", row.get("value"))
        if table != "indicators" and isinstance(value, (int, float)) and not np.isnan(value):
            quote = norm(row["quote"])
            in_wan = f"{_num(value / 10000)}万" in quote  # 近3万家, 2.75万亿元
            assert _num(value) in quote or in_wan, f"{table}: {value} not in {row['quote']}"


def test_indicators_16_with_types():
    df = targets.indicators()
    assert list(df["no"]) == list(range(1, 17))
    assert set(df["target_type"]) == {"预期性", "约束性"}
    assert list(df.loc[df["target_type"] == "约束性", "no"]) == [14, 15]
    share = df.set_index("no").loc[10]
    assert share["target_value"] == 75 and share["baseline_2015_value"] == 60
    assert norm(share["baseline_2015_text"]) in PLAN


def test_petrochem_and_park_goals_values():
    pg = targets.petrochem_goals()["value"].to_dict()
    assert pg == {
        "output": 6800,
        "output_cagr": 19,
        "value_added": 1700,
        "va_cagr": 12,
        "refining_capacity": 5000,
        "ethylene_capacity": 300,
        "aromatics_capacity": 500,
    }
    goals = targets.park_goals()["value"].to_dict()
    assert goals == {"park_output_share": 75, "demo_bases": 25, "clusters_over_100bn": 20}


def test_clusters_provenance_consistent():
    df = load_clusters()
    named = plan_clusters()
    assert (named["provenance"] == "plan_existing").sum() == 4
    assert (named["provenance"] == "plan_cultivate").sum() == 3
    for name in named["name_zh"]:
        assert name in PLAN, f"plan cluster {name} is not named in the plan"
    related = df[~df["in_plan"]]
    assert (related["provenance"] == "related").all()
    # every related candidate says which document names it
    assert (related["source"].str.len() > 0).all()
    # a candidate with a target has the target's source
    with_target = df[df["target_2020"].notna()]
    assert (with_target["target_source"].str.len() > 0).all()
    # host parks exist and list the cluster back
    parks = load_parks()
    for cid, row in df.iterrows():
        for pid in row["host_parks"]:
            assert cid in parks.loc[pid, "clusters"]


def test_cluster_figures_have_sources_and_known_clusters():
    figs = cluster_figures()
    assert set(figs["cluster_id"]) <= set(load_clusters().index)
    assert figs["source"].str.len().gt(0).all() and figs["confidence"].str.len().gt(0).all()


def test_sector_places_quotes_in_plan():
    places = pd.read_csv(DATA_DIR / "plan" / "sector_places.csv", dtype=str, keep_default_na=False)
    parks = load_parks()
    for _, row in places.iterrows():
        assert norm(row["quote"]) in PLAN, row["quote"]
        for pid in filter(None, row["park_id"].split(";")):
            assert int(row["sector_no"]) in parks.loc[pid, "sectors"]


def test_sector_places_loader_and_cluster_places_are_derived_from_hosts():
    from clusters.clusters import cluster_places
    from clusters.targets import sector_places

    sp = sector_places()
    assert set(sp["sector_no"]) <= set(range(1, 25))
    assert sp.loc[sp["place_zh"] == "上杭铜工业园", "park_ids"].iloc[0] == ["shanghang-copper"]
    places = cluster_places()
    assert places.loc["meizhou-bay-petrochem", "geometry_basis"] == "host_parks"
    assert len(places.loc["meizhou-bay-petrochem"].geometry.geoms) == 4
    assert places.loc["xiamen-optoelectronics", "geometry_basis"] == "host_cities"
    unknown = places[places["geometry_basis"] == "unknown"]
    assert unknown.geometry.is_empty.all() and not unknown["in_plan"].any()


def test_plan_goals_read_from_the_tables_with_their_words():
    """Each goal accessor returns the table's value, its place in the plan and the plan's own words."""
    g = goals.plan_goals()
    assert g["park_output_share"].fraction == 0.75 and g["park_output_share"].comparator == "≥"
    assert g["park_output_share_2015"].fraction == 0.60 and "近60%" in g["park_output_share_2015"].quote
    assert g["industrial_va_growth"].fraction == pytest.approx(0.085)
    assert (g["base_year"].whole, g["target_year"].whole) == (2015, 2020)
    assert (g["demo_bases"].whole, g["clusters_over_100bn"].whole) == (25, 20)
    for goal in g.values():
        assert norm(goal.quote) in PLAN, goal
        assert goal.source and (DATA_DIR / "plan" / goal.table).is_file()
    # the same numbers the tables hold
    assert g["park_output_share"].value == targets.park_goals().loc["park_output_share", "value"]
    assert g["park_output_share_2015"].value == targets.baselines_2015().loc["park_output_share", "value"]
    row10 = targets.indicators().set_index("no").loc[10]
    assert row10["target_value"] == g["park_output_share"].value
    assert row10["baseline_2015_value"] == g["park_output_share_2015"].value
    assert targets.BASE_YEAR == 2015 and targets.TARGET_YEAR == 2020


def test_plan_places_in_both_languages():
    assert goals.place_zh("第三章七; 专栏1 #10") == "第三章七；专栏1第10项"
    assert goals.place_en("第三章七; 专栏1 #10") == "ch. 3 §7; Box 1 item 10"
    assert goals.place_en("第二章三（一）") == "ch. 2 §3 (1)"
    assert goals.place_en("第四章一（十三）") == "ch. 4 §1 (13)"
