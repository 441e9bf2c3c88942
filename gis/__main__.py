"""Command line for analysts: ``python -m gis {check,raster} …``.

Each subcommand lives in its own module (``gis/cli_<name>.py``) exposing
``add_arguments(parser)`` and ``run(args) -> int``. Data errors print one line and exit 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gis.errors import AtlasError

COMMANDS = {
    "check": ("gis.cli_check", "check a user's vector file before import / 导入前检查"),
    "raster": ("gis.cli_raster", "raster products, e.g. the output-density GeoTIFF / 栅格产品"),
}


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m gis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, (modname, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name == modname:
                continue  # subcommand not built yet
            raise
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    try:
        return int(modules[args.command].run(args) or 0)
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    raise SystemExit(main())
