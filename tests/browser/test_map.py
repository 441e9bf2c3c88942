"""The running app in headless Chromium, with every request not to 127.0.0.1 blocked and recorded.

Starts ``streamlit run app.py`` (fixture ``streamlit_server`` in conftest.py), opens the map page, waits for
the Leaflet map inside the streamlit-folium iframe, counts what it drew, finds 古雷 by name, clicks its
marker and reads its card, switches to English, opens the presentation page, and saves screenshots under
``tests/output/``. Offline mode must make zero external requests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import OUTPUT_DIR, OfflineBrowser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 60_000

# Counts what Leaflet drew. The map uses canvas rendering (prefer_canvas), so vector features are L.Path
# layers painted on a <canvas>; also count markers (icons, labels) and the canvas pixels actually painted.
COUNT_JS = """() => {
  let paths = 0, markers = 0;
  window.map.eachLayer((l) => {
    if (l instanceof L.Path) {
      if ((l.options.opacity ?? 1) > 0 || (l.options.fillOpacity ?? 0) > 0) paths++;
    }
    else if (l instanceof L.Marker) markers++;
  });
  let painted = 0;
  for (const c of document.querySelectorAll('.leaflet-overlay-pane canvas')) {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
  }
  return {paths, markers, painted,
          svg: document.querySelectorAll('.leaflet-overlay-pane path').length};
}"""

# Where on screen (iframe pixels) is the clickable layer whose properties or tooltip mention ``name``?
FIND_JS = """(name) => {
  const hits = [];
  window.map.eachLayer((l) => {
    if (!l.getLatLng || !l.getLatLng()) return;
    let text = '';
    if (l.feature && l.feature.properties) text += JSON.stringify(l.feature.properties);
    const tt = l.getTooltip && l.getTooltip();
    if (tt) { const c = tt.getContent(); text += typeof c === 'string' ? c : ''; }
    if (text.includes(name)) {
      const p = window.map.latLngToContainerPoint(l.getLatLng());
      hits.push({x: p.x, y: p.y, interactive: !!(l.options && l.options.interactive !== false)});
    }
  });
  return hits;
}"""


READY_JS = """(want) => !!(window.map
  && document.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane svg')
  && (!want || document.querySelector('.leaflet-control-container').innerHTML.includes(want)))"""


def _map_frame(page, want: str = "", timeout_ms: int = TIMEOUT):
    """The (iframe element, frame) of the map once Leaflet has drawn, optionally showing ``want`` in its
    controls. Polls, because a changed map remounts the component in a new iframe."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    page.wait_for_selector(IFRAME, state="attached", timeout=timeout_ms)
    while True:
        for el in page.query_selector_all(IFRAME):
            frame = el.content_frame()
            try:
                if frame is not None and frame.evaluate(READY_JS, want):
                    return el, frame
            except Exception:  # noqa: BLE001 (frame detached or still loading: poll again)
                pass
        if time.monotonic() > deadline:
            page.screenshot(path=str(OUTPUT_DIR / "map_not_drawn.png"), full_page=True)
            raise AssertionError(f"the map did not draw within {timeout_ms / 1000:.0f} s (want {want!r})")
        page.wait_for_timeout(300)


def _card(page):
    return page.locator(".fpa-card").first


def _shot(page, out: Path, name: str) -> Path:
    path = out / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_map_page_offline_search_click_card_language(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    missing: list[str] = []
    page = browser.page(1500, 1050)
    sent: list[int] = []  # sizes of messages the browser sends to the Streamlit server
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    # Streamlit probes /<page>/_stcore/* for a base path (404 is expected there); anything else must load.
    page.on(
        "response",
        lambda r: (
            missing.append(f"{r.status} {r.url}") if r.status >= 400 and "/_stcore/" not in r.url else None
        ),
    )
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    # The first visit builds the map and loads the data (a few seconds; more on a loaded CI machine).
    iframe_el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    counts = frame.evaluate(COUNT_JS)
    # Boundaries (1 province, 9 cities, 84 counties) and about a hundred parks are drawn and painted.
    assert counts["paths"] >= 150, counts
    assert counts["painted"] > 20_000, counts
    assert frame.locator(".leaflet-control-layers, .leaflet-control").count() > 0
    _shot(page, output_dir, "map_zh_initial.png")

    # Panning and zooming send nothing back (only object clicks do): no rerun, no message to the server.
    frame.evaluate("() => { window.__fpa_mark = 'kept'; }")
    sent_before = len(sent)
    box = iframe_el.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4, steps=8)
    page.mouse.up()
    frame.evaluate("() => { window.map.setZoom(window.map.getZoom() + 1); }")
    page.wait_for_timeout(1500)
    assert len(sent) == sent_before, sent[sent_before:]

    # Find 古雷 with the search box: its card appears beside the map and the map centres on it.
    search = page.locator('[data-testid="stSelectbox"]').filter(has_text="查找园区或集群").locator("input")
    search.click()
    search.fill("古雷港经济开发区")
    page.keyboard.press("Enter")
    expect(_card(page)).to_contain_text("古雷", timeout=TIMEOUT)
    card_zh = _card(page).inner_text()
    assert len(sent) > sent_before  # the search did talk to the server (so the pan check above can fail)
    # The rerun did not remount the map: same document inside the same iframe.
    assert frame.evaluate("() => window.__fpa_mark") == "kept"
    assert "来源" in card_zh and "几何质量" in card_zh
    # No rerun remounted the map: same iframe element, same Leaflet instance.
    frame.wait_for_function("() => window.map.getZoom() >= 10", timeout=TIMEOUT)
    _shot(page, output_dir, "map_zh_search_gulei.png")

    # Deep link with the petrochemical bases only (cluster circles sit on top of their host parks), then
    # click 古雷's marker: its card comes from the click.
    page.goto(f"{streamlit_server}/map?layer=province,cities,petrochem", wait_until="domcontentloaded")
    iframe_el, frame = _map_frame(page)
    expect(page.locator(".fpa-card")).to_have_count(0, timeout=TIMEOUT)
    hits = frame.evaluate(FIND_JS, "古雷")
    assert hits, "no clickable layer mentions 古雷"
    box = iframe_el.bounding_box()
    page.mouse.click(box["x"] + hits[0]["x"], box["y"] + hits[0]["y"])
    expect(_card(page)).to_contain_text("古雷港经济开发区", timeout=TIMEOUT)
    assert "几何质量" in _card(page).inner_text()
    _shot(page, output_dir, "map_zh_click_gulei.png")

    # Download the shown map as HTML and open it with every request blocked: it must draw on its own.
    with page.expect_download(timeout=TIMEOUT) as dl_info:
        page.get_by_role("button", name=re.compile("当前地图")).click()
    html_path = output_dir / "downloaded_map.html"
    dl_info.value.save_as(html_path)
    html = html_path.read_text(encoding="utf-8")
    assert "古雷" in html and 'src="http' not in html and 'href="http' not in html
    standalone = browser.page(1200, 900, files_only=True)
    standalone.goto(html_path.as_uri())
    standalone.wait_for_function(
        "() => document.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane svg')",
        timeout=TIMEOUT,
    )
    assert browser.refused() == [], browser.refused()[:5]
    standalone.screenshot(path=str(output_dir / "downloaded_map_offline.png"))
    standalone.context.close()
    with page.expect_download(timeout=TIMEOUT) as dl_info:
        page.get_by_role("button", name=re.compile("GeoPackage")).click()
    gpkg = output_dir / "downloaded_layers.gpkg"
    dl_info.value.save_as(gpkg)
    assert gpkg.read_bytes()[:16] == b"SQLite format 3\x00"
    import pyogrio

    assert {"province", "cities", "petrochem"} <= {row[0] for row in pyogrio.list_layers(gpkg)}

    # English: the sidebar switch relabels the page and the card.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.get_by_text("Find a park or cluster")).to_be_visible(timeout=TIMEOUT)
    expect(_card(page)).to_contain_text("Gulei", timeout=TIMEOUT)
    _map_frame(page, want="Search park or cluster")
    _shot(page, output_dir, "map_en_card.png")

    # Presentation page (same session, so still English): full-width map, title block, no sidebar.
    page.get_by_role("link", name=re.compile("Presentation mode")).click()
    page.wait_for_url(re.compile(r"/present"), timeout=TIMEOUT)
    page.wait_for_selector(".st-key-present_frame iframe", timeout=TIMEOUT)  # the slide (test_present.py)
    expect(page.get_by_text("Sources:", exact=False)).to_be_visible(timeout=TIMEOUT)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    _shot(page, output_dir, "present_en.png")
    assert missing == [], f"failed to load: {missing[:10]}"
    assert browser.refused() == [], browser.refused()[:10]
