"""The one place where data strings become HTML.

folium inserts ``Tooltip`` text raw, renders ``Popup(html)`` live, and ``GeoJsonTooltip`` /
``GeoJsonPopup`` put property values into ``innerHTML``; Leaflet templates and Jinja would evaluate
``{{…}}`` / ``${…}`` in some paths. So every data string goes through :func:`escape_html` exactly once
before it reaches a map. Chinese text and emoji pass unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

_EXTRA = {
    "`": "&#96;",
    "{": "&#123;",
    "}": "&#125;",
    "$": "&#36;",
}
_TABLE = str.maketrans(_EXTRA)


def escape_html(value: object) -> str:
    """Escape any value for use as HTML text or a quoted attribute.

    ``None`` and NaN become an empty string; ``< > & " '`` are escaped by :func:`html.escape`, and the
    template characters `` ` { } $`` become numeric entities so no template engine sees them.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    text = html.escape(str(value), quote=True)
    return text.translate(_TABLE)


def escape_all(values: Iterable[object]) -> list[str]:
    """Escape each value of an iterable."""
    return [escape_html(v) for v in values]
