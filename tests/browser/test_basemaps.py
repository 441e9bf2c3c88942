"""Basemaps on an intranet in headless Chromium, every request off 127.0.0.1 blocked and counted.

The app runs as users run it (``streamlit run serve.py``) with its own store and config: an MBTiles and a
folder of XYZ tiles, made in the test and added by the CLI; a configured XYZ service pointing at a tile
server the test starts on 127.0.0.1; and a configured service that does not answer. Each is drawn on the map
page from a ``?basemap=`` deep link (tiles load, zero external requests); the MBTiles also in an exported
HTML opened with even 127.0.0.1 refused; the dead service shows the warning.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.test_map import IFRAME, TIMEOUT
from tests.conftest import OUTPUT_DIR, ROOT, OfflineBrowser, free_port, run_streamlit
from tests.samples import tiles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium"),
]

LOADED_JS = "() => document.querySelectorAll('img.leaflet-tile.leaflet-tile-loaded').length"
XIAMEN = "() => { window.map.setView([24.5, 118.1], 10, {animate: false}); }"


class _TileServer(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = self.path.strip("/").split(".")[0].split("/")
        try:
            z, x, y = (int(v) for v in parts[-3:])
        except ValueError:
            self.send_error(404)
            return
        type(self).hits.append(self.path)
        body = tiles.tile_image(z, x, y)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TileServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, tile_server: str) -> Iterator[dict]:
    """``streamlit run serve.py`` with basemaps added by the CLI and configured in a TOML file."""
    tmp = tmp_path_factory.mktemp("basemaps")
    dead = free_port()  # nothing listens there
    cfg = tmp / "config.toml"
    cfg.write_text(
        f'[[basemap]]\nname = "office"\ntitle_zh = "单位瓦片服务"\ntitle_en = "Office tiles"\n'
        f'url = "{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png"\nattribution = "© 测试单位"\n\n'
        f'[[basemap]]\nname = "dead"\nurl = "http://127.0.0.1:{dead}/{{z}}/{{x}}/{{y}}.png"\n',
        encoding="utf-8",
    )
    env = dict(os.environ, FPA_STORE=str(tmp / "store" / "user_data.gpkg"), FPA_CONFIG=str(cfg))
    env.pop("TIANDITU_KEY", None)
    env.pop("FPA_BASEMAPS", None)
    env["PYTHONPATH"] = str(ROOT)
    pkg = tiles.make_mbtiles(tmp / "xiamen.mbtiles", range(6, 12))
    fold = tiles.make_folder(tmp / "xyz", range(6, 12), fmt="jpg")
    for path, name in ((pkg, "pkg"), (fold, "fold")):
        cli = [sys.executable, "-m", "layers", "basemap", "add", str(path), "--name", name]
        done = subprocess.run(cli, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "layers", "basemap", "list"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert {"pkg", "fold", "office", "dead"} <= {
        line.split()[0] for line in listed.stdout.splitlines() if line
    }
    extra = {"FPA_CONFIG": str(cfg), "PYTHONPATH": str(ROOT)}
    with run_streamlit(tmp / "store", extra, log_name="streamlit_basemaps", script="serve.py") as base:
        yield {"base": base, "env": env, "tmp": tmp}


def _map(page, url: str):
    """The Leaflet frame of the map page at ``url``, zoomed to Xiamen."""
    page.goto(url, wait_until="domcontentloaded")
    deadline = time.monotonic() + 3 * TIMEOUT / 1000
    while time.monotonic() < deadline:
        for el in page.query_selector_all(IFRAME):
            frame = el.content_frame()
            try:
                if frame is not None and frame.evaluate("() => !!window.map"):
                    frame.evaluate(XIAMEN)
                    return frame
            except Exception:  # noqa: BLE001 (frame still loading or replaced: poll again)
                pass
        page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT_DIR / "basemap_not_drawn.png"), full_page=True)
    raise AssertionError(f"no map at {url}")


def _tiles_loaded(frame, at_least: int) -> list[str]:
    frame.wait_for_function(f"() => ({LOADED_JS})() >= {at_least}", timeout=TIMEOUT)
    return frame.evaluate("() => [...document.querySelectorAll('img.leaflet-tile-loaded')].map(i => i.src)")


@pytest.mark.parametrize("name", ["pkg", "fold"])
def test_local_package_is_drawn_from_the_app_itself(app: dict, browser: OfflineBrowser, name: str) -> None:
    page = browser.page(1400, 1000)
    frame = _map(page, f"{app['base']}/map?basemap={name}")
    srcs = _tiles_loaded(frame, 4)
    assert all(s.startswith(f"{app['base']}/fpa/tiles/{name}/") for s in srcs), srcs[:3]
    assert frame.locator(".fpa-tile-warning").count() == 0
    page.screenshot(path=str(OUTPUT_DIR / f"basemap_{name}.png"), full_page=True)
    assert browser.refused() == []


def test_configured_service_on_a_local_tile_server(app: dict, browser: OfflineBrowser) -> None:
    before = len(_TileServer.hits)
    page = browser.page(1400, 1000)
    frame = _map(page, f"{app['base']}/map?basemap=office")
    srcs = _tiles_loaded(frame, 4)
    assert any("/tiles/10/" in s for s in srcs)
    assert len(_TileServer.hits) > before
    assert "测试单位" in frame.locator(".leaflet-control-attribution").inner_text()


def test_a_service_that_does_not_answer_says_so_once(app: dict, browser: OfflineBrowser) -> None:
    page = browser.page(1400, 1000)
    frame = _map(page, f"{app['base']}/map?basemap=dead")
    warning = frame.locator(".fpa-tile-warning")
    warning.wait_for(state="visible", timeout=TIMEOUT)
    assert "未能加载" in warning.inner_text() and "离线底图" in warning.inner_text()
    frame.evaluate("() => { window.map.setZoom(11, {animate: false}); }")
    page.wait_for_timeout(1000)
    assert warning.count() == 1
    assert int(frame.evaluate("() => window.map.getContainer().dataset.fpaTileErrors")) > 1
    page.screenshot(path=str(OUTPUT_DIR / "basemap_dead_warning.png"), full_page=True)


def test_exported_html_embeds_the_package(app: dict, browser: OfflineBrowser) -> None:
    out = app["tmp"] / "export.html"
    cmd = [sys.executable, "-m", "layers", "export", "--out", str(out), "--offline", "--basemap", "pkg"]
    done = subprocess.run(cmd, env=app["env"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "embedding" in done.stdout
    page = browser.page(1200, 900, files_only=True)
    page.goto(out.as_uri())
    page.wait_for_function("() => !!document.querySelector('.leaflet-container')", timeout=TIMEOUT)
    page.evaluate("() => { Object.values(window).find(v => v instanceof L.Map).setView([24.5, 118.1], 10); }")
    page.wait_for_function(f"() => ({LOADED_JS})() >= 4", timeout=TIMEOUT)
    srcs = page.evaluate("() => [...document.querySelectorAll('img.leaflet-tile-loaded')].map(i => i.src)")
    assert all(s.startswith("data:image/png;base64,") for s in srcs)
    page.screenshot(path=str(OUTPUT_DIR / "basemap_export.png"))
    assert browser.refused() == []
