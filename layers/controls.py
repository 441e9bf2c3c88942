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
      entry fires a click on that feature, so its card opens and the page learns of it as of any click
      (the click on the stack itself is not sent to the page: streamlit-folium's handler is wrapped).
    - The last chosen feature gets a highlight ring (points) or outline (polygons); so does a point the map
      was centred on (the page's search centres the map on what it found).
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
            function fits(dir, p, w, h, W, H) {
                var g = 14;
                if (dir === 'right') return p.x + g + w <= W && p.y - h / 2 >= 0 && p.y + h / 2 <= H;
                if (dir === 'left') return p.x - g - w >= 0 && p.y - h / 2 >= 0 && p.y + h / 2 <= H;
                if (dir === 'top') return p.y - g - h >= 0 && p.x - w / 2 >= 0 && p.x + w / 2 <= W;
                return p.y + g + h <= H && p.x - w / 2 >= 0 && p.x + w / 2 <= W;
            }
            function turn(t, dir, offset) {
                t._fpaTurned = true;
                t.options.direction = dir; t.options.offset = offset; t.update();
                t._fpaTurned = false;
            }
            map.on('tooltipopen', function(e) {
                // the first side with room (towards the middle, the other side, above, below), then a nudge
                var t = e.tooltip, el = t.getElement(), ll = t.getLatLng();
                if (!el || !ll || t._fpaTurned) return;
                if (t._fpaOffset === undefined) t._fpaOffset = L.point(t.options.offset || [0, 0]);
                var p = map.latLngToContainerPoint(ll), s = map.getSize();
                var w = el.offsetWidth, h = el.offsetHeight, dir = t.options.direction;
                var order = p.x < s.x / 2 ? ['right', 'left'] : ['left', 'right'];
                order = order.concat(['top', 'bottom']);
                for (var i = 0; i < order.length; i++) {
                    if (fits(order[i], p, w, h, s.x, s.y)) { dir = order[i]; break; }
                }
                turn(t, dir, t._fpaOffset);
                var c = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
                var dx = Math.max(0, c.left + 4 - r.left) - Math.max(0, r.right - (c.right - 4));
                var dy = Math.max(0, c.top + 4 - r.top) - Math.max(0, r.bottom - (c.bottom - 4));
                if (dx || dy) turn(t, dir, t._fpaOffset.add([dx, dy]));
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
            // A click on stacked points opens the pick list; tell the page only which entry is picked (wrap
            // streamlit-folium's click handler, bound to every layer right after this script runs).
            setTimeout(function() {
                map.eachLayer(function(l) {
                    ((l._events && l._events.click) || []).forEach(function(h) {
                        if (!h.fn || h.fn.name !== 'onLayerClick' || h.fn._fpa) return;
                        var send = h.fn;
                        h.fn = function(e) {
                            var src = (e && (e.propagatedFrom || e.sourceTarget)) || l;
                            if (props(src) && !src._fpaPicked && nearby(src).length > 1) return;
                            return send.apply(this, arguments);
                        };
                        h.fn._fpa = true;
                    });
                });
            }, 0);
            // The page's search centres the map on the chosen place: highlight the point now at the centre.
            map.on('moveend', function() {
                var c = map.getSize().divideBy(2), hits = [];
                map.eachLayer(function(l) {
                    if (!(l instanceof L.CircleMarker) || !clickable(l)) return;
                    var q = map.latLngToContainerPoint(l.getLatLng());
                    if (Math.abs(q.x - c.x) <= 2 && Math.abs(q.y - c.y) <= 2) hits.push(l);
                });
                if (hits.length === 1) mark(hits[0]);
            });
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
