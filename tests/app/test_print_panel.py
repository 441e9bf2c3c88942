"""The print control on the map page (AppTest): options, preview PNG, a download; a bad sheet is an error."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages._print_panel import paper_label
from layers.print import PAPERS
from tests.conftest import ROOT


def _map_page(lang: str) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.query_params["layer"] = "province,cities,petrochem"
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_preview_is_shown_on_request() -> None:
    at = _map_page("en")
    assert any("Print / export picture" in e.label for e in at.expander)
    assert at.selectbox(key="map_print_paper").value == "a4-landscape"
    at.text_input(key="map_print_title").set_value("<b>My sheet</b> ${x}")
    at.text_input(key="map_print_review").set_value("闽S（2026）1号")
    where = at.selectbox(key="map_print_where")
    assert where.options[0] == "The province" and "Fuzhou City" in where.options
    where.set_value(where.options.index("Fuzhou City"))
    assert at.selectbox(key="map_print_atlas").value == "city"
    at.button(key="map_print_preview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    panel = next(e for e in at.expander if "Print" in e.label)
    assert len(panel.get("image")) == 1
    assert not at.error


def test_paper_labels_are_bilingual() -> None:
    assert [paper_label(p, "zh") for p in PAPERS] == [
        "A4 横向",
        "A4 纵向",
        "A3 横向",
        "A3 纵向",
        "幻灯片 16:9",
    ]
    assert paper_label("a3-portrait", "en") == "A3 portrait"


def test_atlas_is_made_as_a_job_then_offered_for_download() -> None:
    import time

    at = _map_page("en")
    at.selectbox(key="map_print_atlas").set_value("petrochem")
    at.button(key="map_print_atlas_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        labels = [b.label for b in at.get("download_button")]
        if any(label.startswith("Download the atlas") for label in labels):
            break
        time.sleep(1)
        at.run()
    labels = [b.label for b in at.get("download_button")]
    assert any(label.startswith("Download the atlas PDF") for label in labels), labels
    assert not at.error
