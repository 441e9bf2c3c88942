"""Raster speed and size figures (prints them; not a test).

Run: ``.venv/bin/python bench/raster_bench.py``. Uses the shipped parks and synthetic rasters in a temporary
folder (removed at the end); nothing is downloaded.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from gis import raster
from gis.parks import load_parks


def timed(label: str, fn, repeat: int = 3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<58} {best * 1000:9.1f} ms")
    return out


def main() -> None:
    parks = load_parks()
    values = raster.figure_values(parks)
    print(f"parks: {len(parks)}; with approved_area_ha: {len(values)}")
    with tempfile.TemporaryDirectory(prefix="fpa-bench-") as tmp:
        tmp_path = Path(tmp)
        for cell in (2000.0, 1000.0, 500.0, 250.0):
            s = timed(
                f"density_surface cell {cell:g} m", lambda c=cell: raster.density_surface(values, cell=c)
            )
            out = tmp_path / f"d{int(cell)}.tif"
            timed(
                f"  write_geotiff ({s.data.shape[0]}x{s.data.shape[1]})",
                lambda s=s, o=out: raster.write_geotiff(s, o),
                1,
            )
            print(
                f"  file size {out.stat().st_size / 1024:,.0f} KB; "
                f"uncompressed {s.data.nbytes / 1024:,.0f} KB; "
                f"sum gap {s.check.rel_diff:.1e}"
            )
        s = raster.density_surface(values)
        timed("warp_for_display(density 1 km)", lambda: raster.warp_for_display(s))

        # a large categorical raster (12 000 x 12 000 px, 40 m cells, GK) to check windowed zonal statistics
        big = tmp_path / "big.tif"
        n = 12_000
        x0, y0 = 300_000.0, 3_150_000.0  # EPSG:4549 metres; covers central/eastern Fujian
        rng = np.random.default_rng(1)
        with rasterio.open(
            big,
            "w",
            driver="GTiff",
            width=n,
            height=n,
            count=1,
            dtype="uint8",
            crs="EPSG:4549",
            transform=Affine(40, 0, x0, 0, -40, y0),
            nodata=0,
            tiled=True,
            compress="deflate",
        ) as dst:
            for row in range(0, n, 1024):
                h = min(1024, n - row)
                block = rng.integers(1, 5, size=(h, n), dtype="uint8")
                dst.write(block, 1, window=rasterio.windows.Window(0, row, n, h))
        print(
            f"big raster: {n}x{n} px uint8, {big.stat().st_size / 2**20:.0f} MB on disk, "
            f"{n * n / 2**20:.0f} MB uncompressed"
        )
        res = timed(
            "zonal_stats 112 parks on the big raster (categorical)",
            lambda: raster.zonal_stats(big, parks, categorical=True),
            1,
        )
        print(f"  parks inside/partial/outside: {res.table['status'].value_counts().to_dict()}")
        timed(
            "warp_for_display(big raster → ≤1024 px)",
            lambda: raster.warp_for_display(big, categorical=True),
            1,
        )


if __name__ == "__main__":
    main()
