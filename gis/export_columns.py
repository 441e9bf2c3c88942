"""Column specs of the table downloads: each exported column's label (:data:`gis.vocab.EXPORT_FIELDS`),
unit (:data:`gis.vocab.EXPORT_UNITS`) and kind, for :func:`gis.tabular.table_bytes` (``columns=``).

Shares are fractions (0.125) and are written as percentages (XLSX: a number with a percent format; CSV:
``12.5%``); a source column is kept in a column of its own. A column not described keeps its key.
"""

from __future__ import annotations

import pandas as pd

from gis.tablewriter import Column, ColumnKind
from gis.vocab import EXPORT_FIELDS, EXPORT_UNITS

#: Columns holding a share (a fraction of 1), written as percentages.
PERCENT_COLUMNS = frozenset({"park_share", "share_of_province_output", "covered_fraction"})
SOURCE_COLUMNS = frozenset({"source", "sources", "position_source"})
COORDINATE_COLUMNS = frozenset({"lon", "lat"})
#: Whole numbers that name a thing (a row of the user's file), never written with a thousands separator.
IDENTIFIER_COLUMNS = frozenset({"row", "change_id", "target", "priority"})


def _is_year(key: str) -> bool:
    """A column of years: a whole number, but never written ``2,020``."""
    return key == "year" or key.endswith("_year") or key.startswith("year_")


def column_for(key: str, dtype: object = None) -> Column:
    """The spec of one exported column by its key."""
    kind: ColumnKind = "text"
    if key in PERCENT_COLUMNS or key.startswith("share_"):
        kind = "percent"
    elif key in SOURCE_COLUMNS or key.endswith("_source"):
        kind = "source"
    elif key in COORDINATE_COLUMNS:
        kind = "coordinate"
    elif _is_year(key) or key in IDENTIFIER_COLUMNS:
        kind = "text"  # a year keeps the General format (2020, not 2,020)
    elif dtype is not None and pd.api.types.is_integer_dtype(dtype):  # type: ignore[arg-type]
        kind = "integer"
    elif dtype is not None and pd.api.types.is_float_dtype(dtype):  # type: ignore[arg-type]
        kind = "number"
    return Column(key, EXPORT_FIELDS.get(key), EXPORT_UNITS.get(key), kind)


def columns_for(frame: pd.DataFrame) -> list[Column]:
    """Specs of every column of ``frame`` (for ``table_bytes(frame, columns=columns_for(frame), lang=…)``)."""
    return [column_for(str(c), frame[c].dtype) for c in frame.columns]


def headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the headers a person reads in ``lang`` (the same as its download's), for showing on a
    page; values unchanged, index kept."""
    return frame.rename(columns={c.key: c.header(lang) for c in columns_for(frame)})
