"""A map page with room, in headless Chromium with the network blocked: the layer control and legend leave
Fujian's coast free at 1366×768 and 1280×720, every one of the coincident Xiamen features can be reached
through the pick list, the chosen one is highlighted, and the in-map search (keyboard only) opens the card."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shapely

from gis.boundaries import load_boundaries
from tests.browser.test_map import TIMEOUT, _card, _map_frame
from tests.conftest import OfflineBrowser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

RUNNING = '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]'
COASTAL_CITIES = ("宁德市", "福州市", "莆田市", "泉州市", "厦门市", "漳州市")
#: Three parks and a cluster sit on this one point (Xiamen's city point).
XIAMEN = (24.7272, 118.1299)

RECTS_JS = """(box) => {
  const m = window.map, c = m.getContainer().getBoundingClientRect();
  const sw = m.latLngToContainerPoint([box[1], box[0]]), ne = m.latLngToContainerPoint([box[3], box[2]]);
  const rel = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top}; };
  return {coast: {left: sw.x, top: ne.y, right: ne.x, bottom: sw.y},
          layers: rel(document.querySelector('.leaflet-control-layers')),
          legend: rel(document.querySelector('.leaflet-bottom.leaflet-right .fpa-box')),
          size: [m.getSize().x, m.getSize().y]};
}"""

STACK_JS = """(ll) => {
  const out = [];
  window.map.eachLayer((l) => {
    if (!(l instanceof L.CircleMarker) || !l.feature || !l.feature.properties) return;
    const p = l.getLatLng();
    if (Math.abs(p.lat - ll[0]) < 1e-4 && Math.abs(p.lng - ll[1]) < 1e-4 && l.feature.properties.pop !== null)
      out.push(l.feature.properties.pid);
  });
  return out;
}"""

HIGHLIGHT_JS = """() => { let n = 0; window.map.eachLayer((l) => {
  const o = l.options || {};
  if (o.color === '#e67e22' && o.weight === 4 && o.interactive === false) n++;
}); return n; }"""

HIGHLIGHT_AT_JS = """() => { let at = null; window.map.eachLayer((l) => {
  const o = l.options || {};
  if (o.color === '#e67e22' && o.weight === 4 && o.interactive === false && l.getLatLng) at = l.getLatLng();
}); return at; }"""


def _coast_box() -> list[float]:
    cities = load_boundaries("city")
    coast = cities[cities["name_zh"].isin(COASTAL_CITIES)]
    return [float(v) for v in shapely.union_all(coast.geometry.to_numpy()).bounds]


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1920, 1080)])
def test_controls_leave_the_coast_free(
    size: tuple[int, int], streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    page = browser.page(*size)
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    _el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    page.wait_for_timeout(800)
    rects = frame.evaluate(RECTS_JS, _coast_box())
    assert not _overlap(rects["layers"], rects["coast"]), rects
    assert not _overlap(rects["legend"], rects["coast"]), rects
    page.screenshot(path=str(output_dir / f"map_room_{size[0]}x{size[1]}.png"), full_page=True)


def test_every_coincident_xiamen_feature_can_be_reached(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    page = browser.page(1500, 1000)
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    stack = frame.evaluate(STACK_JS, list(XIAMEN))
    assert len(stack) >= 4, stack  # three parks and a cluster on one point
    frame.evaluate(f"() => {{ window.map.setView([{XIAMEN[0]}, {XIAMEN[1]}], 12, {{animate: false}}); }}")
    page.wait_for_timeout(500)
    box = el.bounding_box()

    def click_the_point() -> None:  # where it is now (an opened popup pans the map to fit)
        frame.evaluate("() => { window.map.closePopup(); }")
        at = frame.evaluate(f"() => window.map.latLngToContainerPoint([{XIAMEN[0]}, {XIAMEN[1]}])")
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
        # a click on the stack tells the page nothing (only the pick does); let any rerun end first
        page.wait_for_timeout(600)
        page.wait_for_function(f"() => !document.querySelector('{RUNNING}')", timeout=TIMEOUT)

    names = []
    for i in range(len(stack)):
        click_the_point()
        buttons = frame.locator(".fpa-pick button")
        expect(buttons).to_have_count(len(stack), timeout=TIMEOUT)
        before = frame.evaluate("() => window.__GLOBAL_DATA__.last_object_clicked_count")
        if i == 0:
            names = [b.inner_text() for b in buttons.all()]
            assert len(set(names)) == len(stack), names
            page.screenshot(path=str(output_dir / "map_room_pick_list.png"))
        buttons.nth(i).click()
        expect(_card(page)).to_contain_text(names[i], timeout=TIMEOUT)
        # one click reached the page: the pick (the click on the stack itself sent nothing)
        assert frame.evaluate("() => window.__GLOBAL_DATA__.last_object_clicked_count") == before + 1
        expect(frame.locator(".leaflet-popup .fpa-card")).to_contain_text(names[i], timeout=TIMEOUT)
        assert frame.evaluate(HIGHLIGHT_JS) == 1
    # keyboard: the pick list's first entry has the focus, Enter opens it
    click_the_point()
    expect(frame.locator(".fpa-pick button").first).to_be_focused(timeout=TIMEOUT)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(_card(page)).to_contain_text(names[1], timeout=TIMEOUT)


def test_in_map_search_by_keyboard_opens_the_card(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    page = browser.page(1500, 1000)
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    _el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    box = frame.locator(".leaflet-control-search input.search-input")
    box.click()
    box.fill("古雷港")  # as an input method commits it: text, then the end of the composition
    box.dispatch_event("compositionend")
    expect(frame.locator(".search-tooltip .search-tip").first).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(_card(page)).to_contain_text(re.compile("古雷港"), timeout=TIMEOUT)
    expect(frame.locator(".leaflet-popup .fpa-card")).to_contain_text("古雷港", timeout=TIMEOUT)
    assert frame.evaluate(HIGHLIGHT_JS) == 1
    page.screenshot(path=str(output_dir / "map_room_search.png"))

    # The page's search centres the map on the park and it is highlighted there too.
    frame.evaluate(
        "() => { window.map.closePopup(); window.map.setView([26.0, 118.0], 7, {animate: false}); }"
    )
    search = page.locator('[data-testid="stSelectbox"]').filter(has_text="查找园区或集群").locator("input")
    search.click()
    search.fill("厦门火炬高技术产业开发区")
    page.keyboard.press("Enter")
    expect(_card(page)).to_contain_text("厦门火炬", timeout=TIMEOUT)
    frame.wait_for_function(
        "() => { const c = window.map.getCenter(); return Math.abs(c.lat - 24.5158) < 0.01; }",
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(500)
    assert frame.evaluate(HIGHLIGHT_JS) == 1
    where = frame.evaluate(HIGHLIGHT_AT_JS)
    assert abs(where["lat"] - 24.5158) < 0.002 and abs(where["lng"] - 118.1209) < 0.002, where


INSIDE_JS = """(sel) => {
  const m = window.map.getContainer().getBoundingClientRect(), el = document.querySelector(sel);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const inside = r.top >= m.top - 1 && r.left >= m.left - 1
    && r.bottom <= m.bottom + 1 && r.right <= m.right + 1;
  return {inside, r: [r.left, r.top, r.right, r.bottom], m: [m.left, m.top, m.right, m.bottom]};
}"""


GULEI_JS = """() => { let at = null; window.map.eachLayer((l) => {
  if (l instanceof L.CircleMarker && l.feature && l.feature.properties.pid === 'gulei') {
    const p = window.map.latLngToContainerPoint(l.getLatLng()); at = [p.x, p.y]; } }); return at; }"""
GULEI_AT_JS = """(want) => { const m = window.map, s = m.getSize(); let ll = null;
  m.eachLayer((l) => { if (l instanceof L.CircleMarker && l.feature && l.feature.properties.pid === 'gulei')
    ll = l.getLatLng(); });
  const c = m.project(ll, 11).add([s.x / 2 - want[0], s.y / 2 - want[1]]);
  m.setView(m.unproject(c, 11), 11, {animate: false}); }"""


def test_popups_and_tooltips_stay_inside_the_map(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    page = browser.page(1366, 768)
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    # 古雷's marker near the top-right corner of the map (left of the layer control)
    el.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    size = frame.evaluate("() => [window.map.getSize().x, window.map.getSize().y]")
    frame.evaluate(GULEI_AT_JS, [size[0] - 90, 26])
    x, y = frame.evaluate(GULEI_JS)
    assert x > size[0] - 130 and y < 60, (x, y, size)  # it really is at the corner
    box = el.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(500)
    tip = frame.evaluate(INSIDE_JS, ".leaflet-tooltip")
    assert tip is not None and tip["inside"], tip
    box = el.bounding_box()  # the page may have scrolled to show the iframe
    x, y = frame.evaluate(GULEI_JS)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(1200)
    pop = frame.evaluate(INSIDE_JS, ".leaflet-popup")
    page.screenshot(path=str(output_dir / "map_room_popup_corner.png"))
    assert pop is not None and pop["inside"], pop
