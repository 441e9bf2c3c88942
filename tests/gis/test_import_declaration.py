"""What a user declares an imported file to be is what it is stored and drawn as (issue 13): nothing uploaded
becomes a surveyed boundary or an exact point unless the user says so."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from gis.errors import DataValidationError
from gis.import_vocab import IMPORT_DECLARATIONS, declared_quality
from gis.matching import acceptance_frame
from gis.vocab import GEOMETRY_QUALITY
from layers.__main__ import read_user_parks


def _frame() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    gdf = gpd.GeoDataFrame(
        {"name": ["甲", "乙"]}, geometry=[box(119, 26, 119.1, 26.1), Point(118, 25)], crs=4326
    )
    decisions = pd.DataFrame(
        {"accept": [True, True], "park_id": [None, None], "name": ["甲", "乙"], "feature": [1, 2]}
    )
    return gdf, decisions


def test_every_declaration_is_a_geometry_quality() -> None:
    for key in IMPORT_DECLARATIONS:
        for kind in ("Polygon", "Point"):
            assert declared_quality(key, kind) in GEOMETRY_QUALITY


def test_default_is_unverified_for_areas_and_points() -> None:
    gdf, decisions = _frame()
    assert acceptance_frame(gdf, decisions)["geometry_quality"].tolist() == ["unverified", "unverified"]


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ("surveyed", ["boundary", "point"]),
        ("plan_drawing", ["plan_drawing", "plan_drawing"]),
        ("hand_traced", ["hand_traced", "hand_traced"]),
        ("approximate", ["approximate", "approximate"]),
        ("point_unknown", ["point_unknown", "point_unknown"]),
    ],
)
def test_declaration_becomes_the_quality(declaration: str, expected: list[str]) -> None:
    gdf, decisions = _frame()
    assert acceptance_frame(gdf, decisions, declaration=declaration)["geometry_quality"].tolist() == expected


def test_unknown_declaration_is_refused() -> None:
    gdf, decisions = _frame()
    with pytest.raises(DataValidationError, match="declaration"):
        acceptance_frame(gdf, decisions, declaration="trust me")


def test_command_line_parks_are_unverified_unless_declared(tmp_path) -> None:
    path = tmp_path / "mine.geojson"
    gdf, _ = _frame()
    gdf.rename(columns={"name": "name_zh"}).to_file(path, driver="GeoJSON")
    assert set(read_user_parks(path)["geometry_quality"]) == {"unverified"}
    assert read_user_parks(path, "surveyed")["geometry_quality"].tolist() == ["boundary", "point"]
