"""The evaluation report (规划实施评估) of the plan, as plain data: what it says, with sources.

:func:`build_report` gives a :class:`Report` (sections of paragraphs, :class:`Table`, :class:`Chart` and
:class:`MapRef` blocks, the list of what is not known, the data dates). :func:`load_progress` reads a
``--progress`` file; :func:`store_figures` the progress page's figures. Writing DOCX/PDF is
:mod:`layers.report`.

Modules: :mod:`~clusters.report.model`, :mod:`~clusters.report.tables`, :mod:`~clusters.report.unknowns`,
:mod:`~clusters.report.build`, :mod:`~clusters.report.inputs`.
"""

from __future__ import annotations

from clusters.report.build import build_report
from clusters.report.inputs import (
    ProgressInput,
    load_progress,
    saved_scenario,
    saved_scenario_names,
    store_figures,
)
from clusters.report.model import Block, Chart, MapRef, Report, Section, Table

__all__ = [
    "Block",
    "Chart",
    "MapRef",
    "ProgressInput",
    "Report",
    "Section",
    "Table",
    "build_report",
    "load_progress",
    "saved_scenario",
    "saved_scenario_names",
    "store_figures",
]
