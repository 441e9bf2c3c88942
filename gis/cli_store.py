"""``python -m gis store {check,backup,restore}``: the user store's health (``PRAGMA integrity_check`` and a
read of every table), a consistent backup, and restoring one (the damaged file is kept aside).

Exit 0 when the store is whole (or absent), 1 when damaged or on bad input (one line, no traceback).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gis import store
from gis.errors import DataValidationError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``store check`` | ``store backup DEST`` | ``store restore SOURCE`` [--store PATH]."""
    parser.add_argument("action", choices=["check", "backup", "restore"])
    parser.add_argument("file", nargs="?", help="backup file to write (backup) or read (restore)")
    parser.add_argument("--store", help="the store (default FPA_STORE / the user's data folder)")


def run(args: argparse.Namespace) -> int:
    """Run one store action."""
    path = Path(args.store) if args.store else None
    if args.action == "check":
        found = store.check_store(path)
        if not found.exists:
            print("no store yet / 尚无用户数据库")
            return 0
        if found.ok:
            print("ok: the store is whole / 用户数据库完好")
            return 0
        print("damaged / 已损坏: " + ", ".join(found.damaged or ["(see below)"]))
        for line in found.problems:
            print(f"  {line}")
        print("restore a backup / 恢复备份: python -m gis store restore BACKUP.gpkg")
        return 1
    if not args.file:
        raise DataValidationError(
            f"store {args.action} needs a file",
            field="file",
            hint=f"python -m gis store {args.action} FILE.gpkg",
            message_zh=f"store {args.action} 需要指定文件",
        )
    if args.action == "backup":
        print(f"backed up to / 已备份到 {store.backup_store(args.file, path=path)}")
        return 0
    kept = store.restore_store(args.file, path=path)
    print(f"restored; the previous store is kept as / 已恢复，原文件保存为 {kept}")
    return 0
