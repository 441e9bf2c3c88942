"""Execute notebooks/raster_density.ipynb with the venv's kernel; any cell error fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from gis.settings import ROOT
from tests.samples import notebooks

NOTEBOOK = ROOT / "notebooks" / "raster_density.ipynb"


@pytest.mark.slow
def test_raster_notebook_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "store.gpkg"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    nb = notebooks.run(NOTEBOOK, monkeypatch)
    text = notebooks.printed(nb)
    assert "rounding only" in text and "MORE than rounding" not in text
    assert "ASSUMPTION: plan target 6800 亿元 split equally" in text
    assert "tiled True | compression DEFLATE" in text.replace("deflate", "DEFLATE")
    assert "'inside': 112" in text  # the synthetic raster covers the whole province
    assert (
        "'outside'" in text.split("status on the western part:")[1]
        and "'partial'" in text.split("western part:")[1]
    )
    assert "G351024 covered fraction 0.4" in text or "G351024 covered fraction 0.5" in text
    assert "from EPSG:4549" in text
    assert notebooks.images(nb) >= 1
