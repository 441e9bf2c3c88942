"""The store on PostgreSQL/PostGIS: the same tables, history, roles and drafts as the GeoPackage, several
writing processes, a writer killed mid-change, and a GeoPackage backup of it.

The server is Debian's PostgreSQL 15 (with PostGIS 3 when installed), started on 127.0.0.1 in a temp
folder; the tests are skipped, saying why, where it cannot start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from gis import auth, store
from gis.parks import parks_in_force
from tests.conftest import free_port
from tests.gis.test_store_concurrency import CRASHER, _env, run_signed_in_writers

PG_BIN = Path("/usr/lib/postgresql/15/bin")
EDITOR, OTHER, VIEWER = auth.Actor("ed", "editor"), auth.Actor("eva", "editor"), auth.Actor("vera", "viewer")


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1 for this module; yields the URL of its ``postgres`` database."""
    psycopg = pytest.importorskip("psycopg", reason="needs psycopg (pip install psycopg[binary])")
    if not (PG_BIN / "initdb").exists():
        pytest.skip("needs Debian's postgresql-15 (apt-get install postgresql-15 postgresql-15-postgis-3)")
    root = Path(tempfile.mkdtemp(prefix="fpa-pg-"))  # pytest's temp folders are closed to other accounts
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", free_port()
    init = subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be initialised here: {init.stderr.strip()[:200]}")
    opts = f"-h 127.0.0.1 -p {port} -k {root} -F -c fsync=off"
    start = subprocess.run(
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL did not start on 127.0.0.1: {start.stderr.strip()[:200]}")
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        with psycopg.connect(url, connect_timeout=10):
            pass
        yield url
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg(pg_server: str) -> str:
    """A fresh database on the server for one test; its connection string."""
    import psycopg

    name = f"atlas_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return pg_server.rsplit("/", 1)[0] + "/" + name


def _parks(ids: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"park_id": ids},
        geometry=[box(118 + i / 10, 25, 118.05 + i / 10, 25.05) for i in range(len(ids))],
        crs=4326,
    )


def test_same_store_on_postgis(pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_AUTH", "required")
    first = store.accept_boundaries(
        _parks(["gulei", ""]), source_file="survey.zip", note="bureau", user=EDITOR, path=pg
    )
    second = store.accept_boundaries(_parks(["gulei"]), source_file="again.zip", user=OTHER, path=pg)
    store.save_figures(
        pd.DataFrame(
            {
                "subject_type": ["park"],
                "subject_id": ["gulei"],
                "key": ["k"],
                "year": [2020],
                "value": ["1,234"],
            }
        ),
        "f.csv",
        user=EDITOR,
        path=pg,
    )
    hist = store.history(path=pg).set_index("change_id")
    assert hist.loc[first, "actor"] == "ed" and hist.loc[second, "keys_before"] == {
        "boundaries": {"gulei": first}
    }
    bounds = store.load_user_boundaries(path=pg)
    assert set(bounds["park_id"]) == {"gulei", f"user-{first}-2"}
    assert store.load_figures(path=pg)["value"].tolist() == [1234.0]
    with pytest.raises(auth.PermissionDenied):
        store.undo(first, user=OTHER, path=pg)
    with pytest.raises(auth.PermissionDenied):
        store.save_scenario("x", {"a": 1}, user=VIEWER, path=pg)
    store.undo(second, user=auth.Actor("ada", "admin"), path=pg)
    assert store.load_user_boundaries(path=pg).set_index("park_id").loc["gulei", "change_id"] == first
    merged = parks_in_force(pg)
    assert (
        merged.loc["gulei", "provenance"] == "user"
        and merged.loc["gulei", "user_source_file"] == "survey.zip"
    )


def test_drafts_and_append_only_history_on_postgis(pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    monkeypatch.setenv("FPA_AUTH", "required")
    store.save_scenario("mine", {"a": 1}, user=EDITOR, path=pg)
    assert store.load_scenarios(user=OTHER, path=pg) == {}
    store.share_scenario("mine", user=EDITOR, path=pg)
    assert store.load_scenarios(user=VIEWER, path=pg) == {"mine": {"a": 1}}
    with psycopg.connect(pg, autocommit=True) as con:
        for sql in ("UPDATE history SET actor = 'x'", "DELETE FROM history", "TRUNCATE history"):
            with pytest.raises(psycopg.Error, match="append-only"):
                con.execute(sql)


def test_postgis_shape_column_and_geopackage_backup(pg: str, tmp_path: Path) -> None:
    import psycopg

    store.accept_boundaries(_parks(["a", "b"]), source_file="s.zip", path=pg)
    with psycopg.connect(pg) as con:
        has_postgis = con.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
        if has_postgis:
            (area,) = con.execute("SELECT sum(ST_Area(shape)) FROM boundaries").fetchone()
            assert area == pytest.approx(2 * 0.05 * 0.05)
    copy = store.backup_store(tmp_path / "copy.gpkg", path=pg)
    assert store.check_store(copy).ok
    assert store.load_user_boundaries(path=copy)["park_id"].tolist() == ["a", "b"]
    assert store.check_store(pg).ok


@pytest.mark.slow
def test_eight_writers_on_postgis_lose_nothing(pg: str) -> None:
    n_proc, n_each = 8, 100
    run_signed_in_writers(pg, n_proc, n_each)
    hist = store.history(path=pg)
    assert len(hist) == n_proc * n_each and hist["change_id"].is_unique
    assert hist["actor"].value_counts().to_dict() == {f"planner{w}": n_each for w in range(n_proc)}
    bounds = store.load_user_boundaries(path=pg)
    assert len(bounds) == n_proc * (n_each // 3) and bounds["park_id"].is_unique
    assert len(store.load_figures(path=pg, latest=False)) == n_proc * len(range(0, n_each, 3))


def test_killed_mid_change_on_postgis_loses_nothing_committed(pg: str) -> None:
    store.save_scenario("kept", {"a": 1}, path=pg)
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, pg, "2000"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.strip() == "inside", proc.stderr.read()
    assert store.load_scenarios(path=pg) == {"kept": {"a": 1}}
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(0.5)  # the server notices the dropped connection and rolls back
    assert store.load_scenarios(path=pg) == {"kept": {"a": 1}}
    assert len(store.history(path=pg)) == 1 and store.load_figures(path=pg).empty
    store.save_scenario("after", {"b": 2}, path=pg)
    assert set(store.load_scenarios(path=pg)) == {"kept", "after"}
