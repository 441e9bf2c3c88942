"""``python -m gis raster``: exit codes, one-line errors, the figure list in --help, and the written files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from shapely.geometry import box

from clusters.raster_inputs import figure_choices, petrochem_split
from gis import cli_raster, raster, store
from gis.__main__ import main
from gis.parks import load_parks
from gis.raster import PETROCHEM_SPLIT_FIGURE
from tests.conftest import ROOT
from tests.samples.rasters import cell_box, cell_centre, fig, parks_frame, value_grid, write_raster


def _run(*args: str, prog: tuple[str, ...] = ("gis", "raster")) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *prog, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


@pytest.fixture
def synthetic_parks(monkeypatch: pytest.MonkeyPatch):
    parks = parks_frame(
        {"a": cell_box(3, 2, 7, 5), "b": cell_centre(5, 5), "far": cell_box(300, 0, 304, 2)},
        figures={"a": [fig(120.0)], "b": [fig(30.0)], "far": [fig(50.0)]},
    )
    parks.loc["b", "kind"] = "petrochemical_base"
    monkeypatch.setattr(cli_raster, "load_parks", lambda with_store=False: parks)
    return parks


def test_density_shipped_parks_writes_a_geotiff(tmp_path: Path) -> None:
    out = tmp_path / "density.tif"
    proc = _run("density", "--out", str(out), "--cell", "2000", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert (
        summary["sum_check"]["ok"] and summary["figure"] == "approved_area_ha" and summary["cell_m"] == 2000
    )
    with rasterio.open(out) as ds:
        assert ds.crs is not None and ds.res == (2000.0, 2000.0)
        assert float(ds.read(1).sum(dtype="float64")) == pytest.approx(
            summary["sum_check"]["total_input"], rel=1e-5
        )
        assert ds.tags()["FIGURE"] == "approved_area_ha"


def test_density_petrochemical_split_says_assumption(tmp_path: Path) -> None:
    """The plan split needs the plan data: ``python -m clusters density``; ``gis`` says where it is."""
    out = tmp_path / "pc.tif"
    proc = _run("density", "--out", str(out), "--figure", PETROCHEM_SPLIT_FIGURE, prog=("clusters",))
    assert proc.returncode == 0, proc.stderr
    assert "assumption" in proc.stdout.lower()
    with rasterio.open(out) as ds:
        tags = ds.tags()
        assert tags["ASSUMPTION"].startswith("ASSUMPTION") and tags["YEAR"] == "2020"
        assert "6800" in tags["SOURCE"] and "专栏10" in tags["SOURCE"]
        assert float(tags["TOTAL_INPUT"]) == pytest.approx(6800)


def test_help_lists_figures() -> None:
    proc = _run("density", "--help")
    assert proc.returncode == 0
    assert "approved_area_ha" in proc.stdout and "plan_petrochem_output_2020_equal_split" in proc.stdout
    assert "assumption" in proc.stdout
    assert "python -m clusters density" in proc.stdout
    proc = _run("density", "--help", prog=("clusters",))
    assert proc.returncode == 0
    assert "approved_area_ha" in proc.stdout and "plan_petrochem_output_2020_equal_split" in proc.stdout
    assert "6800亿元" in proc.stdout and "assumption" in proc.stdout


def test_plan_figure_in_gis_points_to_clusters(tmp_path: Path) -> None:
    proc = _run("density", "--out", str(tmp_path / "x.tif"), "--figure", PETROCHEM_SPLIT_FIGURE)
    assert proc.returncode == 1 and "python -m clusters density" in proc.stderr
    assert not (tmp_path / "x.tif").exists()
    proc = _run(
        "density",
        "--out",
        str(tmp_path / "x.tif"),
        "--figure",
        PETROCHEM_SPLIT_FIGURE,
        "--year",
        "2019",
        prog=("clusters",),
    )
    assert proc.returncode == 1 and "2020" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_errors_are_one_line_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tif"
    bad.write_text("not a raster", encoding="utf-8")
    for args in (
        ("density", "--out", str(tmp_path / "x.tif"), "--figure", "nope"),
        ("density", "--out", str(tmp_path / "missing" / "x.tif")),
        ("density", "--out", str(tmp_path / "x.tif"), "--cell", "-5"),
        ("zonal", "--raster", str(bad)),
        ("zonal", "--raster", str(tmp_path / "absent.tif")),
    ):
        proc = _run(*args)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.tif").exists()


def test_zonal_json_and_csv(tmp_path: Path, synthetic_parks, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_raster(tmp_path / "v.tif", value_grid(), nodata=-1)
    csv = tmp_path / "z.csv"
    assert main(["raster", "zonal", "--raster", str(path), "--json", "--out", str(csv)]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = {r["id"]: r for r in doc["parks"]}
    assert rows["a"]["status"] == "inside" and rows["far"]["status"] == "outside"
    data = value_grid()
    cells = [data[r, c] for r in range(2, 5) for c in range(3, 7) if data[r, c] != -1]
    assert rows["a"]["mean"] == pytest.approx(float(np.mean(cells)))
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["raster", "zonal", "--raster", str(path), "--categorical"]) == 0
    text = capsys.readouterr().out
    assert "categorical" in text and "share_" in text


def test_density_in_process_with_synthetic_parks(tmp_path: Path, synthetic_parks, capsys) -> None:
    out = tmp_path / "d.tif"
    assert main(["raster", "density", "--out", str(out), "--cell", "1000"]) == 0
    text = capsys.readouterr().out
    assert "rounding only" in text
    with rasterio.open(out) as ds:  # "far" (30 km east of Fuzhou) is still in Fujian: all three counted
        assert float(ds.read(1).sum(dtype="float64")) == pytest.approx(200.0, rel=1e-5)
    assert main(["raster", "info", "--raster", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["tags"]["N_PARKS"] == "3"


def test_user_boundary_from_the_store_is_used_as_footprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A polygon the user accepted for a shipped park replaces its approximate point in the density
    surface."""
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "store.gpkg"))
    assert raster.load_parks_for_rasters(with_store=True).equals(
        load_parks()
    )  # no store file: shipped parks, none created
    assert not (tmp_path / "store.gpkg").exists()
    pid = "G351024"
    pt = load_parks().geometry[pid]
    poly = box(pt.x - 0.02, pt.y - 0.02, pt.x + 0.02, pt.y + 0.02)
    store.accept_boundaries(
        gpd.GeoDataFrame({"park_id": [pid]}, geometry=[poly], crs="EPSG:4326"), source_file="survey.geojson"
    )
    parks = raster.load_parks_for_rasters(with_store=True)
    surface = raster.density_surface(raster.figure_values(parks))
    assert surface.inputs.loc[pid, "spread_as"] == "polygon"
    assert surface.inputs.drop(index=pid)["spread_as"].eq("kernel").all()
    assert surface.check.ok
    shipped = raster.load_parks_for_rasters(with_store=False)
    assert raster.density_surface(raster.figure_values(shipped)).inputs.loc[pid, "spread_as"] == "kernel"


def test_figure_choices_and_split_from_the_plan() -> None:
    parks = load_parks()
    choices = figure_choices(parks)
    assert "approved_area_ha" in choices.index and PETROCHEM_SPLIT_FIGURE in choices.index
    n_pc = len(raster.petrochemical_parks(parks))
    assert choices.loc[PETROCHEM_SPLIT_FIGURE, "n_parks"] == n_pc > 0
    assert choices.loc[PETROCHEM_SPLIT_FIGURE, "label_zh"] == (
        f"规划2020年石化产值6800亿元，平均分配至{n_pc}个石化园区（假设）"
    )
    values = petrochem_split(parks)
    assert float(values["value"].sum()) == pytest.approx(6800) and len(values) == n_pc
    # the park-figure list in gis never offers the plan figure
    assert PETROCHEM_SPLIT_FIGURE not in raster.park_figure_choices(parks).index
