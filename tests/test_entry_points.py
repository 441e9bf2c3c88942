"""The command lines: ``python -m gis|clusters|layers`` and their console scripts answer ``--help``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

COMMANDS = {
    "gis": ("fpa-gis", ["check", "raster"]),
    "clusters": ("fpa-clusters", ["targets", "share", "parkshare", "density", "report"]),
    "layers": ("fpa-layers", ["export"]),
}


@pytest.mark.parametrize("package", sorted(COMMANDS))
def test_module_help_lists_every_subcommand(package: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", package, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    for sub in COMMANDS[package][1]:
        assert sub in out.stdout
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("package", sorted(COMMANDS))
def test_console_script_is_installed_and_runs(package: str) -> None:
    script = shutil.which(COMMANDS[package][0], path=str(Path(sys.executable).parent))
    assert script, f"{COMMANDS[package][0]} is not installed: run make (pip install -e .)"
    out = subprocess.run([script, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"python -m {package}" in out.stdout
