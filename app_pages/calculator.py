"""Park-share (75 %) calculator page: inputs with sources, the arithmetic, year-by-year path, sensitivity
chart, per-city mode with a choropleth, and saved scenarios.

All maths is in :mod:`clusters.share`; the tables shown are built by :mod:`clusters.calculator_view`.
This page lays out the widgets and keeps the session state.
"""

from __future__ import annotations

from typing import TypedDict

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._calculator_city import render_per_city
from app_pages._calculator_scenarios import render_scenarios
from app_pages._widget_lang import labelled, sync_choices
from app_pages.i18n import lang, tr
from clusters import calculator_view as view
from clusters import goals, share
from gis.errors import AtlasError

K_FIRM = "parkshare_result"  # set by the firm-level park share section (app_pages/_parkshare_section.py)
#: Example park growth (%) offered when the planner sets one: the plan gives none.
EXAMPLE_PARK_GROWTH_PCT = 12.0


class _Inputs(TypedDict, total=False):
    """The calculator's inputs as the widgets give them (the keyword arguments of ``share.Scenario``)."""

    base_year: int
    base_share: float | None
    base_total_output: float | None
    base_park_output: float | None
    target_year: int
    target_share: float
    total_growth: float
    park_growth: float | None
    base_share_from: str | None


def _plan_pct(fraction: float) -> float:
    """A plan goal (a fraction, :mod:`clusters.goals`) as the percentage an input takes (0.6 → 60.0)."""
    return round(fraction * 100, 6)


def _src(key: str, value: object = None, base_share_from: str | None = None) -> None:
    """The input's source: the plan's while unchanged, else "user input" with the plan's value beside it."""
    st.caption(
        tr("来源：", "Source: ") + view.input_source_text(key, value, lang(), base_share_from=base_share_from)
    )


# ------------------------------------------------------------------------------------------------ inputs
def _header() -> None:
    st.title(tr("园区产值占比测算（75%目标）", "Park-share calculator (the 75% target)"))
    st.markdown(
        tr(  # the plan's words (第一章一; 专栏1第10项, 第三章七)
            "规划：2015年工业园区产值占全省工业比重**近60%**（第一章一），2020年目标**75%以上**"
            "（专栏1第10项、第三章七）。园区要达到目标，园区产值须比全省工业总产值增长得更快——"
            "本页给出所需的增速及其算式。",
            "The plan: parks produced **nearly 60%** of provincial industrial output in 2015 (ch. 1 §1); "
            "the 2020 target is **75% or more** (Box 1 item 10, ch. 3 §7). To get there park output must "
            "outgrow total output — this page gives the growth needed and shows the arithmetic.",
        )
    )


def _mode() -> str:
    modes = {
        "share": tr("占比", "a share"),
        "absolute": tr("绝对值（亿元）", "absolute values (100 million yuan)"),
    }
    return st.radio(
        tr("基期以什么给出", "Base year given as"),
        options=list(modes),
        format_func=labelled(modes),
        horizontal=True,
        key="calc_mode",
    )


def _firm_share_offer(firm: dict) -> None:
    """A park share measured from firm records (page 企业测算园区占比) can replace the plan's base share."""
    firm_year, firm_share = firm.get("year"), float(firm["park_share"])

    def _use_firm_share() -> None:
        years = share.firm_share_years(
            firm_year, int(st.session_state.get("calc_target_year", share.TARGET_YEAR))
        )
        st.session_state["calc_base_share"] = round(firm_share * 100, 2)
        st.session_state["calc_base_year"] = years.base_year
        st.session_state["calc_target_year"] = years.target_year
        st.session_state["calc_firm_note"] = None if years.note is None else years.note.get(lang())

    st.info(
        tr(
            f"企业点位测算：{firm_year or '（年份未给出）'}年园区产值占比 {firm_share:.2%}"
            "（由您上传的企业名单推算）。",
            f"From firm records: park share {firm_share:.2%} in {firm_year or '(year not given)'} "
            "(derived from the firm list you uploaded).",
        )
    )
    st.button(
        tr("用作基期占比", "Use it as the base share"), on_click=_use_firm_share, key="calc_use_firm_share"
    )
    note = st.session_state.get("calc_firm_note")
    if note:
        st.warning(note)


def _base_share_input(firm: dict | None) -> tuple[float, str | None]:
    """The base share (%) and, when it is the firm-level share, ``share.FROM_FIRMS``."""
    base_share_pct = st.number_input(
        tr("基期园区产值占比（%）", "Base-year park share (%)"),
        value=_plan_pct(goals.park_share_base().fraction),
        step=0.5,
        format="%g",  # as typed: 60 for the plan's 近60%, not 60.00
        key="calc_base_share",
    )
    from_firms = firm and abs(base_share_pct - round(float(firm["park_share"]) * 100, 2)) < 1e-9
    origin = share.FROM_FIRMS if from_firms else None
    _src("base_share", base_share_pct / 100.0, origin)
    return base_share_pct, origin


def _base_output_inputs() -> tuple[float | None, float | None]:
    base_total = st.number_input(
        tr("基期全省工业总产值（亿元）", "Base-year provincial output (100 million yuan)"),
        value=None,
        step=100.0,
        key="calc_base_total",
        placeholder=tr("请输入", "enter a value"),
    )
    _src("base_total_output", base_total)
    base_park = st.number_input(
        tr("基期园区总产值（亿元）", "Base-year park output (100 million yuan)"),
        value=None,
        step=100.0,
        key="calc_base_park",
        placeholder=tr("请输入", "enter a value"),
    )
    _src("base_park_output", base_park)
    return base_total, base_park


def _base_inputs(mode: str, firm: dict | None) -> _Inputs:
    base_year = st.number_input(
        tr("基期年", "Base year"), value=goals.base_year().whole, step=1, key="calc_base_year"
    )
    _src("base_year", int(base_year))
    out: _Inputs = {"base_year": base_year}
    if mode == "share":
        pct, out["base_share_from"] = _base_share_input(firm)
        out["base_share"] = pct / 100.0
    else:
        out["base_share"] = None
        out["base_total_output"], out["base_park_output"] = _base_output_inputs()
    return out


def _target_inputs() -> _Inputs:
    target_year = st.number_input(
        tr("目标年", "Target year"), value=goals.target_year().whole, step=1, key="calc_target_year"
    )
    _src("target_year", int(target_year))
    target_pct = st.number_input(
        tr("目标占比（%）", "Target share (%)"),
        value=_plan_pct(goals.park_share_goal().fraction),
        step=0.5,
        format="%g",  # as typed: 60 for the plan's 近60%, not 60.00
        key="calc_target_share",
    )
    _src("target_share", target_pct / 100.0)
    return {"target_year": target_year, "target_share": target_pct / 100.0}


def _growth_inputs() -> _Inputs:
    total_pct = st.number_input(
        tr("全省工业总产值年均增速（%）", "Total industrial output growth a year (%)"),
        value=_plan_pct(goals.growth_stand_in().fraction),
        step=0.1,
        format="%g",  # as typed: 60 for the plan's 近60%, not 60.00
        key="calc_total_growth",
    )
    _src("total_growth", total_pct / 100.0)
    use_park = st.checkbox(
        tr("设定园区产值年均增速", "Set a park output growth rate"), value=False, key="calc_use_park"
    )
    park_pct = None
    if use_park:
        park_pct = st.number_input(
            tr("园区产值年均增速（%）", "Park output growth a year (%)"),
            value=EXAMPLE_PARK_GROWTH_PCT,
            step=0.1,
            format="%g",  # as typed: 60 for the plan's 近60%, not 60.00
            key="calc_park_growth",
        )
        _src("park_growth", park_pct / 100.0)
        st.caption(tr("示例值，规划未给出园区增速", "Example value: the plan gives no park growth"))
    else:
        _src("park_growth")
    return {"total_growth": total_pct / 100.0, "park_growth": None if park_pct is None else park_pct / 100.0}


def _inputs() -> share.Scenario:
    """The input widgets; returns the scenario they describe."""
    st.subheader(tr("输入", "Inputs"))
    sync_choices("calculator", ["calc_mode", "calc_city_source"])
    mode = _mode()
    firm = st.session_state.get(K_FIRM)
    if firm and mode == "share":
        _firm_share_offer(firm)
    c1, c2, c3 = st.columns(3)
    with c1:
        values = _base_inputs(mode, firm)
    with c2:
        values |= _target_inputs()
    with c3:
        values |= _growth_inputs()
    horizon = st.slider(
        tr("“首次达到”搜索年限（年）", "Years searched for 'first reached'"),
        5,
        60,
        share.DEFAULT_HORIZON,
        key="calc_horizon",
    )
    values["base_year"] = int(values["base_year"])
    values["target_year"] = int(values["target_year"])
    return share.Scenario(name=tr("当前输入", "current inputs"), horizon=int(horizon), **values)


def _compute(scenario: share.Scenario) -> share.ShareResult | None:
    try:
        return share.compute(scenario)
    except AtlasError as exc:
        st.error(view.input_error_text(exc, lang()), icon="⚠️")
        return None


# ------------------------------------------------------------------------------------------------ results
def _result_metrics(result: share.ShareResult) -> None:
    sc = result.scenario
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        tr("所需园区年均增速（推算）", "Required park growth a year (derived)"),
        view.growth_headline(result),
        help=view.growth_range_text(result, lang()),
    )
    m2.metric(
        tr(f"{sc.target_year}年占比", f"Share in {sc.target_year}"),
        view.pct(result.target_year_share, 1),  # no finer than the plan's 近60% and 8.5%左右
        help=tr("按采用的园区增速", "at the park growth used"),
    )
    m3.metric(
        tr("首次达到目标", "First year target reached"),
        str(result.year_target_reached) if result.year_target_reached else tr("未达到", "not reached"),
        help=result.reached_text(lang()),
    )
    m4.metric(tr("目标年缺口（百分点）", "Gap in target year (points)"), f"{result.gap_share_points:.1f}")
    if result.gap_yi_yuan is not None:
        a1, a2 = st.columns(2)
        a1.metric(
            tr("目标年缺口（亿元）", "Gap in target year (100 million yuan)"), f"{result.gap_yi_yuan:,.1f}"
        )
        a2.metric(
            tr("目标年所需园区产值（亿元）", "Park output needed in target year (100 million yuan)"),
            f"{result.required_park_output_target_year:,.1f}",
        )


def _reached_line(result: share.ShareResult) -> None:
    st.caption(view.growth_range_text(result, lang()))
    used = (
        tr("采用所需增速", "using the required growth")
        if result.park_growth_is_required
        else tr("采用输入的园区增速", "using the park growth entered")
    )
    growth = view.pct(result.park_growth_used, 1)
    reached = result.reached_text(lang()) + tr(f"（{used} {growth}）", f" ({used} {growth})")
    st.markdown(f"**{tr('首次达到', 'First reached')}**{tr('：', ': ')}{reached}")
    st.caption(tr("基期占比来源：", "Base share from: ") + view.base_share_source(result, lang()))


def _arithmetic(result: share.ShareResult) -> None:
    st.markdown("#### " + tr("算式", "The arithmetic"))
    st.latex(
        r"\frac{1+g_{\text{park}}}{1+g_{\text{total}}} = "
        r"\left(\frac{\text{target}}{\text{base}}\right)^{1/\text{years}}"
    )
    st.code(view.formula(result, lang()), language=None, wrap_lines=True)
    st.markdown(view.step_lines(result, lang()))
    for warning in result.warnings_in(lang()):
        st.warning(warning)


def _path(result: share.ShareResult) -> None:
    st.markdown("#### " + tr("逐年占比（推算）", "Share year by year (derived)"))
    st.dataframe(view.path_table(result, lang()), hide_index=True, width="stretch", key="calc_path_table")


def _sensitivity(sc: share.Scenario) -> None:
    st.markdown(
        "#### " + tr("敏感性：目标年占比随园区增速变化", "Sensitivity: target-year share vs park growth")
    )
    sens = share.sensitivity(sc)
    long, order = view.sensitivity_chart_data(sens)
    lines = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X(
                "park_growth:Q",
                title=tr("园区产值年均增速", "Park output growth a year"),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y(
                "share:Q",
                title=tr(f"{sc.target_year}年占比", f"Share in {sc.target_year}"),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color("total_label:N", title=tr("全省增速", "Total growth"), sort=order),
            tooltip=[
                alt.Tooltip("park_growth:Q", format=".1%"),
                alt.Tooltip("total_label:N"),
                alt.Tooltip("share:Q", format=".2%"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"target": [sc.target_share]}))
        .mark_rule(color="#c0392b", strokeDash=[6, 4])
        .encode(y="target:Q")
    )
    st.altair_chart(lines + rule, width="stretch")
    st.caption(
        tr(
            f"红色虚线：目标 {sc.target_share:.0%}（专栏1第10项）。占比超过100%的部分不可能出现，未画出。",
            f"Red dashed line: the {sc.target_share:.0%} target (Box 1 item 10). Shares above 100% are "
            "impossible and not drawn.",
        )
    )
    with st.expander(tr("敏感性表", "Sensitivity table")):
        st.dataframe(view.sensitivity_shown(sens), width="stretch")


def _results(result: share.ShareResult | None) -> None:
    if result is None:
        st.info(tr("请先修正上面的输入。", "Fix the inputs above first."))
        return
    _result_metrics(result)
    _reached_line(result)
    _arithmetic(result)
    _path(result)
    _sensitivity(result.scenario)


def render() -> None:
    """The calculator page: header, inputs, then results, per-city mode and scenarios in tabs."""
    _header()
    scenario = _inputs()
    result = _compute(scenario)
    tab_res, tab_city, tab_scn = st.tabs(
        [tr("测算结果", "Results"), tr("分市模式", "Per city"), tr("情景", "Scenarios")]
    )
    with tab_res:
        _results(result)
    with tab_city:
        render_per_city()
    with tab_scn:
        render_scenarios(scenario, result)


render()
