/* The live area of the park being drawn or reshaped on the editor map (layers/draw.py inlines this file).
 *
 * Areas are planar in the atlas's equal-area CRS: the ellipsoidal Albers conic forward formulas of Snyder,
 * "Map Projections: A Working Manual" (USGS PP 1395, 1987), pp. 101-102, eqs. (3-12), (3-16), (14-12) to
 * (14-15), with the parameters passed from Python (gis.drawn.albers_parameters, i.e. gis.settings
 * .EQUAL_AREA_CRS: nothing is written twice), then the shoelace formula. Holes follow the editor's nesting
 * rule (gis/drawn.py): a polygon inside an odd number of others is a hole and is subtracted. Overlapping
 * parts are not merged here (the page's check does that), so the box says "about".
 *
 * The figure is rounded to what a mouse can place: one screen pixel at the current zoom along the outline
 * (perimeter x pixel size) is the area's uncertainty; the shown step is its power of ten (at least 0.01 ha).
 *
 * window.fpaLiveArea.state holds what the box shows (mode, vertices, m2, step_ha, rings) for tests.
 */
(function (root) {
  "use strict";
  var D = Math.PI / 180;

  /* Albers equal-area conic on an ellipsoid; p = {a, rf, lat_0, lon_0, lat_1, lat_2, x_0, y_0}. Returns
   * forward(lon, lat) -> [x, y] in metres. */
  function albers(p) {
    var f = 1 / p.rf, e2 = 2 * f - f * f, e = Math.sqrt(e2), a = p.a;
    function m(phi) { var s = Math.sin(phi); return Math.cos(phi) / Math.sqrt(1 - e2 * s * s); }
    function q(phi) {
      var s = Math.sin(phi);
      return (1 - e2) * (s / (1 - e2 * s * s) - Math.log((1 - e * s) / (1 + e * s)) / (2 * e));
    }
    var p1 = p.lat_1 * D, p2 = p.lat_2 * D, m1 = m(p1), m2 = m(p2), q1 = q(p1), q2 = q(p2);
    var n = Math.abs(p1 - p2) < 1e-12 ? Math.sin(p1) : (m1 * m1 - m2 * m2) / (q2 - q1);
    var C = m1 * m1 + n * q1, rho0 = a * Math.sqrt(C - n * q(p.lat_0 * D)) / n;
    return function (lon, lat) {
      var rho = a * Math.sqrt(C - n * q(lat * D)) / n, theta = n * (lon - p.lon_0) * D;
      return [p.x_0 + rho * Math.sin(theta), p.y_0 + rho0 - rho * Math.cos(theta)];
    };
  }

  /* Shoelace area (m^2, unsigned) and perimeter (m) of one ring of [lat, lon] pairs, projected by fwd. */
  function ringMeasure(ring, fwd) {
    if (ring.length < 3) return { area: 0, perimeter: 0 };
    var xy = ring.map(function (c) { return fwd(c[1], c[0]); });
    var x0 = xy[0][0], y0 = xy[0][1], s = 0, per = 0;
    for (var i = 0; i < xy.length; i++) {
      var u = xy[i], v = xy[(i + 1) % xy.length];
      s += (u[0] - x0) * (v[1] - y0) - (v[0] - x0) * (u[1] - y0);
      per += Math.hypot(v[0] - u[0], v[1] - u[1]);
    }
    return { area: Math.abs(s) / 2, perimeter: per };
  }

  function inside(pt, ring) {  /* even-odd ray test in lat/lon; pt and ring vertices are [lat, lon] */
    var hit = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[0] > pt[0]) !== (b[0] > pt[0]) && pt[1] < (b[1] - a[1]) * (pt[0] - a[0]) / (b[0] - a[0]) + a[1]) {
        hit = !hit;
      }
    }
    return hit;
  }

  /* Area of polygons (each a list of rings, the first its outline, the others its holes) by the nesting rule;
   * returns {m2, perimeter}. */
  function measure(polys, fwd) {
    var total = 0, per = 0;
    polys.forEach(function (rings, i) {
      var depth = 0;
      polys.forEach(function (other, j) {
        if (j !== i && other[0].length > 2 && rings[0].length && inside(rings[0][0], other[0])) depth++;
      });
      var a = 0;
      rings.forEach(function (ring, k) {
        var r = ringMeasure(ring, fwd);
        a += k === 0 ? r.area : -r.area;
        per += r.perimeter;
      });
      total += depth % 2 ? -a : a;
    });
    return { m2: Math.max(total, 0), perimeter: per };
  }

  function toPairs(latlngs) { return latlngs.map(function (ll) { return [ll.lat, ll.lng]; }); }

  /* The polygons (lists of [lat, lon] rings) of a Leaflet layer; [] for markers. */
  function layerPolys(layer) {
    if (!layer.getLatLngs || !(layer instanceof L.Polygon)) return [];
    var lls = layer.getLatLngs();
    if (!lls.length) return [];
    if (L.LineUtil.isFlat(lls)) return [[toPairs(lls)]];
    if (L.LineUtil.isFlat(lls[0])) return [lls.map(toPairs)];
    return lls.map(function (poly) { return poly.map(toPairs); });
  }

  function attach(map, group, control, params, texts) {
    var fwd = albers(params), state = { mode: "idle", vertices: 0, m2: null, step_ha: null, rings: [] };
    var mouse = null, drawType = null, pending = false, editing = [];
    var box = L.control({ position: "bottomleft" });
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "fpa-live-area leaflet-bar");
      div.setAttribute("role", "status");
      div.setAttribute("aria-live", "polite");
      div.style.cssText = "background:rgba(255,255,255,.92);padding:4px 8px;font:13px/1.35 sans-serif;" +
        "color:#222;max-width:240px;";
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    box.addTo(map);
    var el = box.getContainer();

    function handler() {
      var tb = control && control._toolbars && control._toolbars.draw;
      var mode = tb && drawType && tb._modes[drawType];
      return mode ? mode.handler : null;
    }

    function drawingPolys() {
      var h = handler();
      if (!h) return [];
      if (drawType === "polygon") {
        var ring = (h._markers || []).map(function (mk) { var ll = mk.getLatLng(); return [ll.lat, ll.lng]; });
        state.vertices = ring.length;
        if (mouse && ring.length) ring.push([mouse.lat, mouse.lng]);
        return [[ring]];
      }
      if (drawType === "rectangle" && h._shape) return layerPolys(h._shape);
      return [];
    }

    function groupPolys() {
      var out = [];
      group.eachLayer(function (layer) { out = out.concat(layerPolys(layer)); });
      return out;
    }

    function stepHa(m2, perimeter) {
      var c = map.getCenter(), px = 40075016.686 * Math.cos(c.lat * D) / Math.pow(2, map.getZoom() + 8);
      var unc = perimeter * px / 1e4;  /* ha */
      var step = Math.pow(10, Math.floor(Math.log10(Math.max(unc, 1e-9))));
      return Math.max(step, 0.01);
    }

    function format(ha, step) {
      var digits = Math.max(0, -Math.round(Math.log10(step)));
      var v = Math.round(ha / step) * step;
      return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }

    function update() {
      pending = false;
      var polys = state.mode === "draw" ? drawingPolys() : groupPolys();
      if (state.mode !== "draw") state.vertices = 0;
      var r = measure(polys, fwd);
      state.rings = polys;
      var what = state.mode === "draw" ? texts.drawing : state.mode === "edit" ? texts.editing : texts.all;
      if (!r.perimeter || r.m2 <= 0) {
        state.m2 = null;
        state.step_ha = null;
        el.style.display = state.mode === "draw" && drawType === "polygon" ? "" : "none";
        el.textContent = state.mode === "draw" ? texts.start : "";
        return;
      }
      state.m2 = r.m2;
      state.step_ha = stepHa(r.m2, r.perimeter);
      el.style.display = "";
      el.textContent = "";
      var head = L.DomUtil.create("div", "fpa-live-area-value", el);
      head.style.fontWeight = "600";
      head.textContent = texts.value.replace("{n}", format(r.m2 / 1e4, state.step_ha));
      var sub = L.DomUtil.create("div", "fpa-live-area-what", el);
      sub.style.cssText = "font-size:11px;color:#555;";
      sub.textContent = what;
      el.title = texts.precision.replace("{s}", format(state.step_ha, state.step_ha));
    }

    function soon() {
      if (pending) return;
      pending = true;
      (root.requestAnimationFrame || setTimeout)(update);
    }

    map.on("draw:drawstart", function (e) { state.mode = "draw"; drawType = e.layerType; mouse = null; update(); });
    map.on("draw:drawstop", function () { state.mode = "idle"; drawType = null; mouse = null; update(); });
    map.on("draw:drawvertex", update);
    map.on("mousemove", function (e) { if (state.mode === "draw") { mouse = e.latlng; soon(); } });
    map.on("draw:editstart", function () {
      state.mode = "edit";
      editing = [];
      group.eachLayer(function (layer) { layer.on("editdrag", soon); editing.push(layer); });
      update();
    });
    map.on("draw:editstop", function () {
      editing.forEach(function (layer) { layer.off("editdrag", soon); });
      editing = [];
      state.mode = "idle";
      update();
    });
    map.on("draw:editvertex draw:editmove draw:editresize draw:created draw:edited draw:deleted", soon);
    group.on("layeradd layerremove", soon);
    map.on("zoomend", soon);
    update();
    root.fpaLiveArea.state = state;
    return state;
  }

  root.fpaLiveArea = { albers: albers, measure: measure, attach: attach, state: null };
})(typeof window !== "undefined" ? window : globalThis);
