"""The rasters page's map: a raster overlay with its legend, the parks and city outlines, an optional online
basemap, and the offline assets (no UI)."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd

from gis.raster import DisplayRaster
from layers.assets import localize
from layers.basemaps import add_basemap
from layers.raster import raster_map


def overlay_map(
    display: DisplayRaster,
    *,
    name_zh: str,
    name_en: str,
    lang: str,
    parks: gpd.GeoDataFrame | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    online: bool = False,
    **kwargs: Any,
) -> folium.Map:
    """:func:`layers.raster.raster_map`, plus OpenStreetMap when ``online``, with assets served locally."""
    fmap = raster_map(
        display, name_zh=name_zh, name_en=name_en, lang=lang, parks=parks, outlines=outlines, **kwargs
    )
    if online:
        add_basemap(fmap, "osm", lang)
    return localize(fmap, "served")
