"""``python -m layers export --out FILE.gpkg [--layers …] [--crs EPSG:4490] [--parks FILE]``: the same
GeoPackage as the map page's download (:func:`layers.gpkg.write_geopackage`), written atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd

from gis.errors import AtlasError
from layers.data import parks_in_force
from layers.gpkg import write_geopackage
from layers.registry import DEFAULT_LAYERS, layer_frames


def export_gpkg(args: argparse.Namespace, user_parks: gpd.GeoDataFrame | None) -> int:
    """Write the chosen layers (and the user's parks as ``user_parks``) as a GeoPackage; the exit code."""
    out = Path(args.out)
    try:
        frames = layer_frames(list(args.layers or DEFAULT_LAYERS), sector=args.sector, parks=parks_in_force())
        if user_parks is not None and len(user_parks):
            frames["user_parks"] = user_parks
        write_geopackage(frames, out, crs=args.crs)
    except AtlasError as exc:
        print(f"layers export: error: {exc}", file=sys.stderr)
        return 1
    print(f"layers export: wrote {out} ({', '.join(frames)}; {args.crs or 'EPSG:4326'})")
    return 0
