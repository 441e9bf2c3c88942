"""Read user tables (CSV, XLSX, Parquet) with encoding detection and clear errors.

Chinese CSVs come as UTF-8 with BOM (Excel), plain UTF-8, or GBK/GB18030 (older Excel, WPS). They are tried in
that order: decoding GB18030 first would silently garble UTF-8.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from gis.errors import EncodingError, FileFormatError, FileTooLargeError
from gis.settings import MAX_UPLOAD_BYTES

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")


def decode_text(data: bytes, *, file: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8-BOM, UTF-8 or GB18030; return ``(text, encoding)``."""
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise EncodingError(
        "text is neither UTF-8 nor GBK/GB18030",
        file=file,
        hint="save the file from Excel as 'CSV UTF-8' (逗号分隔) and upload it again",
    )


def _as_bytes(source: str | Path | bytes | io.IOBase, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "upload"
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise FileFormatError("file not found", file=str(path), hint="check the path")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise FileTooLargeError(
                f"file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                file=str(path),
                hint="split the table or keep only the needed columns",
            )
        return path.read_bytes(), name or path.name
    data = source.read()
    return (data.encode() if isinstance(data, str) else data), name or getattr(source, "name", "upload")


def read_table(source: str | Path | bytes | io.IOBase, *, name: str | None = None) -> pd.DataFrame:
    """Read a CSV / TSV / XLSX / Parquet table into a DataFrame of strings and numbers.

    Parameters
    ----------
    source
        A path, raw bytes or a file-like object (e.g. a Streamlit upload).
    name
        File name used to pick the format and in error messages (defaults to the path's name).

    Returns
    -------
    DataFrame
        Column names stripped of whitespace; ``attrs["encoding"]`` and ``attrs["file"]`` set.
    """
    data, fname = _as_bytes(source, name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError("file is too large", file=fname, hint="split the table")
    if not data.strip():
        raise FileFormatError("file is empty", file=fname, hint="export the table again with its header row")
    suffix = Path(fname).suffix.lower()
    encoding = None
    try:
        if suffix in (".xlsx", ".xlsm"):
            if not data.startswith(b"PK"):
                raise FileFormatError(
                    "not an XLSX workbook (wrong extension?)",
                    file=fname,
                    hint="save it from Excel as .xlsx, or as CSV UTF-8",
                )
            df = pd.read_excel(io.BytesIO(data), engine="openpyxl")
        elif suffix == ".parquet":
            df = pd.read_parquet(io.BytesIO(data))
        elif suffix in (".csv", ".txt", ".tsv", ""):
            text, encoding = decode_text(data, file=fname)
            sep = "\t" if suffix == ".tsv" else None
            df = pd.read_csv(io.StringIO(text), sep=sep, engine="python", skipinitialspace=True)
        else:
            raise FileFormatError(
                f"unsupported table type '{suffix}'", file=fname, hint="use CSV, XLSX or Parquet"
            )
    except (FileFormatError, EncodingError):
        raise
    except (ValueError, OSError, pd.errors.ParserError, KeyError, IndexError) as exc:
        raise FileFormatError(
            f"cannot read the table: {exc}",
            file=fname,
            hint="check that it is a valid CSV/XLSX with one header row",
        ) from exc
    except Exception as exc:  # openpyxl / pyarrow raise their own classes for corrupt files
        raise FileFormatError(
            f"cannot read the table ({type(exc).__name__}): {exc}",
            file=fname,
            hint="open it in Excel and save it again as .xlsx or CSV UTF-8",
        ) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df.attrs["encoding"] = encoding
    df.attrs["file"] = fname
    return df


def find_column(df: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    """Return the first column of ``df`` whose normalised name is in ``aliases`` (case-insensitive)."""
    norm = {str(c).strip().lower().replace(" ", "").replace("_", ""): c for c in df.columns}
    for alias in aliases:
        key = alias.lower().replace(" ", "").replace("_", "")
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
