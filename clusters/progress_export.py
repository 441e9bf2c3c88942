"""The progress comparison as a download (CSV / XLSX): one language, human headers with units, shares as
percent numbers, each source in its own column (:func:`gis.tabular.table_bytes`).

The table on screen is :func:`clusters.progress_view.comparison_table`; this is the same comparison with
numbers kept as numbers (``pct_of_path`` 0.953 written as 95.3 %), so a spreadsheet can sort and sum them.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from clusters.goals import place_en
from clusters.vocab import DERIVED, measure_label, status_label, target_kind_label
from gis.tabular import Column, table_bytes
from gis.text import Pair, field, text
from gis.vocab import UNITS

_YI = UNITS["亿元"]
_YI_DERIVED = Pair(f"{_YI.zh}，{DERIVED.zh}", f"{_YI.en}, {DERIVED.en}")
#: The columns of the comparison download, in order.
COMPARISON_COLUMNS: tuple[Column, ...] = (
    Column("kind", Pair("类型", "Kind")),
    Column("name", Pair("名称", "Name")),
    Column("measure", Pair("指标", "Measure")),
    Column("year", Pair("年份", "Year")),
    Column("actual", Pair("实际值", "Actual value"), _YI, "number"),
    Column("path_value", Pair("规划路径值", "Value on the plan's path"), _YI_DERIVED, "number"),
    Column(
        "pct_of_path",
        Pair("实际值占路径值（推算）", "Actual as a share of the path (derived)"),
        kind="percent",
    ),
    Column("target_value", Pair("2020年目标", "2020 target"), _YI, "number"),
    Column(
        "pct_of_target",
        Pair("实际值占目标（推算）", "Actual as a share of the target (derived)"),
        kind="percent",
    ),
    Column("status", Pair("状态", "Status")),
    Column(
        "growth_needed", Pair("仍需年均增速（推算）", "Growth a year still needed (derived)"), kind="percent"
    ),
    Column("path_growth", Pair("规划路径年均增速", "Growth a year of the plan's path"), kind="percent"),
    Column("target_source", Pair("目标来源", "Source of the target"), kind="source"),
    Column("actual_source", Pair("实际值来源", "Source of the actual value"), kind="source"),
    Column("actual_note", Pair("备注", "Note")),
)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def comparison_export(cmp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The comparison (:func:`clusters.progress.compare`) for download in ``lang`` (machine keys as
    columns, headed by :data:`COMPARISON_COLUMNS`)."""
    recs = cmp.to_dict("records")
    return pd.DataFrame(
        {
            "kind": [target_kind_label(r["kind"], lang) for r in recs],
            "name": [field(r, "name", lang) for r in recs],
            "measure": [measure_label(r["measure"], lang) for r in recs],
            "year": [int(r["year"]) for r in recs],
            "actual": cmp["actual"].astype(float).to_numpy(),
            "path_value": cmp["path_value"].astype(float).to_numpy(),
            "pct_of_path": (cmp["pct_of_path"].astype(float) / 100.0).to_numpy(),
            "target_value": cmp["target_value"].astype(float).to_numpy(),
            "pct_of_target": (cmp["pct_of_target"].astype(float) / 100.0).to_numpy(),
            "status": [status_label(r["status"], lang) for r in recs],
            "growth_needed": cmp["growth_needed"].astype(float).to_numpy(),
            "path_growth": cmp["path_growth"].astype(float).to_numpy(),
            "target_source": [
                text(lang, _text(r["target_source"]), place_en(_text(r["target_source"]))) for r in recs
            ],
            "actual_source": [_text(r.get("actual_source")) for r in recs],
            "actual_note": [_text(r.get("actual_note")) for r in recs],
        },
        columns=[c.key for c in COMPARISON_COLUMNS],
    )


def comparison_bytes(cmp: pd.DataFrame, fmt: Literal["csv", "xlsx"] = "csv", lang: str = "zh") -> bytes:
    """The comparison download as CSV (UTF-8 with BOM) or XLSX, headed in ``lang``."""
    return table_bytes(
        comparison_export(cmp, lang),
        fmt,
        columns=COMPARISON_COLUMNS,
        lang=lang,
        sheet_name=text(lang, "进度对比", "progress"),
    )
