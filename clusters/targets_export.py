"""The plan's tables as a workbook (the targets page's download, ``python -m clusters targets --out``).

Sheets: 专栏10's sector targets (outputs in 亿元, growth as percent numbers, the 2015 values marked derived),
专栏1's indicators, the park goals and the petrochemical goals; headers in the UI language with units,
sources (places in the plan) in their own column, and the plan's own words kept beside the numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters import targets as T
from clusters.targets_view import place
from clusters.vocab import DERIVED, INDICATOR_TYPES
from gis.errors import FileFormatError
from gis.fileio import write_atomic
from gis.tabular import Column, table_bytes
from gis.text import Pair, field, label
from gis.vocab import UNITS, unit_label

_YI = UNITS["亿元"]
_YI_DERIVED = Pair(f"{_YI.zh}，{DERIVED.zh}", f"{_YI.en}, {DERIVED.en}")
_NO = Column("no", Pair("序号", "No."))
_SOURCE = Column("source", Pair("来源（规划章节）", "Source (place in the plan)"), kind="source")
_WORDS = Column("quote", Pair("规划原文", "The plan's words (Chinese)"))
SECTOR_COLUMNS: tuple[Column, ...] = (
    _NO,
    Column("group", Pair("类别", "Group")),
    Column("sector", Pair("产业", "Sector")),
    Column("output_2020", Pair("2020年产值目标", "2020 output target"), _YI, "number"),
    Column("output_growth", Pair("产值年均增速", "Output growth a year"), kind="percent"),
    Column("va_2020", Pair("2020年增加值目标", "2020 value-added target"), _YI, "number"),
    Column("va_growth", Pair("增加值年均增速", "Value-added growth a year"), kind="percent"),
    Column("output_2015", Pair("2015年产值", "2015 output"), _YI_DERIVED, "number"),
    Column("va_2015", Pair("2015年增加值", "2015 value added"), _YI_DERIVED, "number"),
    Column("measure", Pair("口径", "Measure")),
    Column("note", Pair("说明", "Note")),
    _SOURCE,
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    _NO,
    Column("category", Pair("分类", "Category")),
    Column("indicator", Pair("指标", "Indicator")),
    Column("unit", Pair("单位", "Unit")),
    Column("target_number", Pair("2020年目标（数值）", "2020 target (number)"), kind="number"),
    Column("target_words", Pair("2020年目标（规划原文）", "2020 target (the plan's words, Chinese)")),
    Column("baseline_words", Pair("2015年基数（规划原文）", "2015 baseline (the plan's words, Chinese)")),
    Column("type", Pair("属性", "Type")),
    _SOURCE,
)
GOAL_COLUMNS: tuple[Column, ...] = (
    Column("goal", Pair("目标", "Goal")),
    Column("comparator", Pair("比较", "Comparison")),
    Column("number", Pair("数值", "Number"), kind="number"),
    Column("unit", Pair("单位", "Unit")),
    Column("year", Pair("年份", "Year")),
    _SOURCE,
    _WORDS,
)
SHEETS: dict[str, Pair] = {
    "sectors": Pair("专栏10行业目标", "Box 10 sector targets"),
    "indicators": Pair("专栏1指标", "Box 1 indicators"),
    "park_goals": Pair("园区目标", "Park goals"),
    "petrochem_goals": Pair("石化目标", "Petrochemical goals"),
}


def _words(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in series]


def _units(series: pd.Series, lang: str) -> list[str]:
    return [unit_label(u, lang) if isinstance(u, str) and u else "" for u in series]


def sector_export(lang: str) -> pd.DataFrame:
    """专栏10 for download (machine keys, :data:`SECTOR_COLUMNS`); growth as fractions (19 % → 0.19)."""
    s = T.with_derived().reset_index(names="no")
    recs = s.to_dict("records")
    return pd.DataFrame(
        {
            "no": s["no"].astype(int).to_numpy() if pd.api.types.is_numeric_dtype(s["no"]) else s["no"],
            "group": [field(r, "group", lang) for r in recs],
            "sector": [field(r, "sector", lang) for r in recs],
            "output_2020": s["output_2020"].astype(float).to_numpy(),
            "output_growth": (s["output_cagr_pct"].astype(float) / 100).to_numpy(),
            "va_2020": s["va_2020"].astype(float).to_numpy(),
            "va_growth": (s["va_cagr_pct"].astype(float) / 100).to_numpy(),
            "output_2015": s["output_2015_derived"].astype(float).to_numpy(),
            "va_2015": s["va_2015_derived"].astype(float).to_numpy(),
            "measure": [field(r, "output_measure", lang) for r in recs],
            "note": [field(r, "note", lang) for r in recs],
            "source": [place(v, lang) for v in s["source"]],
        }
    )


def indicator_export(lang: str) -> pd.DataFrame:
    """专栏1 for download (machine keys, :data:`INDICATOR_COLUMNS`)."""
    ind = T.indicators()
    recs = ind.to_dict("records")
    return pd.DataFrame(
        {
            "no": ind["no"].to_numpy(),
            "category": [field(r, "category", lang) for r in recs],
            "indicator": [field(r, "name", lang) for r in recs],
            "unit": _units(ind["unit"], lang),
            "target_number": ind["target_value"].astype(float).to_numpy(),
            "target_words": _words(ind["target_text"]),
            "baseline_words": _words(ind["baseline_2015_text"]),
            "type": [label(INDICATOR_TYPES, v, lang) for v in ind["target_type"]],
            "source": [place(v, lang) for v in ind["source"]],
        }
    )


def goal_export(goals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Park or petrochemical goals for download (machine keys, :data:`GOAL_COLUMNS`)."""
    recs = goals.to_dict("records")
    return pd.DataFrame(
        {
            "goal": [field(r, "name", lang) for r in recs],
            "comparator": _words(goals["comparator"]) if "comparator" in goals else [""] * len(goals),
            "number": goals["value"].astype(float).to_numpy(),
            "unit": _units(goals["unit"], lang),
            "year": _words(goals["year"]),
            "source": [place(v, lang) for v in goals["source"]],
            "quote": _words(goals["quote"]),
        }
    )


def targets_workbook(lang: str = "zh") -> bytes:
    """The plan's tables as one XLSX workbook, headed in ``lang`` (a ``columns`` sheet of machine keys)."""
    frames = {
        "sectors": (sector_export(lang), SECTOR_COLUMNS),
        "indicators": (indicator_export(lang), INDICATOR_COLUMNS),
        "park_goals": (goal_export(T.park_goals(), lang), GOAL_COLUMNS),
        "petrochem_goals": (goal_export(T.petrochem_goals(), lang), GOAL_COLUMNS),
    }
    named = {SHEETS[k].get(lang): v for k, v in frames.items()}
    return table_bytes(
        {n: f for n, (f, _) in named.items()},
        "xlsx",
        columns={n: c for n, (_, c) in named.items()},
        lang=lang,
    )


def sectors_csv(lang: str = "zh") -> bytes:
    """专栏10's sector targets as CSV (UTF-8 with BOM), headed in ``lang``."""
    return table_bytes(sector_export(lang), "csv", columns=SECTOR_COLUMNS, lang=lang)


def write_workbook(out: str | Path, lang: str = "zh") -> Path:
    """Write :func:`targets_workbook` to ``out`` (``.xlsx``), atomically."""
    dest = Path(out)
    if dest.suffix.lower() != ".xlsx":
        raise FileFormatError(
            f"--out must end in .xlsx, got {dest.name!r}",
            file=str(dest),
            hint="e.g. --out plan_targets.xlsx",
            message_zh=f"--out 的文件名须以 .xlsx 结尾（当前 {dest.name!r}）",
            hint_zh="例如 --out 规划目标.xlsx",
        )
    return write_atomic(dest, targets_workbook(lang), what="the workbook", what_zh="工作簿")
