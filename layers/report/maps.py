"""The report's maps (:class:`clusters.report.MapRef`) as PNG sheets of the print renderer
(:mod:`layers.print`): the same layout, legend, scale bar, north arrow, source lines and approximate note
as a printed sheet."""

from __future__ import annotations

import pandas as pd

from clusters.report import MapRef
from layers.print import SheetSpec, render_sheet, status_thematic

#: Resolution of a map sheet in the DOCX: A4 landscape at 150 dpi (1754 × 1240 px), sharp at 24 cm wide.
MAP_DPI = 150
#: Layers under the progress choropleth: the province and city outlines only.
THEMATIC_LAYERS = ("province", "cities")


def sheet_spec(ref: MapRef, lang: str) -> SheetSpec:
    """The print sheet of ``ref``: its layers (the print defaults when none), extent and, for the progress
    map, the cities coloured by status."""
    spec = SheetSpec(lang=lang, paper="a4-landscape", extent=ref.extent)
    if ref.layers:
        spec = spec.replace(layers=ref.layers)
    if ref.thematic == "progress":
        thematic = status_thematic(pd.DataFrame(ref.data.get("by_city", [])), lang)
        spec = spec.replace(thematic=thematic, layers=THEMATIC_LAYERS, title=ref.caption)
    return spec.checked()


def map_png(ref: MapRef, lang: str) -> bytes:
    """The map sheet of ``ref`` as PNG bytes."""
    return render_sheet(sheet_spec(ref, lang), fmt="png", dpi=MAP_DPI)
