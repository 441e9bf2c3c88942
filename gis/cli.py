"""Shared command-line dispatch for ``python -m gis`` and ``python -m clusters``.

Each subcommand lives in its own module exposing ``add_arguments(parser)`` and ``run(args) -> int``.
Data errors (:class:`gis.errors.AtlasError`) print one line and exit 1, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gis.errors import AtlasError


def dispatch(
    prog: str, description: str, commands: dict[str, tuple[str, str]], argv: list[str] | None = None
) -> int:
    """Parse ``argv`` for ``prog`` and run the chosen subcommand; return the exit code.

    Parameters
    ----------
    commands
        ``{name: (module path, help text)}``; each module provides ``add_arguments`` and ``run``.
    """
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    args_in = sys.argv[1:] if argv is None else argv
    chosen = args_in[0] if args_in and args_in[0] in commands else None  # import only that one (start-up)
    for name, (modname, help_text) in commands.items():
        if chosen is not None and name != chosen:
            sub.add_parser(name, help=help_text, description=help_text)
            continue
        module = importlib.import_module(modname)
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


def run_main(prog: str, description: str, commands: dict[str, tuple[str, str]]) -> None:
    """Entry point for a package's ``__main__``: UTF-8 output, exit with the dispatch code."""
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    raise SystemExit(dispatch(prog, description, commands))
