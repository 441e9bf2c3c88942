"""Widget persistence and deep links of the map pages (no data, no domain code; split from ``map_session``).

- Widget values are mirrored into plain session keys (``_keep_*``) so they survive a page switch.
- The URL carries ``?layer=a,b&sector=5&park=gulei&basemap=…``: :func:`write_query_params` mirrors
  the choices, :func:`map_link` / :func:`map_query` build links for other pages;
  ``map_session.apply_query_params`` reads them (it needs the data).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from app_pages.i18n import lang as current_lang
from layers.spec import MapSpec

K_LANG_SEEN = "_map_lang_seen"
K_QP_SEEN = "_map_qp_seen"
#: Query-parameter names for deep links (the targets page links to ``map?layer=sector&sector=5``).
QP_LAYER = "layer"
QP_SECTOR = "sector"
QP_PARK = "park"
QP_BASEMAP = "basemap"
_QP = (QP_LAYER, QP_SECTOR, QP_PARK, QP_BASEMAP)


def _keep(key: str) -> str:
    return f"_keep_{key}"


def restore_widget(key: str, default: Any) -> None:
    """Before a widget is drawn: give it its persisted value (survives page switches), else ``default``."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(_keep(key), default)


def persist_widget(key: str) -> None:
    """After a widget is drawn: copy its value to the persisted key."""
    if key in st.session_state:
        st.session_state[_keep(key)] = st.session_state[key]


def keep_over_language_change(keys: Sequence[str]) -> None:
    """Call before drawing widgets whose option labels depend on the language.

    The browser sends a select widget's value as its *label*; after a language switch the new labels no longer
    match and Streamlit would drop the choice. Read each value first (still decoded with the old labels) and
    write it back, so the layers, sector and search survive the switch.
    """
    now = current_lang()
    if st.session_state.get(K_LANG_SEEN, now) != now:
        for key in keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    st.session_state[K_LANG_SEEN] = now


def persisted(key: str, default: Any = None) -> Any:
    """The widget's value, live or persisted (for pages that do not draw the widget)."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_keep(key), default)


def _url_params() -> dict[str, list[str]]:
    """The map's query parameters now in the URL (each with all its values)."""
    return {k: st.query_params.get_all(k) for k in _QP if k in st.query_params}


def write_query_params(spec: MapSpec, selected: str | None) -> None:
    """Mirror the current choices into the URL so it can be bookmarked or shared (never the key)."""
    wanted = {k: [v] for k, v in map_query(spec.layers, spec.sector, selected).items()}
    if spec.basemap != "none":
        wanted[QP_BASEMAP] = [spec.basemap]
    current = _url_params()
    if current != wanted:
        for k in _QP:
            if k in st.query_params and k not in wanted:
                del st.query_params[k]
        for k, v in wanted.items():
            st.query_params[k] = v[0]
    st.session_state[K_QP_SEEN] = wanted


def map_link(
    layers: Sequence[str] | None = None, sector: int | None = None, park: str | None = None, page: str = "map"
) -> str:
    """Relative URL of the map page showing ``layers`` / ``sector`` / ``park`` (for other pages' links).

    Example: ``map_link(["sector"], sector=1)`` -> ``"map?layer=sector&sector=1"``. With ``st.page_link`` use
    :func:`map_query` instead.
    """
    q = map_query(layers, sector, park)
    return f"{page}?{urlencode(q)}" if q else page


def map_query(
    layers: Sequence[str] | None = None, sector: int | None = None, park: str | None = None
) -> dict[str, str]:
    """Query parameters for ``st.page_link("app_pages/map.py", query_params=...)``."""
    q: dict[str, str] = {}
    if layers:
        q[QP_LAYER] = ",".join(layers)
    if sector:
        q[QP_SECTOR] = str(int(sector))
    if park:
        q[QP_PARK] = park
    return q
