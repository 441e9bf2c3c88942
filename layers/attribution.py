"""The map's attribution prefix: plain "Leaflet" text, without the flag badge Leaflet 1.9 puts there.

Every map builder adds :class:`PlainAttribution` once (``PlainAttribution().add_to(m)``); the data and
basemap attributions stay as each layer gives them.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

#: What the attribution control says before the layers' attributions (plain text, no image, no link).
PREFIX = "Leaflet"


class PlainAttribution(MacroElement):
    """Set the attribution prefix of the map it is added to to plain :data:`PREFIX`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, prefix: str = PREFIX) -> None:
        super().__init__()
        self._name = "PlainAttribution"
        self.prefix = prefix
