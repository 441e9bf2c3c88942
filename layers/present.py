"""The presentation page's map: the map page's folium map (same layers, styles, cards) as a slide.

The in-map boxes (title block, legend, sector info) move beside the map — nothing covers the province; the
map fills its frame and fits the whole province on load and whenever the frame changes size (fractional
zoom), leaving the corner controls clear; city labels are large (they scale with the frame's width).
"""

from __future__ import annotations

import json

import folium

from gis.boundaries import load_boundaries
from layers.controls import HtmlControl
from layers.legend import MAP_CSS

#: Pixels kept clear around the province: the zoom / full-screen buttons sit at the top left.
PAD_TOP_LEFT = (56, 16)
PAD_BOTTOM_RIGHT = (16, 16)

SLIDE_CSS = """<style>
.leaflet-control-container .fpa-box, .leaflet-control-search, .leaflet-control-measure,
.leaflet-control-layers { display: none !important; }
.leaflet-container .fpa-label-city { display: block !important; font-size: clamp(16px, 2.2vw, 32px); }
.leaflet-container .fpa-label-province { display: none !important; }
.leaflet-container .fpa-label-county { font-size: clamp(11px, 1vw, 16px); }
</style>"""

_FIT_JS = """<script>
(function () {
  var bounds = %(bounds)s, pad = {paddingTopLeft: %(tl)s, paddingBottomRight: %(br)s};
  function fit() {
    var map = window[%(name)s];
    if (!map) { return setTimeout(fit, 50); }
    map.options.zoomSnap = 0.1;
    map.invalidateSize(false);
    map.fitBounds(bounds, pad);
    document.documentElement.setAttribute('data-fpa-fitted', String(map.getZoom()));
  }
  window.addEventListener('load', fit);
  window.addEventListener('resize', function () {
    clearTimeout(window.__fpaFit);
    window.__fpaFit = setTimeout(fit, 120);
  });
})();
</script>"""


def province_bounds_latlon() -> list[list[float]]:
    """Fujian's bounds as Leaflet ``[[south, west], [north, east]]``."""
    w, s, e, n = load_boundaries("province").total_bounds
    return [[float(s), float(w)], [float(n), float(e)]]


def side_boxes(m: folium.Map) -> list[str]:
    """The HTML of the map's boxes except the title block (legend, sector info): shown beside the map."""
    return [
        c.html for c in m._children.values() if isinstance(c, HtmlControl) and "fpa-title" not in c.css_class
    ]


def boxes_html(m: folium.Map) -> str:
    """:func:`side_boxes` as one HTML block with the map's CSS (the boxes' data strings are escaped)."""
    inner = "".join(f'<div class="fpa-box fpa-large fpa-side">{b}</div>' for b in side_boxes(m))
    extra = (
        "<style>.fpa-side{max-width:none;max-height:none;box-shadow:none;padding:4px 0}"
        ".fpa-side summary{display:none}</style>"
    )
    return MAP_CSS + extra + inner


def slide_html(m: folium.Map) -> str:
    """The map's full HTML with the slide CSS and the fit-the-province script."""
    html = m.get_root().render()
    script = _FIT_JS % {
        "bounds": json.dumps(province_bounds_latlon()),
        "tl": json.dumps(list(PAD_TOP_LEFT)),
        "br": json.dumps(list(PAD_BOTTOM_RIGHT)),
        "name": json.dumps(m.get_name()),
    }
    return html.replace("</head>", SLIDE_CSS + "</head>", 1).replace("</body>", script + "</body>", 1)
