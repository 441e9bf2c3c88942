"""``python -m gis raster {density,zonal,info}``: the density GeoTIFF and zonal statistics from the command
line (services in :mod:`gis.raster.service`).

The plan-based figure (the petrochemical target split equally, an assumption) needs the plan data, which
``gis`` never imports: it is ``python -m clusters density`` (:mod:`clusters.raster_inputs`), with the same
options. Data errors print one line (``error: …``) and exit 1 (handled by ``gis/__main__.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis import raster
from gis.jobs import StderrProgress
from gis.raster.budget import memory_guard
from gis.raster.service import ValuesFor

#: Line of the ``--help`` epilog naming the plan-based figure and where it lives.
PLAN_FIGURE_NOTE = (
    f"  {raster.PETROCHEM_SPLIT_FIGURE}: the plan's petrochemical target split equally across the "
    "petrochemical parks (an assumption) — needs the plan data: python -m clusters density"
)


def load_parks(with_store: bool) -> gpd.GeoDataFrame:
    """The parks the command uses (a seam for tests): :func:`gis.raster.load_parks_for_rasters`."""
    return raster.load_parks_for_rasters(with_store)


def figures_epilog(table: pd.DataFrame, *, extra: str = "") -> str:
    """The ``--help`` list of figures (key, labels, unit, years, parks)."""
    if table.empty:
        return "figures: (shipped parks could not be loaded)"
    lines = ["figures available in the shipped parks / 可选指标 (--figure):"]
    for key, row in table.iterrows():
        years = ",".join(row["years"]) or "-"
        lines.append(
            f"  {key:<40} {row['label_zh']} / {row['label_en']} [{row['unit']}] years {years}; "
            f"{row['n_parks']} parks"
        )
    return "\n".join(lines + ([extra] if extra else []))


def add_density_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of a density command (shared by ``python -m gis raster density`` and ``python -m clusters
    density``)."""
    parser.add_argument("--out", required=True, type=Path, help="GeoTIFF to write (.tif)")
    parser.add_argument(
        "--figure", default=raster.DEFAULT_FIGURE, help=f"figure key (default {raster.DEFAULT_FIGURE})"
    )
    parser.add_argument("--year", default=None, help="year of the figure (default: each park's latest)")
    parser.add_argument(
        "--cell", type=float, default=raster.DEFAULT_CELL_M, help="cell size in metres (default 1000)"
    )
    parser.add_argument(
        "--kernel-radius",
        type=float,
        default=raster.DEFAULT_KERNEL_RADIUS_M,
        help="kernel radius around park points, metres (default 5000)",
    )
    _with_store(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show the stages on stderr (default: when stderr is a terminal; never on stdout)",
    )


def _with_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--with-store",
        action="store_true",
        help="use the user's accepted park boundaries from the user store (FPA_STORE) where present",
    )


def _add_zonal_arguments(zon: argparse.ArgumentParser) -> None:
    zon.add_argument("--raster", required=True, type=Path, help="raster file (GeoTIFF)")
    kind = zon.add_mutually_exclusive_group()
    kind.add_argument(
        "--categorical",
        action="store_true",
        help="share of each class (default when it has a colour table, category names or a class tag)",
    )
    kind.add_argument("--continuous", action="store_true", help="mean/min/max/sum")
    zon.add_argument("--band", type=int, default=1)
    zon.add_argument(
        "--point-mode",
        choices=("buffer", "cell"),
        default="buffer",
        help="zone of a point park: a disc (default) or the one cell under it",
    )
    zon.add_argument(
        "--point-buffer",
        type=float,
        default=raster.POINT_BUFFER_M,
        help="disc radius for point parks, metres (default 1000)",
    )
    _with_store(zon)
    zon.add_argument(
        "--out", type=Path, default=None, help="write the table as CSV (UTF-8 with BOM), or FILE.xlsx"
    )
    zon.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of the --out table's headers (default zh)",
    )
    zon.add_argument("--json", action="store_true", help="print JSON records")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``density``, ``zonal`` and ``info`` subcommands."""
    sub = parser.add_subparsers(dest="raster_command", required=True)
    dens = sub.add_parser(
        "density",
        help="write the output-density GeoTIFF / 输出密度栅格",
        description="Spread a park figure over an equal-area grid and write a GeoTIFF (QGIS opens it as is).",
        epilog=figures_epilog(raster.park_figure_choices(), extra=PLAN_FIGURE_NOTE),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_density_arguments(dens)
    zon = sub.add_parser(
        "zonal",
        help="zonal statistics of a raster per park / 园区分区统计",
        description="Per-park statistics of a user raster (any CRS), read one window per park.",
    )
    _add_zonal_arguments(zon)
    info = sub.add_parser("info", help="describe a raster / 栅格信息")
    info.add_argument("--raster", required=True, type=Path)


def _progress(args: argparse.Namespace) -> StderrProgress | None:
    """The stderr reporter when asked for (``--progress``) or when stderr is a terminal."""
    show = getattr(args, "progress", None)
    return StderrProgress() if (sys.stderr.isatty() if show is None else show) else None


def run_density(
    args: argparse.Namespace, parks: gpd.GeoDataFrame, choices: pd.DataFrame, values: ValuesFor
) -> int:
    """Check the figure, write the GeoTIFF, print the summary; exit 1 when the sum check fails."""
    raster.check_figure(args.figure, choices)
    surface, path = raster.density_geotiff(
        values(parks, args.figure, args.year),
        args.out,
        cell=args.cell,
        kernel_radius=args.kernel_radius,
        figure=args.figure,
        progress=_progress(args),
    )
    summary = raster.density_summary(surface, path)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(
            f"wrote {path}: {summary['rows']}×{summary['cols']} cells of {surface.cell_m:g} m, "
            f"{summary['parks']} parks, figure {surface.figure} ({surface.year}, {surface.unit})"
        )
        if surface.assumption:
            print(f"assumption: {surface.assumption}")
        print(surface.check.text("en"))
    return 0 if surface.check.ok else 1


def _density(args: argparse.Namespace) -> int:
    parks = load_parks(args.with_store)
    if args.figure == raster.PETROCHEM_SPLIT_FIGURE:
        raster.park_figure_values(parks, args.figure, args.year)  # raises: it needs the plan data
    return run_density(args, parks, raster.park_figure_choices(parks), raster.park_figure_values)


def _zonal(args: argparse.Namespace) -> int:
    cat = True if args.categorical else (False if args.continuous else None)
    result = raster.zonal_stats(
        args.raster,
        load_parks(args.with_store),
        band=args.band,
        categorical=cat,
        point_mode=args.point_mode,
        point_buffer_m=args.point_buffer,
    )
    if args.out:
        raster.write_zonal_csv(result, args.out, args.lang)
    if args.json:
        print(json.dumps(raster.zonal_document(result), ensure_ascii=False, default=str))
        return 0
    table = result.table
    counts = table["status"].value_counts().to_dict()
    kind = "categorical" if result.categorical else "continuous"
    print(f"{args.raster}: {kind}; parks " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    cols = ["name_zh", "status", "covered_fraction", "count"] + (
        [c for c in table.columns if c.startswith("share_")] + ["majority"]
        if result.categorical
        else ["mean", "min", "max", "sum"]
    )
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_rows", 500):
        print(table[[c for c in cols if c in table.columns]].round(4).to_string())
    return 0


def _info(args: argparse.Namespace) -> int:
    print(json.dumps(raster.raster_info(args.raster), ensure_ascii=False, default=str, indent=1))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the chosen raster subcommand; return the exit code."""
    handler = {"density": _density, "zonal": _zonal, "info": _info}[args.raster_command]
    with memory_guard(str(getattr(args, "raster", "") and Path(args.raster).name) or "raster"):
        return handler(args)


if __name__ == "__main__":  # pragma: no cover - use ``python -m gis raster``
    sys.exit("use: python -m gis raster …")
