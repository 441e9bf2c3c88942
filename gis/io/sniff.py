"""Upload bytes and format sniffing: what the content is, whatever the extension says."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from gis.errors import (
    FileFormatError,
    FileTooLargeError,
)
from gis.settings import MAX_UPLOAD_BYTES

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


def _load_bytes(source: str | Path | bytes | io.IOBase, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        fname = name or "upload"
    elif isinstance(source, (str, Path)):
        text = str(source)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) or text.startswith("/vsi"):
            raise FileFormatError(
                "URLs and virtual paths are not read",
                file=text[:80],
                hint="download the file yourself and give its local path",
            )
        path = Path(text)
        if not path.is_file():
            raise FileFormatError("file not found", file=str(path), hint="check the path")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise FileTooLargeError(
                f"file is larger than {MAX_UPLOAD_BYTES // 2**20} MB",
                file=name or path.name,
                hint="split it or simplify the geometries",
            )
        data = path.read_bytes()
        fname = name or path.name
    elif hasattr(source, "read"):
        raw = source.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        fname = name or Path(str(getattr(source, "name", "upload"))).name
    else:
        raise FileFormatError(
            f"cannot read a {type(source).__name__}", file=name, hint="give a path or bytes"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError(
            f"file is larger than {MAX_UPLOAD_BYTES // 2**20} MB",
            file=fname,
            hint="split it or simplify the geometries",
        )
    if not data:
        raise FileFormatError("file is empty (0 bytes)", file=fname, hint="export the layer again")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileFormatError("file holds only blanks", file=fname, hint="export the layer again")
    return data, fname


def sniff_format(data: bytes, fname: str) -> tuple[str, str | None]:
    """Return ``(format, note)`` from the content, using the extension only for text tables.

    ``note`` says when the extension disagrees with the content.
    """
    ext = Path(fname).suffix.lower()
    by_ext = _EXT_FORMAT.get(ext)
    head = data[:4096]
    content: str | None = None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = [n.lower() for n in zf.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise FileFormatError(
                f"damaged or truncated zip archive ({exc})",
                file=fname,
                hint="zip the shapefile parts (.shp .shx .dbf .prj .cpg) again",
            ) from exc
        content = (
            "xlsx"
            if "[content_types].xml" in names and any(n.startswith("xl/") for n in names)
            else "shapefile_zip"
        )
    elif head.startswith(b"SQLite format 3\x00"):
        content = "gpkg"
    else:
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        low = stripped[:300].lower()
        if stripped[:1] in (b"{", b"["):
            content = "geojson"
        elif low.startswith(b"<?xml") or low.startswith(b"<kml") or b"<kml" in low:
            content = "kml"
        elif stripped[:1] == b"<":
            content = "xml"
        elif by_ext == "csv":
            content = "csv"
        elif b"\x00" in head:
            content = "binary"
        elif b"," in head or b"\t" in head or b";" in head:
            content = "csv"
    if ext == ".shp" or (head[:4] == b"\x00\x00\x27\x0a"):
        raise FileFormatError(
            "a bare .shp cannot be read without its .shx, .dbf and .prj",
            file=fname,
            hint="zip the .shp, .shx, .dbf, .prj (and .cpg) files together and upload the .zip",
        )
    if ext == ".kmz":
        raise FileFormatError(
            "KMZ (zipped KML) is not accepted",
            file=fname,
            hint="save as .kml (Google Earth: Save Place As → KML)",
        )
    if content in (None, "binary", "xml"):
        what = {"binary": "binary data of an unknown format", "xml": "XML that is not KML"}.get(
            content or "", "unrecognised text"
        )
        raise FileFormatError(
            f"not a supported vector format ({what})",
            file=fname,
            hint="use GeoJSON, GeoPackage, a zipped shapefile, KML, or CSV/XLSX with lon/lat",
        )
    note = None
    if by_ext and by_ext != content:
        note = f"extension '{ext}' but the content is {content}; read as {content}"
    elif by_ext is None:
        note = f"extension '{ext or '(none)'}' not recognised; content read as {content}"
    return content, note
