"""The evaluation report as plain data: sections of paragraphs, tables, charts and maps (no rendering).

:mod:`layers.report` writes it as DOCX (real Word tables, Heading styles, captions) and PDF; the content —
which rows, which figures, their sources, what is derived, what is not known — is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    """A table of display strings. ``source_columns`` name the columns that say where each figure comes from
    (never empty in a figure row); ``derived_columns`` those computed here, not stated by the plan."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    source_columns: tuple[str, ...] = ()
    derived_columns: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart drawn by :mod:`layers.report.charts`: ``kind`` names the drawing, ``data`` its plain inputs."""

    key: str
    caption: str
    kind: str  # "pct_of_target" (horizontal bars), "share_path" (line, with the target)
    data: dict[str, Any]
    source: str = ""


@dataclass(frozen=True)
class MapRef:
    """A map sheet drawn by the print renderer (:mod:`layers.print`): which layers, which extent, what for."""

    key: str
    caption: str
    layers: tuple[str, ...]
    extent: str = "province"
    thematic: str = ""  # "" (plain layers) or "progress" (cities coloured by progress status)
    source: str = ""
    data: dict[str, Any] = field(default_factory=dict)


Block = Table | Chart | MapRef


@dataclass
class Section:
    """A heading (``level`` 1 or 2), its paragraphs and blocks, in order."""

    heading: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The whole report in one language."""

    lang: str
    title: str
    subtitle: str
    generated: str  # ISO date-time of the build
    sections: list[Section]
    unknowns: list[str]
    #: ``(item, date or "not stated")`` for every data set the report uses.
    data_dates: list[tuple[str, str]]
    #: Tables of upload rows that were not used (their problems), kept so nothing is lost silently.
    skipped: Table | None = None

    def tables(self) -> list[Table]:
        """Every table of the report, in order (the skipped rows last)."""
        found = [b for s in self.sections for b in s.blocks if isinstance(b, Table)]
        return found + ([self.skipped] if self.skipped is not None else [])

    def table(self, key: str) -> Table:
        """The table with ``key``."""
        return next(t for t in self.tables() if t.key == key)

    def charts(self) -> list[Chart]:
        """Every chart, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def maps(self) -> list[MapRef]:
        """Every map, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, MapRef)]
