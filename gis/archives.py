"""Limits of zip containers — zipped shapefiles, XLSX workbooks (an XLSX is a zip of XML) and archives
inside archives — checked on the central directory and while streaming, before anything is parsed.

:func:`check_container` is applied by :func:`gis.fileio.read_source` to every zip-like source, so every
reader (vector import, tables, firm lists, progress figures) gets it; :mod:`gis.io.archive` applies the same
per-member rules while extracting.
"""

from __future__ import annotations

import io
import re
import zipfile

from gis.errors import AtlasError, FileFormatError, FileTooLargeError
from gis.settings import MAX_UPLOAD_BYTES

#: Most members a zip may hold, largest total expansion, and largest expansion ratio per member.
ZIP_MAX_MEMBERS = 200
ZIP_MAX_TOTAL = 4 * MAX_UPLOAD_BYTES
ZIP_MAX_RATIO = 100
#: A member smaller than this is never a bomb, whatever its ratio.
ZIP_RATIO_FLOOR = 1_000_000
#: Rows and cells a workbook may hold (all sheets), counted while streaming the sheet XML.
XLSX_MAX_ROWS = 100_000
XLSX_MAX_CELLS = 2_000_000
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def is_zip(data: bytes) -> bool:
    """True when the bytes are a zip archive (also an XLSX workbook)."""
    return data[:4] in _ZIP_MAGIC


def _bomb(fname: str, what: str, what_zh: str, hint: str, hint_zh: str) -> FileTooLargeError:
    return FileTooLargeError(
        f"archive {what}; refused as a possible zip bomb",
        file=fname,
        hint=hint,
        message_zh=f"压缩包{what_zh}，疑似压缩炸弹，已拒绝",
        hint_zh=hint_zh,
    )


def member_ratio_error(info: zipfile.ZipInfo, fname: str) -> FileTooLargeError | None:
    """The refusal of a member that expands more than :data:`ZIP_MAX_RATIO` times (None when it is fine)."""
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size <= ZIP_RATIO_FLOOR or ratio <= ZIP_MAX_RATIO:
        return None
    name = info.filename[:80]
    return FileTooLargeError(
        f"zip member '{name}' expands {ratio:,.0f}× ({info.file_size:,} bytes; limit {ZIP_MAX_RATIO}×); "
        "refused as a possible zip bomb",
        file=fname,
        field=name,
        hint="send the file uncompressed, or save it again",
        message_zh=f"压缩包成员“{name}”解压后膨胀 {ratio:,.0f} 倍（{info.file_size:,} 字节，上限 "
        f"{ZIP_MAX_RATIO} 倍），疑似压缩炸弹，已拒绝",
        hint_zh="不压缩直接上传，或重新保存文件",
    )


def check_container(data: bytes, fname: str) -> None:
    """Refuse a zip (or XLSX) whose members are too many, expand too much in total or per member, or — for a
    workbook — whose sheets hold more than :data:`XLSX_MAX_ROWS` rows or :data:`XLSX_MAX_CELLS` cells.

    Nothing is decompressed except the sheet XML of a workbook, streamed and counted up to the limits.
    Non-zip data is left alone; a damaged zip is left to the format's reader to report.
    """
    if not is_zip(data):
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise _bomb(
                fname,
                f"holds {len(infos):,} members (limit {ZIP_MAX_MEMBERS})",
                f"有 {len(infos):,} 个成员（上限 {ZIP_MAX_MEMBERS}）",
                "zip only the files needed",
                "只压缩需要的文件",
            )
        total = sum(i.file_size for i in infos)
        if total > ZIP_MAX_TOTAL:
            raise _bomb(
                fname,
                f"expands to {total / 2**20:,.0f} MB (limit {ZIP_MAX_TOTAL // 2**20} MB)",
                f"解压后 {total / 2**20:,.0f} MB（上限 {ZIP_MAX_TOTAL // 2**20} MB）",
                "split the data into smaller files",
                "把数据拆成几个较小的文件",
            )
        for info in infos:
            err = member_ratio_error(info, fname)
            if err is not None:
                raise err
        sheets = [i for i in infos if _SHEET.match(i.filename)]
        if sheets:
            _count_sheets(zf, sheets, fname)


def _count_sheets(zf: zipfile.ZipFile, sheets: list[zipfile.ZipInfo], fname: str) -> None:
    """Stream every sheet's XML and stop as soon as the row or cell limit is passed."""
    rows = cells = 0
    for info in sheets:
        tail = b""
        try:
            with zf.open(info) as src:
                while chunk := src.read(1 << 20):
                    buf = tail + chunk
                    cut = max(len(buf) - 16, 0)  # a tag starting before the cut is counted in this chunk
                    rows += sum(1 for m in _ROW.finditer(buf) if m.start() < cut)
                    cells += sum(1 for m in _CELL.finditer(buf) if m.start() < cut)
                    tail = buf[cut:]
                    _check_counts(rows, cells, fname)
                rows += len(_ROW.findall(tail))
                cells += len(_CELL.findall(tail))
        except AtlasError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise FileFormatError(
                f"damaged workbook: sheet '{info.filename[:60]}' cannot be read ({type(exc).__name__})",
                file=fname,
                hint="open it in Excel and save it again as .xlsx",
                message_zh=f"工作簿已损坏：无法读取工作表“{info.filename[:60]}”（{type(exc).__name__}）",
                hint_zh="用 Excel 打开后重新另存为 .xlsx",
            ) from exc
        _check_counts(rows, cells, fname)


def _check_counts(rows: int, cells: int, fname: str) -> None:
    if rows > XLSX_MAX_ROWS:
        raise FileTooLargeError(
            f"workbook holds more than {XLSX_MAX_ROWS:,} rows (the limit); refused before reading",
            file=fname,
            hint="split the table, or save it as CSV",
            message_zh=f"工作簿超过 {XLSX_MAX_ROWS:,} 行（上限），未读取即拒绝",
            hint_zh="拆分表格，或另存为 CSV",
        )
    if cells > XLSX_MAX_CELLS:
        raise FileTooLargeError(
            f"workbook holds more than {XLSX_MAX_CELLS:,} cells (the limit); refused before reading",
            file=fname,
            hint="split the table, or save it as CSV",
            message_zh=f"工作簿超过 {XLSX_MAX_CELLS:,} 个单元格（上限），未读取即拒绝",
            hint_zh="拆分表格，或另存为 CSV",
        )
