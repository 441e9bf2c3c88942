"""Atomic file writes: a file is either the old one or the complete new one, never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
