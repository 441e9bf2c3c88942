"""While one planner's hostile upload is being refused, another planner's page still answers (issue 16).

The upload is a GeoPackage whose only layer is a view over an endless recursive CTE: before the read budget
it hung the server's core for good. Here the upload must end in the data page's clear error (naming the layer
and the time limit) and a second session must draw a page meanwhile. The bound is generous (a liveness check,
not a speed goal: times are printed by ``bench/hostile.py``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.conftest import OfflineBrowser
from tests.gis import hostile

pytestmark = pytest.mark.browser


def test_a_second_session_answers_while_a_hostile_upload_is_refused(
    streamlit_server: str, browser: OfflineBrowser, tmp_path: Path, output_dir: Path
) -> None:
    from playwright.sync_api import expect

    bomb = hostile.endless_view_gpkg(tmp_path / "endless.gpkg")
    attacker = browser.page(1366, 768)
    attacker.goto(f"{streamlit_server}/data", wait_until="domcontentloaded")
    uploader = attacker.locator('input[type="file"]').first
    uploader.wait_for(state="attached", timeout=90_000)
    uploader.set_input_files(str(bomb))

    planner = browser.page(1366, 768)
    started = time.monotonic()
    planner.goto(f"{streamlit_server}/targets", wait_until="domcontentloaded")
    expect(planner.get_by_role("heading").first).to_be_visible(timeout=60_000)
    expect(planner.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
    answered = time.monotonic() - started

    # The hostile file ends in the page's error, naming the file and the limit it hit (the feature limit,
    # counted while reading, or the time budget).
    alert = attacker.get_by_role("alert").filter(has_text="endless.gpkg")
    expect(alert).to_contain_text(re.compile(r"超过上限|秒内读完"), timeout=90_000)
    attacker.screenshot(path=str(output_dir / "hostile_upload_refused.png"), full_page=True)
    print(f"second session's page drawn in {answered:.1f} s while the hostile upload was being refused")
    assert answered < 60
