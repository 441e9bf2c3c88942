"""From what the user sees to a sheet: the map page's :class:`layers.spec.MapSpec` as a :class:`SheetSpec`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from clusters.report import MapRef
from layers.data import parks_in_force
from layers.print.spec import SheetSpec
from layers.print.thematic import status_thematic
from layers.registry import DEFAULT_LAYERS
from layers.spec import MapSpec


def sheet_from_map(spec: MapSpec, **options: Any) -> SheetSpec:
    """The sheet of the map page's layers, filters (sector) and language, on the parks in force of the
    spec's store version; ``options`` set paper, title, review number, compiling unit, extent, …"""
    base = SheetSpec(
        layers=tuple(spec.layers),
        lang=spec.lang,
        sector=spec.sector,
        basemap=spec.basemap,
        parks=parks_in_force(spec.store_key),
    )
    return base.replace(**options)


def map_ref_sheet(ref: MapRef, lang: str, *, paper: str = "a4-landscape", parks: Any = None) -> SheetSpec:
    """The sheet of a report map (:class:`clusters.report.MapRef`): its layers (the default set when it
    names none), its extent and, for ``thematic="progress"``, the cities coloured by progress status
    (``ref.data["by_city"]``: rows of :func:`clusters.progress.status_by_city`). ``ref.source`` goes on the
    sheet. Render it with :func:`layers.print.render_sheet` (PNG for a DOCX)."""
    thematic = None
    layers = tuple(ref.layers)
    if ref.thematic == "progress":
        th = status_thematic(pd.DataFrame(ref.data.get("by_city", [])), lang)
        thematic = replace(th, source=" · ".join(x for x in (ref.source, th.source) if x))
        layers = layers or ("province", "cities")
    return SheetSpec(
        layers=layers or DEFAULT_LAYERS,
        lang=lang,
        paper=paper,
        extent=ref.extent,
        title=ref.caption or None,
        thematic=thematic,
        parks=parks,
    )
