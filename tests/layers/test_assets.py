"""Offline assets: the manifest, the vendored files, served paths and the npm-missing error (no network)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from layers import assets
from layers.mapbuild import LAYER_IDS, build_map, map_html
from tests.conftest import ROOT

needs_assets = pytest.mark.skipif(
    not assets.assets_available(), reason="static/vendor missing: run `make assets` (npm)"
)


def _fetch_module():
    spec = importlib.util.spec_from_file_location("fetch_assets", ROOT / "scripts" / "fetch_assets.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_every_vendored_asset_path_is_in_the_fetch_manifest() -> None:
    fetch = _fetch_module()
    dests = {d for _, files in fetch.PACKAGES.values() for d in files.values()}
    folders = tuple(d for d in dests if d.endswith("/"))
    for path, rel in assets.VENDORED.items():
        assert rel in dests or rel.startswith(folders), (
            f"{path} -> {rel} is not fetched by scripts/fetch_assets.py"
        )
    for spec, (integrity, _files) in fetch.PACKAGES.items():
        assert "@" in spec.lstrip("@") and integrity.startswith("sha512-"), spec  # pinned version and hash


def test_missing_npm_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fetch = _fetch_module()
    monkeypatch.setattr(fetch.shutil, "which", lambda _name: None)
    with pytest.raises(fetch.FetchError, match="npm was not found"):
        fetch.fetch(tmp_path / "vendor", force=True)
    assert not (tmp_path / "vendor").exists()
    assert fetch.main(["--vendor", str(tmp_path / "vendor"), "--force"]) == 1


@needs_assets
def test_vendored_assets_are_current_and_complete() -> None:
    fetch = _fetch_module()
    assert fetch.is_up_to_date(assets.VENDOR_DIR)
    assert fetch.fetch(assets.VENDOR_DIR) is False  # idempotent: nothing to do, no npm call


@needs_assets
def test_served_links_point_at_existing_files() -> None:
    html = map_html(build_map(layers=[k for k in LAYER_IDS if k != "user_parks"], sector=1))
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(u.endswith("leaflet/leaflet.js") for u in links)
    for u in links:
        assert u.startswith(assets.SERVED_PREFIX)
        assert (assets.VENDOR_DIR / u.removeprefix(assets.SERVED_PREFIX)).is_file(), u
    # CSS references (images, fonts) resolve next to the CSS file, as the browser would resolve them
    for u in links:
        if u.endswith(".css"):
            css_path = assets.VENDOR_DIR / u.removeprefix(assets.SERVED_PREFIX)
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css_path.read_text(encoding="utf-8")):
                if not ref.startswith(("data:", "#")):
                    assert (css_path.parent / ref).resolve().is_file(), f"{u}: {ref}"


@needs_assets
def test_inline_css_embeds_its_images() -> None:
    uri = assets.inline_uri("leaflet/leaflet.css")
    import base64

    css = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert "images/layers.png" not in css and "data:image/png;base64," in css


@needs_assets
def test_icon_assets_only_when_icons_are_used() -> None:
    import folium

    plain = map_html(build_map(layers=["province"]))
    assert "fontawesome" not in plain and "bootstrap" not in plain
    m = build_map(layers=["province"], offline=False)
    folium.Marker([26, 118], icon=folium.Icon(icon="info-sign")).add_to(m)
    assets.localize(m, "served")
    html = map_html(m)
    assert "/app/static/vendor/fontawesome/css/all.min.css" in html and "awesome-markers" in html
    assert "glyphicons" not in html and "https://" not in re.sub(r"https://github.com/ljagis[^\s]*", "", html)


@needs_assets
def test_unknown_cdn_asset_is_refused() -> None:
    import folium
    from folium.plugins import MiniMap

    m = folium.Map(tiles=None)
    MiniMap().add_to(m)  # Leaflet.draw is vendored now (the map editor); MiniMap is not
    with pytest.raises(assets.UnknownAssetError, match="leaflet-minimap"):
        assets.localize(m, "served")
