"""gis.raster: density surfaces, GeoTIFF writing, zonal statistics, bad rasters, display warping.

Synthetic rasters with known values; expected statistics are recomputed here from the cell formula, not copied
from the code's output. Shared helpers live in ``tests/samples/rasters.py``.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import rasterio.warp
import shapely
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.io import DatasetReader
from shapely.geometry import Point, box

from gis import raster
from gis.errors import (
    AtlasError,
    CalculationError,
    CRSError,
    DataValidationError,
    FileFormatError,
    FileTooLargeError,
)
from gis.settings import EQUAL_AREA_CRS
from tests.samples.rasters import (
    ANCHOR_LONLAT,
    CELL,
    GK,
    N,
    cell_box,
    cell_centre,
    fig,
    gk_origin,
    parks_frame,
    value_grid,
    write_raster,
)


def test_figure_values_picks_year_and_latest() -> None:
    parks = parks_frame(
        {"a": cell_centre(1, 1), "b": cell_centre(5, 5), "c": cell_centre(8, 8)},
        figures={"a": [fig(10, year=2018), fig(30, year=2020)], "b": [fig(5, year=2018)], "c": []},
    )
    latest = raster.figure_values(parks, "approved_area_ha")
    assert latest.loc["a", "value"] == 30 and latest.loc["b", "value"] == 5
    assert "c" not in latest.index
    y2018 = raster.figure_values(parks, "approved_area_ha", 2018)
    assert y2018["value"].to_dict() == {"a": 10.0, "b": 5.0}
    with pytest.raises(DataValidationError, match="approved_area_ha"):
        raster.figure_values(parks, "nope")
    with pytest.raises(DataValidationError, match="2018, 2020"):
        raster.figure_values(parks, "approved_area_ha", 1999)


def test_figure_values_rejects_mixed_units_and_negative_values() -> None:
    mixed = parks_frame(
        {"a": cell_centre(1, 1), "b": cell_centre(2, 2)}, figures={"a": [fig(1)], "b": [fig(2, unit="km²")]}
    )
    with pytest.raises(DataValidationError, match="units"):
        raster.figure_values(mixed)
    neg = parks_frame({"a": cell_centre(1, 1)}, figures={"a": [fig(-3)]})
    with pytest.raises(CalculationError, match="negative"):
        raster.figure_values(neg)


def test_available_figures_counts_parks_and_years() -> None:
    parks = parks_frame(
        {"a": cell_centre(1, 1), "b": cell_centre(2, 2)},
        figures={"a": [fig(1), fig(2, key="x", year=2020)], "b": [fig(3), fig("n/a", key="y")]},
    )
    table = raster.available_figures(parks)
    assert table.loc["approved_area_ha", "n_parks"] == 2
    assert table.loc["x", "years"] == ["2020"]
    assert "y" not in table.index  # no numeric value


def test_equal_split_is_labelled_as_assumption() -> None:
    parks = parks_frame({"a": cell_centre(1, 1), "b": cell_centre(5, 5), "c": cell_centre(8, 8)})
    vals = raster.equal_split_values(
        parks,
        ["a", "c"],
        total=6800,
        unit="亿元",
        year=2020,
        source="plan",
        label_zh="石化",
        label_en="Petrochem",
    )
    assert vals["value"].tolist() == [3400.0, 3400.0]
    assert "ASSUMPTION" in vals.attrs["assumption"] and "2" in vals.attrs["assumption"]
    surface = raster.density_surface(vals)
    assert surface.tags()["ASSUMPTION"].startswith("ASSUMPTION")
    assert surface.check.ok and surface.check.total_input == 6800


def test_petrochemical_parks_by_kind_or_role() -> None:
    parks = parks_frame({"a": cell_centre(1, 1), "b": cell_centre(5, 5), "c": cell_centre(8, 8)})
    parks.loc["a", "kind"] = "petrochemical_base"
    parks.at["c", "roles"] = ["catalogue_2018", "petrochemical"]
    assert sorted(raster.petrochemical_parks(parks)) == ["a", "c"]


# ---------------------------------------------------------------------------------------------- density
def _albers_parks(geoms: dict[str, shapely.Geometry], values: dict[str, float]) -> gpd.GeoDataFrame:
    parks = parks_frame(geoms, crs=EQUAL_AREA_CRS, figures={k: [fig(v)] for k, v in values.items()})
    return raster.figure_values(parks)


def test_density_sums_to_input_for_points_and_polygons() -> None:
    values = {"p1": 1234.5, "p2": 0.25, "poly": 800.0, "tiny": 7.0}
    geoms = {
        "p1": Point(10_000, 2_850_000),
        "p2": Point(-50_500, 2_700_300),
        "poly": box(100_000, 2_900_000, 112_345, 2_905_432).union(
            box(120_000, 2_900_000, 121_000, 2_901_000)
        ),
        "tiny": box(30_010, 2_800_010, 30_050, 2_800_050),  # smaller than a cell
    }
    for cell in (1000.0, 2500.0):
        surface = raster.density_surface(_albers_parks(geoms, values), cell=cell)
        total = sum(values.values())
        assert surface.check.total_input == pytest.approx(total)
        assert float(surface.data.sum(dtype="float64")) == pytest.approx(total, rel=1e-6)
        assert surface.check.ok and surface.check.rel_diff < 1e-6
        assert surface.data.min() >= 0
        assert surface.transform.a == cell and surface.transform.e == -cell


def test_polygon_value_goes_to_the_cells_it_covers_by_area() -> None:
    # a 2 km × 1 km rectangle on the 1 km grid (grid origins are multiples of the cell): two cells, half each;
    # then a rectangle covering 1.5 cells: two thirds / one third
    surface = raster.density_surface(
        _albers_parks({"r": box(40_000, 2_810_000, 42_000, 2_811_000)}, {"r": 90.0})
    )
    nz = np.argwhere(surface.data > 0)
    assert len(nz) == 2
    assert surface.data[tuple(nz.T)] == pytest.approx([45.0, 45.0])
    rows, cols = nz.T
    xs = [surface.transform.c + (c + 0.5) * 1000 for c in cols]
    ys = [surface.transform.f - (r + 0.5) * 1000 for r in rows]
    assert sorted(xs) == [40_500, 41_500] and ys == [2_810_500, 2_810_500]
    s2 = raster.density_surface(_albers_parks({"r": box(40_000, 2_810_000, 41_500, 2_811_000)}, {"r": 90.0}))
    assert sorted(s2.data[s2.data > 0].tolist()) == pytest.approx([30.0, 60.0], rel=1e-6)


def test_kernel_is_centred_bounded_and_symmetric() -> None:
    pt = Point(60_500, 2_830_500)  # a cell centre on the 1 km grid
    surface = raster.density_surface(_albers_parks({"k": pt}, {"k": 100.0}), cell=1000, kernel_radius=3000)
    data = surface.data
    r, c = np.unravel_index(np.argmax(data), data.shape)
    cx, cy = surface.transform.c + (c + 0.5) * 1000, surface.transform.f - (r + 0.5) * 1000
    assert (cx, cy) == (pt.x, pt.y)
    rr, cc = np.nonzero(data)
    d = np.hypot(
        surface.transform.c + (cc + 0.5) * 1000 - pt.x, surface.transform.f - (rr + 0.5) * 1000 - pt.y
    )
    assert d.max() <= 3000 + 1e-6
    window = data[r - 3 : r + 4, c - 3 : c + 4]
    np.testing.assert_allclose(window, window.T, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(window, window[::-1, ::-1], rtol=1e-6, atol=1e-9)
    assert float(data.sum(dtype="float64")) == pytest.approx(100.0, rel=1e-6)
    # a kernel narrower than a cell keeps everything in the cell under the point
    narrow = raster.density_surface(_albers_parks({"k": pt}, {"k": 100.0}), cell=1000, kernel_radius=100)
    assert np.count_nonzero(narrow.data) == 1 and narrow.data.max() == pytest.approx(100.0)


def test_density_rejects_bad_settings() -> None:
    vals = _albers_parks({"k": Point(0, 2_800_000)}, {"k": 1.0})
    with pytest.raises(CalculationError, match="cell"):
        raster.density_surface(vals, cell=0)
    with pytest.raises(CalculationError, match="cells"):
        raster.density_surface(vals, cell=10)  # far too many cells over Fujian
    with pytest.raises(CalculationError, match="radius"):
        raster.density_surface(vals, kernel_radius=-1)


# ---------------------------------------------------------------------------------------------- GeoTIFF
def test_geotiff_round_trip_keeps_crs_transform_nodata_metadata(tmp_path: Path) -> None:
    vals = _albers_parks(
        {"a": Point(10_000, 2_850_000), "b": box(0, 2_700_000, 5_000, 2_705_000)}, {"a": 300.0, "b": 700.0}
    )
    surface = raster.density_surface(vals, cell=2000)
    out = raster.write_geotiff(surface, tmp_path / "d.tif")
    assert [p.name for p in tmp_path.iterdir()] == ["d.tif"]  # no temporary file left
    with rasterio.open(out) as ds:
        assert CRS.from_user_input(ds.crs).equals(CRS.from_user_input(EQUAL_AREA_CRS))
        assert "Albers" in CRS.from_user_input(ds.crs).name  # named, not "unknown"
        assert ds.transform == surface.transform
        assert ds.nodata == raster.DENSITY_NODATA
        assert ds.dtypes[0] == "float32"
        np.testing.assert_array_equal(ds.read(1), surface.data)
        tags = ds.tags()
        for key in (
            "FIGURE",
            "YEAR",
            "SOURCE",
            "UNITS",
            "METHOD",
            "ASSUMPTION",
            "CELL_SIZE_M",
            "KERNEL_RADIUS_M",
        ):
            assert tags[key], key
        assert tags["FIGURE"] == "approved_area_ha" and tags["YEAR"] == "2018"
        assert tags["SOURCE"] == "catalogue 2018" and "per cell" in tags["UNITS"]
        assert float(tags["TOTAL_INPUT"]) == pytest.approx(1000.0)
        assert ds.descriptions[0] and "approved_area_ha" in ds.descriptions[0]
        assert ds.block_shapes[0] == (256, 256) and ds.profile["tiled"]
        assert ds.compression.name.lower() == "deflate"
        assert ds.tags(ns="IMAGE_STRUCTURE").get("PREDICTOR") == "3"
        assert ds.overviews(1) == [2, 4, 8, 16]


def test_geotiff_bytes_open_in_memory() -> None:
    surface = raster.density_surface(_albers_parks({"a": Point(10_000, 2_850_000)}, {"a": 5.0}))
    blob = raster.geotiff_bytes(surface)
    assert blob[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00")
    info = raster.raster_info(blob, name="density.tif")
    assert info["overviews"] and info["tags"]["FIGURE"] == "approved_area_ha"
    assert not info["categorical"]


def test_write_geotiff_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    surface = raster.density_surface(_albers_parks({"a": Point(10_000, 2_850_000)}, {"a": 5.0}))
    with pytest.raises(FileFormatError, match="does not exist"):
        raster.write_geotiff(surface, tmp_path / "missing" / "d.tif")


# ---------------------------------------------------------------------------------------------- zonal
def _expected(cells: list[tuple[int, int]], data: np.ndarray, nodata: float) -> list[float]:
    return [float(data[r, c]) for r, c in cells if data[r, c] != nodata]


@pytest.fixture
def zonal_parks() -> gpd.GeoDataFrame:
    return parks_frame(
        {
            "inside": cell_box(3, 2, 7, 5),  # cols 3–6, rows 2–4
            "edge": cell_box(8, 0, 12, 2),  # cols 8–11 of which 8–9 exist: half covered
            "outside": cell_box(300, 0, 304, 2),  # 30 km east
            "point": cell_centre(5, 5),
        }
    )


def test_zonal_continuous_matches_hand_computed(tmp_path: Path, zonal_parks: gpd.GeoDataFrame) -> None:
    data = value_grid()
    path = write_raster(tmp_path / "v.tif", data, nodata=-1)
    res = raster.zonal_stats(path, zonal_parks, point_buffer_m=120)
    t = res.table
    assert not res.categorical
    inside = _expected([(r, c) for r in range(2, 5) for c in range(3, 7)], data, -1)
    row = t.loc["inside"]
    assert row["status"] == "inside" and row["covered_fraction"] == pytest.approx(1.0)
    assert row["cells"] == 12 and row["count"] == 11 and row["nodata_cells"] == 1
    assert row["mean"] == pytest.approx(np.mean(inside)) and row["sum"] == pytest.approx(sum(inside))
    assert row["min"] == min(inside) and row["max"] == max(inside)
    edge = t.loc["edge"]  # x from 810 to 1190 m, raster ends at 1000 m: (1000-810)/(1190-810) = 0.5
    assert edge["status"] == "partial"
    assert edge["covered_fraction"] == pytest.approx(0.5, abs=2e-3)
    assert edge["count"] == 4 and edge["sum"] == pytest.approx(8 + 9 + 18 + 19)
    assert edge["mean"] == pytest.approx(13.5)
    out = t.loc["outside"]
    assert out["status"] == "outside" and out["covered_fraction"] == 0 and math.isnan(out["mean"])
    assert "outside" in out["note_en"] and out["note_zh"]
    # a 120 m disc around the centre of cell (5, 5) holds that cell and its 4 edge neighbours
    pt = t.loc["point"]
    assert pt["count"] == 5 and pt["mean"] == pytest.approx(55.0) and pt["sum"] == pytest.approx(275.0)
    cell = raster.zonal_stats(path, zonal_parks, point_mode="cell").table.loc["point"]
    assert cell["count"] == 1 and cell["mean"] == 55.0


def test_zonal_categorical_shares_from_colour_table(tmp_path: Path, zonal_parks: gpd.GeoDataFrame) -> None:
    data = np.where(np.arange(N)[None, :] < 5, 1, 2).repeat(N, axis=0).astype("uint8")
    data[0, :] = 3
    data[3, 4] = 0  # nodata
    cmap = {0: (0, 0, 0, 0), 1: (230, 0, 0, 255), 2: (0, 160, 0, 255), 3: (0, 0, 220, 255)}
    path = write_raster(tmp_path / "c.tif", data, nodata=0, colormap=cmap)
    res = raster.zonal_stats(path, zonal_parks, class_labels={1: "建设用地 built-up"})
    assert res.categorical  # detected from the colour table
    t = res.table
    # park "inside": rows 2–4, cols 3–6 → class 1 in cols 3–4 (6 cells, one nodata), class 2 in cols 5–6 (6)
    assert t.loc["inside", "share_1"] == pytest.approx(5 / 11)
    assert t.loc["inside", "share_2"] == pytest.approx(6 / 11)
    assert t.loc["inside", "share_3"] == 0
    assert t.loc["inside", "majority"] == 2
    # edge park: rows 0–1, cols 8–9 → two cells of class 3 (row 0) and two of class 2
    assert t.loc["edge", "share_3"] == pytest.approx(0.5) and t.loc["edge", "share_2"] == pytest.approx(0.5)
    assert t.loc["edge", "status"] == "partial"
    assert math.isnan(t.loc["outside", "share_1"])
    shares = t.loc[["inside", "edge", "point"], [c for c in t.columns if c.startswith("share_")]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)
    assert res.classes[1]["label"] == "建设用地 built-up" and res.classes[1]["color"] == (230, 0, 0, 255)
    assert res.classes[2]["label"] == "class 2"
    # forcing continuous on the same raster gives means instead of shares
    cont = raster.zonal_stats(path, zonal_parks, categorical=False).table
    assert "share_1" not in cont.columns and cont.loc["inside", "mean"] == pytest.approx((5 * 1 + 6 * 2) / 11)


def test_zonal_csv_has_bom_and_chinese(tmp_path: Path, zonal_parks: gpd.GeoDataFrame) -> None:
    path = write_raster(tmp_path / "v.tif", value_grid(), nodata=-1)
    blob = raster.zonal_stats(path, zonal_parks).to_csv_bytes()
    assert blob.startswith(b"\xef\xbb\xbf")
    text = blob.decode("utf-8-sig")
    assert "园区inside" in text and text.splitlines()[0].startswith("园区编号,名称,栅格覆盖情况,栅格覆盖比例")
    en = raster.zonal_stats(path, zonal_parks).to_csv_bytes("en").decode("utf-8-sig").splitlines()
    assert en[0].startswith("Park id,Name,Coverage by the raster,Share covered by the raster")
    assert "Mean (raster units)" in en[0] and "园区" not in en[0]


def test_zonal_reads_windows_not_the_whole_raster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = np.ones((2000, 2000), dtype="float32")
    path = write_raster(tmp_path / "big.tif", big, nodata=-1)
    parks = parks_frame({"a": cell_box(3, 2, 7, 5), "b": cell_box(500, 500, 520, 530)})
    sizes: list[int] = []
    original = DatasetReader.read

    def spy(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        sizes.append(int(np.asarray(out).size))
        return out

    monkeypatch.setattr(DatasetReader, "read", spy)
    res = raster.zonal_stats(path, parks)
    assert res.table.loc["b", "count"] == 20 * 30
    assert sizes and max(sizes) < big.size / 100


# ---------------------------------------------------------------------------------------------- bad rasters
def test_no_crs_is_a_crs_error(tmp_path: Path, zonal_parks: gpd.GeoDataFrame) -> None:
    path = write_raster(tmp_path / "nocrs.tif", value_grid(), crs=None)
    with pytest.raises(CRSError, match="no coordinate reference system") as exc:
        raster.zonal_stats(path, zonal_parks)
    assert "nocrs.tif" in str(exc.value) and exc.value.hint


def test_not_a_raster_and_empty_and_missing(tmp_path: Path) -> None:
    geojson = tmp_path / "parks.geojson"
    geojson.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    for source in (geojson, b"just some text, not an image", "definitely/not/here.tif", b""):
        with pytest.raises(FileFormatError) as exc:
            raster.raster_info(source)
        assert isinstance(exc.value, ValueError) and exc.value.hint


def test_corrupt_truncated_tiff(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    good = write_raster(tmp_path / "good.tif", rng.random((400, 400)).astype("float32"))
    blob = good.read_bytes()
    bad = tmp_path / "bad.tif"
    bad.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(FileFormatError, match="corrupt|not a raster"):
        raster.raster_info(bad)


def test_huge_raster_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=40_000,
        height=40_000,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(1e-4, 0, 116, 0, -1e-4, 28),
        tiled=True,
        compress="deflate",
        sparse_ok=True,
    ):
        pass
    assert path.stat().st_size < 5_000_000  # the file is small; the pixel count is what is huge
    with pytest.raises(FileTooLargeError, match="pixels"):
        raster.raster_info(path)


def test_bad_band_and_point_mode(tmp_path: Path, zonal_parks: gpd.GeoDataFrame) -> None:
    path = write_raster(tmp_path / "v.tif", value_grid(), nodata=-1)
    with pytest.raises(DataValidationError, match="band 2"):
        raster.zonal_stats(path, zonal_parks, band=2)
    with pytest.raises(DataValidationError, match="point_mode"):
        raster.zonal_stats(path, zonal_parks, point_mode="nearest")


def test_errors_are_atlas_errors() -> None:
    assert issubclass(FileTooLargeError, AtlasError) and issubclass(CRSError, ValueError)


def test_parse_class_labels() -> None:
    assert raster.parse_class_labels("1=建设用地; 2＝耕地\n3 = water") == {
        1: "建设用地",
        2: "耕地",
        3: "water",
    }
    assert raster.parse_class_labels("") == {}
    with pytest.raises(DataValidationError, match="value=name"):
        raster.parse_class_labels("built-up")


# ---------------------------------------------------------------------------------------------- display
def test_gauss_kruger_raster_lands_in_the_right_place(tmp_path: Path) -> None:
    """A GK (EPSG:4549) raster with one hot cell: after warping to Web Mercator, the overlay's lon/lat bounds
    match the raster's footprint and the hot pixel sits at the hot cell's lon/lat."""
    data = np.zeros((200, 200), dtype="uint8")
    data[120, 70] = 9
    path = write_raster(tmp_path / "gk.tif", data, nodata=None)
    disp = raster.warp_for_display(path, categorical=True, max_size=400)
    west, south, east, north = disp.bounds_lonlat
    with rasterio.open(path) as ds:
        exp = rasterio.warp.transform_bounds(ds.crs, "EPSG:4326", *ds.bounds, densify_pts=51)
    assert west == pytest.approx(exp[0], abs=0.002) and east == pytest.approx(exp[2], abs=0.002)
    assert south == pytest.approx(exp[1], abs=0.002) and north == pytest.approx(exp[3], abs=0.002)
    assert west < ANCHOR_LONLAT[0] < east and south < ANCHOR_LONLAT[1] < north
    hot_lon, hot_lat = Transformer.from_crs(GK, "EPSG:4326", always_xy=True).transform(
        *cell_centre(70, 120).coords[0]
    )
    rows, cols = np.nonzero(np.ma.filled(disp.data, 0) == 9)
    assert len(rows) >= 1
    left, bottom, right, top = disp.bounds_3857
    h, w = disp.data.shape
    x = left + (cols.mean() + 0.5) * (right - left) / w
    y = top - (rows.mean() + 0.5) * (top - bottom) / h
    lon, lat = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True).transform(x, y)
    metres = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
    (ax, ay), (bx, by) = metres.transform(lon, lat), metres.transform(hot_lon, hot_lat)
    assert math.hypot(ax - bx, ay - by) < 100  # within one 100 m cell
    assert disp.categorical and disp.source_crs == "EPSG:4549"


def test_display_is_limited_in_size_and_masks_nodata(tmp_path: Path) -> None:
    data = np.full((1500, 900), 5.0, dtype="float32")
    data[:100, :] = -1
    path = write_raster(tmp_path / "v.tif", data, nodata=-1)
    disp = raster.warp_for_display(path, max_size=300)
    assert max(disp.data.shape) <= 300
    assert np.ma.getmaskarray(disp.data)[0].all()  # top rows were nodata
    assert float(disp.data.max()) == pytest.approx(5.0) and not disp.categorical


def test_density_surface_displays_in_fujian() -> None:
    vals = _albers_parks({"a": Point(10_000, 2_850_000)}, {"a": 5.0})
    disp = raster.warp_for_display(raster.density_surface(vals))
    west, south, east, north = disp.bounds_lonlat
    assert 115 < west < 116.5 and 120.3 < east < 122 and 22.5 < south < 23.6 and 28 < north < 29
    assert "per cell" in disp.units


def test_global_lonlat_raster_is_clipped_to_web_mercator(tmp_path: Path) -> None:
    data = np.arange(180 * 360, dtype="float32").reshape(180, 360)
    path = write_raster(
        tmp_path / "world.tif", data, crs="EPSG:4326", transform=Affine(1, 0, -180, 0, -1, 90), nodata=-1
    )
    disp = raster.warp_for_display(path)
    west, south, east, north = disp.bounds_lonlat
    assert (west, east) == pytest.approx((-180, 180)) and north == pytest.approx(85.0511, abs=1e-3) == -south
    assert disp.data.count() > 0.9 * disp.data.size and max(disp.data.shape) >= 200
    table = raster.zonal_stats(path, parks_frame({"p": cell_centre(5, 5)}), point_mode="cell").table
    lon, lat = parks_frame({"p": cell_centre(5, 5)}).geometry.iloc[0].coords[0]
    assert table.loc["p", "mean"] == data[int(90 - lat), int(lon + 180)]  # the 1° cell under the point


def test_corrupt_block_inside_the_file_is_a_clear_error(tmp_path: Path) -> None:
    """First and last blocks are fine (the open check passes) but a middle tile is garbage: the park whose
    window needs it gets a FileFormatError, not a crash."""
    path = tmp_path / "tiles.tif"
    x0, y0 = gk_origin()
    rng = np.random.default_rng(1)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=768,
        height=768,
        count=1,
        dtype="float32",
        crs=GK,
        transform=Affine(CELL, 0, x0, 0, -CELL, y0),
        tiled=True,
        blockxsize=256,
        blockysize=256,
        compress="deflate",
    ) as dst:
        dst.write(rng.random((768, 768)).astype("float32"), 1)
    with rasterio.open(path) as ds:
        offset = int(ds.get_tag_item("BLOCK_OFFSET_1_1", "TIFF", bidx=1))
        size = int(ds.get_tag_item("BLOCK_SIZE_1_1", "TIFF", bidx=1))
    blob = bytearray(path.read_bytes())
    blob[offset : offset + size] = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(bytes(blob))
    raster.raster_info(path)  # opens: first and last tiles are intact
    parks = parks_frame({"mid": cell_box(300, 300, 310, 310), "corner": cell_box(3, 2, 7, 5)})
    with pytest.raises(FileFormatError, match="cannot be read"):
        raster.zonal_stats(path, parks)
    assert raster.zonal_stats(path, parks.loc[["corner"]]).table.loc["corner", "count"] == 12


def test_gcp_only_raster_asks_for_warping(tmp_path: Path) -> None:
    from rasterio.control import GroundControlPoint

    path = tmp_path / "gcp.tif"
    gcps = [
        GroundControlPoint(0, 0, 119.0, 26.0),
        GroundControlPoint(0, 10, 119.1, 26.0),
        GroundControlPoint(10, 0, 119.0, 25.9),
    ]
    with rasterio.open(
        path, "w", driver="GTiff", width=10, height=10, count=1, dtype="uint8", gcps=gcps, crs="EPSG:4326"
    ) as dst:
        dst.write(np.ones((10, 10), dtype="uint8"), 1)
    with pytest.raises(FileFormatError, match="ground control points") as exc:
        raster.raster_info(path)
    assert "gdalwarp" in exc.value.hint
