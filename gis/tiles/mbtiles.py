"""MBTiles files (SQLite): validate one (:func:`inspect`) and read tiles from it (:class:`MBTilesReader`).

Checks, each a clear :class:`gis.errors.FileFormatError` naming the file: it is SQLite; it has a ``tiles``
table or view with ``zoom_level, tile_column, tile_row, tile_data``; it holds at least one tile and no
0-byte tile; tiles are PNG, JPEG or WebP (``format`` metadata, else sniffed); ``bounds`` metadata parse;
the zoom range comes from ``minzoom``/``maxzoom`` metadata, else from the tiles. Rows are TMS (MBTiles
spec) unless ``scheme`` says ``xyz`` or only XYZ order matches the stated bounds.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from gis.errors import FileFormatError
from gis.tiles.package import (
    TilePackage,
    normal_format,
    overlaps,
    parse_bounds,
    sniff_format,
    union_bounds,
)

_COLUMNS = {"zoom_level", "tile_column", "tile_row", "tile_data"}
#: Where packages for this atlas can be (China, generously): used to tell TMS from XYZ rows.
CHINA = (70.0, 15.0, 140.0, 56.0)


def _error(message: str, message_zh: str, file: str, hint: str, hint_zh: str) -> FileFormatError:
    return FileFormatError(message, file=file, hint=hint, message_zh=message_zh, hint_zh=hint_zh)


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection (never creates or changes the file)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _metadata(con: sqlite3.Connection) -> dict[str, str]:
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
    if "metadata" not in names:
        return {}
    return {str(k).strip().lower(): str(v) for k, v in con.execute("SELECT name, value FROM metadata")}


def _check_schema(con: sqlite3.Connection, file: str) -> None:
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE name = 'tiles' AND type IN ('table', 'view')"
        ).fetchone()
    except sqlite3.DatabaseError:
        raise _error(
            "not an MBTiles file (not an SQLite database)",
            "不是 MBTiles 文件（不是 SQLite 数据库）",
            file,
            "choose an .mbtiles file, e.g. from QGIS 'Generate XYZ tiles (MBTiles)'",
            "请选择 .mbtiles 文件，例如 QGIS“生成 XYZ 瓦片（MBTiles）”导出的文件",
        ) from None
    if row is None:
        raise _error(
            "no 'tiles' table: this SQLite file is not an MBTiles package",
            "没有 tiles 表：该 SQLite 文件不是 MBTiles 瓦片包",
            file,
            "export the tiles again as MBTiles",
            "请重新导出为 MBTiles",
        )
    cols = {r[1] for r in con.execute("PRAGMA table_info(tiles)")}
    missing = sorted(_COLUMNS - cols)
    if missing:
        raise _error(
            f"the 'tiles' table lacks column(s) {', '.join(missing)}",
            f"tiles 表缺少列 {', '.join(missing)}",
            file,
            "an MBTiles tiles table has zoom_level, tile_column, tile_row, tile_data",
            "MBTiles 的 tiles 表应有 zoom_level、tile_column、tile_row、tile_data 列",
        )


def _scheme(
    meta: dict[str, str], bounds: tuple | None, sample: list[tuple[int, int, int]]
) -> tuple[str, str]:
    """Row order and a note when it was inferred."""
    stated = meta.get("scheme", "").strip().lower()
    if stated in ("tms", "xyz"):
        return stated, ""
    as_tms = union_bounds([(z, x, 2**z - 1 - y) for z, x, y in sample])
    as_xyz = union_bounds(sample)
    ref = bounds or CHINA
    if not overlaps(as_tms, ref) and overlaps(as_xyz, ref):
        return "xyz", "rows are in XYZ order (only XYZ order matches the bounds) / 行号为 XYZ 顺序"
    return "tms", ""


def inspect(path: Path) -> TilePackage:
    """Validate the MBTiles file at ``path`` and describe it; raises ``FileFormatError`` when unusable."""
    file = path.name
    if not path.is_file():
        raise _error("file not found", "找不到文件", str(path), "check the path", "请检查路径")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise _error(
                "not an MBTiles file (not an SQLite database)",
                "不是 MBTiles 文件（不是 SQLite 数据库）",
                file,
                "choose an .mbtiles file, e.g. from QGIS 'Generate XYZ tiles (MBTiles)'",
                "请选择 .mbtiles 文件，例如 QGIS“生成 XYZ 瓦片（MBTiles）”导出的文件",
            )
    con = connect(path)
    try:
        _check_schema(con, file)
        meta = _metadata(con)
        count, zmin, zmax, empty = con.execute(
            "SELECT COUNT(*), MIN(zoom_level), MAX(zoom_level), "
            "SUM(CASE WHEN tile_data IS NULL OR length(tile_data) = 0 THEN 1 ELSE 0 END) FROM tiles"
        ).fetchone()
        if not count:
            raise _error(
                "the package holds no tiles",
                "瓦片包中没有瓦片",
                file,
                "export it again with a zoom range that covers your area",
                "请用覆盖所需范围的缩放级别重新导出",
            )
        if empty:
            raise _error(
                f"{empty} tile(s) are empty (0 bytes): the export was cut short",
                f"有 {empty} 个瓦片为空（0 字节）：导出未完成",
                file,
                "export the package again and let it finish",
                "请重新导出并等待导出完成",
            )
        first = con.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()[0]
        fmt = normal_format(meta.get("format", "")) or sniff_format(bytes(first), file=file)
        sniff_format(bytes(first), file=file)
        bounds = parse_bounds(meta["bounds"], file=file) if meta.get("bounds", "").strip() else None
        sample = [
            (int(z), int(x), int(y))
            for z, x, y in con.execute(
                "SELECT zoom_level, tile_column, tile_row FROM tiles WHERE zoom_level = ? LIMIT 64", (zmin,)
            )
        ]
        scheme, note = _scheme(meta, bounds, sample)
        if bounds is None:
            xyz = sample if scheme == "xyz" else [(z, x, 2**z - 1 - y) for z, x, y in sample]
            bounds = union_bounds(xyz)
        minzoom = int(meta["minzoom"]) if meta.get("minzoom", "").strip().isdigit() else int(zmin)
        maxzoom = int(meta["maxzoom"]) if meta.get("maxzoom", "").strip().isdigit() else int(zmax)
    finally:
        con.close()
    return TilePackage(
        kind="mbtiles",
        path=str(path.resolve()),
        format=fmt,
        scheme=scheme,
        bounds=bounds,
        minzoom=min(minzoom, int(zmin)),
        maxzoom=max(maxzoom, int(zmax)),
        tiles=int(count),
        size_bytes=path.stat().st_size,
        attribution=meta.get("attribution", ""),
        description=meta.get("description", "") or meta.get("name", ""),
        notes=[note] if note else [],
    )


class MBTilesReader:
    """Reads XYZ-addressed tiles from one MBTiles file; one read-only connection per thread."""

    def __init__(self, path: Path, scheme: str = "tms") -> None:
        self.path = Path(path)
        self.scheme = scheme
        self._local = threading.local()

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = connect(self.path)
            self._local.con = con
        return con

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """Bytes of XYZ tile ``z/x/y``, or None when the package has none there."""
        row = (2**z - 1 - y) if self.scheme == "tms" else y
        hit = (
            self._con()
            .execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, row),
            )
            .fetchone()
        )
        return bytes(hit[0]) if hit and hit[0] else None

    def tiles(self, zooms: range) -> list[tuple[int, int, int, bytes]]:
        """Every tile at ``zooms`` as ``(z, x, y_xyz, data)`` (for embedding in an export)."""
        out = []
        for z in zooms:
            for x, row, data in self._con().execute(
                "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ?", (z,)
            ):
                y = (2**z - 1 - row) if self.scheme == "tms" else row
                out.append((z, int(x), int(y), bytes(data)))
        return out

    def bytes_per_zoom(self) -> dict[int, int]:
        """Total tile bytes at each zoom (for export size estimates)."""
        rows = self._con().execute("SELECT zoom_level, SUM(length(tile_data)) FROM tiles GROUP BY zoom_level")
        return {int(z): int(n or 0) for z, n in rows}
