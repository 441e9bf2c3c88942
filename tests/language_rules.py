"""What "language-clean" means on a screen (issue 13), shared by the page, map and print language tests.

English text may hold Chinese only as (a) original text: a source, a note, the plan's quoted words (every
source/note string of the atlas data, and anything inside quotes or 《》); (b) a proper name shown with its
English (``English · 中文``, ``English (中文)``); (c) the entries of :data:`EN_ALLOWED`, each with its reason.
Chinese text may hold no raw machine key (a ``snake_case`` identifier or a vocabulary key such as ``high``,
``target``) and no English sentence, except original text, file names, addresses and :data:`ZH_ALLOWED`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from google.protobuf.message import Message

from clusters import vocab as cvocab
from gis import research_texts, vocab
from gis.boundaries import load_boundaries
from gis.parks import as_list
from gis.text import Pair, place_en

CJK = re.compile(r"[\u3400-\u9fff\u3001\u3002\uff0c\uff1b]")  # Han, and 、。，； (Chinese punctuation)
#: Quoted original text: “…”, ‘…’, '…', 《…》 (a document's title), 「…」.
QUOTED = re.compile(
    r"“[^”]*”|‘[^’]*’|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|《[^》]*》|「[^」]*」|\"[^\"\n]*\"|`[^`\n]*`"
)
#: A Chinese gloss right after English: ``Box 10 (专栏10)``, ``Map review no. 审图号``.
GLOSS = re.compile(r"[A-Za-z0-9.)]\s*[（(][^()（）]*[\u3400-\u9fff][^()（）]*[)）]")
#: A Chinese term with its English right after it: ``销售收入 (sales revenue)``, ``近60% (nearly 60 %)``.
TERM_GLOSS = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\d.%]*\s*[（(][A-Za-z][^()（）\u3400-\u9fff]*[)）]")
#: Chinese marked as the original: ``原文: …`` up to the end of the line; a file's own CRS name.
ORIGINAL_MARK = re.compile(r"原文[:：].*|原坐标系 [^（）]*(?:（[^）]*）)?[^）]*")
#: Table columns whose cells are identifiers or original text by their heading (``编号``: ids typed in
#: config files and links; ``列``: a column name as the user's file writes it; "plan's words" / "原文":
#: the plan's own text).
ORIGINAL_COLUMNS = re.compile(r"^(编号|ID|id|列|Column)$|plan's words|原文|规划原文", re.I)
#: A GitHub repository named as a source (``owner/name``).
REPO = re.compile(r"\b[\w-]+/[\w.-]+-[\w.-]+\b")

#: English screens: Chinese that is right, each with its reason.
EN_ALLOWED: dict[str, str] = {
    "语言 / Language": "the language switch names itself in both languages, so either reader finds it",
    "中文": "the language option is named in its own language (as every language menu does)",
    "审图号": "the official term of the map review number, given beside its English",
    "专栏10": "the plan's own name of Box 10, given beside its English",
    "Gulei or 古雷": "the search box's example: a name may be typed in either language",
    "登录 / Sign in": "the shared sign-in button names itself in both languages, like the language switch",
}
#: Chinese screens: Latin text that is right, each with its reason.
ZH_ALLOWED: dict[str, str] = {
    "English": "the language option is named in its own language",
    "Language": "the language switch names itself in both languages",
    "OpenStreetMap": "a proper name (the map's data source)",
}
#: Leaks in files other helpers own, reported with their fix (file:line) and allowed here until fixed there.
PENDING: dict[str, str] = {}
#: Names of file formats, coordinate systems and units: the same in both languages.
TECH = re.compile(
    r"\b(CSV|XLSX|GeoJSON|GeoPackage|GPKG|GeoTIFF|Shapefile|KML|KMZ|DOCX|PDF|PNG|SVG|ZIP|HTML|JSON|dpi|"
    r"WGS84|WGS 84|CGCS2000|GCJ-02|BD-09|EPSG:\d+|km²|km|ha|m|tk|id|FPA_[A-Z_]+|Leaflet|OpenStreetMap|"
    r"OSM|Tianditu|Gaode|AutoNavi|MBTiles|PMTiles|XYZ|TMS|WMTS|CRS|GDAL|QGIS|UTF-8|BOM|SQLite|PostGIS|"
    r"make_valid|Excel|ogrinfo|ID|max|min|GB|MB|KB|Box|Streamlit|Python|GitHub|Wikipedia|Baidu|Gulei|Fujian|"
    r"LED|PV|R&D|IT|LNG|PX|GDP|CIMC|CATL|ASEAN|AI)\b"
)
URL = re.compile(r"\b(?:https?://)?(?:[\w-]+\.)+(?:com|cn|net|org|gov|hk|tw|vip|edu|info|io)(?:/\S*)?", re.I)
FILENAME = re.compile(
    r"[\w./-]+\.(?:csv|geojson|gpkg|tif|tiff|zip|xlsx|docx|pdf|png|svg|json|toml|py|html)\b"
)
#: A CRS as the EPSG registry names it (``EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39``).
EPSG_NAME = re.compile(r"EPSG:\d+ [^（）()；;,，]*")
PATH = re.compile(r"(?:/[\w.+-]+){2,}/?")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
#: Three or more English words in a row: a sentence (or a phrase) a Chinese reader is left with.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ -][A-Za-z][a-z]+){2,}\b")


def _table_keys() -> set[str]:
    """Every key of the (Chinese, English) label tables of gis.vocab and clusters.vocab."""
    out: set[str] = set()
    for module in (vocab, cvocab, research_texts):
        for value in vars(module).values():
            if isinstance(value, Mapping) and value and all(isinstance(v, Pair) for v in value.values()):
                out.update(str(k) for k in value)
    return out


def vocabulary_keys() -> set[str]:
    """Every raw key of the label tables that a Chinese screen must never show (and literal blanks)."""
    keys = {k for k in _table_keys() if not CJK.search(k) and len(k) > 2 and not k.isdigit()}
    return keys | {"nan", "None", "NaN", "null"}


def atlas_originals(data: Mapping[str, Any]) -> list[str]:
    """Every source string and note of the atlas data: original text, allowed in either language."""
    out: set[str] = set()
    for name in ("parks", "clusters"):
        for _, row in data[name].iterrows():
            for key in (
                "position_source",
                "source",
                "target_source",
                "target_note",
                "confidence_note",
                "host_parks_source",
                "plan_words",
            ):
                out.add(str(row.get(key) or ""))
            for x in as_list(row.get("sources")):
                if isinstance(x, Mapping):
                    out.update(str(x.get(k, "")) for k in ("ref", "confidence", "what"))
            for f in as_list(row.get("figures")):
                if isinstance(f, Mapping):
                    out.update(str(f.get(k, "")) for k in ("source", "note"))
            for alt in as_list(row.get("position_alternatives")):
                if isinstance(alt, Mapping):
                    out.update(str(alt.get(k, "")) for k in ("source", "note"))
    for name in ("cluster_figures", "sectors", "petrochem_goals", "sector_places", "park_goals"):
        frame = data.get(name)
        for col in ("source", "scope_note", "note", "plan_words", "item_zh", "value_text", "quote"):
            if frame is not None and col in frame:
                out.update(str(v) for v in frame[col].dropna())
    out |= {place_en(o) for o in out}  # shown with its places in the plan in English (ch. 4 §1 (1))
    translated = _table_keys()  # a note with a translation in a label table must be shown translated
    return sorted((o for o in out if len(o) > 1 and o not in translated), key=len, reverse=True)


def proper_names(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(Chinese, English)`` names of parks, clusters, places the plan names, cities and counties (longest
    first): a name may stand beside its other-language form."""
    out: set[tuple[str, str]] = set()
    frames = [
        (data.get("parks"), "name_zh", "name_en"),
        (data.get("clusters"), "name_zh", "name_en"),
        (data.get("sector_places"), "place_zh", "place_en"),
    ]
    frames += [(load_boundaries(level), "name_zh", "name_en") for level in ("city", "county")]
    for frame, zh, en in frames:
        if frame is not None and zh in frame and en in frame:
            out.update(
                (str(a), str(b)) for a, b in zip(frame[zh], frame[en], strict=True) if a == a and b == b
            )
    return sorted((p for p in out if p[0].strip() and p[1].strip()), key=lambda p: len(p[0]), reverse=True)


def strip_originals(value: str, originals: Iterable[str]) -> str:
    """``value`` without original text (sources, notes, quoted words, marked original)."""
    for o in originals:
        if o in value:
            value = value.replace(o, " ")
    return ORIGINAL_MARK.sub(" ", QUOTED.sub(" ", value))


def english_leak(value: str, originals: Iterable[str], names: Iterable[tuple[str, str]] = ()) -> str:
    """The Chinese left in an English ``value`` after the allowed parts are taken out ('' when clean)."""
    if value.strip() in EN_ALLOWED:
        return ""
    rest = strip_originals(value, originals)
    for word in EN_ALLOWED:
        rest = rest.replace(word, " ")
    rest = TERM_GLOSS.sub(" ", GLOSS.sub(" ", rest))
    for zh, en in names:  # a Chinese name shown with its English ("English · 中文")
        if zh in rest and en in value:
            rest = rest.replace(zh, " ")
    return "".join(CJK.findall(rest))


def chinese_leak(
    value: str, originals: Iterable[str], keys: set[str], names: Iterable[tuple[str, str]] = ()
) -> str:
    """The machine key or English phrase in a Chinese ``value`` ('' when clean)."""
    v = value.strip()
    if not v or v in ZH_ALLOWED:
        return ""
    for pending in PENDING:
        v = v.replace(pending, " ")
    if v in keys:
        return v
    rest = strip_originals(v, originals)
    rest = EPSG_NAME.sub(" ", rest)
    rest = PATH.sub(" ", REPO.sub(" ", FILENAME.sub(" ", URL.sub(" ", rest))))
    for zh, en in sorted(names, key=lambda p: len(p[1]), reverse=True):  # an English name beside its Chinese
        if en in rest and zh in v:
            rest = rest.replace(en, " ")
    snake = SNAKE.search(rest)
    if snake:
        return snake.group(0)
    rest = TECH.sub(" ", rest)
    run = ENGLISH_RUN.search(rest)
    return run.group(0) if run else ""


# ------------------------------------------------------------------------------------- AppTest harvesting
#: Proto fields that hold no reader-facing text (ids, formats, hashes, data, code, styles).
_SKIP = {
    "id", "form_id", "key", "format", "icon", "url", "mime_type", "type", "data", "arrow_data", "styler",
    "column_order", "deck_json", "spec", "figure", "src", "file_type", "element_hash", "hash", "theme",
    "name", "deferred_file_id", "page_script_hash", "query_string", "page", "language", "stack_trace",
    "srcdoc", "json_args", "component_name", "columns", "width_config", "height_config",
}  # fmt: skip
#: Element kinds whose body is not prose (CSS/JS injection, formulas).
_SKIP_KINDS = {"html", "latex", "code"}


def _strings(msg: Message) -> Iterator[tuple[str, str]]:
    for fd, val in msg.ListFields():
        if fd.name in _SKIP:
            continue
        many = isinstance(val, list) or type(val).__name__.startswith("Repeated")
        for v in val if many else [val]:
            if isinstance(v, Message):
                yield from _strings(v)
            elif isinstance(v, str):
                yield fd.name, v


def page_strings(node: Any) -> Iterator[tuple[str, str]]:
    """Every reader-facing string of an AppTest tree as ``(where, text)``: labels, bodies, options, help
    texts, expander and tab labels, metric values, and dataframe headers and cells (``df:<column>``)."""
    kind = str(getattr(node, "type", type(node).__name__))
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message) and kind not in _SKIP_KINDS:
        for name, s in _strings(proto):
            yield f"{kind}.{name}", s
    if type(node).__name__ == "Dataframe":
        frame = node.value
        editor = node.editing_mode != "read_only"  # a data editor's empty input cells are blank, not "nan"
        config = json.loads(node.proto.columns or "{}")  # headings given by column_config replace the keys
        for col in frame.columns:
            conf = config.get(str(col), {})
            yield "df-header", str(conf.get("label") or col)
            if ORIGINAL_COLUMNS.search(str(col)) or (editor and not conf.get("disabled")):
                continue  # ids, original text, and what the user types into an editor's open columns
            for v in frame[col].tolist():
                if not (editor and isinstance(v, float) and v != v):
                    yield f"df:{col}", str(v)
    for child in getattr(node, "children", {}).values():
        yield from page_strings(child)
