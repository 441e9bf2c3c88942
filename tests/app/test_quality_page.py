"""The data-quality page: every place, weakest position first, both languages, deep link ?lang=en."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gis.parks import load_parks
from gis.settings import ROOT


def test_quality_page_lists_every_place_and_offers_downloads() -> None:
    at = AppTest.from_file(str(ROOT / "app_pages" / "quality.py"), default_timeout=90)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    df = at.dataframe[0].value
    assert len(df) == len(load_parks())
    assert df.iloc[0]["ID"] == "S357003"
    assert "Position source strength" in df.columns
    assert at.title[0].value.startswith("Data quality")


def test_language_comes_from_the_link_and_stays_in_it() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.title[0].value.startswith("Fujian Park Atlas")
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert at.query_params["lang"] == ["zh"] or at.query_params["lang"] == "zh"
