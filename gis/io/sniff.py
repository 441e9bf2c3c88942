"""Upload bytes and format sniffing: what the content is, whatever the extension says."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gis.errors import (
    FileFormatError,
)

_EXT_FORMAT = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "shapefile_zip",
    ".kml": "kml",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
# ---------------------------------------------------------------- bytes and format sniffing


def sniff_format(data: bytes, fname: str) -> tuple[str, str | None]:
    """Return ``(format, note)`` from the content, using the extension only for text tables.

    ``note`` says when the extension disagrees with the content.
    """
    ext = Path(fname).suffix.lower()
    by_ext = _EXT_FORMAT.get(ext)
    head = data[:4096]
    content = _supported(ext, head, _content(data, fname, by_ext), fname)
    note = None
    if by_ext and by_ext != content:
        note = f"extension '{ext}' but the content is {content}; read as {content}"
    elif by_ext is None:
        note = f"extension '{ext or '(none)'}' not recognised; content read as {content}"
    return content, note


def _content(data: bytes, fname: str, by_ext: str | None) -> str | None:
    """What the bytes are (``xlsx``, ``shapefile_zip``, ``gpkg``, ``geojson``, ``kml``, ``csv``, ``xml``,
    ``binary``), or ``None`` for unrecognised text."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = [n.lower() for n in zf.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise FileFormatError(
                f"damaged or truncated zip archive ({exc})",
                file=fname,
                hint="zip the shapefile parts (.shp .shx .dbf .prj .cpg) again",
                message_zh=f"压缩包已损坏或不完整（{exc}）",
                hint_zh="重新压缩 shapefile 的各个文件（.shp .shx .dbf .prj .cpg）",
            ) from exc
        xlsx = "[content_types].xml" in names and any(n.startswith("xl/") for n in names)
        return "xlsx" if xlsx else "shapefile_zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    low = stripped[:300].lower()
    if stripped[:1] in (b"{", b"["):
        return "geojson"
    if low.startswith(b"<?xml") or low.startswith(b"<kml") or b"<kml" in low:
        return "kml"
    if stripped[:1] == b"<":
        return "xml"
    if by_ext == "csv":
        return "csv"
    if b"\x00" in head:
        return "binary"
    if b"," in head or b"\t" in head or b";" in head:
        return "csv"
    return None


def _supported(ext: str, head: bytes, content: str | None, fname: str) -> str:
    """``content`` when it is a supported format; raise for bare shapefiles, KMZ and anything else."""
    if ext == ".shp" or (head[:4] == b"\x00\x00\x27\x0a"):
        raise FileFormatError(
            "a bare .shp cannot be read without its .shx, .dbf and .prj",
            file=fname,
            hint="zip the .shp, .shx, .dbf, .prj (and .cpg) files together and upload the .zip",
            message_zh="单独的 .shp 文件缺少 .shx、.dbf 和 .prj，无法读取",
            hint_zh="把 .shp、.shx、.dbf、.prj（以及 .cpg）一起压缩成 .zip 后上传",
        )
    if ext == ".kmz":
        raise FileFormatError(
            "KMZ (zipped KML) is not accepted",
            file=fname,
            hint="save as .kml (Google Earth: Save Place As → KML)",
            message_zh="不接受 KMZ（压缩的 KML）",
            hint_zh="另存为 .kml（Google 地球：地点另存为 → KML）",
        )
    if content in (None, "binary", "xml"):
        what = {"binary": "binary data of an unknown format", "xml": "XML that is not KML"}.get(
            content or "", "unrecognised text"
        )
        what_zh = {"binary": "未知格式的二进制数据", "xml": "不是 KML 的 XML"}.get(
            content or "", "无法识别的文本"
        )
        raise FileFormatError(
            f"not a supported vector format ({what})",
            file=fname,
            hint="use GeoJSON, GeoPackage, a zipped shapefile, KML, or CSV/XLSX with lon/lat",
            message_zh=f"不是支持的矢量格式（{what_zh}）",
            hint_zh="请使用 GeoJSON、GeoPackage、压缩的 shapefile、KML，或带经纬度的 CSV/XLSX",
        )
    return content
