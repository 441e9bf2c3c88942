"""One categorical rule (gis.raster.read.is_categorical) for the map display, the printed sheet and the zonal
statistics, and the user's "categorical / continuous" choice reaching all three (issue 13)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from shapely.geometry import box

from gis import raster
from gis.raster.read import category_names, is_categorical
from layers import raster as lraster
from layers.print import SheetSpec
from layers.print.sheet import build_sheet
from tests.samples.rasters import GK, gk_origin, write_raster

#: 2 km cells: the 10 × 10 raster (20 km) shows every class on a city sheet as well as in a park.
CELL = 2000.0
NAMES = ["", "Built-up", "Cropland", "Forest", "Water", "Grassland", "Wetland"]


def _classes(tmp_path: Path, how: str) -> Path:
    """A 6-class uint8 raster (nodata 0) that says it holds classes only by ``how``: a tag, category names
    (GDAL's PAM ``.aux.xml``), a colour table, or nothing at all (``plain``)."""
    data = np.array([[1, 2, 3, 4, 5, 6, 1, 2, 3, 4]] * 10, dtype="uint8")
    cmap = {i: (40 * i, 255 - 30 * i, 100, 255) for i in range(1, 7)} if how == "colour_table" else None
    x0, y0 = gk_origin()
    grid = Affine(CELL, 0, x0, 0, -CELL, y0)
    path = write_raster(tmp_path / f"{how}.tif", data, transform=grid, nodata=0, colormap=cmap)
    if how == "tag":
        with rasterio.open(path, "r+") as ds:
            ds.update_tags(LAYER_TYPE="thematic")
    if how == "names":
        cats = "".join(f"<Category>{n}</Category>" for n in NAMES)
        Path(f"{path}.aux.xml").write_text(
            f'<PAMDataset><PAMRasterBand band="1"><CategoryNames>{cats}</CategoryNames></PAMRasterBand>'
            "</PAMDataset>",
            encoding="utf-8",
        )
    return path


@pytest.fixture()
def park() -> gpd.GeoDataFrame:
    x0, y0 = gk_origin()
    geom = box(x0 + 1 * CELL, y0 - 8 * CELL, x0 + 9 * CELL, y0 - 2 * CELL)
    return gpd.GeoDataFrame({"name_zh": ["园区"]}, geometry=[geom], index=["p"], crs=GK).to_crs(4326)


def _sheet_raster_items(path: Path, **spec: object) -> list:
    sheet = build_sheet(
        SheetSpec(layers=("province",), lang="en", raster=str(path), extent="city", focus="350100", **spec)
    )
    sections = [items for heading, items in sheet.drawn.sections if heading.startswith("Raster")]
    assert len(sections) == 1
    return sections[0]


def _is_class_legend(items: list, n: int) -> bool:
    return sum(1 for it in items if it.kind == "patch") == n and not any(
        it.label.strip()[:1].isdigit() for it in items if it.kind == "patch"
    )


@pytest.mark.parametrize("how", ["tag", "names"])
def test_a_raster_that_says_it_holds_classes_is_categorical_everywhere(tmp_path: Path, park, how) -> None:
    path = _classes(tmp_path, how)
    with rasterio.open(path) as ds:
        assert is_categorical(ds)
    # the map: nearest-neighbour classes, discrete colours, a class legend, never a ramp
    disp = raster.warp_for_display(path)
    assert disp.categorical
    rgba, spec = lraster.colourise(disp, lang="en")
    assert spec.categorical and not spec.stops and [v for v, _l, _c in spec.classes] == [1, 2, 3, 4, 5, 6]
    colours = {c for _v, _l, c in spec.classes}
    assert len(colours) == 6
    html = lraster.legend_html(spec, "en")
    assert "linear-gradient" not in html
    if how == "names":  # the raster's own category names label the classes
        assert [lab for _v, lab, _c in spec.classes] == NAMES[1:]
        assert "Forest" in html
    else:  # unnamed classes, in the legend's language
        assert [lab for _v, lab, _c in spec.classes] == [f"class {v}" for v in range(1, 7)]
    # the sheet: the same class legend, one patch per class
    items = _sheet_raster_items(path)
    assert _is_class_legend(items, 6)
    if how == "names":
        assert {it.label for it in items if it.kind == "patch"} == set(NAMES[1:])
    # zonal statistics: counted, not averaged
    res = raster.zonal_stats(path, park)
    assert res.categorical and "mean" not in res.table.columns
    if how == "names":
        assert res.classes[3]["label"] == "Forest"


def test_category_names_are_read_from_the_raster(tmp_path: Path) -> None:
    with rasterio.open(_classes(tmp_path, "names")) as ds:
        assert category_names(ds) == {i: n for i, n in enumerate(NAMES) if n}
    with rasterio.open(_classes(tmp_path, "plain")) as ds:
        assert category_names(ds) == {} and not is_categorical(ds)


def test_the_users_choice_reaches_display_print_and_zonal(tmp_path: Path, park) -> None:
    plain, table = _classes(tmp_path, "plain"), _classes(tmp_path, "colour_table")
    # "categorical" on a raster that says nothing
    assert raster.warp_for_display(plain, categorical=True).categorical
    assert _is_class_legend(_sheet_raster_items(plain, raster_categorical=True), 6)
    assert raster.zonal_stats(plain, park, categorical=True).categorical
    # "continuous" on a raster with a colour table: a ramp everywhere
    disp = raster.warp_for_display(table, categorical=False)
    assert not disp.categorical and lraster.colourise(disp)[1].stops
    items = _sheet_raster_items(table, raster_categorical=False)
    assert [it.label.split()[0] for it in items if it.kind == "patch"] == ["1", "3.5", "6"]
    assert not raster.zonal_stats(table, park, categorical=False).categorical
    # and nothing chosen: as the raster says
    assert not raster.warp_for_display(plain).categorical
    assert _is_class_legend(_sheet_raster_items(table), 6)


def test_print_takes_the_users_class_names(tmp_path: Path) -> None:
    items = _sheet_raster_items(_classes(tmp_path, "tag"), raster_labels=((2, "耕地 Cropland"),))
    assert "耕地 Cropland" in {it.label for it in items}
