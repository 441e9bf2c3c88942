"""Equal-area and geodesic measurement: correct method, CRS handling, Series shape and naming."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import CRS, Geod

from gis import settings
from gis.errors import CRSError, DataValidationError
from gis.measure import area_ha, area_km2, distance_m, geodesic_area_km2, to_equal_area

GEOD = Geod(ellps="GRS80")


def _square(lon: float, lat: float, size_deg: float) -> shapely.Polygon:
    return shapely.box(lon, lat, lon + size_deg, lat + size_deg)


def _geod_area_km2(poly: shapely.Polygon) -> float:
    return abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(poly))[0]) / 1e6


@pytest.mark.parametrize(
    ("lon", "lat", "size"), [(119.2, 26.0, 0.1), (117.0, 24.0, 0.05), (118.0, 27.8, 0.2)]
)
def test_albers_area_matches_geodesic(lon: float, lat: float, size: float) -> None:
    # Densify so the edges follow the same path in both computations (lon/lat straight lines).
    poly = _square(lon, lat, size).segmentize(size / 50)
    got = area_km2(gpd.GeoSeries([poly], crs=4326)).iloc[0]
    expected = _geod_area_km2(poly)
    assert abs(got - expected) / expected < 1e-4


def test_web_mercator_would_be_far_off_and_we_are_not() -> None:
    poly = _square(119.2, 26.0, 0.1)
    series = gpd.GeoSeries([poly], crs=4326)
    mercator = float(series.to_crs(3857).area.iloc[0]) / 1e6
    truth = _geod_area_km2(poly.segmentize(0.002))
    ours = float(area_km2(series).iloc[0])
    # Web Mercator inflates areas by 1/cos²(lat): about +24 % at 26°N.
    assert 0.20 < mercator / truth - 1 < 0.28
    assert abs(ours / truth - 1) < 1e-3
    assert abs(ours - mercator) / truth > 0.2


def test_gauss_kruger_and_cgcs2000_give_same_area() -> None:
    poly = shapely.Polygon([(119.25, 26.05), (119.35, 26.06), (119.33, 26.12), (119.27, 26.13)])
    wgs = gpd.GeoSeries([poly], crs=4326)
    base = float(area_km2(wgs).iloc[0])
    for crs in ("EPSG:4549", "EPSG:4490", "EPSG:4527", "EPSG:32650"):
        other = wgs.to_crs(crs)
        assert not other.crs.equals(CRS("EPSG:4326"))
        assert abs(float(area_km2(other).iloc[0]) - base) / base < 1e-6, crs
    # EPSG:4549 coordinates really are metres (Gauss-Krüger), not degrees.
    assert wgs.to_crs(4549).total_bounds[0] > 1e5


def test_series_indexed_like_input_and_named() -> None:
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[_square(119.0, 26.0, 0.01), None, shapely.Point(119.0, 26.0)],
        index=["x", "y", "z"],
        crs=4326,
    )
    km2 = area_km2(gdf)
    ha = area_ha(gdf.geometry)
    assert km2.name == "area_km2" and ha.name == "area_ha"
    assert list(km2.index) == ["x", "y", "z"] and list(ha.index) == ["x", "y", "z"]
    assert np.isnan(km2["y"]) and km2["z"] == 0
    assert ha["x"] == pytest.approx(km2["x"] * 100)
    assert km2["x"] == pytest.approx(geodesic_area_km2(gdf)["x"], rel=1e-3)


def test_to_equal_area_uses_albers_and_keeps_input() -> None:
    gdf = gpd.GeoDataFrame({"v": [1]}, geometry=[shapely.Point(118.0, 26.0)], crs=4326)
    out = to_equal_area(gdf)
    assert out.crs.equals(CRS.from_user_input(settings.EQUAL_AREA_CRS))
    assert "Albers" in out.crs.coordinate_operation.method_name
    assert gdf.crs.to_epsg() == 4326  # input untouched
    # 118°E is the central meridian: x is ~0 there.
    assert abs(out.geometry.iloc[0].x) < 1e-6


def test_missing_crs_and_bad_coordinates_are_clear_errors() -> None:
    with pytest.raises(CRSError) as info:
        area_km2(gpd.GeoSeries([_square(119, 26, 0.1)]))
    assert "crs" in str(info.value).lower() and info.value.hint
    with pytest.raises(CRSError):
        # Gauss-Krüger metres mislabelled as lon/lat.
        area_km2(gpd.GeoSeries([shapely.box(500000, 2900000, 501000, 2901000)], crs=4326))
    with pytest.raises(DataValidationError):
        area_km2([_square(119, 26, 0.1)])  # type: ignore[arg-type]


def test_point_distance_is_geodesic() -> None:
    fuzhou = shapely.Point(119.2965, 26.0745)
    xiamen = shapely.Point(118.0894, 24.4798)
    a = gpd.GeoSeries([fuzhou, xiamen], index=[5, 6], crs=4326)
    b = gpd.GeoSeries([xiamen, xiamen], index=[5, 6], crs=4326)
    d = distance_m(a, b)
    assert d.name == "distance_m" and list(d.index) == [5, 6]
    expected = GEOD.inv(fuzhou.x, fuzhou.y, xiamen.x, xiamen.y)[2]
    assert d[5] == pytest.approx(expected, rel=1e-9)
    assert d[6] == 0
    # Independent check: spherical haversine (R = 6371.0088 km) agrees within 0.5 %.
    lat1, lat2 = math.radians(fuzhou.y), math.radians(xiamen.y)
    dlat, dlon = lat2 - lat1, math.radians(xiamen.x - fuzhou.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    haversine = 2 * 6_371_008.8 * math.asin(math.sqrt(h))
    assert abs(d[5] - haversine) / haversine < 5e-3
    # Same answer from Gauss-Krüger inputs.
    assert distance_m(a.to_crs(4549), b.to_crs(4549))[5] == pytest.approx(expected, rel=1e-6)


def test_shape_distance_in_albers_close_to_geodesic() -> None:
    poly = _square(119.0, 26.0, 0.1)
    pt = shapely.Point(119.3, 26.05)  # due east of the square's east edge (119.1)
    d = distance_m(gpd.GeoSeries([poly], index=["p"], crs=4326), pt)
    geodesic = GEOD.inv(119.1, 26.05, 119.3, 26.05)[2]
    assert abs(d["p"] - geodesic) / geodesic < 1e-3


def test_distance_requires_matching_index() -> None:
    a = gpd.GeoSeries([shapely.Point(119, 26)], index=[1], crs=4326)
    b = gpd.GeoSeries([shapely.Point(119, 26.1)], index=[2], crs=4326)
    with pytest.raises(DataValidationError):
        distance_m(a, b)
    with pytest.raises(CRSError):
        distance_m(a, gpd.GeoSeries([shapely.Point(119, 26.1)], index=[1]))
