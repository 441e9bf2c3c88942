"""CRS recognition, suggestions and datum round trips."""

from __future__ import annotations

import numpy as np
import prcoords
import pytest
from pyproj import CRS, Transformer

from gis import crs as crsmod
from gis.coords import bd09_to_wgs84, gcj02_to_wgs84
from gis.errors import CRSError
from gis.io import read_vector

# Synthetic test positions across Fujian (lon, lat).
PTS = np.array(
    [[119.30, 26.08], [118.09, 24.48], [117.65, 24.51], [117.02, 25.08], [119.65, 27.0], [120.2, 27.3]]
)


def _geod_m(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    from pyproj import Geod

    _, _, d = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return np.abs(d)


@pytest.mark.parametrize("epsg", [4527, 4528, 4548, 4549, 4498, 4509])
def test_gk_to_wgs84_within_1cm_of_pyproj(epsg: int) -> None:
    fwd = Transformer.from_crs(4490, epsg, always_xy=True)
    x, y = fwd.transform(PTS[:, 0], PTS[:, 1])
    inv = Transformer.from_crs(epsg, 4326, always_xy=True)
    ref_lon, ref_lat = inv.transform(x, y)
    ring = [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
    fc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": f"EPSG:{epsg}"}},
        "features": [
            {"type": "Feature", "properties": {"n": i}, "geometry": {"type": "Point", "coordinates": list(p)}}
            for i, p in enumerate(ring)
        ],
    }
    import json

    res = read_vector(json.dumps(fc).encode(), name="gk.geojson")
    got = np.array([[g.x, g.y] for g in res.gdf.geometry])
    assert len(got) == len(PTS)
    assert _geod_m(got[:, 0], got[:, 1], np.asarray(ref_lon), np.asarray(ref_lat)).max() < 0.01
    # and the round trip comes back to where it started (CGCS2000 = WGS84 here)
    assert _geod_m(got[:, 0], got[:, 1], PTS[:, 0], PTS[:, 1]).max() < 0.01


def test_gcj02_to_wgs84_within_1m_of_prcoords() -> None:
    for lon, lat in PTS:
        g = prcoords.wgs_gcj((lat, lon))  # a GCJ-02 point
        ref = prcoords.gcj_wgs_bored((g.lat, g.lon))
        got_lon, got_lat = gcj02_to_wgs84(g.lon, g.lat)
        assert (
            _geod_m(np.array([got_lon]), np.array([got_lat]), np.array([ref.lon]), np.array([ref.lat]))[0]
            < 1.0
        )
        # the GCJ-02 offset itself is hundreds of metres: the conversion did something
        assert (
            _geod_m(np.array([g.lon]), np.array([g.lat]), np.array([got_lon]), np.array([got_lat]))[0] > 100
        )


def test_bd09_to_wgs84_within_1m_of_prcoords() -> None:
    lon, lat = 119.30, 26.08
    b = prcoords.wgs_bd((lat, lon))
    ref = prcoords.bd_wgs_bored((b.lat, b.lon))
    got_lon, got_lat = bd09_to_wgs84(b.lon, b.lat)
    assert (
        _geod_m(np.array([got_lon]), np.array([got_lat]), np.array([ref.lon]), np.array([ref.lat]))[0] < 1.0
    )


def test_read_vector_gcj02_csv_moves_points_to_wgs84() -> None:
    g = prcoords.wgs_gcj((26.08, 119.30))
    csv = f"name,lng,lat\nA,{g.lon:.8f},{g.lat:.8f}\n".encode()
    res = read_vector(csv, name="a.csv", coords="gcj02")
    p = res.gdf.geometry.iloc[0]
    assert _geod_m(np.array([p.x]), np.array([p.y]), np.array([119.30]), np.array([26.08]))[0] < 1.0
    plain = read_vector(csv, name="a.csv").gdf.geometry.iloc[0]
    assert _geod_m(np.array([plain.x]), np.array([plain.y]), np.array([119.30]), np.array([26.08]))[0] > 100


@pytest.mark.filterwarnings("ignore:You will likely lose")
@pytest.mark.parametrize(
    "zone,width,prefix,code",
    [
        (39, 3, True, 4527),
        (40, 3, True, 4528),
        (117, 3, False, 4548),
        (120, 3, False, 4549),
        (20, 6, True, 4498),
        (117, 6, False, 4509),
        (25, 3, True, 4513),
        (135, 3, False, 4554),
    ],
)
def test_gk_epsg_matches_pyproj_definition(zone: int, width: int, prefix: bool, code: int) -> None:
    assert crsmod.gk_epsg(zone, width=width, prefix=prefix) == code
    params = CRS.from_epsg(code).to_dict()
    cm = zone * width - (3 if width == 6 else 0) if prefix else zone
    assert params["lon_0"] == cm
    assert params["x_0"] == (zone * 1_000_000 + 500_000 if prefix else 500_000)


def test_gk_epsg_rejects_unknown_zone() -> None:
    with pytest.raises(CRSError):
        crsmod.gk_epsg(50, width=3, prefix=True)


def test_suggest_zone_from_prefix_and_from_area() -> None:
    for code in (4527, 4528):
        x, y = Transformer.from_crs(4326, code, always_xy=True).transform(PTS[:, 0], PTS[:, 1])
        assert crsmod.suggest_crs(np.asarray(x), np.asarray(y))[0].crs == f"EPSG:{code}"
    # eastern points (120°E) without prefix: CM 120 wins over CM 117
    east = np.array([[119.9, 26.6], [120.1, 27.1]])
    x, y = Transformer.from_crs(4326, 4549, always_xy=True).transform(east[:, 0], east[:, 1])
    assert crsmod.suggest_crs(np.asarray(x), np.asarray(y))[0].crs == "EPSG:4549"
    west = np.array([[117.0, 25.1], [117.6, 24.9]])
    x, y = Transformer.from_crs(4326, 4548, always_xy=True).transform(west[:, 0], west[:, 1])
    assert crsmod.suggest_crs(np.asarray(x), np.asarray(y))[0].crs == "EPSG:4548"
    assert crsmod.suggest_crs(PTS[:, 0], PTS[:, 1])[0].crs == "EPSG:4490"
    # northings far from Fujian: nothing to suggest
    assert crsmod.suggest_crs(np.array([39_500_000.0]), np.array([4_400_000.0])) == []


def test_parse_crs_variants_and_refusals() -> None:
    assert crsmod.epsg_of(crsmod.parse_crs("4490")) == 4490
    assert crsmod.epsg_of(crsmod.parse_crs("urn:ogc:def:crs:EPSG::4527")) == 4527
    assert crsmod.epsg_of(crsmod.parse_crs("urn:ogc:def:crs:OGC:1.3:CRS84")) == 4326
    for bad in ("", "EPSG:999999", "http://example.com/crs", "not a crs"):
        with pytest.raises(CRSError):
            crsmod.parse_crs(bad)


def test_user_crs_overrides_file_and_is_reported() -> None:
    import json

    x, y = Transformer.from_crs(4326, 4527, always_xy=True).transform(119.3, 26.08)
    fc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4528"}},
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [x, y]}}
        ],
    }
    # the file claims zone 40 with a zone-39 easting: read as zone 40 the point is far east of Fujian
    with pytest.raises(Exception) as info:
        read_vector(json.dumps(fc).encode(), name="z.geojson")
    assert type(info.value).__module__.startswith("gis")
    res = read_vector(json.dumps(fc).encode(), name="z.geojson", crs="EPSG:4527")
    assert any(i.code == "crs_override" for i in res.report)
    p = res.gdf.geometry.iloc[0]
    assert abs(p.x - 119.3) < 1e-6 and abs(p.y - 26.08) < 1e-6


def test_coords_offset_refused_for_projected() -> None:
    with pytest.raises(CRSError, match="GCJ-02"):
        read_vector(b"name,x,y\nA,39530000,2885000\n", name="a.csv", crs="EPSG:4527", coords="gcj02")


def test_xian80_datum_warned() -> None:
    # EPSG:2384 = Xian 1980 / 3-degree Gauss-Kruger CM 117E
    x, y = Transformer.from_crs(4326, 2384, always_xy=True).transform(119.3, 26.08)
    csv = f"name,x,y\nA,{x:.2f},{y:.2f}\n".encode()
    res = read_vector(csv, name="a.csv", crs="EPSG:2384")
    assert any(i.code == "datum_ballpark" and i.level == "warning" for i in res.report)
    assert len(res.gdf) == 1
    plain = read_vector(b"name,lon,lat\nA,119.3,26.08\n", name="b.csv")
    assert not any(i.code == "datum_ballpark" for i in plain.report)
    assert crsmod.datum_is_approximate(CRS.from_epsg(4214))
    assert not crsmod.datum_is_approximate(CRS.from_epsg(4527))
