"""The report's tables as display strings: 专栏1, 专栏10 (with actuals where supplied), the park goals, the
park-share calculation (inputs with their origin, results), the actual figures in detail, skipped rows.

Every figure row has a source; derived columns say so in their header (``（推算）`` / ``(derived)``).
"""

from __future__ import annotations

import math

import pandas as pd

from clusters import share
from clusters import targets as T
from clusters import targets_view as TV
from clusters.goals import place_en, place_zh
from clusters.report.model import Table
from clusters.vocab import DERIVED, INPUT_ORIGINS, SCENARIO_INPUTS, measure_label, target_kind_label
from gis.text import field, text

USER_DATA = ("用户数据", "user data")


def cell(value: object, digits: int = 1) -> str:
    """A value as table text: ``—`` when missing, thousands separators, whole numbers without ``.0``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return f"{int(number):,}"
        return f"{number:,.{digits}f}"
    text_value = str(value).strip()
    return text_value if text_value and text_value.lower() not in ("nan", "none") else "—"


def year_text(value: object) -> str:
    """A year as written (``2018``, no thousands separator); ``—`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return str(int(value))  # type: ignore[call-overload]


def derived(lang: str) -> str:
    """The mark of a derived column: ``（推算）`` / `` (derived)``."""
    return text(lang, f"（{DERIVED.zh}）", f" ({DERIVED.en})")


def _frame_table(
    key: str, caption: str, frame: pd.DataFrame, sources: tuple[str, ...], note: str = ""
) -> Table:
    derived_cols = tuple(c for c in frame.columns if DERIVED.zh in c or DERIVED.en.lower() in c.lower())
    rows = [[cell(v) for v in rec] for rec in frame.itertuples(index=False)]
    return Table(key, caption, [str(c) for c in frame.columns], rows, sources, derived_cols, note)


def indicator_table(lang: str) -> Table:
    """专栏1's 16 indicators: 2015 baseline, 2020 target, type, source; the upload takes no actual values."""
    frame = TV.indicator_table(T.indicators(), lang)
    frame[text(lang, "实际值（用户数据）", "Actual (user data)")] = text(lang, "未提供", "not supplied")
    note = text(
        lang,
        "进度数据（进度页、用户数据库或 --progress 文件）只收行业、集群和园区的数字，没有专栏1指标的实际值。",
        "The progress figures (progress page, user store or --progress file) hold sectors, clusters and "
        "parks only: there is no place for the actual values of Box 1's indicators.",
    )
    caption = text(lang, "专栏1 “十三五”工业转型升级主要指标", "Box 1: the main indicators of the plan")
    return _frame_table("zl1", caption, frame, (text(lang, "来源", "Source"),), note)


def _latest_sector_actuals(cmp: pd.DataFrame) -> pd.DataFrame:
    """The latest output figure of each 专栏10 sector in the comparison, indexed by sector number."""
    if cmp is None or cmp.empty:
        return pd.DataFrame()
    rows = cmp[(cmp["kind"] == "sector") & (cmp["measure"] == "output")].copy()
    if rows.empty:
        return pd.DataFrame()
    rows["no"] = rows["ref"].astype(int)
    return rows.sort_values("year").groupby("no").tail(1).set_index("no")


def sector_table(lang: str, cmp: pd.DataFrame | None) -> Table:
    """专栏10's 24 rows (the plan's), with the latest actual output, % of target and status where supplied."""
    view = TV.sector_view(T.with_derived(), "all", "no", False)
    frame = TV.sector_table(view, lang)
    drop = [
        text(lang, "说明", "Note"),
        text(lang, "类别", "Group"),
        text(lang, "2015年增加值", "2015 value added"),
    ]
    frame = frame.drop(columns=[c for c in frame.columns if any(c.startswith(d) for d in drop)])
    src = text(lang, "来源", "Source")
    frame = frame.rename(columns={src: text(lang, "目标来源", "Target source")})
    latest = _latest_sector_actuals(cmp) if cmp is not None else pd.DataFrame()
    sources: tuple[str, ...] = (text(lang, "目标来源", "Target source"),)
    if not latest.empty:
        nos = list(view["no"])

        def col(name: str) -> pd.Series:
            values = [latest[name].get(n) if n in latest.index else None for n in nos]
            return pd.Series(values, index=frame.index, dtype=object)

        status = [latest[f"status_{lang}"].get(n, None) if n in latest.index else None for n in nos]
        years = col("year")
        frame[text(lang, "实际年份", "Actual year")] = [year_text(y) for y in years]
        frame[text(lang, "实际产值（亿元）", "Actual output (亿元)")] = col("actual")
        frame[text(lang, "占2020年目标 %", "% of 2020 target") + derived(lang)] = col("pct_of_target")
        frame[text(lang, "当年路径值（亿元）", "Path value that year (亿元)") + derived(lang)] = col(
            "path_value"
        )
        frame[text(lang, "状态", "Status") + derived(lang)] = status
        actual_src = text(lang, "实际数据来源", "Actual figure from")
        frame[actual_src] = [cell(v) for v in col("actual_from")]
        sources = (*sources, actual_src)
    caption = text(lang, "专栏10 重点产业2020年发展目标", "Box 10: the 2020 targets of the key sectors")
    note = text(
        lang,
        "2015年数值由2020年目标和年均增速倒推（推算，规划未给出）；占目标%、路径值和状态均为推算。",
        "2015 values are implied by the 2020 target and its growth (derived; the plan does not give them); "
        "% of target, path value and status are derived.",
    )
    return _frame_table("zl10", caption, frame, sources, note)


def park_goal_table(lang: str) -> Table:
    """The park goals of 第三章七 (share ≥ 75 %, ≥ 25 demonstration bases, ≥ 20 千亿 clusters)."""
    goals = T.park_goals().reset_index()
    frame = pd.DataFrame(
        {
            text(lang, "目标", "Goal"): [field(r, "name", lang) for r in goals.to_dict("records")],
            text(lang, "2020年目标", "2020 target"): [
                f"{r['comparator']} {cell(r['value'])} {r['unit']}" for r in goals.to_dict("records")
            ],
            text(lang, "2015年基数", "2015 baseline"): goals["baseline_note"],
            text(lang, "规划原文", "The plan's words"): goals["quote"],
            text(lang, "来源", "Source"): goals["source"],
        }
    )
    caption = text(lang, "园区发展目标（第三章七）", "Park goals (ch. 3 §7)")
    return _frame_table("park_goals", caption, frame, (text(lang, "来源", "Source"),))


def share_input_table(result: share.ShareResult, lang: str) -> Table:
    """The calculation's inputs: value, origin (plan / user input / derived) and source."""
    rows = []
    for key, src in result.input_sources.items():
        label = SCENARIO_INPUTS.get(key)
        rows.append(
            [
                label.get(lang) if label else key,
                share.provenance.shown_value(key, src.value),
                INPUT_ORIGINS[src.origin].get(lang),
                src.text(lang),
            ]
        )
    cols = [
        text(lang, "输入", "Input"),
        text(lang, "取值", "Value"),
        text(lang, "性质", "Origin"),
        text(lang, "来源", "Source"),
    ]
    caption = text(lang, "园区产值占比测算的输入", "Inputs of the park-share calculation")
    return Table("share_inputs", caption, cols, rows, (cols[3],))


def share_result_table(result: share.ShareResult, lang: str) -> Table:
    """The calculation's results, all derived from the inputs, rounded as the plan's precision allows."""
    sc, rng = result.scenario, result.required_park_growth_range
    src = text(lang, "推算：见上式", "derived: the formula above")
    reached = result.reached_text(lang)
    rows = [
        [
            text(lang, "所需园区产值年均增速", "Required park output growth a year"),
            f"{result.required_park_growth:.1%}",
            src,
        ],
        [
            text(lang, "规划数字模糊性所含的范围", "Range the plan's approximate figures imply"),
            f"{rng['low']:.1%}–{rng['high']:.1%}",
            text(lang, "推算：", "derived: ") + _range_basis(rng, lang),
        ],
        [
            text(lang, f"{sc.target_year}年占比", f"Share in {sc.target_year}"),
            f"{result.target_year_share:.1%}",
            src,
        ],
        [text(lang, "首次达到目标", "First year the target is reached"), reached, src],
        [
            text(lang, "目标年缺口（百分点）", "Gap in the target year (points)"),
            f"{result.gap_share_points:.1f}",
            src,
        ],
    ]
    if result.gap_yi_yuan is not None:
        rows.append(
            [text(lang, "目标年缺口（亿元）", "Gap in the target year (亿元)"), cell(result.gap_yi_yuan), src]
        )
    cols = [
        text(lang, "结果", "Result"),
        text(lang, "数值", "Value") + derived(lang),
        text(lang, "来源", "Source"),
    ]
    caption = text(lang, "园区产值占比测算的结果（推算）", "Results of the park-share calculation (derived)")
    return Table("share_results", caption, cols, rows, (cols[2],), (cols[1],))


def _range_basis(rng: dict, lang: str) -> str:
    varied = rng.get("varied") or {}
    if not varied:
        return text(lang, "输入均为用户输入或推算，无规划模糊数字", "no vague plan figure among the inputs")
    sep = text(lang, "；", "; ")
    return sep.join(
        text(
            lang,
            f"“{v['plan_words']}”取{v['low']:.0%}–{v['high']:.0%}（{place_zh(v['source'])}）",
            f"'{v['plan_words']}' as {v['low']:.0%}–{v['high']:.0%} ({place_en(v['source'])})",
        )
        for v in varied.values()
    )


def progress_table(cmp: pd.DataFrame, lang: str) -> Table:
    """Every actual figure compared with its target's path (sectors, clusters, parks).

    ``cmp`` is :func:`clusters.progress.compare` plus ``actual_from`` (the user's file and stated source).
    """
    frame = pd.DataFrame(
        {
            text(lang, "类型", "Kind"): cmp["kind"].map(lambda k: target_kind_label(k, lang)),
            text(lang, "名称", "Name"): cmp[f"name_{lang}"],
            text(lang, "指标", "Measure"): cmp["measure"].map(lambda m: measure_label(m, lang)),
            text(lang, "年份", "Year"): cmp["year"].map(year_text),
            text(lang, "实际值（亿元）", "Actual (亿元)"): cmp["actual"],
            text(lang, "2020年目标（亿元）", "2020 target (亿元)"): cmp["target_value"],
            text(lang, "占目标 %", "% of target") + derived(lang): cmp["pct_of_target"],
            text(lang, "路径值（亿元）", "Path value (亿元)") + derived(lang): cmp["path_value"],
            text(lang, "状态", "Status") + derived(lang): cmp[f"status_{lang}"],
            text(lang, "目标来源", "Target source"): cmp["target_source"].replace("", "—"),
            text(lang, "实际数据来源", "Actual figure from"): cmp["actual_from"],
            text(lang, "说明（用户）", "Note (user's)"): cmp["actual_note"],
        }
    )
    caption = text(lang, "实际数据与目标路径的比较", "Actual figures against the target paths")
    sources = (text(lang, "目标来源", "Target source"), text(lang, "实际数据来源", "Actual figure from"))
    return _frame_table("progress", caption, frame, sources)


def skipped_table(problems: pd.DataFrame, lang: str) -> Table:
    """Upload rows not used, with the problem found (the values as the user wrote them, as text)."""
    frame = pd.DataFrame(
        {
            text(lang, "行", "Row"): problems["row"].map(lambda r: "—" if pd.isna(r) else str(int(r))),
            text(lang, "列", "Column"): problems["column"].fillna("—"),
            text(lang, "值", "Value"): problems["value"].astype(str),
            text(lang, "问题", "Problem"): problems[f"problem_{lang}"],
        }
    )
    caption = text(lang, "未采用的上传行", "Upload rows not used")
    return _frame_table("skipped", caption, frame, ())


def user_data_label(lang: str, source_file: str, stated: str = "") -> str:
    """Where an actual figure comes from: the user's file (or store) and the source the user stated for it,
    never the plan."""
    out = text(lang, f"{USER_DATA[0]}：{source_file}", f"{USER_DATA[1]}: {source_file}")
    if stated:
        out += text(lang, f"；用户注明来源：{stated}", f"; source stated by the user: {stated}")
    return out
