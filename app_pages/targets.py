"""Targets & clusters page: 专栏10 sectors, 专栏1 indicators, 千亿 clusters, petrochemical goals, map
links.

Tables come from ``clusters.targets`` / ``clusters.clusters``; derived figures from ``clusters.progress``; the
frames shown are built by :mod:`clusters.targets_view`. This page lays out the widgets.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from app_pages._widget_lang import labelled, sync_choices
from app_pages.i18n import error_text, lang, tr
from clusters import progress
from clusters import targets as T
from clusters import targets_view as view
from clusters.clusters import load_clusters
from clusters.targets_export import targets_workbook
from gis.errors import AtlasError
from gis.parks import parks_in_force
from gis.tabular import XLSX_MIME

MAP_PAGE = "app_pages/map.py"


def _map_link(label: str, params: dict[str, str], key: str) -> None:
    """Link to the map page with layers pre-selected; falls back to a plain link outside the multipage app."""
    try:
        st.page_link(MAP_PAGE, label=label, icon=":material/map:", query_params=params)
    except StreamlitAPIException:  # the map page is not registered (this page run on its own, e.g. in tests)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        st.markdown(f":material/map: [{label}](/map?{query})", help=None)


@st.cache_data(show_spinner=False)
def _sectors() -> pd.DataFrame:
    return T.with_derived()


@st.cache_data(show_spinner=False)
def _paths() -> pd.DataFrame:
    return progress.sector_paths()


# ------------------------------------------------------------------------------------------------ 专栏10
def _sector_pick() -> pd.DataFrame:
    """Group filter and sort order; returns the sectors to show."""
    # labels computed now: format_func may run outside the script run, where the language is unknown
    groups = {k: view.group_label(k, lang()) for k in view.SECTOR_GROUPS}
    sorts = {k: view.sort_label(k, lang()) for k in view.SECTOR_SORTS}
    group = st.radio(
        tr("产业类别", "Group"),
        list(groups),
        horizontal=True,
        key="tg_group",
        format_func=labelled(groups),
    )
    s1, s2 = st.columns([2, 1])
    sort_by = s1.selectbox(
        tr("排序", "Sort by"),
        list(sorts),
        key="tg_sort",
        format_func=labelled(sorts),
    )
    desc = s2.checkbox(tr("降序", "Descending"), value=False, key="tg_desc")
    return view.sector_view(_sectors(), group, sort_by, desc)


def _sector_chart(shown: pd.DataFrame) -> None:
    bars = (
        alt.Chart(view.sector_chart_data(shown, lang()))
        .mark_bar()
        .encode(
            y=alt.Y(
                "sector:N", sort=view.sector_names(shown, lang()), title=None, axis=alt.Axis(labelLimit=260)
            ),
            x=alt.X("value:Q", title=tr("产值（亿元）", "Output (100 million yuan)")),
            color=alt.Color("series:N", title=None),
            yOffset="series:N",
            tooltip=["sector:N", "series:N", alt.Tooltip("value:Q", format=",.0f")],
        )
    )
    st.altair_chart(bars, width="stretch")


def _sector_paths(shown: pd.DataFrame) -> None:
    st.markdown(
        "#### "
        + tr("推算的逐年路径（产值，亿元）", "Implied yearly path (output, 100 million yuan, DERIVED)")
    )
    st.dataframe(view.path_table(_paths(), shown, lang()), width="stretch", key="tg_path_table")
    sectors = {n: f"{n}. {T.sector_label(n, lang())}" for n in shown["no"]}
    choice = st.selectbox(
        tr("查看某一产业", "Look at one sector"),
        list(sectors),
        key="tg_sector_pick",
        format_func=labelled(sectors),
    )
    st.altair_chart(
        alt.Chart(view.one_path(_paths(), choice))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=tr("年份", "Year")),
            y=alt.Y("value:Q", title=tr("产值路径（亿元，推算）", "Output path (100 million yuan, derived)")),
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


def _sectors_tab() -> None:
    shown = _sector_pick()
    st.dataframe(view.sector_table(shown, lang()), hide_index=True, width="stretch", key="tg_sector_table")
    st.caption(
        tr(
            "2015年数值为推算：2020年目标 ÷ (1+年均增速)^5，规划未列出。"
            "第18项工业互联网的目标是**业务收入**，不是工业总产值，也没有增加值目标。",
            "2015 values are DERIVED: 2020 target ÷ (1 + growth)^5; the plan does not list them. Item 18, "
            "industrial internet, is **business revenue**, not industrial output, and has no value-added "
            "target.",
        )
    )
    _sector_chart(shown)
    _sector_paths(shown)


# ------------------------------------------------------------------------------------------------ 专栏1
def _indicators_tab() -> None:
    table = view.indicator_table(T.indicators(), lang())
    st.dataframe(table, hide_index=True, width="stretch", key="tg_ind_table")
    st.caption(
        tr(
            "2015年基数仅在规划第一章一给出的地方列出；“—”表示规划未给出。",
            "2015 baselines only where the plan's ch. 1 §1 states them; '—' means the plan gives none.",
        )
    )


# ------------------------------------------------------------------------------------------------ clusters
def _cluster_list() -> None:
    st.markdown(
        tr(  # the plan's words (第三章七、专栏1第8项)
            "规划提出到2020年产值超千亿产业集群（基地）**20个以上**（第三章七、专栏1第8项；"
            "2015年为10个），但只点名了7个。其他候选来自相关文件（“十二五”目标名单、"
            "2018年千亿集群推进计划等），**不属于规划所列**。",
            "The plan aims at **20 or more** clusters over 100 billion yuan by 2020 (ch. 3 §7, Box 1 item 8; "
            "10 in 2015) but names only 7. Other candidates come from related documents (the 12th-FYP list, "
            "the 2018 cluster plan) and are **not the plan's list**.",
        )
    )
    show_related = st.checkbox(
        tr("显示相关文件中的候选", "Show candidates from related documents"),
        value=True,
        key="tg_show_related",
    )
    clusters = load_clusters()
    shown = clusters if show_related else clusters[clusters["in_plan"]]
    st.dataframe(view.cluster_table(shown, lang()), hide_index=True, width="stretch", key="tg_cluster_table")


def _thousand_results(thousand: pd.DataFrame, growth_pct: float) -> None:
    k1, k2 = st.columns(2)
    k1.metric(
        tr(
            "按此增速2020年超过1000亿的集群（有数据者）",
            "Clusters passing 1,000 × 100 million yuan by 2020 at this growth (of those with data)",
        ),
        view.thousand_count(thousand, lang()),
        help=tr(
            "只有依据充分（2015年以后、覆盖整个集群、可信度不低）的数字才给出确定的判断。",
            "Only a figure from 2015 on, covering the whole cluster and not of low confidence, gives a "
            "firm verdict.",
        ),
    )
    k2.metric(
        tr("规划目标（个）", "Plan target (count)"),
        view.cluster_count_goal(),
        help=tr("第三章七；专栏1第8项", "ch. 3 §7; Box 1 item 8"),
    )
    table = view.thousand_table(thousand, growth_pct, lang())
    st.dataframe(table, hide_index=True, width="stretch", key="tg_thousand_table")
    st.caption(
        tr(
            "产值数字多为集群的一部分（某县）或口径不一，见“范围”和“可信度”；"
            "规划点名的集群大多没有公开的2015年产值。",
            "Output figures often cover part of a cluster (one county) or differ in definition: see Scope "
            "and Confidence. Most clusters the plan names have no public 2015 output.",
        )
    )


def _thousand() -> None:
    st.markdown("#### " + tr("能否在2020年超过1000亿元？", "Can they pass 1,000 × 100 million yuan by 2020?"))
    growth_pct = st.slider(
        tr("假设的年均增速（%）", "Assumed growth a year (%)"),
        0.0,
        50.0,
        round(view.value_added_growth() * 100, 6),
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
        st.error(error_text(exc))
        thousand = pd.DataFrame()
    if thousand.empty:
        st.info(tr("没有2020年以前的集群产值数据。", "No cluster output figures before 2020."))
    else:
        _thousand_results(thousand, growth_pct)


def _clusters_tab() -> None:
    _cluster_list()
    _thousand()
    _map_link(
        tr("在地图上查看千亿集群", "Show the clusters on the map"),
        {"layer": "province,cities,clusters_plan,clusters_related"},
        key="tg_map_clusters",
    )


# ------------------------------------------------------------------------------------------------ petrochem
def _base_parks() -> pd.DataFrame:
    try:
        return view.base_parks(parks_in_force())
    except (AtlasError, OSError):
        return pd.DataFrame()


def _petrochem_tab() -> None:
    st.markdown(
        tr(
            "规划：着力推进**湄洲湾**、**古雷**石化基地和福州江阴化工新材料专区建设（第四章一（一））。"
            "下表为全省石化产业的目标，规划未按基地分列。",
            "The plan: build up the **Meizhou Bay** and **Gulei** petrochemical bases and the Fuzhou "
            "Jiangyin chemical new-materials zone (ch. 4 §1(1)). The goals below are for the province's "
            "petrochemical industry; the plan does not split them by base.",
        )
    )
    st.dataframe(view.petrochem_table(lang()), hide_index=True, width="stretch", key="tg_petro_table")
    bases = _base_parks()
    if len(bases):
        st.markdown("#### " + tr("湄洲湾、古雷基地的园区", "Parks of the Meizhou Bay and Gulei bases"))
        table = view.base_figures_table(bases, lang())
        st.dataframe(table, hide_index=True, width="stretch", key="tg_bases_table")
        st.caption(tr("园区自定目标不是规划目标。", "A zone's own target is not the plan's target."))
    _map_link(
        tr("在地图上查看石化基地", "Show the petrochemical bases on the map"),
        {"layer": "province,cities,petrochem"},
        key="tg_map_petro",
    )


def render() -> None:
    """The targets page: title, then one tab per table."""
    st.title(tr("规划目标与千亿产业集群", "The plan's targets and 100-billion-yuan clusters"))
    st.caption(
        tr("依据：", "Based on: ")
        + tr(T.PLAN_TITLE_ZH, T.PLAN_TITLE_EN)
        + tr(
            "。标注“推算”的数字由规划数字计算得出，规划本身未列出。",
            ". Figures marked DERIVED are computed from the plan's numbers; the plan does not state them.",
        )
    )
    _download()
    sync_choices("targets", ["tg_group", "tg_sort", "tg_sector_pick"])
    tab_sec, tab_ind, tab_clu, tab_pet = st.tabs(
        [
            tr("专栏10 产业目标", "Box 10 sector targets"),
            tr("专栏1 主要指标", "Box 1 indicators"),
            tr("千亿产业集群", "100-billion-yuan clusters"),
            tr("石化基地", "Petrochemicals"),
        ]
    )
    with tab_sec:
        _sectors_tab()
    with tab_ind:
        _indicators_tab()
    with tab_clu:
        _clusters_tab()
    with tab_pet:
        _petrochem_tab()


def _download() -> None:
    """The plan's tables as one workbook (:func:`clusters.targets_export.targets_workbook`)."""
    st.download_button(
        tr("下载规划表格（XLSX）", "Download the plan's tables (XLSX)"),
        targets_workbook(lang()),
        file_name=tr("规划目标.xlsx", "plan_targets.xlsx"),
        mime=XLSX_MIME,
        key="tg_download_xlsx",
        on_click="ignore",
    )


render()
