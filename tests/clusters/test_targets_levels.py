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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_2015_baseline_shows_where_the_plan_states_it_and_how_it_differs(lang: str) -> None:
    from clusters import targets as T
    from clusters.targets_view import indicator_table

    ind = T.indicators()
    table = indicator_table(ind, lang)
    base, src, note = table.columns[4], table.columns[5], table.columns[6]
    for i, row in ind.iterrows():
        if row["baseline_2015_text"]:
            assert table.loc[i, src] not in ("", "—"), row["no"]
        assert (table.loc[i, note] != "—") == bool(row["baseline_note_en"]), row["no"]
        assert bool(row["baseline_note_zh"]) == bool(row["baseline_note_en"]), row["no"]
    assert table.loc[ind.index[ind["no"] == 12][0], base] == "发明专利10726件"
