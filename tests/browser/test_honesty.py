"""Issue 13 in the running app: the data-quality page in English from a ?lang=en link, and the map's
attribution without the Leaflet flag badge. Screenshots go to ``tests/output/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_map import TIMEOUT, _map_frame, _shot
from tests.conftest import OfflineBrowser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


def test_quality_page_in_english_and_plain_attribution(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    page = browser.page(1500, 1050)
    page.goto(f"{streamlit_server}/quality?lang=en", wait_until="domcontentloaded")
    page.get_by_text("Data quality: positions and sources").wait_for(timeout=TIMEOUT)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=TIMEOUT)
    _shot(page, output_dir, "quality_en.png")
    assert "lang=en" in page.url
    page.goto(f"{streamlit_server}/map?lang=en", wait_until="domcontentloaded")
    _el, frame = _map_frame(page, timeout_ms=3 * TIMEOUT)
    prefix = frame.locator(".leaflet-control-attribution").inner_html()
    assert prefix.startswith("Leaflet") and "<svg" not in prefix, prefix
    _shot(page, output_dir, "map_en_attribution.png")
    assert not browser.refused(), browser.refused()
