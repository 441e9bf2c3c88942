"""``python -m clusters share``: the park-share (75 %) calculator on the command line.

Example::

    python -m clusters share --total-growth 0.08 --json
"""

from __future__ import annotations

import argparse
import json
import sys

from clusters.share import DEFAULT_SOURCES, Scenario, compute


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

    def _one_line_error(message: str) -> None:
        print(f"error: {message} (see python -m clusters share --help)", file=sys.stderr)
        raise SystemExit(1)

    parser.error = _one_line_error  # type: ignore[method-assign]
    parser.add_argument(
        "--base-share",
        type=_float,
        default=None,
        help=_h(f"base-year park share as a fraction (default 0.60 — {src['base_share']['en']})"),
    )
    parser.add_argument(
        "--target-share",
        type=_float,
        default=0.75,
        help=_h(f"target share (default 0.75 — {src['target_share']['en']})"),
    )
    parser.add_argument(
        "--base-year", type=int, default=2015, help=_h(f"base year (default {src['base_year']['en']})")
    )
    parser.add_argument(
        "--target-year", type=int, default=2020, help=_h(f"target year (default {src['target_year']['en']})")
    )
    parser.add_argument(
        "--total-growth",
        type=_float,
        default=0.085,
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
            "base-year provincial industrial output in 亿元 (with --base-park-output, instead of"
            " --base-share)"
        ),
    )
    parser.add_argument(
        "--base-park-output", type=_float, default=None, help=_h("base-year park output in 亿元")
    )
    parser.add_argument(
        "--horizon",
        type=int,
        default=30,
        help=_h("years to search for the first year the target is reached (default 30)"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_h("print JSON (keys documented in docs/share.md)")
    )


def _scenario(args: argparse.Namespace) -> Scenario:
    base_share = args.base_share
    if base_share is None and args.base_total_output is None and args.base_park_output is None:
        base_share = 0.60
    return Scenario(
        name="cli",
        base_year=args.base_year,
        base_share=base_share,
        target_share=args.target_share,
        target_year=args.target_year,
        total_growth=args.total_growth,
        park_growth=args.park_growth,
        base_total_output=args.base_total_output,
        base_park_output=args.base_park_output,
        horizon=args.horizon,
    )


def _table(data: dict[str, object]) -> str:
    lines = []
    sc = data["scenario"]
    assert isinstance(sc, dict)
    lines.append("园区产值占比测算 / park-share calculator")
    lines.append(f"  基期 base      {sc['base_year']}: share {float(data['base_share']):.2%}")  # type: ignore[arg-type]
    lines.append(f"  目标 target    {sc['target_year']}: share {float(sc['target_share']):.2%}")
    lines.append(f"  全省增速 total growth  {float(sc['total_growth']):.2%} a year")
    lines.append(
        f"  所需园区增速 required park growth  {float(data['required_park_growth']):.2%} a year (DERIVED / 推算)"
    )  # type: ignore[arg-type]
    formula = data["formula"]
    assert isinstance(formula, dict)
    lines.append(f"  {formula['en']}")
    used = "required" if data["park_growth_is_required"] else "given"
    lines.append(f"  园区增速 park growth used ({used})  {float(data['park_growth_used']):.2%} a year")  # type: ignore[arg-type]
    text = data["year_target_reached_text"]
    assert isinstance(text, dict)
    lines.append(f"  首次达到 first reached: {text['en']} / {text['zh']}")
    lines.append(
        f"  目标年缺口 gap in {sc['target_year']}: {float(data['gap_share_points']):.2f} share points"
    )  # type: ignore[arg-type]
    if data.get("gap_yi_yuan") is not None:
        lines.append(f"  目标年缺口 gap in {sc['target_year']}: {float(data['gap_yi_yuan']):,.1f} 亿元")  # type: ignore[arg-type]
    lines.append("")
    rows = data["share_by_year"]
    assert isinstance(rows, list)
    has_abs = bool(rows) and "total_output" in rows[0]
    head = "  year   share" + ("   total_output   park_output" if has_abs else "")
    lines.append(head)
    for row in rows:
        line = f"  {row['year']}  {row['share']:.2%}"
        if has_abs:
            line += f"   {row['total_output']:12,.1f}  {row['park_output']:12,.1f}"
        lines.append(line)
    for warning in data.get("warnings") or []:  # type: ignore[union-attr]
        lines.append(f"  ! {warning}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute and print; CalculationError propagates to the dispatcher (one line, exit 1)."""
    result = compute(_scenario(args))
    data = result.to_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_table(data))
    sys.stdout.flush()
    return 0
