"""A broken GeoJSON's error in Chinese names the line, column and what is wrong in Chinese (issue 13)."""

from __future__ import annotations

import re

import pytest

from gis.errors import FileFormatError
from gis.io import read_vector

CASES = {
    b'{"type": "FeatureCollection", features: []}': "属性名",
    b'{"type": "FeatureCollection", "features": [,]}': "此处应有一个值",
    b'{"type": "FeatureCollection" "features": []}': "逗号",
}


@pytest.mark.parametrize("data", list(CASES), ids=["unquoted-key", "missing-value", "missing-comma"])
def test_broken_geojson_says_what_is_wrong_in_chinese(data: bytes) -> None:
    with pytest.raises(FileFormatError) as err:
        read_vector(data, name="broken.geojson")
    zh = err.value.message_zh
    assert "第 1 行" in zh and CASES[data] in zh
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", zh.replace("GeoJSON", ""))  # no English phrase left
    assert "Expecting" in str(err.value)  # the English message keeps Python's own words
