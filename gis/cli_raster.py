"""``python -m gis raster {density,zonal,info}``: the density GeoTIFF and zonal statistics from the command line.

Data errors print one line (``error: …``) and exit 1 (handled by ``gis/__main__.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gis import raster
from gis.errors import AtlasError, DataValidationError, FileFormatError


def _load_parks(with_store: bool = False) -> gpd.GeoDataFrame:
    """Shipped parks; with ``with_store``, the user's accepted boundaries win (``gis.store.merged_parks``).

    The store is only read when its file exists (reading would create it).
    """
    from gis.parks import load_parks

    parks = load_parks()
    if not with_store:
        return parks
    from gis.settings import user_store_path

    if not user_store_path().is_file():
        return parks
    from gis.store import merged_parks

    return merged_parks(parks=parks)


def load_parks_for_rasters(with_store: bool = True) -> gpd.GeoDataFrame:
    """Parks used by the rasters page: shipped parks plus the user's accepted boundaries (when a store exists)."""
    return _load_parks(with_store)


def petrochem_split(parks: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The plan's 2020 petrochemical output target split equally across the petrochemical parks (ASSUMPTION).

    The target comes from ``clusters.targets.petrochem_goals()`` (row ``output``: 6800 亿元, 第四章一（一）;
    专栏10 #1). Imported here, in the command-line entry point, so that ``gis/`` modules never import
    ``clusters/``.
    """
    from clusters.targets import petrochem_goals

    goal = petrochem_goals().loc["output"]
    ids = raster.petrochemical_parks(parks)
    return raster.equal_split_values(
        parks,
        ids,
        total=float(goal["value"]),
        unit=str(goal["unit"]),
        year=goal["year"],
        source=f"plan 《福建省“十三五”工业转型升级规划》 {goal['source']}: “{goal['quote']}”",
        label_zh=f"规划石化产值目标（平均分配至{len(ids)}个石化园区，假设）",
        label_en=f"Plan petrochemical output target (split equally across {len(ids)} petrochemical parks, assumption)",
    )


def figure_choices(parks: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Figures offered for density surfaces: those the parks carry plus the petrochemical split."""
    try:
        parks = _load_parks() if parks is None else parks
        table = raster.available_figures(parks)
        n_pc = len(raster.petrochemical_parks(parks))
    except (AtlasError, OSError, ImportError):
        return pd.DataFrame(columns=["label_zh", "label_en", "unit", "years", "n_parks"])
    if n_pc:
        table.loc[raster.PETROCHEM_SPLIT_FIGURE] = {
            "label_zh": f"规划2020年石化产值6800亿元，平均分配至{n_pc}个石化园区（假设）",
            "label_en": f"plan's 2020 petrochemical output target split equally across the {n_pc} petrochemical parks (assumption)",
            "unit": "亿元",
            "years": ["2020"],
            "n_parks": n_pc,
        }
    return table


def _figures_epilog() -> str:
    table = figure_choices()
    if table.empty:
        return "figures: (shipped parks could not be loaded)"
    lines = ["figures available in the shipped parks / 可选指标 (--figure):"]
    for key, row in table.iterrows():
        years = ",".join(row["years"]) or "-"
        lines.append(
            f"  {key:<40} {row['label_zh']} / {row['label_en']} [{row['unit']}] years {years}; "
            f"{row['n_parks']} parks"
        )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``density``, ``zonal`` and ``info`` subcommands."""
    sub = parser.add_subparsers(dest="raster_command", required=True)
    dens = sub.add_parser(
        "density",
        help="write the output-density GeoTIFF / 输出密度栅格",
        description="Spread a park figure over an equal-area grid and write a GeoTIFF (QGIS opens it as is).",
        epilog=_figures_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dens.add_argument("--out", required=True, type=Path, help="GeoTIFF to write (.tif)")
    dens.add_argument(
        "--figure", default=raster.DEFAULT_FIGURE, help=f"figure key (default {raster.DEFAULT_FIGURE})"
    )
    dens.add_argument("--year", default=None, help="year of the figure (default: each park's latest)")
    dens.add_argument(
        "--cell", type=float, default=raster.DEFAULT_CELL_M, help="cell size in metres (default 1000)"
    )
    dens.add_argument(
        "--kernel-radius",
        type=float,
        default=raster.DEFAULT_KERNEL_RADIUS_M,
        help="kernel radius around park points, metres (default 5000)",
    )
    dens.add_argument(
        "--with-store",
        action="store_true",
        help="use the user's accepted park boundaries from the user store (FPA_STORE) where present",
    )
    dens.add_argument("--json", action="store_true", help="print a JSON summary")

    zon = sub.add_parser(
        "zonal",
        help="zonal statistics of a raster per park / 园区分区统计",
        description="Per-park statistics of a user raster (any CRS), read one window per park.",
    )
    zon.add_argument("--raster", required=True, type=Path, help="raster file (GeoTIFF)")
    kind = zon.add_mutually_exclusive_group()
    kind.add_argument(
        "--categorical", action="store_true", help="share of each class (default when it has a colour table)"
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
    zon.add_argument(
        "--with-store",
        action="store_true",
        help="use the user's accepted park boundaries from the user store (FPA_STORE) where present",
    )
    zon.add_argument("--out", type=Path, default=None, help="write the table as CSV (UTF-8 with BOM)")
    zon.add_argument("--json", action="store_true", help="print JSON records")

    info = sub.add_parser("info", help="describe a raster / 栅格信息")
    info.add_argument("--raster", required=True, type=Path)


def _density(args: argparse.Namespace) -> int:
    parks = _load_parks(args.with_store)
    choices = figure_choices(parks)
    if args.figure not in choices.index:
        raise DataValidationError(
            f"unknown figure '{args.figure}'",
            field="figure",
            hint=f"choose one of: {', '.join(choices.index)} (see --help)",
        )
    if args.figure == raster.PETROCHEM_SPLIT_FIGURE:
        if args.year not in (None, "", "2020"):
            raise DataValidationError(
                f"the petrochemical target is for 2020, not {args.year}",
                field="year",
                hint="leave --year out or use 2020",
            )
        values = petrochem_split(parks)
    else:
        values = raster.figure_values(parks, args.figure, args.year)
    surface = raster.density_surface(
        values, cell=args.cell, kernel_radius=args.kernel_radius, figure=args.figure
    )
    try:
        path = raster.write_geotiff(surface, args.out)
    except OSError as exc:
        raise FileFormatError(
            f"could not write the GeoTIFF ({exc.strerror or exc})",
            file=str(args.out),
            hint="choose a writable folder",
        ) from exc
    summary: dict[str, Any] = {
        "out": str(path),
        "figure": surface.figure,
        "year": surface.year,
        "unit": surface.unit,
        "cell_m": surface.cell_m,
        "rows": int(surface.data.shape[0]),
        "cols": int(surface.data.shape[1]),
        "parks": len(surface.inputs),
        "kernel_radius_m": surface.kernel_radius_m,
        "assumption": surface.assumption or None,
        "sum_check": surface.check.to_dict(),
    }
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


def _zonal(args: argparse.Namespace) -> int:
    cat = True if args.categorical else (False if args.continuous else None)
    result = raster.zonal_stats(
        args.raster,
        _load_parks(args.with_store),
        band=args.band,
        categorical=cat,
        point_mode=args.point_mode,
        point_buffer_m=args.point_buffer,
    )
    table = result.table
    if args.out:
        try:
            args.out.write_bytes(result.to_csv_bytes())
        except OSError as exc:
            raise FileFormatError(
                f"could not write the CSV ({exc.strerror or exc})",
                file=str(args.out),
                hint="choose a writable folder",
            ) from exc
    if args.json:
        doc = {
            "raster": result.raster,
            "categorical": result.categorical,
            "point_mode": result.point_mode,
            "point_buffer_m": result.point_buffer_m,
            "classes": {str(k): v for k, v in result.classes.items()},
            "parks": json.loads(table.reset_index().to_json(orient="records", force_ascii=False)),
        }
        print(json.dumps(doc, ensure_ascii=False, default=str))
    else:
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
    return handler(args)


if __name__ == "__main__":  # pragma: no cover - use ``python -m gis raster``
    sys.exit("use: python -m gis raster …")
