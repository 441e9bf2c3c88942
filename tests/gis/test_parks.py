"""data/parks.geojson: RFC 7946, valid, inside Fujian, unique ids, every feature and figure sourced."""

from __future__ import annotations

import csv
import json
import math

import pytest
import shapely
from shapely.geometry import shape

from gis.boundaries import load_boundaries
from gis.parks import GEOMETRY_QUALITY, KINDS, load_parks
from gis.settings import DATA_DIR, PARKS_PATH

DOC = json.loads(PARKS_PATH.read_text(encoding="utf-8"))
FEATURES = DOC["features"]
REF = DATA_DIR / "sources" / "reference"


def _decimals(x: float) -> int:
    text = repr(float(x))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def test_rfc7946_collection_without_crs_member():
    assert DOC["type"] == "FeatureCollection"
    assert "crs" not in DOC
    for feat in FEATURES:
        assert feat["type"] == "Feature"
        assert "crs" not in feat
        assert feat["id"] == feat["properties"]["id"]


def test_coordinates_are_lon_lat_with_at_most_7_decimals_and_ccw_exteriors():
    for feat in FEATURES:
        geom = shape(feat["geometry"])
        for x, y in shapely.get_coordinates(geom):
            assert _decimals(x) <= 7 and _decimals(y) <= 7, feat["id"]
            assert 115 < x < 121 and 23 < y < 29, f"{feat['id']}: lon/lat swapped or outside Fujian"
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type == "Polygon":
                assert poly.exterior.is_ccw, feat["id"]


def test_every_geometry_valid_and_inside_fujian():
    province = load_boundaries("province").geometry.iloc[0]
    parks = load_parks()
    assert parks.geometry.is_valid.all()
    outside = parks[~parks.geometry.intersects(province.buffer(0.002))]
    assert outside.empty, f"outside Fujian: {outside.index.tolist()}"


def test_ids_unique_and_stable_form():
    ids = [f["id"] for f in FEATURES]
    assert len(ids) == len(set(ids))
    assert all(i and i.strip() == i and " " not in i for i in ids)


def test_every_feature_and_figure_has_a_source():
    parks = load_parks()
    for pid, row in parks.iterrows():
        assert row["sources"], f"{pid} has no sources"
        assert all(s.get("ref") for s in row["sources"]), pid
        assert row["position_source"], pid
        assert row["position_note_zh"] and row["position_note_en"], pid
        for fig in row["figures"]:
            assert fig["source"], f"{pid} figure {fig['key']} has no source"
            assert isinstance(fig["value"], (int, float)) and math.isfinite(fig["value"])
            assert fig["unit"] and fig["label_zh"] and fig["label_en"]


def test_schema_values():
    parks = load_parks()
    assert set(parks["kind"]) <= set(KINDS)
    assert set(parks["geometry_quality"]) <= set(GEOMETRY_QUALITY)
    assert set(parks["level"]) <= {"national", "provincial", "other", "unknown"}
    assert parks["name_zh"].str.len().gt(0).all() and parks["name_en"].str.len().gt(0).all()
    counties = load_boundaries("county").set_index("adcode")
    cities = load_boundaries("city").set_index("adcode")
    for pid, row in parks.iterrows():
        assert row["adcode"] in counties.index or row["adcode"] in cities.index, pid
        assert row["city_adcode"] in cities.index, pid
        assert all(1 <= s <= 24 for s in row["sectors"]), pid


def test_no_shipped_feature_claims_a_boundary():
    """No public park boundary exists: nothing shipped may be called a surveyed boundary."""
    parks = load_parks()
    assert (parks["geometry_quality"] == "approximate").all()
    assert (parks.geom_type == "Point").all()


def test_all_97_catalogue_zones_present_once_with_catalogue_facts():
    with open(REF / "fujian_dev_zones_2018_catalogue_geocoded.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 97
    parks = load_parks()
    cat = parks[parks["roles"].map(lambda r: "catalogue_2018" in r)]
    assert len(cat) == 97
    by_name = cat.set_index("name_zh")
    for r in rows:
        park = by_name.loc[r["zone_name"]]
        area = [f for f in park["figures"] if f["key"] == "approved_area_ha"]
        assert area and area[0]["value"] == pytest.approx(float(r["approved_area_ha"]))
        assert park["level"] == ("national" if r["approval_level"] == "国务院" else "provincial")
    assert (cat["level"] == "national").sum() == 30


def test_quality_flags_acted_on():
    parks = load_parks().set_index("name_zh", drop=False)
    dongshan = parks.loc["东山经济技术开发区"]
    assert dongshan["county"] == "东山县"
    assert "山西" in dongshan["position_note_zh"] or "Shanxi" in dongshan["position_note_en"]
    luoyuan = parks.loc["福建罗源湾经济开发区"]
    # spans the bay (连江 and 罗源): its position is unknown and it claims no county
    assert luoyuan["county"] == "" and "unknown" in luoyuan["position_note_en"]
    assert "Lianjiang" in luoyuan["position_note_en"] and "连江县" in luoyuan["position_note_zh"]
    sanduao = parks.loc["福建宁德三都澳经济开发区"]
    assert sanduao["county"] == "蕉城区" and "offshore" in sanduao["position_note_en"]
    assert "doubtful" in parks.loc["福建福州金山工业园区"]["position_note_en"]
    coarse = parks.loc["福建长乐经济开发区"]
    note = coarse["position_note_en"]
    assert "county/district centre" in note and "not known" in note
    assert coarse["position_confidence"] == "low (county centre)"


def test_petrochemical_bases_and_parts():
    parks = load_parks()
    petro = parks[parks["roles"].map(lambda r: "petrochemical" in r)]
    assert set(petro["base"]) == {"湄洲湾", "古雷", "江阴"}
    meizhou = set(petro.index[petro["base"] == "湄洲湾"])
    assert meizhou == {"quangang", "quanhui", "putian_shimenao", "putian_dongwu"}
    # one feature per real place: the catalogue zone and the petrochemical park are merged
    assert parks.loc["quangang", "catalogue_code"] and "catalogue_2018" in parks.loc["quangang", "roles"]
    assert "catalogue_2018" in parks.loc["gulei", "roles"]
    assert not parks["name_zh"].duplicated().any()


def test_demo_bases_and_plan_named_places():
    parks = load_parks().set_index("name_zh", drop=False)
    with open(REF / "demo_bases_fujian_confirmed.csv", encoding="utf-8") as f:
        names = [r["base_name"] for r in csv.DictReader(f)]
    for name in names:
        hits = parks[parks["name_zh"].isin([name, "福建" + name])]
        assert len(hits) == 1, name
        roles = hits.iloc[0]["roles"]
        assert "demo_base_national" in roles or "demo_base_provincial" in roles
    for name in ["上杭铜工业园", "武平不锈钢工业园", "三都澳游艇产业园", "厦门国家半导体照明产业基地"]:
        assert name in parks.index
        assert "plan_named" in parks.loc[name, "roles"] and parks.loc[name, "plan_refs"]


def test_city_level_placements_do_not_claim_a_county():
    parks = load_parks()
    row = parks.loc["xiamen-software-park"]
    assert row["county"] == "" and row["adcode"] == row["city_adcode"] == "350200"


def test_load_parks_returns_independent_copies():
    a = load_parks()
    a.loc["gulei", "name_zh"] = "changed"
    a.loc["gulei", "sectors"].append(99)
    b = load_parks()
    assert b.loc["gulei", "name_zh"] != "changed"
    assert 99 not in b.loc["gulei", "sectors"]


def test_committed_parks_match_their_build_script(tmp_path):
    """data/parks.geojson is exactly what scripts/build_parks.py makes from data/sources/ (no hand edits)."""
    import subprocess
    import sys

    from gis.settings import ROOT

    out = tmp_path / "parks.geojson"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_parks.py"), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert out.read_bytes() == PARKS_PATH.read_bytes()
