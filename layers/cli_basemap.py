"""``python -m layers basemap add FILE --name NAME | list | remove NAME | wmts CAPABILITIES.xml``.

``add`` validates an MBTiles file, a folder of XYZ tiles or a GeoTIFF (tiled into an MBTiles) and registers
it beside the user store (``FPA_STORE`` decides where); nothing is added on error. ``list`` shows every
basemap the atlas offers (built-in, reference, configured, registered) and any problem with the config file.
``wmts`` reads a GetCapabilities document (a file, or a URL fetched once and saved) and prints its layers,
their Web Mercator tile matrix sets and a ``[[basemap]]`` table to paste into the config file. Errors print
one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gis.errors import AtlasError
from gis.fileio import atomic_path
from gis.settings import config_path, user_basemaps_dir
from gis.tiles import registry, wmts
from gis.tiles.current import local_basemaps
from layers import basemaps


def export_notes(basemap: str, tile_max_zoom: int | None) -> None:
    """Tell the user, before an export is written, what its basemap adds (embedded tiles, a key)."""
    entry = basemaps.local_entry(basemap)
    if entry is not None:
        print(f"layers export: {basemaps.plan(entry, tile_max_zoom).describe('en')}")
    warning = basemaps.export_key_warning(basemap, "en")
    if warning:
        print(f"layers export: {warning}")


def _add(args: argparse.Namespace) -> int:
    reserved = set(basemaps.basemap_ids()) - set(local_basemaps())
    entry = registry.add(
        Path(args.file).expanduser(),
        args.name,
        title=args.title,
        opacity=args.opacity,
        scheme=args.scheme,
        copy=args.copy,
        reserved=reserved,
        datum=args.crs,
    )
    p = entry.package
    w, s, e, n = p.bounds
    print(
        f"layers basemap: added {entry.name!r} ({p.kind}, {p.format}, {p.scheme} rows, {p.tiles} tiles, "
        f"zoom {p.minzoom}–{p.maxzoom}, bounds {w:.4f},{s:.4f},{e:.4f},{n:.4f}) to {user_basemaps_dir()}"
    )
    for note in p.notes:
        print(f"layers basemap: note: {note}")
    return 0


def _list(args: argparse.Namespace) -> int:
    local = local_basemaps()
    for c in basemaps.choices().values():
        where = "offline" if c.local else "network"
        extra = ""
        if c.id in local:
            p = local[c.id].package
            extra = f"  {p.kind} {p.format} z{p.minzoom}–{p.maxzoom} {p.tiles} tiles  {p.path}"
        elif c.needs_key and c.source == "configured":
            extra = "  (key: kept on the server)"
        print(f"{c.id:<16} {c.source:<10} {where:<7} {c.title(args.lang)}{extra}")
    problem = basemaps.config_problem()
    if problem:
        print(f"layers basemap: warning: {problem}", file=sys.stderr)
    print(f"# config: {config_path()}  registered: {user_basemaps_dir()}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    if not registry.remove(args.name):
        print(f"layers basemap: error: no registered basemap {args.name!r}", file=sys.stderr)
        return 1
    print(f"layers basemap: removed {args.name!r}")
    return 0


def _wmts(args: argparse.Namespace) -> int:
    source = str(args.capabilities)
    if source.startswith(("http://", "https://")):
        data = wmts.fetch(source)
        path = Path(args.save or "WMTSCapabilities.xml").expanduser().resolve()
        caps = wmts.parse(data, file=path.name)
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
        print(f"# saved {source} to {path}")
    else:
        path = Path(source)
        caps = wmts.parse(path)
    for layer in caps.layers.values():
        sets = wmts.mercator_sets(caps, layer)
        print(
            f"{layer.identifier:<12} {layer.title}  formats {', '.join(layer.formats)}  "
            f"Web Mercator sets: {', '.join(sets) or 'none (cannot be drawn)'}"
        )
    layer_id = args.layer or next(iter(caps.layers))
    url, zmin, zmax = wmts.tile_template(caps, layer_id, file=path.name)
    print(
        f'\n[[basemap]]\nname = "{layer_id.lower()}"\ntype = "wmts"\ncapabilities = "{path.resolve()}"\n'
        f'layer = "{layer_id}"\ncrs = "CGCS2000"\nattribution = "{caps.title}"\n'
        f"# tiles: {url} (z{zmin}–{zmax})"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one ``basemap`` action; the exit code."""
    try:
        return int(args.action(args))
    except (AtlasError, ValueError, OSError) as exc:
        print(f"layers basemap: error: {exc}", file=sys.stderr)
        return 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``basemap`` command to ``python -m layers``."""
    bm = sub.add_parser("basemap", help="add / list local tile packages and configured tile services")
    bm.set_defaults(func=run)
    acts = bm.add_subparsers(dest="basemap_cmd", required=True)
    add = acts.add_parser("add", help="register an MBTiles file, a folder of XYZ tiles or a GeoTIFF")
    add.add_argument("file")
    add.add_argument("--name", required=True, help="basemap id: lower-case letters, digits, - and _")
    add.add_argument("--title", help="name shown in the basemap list (default: the id)")
    add.add_argument("--opacity", type=float, default=1.0, help="0.05–1 (e.g. 0.7 for a scanned plan map)")
    add.add_argument(
        "--scheme", choices=["xyz", "tms"], help="row order of a tile folder (default: detected)"
    )
    add.add_argument(
        "--crs",
        choices=["WGS84", "CGCS2000", "GCJ-02"],
        default="WGS84",
        help="datum of the tiles (GCJ-02: overlays are shifted for display)",
    )
    add.add_argument("--copy", action="store_true", help="copy an MBTiles into the basemaps folder")
    add.set_defaults(action=_add)
    ls = acts.add_parser("list", help="every basemap the atlas offers")
    ls.add_argument("--lang", choices=["zh", "en"], default="en")
    ls.set_defaults(action=_list)
    rm = acts.add_parser("remove", help="unregister a local basemap")
    rm.add_argument("name")
    rm.set_defaults(action=_remove)
    wm = acts.add_parser("wmts", help="read a saved WMTS GetCapabilities document; print a config table")
    wm.add_argument("capabilities", help="a saved document, or its URL (fetched once and saved, see --save)")
    wm.add_argument("--save", help="where to save a fetched document (default ./WMTSCapabilities.xml)")
    wm.add_argument("--layer")
    wm.set_defaults(action=_wmts)
