"""A large upload on the data page in a real browser: a progress bar with the stage while it is read and
checked, then the report; and cancelling it: the page says nothing was stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.import_vocab import IMPORT_STAGES
from gis.settings import MAX_UPLOAD_BYTES
from tests.conftest import OfflineBrowser
from tests.samples.big_imports import big_geojson

pytestmark = pytest.mark.browser

STAGE = re.compile("|".join(re.escape(p.zh) for p in IMPORT_STAGES.values()) + r"\s+\d+%")


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 27 MB of GeoJSON (24,000 parks of 40 vertices): inside the 50 MB upload limit."""
    path = tmp_path_factory.mktemp("big") / "big_parks.geojson"
    path.write_bytes(big_geojson(24_000, vertices=40, invalid_every=400))
    assert 20 * 2**20 < path.stat().st_size < MAX_UPLOAD_BYTES
    return path


def _upload(browser: OfflineBrowser, base: str, path: Path, width: int, height: int):  # noqa: ANN202
    page = browser.page(width, height)
    page.goto(f"{base}/data", wait_until="domcontentloaded")
    page.locator('input[type="file"]').first.set_input_files(str(path))
    bar = page.locator('[data-testid="stProgress"]')
    bar.first.wait_for(timeout=120_000)
    return page, bar


def test_large_upload_shows_a_bar_with_its_stage(
    streamlit_server: str, big_file: Path, browser: OfflineBrowser, output_dir: Path
) -> None:
    from playwright.sync_api import expect

    for width, height in ((1366, 768), (1920, 1080)):
        page, bar = _upload(browser, streamlit_server, big_file, width, height)
        expect(bar.first).to_contain_text(STAGE, timeout=30_000)
        bar.first.scroll_into_view_if_needed()
        expect(page.get_by_role("button", name="取消")).to_be_visible()
        page.screenshot(path=str(output_dir / f"data_import_progress_{width}.png"))
        box = bar.first.bounding_box()
        assert box is not None and box["width"] > width / 3, "the bar spans the main column"
        if width == 1920:
            expect(page.get_by_text("检查报告", exact=True)).to_be_visible(timeout=300_000)
            expect(page.get_by_text("与已知园区匹配", exact=True)).to_be_visible(timeout=60_000)
            assert bar.count() == 0
        page.context.close()
    assert browser.refused() == [], browser.refused()[:5]


def test_cancel_a_large_upload(
    streamlit_server: str, big_file: Path, browser: OfflineBrowser, output_dir: Path
) -> None:
    from playwright.sync_api import expect

    page, bar = _upload(browser, streamlit_server, big_file, 1366, 768)
    expect(bar.first).to_contain_text(STAGE, timeout=30_000)
    page.get_by_role("button", name="取消").click()
    expect(page.get_by_text("已取消导入，没有保存任何内容。")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="重新读取此文件")).to_be_visible()
    assert page.get_by_text("检查报告", exact=True).count() == 0
    page.screenshot(path=str(output_dir / "data_import_cancelled.png"))
    assert browser.refused() == [], browser.refused()[:5]
