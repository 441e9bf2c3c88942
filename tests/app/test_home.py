"""The home page runs in both languages and shows true counts."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from clusters.clusters import plan_clusters
from gis.parks import load_parks
from gis.settings import ROOT


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def test_home_in_chinese_then_english():
    at = _app().run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["图上园区与基地"] == str(len(load_parks()))
    assert values["国家目录中的福建开发区"] == "97"
    assert values["规划点名的千亿产业集群"] == str(len(plan_clusters())) == "7"
    assert values["园区产值占比目标（%，2020）"] == "75"
    assert any("第三章七" in c.value for c in at.caption)
    unknowns = " ".join(md.value for md in at.markdown)
    assert "规划只点名了 20 个千亿集群中的 7 个" in unknowns
    assert "2015 年 23 家，其中国家级 12 家；2020 年目标 25 家以上" in unknowns
    assert "2016—2020 年的实际园区产值占比" in unknowns
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Parks and bases on the map" in labels
    assert at.title[0].value.startswith("Fujian Park Atlas")
    assert any("not" in md.value and "Box 6" in md.value for md in at.markdown)
    unknowns = " ".join(md.value for md in at.markdown)
    assert "names only 7 of its 20 clusters" in unknowns
    assert "(23 in 2015, 12 national; ≥ 25 by 2020)" in unknowns and "for 2016–2020" in unknowns
