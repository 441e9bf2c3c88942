"""Read user tables (CSV, XLSX, Parquet) with encoding detection and clear errors.

Chinese CSVs come as UTF-8 with BOM (Excel), plain UTF-8, or GBK/GB18030 (older Excel, WPS). They are tried in
that order: decoding GB18030 first would silently garble UTF-8.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from gis.delimited import ENCODINGS, detect_encoding, read_delimited
from gis.errors import EncodingError, FileFormatError, FileTooLargeError
from gis.fileio import read_source
from gis.settings import MAX_UPLOAD_BYTES
from gis.tablewriter import XLSX_MIME as XLSX_MIME
from gis.tablewriter import Column as Column
from gis.tablewriter import table_bytes as table_bytes

__all__ = ["ENCODINGS"]  # re-exported: the one encoding order lives in gis.delimited
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")


def decode_text(data: bytes, *, file: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8-BOM, UTF-8 or GB18030; return ``(text, encoding)``."""
    encoding = detect_encoding(data, file=file)
    return data.decode(encoding), encoding


def read_table(
    source: str | Path | bytes | io.IOBase,
    *,
    name: str | None = None,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """Read a CSV / TSV / XLSX / Parquet table into a DataFrame of strings and numbers.

    Parameters
    ----------
    source
        A path, raw bytes or a file-like object (e.g. a Streamlit upload).
    name
        File name used to pick the format and in error messages (defaults to the path's name).
    max_bytes
        The size limit (the upload limit by default). ``None`` (the command line): a CSV path larger than
        the upload limit is streamed from disk (:mod:`gis.delimited`), never held as bytes.

    Returns
    -------
    DataFrame
        Column names stripped of whitespace; ``attrs["encoding"]`` and ``attrs["file"]`` set.
    """
    big = _big_text_path(source, name, max_bytes)
    if big is not None:
        data: bytes | Path = big
        fname = name or big.name
    else:
        data, fname = read_source(source, name, allow_empty=True)
        if max_bytes is not None and len(data) > max_bytes:
            raise FileTooLargeError(
                f"file is larger than {max_bytes // 2**20} MB",
                file=fname,
                hint="split the table",
                message_zh=f"文件超过 {max_bytes // 2**20} MB",
                hint_zh="拆分表格",
            )
        if not data or data.isspace():  # isspace: no copy of a large file
            raise FileFormatError(
                "file is empty",
                file=fname,
                hint="export the table again with its header row",
                message_zh="文件是空的",
                hint_zh="连同表头行重新导出表格",
            )
    try:
        df, encoding = _parse(data, fname)
    except (FileFormatError, EncodingError):
        raise
    except (ValueError, OSError, pd.errors.ParserError, KeyError, IndexError) as exc:
        raise FileFormatError(
            f"cannot read the table: {exc}",
            file=fname,
            hint="check that it is a valid CSV/XLSX with one header row",
            message_zh=f"无法读取表格：{exc}",
            hint_zh="确认它是只有一行表头的有效 CSV/XLSX 文件",
        ) from exc
    except Exception as exc:  # openpyxl / pyarrow raise their own classes for corrupt files
        raise FileFormatError(
            f"cannot read the table ({type(exc).__name__}): {exc}",
            file=fname,
            hint="open it in Excel and save it again as .xlsx or CSV UTF-8",
            message_zh=f"无法读取表格（{type(exc).__name__}）：{exc}",
            hint_zh="用 Excel 打开后重新另存为 .xlsx 或 CSV UTF-8",
        ) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df.attrs["encoding"] = encoding
    df.attrs["file"] = fname
    return df


def _big_text_path(source: object, name: str | None, max_bytes: int | None) -> Path | None:
    """A CSV / Parquet path over the upload limit that the caller allows to read from disk (else None)."""
    if max_bytes is not None or not isinstance(source, (str, Path)):
        return None
    path = Path(source)
    suffix = Path(name or path.name).suffix.lower()
    if suffix not in (".csv", ".txt", ".tsv", ".parquet") or not path.is_file():
        return None
    return path if path.stat().st_size > MAX_UPLOAD_BYTES else None


def _parse(data: bytes | Path, fname: str) -> tuple[pd.DataFrame, str | None]:
    """The table by its extension, and the text encoding (CSV only)."""
    suffix = Path(fname).suffix.lower()
    if isinstance(data, Path):  # a large file read from disk (see _big_text_path)
        if suffix == ".parquet":
            return pd.read_parquet(data), None
        return read_delimited(data, file=fname, tab=suffix == ".tsv")
    if suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK"):
            raise FileFormatError(
                "not an XLSX workbook (wrong extension?)",
                file=fname,
                hint="save it from Excel as .xlsx, or as CSV UTF-8",
                message_zh="不是 XLSX 工作簿（扩展名不对？）",
                hint_zh="在 Excel 中另存为 .xlsx 或 CSV UTF-8",
            )
        return pd.read_excel(io.BytesIO(data), engine="openpyxl"), None
    if suffix == ".parquet":
        return pd.read_parquet(io.BytesIO(data)), None
    if suffix in (".csv", ".txt", ".tsv", ""):
        return read_delimited(data, file=fname, tab=suffix == ".tsv")
    raise FileFormatError(
        f"unsupported table type '{suffix}'",
        file=fname,
        hint="use CSV, XLSX or Parquet",
        message_zh=f"不支持的表格类型“{suffix}”",
        hint_zh="请使用 CSV、XLSX 或 Parquet",
    )


def _header_key(name: object) -> str:
    """A header as compared: case, spaces, underscores and full- / half-width brackets ignored."""
    key = str(name).strip().lower().replace(" ", "").replace("_", "")
    return key.replace("（", "(").replace("）", ")").replace("，", ",")


def find_column(df: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    """Return the first column of ``df`` whose normalised name is in ``aliases`` (case, spaces, underscores
    and full-width brackets ignored: ``实际值(亿元)`` finds ``实际值（亿元）``)."""
    norm = {_header_key(c): c for c in df.columns}
    for alias in aliases:
        key = _header_key(alias)
        if key in norm:
            return norm[key]
    return None


#: Column aliases shared by every reader of user tables (English and Chinese).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "lon": ("lon", "lng", "long", "longitude", "x", "经度", "東經", "东经"),
    "lat": ("lat", "latitude", "y", "纬度", "緯度", "北纬"),
    "output": (
        "output",
        "value",
        "output_yi_yuan",
        "产值",
        "工业总产值",
        "总产值",
        "产值亿元",
        "产值(亿元)",
        "产值（亿元）",
    ),
    "year": ("year", "年份", "年度", "年"),
    "sector": ("sector", "industry", "行业", "产业", "行业类别"),
    "name": ("name", "name_zh", "名称", "园区", "园区名称", "企业名称"),
    "city": ("city", "城市", "地市", "设区市", "市"),
}


# ------------------------------------------------------------------------------------------- numbers
#: Cells that mean "no value" in Chinese statistical tables: dashes of every width and the ellipsis.
_BLANK_MARKS = frozenset({"-", "--", "—", "——", "–", "−", "…", "……", "...", "/"})
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u3000]+")
# Sign, integer part (plain digits, or groups of three split by ONE kind of separator), fraction, exponent.
_NUMBER = re.compile(
    r"""^(?P<sign>[+-]?)
        (?P<int>\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:\ \d{3})+)?
        (?P<frac>\.\d*)?
        (?P<exp>[eE][+-]?\d+)?
        (?P<pct>\ ?%)?$""",
    re.VERBOSE,
)


def parse_number(value: object) -> float | None:
    """Parse one cell of an uploaded table as a number.

    The one rule for every upload (the atlas reads Chinese tables; comma is never a decimal mark):

    * empty cells — ``None``, NaN, ``pd.NA``, ``""``, only spaces, a dash (``-``, ``—``, ``——``, ``–``) or an
      ellipsis (``…``) — give ``None`` (no value);
    * numbers (``int``, ``float``, numpy) are taken as they are (NaN → ``None``);
    * text is first NFKC-normalised, so full-width digits and marks (``１２３``, ``，``, ``．``, ``％``,
      ``－``) read like their ASCII forms, and the minus sign ``−`` reads as ``-``;
    * a comma (``,`` or ``，``) or a space (also no-break / thin / ideographic space) is a thousands
      separator, and only between groups of exactly three digits: ``"1,234"``, ``"1，234"``, ``"1 234"``
      → 1234.0, while ``"1,5"`` or ``"12,34"`` are not numbers;
    * a trailing ``%`` divides by 100, as Excel means it: ``"12.5%"`` → 0.125;
    * anything else that is present — words, units (``"5亿元"``), booleans, ``inf`` — gives NaN, so the
      caller can report the row as "not a number" instead of dropping it silently.

    Returns
    -------
    float | None
        The number, ``None`` for an empty cell, or ``math.nan`` for a cell that is present but not a number.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isnan(number):
            return None
        return number if math.isfinite(number) else math.nan
    if not isinstance(value, str):
        return math.nan
    text = unicodedata.normalize("NFKC", value).replace("−", "-").strip()
    text = _SPACES.sub(" ", text)
    if not text or text in _BLANK_MARKS:
        return None
    text = re.sub(r"^([+-]) ", r"\1", text)
    match = _NUMBER.match(text)
    if match is None or not (match["int"] or (match["frac"] and len(match["frac"]) > 1)):
        return math.nan
    digits = f"{match['sign']}{(match['int'] or '0').replace(',', '').replace(' ', '')}"
    number = float(f"{digits}{match['frac'] or ''}{match['exp'] or ''}")
    if not math.isfinite(number):
        return math.nan
    return number / 100.0 if match["pct"] else number


def parse_numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`parse_number` over a column; return ``(values, present)`` as float64 and bool arrays.

    ``values`` holds NaN for empty cells and for cells that are not numbers; ``present`` is True where the
    cell is not empty, so ``present & isnan(values)`` marks the cells to report as "not a number".
    """
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        vals = column.to_numpy(dtype="float64", na_value=np.nan)
        vals = np.where(np.isinf(vals), np.nan, vals)
        return vals, ~np.isnan(column.to_numpy(dtype="float64", na_value=np.nan))
    cells = column.astype(object).to_numpy()
    memo: dict[object, float | None] = {}
    parsed = [memo[v] if v in memo else memo.setdefault(v, parse_number(v)) for v in cells]
    present = np.fromiter((p is not None for p in parsed), dtype=bool, count=len(parsed))
    vals = np.fromiter((math.nan if p is None else p for p in parsed), dtype="float64", count=len(parsed))
    return vals, present


def parse_coordinate(value: object) -> float:
    """A lon/lat cell as a float (NaN when missing or not a number): the one coordinate rule.

    :func:`parse_number` with two coordinate habits: a trailing degree sign is dropped and a full-width comma
    is a decimal mark (``"119，3"`` → 119.3; coordinates never need thousands separators); a percentage is
    not a coordinate.
    """
    if isinstance(value, str):
        value = value.replace("°", "").replace("，", ".")
        if value.strip().endswith(("%", "％")):
            return math.nan
    number = parse_number(value)
    return math.nan if number is None else number


def parse_coordinates(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`parse_coordinate` over a column; ``(values, present)`` as in :func:`parse_numbers`."""
    _, present = parse_numbers(column)  # empty is empty by the number rule
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return parse_numbers(column)
    memo: dict[object, float] = {}
    cells = column.astype(object).to_numpy()
    values = [memo[v] if v in memo else memo.setdefault(v, parse_coordinate(v)) for v in cells]
    return np.asarray(values, dtype="float64"), present


# ------------------------------------------------------------------------------------------- writing tables
# The one writer of downloadable tables lives in gis.tablewriter (Column specs, inert cells, percent formats)
# and is re-exported here: gis.tabular.table_bytes.
