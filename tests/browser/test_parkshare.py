"""The park-share page in a real browser: upload firms and park boundaries, compute, see share and map."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import OfflineBrowser
from tests.samples import firms as samples

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_upload_compute_and_map(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    ppath = samples.write_parks(tmp_path)
    fpath = samples.write_firms(tmp_path, encoding="gbk", sectors=False, outside_fujian=False)
    page = browser.page(1500, 1100)
    page.goto(f"{streamlit_server}/parkshare", wait_until="domcontentloaded")
    expect(page.get_by_text("企业点位测算园区产值占比")).to_be_visible(timeout=90_000)
    inputs = page.locator('input[type="file"]')
    inputs.nth(0).set_input_files(str(fpath))
    page.wait_for_timeout(1500)
    inputs.nth(1).set_input_files(str(ppath))
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="计算园区产值占比").click(timeout=90_000)
    expect(page.get_by_text("80.00%").first).to_be_visible(timeout=90_000)  # (100 + 60) / (100 + 60 + 40)
    expect(page.get_by_text("问题行（1）")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="地图").click(timeout=30_000)
    page.get_by_text("显示地图").click(timeout=30_000)
    page.wait_for_selector(IFRAME, state="attached", timeout=90_000)
    page.locator(IFRAME).first.scroll_into_view_if_needed(timeout=90_000)
    frame = page.query_selector(IFRAME).content_frame()
    frame.wait_for_function("() => window.L && document.querySelector('.fpa-box')", timeout=90_000)
    legend = frame.evaluate("() => document.querySelector('.fpa-box').innerText")
    assert "园区产值占比" in legend and "75%" in legend
    page.screenshot(path=str(output_dir / "parkshare_page.png"), full_page=True)
    assert browser.refused() == [], f"external requests in offline mode: {browser.refused()[:10]}"
