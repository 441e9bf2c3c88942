"""The one writer of downloadable tables (CSV / XLSX), re-exported as :func:`gis.tabular.table_bytes`.

Exports open cleanly and plant nothing in a colleague's spreadsheet:

* **inert cells** — a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
  run as a formula by Excel / WPS / LibreOffice (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). In a CSV such a
  cell is prefixed with an apostrophe (``'=1+1``), the convention spreadsheets show as text; in an XLSX every
  text cell is written as a string cell, never a formula (so the text stays exactly as it was);
* **headers a person reads** — with :class:`Column` specs the header is the label in the UI language with its
  unit (``产值（亿元）`` / ``Output (100 million yuan)``); an XLSX gets a ``columns`` sheet listing each
  machine key with both labels, unit and kind;
* **percentages as numbers** — ``kind="percent"`` columns hold fractions (0.125); the XLSX cell is the number
  with a percent format, the CSV cell ``12.5%`` (which Excel reads back as the number 0.125);
* **CSV for Excel** — UTF-8 with a byte-order mark and CRLF line ends.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gis.errors import FileFormatError
from gis.text import Pair, text

#: First characters that make a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ColumnKind = Literal["text", "number", "integer", "percent", "source", "coordinate"]
_FORMATS = {"percent": "0.0%", "integer": "#,##0", "number": "#,##0.00", "coordinate": "0.000000"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """How one column of an export is headed and formatted.

    Parameters
    ----------
    key
        The DataFrame column (the machine key, kept in the XLSX ``columns`` sheet).
    label
        What a person reads, in both languages (``None``: the key).
    unit
        Shown in the header after the label (``亿元`` / ``100 million yuan``).
    kind
        ``text``, ``number``, ``integer``, ``percent`` (values are fractions: 0.125 is 12.5 %), ``coordinate``
        (degrees, six decimals) or ``source`` (the source of the row's figures, always in a column of its
        own).
    """

    key: str
    label: Pair | None = None
    unit: Pair | None = None
    kind: ColumnKind = "text"

    def header(self, lang: str) -> str:
        """The header in ``lang``: label and unit (``产值（亿元）``, ``Output (100 million yuan)``)."""
        name = self.label.get(lang) if self.label is not None else self.key
        if self.label is not None:  # an English header starts with a capital, as in a spreadsheet
            name = text(lang, name, name[:1].upper() + name[1:])
        if self.unit is None:
            return name
        unit = self.unit.get(lang)
        return f"{name} ({unit})" if lang == "en" else f"{name}（{unit}）"


Columns = Sequence[Column]


def inert(value: str) -> str:
    """A CSV text cell that no spreadsheet runs as a formula: an apostrophe before a formula trigger."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _specs(frame: pd.DataFrame, columns: Columns | None) -> list[Column]:
    given = {c.key: c for c in columns or ()}
    return [given.get(str(c), Column(str(c))) for c in frame.columns]


def _csv_cell(value: object, kind: str) -> object:
    if isinstance(value, str):
        return inert(value)
    numeric = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
    if kind == "percent" and numeric and not _missing(value):
        return f"{float(value) * 100:.6g}%"  # type: ignore[arg-type]
    return value


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _csv_bytes(frame: pd.DataFrame, specs: list[Column], lang: str, described: bool) -> bytes:
    out = frame.copy()
    out.columns = [inert(s.header(lang) if described else s.key) for s in specs]
    for pos, spec in enumerate(specs):
        col = out.iloc[:, pos]
        if spec.kind == "percent" or not pd.api.types.is_numeric_dtype(col.dtype):  # text, categories …
            out.isetitem(pos, col.map(lambda v, k=spec.kind: _csv_cell(v, k)).astype(object).to_numpy())
    buf = io.StringIO()
    out.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_value(value: object, illegal: re.Pattern[str]) -> object:
    if _missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return illegal.sub("\ufffd", value)
    if isinstance(value, int | float | bool | datetime.date | datetime.datetime):
        return value
    return str(value)


def _xlsx_bytes(sheets: Mapping[str, tuple[pd.DataFrame, list[Column]]], lang: str, described: bool) -> bytes:
    from openpyxl import Workbook  # heavy optional package, only for XLSX exports
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)

    def cell(sheet: object, value: object, kind: str = "text", *, bold: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=None)
        if bold:
            c.font = Font(bold=True)
        v = _xlsx_value(value, ILLEGAL_CHARACTERS_RE)
        if isinstance(v, str):
            c.value, c.data_type = v, "s"  # text stays text: "=1+1" is never a formula
        else:
            c.value = v
            if kind in _FORMATS and isinstance(v, int | float) and not isinstance(v, bool):
                c.number_format = _FORMATS[kind]
        return c

    for name, (frame, specs) in sheets.items():
        sheet = book.create_sheet(title=_sheet_title(name))
        headers = [s.header(lang) if described else s.key for s in specs]
        _layout(sheet, frame, headers)
        sheet.append([cell(sheet, h, bold=True) for h in headers])
        kinds = [s.kind for s in specs]
        for row in frame.itertuples(index=False, name=None):
            sheet.append([cell(sheet, v, k) for v, k in zip(row, kinds, strict=True)])
    if described:
        sheet = book.create_sheet(title="columns")
        for letter, width in zip("ABCDEF", (16, 28, 36, 44, 30, 10), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.append([cell(sheet, h, bold=True) for h in ("sheet", "key", "中文", "English", "unit", "kind")])
        for name, (_, specs) in sheets.items():
            for s in specs:
                unit = "" if s.unit is None else f"{s.unit.zh} / {s.unit.en}"
                texts = (_sheet_title(name), s.key, s.header("zh"), s.header("en"), unit, s.kind)
                sheet.append([cell(sheet, t) for t in texts])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _text_width(value: object) -> int:
    """How many narrow characters ``value`` takes in a spreadsheet cell (a Chinese character takes two)."""
    text = "" if _missing(value) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _layout(sheet: object, frame: pd.DataFrame, headers: list[str]) -> None:
    """Columns as wide as their header and first rows (within 8–60 characters), the header row frozen.

    Set before the first row is written (a write-only sheet writes its column widths first)."""
    from openpyxl.utils import get_column_letter

    sample = frame.head(200)
    for pos, header in enumerate(headers):
        values: list[object] = list(sample.iloc[:, pos]) if pos < sample.shape[1] else []
        width = max([_text_width(header), *(_text_width(v) for v in values)])
        sheet.column_dimensions[get_column_letter(pos + 1)].width = min(max(width + 2, 8), 60)  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet1"


def table_bytes(
    table: pd.DataFrame | Mapping[str, pd.DataFrame],
    fmt: Literal["csv", "xlsx"] = "csv",
    *,
    index: bool = False,
    sheet_name: str = "Sheet1",
    columns: Columns | Mapping[str, Columns] | None = None,
    lang: str = "zh",
) -> bytes:
    """The one writer of downloadable tables.

    Parameters
    ----------
    table
        One DataFrame, or (XLSX only) ``{sheet name: DataFrame}`` for a workbook of several sheets
        (names cut to Excel's 31 characters).
    fmt
        ``"csv"``: UTF-8 with BOM and CRLF line ends, so Excel and WPS open Chinese text correctly; text cells
        that a spreadsheet would run as a formula get a leading apostrophe. ``"xlsx"``: every text cell is a
        string cell (``"=1+1"`` or ``"001"`` are never formulas or numbers); empty cells stay empty.
    index
        Write the DataFrame index as the first column(s).
    sheet_name
        Sheet name when ``table`` is one DataFrame and ``fmt`` is ``"xlsx"``.
    columns
        :class:`Column` specs (or ``{sheet name: specs}``): headers in ``lang`` with units, percent
        formats, and (XLSX) a ``columns`` sheet of machine keys. Without them the headers are the keys.
    lang
        ``"zh"`` or ``"en"``: the language of the headers when ``columns`` are given.
    """
    frames = {sheet_name: table} if isinstance(table, pd.DataFrame) else dict(table)
    if fmt == "csv" and not isinstance(table, pd.DataFrame):
        raise FileFormatError(
            "a CSV holds one table, not several sheets",
            hint="export each sheet on its own, or choose XLSX",
            message_zh="CSV 只能保存一张表，不能保存多个工作表",
            hint_zh="逐个工作表导出，或选择 XLSX",
        )
    if fmt not in ("csv", "xlsx"):
        raise FileFormatError(
            f"export format must be csv or xlsx, got {fmt!r}",
            field="fmt",
            hint="choose csv or xlsx",
            message_zh=f"导出格式只能是 csv 或 xlsx，收到 {fmt!r}",
            hint_zh="选择 csv 或 xlsx",
        )
    by_sheet: dict[str, tuple[pd.DataFrame, list[Column]]] = {}
    for name, df in frames.items():
        frame = df.reset_index() if index else df
        specs = columns.get(name) if isinstance(columns, Mapping) else columns
        by_sheet[name] = (frame, _specs(frame, specs))
    described = columns is not None
    if fmt == "csv":
        frame, specs = by_sheet[sheet_name]
        return _csv_bytes(frame, specs, lang, described)
    return _xlsx_bytes(by_sheet, lang, described)
