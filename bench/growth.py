"""Benchmark: the parks in force, the map and its bytes after 3 × 50 000 accepted points (issue 16).

A temporary store (``FPA_STORE``) receives three acceptances of ``--points`` new parks each (seeded random
points over Fujian's land, SYNTHETIC names); then it times, in this process:

- ``merge``: :func:`gis.parks.parks_in_force` on a cold cache (the store merged over the shipped parks),
  and warm (the cache keyed by :func:`gis.parks.parks_version`, shared by every session);
- ``map``: :func:`layers.mapbuild.build_map` of the default layers with the parks in force, and the
  rendered HTML (what a session sends: ``bytes``), cold and warm; and the memory one session keeps for its
  map (the folium map and its HTML, traced with ``tracemalloc``).

The goal: a bounded map whatever the store holds (features are aggregated and geometry simplified above
``gis.settings.MAP_MAX_FEATURES``), merge well under a second.

Usage::

    .venv/bin/python bench/growth.py                  # 3 × 50 000 points
    .venv/bin/python bench/growth.py --points 5000    # quick look
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _points(n: int, seed: int) -> gpd.GeoDataFrame:
    from gis.boundaries import load_boundaries

    land = load_boundaries("province").geometry.iloc[0]
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = land.bounds
    xs, ys = [], []
    shapely.prepare(land)
    while sum(len(x) for x in xs) < n:
        x = rng.uniform(x0, x1, n)
        y = rng.uniform(y0, y1, n)
        ok = shapely.contains_xy(land, x, y)
        xs.append(x[ok])
        ys.append(y[ok])
    x = np.concatenate(xs)[:n].round(6)
    y = np.concatenate(ys)[:n].round(6)
    return gpd.GeoDataFrame(
        {"park_id": [None] * n, "name_zh": [f"合成点 SYNTHETIC {seed}-{i}" for i in range(n)]},
        geometry=gpd.points_from_xy(x, y),
        crs="EPSG:4326",
    )


def _timed(fn):  # noqa: ANN001, ANN202
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv: list[str] | None = None) -> int:
    """Fill a temporary store, then time the merge, the map and its bytes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=50_000)
    ap.add_argument("--uploads", type=int, default=3)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fpa-growth-") as tmp:
        os.environ["FPA_STORE"] = str(Path(tmp) / "store.gpkg")
        from gis import store
        from gis.parks import parks_in_force, parks_version
        from layers.mapbuild import build_map, map_html

        t_acc = 0.0
        for k in range(a.uploads):
            pts = _points(a.points, seed=k + 1)
            t, _ = _timed(lambda pts=pts, k=k: store.accept_boundaries(pts, source_file=f"synthetic{k}.csv"))
            t_acc += t
        print(f"accepted {a.uploads} x {a.points:,} points in {t_acc:.1f} s; store version {parks_version()}")
        t_cold, parks = _timed(parks_in_force)
        t_warm, _ = _timed(parks_in_force)
        print(f"merge (parks_in_force): cold {t_cold:.2f} s, warm {t_warm:.3f} s; {len(parks):,} parks")
        t_map, fmap = _timed(lambda: build_map())
        t_html, html = _timed(lambda: map_html(fmap))
        t_map2, fmap2 = _timed(lambda: build_map())
        t_html2, html2 = _timed(lambda: map_html(fmap2))
        size = len(html.encode("utf-8"))
        del html2
        gc.collect()
        tracemalloc.start()
        kept = (build_map(), None)
        kept = (kept[0], map_html(kept[0]))
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        print(f"map build: cold {t_map:.2f} s + render {t_html:.2f} s; warm {t_map2:.2f} s + {t_html2:.2f} s")
        print(f"bytes sent per map: {size / 2**20:.2f} MB ({size:,} bytes)")
        print(f"memory a session keeps for its map (folium map + HTML, traced): {held / 2**20:.0f} MB")
        print(f"peak RSS of this process: {_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
