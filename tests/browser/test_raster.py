"""The rasters page in headless Chromium: the density overlay and legend draw; a Gauss-Krüger GeoTIFF
uploaded by the user is placed at the right lon/lat, and the zonal-statistics table appears. No external
request is made."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from gis import raster
from tests.conftest import CHROMIUM, OfflineBrowser
from tests.samples.rasters import ANCHOR_LONLAT, write_raster

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 90_000

# The folium map is a global ``map_<id>``; report its image overlays' bounds and the legend text.
OVERLAY_JS = """() => {
  const maps = Object.keys(window)
    .filter(k => k.startsWith('map_') && window[k] instanceof L.Map).map(k => window[k]);
  const out = [];
  for (const m of maps) m.eachLayer(l => {
    if (l instanceof L.ImageOverlay) {
      const b = l.getBounds();
      out.push({west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(),
                loaded: !!(l.getElement() && l.getElement().complete && l.getElement().naturalWidth > 0)});
    }
  });
  const legend = document.querySelector('.fpa-raster-legend');
  return {overlays: out, legend: legend ? legend.innerText : null};
}"""


def _overlay_state(page, want_legend: str) -> dict:
    deadline = time.monotonic() + TIMEOUT / 1000
    while True:
        for el in page.query_selector_all(IFRAME):
            frame = el.content_frame()
            if frame is None or not el.is_visible():
                continue
            try:
                state = frame.evaluate(OVERLAY_JS)
            except Exception:  # noqa: BLE001 (frame still loading or detached: poll again)
                continue
            if (
                state["overlays"]
                and state["overlays"][0]["loaded"]
                and want_legend in (state["legend"] or "")
            ):
                return state
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no loaded raster overlay with legend {want_legend!r} within {TIMEOUT / 1000:.0f} s"
            )
        page.wait_for_timeout(300)


def test_raster_page_density_and_upload(
    streamlit_server: str, output_dir: Path, tmp_path: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    data = np.full((300, 300), 3, dtype="uint8")
    data[100:200, 100:200] = 1
    cmap = {0: (0, 0, 0, 0), 1: (220, 40, 40, 255), 3: (40, 140, 60, 255)}
    upload = write_raster(tmp_path / "landuse_gk.tif", data, nodata=0, colormap=cmap)
    expected = raster.warp_for_display(upload).bounds_lonlat

    page = browser.page(1400, 1200)
    page.goto(f"{streamlit_server}/raster", wait_until="domcontentloaded")
    expect(page.get_by_text("总量校核", exact=False)).to_be_visible(timeout=TIMEOUT)
    state = _overlay_state(page, "核准面积")
    west, south, east, north = (state["overlays"][0][k] for k in ("west", "south", "east", "north"))
    assert 115 < west < 116.5 and 120.3 < east < 121.5 and 22.8 < south < 23.6 and 28 < north < 29
    expect(page.get_by_role("button", name="下载 GeoTIFF")).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(output_dir / "raster_density_zh.png"), full_page=True)

    page.get_by_role("tab", name="我的栅格与分区统计").click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text("分区统计", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="下载 CSV")).to_be_visible(timeout=TIMEOUT)
    state = _overlay_state(page, "类别 1")  # an unnamed class in the page's language
    got = state["overlays"][0]
    assert (got["west"], got["south"], got["east"], got["north"]) == pytest.approx(expected, abs=1e-6)
    assert got["west"] < ANCHOR_LONLAT[0] + 0.05 and got["north"] > ANCHOR_LONLAT[1] - 0.05
    expect(page.get_by_text("栅格外", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".fpa-zonal").first).to_contain_text("landuse_gk.tif", timeout=TIMEOUT)
    page.screenshot(path=str(output_dir / "raster_upload_zh.png"), full_page=True)
    assert browser.refused() == [], f"external requests in offline mode: {browser.refused()[:10]}"
