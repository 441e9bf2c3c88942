"""The data page in a real browser: upload the GBK shapefile, see the report, the preview draws, accept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA, OfflineBrowser

pytestmark = pytest.mark.browser

CORPUS = TEST_DATA / "import"


def test_upload_preview_accept(streamlit_server: str, output_dir: Path, browser: OfflineBrowser) -> None:
    from playwright.sync_api import expect

    page = browser.page(1400, 1000)
    page.goto(f"{streamlit_server}/data", wait_until="domcontentloaded")
    uploader = page.locator('input[type="file"]').first  # the import uploader (the basemap one follows)
    uploader.set_input_files(str(CORPUS / "gbk_no_cpg.zip"))
    expect(page.get_by_text("检查报告", exact=True)).to_be_visible(timeout=90_000)
    expect(page.get_by_text("与已知园区匹配", exact=True)).to_be_visible(timeout=90_000)
    sel = 'iframe[title="streamlit_folium.st_folium"]'
    page.wait_for_selector(sel, state="attached", timeout=90_000)
    page.locator(sel).first.scroll_into_view_if_needed(timeout=90_000)
    frame = page.query_selector(sel).content_frame()
    frame.wait_for_function(
        "() => window.L && document.querySelectorAll('.leaflet-overlay-pane path').length >= 3",
        timeout=90_000,
    )
    n_paths = frame.evaluate("() => document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert n_paths >= 3
    page.screenshot(path=str(output_dir / "data_page_preview.png"), full_page=True)
    page.get_by_role("button", name="接受 2 个要素").click()
    # The browser tests share one server and store: other tests may have saved changes before this one.
    expect(page.get_by_text(re.compile(r"已保存到用户数据库（修改 #\d+）"))).to_be_visible(timeout=90_000)
    page.screenshot(path=str(output_dir / "data_page_accepted.png"), full_page=True)

    assert browser.refused() == [], browser.refused()[:5]
