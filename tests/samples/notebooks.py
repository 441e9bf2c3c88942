"""Run a notebook with the venv's kernel; read what it printed and drew (one copy for the notebook tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def execute(
    nb: nbformat.NotebookNode, path: Path, monkeypatch: pytest.MonkeyPatch, *, timeout: int = 300
) -> None:
    """Execute ``nb`` (read from ``path``) in place; a cell error fails the test with the cell's message."""
    # The python3 kernelspec runs "python": put this interpreter's bin directory first so the venv's ipykernel
    # (and its packages) are used, never a system python.
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    # streamlit (imported by other tests in this process) sets MPLBACKEND=Agg, which would hide the charts
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"notebook cell failed: {exc}")


def run(path: Path, monkeypatch: pytest.MonkeyPatch, *, timeout: int = 300) -> nbformat.NotebookNode:
    """Read and execute the notebook at ``path``; return it with its outputs."""
    nb = nbformat.read(path, as_version=4)
    execute(nb, path, monkeypatch, timeout=timeout)
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def printed(nb: nbformat.NotebookNode, *, results: bool = True) -> str:
    """What the notebook printed (stream output), and with ``results`` also the cells' text results."""
    return "\n".join(
        out.get("text", "")
        if out.get("output_type") == "stream"
        else (str(out.get("data", {}).get("text/plain", "")) if results else "")
        for out in _outputs(nb)
    )


def images(nb: nbformat.NotebookNode) -> int:
    """How many PNG images the notebook drew."""
    return sum(1 for out in _outputs(nb) if "image/png" in out.get("data", {}))
