"""Scenarios: one scenario's rows, two side by side, a table of many, and their CSV / XLSX export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pandas as pd

from clusters.share.calculator import Scenario, compute
from clusters.share.checks import _err
from clusters.share.provenance import INPUT_KEYS, input_sources
from clusters.vocab import DERIVED, SCENARIO_INPUTS, SHARE_RESULTS
from gis.tabular import Column, table_bytes
from gis.text import Pair, text
from gis.vocab import UNITS


def scenario_rows(sc: Scenario) -> list[dict[str, object]]:
    """Inputs and key results of one scenario as ``item_zh, item_en, key, value`` rows."""
    res = compute(sc)
    origins = res.input_sources
    rows: list[dict[str, object]] = []
    for key, (zh, en) in SCENARIO_INPUTS.items():
        src = origins.get(key)
        rows.append(
            {
                "key": key,
                "item_zh": zh,
                "item_en": en,
                "kind": "input",
                "value": getattr(sc, key),
                "origin": "" if src is None else src.origin,
                "plan_value": None if src is None else src.plan_value,
                "source_zh": "" if src is None else src.zh,
                "source_en": "" if src is None else src.en,
            }
        )
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
    """Side-by-side table of two scenarios' inputs and results.

    Columns ``key, item_zh, item_en, <a>, <b>, differs, origin_a, origin_b, plan_value`` (``origin_*``:
    where each scenario's input comes from, "user_input" for a changed value; empty for results).
    """
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
    out["origin_a"] = [str(r.get("origin", "")) for r in ra]
    out["origin_b"] = [str(r.get("origin", "")) for r in rb]
    out["plan_value"] = pd.Series([r.get("plan_value") for r in ra], dtype=object)
    return out


def scenarios_table(scenarios: Iterable[Scenario], lang: str = "zh") -> pd.DataFrame:
    """One row per scenario: inputs, key results, and each input's source (for export).

    ``<input>_source`` says where each input comes from: the plan's source only for an unchanged value; a
    changed one reads "user input: … ; the plan's value, for reference — …". ``user_inputs`` lists them.
    """
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
                else res.reached_text(lang),
                "required_park_growth_low": res.required_park_growth_range["low"],
                "required_park_growth_high": res.required_park_growth_range["high"],
                "gap_share_points": res.gap_share_points,
                "gap_yi_yuan": res.gap_yi_yuan,
                "formula": text(lang, res.formula_zh, res.formula_en),
                "derived_note": _DERIVED_NOTE.get(lang),
            }
        )
        origins = input_sources(sc)
        changed = [SCENARIO_INPUTS[k].get(lang) for k, s in origins.items() if s.origin == "user_input"]
        row["user_inputs"] = text(lang, "；", "; ").join(changed)
        row.update({f"{k}_source": s.text(lang) for k, s in origins.items()})
        rows.append(row)
    return pd.DataFrame(rows)


_PERCENT = {"base_share", "target_share", "total_growth", "park_growth"}
_YI_DERIVED = Pair(f"{UNITS['亿元'].zh}，{DERIVED.zh}", f"{UNITS['亿元'].en}, {DERIVED.en}")
_DERIVED_NOTE = Pair("结果均由输入推算", "the results are derived from the inputs")
#: The columns of each scenario's year-by-year sheet (:func:`clusters.share.calculator.share_path`).
PATH_COLUMNS: tuple[Column, ...] = (
    Column("year", Pair("年份", "Year")),
    Column("share", Pair("园区产值占比（推算）", "Park share of output (derived)"), kind="percent"),
    Column(
        "ratio_to_base",
        Pair("占比相对基期倍数（推算）", "Share relative to the base year (derived)"),
        kind="number",
    ),
    Column("total_output", Pair("全省工业总产值", "Provincial industrial output"), _YI_DERIVED, "number"),
    Column("park_output", Pair("园区总产值", "Park output"), _YI_DERIVED, "number"),
)
_RESULTS = {
    "base_share_used": SHARE_RESULTS["base_share"],
    "required_park_growth": SHARE_RESULTS["required_park_growth"],
    "required_park_growth_low": Pair("所需园区年均增速下限", "required park growth, low"),
    "required_park_growth_high": Pair("所需园区年均增速上限", "required park growth, high"),
    "park_growth_used": SHARE_RESULTS["park_growth_used"],
    "target_year_share": SHARE_RESULTS["target_year_share"],
}


def _derived(label: Pair) -> Pair:
    """A result's label marked derived: ``目标年缺口（百分点，推算）``, ``gap … (share points, derived)``."""
    zh = label.zh[:-1] + f"，{DERIVED.zh}）" if label.zh.endswith("）") else f"{label.zh}（{DERIVED.zh}）"
    en = label.en[:-1] + f", {DERIVED.en})" if label.en.endswith(")") else f"{label.en} ({DERIVED.en})"
    return Pair(zh, en)


def scenario_columns() -> tuple[Column, ...]:
    """Headers of the scenario export (:func:`gis.tabular.table_bytes`): labels in the UI language with
    units, shares and growth as percent numbers, each input's source in its own column; results marked
    derived."""
    cols = []
    for key, label in SCENARIO_INPUTS.items():
        # the output inputs' labels carry their unit (亿元) already
        kind = "percent" if key in _PERCENT else ("number" if "output" in key else "text")
        cols.append(Column(key, label, kind=kind))  # type: ignore[arg-type]
    cols.append(Column("base_share_from", Pair("基期占比出处", "base share from")))
    for key, label in _RESULTS.items():
        cols.append(Column(key, _derived(label), kind="percent"))
    for key in ("year_target_reached", "gap_share_points", "gap_yi_yuan"):
        label = SHARE_RESULTS[key]
        kind = "text" if key == "year_target_reached" else "number"  # a year is not 2,020.00
        cols.append(Column(key, _derived(label), kind=kind))  # type: ignore[arg-type]
    cols.append(Column("formula", Pair("公式", "formula")))
    cols.append(Column("derived_note", Pair("说明", "note")))
    cols.append(Column("user_inputs", Pair("用户改动的输入", "inputs the user changed")))
    for key in INPUT_KEYS:
        label = SCENARIO_INPUTS[key]
        cols.append(Column(f"{key}_source", Pair(f"{label.zh}：来源", f"{label.en}: source"), kind="source"))
    return tuple(cols)


def to_csv_bytes(df: pd.DataFrame, lang: str = "zh") -> bytes:
    """CSV (UTF-8 with BOM) with headers in ``lang``: :func:`gis.tabular.table_bytes`."""
    return table_bytes(df, "csv", columns=scenario_columns(), lang=lang)


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame], lang: str = "zh") -> bytes:
    """XLSX workbook (the ``scenarios`` sheet and each scenario's year-by-year sheet headed in ``lang``, plus
    a ``columns`` sheet of machine keys): :func:`gis.tabular.table_bytes`."""
    specs = {name: (scenario_columns() if name == "scenarios" else PATH_COLUMNS) for name in sheets}
    return table_bytes(sheets, "xlsx", columns=specs, lang=lang)


def export_scenarios(scenarios: Sequence[Scenario], fmt: str = "csv", lang: str = "zh") -> bytes:
    """Export scenarios (inputs, results, year-by-year paths) as CSV (UTF-8 BOM) or XLSX bytes, headed in
    ``lang``."""
    table = scenarios_table(scenarios, lang)
    if fmt == "csv":
        return to_csv_bytes(table, lang)
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
    return to_xlsx_bytes(sheets, lang)


def scenario_record(sc: Scenario) -> dict[str, object]:
    """A scenario as saved (user store, session): its inputs and, under ``sources``, each input's origin.

    A changed value is kept as "user input" with the plan's value beside it, never with the plan's source;
    :meth:`Scenario.from_dict` ignores ``sources`` when the scenario is read back.
    """
    return {**sc.to_dict(), "sources": {k: v.to_dict() for k, v in input_sources(sc).items()}}


def with_changes(sc: Scenario, **changes: object) -> Scenario:
    """Copy of a scenario with some inputs changed."""
    return replace(sc, **changes)  # type: ignore[arg-type]
