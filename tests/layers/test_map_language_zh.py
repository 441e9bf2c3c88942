"""The map's own texts in Chinese (issue 13): every tooltip, popup card, legend entry and title that the
folium map carries (for each layer set), and every ``<text>`` of a Chinese print sheet, show no machine key
and no English sentence.

Stricter than the page tests: the atlas's source strings and notes are not excused as original text,
because every one the research wrote in English has its Chinese form (gis.research_texts, clusters.vocab).
Only quoted titles, addresses, file names and paths, names beside their Chinese and the technical words of
:mod:`tests.language_rules` may stay Latin; a new English note in the data fails here until it is given its
Chinese form."""

from __future__ import annotations

import html
import re

import pytest

from layers.data import atlas_data
from layers.mapbuild import build_map
from layers.print import SheetSpec, render_sheet
from layers.registry import picker_ids
from tests.language_rules import chinese_leak, proper_names, vocabulary_keys
from tests.layers.test_map_print_language import LAYER_SETS, _texts


@pytest.fixture(scope="module")
def rules() -> tuple[set[str], list[tuple[str, str]]]:
    return vocabulary_keys(), proper_names(atlas_data(""))


def _leaks(page: str, rules: tuple[set[str], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    keys, names = rules
    found = ((t, chinese_leak(t, [], keys, names)) for t in _texts(page))
    return sorted((t, leak) for t, leak in found if leak)


@pytest.mark.parametrize("layers", LAYER_SETS, ids=lambda s: "+".join(s) if len(s) < 4 else "all")
def test_chinese_map_shows_no_english_sentence_or_key(layers, rules) -> None:
    sector = 1 if "sector" in layers else None
    page = build_map(layers=list(layers), lang="zh", sector=sector).get_root().render()
    assert _leaks(page, rules) == []


def test_chinese_presentation_map_title_block(rules) -> None:
    page = build_map(layers=["province", "cities", "parks"], lang="zh", presentation=True)
    assert _leaks(page.get_root().render(), rules) == []


def test_the_research_english_notes_have_their_chinese_form(rules) -> None:
    """The texts the check stands on: the Meizhou Bay cluster's popup gives its sources in Chinese."""
    page = build_map(layers=["province", "clusters_plan"], lang="zh").get_root().render()
    texts = " ".join(_texts(page))
    assert "列为现有10个千亿产业集群之一" in texts and "named among the" not in texts
    assert "未点名这些园区" in texts and "not these parks" not in texts


@pytest.mark.parametrize(
    "spec",
    [
        SheetSpec(lang="zh", layers=tuple(x for x in picker_ids() if x != "sector")),
        SheetSpec(lang="zh", layers=("province", "cities", "sector"), sector=1),
        SheetSpec(
            lang="zh", extent="city", focus="泉州市", layers=("cities", "counties", "parks", "petrochem")
        ),
        SheetSpec(lang="zh", extent="base", focus="湄洲湾", paper="a4-portrait"),
    ],
    ids=["province-all", "sector", "city", "base"],
)
def test_chinese_print_sheet_texts(spec: SheetSpec, rules) -> None:
    keys, names = rules
    svg = render_sheet(spec, "svg").decode("utf-8")
    tag = re.compile(r"<[^>]+>")
    texts = [html.unescape(tag.sub("", t)).strip() for t in re.findall(r"<text\b.*?</text>", svg, re.S)]
    assert len(texts) > 10
    # A long source wraps over several <text> lines: each line alone, and the sheet's text as one.
    assert [(t, leak) for t in texts if (leak := chinese_leak(t, [], keys, names))] == []
    assert chinese_leak(" ".join(texts), [], keys, names) == ""
