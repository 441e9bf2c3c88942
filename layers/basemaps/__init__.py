"""Basemaps: the built-ins (none, OpenStreetMap, Tianditu, Gaode), the offline reference map, the
administrator's configured tile services and the user's registered local tile packages — one list
(:mod:`layers.basemaps.catalog`).

Keys stay on the server: on a page a configured service with a key is drawn through the app's own tile
route (``serve.py``), and only a standalone export (``standalone=True``) writes the key into the file — the
caller tells the user (:func:`export_key_warning`). Local packages are drawn from the app's own origin on a
page and embedded as ``data:`` tiles in a standalone export (:mod:`layers.basemaps.embed`). Every basemap
layer warns once when its tiles fail (:mod:`layers.basemaps.notice`).
"""

from __future__ import annotations

import folium

from gis.settings import TILE_ROUTE_PREFIX
from gis.text import text
from layers.basemaps.builtin import (
    BASEMAPS,
    TITLES,
    BasemapKeyError,
    TileSpec,
    builtin_tile_specs,
    tianditu_key,
)
from layers.basemaps.catalog import (
    REFERENCE,
    Choice,
    attribution,
    basemap_ids,
    choices,
    config_problem,
    known,
    local_entry,
    needs_gcj02,
    route_url,
    service,
    title,
)
from layers.basemaps.embed import EmbeddedTiles, EmbedPlan, plan
from layers.basemaps.notice import TileErrorNotice, tile_error_message
from layers.basemaps.sheet import sheet_image

__all__ = [
    "BASEMAPS",
    "REFERENCE",
    "TITLES",
    "BasemapKeyError",
    "Choice",
    "EmbedPlan",
    "TileSpec",
    "add_basemap",
    "attribution",
    "basemap_ids",
    "choices",
    "config_problem",
    "export_key_warning",
    "known",
    "needs_gcj02",
    "plan",
    "sheet_image",
    "tianditu_key",
    "tile_specs",
    "title",
]


def _unknown(basemap: str) -> ValueError:
    return ValueError(f"unknown basemap {basemap!r}; choose one of {', '.join(basemap_ids())}")


def tile_specs(
    basemap: str, lang: str = "zh", key: str | None = None, *, standalone: bool = False
) -> list[TileSpec]:
    """The tile layers making up ``basemap`` (base first, then label overlay); none for ``none`` and the
    reference map (drawn from vector data, ``layers.boundaries.reference_layers``) and for a local package
    in a standalone file (embedded instead, :class:`EmbeddedTiles`).

    Raises
    ------
    ValueError
        Unknown basemap.
    BasemapKeyError
        Tianditu without a key (or a key with characters other than letters and digits).
    """
    if basemap in BASEMAPS:
        return builtin_tile_specs(basemap, lang, key)
    if basemap == REFERENCE:
        return []
    name = title(basemap, lang)
    svc = service(basemap)
    if svc is not None:
        url = svc.keyed_url() if standalone else (route_url(basemap) if svc.needs_key else svc.public_url)
        opts: dict = {"minZoom": svc.min_zoom, "maxNativeZoom": svc.max_zoom, "opacity": svc.opacity}
        if svc.tms and not (svc.needs_key and not standalone):
            opts["tms"] = True
        return [TileSpec(url, attribution(basemap, lang), svc.subdomains or "abc", name, options=opts)]
    entry = local_entry(basemap)
    if entry is None:
        raise _unknown(basemap)
    if standalone:
        return []
    return [
        TileSpec(route_url(basemap), attribution(basemap, lang), "abc", name, options=_local_options(basemap))
    ]


def _local_options(basemap: str) -> dict:
    entry = local_entry(basemap)
    assert entry is not None
    p = entry.package
    w, s, e, n = p.bounds
    return {
        "bounds": [[s, w], [n, e]],
        "minZoom": max(0, p.minzoom - 3),
        "minNativeZoom": p.minzoom,
        "maxNativeZoom": p.maxzoom,
        "opacity": entry.opacity,
    }


def export_key_warning(basemap: str, lang: str = "en") -> str | None:
    """What to tell the user when a standalone export of ``basemap`` carries a key (None: no key)."""
    svc = service(basemap)
    if svc is None or not svc.needs_key:
        return None
    return text(
        lang,
        f"注意：导出的文件包含底图“{svc.title_zh}”的密钥（瓦片地址需要它）；请只在单位内部分享。",
        f"note: the exported file contains the key of basemap “{svc.title_en}” (its tile URLs need it); "
        "share it only inside your office.",
    )


def add_basemap(
    m: folium.Map,
    basemap: str,
    lang: str = "zh",
    key: str | None = None,
    *,
    standalone: bool = False,
    tile_max_zoom: int | None = None,
) -> list:
    """Add ``basemap``'s tile layers to ``m`` (not listed in the layer control) with the tile-failure
    warning; return them. A local package in a ``standalone`` file is embedded (:func:`plan` first)."""
    if not known(basemap):
        raise _unknown(basemap)
    out: list = []
    for spec in tile_specs(basemap, lang, key, standalone=standalone):
        layer = folium.TileLayer(
            tiles=spec.url,
            attr=spec.attribution,
            name=spec.name,
            subdomains=spec.subdomains,
            overlay=spec.overlay,
            control=False,
            max_zoom=18,
            **{_snake(k): v for k, v in (spec.options or {}).items()},
        )
        layer.add_to(m)
        out.append(layer)
    entry = local_entry(basemap)
    if standalone and entry is not None:
        opts = {k: v for k, v in _local_options(basemap).items() if "Native" not in k}
        opts["attribution"] = attribution(basemap, lang)
        emb = EmbeddedTiles(entry, plan(entry, tile_max_zoom), opts)
        emb.add_to(m)
        out.append(emb)
    if out:
        here = not standalone and any(getattr(x, "tiles", "").startswith(TILE_ROUTE_PREFIX) for x in out)
        message = tile_error_message(title(basemap, lang), lang, served_here=here)
        TileErrorNotice([x.get_name() for x in out], message).add_to(m)
    return out


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
