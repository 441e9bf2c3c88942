"""Make a folium map load Leaflet and its plugins from our own copies instead of a CDN.

``scripts/fetch_assets.py`` (``make assets``) puts pinned npm copies under ``static/vendor/``. Two modes:

- ``served``: every asset URL becomes ``/app/static/vendor/...`` (Streamlit static serving, enabled in
  ``.streamlit/config.toml``). The streamlit-folium component iframe is served by the same origin, so the
  absolute path resolves there too. CSS keeps its relative ``url(images/…)`` references, which the server
  also serves.
- ``inline``: every asset becomes a ``data:`` URI (CSS with its fonts and images embedded), so a standalone
  HTML file needs no network at all.

Assets only icon markers need (bootstrap, Font Awesome, awesome-markers) are left out when the map holds no
``folium.Icon``; the bootstrap-3 glyphicons sheet and folium's icon-rotation sheet (GitHub-only, not on npm)
are always left out: this project never uses glyphicon icons or rotated icons.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import branca
import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from gis.settings import STATIC_DIR

#: Where ``scripts/fetch_assets.py`` writes the assets.
VENDOR_DIR: Path = STATIC_DIR / "vendor"
#: URL prefix under which Streamlit serves ``static/`` (``server.enableStaticServing``).
SERVED_PREFIX = "/app/static/vendor/"
ASSET_MODES = ("served", "inline")

#: Asset path of a folium / plugin link (the URL without scheme and host, i.e. package, version and file) ->
#: file under ``static/vendor``. Offline mode rewrites every such link to the vendored copy; a link whose path
#: is not listed raises :class:`UnknownAssetError` instead of being loaded from the internet.
VENDORED: dict[str, str] = {
    "npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "ajax/libs/jquery/3.7.1/jquery.min.js": "jquery/jquery.min.js",
    "npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap/js/bootstrap.bundle.min.js",
    "npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap/css/bootstrap.min.css",
    "npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "fontawesome/css/all.min.css",
    "ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
        "awesome-markers/leaflet.awesome-markers.js"
    ),
    "ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
        "awesome-markers/leaflet.awesome-markers.css"
    ),
    "npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "fullscreen/Control.FullScreen.js",
    "npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": "fullscreen/Control.FullScreen.css",
    "gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": "measure/leaflet-measure.min.js",
    "gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": "measure/leaflet-measure.css",
    "npm/leaflet-search@2.9.7/dist/leaflet-search.min.js": "search/dist/leaflet-search.min.js",
    "npm/leaflet-search@2.9.7/dist/leaflet-search.min.css": "search/dist/leaflet-search.min.css",
    "ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js": (
        "groupedlayercontrol/leaflet.groupedlayercontrol.min.js"
    ),
    "ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css": (
        "groupedlayercontrol/leaflet.groupedlayercontrol.min.css"
    ),
    "ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "markercluster/leaflet.markercluster.js"
    ),
    "ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": "markercluster/MarkerCluster.css",
    "ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "markercluster/MarkerCluster.Default.css"
    ),
    "ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js": "draw/leaflet.draw.js",
    "ajax/libs/leaflet.draw/1.0.2/leaflet.draw.css": "draw/leaflet.draw.css",
}

#: folium ``default_js`` / ``default_css`` names dropped in offline mode (not vendored, never used here).
ALWAYS_DROPPED = frozenset({"glyphicons_css", "awesome_rotate_css"})
#: Names only needed by ``folium.Icon`` markers.
ICON_ONLY = frozenset(
    {"bootstrap", "bootstrap_css", "awesome_markers", "awesome_markers_css", "awesome_markers_font_css"}
)

_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_TTF_SRC = re.compile(r",\s*url\([^)]*\.ttf\)\s*format\([\"']truetype[\"']\)")


class AssetsMissingError(FileNotFoundError):
    """``static/vendor`` lacks a file the map needs (run ``make assets``)."""


class UnknownAssetError(LookupError):
    """A folium element asks for a CDN asset this project does not vendor."""


def asset_path(url: str) -> str:
    """The part of an asset link that names the asset: ``https://host/npm/x@1/a.js`` -> ``npm/x@1/a.js``."""
    return urlsplit(url).path.lstrip("/")


def assets_available() -> bool:
    """True when ``make assets`` has run (the stamp and Leaflet itself exist)."""
    return (VENDOR_DIR / ".assets.stamp").is_file() and (VENDOR_DIR / "leaflet" / "leaflet.js").is_file()


def _local_file(rel: str) -> Path:
    path = VENDOR_DIR / rel
    if not path.is_file():
        raise AssetsMissingError(
            f"offline map asset {path} is missing — run `make assets` (needs npm) and retry"
        )
    return path


def _mime(path: Path) -> str:
    ext = path.suffix.lower()
    return (
        {
            ".js": "text/javascript",
            ".css": "text/css",
            ".woff2": "font/woff2",
            ".woff": "font/woff",
            ".ttf": "font/ttf",
            ".svg": "image/svg+xml",
        }.get(ext)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=64)
def inline_uri(rel: str) -> str:
    """Return a ``data:`` URI for a vendored file; CSS gets its fonts/images embedded (woff2 only)."""
    path = _local_file(rel)
    if path.suffix.lower() != ".css":
        return _data_uri(path.read_bytes(), _mime(path))
    css = path.read_text(encoding="utf-8")
    css = _TTF_SRC.sub("", css)

    def _embed(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:", "//")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file() or VENDOR_DIR.resolve() not in target.parents:
            return "url()"
        return f'url("{_data_uri(target.read_bytes(), _mime(target))}")'

    css = _CSS_URL.sub(_embed, css)
    return _data_uri(css.encode("utf-8"), "text/css")


def local_url(rel: str, mode: str) -> str:
    """URL of a vendored file in ``mode`` (``served`` path or ``inline`` data URI)."""
    if mode == "served":
        _local_file(rel)
        return SERVED_PREFIX + rel
    if mode == "inline":
        return inline_uri(rel)
    raise ValueError(f"asset mode {mode!r} is not one of {ASSET_MODES}")


def walk(element: Element) -> Iterator[Element]:
    """Yield ``element`` and all its descendants (depth first, insertion order)."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _has_icons(m: folium.Map) -> bool:
    return any(isinstance(e, folium.Icon) for e in walk(m))


def _localize_list(
    items: list[tuple[str, str]], mode: str, keep_icons: bool, owner: str
) -> list[tuple[str, str]]:
    out = []
    for name, url in items:
        if name in ALWAYS_DROPPED or (name in ICON_ONLY and not keep_icons):
            continue
        if url.startswith((SERVED_PREFIX, "data:")):
            out.append((name, url))
            continue
        rel = VENDORED.get(asset_path(url))
        if rel is None:
            raise UnknownAssetError(
                f"{owner} needs {url!r}, which is not vendored — add its npm package to "
                "scripts/fetch_assets.py "
                "and its path to layers.assets.VENDORED, or do not use that plugin offline"
            )
        out.append((name, local_url(rel, mode)))
    return out


class _DefaultIconFix(MacroElement):
    """Point Leaflet's default marker icon at embedded images (its path detection fails on data: CSS)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = "";
        L.Icon.Default.mergeOptions({{ this.urls|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__()
        self._name = "DefaultIconFix"
        self.urls = urls


def localize(m: folium.Map, mode: str = "served") -> folium.Map:
    """Rewrite every asset link of ``m`` and its plugins to vendored copies (in place; returns ``m``).

    Raises
    ------
    AssetsMissingError
        ``static/vendor`` lacks a needed file.
    UnknownAssetError
        An element needs a CDN asset that is not vendored (so offline mode would silently fetch it).
    """
    if mode not in ASSET_MODES:
        raise ValueError(f"asset mode {mode!r} is not one of {ASSET_MODES}")
    keep_icons = _has_icons(m)
    for elem in list(walk(m)):
        if isinstance(elem, branca.colormap.ColorMap):
            raise UnknownAssetError(
                "branca colormaps make streamlit-folium load d3 from a CDN; use layers.legend instead"
            )
        if isinstance(elem, JSCSSMixin):
            owner = type(elem).__name__
            elem.default_js = _localize_list(list(elem.default_js), mode, keep_icons, owner)
            elem.default_css = _localize_list(list(elem.default_css), mode, keep_icons, owner)
    if mode == "inline" and not any(isinstance(e, _DefaultIconFix) for e in walk(m)):
        fix = _DefaultIconFix(
            {
                "iconUrl": inline_uri("leaflet/images/marker-icon.png"),
                "iconRetinaUrl": inline_uri("leaflet/images/marker-icon-2x.png"),
                "shadowUrl": inline_uri("leaflet/images/marker-shadow.png"),
            }
        )
        m.add_child(fix)
        m._children.move_to_end(fix.get_name(), last=False)  # before any marker is created
    m._fpa_asset_mode = mode  # type: ignore[attr-defined]  # a marker on folium's untyped Map
    return m
