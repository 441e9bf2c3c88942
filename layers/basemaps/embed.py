"""Local tiles embedded in a standalone HTML export, so it draws them with no request at all.

:func:`plan` says before anything is written how many tiles and bytes an export embeds (all zooms of the
package up to ``max_zoom``, by default the deepest zoom that fits :data:`gis.settings.MAX_EMBED_TILE_BYTES`);
beyond the cap it is a clear error with the zoom that would fit. :class:`EmbeddedTiles` is a Leaflet tile
layer whose tiles are ``data:`` URIs keyed ``z/x/y`` (deeper zooms are drawn from the deepest embedded one).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from branca.element import MacroElement
from folium.template import Template

from gis.errors import DataValidationError
from gis.settings import MAX_EMBED_TILE_BYTES
from gis.text import text
from gis.tiles import registry
from gis.tiles.package import mime_of
from gis.tiles.registry import LocalBasemap
from layers.compact import script_json


@dataclass(frozen=True)
class EmbedPlan:
    """What an export embeds: zooms ``minzoom..maxzoom``, ``tiles`` tiles of ``bytes`` bytes in total."""

    name: str
    minzoom: int
    maxzoom: int
    tiles: int
    bytes: int

    @property
    def html_bytes(self) -> int:
        """About how much the tiles add to the HTML file (base64)."""
        return self.bytes * 4 // 3 + self.tiles * 40

    def describe(self, lang: str = "en") -> str:
        """One line for the user."""
        mb, z = self.html_bytes / 1e6, f"{self.minzoom}–{self.maxzoom}"
        return text(
            lang,
            f"嵌入底图 {self.name} 的 {self.tiles} 个瓦片（{z} 级），约 {mb:.1f} MB",
            f"embedding {self.tiles} tiles of basemap {self.name!r} (zoom {z}): about {mb:.1f} MB",
        )


def plan(entry: LocalBasemap, max_zoom: int | None = None, cap: int = MAX_EMBED_TILE_BYTES) -> EmbedPlan:
    """The embedding plan of ``entry`` up to ``max_zoom`` (default: the deepest that fits ``cap``)."""
    pkg = entry.package
    per_zoom = registry.reader(pkg).bytes_per_zoom()
    counts = _counts(entry)
    zooms = sorted(z for z in per_zoom if max_zoom is None or z <= max_zoom)
    total, chosen = 0, []
    for z in zooms:
        if max_zoom is None and total + per_zoom[z] > cap:
            break
        total += per_zoom[z]
        chosen.append(z)
    if not chosen or total > cap:
        fits = [z for z in zooms if sum(per_zoom[k] for k in zooms if k <= z) <= cap]
        hint = f"use --tile-max-zoom {fits[-1]}" if fits else "export with a smaller package or use the app"
        hint_zh = f"请用 --tile-max-zoom {fits[-1]}" if fits else "请改用更小的瓦片包，或在应用中查看"
        size, limit = f"{total * 4 // 3 / 1e6:.0f} MB", f"{cap * 4 // 3 / 1e6:.0f} MB"
        raise DataValidationError(
            f"embedding basemap {entry.name!r} would add {size}, over the {limit} limit",
            field="tile-max-zoom",
            hint=hint,
            message_zh=f"嵌入底图 {entry.name} 将增加 {size}，超过上限 {limit}",
            hint_zh=hint_zh,
        )
    return EmbedPlan(entry.name, chosen[0], chosen[-1], sum(counts.get(z, 0) for z in chosen), total)


def _counts(entry: LocalBasemap) -> dict[int, int]:
    pkg = entry.package
    reader = registry.reader(pkg)
    con = getattr(reader, "_con", None)
    if con is not None:
        return {
            int(z): int(n)
            for z, n in con().execute("SELECT zoom_level, COUNT(*) FROM tiles GROUP BY zoom_level")
        }
    out: dict[int, int] = {}
    for z, *_ in reader.tiles(range(pkg.minzoom, pkg.maxzoom + 1)):
        out[z] = out.get(z, 0) + 1
    return out


class EmbeddedTiles(MacroElement):
    """A tile layer of embedded ``data:`` tiles; ``options`` are Leaflet tile layer options."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(map) {
            var T = {{ this.tiles_json }}, EMPTY = {{ this.empty_json }};
            var Layer = L.TileLayer.extend({
                getTileUrl: function(c) { return T[c.z + '/' + c.x + '/' + c.y] || EMPTY; }
            });
            return new Layer('', {{ this.options_json }}).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, entry: LocalBasemap, embed: EmbedPlan, options: dict) -> None:
        super().__init__()
        self._name = "EmbeddedTiles"
        mime = entry.package.mime
        tiles = registry.reader(entry.package).tiles(range(embed.minzoom, embed.maxzoom + 1))
        self.tiles_json = script_json(
            {
                f"{z}/{x}/{y}": f"data:{mime_of(d, mime)};base64,{base64.b64encode(d).decode()}"
                for z, x, y, d in tiles
            }
        )
        empty = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )
        self.empty_json = script_json(f"data:image/png;base64,{empty}")
        self.options_json = script_json(
            {**options, "minNativeZoom": embed.minzoom, "maxNativeZoom": embed.maxzoom}
        )
