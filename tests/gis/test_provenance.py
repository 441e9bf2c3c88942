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
#: A source that names nothing: "same", "same … as above", "ditto", "同上", blank.
NAMELESS = re.compile(r"^\s*$|^(same|ditto|as above|ibid|同上)\b|\bas above\s*$", re.IGNORECASE)


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


def test_every_source_names_its_document() -> None:
    sources = _every_source()
    assert len(sources) > 400
    bad = [(where, ref) for where, ref in sources if NAMELESS.search(ref)]
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
    dongwu = next(g for g in by_id["putian_dongwu"]["figures"] if g["key"] == "planned_area_km2")
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
