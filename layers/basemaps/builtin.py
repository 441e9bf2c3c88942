"""Built-in basemaps: none (the offline default), OpenStreetMap, Tianditu vector / imagery with Chinese or
English labels, and Gaode (GCJ-02).

Tianditu (天地图) is CGCS2000 ≈ WGS84, needs a key (``tk``) the user gives in the sidebar or in the
environment variable ``TIANDITU_KEY``; the key is passed in and never stored. Gaode tiles are GCJ-02: our
WGS84 overlays are shifted to GCJ-02 *for display only* (:func:`needs_gcj02`, ``layers.data.display_shift``)
and the layer name and attribution say so. Every basemap carries its attribution.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from gis.text import text

#: Basemap ids in the order the sidebar shows them.
BASEMAPS: tuple[str, ...] = ("none", "osm", "tianditu_vec", "tianditu_img", "gaode")

TITLES: dict[str, tuple[str, str]] = {
    "none": ("无底图（仅行政界线，离线）", "None (boundaries only, offline)"),
    "osm": ("OpenStreetMap", "OpenStreetMap"),
    "tianditu_vec": ("天地图 矢量", "Tianditu vector"),
    "tianditu_img": ("天地图 影像", "Tianditu imagery"),
    "gaode": ("高德地图（GCJ-02，叠加层已偏移显示）", "Gaode (GCJ-02; overlays shifted for display)"),
}

_TDT = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
)
_TDT_ATTR = (
    '© <a href="https://www.tianditu.gov.cn/">天地图 Tianditu</a>（国家地理信息公共服务平台）'
    " — 审图号见天地图网站 / map review number (审图号): see tianditu.gov.cn"
)
_OSM_ATTR = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
_GAODE_ATTR = (
    "© 高德地图 AutoNavi（GCJ-02；本图叠加层已由 WGS84 偏移至 GCJ-02 仅供显示 / "
    "overlays shifted WGS84→GCJ-02 for display only）"
)
_KEY_RE = re.compile(r"^[A-Za-z0-9]{16,64}$")


class BasemapKeyError(ValueError):
    """A Tianditu basemap was chosen without a usable key."""


@dataclass(frozen=True)
class TileSpec:
    """One tile layer: URL template, attribution, subdomains, name."""

    url: str
    attribution: str
    subdomains: str
    name: str
    overlay: bool = False
    #: Leaflet options beyond the URL (``bounds``, ``maxNativeZoom``, ``opacity``, ``tms`` …), camelCase.
    options: dict | None = None


def builtin_gcj02(basemap: str) -> bool:
    """True for the built-in GCJ-02 basemap (Gaode)."""
    return basemap == "gaode"


def tianditu_key(key: str | None = None) -> str | None:
    """The key passed in, else ``$TIANDITU_KEY``, else None (stripped; never stored)."""
    value = (key or os.environ.get("TIANDITU_KEY") or "").strip()
    return value or None


def builtin_attribution(basemap: str) -> str:
    """Attribution HTML of a built-in ``basemap`` (empty for ``none``)."""
    return {"osm": _OSM_ATTR, "tianditu_vec": _TDT_ATTR, "tianditu_img": _TDT_ATTR, "gaode": _GAODE_ATTR}.get(
        basemap, ""
    )


def builtin_tile_specs(basemap: str, lang: str = "zh", key: str | None = None) -> list[TileSpec]:
    """The tile layers making up a built-in ``basemap`` (base first, then label overlay).

    Raises
    ------
    ValueError
        Unknown basemap.
    BasemapKeyError
        Tianditu without a key (or a key with characters other than letters and digits).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; choose one of {', '.join(BASEMAPS)}")
    zh, en = TITLES[basemap]
    name = text(lang, zh, en)
    if basemap == "none":
        return []
    if basemap == "osm":
        return [TileSpec("https://tile.openstreetmap.org/{z}/{x}/{y}.png", _OSM_ATTR, "abc", name)]
    if basemap == "gaode":
        url = (
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
        )
        return [TileSpec(url, _GAODE_ATTR, "1234", name)]
    tk = tianditu_key(key)
    if tk is None:
        raise BasemapKeyError(
            "Tianditu needs a key: enter it in the sidebar or set the environment variable TIANDITU_KEY "
            "(free at https://console.tianditu.gov.cn/); choose another basemap meanwhile"
        )
    if not _KEY_RE.match(tk):
        raise BasemapKeyError("the Tianditu key should be 16–64 letters or digits; check what was pasted")
    base, label = (
        ("vec", text(lang, "cva", "eva")) if basemap == "tianditu_vec" else ("img", text(lang, "cia", "eia"))
    )
    lbl_name = text(lang, "天地图注记", "Tianditu labels")
    return [
        TileSpec(
            _TDT.format(s="{s}", layer=base, z="{z}", y="{y}", x="{x}", key=tk), _TDT_ATTR, "01234567", name
        ),
        TileSpec(
            _TDT.format(s="{s}", layer=label, z="{z}", y="{y}", x="{x}", key=tk),
            _TDT_ATTR,
            "01234567",
            lbl_name,
            overlay=True,
        ),
    ]
