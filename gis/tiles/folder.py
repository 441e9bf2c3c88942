"""Folders of XYZ tiles (``{z}/{x}/{y}.png|jpg|webp``, e.g. QGIS "Generate XYZ tiles (Directory)" or
gdal2tiles): validate one (:func:`inspect`) and read tiles from it (:class:`FolderReader`).

Row order: XYZ, unless the folder carries gdal2tiles' ``tilemapresource.xml`` (TMS) or only TMS order puts
the tiles in China. 0-byte tiles, no tiles or tiles of no image format are clear errors.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gis.errors import FileFormatError
from gis.tiles.mbtiles import CHINA
from gis.tiles.package import TilePackage, normal_format, overlaps, sniff_format, union_bounds

_EXT = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}


def _scan(root: Path) -> list[tuple[int, int, int, Path]]:
    out = []
    for zdir in root.iterdir():
        if not (zdir.is_dir() and zdir.name.isdigit()):
            continue
        for xdir in zdir.iterdir():
            if not (xdir.is_dir() and xdir.name.isdigit()):
                continue
            for f in xdir.iterdir():
                if f.stem.isdigit() and f.suffix.lower().lstrip(".") in _EXT:
                    out.append((int(zdir.name), int(xdir.name), int(f.stem), f))
    return out


def inspect(root: Path, scheme: str | None = None) -> TilePackage:
    """Validate the tile folder ``root``; ``scheme`` (``xyz``/``tms``) overrides the row-order guess."""
    file = root.name
    if not root.is_dir():
        raise FileFormatError(
            "not a folder",
            file=str(root),
            hint="give the folder that holds the zoom folders 0/ 1/ …",
            message_zh="不是文件夹",
            hint_zh="请给出包含 0/ 1/ … 缩放级别子文件夹的文件夹",
        )
    found = _scan(root)
    if not found:
        raise FileFormatError(
            "no tiles: expected files laid out as {z}/{x}/{y}.png (or .jpg, .webp)",
            file=file,
            hint="choose the folder QGIS 'Generate XYZ tiles (Directory)' or gdal2tiles wrote",
            message_zh="没有瓦片：应为 {z}/{x}/{y}.png（或 .jpg、.webp）结构的文件",
            hint_zh="请选择 QGIS“生成 XYZ 瓦片（目录）”或 gdal2tiles 输出的文件夹",
        )
    empty = [f for *_, f in found if f.stat().st_size == 0]
    if empty:
        raise FileFormatError(
            f"{len(empty)} tile(s) are empty (0 bytes), e.g. {empty[0].relative_to(root)}",
            file=file,
            hint="export the tiles again and let the export finish",
            message_zh=f"有 {len(empty)} 个瓦片为空（0 字节），例如 {empty[0].relative_to(root)}",
            hint_zh="请重新导出并等待导出完成",
        )
    fmt = Counter(_EXT[f.suffix.lower().lstrip(".")] for *_, f in found).most_common(1)[0][0]
    sniffed = sniff_format(found[0][3].read_bytes()[:16], file=f"{file}/{found[0][3].relative_to(root)}")
    fmt = normal_format(sniffed) or fmt
    zmin = min(z for z, *_ in found)
    per_zoom = Counter(z for z, *_ in found)
    zref = max(z for z, n in per_zoom.items() if n <= 5000 or z == zmin)
    sample = [(z, x, y) for z, x, y, _ in found if z == zref]
    note = ""
    if scheme is None:
        scheme = "xyz"
        if (root / "tilemapresource.xml").is_file():
            scheme, note = "tms", "rows in TMS order (tilemapresource.xml) / 行号为 TMS 顺序"
        else:
            tms = [(z, x, 2**z - 1 - y) for z, x, y in sample]
            if not overlaps(union_bounds(sample), CHINA) and overlaps(union_bounds(tms), CHINA):
                scheme, note = "tms", "rows in TMS order (only TMS order lies in China) / 行号为 TMS 顺序"
    xyz = sample if scheme == "xyz" else [(z, x, 2**z - 1 - y) for z, x, y in sample]
    return TilePackage(
        kind="folder",
        path=str(root.resolve()),
        format=fmt,
        scheme=scheme,
        bounds=union_bounds(xyz),
        minzoom=zmin,
        maxzoom=max(z for z, *_ in found),
        tiles=len(found),
        size_bytes=sum(f.stat().st_size for *_, f in found),
        notes=[note] if note else [],
    )


class FolderReader:
    """Reads XYZ-addressed tiles from a tile folder."""

    def __init__(self, root: Path, scheme: str = "xyz", fmt: str = "png") -> None:
        self.root = Path(root)
        self.scheme = scheme
        self.exts = [e for e, f in _EXT.items() if f == fmt]

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """Bytes of XYZ tile ``z/x/y``, or None."""
        row = (2**z - 1 - y) if self.scheme == "tms" else y
        for ext in self.exts:
            f = self.root / str(z) / str(x) / f"{row}.{ext}"
            if f.is_file():
                return f.read_bytes()
        return None

    def tiles(self, zooms: range) -> list[tuple[int, int, int, bytes]]:
        """Every tile at ``zooms`` as ``(z, x, y_xyz, data)``."""
        out = []
        for z, x, row, f in _scan(self.root):
            if z in zooms:
                y = (2**z - 1 - row) if self.scheme == "tms" else row
                out.append((z, x, y, f.read_bytes()))
        return out

    def bytes_per_zoom(self) -> dict[int, int]:
        """Total tile bytes at each zoom."""
        out: Counter[int] = Counter()
        for z, _, _, f in _scan(self.root):
            out[z] += f.stat().st_size
        return dict(out)
