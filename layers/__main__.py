"""Command line: ``python -m layers export --out FILE.html [--offline] [--lang zh|en] [--layers …]
[--parks FILE]``, or ``--out FILE.gpkg [--layers …] [--crs EPSG:4490]`` for the layers as a GeoPackage
(:mod:`layers.export_gpkg`).

Writes a standalone HTML map for a slide or an e-mail, drawing the parks in force (shipped parks with the
user's accepted boundaries, :func:`layers.data.parks_in_force`) like the app. With ``--offline`` every
Leaflet / plugin asset is inlined (no network needed to open it). ``--parks`` adds the user's own parks
file (GeoJSON, GeoPackage, zipped shapefile, KML, CSV/XLSX with lon/lat — read and validated by
``gis.io.read_vector``). Bad input prints one line and exits 1; the output file is written atomically
(temp file, then ``os.replace``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd

from gis.errors import AtlasError, DataValidationError, FileFormatError
from gis.fileio import atomic_path
from gis.import_vocab import IMPORT_DECLARATIONS, declared_quality
from gis.io import read_vector
from layers import cli_basemap
from layers.assets import AssetsMissingError, UnknownAssetError
from layers.basemaps import BasemapKeyError
from layers.cli_print import register as register_print
from layers.data import parks_in_force
from layers.export_gpkg import export_gpkg
from layers.mapbuild import DEFAULT_LAYERS, LAYER_IDS, build_map, map_html

NAME_COLUMNS = ("name_zh", "name", "名称", "园区名称", "NAME", "Name")


def read_user_parks(path: Path, declaration: str | None = None) -> gpd.GeoDataFrame:
    """Read and validate a user's parks file; raises a ``gis.errors`` class on bad input.

    ``declaration`` (:data:`gis.import_vocab.IMPORT_DECLARATIONS`) is what the file is; without one, a file
    without a ``geometry_quality`` column is "user-supplied, not verified".
    """
    if not path.is_file():
        raise FileFormatError(
            "file not found",
            file=str(path),
            hint="check the path given to --parks",
            message_zh="找不到文件",
            hint_zh="请检查 --parks 给出的路径",
        )
    gdf = read_vector(path).gdf
    if len(gdf) == 0:
        raise DataValidationError(
            "no usable features",
            file=path.name,
            hint="the file must hold at least one park",
            message_zh="没有可用的要素",
            hint_zh="文件中至少要有一个园区",
        )
    col = next((c for c in NAME_COLUMNS if c in gdf.columns), None)
    if col is None:
        names = ", ".join(NAME_COLUMNS)
        raise DataValidationError(
            "no name column",
            file=path.name,
            field="name_zh",
            hint=f"add a column named one of {names} with each park's name",
            message_zh="缺少名称列",
            hint_zh=f"请添加名为 {names} 之一的列，写明每个园区的名称",
        )
    gdf = gdf.copy()
    gdf["name_zh"] = gdf[col].astype(str)
    if "name_en" not in gdf.columns:
        gdf["name_en"] = None
    if "geometry_quality" not in gdf.columns or declaration is not None:  # never promoted to "surveyed"
        gdf["geometry_quality"] = [declared_quality(declaration, t) for t in gdf.geometry.geom_type]
    if "id" not in gdf.columns:
        gdf["id"] = [f"user{i + 1}" for i in range(len(gdf))]
    return gdf.set_index(gdf["id"].astype(str).rename("id"), drop=False)


def export(args: argparse.Namespace) -> int:
    """Run ``export``; returns the exit code."""
    try:
        parks = read_user_parks(Path(args.parks), args.declare) if args.parks else None
        if Path(args.out).suffix.lower() == ".gpkg":
            return export_gpkg(args, parks)
        layers = args.layers or list(DEFAULT_LAYERS)
        m = build_map(
            layers=layers,
            lang=args.lang,
            basemap=args.basemap,
            offline=args.offline,
            asset_mode="inline",
            sector=args.sector,
            extra_parks=parks,
            parks=parks_in_force(),
            presentation=args.presentation,
            title=args.title,
            tile_max_zoom=args.tile_max_zoom,
        )
        cli_basemap.export_notes(args.basemap, args.tile_max_zoom)
        html = map_html(m)
    except (AtlasError, AssetsMissingError, UnknownAssetError, BasemapKeyError, ValueError, OSError) as exc:
        print(f"layers export: error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        with atomic_path(out) as tmp:
            tmp.write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"layers export: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    size = len(html.encode("utf-8"))
    print(f"layers export: wrote {out} ({size:,} bytes{', offline' if args.offline else ''})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m layers", description="Fujian Park Atlas map export")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export", help="write a standalone HTML map")
    ex.add_argument("--out", required=True, help="output .html map, or .gpkg for the layers as a GeoPackage")
    ex.add_argument("--offline", action="store_true", help="inline all JS/CSS/fonts (opens with no network)")
    ex.add_argument("--lang", choices=["zh", "en"], default="zh")
    ex.add_argument(
        "--layers",
        nargs="+",
        choices=list(LAYER_IDS),
        metavar="LAYER",
        help=f"layer ids (default: the standard set); any of {', '.join(LAYER_IDS)}",
    )
    ex.add_argument("--parks", help="your own parks file to add as a layer (validated)")
    ex.add_argument(
        "--declare",
        choices=list(IMPORT_DECLARATIONS),
        help="what the --parks file is (default: the file's geometry_quality column, else unverified)",
    )
    ex.add_argument("--sector", type=int, help="专栏10 sector 1–24 for the 'sector' layer")
    ex.add_argument(
        "--basemap",
        default="none",
        help="basemap id: built-in, 'reference', configured or registered (python -m layers basemap list); "
        "web ones need the network, Tianditu reads $TIANDITU_KEY; local packages are embedded",
    )
    ex.add_argument("--tile-max-zoom", type=int, help="deepest zoom of an embedded local tile package")
    ex.add_argument("--presentation", action="store_true", help="large legend and a title block")
    ex.add_argument("--title", help="presentation title")
    ex.add_argument(
        "--crs", choices=["EPSG:4326", "EPSG:4490"], help="GeoPackage CRS: WGS84 (default) or CGCS2000"
    )
    register_print(sub, read_user_parks)
    cli_basemap.register(sub)
    args = parser.parse_args(argv)
    return args.func(args) if hasattr(args, "func") else export(args)


if __name__ == "__main__":
    sys.exit(main())
