"""The zonal-statistics table as a person reads it, for CSV / XLSX (:func:`gis.tabular.table_bytes`).

One language per file: the park's name and the raster's coverage in ``lang``; the covered part and each
class's share as percentages; mean / min / max / sum in the raster's own units; the machine keys in the
XLSX ``columns`` sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from gis.export_columns import column_for
from gis.tabular import Column, table_bytes
from gis.text import Pair, normalize_lang, text

if TYPE_CHECKING:  # the result type only: zonal.py calls this module
    from gis.raster.zonal import ZonalResult

_COUNTS = ("cells", "count", "nodata_cells")


def class_name(classes: dict[int, dict[str, Any]], value: object, lang: str) -> str:
    """A class's name: its label where the raster or the user gave one, else "类别 3" / "class 3"."""
    name = classes.get(value, {}).get("label") if isinstance(value, int) else None
    return str(name) if name and name != f"class {value}" else text(lang, f"类别 {value}", f"class {value}")


def _share_column(key: str, classes: dict[int, dict[str, Any]]) -> Column:
    raw = key.removeprefix("share_")
    value: object = int(raw) if raw.lstrip("-").isdigit() else raw
    zh, en = class_name(classes, value, "zh"), class_name(classes, value, "en")
    if not zh.startswith("类别"):  # a named class keeps its value beside the name
        zh, en = f"{zh}（{raw}）", f"{en} ({raw})"
    return Column(key, Pair(f"{zh}占比", f"{en}: share of valid cells"), kind="percent")


def zonal_export(result: ZonalResult, lang: str) -> tuple[pd.DataFrame, list[Column]]:
    """The export table of ``result`` in ``lang`` and its column specs."""
    table, suffix = result.table, normalize_lang(lang)
    out = pd.DataFrame(
        {
            "park_id": table.index.astype(str),
            "name": table[f"name_{suffix}"].to_numpy(),
            "coverage": table[f"note_{suffix}"].to_numpy(),
            "covered_fraction": table["covered_fraction"].to_numpy(dtype=float),
        }
    )
    for col in _COUNTS:
        out[col] = table[col].astype("Int64").array
    specs = [column_for(c, out[c].dtype) for c in out.columns]
    if result.categorical:
        if "majority" in table.columns:
            classes = result.classes or {}
            out["majority"] = [
                "" if pd.isna(v) else class_name(classes, int(v), lang) for v in table["majority"]
            ]
            specs.append(column_for("majority"))
        for col in [c for c in table.columns if c.startswith("share_")]:
            out[col] = table[col].to_numpy(dtype=float)
            specs.append(_share_column(col, result.classes or {}))
    else:
        for col in ("mean", "min", "max", "sum"):
            out[col] = table[col].to_numpy(dtype=float)
            specs.append(column_for(col, out[col].dtype))
    return out, specs


def zonal_bytes(result: ZonalResult, fmt: Literal["csv", "xlsx"] = "csv", lang: str = "zh") -> bytes:
    """The zonal table as CSV (UTF-8 with BOM) or XLSX, headed in ``lang``."""
    frame, specs = zonal_export(result, lang)
    return table_bytes(frame, fmt, columns=specs, lang=lang, sheet_name=text(lang, "分区统计", "zonal"))
