"""The map's own texts and the printed sheet in English (issue 13): every tooltip, popup card, legend entry
and title that the folium map carries (for each layer set), and every ``<text>`` of an SVG sheet, show
Chinese only as names beside their English or as original text (:mod:`tests.language_rules`)."""

from __future__ import annotations

import contextlib
import html
import json
import re

import pytest

from layers.data import atlas_data
from layers.mapbuild import build_map
from layers.print import SheetSpec, render_sheet
from layers.registry import picker_ids
from tests.language_rules import CJK, atlas_originals, english_leak, proper_names

#: Every JSON/JS string literal of the page (tooltip and popup fragments, legend and title HTML).
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
#: Each layer set drawn (every layer alone with the boundaries; all together with a sector).
LAYER_SETS = [("province", x) for x in picker_ids() if x != "province"] + [tuple(picker_ids())]


@pytest.fixture(scope="module")
def rules() -> tuple[list[str], list[tuple[str, str]]]:
    data = atlas_data("")
    return atlas_originals(data), proper_names(data)


def _texts(page: str) -> set[str]:
    """The reader-facing texts of a rendered map: the page's own text nodes (legend, title block) and its
    string literals (tooltip and popup fragments), tags removed, entities read; only those with CJK."""
    body = _SCRIPT.sub(" ", page)
    out = {t for t in (" ".join(html.unescape(x).split()) for x in _TAG.split(body)) if CJK.search(t)}
    for m in _STRING.finditer(page):
        raw = m.group(1)
        if not CJK.search(raw):
            continue
        with contextlib.suppress(json.JSONDecodeError):
            raw = json.loads(f'"{raw}"')
        piece = " ".join(html.unescape(_TAG.sub(" ", raw)).split())
        if CJK.search(piece):
            out.add(piece)
    return out


@pytest.mark.parametrize("layers", LAYER_SETS, ids=lambda s: "+".join(s) if len(s) < 4 else "all")
def test_english_map_shows_chinese_only_as_names_and_original_text(layers, rules) -> None:
    originals, names = rules
    sector = 1 if "sector" in layers else None
    page = build_map(layers=list(layers), lang="en", sector=sector).get_root().render()
    texts = _texts(page)
    leaks = sorted({(t, english_leak(t, originals, names)) for t in texts} - {(t, "") for t in texts})
    assert leaks == []


def test_presentation_map_title_block_is_english(rules) -> None:
    originals, names = rules
    page = build_map(layers=["province", "cities", "parks"], lang="en", presentation=True)
    texts = _texts(page.get_root().render())
    assert [t for t in texts if english_leak(t, originals, names)] == []


@pytest.mark.parametrize(
    "spec",
    [
        SheetSpec(lang="en", layers=tuple(x for x in picker_ids() if x != "sector")),
        SheetSpec(lang="en", layers=("province", "cities", "sector"), sector=1),
        SheetSpec(
            lang="en", extent="city", focus="泉州市", layers=("cities", "counties", "parks", "petrochem")
        ),
        SheetSpec(lang="en", extent="base", focus="湄洲湾", paper="a4-portrait"),
    ],
    ids=["province-all", "sector", "city", "base"],
)
def test_english_print_sheet_texts(spec: SheetSpec, rules) -> None:
    originals, names = rules
    svg = render_sheet(spec, "svg").decode("utf-8")
    texts = [html.unescape(_TAG.sub("", t)).strip() for t in re.findall(r"<text\b.*?</text>", svg, re.S)]
    assert len(texts) > 10
    assert [t for t in texts if english_leak(t, originals, names)] == []
    joined = " ".join(texts)
    assert "100 m yuan" not in joined and "bn yuan" not in joined and "公顷 ha" not in joined
