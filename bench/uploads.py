"""Benchmark: the server's memory while one user uploads large files to the data page, and after they leave.

Starts the app (``streamlit run app.py``: desktop mode, a temporary store, 127.0.0.1), opens the data
page in Debian's headless chromium (every non-local request blocked) and uploads ``--uploads`` different
files of ``--mb`` MB each (synthetic GeoJSON points padded with a long property, read as the import rules
say). After each upload it prints the server process's resident memory (``VmRSS`` of the streamlit
process), then closes the browser, waits ``--idle`` seconds (the app runs with ``FPA_SESSION_IDLE_MIN``
set from it) and opens a second session, whose page run sweeps idle sessions; the memory then is printed too.

Issue 16 measured twelve 45 MB uploads raising the server from 419 to 960 MB, and staying there.

Usage::

    .venv/bin/python bench/uploads.py                          # 12 × 45 MB, idle 60 s (a few minutes)
    .venv/bin/python bench/uploads.py --uploads 3 --mb 10 --idle 60
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def run_streamlit(store_dir: Path, env_extra: dict[str, str]) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1, a free port, the store in ``store_dir``; yield its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("FPA_AUTH", "TIANDITU_KEY")}
    env.update(env_extra, FPA_STORE=str(store_dir / "user_data.gpkg"), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1"]
    cmd += ["--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)  # noqa: S310 (local)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _server_rss_mb(port_hint: str) -> float:
    """Resident memory of the streamlit process serving ``port_hint`` (MB)."""
    port = port_hint.rsplit(":", 1)[-1].strip("/")
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "streamlit" in cmd and port in cmd:
            return float(proc.memory_info().rss) / 2**20
    return float("nan")


def _geojson(path: Path, mb: int) -> Path:
    """A GeoJSON of 20 points whose properties pad the file to about ``mb`` MB (SYNTHETIC)."""
    pad = "x" * (mb * 2**20 // 20)
    feats = [
        {
            "type": "Feature",
            "properties": {"name": f"SYNTHETIC {i}", "pad": pad},
            "geometry": {"type": "Point", "coordinates": [119.0 + i * 0.01, 26.0]},
        }
        for i in range(20)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run the uploads and print the server's memory."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=12)
    ap.add_argument("--mb", type=int, default=45)
    ap.add_argument("--idle", type=int, default=60, help="seconds; the app's idle expiry (whole minutes)")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="fpa-uploads-") as tmp:
        files = [_geojson(Path(tmp) / f"big{i}.geojson", a.mb) for i in range(a.uploads)]  # all different
        env = {"FPA_SESSION_IDLE_MIN": str(max(1, a.idle // 60))}
        with run_streamlit(Path(tmp), env) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
            page.goto(f"{base}/data")
            page.get_by_text("导入自有数据").first.wait_for(timeout=120_000)
            print(f"server after opening the data page: {_server_rss_mb(base):.0f} MB")
            for i in range(a.uploads):
                page.locator('input[type="file"]').first.set_input_files(str(files[i % len(files)]))
                page.wait_for_timeout(4000)
                print(f"after upload {i + 1:2d} of {a.mb} MB: server {_server_rss_mb(base):.0f} MB")
            browser.close()
            time.sleep(a.idle + 5)
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
            page.goto(f"{base}/data")
            page.get_by_text("导入自有数据").first.wait_for(timeout=120_000)
            page.wait_for_timeout(3000)
            rss = _server_rss_mb(base)
            print(f"after the browser closed, {a.idle} s idle and a new session: {rss:.0f} MB")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
