"""Source strength and position weight (gis.quality) and the data-quality table (issue 13)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from gis.parks import load_parks
from gis.quality import confidence_label, position_rank, source_strength
from gis.quality_view import COLUMNS, quality_export, quality_table
from gis.tabular import table_bytes


@pytest.mark.parametrize(
    ("ref", "strength"),
    [
        ("《中国开发区审核公告目录》（2018年版）/ China Development Zone Audit Catalogue (2018)", "official"),
        ("福建省“十三五”工业转型升级专项规划 (2016) 第三章九", "official"),
        ("www.mwnews.cn/html/2/2015-03-10/11201416743.shtml", "news"),
        ("xjmm918.com/a/4831.html (copy of 福建日报 2025-06-30)", "news_copy"),
        ("Wikipedia 'Gulei' infobox (seen via mirrors of en.m.wikipedia.org/wiki/Gulei)", "encyclopedia"),
        ("house.mnw.cn/zhangzhou/20220926/61500.html", "commercial"),
        ("public GitHub Java enum PollutionInfoCountyEnum", "commercial"),
        ("analyst estimate, snapped to district polygon", "derived"),
        ("petrochem_parks.csv (column base): source not recorded", "not_recorded"),
        ("", "not_recorded"),
        # several sources: the strongest of them
        ("house.mnw.cn/x.html; www.mwnews.cn/y.shtml", "news"),
    ],
)
def test_source_strength_rule(ref: str, strength: str) -> None:
    assert source_strength(ref) == strength


def test_position_rank_puts_the_weakest_last() -> None:
    order = [
        ("boundary", ""),
        ("approximate", "medium (town point)"),
        ("approximate", "low (geocoded)"),
        ("approximate", "very low (possible homonym)"),
        ("approximate", "ESTIMATE"),
        ("approximate", "very low (position unknown within the bay)"),
    ]
    ranks = [position_rank(q, c) for q, c in order]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


def test_confidence_labels_in_chinese_have_no_english_keys() -> None:
    assert confidence_label("low (geocoded)", "zh") == "低（地理编码）"
    assert confidence_label("high (existence) / unknown (batch)", "zh") == "高（存在性）/未知（批次）"
    assert confidence_label("low (geocoded)", "en") == "low (geocoded)"
    for value in set(load_parks()["position_confidence"]):
        assert not any(c.isascii() and c.isalpha() for c in confidence_label(value, "zh")), value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quality_table_every_place_weakest_first_and_exportable(lang: str) -> None:
    parks = load_parks()
    table = quality_table(parks, lang)
    assert len(table) == len(parks) and set(table["id"]) == set(parks.index)
    assert list(table["priority"]) == list(range(1, len(parks) + 1))
    assert table.iloc[0]["id"] == "S357003"  # position unknown within the bay: replace first
    ranks = [
        position_rank(parks.loc[i, "geometry_quality"], parks.loc[i, "position_confidence"])
        for i in table["id"]
    ]
    assert ranks == sorted(ranks, reverse=True)
    low = "低（地理编码）" if lang == "zh" else "low (geocoded)"
    centre = (
        ("低（区县中心点）", "低（乡镇中心点）")
        if lang == "zh"
        else ("low (county centre)", "low (township centre)")
    )
    assert (table["position_confidence"] == low).sum() >= 75
    assert (table["position_confidence"] == low).sum() + table["position_confidence"].isin(centre).sum() >= 90
    gulei = table.set_index("id").loc["gulei"]
    assert gulei["position_source_strength"] == ("百科" if lang == "zh" else "encyclopedia")
    out = quality_export(table, lang)
    assert list(out.columns) == [p.get(lang) for p in COLUMNS.values()]
    back = pd.read_csv(io.BytesIO(table_bytes(out)), encoding="utf-8-sig", dtype=str)
    assert len(back) == len(parks) and "None" not in back.to_csv()


def test_a_users_accepted_boundary_ranks_as_the_best_position() -> None:
    parks = load_parks()
    parks["provenance"] = "shipped"
    parks.loc["S357003", ["provenance", "geometry_quality", "position_confidence"]] = ["user", "boundary", ""]
    table = quality_table(parks, "en").set_index("id")
    assert table.loc["S357003", "priority"] == len(parks)  # replaced already: last to replace
    assert table.loc["S357003", "position_source_strength"] == "user-supplied data (your office's)"
