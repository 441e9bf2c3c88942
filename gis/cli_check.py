"""``python -m gis check FILE``: run the import checks on a user's vector file without storing anything.

Exit codes: 0 the file can be imported (repairs and skipped features are listed); 1 it cannot (one line naming
file, feature and field, and how to fix it); 2 bad command-line usage (argparse); 3 an unexpected internal
error (a bug: reported as such, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gis import io as gio
from gis.coords import COORD_SYSTEMS
from gis.crs import CRSConfirmationNeeded
from gis.errors import AtlasError
from gis.import_session import READ_SHARE, match_progress
from gis.jobs import Progress, StderrProgress, part
from gis.parks import load_parks

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``check`` options to ``parser``."""
    parser.add_argument(
        "file", help="GeoJSON, GeoPackage, zipped shapefile, KML, CSV or XLSX (lon/lat columns)"
    )
    parser.add_argument("--layer", help="layer (GeoPackage/KML) or shapefile name inside a zip")
    parser.add_argument(
        "--crs",
        help="CRS of the coordinates, e.g. EPSG:4490 or EPSG:4527 (needed when the file "
        "states none; overrides the file's)",
    )
    parser.add_argument(
        "--coords",
        choices=COORD_SYSTEMS,
        default="wgs84",
        help="offset of lon/lat: wgs84 (default), gcj02 (Gaode/Tencent) or bd09 (Baidu)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show the stages on stderr (default: when stderr is a terminal; never on stdout)",
    )


def _progress(args: argparse.Namespace) -> Progress | None:
    """The stderr reporter when asked for (``--progress``) or when stderr is a terminal."""
    show = getattr(args, "progress", None)
    return StderrProgress() if (sys.stderr.isatty() if show is None else show) else None


def _match_summary(result: Any, progress: Progress | None = None) -> tuple[dict[str, int] | None, str | None]:
    try:
        parks = load_parks()
    except Exception as exc:  # the shipped parks are optional for a file check
        return None, f"matching skipped: shipped parks not loadable ({type(exc).__name__})"
    table = match_progress(result.gdf, parks, progress)
    return {str(k): int(v) for k, v in table["status"].value_counts().items()}, None


def _text(result: Any, matches: dict[str, int] | None, match_note: str | None) -> str:
    s = result.summary()
    lines = [
        f"OK: {s['file']} can be imported — {s['format']}"
        + (f", layer '{s['layer']}'" if s["layer"] else "")
        + f", {s['features_read']} features read, {s['features_usable']} usable",
        f"CRS: {s['crs']} ({s['crs_origin']}) → WGS84; offset {s['coords']}"
        + (f"; encoding {s['encoding']}" if s["encoding"] else ""),
        "types: "
        + ", ".join(f"{k} {v}" for k, v in s["geometry_types"].items())
        + f"; {s['vertices']:,} vertices; bounds {s['bounds']}",
    ]
    if len(s["layers"]) > 1:
        lines.append("layers: " + ", ".join(s["layers"]))
    for level, title in (
        ("error", "skipped"),
        ("warning", "warnings"),
        ("change", "repairs"),
        ("info", "notes"),
    ):
        items = [i for i in result.report if i.level == level]
        if not items:
            continue
        lines.append(f"{title} ({len(items)}):")
        for item in items[:200]:
            where = ", ".join(
                p
                for p in (
                    f"feature {item.feature}" if item.feature is not None else "",
                    f"field '{item.field}'" if item.field else "",
                )
                if p
            )
            lines.append(f"  - {where + ': ' if where else ''}{item.message_en}")
        if len(items) > 200:
            lines.append(f"  … and {len(items) - 200} more")
    if matches is not None:
        lines.append("matching: " + ", ".join(f"{v} {k}" for k, v in sorted(matches.items())))
    elif match_note:
        lines.append(match_note)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Check ``args.file``; print a summary (or JSON); return the exit code. Never raises."""
    try:
        progress = _progress(args)
        result = gio.read_vector(
            args.file,
            layer=args.layer,
            crs=args.crs,
            coords=args.coords,
            progress=part(progress, 0, READ_SHARE),
        )
        matches, note = _match_summary(result, part(progress, READ_SHARE, 1.0))
        if args.json:
            out = result.summary()
            out["ok"] = True
            out["matching"] = matches
            print(json.dumps(out, ensure_ascii=False, indent=1))
        else:
            print(_text(result, matches, note))
        return EXIT_OK
    except AtlasError as exc:
        if getattr(args, "json", False):
            out = {"ok": False, **exc.to_dict()}
            if isinstance(exc, CRSConfirmationNeeded) and exc.suggestions:
                out["suggestions"] = [s.__dict__ for s in exc.suggestions]
            print(json.dumps(out, ensure_ascii=False, indent=1))
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # a bug, not the user's fault: say so, no traceback
        msg = (
            f"unexpected internal error ({type(exc).__name__}: {str(exc)[:300]}) — this is a bug in the "
            "atlas, please report it with the file"
        )
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": "InternalError", "message": msg}, ensure_ascii=False))
        print(f"error: {msg}", file=sys.stderr)
        return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    """Run ``check`` on its own (``python -m gis.cli_check FILE``)."""
    parser = argparse.ArgumentParser(prog="python -m gis check", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    raise SystemExit(main())
