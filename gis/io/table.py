"""CSV / XLSX tables with lon/lat columns read as points."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from shapely.geometry import (
    Point,
)

from gis.errors import (
    FileFormatError,
    FileTooLargeError,
)
from gis.import_vocab import IMPORT_STAGES
from gis.io.result import _Raw
from gis.jobs import Progress, part, step, ticker
from gis.settings import MAX_FEATURES
from gis.tabular import COLUMN_ALIASES, find_column, parse_coordinate, read_table
from gis.validate import Report

# ---------------------------------------------------------------- tables with lon/lat


def _rehead(df: pd.DataFrame, report: Report) -> tuple[pd.DataFrame, int]:
    """Find a header row below merged header cells; return the table and the number of extra header rows."""
    lon_alias = COLUMN_ALIASES["lon"]
    lat_alias = COLUMN_ALIASES["lat"]
    for r in range(min(5, len(df))):
        row = [
            str(v).strip() if not (isinstance(v, float) and np.isnan(v)) else "" for v in df.iloc[r].tolist()
        ]
        probe = pd.DataFrame(columns=[v or f"_c{i}" for i, v in enumerate(row)])
        if find_column(probe, lon_alias) and find_column(probe, lat_alias):
            top = [str(c) for c in df.columns]
            names = []
            for i, v in enumerate(row):
                upper = "" if top[i].startswith("Unnamed") else top[i]
                names.append(v or upper or f"column_{i + 1}")
            out = df.iloc[r + 1 :].reset_index(drop=True)
            out.columns = names
            report.add(
                "change",
                "header_row",
                f"header found on spreadsheet row {r + 2} (merged or multi-row header)",
                f"表头位于第 {r + 2} 行（合并单元格或多行表头）",
            )
            return out, r + 1
    return df, 0


#: Share of the reading stage for parsing the table (the rest: one point per row).
_PARSE_SHARE = 0.4


def _read_table(data: bytes, fname: str, report: Report, fmt: str, progress: Progress | None = None) -> _Raw:
    """Points from a table's lon/lat columns; ``progress`` gets the reading stage (parse, then the rows)."""
    step(progress, IMPORT_STAGES["read"], 0.0)
    suffix = Path(fname).suffix.lower()
    ok_suffixes = (".xlsx", ".xlsm") if fmt == "xlsx" else (".csv", ".txt", ".tsv")
    name = fname if suffix in ok_suffixes else f"{Path(fname).stem}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    df = read_table(data, name=name)
    step(progress, IMPORT_STAGES["read"], _PARSE_SHARE)
    if df.attrs.get("encoding"):
        report.add(
            "info", "encoding", f"text encoding {df.attrs['encoding']}", f"文本编码 {df.attrs['encoding']}"
        )
    extra = 0
    lon_col = find_column(df, COLUMN_ALIASES["lon"])
    lat_col = find_column(df, COLUMN_ALIASES["lat"])
    if lon_col is None or lat_col is None:
        df, extra = _rehead(df, report)
        lon_col = find_column(df, COLUMN_ALIASES["lon"])
        lat_col = find_column(df, COLUMN_ALIASES["lat"])
    if lon_col is None or lat_col is None:
        missing = "lon/经度" if lon_col is None else "lat/纬度"
        raise FileFormatError(
            f"no {missing} column (columns: {', '.join(map(str, df.columns[:12]))})",
            file=fname,
            field=missing,
            hint="name the columns 经度 and 纬度 (or lon and lat), one row per place",
            message_zh=f"没有 {missing} 列（现有列：{'、'.join(map(str, df.columns[:12]))}）",
            hint_zh="把列命名为“经度”和“纬度”（或 lon 和 lat），每个地点一行",
        )
    if len(df) == 0:
        raise FileFormatError(
            "the table has a header but no rows",
            file=fname,
            hint="add one row per place",
            message_zh="表格只有表头，没有数据行",
            hint_zh="每个地点添加一行",
        )
    if len(df) > MAX_FEATURES:
        raise FileTooLargeError(
            f"{len(df):,} rows exceed the limit of {MAX_FEATURES:,}",
            file=fname,
            hint="split the table",
            message_zh=f"{len(df):,} 行超过上限 {MAX_FEATURES:,}",
            hint_zh="拆分表格",
        )
    geoms: list[Any] = []
    labels: list[int | str] = []
    tick = ticker(part(progress, _PARSE_SHARE, 1.0), IMPORT_STAGES["read"], len(df))
    for i, (x, y) in enumerate(zip(df[lon_col].tolist(), df[lat_col].tolist(), strict=True)):
        tick(i)
        row_no = i + 2 + extra
        labels.append(row_no)
        vals = []
        for col, v in ((lon_col, x), (lat_col, y)):
            f = parse_coordinate(v)
            if not math.isfinite(f):
                report.add(
                    "error",
                    "bad_coordinate",
                    f"'{str(v)[:30]}' is not a number; row skipped",
                    f"“{str(v)[:30]}”不是数字，已跳过该行",
                    feature=row_no,
                    field=col,
                )
            vals.append(f)
        geoms.append(Point(vals) if all(math.isfinite(v) for v in vals) else None)
    attrs = df.reset_index(drop=True)
    return _Raw(attrs, geoms, labels, None, "columns", encoding=df.attrs.get("encoding"))
