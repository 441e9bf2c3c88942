"""Match imported features to the known parks (by id, then exact name, then normalised name) and turn the
user's decisions into the rows to accept."""

from __future__ import annotations

import re
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import DataValidationError
from gis.import_vocab import DEFAULT_DECLARATION, IMPORT_DECLARATIONS, declared_quality

# ---------------------------------------------------------------- matching to known parks

#: Name suffixes dropped when comparing normalised names, longest first.
NAME_SUFFIXES = (
    "经济技术开发区",
    "高新技术产业园区",
    "经济开发区",
    "工业集中区",
    "工业园区",
    "产业园区",
    "开发区",
    "工业园",
    "产业园",
    "园区",
)
NAME_PREFIXES = ("福建省", "福建")
#: Columns of the shipped parks compared with imported names (lists allowed).
NAME_COLUMNS = ("name_zh", "name_en", "name_zh_alt", "plan_alias")

#: Attribute names that carry a park id or name in users' files.
ID_FIELDS = ("park_id", "id", "编号", "园区编号", "园区代码", "代码", "code", "zone_code", "bm")
NAME_FIELDS = (
    "name_zh",
    "name",
    "名称",
    "园区名称",
    "园区",
    "开发区名称",
    "mc",
    "yqmc",
    "kfqmc",
    "Name",
    "NAME",
    "name_en",
)


#: Longest park name accepted (the longest shipped name has 30 characters).
MAX_NAME_CHARS = 200


def clean_name(text: object) -> str:
    """A name as typed, made comparable: NFKC, Unicode format characters removed (zero-width spaces and
    joiners, right-to-left marks and overrides, the BOM, soft hyphens), runs of whitespace (tabs and line
    breaks too) as one space, trimmed.

    >>> clean_name("福\u200b州\u202e 园区 ")
    '福州 园区'
    """
    t = unicodedata.normalize("NFKC", "" if text is None else str(text))
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", " ", t).strip()


def name_problem(text: object) -> tuple[str, str] | None:
    """``(English, Chinese)`` of what makes a name unusable — a control character, more than
    :data:`MAX_NAME_CHARS` characters — or ``None`` for a usable name (checked after :func:`clean_name`)."""
    name = clean_name(text)
    bad = next((ch for ch in name if unicodedata.category(ch) == "Cc"), None)
    if bad is not None:
        code = f"U+{ord(bad):04X}"
        return f"the name holds a control character ({code})", f"名称中含有控制字符（{code}）"
    if len(name) > MAX_NAME_CHARS:
        return (
            f"the name has {len(name):,} characters (limit {MAX_NAME_CHARS})",
            f"名称有 {len(name):,} 个字符（上限 {MAX_NAME_CHARS}）",
        )
    return None


def normalise_name(text: object) -> str:
    """Normalise a park name for matching.

    :func:`clean_name` first (full-width characters half-width, invisible format characters removed), then
    whitespace and a 福建/福建省 prefix are removed, one
    园区/开发区/工业园区/经济开发区-type suffix is dropped, and Latin letters are lower-cased.

    >>> normalise_name("福建省 泉州 经济开发区")
    '泉州'
    >>> normalise_name("ＦＵＺＨＯＵ  Development Zone")
    'fuzhoudevelopmentzone'
    """
    t = re.sub(r"\s+", "", clean_name(text))
    for p in NAME_PREFIXES:
        if t.startswith(p) and len(t) > len(p):
            t = t[len(p) :]
            break
    for s in NAME_SUFFIXES:
        if t.endswith(s) and len(t) > len(s):
            t = t[: -len(s)]
            break
    return t.lower()


def _pick_field(columns: list[str], choices: tuple[str, ...]) -> str | None:
    lower = {str(c).lower(): c for c in columns}
    for c in choices:
        if c in columns:
            return c
        if c.lower() in lower:
            return lower[c.lower()]
    return None


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def match_parks(
    gdf: pd.DataFrame,
    parks: pd.DataFrame,
    *,
    id_field: str | None = None,
    name_field: str | None = None,
    feature_col: str = "_feature",
) -> pd.DataFrame:
    """Match each imported feature to a known park by id, then exact name, then normalised name.

    Parameters
    ----------
    gdf
        Imported features (any columns).
    parks
        Known parks indexed by ``id`` with ``name_zh`` (and optionally ``name_en``).
    id_field, name_field
        Columns holding the id / name; guessed from common names (``park_id``, ``id``, ``名称`` …) when
        omitted.

    Returns
    -------
    DataFrame
        Indexed like ``gdf``: ``feature``, ``name``, ``given_id``, ``status`` (``matched`` | ``ambiguous`` |
        ``unmatched``), ``park_id`` (the match, or ``None``), ``park_name``, ``method`` (``id`` |
        ``exact_name`` | ``normalised_name``), ``candidates`` (park ids when ambiguous).
    """
    cols = [str(c) for c in gdf.columns]
    id_field = id_field or _pick_field(cols, ID_FIELDS)
    name_field = name_field or _pick_field(cols, NAME_FIELDS)
    ids = {str(i): i for i in parks.index}
    exact, norm = _name_tables(parks)
    rows = []
    for idx, rec in gdf.iterrows():
        given_id = None if id_field is None or _blank(rec.get(id_field)) else str(rec.get(id_field)).strip()
        name = None if name_field is None or _blank(rec.get(name_field)) else clean_name(rec.get(name_field))
        status, pid, method = "unmatched", None, None
        cands: list[str] = []
        if given_id is not None and given_id in ids:
            status, pid, method = "matched", given_id, "id"
        elif name is not None:
            status, pid, method, cands = _by_name(name, exact, norm)
        park_name = None
        if pid is not None and "name_zh" in parks:
            park_name = parks.loc[ids[pid], "name_zh"]
        rows.append(
            {
                "feature": rec.get(feature_col, idx),
                "name": name,
                "given_id": given_id,
                "status": status,
                "park_id": pid,
                "park_name": park_name,
                "method": method,
                "candidates": cands,
            }
        )
    return pd.DataFrame(
        rows,
        index=gdf.index,
        columns=["feature", "name", "given_id", "status", "park_id", "park_name", "method", "candidates"],
    )


def _name_tables(parks: pd.DataFrame) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Park ids by exact name and by normalised name (every name column, aliases included)."""
    exact: dict[str, list[str]] = {}
    norm: dict[str, list[str]] = {}
    for pid, row in parks.iterrows():
        for col in NAME_COLUMNS:
            value = row.get(col) if hasattr(row, "get") else None
            values = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
            for v in values:
                if _blank(v):
                    continue
                exact.setdefault(clean_name(v), []).append(str(pid))
                key = normalise_name(v)
                if key:
                    norm.setdefault(key, []).append(str(pid))
    return exact, norm


def _by_name(
    name: str, exact: dict[str, list[str]], norm: dict[str, list[str]]
) -> tuple[str, str | None, str | None, list[str]]:
    """``(status, park_id, method, candidates)`` by exact name first, then normalised name."""
    for how, table, key in (("exact_name", exact, name), ("normalised_name", norm, normalise_name(name))):
        found = sorted(set(table.get(key, [])))
        if len(found) == 1:
            return "matched", found[0], how, []
        if len(found) > 1:
            return "ambiguous", None, how, found
    return "unmatched", None, None, []


def acceptance_frame(
    gdf: gpd.GeoDataFrame, decisions: pd.DataFrame, *, declaration: str = DEFAULT_DECLARATION
) -> gpd.GeoDataFrame:
    """Features the user accepted, in the layout :func:`gis.store.accept_boundaries` takes.

    Parameters
    ----------
    gdf
        Imported features (EPSG:4326), indexed like ``decisions``.
    decisions
        The match table (:func:`match_parks`) with the user's choices: ``accept`` (bool) and ``park_id`` (a
        known park's id to replace, or empty to add the feature as a new park); ``name`` becomes ``name_zh``.
    declaration
        What the user declares the file to be (:data:`gis.import_vocab.IMPORT_DECLARATIONS`; default
        ``unverified``): each row's ``geometry_quality`` (:func:`gis.import_vocab.declared_quality`).

    Returns
    -------
    GeoDataFrame
        ``park_id`` (None for new parks), ``name_zh``, ``is_new``, ``geometry_quality`` and geometry; rows not
        accepted left out.

    Raises
    ------
    DataValidationError
        When two accepted features target the same park, or a new park has no name.
    """
    if declaration not in IMPORT_DECLARATIONS:
        raise DataValidationError(
            f"unknown declaration {declaration!r}",
            field="declaration",
            hint="one of " + ", ".join(IMPORT_DECLARATIONS),
            message_zh=f"未知的数据声明 {declaration!r}",
            hint_zh="可选：" + "、".join(IMPORT_DECLARATIONS),
        )
    chosen = decisions[decisions["accept"].fillna(False).astype(bool)]
    rows = []
    seen: dict[str, object] = {}
    for idx, rec in chosen.iterrows():
        pid = None if _blank(rec.get("park_id")) else str(rec.get("park_id")).strip()
        if pid is not None:
            if pid in seen:
                raise DataValidationError(
                    f"features {seen[pid]} and {rec.get('feature')} both replace park {pid}",
                    feature=rec.get("feature"),
                    field="park_id",
                    hint="accept one of them, or clear the park id of the other",
                )
            seen[pid] = rec.get("feature")
        name = None if _blank(rec.get("name")) else clean_name(rec.get("name"))
        problem = None if name is None else name_problem(name)
        if problem is not None:
            raise DataValidationError(
                problem[0],
                feature=rec.get("feature"),
                field="name",
                hint="type the name again (plain text, no control characters)",
                message_zh=problem[1],
                hint_zh="重新输入名称（纯文本，不含控制字符）",
            )
        if pid is None and not name:
            raise DataValidationError(
                "a new park needs a name",
                feature=rec.get("feature"),
                field="name",
                hint="type a name, or choose the park it belongs to",
            )
        geom = gdf.loc[idx].geometry
        quality = declared_quality(declaration, None if geom is None else geom.geom_type)
        rows.append(
            {
                "park_id": pid,
                "name_zh": name,
                "is_new": pid is None,
                "geometry_quality": quality,
                "geometry": geom,
            }
        )
    columns = ["park_id", "name_zh", "is_new", "geometry_quality", "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
