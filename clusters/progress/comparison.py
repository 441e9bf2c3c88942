"""Comparing actual figures with each target's compound path, and the 千亿 clusters' growth needed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusters import targets as plan_targets
from clusters.clusters import cluster_figures, load_clusters
from clusters.progress.catalogue import target_catalogue
from clusters.progress.columns import BASE_YEAR, STATUS_LABELS, TARGET_YEAR, THOUSAND
from clusters.vocab import USER_TARGET
from gis.errors import CalculationError


def path_value(target: float, cagr_pct: float, year: int, target_year: int = TARGET_YEAR) -> float:
    """Value on the compound path in ``year``: ``target / (1 + g) ** (target_year - year)`` (DERIVED)."""
    return float(target) / (1.0 + float(cagr_pct) / 100.0) ** (target_year - int(year))


def growth_needed(actual: float, target: float, year: int, target_year: int = TARGET_YEAR) -> float | None:
    """Annual growth from ``actual`` in ``year`` to ``target`` in ``target_year``; ``None`` if undefined."""
    if actual is None or target is None or actual <= 0 or target <= 0 or year >= target_year:
        return None
    return (float(target) / float(actual)) ** (1.0 / (target_year - int(year))) - 1.0


def _status(row: dict, actual: float, target: float, cagr: float, year: int, tolerance: float) -> str:
    """Fill the DERIVED columns of one comparison row and return its status."""
    if pd.isna(target):
        status = "no_target"
    else:
        row["pct_of_target"] = actual / float(target) * 100.0
        g = growth_needed(actual, float(target), year)
        row["growth_needed"] = np.nan if g is None else g
        if year >= TARGET_YEAR:
            status = "reached" if actual >= float(target) * (1 - tolerance) else "missed"
            if not pd.isna(cagr):
                row["path_value"] = path_value(float(target), float(cagr), year)
                row["pct_of_path"] = actual / row["path_value"] * 100.0
        elif pd.isna(cagr):
            status = "target_only"
        else:
            row["path_value"] = path_value(float(target), float(cagr), year)
            row["pct_of_path"] = actual / row["path_value"] * 100.0
            status = "on_track" if actual >= row["path_value"] * (1 - tolerance) else "behind"
    return status


def compare(
    valid: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, tolerance: float = 0.0
) -> pd.DataFrame:
    """Compare valid upload rows with their targets' compound paths.

    Parameters
    ----------
    valid
        ``UploadCheck.valid``.
    catalogue
        :func:`target_catalogue` (loaded when ``None``).
    tolerance
        Fraction below the path still counted as on track (0.02 = within 2 %).

    Returns
    -------
    DataFrame
        One row per figure: ``kind, ref, name_zh, name_en, measure, year, actual, target_year, target_value,
        target_source, path_value, pct_of_target, pct_of_path, status, status_zh, status_en, growth_needed,
        path_growth, actual_source, actual_note`` (the user's source and note of the figure, as uploaded).
        ``path_value`` and the percentages are DERIVED.
    """
    if not 0 <= tolerance < 1:
        raise CalculationError(
            f"tolerance must be in [0, 1), got {tolerance}",
            field="tolerance",
            hint="give the tolerance as a fraction, e.g. 0.02 for 2 %",
            message_zh=f"容差必须在0到1之间（当前 {tolerance}）",
            hint_zh="以小数输入容差，如 2% 输入 0.02",
        )
    cat = target_catalogue() if catalogue is None else catalogue
    out = []
    for rec in valid.to_dict("records"):
        match = cat[
            (cat["kind"] == rec["kind"])
            & (cat["ref"].astype(str) == str(rec["ref"]))
            & (cat["measure"] == rec["measure"])
        ]
        info = match.iloc[0].to_dict() if len(match) else {}
        target = info.get("target_value", np.nan)
        source = info.get("source", "")
        cagr = info.get("cagr_pct", np.nan)
        user_target = rec.get("user_target")
        if user_target is not None and not pd.isna(user_target):
            target, source, cagr = float(user_target), f"{USER_TARGET.en} / {USER_TARGET.zh}", np.nan
        actual = float(rec["value"])
        year = int(rec["year"])
        row = {
            "kind": rec["kind"],
            "ref": rec["ref"],
            "name_zh": info.get("name_zh", rec["name"]),
            "name_en": info.get("name_en", rec["name"]),
            "measure": rec["measure"],
            "year": year,
            "actual": actual,
            "target_year": TARGET_YEAR,
            "target_value": target,
            "target_source": source,
            "path_value": np.nan,
            "pct_of_target": np.nan,
            "pct_of_path": np.nan,
            "growth_needed": np.nan,
            "path_growth": cagr / 100.0 if not pd.isna(cagr) else np.nan,
            "actual_source": _text(rec.get("source")),
            "actual_note": _text(rec.get("note")),
        }
        row["status"] = _status(row, actual, target, cagr, year, tolerance)
        row["status_zh"], row["status_en"] = STATUS_LABELS[row["status"]]
        out.append(row)
    cols = [
        "kind",
        "ref",
        "name_zh",
        "name_en",
        "measure",
        "year",
        "actual",
        "target_year",
        "target_value",
        "target_source",
        "path_value",
        "pct_of_target",
        "pct_of_path",
        "status",
        "status_zh",
        "status_en",
        "growth_needed",
        "path_growth",
        "actual_source",
        "actual_note",
    ]
    return pd.DataFrame(out, columns=cols)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def target_path(
    kind: str, ref: object, measure: str = "output", catalogue: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The compound path (DERIVED) of one target from its base year to 2020: ``year, path_value``."""
    cat = target_catalogue() if catalogue is None else catalogue
    match = cat[(cat["kind"] == kind) & (cat["ref"].astype(str) == str(ref)) & (cat["measure"] == measure)]
    if match.empty or pd.isna(match.iloc[0]["cagr_pct"]):
        return pd.DataFrame(columns=["year", "path_value"])
    rec = match.iloc[0]
    years = range(int(rec["base_year"]), TARGET_YEAR + 1)
    return pd.DataFrame(
        {
            "year": list(years),
            "path_value": [path_value(rec["target_value"], rec["cagr_pct"], y) for y in years],
        }
    )


def sector_paths(df: pd.DataFrame | None = None, measure: str = "output") -> pd.DataFrame:
    """Implied yearly path 2015–2020 of every 专栏10 sector (DERIVED), one column per year, by ``no``."""
    df = plan_targets.sector_targets() if df is None else df
    tcol, gcol = ("output_2020", "output_cagr_pct") if measure == "output" else ("va_2020", "va_cagr_pct")
    years = list(range(BASE_YEAR, TARGET_YEAR + 1))
    data = {y: df[tcol] / (1 + df[gcol] / 100.0) ** (TARGET_YEAR - y) for y in years}
    return pd.DataFrame(data, index=df.index)


# ------------------------------------------------------------------------------------------ 千亿 clusters


def cluster_thousand(
    growth: float, threshold: float = THOUSAND, target_year: int = TARGET_YEAR
) -> pd.DataFrame:
    """For each cluster with a reported output before ``target_year``: growth needed to pass ``threshold``.

    ``threshold`` is in 亿元. Uses each cluster's latest figure before ``target_year`` (``cluster_figures``;
    its scope note, comparator and confidence are kept). ``passes`` says whether
    ``value × (1 + growth) ** (target_year − year)`` reaches the threshold. Figures are often for part of a
    cluster (a county): see ``scope_note``.
    """
    if not math.isfinite(growth) or growth <= -1:
        raise CalculationError(
            f"growth must be above −100%, got {growth}",
            field="growth",
            hint="give the growth a year as a fraction, e.g. 0.085 for 8.5 %",
            message_zh=f"增速必须大于 −100%（当前 {growth}）",
            hint_zh="以小数输入年增速，如 8.5% 输入 0.085",
        )
    figs = cluster_figures()
    figs = figs[(figs["year"] < target_year) & (figs["unit"] == "亿元")]
    if figs.empty:
        return pd.DataFrame()
    latest = figs.sort_values("year").groupby("cluster_id").tail(1)
    clusters = load_clusters()
    rows = []
    for rec in latest.to_dict("records"):
        cid = rec["cluster_id"]
        info = clusters.loc[cid] if cid in clusters.index else None
        years_left = target_year - int(rec["year"])
        value = float(rec["value"])
        need = 0.0 if value >= threshold else (threshold / value) ** (1.0 / years_left) - 1.0
        projected = value * (1.0 + growth) ** years_left
        rows.append(
            {
                "cluster_id": cid,
                "name_zh": None if info is None else info["name_zh"],
                "name_en": None if info is None else info["name_en"],
                "provenance": None if info is None else info["provenance"],
                "year": int(rec["year"]),
                "value": value,
                "comparator": rec.get("comparator", ""),
                "scope_note": rec.get("scope_note", ""),
                "source": rec["source"],
                "confidence": rec["confidence"],
                "growth_needed": need,
                "projected": projected,
                "passes": bool(projected >= threshold),
            }
        )
    return pd.DataFrame(rows)
