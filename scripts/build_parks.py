"""Build data/parks.geojson from the reference sources copied under data/sources/.

Run: ``.venv/bin/python scripts/build_parks.py``. Deterministic; re-running gives the same file.

Sources (each feature keeps its own):
- 《中国开发区审核公告目录》(2018年版): all 97 Fujian zones (name, level, type, approval date, approved area,
  leading industries), with one Amap-geocoded point each (GCJ-02 converted to WGS84 by the dataset) and the
  reference folder's QA flags, which are acted on here (wrong-county points moved into their county, a point
  geocoded outside Fujian placed in its county, coarse centroids labelled).
- petrochem_parks.csv: the Meizhou Bay parts, Gulei and Jiangyin (coordinates with quality flags, areas,
  status).
- demo_bases_fujian_confirmed.csv: demonstration bases confirmed by name.
- The plan itself: places it names for sectors (data/plan/sector_places.csv), positioned at the county or city
  the plan (or the reference data) names — never at an invented spot — and shipped as ``approximate``.

No boundary polygons exist in any source: every shipped feature is an approximate point.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pypinyin import lazy_pinyin
from shapely.geometry import Point

from gis.boundaries import county_of, load_boundaries
from gis.settings import STORAGE_DECIMALS

ROOT = Path(__file__).resolve().parent.parent

SRC = ROOT / "data" / "sources" / "reference"
#: Output file; ``python scripts/build_parks.py OTHER.geojson`` writes elsewhere (the tests compare the two).
OUT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "data" / "parks.geojson"

CATALOGUE = "《中国开发区审核公告目录》（2018年版）/ China Development Zone Audit Catalogue (2018)"
CATALOGUE_GEOCODE = (
    "Amap geocode (GCJ-02→WGS84) from kaiwulaw/china-industrial-zones-atlas data/enriched.csv "
    "@358d79bb (licence not stated); QA point-in-county check in the reference folder"
)
PLAN = "福建省“十三五”工业转型升级专项规划 (2016)"
#: The source of a position placed at a county's or city's representative point.
ADMIN_POINT = "representative point of the administrative unit (data/boundaries)"
#: The plan's text without white space (the extracted text breaks some names: "南 安光伏产业基地").
PLAN_TEXT = re.sub(
    r"[\s\u3000]+",
    "",
    (ROOT / "data" / "sources" / "plan_2016_fujian_13th_fyp_industrial.txt").read_text("utf-8"),
)

# -------------------------------------------------------------------------------- English names
TYPE_EN = [
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高技术产业开发区", "High-tech Industrial Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("高新技术产业园区", "High-tech Industrial Park"),
    ("台商投资开发区", "Taiwanese Investment and Development Zone"),
    ("台商投资区", "Taiwanese Investment Zone"),
    ("综合保税区", "Comprehensive Bonded Zone"),
    ("保税物流园区", "Bonded Logistics Park"),
    ("保税港区", "Bonded Port Area"),
    ("保税区", "Bonded Zone"),
    ("出口加工区", "Export Processing Zone"),
    ("国家旅游度假区", "National Tourist Resort"),
    ("汽车工业园区", "Automobile Industrial Park"),
    ("石化工业园区", "Petrochemical Industrial Park"),
    ("陶瓷产业园区", "Ceramics Industrial Park"),
    ("经济开发区", "Economic Development Zone"),
    ("投资区", "Investment Zone"),
    ("工业园区", "Industrial Park"),
]
#: Official English names (used as given, not marked as transliterations).
NAME_EN_OFFICIAL = {
    "厦门象屿保税区": "Xiamen Xiangyu Free Trade Zone",
    "福建福州出口加工区": "Fuzhou Export Processing Zone",
}
NAME_EN_OVERRIDES = {
    "厦门火炬高技术产业开发区": "Xiamen Torch High-tech Industrial Development Zone",
    "福建莆田湄洲湾北岸经济开发区": "Putian Meizhou Bay North Shore Economic Development Zone",
    "福建宁德三都澳经济开发区": "Ningde Sandu'ao Economic Development Zone",
    "湄洲岛国家旅游度假区": "Meizhou Island National Tourist Resort",
    "武夷山国家旅游度假区": "Wuyishan National Tourist Resort",
}


def pinyin_word(text: str) -> str:
    """Transliterate a place name as one capitalised word with apostrophes before vowel syllables."""
    out = ""
    for i, syl in enumerate(lazy_pinyin(text)):
        if i and syl[:1] in "aeo":
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def name_en_for(name_zh: str) -> str:
    """English name: official, else override, else pinyin place words + the translated zone type.

    "福建" before a prefecture city is dropped ("Fuzhou …", not "Fujian Fuzhou …")."""
    if name_zh in NAME_EN_OFFICIAL:
        return NAME_EN_OFFICIAL[name_zh]
    if name_zh in NAME_EN_OVERRIDES:
        return NAME_EN_OVERRIDES[name_zh]
    rest, prefix = name_zh, []
    if rest.startswith("福建"):
        rest = rest[2:]
        if not rest.startswith(PREFECTURES):
            prefix.append("Fujian")
    for zh, en in TYPE_EN:
        if rest.endswith(zh):
            place = rest[: -len(zh)]
            words = [PLACE_EN.get(p) or pinyin_word(p) for p in _split_places(place)]
            return " ".join(prefix + words + [en])
    return " ".join(prefix + [pinyin_word(rest)])


PREFECTURES = ("福州", "厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德")
CITY_PREFIXES = [
    "福州",
    "厦门",
    "莆田",
    "三明",
    "泉州",
    "漳州",
    "南平",
    "龙岩",
    "宁德",
    "福清",
    "闽侯",
    "宁化",
    "云霄",
    "惠安",
]
#: Words pypinyin gets wrong (polyphones) or that have a usual English form.
PLACE_EN = {
    "长泰": "Changtai",
    "招商局": "China Merchants",
    "华侨": "Overseas Chinese",
    "罗源湾": "Luoyuan Bay",
    "古雷港": "Gulei Port",
}


def _split_places(place: str) -> list[str]:
    """Split '福州金山' into ['福州', '金山'] so each place is its own word."""
    for word in PLACE_EN:
        if place.endswith(word) and len(place) > len(word):
            return [*_split_places(place[: -len(word)]), word]
    for pre in CITY_PREFIXES:
        if place.startswith(pre) and len(place) > len(pre):
            return [pre, *_split_places(place[len(pre) :])]
    return [place] if place else []


NAME_WHAT = {
    "official": "English name: official English name",
    "usual": "English name: usual English form",
    "transliteration": "English name: pinyin transliteration + translated zone type "
    "(not an official English name)",
}


def name_en_kind(name_zh: str) -> str:
    """How the English name was made: ``official``, ``usual`` (common English form) or ``transliteration``."""
    if name_zh in NAME_EN_OFFICIAL:
        return "official"
    return "usual" if name_zh in NAME_EN_OVERRIDES else "transliteration"


# -------------------------------------------------------------------------------- helpers
def read_csv(name: str) -> list[dict[str, str]]:
    with open(SRC / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def rnd(x: float) -> float:
    return round(float(x), STORAGE_DECIMALS)


counties = load_boundaries("county").set_index("adcode")
cities = load_boundaries("city").set_index("adcode")


def county_row(name: str):
    hit = counties[counties["name_zh"] == name]
    if len(hit) != 1:
        raise SystemExit(f"county {name!r} not found exactly once in data/boundaries/county.geojson")
    return hit.index[0], hit.iloc[0]


def city_row(name: str):
    hit = cities[cities["name_zh"] == name]
    if len(hit) != 1:
        raise SystemExit(f"city {name!r} not found exactly once in data/boundaries/city.geojson")
    return hit.index[0], hit.iloc[0]


def locate(pt: Point) -> tuple[str, object] | tuple[None, None]:
    """County adcode and row of ``pt``.

    Uses ``gis.boundaries.county_of``: a shared edge goes to the smaller adcode.
    """
    hit = county_of(gpd.GeoSeries([pt], crs="EPSG:4326")).iloc[0]
    if pd.isna(hit["adcode"]):
        return None, None
    return hit["adcode"], counties.loc[hit["adcode"]]


def snap_into(pt: Point, adcode: str, inset_deg: float = 0.003) -> Point:
    """Nearest point inside county ``adcode`` to ``pt`` (moved ``inset_deg`` inside the edge)."""
    poly = counties.loc[adcode].geometry
    inner = poly.buffer(-inset_deg)
    target = inner if not inner.is_empty else poly
    _, nearest = shapely.ops.nearest_points(pt, target)
    return Point(nearest.x, nearest.y)


def label_point(row) -> Point:
    return Point(float(row["label_lon"]), float(row["label_lat"]))


def figure(
    key, label_zh, label_en, value, unit, year, source, confidence, note="", *, approx=False, value_text=""
) -> dict:
    """One figure as its source gives it: ``year`` None means the source states none; ``approx`` marks a
    value the source gives as "约/~/about"; ``value_text`` keeps the source's own wording of the number."""
    return {
        "key": key,
        "label_zh": label_zh,
        "label_en": label_en,
        "value": value,
        "unit": unit,
        "year": year,
        "source": source,
        "confidence": confidence,
        "note": note,
        "approx": bool(approx),
        "value_text": value_text or _plain(value),
    }


def _plain(value) -> str:
    """The number as written (29.6 stays "29.6", 393.47 stays "393.47", 30.0 becomes "30")."""
    f = float(value)
    return str(int(f)) if f == int(f) else repr(f)


def resolve_same(rows: list[dict[str, str]], col: str = "source") -> list[dict[str, str]]:
    """Replace "same" / "same … as above" in ``col`` with the full citation of the row above it.

    The reference tables abbreviate repeated sources; every shipped source names its document in full.
    """
    prev = ""
    for r in rows:
        v = r[col].strip()
        if v == "same" or (v.startswith("same ") and v.endswith("as above")):
            if not prev:
                raise SystemExit(f"{r}: 'same' source with no row above it")
            r[col] = prev
        prev = r[col]
    return rows


# -------------------------------------------------------------------------------- catalogue
features: dict[str, dict] = {}
by_name: dict[str, str] = {}

QA_NOTES = {
    "OK": (
        "地理编码点，经县界核验在所属县区内；非园区边界或质心",
        "Geocoded point, checked to lie in its county; not a park boundary or centroid",
    ),
    "COARSE_CENTROID_区县": (
        "地理编码仅到区县中心：园区在区县内的位置未知",
        "Geocoded only to the county/district centre: where the zone lies within it is not known",
    ),
    "COARSE_CENTROID_乡镇": (
        "地理编码仅到乡镇中心：园区在乡镇内的位置未知",
        "Geocoded only to the township centre: where the zone lies within it is not known",
    ),
    "NEAR_DUPLICATE_LT1KM": (
        "与另一园区点位相距不足1公里，至少一个可能不准",
        "Within 1 km of another zone's point: at least one may be off",
    ),
}

COARSE_CONFIDENCE = {
    "COARSE_CENTROID_区县": "low (county centre)",
    "COARSE_CENTROID_乡镇": "low (township centre)",
}
for r in read_csv("fujian_dev_zones_2018_catalogue_geocoded.csv"):
    fid = r["zone_code"]
    name = r["zone_name"]
    flags = r["qa_flags"]
    confidence = "low (geocoded)"
    pt = Point(float(r["lon_wgs84"]), float(r["lat_wgs84"])) if r["lon_wgs84"] else None
    position_source = CATALOGUE_GEOCODE
    note_zh, note_en = QA_NOTES.get(flags, ("", ""))
    # A centre of an area is weaker than a geocode of the zone itself: the label says which.
    confidence = COARSE_CONFIDENCE.get(flags, confidence)
    if name == "东山经济技术开发区":
        adc, crow = county_row("东山县")
        pt = label_point(crow)
        note_zh = "原地理编码错误（落在山西）；已放在东山县的代表点，位置仅到县"
        note_en = (
            "The geocode was wrong (in Shanxi); placed at a representative point of Dongshan County: "
            "county-level position only"
        )
        confidence = "low (county point)"
        position_source = ADMIN_POINT  # the point shown is the county's, not the (wrong) geocode
    elif name == "福建罗源湾经济开发区":
        # The zone lies along Luoyuan Bay, whose shores belong to 连江县 and 罗源县: no source says where in
        # the bay it is, so the point is not moved to a precise-looking spot (and claims no county).
        note_zh = (
            "位置未知：罗源湾经济开发区沿罗源湾分布，湾岸分属连江县和罗源县，来源未给园区在湾内的位置。"
            "此点是目录地理编码的原始点（落在连江县一侧），只表示“在罗源湾一带”"
        )
        note_en = (
            "Position unknown: the zone lies along Luoyuan Bay, whose shores belong to Lianjiang and "
            "Luoyuan counties, and no source says where in the bay it is. The point is the catalogue "
            "geocode as given (on the Lianjiang side) and only means 'around Luoyuan Bay'"
        )
        confidence = "very low (position unknown within the bay)"
    elif flags == "POINT_OFFSHORE_NEAR_COAST":
        adc, _ = county_row(r["qa_note"].split(" ")[0].replace("宁德市", ""))
        pt = snap_into(pt, adc)
        note_zh = "原地理编码点在海上；已移到蕉城区内最近的陆地点，位置粗略"
        note_en = (
            "The geocoded point was offshore; moved to the nearest land inside Jiaocheng District: "
            "coarse position"
        )
    elif name == "福建福州金山工业园区":
        note_zh = "地理编码可能落在同名村（闽侯县“金山”），位置存疑，请核实"
        note_en = (
            "The geocode may have hit a same-name village (Jinshan, transliterated, in Minhou County): "
            "position doubtful, verify"
        )
        confidence = "very low (possible homonym)"
    elif flags == "NEAR_DUPLICATE_LT1KM":
        note_zh += "（" + r["qa_note"] + "）"
        other = r["qa_note"].removeprefix("within 1 km of ")
        note_en += f" (within 1 km of {name_en_for(other)})"
    level = "national" if r["approval_level"] == "国务院" else "provincial"
    industries = [s for s in r["leading_industries"].split("、") if s]
    features[fid] = {
        "id": fid,
        "name_zh": name,
        "name_en": name_en_for(name),
        "name_en_kind": name_en_kind(name),
        "kind": "development_zone",
        "roles": ["catalogue_2018"],
        "base": None,
        "level": level,
        "zone_type": r["zone_type"],
        "approval_date": r["approval_date"],
        "industries": industries,
        "sectors": [],
        "clusters": [],
        "plan_refs": [],
        "figures": [
            figure(
                "approved_area_ha",
                "核准面积",
                "Approved area",
                float(r["approved_area_ha"]),
                "公顷",
                2018,
                CATALOGUE,
                "high",
            ),
        ],
        "geometry_quality": "approximate",
        "position_note_zh": note_zh,
        "position_note_en": note_en,
        "position_source": position_source,
        "position_confidence": confidence,
        "sources": [
            {
                "ref": CATALOGUE,
                "what": "name, level, type, approval date, approved area, leading industries",
                "confidence": "high",
            },
            {
                "ref": "scripts/build_parks.py",
                "what": NAME_WHAT[name_en_kind(name)],
                "confidence": "derived",
            },
        ],
        "_pt": pt,
        "_expected_city": r["qa_expected_prefecture"],
        "_city_level": name == "福建罗源湾经济开发区",
    }
    by_name[name] = fid


def find_catalogue(name: str) -> str | None:
    for cand in (name, "福建" + name):
        if cand in by_name:
            return by_name[cand]
    return None


# -------------------------------------------------------------------------------- petrochemical bases
PETRO_MATCH = {
    "gulei": "福建漳州古雷港经济开发区",
    "quangang": "福建泉港石化工业园区",
    "jiangyin": "福建福清江阴经济开发区",
}
BASE_OF = {"湄洲湾（南岸）": "湄洲湾", "湄洲湾（北岸）": "湄洲湾", "古雷": "古雷", "江阴（福州）": "江阴"}
PETRO_SECTION = "第四章一（一）"
BASE_EN = {"湄洲湾": "Meizhou Bay", "古雷": "Gulei", "江阴": "Jiangyin"}
#: What the plan calls each base (第四章一（一）: "湄洲湾、古雷石化基地和福州江阴化工新材料专区").
#: Only a park whose own name is one of these is named in the plan; the Meizhou Bay parts come from research.
PLAN_NAMES_BASE = {"gulei": "古雷石化基地", "jiangyin": "福州江阴化工新材料专区"}
PETRO_RESEARCH = (
    "reference research table data/sources/reference/petrochem_parks.csv (column base): source not recorded"
)
#: Year and approximateness of each planned area as its source states them (area_note of petrochem_parks.csv):
#: quangang "(2013)"; putian_dongwu "2005: ~30 km² of land suitable for …"; gulei and putian_shimenao: none.
AREA_AS_STATED = {"quangang": (2013, False), "putian_dongwu": (2005, True)}
#: What each area figure measures, as its source says (key, label_zh, label_en); default "planned area".
AREA_LABEL = {
    "gulei": ("planned_area_km2", "规划总面积（陆域和海域）", "Planned area, total (land and sea)"),
    # 2005: "~30 km² of land suitable for a large petrochemical complex (planning intent, not an approved
    # zone area)": not a planned area.
    "putian_dongwu": (
        "suitable_land_km2",
        "适宜建设大型石化基地的用地（规划设想，非批准面积）",
        "Land suitable for a large petrochemical complex (planning intent, not an approved area)",
    ),
}
alt_gulei = None
for r in read_csv("petrochem_parks.csv"):
    pid = r["park_id"]
    if pid == "gulei_admin_point":
        alt_gulei = r
        continue
    figs = []
    if r["planned_area_km2"]:
        year, approx = AREA_AS_STATED.get(pid, (None, False))
        key, label_zh, label_en = AREA_LABEL.get(pid, ("planned_area_km2", "规划面积", "Planned area"))
        figs.append(
            figure(
                key,
                label_zh,
                label_en,
                float(r["planned_area_km2"]),
                "km²",
                year,
                r["area_source"],
                "medium",
                r["area_note"],
                approx=approx,
                value_text=("约" if approx else "") + r["planned_area_km2"],
            )
        )
    est = r["coord_quality"].upper().startswith("ESTIMATE")
    # the position's confidence label (its description is the position note and the research's words)
    pos_conf = "ESTIMATE" if est else ("medium (town point)" if pid == "gulei" else "medium")
    src = [{"ref": r["coord_source"], "what": "position", "confidence": pos_conf}]
    research = {
        "ref": r["status_source"] if "Meizhou Bay" in r["status_notes"] else PETRO_RESEARCH,
        "what": f"part of the plan's {BASE_EN[BASE_OF[r['base']]]} petrochemical base (the plan names the "
        "base at ch. 4 §1 (1), not this park)",
        "confidence": "medium",
    }
    if r["status_source"]:
        src.append(
            {"ref": r["status_source"], "what": "status: " + r["status_notes"], "confidence": "medium"}
        )
    named = pid in PLAN_NAMES_BASE
    petro = {
        "base": BASE_OF[r["base"]],
        "roles": ["petrochemical", "plan_named"] if named else ["petrochemical"],
        "sectors": [1],
        "plan_refs": [PETRO_SECTION] if named else [],
        "status_note": r["status_notes"],
    }
    if named:
        petro["plan_alias"] = PLAN_NAMES_BASE[pid]
        petro["plan_words"] = {PETRO_SECTION: PLAN_NAMES_BASE[pid]}
    else:
        src.append(research)
    cat_id = find_catalogue(PETRO_MATCH.get(pid, "")) if pid in PETRO_MATCH else None
    if cat_id:
        f = features.pop(cat_id)
        f["id"] = pid
        f["catalogue_code"] = cat_id
        f["name_zh_alt"] = r["name_zh"]
        f["kind"] = "petrochemical_base"
        f["roles"] = ["catalogue_2018", *petro["roles"]]
        f["figures"] += figs
        if pid != "gulei":
            # The catalogue geocode stays the position: the research point is an unused alternative.
            est_src = src.pop(0)
            f["sources"].append(
                {"ref": CATALOGUE_GEOCODE, "what": "position", "confidence": f["position_confidence"]}
            )
            f["position_alternatives"] = [
                {
                    "lon": float(r["lon_wgs84"]),
                    "lat": float(r["lat_wgs84"]),
                    "note": r["coord_quality"],
                    "source": est_src["ref"],
                }
            ]
        f["sources"] += src
        if pid == "gulei":
            # The Gulei town centre lies inside the base (which now covers the peninsula); the catalogue
            # geocode is ~13 km north near 杜浔. Both are approximate; the town centre is documented as
            # inside the base.
            f["_pt"] = Point(float(r["lon_wgs84"]), float(r["lat_wgs84"]))
            f["position_note_zh"] = "古雷镇中心（位于基地内），非园区测绘质心；目录地理编码点在其北约13公里"
            f["position_note_en"] = (
                "Gulei town centre (inside the base), not a surveyed centroid; "
                "the catalogue geocode lies ~13 km north"
            )
            f["position_source"] = r["coord_source"]
            f["position_confidence"] = pos_conf
        f.update({k: v for k, v in petro.items() if k != "roles"})
        features[pid] = f
        by_name[f["name_zh"]] = pid
        continue
    features[pid] = {
        "id": pid,
        "name_zh": r["name_zh"],
        "name_en": r["name_en"],
        "kind": "petrochemical_base",
        "level": "provincial" if "经济开发区" in r["name_zh"] else "unknown",
        "zone_type": None,
        "industries": ["石油化工"] if "东吴" not in r["name_zh"] else ["临港化工"],
        "clusters": [],
        "figures": figs,
        "geometry_quality": "approximate",
        "position_note_zh": (
            "估计点（±3–5公里），仅核验在所属县区陆地上，请在底图上核实"
            if est
            else "由官方海域规划范围框就近取陆地点，非园区质心"
        ),
        "position_note_en": (
            "Estimated point (±3–5 km), only checked to be on land in its district: verify on a basemap"
            if est
            else "Nearest land point to the official planning box; not a park centroid"
        ),
        "position_source": r["coord_source"],
        "position_confidence": pos_conf,
        "sources": src,
        "_pt": Point(float(r["lon_wgs84"]), float(r["lat_wgs84"])),
        "_expected_city": r["city"],
        "_expected_county": r["county"],
        **petro,
    }
features["gulei"]["position_alternatives"] = [
    {
        "lon": float(alt_gulei["lon_wgs84"]),
        "lat": float(alt_gulei["lat_wgs84"]),
        "note": alt_gulei["coord_quality"],
        "source": alt_gulei["coord_source"],
    }
]
features["gulei"]["plan_refs"].append("第三章十")
features["gulei"]["plan_words"]["第三章十"] = GULEI_3_10 = "漳州古雷深化两岸石化产业深度合作示范区"
features["gulei"]["plan_alias"] += f"、{GULEI_3_10}"

# Extra facts from the reference files, each with its own source.
features["quangang"]["figures"].append(
    figure(
        "petrochem_output",
        "石化产值",
        "Petrochemical output",
        767,
        "亿元",
        2012,
        "chinaccm.cn/33/20131122/3303_1541869.shtml (2013)",
        "medium",
        "about 35% of provincial petrochemical output",
    )
)
features["putian_shimenao"]["figures"].append(
    figure(
        "industrial_output_above_size",
        "规上工业产值",
        "Industrial output (above designated size)",
        785.31,
        "亿元",
        2022,
        "s.www.hbzqbyyxgs.com/citiao/1052031.html",
        "medium",
        "湄洲湾国投经济开发区 as a whole",
    )
)
features["quanhui"]["figures"].append(
    figure(
        "county_petrochem_output",
        "惠安县石化规上产值",
        "Hui'an County petrochemical output (above size)",
        1013.63,
        "亿元",
        2024,
        "xjmm918.com/a/4831.html (copy of 福建日报 2025-06-30)",
        "medium",
        "whole county's petrochemical industry, not only this park",
    )
)
features["gulei"]["figures"] += [
    figure(
        "zone_output_target",
        "园区产值目标",
        "Zone output target",
        2000,
        "亿元",
        2026,
        "house.mnw.cn/zhangzhou/20220926/61500.html",
        "medium",
        "zone's own target, not the plan's",
    ),
    figure(
        "zone_output_target",
        "园区产值目标",
        "Zone output target",
        4000,
        "亿元",
        2030,
        "house.mnw.cn/zhangzhou/20220926/61500.html",
        "medium",
        "zone's own target, not the plan's",
    ),
]

# -------------------------------------------------------------------------------- demonstration bases
for r in resolve_same(read_csv("demo_bases_fujian_confirmed.csv")):
    national = r["level"].startswith("national")
    role = "demo_base_national" if national else "demo_base_provincial"
    src = {
        "ref": r["source"],
        "what": f"demonstration base ({r['level']}; {r['batch_or_year']})",
        "confidence": r["confidence"],
    }
    fid = find_catalogue(r["base_name"])
    demo = {
        "level_text": r["level"],
        "batch": r["batch_or_year"],
        "industry": r["industry"],
        "source": r["source"],
    }
    if fid:
        f = features[fid]
        f["roles"].append(role)
        f["sources"].append(src)
        f["demo_base"] = demo
        continue
    if r["base_name"] == "厦门软件园":
        adc, row = city_row("厦门市")
        fid, name_en, pt = "xiamen-software-park", "Xiamen Software Park", label_point(row)
        where_zh, where_en = "厦门市", "Xiamen City"
        city = "厦门市"
    elif r["base_name"] == "福建福安湾坞不锈钢新材料产业园":
        adc, row = county_row("福安市")
        fid, name_en, pt = (
            "fuan-wanwu-stainless",
            "Fujian Fu'an Wanwu Stainless Steel New Materials Industrial Park",
            label_point(row),
        )
        where_zh, where_en = "福安市", "Fu'an City"
        city = "宁德市"
    else:
        raise SystemExit(f"demonstration base {r['base_name']!r} has no catalogue match and no position rule")
    features[fid] = {
        "id": fid,
        "name_zh": r["base_name"],
        "name_en": name_en,
        "kind": "demonstration_base",
        "roles": [role],
        "base": None,
        # the zone's own level is not in any source (it is in no catalogue); the base title's level is in
        # roles and demo_base
        "level": "unknown",
        "zone_type": None,
        "industries": [r["industry"]],
        "sectors": [],
        "clusters": [],
        "plan_refs": [],
        "figures": [],
        "geometry_quality": "approximate",
        "position_note_zh": f"来源未给园区位置；放在{where_zh}的代表点，仅表示所在地",
        "position_note_en": (
            f"No park position in the sources; placed at a representative point of {where_en} "
            "to show where it is"
        ),
        "position_source": ADMIN_POINT,
        "position_confidence": "low (admin-unit point)",
        "sources": [src],
        "demo_base": demo,
        "_pt": pt,
        "_expected_city": city,
        "_city_level": fid == "xiamen-software-park",
    }

# -------------------------------------------------------------------------------- places the plan names
PLAN_PLACES = [
    # id, name_zh, name_en, admin unit (county or city), section, sectors, industries
    (
        "shanghang-copper",
        "上杭铜工业园",
        "Shanghang Copper Industrial Park",
        "上杭县",
        "第四章一（十三）",
        [13],
        ["铜"],
    ),
    (
        "wuping-stainless",
        "武平不锈钢工业园",
        "Wuping Stainless Steel Industrial Park",
        "武平县",
        "第四章一（十）",
        [10],
        ["不锈钢"],
    ),
    (
        "wuping-kunfu-magnesium",
        "龙岩武平坤孚镁合金产业园",
        "Longyan Wuping Kunfu Magnesium Alloy Industrial Park",
        "武平县",
        "第四章一（十三）",
        [13],
        ["镁合金"],
    ),
    (
        "sanduao-yacht",
        "三都澳游艇产业园",
        "Sandu'ao Yacht Industrial Park",
        "蕉城区",
        "第四章一（七）",
        [7],
        ["游艇"],
    ),
    (
        "xiamen-led-base",
        "厦门国家半导体照明产业基地",
        "Xiamen National Semiconductor Lighting Industry Base",
        "厦门市",
        "第三章十",
        [],
        ["半导体照明（LED）"],
    ),
    (
        "nanan-pv-base",
        "南安光伏产业基地",
        "Nan'an Photovoltaic Industry Base",
        "南安市",
        "第三章十",
        [],
        ["光伏"],
    ),
    (
        "xiamen-tungsten-base",
        "中国（厦门）钨材料生产、应用和研发基地",
        "China (Xiamen) Tungsten Materials Production, Application and R&D Base",
        "厦门市",
        "第四章二（十）",
        [23],
        ["钨材料"],
    ),
    (
        "putian-huafeng-textile",
        "莆田华峰新材料生态纺织科技产业园",
        "Putian Huafeng New Materials Eco-Textile Technology Industrial Park",
        "莆田市",
        "第四章一（二）",
        [2],
        ["纺织"],
    ),
    (
        "ningde-civil-military-park",
        "宁德军民深度融合产业园",
        "Ningde Civil-Military Integration Industrial Park",
        "宁德市",
        "第三章九",
        [],
        ["军民融合"],
    ),
    (
        "longyan-civil-military-park",
        "龙岩军民融合后勤保障装备产业园",
        "Longyan Civil-Military Logistics Equipment Industrial Park",
        "龙岩市",
        "第三章九",
        [],
        ["后勤保障装备"],
    ),
]
ADMIN_EN = {
    "上杭县": "Shanghang County",
    "武平县": "Wuping County",
    "蕉城区": "Jiaocheng District (Sandu'ao lies in it)",
    "厦门市": "Xiamen City",
    "南安市": "Nan'an City",
    "莆田市": "Putian City",
    "宁德市": "Ningde City",
    "龙岩市": "Longyan City",
}
for fid, name_zh, name_en, admin, section, sectors, industries in PLAN_PLACES:
    if admin.endswith("市") and admin in set(cities["name_zh"]):
        _, row = city_row(admin)
        city = admin
    else:
        _, row = county_row(admin)
        city = row["city_zh"]
    features[fid] = {
        "id": fid,
        "name_zh": name_zh,
        "name_en": name_en,
        "kind": "sector_base",
        "roles": ["plan_named"],
        "base": None,
        "level": "unknown",
        "zone_type": None,
        "industries": industries,
        "sectors": sectors,
        "clusters": [],
        "plan_refs": [section],
        "plan_words": {section: name_zh},
        "figures": [],
        "geometry_quality": "approximate",
        "position_note_zh": f"规划只点名未给位置；放在{admin}的代表点，仅表示所在地",
        "position_note_en": (
            "The plan names it without a position; placed at a representative point of "
            f"{ADMIN_EN[admin]} to show where it is"
        ),
        "position_source": ADMIN_POINT,
        "position_confidence": "low (admin-unit point)",
        "sources": [{"ref": f"{PLAN} {section}", "what": "named in the plan", "confidence": "high"}],
        "_pt": label_point(row),
        "_expected_city": city,
        "_city_level": admin == city,
    }

# The plan also names catalogue zones: 福州青口汽车基地 (第三章十) is the Minhou Qingkou automobile park.
qk = find_catalogue("福建闽侯青口汽车工业园区")
features[qk]["roles"].append("plan_named")
features[qk]["plan_refs"].append("第三章十")
features[qk]["plan_alias"] = "福州青口汽车基地"
features[qk]["plan_words"] = {"第三章十": "福州青口汽车基地"}
features["minhou-qingkou"] = features.pop(qk) | {"id": "minhou-qingkou", "catalogue_code": qk}
features["jiangyin"]["plan_alias"] = "福州江阴化工新材料专区"


def named_as(f: dict, place_zh: str) -> bool:
    """Whether the plan's ``place_zh`` is this park by name (its name, other name or the plan's alias)."""
    names = {f["name_zh"], f["name_zh"].removeprefix("福建"), f.get("name_zh_alt"), f.get("plan_alias")}
    return any(n and (n == place_zh or n in place_zh or place_zh in n) for n in names)


# Cluster membership only where a source says so (clusters.csv host_parks).
with open(ROOT / "data" / "clusters.csv", encoding="utf-8") as f:
    for c in csv.DictReader(f):
        for pid in filter(None, c["host_parks"].split(";")):
            if pid not in features:
                raise SystemExit(f"clusters.csv names unknown park {pid!r} for {c['id']}")
            if c["id"] not in features[pid]["clusters"]:
                features[pid]["clusters"].append(c["id"])
with open(ROOT / "data" / "plan" / "sector_places.csv", encoding="utf-8") as f:
    for s in csv.DictReader(f):
        for pid in filter(None, s["park_id"].split(";")):
            if pid not in features:
                raise SystemExit(f"sector_places.csv names unknown park {pid!r}")
            no = int(s["sector_no"])
            f = features[pid]
            if no not in f["sectors"]:
                f["sectors"].append(no)
            if not named_as(f, s["place_zh"]):
                # The plan names a place this park is part of (湄洲湾石化基地), not the park itself.
                ref = {"ref": PETRO_RESEARCH, "what": f"part of the {s['place_en']}", "confidence": "medium"}
                if not any("part of" in x["what"] for x in f["sources"]):
                    f["sources"].append(ref)
                continue
            if s["section"] not in f["plan_refs"]:
                f["plan_refs"].append(s["section"])
                f.setdefault("plan_words", {})[s["section"]] = s["place_zh"]
            if "plan_named" not in f["roles"]:
                f["roles"].append("plan_named")

# -------------------------------------------------------------------------------- county, checks, write
out = []
for fid in sorted(features):
    f = features[fid]
    pt = f.pop("_pt")
    expected_city = f.pop("_expected_city", None)
    expected_county = f.pop("_expected_county", None)
    if pt is None:
        raise SystemExit(f"{fid}: no position")
    adc, row = locate(pt)
    if adc is None and expected_county:
        # Coastal points checked against a finer coastline can fall just offshore of our simplified one.
        want, _ = county_row(expected_county)
        moved = snap_into(pt, want)
        shift_m = shapely.distance(pt, moved) * 111_000
        if shift_m > 3000:
            raise SystemExit(f"{fid}: {shift_m:.0f} m outside {expected_county}; add a rule")
        pt = moved
        f["position_note_zh"] += f"；为落在简化海岸线内，向{expected_county}内移动约{shift_m:.0f}米"
        f["position_note_en"] += (
            f"; moved ~{shift_m:.0f} m inland to fall inside the simplified coastline of "
            f"{counties.loc[want, 'name_en']}"
        )
        adc, row = locate(pt)
    if adc is None:
        raise SystemExit(f"{fid} {f['name_zh']}: point {pt} is outside every Fujian county; add a rule")
    f["county"], f["adcode"] = row["name_zh"], adc
    f["city"], f["city_adcode"] = row["city_zh"], row["city_adcode"]
    if expected_city and not expected_city.startswith(f["city"][:2]):
        raise SystemExit(f"{fid} {f['name_zh']}: lands in {f['city']} but the source says {expected_city}")
    if f.pop("_city_level", False):
        # Placed at a city's representative point: the county under it says nothing about the park.
        f["county"], f["adcode"] = "", f["city_adcode"]
    f.setdefault("base", None)
    # Hand-written English names of the non-catalogue places are translations of their Chinese names.
    f.setdefault("name_en_kind", "usual" if fid == "xiamen-software-park" else "transliteration")
    for ref, words in f.get("plan_words", {}).items():
        if words not in PLAN_TEXT or ref not in f["plan_refs"]:
            raise SystemExit(f"{fid}: the plan does not say {words!r} (cited at {ref})")
    # records, so a GeoPackage export keeps them as a child table (ref, words)
    f["plan_words"] = [{"ref": r, "words": w} for r, w in f.get("plan_words", {}).items()]
    geom = {"type": "Point", "coordinates": [rnd(pt.x), rnd(pt.y)]}
    out.append({"type": "Feature", "id": fid, "geometry": geom, "properties": f})

doc = {
    "type": "FeatureCollection",
    "name": "fujian_park_atlas_parks",
    "metadata": {
        "description": (
            "Parks and bases of Fujian's 13th FYP industrial plan; every feature carries its sources. "
            "Positions are approximate points: no public park boundaries exist."
        ),
        "built_by": "scripts/build_parks.py",
        "sources": [CATALOGUE, CATALOGUE_GEOCODE, PLAN, "data/sources/reference/*.csv (see README.md there)"],
    },
    "features": out,
}
tmp = OUT.with_suffix(".tmp")
tmp.write_text(
    json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n", encoding="utf-8"
)
tmp.replace(OUT)
print(f"wrote {OUT}: {len(out)} features, {OUT.stat().st_size / 1024:.0f} KB")
