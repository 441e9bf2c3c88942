"""Files: reading a user's source (path, bytes or upload) within the size limit, and atomic writes (a file is
either the old one or the complete new one, never half-written)."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gis.archives import check_container
from gis.errors import FileFormatError, FileTooLargeError
from gis.settings import MAX_UPLOAD_BYTES


def _default_mode() -> int:
    """Mode a plain ``open(..., "w")`` would give (0o666 less the umask), not mkstemp's private 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(dest: str | os.PathLike, *, create_parent: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success move it onto ``dest``, on any error remove it.

    The temporary file does not exist when the path is yielded (writers such as GDAL/SQLite want to create
    it).
    The final file gets the usual permissions, so an exported map or GeoTIFF can be shared.
    """
    dest = Path(dest)
    if create_parent:
        dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.stem}-", suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        os.chmod(tmp, _default_mode())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(dest: str | os.PathLike, data: bytes, *, what: str, what_zh: str) -> Path:
    """Write ``data`` to an existing folder atomically (:func:`atomic_path`); an OS error becomes a
    :class:`FileFormatError` naming the file and ``what`` was written ("the CSV" / "CSV")."""
    dest = Path(dest)
    try:
        with atomic_path(dest, create_parent=False) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise FileFormatError(
            f"could not write {what} ({exc.strerror or exc})",
            file=str(dest),
            hint="choose a writable folder",
            message_zh=f"无法写入{what_zh}（{exc.strerror or exc}）",
            hint_zh="换一个可写的文件夹",
        ) from exc
    return dest


def read_source(
    source: str | Path | bytes | io.IOBase, name: str | None = None, *, allow_empty: bool = False
) -> tuple[bytes, str]:
    """The bytes of a user's file given as a path, bytes or a file-like object (an upload), and its name.

    The one reader of user sources: URLs and GDAL virtual paths are refused, a missing path and a file over
    ``MAX_UPLOAD_BYTES`` are clear errors (checked before reading); an empty or blank file is an error unless
    ``allow_empty`` (the caller then says what is missing).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        fname = name or "upload"
    elif isinstance(source, (str, Path)):
        text = str(source)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) or text.startswith("/vsi"):
            raise FileFormatError(
                "URLs and virtual paths are not read",
                file=text[:80],
                hint="download the file yourself and give its local path",
                message_zh="不读取网址和虚拟路径",
                hint_zh="先自行下载文件，再给出本地路径",
            )
        path = Path(text)
        if not path.is_file():
            raise FileFormatError(
                "file not found",
                file=str(path),
                hint="check the path",
                message_zh="找不到文件",
                hint_zh="检查文件路径",
            )
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise _too_large(name or path.name)
        data = path.read_bytes()
        fname = name or path.name
    elif hasattr(source, "read"):
        raw = source.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        fname = name or Path(str(getattr(source, "name", "upload"))).name
    else:
        raise FileFormatError(
            f"cannot read a {type(source).__name__}", file=name, hint="give a path or bytes"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(fname)
    check_container(data, fname)  # zips and workbooks: expansion, members, rows — before any parsing
    if allow_empty:
        return data, fname
    if not data:
        raise FileFormatError(
            "file is empty (0 bytes)",
            file=fname,
            hint="export the layer again",
            message_zh="文件是空的（0 字节）",
            hint_zh="重新导出该图层",
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileFormatError(
            "file holds only blanks",
            file=fname,
            hint="export the layer again",
            message_zh="文件里只有空白",
            hint_zh="重新导出该图层",
        )
    return data, fname


def _too_large(fname: str) -> FileTooLargeError:
    limit = MAX_UPLOAD_BYTES // 2**20
    return FileTooLargeError(
        f"file is larger than {limit} MB",
        file=fname,
        hint="split it or simplify the geometries",
        message_zh=f"文件超过 {limit} MB",
        hint_zh="拆分文件或简化几何",
    )
