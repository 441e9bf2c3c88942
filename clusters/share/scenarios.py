"""Scenarios: one scenario's rows, two side by side, a table of many, and their CSV / XLSX export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pandas as pd

from clusters.share.calculator import Scenario, compute
from clusters.share.checks import _err
from clusters.share.defaults import DEFAULT_SOURCES
from gis.tabular import table_bytes

_RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("base_share", "基期占比", "base share"),
    ("required_park_growth", "所需园区年均增速", "required park growth a year"),
    ("park_growth_used", "采用的园区年均增速", "park growth used"),
    ("target_year_share", "目标年占比", "share in the target year"),
    ("year_target_reached", "首次达到目标年份", "first year target reached"),
    ("gap_share_points", "目标年缺口（百分点）", "gap in the target year (share points)"),
    ("gap_yi_yuan", "目标年缺口（亿元）", "gap in the target year (亿元)"),
)


def scenario_rows(sc: Scenario) -> list[dict[str, object]]:
    """Inputs and key results of one scenario as ``item_zh, item_en, key, value`` rows."""
    res = compute(sc)
    labels = {
        "name": ("情景名称", "scenario name"),
        "base_year": ("基期年", "base year"),
        "base_share": ("基期占比（输入）", "base share (input)"),
        "target_share": ("目标占比", "target share"),
        "target_year": ("目标年", "target year"),
        "total_growth": ("全省工业总产值年均增速", "total output growth a year"),
        "park_growth": ("园区产值年均增速（输入）", "park growth a year (input)"),
        "base_total_output": ("基期全省工业总产值（亿元）", "base total output (亿元)"),
        "base_park_output": ("基期园区总产值（亿元）", "base park output (亿元)"),
        "horizon": ("搜索年限", "years searched"),
    }
    rows: list[dict[str, object]] = []
    for key, (zh, en) in labels.items():
        rows.append({"key": key, "item_zh": zh, "item_en": en, "kind": "input", "value": getattr(sc, key)})
    data = res.to_dict()
    for key, zh, en in _RESULT_ROWS:
        key_data = "base_share" if key == "base_share" else key
        rows.append(
            {
                "key": "result." + key,
                "item_zh": zh,
                "item_en": en,
                "kind": "result (DERIVED / 推算)",
                "value": data[key_data],
            }
        )
    rows.append(
        {
            "key": "result.formula",
            "item_zh": "公式",
            "item_en": "formula",
            "kind": "result (DERIVED / 推算)",
            "value": res.formula_zh + " | " + res.formula_en,
        }
    )
    return rows


def compare_scenarios(a: Scenario, b: Scenario) -> pd.DataFrame:
    """Side-by-side table of two scenarios' inputs and results (columns ``item_zh, item_en, <a>, <b>``)."""
    ra, rb = scenario_rows(a), scenario_rows(b)
    name_a, name_b = a.name or "A", b.name or "B"
    if name_b == name_a:
        name_b = f"{name_b} (2)"
    out = pd.DataFrame(
        {
            "key": [r["key"] for r in ra],
            "item_zh": [r["item_zh"] for r in ra],
            "item_en": [r["item_en"] for r in ra],
            name_a: [r["value"] for r in ra],
            name_b: [r["value"] for r in rb],
        }
    )
    out["differs"] = [str(x) != str(y) for x, y in zip(out[name_a], out[name_b], strict=True)]
    return out


def scenarios_table(scenarios: Iterable[Scenario]) -> pd.DataFrame:
    """One row per scenario: inputs, key results and the default sources (for export)."""
    rows = []
    for sc in scenarios:
        res = compute(sc)
        row: dict[str, object] = sc.to_dict()
        row.update(
            {
                "base_share_used": res.base_share,
                "required_park_growth": res.required_park_growth,
                "park_growth_used": res.park_growth_used,
                "target_year_share": res.target_year_share,
                "year_target_reached": res.year_target_reached
                if res.year_target_reached is not None
                else res.reached_text("en"),
                "gap_share_points": res.gap_share_points,
                "gap_yi_yuan": res.gap_yi_yuan,
                "formula": res.formula_en,
                "derived_note": "results are DERIVED / 推算 from the inputs",
                "sources": "; ".join(f"{k}: {v['en']}" for k, v in DEFAULT_SOURCES.items()),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV encoded as UTF-8 with BOM (Excel then reads Chinese correctly): :func:`gis.tabular.table_bytes`."""
    return table_bytes(df, "csv")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """XLSX workbook (one sheet per item; names cut to 31 characters): :func:`gis.tabular.table_bytes`."""
    return table_bytes(sheets, "xlsx")


def export_scenarios(scenarios: Sequence[Scenario], fmt: str = "csv") -> bytes:
    """Export scenarios (inputs, results, year-by-year paths) as CSV (UTF-8 BOM) or XLSX bytes."""
    table = scenarios_table(scenarios)
    if fmt == "csv":
        return to_csv_bytes(table)
    if fmt != "xlsx":
        raise _err(
            "导出格式只能是 csv 或 xlsx",
            f"export format must be csv or xlsx, got {fmt!r}",
            field_name="fmt",
            hint="use fmt='csv' or fmt='xlsx'",
            hint_zh="请选择 csv 或 xlsx",
        )
    sheets = {"scenarios": table}
    for i, sc in enumerate(scenarios, 1):
        path = compute(sc).path.copy()
        safe = re.sub(r"[\[\]:*?/\\]", "_", sc.name)
        sheets[f"{i}_{safe}"[:31]] = path
    return to_xlsx_bytes(sheets)


def with_changes(sc: Scenario, **changes: object) -> Scenario:
    """Copy of a scenario with some inputs changed."""
    return replace(sc, **changes)  # type: ignore[arg-type]
