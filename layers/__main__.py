"""Command line: ``python -m layers export --out FILE.html [--offline] [--lang zh|en] [--layers …] [--parks FILE]``.

Writes a standalone HTML map for a slide or an e-mail. With ``--offline`` every Leaflet / plugin asset is
inlined (no network needed to open it). ``--parks`` adds the user's own parks file (GeoJSON, GeoPackage,
zipped shapefile, KML, CSV/XLSX with lon/lat — read and validated by ``gis.io.read_vector``). Bad input prints
one line and exits 1; the output file is written atomically (temp file, then ``os.replace``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME_COLUMNS = ("name_zh", "name", "名称", "园区名称", "NAME", "Name")


def read_user_parks(path: Path):  # noqa: ANN201 - GeoDataFrame (imported lazily)
    """Read and validate a user's parks file; raises a ``gis.errors`` class on bad input."""
    from gis.errors import DataValidationError, FileFormatError

    if not path.is_file():
        raise FileFormatError("file not found", file=str(path), hint="check the path given to --parks")
    try:
        from gis.io import read_vector
    except ImportError:  # pragma: no cover - gis.io ships with the project
        import geopandas as gpd

        gdf = gpd.read_file(path)
    else:
        gdf = read_vector(path).gdf
    if len(gdf) == 0:
        raise DataValidationError(
            "no usable features", file=path.name, hint="the file must hold at least one park"
        )
    col = next((c for c in NAME_COLUMNS if c in gdf.columns), None)
    if col is None:
        raise DataValidationError(
            "no name column",
            file=path.name,
            field="name_zh",
            hint=f"add a column named one of {', '.join(NAME_COLUMNS)} with each park's name",
        )
    gdf = gdf.copy()
    gdf["name_zh"] = gdf[col].astype(str)
    if "name_en" not in gdf.columns:
        gdf["name_en"] = None
    if "geometry_quality" not in gdf.columns:
        gdf["geometry_quality"] = gdf.geometry.geom_type.map(
            lambda t: "boundary" if "Polygon" in str(t) else "point"
        )
    if "id" not in gdf.columns:
        gdf["id"] = [f"user{i + 1}" for i in range(len(gdf))]
    return gdf.set_index(gdf["id"].astype(str).rename("id"), drop=False)


def export(args: argparse.Namespace) -> int:
    """Run ``export``; returns the exit code."""
    from gis.errors import AtlasError
    from layers.assets import AssetsMissingError, UnknownAssetError
    from layers.basemaps import BasemapKeyError
    from layers.mapbuild import DEFAULT_LAYERS, build_map, map_html

    try:
        parks = read_user_parks(Path(args.parks)) if args.parks else None
        layers = args.layers or list(DEFAULT_LAYERS)
        m = build_map(
            layers=layers,
            lang=args.lang,
            basemap=args.basemap,
            offline=args.offline,
            asset_mode="inline",
            sector=args.sector,
            extra_parks=parks,
            presentation=args.presentation,
            title=args.title,
        )
        html = map_html(m)
    except (AtlasError, AssetsMissingError, UnknownAssetError, BasemapKeyError, ValueError, OSError) as exc:
        print(f"layers export: error: {exc}", file=sys.stderr)
        return 1
    from gis.fileio import atomic_path

    out = Path(args.out)
    try:
        with atomic_path(out) as tmp:
            tmp.write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"layers export: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    print(
        f"layers export: wrote {out} ({len(html.encode('utf-8')):,} bytes{', offline' if args.offline else ''})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    from layers.basemaps import BASEMAPS
    from layers.mapbuild import LAYER_IDS

    parser = argparse.ArgumentParser(prog="python -m layers", description="Fujian Park Atlas map export")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export", help="write a standalone HTML map")
    ex.add_argument("--out", required=True, help="output .html file")
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
    ex.add_argument("--sector", type=int, help="专栏10 sector 1–24 for the 'sector' layer")
    ex.add_argument(
        "--basemap",
        choices=list(BASEMAPS),
        default="none",
        help="tile basemap (needs network; Tianditu reads $TIANDITU_KEY)",
    )
    ex.add_argument("--presentation", action="store_true", help="large legend and a title block")
    ex.add_argument("--title", help="presentation title")
    args = parser.parse_args(argv)
    return export(args)


if __name__ == "__main__":
    sys.exit(main())
