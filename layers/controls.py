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


class MapHelpers(MacroElement):
    """Room on the map: popups and tooltips kept inside it, a pick list where features overlap, the chosen
    feature highlighted, and the in-map search opening the found feature's card.

    - Popups get ``autoPanPadding`` and a ``maxHeight`` of the map's height (they scroll, never cut);
      tooltips near an edge turn to the side with room.
    - A click on a point with other clickable points within :attr:`radius_px` opens a pick list (keyboard
      reachable buttons, names taken from the features' escaped tooltips) instead of the top card; choosing an
      entry fires a click on that feature, so its card opens and the page learns of it as of any click.
    - The last chosen feature gets a highlight ring (points) or outline (polygons).
    - A place found with the in-map search (leaflet-search's ``showLocation``) opens the card of the
      feature of that name, as a click would.

    Add it after every layer (``layers.mapbuild.build_map`` does).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .fpa-pick{font:13px/1.4 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;min-width:200px}
        .fpa-pick p{margin:0 0 6px;font-weight:600}
        .fpa-pick ul{list-style:none;margin:0;padding:0}
        .fpa-pick button{display:block;width:100%;text-align:left;margin:2px 0;padding:4px 6px;
          border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer;font:inherit}
        .fpa-pick button:hover,.fpa-pick button:focus{background:#fef5e7;border-color:#e67e22;
          outline:2px solid #e67e22}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
            var R = {{ this.radius_px }}, HL = {{ this.highlight_color|tojson }};
            var labels = {{ this.labels_json }};
            var highlight = null;
            function props(l) { return l && l.feature && l.feature.properties; }
            function clickable(l) {
                var p = props(l);
                return !!(p && (p.pop !== null && p.pop !== undefined) && l.options.interactive !== false
                          && map.hasLayer(l));
            }
            function nameOf(l) {
                var t = props(l).tooltip || '', m = /<b>([\\s\\S]*?)<\\/b>/.exec(t);
                return m ? m[1] : t;
            }
            function nearby(src) {
                if (!(src instanceof L.CircleMarker)) return [];
                var c = map.latLngToContainerPoint(src.getLatLng()), out = [];
                map.eachLayer(function(l) {
                    if (!(l instanceof L.CircleMarker) || !clickable(l)) return;
                    var q = map.latLngToContainerPoint(l.getLatLng());
                    if (Math.abs(q.x - c.x) <= R && Math.abs(q.y - c.y) <= R) out.push(l);
                });
                return out;
            }
            function mark(l) {
                if (highlight) { map.removeLayer(highlight); highlight = null; }
                var opts = {color: HL, weight: 4, opacity: 0.95, fill: false, interactive: false};
                if (l instanceof L.CircleMarker) {
                    highlight = L.circleMarker(l.getLatLng(),
                        L.extend({}, opts, {radius: (l.getRadius() || 6) + 6}));
                } else if (l.toGeoJSON) {
                    highlight = L.geoJSON(l.toGeoJSON(), {style: function() { return opts; },
                                                          interactive: false});
                }
                if (highlight) highlight.addTo(map);
            }
            function choose(l) {
                var p = props(l);
                map.closePopup();
                if (!l.getTooltip() && p.tooltip) l.bindTooltip(p.tooltip);
                l._fpaPicked = true;
                var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
                l.fire('click', {latlng: ll}, true);  // propagate: the layer group binds the card
            }
            function pickList(popup, items) {
                // a DOM node (not HTML text): popup.update() keeps the node and so its listeners
                var div = L.DomUtil.create('div', 'fpa-pick'), head = L.DomUtil.create('p', '', div);
                head.textContent = labels.here.replace('{n}', items.length);
                var ul = L.DomUtil.create('ul', '', div);
                items.forEach(function(l) {
                    var b = L.DomUtil.create('button', '', L.DomUtil.create('li', '', ul));
                    b.type = 'button';
                    b.innerHTML = nameOf(l);  // escaped by the builders (layers.popups.escape_html)
                    L.DomEvent.on(b, 'click', function(ev) { L.DomEvent.stop(ev); choose(l); });
                });
                popup.setContent(div);
                setTimeout(function() { var f = div.querySelector('button'); if (f) f.focus(); }, 0);
            }
            map.on('popupopen', function(e) {
                var popup = e.popup, src = popup._source;
                popup.options.autoPanPadding = L.point(24, 24);
                popup.options.maxHeight = Math.max(160, map.getSize().y - 90);
                if (src && props(src) && !src._fpaPicked) {
                    var items = nearby(src);
                    if (items.length > 1) {
                        if (popup._fpaCard === undefined) popup._fpaCard = popup.getContent();
                        pickList(popup, items); popup.update(); return;
                    }
                }
                if (popup._fpaCard !== undefined) { popup.setContent(popup._fpaCard); delete popup._fpaCard; }
                if (src) { src._fpaPicked = false; if (props(src)) mark(src); }
                popup.update();
            });
            map.on('tooltipopen', function(e) {
                var t = e.tooltip, el = t.getElement();
                if (!el || t._fpaTurned) return;
                var m = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect(), d = null;
                if (r.top < m.top + 4) d = 'bottom';
                else if (r.bottom > m.bottom - 4) d = 'top';
                if (r.right > m.right - 4) d = 'left';
                else if (r.left < m.left + 4) d = 'right';
                if (d) { t._fpaTurned = true; t.options.direction = d; t.update(); t._fpaTurned = false; }
            });
            function found(e) {
                var names = String(e.text || '').split(' / '), hit = null, done = false;
                map.eachLayer(function(l) {
                    if (!hit && clickable(l) && names.indexOf(nameOf(l)) >= 0) hit = l;
                });
                if (!hit) return;
                var go = function() { if (!done) { done = true; choose(hit); } };
                map.once('moveend', go);
                setTimeout(go, 900);
            }
            // leaflet-search: hook its showLocation (the control's variable is renamed by streamlit-folium)
            var S = L.Control.Search && L.Control.Search.prototype;
            if (S && !S._fpaHooked) {
                var show = S.showLocation;
                S.showLocation = function(latlng, title) {
                    var out = show.apply(this, arguments);
                    if (this._map) this._map.fire('fpa:searchfound', {text: title, latlng: latlng});
                    return out;
                };
                S._fpaHooked = true;
            }
            map.on('fpa:searchfound', found);
            // Chinese input methods end with compositionend, not a key: let leaflet-search look then too
            setTimeout(function() {
                var box = map.getContainer().querySelector('.leaflet-control-search input');
                if (box) L.DomEvent.on(box, 'compositionend', function() {
                    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
                });
            }, 0);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        here_label: str,
        radius_px: int = 10,
        highlight_color: str = "#e67e22",
    ) -> None:
        super().__init__()
        self._name = "MapHelpers"
        self.radius_px = int(radius_px)
        self.highlight_color = highlight_color
        self.labels_json = script_json({"here": here_label})
