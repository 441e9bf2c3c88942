"""Tile serving speed: a tile from a registered local MBTiles, as the browser gets it (prints figures; not a
test). Goal (issue 12): ≤ 20 ms median.

Writes an MBTiles of ``--tiles`` JPEG tiles (≈15 KB each, zoom 8 up, over Xiamen–Quanzhou) into a temp store,
registers it, starts the app as users do (``streamlit run serve.py`` on 127.0.0.1) and fetches random tiles
over one keep-alive connection; also times the read alone (``gis.tiles.http.tile_bytes``).

    .venv/bin/python bench/tiles.py [--tiles 3000] [--requests 400]
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import signal
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
    ap.add_argument("--port", type=int, default=8599)
    args = ap.parse_args()
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
                assert resp.status == 200 and resp.getheader("Content-Type") == "image/jpeg", resp.status
                sizes.append(len(body))
            print(
                f"HTTP via serve.py: {len(times)} random tiles, median {statistics.median(times):.2f} ms, "
                f"p95 {np.percentile(times, 95):.2f} ms, max {max(times):.1f} ms "
                f"(tile ≈ {statistics.median(sizes) / 1000:.0f} KB); goal ≤ 20 ms median"
            )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
