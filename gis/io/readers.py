"""One reader per plain format, picked by the sniffed format."""

from __future__ import annotations

from pathlib import Path

from gis.errors import (
    FileFormatError,
)
from gis.io.gdal import _read_gpkg, _read_kml
from gis.io.geojson import _read_geojson
from gis.io.result import _Raw
from gis.io.table import _read_table
from gis.jobs import Progress
from gis.validate import Report


def _read_format(
    fmt: str,
    data: bytes,
    fname: str,
    report: Report,
    layer: str | None,
    tmp: Path,
    progress: Progress | None = None,
) -> _Raw:
    """The features of a plain (not zipped) file as they are; ``progress`` gets the reading stage."""
    tmp.mkdir(parents=True, exist_ok=True)
    if fmt == "geojson":
        return _read_geojson(data, fname, report, progress)
    if fmt == "gpkg":
        return _read_gpkg(data, fname, report, layer, tmp, progress)
    if fmt == "kml":
        return _read_kml(data, fname, report, layer, tmp, progress)
    if fmt in ("csv", "xlsx"):
        return _read_table(data, fname, report, fmt, progress)
    raise FileFormatError(f"unsupported format {fmt}", file=fname)  # pragma: no cover
