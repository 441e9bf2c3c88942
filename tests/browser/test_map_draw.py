"""Drawing on the map editor in headless Chromium, network blocked, over the office's own basemaps.

The app runs as users run it (``streamlit run serve.py``, the basemap test's fixture: an MBTiles ``pkg`` and
a folder of XYZ tiles ``fold``) plus a GeoTIFF added by the CLI (``tif``). Over each:

- the live area box follows the mouse while a polygon is drawn and a vertex while it is dragged, and agrees
  with pyproj's equal-area area of the same coordinates within 0.5 %;
- with snapping on, a vertex placed ~50 m from a county line is saved on the line;
- a point placed for a new park is saved as a point of unknown precision, on the card and in the GeoPackage.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import pytest
import shapely
from shapely.geometry import Point, Polygon

from gis.boundaries import load_boundaries
from gis.settings import EQUAL_AREA_CRS
from gis.vocab import GEOMETRY_QUALITY
from tests.browser.test_basemaps import LOADED_JS, app, tile_server  # noqa: F401 (the basemap app, reused)
from tests.browser.test_map import TIMEOUT, _card
from tests.browser.test_map_edit import (
    _area,
    _edit_frame,
    _fill,
    _fresh,
    _idle,
    _place,
    _save,
    _saved_change,
    _settled,
    _state,
    _toggle_edit,
)
from tests.conftest import OUTPUT_DIR, ROOT, OfflineBrowser
from tests.samples import tiles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium"),
]

SNAP = "吸附到县界（150 米内）"
LIVE = re.compile(r"面积 约 ([\d,.]+) 公顷")
TO_EA = pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
STATE = (
    "() => window.fpaLiveArea && window.fpaLiveArea.state && JSON.parse(JSON.stringify(fpaLiveArea.state))"
)


@pytest.fixture(scope="module")
def draw_app(app: dict) -> dict:  # noqa: F811 (the imported fixture)
    """The basemap app with a GeoTIFF basemap ``tif`` added by the CLI (tiled to an MBTiles)."""
    tif = tiles.make_geotiff(app["tmp"] / "xiamen_utm.tif")
    cli = [sys.executable, "-m", "layers", "basemap", "add", str(tif), "--name", "tif"]
    done = subprocess.run(cli, env=app["env"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return app


def _editor(page, base: str, basemap: str, view: tuple[float, float, int]):
    """The editor map's (iframe, frame) over ``basemap``, at ``view`` (lat, lon, zoom), its tiles drawn from
    the app's own tile route."""
    page.goto(f"{base}/map?basemap={basemap}", wait_until="domcontentloaded")
    _toggle_edit(page)
    el, frame = _edit_frame(page)
    lat, lon, zoom = view
    frame.evaluate(f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")
    frame.wait_for_function(f"() => ({LOADED_JS})() >= 1", timeout=TIMEOUT)  # zoomed past the tiles: few
    srcs = frame.evaluate("() => [...document.querySelectorAll('img.leaflet-tile-loaded')].map(i => i.src)")
    assert any(f"/fpa/tiles/{basemap}/" in s for s in srcs), srcs[:3]
    el.scroll_into_view_if_needed()  # the whole editor map on screen (the mouse clicks by page position)
    return el, frame


def _page_xy(el, frame, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of (lat, lon) on the editor map."""
    x, y = frame.evaluate(
        """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
        const r = window.map.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }""",
        [lat, lon],
    )
    box = el.bounding_box()
    return box["x"] + x, box["y"] + y


def _latlng(el, frame, x: float, y: float) -> tuple[float, float]:
    """(lat, lon) under the page point (x, y) of the editor map."""
    box = el.bounding_box()
    return tuple(
        frame.evaluate(
            """([x, y]) => { const r = window.map.getContainer().getBoundingClientRect();
            const ll = window.map.containerPointToLatLng([x - r.left, y - r.top]);
            return [ll.lat, ll.lng]; }""",
            [x - box["x"], y - box["y"]],
        )
    )


def _ea_area(polys: list) -> float:
    """pyproj's equal-area area (m²) of the live box's polygons ([lat, lon] rings; even-odd nesting)."""
    shapes = [Polygon([(lon, lat) for lat, lon in rings[0]], [[(o, a) for a, o in r] for r in rings[1:]])
              for rings in polys]  # fmt: skip
    geom = functools.reduce(shapely.symmetric_difference, shapes)
    return float(shapely.area(shapely.transform(geom, lambda c: np.column_stack(TO_EA.transform(*c.T)))))


def _shown_ha(frame) -> float:
    return float(LIVE.search(frame.locator(".fpa-live-area").inner_text()).group(1).replace(",", ""))


def _check_live(frame, state: dict) -> float:
    """The live state's area agrees with pyproj's within 0.5 %, and the box shows it at its step."""
    want = _ea_area(state["rings"])
    assert state["m2"] == pytest.approx(want, rel=0.005), (state["m2"], want)
    assert abs(_shown_ha(frame) - state["m2"] / 1e4) <= state["step_ha"] / 2 + 1e-9
    return want


@pytest.mark.parametrize("basemap", ["fold", "tif"])
def test_live_area_while_drawing_and_dragging(draw_app: dict, browser: OfflineBrowser, basemap: str) -> None:
    page = browser.page(1366, 768)
    el, frame = _editor(page, draw_app["base"], basemap, (24.53, 118.05, 12))
    frame.locator(".leaflet-draw-draw-polygon").click()
    box = el.bounding_box()
    at = [(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy) for fx, fy in
          [(0.35, 0.30), (0.65, 0.32), (0.62, 0.62)]]  # fmt: skip
    for i, (x, y) in enumerate(at, start=1):
        _place(page, frame, x, y, i)
    # Before the shape is finished: three vertices and the mouse as the fourth.
    mx, my = box["x"] + box["width"] * 0.38, box["y"] + box["height"] * 0.64
    page.mouse.move(mx, my, steps=4)
    live = _state(frame, "s.m2 > 0 && s.rings[0][0].length === 4")
    ring = np.array(live["rings"][0][0])
    clicked = np.array([_latlng(el, frame, x, y) for x, y in [*at, (mx, my)]])
    zoom = frame.evaluate("() => window.map.getZoom()")  # 12, unless a rerun under load drew the map afresh
    px = 360 / 2 ** (zoom + 8)  # degrees of longitude per screen pixel at that zoom
    assert np.abs(ring - clicked).max() < 2 * px  # the box measures the vertices placed and the mouse
    drawing_m2 = _check_live(frame, live)
    assert "正在画的图形" in frame.locator(".fpa-live-area").inner_text()
    page.screenshot(path=str(OUTPUT_DIR / f"draw_live_area_{basemap}_1366.png"))

    # Finish: the fourth vertex, then the first closes it; the page's own (server) area agrees.
    _place(page, frame, mx, my, 4)
    page.mouse.click(*at[0])
    done = _state(frame, "s.mode === 'idle' && s.m2 > 0")
    assert done["m2"] == pytest.approx(drawing_m2, rel=0.005)
    server_ha = _area(page)
    assert server_ha == pytest.approx(done["m2"] / 1e4, rel=0.005)

    # Reshape: drag a vertex outwards and read the box during the drag (mouse still down) and after it.
    frame.locator(".leaflet-draw-edit-edit").click()
    vertex = frame.locator(".leaflet-editing-icon").first
    vertex.wait_for(timeout=TIMEOUT)
    vb = vertex.bounding_box()
    x, y = vb["x"] + vb["width"] / 2, vb["y"] + vb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y - 30, steps=4)
    during = _state(frame, f"s.mode === 'edit' && s.m2 > {done['m2'] * 1.01}")
    _check_live(frame, during)
    page.mouse.move(x - 80, y - 60, steps=4)
    page.mouse.up()
    after = _state(frame, f"s.mode === 'edit' && s.m2 > {during['m2'] * 1.01}")
    _check_live(frame, after)
    page.screenshot(path=str(OUTPUT_DIR / f"draw_live_area_{basemap}_drag.png"))
    frame.get_by_text("保存形状").click()
    assert _area(page, other_than=server_ha) == pytest.approx(after["m2"] / 1e4, rel=0.005)
    assert browser.refused() == []


def _snap_site() -> tuple[Point, Point, Point, Point]:
    """A spot ~50 m from a line between two counties inside the test tiles (Xiamen), at the middle of a
    segment (its vertices far away), with room for a ~600 m square on its side: (on the line, the spot, two
    far corners) as lon/lat points."""
    counties = load_boundaries("county")
    borders = shapely.boundary(counties.geometry.to_numpy())
    lines = shapely.union_all(borders)
    deg, (w, s, e, n) = 1 / 111_320, tiles.BOUNDS
    for geom in counties.geometry:
        xy = shapely.get_coordinates(shapely.get_exterior_ring(shapely.get_parts(geom)[0]))
        for i in np.argsort(-np.hypot(*np.diff(xy, axis=0).T))[:8]:
            a, b = xy[i], xy[i + 1]
            mid = (a + b) / 2
            shared = int(np.sum(shapely.distance(borders, Point(mid)) < 1e-9)) >= 2  # not the coast
            if not (shared and w + 0.02 < mid[0] < e - 0.02 and s + 0.02 < mid[1] < n - 0.02):
                continue
            along = (b - a) / np.hypot(*(b - a))
            for across in (np.array([-along[1], along[0]]), np.array([along[1], -along[0]])):
                spot = mid + across * 50 * deg
                c1, c2 = spot + across * 600 * deg, spot + (across + along) * 600 * deg
                if geom.contains(Point(spot)) and all(lines.distance(Point(c)) > 400 * deg for c in (c1, c2)):
                    return Point(mid), Point(spot), Point(c1), Point(c2)
    raise AssertionError("no site for the snapping test")


def _card_shows(page, *texts: str) -> str:
    """The card's text once it shows every one of ``texts`` (after leaving the editor)."""
    page.wait_for_function(
        "(ts) => { const c = document.querySelector('.fpa-card'); "
        "return !!c && ts.every(t => c.innerText.includes(t)); }",
        arg=list(texts),
        timeout=TIMEOUT,
    )
    return _card(page).inner_text()


def _download_gpkg(page, name: str) -> Path:
    with page.expect_download(timeout=2 * TIMEOUT) as dl_info:
        _settled(page, _fresh(page).get_by_role("button", name=re.compile("GeoPackage"))).click()
    out = OUTPUT_DIR / name
    dl_info.value.save_as(out)
    return out


def _rows_named(gpkg: Path, name: str) -> gpd.GeoDataFrame:
    frames = [gpd.read_file(gpkg, layer=layer) for layer, _ in pyogrio.list_layers(gpkg)]
    hits = [f[f["name_zh"] == name] for f in frames if {"name_zh", "geometry_quality"} <= set(f.columns)]
    return gpd.GeoDataFrame(gpd.pd.concat(hits)) if hits else gpd.GeoDataFrame()


def test_snapping_puts_a_vertex_near_a_county_line_on_it(draw_app: dict, browser: OfflineBrowser) -> None:
    on_line, spot, c1, c2 = _snap_site()
    page = browser.page(1600, 1000)
    el, frame = _editor(page, draw_app["base"], "pkg", (spot.y, spot.x, 15))
    _settled(page, _fresh(page).get_by_text(SNAP)).click()
    _idle(page)
    frame.locator(".leaflet-draw-draw-polygon").click()
    corners = [spot, c1, c2]
    for i, p in enumerate(corners, start=1):
        _place(page, frame, *_page_xy(el, frame, p.y, p.x), i)
    page.mouse.click(*_page_xy(el, frame, spot.y, spot.x))  # on the first vertex: closes the polygon
    _state(frame, "s.mode === 'idle' && s.m2 > 0")
    msg = page.locator('[data-testid="stAlert"]').filter(has_text="吸附到县界").first
    msg.wait_for(timeout=TIMEOUT)
    name = "测试吸附园区"
    _fill(page, "中文名称", name)
    _save(page)
    _saved_change(page)
    page.screenshot(path=str(OUTPUT_DIR / "draw_snapped.png"), full_page=True)
    _toggle_edit(page)
    _card_shows(page, name, GEOMETRY_QUALITY["hand_traced"].zh)
    saved = _rows_named(_download_gpkg(page, "snapped.gpkg"), name)
    assert len(saved) == 1 and set(saved["geometry_quality"]) == {"hand_traced"}
    lines = shapely.union_all(shapely.boundary(load_boundaries("county").geometry.to_numpy()))
    verts = [Point(c) for c in shapely.get_coordinates(saved.geometry.iloc[0])]
    nearest = min(verts, key=lambda v: v.distance(spot))
    assert lines.distance(nearest) < 2e-7  # on the line (coordinates stored to 1e-7°)
    ea = gpd.GeoSeries([nearest, spot, on_line], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    assert ea.iloc[0].distance(ea.iloc[1]) < 80  # it is the vertex placed ~50 m off, moved onto the line
    assert browser.refused() == []


def test_a_point_placed_for_a_new_park_is_a_point_of_unknown_precision(
    draw_app: dict, browser: OfflineBrowser
) -> None:
    page = browser.page(1600, 1000)
    el, frame = _editor(page, draw_app["base"], "pkg", (24.53, 118.08, 13))
    frame.locator(".leaflet-draw-draw-marker").click()
    box = el.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45
    lat, lon = _latlng(el, frame, x, y)
    page.mouse.click(x, y)
    label = GEOMETRY_QUALITY["point_unknown"].zh
    placed = page.locator('[data-testid="stAlert"]').filter(has_text=label).first
    placed.wait_for(timeout=TIMEOUT)
    assert "点位：经度" in placed.inner_text()
    name = "测试点位园区"
    _fill(page, "中文名称", name)
    _save(page)
    _saved_change(page)
    _toggle_edit(page)
    card = _card_shows(page, name, label)
    assert GEOMETRY_QUALITY["point"].zh not in card  # never an exact point
    page.screenshot(path=str(OUTPUT_DIR / "draw_point_card.png"), full_page=True)
    saved = _rows_named(_download_gpkg(page, "placed_point.gpkg"), name)
    assert len(saved) == 1 and set(saved["geometry_quality"]) == {"point_unknown"}
    pt = saved.geometry.iloc[0]
    assert pt.geom_type == "Point" and pt.distance(Point(lon, lat)) < 1e-4  # where it was clicked (~10 m)
    assert browser.refused() == []
