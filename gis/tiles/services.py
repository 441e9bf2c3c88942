"""Tile services the administrator configured: ``[[basemap]]`` tables of the config file
(:func:`gis.settings.config_path`, ``FPA_CONFIG``) and ``FPA_BASEMAPS`` (``name=URL;name=URL``, XYZ).

Each is a :class:`TileService`: a Leaflet URL template (XYZ, or WMTS KVP / RESTful made from the table or
from a saved GetCapabilities document), its datum (``WGS84``, ``CGCS2000`` — drawn as WGS84, centimetres
apart — or ``GCJ-02``, for which overlays are shifted for display), attribution, zooms and an optional key.
The key is a secret: :attr:`TileService.public_url` never holds it; only :meth:`TileService.keyed_url` does,
for the app's own tile proxy and for an export the user asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gis.errors import DataValidationError
from gis.settings import BASEMAPS_ENV, config_path, read_config
from gis.tiles import wmts
from gis.tiles.registry import NAME_RE

DATUMS = ("WGS84", "CGCS2000", "GCJ-02")
KINDS = ("xyz", "wmts")


@dataclass(frozen=True)
class TileService:
    """One configured tile service."""

    name: str
    title_zh: str
    title_en: str
    kind: str
    url: str
    datum: str = "WGS84"
    attribution: str = ""
    subdomains: str = ""
    min_zoom: int = 0
    max_zoom: int = 18
    tms: bool = False
    opacity: float = 1.0
    key: str = ""
    key_param: str = ""
    #: The environment variable the key was to come from (kept to say so when it is not set).
    key_env: str = ""

    @property
    def needs_key(self) -> bool:
        """True when requests carry a key (which must stay on the server)."""
        return bool(self.key)

    @property
    def public_url(self) -> str:
        """The template without the key (``{key}`` left empty, no key parameter)."""
        return self.url.replace("{key}", "")

    def keyed_url(self) -> str:
        """The template with the key (only for the app's proxy or an export that needs it)."""
        url = self.url.replace("{key}", quote(self.key, safe=""))
        if self.key and self.key_param and "{key}" not in self.url:
            url += ("&" if "?" in url else "?") + f"{self.key_param}={quote(self.key, safe='')}"
        return url


def _err(
    name: str, message: str, message_zh: str, field: str, hint: str = "", hint_zh: str = ""
) -> DataValidationError:
    return DataValidationError(
        message,
        file=str(config_path()),
        feature=name,
        field=field,
        hint=hint or None,
        message_zh=message_zh,
        hint_zh=hint_zh or None,
    )


def _wmts_url(name: str, t: dict[str, Any], base: Path) -> tuple[str, int, int]:
    caps_path = t.get("capabilities")
    if caps_path:
        path = Path(str(caps_path)).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise _err(name, f"capabilities file {path} not found", f"找不到能力文档 {path}", "capabilities")
        caps = wmts.parse(path)
        layer = str(t.get("layer") or next(iter(caps.layers), ""))
        return wmts.tile_template(
            caps,
            layer,
            matrix_set=t.get("tile_matrix_set"),
            fmt=t.get("format"),
            style=t.get("style"),
            rest=str(t.get("encoding", "rest")).lower() != "kvp",
            file=path.name,
        )
    for need in ("url", "layer", "tile_matrix_set"):
        if not t.get(need):
            raise _err(
                name,
                f"a WMTS basemap needs '{need}' (or 'capabilities')",
                f"WMTS 底图需要“{need}”（或 capabilities）",
                need,
            )
    url = str(t["url"])
    if "{TileMatrix}" in url:  # RESTful template given directly
        for k, v in {
            "{TileMatrixSet}": str(t["tile_matrix_set"]),
            "{TileMatrix}": f"{t.get('matrix_prefix', '')}{{z}}",
            "{TileRow}": "{y}",
            "{TileCol}": "{x}",
            "{Style}": str(t.get("style", "default")),
        }.items():
            url = url.replace(k, v)
    else:
        url = wmts.kvp_template(
            url,
            str(t["layer"]),
            str(t["tile_matrix_set"]),
            fmt=str(t.get("format", "image/png")),
            style=str(t.get("style", "default")),
            prefix=str(t.get("matrix_prefix", "")),
        )
    return url, int(t.get("min_zoom", 0)), int(t.get("max_zoom", 18))


def service(t: dict[str, Any], base: Path | None = None) -> TileService:
    """One ``[[basemap]]`` table → :class:`TileService` (clear error naming the entry and field)."""
    name = str(t.get("name", "")).strip()
    if not NAME_RE.match(name):
        raise _err(
            name or "?",
            f"basemap name {name!r} must be 1–40 lower-case letters, digits, '-' or '_'",
            f"底图名称 {name!r} 只能由 1–40 个小写字母、数字、“-”或“_”组成",
            "name",
        )
    kind = str(t.get("type", "xyz")).lower()
    if kind not in KINDS:
        raise _err(
            name,
            f"type {kind!r} must be one of {', '.join(KINDS)}",
            f"type {kind!r} 应为 {', '.join(KINDS)} 之一",
            "type",
        )
    datum = str(t.get("crs", "WGS84")).upper().replace("GCJ02", "GCJ-02")
    if datum not in DATUMS:
        raise _err(
            name,
            f"crs {datum!r} must be one of {', '.join(DATUMS)}",
            f"crs {datum!r} 应为 {', '.join(DATUMS)} 之一",
            "crs",
            "tiles in another CRS: publish an EPSG:3857 tile matrix set",
            "其他坐标系的瓦片：请发布 EPSG:3857 瓦片矩阵集",
        )
    if kind == "wmts":
        url, zmin, zmax = _wmts_url(name, t, base or config_path().parent)
    else:
        url = str(t.get("url", ""))
        if not all(p in url for p in ("{z}", "{x}", "{y}")) and "{-y}" not in url:
            raise _err(
                name,
                f"url {url!r} must contain {{z}}, {{x}} and {{y}}",
                f"url {url!r} 须包含 {{z}}、{{x}}、{{y}}",
                "url",
                "e.g. http://gis.example/tiles/{z}/{x}/{y}.png",
                "例如 http://gis.example/tiles/{z}/{x}/{y}.png",
            )
        zmin, zmax = 0, 18
    if not url.lower().startswith(("http://", "https://", "/")):
        raise _err(
            name,
            f"url {url!r} must start with http:// or https://",
            f"url {url!r} 须以 http:// 或 https:// 开头",
            "url",
        )
    key_env = str(t.get("key_env") or "")
    key = str(t.get("key") or (os.environ.get(key_env, "") if key_env else ""))
    title = str(t.get("title") or name)
    return TileService(
        name=name,
        title_zh=str(t.get("title_zh") or title),
        title_en=str(t.get("title_en") or title),
        kind=kind,
        url=url,
        datum=datum,
        attribution=str(t.get("attribution", "")),
        subdomains=str(t.get("subdomains", "")),
        min_zoom=int(t.get("min_zoom", zmin)),
        max_zoom=int(t.get("max_zoom", zmax)),
        tms=bool(t.get("tms", False)),
        opacity=float(t.get("opacity", 1.0)),
        key=key.strip(),
        key_env=key_env,
        key_param=str(t.get("key_param", "")),
    )


def from_env(value: str) -> list[TileService]:
    """``FPA_BASEMAPS`` (``name=URL;name=URL``) → XYZ services."""
    out = []
    for item in (p.strip() for p in value.split(";")):
        if item:
            name, _, url = item.partition("=")
            out.append(service({"name": name.strip(), "type": "xyz", "url": url.strip()}))
    return out


def configured(path: Path | None = None) -> dict[str, TileService]:
    """Every configured service by name (config file first, then ``FPA_BASEMAPS``)."""
    cfg = read_config(path)
    tables = cfg.get("basemap", [])
    if not isinstance(tables, list):
        raise ValueError(f"{path or config_path()}: 'basemap' must be an array of tables ([[basemap]])")
    found = [service(t, (path or config_path()).parent) for t in tables]
    found += from_env(os.environ.get(BASEMAPS_ENV, ""))
    return {s.name: s for s in found}
