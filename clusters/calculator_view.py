"""What the park-share calculator page shows, as frames and texts (no UI).

The page (``app_pages/calculator.py``) lays out widgets; the tables it shows — the year-by-year path, the
sensitivity chart data and table, the per-city table, the scenario comparison — and the one-line input
error are built here from :mod:`clusters.share`'s results, in the language given.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from clusters import share
from clusters.vocab import INPUT_ORIGINS, SCENARIO_INPUTS
from gis.errors import AtlasError
from gis.tabular import Column, table_bytes
from gis.text import Pair, text
from gis.vocab import UNITS

#: The unit of outputs in exports (gis.vocab.UNITS).
YI_YUAN = UNITS["亿元"]

#: Result and input keys whose values are fractions shown as percentages.
PCT_KEYS = frozenset(
    {
        "base_share",
        "target_share",
        "total_growth",
        "park_growth",
        "result.base_share",
        "result.required_park_growth",
        "result.park_growth_used",
        "result.target_year_share",
    }
)
#: Input labels for error messages: the page's own labels (clusters.vocab.SCENARIO_INPUTS).
FIELD_LABELS = SCENARIO_INPUTS
#: Hints that speak of fractions (the command line's ``0.60``, ``0.08``): the page takes percentages.
_FRACTION_HINTS = ("0.60", "0.08")


def pct(value: float | None, digits: int = 2) -> str:
    """A fraction as a percentage (``0.1345`` → ``13.45%``); ``—`` when missing."""
    return "—" if value is None or pd.isna(value) else f"{value * 100:.{digits}f}%"


def growth_label(growth: float) -> str:
    """A growth rate as a one-decimal percentage (the sensitivity series' names)."""
    return f"{growth * 100:.1f}%"


def fmt_item(key: str, value: object) -> str:
    """Display text of one scenario-comparison cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if key in PCT_KEYS and isinstance(value, (int, float)):
        return pct(float(value))
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.1f}"
    return str(value)


def input_error_text(exc: AtlasError, lang: str) -> str:
    """An input error in ``lang`` only, naming the field by its label on the page.

    The calculator's hints speak of fractions (``0.60``, ``0.08``) for the command line; the page takes
    percentages, so such a hint is replaced by one in percent.
    """
    label = FIELD_LABELS.get(exc.field or "")
    out = text(lang, "无法计算：", "Cannot calculate: ")
    if label is not None:
        out += text(lang, f"【{label.zh}】", f"{label.en}: ")
    message = exc.message_in(lang)
    if label is not None and exc.field and message.startswith(exc.field):  # the label names it already
        message = message[len(exc.field) :].lstrip()
    if exc.field in PCT_KEYS and any(h in (exc.hint or "") for h in _FRACTION_HINTS):
        # the command line's "enter a fraction" does not hold on the page, which takes percentages
        return (
            out
            + message.split("，请以小数输入")[0]
            + text(lang, "。请以百分数输入，如 60 表示 60%。", ". Enter a percentage, e.g. 60 for 60%.")
        )
    # A hint is shown once it is written in both languages (``hint_zh``); an older combined "en / zh" hint
    # is left out rather than shown half in the other language.
    hint = exc.hint_in(lang) if exc.hint_zh else None
    if hint:
        return out + message + text(lang, "。提示：", ". How to fix: ") + hint
    return out + message


def step_lines(result: share.ShareResult, lang: str) -> str:
    """The calculation's steps as a numbered Markdown list."""
    return "\n".join(f"{i}. {step[lang]}" for i, step in enumerate(result.steps, 1))


def formula(result: share.ShareResult, lang: str) -> str:
    """The filled-in formula in ``lang``."""
    return text(lang, result.formula_zh, result.formula_en)


def base_share_source(result: share.ShareResult, lang: str) -> str:
    """Where the base share comes from: the plan (unchanged), user input, or derived (outputs, firm list)."""
    if result.base_share_source.startswith("DERIVED"):
        return text(
            lang, "推算：基期园区总产值 ÷ 基期全省工业总产值", "DERIVED: base park output ÷ base total output"
        )
    return share.input_source(result.scenario, "base_share").text(lang)


def path_table(result: share.ShareResult, lang: str) -> pd.DataFrame:
    """The share year by year (percentages), with both outputs when they were given (亿元)."""
    path = result.path
    table = pd.DataFrame(
        {
            text(lang, "年份", "Year"): path["year"].astype(str),
            text(lang, "园区产值占比", "Park share"): path["share"].map(
                lambda v: pct(v, 1)
            ),  # as the headline
        }
    )
    if "total_output" in path:
        total = text(lang, "全省工业总产值（亿元）", "Total output (100 million yuan)")
        park = text(lang, "园区总产值（亿元）", "Park output (100 million yuan)")
        table[total] = path["total_output"].round(1)
        table[park] = path["park_output"].round(1)
    return table


def sensitivity_chart_data(sens: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Long form of a sensitivity table for the chart, and the order of its series.

    Shares above 100 % are impossible and left out (not drawn).
    """
    long = share.sensitivity_long(sens)
    long["total_label"] = long["total_growth"].map(growth_label)
    order = [growth_label(float(g)) for g in sens.columns]
    return long[long["share"] <= 1.0], order


def sensitivity_shown(sens: pd.DataFrame) -> pd.DataFrame:
    """A sensitivity table for reading: percentages, growth rates as row and column names."""
    shown = sens.map(pct)
    shown.index = [growth_label(float(g)) for g in sens.index]
    shown.columns = [growth_label(float(g)) for g in sens.columns]
    return shown


def city_table(cities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The per-city results for reading (city names in ``lang``, shares as percentages)."""
    return pd.DataFrame(
        {
            text(lang, "设区市", "City"): cities[text(lang, "city", "city_en")],
            text(lang, "园区产值（亿元）", "Park output (100 million yuan)"): cities["park_output"],
            text(lang, "工业总产值（亿元）", "Total output (100 million yuan)"): cities["total_output"],
            text(lang, "园区占比", "Park share"): cities["share"].map(pct),
            text(lang, "对全省占比的贡献（百分点）", "Contribution to provincial share (points)"): (
                cities["contribution"] * 100
            ).round(2),
        }
    )


def comparison_table(a: share.Scenario, b: share.Scenario, lang: str) -> pd.DataFrame:
    """Two scenarios side by side, the items named in ``lang`` (column ``item_zh`` or ``item_en``)."""
    cmp = share.compare_scenarios(a, b)
    cmp = cmp.drop(columns=[text(lang, "item_en", "item_zh")])
    for col, origin in zip(cmp.columns[2:4], ("origin_a", "origin_b"), strict=True):
        cmp[col] = [
            fmt_item(k, v) + (user_input_mark(k, plan, lang) if o == "user_input" else "")
            for k, v, o, plan in zip(cmp["key"], cmp[col], cmp[origin], cmp["plan_value"], strict=True)
        ]
    return cmp.drop(columns=["key", "origin_a", "origin_b", "plan_value"])


def user_input_mark(key: str, plan_value: object, lang: str) -> str:
    """The words beside a changed input: "（用户输入；规划值 60.00%）" / " (user input; plan: 60.00%)"."""
    user = INPUT_ORIGINS["user_input"]
    if plan_value is None or (isinstance(plan_value, float) and pd.isna(plan_value)):
        return text(lang, f"（{user.zh}）", f" ({user.en})")
    plan = fmt_item(key, plan_value)
    return text(lang, f"（{user.zh}；规划值 {plan}）", f" ({user.en}; plan: {plan})")


def input_source_text(key: str, value: object, lang: str, *, base_share_from: str | None = None) -> str:
    """Where one input shown on the page comes from (:func:`clusters.share.input_source`).

    The plan's source while unchanged, else "user input" with the plan's value beside it.
    """
    sc = share.Scenario(**{key: value}, base_share_from=base_share_from)  # type: ignore[arg-type]
    return share.input_source(sc, key).text(lang)


def growth_headline(result: share.ShareResult) -> str:
    """The required park growth as shown: rounded to one decimal (the plan's figures are not more precise)."""
    return pct(result.required_park_growth, 1)


def growth_range_text(result: share.ShareResult, lang: str) -> str:
    """The range the plan's vague figures imply for the required growth, with the bounds and their rule."""
    rng = result.required_park_growth_range
    span = f"{pct(rng['low'], 1)}–{pct(rng['high'], 1)}"
    varied = rng.get("varied") or {}
    if not varied:
        return text(
            lang,
            f"范围 {span}：输入中没有规划的模糊数字（均为用户输入或推算）。",
            f"Range {span}: no vague plan figure among the inputs (all user input or derived).",
        )
    parts_zh = "；".join(f"“{v['plan_words']}”取{v['low']:.0%}–{v['high']:.0%}" for v in varied.values())
    parts_en = "; ".join(f"'{v['plan_words']}' as {v['low']:.0%}–{v['high']:.0%}" for v in varied.values())
    return text(
        lang,
        f"规划数字本身不精确，所需增速约为 {span}（{parts_zh}；区间规则见 data/plan/goal_ranges.csv）。",
        f"The plan's figures are approximate: the required growth is about {span} ({parts_en}; the rule is "
        "in data/plan/goal_ranges.csv).",
    )


#: The per-city export's columns (:class:`gis.tabular.Column`): headers in the UI language with units, shares
#: as numbers with a percent format, the user's data named in its own source column.
CITY_EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("city", Pair("设区市", "City")),
    Column("adcode", Pair("行政区划代码", "Adcode")),
    Column("park_output", Pair("园区产值", "Park output"), YI_YUAN, "number"),
    Column("total_output", Pair("工业总产值", "Total output"), YI_YUAN, "number"),
    Column("share", Pair("园区占比（推算）", "Park share (derived)"), kind="percent"),
    Column(
        "contribution",
        Pair("对全省占比的贡献（推算）", "Contribution to the provincial share (derived)"),
        kind="percent",
    ),
    Column("source", Pair("来源", "Source"), kind="source"),
)


def city_export_table(cities: pd.DataFrame, summary: dict, lang: str) -> pd.DataFrame:
    """The per-city results for download: one row per city plus the province (the cities given).

    Machine keys as columns (headed by :data:`CITY_EXPORT_COLUMNS`); shares and contributions as fractions;
    the source column says the figures are the user's and the province row is derived.
    """
    user = text(lang, "用户数据（规划未给出分市数据）", "user data (the plan gives no per-city figures)")
    rows = pd.DataFrame(
        {
            "city": cities[text(lang, "city", "city_en")],
            "adcode": cities["adcode"].astype(str),
            "park_output": cities["park_output"].astype(float),
            "total_output": cities["total_output"].astype(float),
            "share": cities["share"].astype(float),
            "contribution": cities["contribution"].astype(float),
            "source": user,
        }
    )
    province = float(summary["provincial_share"])
    total = {
        "city": text(lang, "全省（已填各市合计）", "Province (cities given)"),
        "adcode": "350000",
        "park_output": float(summary["park_total"]),
        "total_output": float(summary["total"]),
        "share": province,
        "contribution": province,
        "source": text(lang, "推算：各市合计", "derived: sum of the cities given"),
    }
    return pd.concat([rows, pd.DataFrame([total])], ignore_index=True)


def city_export_bytes(cities: pd.DataFrame, summary: dict, fmt: Literal["csv", "xlsx"], lang: str) -> bytes:
    """The per-city results (:func:`city_export_table`) as CSV (UTF-8 with BOM) or XLSX, in ``lang``."""
    table = city_export_table(cities, summary, lang)
    sheet = text(lang, "分市结果", "per city")
    return table_bytes(table, fmt, columns=CITY_EXPORT_COLUMNS, lang=lang, sheet_name=sheet)
