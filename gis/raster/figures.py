"""Park figures as density inputs: which figures parks carry, one value per park, equal splits."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import (
    CalculationError,
    DataValidationError,
)
from gis.parks import is_petrochemical
from gis.raster.config import DEFAULT_FIGURE, PETROCHEM_SPLIT_FIGURE


# ----------------------------------------------------------------------------------------------- figures
def _as_figure_list(raw: object) -> list[dict[str, Any]]:
    """Return a park's ``figures`` cell as a list of dicts (accepts JSON text, as GeoJSON readers give)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if isinstance(raw, Mapping):
        raw = [raw]
    return [dict(item) for item in raw if isinstance(item, Mapping)] if isinstance(raw, list | tuple) else []


def _as_list(raw: object) -> list[Any]:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return []
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            return [raw]
        return list(value) if isinstance(value, list) else [value]
    return list(raw) if isinstance(raw, list | tuple | np.ndarray) else [raw]


def _numeric(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def available_figures(parks: pd.DataFrame) -> pd.DataFrame:
    """List the numeric figures the parks carry.

    Returns
    -------
    DataFrame indexed by figure ``key`` with ``label_zh, label_en, unit, years`` (sorted list of years) and
    ``n_parks`` (parks with a numeric value), most common first.
    """
    rows: dict[str, dict[str, Any]] = {}
    if "figures" not in parks.columns:
        return pd.DataFrame(columns=["label_zh", "label_en", "unit", "years", "n_parks"])
    for pid, raw in parks["figures"].items():
        for fig in _as_figure_list(raw):
            key = fig.get("key")
            if not key or _numeric(fig.get("value")) is None:
                continue
            row = rows.setdefault(
                str(key),
                {
                    "label_zh": fig.get("label_zh") or key,
                    "label_en": fig.get("label_en") or key,
                    "unit": fig.get("unit") or "",
                    "years": set(),
                    "parks": set(),
                },
            )
            if fig.get("year") not in (None, ""):
                row["years"].add(str(fig.get("year")))
            row["parks"].add(pid)
    out = pd.DataFrame(
        [
            {
                "key": k,
                "label_zh": r["label_zh"],
                "label_en": r["label_en"],
                "unit": r["unit"],
                "years": sorted(r["years"]),
                "n_parks": len(r["parks"]),
            }
            for k, r in rows.items()
        ],
        columns=["key", "label_zh", "label_en", "unit", "years", "n_parks"],
    )
    return out.sort_values(["n_parks", "key"], ascending=[False, True]).set_index("key")


def figure_values(
    parks: gpd.GeoDataFrame, figure: str = DEFAULT_FIGURE, year: int | str | None = None
) -> gpd.GeoDataFrame:
    """Pick one figure per park.

    Parameters
    ----------
    parks : parks as :func:`gis.parks.load_parks` returns them (indexed by ``id``, column ``figures``).
    figure : figure ``key``, e.g. ``approved_area_ha``.
    year : year to use; ``None`` takes each park's latest year of that figure.

    Returns
    -------
    GeoDataFrame indexed like ``parks`` (only parks carrying a numeric, non-negative value) with
    ``value, unit, year, source, confidence, label_zh, label_en, name_zh, name_en`` and the park geometry.
    """
    if "figures" not in parks.columns:
        raise DataValidationError(
            "the parks have no 'figures' column",
            field="figures",
            hint="load parks with gis.parks.load_parks()",
        )
    want_year = None if year in (None, "") else str(year)
    rows = []
    years_seen: set[str] = set()
    for pid, raw in parks["figures"].items():
        best = _best_figure(_as_figure_list(raw), figure, want_year, years_seen)
        if best is None:
            continue
        if best["value"] < 0:
            raise CalculationError(
                f"figure '{figure}' is negative ({best['value']}) for park {pid}",
                feature=str(pid),
                field="figures",
                hint="a density surface needs non-negative values; correct the figure",
            )
        rows.append(
            {
                "id": pid,
                "value": best["value"],
                "unit": best.get("unit") or "",
                "year": best["year"],
                "source": best.get("source") or "",
                "confidence": best.get("confidence") or "",
                "label_zh": best.get("label_zh") or figure,
                "label_en": best.get("label_en") or figure,
            }
        )
    if not rows:
        known = ", ".join(available_figures(parks).index) or "none"
        detail = (
            f" for year {want_year} (years with values: {', '.join(sorted(years_seen)) or 'none'})"
            if years_seen
            else ""
        )
        raise DataValidationError(
            f"no park carries a numeric figure '{figure}'{detail}",
            field="figure",
            hint=f"choose one of: {known}",
        )
    table = pd.DataFrame(rows).set_index("id")
    units = sorted(set(table["unit"]))
    if len(units) > 1:
        raise DataValidationError(
            f"figure '{figure}' comes in several units ({', '.join(units)})",
            field="unit",
            hint="convert the figures to one unit before summing them",
        )
    for col in ("name_zh", "name_en"):
        table[col] = parks.loc[table.index, col] if col in parks.columns else ""
    out = gpd.GeoDataFrame(table, geometry=parks.loc[table.index].geometry.values, crs=parks.crs)
    out.attrs["figure"] = figure
    return out


def _best_figure(
    figs: list[dict[str, Any]], figure: str, want_year: str | None, years_seen: set[str]
) -> dict[str, Any] | None:
    """The park's numeric ``figure`` for ``want_year`` (latest year when ``None``); records years seen."""
    best: dict[str, Any] | None = None
    for fig in figs:
        if fig.get("key") != figure:
            continue
        value = _numeric(fig.get("value"))
        fig_year = "" if fig.get("year") in (None, "") else str(fig.get("year"))
        if value is None:
            continue
        years_seen.add(fig_year)
        if want_year is not None and fig_year != want_year:
            continue
        if best is None or fig_year > str(best.get("year") or ""):
            best = {**fig, "value": value, "year": fig_year}
    return best


def petrochemical_parks(parks: pd.DataFrame) -> pd.Index:
    """Ids of the petrochemical parks, by the one rule :func:`gis.parks.is_petrochemical`.

    Roles given as JSON text (as GeoJSON readers give them) are read as lists first.
    """
    kind = parks["kind"] if "kind" in parks.columns else pd.Series("", index=parks.index)
    roles = parks["roles"] if "roles" in parks.columns else pd.Series([[]] * len(parks), index=parks.index)
    view = pd.DataFrame({"kind": kind, "roles": roles.map(_as_list)}, index=parks.index)
    return parks.index[is_petrochemical(view).to_numpy(dtype=bool)]


def equal_split_values(
    parks: gpd.GeoDataFrame,
    ids: pd.Index | list[str],
    *,
    total: float,
    unit: str,
    year: int | str,
    source: str,
    label_zh: str,
    label_en: str,
    figure: str = PETROCHEM_SPLIT_FIGURE,
) -> gpd.GeoDataFrame:
    """Share a total equally among the given parks (an ASSUMPTION, recorded in every row's ``note``).

    Use it for a plan target that names bases but not how output divides among their parks, e.g. the plan's
    6800 亿元 petrochemical output for 2020 (第四章一（一）, 专栏10 #1) over the petrochemical parks.
    Returns the same columns as :func:`figure_values` plus ``note``; ``attrs["assumption"]`` holds the text.
    """
    ids = list(ids)
    if not ids:
        raise DataValidationError(
            "no parks to share the total among",
            field="kind",
            hint="the parks need kind 'petrochemical_base' or role 'petrochemical'",
        )
    if _numeric(total) is None or total < 0:
        raise CalculationError(f"total must be a non-negative number, got {total!r}", field="total")
    share = float(total) / len(ids)
    note_zh = f"假设：规划目标 {total:g} {unit} 在 {len(ids)} 个石化园区间平均分配（规划未给出分园区目标）"
    note_en = (
        f"ASSUMPTION: plan target {total:g} {unit} split equally across the {len(ids)} petrochemical parks "
        "(the plan gives no per-park targets)"
    )
    sub = parks.loc[ids]
    table = pd.DataFrame(
        {
            "value": share,
            "unit": unit,
            "year": str(year),
            "source": source,
            "confidence": "assumption",
            "label_zh": label_zh,
            "label_en": label_en,
            "name_zh": sub.get("name_zh", ""),
            "name_en": sub.get("name_en", ""),
            "note": note_en,
        },
        index=sub.index,
    )
    out = gpd.GeoDataFrame(table, geometry=sub.geometry.values, crs=parks.crs)
    out.attrs["figure"] = figure
    out.attrs["assumption"] = note_en
    out.attrs["assumption_zh"] = note_zh
    return out
