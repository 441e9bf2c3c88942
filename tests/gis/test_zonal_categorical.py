"""A categorical raster is counted, not averaged, when the raster says it is categorical (issue 13): the one
rule :func:`gis.raster.read.is_categorical`, which the map display and print use too."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from shapely.geometry import box

from gis import raster
from gis.raster.read import is_categorical
from tests.samples.rasters import CELL, GK, gk_origin, write_raster


@pytest.fixture()
def park() -> gpd.GeoDataFrame:
    x0, y0 = gk_origin()
    geom = box(x0 + 2 * CELL, y0 - 6 * CELL, x0 + 6 * CELL, y0 - 2 * CELL)
    return gpd.GeoDataFrame({"name_zh": ["园区"]}, geometry=[geom], index=["p"], crs=GK).to_crs(4326)


def _landuse(tmp_path: Path, **tags: str) -> Path:
    data = np.array([[1, 2, 3, 4, 5, 6, 1, 2, 3, 4]] * 10, dtype="uint8")
    path = write_raster(tmp_path / "lu.tif", data, nodata=0)
    with rasterio.open(path, "r+") as ds:
        ds.update_tags(**tags)
    return path


@pytest.mark.parametrize(
    "tags", [{"LAYER_TYPE": "thematic"}, {"product": "land use 2020"}, {"kind": "土地利用"}]
)
def test_a_raster_that_says_it_holds_classes_is_counted(tmp_path: Path, park, tags) -> None:
    path = _landuse(tmp_path, **tags)
    with rasterio.open(path) as ds:
        assert is_categorical(ds)
    res = raster.zonal_stats(path, park)
    assert res.categorical
    assert "mean" not in res.table.columns or res.table["mean"].isna().all()
    shares = res.table.loc["p", [c for c in res.table.columns if c.startswith("share_")]]
    assert shares.sum() == pytest.approx(1.0)


def test_a_quantity_raster_is_still_averaged(tmp_path: Path, park) -> None:
    path = _landuse(tmp_path, units="yuan per cell")
    with rasterio.open(path) as ds:
        assert not is_categorical(ds)
    assert not raster.zonal_stats(path, park).categorical
