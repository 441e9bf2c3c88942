"""``python -m clusters share``: the park-share (75 %) calculator on the command line.

Example::

    python -m clusters share --total-growth 0.08 --json

Thin: parse the options, :func:`clusters.share.plan_scenario` + :func:`clusters.share.compute`, print.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from clusters.share import (
    BASE_SHARE,
    BASE_YEAR,
    DEFAULT_HORIZON,
    DEFAULT_SOURCES,
    TARGET_SHARE,
    TARGET_YEAR,
    TOTAL_GROWTH,
    Scenario,
    ShareResult,
    compute,
    plan_scenario,
)


def _float(text: str) -> float:
    """Accept ``0.085`` or ``8.5%``; reject anything else with argparse's own message."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            return float(raw[:-1]) / 100.0
        return float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r} (use 0.085 or 8.5%)") from None


def _h(text: str) -> str:
    """Help text safe for argparse (which treats ``%`` as a format character)."""
    return text.replace("%", "%%")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``share`` options (defaults are the plan's, with their sources in ``--help``)."""
    src = DEFAULT_SOURCES

    def _one_line_error(message: str) -> NoReturn:
        print(f"error: {message} (see python -m clusters share --help)", file=sys.stderr)
        raise SystemExit(1)

    parser.error = _one_line_error  # type: ignore[method-assign]
    parser.add_argument(
        "--base-share",
        type=_float,
        default=None,
        help=_h(f"base-year park share as a fraction (default {BASE_SHARE:.2f} — {src['base_share']['en']})"),
    )
    parser.add_argument(
        "--target-share",
        type=_float,
        default=TARGET_SHARE,
        help=_h(f"target share (default {TARGET_SHARE:.2f} — {src['target_share']['en']})"),
    )
    parser.add_argument(
        "--base-year", type=int, default=BASE_YEAR, help=_h(f"base year (default {src['base_year']['en']})")
    )
    parser.add_argument(
        "--target-year",
        type=int,
        default=TARGET_YEAR,
        help=_h(f"target year (default {src['target_year']['en']})"),
    )
    parser.add_argument(
        "--total-growth",
        type=_float,
        default=TOTAL_GROWTH,
        help=_h(f"annual growth of total industrial output (default {src['total_growth']['en']})"),
    )
    parser.add_argument(
        "--park-growth",
        type=_float,
        default=None,
        help=_h("annual growth of park output; when omitted the required growth is used"),
    )
    parser.add_argument(
        "--base-total-output",
        type=_float,
        default=None,
        help=_h(
            "base-year provincial industrial output in 100 million yuan (亿元) (with --base-park-output,"
            " instead of --base-share)"
        ),
    )
    parser.add_argument(
        "--base-park-output", type=_float, default=None, help=_h("base-year park output in 亿元")
    )
    parser.add_argument(
        "--horizon",
        type=int,
        default=DEFAULT_HORIZON,
        help=_h(f"years to search for the first year the target is reached (default {DEFAULT_HORIZON})"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_h("print JSON (keys documented in docs/share.md)")
    )


def _scenario(args: argparse.Namespace) -> Scenario:
    return plan_scenario(
        "cli",
        base_year=args.base_year,
        base_share=args.base_share,
        target_share=args.target_share,
        target_year=args.target_year,
        total_growth=args.total_growth,
        park_growth=args.park_growth,
        base_total_output=args.base_total_output,
        base_park_output=args.base_park_output,
        horizon=args.horizon,
    )


def _table(res: ShareResult) -> str:
    sc = res.scenario
    lines = [
        "园区产值占比测算 / park-share calculator",
        f"  基期 base      {sc.base_year}: share {res.base_share:.2%}",
        f"  目标 target    {sc.target_year}: share {sc.target_share:.2%}",
        f"  全省增速 total growth  {sc.total_growth:.2%} a year",
        f"  所需园区增速 required park growth  {res.required_park_growth:.1%} a year (DERIVED / 推算)",
        f"  {_range_line(res)}",
        f"  {res.formula_en}",
        f"  园区增速 park growth used ({'required' if res.park_growth_is_required else 'given'})  "
        f"{res.park_growth_used:.2%} a year",
        f"  首次达到 first reached: {res.reached_text('en')} / {res.reached_text('zh')}",
        f"  目标年缺口 gap in {sc.target_year}: {res.gap_share_points:.2f} share points",
    ]
    if res.gap_yi_yuan is not None:
        lines.append(f"  目标年缺口 gap in {sc.target_year}: {res.gap_yi_yuan:,.1f} 亿元")
    lines.append("")
    has_abs = "total_output" in res.path.columns
    lines.append("  year   share" + ("   total_output   park_output" if has_abs else ""))
    for row in res.path.to_dict("records"):
        line = f"  {int(row['year'])}  {row['share']:.2%}"
        if has_abs:
            line += f"   {row['total_output']:12,.1f}  {row['park_output']:12,.1f}"
        lines.append(line)
    lines.extend(f"  ! {warning}" for warning in res.warnings)
    lines.append("")
    lines.append("  来源 sources:")
    for key, src in res.input_sources.items():
        lines.append(f"  {key}: {src.zh} / {src.en}")
    return "\n".join(lines)


def _range_line(res: ShareResult) -> str:
    """The required growth's range implied by the plan's vague figures (近60%, 8.5%左右)."""
    rng = res.required_park_growth_range
    varied = rng.get("varied") or {}
    words = ", ".join(f"{v['plan_words']} → {v['low']:.0%}–{v['high']:.0%}" for v in varied.values())
    basis = f"from {words}" if words else "no vague plan figure among the inputs"
    return f"范围 range {rng['low']:.1%}–{rng['high']:.1%} ({basis})"


def run(args: argparse.Namespace) -> int:
    """Compute and print; CalculationError propagates to the dispatcher (one line, exit 1)."""
    result = compute(_scenario(args))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_table(result))
    sys.stdout.flush()
    return 0
