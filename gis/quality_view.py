"""The data-quality table: every place with its position quality and source strength, weakest first.

Built here (the domain) for the data-quality page and its CSV/XLSX export (:func:`gis.tabular.table_bytes`);
the rules are :mod:`gis.quality`. The first rows are the positions an office should replace first with its
own data (the weakest position, then the weakest position source).
"""

from __future__ import annotations

import pandas as pd

from gis.admin_names import english_name
from gis.parks import as_list
from gis.quality import confidence_label, position_rank, source_strength, strength_rank
from gis.text import Pair, field, text
from gis.vocab import kind_label, quality_label, source_text, strength_label

#: Columns of the table: machine key → header (the export writes the headers of the UI language).
COLUMNS: dict[str, Pair] = {
    "priority": Pair("替换优先级", "replace first (rank)"),
    "id": Pair("编号", "id"),
    "name": Pair("名称", "name"),
    "kind": Pair("类型", "kind"),
    "city": Pair("所在市", "city"),
    "county": Pair("所在县区", "county"),
    "geometry_quality": Pair("几何质量", "geometry quality"),
    "position_confidence": Pair("位置可信度", "position confidence"),
    "position_source": Pair("位置来源", "position source"),
    "position_source_strength": Pair("位置来源强度", "position source strength"),
    "weakest_source": Pair("最弱的事实来源", "weakest source of its facts"),
    "weakest_source_strength": Pair("该来源强度", "its strength"),
    "position_note": Pair("位置说明", "position note"),
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


def quality_summary(table: pd.DataFrame) -> dict[str, int]:
    """How many places have each position confidence (as shown), e.g. ``{"low (geocoded)": 94, …}``."""
    return {str(k): int(v) for k, v in table["position_confidence"].value_counts().items()}
