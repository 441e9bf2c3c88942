"""The user's registered local basemaps, kept beside the user store (:func:`gis.settings.user_basemaps_dir`,
so ``FPA_STORE`` isolates them): ``basemaps.json`` there lists each package by name, and packages the app
made or received (GeoTIFFs tiled, uploads) are stored in the same folder.

Adding validates first; on any error nothing is added and no file is left behind.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from gis.errors import DataValidationError, StoreError
from gis.fileio import atomic_path
from gis.settings import user_basemaps_dir
from gis.tiles import folder, geotiff, mbtiles
from gis.tiles.package import TilePackage

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
INDEX = "basemaps.json"


@dataclass(frozen=True)
class LocalBasemap:
    """One registered package: its name (the basemap id), title, opacity and the package."""

    name: str
    title: str
    package: TilePackage
    opacity: float = 1.0
    source: str = ""
    added: str = ""
    #: Datum of the tiles: ``WGS84`` (also for CGCS2000) or ``GCJ-02`` (overlays then shifted for display).
    datum: str = "WGS84"


def _index_path(base: Path | None) -> Path:
    return (base or user_basemaps_dir()) / INDEX


def load(base: Path | None = None) -> dict[str, LocalBasemap]:
    """Registered basemaps by name (empty when none); a damaged index is a clear ``StoreError``."""
    path = _index_path(base)
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            n: LocalBasemap(
                n,
                r["title"],
                TilePackage.from_dict(r["package"]),
                float(r.get("opacity", 1.0)),
                r.get("source", ""),
                r.get("added", ""),
                r.get("datum", "WGS84"),
            )
            for n, r in raw.items()
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"the basemap list is damaged ({exc})",
            file=str(path),
            hint="fix or delete the file; then add the packages again",
            message_zh=f"底图列表文件已损坏（{exc}）",
            hint_zh="请修正或删除该文件，然后重新添加瓦片包",
        ) from None


def _save(entries: dict[str, LocalBasemap], base: Path | None) -> None:
    data = {
        e.name: {
            "title": e.title,
            "package": e.package.to_dict(),
            "opacity": e.opacity,
            "source": e.source,
            "added": e.added,
            "datum": e.datum,
        }
        for e in entries.values()
    }
    with atomic_path(_index_path(base)) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def check_name(name: str, reserved: Collection[str] = ()) -> str:
    """The name if usable as a basemap id, else a clear error."""
    if not NAME_RE.match(name):
        raise DataValidationError(
            f"basemap name {name!r} must be 1–40 lower-case letters, digits, '-' or '_'",
            field="name",
            hint="e.g. --name office-ortho",
            message_zh=f"底图名称 {name!r} 只能由 1–40 个小写字母、数字、“-”或“_”组成",
            hint_zh="例如 --name office-ortho",
        )
    if name in reserved:
        raise DataValidationError(
            f"basemap name {name!r} is taken by a built-in or configured basemap",
            field="name",
            hint="choose another name",
            message_zh=f"底图名称 {name!r} 已被内置或配置的底图使用",
            hint_zh="请换一个名称",
        )
    return name


def inspect(path: Path, scheme: str | None = None) -> TilePackage:
    """Validate the package at ``path`` (MBTiles file or tile folder) without registering it."""
    return folder.inspect(path, scheme) if path.is_dir() else mbtiles.inspect(path)


def add(
    path: Path,
    name: str,
    *,
    title: str | None = None,
    opacity: float = 1.0,
    scheme: str | None = None,
    copy: bool = False,
    reserved: Collection[str] = (),
    base: Path | None = None,
    source: str | None = None,
    datum: str = "WGS84",
) -> LocalBasemap:
    """Validate and register ``path`` (MBTiles, tile folder or GeoTIFF) as basemap ``name``.

    A GeoTIFF is tiled into ``<name>.mbtiles`` in the basemaps folder; ``copy`` copies an MBTiles there
    (an upload); otherwise the package stays where it is and is referenced by its absolute path.
    """
    check_name(name, reserved)
    datum = "GCJ-02" if datum.upper().replace("GCJ02", "GCJ-02") == "GCJ-02" else "WGS84"
    if not 0.05 <= opacity <= 1.0:
        raise DataValidationError(
            f"opacity {opacity} must be between 0.05 and 1",
            field="opacity",
            message_zh=f"不透明度 {opacity} 应在 0.05 到 1 之间",
        )
    folder_ = base or user_basemaps_dir()
    entries = load(base)
    made: Path | None = None
    try:
        if path.is_file() and geotiff.is_geotiff(path):
            made = geotiff.to_mbtiles(path, folder_ / f"{name}.mbtiles")
            package = replace(mbtiles.inspect(made), description=f"GeoTIFF {path.name}")
        else:
            package = inspect(path, scheme)
            if copy and package.kind == "mbtiles":
                made = folder_ / f"{name}.mbtiles"
                with atomic_path(made) as tmp:
                    shutil.copyfile(path, tmp)
                package = mbtiles.inspect(made)
        added = time.strftime("%Y-%m-%d %H:%M")
        entry = LocalBasemap(name, title or name, package, opacity, source or str(path), added, datum)
        entries[name] = entry
        _save(entries, base)
    except BaseException:
        if made is not None and made.resolve() != path.resolve():
            made.unlink(missing_ok=True)
        raise
    return entry


def add_upload(data: bytes, filename: str, name: str, **kwargs: Any) -> LocalBasemap:
    """Register an uploaded MBTiles or GeoTIFF (``data``): stored in the basemaps folder, validated first;
    on error nothing is kept. ``kwargs`` as for :func:`add` (title, opacity, reserved, base)."""
    check_name(name, kwargs.get("reserved", ()))
    folder_ = kwargs.get("base") or user_basemaps_dir()
    folder_.mkdir(parents=True, exist_ok=True)
    suffix = Path(filename).suffix.lower()
    if suffix not in (".mbtiles", *geotiff.GEOTIFF_SUFFIXES):
        raise DataValidationError(
            f"{filename}: a basemap upload is an .mbtiles file or a GeoTIFF (.tif)",
            file=filename,
            hint="for a folder of XYZ tiles use: python -m layers basemap add FOLDER --name NAME",
            message_zh=f"{filename}：底图上传应为 .mbtiles 文件或 GeoTIFF（.tif）",
            hint_zh="XYZ 瓦片文件夹请用：python -m layers basemap add 文件夹 --name 名称",
        )
    with tempfile.TemporaryDirectory(dir=folder_, prefix=".upload-") as tmp:
        src = Path(tmp) / Path(filename).name
        src.write_bytes(data)
        if suffix == ".mbtiles":
            inspect(src)  # validate before anything is kept
        return add(src, name, copy=True, source=f"upload {filename}", **kwargs)


def remove(name: str, base: Path | None = None) -> bool:
    """Unregister ``name`` (and delete the package if the app made it); True when it was registered."""
    entries = load(base)
    entry = entries.pop(name, None)
    if entry is None:
        return False
    _save(entries, base)
    own = Path(entry.package.path)
    if own.parent == (base or user_basemaps_dir()).resolve() and own.is_file():
        own.unlink()
    return True


@lru_cache(maxsize=64)
def _reader(
    kind: str, path: str, scheme: str, fmt: str, mtime: float
) -> mbtiles.MBTilesReader | folder.FolderReader:
    if kind == "mbtiles":
        return mbtiles.MBTilesReader(Path(path), scheme)
    return folder.FolderReader(Path(path), scheme, fmt)


def reader(package: TilePackage) -> mbtiles.MBTilesReader | folder.FolderReader:
    """A (cached) tile reader of ``package``."""
    p = Path(package.path)
    mtime = p.stat().st_mtime if p.exists() else 0.0
    return _reader(package.kind, package.path, package.scheme, package.format, mtime)
