"""Execute notebooks/raster_density.ipynb with the venv's kernel; any cell error fails the test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from gis.settings import ROOT

NOTEBOOK = ROOT / "notebooks" / "raster_density.ipynb"


def _text(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        out.get("text", "")
        if out.get("output_type") == "stream"
        else str(out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


@pytest.mark.slow
def test_raster_notebook_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The python3 kernelspec runs "python": put this interpreter's bin directory first so the venv's ipykernel
    # (and its packages) are used, never a system python.
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "store.gpkg"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the notebook draws inline
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"notebook cell failed: {exc}")
    text = _text(nb)
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
    images = sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )
    assert images >= 1
