"""Provenance that a reader of the documents would accept (issue 13).

Every source names its document; a feature's position source is where its coordinates come from; a place
"named in the plan" is named in the cited place of the plan text; every figure keeps its year (or says the
source states none) and the source's own precision.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from gis.settings import DATA_DIR, PARKS_PATH

FEATURES = json.loads(PARKS_PATH.read_text(encoding="utf-8"))["features"]
REF = DATA_DIR / "sources" / "reference"
PLAN_TEXT = (DATA_DIR / "sources" / "plan_2016_fujian_13th_fyp_industrial.txt").read_text(encoding="utf-8")
CN_NUM = "一二三四五六七八九十"
#: A source that names nothing: "same", "same … as above", "ditto", "同上", "see figures", "plan text", blank.
NAMELESS = re.compile(
    r"^\s*$|^(same|ditto|as above|ibid|同上|见上|plan text)\b|\bas above\s*$|\bsee (figures|above|below)\b",
    re.IGNORECASE,
)
#: A web address without its path (a site, not a document), unless the source says the address is unknown.
BARE_HOST = re.compile(r"(?<![\w/.@-])((?:[a-z0-9-]+\.)+(?:cn|com|net|org|vip|hk|tw|info))(?![\w./-])", re.I)
#: Source columns of the research tables under data/sources/reference/.
REF_SOURCE_COLUMNS = (
    "source",
    "coord_source",
    "area_source",
    "status_source",
    "target_source",
    "later_source",
)


def _every_source() -> list[tuple[str, str]]:
    """(where, source text) of every source in the parks file and the data tables."""
    out = []
    for f in FEATURES:
        p = f["properties"]
        out.append((f"{p['id']}.position_source", p["position_source"]))
        out += [(f"{p['id']}.sources", x["ref"]) for x in p["sources"]]
        out += [(f"{p['id']}.figures.{g['key']}", g["source"]) for g in p["figures"]]
        out += [(f"{p['id']}.position_alternatives", a["source"]) for a in p.get("position_alternatives", [])]
        if p.get("demo_base"):
            out.append((f"{p['id']}.demo_base", p["demo_base"]["source"]))
    for path in [*DATA_DIR.glob("*.csv"), *(DATA_DIR / "plan").glob("*.csv")]:
        with open(path, encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                for col, value in row.items():
                    if "source" in col and value:  # an empty target_source goes with an empty target
                        out.append((f"{path.name}:{i}:{col}", value))
    return out


def _reference_sources() -> list[tuple[str, str]]:
    """(where, source text) of every source in the research tables (read by the build, or not at all)."""
    out = []
    for path in sorted(REF.glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                out += [(f"{path.name}:{i}:{c}", row[c]) for c in REF_SOURCE_COLUMNS if row.get(c)]
    return out


def test_every_source_names_its_document() -> None:
    sources = _every_source()
    assert len(sources) > 400
    bad = [(where, ref) for where, ref in sources if NAMELESS.search(ref)]
    assert not bad, bad


def test_every_research_table_source_names_its_document() -> None:
    """Also the research copies the app does not read (fujian_macro_stats_partial.csv): no "same"."""
    sources = _reference_sources()
    assert len(sources) > 60
    bad = [(where, ref) for where, ref in sources if NAMELESS.search(ref.strip())]
    assert not bad, bad


def test_an_address_is_whole_or_says_it_is_not_recorded() -> None:
    """No bare site ("fcy.618cloud.com.cn"), no elided path ("…/11-14/..."), no "that page" back-reference."""
    bad = []
    for where, ref in [*_every_source(), *_reference_sources()]:
        for part in re.split(r";\s*", ref):
            elided = "..." in part or "…" in part or re.search(r"\bpage\s*$", part.strip())
            bare = BARE_HOST.search(part) and "not recorded" not in part
            if elided or bare:
                bad.append((where, part))
    assert not bad, bad


def test_a_table_source_is_never_empty_where_it_sources_a_value() -> None:
    with open(DATA_DIR / "clusters.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["source"].strip(), row["id"]
            if row["target_2020"]:
                assert row["target_source"].strip(), row["id"]


def test_the_position_source_is_where_the_coordinates_come_from() -> None:
    with open(REF / "fujian_dev_zones_2018_catalogue_geocoded.csv", encoding="utf-8") as fh:
        geocodes = {r["zone_code"]: r for r in csv.DictReader(fh)}
    with open(REF / "petrochem_parks.csv", encoding="utf-8") as fh:
        research = {r["park_id"]: r for r in csv.DictReader(fh)}
    checked = 0
    for f in FEATURES:
        p, (lon, lat) = f["properties"], f["geometry"]["coordinates"]
        cited = [x["ref"] for x in p["sources"] if x["what"] == "position"]
        assert all(ref == p["position_source"] for ref in cited), (p["id"], cited)
        moved = any(w in p["position_note_en"] for w in ("moved", "placed", "Nearest land"))
        code = p.get("catalogue_code", p["id"])
        if p["position_source"].startswith("Amap geocode") and not moved:
            g = geocodes[code]
            assert (lon, lat) == pytest.approx((float(g["lon_wgs84"]), float(g["lat_wgs84"])), abs=1e-5), code
            checked += 1
        if p["id"] in research and p["position_source"] == research[p["id"]]["coord_source"]:
            r = research[p["id"]]
            assert (lon, lat) == pytest.approx((float(r["lon_wgs84"]), float(r["lat_wgs84"])), abs=0.03)
            checked += 1
        for alt in p.get("position_alternatives", []):
            assert (alt["lon"], alt["lat"]) != pytest.approx((lon, lat), abs=1e-5), p["id"]
    assert checked > 80


def _plan_sections() -> dict[str, str]:
    """Text of each place of the plan: 第四章, 第四章一, 第四章一（一） (the table of contents skipped)."""
    out: dict[str, list[str]] = {}
    chapter = section = sub = ""
    for line in PLAN_TEXT.splitlines()[19:]:
        line = line.strip()
        if m := re.match(r"^第([一二三四五六七八九十]+)章", line):
            chapter, section, sub = f"第{m.group(1)}章", "", ""
        elif m := re.match(rf"^([{CN_NUM}]+)、", line):
            section, sub = chapter + m.group(1), ""
        elif m := re.match(rf"^（([{CN_NUM}]+)）", line):
            sub = f"{section or chapter}（{m.group(1)}）"
        for key in (chapter, section, sub):
            if key:
                out.setdefault(key, []).append(line)
    return {k: re.sub(r"[\s\u3000]+", "", "".join(v)) for k, v in out.items()}


def test_named_in_the_plan_only_where_the_plan_text_names_it() -> None:
    sections = _plan_sections()
    assert "湄洲湾" in sections["第四章一（一）"] and "泉港" not in sections["第四章一（一）"]
    claims = 0
    for f in FEATURES:
        p = f["properties"]
        assert bool(p["plan_refs"]) == ("plan_named" in p["roles"]), p["id"]
        names = {p["name_zh"], p["name_zh"].removeprefix("福建"), p.get("name_zh_alt"), p.get("plan_alias")}
        said = {w["ref"]: w["words"] for w in p["plan_words"]}
        assert set(said) == set(p["plan_refs"]), p["id"]
        for ref in p["plan_refs"]:
            claims += 1
            words = said[ref]
            # the plan's own words are in the cited place, and they are this park's name or listed alias
            assert words in sections[ref], (p["id"], ref, words)
            alias = p.get("plan_alias") or ""
            assert words in names or any(n and n in words for n in names) or words in alias, (p["id"], words)
        for x in p["sources"]:
            if x["what"] == "named in the plan":
                assert x["ref"].split()[-1] in p["plan_refs"], p["id"]
    assert claims >= 12


def test_sectors_come_from_the_plan_place_tables() -> None:
    """A park's 专栏10 sectors come from data/plan/sector_places.csv, never typed into the build."""
    with open(DATA_DIR / "plan" / "sector_places.csv", encoding="utf-8") as fh:
        stated: dict[str, set[int]] = {}
        for r in csv.DictReader(fh):
            for pid in filter(None, r["park_id"].split(";")):
                stated.setdefault(pid, set()).add(int(r["sector_no"]))
    for f in FEATURES:
        p = f["properties"]
        assert set(p["sectors"]) <= stated.get(p["id"], set()), p["id"]


def test_every_figure_keeps_its_year_and_the_sources_precision() -> None:
    for f in FEATURES:
        for g in f["properties"]["figures"]:
            assert "year" in g and (g["year"] is None or 1990 <= g["year"] <= 2035), g
            text = g["value_text"]
            number = float(re.sub(r"[^\d.]", "", text))
            assert number == pytest.approx(float(g["value"])), g
            assert g["approx"] == text.startswith(("约", "~", "about")), g
            assert " " not in g["unit"] and not re.search(r"[a-z]", g["unit"].replace("km²", "")), g
    by_id = {f["properties"]["id"]: f["properties"] for f in FEATURES}
    dongwu = next(g for g in by_id["putian_dongwu"]["figures"] if g["key"] == "suitable_land_km2")
    assert dongwu["approx"] and dongwu["year"] == 2005 and dongwu["value_text"] == "约30"


def test_english_fields_are_english_and_names_say_how_they_were_made() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    cities = (
        "Fuzhou",
        "Xiamen",
        "Putian",
        "Sanming",
        "Quanzhou",
        "Zhangzhou",
        "Nanping",
        "Longyan",
        "Ningde",
    )
    for f in FEATURES:
        p = f["properties"]
        for key in ("name_en", "position_note_en"):
            assert not cjk.search(p[key]), (p["id"], key, p[key])
        assert not any(p["name_en"].startswith(f"Fujian {c}") for c in cities), p["name_en"]
        assert "Hi-tech" not in p["name_en"]
        assert p["name_en_kind"] in {"official", "usual", "transliteration"}
        for g in p["figures"]:
            assert not cjk.search(g["label_en"]), g
    by_id = {f["properties"]["id"]: f["properties"] for f in FEATURES}
    assert by_id["G353071"]["name_en"] == "Xiamen Xiangyu Free Trade Zone"
    assert by_id["G353071"]["name_en_kind"] == "official"
    assert by_id["G353068"]["name_en"] == "Fuzhou Export Processing Zone"


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


PLACE = re.compile(rf"第[{CN_NUM}]+章[{CN_NUM}]*(?:（[{CN_NUM}]+）)?")


def test_a_sector_is_attached_only_where_its_own_section_names_the_place() -> None:
    """专栏10 sector n's places come from the plan's section of sector n (第四章一（一） for 1, …), where the
    plan's words stand: a park named elsewhere (第三章十's cooperation parks) gets no sector from it."""
    sections = _plan_sections()
    own = {int(r["no"]): r["section"] for r in _rows(DATA_DIR / "plan" / "sector_targets_2020.csv")}
    places = _rows(DATA_DIR / "plan" / "sector_places.csv")
    for r in places:
        no = int(r["sector_no"])
        assert r["section"] == own[no], (r["place_zh"], r["section"], own[no])
        assert _norm(r["quote"]) in sections[own[no]], (r["place_zh"], r["quote"])
    attached = {(pid, int(r["sector_no"])) for r in places for pid in filter(None, r["park_id"].split(";"))}
    for f in FEATURES:
        p = f["properties"]
        assert all((p["id"], no) in attached for no in p["sectors"]), (p["id"], p["sectors"])
    by_id = {f["properties"]["id"]: f["properties"] for f in FEATURES}
    assert by_id["xiamen-led-base"]["sectors"] == [] and by_id["minhou-qingkou"]["sectors"] == []


def test_a_cluster_named_in_the_plan_is_named_at_each_cited_place() -> None:
    sections = _plan_sections()
    for r in _rows(DATA_DIR / "clusters.csv"):
        words = dict(w.split(": ", 1) for w in filter(None, r["plan_words"].split("; ")))
        in_plan = r["provenance"] in ("plan_existing", "plan_cultivate")
        assert bool(words) == in_plan, r["id"]
        assert set(PLACE.findall(r["source"])) == set(words), (r["id"], r["source"], words)
        for ref, said in words.items():
            assert _norm(said) in sections[ref], (r["id"], ref, said)


def test_a_clusters_host_parks_cite_the_document_that_names_them() -> None:
    """Host parks have their own source; one that cites a plan place is named there (else it says not)."""
    named = {f["properties"]["id"]: set(f["properties"]["plan_refs"]) for f in FEATURES}
    for r in _rows(DATA_DIR / "clusters.csv"):
        hosts = list(filter(None, r["host_parks"].split(";")))
        src = r["host_parks_source"]
        assert bool(hosts) == bool(src.strip()), r["id"]
        assert not NAMELESS.search(src) or not hosts, r["id"]
        if "not these parks" in src or "names only" in src:
            continue
        for ref in PLACE.findall(src):
            assert all(ref in named[h] for h in hosts), (r["id"], ref, hosts)


def test_a_figure_its_source_calls_approximate_keeps_the_words() -> None:
    """A note saying "~30" / "约30" / "about 30" of the figure's number makes it approx, with value_text."""
    checked = 0
    for f in FEATURES:
        for g in f["properties"]["figures"]:
            number = g["value_text"].lstrip("约~≈").removeprefix("about ")
            said = re.search(rf"(~|约|about |≈|近)\s*{re.escape(number)}(?![\d.])", g["note"])
            if said:
                checked += 1
                assert g["approx"] and g["value_text"] != number, (f["properties"]["id"], g)
    assert checked >= 1


def test_a_figure_is_labelled_what_its_source_says_it_measures() -> None:
    """A figure the source calls "planning intent", "land suitable" or "not an approved area" is not labelled
    a planned or approved area; a county's or zone's figure on a park card says whose it is."""
    areas = {"规划面积", "核准面积", "Planned area", "Approved area"}
    for f in FEATURES:
        p = f["properties"]
        for g in p["figures"]:
            if re.search(r"planning intent|suitable|not an approved", g["note"]):
                assert g["label_zh"] not in areas and g["label_en"] not in areas, (p["id"], g)
            if re.search(r"whole county|county's", g["note"]):
                assert "县" in g["label_zh"] and "County" in g["label_en"], (p["id"], g)


def test_position_confidence_is_no_stronger_than_its_source() -> None:
    """Estimates say ESTIMATE, geocodes and area points are at most "low", nothing shipped is "high"; a
    point standing for an area (a city, county or bay) says so in its note."""
    rank = {"ESTIMATE": 0, "very low": 1, "low": 2, "medium": 3, "high": 4}
    for f in FEATURES:
        p = f["properties"]
        conf, src, note = p["position_confidence"], p["position_source"], p["position_note_en"]
        level = next(v for k, v in rank.items() if conf.startswith(k))
        assert level < 4, p["id"]
        if src.startswith("analyst estimate"):
            assert conf == "ESTIMATE" and note.startswith("Estimated"), p["id"]
        if src.startswith(("Amap geocode", "representative point")):
            assert level <= 2, (p["id"], conf)
        if src.startswith("representative point"):
            assert "representative point" in note, p["id"]
        if "placed at a representative point" in note:  # the point shown is the area's, so is its source
            assert src.startswith("representative point"), (p["id"], src)
        if "unknown" in conf:
            assert note.startswith("Position unknown"), p["id"]
        if "centre" in conf:  # a geocode of an area's centre says the position within it is not known
            assert "is not known" in note, p["id"]
        for x in p["sources"]:  # the cited position source carries the position's own confidence label
            if x["what"] == "position":
                assert x["confidence"] == conf, (p["id"], x["confidence"], conf)


def test_cluster_figures_keep_year_and_the_researchs_comparator() -> None:
    """Each reported cluster figure has a year, and "~1100" / ">1000" in the research stays ≈ / >."""
    names = {r["id"]: r["name_zh"] for r in _rows(DATA_DIR / "clusters.csv")}
    research = {
        r["cluster_zh"]: r["later_output_facts"]
        for r in _rows(REF / "clusters_thousand_billion_candidates.csv")
    }
    for r in _rows(DATA_DIR / "cluster_figures.csv"):
        assert re.fullmatch(r"(19|20)\d\d", r["year"]), r
        value = f"{float(r['value']):g}"
        said = research.get(names[r["cluster_id"]], "")
        for mark, comp in (("~", "≈"), (">", ">")):
            if re.search(rf"{re.escape(mark)}\s*{re.escape(value)}(?![\d.])", said):
                assert r["comparator"] == comp, r


def test_a_parks_level_is_its_own_zones_level_from_a_source() -> None:
    """Catalogue zones carry the catalogue's level; a demonstration base outside the catalogue does not take
    its title's level as its own (厦门软件园 is a national base, not a national development zone)."""
    levels = {
        r["zone_code"]: r["approval_level"]
        for r in _rows(REF / "fujian_dev_zones_2018_catalogue_geocoded.csv")
    }
    for f in FEATURES:
        p = f["properties"]
        code = p.get("catalogue_code", p["id"])
        if code in levels:
            assert p["level"] == ("national" if levels[code] == "国务院" else "provincial"), p["id"]
        elif p["kind"] == "demonstration_base":
            assert p["level"] == "unknown", p["id"]
