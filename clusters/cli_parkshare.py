"""``python -m clusters parkshare``: the park share from firm records (each firm placed in or out of a park).

Examples::

    python -m clusters parkshare --firms firms.csv --parks parks.gpkg --year 2020
    python -m clusters parkshare --firms firms.xlsx --parks parks.gpkg --coords gcj02 --json
    python -m clusters parkshare --firms firms.csv --approximate-footprints      # indicative only
    python -m clusters parkshare --firms big.parquet --parks parks.gpkg --scheduler tcp://10.0.0.5:8786
    python -m clusters parkshare --firms firms.csv --out parkshare.xlsx --lang en   # all tables

JSON keys are documented in docs/parkshare.md. Thin: parse the options, call
:func:`clusters.parkshare.run_parkshare`, print.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from clusters import parkshare as ps
from gis.errors import AtlasError
from gis.jobs import StderrProgress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``parkshare`` options."""

    def _one_line_error(message: str) -> NoReturn:
        print(f"error: {message} (see python -m clusters parkshare --help)", file=sys.stderr)
        raise SystemExit(1)

    parser.error = _one_line_error  # type: ignore[method-assign]
    parser.add_argument(
        "--firms",
        required=True,
        help="firm table: CSV / XLSX / Parquet / GeoPackage with lon, lat, output (经度, 纬度, 产值), "
        "optional year (年份) and sector (行业)",
    )
    parser.add_argument(
        "--parks",
        default=None,
        help="park boundary polygons (GeoPackage, GeoJSON, zipped shapefile, KML); default: the "
        "atlas's parks with accepted boundaries",
    )
    parser.add_argument(
        "--approximate-footprints",
        action="store_true",
        help="without --parks: draw point-only parks as circles of their approved area "
        "(indicative share, flagged 'approximate footprint')",
    )
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help="year to use (rows of other years are listed as bad rows); default: the table's only year",
    )
    parser.add_argument(
        "--coords",
        default="wgs84",
        choices=list(ps.FIRM_COORDS),
        help="coordinate system of the firm lon/lat (default wgs84; cgcs2000 is treated as wgs84)",
    )
    parser.add_argument(
        "--top", type=int, default=20, help="outside firms listed, nearest first (default 20)"
    )
    parser.add_argument("--bad-limit", type=int, default=200, help="bad rows listed in JSON (default 200)")
    parser.add_argument(
        "--scheduler",
        default=None,
        help="run partitioned on dask: 'local' (a local dask.distributed cluster), 'threads', or "
        "a scheduler address such as tcp://10.0.0.5:8786",
    )
    parser.add_argument("--partitions", type=int, default=None, help="spatial partitions for --scheduler")
    parser.add_argument(
        "--json", action="store_true", help="print JSON (keys documented in docs/parkshare.md)"
    )
    parser.add_argument(
        "--out",
        default=None,
        help="also write the result tables: FILE.xlsx (every table, a sheet each) or FILE.csv (--table)",
    )
    parser.add_argument(
        "--table",
        default="by_city",
        choices=list(ps.DOWNLOADS),
        help="table of a CSV --out (default by_city)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the --out headers (default zh)"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show the stages on stderr (default: when stderr is a terminal; never on stdout)",
    )


def _fmt_share(value: object) -> str:
    return "—" if value is None else f"{float(value):.2%}"  # type: ignore[arg-type]


def _table(data: dict, top: int) -> str:
    p = data["province"]
    lines = ["园区产值占比（企业点位测算）/ park share from firm records"]
    if p.get("approximate_parks"):
        lines.append("  ! APPROXIMATE FOOTPRINTS / 近似范围 — not park boundaries; indicative only")
    lines.append(
        f"  年份 year {data['year']}   园区来源 parks: {data.get('parks_note') or data.get('parks_source')}"
    )
    lines.append(
        f"  全省 province: share {_fmt_share(p['park_share'])}  (target ≥ {p['plan_target_share']:.0%}, "
        f"{p['plan_target_source']})"
    )
    lines.append(
        f"    firms {p['firms']:,} (in parks {p['firms_in_parks']:,});  output in parks "
        f"{p['output_in_parks']:,.1f} of {p['output_total']:,.1f}"
    )
    lines.append(
        f"    overlapping-park firms counted once: {p['firms_in_overlapping_parks']:,}; "
        f"snapped to nearest county: {p['firms_snapped_to_county']:,}"
    )
    lines.append("")
    lines.append("  城市 city        firms   in parks      output_total   output_in_parks   share")
    for r in data["by_city"]:
        lines.append(
            f"  {r['city_zh']:<8} {r['firms']:>10,} {r['firms_in_parks']:>10,} {r['output_total']:>17,.1f} "
            f"{r['output_in_parks']:>17,.1f}   {_fmt_share(r['park_share'])}"
        )
    lines.append("")
    lines.append(
        "  园区 park (top 15 by output)                     firms          output   share of province"
    )
    for r in data["by_park"][:15]:
        name = f"{r['park_id']} {r['name_zh']}"[:44]
        lines.append(
            f"  {name:<44} {r['firms']:>10,} {r['output']:>15,.1f}   "
            f"{_fmt_share(r['share_of_province_output'])}"
        )
    if data["by_sector"]:
        lines.append("")
        lines.append("  行业 sector        firms      output_total   share")
        for r in data["by_sector"]:
            lines.append(
                f"  {str(r['sector'])[:14]:<14} {r['firms']:>9,} {r['output_total']:>17,.1f}   "
                f"{_fmt_share(r['park_share'])}"
            )
    out = data["outside"]
    lines.append("")
    lines.append(
        f"  园区外企业 firms outside every park: {out['count']:,}; nearest {min(top, len(out['nearest']))}:"
    )
    for r in out["nearest"][:top]:
        lines.append(
            f"    row {r['row']}: {r.get('firm') or ''} {r['distance_m']:.0f} m from "
            f"{r['nearest_park']} {r.get('nearest_park_name') or ''}"
        )
    bad = data["bad_rows"]
    lines.append("")
    lines.append(f"  问题行 bad rows: {bad['count_rows']:,} (not counted)")
    for problem, n in bad["by_problem"].items():
        lines.append(f"    {n:,} × {problem}")
    for r in bad["rows"][:10]:
        lines.append(f"    row {r['row']} field '{r['field']}': {r['problem']} (value: {r['value']})")
    return "\n".join(lines)


def _progress(args: argparse.Namespace) -> StderrProgress | None:
    """The stderr reporter when asked for (``--progress``) or when stderr is a terminal."""
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    return StderrProgress() if show else None


def run(args: argparse.Namespace) -> int:
    """Compute and print; data errors print one line and return 1."""
    try:
        if args.out:
            ps.check_out(args.out)  # before the work, not after it
        ctx = ps.default_context(args.parks, approximate=args.approximate_footprints)
        result = ps.run_parkshare(
            args.firms,
            ctx,
            year=args.year,
            coords=args.coords,
            scheduler=args.scheduler,
            npartitions=args.partitions,
            top_n=max(args.top, ps.OUTSIDE_TOP_N),
            progress=_progress(args),
        )
        data = result.to_dict(top_n=args.top, bad_limit=args.bad_limit)
        if args.out:
            ps.write_tables(result, args.out, args.lang, args.table)
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, MemoryError) as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_table(data, args.top))
    sys.stdout.flush()
    return 0
