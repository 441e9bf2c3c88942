"""The data page asks what an imported file is, and stores and draws it as declared (issue 13); its export
buttons do not rerun the page, so they stay usable after one download."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from gis import store
from gis.settings import ROOT
from layers.parks import park_style

PAGE = str(ROOT / "app_pages" / "data.py")
CORPUS = ROOT / "tests" / "data" / "import"


def _accepted_upload(declare: str | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    name = "gk39_prefix_no_prj.zip"
    at.file_uploader(key="data_upload").set_value((name, (CORPUS / name).read_bytes(), "application/zip"))
    at.run()
    at.button(key="data_crs_confirm").click().run()
    radio = at.radio(key="data_declaration")
    assert radio.value == "unverified"  # the default: user-supplied, not verified
    assert "Surveyed boundary / exact point (survey data)" in radio.options[1]
    if declare is not None:
        radio.set_value(declare).run()
    at.button(key="data_accept").click().run()
    assert not at.exception
    return at


def test_undeclared_upload_is_stored_unverified_and_drawn_dashed(_isolated_user_store: Path) -> None:
    _accepted_upload(None)
    current = store.load_user_boundaries(path=_isolated_user_store)
    assert len(current) and set(current["geometry_quality"]) == {"unverified"}
    assert "dashArray" in park_style("unverified", "#123456")


def test_declared_upload_is_stored_as_declared(_isolated_user_store: Path) -> None:
    _accepted_upload("plan_drawing")
    assert set(store.load_user_boundaries(path=_isolated_user_store)["geometry_quality"]) == {"plan_drawing"}


def test_surveyed_declaration_is_the_only_solid_one(_isolated_user_store: Path) -> None:
    _accepted_upload("surveyed")
    assert set(store.load_user_boundaries(path=_isolated_user_store)["geometry_quality"]) == {"boundary"}
    assert "dashArray" not in park_style("boundary", "#123456")


def test_export_buttons_do_not_rerun_the_page() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    if any(b.key == "data_close_file" for b in at.button):  # a file kept from an earlier test's session
        at.button(key="data_close_file").click().run()
    at.button(key="data_export").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 4
    assert all(b.proto.ignore_rerun for b in buttons)
