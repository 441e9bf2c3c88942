"""Language switch for pages: Chinese first, English available.

Pages call ``tr("中文", "English")`` for UI text and ``pick(record, "name")`` for data-side pairs; both are
:mod:`gis.text`'s two helpers bound to the session's language (``st.session_state["lang"]``, set by the
sidebar in ``app.py``). Errors are shown with :func:`error_text`.
"""

from __future__ import annotations

import re

import streamlit as st

from gis import text as _text
from gis.errors import AtlasError
from gis.text import LANGS, Lang, Record

__all__ = ["LANGS", "as_text", "error_text", "lang", "pick", "tr"]


def lang() -> Lang:
    """Current UI language, ``"zh"`` (default) or ``"en"``."""
    return _text.normalize_lang(st.session_state.get("lang", "zh"))


def tr(zh: str, en: str) -> str:
    """Return the text for the current language."""
    return _text.text(lang(), zh, en)


def pick(record: Record, field: str = "name") -> str:
    """Return ``record[field_en]`` in English mode (falling back to ``field_zh``), else ``field_zh``."""
    return _text.field(record, field, lang())


def error_text(exc: BaseException) -> str:
    """An error as one line in the UI language: an atlas error's where, what and how to fix; any other
    error (an ``OSError`` …) as its own text. Safe inside ``st.error`` / ``st.warning`` (markdown): a file
    name or CSV header in it is shown as text (:func:`as_text`)."""
    return as_text(exc.text(lang()) if isinstance(exc, AtlasError) else str(exc))


#: Markdown that could fetch, link or inject (images ``![x](url)``, links, HTML, math, escapes).
_MARKDOWN_ACTIVE = re.compile(r"([\\\[\]<>$`])")
#: Bare addresses that GitHub-flavoured markdown would turn into links.
_BARE_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)


def as_text(value: object) -> str:
    """``value`` as text for a markdown element (``st.error``, ``st.warning``, ``st.caption``…): the
    characters that make images, links, HTML or math are escaped, and bare addresses are kept from becoming
    links, so ``![x](http://…)`` shows as typed and never fetches."""
    escaped = _MARKDOWN_ACTIVE.sub(r"\\\1", str(value))
    return _BARE_WWW.sub(r"\1\\.", escaped.replace("://", ":\\/\\/"))
