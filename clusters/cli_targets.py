"""``python -m clusters targets [--json]``: the plan's sector targets, indicators and goals, with sources.

Thin: the data come from :func:`clusters.targets.plan_tables`; this module prints them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from clusters import targets
from clusters.targets_export import write_workbook
from gis.errors import AtlasError
from gis.text import normalize_lang


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``targets``."""
    parser.add_argument(
        "--json", action="store_true", help="print JSON (UTF-8, Chinese unescaped) instead of a table"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the table headings")
    parser.add_argument(
        "--out",
        default=None,
        help="also write the plan's tables as FILE.xlsx (a sheet each, headed in --lang)",
    )


def collect() -> dict[str, object]:
    """Everything the command prints, as plain Python data (:func:`clusters.targets.plan_tables`)."""
    return targets.plan_tables()


def _fmt(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _table(rows: list[dict], cols: list[tuple[str, str]]) -> str:
    head = [h for _, h in cols]
    body = [[_fmt(r.get(k)) for k, _ in cols] for r in rows]
    widths = [max(_width(x) for x in col) for col in zip(head, *body, strict=False)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=False)) for row in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def run(args: argparse.Namespace) -> int:
    """Print the targets as JSON or as readable tables."""
    data: dict[str, Any] = collect()
    if args.out:
        try:
            write_workbook(args.out, normalize_lang(args.lang))
        except AtlasError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    lang = normalize_lang(args.lang)
    name = f"name_{lang}"
    print(data["plan"][f"title_{lang}"])
    print("\n== 专栏10 sector targets for 2020 (100 million yuan, 亿元); 2015 columns are DERIVED ==")
    print(
        _table(
            data["sector_targets"],
            [
                ("no", "#"),
                (f"sector_{lang}", "sector"),
                ("output_2020", "output 2020"),
                ("output_cagr_pct", "growth %"),
                ("va_2020", "VA 2020"),
                ("va_cagr_pct", "VA growth %"),
                ("output_2015_DERIVED", "output 2015 (derived)"),
                ("source", "source"),
            ],
        )
    )
    print("\n== 专栏1 indicators ==")
    print(
        _table(
            data["indicators"],
            [
                ("no", "#"),
                (name, "indicator"),
                ("unit", "unit"),
                ("target_text", "2020 target"),
                ("target_type", "type"),
                ("baseline_2015_value", "2015"),
                ("source", "source"),
            ],
        )
    )
    print("\n== Park goals (第三章七) ==")
    print(
        _table(
            data["park_goals"],
            [
                (name, "goal"),
                ("comparator", ""),
                ("value", "2020"),
                ("unit", "unit"),
                ("baseline_2015", "2015"),
                ("source", "source"),
            ],
        )
    )
    print("\n== Petrochemical goals (第四章一（一）) ==")
    print(
        _table(
            data["petrochem_goals"],
            [
                (name, "goal"),
                ("value", "value"),
                ("unit", "unit"),
                ("year", "year"),
                ("source", "source"),
            ],
        )
    )
    return 0
