"""layers.raster: colour mapping, in-memory PNG, overlay placement (lon/lat bounds), legend, escaping."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import folium
import numpy as np
import pytest
from matplotlib import colormaps
from PIL import Image

from gis import raster
from layers import raster as lraster
from tests.samples.rasters import ANCHOR_LONLAT, cell_centre, parks_frame, write_raster

PAYLOAD = "<img src=x onerror=alert(1)>`${x}`{{7*7}}"


def _display(data: np.ndarray, *, categorical: bool, table: dict | None = None) -> raster.DisplayRaster:
    return raster.DisplayRaster(
        data=np.ma.masked_invalid(data) if data.dtype.kind == "f" else np.ma.masked_equal(data, 0),
        bounds_3857=(0, 0, 1, 1),
        bounds_lonlat=(118.0, 24.0, 119.0, 25.0),
        categorical=categorical,
        colour_table=table,
        description="",
        units="ha per cell",
        source_crs="EPSG:4549",
    )


def _decode(url: str) -> np.ndarray:
    assert url.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA"))


def test_continuous_ramp_ends_and_transparency() -> None:
    data = np.linspace(0, 100, 101, dtype="float64").reshape(1, -1).repeat(3, axis=0)
    data[2, :] = np.nan
    rgba, spec = lraster.colourise(_display(data, categorical=False), vmin=10, vmax=90)
    ramp = colormaps[lraster.DEFAULT_CMAP]
    low = tuple(int(round(c * 255)) for c in ramp(0.0)[:3])
    high = tuple(int(round(c * 255)) for c in ramp(1.0)[:3])
    assert tuple(rgba[0, 0, :3]) == low and tuple(rgba[0, 5, :3]) == low  # below vmin → first colour
    assert tuple(rgba[0, 100, :3]) == high and tuple(rgba[0, 95, :3]) == high
    assert (rgba[2, :, 3] == 0).all() and (rgba[0, :, 3] == 255).all()
    assert spec.vmin == 10 and spec.vmax == 90 and len(spec.stops) == 11 and not spec.categorical
    # default stretch: 2nd–98th percentile; zero_transparent hides zeros
    rgba2, spec2 = lraster.colourise(_display(data, categorical=False), zero_transparent=True)
    assert spec2.vmin == pytest.approx(np.percentile(np.arange(1, 101), 2))
    assert rgba2[0, 0, 3] == 0 and rgba2[0, 1, 3] == 255
    assert "2nd–98th percentiles" in spec2.note_en  # not "2th"


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (11, "11th"),
        (12, "12th"),
        (22, "22nd"),
        (98, "98th"),
        (2.5, "2.5th"),
    ],
)
def test_percentile_ordinals(p: float, text: str) -> None:
    assert lraster._ordinal(p) == text


def test_categorical_uses_colour_table_and_palette() -> None:
    data = np.array([[1, 1, 2], [3, 0, 2]], dtype="uint8")
    table = {1: (230, 0, 0, 255), 2: (0, 160, 0, 255)}
    rgba, spec = lraster.colourise(
        _display(data, categorical=True, table=table), class_labels={1: "建设用地"}
    )
    assert tuple(rgba[0, 0]) == (230, 0, 0, 255) and tuple(rgba[1, 2]) == (0, 160, 0, 255)
    assert rgba[1, 1, 3] == 0  # nodata (masked 0) is transparent
    assert rgba[1, 0, 3] == 255 and tuple(rgba[1, 0, :3]) not in {
        (230, 0, 0),
        (0, 160, 0),
    }  # class 3: palette
    assert [c[0] for c in spec.classes] == [1, 2, 3]
    assert spec.classes[0][1] == "建设用地" and spec.classes[0][2] == "#e60000"
    assert spec.classes[2][1] == "类别 3"  # an unnamed class, in the legend's language
    assert lraster.colourise(_display(data, categorical=True), lang="en")[1].classes[2][1] == "class 3"


def test_png_round_trip() -> None:
    rgba = np.zeros((4, 5, 4), dtype="uint8")
    rgba[1, 2] = (10, 20, 30, 255)
    np.testing.assert_array_equal(_decode(lraster.png_data_url(rgba)), rgba)


def test_legend_escapes_names_and_loads_nothing() -> None:
    data = np.arange(12, dtype="float64").reshape(3, 4)
    m = folium.Map(tiles=None)
    lraster.add_raster(m, _display(data, categorical=False), name_zh=PAYLOAD, name_en="Density 密度")
    html = m.get_root().render()
    assert "<img src=x" not in html and "{{7*7}}" not in html and "${x}" not in html
    found = re.search(r"div\.innerHTML = (\".*?(?<!\\)\");", html)
    assert found, "legend HTML not found"
    legend = json.loads(found.group(1))  # what the browser puts into innerHTML
    assert "&lt;img src=x onerror=alert(1)&gt;" in legend and "<img" not in legend
    assert "&#123;&#123;7*7&#125;&#125;" in legend and "&#36;&#123;x&#125;" in legend
    assert "d3js" not in html and "branca" not in html.lower().split("<body>")[-1]
    assert "fpa-raster-legend" in html and "linear-gradient" in html
    assert "Density 密度" in legend


def test_overlay_bounds_are_south_west_north_east() -> None:
    data = np.arange(12, dtype="float64").reshape(3, 4)
    overlay, legend, _spec = lraster.raster_overlay(
        _display(data, categorical=False), name_zh="密度", name_en="Density"
    )
    assert overlay.options["opacity"] == 0.75 if "opacity" in overlay.options else True
    assert overlay.bounds == [[24.0, 118.0], [25.0, 119.0]]
    assert overlay.url.startswith("data:image/png;base64,")


def test_gauss_kruger_overlay_html_carries_lonlat_bounds(tmp_path: Path) -> None:
    """End to end: a GK raster becomes an overlay whose Leaflet bounds are lon/lat around Fuzhou."""
    data = np.zeros((50, 50), dtype="uint8")
    data[10:20, 10:20] = 1
    path = write_raster(tmp_path / "gk.tif", data, nodata=0, colormap={0: (0, 0, 0, 0), 1: (255, 0, 0, 255)})
    disp = raster.warp_for_display(path)
    parks = parks_frame({"p": cell_centre(15, 15)})
    m = lraster.raster_map(disp, name_zh="土地利用", name_en="Land use", parks=parks)
    html = m.get_root().render()
    west, south, east, north = disp.bounds_lonlat
    start = html.find("L.imageOverlay(")
    assert start >= 0, "no image overlay in the HTML"
    found = re.search(
        r'"data:image/png;base64,[A-Za-z0-9+/=]+"\s*,\s*(\[\s*\[[^\]]*\]\s*,\s*\[[^\]]*\]\s*\])', html[start:]
    )
    head = html[start : start + 60] + " … " + html[start + 60 :][html[start + 60 :].find('",') :][:200]
    assert found, f"image overlay bounds not found after: {head}"
    (s, w), (n, e) = json.loads(found.group(1))
    assert (s, w, n, e) == pytest.approx((south, west, north, east), abs=1e-9)
    centre = parks.geometry.iloc[0]  # lon/lat of the red block's centre cell
    assert w < centre.x < e and s < centre.y < n
    assert abs(centre.x - ANCHOR_LONLAT[0]) < 0.05 and abs(centre.y - ANCHOR_LONLAT[1]) < 0.05
    assert "fpa-raster-pixelated" in html  # categorical pixels stay crisp
    assert "园区p" in html  # park tooltip


def test_raster_map_has_no_tiles_by_default() -> None:
    data = np.arange(12, dtype="float64").reshape(3, 4)
    html = (
        lraster.raster_map(_display(data, categorical=False), name_zh="密度", name_en="Density")
        .get_root()
        .render()
    )
    assert "tile.openstreetmap" not in html and "L.tileLayer" not in html


def test_zonal_card_html(tmp_path: Path) -> None:
    data = np.where(np.arange(10)[None, :] < 5, 1, 2).repeat(10, axis=0).astype("uint8")
    path = write_raster(
        tmp_path / "c.tif", data, nodata=0, colormap={1: (255, 0, 0, 255), 2: (0, 255, 0, 255)}
    )
    parks = parks_frame({"p": cell_centre(4, 4), "x": cell_centre(400, 4)})
    result = raster.zonal_stats(path, parks, class_labels={1: PAYLOAD}, point_mode="cell")
    html = lraster.zonal_card_html(result, "p", "en")
    assert "100.0%" in html and "<img" not in html and "&lt;img" in html
    assert "outside" in lraster.zonal_card_html(result, "x", "en")
    assert "栅格" in lraster.zonal_card_html(result, "x", "zh")
    assert lraster.zonal_card_html(result, "nope") == ""
    cont = raster.zonal_stats(path, parks, categorical=False, point_mode="cell")
    assert "mean: 1" in lraster.zonal_card_html(cont, "p", "en")
