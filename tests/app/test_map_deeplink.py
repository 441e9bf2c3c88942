"""A map deep link with values the atlas does not know says which were ignored (issue 13)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gis.settings import ROOT


def test_unknown_link_values_are_named() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    for k, v in {"layer": "parks,nosuchlayer", "sector": "99", "park": "nowhere"}.items():
        at.query_params[k] = v
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "layer=nosuchlayer" in text and "sector=99" in text and "park=nowhere" in text
    assert "layer=parks" not in text
