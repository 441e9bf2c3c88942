"""The presentation page at projector and screen resolutions: the whole province inside the visible map
frame, not covered by the title or the legend, labels large enough for the back of a room; offline.

Measured in the running app (headless Chromium): the province outline's Leaflet bounds → container points
inside the map iframe → page pixels, against the iframe's visible rectangle and the title / side elements.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import OfflineBrowser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

FRAME = ".st-key-present_frame iframe"
TIMEOUT = 90_000
LAYERS = "province,cities,parks,petrochem,clusters_plan"

# In the map iframe: the Leaflet map, the province's drawn bounds in container pixels, the city labels'
# font size, and every in-map box still shown.
MEASURE_JS = """() => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  if (!map || !document.documentElement.getAttribute('data-fpa-fitted')) return null;
  let best = null;
  map.eachLayer((l) => {
    if (!(l instanceof L.Polygon || l instanceof L.Polyline) || !l.getBounds) return;
    const b = l.getBounds();
    const span = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
    if (!best || span > best.span) best = {b, span};
  });
  if (!best) return null;
  const nw = map.latLngToContainerPoint(best.b.getNorthWest());
  const se = map.latLngToContainerPoint(best.b.getSouthEast());
  const size = map.getSize();
  const labels = [...document.querySelectorAll('.fpa-label-city span')];
  const boxes = [...document.querySelectorAll('.fpa-box')].filter((e) => e.offsetParent !== null);
  return {left: nw.x, top: nw.y, right: se.x, bottom: se.y, w: size.x, h: size.y,
          zoom: map.getZoom(), labels: labels.length,
          font: labels.length ? parseFloat(getComputedStyle(labels[0]).fontSize) : 0,
          boxes: boxes.length};
}"""

RECT_JS = """(sel) => [...document.querySelectorAll(sel)].map((e) => {
  const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
})"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def _measure(page) -> tuple[dict, dict]:
    deadline = TIMEOUT
    while deadline > 0:
        el = page.query_selector(FRAME)
        frame = el.content_frame() if el else None
        try:
            got = frame.evaluate(MEASURE_JS) if frame else None
        except Exception:  # noqa: BLE001 (frame still loading: poll again)
            got = None
        if got:
            page.wait_for_timeout(400)  # let a late resize re-fit settle, then measure again
            return el.bounding_box(), frame.evaluate(MEASURE_JS)
        page.wait_for_timeout(300)
        deadline -= 300
    raise AssertionError("the presentation map did not draw")


@pytest.mark.parametrize(
    "size", [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}"
)
def test_province_fits_uncovered(
    browser: OfflineBrowser, streamlit_server: str, output_dir: Path, size
) -> None:
    w, h = size
    page = browser.page(w, h, locale="en-US")
    page.goto(f"{streamlit_server}/present?layer={LAYERS}", timeout=TIMEOUT)
    page.wait_for_selector(FRAME, timeout=TIMEOUT)
    box, m = _measure(page)
    page.screenshot(path=str(output_dir / f"present_{w}x{h}.png"))
    # the province in page pixels
    prov = {
        "left": box["x"] + m["left"],
        "top": box["y"] + m["top"],
        "right": box["x"] + m["right"],
        "bottom": box["y"] + m["bottom"],
    }
    # the map frame as far as it is visible in the window
    visible = {
        "left": max(box["x"], 0),
        "top": max(box["y"], 0),
        "right": min(box["x"] + box["width"], w),
        "bottom": min(box["y"] + box["height"], h),
    }
    tol = 1.0
    assert prov["left"] >= visible["left"] - tol and prov["right"] <= visible["right"] + tol, (prov, visible)
    assert prov["top"] >= visible["top"] - tol and prov["bottom"] <= visible["bottom"] + tol, (prov, visible)
    # the province fills the frame (no quarter-of-the-frame map)
    fill = max((m["right"] - m["left"]) / m["w"], (m["bottom"] - m["top"]) / m["h"])
    assert fill > 0.85, m
    # nothing covers it: no in-map box, and the title / legend elements lie beside it
    assert m["boxes"] == 0
    for sel in (".st-key-present_head", ".st-key-present_side"):
        for r in page.evaluate(RECT_JS, sel):
            if r["right"] > r["left"] and r["bottom"] > r["top"]:
                assert not _overlap(r, prov), (sel, r, prov)
    # labels large enough for the back of a room
    assert m["labels"] >= 9 and m["font"] >= 15, m


def test_export_this_slide_downloads_a_slide_pdf(
    browser: OfflineBrowser, streamlit_server: str, tmp_path: Path
) -> None:
    page = browser.page(1366, 768, locale="en-US")
    page.goto(f"{streamlit_server}/present?layer=province,cities,petrochem", timeout=TIMEOUT)
    page.wait_for_selector(FRAME, timeout=TIMEOUT)
    button = page.locator(".st-key-present_export button")
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    path = tmp_path / "slide.pdf"
    info.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    pdfinfo = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "960 x 540 pts" in pdfinfo  # 16:9, 13.333 × 7.5 in
