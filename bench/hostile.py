"""Hostile files through `python -m gis check` and `gis raster zonal`: prints seconds, peak RSS and the first
words of the error for each (not a test; the tests are tests/gis/test_hostile_*.py).

    PYTHONPATH=. python bench/hostile.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.gis import hostile  # noqa: E402  (the generators live with the tests)

CASES = {
    "endless view (.gpkg)": (lambda p: hostile.endless_view_gpkg(p / "endless.gpkg"), ("gis", "check")),
    "endless empty view (.gpkg)": (
        lambda p: hostile.endless_view_gpkg(p / "stuck.gpkg", rows=False),
        ("gis", "check"),
    ),
    "XLSX bomb 2M rows": (lambda p: hostile.xlsx_bomb(p / "bomb.xlsx"), ("gis", "check")),
    "XLSX 120k varied rows": (
        lambda p: hostile.xlsx_bomb(p / "rows.xlsx", rows=120_000, varied=True),
        ("gis", "check"),
    ),
    "zip in zip named .geojson": (
        lambda p: hostile.zip_in_zip_named_geojson(p / "x.geojson"),
        ("gis", "check"),
    ),
    "single-strip TIFF 9k²": (
        lambda p: hostile.strip_tiff(p / "strip.tif"),
        ("gis", "raster", "zonal", "--raster"),
    ),
    "sparse TIFF 30k²": (
        lambda p: hostile.sparse_tiff(p / "sparse.tif"),
        ("gis", "raster", "zonal", "--raster"),
    ),
    "float64 TIFF 31k²": (
        lambda p: hostile.park_sized_float64_tiff(p / "f64.tif"),
        ("gis", "raster", "zonal", "--raster"),
    ),
}


def main() -> None:
    print(f"{'file':30} {'bytes':>10} {'exit':>4} {'s':>6} {'MB':>6}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, argv) in CASES.items():
            path = make(Path(tmp))
            run = hostile.run_cli(*argv, str(path), timeout=120)
            msg = (run.err or run.out).strip().splitlines()[-1][:90] if (run.err or run.out).strip() else ""
            size = path.stat().st_size
            print(f"{name:30} {size:>10,} {run.code:>4} {run.seconds:>6.1f} {run.rss_mb:>6.0f}  {msg}")


if __name__ == "__main__":
    main()
