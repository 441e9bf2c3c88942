"""What the atlas holds, counted from the data (for the home page and the README)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clusters import clusters as cl
from clusters import targets
from clusters.goals import Goal, clusters_goal, demo_bases_goal, park_share_goal, place_en
from gis.parks import has_role, is_petrochemical, load_parks


@dataclass(frozen=True)
class Count:
    """A counted figure with its source (``derived`` when counted from our data), the year or period it is
    of and the level it counts (``when_zh`` / ``when_en``: e.g. "2015年，省级以上" / "2015, provincial and
    above"); ``source_en`` is the source in English where it differs (a place in the plan, our own count)."""

    key: str
    label_zh: str
    label_en: str
    value: float
    source: str
    when_zh: str = ""
    when_en: str = ""
    source_en: str = ""


CATALOGUE = "《中国开发区审核公告目录》（2018年版）"
CATALOGUE_EN = "China Development Zone Audit Catalogue, 2018 edition"


def _goal_count(key: str, zh: str, en: str, goal: Goal, when_zh: str = "", when_en: str = "") -> Count:
    return Count(key, zh, en, goal.value, goal.source, when_zh, when_en, place_en(goal.source))


def _place_counts(parks: pd.DataFrame) -> list[Count]:
    cat = has_role(parks, "catalogue_2018")
    petro = parks[is_petrochemical(parks)]
    ours, ours_en = "由 data/parks.geojson 计数（推算）", "counted from data/parks.geojson (derived)"
    return [
        Count(
            "places",
            "图上园区与基地",
            "Parks and bases on the map",
            len(parks),
            ours,
            "随附数据（目录2018年版、规划2016年、参考研究各年）；各级别合计",
            "shipped data (2018 catalogue, 2016 plan, research of various years); all levels together",
            ours_en,
        ),
        Count(
            "catalogue",
            "国家目录中的福建开发区",
            "Fujian zones in the 2018 national catalogue",
            int(cat.sum()),
            CATALOGUE,
            "2018年版，国家级和省级",
            "2018 edition, national and provincial",
            CATALOGUE_EN,
        ),
        Count(
            "catalogue_national",
            "其中国家级",
            "of which national",
            int((cat & (parks["level"] == "national")).sum()),
            CATALOGUE,
            "2018年版，国家级",
            "2018 edition, national",
            CATALOGUE_EN,
        ),
        Count(
            "petro_bases",
            "石化基地与江阴专区",
            "Petrochemical bases + Jiangyin zone",
            petro["base"].nunique(),
            "第四章一（一）",
            "规划（2016年）点名的基地",
            "bases named in the plan (2016)",
            place_en("第四章一（一）"),
        ),
        Count(
            "petro_parks",
            "其中园区点位",
            "their park locations",
            len(petro),
            "参考研究 petrochem_parks.csv（规划只点名基地，未点名这些园区）",
            "各园区来源年份不同（2005—2025年）；园区级",
            "sources of different years (2005–2025); park level",
            "reference research petrochem_parks.csv (the plan names the bases, not these parks)",
        ),
    ]


def _cluster_counts(clus: pd.DataFrame) -> list[Count]:
    existing = int((clus["provenance"] == "plan_existing").sum())
    cultivate = int((clus["provenance"] == "plan_cultivate").sum())
    return [
        Count(
            "plan_clusters",
            "规划点名的千亿产业集群",
            "100-billion-yuan clusters named in the plan",
            int(clus["in_plan"].sum()),
            "第三章七",
            f"规划（2016年）：已有{existing}个（2015年已超千亿），待培育{cultivate}个",
            f"the plan (2016): {existing} existing (over 100 bn in 2015), {cultivate} to cultivate",
            place_en("第三章七"),
        ),
        _goal_count(
            "plan_clusters_target",
            "规划目标：千亿产业集群（2020）",
            "Plan target: 100-billion-yuan clusters (2020)",
            clusters_goal(),
            "2020年目标，全省",
            "2020 target, province-wide",
        ),
        Count(
            "related_clusters",
            "相关文件中的候选集群（非规划所列）",
            "Candidate clusters from related documents (not the plan's)",
            int((~clus["in_plan"]).sum()),
            "参考研究 clusters_thousand_billion_candidates.csv"
            "（“十二五”目标名单、2018年集群计划、之后的报道）",
            "文件年份各异（“十二五”目标名单、2018年计划、2011—2022年报道）",
            "documents of different years (12th-FYP list, 2018 plan, reports of 2011–2022)",
            "reference research clusters_thousand_billion_candidates.csv (12th FYP list, 2018 cluster plan, "
            "later reports)",
        ),
    ]


def _baseline(key: str) -> tuple[float, str]:
    row = targets.baselines_2015().loc[key]
    return float(str(row["value"])), str(row["source"])


def _demo_counts(parks: pd.DataFrame) -> list[Count]:
    demo, demo_src = _baseline("demo_bases")
    national, national_src = _baseline("demo_bases_national")
    named = "demo_bases_fujian_confirmed.csv"
    return [
        Count(
            "demo_2015",
            "省级以上示范基地（2015）",
            "Demonstration bases, provincial and above (2015)",
            demo,
            demo_src,
            "2015年，省级以上",
            "2015, provincial and above",
            place_en(demo_src),
        ),
        Count(
            "demo_2015_national",
            "其中国家级（2015）",
            "of which national (2015)",
            national,
            national_src,
            "2015年，国家级",
            "2015, national",
            place_en(national_src),
        ),
        _goal_count(
            "demo_target",
            "示范基地目标（2020）",
            "Demonstration bases target (2020)",
            demo_bases_goal(),
            "2020年目标，省级以上",
            "2020 target, provincial and above",
        ),
        Count(
            "demo_named_national",
            "有来源确认名称的国家级示范基地",
            "National demonstration bases confirmed by name",
            int(has_role(parks, "demo_base_national").sum()),
            named,
            "国家级；批次与年份各异（第6批2015年、第10批等，多数未注明），不是2015年的统计口径",
            "national; batches and years differ (6th batch 2015, 10th batch, most not stated): "
            "not the plan's 2015 count",
        ),
        Count(
            "demo_named_provincial",
            "有来源确认名称的省级示范基地",
            "Provincial demonstration bases confirmed by name",
            int(has_role(parks, "demo_base_provincial").sum()),
            named,
            "省级，2024—2027年称号（2025年1月公布），不属于规划的2015/2020年计数",
            "provincial, titles for 2024–2027 (announced 2025-01): not part of the plan's 2015/2020 counts",
        ),
    ]


def _plan_counts() -> list[Count]:
    return [
        Count(
            "sector_targets",
            "重点领域产值目标（专栏10）",
            "Sector output targets (Box 10)",
            len(targets.sector_targets()),
            "专栏10",
            "2020年目标，全省",
            "2020 targets, province-wide",
            "Box 10",
        ),
        Count(
            "indicators",
            "主要指标（专栏1）",
            "Main indicators (Box 1)",
            len(targets.indicators()),
            "专栏1",
            "2020年目标，全省",
            "2020 targets, province-wide",
            "Box 1",
        ),
        _goal_count(
            "park_share_target",
            "园区产值占比目标（%，2020）",
            "Park share of industrial output target (%, 2020)",
            park_share_goal(),
            "2020年目标，全省",
            "2020 target, province-wide",
        ),
    ]


def atlas_summary() -> list[Count]:
    """Counts of parks, bases, clusters and targets, each saying where it comes from."""
    parks = load_parks()
    return [
        *_place_counts(parks),
        *_cluster_counts(cl.load_clusters()),
        *_demo_counts(parks),
        *_plan_counts(),
    ]
