"""The plan's goals, one accessor each, read from the plan tables (never typed in code).

Each accessor returns a :class:`Goal`: the value, its unit, the place in the plan (``source``), the plan's
exact words (``quote``, checked against the plan text by the tests) and the table it was read from.

==========================  =====================  ==============================================
accessor                    value                  table, row
==========================  =====================  ==============================================
:func:`park_share_goal`     75 % (≥, 2020)         ``park_goals.csv`` park_output_share
:func:`park_share_base`     近 60 % (2015)          ``baselines_2015.csv`` park_output_share
:func:`growth_stand_in`     8.5 % a year           ``indicators_zhuanlan1.csv`` #1 (value added)
:func:`base_year`           2015                   ``park_goals.csv`` column ``baseline_2015``
:func:`target_year`         2020                   ``park_goals.csv`` park_output_share ``year``
:func:`demo_bases_goal`     25 (≥, 2020)           ``park_goals.csv`` demo_bases
:func:`clusters_goal`       20 (≥, 2020)           ``park_goals.csv`` clusters_over_100bn
==========================  =====================  ==============================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from gis.settings import DATA_DIR
from gis.text import place_en as place_en  # the one home is gis.text; callers here keep this name

PLAN_DIR = DATA_DIR / "plan"
PARK_GOALS = "park_goals.csv"
INDICATORS = "indicators_zhuanlan1.csv"
BASELINES = "baselines_2015.csv"


@dataclass(frozen=True)
class Goal:
    """One of the plan's numbers with where it comes from."""

    key: str
    value: float
    unit: str  # "%", "个", "year", …
    source: str  # place in the plan (第三章七; 专栏1 #10 …)
    quote: str  # the plan's exact words
    table: str  # data/plan file the value is read from
    name_zh: str = ""
    name_en: str = ""
    year: int | None = None
    comparator: str = ""
    note: str = ""

    @property
    def fraction(self) -> float:
        """The value as a fraction (``0.75`` for 75 %); the value itself when the unit is not ``%``."""
        return self.value / 100.0 if self.unit == "%" else self.value

    @property
    def whole(self) -> int:
        """The value as a whole number (years, counts)."""
        return int(round(self.value))


@cache
def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(PLAN_DIR / name, dtype={"target_text": str, "baseline_2015_text": str})


def _row(name: str, column: str, key: object) -> pd.Series:
    df = _table(name)
    hit = df[df[column] == key]
    if len(hit) != 1:
        raise LookupError(f"data/plan/{name}: expected one row with {column} = {key!r}, found {len(hit)}")
    return hit.iloc[0]


def _park_goal(key: str) -> Goal:
    row = _row(PARK_GOALS, "key", key)
    return Goal(
        key=key,
        value=float(row["value"]),
        unit=str(row["unit"]),
        source=str(row["source"]),
        quote=str(row["quote"]),
        table=PARK_GOALS,
        name_zh=str(row["name_zh"]),
        name_en=str(row["name_en"]),
        year=int(row["year"]),
        comparator=str(row["comparator"]),
    )


def park_share_goal() -> Goal:
    """Parks' share of provincial industrial output by 2020: ≥ 75 % (第三章七; 专栏1 #10)."""
    return _park_goal("park_output_share")


def demo_bases_goal() -> Goal:
    """Provincial-or-higher new-type industrialization demonstration bases by 2020: ≥ 25 (第三章七)."""
    return _park_goal("demo_bases")


def clusters_goal() -> Goal:
    """Clusters (bases) with output over 100 billion yuan (千亿) by 2020: ≥ 20 (第三章七; 专栏1 #8)."""
    return _park_goal("clusters_over_100bn")


def park_share_base() -> Goal:
    """Parks' share of provincial industrial output in 2015: "近60%" (第一章一)."""
    row = _row(BASELINES, "key", "park_output_share")
    return Goal(
        key="park_output_share_2015",
        value=float(row["value"]),
        unit=str(row["unit"]),
        source=str(row["source"]),
        quote=str(row["quote"]),
        table=BASELINES,
        name_zh=str(row["name_zh"]),
        name_en=str(row["name_en"]),
        year=base_year().whole,
        comparator=str(row["approx"]),
        note="the plan says 近60% (nearly 60 %)",
    )


def growth_stand_in() -> Goal:
    """8.5 % a year: 专栏1 #1, growth of above-scale industrial value added.

    The plan gives no growth of total industrial output; the calculator uses this value-added rate as a
    stand-in (its note says so).
    """
    row = _row(INDICATORS, "no", 1)
    return Goal(
        key="industrial_va_growth",
        value=float(row["target_value"]),
        unit=str(row["unit"]),
        source=str(row["source"]),
        quote=str(row["quote"]),
        table=INDICATORS,
        name_zh=str(row["name_zh"]),
        name_en=str(row["name_en"]),
        year=target_year().whole,
        comparator=str(row["target_comparator"]),
        note="a value-added rate used as a proxy for output growth (the plan gives no output growth)",
    )


@cache  # the plan tables are read once; cards call this for every park on a map
def base_year() -> Goal:
    """The plan's base year, 2015 (the end of the 12th FYP; the year of the baselines of 第一章一)."""
    cols = [m.group(1) for c in _table(PARK_GOALS).columns if (m := re.fullmatch(r"baseline_(\d{4})", c))]
    if len(cols) != 1:
        raise LookupError(f"data/plan/{PARK_GOALS}: expected one baseline_YYYY column, found {cols}")
    row = _row(BASELINES, "key", "park_firms")
    year = int(cols[0])
    return Goal(
        key="base_year",
        value=float(year),
        unit="year",
        source=str(row["source"]),
        quote=f"{year}年，{row['quote']}",
        table=PARK_GOALS,
        name_zh="基期年（“十二五”末）",
        name_en="base year (end of the 12th FYP)",
        year=year,
    )


@cache
def target_year() -> Goal:
    """The plan's target year, 2020 (专栏1; 第三章七 "到2020年")."""
    row = _row(PARK_GOALS, "key", "park_output_share")
    year = int(row["year"])
    return Goal(
        key="target_year",
        value=float(year),
        unit="year",
        source=str(row["source"]),
        quote=str(row["quote"]),
        table=PARK_GOALS,
        name_zh="目标年（“十三五”末）",
        name_en="target year (end of the 13th FYP)",
        year=year,
    )


def place_zh(source: str) -> str:
    """A place in the plan as Chinese prose: ``第三章七; 专栏1 #10`` → ``第三章七；专栏1第10项``."""
    out = re.sub(r"专栏(\d+)\s*#(\d+)", r"专栏\1第\2项", source)
    return re.sub(r"\s*;\s*", "；", out)


def plan_goals() -> dict[str, Goal]:
    """Every goal above, by key."""
    goals = (
        park_share_goal(),
        park_share_base(),
        growth_stand_in(),
        base_year(),
        target_year(),
        demo_bases_goal(),
        clusters_goal(),
    )
    return {g.key: g for g in goals}
