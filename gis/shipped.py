"""The shipped parks file (``data/parks.geojson``) read into a GeoDataFrame, cached per path.

The lowest layer of the parks: :mod:`gis.store` merges the user's parks over this frame and
:mod:`gis.parks` (which re-exports :func:`load_parks`) gives the parks in force.
"""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from gis.errors import DataValidationError, FileFormatError
from gis.settings import PARKS_PATH


def _read_features(path: Path) -> list[dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileFormatError(
            "parks file not found", file=str(path), hint="run `make test` or restore data/parks.geojson"
        ) from exc
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"not valid JSON ({exc.msg} at line {exc.lineno})",
            file=str(path),
            hint="rebuild it with scripts/build_parks.py",
        ) from exc
    if doc.get("type") != "FeatureCollection":
        raise FileFormatError("not a GeoJSON FeatureCollection", file=str(path))
    return doc["features"]


@lru_cache(maxsize=4)
def _load(path: str) -> gpd.GeoDataFrame:
    feats = _read_features(Path(path))
    rows, geoms = [], []
    for i, feat in enumerate(feats):
        props = dict(feat.get("properties") or {})
        if not props.get("id"):
            raise DataValidationError(
                "feature has no id", file=path, feature=i, field="id", hint="every park needs a stable id"
            )
        rows.append(props)
        geoms.append(shape(feat["geometry"]))
    gdf = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")
    if gdf["id"].duplicated().any():
        dup = gdf.loc[gdf["id"].duplicated(), "id"].iloc[0]
        raise DataValidationError(
            "duplicate id", file=path, feature=dup, field="id", hint="ids must be unique"
        )
    return gdf.set_index("id", drop=False).rename_axis(None)


def load_parks(path: str | Path = PARKS_PATH) -> gpd.GeoDataFrame:
    """Load parks as a GeoDataFrame (EPSG:4326) indexed by ``id``; list/dict properties stay Python objects.

    Returns a deep copy, so callers may modify it freely without touching the cache.
    """
    gdf = _load(str(path))
    out = gdf.copy()
    for col in ("roles", "industries", "sectors", "clusters", "plan_refs", "figures", "sources"):
        if col in out:
            out[col] = out[col].map(lambda v: copy.deepcopy(v) if isinstance(v, list) else [])
    return out


def shipped_identity(path: str | Path = PARKS_PATH) -> str:
    """Identity of the shipped parks file for cache keys: name, size and modification time (ns)."""
    try:
        st = os.stat(path)
    except OSError:
        return f"{Path(path).name}:missing"
    return f"{Path(path).name}:{st.st_size}:{st.st_mtime_ns}"
