"""``python -m clusters report``: write the plan's evaluation report (规划实施评估) as DOCX or PDF.

Example::

    python -m clusters report --out 评估报告.docx --lang zh --progress progress.csv

This module is the one composition root of ``clusters`` allowed to import ``layers`` (the report's writer,
:mod:`layers.report`): see the ``ignore_imports`` entry in pyproject.toml and docs/ARCHITECTURE.md. The
content is :func:`clusters.report.build_report`'s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from clusters.report import ProgressInput, build_report, load_progress, saved_scenario, store_figures
from gis.errors import AtlasError
from gis.fileio import atomic_path
from layers.report import FORMATS, render_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``report`` options."""

    def _one_line_error(message: str) -> NoReturn:
        print(f"error: {message} (see python -m clusters report --help)", file=sys.stderr)
        raise SystemExit(1)

    parser.error = _one_line_error  # type: ignore[method-assign]
    parser.add_argument("--out", required=True, help="the report file: FILE.docx (Word/WPS) or FILE.pdf")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)"
    )
    parser.add_argument(
        "--progress",
        default=None,
        help="actual figures (the progress page's template, CSV/XLSX); default: those in the user store",
    )
    parser.add_argument(
        "--valid-only",
        action="store_true",
        help="use the valid rows of --progress and list the others in the report (default: refuse the file)",
    )
    parser.add_argument(
        "--scenario",
        default=None,
        help="a park-share scenario saved on the calculator page (default: the plan's defaults)",
    )


def _format(out: str) -> str:
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise AtlasError(
            f"--out must end in .docx or .pdf, got {out!r}",
            field="out",
            hint="e.g. --out report.docx",
            message_zh=f"--out 的文件名须以 .docx 或 .pdf 结尾（当前 {out!r}）",
            hint_zh="例如 --out 评估报告.docx",
        )
    return fmt


def run(args: argparse.Namespace) -> int:
    """Build and write the report; an AtlasError goes to the dispatcher (one line, exit 1)."""
    fmt = _format(args.out)
    given: ProgressInput | None
    if args.progress:
        if not Path(args.progress).is_file():
            raise AtlasError(
                "progress file not found",
                file=args.progress,
                hint="give the path of a CSV/XLSX in the progress template",
                message_zh="找不到进度数据文件",
                hint_zh="请给出按进度模板填写的 CSV/XLSX 文件路径",
            )
        given = load_progress(args.progress, valid_only=args.valid_only)
    else:
        given = store_figures()
    scenario = saved_scenario(args.scenario) if args.scenario else None
    report = build_report(
        args.lang,
        None if given is None else given.figures,
        scenario=scenario,
        problems=None if given is None else given.problems,
        figures_from="" if given is None else given.origin,
    )
    data = render_report(report, fmt)
    with atomic_path(args.out) as tmp:
        Path(tmp).write_bytes(data)
    print(f"{args.out}: {fmt.upper()}, {len(data):,} bytes, {len(report.tables())} tables")
    return 0
