"""Command line: ``python -m layers print --out FILE.pdf|.svg|.png [--lang zh|en]
[--paper a4-landscape|a4-portrait|a3-landscape|a3-portrait|slide] [--dpi 300] [--layers ID,…] [--sector N]
[--parks FILE] [--title TEXT] [--review-number TEXT] [--atlas city|petrochem|cluster]``.

Writes a map sheet (:func:`layers.print.render_sheet`) or, with ``--atlas``, an atlas
(:func:`layers.print.render_atlas`: one page per city, petrochemical base or plan cluster) as one multipage
``.pdf`` or a ``.zip`` of PNGs. The format follows the file's suffix. Bad input prints one line and exits 1
(never a traceback); the file is written atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import geopandas as gpd

from gis.errors import AtlasError, DataValidationError
from gis.fileio import atomic_path
from layers.print import ATLAS_KINDS, DEFAULT_DPI, PAPERS, SheetSpec, render_atlas, render_sheet
from layers.registry import DEFAULT_LAYERS, REGISTRY

PROG = "layers print"
ReadParks = Callable[[Path], gpd.GeoDataFrame]


def _fail(message: str) -> NoReturn:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(1)


def register(sub: argparse._SubParsersAction, read_parks: ReadParks) -> None:
    """Add the ``print`` subcommand to ``sub``; ``read_parks`` reads and validates a ``--parks`` file."""
    p = sub.add_parser("print", help="write a map sheet or an atlas (PDF, SVG, PNG)")
    p.error = _fail  # usage errors: one line, exit 1
    p.add_argument("--out", required=True, help="output .pdf, .svg or .png (an atlas: .pdf or .zip)")
    p.add_argument("--lang", default="zh", help="zh or en")
    p.add_argument("--paper", default="a4-landscape", help=f"one of {', '.join(PAPERS)}")
    p.add_argument("--dpi", default=str(DEFAULT_DPI), help="PNG resolution (default 300)")
    p.add_argument(
        "--layers",
        help=f"comma-separated layer ids (default: the standard set); any of {', '.join(REGISTRY)}",
    )
    p.add_argument("--sector", help="专栏10 sector 1–24 (draws the sector layer and fits the sheet to it)")
    p.add_argument("--parks", help="your own parks file to add (validated)")
    p.add_argument("--title", help="sheet title (default: from the extent)")
    p.add_argument("--review-number", default="", help="审图号 to print (blank unless given)")
    p.add_argument("--atlas", help=f"one page per feature: {', '.join(ATLAS_KINDS)}")
    p.set_defaults(func=lambda args: run(args, read_parks))
    known = p.parse_known_args

    def strict(args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        # an unknown option is bad input too: one line and exit 1 here, not the top parser's usage and 2
        ns, extra = known(args, namespace)
        if extra:
            _fail(f"unrecognized arguments: {' '.join(extra)}")
        return ns, []

    p.parse_known_args = strict


def _int(name: str, value: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise DataValidationError(f"--{name} {value!r} is not a whole number", field=name) from None


def spec_from_args(args: argparse.Namespace, read_parks: ReadParks) -> SheetSpec:
    """The :class:`SheetSpec` the arguments describe (``DataValidationError`` on bad input)."""
    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip()) if args.layers else DEFAULT_LAYERS
    sector = _int("sector", args.sector) if args.sector else None
    if sector is not None and "sector" not in layers:
        layers = (*layers, "sector")
    user = read_parks(Path(args.parks)) if args.parks else None
    spec = SheetSpec(
        layers=layers,
        lang=args.lang,
        paper=args.paper,
        sector=sector,
        extent="sector" if sector and not args.atlas else "province",
        title=args.title or None,
        review_number=args.review_number or "",
        user_parks=user,
    )
    return spec.checked()


def run(args: argparse.Namespace, read_parks: ReadParks) -> int:
    """Run ``print``; returns the exit code."""
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    try:
        spec = spec_from_args(args, read_parks)
        dpi = _int("dpi", args.dpi)
        if args.atlas:
            data = render_atlas(args.atlas, spec, fmt=fmt, dpi=dpi)
        else:
            data = render_sheet(spec, fmt=fmt, dpi=dpi)
    except (AtlasError, ValueError, OSError) as exc:
        _fail(str(exc).replace("\n", " "))
    except Exception as exc:  # noqa: BLE001 - a bug, still reported in one line
        _fail(f"internal error, please report it: {type(exc).__name__}: {exc}".replace("\n", " "))
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    print(f"{PROG}: wrote {out} ({len(data):,} bytes)")
    return 0
