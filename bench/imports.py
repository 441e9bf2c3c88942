"""Benchmark: the import of a 40 MB file with and without progress reporting (prints figures, not a test).

For a ~42 MB GeoJSON (40,000 polygons of 40 vertices, every 200th a bow-tie to repair) and a ~40 MB CSV
(50,000 points with a long text column) it prints the best of ``--runs`` times of :func:`gis.io.read_vector`:

- without progress (``progress=None``, the path of every caller that does not watch);
- with progress (a :class:`gis.jobs.Progress` taking every report; the number of reports is printed);
- with progress in a background thread while another thread runs ``gc.collect()`` every 0.5 s — what the
  app does: Streamlit collects garbage after every script run, and the bar's fragment reruns every 0.5 s.
  A large GeoJSON is read feature by feature while it is parsed (``gis.io.geojson.STREAM_MIN_CHARS``); the
  lines "not streamed" read it the old way (the whole document parsed first) for comparison.

Usage::

    .venv/bin/python bench/imports.py            # best of 3
    .venv/bin/python bench/imports.py --runs 1
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gis.io import geojson, read_vector  # noqa: E402
from gis.jobs import Progress  # noqa: E402
from tests.samples.big_imports import big_csv, big_geojson  # noqa: E402


class Counting(Progress):
    """Counts the reports."""

    def __init__(self) -> None:
        super().__init__()
        self.reports = 0

    def show(self) -> None:
        self.reports += 1


def _best(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _polled(data: bytes, name: str) -> None:
    """Read in a thread while the main thread collects garbage every 0.5 s (the app's bar polls)."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (read_vector(data, name=name, progress=Progress()), done.set()))
    thread.start()
    while not done.wait(0.5):
        gc.collect()
    thread.join()


def _bench(name: str, data: bytes, runs: int) -> None:
    print(f"{name}: {len(data) / 2**20:.1f} MB")
    plain = _best(runs, lambda: read_vector(data, name=name))
    counter = Counting()
    watched = _best(runs, lambda: read_vector(data, name=name, progress=counter))
    polled = _best(runs, lambda: _polled(data, name))
    print(f"  without progress               {plain:6.2f} s")
    print(
        f"  with progress                  {watched:6.2f} s  ({watched / plain - 1:+.0%}, "
        f"{counter.reports // runs} reports)"
    )
    print(f"  with progress, gc every 0.5 s  {polled:6.2f} s  (in a thread, as in the app)")
    if name.endswith(".geojson"):
        keep = geojson.STREAM_MIN_CHARS
        geojson.STREAM_MIN_CHARS = 1 << 62
        try:
            old = _best(1, lambda: read_vector(data, name=name))
            old_polled = _best(1, lambda: _polled(data, name))
        finally:
            geojson.STREAM_MIN_CHARS = keep
        print(f"  not streamed (parsed whole)    {old:6.2f} s  (the reader before this change)")
        print(f"  not streamed, gc every 0.5 s   {old_polled:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _bench("big.geojson", big_geojson(40_000, vertices=40, invalid_every=200), args.runs)
    _bench("big.csv", big_csv(50_000, pad=800), args.runs)


if __name__ == "__main__":
    main()
