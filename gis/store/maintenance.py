"""Check, back up and restore the store (``python -m gis store check|backup|restore``).

A damaged store (a disk error, a copy cut short, bytes overwritten) is named table by table, so the pages can
keep what still reads and say what is lost; an admin restores a backup (the damaged file is kept aside).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from gis.errors import StoreError
from gis.fileio import atomic_path
from gis.settings import StoreURL
from gis.store.connection import _connect, _ensure_schema, _reader
from gis.store.schema import _path

#: The atlas's tables, in the order they are checked.
TABLES = ("history", "boundaries", "figures", "scenarios")
RESTORE_HINT = "python -m gis store check; python -m gis store restore BACKUP.gpkg (an admin)"
RESTORE_HINT_ZH = (
    "管理员可运行 python -m gis store check 检查，再用 python -m gis store restore 备份.gpkg 恢复"
)


@dataclass
class StoreCheck:
    """What ``PRAGMA integrity_check`` and a full read of each table found."""

    exists: bool
    problems: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the store (if any) is whole."""
        return not self.problems and not self.damaged


def _readonly(p: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def check_store(path: str | Path | None = None, *, max_problems: int = 20) -> StoreCheck:
    """Run ``PRAGMA integrity_check`` and read every row of each atlas table (read-only, nothing written)."""
    p = _path(path)
    if isinstance(p, StoreURL):
        return _check_server(p)
    if not p.exists():
        return StoreCheck(exists=False)
    out = StoreCheck(exists=True)
    try:
        con = _readonly(p)
    except sqlite3.Error as exc:
        out.problems.append(str(exc))
        out.damaged = list(TABLES)
        return out
    try:
        try:
            rows = con.execute(f"PRAGMA integrity_check({int(max_problems)})").fetchall()
            out.problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        except sqlite3.Error as exc:
            out.problems.append(str(exc))
        for table in TABLES:
            try:
                for _ in con.execute(f"SELECT * FROM {table}"):
                    pass
            except sqlite3.Error as exc:
                out.damaged.append(table)
                if not out.problems:
                    out.problems.append(f"{table}: {exc}")
    finally:
        con.close()
    return out


def _server(p: Path) -> sqlite3.Connection:
    con = _connect(p)
    _ensure_schema(con)
    return con


def _check_server(p: Path) -> StoreCheck:
    """A PostgreSQL store: read every row of each table (the server keeps its own pages whole)."""
    out = StoreCheck(exists=True)
    for table in TABLES:
        try:
            with _reader(p) as con:
                for _ in con.execute(f"SELECT * FROM {table}"):
                    pass
        except (StoreError, sqlite3.Error) as exc:
            out.damaged.append(table)
            out.problems.append(f"{table}: {exc.message if isinstance(exc, StoreError) else exc}")
    return out


def backup_store(dest: str | Path, *, path: str | Path | None = None) -> Path:
    """A consistent one-file copy of the store (SQLite backup API, journal mode DELETE) at ``dest``."""
    p = _path(path)
    if not p.exists():
        raise StoreError(
            "there is no store to back up", file=p.name, hint="the store is made by the first change"
        )
    try:
        with atomic_path(dest) as tmp:
            src = _server(p) if isinstance(p, StoreURL) else _readonly(p)
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                src.close()
                dst.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"the backup failed: {exc}",
            file=p.name,
            hint="the store may be damaged: python -m gis store check",
        ) from exc
    return Path(dest)


def restore_store(source: str | Path, *, path: str | Path | None = None) -> Path:
    """Replace the store with the backup ``source`` (checked first); the old file is kept beside it as
    ``<name>.replaced-<UTC time>``. Returns the path the old store was moved to (or the store path)."""
    src, p = Path(source), _path(path)
    if isinstance(p, StoreURL):
        raise StoreError(
            "a PostgreSQL store is restored on the server",
            file=p.name,
            hint="use the server's backups (pg_dump / pg_restore); gis store backup writes a GeoPackage copy",
        )
    found = check_store(src)
    if not found.exists or not found.ok:
        raise StoreError(
            "the backup is missing or damaged: " + "; ".join(found.problems[:3] or ["no such file"]),
            file=src.name,
            hint="choose another backup",
        )
    with contextlib.closing(_readonly(src)) as con:
        if not con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'history'").fetchone()[0]:
            raise StoreError(
                "the file is not an atlas store",
                file=src.name,
                hint="choose a backup made by gis store backup",
            )
    kept = p
    if p.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = p.with_name(f"{p.name}.replaced-{stamp}")
        shutil.move(str(p), str(kept))
    for suffix in ("-wal", "-shm"):
        side = p.with_name(p.name + suffix)
        if side.exists():
            shutil.move(str(side), str(kept) + suffix if kept != p else str(side) + ".old")
    backup_store(p, path=src)
    return kept
