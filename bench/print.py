#!/usr/bin/env python3
"""Print-layout benchmark (prints figures; not a test).

Times, in one run: an A4 landscape PDF sheet of the default layers (``layers.print.render_sheet``: projection,
styles, greedy label placement, legend, scale bar, locator, notes), the same sheet as a 300 dpi PNG, and the
9-page city atlas (one PDF); against a plain ``GeoDataFrame.plot()`` of the same layers' frames
(``layers.registry.layer_frames``, same equal-area CRS) saved to PDF — the floor of drawing these
geometries with matplotlib at all. Each figure is the best of ``--repeat`` runs.

Usage: ``python bench/print.py [--repeat 2]``.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("agg")
from matplotlib.figure import Figure  # noqa: E402

from layers.data import parks_in_force  # noqa: E402
from layers.print import SheetSpec, render_atlas, render_sheet  # noqa: E402
from layers.print.extent import SHEET_CRS  # noqa: E402
from layers.registry import DEFAULT_LAYERS, layer_frames  # noqa: E402


def best(fn: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    """(best seconds, bytes) of ``repeat`` calls."""
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - t0)
    return min(times), size


def plain_plot(frames: dict) -> bytes:
    """Every frame with ``GeoDataFrame.plot()`` on one A4 figure, saved to PDF."""
    fig = Figure(figsize=(297 / 25.4, 210 / 25.4))
    ax = fig.add_subplot()
    for gdf in frames.values():
        gdf.to_crs(SHEET_CRS).plot(ax=ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    parks = parks_in_force()
    spec = SheetSpec(layers=DEFAULT_LAYERS, parks=parks)
    render_sheet(spec.replace(layers=("province",)), "pdf")  # warm the caches (fonts, boundaries)
    frames = layer_frames(list(DEFAULT_LAYERS), parks=parks)
    n = sum(len(f) for f in frames.values())
    rows = [
        ("plain GeoDataFrame.plot() -> PDF", *best(lambda: plain_plot(frames), args.repeat)),
        ("A4 sheet, default layers -> PDF", *best(lambda: render_sheet(spec, "pdf"), args.repeat)),
        ("A4 sheet -> PNG 300 dpi", *best(lambda: render_sheet(spec, "png", dpi=300), args.repeat)),
        ("city atlas, 9 pages -> PDF", *best(lambda: render_atlas("city", spec, "pdf"), 1)),
    ]
    base = rows[0][1]
    print(f"layers: {', '.join(DEFAULT_LAYERS)} ({n} features in {len(frames)} frames)")
    print(f"{'what':36} {'seconds':>8} {'× plain':>8} {'bytes':>12}")
    for what, sec, size in rows:
        print(f"{what:36} {sec:8.2f} {sec / base:8.1f} {size:12,}")
    print(f"per atlas page: {rows[3][1] / 9:.2f} s")


if __name__ == "__main__":
    main()
