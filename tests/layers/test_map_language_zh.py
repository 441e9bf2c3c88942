"""The map's own texts in Chinese (issue 13): every tooltip, popup card, legend entry and title that the
folium map carries (for each layer set) shows no machine key and no English sentence, except original text
(a source's own title, an address) and names (:mod:`tests.language_rules`)."""

from __future__ import annotations

import pytest

from layers.data import atlas_data
from layers.mapbuild import build_map
from tests.language_rules import atlas_originals, chinese_leak, proper_names, vocabulary_keys
from tests.layers.test_map_print_language import LAYER_SETS, _texts


@pytest.fixture(scope="module")
def rules() -> tuple[list[str], set[str], list[tuple[str, str]]]:
    data = atlas_data("")
    return atlas_originals(data), vocabulary_keys(), proper_names(data)


@pytest.mark.parametrize("layers", LAYER_SETS, ids=lambda s: "+".join(s) if len(s) < 4 else "all")
def test_chinese_map_shows_no_english_sentence_or_key(layers, rules) -> None:
    originals, keys, names = rules
    sector = 1 if "sector" in layers else None
    page = build_map(layers=list(layers), lang="zh", sector=sector).get_root().render()
    texts = _texts(page)
    leaks = sorted({(t, chinese_leak(t, originals, keys, names)) for t in texts} - {(t, "") for t in texts})
    assert leaks == []


def test_chinese_presentation_map_title_block(rules) -> None:
    originals, keys, names = rules
    page = build_map(layers=["province", "cities", "parks"], lang="zh", presentation=True)
    texts = _texts(page.get_root().render())
    assert [t for t in texts if chinese_leak(t, originals, keys, names)] == []
