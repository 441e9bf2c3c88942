"""Scenarios: one scenario's rows, two side by side, a table of many, and their CSV / XLSX export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pandas as pd

from clusters.share.calculator import Scenario, compute
from clusters.share.checks import _err
from clusters.share.defaults import DEFAULT_SOURCES
from clusters.vocab import SCENARIO_INPUTS, SHARE_RESULTS
from gis.tabular import table_bytes

#: Inputs the user typed (the comparison marks them "input"); the others are plan defaults or settings.
_TYPED_INPUTS = ("base_share", "park_growth")


def scenario_rows(sc: Scenario) -> list[dict[str, object]]:
    """Inputs and key results of one scenario as ``item_zh, item_en, key, value`` rows."""
    res = compute(sc)
    rows: list[dict[str, object]] = []
    for key, pair in SCENARIO_INPUTS.items():
        zh, en = pair
        if key in _TYPED_INPUTS:
            zh, en = f"{zh}（输入）", f"{en} (input)"
        rows.append({"key": key, "item_zh": zh, "item_en": en, "kind": "input", "value": getattr(sc, key)})
    data = res.to_dict()
    for key, (zh, en) in SHARE_RESULTS.items():
        rows.append(
            {
                "key": "result." + key,
                "item_zh": zh,
                "item_en": en,
                "kind": "result (DERIVED / 推算)",
                "value": data[key],
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
