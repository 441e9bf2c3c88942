"""Home-page counts carry their year and level, and their source in the page's language (issue 13)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from clusters.summary import atlas_summary
from gis.settings import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_counts_of_bases_say_their_year_and_level() -> None:
    counts = {c.key: c for c in atlas_summary()}
    assert counts["demo_2015"].when_en.startswith("2015")
    assert "2024–2027" in counts["demo_named_provincial"].when_en
    assert counts["demo_named_provincial"].value + counts["demo_named_national"].value == 8
    for c in counts.values():
        assert not CJK.search(c.label_en), c.label_en
        assert not CJK.search(c.when_en), c.when_en
        assert "章" not in c.source_en and "专栏" not in c.source_en, c.source_en


def test_home_page_tables_in_the_page_language() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "counted from" not in captions and "由 data/parks.geojson 计数（推算）" in captions
    table = at.dataframe[0].value
    assert list(table.columns) == ["项目", "数值", "年份与级别", "来源"]
    assert "None" not in table.to_csv()
    at.sidebar.radio(key="lang").set_value("en").run()
    table = at.dataframe[0].value
    assert list(table.columns) == ["Item", "Value", "Year and level", "Source"]
    for col in ("Item", "Year and level"):
        assert not any(CJK.search(str(v)) for v in table[col]), table[col].tolist()
    assert "2015, provincial and above" in set(table["Year and level"])
    md = " ".join(m.value for m in at.markdown)
    assert "titles for 2024–2027" in md


def test_english_home_text_has_no_chinese_notes() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["lang"] = "en"
    at.run()
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.label for m in at.metric]
    # the Chinese names in the sources are original text: the catalogue's title
    bad = [t for t in texts if CJK.search(t.replace("《中国开发区审核公告目录》（2018年版）", ""))]
    assert not bad, bad


def test_every_count_says_its_year_and_level() -> None:
    """No count stands without its date and level (issue 13): "3 bases" says "named in the plan (2016)"."""
    year = re.compile(r"(19|20)\d\d|12th")
    for c in atlas_summary():
        assert c.when_zh and c.when_en, c.key
        assert year.search(c.when_en), (c.key, c.when_en)
    counts = {c.key: c for c in atlas_summary()}
    assert "province-wide" in counts["park_share_target"].when_en
    assert "not these parks" in counts["petro_parks"].source_en
