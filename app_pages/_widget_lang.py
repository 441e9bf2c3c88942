"""Keep choice widgets (radio / selectbox) right when the UI language changes.

Streamlit stores a radio's or selectbox's value as its *formatted* option text. When ``format_func`` is
language-dependent, a language switch leaves the browser holding the old-language text: the widget shows no
selection, and the next interaction resets it to its default (a chosen "absolute values" mode or sort order is
lost). :func:`sync_choices` re-assigns the current values once after a switch, so Streamlit sends the value
again in the new language.

The one way to label a choice widget: compute the labels in the run, ``labels = {value: tr(…)}``, and pass
``format_func=labelled(labels)`` (that is ``labels.get``) — never a ``lambda`` calling ``tr`` (Streamlit, and
AppTest, may call ``format_func`` outside the script run, where the session language is unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

import streamlit as st

from app_pages.i18n import lang


def labelled(labels: Mapping[Any, str]) -> Callable[[Any], str]:
    """The ``format_func`` of a choice widget whose options are the keys of ``labels`` (computed in the run).

    It is ``labels.get`` itself: an option shows as its label; a value that is no longer an option gives
    ``None``, which Streamlit takes as "not one of the options" (the widget resets) and AppTest as "not a
    label". The cast only states Streamlit's ``Callable[[Any], str]``: for the options it always is a ``str``.
    """
    return cast("Callable[[Any], str]", labels.get)


def sync_choices(page: str, keys: Iterable[str]) -> None:
    """Re-send the values of the choice widgets ``keys`` if the language changed since ``page`` last ran.

    Parameters
    ----------
    page
        A name for the calling page (the language it last ran in is remembered per page).
    keys
        Session-state keys of radio / selectbox widgets whose ``format_func`` depends on the language.
        Call before those widgets are created.
    """
    seen_key = f"_lang_seen_{page}"
    now = lang()
    before = st.session_state.get(seen_key)
    st.session_state[seen_key] = now
    if before is None or before == now:
        return
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
