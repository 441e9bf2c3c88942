"""The atlas's GeoPackages open in QGIS itself without a warning (issue 13), checked by scripts/check_qgis.py
under the system Python that has QGIS (Debian ``python3-qgis``). Skipped where QGIS is not installed.

Checked: ``python -m layers export --out F.gpkg`` in WGS84 and CGCS2000 (EPSG:4490), the map page's
GeoPackage download, and the data page's downloads (merged parks, the user store); the CLI and the map page
go through the same writer (:func:`layers.gpkg.geopackage_bytes` / ``write_geopackage`` →
:func:`gis.io.write.write_gpkg`), and so does the data page's merged parks (:func:`gis.store.export_merged`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from gis import import_session, store
from gis.io.write import gpkg_manifest
from gis.parks import load_parks, parks_in_force
from gis.settings import ROOT
from gis.vocab import GEOMETRY_QUALITY
from layers.gpkg import layer_docs
from layers.registry import layer_frames
from layers.spec import MapSpec

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = ROOT / "scripts" / "check_qgis.py"
#: Every layer with data (the sector layer with a sector that names cities and parks).
LAYERS = [
    "province",
    "cities",
    "counties",
    "parks",
    "petrochem",
    "demo_bases",
    "clusters_plan",
    "clusters_related",
    "cluster_targets",
    "sector",
]
SECTOR = 14


def _has_qgis() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"],
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not _has_qgis(),
    reason=f"QGIS is not importable by {SYSTEM_PYTHON} (apt-get install python3-qgis to open the exports)",
)


def _check(tmp_path: Path, files: list[Path], expect: dict | None = None) -> subprocess.CompletedProcess:
    args = [SYSTEM_PYTHON, str(SCRIPT), *map(str, files)]
    if expect is not None:
        (tmp_path / "expect.json").write_text(json.dumps(expect), encoding="utf-8")
        args += ["--expect", str(tmp_path / "expect.json")]
    runtime = tmp_path / "xdg"
    runtime.mkdir(exist_ok=True, mode=0o700)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


def _one_park_of_each_quality() -> None:
    """Accept one park of each declared geometry quality (points and polygons: the merged parks split)."""
    parks = load_parks().head(len(GEOMETRY_QUALITY))
    geoms = [
        Point(p.x, p.y)
        if q in ("point", "point_unknown")
        else box(p.x - 0.02, p.y - 0.02, p.x + 0.02, p.y + 0.02)
        for q, p in zip(GEOMETRY_QUALITY, parks.geometry, strict=True)
    ]
    gdf = gpd.GeoDataFrame(
        {"park_id": list(parks.index), "geometry_quality": list(GEOMETRY_QUALITY)}, geometry=geoms, crs=4326
    )
    store.accept_boundaries(gdf, source_file="declared.gpkg", note="one of each quality")


@pytest.mark.parametrize("crs", [None, "EPSG:4490"])
def test_cli_export_opens_in_qgis_as_written(tmp_path: Path, crs: str | None) -> None:
    _one_park_of_each_quality()
    out = tmp_path / ("cgcs2000.gpkg" if crs else "wgs84.gpkg")
    cmd = [sys.executable, "-m", "layers", "export", "--out", str(out), "--layers", *LAYERS]
    cmd += ["--sector", str(SECTOR)] + (["--crs", crs] if crs else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    frames = layer_frames(LAYERS, sector=SECTOR, parks=parks_in_force())
    expect = gpkg_manifest(frames, crs)
    assert any(t.endswith("__figures") for t in expect)  # child tables are checked too
    assert {"parks_points", "parks_polygons"} <= set(expect)  # one geometry type per layer
    res = _check(tmp_path, [out], {out.name: expect})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "all clean" in res.stdout and f"{len(expect)} layer(s)" in res.stdout
    assert ("EPSG:4490" if crs else "EPSG:4326") in res.stdout


def test_map_page_and_data_page_downloads_open_in_qgis(tmp_path: Path) -> None:
    from app_pages import map_session  # the map page's download, as the page makes it

    _one_park_of_each_quality()
    spec = MapSpec(tuple(LAYERS[:-1]), "zh", store_key=map_session.store_key())
    (tmp_path / "map_layers.gpkg").write_bytes(map_session.geopackage(spec))
    (tmp_path / "map_layers_4490.gpkg").write_bytes(map_session.geopackage(spec, "EPSG:4490"))
    frames = map_session.layer_frames(spec.normalized())
    assert set(layer_docs(frames))  # the same writer and descriptions as the CLI
    expect = {"map_layers.gpkg": gpkg_manifest(frames)}
    expect["map_layers_4490.gpkg"] = gpkg_manifest(frames, "EPSG:4490")
    blobs = import_session.export_files()
    (tmp_path / "parks_merged.gpkg").write_bytes(blobs["parks_merged.gpkg"])
    expect["parks_merged.gpkg"] = gpkg_manifest({"parks": store.merged_parks()})
    assert {"parks_points", "parks_polygons"} <= set(expect["parks_merged.gpkg"])
    res = _check(tmp_path, [tmp_path / name for name in expect], expect)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "all clean" in res.stdout


def test_user_store_backup_opens_in_qgis_without_warnings(tmp_path: Path) -> None:
    """The admin's user_store.gpkg is the store's backup (``gis store restore`` reads it back), so it keeps
    the store's own tables; it is GeoPackage 1.2 and opens in QGIS with no QGIS or GDAL warning."""
    _one_park_of_each_quality()
    (tmp_path / "user_store.gpkg").write_bytes(import_session.export_files()["user_store.gpkg"])
    res = _check(tmp_path, [tmp_path / "user_store.gpkg"])
    assert "4 layer(s) opened" in res.stdout  # every table loads
    problems = [line for line in res.stdout.splitlines() if line.startswith("problem:")]
    assert not [p for p in problems if "while opening" in p], res.stdout  # no QGIS / GDAL message
    backup_format = ("boundaries: geometry_type is", "history: text field 'keys_")  # the store's own format
    assert [p for p in problems if not any(k in p for k in backup_format)] == [], res.stdout


def test_the_check_catches_what_qgis_would_warn_about(tmp_path: Path) -> None:
    good = tmp_path / "good.gpkg"
    proc = subprocess.run(
        [sys.executable, "-m", "layers", "export", "--out", str(good), "--layers", "province", "parks"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(good.read_bytes())
    con = sqlite3.connect(bad)
    con.execute("UPDATE gpkg_geometry_columns SET geometry_type_name = 'POINT' WHERE table_name = 'province'")
    con.commit()
    con.close()
    res = _check(tmp_path, [bad])
    assert res.returncode == 1
    assert "not consistent" in res.stdout  # GDAL's warning, as QGIS's log would show it
    wrong = gpkg_manifest({"province": gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)] * 2, crs=4326)})
    res = _check(tmp_path, [good], {"good.gpkg": wrong})
    assert res.returncode == 1 and "the writer meant" in res.stdout
