"""Benchmark: the whole ``python -m clusters parkshare --json`` command for 1M firms against its floor.

The floor, measured in the same run on the same files: a fresh interpreter that imports pandas and
geopandas, ``pd.read_csv`` of the firm CSV, ``gpd.read_file`` of the parks and ``geopandas.sjoin`` of the
firm points with the parks (``predicate="intersects"``). The goal (issue 14): whole ≤ 1.2 × floor, peak RSS
≤ 600 MB for 1M firms. Both are run as child processes (best of ``--reps``, interleaved so machine load hits
both alike); peak RSS is the child's ``ru_maxrss`` (``os.wait4``). The 10M figure (``--big``) runs the
command on a 10M-firm Parquet file on one machine (checked and placed in steps of 1M rows), or with
``--big-scheduler threads|local`` on dask (spatially partitioned).

The firm-share page's map (goal: within 2 s for 1M firms): in this process, the 1M result is computed once,
then :func:`layers.parkshare_map.parkshare_map` (cities, parks, the density grid) is built and rendered to
HTML — what the page sends — timed, with its size.

Inputs come from ``bench/make_firms.py`` (seeded synthetic parks and firms; nothing committed).

Usage::

    .venv/bin/python bench/parkshare_1m.py                    # 1M, 3 reps (about a minute)
    .venv/bin/python bench/parkshare_1m.py --n 200000 --reps 1
    .venv/bin/python bench/parkshare_1m.py --big 10000000     # also the 10M figure (minutes)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_firms import make_firms, make_parks

from gis.boundaries import load_boundaries

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import sys
import pandas as pd
import geopandas as gpd
df = pd.read_csv(sys.argv[1])
parks = gpd.read_file(sys.argv[2])
pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
joined = gpd.sjoin(pts, parks[["geometry"]], predicate="intersects")
print(len(joined))
"""


def _child(cmd: list[str]) -> float:
    """Run ``cmd``; return its wall time in seconds (exits with the child's error if it fails)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, check=False)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"{cmd[:4]} failed: {proc.stderr.decode()[-500:]}")
    return wall


def _rss_child(cmd: list[str]) -> float:
    """Peak RSS (MB) of one run of ``cmd`` measured with ``os.wait4`` on an unreaped child."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(cmd, stdout=null, stderr=null, env=env, cwd=ROOT)
        _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def _map_figures(fpath: Path, ppath: Path) -> None:
    """Time the firm-share map of the result (built and rendered, as the page sends it)."""
    from clusters import parkshare as ps
    from layers.mapbuild import map_html
    from layers.parkshare_map import parkshare_map

    ctx = ps.default_context(str(ppath))
    result = ps.run_parkshare(str(fpath), ctx)
    t = time.perf_counter()
    fmap = parkshare_map(
        result.by_city, result.by_park, ctx.park_frame(), "zh", asset_mode=None, density=result.density
    )
    html = map_html(fmap)
    dt = time.perf_counter() - t
    size = len(html.encode()) / 2**20
    print(f"  firm-share map: built + rendered in {dt:.2f} s, {size:.2f} MB (goal <= 2 s)")


def main(argv: list[str] | None = None) -> int:
    """Write the inputs, run floor and command interleaved, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--big", type=int, default=0, help="also time the command on this many firms (10M)")
    ap.add_argument("--big-scheduler", default=None, help="run the --big command on dask (threads, local)")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args(argv)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="fpa-bench-") as tmp:
        parks = make_parks(seed=a.seed, land=load_boundaries("province").geometry.iloc[0])
        ppath = Path(tmp) / "parks.gpkg"
        parks.to_file(ppath, driver="GPKG")
        fpath = Path(tmp) / "firms.csv"
        firms = make_firms(a.n, parks=parks, counties=load_boundaries("county"), seed=a.seed)
        firms.to_csv(fpath, index=False, encoding="utf-8")
        del firms
        floor_cmd = [py, "-c", FLOOR, str(fpath), str(ppath)]
        cmd = [py, "-m", "clusters", "parkshare", "--firms", str(fpath), "--parks", str(ppath), "--json"]
        floors, wholes = [], []
        for _ in range(a.reps):
            floors.append(_child(floor_cmd))
            wholes.append(_child(cmd))
        rss_floor, rss_whole = _rss_child(floor_cmd), _rss_child(cmd)
        f, w = min(floors), min(wholes)
        size = fpath.stat().st_size / 2**20
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        print(f"{a.n:,} firms ({size:.0f} MB CSV), {len(parks)} parks, best of {a.reps}")
        print(f"  floor (start-up + pd.read_csv + gpd.sjoin)   {f:6.2f} s  peak RSS {rss_floor:5.0f} MB")
        print(f"  whole command (parkshare --json)           {w:6.2f} s  peak RSS {rss_whole:5.0f} MB")
        print(f"  ratio whole / floor = {w / f:.2f}  (goal <= 1.2); peak RSS goal <= 600 MB")
        print("  runs: floor " + ", ".join(f"{x:.2f}" for x in floors))
        print("        whole " + ", ".join(f"{x:.2f}" for x in wholes))
        _map_figures(fpath, ppath)
        if a.big:
            bpath = Path(tmp) / "big.parquet"
            big = make_firms(a.big, parks=parks, counties=load_boundaries("county"), seed=a.seed + 1)
            big.to_parquet(bpath, index=False)
            del big
            bcmd = [*cmd[:5], str(bpath), *cmd[6:]]
            bcmd += ["--scheduler", a.big_scheduler] if a.big_scheduler else []
            t = _child(bcmd)
            rss = _rss_child(bcmd)
            how = f"--scheduler {a.big_scheduler}" if a.big_scheduler else "one machine, steps of 1M"
            print(f"  {a.big:,} firms (Parquet, {how}): {t:.1f} s; peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
