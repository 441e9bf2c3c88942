"""Targets & clusters page: 专栏10 sectors, 专栏1 indicators, 千亿 clusters, petrochemical goals, links to the map.

Tables come from ``clusters.targets`` / ``clusters.clusters``; derived figures from ``clusters.progress``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._widget_lang import sync_choices
from app_pages.i18n import lang, tr
from clusters import progress
from clusters import targets as T
from clusters.clusters import PROVENANCE, load_clusters
from gis.errors import AtlasError

MAP_PAGE = "app_pages/map.py"
DERIVED = tr("（推算）", " (DERIVED)")


def _map_link(label: str, params: dict[str, str], key: str) -> None:
    """Link to the map page with layers pre-selected; falls back to a plain link outside the multipage app."""
    try:
        st.page_link(MAP_PAGE, label=label, icon=":material/map:", query_params=params)
    except Exception:  # noqa: BLE001 — page not registered (page run on its own, e.g. in tests)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        st.markdown(f":material/map: [{label}](/map?{query})", help=None)


def _num_or_dash(value: object) -> str:
    """A figure for display: thousands separators, '—' where the source gives none (not 'None')."""
    return "—" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def _text_or_dash(value: object) -> str:
    """A year or label for display, '—' where missing."""
    return "—" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@st.cache_data(show_spinner=False)
def _sectors() -> pd.DataFrame:
    return T.with_derived()


@st.cache_data(show_spinner=False)
def _paths() -> pd.DataFrame:
    return progress.sector_paths()


st.title(tr("规划目标与千亿产业集群", "The plan's targets and 100-bn clusters"))
st.caption(
    tr("依据：", "Based on: ")
    + (T.PLAN_TITLE_ZH if lang() == "zh" else T.PLAN_TITLE_EN)
    + tr(
        "。标注“推算”的数字由规划数字计算得出，规划本身未列出。",
        ". Figures marked DERIVED are computed from the plan's numbers; the plan does not state them.",
    )
)

sync_choices("targets", ["tg_group", "tg_sort", "tg_sector_pick"])
tab_sec, tab_ind, tab_clu, tab_pet = st.tabs(
    [
        tr("专栏10 产业目标", "Box 10 sector targets"),
        tr("专栏1 主要指标", "Box 1 indicators"),
        tr("千亿产业集群", "100-bn clusters"),
        tr("石化基地", "Petrochemicals"),
    ]
)

# ------------------------------------------------------------------------------------------------ 专栏10
with tab_sec:
    sec = _sectors()
    groups = {
        "all": ("全部", "All"),
        "传统优势产业": ("传统优势产业", "Traditional strengths"),
        "新兴先导产业": ("新兴先导产业", "Emerging leading industries"),
    }
    g = st.radio(
        tr("产业类别", "Group"),
        list(groups),
        horizontal=True,
        key="tg_group",
        format_func=lambda k: tr(*groups[k]),
    )
    view = sec if g == "all" else sec[sec["group_zh"] == g]
    sort_opts = {
        "no": ("序号", "Number"),
        "output_2020": ("2020年产值目标", "2020 output target"),
        "output_cagr_pct": ("产值年均增速", "Output growth"),
        "va_2020": ("2020年增加值目标", "2020 value added"),
        "output_2015_derived": ("2015年产值（推算）", "2015 output (derived)"),
    }
    s1, s2 = st.columns([2, 1])
    sort_by = s1.selectbox(
        tr("排序", "Sort by"), list(sort_opts), key="tg_sort", format_func=lambda k: tr(*sort_opts[k])
    )
    desc = s2.checkbox(tr("降序", "Descending"), value=False, key="tg_desc")
    view = view.reset_index().sort_values(sort_by, ascending=not desc, na_position="last")
    name_col = "sector_zh" if lang() == "zh" else "sector_en"
    table = pd.DataFrame(
        {
            tr("序号", "No."): view["no"],
            tr("类别", "Group"): view["group_zh"] if lang() == "zh" else view["group_en"],
            tr("产业", "Sector"): view[name_col],
            tr("2020年产值目标（亿元）", "2020 output target (亿元)"): view["output_2020"],
            tr("产值年均增速（%）", "Output growth (%/yr)"): view["output_cagr_pct"],
            tr("2020年增加值目标（亿元）", "2020 value-added target (亿元)"): view["va_2020"],
            tr("增加值年均增速（%）", "VA growth (%/yr)"): view["va_cagr_pct"],
            tr("2015年产值", "2015 output") + DERIVED: view["output_2015_derived"],
            tr("2015年增加值", "2015 value added") + DERIVED: view["va_2015_derived"],
            tr("口径", "Measure"): view["output_measure_zh"] if lang() == "zh" else view["output_measure_en"],
            tr("说明", "Note"): view["note_zh"] if lang() == "zh" else view["note_en"],
            tr("来源", "Source"): view["source"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="tg_sector_table")
    st.caption(
        tr(
            "2015年数值为推算：2020年目标 ÷ (1+年均增速)^5，规划未列出。第18项工业互联网的目标是**业务收入**，不是工业总产值，"
            "也没有增加值目标。",
            "2015 values are DERIVED: 2020 target ÷ (1 + growth)^5; the plan does not list them. Item 18, industrial "
            "internet, is **business revenue**, not industrial output, and has no value-added target.",
        )
    )
    chart_df = pd.concat(
        [
            pd.DataFrame(
                {
                    "sector": view[name_col],
                    "value": view["output_2015_derived"],
                    "series": tr("2015年（推算）", "2015 (derived)"),
                }
            ),
            pd.DataFrame(
                {
                    "sector": view[name_col],
                    "value": view["output_2020"],
                    "series": tr("2020年目标", "2020 target"),
                }
            ),
        ]
    )
    bars = (
        alt.Chart(chart_df)
        .mark_bar()
        .encode(
            y=alt.Y("sector:N", sort=list(view[name_col]), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=tr("产值（亿元）", "Output (亿元)")),
            color=alt.Color("series:N", title=None),
            yOffset="series:N",
            tooltip=["sector:N", "series:N", alt.Tooltip("value:Q", format=",.0f")],
        )
    )
    st.altair_chart(bars, width="stretch")

    st.markdown("#### " + tr("推算的逐年路径（产值，亿元）", "Implied yearly path (output, 亿元, DERIVED)"))
    paths = _paths().loc[view["no"]].rename_axis(tr("序号", "No."))
    ptable = paths.round(0)
    ptable.insert(0, tr("产业", "Sector"), view.set_index("no")[name_col])
    ptable.columns = [str(c) for c in ptable.columns]
    st.dataframe(ptable, width="stretch", key="tg_path_table")
    choice = st.selectbox(
        tr("查看某一产业", "Look at one sector"),
        list(view["no"]),
        key="tg_sector_pick",
        format_func=lambda n: f"{n}. {T.sector_label(n, lang())}",
    )
    one = _paths().loc[choice]
    line_df = pd.DataFrame({"year": [str(y) for y in one.index], "value": one.values})
    st.altair_chart(
        alt.Chart(line_df)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=tr("年份", "Year")),
            y=alt.Y("value:Q", title=tr("产值路径（亿元，推算）", "Output path (亿元, derived)")),
            tooltip=["year:O", alt.Tooltip("value:Q", format=",.0f")],
        ),
        width="stretch",
    )
    _map_link(
        tr(
            f"在地图上查看“{T.sector_label(choice, 'zh')}”的规划布局",
            f"Show “{T.sector_label(choice, 'en')}” places on the map",
        ),
        {"layer": "province,cities,sector", "sector": str(choice)},
        key="tg_map_sector",
    )

# ------------------------------------------------------------------------------------------------ 专栏1
with tab_ind:
    ind = T.indicators()
    itable = pd.DataFrame(
        {
            tr("序号", "No."): ind["no"],
            tr("分类", "Category"): ind["category_zh"] if lang() == "zh" else ind["category_en"],
            tr("指标", "Indicator"): ind["name_zh"] if lang() == "zh" else ind["name_en"],
            tr("单位", "Unit"): ind["unit"],
            tr("2015年基数", "2015 baseline"): ind["baseline_2015_text"].replace("", "—"),
            tr("2020年目标", "2020 target"): ind["target_text"],
            tr("属性", "Type"): ind["target_type"],
            tr("来源", "Source"): ind["source"],
        }
    )
    st.dataframe(itable, hide_index=True, width="stretch", key="tg_ind_table")
    st.caption(
        tr(
            "2015年基数仅在规划第一章一给出的地方列出；“—”表示规划未给出。",
            "2015 baselines only where the plan's ch. 1 §1 states them; '—' means the plan gives none.",
        )
    )

# ------------------------------------------------------------------------------------------------ clusters
with tab_clu:
    clu = load_clusters()
    st.markdown(
        tr(
            "规划提出到2020年产值超千亿产业集群（基地）**20个以上**（第三章七、专栏1第8项；2015年为10个），但只点名了7个。"
            "其他候选来自相关文件（“十二五”目标名单、2018年千亿集群推进计划等），**不属于规划所列**。",
            "The plan aims at **20 or more** clusters over 100 bn yuan by 2020 (ch. 3 §7, Box 1 item 8; 10 in 2015) but "
            "names only 7. Other candidates come from related documents (the 12th-FYP list, the 2018 cluster plan) and "
            "are **not the plan's list**.",
        )
    )
    show_related = st.checkbox(
        tr("显示相关文件中的候选", "Show candidates from related documents"),
        value=True,
        key="tg_show_related",
    )
    cview = clu if show_related else clu[clu["in_plan"]]
    ctable = pd.DataFrame(
        {
            tr("集群", "Cluster"): cview["name_zh"] if lang() == "zh" else cview["name_en"],
            tr("来源类别", "Provenance"): [tr(*PROVENANCE[p]) for p in cview["provenance"]],
            tr("所在地", "Host"): cview["host_city_text"],
            tr("2020年目标（亿元）", "2020 target (亿元)"): cview["target_2020"].map(_num_or_dash),
            tr("目标来源", "Target source"): cview["target_source"],
            tr("说明", "Note"): cview["confidence_note"],
        }
    )
    st.dataframe(ctable, hide_index=True, width="stretch", key="tg_cluster_table")

    st.markdown("#### " + tr("能否在2020年超过1000亿元？", "Can they pass 1000 亿 by 2020?"))
    growth_pct = st.slider(
        tr("假设的年均增速（%）", "Assumed growth a year (%)"),
        0.0,
        50.0,
        8.5,
        0.5,
        key="tg_cluster_growth",
        help=tr(
            "默认8.5%：专栏1第1项规上工业增加值增速，作为近似。",
            "Default 8.5%: Box 1 item 1 (value-added growth), as a proxy.",
        ),
    )
    try:
        thousand = progress.cluster_thousand(growth_pct / 100.0)
    except AtlasError as exc:
        st.error(str(exc))
        thousand = pd.DataFrame()
    if thousand.empty:
        st.info(tr("没有2020年以前的集群产值数据。", "No cluster output figures before 2020."))
    else:
        passes = int(thousand["passes"].sum())
        k1, k2 = st.columns(2)
        k1.metric(
            tr(
                "按此增速2020年超过1000亿的集群（有数据者）",
                "Clusters passing 1000 亿 by 2020 at this growth (of those with data)",
            ),
            f"{passes} / {len(thousand)}",
        )
        k2.metric(
            tr("规划目标（个）", "Plan target (count)"),
            "20+",
            help=tr("第三章七；专栏1第8项", "ch. 3 §7; Box 1 item 8"),
        )
        ttable = pd.DataFrame(
            {
                tr("集群", "Cluster"): thousand["name_zh"] if lang() == "zh" else thousand["name_en"],
                tr("来源类别", "Provenance"): [
                    tr(*PROVENANCE[p]) if p in PROVENANCE else "" for p in thousand["provenance"]
                ],
                tr("年份", "Year"): thousand["year"].astype(str),
                tr("产值（亿元）", "Output (亿元)"): thousand["comparator"].fillna("").replace("=", "")
                + " "
                + thousand["value"].map(lambda v: f"{v:,.1f}"),
                tr("范围", "Scope"): thousand["scope_note"],
                tr("所需年均增速（推算）", "Growth needed (derived)"): thousand["growth_needed"].map(
                    lambda v: f"{v:.1%}"
                ),
                tr(
                    f"按{growth_pct:.1f}%增速的2020年产值（推算）",
                    f"2020 output at {growth_pct:.1f}% (derived)",
                ): thousand["projected"].round(0),
                tr("超过1000亿", "Passes 1000 亿"): thousand["passes"].map(lambda b: "✓" if b else "✗"),
                tr("来源", "Source"): thousand["source"],
                tr("可信度", "Confidence"): thousand["confidence"],
            }
        )
        st.dataframe(ttable, hide_index=True, width="stretch", key="tg_thousand_table")
        st.caption(
            tr(
                "产值数字多为集群的一部分（某县）或口径不一，见“范围”和“可信度”；规划点名的集群大多没有公开的2015年产值。",
                "Output figures often cover part of a cluster (one county) or differ in definition: see Scope and "
                "Confidence. Most clusters the plan names have no public 2015 output.",
            )
        )
    _map_link(
        tr("在地图上查看千亿集群", "Show the clusters on the map"),
        {"layer": "province,cities,clusters_plan,clusters_related"},
        key="tg_map_clusters",
    )

# ------------------------------------------------------------------------------------------------ petrochem
with tab_pet:
    st.markdown(
        tr(
            "规划：着力推进**湄洲湾**、**古雷**石化基地和福州江阴化工新材料专区建设（第四章一（一））。下表为全省石化产业的目标，"
            "规划未按基地分列。",
            "The plan: build up the **Meizhou Bay** and **Gulei** petrochemical bases and the Fuzhou Jiangyin chemical "
            "new-materials zone (ch. 4 §1(1)). The goals below are for the province's petrochemical industry; the plan "
            "does not split them by base.",
        )
    )
    pg = T.petrochem_goals().reset_index()
    st.dataframe(
        pd.DataFrame(
            {
                tr("目标", "Goal"): pg["name_zh"] if lang() == "zh" else pg["name_en"],
                tr("数值", "Value"): pg["value"],
                tr("单位", "Unit"): pg["unit"],
                tr("年份", "Year"): pg["year"],
                tr("类型", "Kind"): pg["kind"],
                tr("来源", "Source"): pg["source"],
                tr("原文", "Plan's words"): pg["quote"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="tg_petro_table",
    )
    try:
        from gis.parks import load_parks

        parks = load_parks()
        bases = parks[parks["base"].isin(["湄洲湾", "古雷"])]
    except (ImportError, AtlasError, OSError):
        bases = pd.DataFrame()
    if len(bases):
        st.markdown("#### " + tr("湄洲湾、古雷基地的园区", "Parks of the Meizhou Bay and Gulei bases"))
        rows = []
        for _pid, rec in bases.iterrows():
            for fig in rec["figures"] or []:
                rows.append(
                    {
                        tr("基地", "Base"): rec["base"],
                        tr("园区", "Park"): rec["name_zh"] if lang() == "zh" else rec["name_en"],
                        tr("项目", "Item"): fig.get("label_zh") if lang() == "zh" else fig.get("label_en"),
                        tr("数值", "Value"): fig.get("value"),
                        tr("单位", "Unit"): fig.get("unit"),
                        tr("年份", "Year"): _text_or_dash(fig.get("year")),
                        tr("说明", "Note"): fig.get("note"),
                        tr("来源", "Source"): fig.get("source"),
                        tr("可信度", "Confidence"): fig.get("confidence"),
                    }
                )
            if not rec["figures"]:
                rows.append(
                    {
                        tr("基地", "Base"): rec["base"],
                        tr("园区", "Park"): rec["name_zh"] if lang() == "zh" else rec["name_en"],
                    }
                )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="tg_bases_table")
        st.caption(tr("园区自定目标不是规划目标。", "A zone's own target is not the plan's target."))
    _map_link(
        tr("在地图上查看石化基地", "Show the petrochemical bases on the map"),
        {"layer": "province,cities,petrochem"},
        key="tg_map_petro",
    )
