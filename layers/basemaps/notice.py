"""The map says so when basemap tiles fail (offline, wrong key, wrong URL): once, in the user's language,
suggesting the offline basemaps, instead of a silent grey. A Leaflet ``tileerror`` handler on each basemap
tile layer (:class:`TileErrorNotice`)."""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

from gis.text import text
from layers.compact import script_json


def tile_error_message(title: str, lang: str, *, served_here: bool = False) -> str:
    """The warning text (plain text; shown with ``textContent``). ``served_here``: the tiles come from this
    app's own tile route, which only ``serve.py`` (``make run``) provides."""
    if served_here:
        return text(
            lang,
            f"底图“{title}”的瓦片未能加载：本地瓦片由本应用提供，请用 make run（streamlit run serve.py）"
            "启动应用；也可改用离线底图“参考底图”或“无底图”。",
            f"Tiles of the basemap “{title}” failed to load: local tiles are served by this app when it is "
            "started with make run (streamlit run serve.py). Or choose “Reference map” or “None”.",
        )
    return text(
        lang,
        f"底图“{title}”的瓦片未能加载（可能离线、密钥或地址有误）。可改用离线底图：“参考底图”或“无底图”。",
        f"Tiles of the basemap “{title}” failed to load (offline, wrong key or wrong address?). "
        "Choose an offline basemap instead: “Reference map” or “None”.",
    )


class TileErrorNotice(MacroElement):
    """On the first ``tileerror`` of any of ``layers`` show ``message`` over the map (once), and keep a count
    in ``data-fpa-tile-errors`` on the map container (tests read it)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map, layers, msg) {
            var shown = false, box = map.getContainer();
            function warn() {
                box.dataset.fpaTileErrors = String(Number(box.dataset.fpaTileErrors || 0) + 1);
                if (shown) { return; }
                shown = true;
                var div = L.DomUtil.create('div', 'fpa-tile-warning', box);
                div.setAttribute('role', 'alert');
                div.style.cssText = 'position:absolute;z-index:1000;top:10px;left:50%;'
                    + 'transform:translateX(-50%);max-width:70%;background:#fff8e1;'
                    + 'border:1px solid #e0a800;border-radius:4px;padding:6px 28px 6px 10px;'
                    + 'font:13px sans-serif;color:#5c4400;box-shadow:0 1px 4px #0003';
                div.textContent = msg;
                var x = L.DomUtil.create('a', '', div);
                x.textContent = '×'; x.href = '#';
                x.style.cssText = 'position:absolute;right:8px;top:4px;text-decoration:none;color:#5c4400';
                L.DomEvent.on(x, 'click', function(e) { L.DomEvent.preventDefault(e); div.remove(); });
                L.DomEvent.disableClickPropagation(div);
            }
            layers.forEach(function(l) { l.on('tileerror', warn); });
        })({{ this._parent.get_name() }}, [{{ this.layer_names }}], {{ this.message_json }});
        {% endmacro %}
        """
    )

    def __init__(self, layer_names: Sequence[str], message: str) -> None:
        super().__init__()
        self._name = "TileErrorNotice"
        self.layer_names = ", ".join(layer_names)
        self.message_json = script_json(message)
