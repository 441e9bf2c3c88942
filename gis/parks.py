"""The shipped parks (``data/parks.geojson``) as a GeoDataFrame, and small helpers over it."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import shape

from gis import vocab
from gis.errors import DataValidationError, FileFormatError
from gis.settings import PARKS_PATH

GEOMETRY_QUALITY = tuple(vocab.GEOMETRY_QUALITY)
KINDS = tuple(vocab.KINDS)
# Label tables live in gis.vocab; these names stay for existing callers.
KIND_LABELS = {k: tuple(v) for k, v in vocab.KINDS.items()}
LEVEL_LABELS = {k: tuple(v) for k, v in vocab.LEVELS.items()}
QUALITY_LABELS = {k: tuple(v) for k, v in vocab.GEOMETRY_QUALITY.items()}
BASES = {k: v.en for k, v in vocab.BASES.items()}


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


def figure_value(park: pd.Series | dict, key: str, year: int | None = None) -> dict | None:
    """The park's figure ``key`` (latest, or for ``year``), or ``None`` when it has none."""
    figs = [
        f
        for f in (park.get("figures") or [])
        if f.get("key") == key and (year is None or f.get("year") == year)
    ]
    if not figs:
        return None
    return max(figs, key=lambda f: f.get("year") or 0)


def figure_keys(parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """Which figures the parks carry: key, labels, unit, years and how many parks have each."""
    recs = [
        {
            "key": f["key"],
            "label_zh": f["label_zh"],
            "label_en": f["label_en"],
            "unit": f["unit"],
            "year": f.get("year"),
        }
        for figs in parks["figures"]
        for f in figs
    ]
    if not recs:
        return pd.DataFrame(columns=["key", "label_zh", "label_en", "unit", "years", "parks"])
    df = pd.DataFrame(recs)
    return (
        df.groupby(["key", "label_zh", "label_en", "unit"], dropna=False)
        .agg(years=("year", lambda s: sorted({int(y) for y in s.dropna()})), parks=("year", "size"))
        .reset_index()
    )


# ------------------------------------------------------------------------------------------- place rules
def as_list(value: object) -> list:
    """A list-valued cell as a list (``None``/NaN/empty → ``[]``, a scalar → ``[value]``)."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | np.ndarray):
        return list(value)
    if isinstance(value, float) and np.isnan(value):
        return []
    if isinstance(value, str) and not value:
        return []
    return [value]


def has_role(parks: pd.DataFrame, *roles: str) -> pd.Series:
    """Boolean Series (indexed like ``parks``): the park has any of ``roles``."""
    wanted = set(roles)
    if "roles" not in parks:
        return pd.Series(False, index=parks.index)
    return parks["roles"].map(lambda v: bool(wanted & set(as_list(v)))).astype(bool)


def is_petrochemical(parks: pd.DataFrame) -> pd.Series:
    """The one petrochemical rule: kind ``petrochemical_base`` or the ``petrochemical`` role."""
    kind = parks["kind"] if "kind" in parks else pd.Series("", index=parks.index)
    return (kind == "petrochemical_base") | has_role(parks, "petrochemical")


def is_demonstration_base(parks: pd.DataFrame) -> pd.Series:
    """A national or provincial new-type industrialization demonstration base (by role)."""
    return has_role(parks, "demo_base_national", "demo_base_provincial")
