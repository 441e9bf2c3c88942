"""The firm-share map is aggregated: parks, cities and a density grid, never a marker per firm."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusters import parkshare as ps
from clusters.parkshare.density import firm_density, fujian_grid
from gis.boundaries import load_boundaries
from layers.mapbuild import map_html
from layers.parkshare_map import parkshare_map
from tests.samples import firms as samples


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    return ps.default_context(
        samples.write_parks(tmp_path_factory.mktemp("pm")), counties=load_boundaries("county")
    )


def _result(ctx, n: int) -> ps.ParkShareResult:
    rng = np.random.default_rng(n)
    firms = pd.DataFrame(
        {
            "lon": rng.uniform(118.0, 119.8, n).round(5),
            "lat": rng.uniform(25.0, 26.6, n).round(5),
            "output": rng.uniform(1, 50, n).round(1),
        }
    )
    return ps.compute_parkshare(firms, ctx)


def test_density_grid_counts_every_placed_firm_where_it_is(ctx) -> None:
    result = _result(ctx, 20_000)
    d = result.density
    assert d is not None and int(d.firms.sum()) == result.province["firms"]
    assert d.output.sum() == pytest.approx(result.province["output_total"])
    g = fujian_grid()
    one = firm_density(np.array([119.30]), np.array([26.08]), np.array([5.0]), g)
    row, col = np.argwhere(one.firms)[0]
    assert g.west + col * (g.east - g.west) / g.nx <= 119.30 < g.west + (col + 1) * (g.east - g.west) / g.nx
    assert row < g.ny // 2  # 26.08°N is in the northern half of 23.4–28.4°N on a Mercator grid


def test_the_map_does_not_grow_with_the_firms(ctx) -> None:
    pages = {}
    for n in (1_000, 200_000):
        result = _result(ctx, n)
        fmap = parkshare_map(
            result.by_city, result.by_park, ctx.park_frame(), "en", asset_mode=None, density=result.density
        )
        html = map_html(fmap)
        assert "Firm density" in html and html.count("L.imageOverlay(") == 1
        assert html.count("L.circleMarker(") == len(ctx.park_table)  # one circle per park, none per firm
        pages[n] = len(html.encode())
    assert pages[200_000] < pages[1_000] + 60_000  # 200× the firms: only the density image grows a little
    assert pages[200_000] < 1_000_000


def test_dask_style_partials_add_their_grids(ctx) -> None:
    result = _result(ctx, 5000)
    valid, bad, _ = ps.validate_firms(
        pd.DataFrame({"lon": [119.3, 119.42], "lat": [26.08, 26.02], "output": [1.0, 2.0]})
    )
    a = ps.partial(valid, bad, ctx)
    both = ps.combine([a, a])
    assert int(both.density.firms.sum()) == 4 and result.density is not None
