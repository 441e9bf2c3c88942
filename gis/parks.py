"""The parks: shipped (``data/parks.geojson``), in force (shipped + the user's accepted parks), place rules.

:func:`parks_in_force` is the one home of "which parks does the atlas show": the shipped parks with the
user's accepted boundaries and added parks from the store (:mod:`gis.store`) winning, each row saying where
it comes from (``provenance``). :func:`parks_version` is the one cache key for it.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely.errors

from gis import store, vocab
from gis.errors import AtlasError, StoreError
from gis.settings import PARKS_PATH
from gis.shipped import load_parks, shipped_identity
from gis.store.maintenance import RESTORE_HINT, RESTORE_HINT_ZH

GEOMETRY_QUALITY = tuple(vocab.GEOMETRY_QUALITY)
KINDS = tuple(vocab.KINDS)


# ------------------------------------------------------------------------------------------- parks in force
def parks_version(store_path: str | Path | None = None) -> str:
    """The one cache key of :func:`parks_in_force`: the store's path and version, and the shipped file's
    identity (size, modification time). It changes with every accepted boundary, undo or rebuilt file."""
    where = store.store_location(store_path)
    try:
        inode = where.stat().st_ino if isinstance(where, Path) else 0  # a store made again starts afresh
    except OSError:
        inode = 0
    name = (
        str(where)
        if isinstance(where, Path)
        else "pg:" + hashlib.sha256(str(where).encode()).hexdigest()[:16]
    )
    try:
        changes: object = store.version(path=where)
    except (AtlasError, OSError, sqlite3.Error):
        changes = "unreadable"  # parks_in_force falls back to the shipped parks and records why
    return f"store:{name}:{inode}#{changes}|shipped:{shipped_identity(PARKS_PATH)}"


#: A store that never exists: merging it gives the shipped parks in the layout of the parks in force.
_NO_STORE = Path(tempfile.gettempdir()) / "fpa-no-store" / "none.gpkg"
#: Why the last :func:`parks_in_force` showed the shipped parks only, by store path (pages show it).
_STORE_PROBLEMS: dict[str, AtlasError] = {}


def store_problem(store_path: str | Path | None = None) -> AtlasError | None:
    """The store problem behind the last fall-back to the shipped parks, or ``None`` when the user's parks
    were merged (the error names the damaged part and how an admin restores it)."""
    where = store.store_location(store_path)
    return _STORE_PROBLEMS.get(str(where))


def _merge_or_shipped(store_path: str) -> gpd.GeoDataFrame:
    """The merge, or — when the store cannot be read — the shipped parks, the problem recorded."""
    shipped = load_parks(PARKS_PATH)
    try:
        merged = store.merge_user_parks(shipped, path=store_path)
    except (AtlasError, OSError, ValueError, sqlite3.Error, shapely.errors.ShapelyError) as exc:
        found = store.check_store(store_path)
        damaged = ", ".join(found.damaged) or "?"
        _STORE_PROBLEMS[store_path] = StoreError(
            f"the user store is damaged ({damaged}): the atlas shows the shipped parks only "
            f"({type(exc).__name__})",
            hint=RESTORE_HINT,
            message_zh=f"用户数据库已损坏（{damaged}）：图集只显示随附园区",
            hint_zh=RESTORE_HINT_ZH,
        )
        return store.merge_user_parks(shipped, path=_NO_STORE)
    _STORE_PROBLEMS.pop(store_path, None)
    return merged


@contextmanager
def _paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of small lists and dicts are built (the
    collector's passes over a large heap cost more than the building; nothing here makes cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@lru_cache(maxsize=8)
def _in_force(key: str, store_path: str) -> gpd.GeoDataFrame:
    """The merged frame for one :func:`parks_version` key (the key makes a changed store a cache miss)."""
    with _paused_gc():
        return _merge_or_shipped(store_path)


def parks_in_force(store_path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The parks the atlas shows: shipped parks merged with the user's accepted parks, the user winning.

    Parameters
    ----------
    store_path
        The user store (default :func:`gis.settings.user_store_path`, i.e. ``FPA_STORE``).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, indexed by park id, with ``provenance`` (``shipped`` | ``user`` | ``user_new``) and the
        user's ``user_source_file``, ``user_accepted_at``, ``user_note``, ``user_change_id``
        (see :func:`gis.store.merge_user_parks`). A fresh copy: callers may modify it.

    When the store cannot be read (damaged), the shipped parks are returned (``provenance`` ``shipped``)
    and :func:`store_problem` says what is damaged and how to restore it.
    """
    where = store.store_location(store_path)
    merged = _in_force(parks_version(where), str(where))
    out = merged.copy()
    with _paused_gc():
        for col in ("roles", "industries", "sectors", "clusters", "plan_refs", "figures", "sources"):
            if col in out:
                cells = [_copy_cell(v) for v in out[col].to_numpy()]
                out[col] = pd.Series(cells, index=out.index, dtype=object)
    return out


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _copy_cell(value: object) -> object:
    """A fresh copy of a list cell (lists and dicts of plain values; ``[]`` for a missing one).

    Much faster than ``copy.deepcopy`` for 150 000 parks: no memo, empty lists are simply new, and a dict of
    plain values (a source, a figure) is copied in one C call.
    """
    if type(value) is not list or not value:
        return []
    return [_plain_copy(v) for v in value]


def _plain_copy(value: object) -> object:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        d: dict = value  # type: ignore[assignment]
        if _PLAIN.issuperset(map(type, d.values())):
            return d.copy()
        return {k: _plain_copy(v) for k, v in d.items()}
    if kind is list:
        return [_plain_copy(v) for v in value]  # type: ignore[attr-defined]
    return copy.deepcopy(value)


# ------------------------------------------------------------------------------------------- figures
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


def park_points(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Where a park is as a point: a point stays itself, a polygon its ``representative_point``."""
    return geoms.where(geoms.geom_type == "Point", geoms.representative_point())


def user_input_counts(parks: pd.DataFrame | None) -> tuple[int, int]:
    """How many parks in force have a position or boundary from the user (accepted imports, drawn shapes:
    provenance ``user`` / ``user_new``) and how many carry a figure typed by the user (``user input``)."""
    if parks is None or not len(parks):
        return 0, 0
    shapes = int(parks["provenance"].isin(["user", "user_new"]).sum()) if "provenance" in parks else 0
    figs = parks["figures"] if "figures" in parks else pd.Series([], dtype=object)
    typed = sum(
        any(isinstance(f, dict) and f.get("confidence") == "user input" for f in as_list(v)) for v in figs
    )
    return shapes, int(typed)
