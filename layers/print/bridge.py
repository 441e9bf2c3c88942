"""From what the user sees to a sheet: the map page's :class:`layers.spec.MapSpec` as a :class:`SheetSpec`."""

from __future__ import annotations

from typing import Any

from layers.data import parks_in_force
from layers.print.spec import SheetSpec
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
