"""Bilingual text: the one way to write it.

Two helpers, nothing else:

- :func:`text` — fixed text we write (UI strings, labels, units): ``text(lang, "园区", "Park")``.
  Pages call ``app_pages.i18n.tr("园区", "Park")``, which is this function with the session's language.
- :func:`field` — data-side pairs (``name_zh`` / ``name_en`` columns or keys): English falls back to Chinese
  when the English value is missing, never the other way round (Chinese first).

Vocabularies (kinds, levels, provenance …) are tables of :class:`Pair` looked up with :func:`label`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, Protocol, overload

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Record(Protocol):
    """Anything with ``.get(key[, default])``: a dict, a ``Mapping``, a pandas Series (a table row).

    Two overloads, the shape of ``Mapping.get``; the default is ``Any`` so that ``dict[str, str]`` (whose
    ``get`` is typed by its value type) fits too.
    """

    @overload
    def get(self, key: str, /) -> object: ...
    @overload
    def get(self, key: str, default: Any, /) -> object: ...


class Pair(NamedTuple):
    """A Chinese text and its English counterpart."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (``"en"`` gives English, anything else Chinese)."""
        return self.en if lang == "en" else self.zh


def normalize_lang(lang: object) -> Lang:
    """Return ``"en"`` for ``"en"`` and ``"zh"`` for anything else (Chinese is the default)."""
    return "en" if lang == "en" else "zh"


def text(lang: str, zh: str, en: str) -> str:
    """Return ``en`` in English mode, else ``zh``."""
    return en if lang == "en" else zh


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip() != ""


def field(record: Record, name: str, lang: str) -> str:
    """Return ``record[name + "_en"]`` in English (falling back to ``name + "_zh"``), else the Chinese value.

    Missing values (``None``, NaN, empty) give ``""``.
    """
    zh = record.get(f"{name}_zh")
    if lang == "en":
        en = record.get(f"{name}_en")
        if _present(en):
            return str(en)
    return str(zh) if _present(zh) else ""


def label(table: Mapping[str, Pair], key: object, lang: str, default: str | None = None) -> str:
    """Look ``key`` up in a vocabulary table and return its label in ``lang``.

    An unknown key gives ``default`` when given, else the key itself as text (so nothing is hidden).
    """
    pair = table.get(str(key)) if key is not None else None
    if pair is None:
        return str(key) if default is None and key is not None else (default or "")
    return pair.get(lang)


def year_text(year: object, lang: str) -> str:
    """A figure's year as its source states it (``2018``, ``2016-2020``), or "year not stated"."""
    if not _present(year):
        return text(lang, "年份未说明", "year not stated")
    try:
        # any value: float() raises TypeError / ValueError for what it cannot take (a range stays text)
        f = float(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(year)
    return str(int(f)) if f == int(f) else str(year)


def approx_number_text(value_text: object, approx: bool, lang: str) -> str:
    """A number in its source's own wording: ``约30`` stays ``约30`` in Chinese and reads ``about 30`` in
    English; a number without a qualifier is shown as written (never padded to ``30.0``)."""
    raw = str(value_text or "").strip()
    bare = raw.removeprefix("约").removeprefix("~").removeprefix("about ").strip()
    if not approx:
        return raw
    return text(lang, f"约{bare}", f"about {bare}")


# ---------------------------------------------------------------------------------- places in the plan
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def numeral(word: str) -> str:
    """A Chinese numeral up to 99 (一, 十, 十三, 二十四) as digits; other text unchanged."""
    if not word or any(c not in _NUMERALS for c in word):
        return word
    if "十" not in word:
        return str(_NUMERALS[word])
    tens, _, units = word.partition("十")
    return str((_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0))


def place_en(source: str) -> str:
    """A place in the plan in English: ``第三章七; 专栏1 #10`` → ``ch. 3 §7; Box 1 item 10``."""
    out = re.sub(r"专栏(\d+)\s*#(\d+)", r"Box \1 item \2", source)
    out = re.sub(r"专栏(\d+)", r"Box \1", out)
    out = re.sub(
        r"第([一二三四五六七八九十]+)章([一二三四五六七八九十]*)",
        lambda m: f"ch. {numeral(m.group(1))}" + (f" §{numeral(m.group(2))}" if m.group(2) else ""),
        out,
    )
    return re.sub(r"（([一二三四五六七八九十]+)）", lambda m: f" ({numeral(m.group(1))})", out)
