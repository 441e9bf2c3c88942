"""Render a folium map once for the streamlit-folium component: its asset links and initial view.

The page (``app_pages.map_session.show_map``) renders a map once per session and spec and re-sends the same
component arguments on every rerun; this module does the folium / branca part of that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import branca
import folium


def _walk(elem: Any) -> Iterator[Any]:
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def render_once(fmap: folium.Map) -> dict[str, Any]:
    """Render ``fmap`` and return its ``css_links``, ``js_links`` and ``default`` (bounds and zoom).

    Raises
    ------
    ValueError
        The map holds a branca colormap (it would need d3 from a CDN; the atlas does not use them).
    """
    fmap.get_root().render()
    fmap.render()
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(fmap):
        if isinstance(elem, branca.colormap.ColorMap):
            raise ValueError("branca colormaps need d3 from a CDN; the atlas does not use them")
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    (s_lat, s_lng), (n_lat, n_lng) = fmap.get_bounds()
    default = {
        "last_object_clicked": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_count": None,
        "bounds": {"_southWest": {"lat": s_lat, "lng": s_lng}, "_northEast": {"lat": n_lat, "lng": n_lng}},
        "zoom": fmap.options.get("zoom"),
    }
    return {
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
        "default": default,
    }
