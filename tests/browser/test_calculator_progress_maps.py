"""Real browser: the calculator's per-city choropleth draws offline in Chromium; the progress page says that
province-wide targets mark no city."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import OfflineBrowser

CITY_CSV = "城市,园区产值,工业总产值\n福州市,9000,12000\n厦门市,6000,7500\n泉州市,9000,13000\n"
# sector targets are province-wide: the progress map marks no city for them
PROGRESS_CSV = "kind,name,year,measure,value\n行业,石油化工,2017,产值,4000\n行业,纺织服装,2018,产值,7200\n"
# the maps use a canvas renderer (prefer_canvas), so count the Leaflet layers that carry a GeoJSON feature
CITY_FEATURES_DRAWN = """() => {
    if (!window.L) return false;
    const m = Object.values(window).find(v => v instanceof window.L.Map);
    if (!m) return false;
    let n = 0;
    m.eachLayer(l => { if (l.feature) n++; });
    return n >= 9;
}"""


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_city_choropleth_and_progress_map(
    streamlit_server: str, output_dir: Path, tmp_path: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    cities = tmp_path / "cities.csv"
    cities.write_bytes(CITY_CSV.encode("gbk"))
    figures = tmp_path / "figures.csv"
    figures.write_bytes(PROGRESS_CSV.encode("utf-8-sig"))
    page = browser.page(1400, 1100)
    page.goto(f"{streamlit_server}/calculator", wait_until="domcontentloaded")
    expect(page.get_by_text("13.5%").or_(page.get_by_text("12.9%")).first).to_be_visible(timeout=90_000)
    page.wait_for_timeout(3000)  # let the first run settle before clicking
    page.get_by_role("tab", name="分市模式").click(timeout=90_000)
    page.get_by_text("上传 CSV / XLSX").click(timeout=90_000)
    page.wait_for_timeout(2000)
    page.locator('input[type="file"]').set_input_files(str(cities))
    expect(page.get_by_text("73.85%")).to_be_visible(timeout=90_000)  # (9000+6000+9000) / (12000+7500+13000)
    sel = 'iframe[title="streamlit_folium.st_folium"]'
    page.wait_for_selector(sel, state="attached", timeout=90_000)
    page.locator(sel).first.scroll_into_view_if_needed(timeout=90_000)
    frame = page.query_selector(sel).content_frame()
    frame.wait_for_function(CITY_FEATURES_DRAWN, timeout=90_000)
    legend = frame.evaluate(
        "() => document.querySelector('.fpa-box') && document.querySelector('.fpa-box').innerText"
    )
    assert "75%" in legend and "73.8%" in legend
    page.screenshot(path=str(output_dir / "calculator_per_city.png"), full_page=True)

    page.goto(f"{streamlit_server}/progress", wait_until="domcontentloaded")
    page.locator('input[type="file"]').set_input_files(str(figures))
    expect(page.get_by_text("与目标路径对比")).to_be_visible(timeout=90_000)
    # Box 10 targets are province-wide: no city is marked behind for them, and the page says why
    expect(page.get_by_text("个全省目标", exact=False)).to_be_visible(timeout=90_000)
    expect(page.get_by_text("没有可落到市的按路径比较结果")).to_be_visible(timeout=90_000)
    page.screenshot(path=str(output_dir / "progress_map.png"), full_page=True)
    assert browser.refused() == [], f"external requests in offline mode: {browser.refused()[:10]}"
