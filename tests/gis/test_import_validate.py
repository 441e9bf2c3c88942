"""Repair of geometries and matching of imported features to known parks."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, Point, Polygon

from gis.errors import FileTooLargeError, GeometryError
from gis.validate import Report, match_parks, normalise_name, repair_geometries

BOW = Polygon([(119.30, 26.05), (119.31, 26.06), (119.31, 26.05), (119.30, 26.06)])
SQ = Polygon([(119.30, 26.05), (119.30, 26.06), (119.31, 26.06), (119.31, 26.05)])  # clockwise


def _gdf(geoms: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"_feature": list(range(1, len(geoms) + 1))}, geometry=geoms, crs=4326)


def test_bowtie_repaired_keeps_area_and_is_reported() -> None:
    rep = Report()
    out = repair_geometries(_gdf([BOW]), rep)
    g = out.geometry.iloc[0]
    assert g.is_valid and g.geom_type == "MultiPolygon" and len(g.geoms) == 2
    assert g.area == pytest.approx(SQ.area / 2)
    item = next(i for i in rep if i.code == "made_valid")
    assert item.feature == 1 and item.field == "geometry" and "Self-intersection" in item.message_en


def test_orientation_fixed_to_ccw_and_reported() -> None:
    rep = Report()
    out = repair_geometries(_gdf([SQ]), rep)
    assert shapely.is_ccw(out.geometry.iloc[0].exterior)
    assert [i.code for i in rep] == ["oriented"]
    rep2 = Report()
    repair_geometries(out.assign(_feature=[1]), rep2)
    assert list(rep2) == []  # already oriented: nothing to report


def test_empty_lines_duplicates_and_collections() -> None:
    rep = Report()
    gc = GeometryCollection([SQ, LineString([(119, 26), (119.1, 26.1)])])
    out = repair_geometries(
        _gdf([None, LineString([(119, 26), (119.1, 26.1)]), SQ, SQ, gc, Point(119.2, 26.0)]), rep
    )
    assert out["_feature"].tolist() == [3, 6]  # 5 is a duplicate of 3 once reduced to its polygon
    codes = {(i.feature, i.code) for i in rep}
    assert (1, "empty_geometry") in codes and (2, "line_geometry") in codes
    assert (4, "duplicate_geometry") in codes and (5, "collection_to_polygon") in codes
    assert (5, "duplicate_geometry") in codes
    assert out["_vertices"].tolist() == [5, 1]


def test_nothing_usable_raises() -> None:
    with pytest.raises(GeometryError):
        repair_geometries(_gdf([None, LineString([(119, 26), (119.1, 26.1)])]), Report())


def test_vertex_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import gis.validate

    monkeypatch.setattr(gis.validate, "MAX_VERTICES", 4)
    with pytest.raises(FileTooLargeError):
        repair_geometries(_gdf([SQ]), Report())


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("福建省泉州经济技术开发区", "泉州"),
        ("福建 泉州 经济开发区", "泉州"),
        ("ＸＸ工业园区", "xx"),
        ("漳州台商投资区", "漳州台商投资区"),
        ("园区", "园区"),
        ("  Fuzhou Economic Zone ", "fuzhoueconomiczone"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.fixture()
def parks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name_zh": [
                "福州经济技术开发区",
                "泉州台商投资区",
                "福州高新技术产业开发区",
                "莆田工业园区",
                "莆田开发区",
            ],
            "name_en": ["Fuzhou ETDZ", None, None, None, None],
            "plan_alias": [None, None, None, ["莆田园区"], None],
        },
        index=pd.Index(["G1", "G2", "G3", "P4", "P5"], name="id"),
    )


def test_match_parks(parks: pd.DataFrame) -> None:
    imported = pd.DataFrame(
        {
            "_feature": [1, 2, 3, 4, 5, 6, 7],
            "编号": ["G2", None, None, None, None, "nope", None],
            "名称": [
                "whatever",
                "福州经济技术开发区",
                "福建省 福州经济技术开发区",
                "莆田经济开发区",
                "厦门新园",
                None,
                "fuzhou etdz",
            ],
        }
    )
    m = match_parks(imported, parks)
    assert m["status"].tolist() == [
        "matched",
        "matched",
        "matched",
        "ambiguous",
        "unmatched",
        "unmatched",
        "matched",
    ]
    assert m.loc[6, "park_id"] == "G1"  # English names compare case-insensitively
    assert m["park_id"].tolist()[:3] == ["G2", "G1", "G1"]
    assert m["method"].tolist()[:4] == ["id", "exact_name", "normalised_name", "normalised_name"]
    assert m.loc[3, "candidates"] == ["P4", "P5"]
    assert m.loc[0, "park_name"] == "泉州台商投资区"


def test_match_parks_with_explicit_fields(parks: pd.DataFrame) -> None:
    imported = pd.DataFrame({"_feature": [1], "code": ["x"], "label": ["Fuzhou ETDZ"]})
    m = match_parks(imported, parks, name_field="label")
    assert m["status"].tolist() == ["matched"] and m["park_id"].tolist() == ["G1"]
