"""The rasters page runs headless (AppTest): density built with its sum check, petrochemical assumption shown,
English text, and the app's navigation lists the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.settings import ROOT


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "store.gpkg"))  # never the user's real store


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "raster.py"), default_timeout=120)
    at.session_state["lang"] = lang
    return at


def test_density_tab_builds_and_checks_the_sum() -> None:
    at = _page().run()
    assert not at.exception
    assert any("总量校核" in s.value and "仅舍入误差" in s.value for s in at.success)
    assert not at.error
    assert at.selectbox(key="raster_figure").value == "approved_area_ha"
    at.selectbox(key="raster_figure").set_value("plan_petrochem_output_2020_equal_split").run()
    assert not at.exception
    assert any("假设" in w.value and "6800" in w.value for w in at.warning)
    assert any("6,800" in s.value for s in at.success)


def test_cell_size_changes_the_grid_and_english_text() -> None:
    at = _page("en").run()
    assert not at.exception
    at.number_input(key="raster_cell").set_value(5000).run()
    assert not at.exception
    assert any("Sum check" in s.value and "rounding only" in s.value for s in at.success)
    assert any("25 km²" in c.value for c in at.caption)


def test_app_navigation_lists_the_raster_page() -> None:
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    assert '"raster.py"' in text and (ROOT / "app_pages" / "raster.py").is_file()
