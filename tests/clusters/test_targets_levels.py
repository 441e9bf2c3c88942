"""The targets page's cluster table says the level each 2020 target is stated at (issue 13)."""

from __future__ import annotations

import pytest

from clusters.clusters import load_clusters
from clusters.targets_city import target_scope
from clusters.targets_view import cluster_table


@pytest.mark.parametrize(("lang", "col", "shared", "province"), [
    ("zh", "目标所述层级", "3个市合计，不分到各市", "全省"),
    ("en", "Target stated for", "3 cities together, not per city", "province-wide"),
])  # fmt: skip
def test_every_target_says_the_level_its_source_states(
    lang: str, col: str, shared: str, province: str
) -> None:
    clusters = load_clusters()
    table = cluster_table(clusters, lang)
    for cid, row in clusters.iterrows():
        shown = table.loc[cid, col]
        if row["target_2020"] != row["target_2020"]:  # NaN: no target, no level
            assert shown == "—", cid
            continue
        scope = target_scope(row)
        assert shown == {"cities": shared, "province": province}.get(scope, shown), cid
    assert table.loc["petrochem-integrated-2018", col] == shared
