"""Cluster and park cards say where a cluster's host parks come from and give the data's notes in the card's
language (issue 13)."""

from __future__ import annotations

import pytest

from layers.card_context import atlas_cards
from layers.cards import cluster_card, park_card
from layers.data import atlas_data


@pytest.fixture(scope="module")
def atlas():
    data = atlas_data()
    return data, atlas_cards(data)


def test_a_clusters_host_parks_say_their_source(atlas) -> None:
    data, ctx = atlas
    card = cluster_card(data["clusters"].loc["meizhou-bay-petrochem"], lang="zh", ctx=ctx)
    hosts = dict(card.facts)["承载园区"]
    assert "（来源：" in hosts and "petrochem_parks.csv" in hosts and "未点名这些园区" in hosts
    assert "not these parks" not in hosts  # the research's English note in its Chinese form (issue 13)
    en = dict(cluster_card(data["clusters"].loc["meizhou-bay-petrochem"], lang="en", ctx=ctx).facts)
    assert "not these parks" in en["Host parks"]
    assert "对应专栏10产业（按产业对应）" in dict(card.facts)
    assert "规划点名" in card.notes and "named in the plan" not in card.notes


def test_a_parks_cluster_row_says_why_it_is_a_host(atlas) -> None:
    data, ctx = atlas
    card = park_card(data["parks"].loc["quangang"], lang="en", ctx=ctx, park_id="quangang")
    table = next(t for t in card.tables if t.headers[-1] == "Source of its host parks")
    meizhou = next(r for r in table.rows if r[0] == "Meizhou Bay petrochemicals")
    assert "petrochem_parks.csv" in meizhou[-1] and "ch. 4 §1 (1)" in meizhou[-1]
