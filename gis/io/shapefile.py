"""Zipped shapefile reader and .dbf/.cpg text-encoding detection."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from gis.errors import (
    EncodingError,
    FileFormatError,
)
from gis.io.archive import safe_extract
from gis.io.gdal import _from_gdf, _gdal_read
from gis.io.readers import _read_format
from gis.io.result import _Raw
from gis.jobs import Progress
from gis.validate import Report

_CPG_ALIASES = {
    "936": "gbk",
    "cp936": "gbk",
    "ansi936": "gbk",
    "gbk": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
    "65001": "utf-8",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "1252": "cp1252",
    "ansi1252": "cp1252",
    "88591": "latin-1",
    "iso88591": "latin-1",
    "latin1": "latin-1",
    "big5": "big5",
    "950": "big5",
}


def _cpg_encoding(text: str) -> str | None:
    key = re.sub(r"[\s_-]", "", text.strip().lower())
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    try:
        return __import__("codecs").lookup(text.strip()).name
    except LookupError:
        return None


def _dbf_strings(path: Path) -> list[bytes]:
    """Raw bytes of every character field of every record of a DBF (for encoding detection)."""
    raw = path.read_bytes()
    if len(raw) < 33:
        return []
    n_rec = int.from_bytes(raw[4:8], "little")
    hlen = int.from_bytes(raw[8:10], "little")
    rlen = int.from_bytes(raw[10:12], "little")
    fields = []
    pos, offset = 32, 1
    while pos + 32 <= min(hlen, len(raw)) and raw[pos] != 0x0D:
        ftype = chr(raw[pos + 11])
        flen = raw[pos + 16]
        if ftype in "CM":
            fields.append((offset, flen))
        offset += flen
        pos += 32
    out = []
    for r in range(min(n_rec, 100_000)):
        start = hlen + r * rlen
        rec = raw[start : start + rlen]
        if len(rec) < rlen:
            break
        for off, flen in fields:
            value = rec[off : off + flen].rstrip(b" \x00")
            if value:
                out.append(value)
    return out


def detect_dbf_encoding(dbf: Path, cpg: Path | None) -> tuple[str, str, str]:
    """Choose the DBF text encoding: the ``.cpg`` if it decodes, else UTF-8, else GB18030.

    Returns
    -------
    (encoding, how_en, how_zh)
    """
    values = _dbf_strings(dbf)

    def decodes(enc: str) -> bool:
        try:
            for v in values:
                v.decode(enc)
            return True
        except (UnicodeDecodeError, LookupError):
            return False

    declared = None
    if cpg is not None and cpg.exists():
        declared = _cpg_encoding(cpg.read_bytes()[:64].decode("ascii", "ignore"))
        if declared and decodes(declared):
            return declared, f"from the .cpg file ({declared})", f"按 .cpg 文件（{declared}）"
    prefix_en = f".cpg says {declared} but the text is not; " if declared else "no .cpg file; "
    prefix_zh = f".cpg 声明为 {declared} 但文本不符；" if declared else "无 .cpg 文件；"
    if decodes("utf-8"):
        return "utf-8", prefix_en + "text decodes as UTF-8", prefix_zh + "文本按 UTF-8 解码"
    if decodes("gb18030"):
        return (
            "gb18030",
            prefix_en + "text is not UTF-8; read as GB18030 (GBK)",
            prefix_zh + "文本不是 UTF-8，按 GB18030（GBK）读取",
        )
    raise EncodingError(
        "attribute text (.dbf) is neither UTF-8 nor GBK/GB18030",
        file=dbf.name,
        hint="add a .cpg file naming the encoding, or re-export with UTF-8",
    )


def _read_zip(
    data: bytes, fname: str, report: Report, layer: str | None, tmp: Path, progress: Progress | None = None
) -> tuple[_Raw, str]:
    members = safe_extract(data, fname, tmp)
    by_suffix: dict[str, list[tuple[str, Path]]] = {}
    for orig, path in members.items():
        by_suffix.setdefault(path.suffix, []).append((orig, path))
    shps = sorted(by_suffix.get(".shp", []))
    if shps:
        names = [PurePosixPath(o.replace("\\", "/")).stem for o, _ in shps]
        if layer is not None:
            if layer not in names:
                raise FileFormatError(
                    f"no shapefile named '{layer}' in the zip",
                    file=fname,
                    field="layer",
                    hint=f"shapefiles in the zip: {', '.join(names)}",
                )
            orig, shp = shps[names.index(layer)]
        else:
            orig, shp = shps[0]
            if len(shps) > 1:
                report.add(
                    "info",
                    "layer_chosen",
                    f"zip holds {len(shps)} shapefiles ({', '.join(names[:10])}); read '{names[0]}'",
                    f"压缩包内有 {len(shps)} 个 shapefile（{'、'.join(names[:10])}），已读取“{names[0]}”",
                )
        chosen = PurePosixPath(orig.replace("\\", "/")).stem
        for part in (".shx", ".dbf"):
            if not shp.with_suffix(part).exists():
                raise FileFormatError(
                    f"shapefile '{chosen}' lacks its {part} file",
                    file=fname,
                    field=part,
                    hint="zip all parts: .shp .shx .dbf .prj (.cpg)",
                )
        cpg = shp.with_suffix(".cpg")
        enc, how_en, how_zh = detect_dbf_encoding(shp.with_suffix(".dbf"), cpg if cpg.exists() else None)
        report.add(
            "info",
            "dbf_encoding",
            f"attribute encoding {enc}: {how_en}",
            f"属性表编码 {enc}：{how_zh}",
            field=".dbf",
        )
        if not shp.with_suffix(".prj").exists():
            report.add(
                "info",
                "no_prj",
                "no .prj file: the CRS is not stated",
                "缺少 .prj 文件：未注明坐标系",
                field=".prj",
            )
        gdf, _, _ = _gdal_read(
            shp, fname, "shapefile", layer=None, encoding=enc, report=report, progress=progress
        )
        attrs, geoms, crs, origin = _from_gdf(gdf)
        return _Raw(
            attrs, geoms, list(range(1, len(geoms) + 1)), crs, origin, chosen, names, enc
        ), "shapefile_zip"
    for suffix, fmt in (
        (".gpkg", "gpkg"),
        (".geojson", "geojson"),
        (".json", "geojson"),
        (".kml", "kml"),
        (".csv", "csv"),
        (".xlsx", "xlsx"),
    ):
        if by_suffix.get(suffix):
            orig, path = sorted(by_suffix[suffix])[0]
            report.add("info", "zip_member", f"read '{orig}' from the zip", f"读取压缩包中的“{orig}”")
            inner = f"{fname}:{PurePosixPath(orig.replace(chr(92), '/')).name}"  # named as the user knows it
            return _read_format(fmt, path.read_bytes(), inner, report, layer, tmp / "inner", progress), fmt
    if by_suffix.get(".dbf") or by_suffix.get(".shx"):
        raise FileFormatError(
            "zip has shapefile parts but no .shp",
            file=fname,
            field=".shp",
            hint="zip all parts: .shp .shx .dbf .prj (.cpg)",
        )
    raise FileFormatError(
        "zip holds no shapefile, GeoPackage, GeoJSON, KML or table",
        file=fname,
        hint="zip the .shp .shx .dbf .prj (.cpg) files of one layer",
    )
