"""The registered and configured basemaps now in force, re-read only when their files change."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from gis.settings import BASEMAPS_ENV, config_path, user_basemaps_dir
from gis.tiles import registry, services


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@lru_cache(maxsize=8)
def _local(index: str, mtime: float) -> dict[str, registry.LocalBasemap]:
    return registry.load(Path(index).parent)


@lru_cache(maxsize=8)
def _configured(cfg: str, mtime: float, env: str) -> dict[str, services.TileService]:
    return services.configured(Path(cfg))


def local_basemaps() -> dict[str, registry.LocalBasemap]:
    """Registered packages (``FPA_STORE`` decides where), re-read when the index changes."""
    index = user_basemaps_dir() / registry.INDEX
    return _local(str(index), _mtime(index))


def configured_services() -> dict[str, services.TileService]:
    """Configured services, re-read when the config file or ``FPA_BASEMAPS`` changes."""
    cfg = config_path()
    return _configured(str(cfg), _mtime(cfg), os.environ.get(BASEMAPS_ENV, ""))
