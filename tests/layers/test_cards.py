"""One card per park and cluster: the map popup and the side panel show the same labels (issue 10).

For every shipped feature (all parks of data/parks.geojson, every cluster, the petrochemical and
demonstration bases among the parks) the popups are read out of the built map's payload and the panel is
rendered as the map page renders it; the label cells, values, table headings and notes of the two are
parsed and compared, in both languages. Labels are those of gis.vocab / clusters.vocab.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from clusters.goals import base_year, clusters_goal, demo_bases_goal
from clusters.targets import park_goals
from clusters.vocab import PROVENANCE
from gis.parks import is_petrochemical
from gis.text import label
from gis.vocab import KINDS, LEVELS
from layers.card_context import atlas_cards, card_context
from layers.card_html import panel_html, popup_html
from layers.cards import cluster_card, demo_counts_text, park_card
from layers.clusters import cluster_positions
from layers.data import atlas_data
from layers.mapbuild import build_map, map_html

LAYERS = ["parks", "petrochem", "demo_bases", "clusters_plan", "clusters_related"]
_FACT = re.compile(r'<th class="fpa-k"[^>]*>(.*?)</th><td[^>]*>(.*?)</td>')
_HEADING = re.compile(r'class="fpa-t"[^>]*>(.*?)</(?:div|h4)>')
_TAGS = re.compile(r"<[^>]+>")


def _parts(card_html: str) -> dict[str, list]:
    """Facts (label, value), table headings and the card's whole text, unescaped."""
    text = htmllib.unescape(_TAGS.sub(" ", card_html))
    return {
        "facts": [(htmllib.unescape(a), htmllib.unescape(b)) for a, b in _FACT.findall(card_html)],
        "headings": [htmllib.unescape(h) for h in _HEADING.findall(card_html)],
        "words": text.split(),
    }


def _popups(lang: str) -> dict[str, str]:
    """``{feature id: popup HTML}`` of every park and cluster marker on the map."""
    page = map_html(build_map(layers=LAYERS, lang=lang))
    out: dict[str, str] = {}
    for m in re.finditer(r"fpaCompact\(\w+, (\{.*?\})\);\n", page):
        d = json.loads(m.group(1))
        if not d.get("pop") or not d.get("id"):
            continue
        for ident, parts in zip(d["id"], d["pop"], strict=True):
            out[htmllib.unescape(ident)] = "".join(d["t"][i] for i in parts)
    return out


@pytest.fixture(scope="module")
def atlas():
    data = atlas_data("")
    return data, atlas_cards(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_popup_and_panel_show_the_same_labels_for_every_shipped_feature(atlas, lang: str) -> None:
    data, ctx = atlas
    popups = _popups(lang)
    parks, clusters = data["parks"], data["clusters"]
    assert set(parks.index) <= set(popups), "every shipped park has a popup"
    mapped = [c for c in clusters.index if c in popups]
    # Only clusters with no host park or city (province-wide; the legend lists them) are off the map.
    assert set(mapped) == set(cluster_positions(clusters, parks)["cluster_id"]) and len(mapped) >= 10
    for pid in parks.index:
        panel = _parts(panel_html(park_card(parks.loc[pid], lang=lang, ctx=ctx, park_id=pid)))
        popup = _parts(popups[pid])
        assert popup == panel, pid
        assert panel["facts"], pid
    for cid in mapped:
        panel = _parts(panel_html(cluster_card(clusters.loc[cid], lang=lang, ctx=ctx, cluster_id=cid)))
        assert _parts(popups[cid]) == panel, cid


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cards_use_the_vocabulary_labels(atlas, lang: str) -> None:
    data, ctx = atlas
    parks, clusters = data["parks"], data["clusters"]
    kind_label, level_label = ("类型", "级别") if lang == "zh" else ("Kind", "Level")
    for pid, row in parks.iterrows():
        facts = dict(park_card(row, lang=lang, ctx=ctx, park_id=pid).facts)
        assert facts[kind_label] == label(KINDS, row["kind"], lang)
        assert facts[level_label] == label(LEVELS, row["level"] or "unknown", lang)
    # The labels the two old copies disagreed on are now the vocabulary's, everywhere.
    sector_base = parks.index[parks["kind"] == "sector_base"][0]
    html = popup_html(park_card(parks.loc[sector_base], lang="zh", ctx=ctx, park_id=sector_base))
    assert "规划点名的产业园区/基地" in html and ">产业基地<" not in html
    prov = "出处" if lang == "zh" else "Provenance"
    for cid, row in clusters.iterrows():
        facts = dict(cluster_card(row, lang=lang, ctx=ctx, cluster_id=cid).facts)
        assert facts[prov] == label(PROVENANCE, row["provenance"], lang)


def test_petrochemical_goals_follow_the_one_petrochemical_rule(atlas) -> None:
    data, ctx = atlas
    parks = data["parks"]
    petro = is_petrochemical(parks)
    assert petro.any()
    for pid, row in parks.iterrows():
        headings = [t.heading for t in park_card(row, lang="en", ctx=ctx, park_id=pid).tables]
        has_goals = any("petrochemical goals" in h for h in headings)
        assert has_goals == bool(petro[pid]), pid
    # Decided from the row alone, the rule is still gis.parks.is_petrochemical: kind OR role (the side
    # panel's old rule was the role, the popup's the kind).
    alone = card_context(petrochem_goals=data["petrochem_goals"])
    row = parks.loc[parks.index[~petro][0]].copy()

    def goals(kind: str, roles: list[str]) -> bool:
        row["kind"], row["roles"] = kind, roles
        card = park_card(row, lang="en", ctx=alone, park_id="x")
        return any("petrochemical goals" in t.heading for t in card.tables)

    assert goals("development_zone", ["petrochemical"]) and goals("petrochemical_base", [])
    assert not goals("development_zone", ["catalogue_2018"])


def test_plan_figures_in_cards_come_from_the_plan_tables() -> None:
    """Demonstration-base counts, base and target years and the plan's cluster count: read, never typed."""
    goals = park_goals()
    zh = demo_counts_text(dict(goals.loc["demo_bases"]), "zh")
    en = demo_counts_text(dict(goals.loc["demo_bases"]), "en")
    assert zh == "规划（省级以上）：2015年 23家，其中国家级12家 (第一章一)；2020年目标 ≥25 个（第三章七）"
    assert en == "Plan (provincial and above): 2015: 23 bases (12 national); 2020 target ≥25 bases (ch. 3 §7)"
    demo = demo_bases_goal()
    assert f"{base_year().whole}年" in zh and f"{demo.year}年目标 ≥{demo.whole}" in zh
    related = {"name_zh": "候选", "in_plan": False}
    notes = cluster_card(related, lang="en", cluster_id="x").notes
    assert any(f"not one of the plan's {clusters_goal().whole};" in n for n in notes)
    assert any("plan's 20;" in n for n in notes)


def test_cluster_card_of_a_pandas_row_is_the_card_of_its_dict(atlas) -> None:
    """A cluster row as a pandas Series (the map's popups) and as a dict (the side panel) give one card; a row
    without ``in_plan`` is not a plan cluster."""
    data, ctx = atlas
    clusters = data["clusters"]
    cid = str(clusters.index[0])
    row = clusters.loc[cid]
    for lang in ("zh", "en"):
        from_series = cluster_card(row, lang=lang, ctx=ctx, cluster_id=cid)
        from_dict = cluster_card(row.to_dict(), lang=lang, ctx=ctx, cluster_id=cid)
        assert panel_html(from_series) == panel_html(from_dict)
    bare = cluster_card(row.drop("in_plan"), lang="en", ctx=ctx, cluster_id=cid)
    assert any("not one of the plan's" in n for n in bare.notes)
