"""Tile serving speed: a tile from a registered local MBTiles, as the browser gets it (prints figures; not a
test). Goal (issue 12): ≤ 20 ms median.

Writes an MBTiles of ``--tiles`` JPEG tiles (≈15 KB each, zoom 8 up, over Xiamen–Quanzhou) into a temp store,
registers it, starts the app as users do (``streamlit run serve.py`` on 127.0.0.1) and fetches random tiles
over one keep-alive connection; also times the read alone (``gis.tiles.http.tile_bytes``).

    .venv/bin/python bench/tiles.py [--tiles 3000] [--requests 400] [--geotiff-px 8000]

``--geotiff-px N`` also writes an N × N RGB GeoTIFF in UTM 50N (N² × 3 bytes; 8000 ≈ 190 MB), tiles it into
an MBTiles through ``basemap add`` in a child process and prints the time and that process's peak memory
(the GeoTIFF never passes through memory at once).
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from gis.tiles.package import tile_range

ROOT = Path(__file__).resolve().parent.parent
BOUNDS = (117.6, 24.3, 118.9, 25.2)


def make_mbtiles(path: Path, n: int) -> list[tuple[int, int, int]]:
    """An MBTiles of about ``n`` tiles; returns their XYZ addresses."""
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (256, 256, 3), dtype="uint8")).save(buf, "JPEG", quality=60)
    blob = buf.getvalue()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
    )
    con.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "bench"), ("format", "jpg"), ("bounds", ",".join(map(str, BOUNDS)))],
    )
    out: list[tuple[int, int, int]] = []
    z = 8
    while len(out) < n and z <= 18:
        x0, y0, x1, y1 = tile_range(BOUNDS, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                if len(out) >= n:
                    break
                # each tile a little different (a byte in the JPEG comment area) so pages are not shared
                data = blob[:-2] + bytes([len(out) % 251]) + blob[-2:]
                con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2**z - 1 - y, data))
                out.append((z, x, y))
        z += 1
    con.commit()
    con.close()
    return out


def geotiff_figures(px: int, tmp: Path) -> None:
    """Write a px × px GeoTIFF block by block; tile it in a child process; print time and peak RSS."""
    import rasterio
    from affine import Affine
    from rasterio.windows import Window

    tif = tmp / "ortho.tif"
    profile = {
        "driver": "GTiff",
        "width": px,
        "height": px,
        "count": 3,
        "dtype": "uint8",
        "crs": "EPSG:32650",
        "transform": Affine(1.0, 0, 600_000, 0, -1.0, 2_720_000),
        "tiled": True,
        "compress": "deflate",
    }
    rng = np.random.default_rng(0)
    with rasterio.open(tif, "w", **profile) as dst:
        for row in range(0, px, 512):
            h = min(512, px - row)
            # smooth fields with a little grain: compresses like imagery, not like pure noise
            yy, xx = np.mgrid[row : row + h, 0:px].astype("float32") / 97.0
            base = 110 + 60 * np.sin(xx) * np.cos(yy * 0.7)
            grain = rng.normal(0, 6, (3, h, px)).astype("float32")
            block = np.clip(base[None] + grain + np.array([10, 0, -15])[:, None, None], 0, 255).astype(
                "uint8"
            )
            dst.write(block, window=Window(0, row, px, h))
    # VmHWM (peak resident memory of this process image; unlike ru_maxrss it does not carry the parent's
    # peak over fork + exec).
    code = (
        "import sys, time; from pathlib import Path; from gis.tiles import registry\n"
        "def hwm():\n"
        "    return int(next(x for x in open('/proc/self/status') if x.startswith('VmHWM')).split()[1])\n"
        "base = hwm(); t = time.perf_counter(); e = registry.add(Path(sys.argv[1]), 'ortho')\n"
        "print(time.perf_counter() - t, hwm(), e.package.tiles, e.package.minzoom, e.package.maxzoom, "
        "Path(e.package.path).stat().st_size, base)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tif)],
        env=dict(os.environ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    secs, rss_kb, n, zmin, zmax, size = float(out[0]), int(out[1]), out[2], out[3], out[4], int(out[5])
    base_kb = int(out[6])
    print(
        f"GeoTIFF {px}×{px} RGB ({px * px * 3 / 1e6:.0f} MB raw, {tif.stat().st_size / 1e6:.0f} MB on disk): "
        f"tiled into {n} tiles z{zmin}–{zmax} ({size / 1e6:.0f} MB) in {secs:.1f} s, "
        f"peak memory of that process {rss_kb / 1024:.0f} MB ({base_kb / 1024:.0f} MB after imports)"
    )


def _wait(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/_stcore/health")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("streamlit did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiles", type=int, default=3000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--geotiff-px", type=int, default=0)
    args = ap.parse_args()
    if not args.port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            args.port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store" / "user_data.gpkg"
        os.environ["FPA_STORE"] = str(store)
        os.environ["FPA_CONFIG"] = str(Path(tmp) / "none.toml")
        from gis.tiles import registry
        from gis.tiles.http import tile_bytes

        t0 = time.perf_counter()
        addrs = make_mbtiles(Path(tmp) / "bench.mbtiles", args.tiles)
        size = (Path(tmp) / "bench.mbtiles").stat().st_size
        print(
            f"mbtiles: {len(addrs)} tiles, {size / 1e6:.1f} MB, written in {time.perf_counter() - t0:.1f} s"
        )
        t0 = time.perf_counter()
        registry.add(Path(tmp) / "bench.mbtiles", "bench")
        print(f"validate + register: {(time.perf_counter() - t0) * 1000:.0f} ms")
        rnd = random.Random(1)
        sample = [rnd.choice(addrs) for _ in range(args.requests)]
        reads = []
        for z, x, y in sample:
            t = time.perf_counter()
            tile_bytes("bench", z, x, y)
            reads.append((time.perf_counter() - t) * 1000)
        print(
            f"read in process: median {statistics.median(reads):.3f} ms, "
            f"p95 {np.percentile(reads, 95):.3f} ms"
        )
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "serve.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(args.port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait(args.port, proc)
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
            times, sizes = [], []
            for z, x, y in sample:
                t = time.perf_counter()
                conn.request("GET", f"/fpa/tiles/bench/{z}/{x}/{y}")
                resp = conn.getresponse()
                body = resp.read()
                times.append((time.perf_counter() - t) * 1000)
                assert resp.status == 200 and resp.getheader("Content-Type") == "image/jpeg", (
                    resp.status,
                    resp.getheader("Content-Type"),
                    body[:80],
                )
                sizes.append(len(body))
            print(
                f"HTTP via serve.py: {len(times)} random tiles, median {statistics.median(times):.2f} ms, "
                f"p95 {np.percentile(times, 95):.2f} ms, max {max(times):.1f} ms "
                f"(tile ≈ {statistics.median(sizes) / 1000:.0f} KB); goal ≤ 20 ms median"
            )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        if args.geotiff_px:
            geotiff_figures(args.geotiff_px, Path(tmp))


if __name__ == "__main__":
    main()
