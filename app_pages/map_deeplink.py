"""Say which values of a map deep link were ignored (``?layer=…&sector=…&park=…&basemap=…``).

:func:`app_pages.map_session.apply_query_params` applies what it knows and skips the rest; this tells the user
which values it skipped, once per new link. Call :func:`warn_ignored` just before ``apply_query_params``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import map_session as ms
from app_pages.i18n import tr
from layers.spec import basemap_ids

_PARAMS = (ms.QP_LAYER, ms.QP_SECTOR, ms.QP_PARK, ms.QP_BASEMAP)


def ignored_values(current: dict[str, list[str]]) -> list[str]:
    """``name=value`` of every link value that names no layer, sector, place or basemap."""
    out: list[str] = []
    known_layers = set(ms.layer_ids())
    for item in current.get(ms.QP_LAYER, []):
        out += [
            f"{ms.QP_LAYER}={v}" for v in str(item).split(",") if v.strip() and v.strip() not in known_layers
        ]
    for v in current.get(ms.QP_SECTOR, [])[-1:]:
        if not (v.strip().isdigit() and int(v) in ms.sector_options()):
            out.append(f"{ms.QP_SECTOR}={v}")
    for v in current.get(ms.QP_PARK, [])[-1:]:
        if v not in ms.places():
            out.append(f"{ms.QP_PARK}={v}")
    for v in current.get(ms.QP_BASEMAP, [])[-1:]:
        if v not in basemap_ids():
            out.append(f"{ms.QP_BASEMAP}={v}")
    return out


def warn_ignored() -> None:
    """One warning naming the ignored values of a link the page has not applied yet."""
    current = {k: st.query_params.get_all(k) for k in _PARAMS if k in st.query_params}
    if not current or current == st.session_state.get(ms.K_QP_SEEN):
        return
    bad = ignored_values(current)
    if bad:
        st.warning(
            tr("链接中的以下参数无法识别，已忽略：", "These link values are not known and were ignored: ")
            + "、".join(bad)
        )
