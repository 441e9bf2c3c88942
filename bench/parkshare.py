"""Benchmark: park share from 1M synthetic firms vs a bare geopandas.sjoin, and the dask path at 1M and 10M.

Inputs come from ``bench/make_firms.py`` (seeded; nothing committed): synthetic park polygons around the
shipped park points (clipped to land) and firms over Fujian's 84 counties (``data/boundaries``).

What is timed (best of ``--reps`` runs, interleaved so machine load hits both alike):

- ``whole``: :func:`clusters.parkshare.compute_parkshare` from the firm DataFrame — validation, park and
  county placement, overlap rule, nearest park + distance for every outside firm, all tables.
- ``sjoin_parks``: ``geopandas.sjoin(points, parks, predicate="intersects")`` with the points GeoDataFrame
  already built (building it, ``points_from_xy``, is timed apart); ``sjoin_counties`` likewise for counties.
  The computation needs both joins, so the headline ratio is ``whole / (sjoin_parks + sjoin_counties)``;
  the ratio to the park join alone is printed too.

Memory: peak traced allocations (``tracemalloc``, numpy reports its buffers to it) of one extra run of each,
and the process's peak RSS. Dask: a local ``dask.distributed`` cluster (processes) reading the firms from
Parquet; results are checked equal to the single-machine ones (``ParkShareResult.equals``: counts identical,
sums to 1e-9).

Usage::

    .venv/bin/python bench/parkshare.py                 # 1M + dask 1M and 10M (several minutes on 2 cores)
    .venv/bin/python bench/parkshare.py --n 200000 --big 0 --reps 1     # quick look
    .venv/bin/python bench/parkshare.py --json bench_parkshare.json     # also write the figures
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import pandas as pd
from make_firms import make_firms, make_parks

from clusters import parkshare as ps
from gis.boundaries import load_boundaries


def _timed(fn, *args, **kwargs):  # noqa: ANN001, ANN202
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def _peak(fn, *args, **kwargs) -> float:  # noqa: ANN001
    gc.collect()
    tracemalloc.start()
    fn(*args, **kwargs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single_vs_sjoin(
    firms: pd.DataFrame, ctx: ps.Context, parks: gpd.GeoDataFrame, counties: gpd.GeoDataFrame, reps: int
) -> dict:
    """Time the whole computation against bare sjoins of the same points and polygons."""
    t_points, pts = _timed(
        lambda: gpd.GeoDataFrame(geometry=gpd.points_from_xy(firms["lon"], firms["lat"]), crs="EPSG:4326")
    )
    pk = parks[["geometry"]]
    ct = counties[["geometry"]]
    whole, sj_p, sj_c = [], [], []
    result = None
    for _ in range(reps):
        t, _j = _timed(gpd.sjoin, pts, pk, predicate="intersects")
        sj_p.append(t)
        t, _j = _timed(gpd.sjoin, pts, ct, predicate="intersects")
        sj_c.append(t)
        del _j
        t, result = _timed(ps.compute_parkshare, firms, ctx, year=2020)
        whole.append(t)
    out = {
        "n": len(firms),
        "reps": reps,
        "points_from_xy_s": t_points,
        "sjoin_parks_s": min(sj_p),
        "sjoin_counties_s": min(sj_c),
        "whole_s": min(whole),
        "whole_runs_s": whole,
        "sjoin_parks_runs_s": sj_p,
        "sjoin_counties_runs_s": sj_c,
    }
    out["ratio_vs_sjoin_parks_plus_counties"] = out["whole_s"] / (
        out["sjoin_parks_s"] + out["sjoin_counties_s"]
    )
    out["ratio_vs_sjoin_parks"] = out["whole_s"] / out["sjoin_parks_s"]
    out["ratio_vs_points_plus_sjoin_parks"] = out["whole_s"] / (out["sjoin_parks_s"] + t_points)
    out["peak_traced_mb_whole"] = _peak(ps.compute_parkshare, firms, ctx, year=2020)
    out["peak_traced_mb_sjoin_parks"] = _peak(gpd.sjoin, pts, pk, predicate="intersects")
    out["peak_traced_mb_sjoin_counties"] = _peak(gpd.sjoin, pts, ct, predicate="intersects")
    out["park_share"] = result.province["park_share"]
    out["outside"] = result.outside_count
    return out, result


def dask_run(path: str, ctx: ps.Context, single: ps.ParkShareResult, workers: int, npartitions: int) -> dict:
    """The partitioned path on a local dask.distributed cluster; checks equality with ``single``."""
    import dask
    from distributed import Client, LocalCluster

    # distributed's nanny sets MALLOC_TRIM_THRESHOLD_ in workers, which freezes glibc's mmap threshold and
    # makes numpy temporaries slow (see clusters.parkshare._BLOCK); unset it for these workers
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit="6GiB",
        ) as cluster,
        Client(cluster) as client,
    ):
        t, res = _timed(
            ps.compute_parkshare_dask, path, ctx, year=2020, scheduler=client, npartitions=npartitions
        )
    same = res.equals(single)
    return {
        "seconds": t,
        "workers": workers,
        "partitions": npartitions,
        "equal_to_single": bool(same),
        "park_share": res.province["park_share"],
        "outside": res.outside_count,
        "stages_s": res.info.get("timings", {}),
    }


def _write_parquet(firms: pd.DataFrame, path: Path, rows_per_file: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(range(0, len(firms), rows_per_file)):
        firms.iloc[s : s + rows_per_file].to_parquet(path / f"part-{i:04d}.parquet", index=False)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="firms for the single-machine comparison")
    ap.add_argument("--big", type=int, default=10_000_000, help="firms for the large dask run (0: skip)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", help="also write the figures to this JSON file")
    a = ap.parse_args(argv)

    counties = load_boundaries("county")
    parks = make_parks(seed=a.seed, land=load_boundaries("province").geometry.iloc[0])
    t_ctx, ctx = _timed(ps.build_context, parks, counties)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"{len(parks)} synthetic parks, "
        f"{len(counties)} counties; context built in {t_ctx:.2f} s"
    )
    t_gen, firms = _timed(make_firms, a.n, parks=parks, counties=counties, seed=a.seed)
    firms.attrs["row_offset"] = 1  # rows numbered as records, as when the dask path reads the Parquet copy
    print(f"generated {a.n:,} firms in {t_gen:.1f} s")
    figures: dict = {
        "cores": os.cpu_count(),
        "parks": len(parks),
        "counties": len(counties),
        "context_s": t_ctx,
    }

    s, single = single_vs_sjoin(firms, ctx, parks, counties, a.reps)
    figures["single"] = s
    print(f"\n== {a.n:,} firms, single machine (best of {a.reps})")
    print(
        f"  whole computation            {s['whole_s']:7.2f} s   "
        f"(runs: {', '.join(f'{x:.2f}' for x in s['whole_runs_s'])})"
    )
    print(f"  bare sjoin points x parks    {s['sjoin_parks_s']:7.2f} s")
    print(f"  bare sjoin points x counties {s['sjoin_counties_s']:7.2f} s")
    print(f"  (points_from_xy, not in the sjoin times: {s['points_from_xy_s']:.2f} s)")
    print(
        "  ratio whole / (sjoin parks + sjoin counties) = "
        f"{s['ratio_vs_sjoin_parks_plus_counties']:.2f}  (goal <= 1.2)"
    )
    print(f"  ratio whole / sjoin parks only               = {s['ratio_vs_sjoin_parks']:.2f}")
    print(f"  ratio whole / (points_from_xy + sjoin parks) = {s['ratio_vs_points_plus_sjoin_parks']:.2f}")
    print(
        f"  peak traced memory: whole {s['peak_traced_mb_whole']:.0f} MB; sjoin parks "
        f"{s['peak_traced_mb_sjoin_parks']:.0f} MB; "
        f"sjoin counties {s['peak_traced_mb_sjoin_counties']:.0f} MB"
    )
    print(f"  park share {s['park_share']:.4%}; outside firms {s['outside']:,}")

    with tempfile.TemporaryDirectory(prefix="fpa-bench-") as tmp:
        path = Path(tmp) / "firms1"
        _write_parquet(firms, path, 250_000)
        d1 = dask_run(str(path), ctx, single, a.workers, max(4, a.n // 250_000))
        figures["dask_1"] = d1 | {"n": a.n}
        print(
            f"\n== dask ({a.workers} local worker processes), {a.n:,} firms: {d1['seconds']:.2f} s, "
            f"{d1['partitions']} partitions, equal to single machine: {d1['equal_to_single']}"
        )
        print("  stages: " + ", ".join(f"{k} {v:.1f}" for k, v in d1["stages_s"].items()))
        if a.big:
            del firms
            gc.collect()
            t_gen, big = _timed(make_firms, a.big, parks=parks, counties=counties, seed=a.seed + 1)
            big.attrs["row_offset"] = 1
            print(f"\ngenerated {a.big:,} firms in {t_gen:.1f} s")
            t_single, single_big = _timed(ps.compute_parkshare, big, ctx, year=2020)
            pathb = Path(tmp) / "firms_big"
            _write_parquet(big, pathb, 500_000)
            del big
            gc.collect()
            d2 = dask_run(str(pathb), ctx, single_big, a.workers, max(4, a.big // 500_000))
            figures["single_big"] = {"n": a.big, "seconds": t_single}
            figures["dask_big"] = d2 | {"n": a.big}
            print(
                f"== {a.big:,} firms: single machine {t_single:.2f} s; dask {d2['seconds']:.2f} s, "
                f"{d2['partitions']} partitions, equal to single machine: {d2['equal_to_single']}"
            )
            print("  stages: " + ", ".join(f"{k} {v:.1f}" for k, v in d2["stages_s"].items()))
            print(
                f"  growth {a.n:,} -> {a.big:,} ({a.big / a.n:.0f}x firms): single machine "
                f"{t_single / s['whole_s']:.1f}x time, dask {d2['seconds'] / d1['seconds']:.1f}x time"
            )
    figures["peak_rss_mb"] = _rss_mb()
    figures["load_average_end"] = os.getloadavg()[0]
    print(
        f"load average at the end: {figures['load_average_end']:.1f} "
        "(other work on the machine inflates times)"
    )
    print(f"\npeak RSS of this process: {figures['peak_rss_mb']:.0f} MB")
    if a.json:
        Path(a.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
