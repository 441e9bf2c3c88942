"""Language switch: Chinese first, English available.

Pages call ``tr("中文", "English")`` for UI text; the language lives in ``st.session_state["lang"]``
(set by the sidebar in ``app.py``). Data-side names come in pairs (``name_zh`` / ``name_en``): use
:func:`pick`.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

LANGS = ("zh", "en")


def lang() -> str:
    """Current UI language, ``"zh"`` (default) or ``"en"``."""
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    """Return the text for the current language."""
    return en if lang() == "en" else zh


def pick(record: Mapping[str, object], field: str = "name") -> str:
    """Return ``record[field_en]`` in English mode (falling back to ``field_zh``), else ``field_zh``."""
    zh = record.get(f"{field}_zh")
    en = record.get(f"{field}_en")
    if lang() == "en" and en:
        return str(en)
    return "" if zh is None else str(zh)
