"""The store under several writing processes and under a writer killed mid-transaction."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gis import store
from tests.conftest import ROOT

WRITER = textwrap.dedent("""
    import sys
    import geopandas as gpd, pandas as pd
    from shapely.geometry import box
    from gis import store
    from gis.auth import Actor
    path, wid, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    user = Actor(sys.argv[4], "editor") if len(sys.argv) > 4 else None
    for i in range(n):
        k = i % 3
        if k == 0:
            store.save_figures(pd.DataFrame({"subject_id": [f"w{wid}"], "key": ["n"], "year": [2000 + i],
                                             "value": [float(i)]}), f"w{wid}.csv", path=path, user=user)
        elif k == 1:
            store.save_scenario(f"w{wid}-{i}", {"i": i}, path=path, user=user)
        else:
            g = gpd.GeoDataFrame({"park_id": [f"p{wid}-{i}"]},
                                 geometry=[box(119 + wid / 100, 26, 119.001 + wid / 100, 26.001)], crs=4326)
            store.accept_boundaries(g, source_file=f"w{wid}.zip", path=path, user=user)
    print("done", wid)
""")

CRASHER = textwrap.dedent("""
    import sys, time
    from gis.store import connection
    path, rows = sys.argv[1], int(sys.argv[2])
    with connection._transaction(path) as con:
        change = connection._history_row(con, "save_figures", "crash.csv", "", rows)
        con.executemany("INSERT INTO figures (subject_id, value, saved_at, change_id) "
                        "VALUES (?, ?, 'now', ?)", [(f"s{i}", float(i), change) for i in range(rows)])
        con.execute("INSERT INTO scenarios (name, data, saved_at, change_id) "
                    "VALUES ('ghost', '{}', 'now', ?)", (change,))
        print("inside", flush=True)
        time.sleep(120)
""")

BIG_WRITER = textwrap.dedent("""
    import sys
    import pandas as pd
    from gis import store
    path = sys.argv[1]
    print("start", flush=True)
    for j in range(1000):
        store.save_figures(pd.DataFrame({"subject_id": [f"r{i}" for i in range(2000)], "value": range(2000)}),
                           f"big{j}.csv", path=path)
""")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_signed_in_writers(store_path: str, n_proc: int, n_each: int) -> None:
    """Run ``n_proc`` writers of ``n_each`` changes each on ``store_path`` (GeoPackage or PostgreSQL),
    writer ``w`` signed in as ``planner{w}`` on a shared server; all must succeed."""
    env = {**_env(), "FPA_AUTH": "required"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, store_path, str(w), str(n_each), f"planner{w}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(n_proc)
    ]
    for p in procs:
        _, err = p.communicate(timeout=900)
        assert p.returncode == 0, err


def _snapshot(path: Path) -> tuple:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("history", "figures", "scenarios", "boundaries")
        )
    finally:
        con.close()


@pytest.mark.slow
def test_several_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.gpkg"
    store.init_store(path)
    n_proc, n_each = 6, 12
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(w), str(n_each)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(n_proc)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    hist = store.history(path=path)
    assert len(hist) == n_proc * n_each
    assert hist["change_id"].is_unique
    figs = store.load_figures(path=path, latest=False)
    assert len(figs) == n_proc * n_each // 3
    assert len(store.load_scenarios(path=path)) == n_proc * n_each // 3
    bounds = store.load_user_boundaries(path=path)
    assert len(bounds) == n_proc * n_each // 3 and bounds["park_id"].is_unique
    _snapshot(path)


@pytest.mark.slow
def test_eight_signed_in_writers_lose_nothing_and_each_row_names_its_user(tmp_path: Path) -> None:
    """8 processes × 100 writes on a shared server, each as its own account: every change is kept, once,
    and every history row carries the account that made it."""
    path = tmp_path / "s.gpkg"
    store.init_store(path)
    n_proc, n_each = 8, 100
    run_signed_in_writers(str(path), n_proc, n_each)
    hist = store.history(path=path)
    assert len(hist) == n_proc * n_each and hist["change_id"].is_unique
    assert hist["actor"].value_counts().to_dict() == {f"planner{w}": n_each for w in range(n_proc)}
    # each row's own key names its writer: the boundaries' parks and the files are the writer's
    for actor, files in hist.groupby("actor")["source_file"]:
        wid = actor.removeprefix("planner")
        assert set(files.dropna()) == {f"w{wid}.csv", f"w{wid}.zip"}
    bounds = store.load_user_boundaries(path=path)
    assert len(bounds) == n_proc * (n_each // 3) and bounds["park_id"].is_unique
    assert len(store.load_figures(path=path, latest=False)) == n_proc * len(range(0, n_each, 3))
    _snapshot(path)


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_mid_transaction_leaves_store_as_before(tmp_path: Path) -> None:
    path = tmp_path / "s.gpkg"
    store.save_scenario("kept", {"a": 1}, path=path)
    before = _snapshot(path)
    proc = _start(CRASHER, str(path), "5000")
    line = proc.stdout.readline()
    assert line.strip() == "inside", proc.stderr.read()
    # the half-written change is invisible to readers while it is open …
    assert store.load_scenarios(path=path) == {"kept": {"a": 1}}
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # … and gone after the kill
    assert _snapshot(path) == before
    assert store.load_scenarios(path=path) == {"kept": {"a": 1}}
    # the store still works
    store.save_scenario("after", {"b": 2}, path=path)
    assert set(store.load_scenarios(path=path)) == {"kept", "after"}


@pytest.mark.slow
def test_killed_at_random_moments_only_whole_changes(tmp_path: Path) -> None:
    path = tmp_path / "s.gpkg"
    store.init_store(path)
    for delay in (0.3, 0.7, 1.1):
        proc = _start(BIG_WRITER, str(path))
        assert proc.stdout.readline().strip() == "start"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        hist = store.history(path=path)
        figs = store.load_figures(path=path, latest=False)
        # every change in the history has all its 2000 rows, and no row lacks its change
        assert len(figs) == 2000 * len(hist)
        assert set(figs["change_id"]) == set(hist["change_id"])
        _snapshot(path)
    assert len(store.history(path=path)) > 0  # the writer did commit some changes between the kills
