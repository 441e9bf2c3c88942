"""What a local tile package holds: :class:`TilePackage` (kind, image format, row order, bounds, zooms).

Bounds are WGS84 ``(west, south, east, north)``. Tiles are addressed in XYZ order (row 0 at the top) by
every reader here; a TMS package (row 0 at the bottom, the MBTiles default) is flipped on read.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from gis.errors import FileFormatError

#: Image formats a browser draws as tiles, with their MIME types.
FORMATS: dict[str, str] = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
#: Magic bytes of each format.
_MAGIC: tuple[tuple[bytes, str], ...] = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))
#: Web Mercator latitude limit.
MAX_LAT = 85.0511287798


@dataclass(frozen=True)
class TilePackage:
    """A validated local package. ``kind`` is ``mbtiles`` or ``folder``; ``path`` is absolute."""

    kind: str
    path: str
    format: str
    scheme: str
    bounds: tuple[float, float, float, float]
    minzoom: int
    maxzoom: int
    tiles: int
    size_bytes: int
    attribution: str = ""
    description: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def mime(self) -> str:
        """MIME type of the tiles."""
        return FORMATS[self.format]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (lists for tuples)."""
        d = asdict(self)
        d["bounds"] = list(self.bounds)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TilePackage:
        """Inverse of :meth:`to_dict`."""
        d = dict(d)
        d["bounds"] = tuple(float(v) for v in d["bounds"])
        return cls(**d)


def sniff_format(data: bytes, *, file: str) -> str:
    """``png`` / ``jpg`` / ``webp`` from a tile's first bytes, else a clear error."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic) and (fmt != "webp" or data[8:12] == b"WEBP"):
            return fmt
    if data[:2] == b"\x1f\x8b" or data[:1] == b"\x1a":
        raise FileFormatError(
            "the tiles are vector tiles (pbf), not images",
            file=file,
            hint="export raster tiles (PNG, JPEG or WebP), e.g. QGIS 'Generate XYZ tiles (MBTiles)'",
            message_zh="瓦片是矢量瓦片（pbf），不是图片",
            hint_zh="请导出栅格瓦片（PNG、JPEG 或 WebP），例如 QGIS“生成 XYZ 瓦片（MBTiles）”",
        )
    raise FileFormatError(
        "a tile is not a PNG, JPEG or WebP image",
        file=file,
        hint="re-export the tiles as PNG, JPEG or WebP",
        message_zh="瓦片不是 PNG、JPEG 或 WebP 图片",
        hint_zh="请重新导出为 PNG、JPEG 或 WebP 瓦片",
    )


def mime_of(data: bytes, default: str) -> str:
    """The MIME type a tile's bytes say (PNG edge tiles may sit among JPEG ones), else ``default``."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic) and (fmt != "webp" or data[8:12] == b"WEBP"):
            return FORMATS[fmt]
    return default


def normal_format(value: str) -> str | None:
    """``jpeg``/``image/jpeg``/``JPG`` → ``jpg``; None when not a drawable image format."""
    v = value.strip().lower().removeprefix("image/")
    v = "jpg" if v == "jpeg" else v
    return v if v in FORMATS else None


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """WGS84 bounds of XYZ tile ``z/x/y``."""
    n = 2**z

    def lat(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return (x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y))


def tile_range(bounds: tuple[float, float, float, float], z: int) -> tuple[int, int, int, int]:
    """XYZ tile columns and rows ``(x0, y0, x1, y1)`` (inclusive) covering ``bounds`` at zoom ``z``."""
    w, s, e, n = bounds
    count = 2**z

    def col(lon: float) -> int:
        return min(count - 1, max(0, int((lon + 180) / 360 * count)))

    def row(lat: float) -> int:
        lat = max(-MAX_LAT, min(MAX_LAT, lat))
        r = math.radians(lat)
        return min(count - 1, max(0, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * count)))

    return col(w), row(n), col(e), row(s)


def union_bounds(tiles: list[tuple[int, int, int]]) -> tuple[float, float, float, float]:
    """WGS84 bounds of XYZ tiles ``(z, x, y)``."""
    boxes = [tile_bounds(*t) for t in tiles]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """True when two WGS84 boxes overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def parse_bounds(value: str, *, file: str) -> tuple[float, float, float, float]:
    """MBTiles ``bounds`` metadata ``"west,south,east,north"`` → floats, or a clear error."""
    bad = FileFormatError(
        f"metadata bounds {value!r} are not 'west,south,east,north' in degrees",
        file=file,
        field="bounds",
        hint="fix or delete the 'bounds' row of the metadata table (e.g. 117.9,24.3,118.3,24.7)",
        message_zh=f"元数据 bounds {value!r} 不是“西,南,东,北”（度）",
        hint_zh="请修正或删除 metadata 表的 bounds 行（例如 117.9,24.3,118.3,24.7）",
    )
    try:
        w, s, e, n = (float(v) for v in value.split(","))
    except ValueError:
        raise bad from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise bad
    return (w, s, e, n)
