#!/usr/bin/env python3
"""Map payload and build-time benchmark (prints figures; not a test).

1. The shipped layers (``layers.mapbuild.DEFAULT_LAYERS``, served assets, as the app sends them): HTML bytes
   and build time against a naive ``GeoDataFrame.explore()`` of the same data (the three boundary levels and
   every park with all its columns). Goal: ≤ 0.35× the naive payload.
2. A synthetic park layer (random points, SYNTHETIC names) at 1k / 10k / 100k parks: build time and bytes;
   up to ``layers.parks.CANVAS_THRESHOLD`` parks are Leaflet circle markers (canvas renderer), beyond that
   one canvas layer draws them all; cards up to ``layers.parks.CARD_LIMIT``. With Chromium present, the
   standalone (inline) page is opened headless with every non-file request blocked, and the time to load
   and paint is measured (goal: 10k parks within 1 s).

Usage: ``python bench/map_payload.py [--no-browser] [--sizes 1000 10000 100000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from layers import parks as park_mod
from layers.data import synthetic_parks
from layers.mapbuild import DEFAULT_LAYERS, build_map, map_html

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter so none of our settings (compact JSON) touch the naive page.
NAIVE = r"""
import json, sys, time, types
try:
    import mapclassify  # noqa: F401
    stub = False
except ImportError:  # explore() imports it even when no classification scheme is asked for
    m = types.ModuleType("mapclassify")
    def classify(*a, **k):
        raise RuntimeError("mapclassify stub: not used by a default explore()")
    m.classify = classify
    sys.modules["mapclassify"] = m
    stub = True
from gis.boundaries import load_boundaries
from gis.parks import load_parks
data = [load_boundaries(l) for l in ("province", "city", "county")] + [load_parks()]
t = time.perf_counter()
m = None
for g in data:
    m = g.explore(m=m) if m is not None else g.explore()
html = m.get_root().render()
print(json.dumps({"bytes": len(html.encode("utf-8")), "seconds": time.perf_counter() - t, "stub": stub,
                  "features": sum(len(g) for g in data)}))
"""


def naive() -> dict:
    """Bytes and seconds of the naive explore() page (fresh interpreter)."""
    out = subprocess.run(
        [sys.executable, "-c", NAIVE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def ours(repeat: int = 3) -> dict:
    """Bytes, cold and warm build+render seconds of the shipped layers."""
    times = []
    html = ""
    for _ in range(repeat):
        t = time.perf_counter()
        html = map_html(build_map(layers=DEFAULT_LAYERS, asset_mode="served"))
        times.append(time.perf_counter() - t)
    return {
        "bytes": len(html.encode("utf-8")),
        "cold": times[0],
        "warm": statistics.median(times[1:] or times),
    }


def browser_ms(paths: list[Path], repeat: int = 2) -> list[float | None]:
    """Per page: milliseconds from navigation start to the first paint after load in headless Chromium.

    The best of ``repeat`` loads in one browser, so font and cache warm-up is not counted; None without
    Chromium.
    """
    if not Path("/usr/bin/chromium").exists():
        return [None] * len(paths)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [None] * len(paths)
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    out: list[float | None] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
        )
        for path in paths:
            times = []
            for _ in range(repeat):
                page.goto(path.as_uri(), wait_until="load", timeout=180_000)
                times.append(
                    page.evaluate(
                        "() => new Promise(res => requestAnimationFrame(() => "
                        "requestAnimationFrame(() => res(performance.now()))))"
                    )
                )
            out.append(float(min(times)))
        b.close()
    return out


def synthetic(sizes: list[int], use_browser: bool) -> tuple[list[dict], float | None]:
    """Build (and optionally draw) a synthetic park layer of each size; also the empty-map baseline (ms)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "empty.html"]
        files[0].write_text(map_html(build_map(layers=["province"], asset_mode="inline")), encoding="utf-8")
        for n in sizes:
            gdf = synthetic_parks(n, seed=7)
            t = time.perf_counter()
            html = map_html(build_map(layers=["parks"], parks=gdf, asset_mode="inline"))
            build = time.perf_counter() - t
            mode = ("point canvas" if n > park_mod.CANVAS_THRESHOLD else "circle markers") + (
                " + cards" if n <= park_mod.CARD_LIMIT else ", tooltips only"
            )
            f = Path(tmp) / f"parks_{n}.html"
            f.write_text(html, encoding="utf-8")
            files.append(f)
            rows.append({"parks": n, "mode": mode, "build_s": build, "bytes": len(html.encode("utf-8"))})
        ms = browser_ms(files) if use_browser else [None] * len(files)
    for r, v in zip(rows, ms[1:], strict=True):
        r["draw_ms"] = v
    return rows, ms[0]


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timing")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = ap.parse_args(argv)

    nv = naive()
    ou = ours()
    ratio = ou["bytes"] / nv["bytes"]
    print(
        "Shipped layers (province, cities, counties, parks by level, petrochemical and demonstration "
        "bases, clusters)"
    )
    print(
        f"  naive explore(): {nv['bytes']:>10,} bytes  build+render {nv['seconds']:.2f} s  "
        f"({nv['features']} features"
        f"{'; mapclassify stubbed, unused by default explore()' if nv['stub'] else ''})"
    )
    print(
        f"  atlas map      : {ou['bytes']:>10,} bytes  build+render cold {ou['cold']:.2f} s, "
        f"warm {ou['warm']:.2f} s"
    )
    print(f"  payload ratio  : {ratio:.3f}× naive (goal ≤ 0.35×: {'met' if ratio <= 0.35 else 'NOT met'})")
    rows, empty_ms = synthetic(args.sizes, not args.no_browser)
    print(f"Synthetic park layer (inline assets, standalone page; {os.cpu_count()} CPUs)")
    if empty_ms is not None:
        print(f"  empty map (province outline only) load+paint: {empty_ms:.0f} ms")
    print(f"  {'parks':>7}  {'mode':<24} {'build s':>8} {'bytes':>12} {'load+paint ms':>14}")
    for r in rows:
        draw = f"{r['draw_ms']:.0f}" if r["draw_ms"] is not None else "n/a"
        print(f"  {r['parks']:>7,}  {r['mode']:<24} {r['build_s']:>8.2f} {r['bytes']:>12,} {draw:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
