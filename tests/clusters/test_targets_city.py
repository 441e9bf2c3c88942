"""A cluster target is drawn only at the level its source states it, with its source (issue 13)."""

from __future__ import annotations

import pandas as pd

from clusters.clusters import load_clusters
from clusters.targets_city import stated_city_targets, target_scope, targets_not_drawn
from layers.mapbuild import build_map, map_html


def _clusters() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name_zh": ["甲", "乙", "丙"],
            "name_en": ["A", "B", "C"],
            "host_cities": [["福州市"], ["莆田市", "泉州市"], []],
            "target_2020": [1200.0, 2640.0, 2500.0],
            "target_source": ["doc A 2018-01-01", "doc B", "doc C"],
        },
        index=["a", "b", "c"],
    )


def test_only_single_city_targets_are_drawn_on_a_city() -> None:
    cl = _clusters()
    assert [target_scope(r) for _, r in cl.iterrows()] == ["city", "cities", "province"]
    drawn = stated_city_targets(cl)
    assert list(drawn.index) == ["福州市"] and drawn.loc["福州市", "target_sum"] == 1200.0
    assert drawn.loc["福州市", "sources"] == ["doc A 2018-01-01"]
    apart = targets_not_drawn(cl).set_index("cluster_id")
    assert apart.loc["b", "scope"] == "cities" and apart.loc["c", "scope"] == "province"


def test_the_2018_meizhou_gulei_target_is_not_painted_on_each_city() -> None:
    cl = load_clusters()
    drawn = stated_city_targets(cl)
    for city in ("莆田市", "泉州市", "漳州市"):
        assert city not in drawn.index or "petrochem-integrated-2018" not in drawn.loc[city, "cluster_ids"]
    apart = targets_not_drawn(cl).set_index("cluster_id")
    assert apart.loc["petrochem-integrated-2018", "target_2020"] == 2640
    html = map_html(build_map(layers=["cluster_targets", "clusters_plan"], lang="en"))
    assert "stated for 3 cities together, not drawn per city" in html
    assert "cinic.org.cn/xy/fj/454637.html" in html and "100 m yuan" not in html


def test_sector_info_says_province_wide_and_cites_the_plan_in_english() -> None:
    html = map_html(build_map(layers=["sector"], sector=1, lang="en"))
    assert "2020 province-wide output target" in html and "Box 10 item 1; ch. 4 §1 (1)" in html
    assert "专栏10 #1" not in html
