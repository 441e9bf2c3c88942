"""Print layouts (专题制图): map sheets as PDF / SVG (vector, fonts embedded in PDF, text selectable) and PNG,
and atlases (one page per city, petrochemical base or plan cluster).

The API the app, the command line and the evaluation report use::

    from layers.print import SheetSpec, render_sheet
    spec = SheetSpec(layers=("province", "cities", "petrochem"), lang="zh", paper="a4-landscape",
                     extent="city", focus="福州市", title=None, review_number="")
    png = render_sheet(spec, fmt="png", dpi=300)

See :class:`layers.print.spec.SheetSpec` for every field, :func:`layers.print.atlas.render_atlas` for atlases,
:func:`layers.print.bridge.sheet_from_map` for the map page's MapSpec.
"""

from __future__ import annotations

from layers.print.atlas import ATLAS_KINDS, atlas_specs, render_atlas
from layers.print.bridge import map_ref_sheet, sheet_from_map
from layers.print.sheet import build_sheet, render_sheet
from layers.print.spec import DEFAULT_DPI, EXTENTS, FORMATS, PAPERS, KeyFigure, Paper, SheetSpec, Thematic
from layers.print.thematic import share_thematic, status_thematic

__all__ = [
    "ATLAS_KINDS",
    "DEFAULT_DPI",
    "EXTENTS",
    "FORMATS",
    "PAPERS",
    "KeyFigure",
    "Paper",
    "SheetSpec",
    "Thematic",
    "atlas_specs",
    "build_sheet",
    "map_ref_sheet",
    "render_atlas",
    "render_sheet",
    "share_thematic",
    "sheet_from_map",
    "status_thematic",
]
