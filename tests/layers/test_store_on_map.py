"""Accepted user boundaries reach the map page, its card and its GeoPackage download (issue 5 → issue 3)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Polygon
from streamlit.testing.v1 import AppTest

from gis import store
from gis.parks import parks_version
from gis.settings import ROOT

GULEI_OUTLINE = Polygon([(117.60, 23.80), (117.66, 23.80), (117.66, 23.87), (117.60, 23.87)])


@pytest.fixture()
def user_store(tmp_path, monkeypatch):
    path = tmp_path / "user.gpkg"
    monkeypatch.setenv("FPA_STORE", str(path))
    return path


def test_accepted_boundary_is_drawn_and_carded(user_store):
    from app_pages import map_session as ms

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    # The cache key is gis's one key of the parks in force (store path and version, shipped file).
    assert ms.store_key() == parks_version() and "#0|" in ms.store_key()
    before = ms.current_spec()
    gdf = gpd.GeoDataFrame(
        {"park_id": ["gulei"], "geometry_quality": ["boundary"]}, geometry=[GULEI_OUTLINE], crs=4326
    )  # declared surveyed
    store.accept_boundaries(gdf, source_file="gulei_survey.zip", note="land bureau survey")
    spec = ms.current_spec()
    assert "#1|" in spec.store_key and spec != before  # a new store version means a new map
    kwargs = spec.build_kwargs("served")
    parks = kwargs["parks"]
    assert parks.loc["gulei", "geometry_quality"] == "boundary"
    assert parks.loc["gulei"].geometry.equals(GULEI_OUTLINE)
    assert "gulei_survey.zip" in parks.loc["gulei", "position_note_en"]
    ms._build(spec, "served").get_root().render()  # draws with a polygon among the points
    frames = ms.layer_frames(spec)
    assert frames["petrochem"].loc["gulei"].geometry.geom_type == "Polygon"
    card = ms.card_html("gulei", "en")
    assert "Surveyed boundary" in card and "gulei_survey.zip" in card
    assert "boundary area 47.3" in card  # 0.06° × 0.07° at 23.8°N ≈ 6.1 km × 7.8 km, in the equal-area CRS


def test_user_added_park_is_drawn_with_its_name_escaped(user_store):
    from app_pages import map_session as ms

    gdf = gpd.GeoDataFrame(
        {"park_id": [""], "name_zh": ["<b>新园区</b>"], "name_en": ["New park"]},
        geometry=[Polygon([(118.0, 24.5), (118.02, 24.5), (118.02, 24.52)])],
        crs=4326,
    )
    store.accept_boundaries(gdf, source_file="new.geojson")
    spec = ms.current_spec()
    html = ms._build(spec, "served").get_root().render()
    assert "新园区" in html and "<b>新园区" not in html
