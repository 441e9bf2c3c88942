"""Look-alike and hostile park names (issue 16): invisible format characters cannot make a duplicate of a
known park, control characters and absurd lengths are refused with a clear error."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shapely.geometry import box

from gis.errors import DataValidationError
from gis.io import read_vector
from gis.matching import MAX_NAME_CHARS, acceptance_frame, clean_name, match_parks, normalise_name
from gis.parks import load_parks

#: Each hides one kind of Unicode format character in 福州经济技术开发区.
LOOKALIKES = [
    "福州\u200b经济技术开发区",  # zero-width space
    "福州\u200d经济技术开发区",  # zero-width joiner
    "\u202e福州经济技术开发区",  # right-to-left override
    "福州\u200f经济技术开发区\u200e",  # right-to-left / left-to-right marks
    "\ufeff福州经济技术开发区",  # byte-order mark
    "福州\u00ad经济技术开发区",  # soft hyphen
    "福州\u2066经济技术开发区\u2069",  # isolates
    "福州经济技术开发区",  # full-width forms (NFKC)
]


@pytest.mark.parametrize("name", LOOKALIKES)
def test_lookalike_names_match_the_known_park(name: str) -> None:
    assert clean_name(name) == "福州经济技术开发区"
    parks = load_parks()
    table = match_parks(pd.DataFrame({"name_zh": [name], "_feature": [1]}), parks)
    assert table.loc[0, "status"] == "matched"
    assert table.loc[0, "park_id"] == "G351024"


def test_normalised_names_ignore_format_characters() -> None:
    assert normalise_name("福建省\u200b泉州\u202e经济开发区") == normalise_name("泉州经济开发区") == "泉州"


def _geojson(names: list[str]) -> bytes:
    feats = [
        {
            "type": "Feature",
            "properties": {"name_zh": n},
            "geometry": json.loads(
                json.dumps(box(119 + i / 100, 26, 119.005 + i / 100, 26.005).__geo_interface__)
            ),
        }
        for i, n in enumerate(names)
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False).encode()


def test_import_cleans_names_and_skips_control_characters_and_long_names() -> None:
    names = ["福州\u200b经济技术开发区", "坏\x07名", "长" * (MAX_NAME_CHARS + 1), "好名字"]
    result = read_vector(_geojson(names), name="parks.geojson")
    assert result.gdf["name_zh"].tolist() == ["福州经济技术开发区", "好名字"]
    errors = {(i.feature, i.code): i.message_en for i in result.report if i.level == "error"}
    assert "U+0007" in errors[(2, "bad_name")]
    assert f"limit {MAX_NAME_CHARS}" in errors[(3, "bad_name")]
    assert any(i.code == "name_cleaned" and i.feature == 1 for i in result.report)


@pytest.mark.parametrize("bad", ["a\x00b", "x" * 100_000])
def test_a_typed_name_is_refused_when_accepted(bad: str) -> None:
    gdf = read_vector(_geojson(["好名字"]), name="p.geojson").gdf
    decisions = pd.DataFrame(
        {"accept": [True], "park_id": [None], "name": [bad], "feature": [1]}, index=gdf.index
    )
    with pytest.raises(DataValidationError) as err:
        acceptance_frame(gdf, decisions)
    assert err.value.field == "name"
