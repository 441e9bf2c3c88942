"""Budgets checked before the work is done: a GeoPackage layer is counted on a private read-only SQLite
connection with a time and row budget before GDAL reads it.

A GeoPackage is an SQLite database, and a "layer" can be a view over any query — an endless recursive CTE
keeps GDAL counting forever. The count here runs under an SQLite progress handler that interrupts the query
when the budget is spent, and stops at ``max_rows + 1`` rows, so neither an endless nor a huge layer costs
more than the budget.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from gis.errors import FileFormatError, FileTooLargeError
from gis.settings import MAX_UPLOAD_BYTES

#: Seconds a GeoPackage layer may take to be counted (a plain table of 50 000 rows takes milliseconds).
GPKG_COUNT_SECONDS = 5.0
#: SQLite virtual-machine steps between two looks at the clock.
_PROGRESS_STEPS = 20_000
#: Largest total of the values a view or virtual table may produce.
MAX_VIEW_BYTES = MAX_UPLOAD_BYTES


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _connect(path: Path, fname: str) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        con.execute("PRAGMA query_only = 1")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise FileFormatError(
            f"cannot read the GeoPackage: {exc}",
            file=fname,
            hint="open it in QGIS and export the layer again (damaged or truncated file?)",
            message_zh=f"无法读取该 GeoPackage：{exc}",
            hint_zh="在 QGIS 中打开并重新导出该图层（文件损坏或不完整？）",
        ) from exc
    return con


def gpkg_layers(path: Path, fname: str) -> tuple[list[str], list[str]]:
    """``(all layers, spatial layers)`` of a GeoPackage from its ``gpkg_contents`` (no layer is opened)."""
    con = _connect(path, fname)
    try:
        rows = con.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid").fetchall()
        geo = {str(r[0]) for r in con.execute("SELECT table_name FROM gpkg_geometry_columns")}
    except sqlite3.Error as exc:
        raise FileFormatError(
            f"an SQLite file without GeoPackage tables ({str(exc)[:80]})",
            file=fname,
            hint="export the layer from QGIS as GeoPackage",
            message_zh=f"SQLite 文件中没有 GeoPackage 的表（{str(exc)[:80]}）",
            hint_zh="在 QGIS 中把图层导出为 GeoPackage",
        ) from exc
    finally:
        con.close()
    names = [str(r[0]) for r in rows]
    return names, [n for n in names if n in geo]


def _budget_sql(con: sqlite3.Connection, layer: str) -> tuple[str, str]:
    """The layer's kind and the query that reads every row and column of it (views and virtual tables) or
    only counts its rows (plain tables, whose data is bounded by the file's size)."""
    row = con.execute("SELECT type, sql FROM sqlite_master WHERE name = ?", (layer,)).fetchone()
    kind = str(row[0]) if row else "missing"
    if row is None:
        raise sqlite3.OperationalError(f"no table or view named {layer[:80]}")
    plain = kind == "table" and not str(row[1] or "").upper().lstrip().startswith("CREATE VIRTUAL")
    if plain:
        return kind, f"SELECT count(*), 0 FROM (SELECT 1 FROM {_quote(layer)} LIMIT ?)"
    kind = "view" if kind == "view" else "virtual table"
    cols = [str(r[1]) for r in con.execute(f"PRAGMA table_info({_quote(layer)})")]
    size = " + ".join(f"coalesce(sum(length(CAST({_quote(c)} AS BLOB))), 0)" for c in cols) or "0"
    return kind, f"SELECT count(*), {size} FROM (SELECT * FROM {_quote(layer)} LIMIT ?)"


def check_gpkg(
    path: Path, fname: str, *, max_rows: int, seconds: float = GPKG_COUNT_SECONDS
) -> tuple[list[str], list[str]]:
    """Check every layer of a GeoPackage within one budget before GDAL opens it; return
    :func:`gpkg_layers`.

    Views and virtual tables are evaluated in full (every column, at most ``max_rows + 1`` rows) under an
    SQLite progress handler that interrupts them when ``seconds`` are spent; plain tables are counted.

    Raises
    ------
    FileTooLargeError
        A layer with more than ``max_rows`` rows, more than ``MAX_VIEW_BYTES`` of values, or one that cannot
        be read within ``seconds`` (a view over an endless or very slow query).
    FileFormatError
        A layer that cannot be queried (damaged file, a view using functions only GDAL knows).
    """
    names, spatial = gpkg_layers(path, fname)
    con = _connect(path, fname)
    deadline = time.monotonic() + seconds
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
    try:
        for layer in names:
            _check_layer(con, layer, fname, max_rows=max_rows, seconds=seconds)
    finally:
        con.close()
    return names, spatial


def _check_layer(con: sqlite3.Connection, layer: str, fname: str, *, max_rows: int, seconds: float) -> None:
    kind = "layer"
    try:
        kind, sql = _budget_sql(con, layer)
        n, size = (int(v or 0) for v in con.execute(sql, (max_rows + 1,)).fetchone())
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise FileTooLargeError(
                f"layer '{layer[:80]}' ({kind}) could not be read within {seconds:g} s; refused "
                "(a view over an endless or very slow query?)",
                file=fname,
                field="layer",
                hint="export the layer as a plain table (QGIS: Export → Save Features As…)",
                message_zh=f"图层“{layer[:80]}”（{kind}）无法在 {seconds:g} 秒内读完，已拒绝"
                "（视图查询无穷或过慢？）",
                hint_zh="把图层导出为普通数据表（QGIS：导出 → 要素另存为…）",
            ) from exc
        raise _unreadable(layer, kind, exc, fname) from exc
    except sqlite3.Error as exc:
        raise _unreadable(layer, kind, exc, fname) from exc
    if n > max_rows or size > MAX_VIEW_BYTES:
        what = f"more than {max_rows:,} features" if n > max_rows else f"over {MAX_VIEW_BYTES // 2**20} MB"
        what_zh = f"要素超过 {max_rows:,} 个" if n > max_rows else f"数据超过 {MAX_VIEW_BYTES // 2**20} MB"
        raise FileTooLargeError(
            f"layer '{layer[:80]}' ({kind}) has {what} (the limit)",
            file=fname,
            field="layer",
            hint="split the file",
            message_zh=f"图层“{layer[:80]}”（{kind}）{what_zh}（超过上限）",
            hint_zh="把文件拆分成几个",
        )


def _unreadable(layer: str, kind: str, exc: Exception, fname: str) -> FileFormatError:
    return FileFormatError(
        f"layer '{layer[:80]}' ({kind}) cannot be read: {str(exc)[:120]}",
        file=fname,
        field="layer",
        hint="export the layer as a plain table (QGIS: Export → Save Features As…)",
        message_zh=f"无法读取图层“{layer[:80]}”（{kind}）：{str(exc)[:120]}",
        hint_zh="把图层导出为普通数据表（QGIS：导出 → 要素另存为…）",
    )


def check_gpkg_bytes(data: bytes, fname: str, *, max_rows: int) -> None:
    """:func:`check_gpkg` for a GeoPackage held as bytes (an upload), before any GDAL reader is given it."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fpa-gpkg-check-") as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(data)
        check_gpkg(path, fname, max_rows=max_rows)
