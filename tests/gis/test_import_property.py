"""Property tests: generated GeoJSON and CSV fed to the readers raise only the project's own errors."""

from __future__ import annotations

import json

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from gis.errors import AtlasError
from gis.io import read_vector
from tests.conftest import TEST_DATA

coord = st.one_of(
    st.floats(min_value=115.0, max_value=121.5, allow_nan=False),
    st.floats(min_value=23.0, max_value=29.0, allow_nan=False),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
)
position = st.lists(coord, min_size=0, max_size=4)
ring = st.lists(position, min_size=0, max_size=7)
geom_type = st.sampled_from(
    [
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
        "Nonsense",
        None,
        3,
    ]
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)


@st.composite
def geometries(draw: st.DrawFn) -> object:
    t = draw(geom_type)
    shape = draw(st.sampled_from(["pos", "ring", "rings", "polys", "junk"]))
    coords = {
        "pos": position,
        "ring": ring,
        "rings": st.lists(ring, max_size=3),
        "polys": st.lists(st.lists(ring, max_size=2), max_size=2),
        "junk": json_scalar,
    }[shape]
    g: dict = {"type": t, "coordinates": draw(coords)}
    if t == "GeometryCollection":
        g["geometries"] = draw(st.lists(st.just({"type": "Point", "coordinates": [119.3, 26.1]}), max_size=2))
    return draw(st.one_of(st.just(g), st.none(), json_scalar))


@st.composite
def feature_collections(draw: st.DrawFn) -> object:
    feats = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["Feature", "feature", None]),
                    "properties": st.one_of(
                        st.none(), st.dictionaries(st.text(max_size=5), json_scalar, max_size=3), json_scalar
                    ),
                    "geometry": geometries(),
                }
            ),
            max_size=5,
        )
    )
    doc: dict = {
        "type": draw(st.sampled_from(["FeatureCollection", "Feature", "Polygon", "Other"])),
        "features": feats,
    }
    if draw(st.booleans()):
        doc["crs"] = draw(
            st.one_of(
                st.just({"type": "name", "properties": {"name": "EPSG:4490"}}),
                st.just({"type": "name", "properties": {"name": "EPSG:4527"}}),
                st.just({"type": "link", "properties": {"href": "http://example.com"}}),
                json_scalar,
            )
        )
    return doc


def _check(data: bytes, name: str, **kw: object) -> None:
    try:
        res = read_vector(data, name=name, **kw)
    except AtlasError as exc:
        assert str(exc)  # a message, naming at least the file
        assert exc.file is not None
        return
    # success: everything usable is in Fujian, valid, WGS84
    assert res.gdf.crs.to_epsg() == 4326
    assert len(res.gdf) >= 1
    assert res.gdf.geometry.is_valid.all()
    assert not res.gdf.geometry.is_empty.any()
    minx, miny, maxx, maxy = res.gdf.total_bounds
    assert minx > 115.0 and maxx < 121.6 and miny > 23.0 and maxy < 29.2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=feature_collections())
def test_generated_geojson_only_atlas_errors(doc: object) -> None:
    _check(json.dumps(doc).encode(), "gen.geojson")


fj_pos = st.tuples(st.floats(min_value=117.0, max_value=119.5), st.floats(min_value=24.5, max_value=27.0))


@st.composite
def fujian_polygons(draw: st.DrawFn) -> dict:
    """Polygons of 3–8 random vertices in Fujian: often self-intersecting, sometimes unclosed or
    degenerate."""
    pts = [list(p) for p in draw(st.lists(fj_pos, min_size=1, max_size=8))]
    if draw(st.booleans()):
        pts.append(pts[0])
    holes = [[list(p) for p in draw(st.lists(fj_pos, min_size=3, max_size=5))]] if draw(st.booleans()) else []
    kind = draw(st.sampled_from(["Polygon", "MultiPolygon", "Point"]))
    if kind == "Point":
        return {"type": "Point", "coordinates": pts[0]}
    rings = [pts, *holes]
    return (
        {"type": "Polygon", "coordinates": rings}
        if kind == "Polygon"
        else {"type": "MultiPolygon", "coordinates": [rings, [pts]]}
    )


@settings(max_examples=200, deadline=None)
@given(geoms=st.lists(fujian_polygons(), min_size=1, max_size=6))
def test_generated_fujian_polygons_repaired_or_refused(geoms: list[dict]) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"n": i}, "geometry": g} for i, g in enumerate(geoms)],
    }
    _check(json.dumps(doc).encode(), "poly.geojson")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_only_atlas_errors(data: bytes) -> None:
    for name in ("x.geojson", "x.zip", "x.csv", "x.kml", "x.gpkg", "x.xlsx"):
        _check(data, name)


cell = st.one_of(
    st.floats(min_value=115, max_value=121, allow_nan=False).map(lambda v: f"{v:.5f}"),
    st.floats(min_value=23, max_value=29, allow_nan=False).map(lambda v: f"{v:.5f}"),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
    st.sampled_from(["", "NaN", "inf", "1e400", "12,5", "东经119", "-0"]),
)


@settings(max_examples=200, deadline=None)
@given(
    header=st.lists(
        st.sampled_from(["lon", "lat", "经度", "纬度", "name", "名称", "x", "y", "lng", "", "值"]),
        min_size=1,
        max_size=4,
    ),
    rows=st.lists(st.lists(cell, min_size=0, max_size=5), max_size=6),
    sep=st.sampled_from([",", "\t", ";"]),
    enc=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    coords=st.sampled_from(["wgs84", "gcj02", "bd09"]),
)
def test_generated_csv_only_atlas_errors(
    header: list[str], rows: list[list[str]], sep: str, enc: str, coords: str
) -> None:
    text = "\n".join(sep.join(r) for r in [header, *rows])
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _check(data, "gen.csv", coords=coords)


def _zip_parts() -> dict[str, bytes]:
    import io as _io
    import zipfile

    data = (TEST_DATA / "import" / "gbk_no_cpg.zip").read_bytes()
    with zipfile.ZipFile(_io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


PARTS = _zip_parts()


@settings(max_examples=80, deadline=None)
@given(
    part=st.sampled_from(sorted(PARTS)),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(min_value=0.0, max_value=0.999), st.integers(0, 255)), max_size=6),
)
def test_corrupted_shapefile_parts_only_atlas_errors(
    part: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    import io as _io
    import zipfile

    blob = bytearray(PARTS[part])
    for pos, val in flips:
        blob[int(pos * len(blob))] = val
    blob = blob[: max(1, int(len(blob) * cut))] if cut < 0.95 else blob
    buf = _io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, payload in PARTS.items():
            zf.writestr(name, bytes(blob) if name == part else payload)
    _check(buf.getvalue(), "corrupt.zip")
