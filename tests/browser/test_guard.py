"""The one browser fixture's guard: a page that asks for anything off this machine is refused and recorded."""

from __future__ import annotations

import pytest

from tests.conftest import OfflineBrowser

pytestmark = pytest.mark.browser

# ``.invalid`` never resolves (RFC 2606), and the route aborts the request inside the browser before any DNS.
PAGE = (
    "data:text/html,<html><body><img src='http://tiles.example.invalid/0/0/0.png'>"
    "<script src='https://cdn.example.invalid/leaflet.js'></script></body></html>"
)


def test_external_requests_are_refused_and_recorded(chromium_launch: dict[str, object]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(**chromium_launch)
        try:
            guard = OfflineBrowser(chromium)
            page = guard.page(800, 600)
            page.goto(PAGE)
            page.wait_for_timeout(500)
            refused = guard.refused()
        finally:
            chromium.close()
    assert "http://tiles.example.invalid/0/0/0.png" in refused
    assert "https://cdn.example.invalid/leaflet.js" in refused
