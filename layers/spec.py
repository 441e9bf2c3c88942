"""The map page's inputs as one value: :class:`MapSpec` (two equal specs draw the same map).

Also the basemap choices the page offers and the check that a chosen basemap can be drawn. No streamlit:
the page keeps widget values and turns them into a spec (``app_pages.map_session``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from gis.text import text
from layers import basemaps
from layers.data import parks_in_force
from layers.registry import SECTOR_LAYER, picker_ids


def basemap_ids() -> list[str]:
    """Basemap ids: built-ins, reference map, configured services, registered packages ("none" first)."""
    return basemaps.basemap_ids()


def offline_basemap_ids() -> list[str]:
    """Basemaps drawn with no request outside this app: none, the reference map, registered packages."""
    return [b for b, c in basemaps.choices().items() if c.local and c.source != "configured"]


def basemap_label(basemap: str, lang: str) -> str:
    """Bilingual basemap name (``layers.basemaps.title``)."""
    return basemaps.title(basemap, lang)


def needs_tianditu_key(basemap: str) -> bool:
    """True for the Tianditu basemaps (they need a ``tk`` key)."""
    return basemap.startswith("tianditu")


@dataclass(frozen=True)
class MapSpec:
    """Everything that changes the drawn map; two equal specs draw the same map."""

    layers: tuple[str, ...]
    lang: str
    basemap: str = "none"
    offline: bool = True
    sector: int | None = None
    tianditu_key: str = ""
    presentation: bool = False
    #: :func:`layers.data.parks_version` (empty: shipped parks only): the user's accepted boundaries
    #: change the drawn parks, so a new store version is a new map.
    store_key: str = ""

    def normalized(self) -> MapSpec:
        """Drop inputs that cannot affect the map (sector without the sector layer, key without Tianditu)."""
        order = {x: i for i, x in enumerate(picker_ids())}
        chosen = tuple(sorted({x for x in self.layers if x in order}, key=order.__getitem__))
        sector = self.sector if (SECTOR_LAYER in chosen and self.sector) else None
        # Offline keeps only basemaps this app draws itself (none, reference map, registered packages).
        own = self.basemap == "none" or self.basemap in offline_basemap_ids()
        basemap = "none" if self.offline and not own else self.basemap
        key = self.tianditu_key if needs_tianditu_key(basemap) else ""
        # "Online" with no web basemap draws exactly the offline map: one spec for both.
        return MapSpec(chosen, self.lang, basemap, own, sector, key, self.presentation, self.store_key)

    def build_kwargs(self, asset_mode: str) -> dict[str, Any]:
        """Keyword arguments for ``layers.mapbuild.build_map``."""
        d = asdict(self)
        d["layers"] = list(self.layers)
        # Leaflet and plugins always come from this app; "online" only allows web basemap tiles.
        d["offline"] = True
        d["tianditu_key"] = self.tianditu_key or None
        d["asset_mode"] = asset_mode
        d["extra_parks"] = None
        d["parks"] = parks_in_force(d.pop("store_key"))
        return d

    def replace(self, **changes: Any) -> MapSpec:
        """A copy with ``changes``, normalized."""
        return replace(self, **changes).normalized()

    def usable(self) -> tuple[MapSpec, str | None]:
        """This spec if its basemap can be drawn, else the same map without the basemap and the reason why.

        A Tianditu basemap needs a key (sidebar or ``TIANDITU_KEY``) of 16–64 letters and digits; without
        one the map is still drawn, on no basemap.
        """
        if not needs_tianditu_key(self.basemap):
            return self, None
        try:
            basemaps.tile_specs(self.basemap, self.lang, self.tianditu_key or None)
        except basemaps.BasemapKeyError as exc:
            head = text(self.lang, "天地图底图暂不显示", "The Tianditu basemap is not shown")
            why = str(exc) if self.tianditu_key else text(self.lang, "未提供密钥", "no key given")
            return self.replace(basemap="none"), f"{head}: {why}."
        return self, None
