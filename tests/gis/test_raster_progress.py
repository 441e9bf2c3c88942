"""The density surface reports its stage and can be cancelled (gis.jobs)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gis import raster
from gis.jobs import Cancelled, Progress
from gis.parks import load_parks
from gis.raster.density import STAGE_SPREAD
from gis.settings import ROOT


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


def test_density_cli_progress_on_stderr_json_clean(tmp_path) -> None:
    out = tmp_path / "d.tif"
    proc = subprocess.run(
        [sys.executable, "-m", "gis", "raster", "density", "--out", str(out), "--cell", "3000", "--json"]
        + ["--progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sum_check"]["ok"]
    assert "progress: 把数值分布到栅格" in proc.stderr and "spreading the values" in proc.stderr
