"""The plan's numbers as tables: 专栏10 sector targets, 专栏1 indicators, 2015 baselines, petrochemical and
park goals; the plan's goals one by one are :mod:`clusters.goals` (re-exported here).

Every row carries ``source`` (its place in the plan) and, where the plan states it in words, ``quote`` (the
exact words, checked against the plan text by the tests). Derived figures (e.g. the 2015 output implied by a
2020 target and its growth) are computed here, never stored, and their columns end in ``_derived``.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from functools import cache

import numpy as np
import pandas as pd

from clusters.goals import (
    Goal,
    base_year,
    clusters_goal,
    demo_bases_goal,
    growth_stand_in,
    park_share_base,
    park_share_goal,
    place_en,
    place_zh,
    plan_goals,
    target_year,
)
from gis.settings import DATA_DIR
from gis.text import text

__all__ = [
    "Goal",
    "base_year",
    "clusters_goal",
    "demo_bases_goal",
    "growth_stand_in",
    "park_share_base",
    "park_share_goal",
    "place_en",
    "place_zh",
    "plan_goals",
    "target_year",
    "BASE_YEAR",
    "TARGET_YEAR",
    "PLAN_DIR",
    "PLAN_TITLE_EN",
    "PLAN_TITLE_ZH",
    "baselines_2015",
    "implied_base",
    "indicators",
    "park_goals",
    "petrochem_goals",
    "sector_label",
    "sector_places",
    "sector_targets",
    "plan_tables",
    "with_derived",
    "yearly_path",
]

PLAN_DIR = DATA_DIR / "plan"
PLAN_TITLE_ZH = "福建省“十三五”工业转型升级专项规划（福建省人民政府办公厅2016年4月印发）"
PLAN_TITLE_EN = "Fujian 13th Five-Year Industrial Transformation and Upgrading Plan (issued April 2016)"
#: The plan's base and target years, read from data/plan (see :mod:`clusters.goals`).
BASE_YEAR = base_year().whole
TARGET_YEAR = target_year().whole


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(
        PLAN_DIR / name, dtype={"target_text": str, "baseline_2015_text": str}, keep_default_na=True
    )


def sector_targets() -> pd.DataFrame:
    """专栏10: the 24 sectors' 2020 output and value-added targets (亿元) and annual growth (%), by ``no``."""
    df = _read("sector_targets_2020.csv").copy().set_index("no")
    for col in ("note_zh", "note_en"):
        df[col] = df[col].fillna("")
    return df


def implied_base(
    target: pd.Series | float, cagr_pct: pd.Series | float, years: int = TARGET_YEAR - BASE_YEAR
):
    """Base-year value implied by a target and its compound annual growth: ``target / (1 + g) ** years``.

    DERIVED: computed, never stored.
    """
    return target / (1.0 + np.asarray(cagr_pct, dtype="float64") / 100.0) ** years


def with_derived(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return :func:`sector_targets` plus the DERIVED implied 2015 output and value added (to 0.1 亿元)."""
    df = sector_targets() if df is None else df.copy()
    df["output_2015_derived"] = np.round(implied_base(df["output_2020"], df["output_cagr_pct"]), 1)
    df["va_2015_derived"] = np.round(implied_base(df["va_2020"], df["va_cagr_pct"]), 1)
    return df


def yearly_path(
    base: float, cagr_pct: float, base_year: int = BASE_YEAR, target_year: int = TARGET_YEAR
) -> pd.Series:
    """Compound path from ``base`` at ``base_year`` growing ``cagr_pct`` a year, indexed by year (DERIVED)."""
    years = np.arange(base_year, target_year + 1)
    return pd.Series(base * (1 + cagr_pct / 100.0) ** (years - base_year), index=years, name="path_derived")


def indicators() -> pd.DataFrame:
    """专栏1: the 16 main indicators: unit, 2020 target, type (预期性/约束性), 2015 baseline where stated."""
    return (
        _read("indicators_zhuanlan1.csv")
        .copy()
        .fillna(
            {
                "baseline_note_zh": "",
                "baseline_note_en": "",
                "baseline_2015_text": "",
                "baseline_source": "",
                "target_comparator": "",
            }
        )
    )


def baselines_2015() -> pd.DataFrame:
    """2015 figures the plan states in 第一章一 (``approx`` = ``近`` where the plan says "nearly")."""
    return _read("baselines_2015.csv").copy().fillna({"approx": ""}).set_index("key")


def petrochem_goals() -> pd.DataFrame:
    """Petrochemical output, value added and capacity goals for 2020 (第四章一（一）)."""
    return _read("petrochem_goals.csv").copy().set_index("key")


def park_goals() -> pd.DataFrame:
    """Park goals of 第三章七: park share ≥ 75 %, ≥ 25 demonstration bases, ≥ 20 千亿 clusters."""
    return _read("park_goals.csv").copy().set_index("key")


def sector_label(no: int, lang: str = "zh") -> str:
    """Name of sector ``no`` (1–24) in ``lang``."""
    row = sector_targets().loc[int(no)]
    return text(lang, str(row["sector_zh"]), str(row["sector_en"]))


def sector_places() -> pd.DataFrame:
    """Places the plan names for each 专栏10 sector.

    Columns: ``sector_no, place_zh, place_en, park_ids`` (list of park ids), ``cities`` (list of 市 names, for
    places the plan names only by city), ``section`` and ``quote`` (the plan's words).
    """
    df = pd.read_csv(PLAN_DIR / "sector_places.csv", dtype=str, keep_default_na=False)
    df["sector_no"] = df["sector_no"].astype(int)
    df["park_ids"] = df.pop("park_id").map(lambda v: [p for p in v.split(";") if p])
    df["cities"] = df.pop("city").map(lambda v: [c for c in v.split(";") if c])
    return df[["sector_no", "place_zh", "place_en", "park_ids", "cities", "section", "quote"]]


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.reset_index().to_dict(orient="records")]


def plan_tables() -> dict[str, object]:
    """The plan's tables and goals as plain, JSON-ready data (``python -m clusters targets --json``).

    Keys: ``plan`` (titles, base and target year), ``note``, ``sector_targets`` (with
    ``output_2015_DERIVED``, ``va_2015_DERIVED``), ``indicators``, ``park_goals``, ``petrochem_goals``,
    ``baselines_2015`` and ``goals`` (each :class:`clusters.goals.Goal` by key: value, unit, source, quote,
    table).
    """
    sectors = with_derived().rename(
        columns={"output_2015_derived": "output_2015_DERIVED", "va_2015_derived": "va_2015_DERIVED"}
    )
    return {
        "plan": {
            "title_zh": PLAN_TITLE_ZH,
            "title_en": PLAN_TITLE_EN,
            "base_year": BASE_YEAR,
            "target_year": TARGET_YEAR,
        },
        "note": "Columns ending in _DERIVED are computed as target / (1 + growth)^"
        f"{TARGET_YEAR - BASE_YEAR}; the plan does not publish them.",
        "sector_targets": _records(sectors),
        "indicators": _records(indicators()),
        "park_goals": _records(park_goals()),
        "petrochem_goals": _records(petrochem_goals()),
        "baselines_2015": _records(baselines_2015()),
        "goals": {key: asdict(goal) for key, goal in plan_goals().items()},
    }
