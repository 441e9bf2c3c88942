"""A compact GeoJSON layer: geometry as encoded polylines, shared style and text tables.

folium's ``GeoJson`` embeds every coordinate as decimal text (``119.30893,26.07671``) and every popup as a
full HTML string. Here coordinates are quantized (1e-4° ≈ 10 m for boundaries, 1e-5° for parks) and
delta-encoded with the encoded-polyline algorithm over a URL-safe base64 alphabet (usually 1–3 characters
per number; no ``{ } % #`` so branca's second Jinja pass over rendered scripts cannot see a tag); tooltips and
popups are split into fragments (table rows) that are stored once and shared between features. A small
script decodes them in the browser. The text fragments must already be escaped
(:func:`layers.popups.escape_html`): the script only concatenates them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

import numpy as np
import shapely
from branca.element import MacroElement
from folium.template import Template

_SPLIT = re.compile(r"(?=<tr>)|(?<=</tr>)")
#: 64 characters, none of them meaningful to JSON, HTML or Jinja.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _encode_ints(values: np.ndarray) -> str:
    """Encoded-polyline characters for a 1-D array of signed integer deltas."""
    out = []
    for v in values.tolist():
        v = ~(v << 1) if v < 0 else (v << 1)
        while v >= 0x20:
            out.append(ALPHABET[0x20 | (v & 0x1F)])
            v >>= 5
        out.append(ALPHABET[v])
    return "".join(out)


def encode_ring(coords: np.ndarray, factor: float) -> str:
    """Encode an (n, 2) lon/lat array as one polyline string (lat, lon order like Google's)."""
    q = np.round(coords[:, ::-1] * factor).astype(np.int64)
    d = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return _encode_ints(d.reshape(-1))


def encode_geometry(geom: shapely.Geometry, factor: float) -> list:
    """``[type, parts]``: Point -> ``["P", lon, lat]``; (Multi)Polygon -> ``["M", [[ring, …], …]]``;
    (Multi)LineString -> ``["L", [line, …]]`` with every ring/line an encoded string."""
    kind = shapely.get_type_id(geom)
    if kind == 0:  # Point
        return ["P", round(float(shapely.get_x(geom)), 6), round(float(shapely.get_y(geom)), 6)]
    if kind in (3, 6):  # Polygon, MultiPolygon
        polys = shapely.get_parts(geom)
        return [
            "M",
            [[encode_ring(np.asarray(r.coords), factor) for r in (p.exterior, *p.interiors)] for p in polys],
        ]
    if kind in (1, 5):  # LineString, MultiLineString
        return ["L", [encode_ring(np.asarray(g.coords), factor) for g in shapely.get_parts(geom)]]
    if kind == 4:  # MultiPoint -> first point
        p = shapely.get_parts(geom)[0]
        return ["P", round(p.x, 6), round(p.y, 6)]
    raise ValueError(f"geometry type {type(geom).__name__} is not supported on the map")


def script_json(obj: object) -> str:
    """Compact UTF-8 JSON that is safe inside ``<script>``: ``</`` and ``<!--`` are broken up with a backslash
    (``<\\/`` is still ``</`` to JavaScript), U+2028/2029 escaped. Text fragments keep their ``<`` and ``&``
    (6 bytes fewer each than Jinja's ``tojson``). No ``{{``/``{%``/``{#`` can occur: object keys are quoted
    and data strings have ``{ }`` escaped by :func:`layers.popups.escape_html`."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    for tag in ("{{", "{%", "{#"):
        if tag in text:
            raise ValueError(
                f"unescaped template characters {tag!r} in map data; escape data with escape_html"
            )
    return text


class _Table:
    """Deduplicating string table."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, text: str) -> int:
        i = self._index.get(text)
        if i is None:
            i = self._index[text] = len(self.items)
            self.items.append(text)
        return i

    def add_html(self, html: str) -> list[int]:
        return [self.add(part) for part in _SPLIT.split(html) if part]


class CompactLib(MacroElement):
    """Defines ``window.fpaCompact(parent, data)`` once per map (must be the map's first child)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.fpaPointCanvas = function(parent, d, text) {
            // One canvas for thousands of points: no Leaflet object per point, hit-testing on a 16 px grid.
            var Layer = L.Layer.extend({
                onAdd: function(map) {
                    this._map = map;
                    this._c = L.DomUtil.create('canvas', 'leaflet-zoom-hide fpa-point-canvas');
                    map.getPanes().overlayPane.appendChild(this._c);
                    map.on('moveend resize zoomend', this._draw, this);
                    map.on('mousemove', this._move, this);
                    map.on('click', this._click, this);
                    this._draw();
                },
                onRemove: function(map) {
                    L.DomUtil.remove(this._c);
                    map.off('moveend resize zoomend', this._draw, this);
                    map.off('mousemove', this._move, this);
                    map.off('click', this._click, this);
                    if (this._tip) map.closeTooltip(this._tip);
                },
                _draw: function() {
                    var m = this._map, size = m.getSize(), c = this._c, ctx = c.getContext('2d');
                    L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
                    c.width = size.x; c.height = size.y;
                    this._grid = {}; this._xy = [];
                    var groups = {};
                    for (var i = 0; i < d.g.length; i++) {
                        var p = m.latLngToContainerPoint([d.g[i][2], d.g[i][1]]);
                        this._xy.push(p);
                        if (p.x < -20 || p.y < -20 || p.x > size.x + 20 || p.y > size.y + 20) continue;
                        (groups[d.s[i]] = groups[d.s[i]] || []).push(p);
                        var key = Math.floor(p.x / 16) + ',' + Math.floor(p.y / 16);
                        (this._grid[key] = this._grid[key] || []).push(i);
                    }
                    Object.keys(groups).forEach(function(k) {
                        var st = d.st[k], r = st.radius || 6, pts = groups[k];
                        ctx.beginPath();
                        pts.forEach(function(p) {
                            ctx.moveTo(p.x + r, p.y); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
                        });
                        if (st.fillOpacity !== 0) {
                            ctx.globalAlpha = st.fillOpacity === undefined ? 0.2 : st.fillOpacity;
                            ctx.fillStyle = st.fillColor || st.color; ctx.fill();
                        }
                        ctx.globalAlpha = st.opacity === undefined ? 1 : st.opacity;
                        ctx.lineWidth = st.weight === undefined ? 3 : st.weight;
                        ctx.strokeStyle = st.color || '#3388ff';
                        ctx.setLineDash(st.dashArray ? st.dashArray.split(/[ ,]+/).map(Number) : []);
                        ctx.stroke();
                    });
                },
                _hit: function(cp) {
                    var gx = Math.floor(cp.x / 16), gy = Math.floor(cp.y / 16), best = -1, bd = 1e9;
                    for (var x = gx - 1; x <= gx + 1; x++) for (var y = gy - 1; y <= gy + 1; y++) {
                        (this._grid[x + ',' + y] || []).forEach(function(i) {
                            var p = this._xy[i];
                            var dd = (p.x - cp.x) * (p.x - cp.x) + (p.y - cp.y) * (p.y - cp.y);
                            var r = (d.st[d.s[i]].radius || 6) + 3;
                            if (dd <= r * r && dd < bd) { bd = dd; best = i; }
                        }, this);
                    }
                    return best;
                },
                _move: function(e) {
                    var i = this._hit(e.containerPoint), m = this._map;
                    m.getContainer().style.cursor = i >= 0 ? 'pointer' : '';
                    if (i === this._hover) return;
                    this._hover = i;
                    if (this._tip) { m.closeTooltip(this._tip); this._tip = null; }
                    if (i >= 0 && d.tip) {
                        this._tip = L.tooltip({direction: 'top', offset: [0, -6]})
                            .setLatLng([d.g[i][2], d.g[i][1]]).setContent(text(d.tip[i]));
                        m.openTooltip(this._tip);
                    }
                },
                _click: function(e) {
                    var i = this._hit(e.containerPoint);
                    if (i < 0 || !d.pop) return;
                    L.popup({maxWidth: 380}).setLatLng([d.g[i][2], d.g[i][1]])
                        .setContent(text(d.pop[i])).openOn(this._map);
                }
            });
            var layer = new Layer();
            layer.addTo(parent);
            return layer;
        };
        window.fpaCompact = function(parent, d) {
                        var A = "{{ this.alphabet }}", V = {};
            for (var k = 0; k < A.length; k++) V[A.charAt(k)] = k;
            function dec(s, f) {
                var i = 0, lat = 0, lon = 0, out = [];
                while (i < s.length) {
                    var r = 0, sh = 0, b;
                    do { b = V[s.charAt(i++)]; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
                    lat += (r & 1) ? ~(r >> 1) : (r >> 1);
                    r = 0; sh = 0;
                    do { b = V[s.charAt(i++)]; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
                    lon += (r & 1) ? ~(r >> 1) : (r >> 1);
                    out.push([lon / f, lat / f]);
                }
                return out;
            }
            function geom(g) {
                if (g[0] === 'P') return {type: 'Point', coordinates: [g[1], g[2]]};
                var line = function(s) { return dec(s, d.f); };
                if (g[0] === 'L') return {type: 'MultiLineString', coordinates: g[1].map(line)};
                return {type: 'MultiPolygon', coordinates: g[1].map(function(p) { return p.map(line); })};
            }
            function text(idx) { return idx.map(function(k) { return d.t[k]; }).join(''); }
            if (d.canvas) return fpaPointCanvas(parent, d, text);
            if (d.searchOnly) {
                // leaflet-search reads records through eachLayer: hand it plain objects, no Leaflet layers.
                var recs = d.g.map(function(g, i) {
                    return {feature: {properties: {search: d.q[i]}},
                            getLatLng: function() { return L.latLng(g[2], g[1]); }};
                });
                parent.eachLayer = function(fn, ctx) { recs.forEach(fn, ctx); return this; };
                // the search control adds its layer to the map: draw nothing then
                parent.onAdd = function() {}; parent.onRemove = function() {};
                return parent;
            }
            var fc = {type: 'FeatureCollection', features: d.g.map(function(g, i) {
                var props = {pid: d.id ? d.id[i] : i, s: d.s[i], tip: d.tip ? d.tip[i] : null,
                             pop: d.pop ? d.pop[i] : null, search: d.q ? d.q[i] : undefined};
                // the tooltip's HTML on demand (for scripts reading properties; nothing is stored twice)
                Object.defineProperty(props, 'tooltip', {enumerable: true, get: function() {
                    return props.tip === null ? null : text(props.tip);
                }});
                return {type: 'Feature', id: d.id ? d.id[i] : i, geometry: geom(g), properties: props};
            })};
            var layer = L.geoJSON(fc, {
                interactive: d.interactive,
                style: function(f) { return d.st[f.properties.s]; },
                pointToLayer: function(f, ll) { return L.circleMarker(ll, d.st[f.properties.s]); },
            });
            var target = layer;
            // Tooltips and popups are bound on first use: thousands of features stay cheap to create.
            target.on('mouseover', function(e) {
                var l = e.propagatedFrom || e.layer, p = l && l.feature && l.feature.properties;
                if (!p || p.tip === null || l.getTooltip()) return;
                l.bindTooltip(text(p.tip), {sticky: d.sticky}).openTooltip(e.latlng);
            });
            target.on('click', function(e) {
                var l = e.propagatedFrom || e.layer, p = l && l.feature && l.feature.properties;
                if (!p || p.pop === null || l.getPopup()) return;
                l.bindPopup(text(p.pop), {maxWidth: 380}).openPopup(e.latlng);
            });
            target.addTo(parent);
            return target;
                };
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CompactLib"
        self.alphabet = ALPHABET


def add_lib(m: MacroElement) -> None:
    """Add :class:`CompactLib` to map ``m`` as its first child (once)."""
    if any(isinstance(c, CompactLib) for c in m._children.values()):
        return
    lib = CompactLib()
    m.add_child(lib)
    m._children.move_to_end(lib.get_name(), last=False)


class CompactGeoJson(MacroElement):
    """Features drawn from encoded geometry, with shared styles, tooltips and popups.

    Parameters
    ----------
    geoms : sequence of shapely geometries
        WGS84 lon/lat (already shifted for display if needed); empty/None skipped.
    styles : sequence of dict
        Leaflet path options per feature (``radius`` for points).
    tooltips, popups : sequence of str, optional
        Escaped HTML per feature.
    ids : sequence of str, optional
        Escaped feature ids, exposed as ``feature.properties.pid`` and ``feature.id``.
    precision : int
        Decimal places kept (4 ≈ 10 m, 5 ≈ 1 m).
    sticky : bool
        Tooltips follow the mouse (polygons) or stay at the feature (points).
    interactive : bool
        False for outlines that must not catch clicks.
    search : sequence of str, optional
        Escaped labels exposed as ``feature.properties.search`` (for leaflet-search).
    canvas : bool
        Draw every feature as a point on one canvas of its own (no Leaflet object per feature; for thousands
        of parks). Polygons and lines are drawn at their representative point. Tooltips and popups work by
        hit-testing a pixel grid.
    search_only : bool
        Nothing is drawn: the parent FeatureGroup only serves ``search`` records (points) to leaflet-search.

    Needs :func:`add_lib` on the map (``layers.mapbuild.build_map`` does it).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fpaCompact({{ this._parent.get_name() }}, {{ this.payload_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        geoms: Sequence[shapely.Geometry],
        styles: Sequence[Mapping[str, object]],
        *,
        tooltips: Sequence[str] | None = None,
        popups: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        precision: int = 5,
        sticky: bool = False,
        interactive: bool = True,
        search: Sequence[str] | None = None,
        canvas: bool = False,
        search_only: bool = False,
    ) -> None:
        super().__init__()
        self._name = "CompactGeoJson"
        factor = 10.0**precision
        table = _Table()
        style_table: list[dict] = []
        style_index: dict[str, int] = {}
        g_out, s_out, tip_out, pop_out, id_out, q_out = [], [], [], [], [], []
        for i, geom in enumerate(geoms):
            if geom is None or shapely.is_empty(geom):
                continue
            if (canvas or search_only) and shapely.get_type_id(geom) != 0:
                geom = shapely.point_on_surface(geom)
            g_out.append(encode_geometry(geom, factor))
            key = repr(sorted(styles[i].items()))
            if key not in style_index:
                style_index[key] = len(style_table)
                style_table.append(dict(styles[i]))
            s_out.append(style_index[key])
            if tooltips is not None:
                tip_out.append(table.add_html(tooltips[i]))
            if popups is not None:
                pop_out.append(table.add_html(popups[i]))
            if ids is not None:
                id_out.append(ids[i])
            if search is not None:
                q_out.append(search[i])
        self.n_features = len(g_out)
        self.payload = {
            "f": factor,
            "g": g_out,
            "s": s_out,
            "st": style_table,
            "t": table.items,
            "tip": tip_out if tooltips is not None else None,
            "pop": pop_out if popups is not None else None,
            "id": id_out if ids is not None else None,
            "q": q_out if search is not None else None,
            "sticky": sticky,
            "interactive": interactive,
            "canvas": canvas,
            "searchOnly": search_only,
        }
        self.payload_json = script_json(self.payload)
