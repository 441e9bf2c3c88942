"""The report's inputs: actual figures from a ``--progress`` file or the user store, and a saved scenario.

A file with problems is refused with the first problem (file, row, column) unless ``valid_only``: then its
valid rows are used and the others are listed in the report, so nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clusters import progress as P
from clusters import share
from gis import store
from gis.errors import AtlasError, DataValidationError
from gis.parks import parks_in_force


@dataclass
class ProgressInput:
    """Figures for the report (``UploadCheck.valid`` layout, ``source_file``), their origin, the problems."""

    figures: pd.DataFrame
    origin: str  # the file name, or "user store"
    problems: pd.DataFrame


def load_progress(path: str | Path, *, valid_only: bool = False) -> ProgressInput:
    """Read and check a progress file (the progress page's template: CSV/XLSX, UTF-8 or GBK).

    Raises
    ------
    AtlasError
        The file cannot be read, or it has problems and ``valid_only`` is false (the first problem named
        by row and column), or no row is usable.
    """
    name = Path(path).name
    check = P.read_upload(Path(path), name=name, catalogue=P.target_catalogue(parks_in_force()))
    if not check.clean and not valid_only:
        first = check.problems.iloc[0]
        row = None if pd.isna(first["row"]) else int(first["row"])
        more = len(check.problems) - 1
        tail = f" (and {more} more)" if more else ""
        tail_zh = f"（另有 {more} 处）" if more else ""
        raise DataValidationError(
            f"{first['problem_en']}: {first['value']!s}{tail}",
            file=name,
            feature=row,
            field=None if pd.isna(first["column"]) else str(first["column"]),
            hint="fix the file, or pass --valid-only to report the valid rows and list the others",
            message_zh=f"{first['problem_zh']}：{first['value']!s}{tail_zh}",
            hint_zh="修正文件，或加 --valid-only 只采用有效行（其余行在报告中列出）",
        )
    if check.valid.empty:
        raise DataValidationError(
            "no usable row of actual figures",
            file=name,
            hint="fill name, year and value (亿元) as in the progress template",
            message_zh="没有可用的实际数据行",
            hint_zh="按进度模板填写 名称、年份、数值（亿元）",
        )
    return ProgressInput(check.valid.assign(source_file=name), name, check.problems)


def store_figures() -> ProgressInput | None:
    """The figures accepted on the progress page (the user store), or ``None`` when there are none."""
    figures = P.from_store_rows(store.load_figures())
    if figures.empty:
        return None
    return ProgressInput(figures, "user store / 用户数据库", pd.DataFrame(columns=P.PROBLEM_COLUMNS))


def _saved() -> dict[str, dict]:
    return {k: v for k, v in store.load_scenarios().items() if v.get("kind") == "park_share"}


def saved_scenario_names() -> list[str]:
    """Names of the park-share scenarios saved on the calculator page (none when the store is unreadable)."""
    try:
        return list(_saved())
    except (AtlasError, OSError):
        return []


def saved_scenario(name: str) -> share.Scenario:
    """A park-share scenario saved on the calculator page (the user store), by name."""
    found = _saved()
    if name not in found:
        known = ", ".join(found) or "none saved"
        raise AtlasError(
            f"no saved scenario named {name!r} (saved: {known})",
            field="scenario",
            hint="save it on the calculator page first, or leave --scenario out for the plan's defaults",
            message_zh=f"没有名为“{name}”的已保存情景（已保存：{known}）",
            hint_zh="先在测算页保存情景，或不加 --scenario 使用规划默认值",
        )
    return share.Scenario.from_dict(found[name])
