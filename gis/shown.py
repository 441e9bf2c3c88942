"""The cells of a result table as a person reads them in a language (the headers are
:func:`gis.export_columns.headed`): city and county names in English, vocabulary keys as their labels.

Tables shown on a page and their downloads use it alike (one home for place names and quality labels).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from gis.admin_names import english_name
from gis.text import text
from gis.vocab import kind_label, level_label, quality_label, zone_type_label

#: Columns holding a Chinese city or county name.
PLACE_COLUMNS = frozenset({"city", "county", "city_zh", "county_zh", "park_city", "park_county"})
#: Columns holding a vocabulary key, with the label function of its table.
VOCAB_COLUMNS: dict[str, Callable[[object, str], str]] = {
    "geometry_quality": quality_label,
    "kind": kind_label,
    "level": level_label,
    "zone_type": zone_type_label,
}


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with place names and vocabulary keys in ``lang`` (other columns and the index unchanged)."""
    out = frame.copy()
    for col in out.columns:
        key = str(col)
        if key in PLACE_COLUMNS:
            out[col] = [text(lang, v, english_name(v)) if isinstance(v, str) else v for v in out[col]]
        elif key in VOCAB_COLUMNS:
            out[col] = [VOCAB_COLUMNS[key](v, lang) if isinstance(v, str) and v else v for v in out[col]]
    return out
