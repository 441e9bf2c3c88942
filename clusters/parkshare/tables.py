"""The park-share result tables as downloads: one language per file, headers a person reads.

:func:`table_in` turns a result table into the table of one language, with its cells as the page shows
them (:func:`gis.shown.readable`: city and county names in English in an English file, the position quality
as its label) and the bad rows' problem in that language only. :func:`download_bytes` writes it with its
column specs (:func:`gis.export_columns.columns_for`: units, percent shares, sources in their own column).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from gis.errors import FileFormatError
from gis.export_columns import columns_for
from gis.fileio import write_atomic
from gis.shown import readable
from gis.tabular import table_bytes
from gis.text import Pair

#: The result tables offered for download, with their labels (the XLSX sheet names).
DOWNLOADS: dict[str, Pair] = {
    "by_city": Pair("各市", "Cities"),
    "by_park": Pair("各园区", "Parks"),
    "by_sector": Pair("各行业", "Sectors"),
    "outside": Pair("园区外企业", "Outside firms"),
    "bad_rows": Pair("问题行", "Bad rows"),
}

if TYPE_CHECKING:  # the result type only: result.py calls this module
    from clusters.parkshare.result import ParkShareResult


def table_in(result: ParkShareResult, name: str, lang: str) -> pd.DataFrame:
    """The result table ``name`` (:data:`DOWNLOADS`) for a file in ``lang``: its cells as the page shows
    them (:func:`gis.shown.readable`: place names, position quality), numbers unchanged."""
    if name == "bad_rows":  # the cell as the file gives it: no unit, so not "value"
        return result.bad_rows_in(lang).rename(columns={"value": "cell"})
    return readable(result.table(name), lang)


def download_bytes(
    result: ParkShareResult, name: str, fmt: Literal["csv", "xlsx"] = "csv", lang: str = "zh"
) -> bytes:
    """One result table as CSV (UTF-8 with BOM) or XLSX, headed in ``lang``."""
    frame, sheet = table_in(result, name, lang), DOWNLOADS[name].get(lang)
    return table_bytes(frame, fmt, columns=columns_for(frame), lang=lang, sheet_name=sheet)


def workbook_bytes(result: ParkShareResult, names: tuple[str, ...], lang: str = "zh") -> bytes:
    """Several result tables as one XLSX workbook, a sheet each (sheet names as the table keys)."""
    frames = {DOWNLOADS[n].get(lang): table_in(result, n, lang) for n in names}
    return table_bytes(frames, "xlsx", columns={n: columns_for(f) for n, f in frames.items()}, lang=lang)


def check_out(out: str | Path) -> Path:
    """The ``--out`` path, checked before any work: it must end in ``.csv`` or ``.xlsx``."""
    dest = Path(out)
    if dest.suffix.lower() not in (".csv", ".xlsx"):
        raise FileFormatError(
            f"--out must end in .csv or .xlsx, got {dest.name!r}",
            file=str(dest),
            hint="e.g. --out parkshare.xlsx (every table) or --out by_city.csv --table by_city",
            message_zh=f"--out 的文件名须以 .csv 或 .xlsx 结尾（当前 {dest.name!r}）",
            hint_zh="例如 --out 园区占比.xlsx（全部表格）或 --out 各市.csv --table by_city",
        )
    return dest


def write_tables(result: ParkShareResult, out: str | Path, lang: str = "zh", table: str = "by_city") -> Path:
    """Write the result tables for ``python -m clusters parkshare --out``: ``FILE.xlsx`` gets every table
    (a sheet each), ``FILE.csv`` the one ``table``; headed in ``lang``, written atomically."""
    dest = check_out(out)
    if dest.suffix.lower() == ".xlsx":
        data = workbook_bytes(result, tuple(DOWNLOADS), lang)
    else:
        data = download_bytes(result, table, "csv", lang)
    return write_atomic(dest, data, what="the table", what_zh="表格")
