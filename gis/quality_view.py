"""The data-quality table: every place with its position quality and source strength, weakest first.

Built here (the domain) for the data-quality page and its CSV/XLSX export (:func:`gis.tabular.table_bytes`);
the rules are :mod:`gis.quality`. The first rows are the positions an office should replace first with its
own data (the weakest position, then the weakest position source).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from gis.admin_names import english_name
from gis.parks import as_list
from gis.quality import confidence_label, position_rank, source_strength, strength_rank
from gis.tabular import Column, table_bytes
from gis.text import Pair, field, text
from gis.vocab import kind_label, quality_label, source_text, strength_label

#: Columns of the table: machine key → header (the export writes the headers of the UI language).
COLUMNS: dict[str, Pair] = {
    "priority": Pair("替换优先级", "Replace first (rank)"),
    "id": Pair("编号", "ID"),
    "name": Pair("名称", "Name"),
    "kind": Pair("类型", "Kind"),
    "city": Pair("所在市", "City"),
    "county": Pair("所在县区", "County"),
    "geometry_quality": Pair("几何质量", "Geometry quality"),
    "position_confidence": Pair("位置可信度", "Position confidence"),
    "position_source": Pair("位置来源", "Position source"),
    "position_source_strength": Pair("位置来源强度", "Position source strength"),
    "weakest_source": Pair("最弱的事实来源", "Weakest source of its facts"),
    "weakest_source_strength": Pair("该来源强度", "Its strength"),
    "position_note": Pair("位置说明", "Position note"),
}


def _weakest(sources: object) -> tuple[str, str]:
    refs = [str(x.get("ref", "")) for x in as_list(sources) if isinstance(x, dict)]
    refs = [r for r in refs if r and r != "scripts/build_parks.py"]
    if not refs:
        return "", "not_recorded"
    ref = max(refs, key=lambda r: strength_rank(source_strength(r)))
    return ref, source_strength(ref)


def quality_table(parks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per place, weakest position first; columns :data:`COLUMNS` (machine keys).

    Parameters
    ----------
    parks
        The parks in force (:func:`gis.parks.parks_in_force`) or the shipped parks.
    lang
        Language of the labels (kind, quality, confidence, strength, note); names as ``field(…, "name")``.
    """
    rows = []
    for pid, r in parks.iterrows():
        conf = str(r.get("position_confidence") or "")
        src = str(r.get("position_source") or "") or str(r.get("user_source_file") or "")
        strength = "user" if r.get("provenance") in ("user", "user_new") else source_strength(src)
        weak_ref, weak = _weakest(r.get("sources"))
        rows.append(
            {
                "id": str(pid),
                "name": field(r, "name", lang),
                "kind": kind_label(r.get("kind"), lang),
                "city": text(lang, str(r.get("city") or ""), english_name(r.get("city") or "")),
                "county": text(lang, str(r.get("county") or ""), english_name(r.get("county") or ""))
                or text(lang, "（未定到县）", "(no county)"),
                "geometry_quality": quality_label(r.get("geometry_quality"), lang),
                "position_confidence": confidence_label(conf, lang) or text(lang, "未说明", "not stated"),
                "position_source": source_text(src, lang) or strength_label("not_recorded", lang),
                "position_source_strength": strength_label(strength, lang),
                "weakest_source": source_text(weak_ref, lang) or strength_label("not_recorded", lang),
                "weakest_source_strength": strength_label(weak, lang),
                "position_note": field(r, "position_note", lang),
                "_pos": position_rank(r.get("geometry_quality"), conf),
                "_str": strength_rank(strength),
            }
        )
    df = pd.DataFrame(rows, columns=[*COLUMNS, "_pos", "_str"])
    df = df.sort_values(["_pos", "_str", "id"], ascending=[False, False, True], kind="stable")
    df["priority"] = range(1, len(df) + 1)
    return df.drop(columns=["_pos", "_str"]).reset_index(drop=True)[list(COLUMNS)]


def quality_export(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with headers a person reads (in ``lang``), for :func:`gis.tabular.table_bytes`."""
    return table.rename(columns={k: v.get(lang) for k, v in COLUMNS.items()})


#: The column specs of the download (headers in the UI language, sources in their own columns).
EXPORT_COLUMNS: tuple[Column, ...] = tuple(
    Column(k, v, kind="source" if k in ("position_source", "weakest_source") else "text")
    for k, v in COLUMNS.items()
)


def quality_bytes(table: pd.DataFrame, fmt: Literal["csv", "xlsx"], lang: str) -> bytes:
    """The table (:func:`quality_table`, in ``lang``) as CSV (UTF-8 with BOM) or XLSX headed in ``lang``,
    with the XLSX ``columns`` sheet of machine keys."""
    sheet = text(lang, "数据质量", "data quality")
    return table_bytes(table, fmt, columns=EXPORT_COLUMNS, lang=lang, sheet_name=sheet)


def quality_summary(table: pd.DataFrame) -> dict[str, int]:
    """How many places have each position confidence (as shown), e.g. ``{"low (geocoded)": 94, …}``."""
    return {str(k): int(v) for k, v in table["position_confidence"].value_counts().items()}
