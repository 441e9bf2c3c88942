"""The range the plan's own vagueness implies for the calculator's result.

The plan says "近60%" (base share, 第一章一) and "8.5%左右" (value-added growth, 专栏1 #1): neither supports a
result to four decimals. ``data/plan/goal_ranges.csv`` gives each vague figure's bounds with the rule and the
place in the plan (58–60 %, 8–9 %); an input the user changed is taken as given (a point, not a range).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from clusters.goals import PLAN_DIR
from clusters.share.checks import check_growth, check_share
from clusters.share.provenance import ScenarioLike, input_source
from gis.errors import CalculationError

RANGES = "goal_ranges.csv"


@dataclass(frozen=True)
class GoalRange:
    """Bounds of one vague plan figure (fractions for ``%``), the plan's words, the rule, the source."""

    key: str
    input: str
    plan_words: str
    value: float
    low: float
    high: float
    unit: str
    rule_zh: str
    rule_en: str
    source: str
    table: str = RANGES

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (bounds as fractions)."""
        return {
            "input": self.input,
            "plan_words": self.plan_words,
            "low": self.low,
            "high": self.high,
            "rule": {"zh": self.rule_zh, "en": self.rule_en},
            "source": self.source,
            "table": f"data/plan/{self.table}",
        }


@cache
def goal_ranges() -> dict[str, GoalRange]:
    """The vague figures' bounds by calculator input (``base_share``, ``total_growth``)."""
    df = pd.read_csv(PLAN_DIR / RANGES, dtype=str, keep_default_na=False)
    out = {}
    for rec in df.to_dict("records"):
        scale = 100.0 if rec["unit"] == "%" else 1.0
        out[rec["input"]] = GoalRange(
            key=rec["key"],
            input=rec["input"],
            plan_words=rec["plan_words"],
            value=float(rec["value"]) / scale,
            low=float(rec["low"]) / scale,
            high=float(rec["high"]) / scale,
            unit=rec["unit"],
            rule_zh=rec["rule_zh"],
            rule_en=rec["rule_en"],
            source=rec["source"],
        )
    return out


def _required(base: float, target: float, years: int, g_total: float) -> float:
    return (1.0 + g_total) * (target / base) ** (1.0 / years) - 1.0


def required_growth_range(sc: ScenarioLike, base_share: float, years: int) -> dict[str, Any]:
    """Low and high required park growth over the bounds of every vague input still at the plan's value.

    Returns ``low, high`` (fractions), ``varied`` (the inputs taken as ranges, each with its bounds, rule
    and source) and ``fixed`` (inputs taken as given: changed by the user, or derived from outputs).
    """
    target = check_share(sc.target_share, "target_share", allow_one=True)
    values = {"base_share": [base_share], "total_growth": [check_growth(sc.total_growth, "total_growth")]}
    varied: dict[str, object] = {}
    for key, rng in goal_ranges().items():
        if key in values and input_source(sc, key).origin == "plan":
            values[key] = [rng.low, rng.high]
            varied[key] = rng.to_dict()
    found = [
        _required(b, target, years, g)
        for b, g in itertools.product(values["base_share"], values["total_growth"])
        if b <= target
    ]
    if not found:
        raise CalculationError(
            "no bound of the base share is at or below the target",
            field="target_share",
            hint="enter a target share above the base share",
            message_zh="基期占比的取值范围均高于目标占比",
            hint_zh="请输入高于基期占比的目标占比",
        )
    return {
        "low": min(found),
        "high": max(found),
        "varied": varied,
        "fixed": [k for k in values if k not in varied],
    }
