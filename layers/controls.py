"""Small Leaflet elements folium lacks: an HTML control box, zoom-dependent CSS classes, a label layer.

Every text that reaches these elements must already be escaped with :func:`layers.popups.escape_html`
(callers do it); data travels into the page's script as JSON (Jinja ``tojson`` escapes ``< > & '``).
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

from layers.compact import script_json


class HtmlControl(MacroElement):
    """A Leaflet control holding an HTML box (legend, title block).

    Parameters
    ----------
    html : str
        Ready HTML whose data parts are already escaped.
    position : str
        Leaflet control position (``topleft``, ``topright``, ``bottomleft``, ``bottomright``).
    css_class : str
        Class of the box (styled by :data:`layers.legend.MAP_CSS`).
    collapse_below : int, optional
        Close the box's ``<details>`` when the map is narrower than this many pixels.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function(map) {
                var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html_json }};
                {%- if this.collapse_below %}
                var det = div.querySelector('details');
                if (det && map.getSize().x < {{ this.collapse_below }}) det.removeAttribute('open');
                {%- endif %}
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html: str,
        *,
        position: str = "bottomright",
        css_class: str = "fpa-box",
        collapse_below: int | None = None,
    ) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html_json = script_json(html)
        self.collapse_below = int(collapse_below) if collapse_below else None
        self.html = html
        self.position = position
        self.css_class = css_class


class ZoomClasses(MacroElement):
    """Put ``fpa-zge{k}`` classes (k ≤ current zoom) on the map container so CSS can show labels by zoom."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            function setZoomClasses() {
                var el = map.getContainer(), z = Math.floor(map.getZoom());
                for (var k = 0; k <= 20; k++) { el.classList.toggle('fpa-zge' + k, k <= z); }
            }
            map.on('zoomend', setZoomClasses);
            map.whenReady(setZoomClasses);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ZoomClasses"


class LabelLayer(MacroElement):
    """Non-interactive text labels (``L.divIcon``) added to the parent FeatureGroup.

    Parameters
    ----------
    points : sequence of (lat, lon, html)
        Positions and already-escaped label HTML.
    css_class : str
        Class of every label (zoom rules live in :data:`layers.legend.MAP_CSS`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(parent) {
            var items = {{ this.points_json }};
            items.forEach(function(p) {
                L.marker([p[0], p[1]], {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({
                        className: {{ this.css_class|tojson }},
                        html: '<span>' + p[2] + '</span>', iconSize: null
                    })
                }).addTo(parent);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, points: Sequence[tuple[float, float, str]], *, css_class: str) -> None:
        super().__init__()
        self._name = "LabelLayer"
        self.points = [[round(float(a), 5), round(float(b), 5), str(c)] for a, b, c in points]
        self.css_class = css_class
        self.points_json = script_json(self.points)
