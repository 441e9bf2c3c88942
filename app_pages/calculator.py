"""Park-share (75 %) calculator page: inputs with sources, the arithmetic, year-by-year path, sensitivity chart,
per-city mode with a choropleth, and saved scenarios. All maths is in ``clusters.share``."""

from __future__ import annotations

import contextlib

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._widget_lang import sync_choices
from app_pages.i18n import lang, tr
from clusters import share
from gis.errors import AtlasError

SRC = share.DEFAULT_SOURCES
K_SCENARIOS = "calc_scenarios"
SCENARIO_KIND = "park_share"
st.session_state.setdefault(K_SCENARIOS, {})


def _src(key: str) -> None:
    st.caption(tr("来源：", "Source: ") + SRC[key][lang()])


def _pct(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or pd.isna(value) else f"{value * 100:.{digits}f}%"


_PCT_KEYS = {
    "base_share",
    "target_share",
    "total_growth",
    "park_growth",
    "result.base_share",
    "result.required_park_growth",
    "result.park_growth_used",
    "result.target_year_share",
}
#: Input labels for error messages (the calculator reports the field it rejects).
_FIELD_LABELS = {
    "base_share": ("基期园区产值占比", "base-year park share"),
    "target_share": ("目标占比", "target share"),
    "base_year": ("基期年", "base year"),
    "target_year": ("目标年", "target year"),
    "total_growth": ("全省工业总产值年均增速", "total output growth"),
    "park_growth": ("园区产值年均增速", "park output growth"),
    "base_total_output": ("基期全省工业总产值", "base-year provincial output"),
    "base_park_output": ("基期园区总产值", "base-year park output"),
}


def _store():
    """The user store module, or ``None`` (scenarios then live in this session only)."""
    try:
        from gis import store
    except ImportError:
        return None
    return store


def _load_scenarios() -> tuple[dict[str, dict], str]:
    """Saved calculator scenarios (``kind == "park_share"``) and where they live (``store`` / ``session``)."""
    store = _store()
    if store is not None:
        try:
            found = store.load_scenarios()
            return {k: v for k, v in found.items() if v.get("kind") == SCENARIO_KIND}, "store"
        except (AtlasError, OSError) as exc:
            st.warning(tr("无法读取用户数据库：", "Cannot read the user store: ") + str(exc))
    return st.session_state[K_SCENARIOS], "session"


def _save_scenario(sc: share.Scenario) -> dict:
    data = {"kind": SCENARIO_KIND, **sc.to_dict()}
    store = _store()
    if store is not None:
        try:
            store.save_scenario(sc.name, data, note="park-share calculator")
            return data
        except (AtlasError, OSError) as exc:
            st.warning(
                tr(
                    "无法写入用户数据库，仅保存在本次会话：",
                    "Cannot write the user store; kept in this session: ",
                )
                + str(exc)
            )
    st.session_state[K_SCENARIOS][sc.name] = data
    return data


def _clear_scenarios(names: list[str]) -> None:
    store = _store()
    for name in names:
        if store is not None:
            with contextlib.suppress(AtlasError, OSError):
                store.delete_scenario(name, note="park-share calculator: clear")
        st.session_state[K_SCENARIOS].pop(name, None)


def _input_error_text(exc: AtlasError) -> str:
    """An input error in the UI language only, naming the field by its label on this page.

    The calculator's hints speak of fractions (``0.60``, ``0.08``) for the command line; this page takes
    percentages, so such a hint is replaced by one in percent.
    """
    label = _FIELD_LABELS.get(exc.field or "")
    message = getattr(exc, "message_en" if lang() == "en" else "message_zh", None)
    if message is None:
        return tr("无法计算：", "Cannot calculate: ") + str(exc)
    text = (
        tr("无法计算：", "Cannot calculate: ")
        + (tr(f"【{label[0]}】", f"{label[1]}: ") if label else "")
        + message
    )
    hint = exc.hint or ""
    if exc.field in _PCT_KEYS and ("0.60" in hint or "0.08" in hint):
        text += tr("。请以百分数输入，如 60 表示 60%。", ". Enter a percentage, e.g. 60 for 60%.")
    elif hint:
        parts = hint.split(" / ")
        text += tr("。提示：", ". How to fix: ") + (parts[-1] if lang() == "zh" else parts[0]).strip()
    return text


def _fmt_item(key: str, value: object) -> str:
    """Display text of one scenario-comparison cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if key in _PCT_KEYS and isinstance(value, (int, float)):
        return _pct(float(value))
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.1f}"
    return str(value)


st.title(tr("园区产值占比测算（75%目标）", "Park-share calculator (the 75% target)"))
st.markdown(
    tr(
        "规划：2015年工业园区产值占全省工业比重**近60%**（第一章一），2020年目标**75%以上**（专栏1第10项、第三章七）。"
        "园区要达到目标，园区产值须比全省工业总产值增长得更快——本页给出所需的增速及其算式。",
        "The plan: parks produced **nearly 60%** of provincial industrial output in 2015 (ch. 1 §1); the 2020 target is "
        "**75% or more** (Box 1 item 10, ch. 3 §7). To get there park output must outgrow total output — this page "
        "gives the growth needed and shows the arithmetic.",
    )
)

# ------------------------------------------------------------------------------------------------ inputs
st.subheader(tr("输入", "Inputs"))
sync_choices("calculator", ["calc_mode", "calc_city_source"])
mode = st.radio(
    tr("基期以什么给出", "Base year given as"),
    options=["share", "absolute"],
    format_func=lambda v: (
        tr("占比", "a share") if v == "share" else tr("绝对值（亿元）", "absolute values (亿元)")
    ),
    horizontal=True,
    key="calc_mode",
)
# A park share measured from firm records (page 企业测算园区占比) can replace the plan's ~60 % as the base.
firm = st.session_state.get("parkshare_result")
if firm and mode == "share":
    firm_year, firm_share = firm.get("year"), float(firm["park_share"])

    def _use_firm_share() -> None:
        st.session_state["calc_base_share"] = round(firm_share * 100, 2)
        if firm_year:
            st.session_state["calc_base_year"] = int(firm_year)

    st.info(
        tr(
            f"企业点位测算：{firm_year or '（年份未给出）'}年园区产值占比 {firm_share:.2%}（由您上传的企业名单推算）。",
            f"From firm records: park share {firm_share:.2%} in {firm_year or '(year not given)'} "
            "(derived from the firm list you uploaded).",
        )
    )
    st.button(
        tr("用作基期占比", "Use it as the base share"), on_click=_use_firm_share, key="calc_use_firm_share"
    )
c1, c2, c3 = st.columns(3)
with c1:
    base_year = st.number_input(tr("基期年", "Base year"), value=2015, step=1, key="calc_base_year")
    _src("base_year")
    if mode == "share":
        base_share_pct = st.number_input(
            tr("基期园区产值占比（%）", "Base-year park share (%)"),
            value=60.0,
            step=0.5,
            format="%.2f",
            key="calc_base_share",
        )
        if firm and abs(base_share_pct - round(float(firm["park_share"]) * 100, 2)) < 1e-9:
            st.caption(
                tr(
                    "来源：企业点位测算（推算，非规划数）",
                    "Source: firm-level park share (derived, not the plan's)",
                )
            )
        else:
            _src("base_share")
        base_total = base_park = None
    else:
        base_share_pct = None
        base_total = st.number_input(
            tr("基期全省工业总产值（亿元）", "Base-year provincial output (亿元)"),
            value=None,
            step=100.0,
            key="calc_base_total",
            placeholder=tr("请输入", "enter a value"),
        )
        _src("base_total_output")
        base_park = st.number_input(
            tr("基期园区总产值（亿元）", "Base-year park output (亿元)"),
            value=None,
            step=100.0,
            key="calc_base_park",
            placeholder=tr("请输入", "enter a value"),
        )
        _src("base_park_output")
with c2:
    target_year = st.number_input(tr("目标年", "Target year"), value=2020, step=1, key="calc_target_year")
    _src("target_year")
    target_pct = st.number_input(
        tr("目标占比（%）", "Target share (%)"), value=75.0, step=0.5, format="%.2f", key="calc_target_share"
    )
    _src("target_share")
with c3:
    total_pct = st.number_input(
        tr("全省工业总产值年均增速（%）", "Total industrial output growth a year (%)"),
        value=8.5,
        step=0.1,
        format="%.2f",
        key="calc_total_growth",
    )
    _src("total_growth")
    use_park = st.checkbox(
        tr("设定园区产值年均增速", "Set a park output growth rate"), value=False, key="calc_use_park"
    )
    park_pct = None
    if use_park:
        park_pct = st.number_input(
            tr("园区产值年均增速（%）", "Park output growth a year (%)"),
            value=12.0,
            step=0.1,
            format="%.2f",
            key="calc_park_growth",
        )
        st.caption(tr("示例值，规划未给出园区增速", "Example value: the plan gives no park growth"))
    else:
        _src("park_growth")
horizon = st.slider(
    tr("“首次达到”搜索年限（年）", "Years searched for 'first reached'"), 5, 60, 30, key="calc_horizon"
)

scenario = share.Scenario(
    name=tr("当前输入", "current inputs"),
    base_year=int(base_year) if base_year is not None else base_year,  # type: ignore[arg-type]
    base_share=None if base_share_pct is None else base_share_pct / 100.0,
    target_share=target_pct / 100.0,
    target_year=int(target_year) if target_year is not None else target_year,  # type: ignore[arg-type]
    total_growth=total_pct / 100.0,
    park_growth=None if park_pct is None else park_pct / 100.0,
    base_total_output=base_total,
    base_park_output=base_park,
    horizon=int(horizon),
)

result = None
try:
    result = share.compute(scenario)
except AtlasError as exc:
    st.error(_input_error_text(exc), icon="⚠️")

tab_res, tab_city, tab_scn = st.tabs(
    [tr("测算结果", "Results"), tr("分市模式", "Per city"), tr("情景", "Scenarios")]
)

# ------------------------------------------------------------------------------------------------ results
with tab_res:
    if result is None:
        st.info(tr("请先修正上面的输入。", "Fix the inputs above first."))
    else:
        sc = result.scenario
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(
            tr("所需园区年均增速（推算）", "Required park growth a year (derived)"),
            _pct(result.required_park_growth),
        )
        m2.metric(
            tr(f"{sc.target_year}年占比", f"Share in {sc.target_year}"),
            _pct(result.target_year_share),
            help=tr("按采用的园区增速", "at the park growth used"),
        )
        m3.metric(
            tr("首次达到目标", "First year target reached"),
            str(result.year_target_reached) if result.year_target_reached else tr("未达到", "not reached"),
            help=result.reached_text(lang()),
        )
        m4.metric(tr("目标年缺口（百分点）", "Gap in target year (points)"), f"{result.gap_share_points:.2f}")
        if result.gap_yi_yuan is not None:
            a1, a2 = st.columns(2)
            a1.metric(tr("目标年缺口（亿元）", "Gap in target year (亿元)"), f"{result.gap_yi_yuan:,.1f}")
            a2.metric(
                tr("目标年所需园区产值（亿元）", "Park output needed in target year (亿元)"),
                f"{result.required_park_output_target_year:,.1f}",
            )
        used = (
            tr("采用所需增速", "using the required growth")
            if result.park_growth_is_required
            else tr("采用输入的园区增速", "using the park growth entered")
        )
        reached = f"{result.reached_text(lang())}" + tr(
            f"（{used} {_pct(result.park_growth_used)}）", f" ({used} {_pct(result.park_growth_used)})"
        )
        st.markdown(f"**{tr('首次达到', 'First reached')}**{tr('：', ': ')}{reached}")
        derived_base = result.base_share_source.startswith("DERIVED")
        st.caption(
            tr("基期占比来源：", "Base share from: ")
            + (
                tr(
                    "推算：基期园区总产值 ÷ 基期全省工业总产值",
                    "DERIVED: base park output ÷ base total output",
                )
                if derived_base
                else SRC["base_share"][lang()]
            )
        )

        st.markdown("#### " + tr("算式", "The arithmetic"))
        st.latex(
            r"\frac{1+g_{\text{park}}}{1+g_{\text{total}}} = "
            r"\left(\frac{\text{target}}{\text{base}}\right)^{1/\text{years}}"
        )
        st.code(result.formula_zh if lang() == "zh" else result.formula_en, language=None, wrap_lines=True)
        st.markdown("\n".join(f"{i}. {step[lang()]}" for i, step in enumerate(result.steps, 1)))
        for warning in result.warnings:
            st.warning(warning)

        st.markdown("#### " + tr("逐年占比（推算）", "Share year by year (derived)"))
        path = result.path.copy()
        table = pd.DataFrame(
            {
                tr("年份", "Year"): path["year"].astype(str),
                tr("园区产值占比", "Park share"): path["share"].map(_pct),
            }
        )
        if "total_output" in path:
            table[tr("全省工业总产值（亿元）", "Total output (亿元)")] = path["total_output"].round(1)
            table[tr("园区总产值（亿元）", "Park output (亿元)")] = path["park_output"].round(1)
        st.dataframe(table, hide_index=True, width="stretch", key="calc_path_table")

        st.markdown(
            "#### " + tr("敏感性：目标年占比随园区增速变化", "Sensitivity: target-year share vs park growth")
        )
        sens = share.sensitivity(sc)
        long = share.sensitivity_long(sens)
        long["total_label"] = long["total_growth"].map(lambda g: f"{g * 100:.1f}%")
        order = [f"{g * 100:.1f}%" for g in sens.columns]
        long = long[long["share"] <= 1.0]  # a share above 100 % is impossible: not drawn
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
            show = sens.map(_pct)
            show.index = [f"{g * 100:.1f}%" for g in sens.index]
            show.columns = [f"{g * 100:.1f}%" for g in sens.columns]
            st.dataframe(show, width="stretch")

# ------------------------------------------------------------------------------------------------ per city
with tab_city:
    st.markdown(
        tr(
            "输入9个设区市的园区产值和工业总产值（亿元），得到各市占比、各市对全省占比的贡献（市园区产值÷全省工业总产值）"
            "和全省占比。规划未给出分市数据，以下均为用户数据。",
            "Enter the 9 cities' park output and total industrial output (亿元) to get each city's share, its "
            "contribution to the provincial share (city park output ÷ provincial total) and the provincial share. The "
            "plan gives no per-city figures: everything here is user data.",
        )
    )
    source = st.radio(
        tr("数据来源", "Data from"),
        ["editor", "upload"],
        horizontal=True,
        key="calc_city_source",
        format_func=lambda v: (
            tr("在表格中填写", "type into the table")
            if v == "editor"
            else tr("上传 CSV / XLSX", "upload CSV / XLSX")
        ),
    )
    st.download_button(
        tr("下载分市模板（CSV）", "Download the per-city template (CSV)"),
        share.to_csv_bytes(share.city_template()),
        file_name="park_share_cities_template.csv",
        mime="text/csv",
        key="calc_city_template",
    )
    city_input = None
    if source == "editor":
        city_input = st.data_editor(
            share.city_template(),
            key="calc_city_editor",
            num_rows="fixed",
            hide_index=True,
            width="stretch",
            disabled=["city"],
            column_config={
                "city": st.column_config.TextColumn(tr("设区市", "City")),
                "park_output": st.column_config.NumberColumn(
                    tr("园区产值（亿元）", "Park output (亿元)"), min_value=0.0
                ),
                "total_output": st.column_config.NumberColumn(
                    tr("工业总产值（亿元）", "Total output (亿元)"), min_value=0.0
                ),
            },
        )
        city_name = None
    else:
        up = st.file_uploader(
            tr(
                "上传分市表（列：city, park_output, total_output）",
                "Upload the per-city table (columns: city, park_output, total_output)",
            ),
            type=["csv", "xlsx", "txt"],
            key="calc_city_upload",
        )
        city_name = up.name if up is not None else None
        if up is not None:
            try:
                from gis.tabular import read_table

                city_input = read_table(up.getvalue(), name=up.name)
                enc = city_input.attrs.get("encoding")
                st.caption(
                    tr("已读取：", "Read: ") + up.name + (tr(f"（{enc}）", f" ({enc})") if enc else "")
                )
            except AtlasError as exc:
                st.error(tr("无法读取文件：", "Cannot read the file: ") + str(exc), icon="⚠️")
    if city_input is not None:
        filled = (
            city_input.dropna(how="all", subset=[c for c in city_input.columns if c != "city"])
            if "city" in city_input.columns and source == "editor"
            else city_input
        )
        if source == "editor" and filled.empty:
            st.info(tr("在表格中填入至少一个市的两项产值。", "Fill both outputs for at least one city."))
        else:
            try:
                cities, summary = share.city_shares(filled, file=city_name)
            except AtlasError as exc:
                st.error(tr("分市数据有误：", "Per-city data problem: ") + str(exc), icon="⚠️")
            else:
                k1, k2, k3 = st.columns(3)
                k1.metric(
                    tr("全省园区产值占比（推算）", "Provincial park share (derived)"),
                    _pct(summary["provincial_share"]),
                )
                k2.metric(tr("园区总产值（亿元）", "Park output (亿元)"), f"{summary['park_total']:,.1f}")
                k3.metric(tr("工业总产值（亿元）", "Total output (亿元)"), f"{summary['total']:,.1f}")
                if not summary["complete"]:
                    st.warning(
                        tr(
                            "缺少以下市的数据，全省占比只代表已填的市：",
                            "Missing cities; the provincial share covers only those given: ",
                        )
                        + "、".join(summary["missing"])
                    )
                show = pd.DataFrame(
                    {
                        tr("设区市", "City"): cities["city"] if lang() == "zh" else cities["city_en"],
                        tr("园区产值（亿元）", "Park output (亿元)"): cities["park_output"],
                        tr("工业总产值（亿元）", "Total output (亿元)"): cities["total_output"],
                        tr("园区占比", "Park share"): cities["share"].map(_pct),
                        tr("对全省占比的贡献（百分点）", "Contribution to provincial share (points)"): (
                            cities["contribution"] * 100
                        ).round(2),
                    }
                )
                st.dataframe(show, hide_index=True, width="stretch", key="calc_city_table")
                try:
                    from streamlit_folium import st_folium

                    from layers.share_map import share_map

                    fmap = share_map(cities, lang(), provincial_share=float(summary["provincial_share"]))
                    st_folium(
                        fmap, height=520, returned_objects=[], key="calc_city_map", use_container_width=True
                    )
                except (AtlasError, OSError) as exc:
                    st.warning(tr("无法绘制地图：", "Cannot draw the map: ") + str(exc))

# ------------------------------------------------------------------------------------------------ scenarios
with tab_scn:
    saved, where = _load_scenarios()
    st.caption(
        tr("情景保存在用户数据库（GeoPackage）中。", "Scenarios are kept in the user store (GeoPackage).")
        if where == "store"
        else tr(
            "情景只保存在本次会话中（关闭页面后消失）；请导出CSV/XLSX留存。",
            "Scenarios live in this session only (gone when the page closes); export CSV/XLSX to keep them.",
        )
    )
    n1, n2 = st.columns([3, 1])
    name = n1.text_input(
        tr("情景名称", "Scenario name"),
        key="calc_scn_name",
        placeholder=tr("如：全省增速8%", "e.g. total +8%"),
    )
    if n2.button(tr("保存当前输入", "Save current inputs"), key="calc_scn_save"):
        if result is None:
            st.error(tr("当前输入有误，不能保存。", "The current inputs have errors; nothing saved."))
        elif not name.strip():
            st.warning(tr("请先填写情景名称。", "Enter a scenario name first."))
        else:
            saved[name.strip()] = _save_scenario(share.with_changes(scenario, name=name.strip()))
            st.session_state["calc_cmp_b"] = name.strip()  # compare the newest with A
            st.success(tr("已保存情景：", "Saved scenario: ") + name.strip())
    if saved:
        names = list(saved)
        s1, s2 = st.columns(2)
        a = s1.selectbox(tr("情景 A", "Scenario A"), names, index=0, key="calc_cmp_a")
        b = s2.selectbox(tr("情景 B", "Scenario B"), names, index=min(1, len(names) - 1), key="calc_cmp_b")
        try:
            cmp = share.compare_scenarios(
                share.Scenario.from_dict(saved[a]), share.Scenario.from_dict(saved[b])
            )
        except AtlasError as exc:
            st.error(str(exc))
        else:
            cmp = cmp.drop(columns=["item_en" if lang() == "zh" else "item_zh"])
            for col in cmp.columns[2:4]:
                cmp[col] = [_fmt_item(k, v) for k, v in zip(cmp["key"], cmp[col], strict=True)]
            st.dataframe(cmp.drop(columns=["key"]), hide_index=True, width="stretch", key="calc_cmp_table")
        all_sc = [share.Scenario.from_dict(d) for d in saved.values()]
        e1, e2 = st.columns(2)
        e1.download_button(
            tr("导出 CSV（UTF-8 BOM）", "Export CSV (UTF-8 with BOM)"),
            share.export_scenarios(all_sc, "csv"),
            file_name="park_share_scenarios.csv",
            mime="text/csv",
            key="calc_export_csv",
        )
        e2.download_button(
            tr("导出 XLSX", "Export XLSX"),
            share.export_scenarios(all_sc, "xlsx"),
            file_name="park_share_scenarios.xlsx",
            key="calc_export_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        if st.button(tr("清空已保存情景", "Clear saved scenarios"), key="calc_scn_clear"):
            _clear_scenarios(list(saved))
            st.rerun()
    else:
        st.info(tr("尚未保存情景。", "No scenario saved yet."))
