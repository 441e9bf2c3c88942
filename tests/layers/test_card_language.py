"""Every card in both languages (issue 13): English cards show no Chinese except the Chinese name and
original text (sources, notes, the plan's quoted words); Chinese cards show no English vocabulary keys."""

from __future__ import annotations

import re

import pytest

from clusters.goals import place_en
from gis.parks import as_list
from layers.card_context import atlas_cards
from layers.cards import cluster_card, park_card
from layers.data import atlas_data
from layers.parks import tooltip_html

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”|'[^']*'")
#: Table columns that hold original text (as its source wrote it).
ORIGINAL_COLUMNS = {"Source", "Reference", "What", "Note"}
#: Raw keys of the data and vocabularies that must never reach a Chinese screen.
KEYS = {
    "target",
    "high",
    "medium",
    "low",
    "low (geocoded)",
    "derived",
    "named in the plan",
    "output",
    "approximate",
    "boundary",
    "development_zone",
    "petrochemical_base",
    "national",
    "provincial",
    "plan_existing",
    "related",
    "year not stated",
    "unknown",
}


@pytest.fixture(scope="module")
def atlas():
    data = atlas_data("")
    return data, atlas_cards(data)


def _originals(row) -> list[str]:
    """Source strings and notes of a row: original text, allowed in either language."""
    out = [
        str(row.get("position_source") or ""),
        str(row.get("source") or ""),
        str(row.get("target_source") or ""),
    ]
    out += [str(x.get("ref", "")) for x in as_list(row.get("sources")) if isinstance(x, dict)]
    # a position's confidence note from the research table is its source's own words
    out += [str(x.get("confidence", "")) for x in as_list(row.get("sources")) if isinstance(x, dict)]
    out += [str(f.get("source", "")) for f in as_list(row.get("figures")) if isinstance(f, dict)]
    out += [str(row.get(k) or "") for k in ("target_note", "confidence_note")]
    hosts = str(row.get("host_parks_source") or "")  # a cluster's host parks' source, plan places in English
    out += [hosts, place_en(hosts)]
    for alt in as_list(row.get("position_alternatives")):  # other reported positions: the research's words
        out += [str(alt.get("note", "")), str(alt.get("source", ""))]
    return sorted((o for o in out if o), key=len, reverse=True)


def _strip(value: str, originals: list[str]) -> str:
    for o in originals:
        value = value.replace(o, "")
    return QUOTED.sub("", value)


@pytest.fixture(scope="module")
def originals(atlas) -> list[str]:
    """Every source string and note of the atlas (parks, clusters, cluster figures, plan tables)."""
    data, _ = atlas
    out: set[str] = set()
    for frame in (data["parks"], data["clusters"]):
        for _, row in frame.iterrows():
            out.update(_originals(row))
    for frame in (data["cluster_figures"], data["sectors"], data["petrochem_goals"]):
        for col in ("source", "scope_note"):
            if col in frame:
                out.update(str(v) for v in frame[col].dropna())
    return sorted((o for o in out if o), key=len, reverse=True)


def _cards(atlas):
    data, ctx = atlas
    for pid, row in data["parks"].iterrows():
        yield row, lambda lang, row=row, pid=pid: park_card(row, lang=lang, ctx=ctx, park_id=str(pid))
    for cid, row in data["clusters"].iterrows():
        yield row, lambda lang, row=row, cid=cid: cluster_card(row, lang=lang, ctx=ctx, cluster_id=str(cid))


def test_english_cards_show_no_chinese_but_names_and_original_text(atlas, originals) -> None:
    n = 0
    for _row, make in _cards(atlas):
        card = make("en")
        assert not CJK.search(card.title), card.title
        for label, value in card.facts:
            assert not CJK.search(label), label
            assert not CJK.search(_strip(value, originals)), (card.id, label, value)
        for table in card.tables:
            assert not CJK.search(table.heading), table.heading
            assert not any(CJK.search(h) for h in table.headers), table.headers
            for cells in table.rows:
                for header, cell in zip(table.headers, cells, strict=True):
                    if header not in ORIGINAL_COLUMNS:
                        assert not CJK.search(_strip(cell, originals)), (card.id, header, cell)
        for note in card.notes:
            assert not CJK.search(_strip(note, originals)), (card.id, note)
        n += 1
    assert n > 120


def test_chinese_cards_show_no_english_vocabulary_keys(atlas) -> None:
    for _row, make in _cards(atlas):
        card = make("zh")
        values = [v for _, v in card.facts] + [c for t in card.tables for r in t.rows for c in r]
        assert not [v for v in values if v.strip() in KEYS], card.id
        for label, _ in card.facts:
            assert CJK.search(label), label
        for table in card.tables:
            assert all(CJK.search(h) for h in table.headers), table.headers
            col = next((i for i, h in enumerate(table.headers) if h.startswith("可信度")), None)
            for cells in table.rows if col is not None else []:
                assert not re.match(r"(high|medium|low|derived)\b", cells[col]), (card.id, cells[col])


def test_figures_show_their_year_and_precision(atlas) -> None:
    data, ctx = atlas
    dongwu = park_card(data["parks"].loc["putian_dongwu"], lang="en", ctx=ctx, park_id="putian_dongwu")
    rows = {r[0]: r for t in dongwu.tables for r in t.rows}
    land = "Land suitable for a large petrochemical complex (planning intent, not an approved area)"
    assert rows[land][1] == "about 30 km²" and rows[land][2] == "2005" and "Planned area" not in rows
    gulei = park_card(data["parks"].loc["gulei"], lang="zh", ctx=ctx, park_id="gulei")
    rows = {r[0]: r for t in gulei.tables for r in t.rows}
    assert rows["规划总面积（陆域和海域）"][2] == "年份未说明"
    assert rows["核准面积"][1] == "865.86 公顷"
    en = park_card(data["parks"].loc["gulei"], lang="en", ctx=ctx, park_id="gulei")
    assert {r[0]: r for t in en.tables for r in t.rows}["Approved area"][1] == "865.86 ha"
    sector = next(t for t in en.tables if "Box 10" in t.heading)
    assert "province-wide" in sector.heading and "province-wide" in sector.headers[1]


def test_cards_show_other_reported_positions_with_their_weight(atlas) -> None:
    data, ctx = atlas
    gulei = park_card(data["parks"].loc["gulei"], lang="en", ctx=ctx, park_id="gulei")
    alt = [n for n in gulei.notes if n.startswith("Another reported position")]
    assert alt and "Java enum" in alt[0] and "(commercial site / other)" in alt[0]
    zh = park_card(data["parks"].loc["quangang"], lang="zh", ctx=ctx, park_id="quangang")
    assert any(n.startswith("另一报道位置（未采用）") and "推算/估计" in n for n in zh.notes)


def test_park_tooltips_in_english_name_the_city_in_english(atlas) -> None:
    data, _ = atlas
    for _, row in data["parks"].iterrows():
        tip = tooltip_html(row, "en")
        assert not CJK.search(tip.replace(str(row.get("name_en") or ""), "")), tip
