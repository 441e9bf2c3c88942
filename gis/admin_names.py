"""English names of Fujian's cities and counties (from data/boundaries), for text that names them.

The one lookup: ``english_name("福州市")`` → ``"Fuzhou City"``; an unknown name comes back as given.
"""

from __future__ import annotations

from functools import lru_cache

from gis.boundaries import load_boundaries


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for level in ("city", "county"):
        b = load_boundaries(level)
        out.update({str(z): str(e) for z, e in zip(b["name_zh"], b["name_en"], strict=True) if e and e == e})
    return out


def english_name(name_zh: object) -> str:
    """The English name of a city or county written in Chinese (as given when unknown or blank)."""
    raw = "" if name_zh is None else str(name_zh)
    return _names().get(raw, raw)
