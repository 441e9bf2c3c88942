"""WMTS GetCapabilities (OGC 07-057r7): layers, formats, styles, tile matrix sets, the KVP GetTile endpoint
and RESTful ResourceURL templates, and the Leaflet URL template of one layer on a Web Mercator matrix set.

Leaflet draws Web Mercator tiles, so the chosen TileMatrixSet must be Web Mercator compatible (EPSG:3857 /
GoogleMapsCompatible, e.g. Tianditu's ``w``); a geographic one (Tianditu's ``c``, EPSG:4490) is a clear
error naming the compatible sets. TileMatrix identifiers may carry a prefix (``EPSG:3857:12``).
"""

from __future__ import annotations

import math
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from gis.errors import FileFormatError

NS = {
    "wmts": "http://www.opengis.net/wmts/1.0",
    "ows": "http://www.opengis.net/ows/1.1",
    "xlink": "http://www.w3.org/1999/xlink",
}
#: Scale denominator of Web Mercator zoom 0 (256-pixel tiles, 0.28 mm pixels).
Z0_SCALE = 559082264.0287178
_MERC_EDGE = 20037508.3427892


@dataclass(frozen=True)
class Matrix:
    identifier: str
    scale: float
    top_left: tuple[float, float]


@dataclass(frozen=True)
class MatrixSet:
    identifier: str
    crs: str
    matrices: list[Matrix]


@dataclass(frozen=True)
class Layer:
    identifier: str
    title: str
    formats: list[str]
    styles: list[str]
    matrix_sets: list[str]
    resource_urls: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Capabilities:
    layers: dict[str, Layer]
    matrix_sets: dict[str, MatrixSet]
    kvp_url: str | None
    title: str = ""


def _bad(message: str, message_zh: str, file: str, hint: str = "", hint_zh: str = "") -> FileFormatError:
    return FileFormatError(
        message, file=file, hint=hint or None, message_zh=message_zh, hint_zh=hint_zh or None
    )


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def parse(source: bytes | str | Path, *, file: str = "WMTSCapabilities.xml") -> Capabilities:
    """Parse a GetCapabilities document (bytes, text or a path)."""
    if isinstance(source, Path):
        file, source = source.name, source.read_bytes()
    try:
        root = ET.fromstring(source)
    except ET.ParseError as exc:
        raise _bad(f"not an XML document ({exc})", f"不是 XML 文档（{exc}）", file) from None
    if not root.tag.endswith("Capabilities") or root.find("wmts:Contents", NS) is None:
        raise _bad(
            "not a WMTS GetCapabilities document",
            "不是 WMTS GetCapabilities 文档",
            file,
            "save the answer of …?SERVICE=WMTS&REQUEST=GetCapabilities",
            "请保存 …?SERVICE=WMTS&REQUEST=GetCapabilities 的返回内容",
        )
    contents = root.find("wmts:Contents", NS)
    assert contents is not None
    sets = {}
    for ms in contents.findall("wmts:TileMatrixSet", NS):
        matrices = []
        for m in ms.findall("wmts:TileMatrix", NS):
            x, y = (float(v) for v in _text(m.find("wmts:TopLeftCorner", NS)).split()[:2])
            matrices.append(
                Matrix(
                    _text(m.find("ows:Identifier", NS)),
                    float(_text(m.find("wmts:ScaleDenominator", NS))),
                    (x, y),
                )
            )
        ident = _text(ms.find("ows:Identifier", NS))
        sets[ident] = MatrixSet(ident, _text(ms.find("ows:SupportedCRS", NS)), matrices)
    layers = {}
    for lay in contents.findall("wmts:Layer", NS):
        ident = _text(lay.find("ows:Identifier", NS))
        urls = {
            r.get("format", ""): r.get("template", "")
            for r in lay.findall("wmts:ResourceURL", NS)
            if r.get("resourceType") == "tile"
        }
        layers[ident] = Layer(
            ident,
            _text(lay.find("ows:Title", NS)) or ident,
            [_text(f) for f in lay.findall("wmts:Format", NS)],
            [_text(s.find("ows:Identifier", NS)) for s in lay.findall("wmts:Style", NS)] or ["default"],
            [_text(s.find("wmts:TileMatrixSet", NS)) for s in lay.findall("wmts:TileMatrixSetLink", NS)],
            urls,
        )
    kvp = None
    for op in root.findall(".//ows:Operation", NS):
        if op.get("name") == "GetTile":
            for get in op.findall(".//ows:Get", NS):
                values = [_text(v) for v in get.findall(".//ows:Value", NS)]
                if not values or "KVP" in values:
                    kvp = get.get(f"{{{NS['xlink']}}}href")
                    break
    title = _text(root.find("ows:ServiceIdentification/ows:Title", NS))
    return Capabilities(layers, sets, kvp, title)


def fetch(url: str, timeout: float = 15.0) -> bytes:
    """The GetCapabilities document at ``url`` (``REQUEST=GetCapabilities`` added to a bare KVP endpoint)."""
    if "?" not in url and not url.lower().endswith(".xml"):
        url += "?SERVICE=WMTS&REQUEST=GetCapabilities"
    req = urllib.request.Request(url, headers={"User-Agent": "fujian-park-atlas"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return bytes(resp.read())
    except OSError as exc:
        raise FileFormatError(
            f"cannot fetch the capabilities ({exc})",
            file=url,
            hint="check the address and that this machine reaches the service; or save the document by hand",
            message_zh=f"无法获取能力文档（{exc}）",
            hint_zh="请检查地址及本机能否访问该服务；也可手动保存该文档",
        ) from None


def mercator_zooms(ms: MatrixSet, *, file: str = "") -> tuple[str, int, int]:
    """``(identifier prefix, min zoom, max zoom)`` of a Web Mercator matrix set, else a clear error."""
    zooms = []
    for m in ms.matrices:
        z = round(math.log2(Z0_SCALE / m.scale))
        ok = abs(Z0_SCALE / 2**z - m.scale) / m.scale < 0.01
        ok = ok and abs(m.top_left[0] + _MERC_EDGE) < 10 and abs(m.top_left[1] - _MERC_EDGE) < 10
        if not ok or not m.identifier.endswith(str(z)):
            raise _bad(
                f"TileMatrixSet {ms.identifier!r} ({ms.crs}) is not Web Mercator (EPSG:3857)",
                f"TileMatrixSet {ms.identifier!r}（{ms.crs}）不是 Web 墨卡托（EPSG:3857），地图无法显示",
                file,
                "choose the service's EPSG:3857 / GoogleMapsCompatible matrix set (Tianditu: 'w')",
                "请选用该服务的 EPSG:3857 / GoogleMapsCompatible 矩阵集（天地图为 w）",
            )
        zooms.append((z, m.identifier[: len(m.identifier) - len(str(z))]))
    prefixes = {p for _, p in zooms}
    if not zooms or len(prefixes) != 1:
        raise _bad(
            f"TileMatrixSet {ms.identifier!r} has no usable tile matrices",
            f"TileMatrixSet {ms.identifier!r} 没有可用的瓦片矩阵",
            file,
        )
    return prefixes.pop(), min(z for z, _ in zooms), max(z for z, _ in zooms)


def mercator_sets(caps: Capabilities, layer: Layer) -> list[str]:
    """The layer's Web Mercator matrix sets."""
    out = []
    for ident in layer.matrix_sets:
        try:
            mercator_zooms(caps.matrix_sets[ident])
        except (FileFormatError, KeyError):
            continue
        out.append(ident)
    return out


def tile_template(
    caps: Capabilities,
    layer_id: str,
    *,
    matrix_set: str | None = None,
    fmt: str | None = None,
    style: str | None = None,
    rest: bool = True,
    file: str = "",
) -> tuple[str, int, int]:
    """Leaflet URL template ``({z},{x},{y})``, min and max zoom of one layer (RESTful when offered)."""
    layer = caps.layers.get(layer_id)
    if layer is None:
        names = ", ".join(caps.layers) or "none"
        raise _bad(
            f"no layer {layer_id!r} in the capabilities (layers: {names})",
            f"能力文档中没有图层 {layer_id!r}（现有：{names}）",
            file,
        )
    usable = mercator_sets(caps, layer)
    ms_id = matrix_set or (usable[0] if usable else (layer.matrix_sets or [""])[0])
    if ms_id not in caps.matrix_sets or ms_id not in layer.matrix_sets:
        raise _bad(
            f"layer {layer_id!r} has no TileMatrixSet {ms_id!r} (it has {', '.join(layer.matrix_sets)})",
            f"图层 {layer_id!r} 没有 TileMatrixSet {ms_id!r}（现有 {', '.join(layer.matrix_sets)}）",
            file,
        )
    prefix, zmin, zmax = mercator_zooms(caps.matrix_sets[ms_id], file=file)
    fmt = fmt or (layer.formats[0] if layer.formats else "image/png")
    style = style or layer.styles[0]
    matrix = f"{prefix}{{z}}"
    if rest and layer.resource_urls:
        tpl = layer.resource_urls.get(fmt) or next(iter(layer.resource_urls.values()))
        for k, v in {
            "{TileMatrixSet}": ms_id,
            "{TileMatrix}": matrix,
            "{TileRow}": "{y}",
            "{TileCol}": "{x}",
            "{Style}": style,
            "{style}": style,
        }.items():
            tpl = tpl.replace(k, v)
        return tpl, zmin, zmax
    if not caps.kvp_url:
        raise _bad(
            "the capabilities offer neither a KVP GetTile endpoint nor a ResourceURL",
            "能力文档既没有 KVP GetTile 地址，也没有 ResourceURL",
            file,
        )
    base = caps.kvp_url.rstrip("?&")
    sep = "&" if "?" in base else "?"
    query = (
        f"SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer_id}&STYLE={style}&TILEMATRIXSET={ms_id}"
        f"&TILEMATRIX={matrix}&TILEROW={{y}}&TILECOL={{x}}&FORMAT={fmt}"
    )
    return f"{base}{sep}{query}", zmin, zmax


def kvp_template(
    url: str, layer: str, matrix_set: str, *, fmt: str = "image/png", style: str = "default", prefix: str = ""
) -> str:
    """Leaflet template of a KVP WMTS endpoint given without capabilities."""
    base = url.rstrip("?&")
    sep = "&" if "?" in base else "?"
    return (
        f"{base}{sep}SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE={style}"
        f"&TILEMATRIXSET={matrix_set}&TILEMATRIX={prefix}{{z}}&TILEROW={{y}}&TILECOL={{x}}&FORMAT={fmt}"
    )
