"""The editor's live area script (layers/js/live_area.js): its projection constants are the Python CRS's, and
its Albers forward formulas and shoelace area agree with pyproj (run in node when it is installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import Polygon

from gis.drawn import albers_parameters
from gis.errors import CRSError
from gis.settings import EQUAL_AREA_CRS
from layers.draw import LIVE_AREA_JS, edit_map

NODE = shutil.which("node")


def _attach_params(html: str) -> dict:
    """The parameters the rendered editor map passes to ``fpaLiveArea.attach``."""
    hit = re.search(r"fpaLiveArea\.attach\([^{]*(\{[^}]*\})", html)
    assert hit, "the editor map does not attach the live area"
    return json.loads(hit.group(1))


def test_the_js_constants_are_the_python_crs() -> None:
    crs = pyproj.CRS.from_user_input(EQUAL_AREA_CRS)
    proj4 = dict(kv.lstrip("+").split("=") for kv in EQUAL_AREA_CRS.split() if "=" in kv)
    sent = _attach_params(edit_map({"layers": ["province"], "lang": "zh"}).get_root().render())
    assert sent == albers_parameters()
    assert sent["a"] == crs.ellipsoid.semi_major_metre
    assert sent["rf"] == crs.ellipsoid.inverse_flattening
    for name in ("lat_0", "lon_0", "lat_1", "lat_2", "x_0", "y_0"):
        assert sent[name] == pytest.approx(float(proj4[name]), abs=1e-9), name
    # Written once: the script itself holds none of the CRS's numbers.
    script = LIVE_AREA_JS.read_text(encoding="utf-8")
    for number in ("6378137", "298.257", "27.5", "118"):
        assert number not in script, number


def test_a_crs_other_than_albers_is_refused() -> None:
    with pytest.raises(CRSError, match="Albers"):
        albers_parameters("EPSG:3857")
    other = albers_parameters("+proj=aea +lat_0=10 +lon_0=105 +lat_1=25 +lat_2=47 +ellps=krass +units=m")
    assert other["lon_0"] == 105 and other["lat_2"] == 47 and other["rf"] == pytest.approx(298.3)


def _node(expr: str) -> object:
    js = LIVE_AREA_JS.read_text(encoding="utf-8") + f"\nprocess.stdout.write(JSON.stringify({expr}));\n"
    done = subprocess.run([NODE, "-e", js], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="needs node to run the script")
def test_the_js_albers_and_area_agree_with_pyproj() -> None:
    params = albers_parameters()
    lonlat = [(116.0, 23.6), (118.0, 24.0), (119.3, 26.1), (120.7, 28.3), (117.93, 24.86)]
    got = np.array(
        _node(
            f"(function(f){{return {json.dumps(lonlat)}.map(function(p){{return f(p[0],p[1]);}});}})"
            f"(fpaLiveArea.albers({json.dumps(params)}))"
        )
    )
    fwd = pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
    want = np.column_stack(fwd.transform(*np.array(lonlat).T))
    assert np.abs(got - want).max() < 1e-3  # metres

    # A park of two polygons drawn by the nesting rule: an outline, a hole in it and an island in the hole.
    outer = [(117.90, 24.83), (117.96, 24.83), (117.96, 24.88), (117.90, 24.88)]
    hole = [(117.915, 24.845), (117.945, 24.845), (117.945, 24.865), (117.915, 24.865)]
    island = [(117.925, 24.85), (117.935, 24.85), (117.93, 24.86)]
    rings = [[[(lat, lon) for lon, lat in r]] for r in (outer, hole, island)]
    area = _node(f"fpaLiveArea.measure({json.dumps(rings)}, fpaLiveArea.albers({json.dumps(params)})).m2")
    shape = Polygon(outer, [hole]).union(Polygon(island))
    want_m2 = shapely.area(shapely.transform(shape, lambda c: np.column_stack(fwd.transform(*c.T))))
    assert area == pytest.approx(want_m2, rel=1e-9)
