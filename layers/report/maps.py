"""The report's maps (:class:`clusters.report.MapRef`) as PNG sheets from the print renderer.

Until the print renderer (``layers.print``) is in this branch no map is drawn: :func:`map_png` returns
``None`` and the report says the figure was not drawn.
"""

from __future__ import annotations

from clusters.report import MapRef


def map_png(ref: MapRef, lang: str) -> bytes | None:
    """The map sheet of ``ref`` as PNG bytes, or ``None`` when it cannot be drawn."""
    del ref, lang
    return None
