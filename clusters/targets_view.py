"""What the targets page shows, as frames (no UI): 专栏10 sectors, 专栏1 indicators, 千亿 clusters, the
petrochemical goals and the figures of the Meizhou Bay and Gulei parks, each in the language given.

Figures come from :mod:`clusters.targets` (the plan's tables), :mod:`clusters.clusters` and
:mod:`clusters.progress` (derived paths); labels from :mod:`clusters.vocab` and :mod:`gis.vocab`.
"""

from __future__ import annotations

import pandas as pd

from clusters import goals
from clusters import targets as T
from clusters.targets_city import scope_text
from clusters.verdicts import thousand_verdicts, verdict_counts
from clusters.vocab import (
    CLUSTER_NOTES,
    DERIVED,
    HOST_TEXTS,
    INDICATOR_TYPES,
    SCOPE_NOTES,
    goal_kind_label,
    note_label,
    provenance_label,
)
from gis.admin_names import english_name
from gis.quality import confidence_label
from gis.research_texts import FIGURE_NOTES
from gis.text import Pair, approx_number_text, field, label, normalize_lang, text, year_text
from gis.vocab import base_label, source_text, unit_label

#: 专栏10's two sector groups (``all`` = no filter), keyed by the table's ``group_zh``.
SECTOR_GROUPS: dict[str, Pair] = {
    "all": Pair("全部", "All"),
    "传统优势产业": Pair("传统优势产业", "Traditional strengths"),
    "新兴先导产业": Pair("新兴先导产业", "Emerging leading industries"),
}
#: Sort orders of the sector table, keyed by column.
SECTOR_SORTS: dict[str, Pair] = {
    "no": Pair("序号", "Number"),
    "output_2020": Pair("2020年产值目标", "2020 output target"),
    "output_cagr_pct": Pair("产值年均增速", "Output growth"),
    "va_2020": Pair("2020年增加值目标", "2020 value added"),
    "output_2015_derived": Pair("2015年产值（推算）", "2015 output (derived)"),
}
#: The petrochemical bases whose parks the page lists (第四章一（一）: 湄洲湾、古雷).
PLAN_BASES = ("湄洲湾", "古雷")


def derived_mark(lang: str) -> str:
    """The mark a derived column wears: ``（推算）`` / `` (DERIVED)``."""
    return text(lang, f"（{DERIVED.zh}）", f" ({DERIVED.en.upper()})")


def num_or_dash(value: object) -> str:
    """A figure for display: thousands separators, '—' where the source gives none (not 'None')."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return f"{float(value):,.0f}"  # type: ignore[arg-type]


def as_written(value: object) -> str:
    """A reported figure as precise as its source: ``947`` (not ``947.0``), ``358.37``, ``1,105``."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]


def text_or_dash(value: object) -> str:
    """A year or label for display, '—' where missing."""
    return "—" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def pct_or_dash(value: object) -> str:
    """A rate as the plan gives it (``12``, ``8.5``), '—' where missing."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    f = float(value)  # type: ignore[arg-type]
    return f"{f:g}"


def place(value: object, lang: str) -> str:
    """A source in ``lang``: places in the plan as ``ch. 4 §1 (1)`` / ``Box 10 item 1`` in English."""
    raw = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return text(lang, raw, goals.place_en(raw)) or "—"


def _hosts(clusters: pd.DataFrame, lang: str) -> list[str]:
    """Host cities in ``lang`` (English: the cities' English names; Chinese: the source's own text)."""
    out = []
    for cities, raw in zip(clusters["host_cities"], clusters["host_city_text"], strict=True):
        names = ", ".join(english_name(c) for c in (cities if isinstance(cities, list) else []))
        raw_text = note_label(HOST_TEXTS, raw, lang)
        out.append(text(lang, text_or_dash(raw_text), names or raw_text or "—"))
    return out


def _column(frame: pd.DataFrame, name: str, lang: str) -> pd.Series:
    """Column ``name_zh`` or ``name_en`` of ``frame``."""
    return frame[f"{name}_{normalize_lang(lang)}"]


# ------------------------------------------------------------------------------------------------ 专栏10
def sector_view(sectors: pd.DataFrame, group: str, sort_by: str, descending: bool) -> pd.DataFrame:
    """The sectors of one group (``all`` for every one), sorted, with ``no`` as a column."""
    view = sectors if group == "all" else sectors[sectors["group_zh"] == group]
    return view.reset_index().sort_values(sort_by, ascending=not descending, na_position="last")


def sector_table(view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """专栏10 for reading: targets, growth, derived 2015 values, measure, note and source."""
    derived = derived_mark(lang)
    return pd.DataFrame(
        {
            text(lang, "序号", "No."): view["no"],
            text(lang, "类别", "Group"): _column(view, "group", lang),
            text(lang, "产业", "Sector"): _column(view, "sector", lang),
            text(lang, "2020年产值目标（亿元）", "2020 output target (100 million yuan)"): view[
                "output_2020"
            ],
            text(lang, "产值年均增速（%）", "Output growth (%/yr)"): view["output_cagr_pct"],
            text(lang, "2020年增加值目标（亿元）", "2020 value-added target (100 million yuan)"): view[
                "va_2020"
            ].map(num_or_dash),
            text(lang, "增加值年均增速（%）", "VA growth (%/yr)"): view["va_cagr_pct"].map(pct_or_dash),
            text(lang, "2015年产值", "2015 output") + derived: view["output_2015_derived"],
            text(lang, "2015年增加值", "2015 value added") + derived: view["va_2015_derived"].map(
                num_or_dash
            ),
            text(lang, "口径", "Measure"): _column(view, "output_measure", lang),
            text(lang, "说明", "Note"): _column(view, "note", lang),
            text(lang, "来源", "Source"): view["source"].map(lambda v: place(v, lang)),
        }
    )


def sector_chart_data(view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long form ``sector, value, series`` of the derived 2015 output and the 2020 target (bar chart)."""
    names = _column(view, "sector", lang)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "sector": names,
                    "value": view["output_2015_derived"],
                    "series": text(lang, "2015年（推算）", "2015 (derived)"),
                }
            ),
            pd.DataFrame(
                {
                    "sector": names,
                    "value": view["output_2020"],
                    "series": text(lang, "2020年目标", "2020 target"),
                }
            ),
        ]
    )


def sector_names(view: pd.DataFrame, lang: str) -> list[str]:
    """Sector names in the order of ``view`` (the chart's axis order)."""
    return list(_column(view, "sector", lang))


def path_table(paths: pd.DataFrame, view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The implied yearly paths of the sectors in ``view`` (rounded, DERIVED), sector name first."""
    table = paths.loc[view["no"]].rename_axis(text(lang, "序号", "No.")).round(0)
    table.insert(0, text(lang, "产业", "Sector"), _column(view.set_index("no"), "sector", lang))
    table.columns = [str(c) for c in table.columns]
    return table


def one_path(paths: pd.DataFrame, no: int) -> pd.DataFrame:
    """One sector's path as ``year`` (text), ``value`` rows (line chart)."""
    one = paths.loc[no]
    return pd.DataFrame({"year": [str(y) for y in one.index], "value": one.values})


# ------------------------------------------------------------------------------------------------ 专栏1
def indicator_table(ind: pd.DataFrame, lang: str) -> pd.DataFrame:
    """专栏1's indicators for reading; '—' where the plan gives no 2015 baseline."""
    return pd.DataFrame(
        {
            text(lang, "序号", "No."): ind["no"],
            text(lang, "分类", "Category"): _column(ind, "category", lang),
            text(lang, "指标", "Indicator"): _column(ind, "name", lang),
            text(lang, "单位", "Unit"): ind["unit"].map(
                lambda u: unit_label(u, lang) if isinstance(u, str) else ""
            ),
            text(lang, "2015年基数", "2015 baseline (plan's words)"): ind["baseline_2015_text"]
            .fillna("")
            .replace("", "—"),
            # where the baseline stands in the plan, and how its wording differs from the indicator's
            text(lang, "基数来源", "Baseline source"): ind["baseline_source"].map(lambda v: place(v, lang)),
            text(lang, "基数说明", "Baseline note"): _column(ind, "baseline_note", lang)
            .fillna("")
            .replace("", "—"),
            text(lang, "2020年目标", "2020 target (plan's words)"): ind["target_text"],
            text(lang, "属性", "Type"): ind["target_type"].map(lambda v: label(INDICATOR_TYPES, v, lang)),
            text(lang, "来源", "Source"): ind["source"].map(lambda v: place(v, lang)),
        }
    )


def value_added_growth() -> float:
    """专栏1 item 1, value-added growth a year (8.5 % → ``0.085``): the default cluster growth."""
    return goals.growth_stand_in().fraction


# ------------------------------------------------------------------------------------------------ clusters
def cluster_table(clusters: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 千亿 clusters for reading: provenance labels, host, 2020 target, its source and notes."""
    return pd.DataFrame(
        {
            text(lang, "集群", "Cluster"): _column(clusters, "name", lang),
            text(lang, "来源类别", "Provenance"): [provenance_label(p, lang) for p in clusters["provenance"]],
            text(lang, "所在地", "Host"): _hosts(clusters, lang),
            text(lang, "2020年目标（亿元）", "2020 target (100 million yuan)"): clusters["target_2020"].map(
                num_or_dash
            ),
            text(lang, "目标所述层级", "Target stated for"): [
                scope_text(r, lang) if pd.notna(r["target_2020"]) else "—" for _, r in clusters.iterrows()
            ],
            text(lang, "目标来源", "Target source"): clusters["target_source"].map(lambda v: place(v, lang)),
            text(lang, "说明", "Note"): clusters["confidence_note"].map(
                lambda v: note_label(CLUSTER_NOTES, v, lang)
            ),
        }
    )


def thousand_count(thousand: pd.DataFrame, lang: str) -> str:
    """The metric of the 1000 亿 question: firm passes of all with data, and how many might pass."""
    counts = verdict_counts(thousand)
    out = f"{counts['passes']} / {len(thousand)}"
    if counts["leans_pass"]:
        out += text(lang, f"（另{counts['leans_pass']}个或可）", f" (+{counts['leans_pass']} might)")
    return out


def cluster_count_goal() -> str:
    """The plan's count of 千亿 clusters for 2020 as shown (``20+`` for "20个以上", 第三章七、专栏1第8项)."""
    goal = goals.clusters_goal()
    return f"{goal.whole}{'+' if goal.comparator == '≥' else ''}"


def thousand_table(thousand: pd.DataFrame, growth_pct: float, lang: str) -> pd.DataFrame:
    """Clusters with an output figure: growth needed to pass 1000 亿, and 2020 output at ``growth_pct``.

    The verdict is firm (✓/✗) only for a recent, whole-cluster figure (:mod:`clusters.verdicts`).
    """
    verdicts = thousand_verdicts(thousand)
    lk = normalize_lang(lang)
    return pd.DataFrame(
        {
            text(lang, "集群", "Cluster"): _column(thousand, "name", lang),
            text(lang, "来源类别", "Provenance"): [
                provenance_label(p, lang) if isinstance(p, str) else "" for p in thousand["provenance"]
            ],
            text(lang, "年份", "Year"): thousand["year"].astype(str),
            text(lang, "产值（亿元）", "Output (100 million yuan)"): thousand["comparator"]
            .fillna("")
            .replace("=", "")
            + " "
            + thousand["value"].map(as_written),
            text(lang, "范围", "Scope"): thousand["scope_note"].map(
                lambda v: note_label(SCOPE_NOTES, v, lang)
            ),
            text(lang, "所需年均增速（推算）", "Growth needed (derived)"): thousand["growth_needed"].map(
                lambda v: f"{v:.1%}"
            ),
            text(
                lang,
                f"按{growth_pct:.1f}%增速的2020年产值（推算）",
                f"2020 output at {growth_pct:.1f}% (derived)",
            ): thousand["projected"].round(0),
            text(lang, "能否超过1000亿（推算）", "Passes 1,000 × 100 million yuan? (derived)"): verdicts[
                f"verdict_{lk}"
            ],
            text(lang, "判断依据", "Basis"): verdicts[f"basis_{lk}"],
            text(lang, "来源", "Source"): thousand["source"],
            text(lang, "可信度", "Confidence"): thousand["confidence"].map(
                lambda v: confidence_label(v, lang)
            ),
        }
    )


# ------------------------------------------------------------------------------------------------ petrochem
def petrochem_table(lang: str) -> pd.DataFrame:
    """The province's petrochemical goals (第四章一（一）) for reading, with the plan's words."""
    pg = T.petrochem_goals().reset_index()
    return pd.DataFrame(
        {
            text(lang, "目标", "Goal"): _column(pg, "name", lang),
            text(lang, "数值", "Value"): pg["value"],
            text(lang, "单位", "Unit"): pg["unit"].map(lambda u: unit_label(u, lang)),
            text(lang, "年份", "Year"): pg["year"].map(lambda y: year_text(y, lang)),
            text(lang, "类型", "Kind"): pg["kind"].map(lambda k: goal_kind_label(k, lang)),
            text(lang, "来源", "Source"): pg["source"].map(lambda v: place(v, lang)),
            text(lang, "原文", "Plan's words"): pg["quote"],
        }
    )


def base_parks(parks: pd.DataFrame) -> pd.DataFrame:
    """The parks of the plan's Meizhou Bay and Gulei petrochemical bases."""
    if "base" not in parks:
        return parks.iloc[0:0]
    return parks[parks["base"].isin(PLAN_BASES)]


def base_figures_table(bases: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per figure of each base park (a park without figures gets one row with its name)."""
    rows = []
    for _pid, rec in bases.iterrows():
        head = {
            text(lang, "基地", "Base"): base_label(rec["base"], lang),
            text(lang, "园区", "Park"): field({str(k): v for k, v in rec.items()}, "name", lang),
        }
        figures = rec["figures"] or []
        for fig in figures:
            rows.append(
                head
                | {
                    text(lang, "项目", "Item"): field(fig, "label", lang),
                    text(lang, "数值", "Value"): _figure_value(fig, lang),
                    text(lang, "单位", "Unit"): unit_label(fig.get("unit"), lang),
                    text(lang, "年份", "Year"): year_text(fig.get("year"), lang),
                    text(lang, "说明", "Note"): label(FIGURE_NOTES, fig.get("note") or "", lang),
                    text(lang, "来源", "Source"): source_text(fig.get("source"), lang),
                    text(lang, "可信度", "Confidence"): confidence_label(fig.get("confidence"), lang),
                }
            )
        if not figures:
            rows.append(head)
    return pd.DataFrame(rows).fillna("")


def _figure_value(fig: dict, lang: str) -> str:
    """A figure as precise as its source (``约30`` / ``about 30``, never ``30.0``)."""
    if fig.get("approx"):
        return approx_number_text(fig.get("value_text") or fig.get("value"), True, lang)
    value = fig.get("value")
    return text_or_dash(fig.get("value_text") or (None if value is None else f"{float(value):g}"))


def group_label(group: str, lang: str) -> str:
    """Label of a sector group (or ``all``)."""
    return label(SECTOR_GROUPS, group, lang)


def sort_label(key: str, lang: str) -> str:
    """Label of a sector-table sort order."""
    return label(SECTOR_SORTS, key, lang)
