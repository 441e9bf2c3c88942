"""The density surface reports its stage and can be cancelled (gis.jobs)."""

from __future__ import annotations

import pytest

from gis import raster
from gis.jobs import Cancelled, Progress
from gis.parks import load_parks
from gis.raster.density import STAGE_SPREAD


def _values():
    parks = load_parks()
    return raster.equal_split_values(
        parks,
        list(parks.index[:40]),
        total=100,
        unit="亿元",
        year=2020,
        source="test",
        label_zh="测试",
        label_en="test",
    )


def test_density_reports_its_stage_to_the_end() -> None:
    progress = Progress()
    surface = raster.density_surface(_values(), progress=progress)
    assert surface.check.ok
    assert progress.stages == [STAGE_SPREAD] and progress.fraction >= 0.95


def test_a_cancelled_density_stops_with_an_atlas_error() -> None:
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        raster.density_surface(_values(), progress=progress)
