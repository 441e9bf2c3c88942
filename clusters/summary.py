"""What the atlas holds, counted from the data (for the home page and the README)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clusters import clusters as cl
from clusters import targets
from clusters.goals import Goal, clusters_goal, demo_bases_goal, park_share_goal
from gis.parks import has_role, is_demonstration_base, is_petrochemical, load_parks


@dataclass(frozen=True)
class Count:
    """A counted figure with its source (``derived`` when counted from our data)."""

    key: str
    label_zh: str
    label_en: str
    value: float
    source: str


CATALOGUE = "《中国开发区审核公告目录》（2018年版）"


def _goal_count(key: str, zh: str, en: str, goal: Goal) -> Count:
    return Count(key, zh, en, goal.value, goal.source)


def _place_counts(parks: pd.DataFrame) -> list[Count]:
    cat = has_role(parks, "catalogue_2018")
    petro = parks[is_petrochemical(parks)]
    ours = "counted from data/parks.geojson (derived)"
    return [
        Count("places", "图上园区与基地", "Parks and bases on the map", len(parks), ours),
        Count(
            "catalogue",
            "国家目录中的福建开发区",
            "Fujian zones in the 2018 national catalogue",
            int(cat.sum()),
            CATALOGUE,
        ),
        Count(
            "catalogue_national",
            "其中国家级",
            "of which national",
            int((cat & (parks["level"] == "national")).sum()),
            CATALOGUE,
        ),
        Count(
            "petro_bases",
            "石化基地与江阴专区",
            "Petrochemical bases + Jiangyin zone",
            petro["base"].nunique(),
            "第四章一（一）",
        ),
        Count(
            "petro_parks",
            "其中园区点位",
            "their park locations",
            len(petro),
            "第四章一（一）; petrochem_parks.csv",
        ),
    ]


def _cluster_counts(clus: pd.DataFrame) -> list[Count]:
    return [
        Count(
            "plan_clusters",
            "规划点名的千亿产业集群",
            "千亿 clusters named in the plan",
            int(clus["in_plan"].sum()),
            "第三章七",
        ),
        _goal_count(
            "plan_clusters_target",
            "规划目标：千亿产业集群（2020）",
            "Plan target: 100-bn clusters (2020)",
            clusters_goal(),
        ),
        Count(
            "related_clusters",
            "相关文件中的候选集群（非规划所列）",
            "Candidate clusters from related documents (not the plan's)",
            int((~clus["in_plan"]).sum()),
            "clusters_thousand_billion_candidates.csv (12th FYP list, 2018 plan, later reports)",
        ),
    ]


def _baseline(key: str) -> tuple[float, str]:
    row = targets.baselines_2015().loc[key]
    return float(str(row["value"])), str(row["source"])


def _demo_counts(parks: pd.DataFrame) -> list[Count]:
    demo, demo_src = _baseline("demo_bases")
    national, national_src = _baseline("demo_bases_national")
    return [
        Count(
            "demo_2015",
            "省级以上示范基地（2015）",
            "Demonstration bases, provincial and above (2015)",
            demo,
            demo_src,
        ),
        Count("demo_2015_national", "其中国家级（2015）", "of which national (2015)", national, national_src),
        _goal_count(
            "demo_target", "示范基地目标（2020）", "Demonstration bases target (2020)", demo_bases_goal()
        ),
        Count(
            "demo_named",
            "有来源确认名称的示范基地",
            "Demonstration bases confirmed by name",
            int(is_demonstration_base(parks).sum()),
            "demo_bases_fujian_confirmed.csv",
        ),
    ]


def _plan_counts() -> list[Count]:
    return [
        Count(
            "sector_targets",
            "重点领域产值目标（专栏10）",
            "Sector output targets (专栏10)",
            len(targets.sector_targets()),
            "专栏10",
        ),
        Count(
            "indicators", "主要指标（专栏1）", "Main indicators (专栏1)", len(targets.indicators()), "专栏1"
        ),
        _goal_count(
            "park_share_target",
            "园区产值占比目标（%，2020）",
            "Park share of industrial output target (%, 2020)",
            park_share_goal(),
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
