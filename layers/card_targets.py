"""A cluster's 2020 target as card text: value, the level its source states it at, note and source.

Split from :mod:`layers.cards` (one Card model); the level rule is :func:`clusters.targets_city.target_scope`.
"""

from __future__ import annotations

from clusters.targets_city import target_scope
from clusters.vocab import TARGET_NOTES, note_label
from gis.parks import as_list
from gis.text import Record, text
from layers.card_context import missing, num, semi, unknown, with_unit


def target_text(c: Record, lang: str) -> str:
    """A cluster's 2020 target with its note and source, or "unknown" (with the note when there is one)."""
    target, note = c.get("target_2020"), note_label(TARGET_NOTES, c.get("target_note"), lang) or None
    if missing(target):
        return text(lang, f"未知（{note}）", f"unknown ({note})") if not missing(note) else unknown(lang)
    sep = semi(lang)
    src = (
        ""
        if missing(c.get("target_source"))
        else f"{sep}{text(lang, '来源', 'source')}: {c.get('target_source')}"
    )
    tail = "" if missing(note) else f"{sep}{note}"
    return f"{with_unit(num(target), '亿元', lang)}{_scope_text(c, lang)}{tail}{src}"


def _scope_text(c: Record, lang: str) -> str:
    """The level the target is stated at (clusters.targets_city.target_scope): city, cities, province."""
    scope = target_scope(c)
    n = len([x for x in as_list(c.get("host_cities")) if x])
    if scope == "cities":
        return text(
            lang, f"（{n}个市合计目标，不分到各市）", f" (stated for {n} cities together, not per city)"
        )
    if scope == "province":
        return text(lang, "（全省目标）", " (province-wide)")
    return ""
