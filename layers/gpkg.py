"""The GeoPackage of map layers (the map page's download, ``python -m layers export --out x.gpkg``) through
:func:`gis.io.write_gpkg`, the one GeoPackage writer (GeoPackage 1.2, one geometry type per layer, typed
columns with list-of-record columns as child tables, layer and field descriptions; WGS84 or CGCS2000)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd

from gis.io import write
from gis.vocab import EXPORT_FIELDS
from layers.registry import layer_title

__all__ = ["geopackage_bytes", "layer_docs", "write_geopackage"]


def layer_docs(frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, write.LayerDoc]:
    """Descriptions of each layer (its title in both languages) and of the known fields."""
    fields = {key: f"{p.zh} / {p.en}" for key, p in EXPORT_FIELDS.items()}
    return {
        name: write.LayerDoc(
            f"{layer_title(name, 'zh')} / {layer_title(name, 'en')} — 闽园图 Fujian Park Atlas", fields
        )
        for name in frames
    }


def geopackage_bytes(frames: Mapping[str, gpd.GeoDataFrame], *, crs: str | None = None) -> bytes:
    """The shown layers (frames by layer id) as GeoPackage bytes, in WGS84 or ``crs`` (EPSG:4490)."""
    return write.gpkg_bytes(frames, crs=crs, docs=layer_docs(frames))


def write_geopackage(
    frames: Mapping[str, gpd.GeoDataFrame], path: str | Path, *, crs: str | None = None
) -> Path:
    """The layers written to ``path`` atomically (see :func:`geopackage_bytes`)."""
    return write.write_gpkg(frames, path, crs=crs, docs=layer_docs(frames))
