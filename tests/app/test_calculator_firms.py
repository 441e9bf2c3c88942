"""The firm-level park share (issue 7) can be the calculator's base share, labelled as derived."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gis.settings import ROOT


def test_firm_share_becomes_base_share_with_its_source():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("app_pages/calculator.py").run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "calc_use_firm_share"]  # nothing measured yet: no offer
    at.session_state["parkshare_result"] = {"year": 2017, "park_share": 0.6834}
    at.run()
    assert any("68.34%" in i.value for i in at.info)
    next(b for b in at.button if b.key == "calc_use_firm_share").click().run()
    assert not at.exception
    assert at.number_input(key="calc_base_share").value == 68.34
    assert at.number_input(key="calc_base_year").value == 2017
    assert any("企业点位测算" in c.value for c in at.caption)
    # 68.34 % in 2017 → 75 % in 2020: three years, so the required ratio is (0.75/0.6834)^(1/3)
    ratio = (0.75 / 0.6834) ** (1 / 3)
    expected = f"{(ratio * 1.085 - 1) * 100:.1f}%"
    assert any(expected in m.value for m in at.metric), [m.value for m in at.metric]
