"""Where each calculator input comes from: the plan (unchanged value), user input, derived, or a setting.

A value the user changed is labelled "用户输入 / user input" with the plan's value beside it for
reference; only unchanged values cite the plan. One rule, used by the screen, ``clusters share --json``,
the CSV/XLSX exports and the saved scenarios.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from clusters.share.defaults import (
    BASE_SHARE,
    BASE_YEAR,
    DEFAULT_HORIZON,
    DEFAULT_SOURCES,
    TARGET_SHARE,
    TARGET_YEAR,
    TOTAL_GROWTH,
)
from clusters.vocab import FIRM_SHARE_ORIGIN, INPUT_ORIGINS, PLAN_VALUE_FOR_REFERENCE
from gis.text import text

#: The plan's value of each input that has one (read from data/plan by :mod:`clusters.share.defaults`).
PLAN_VALUES: dict[str, float | int] = {
    "base_year": BASE_YEAR,
    "base_share": BASE_SHARE,
    "target_share": TARGET_SHARE,
    "target_year": TARGET_YEAR,
    "total_growth": TOTAL_GROWTH,
}
#: Inputs that are fractions shown as percentages.
FRACTION_INPUTS = frozenset({"base_share", "target_share", "total_growth", "park_growth"})
#: The inputs whose origin is reported, in the order of the calculator page.
INPUT_KEYS = (
    "base_year",
    "base_share",
    "base_total_output",
    "base_park_output",
    "target_year",
    "target_share",
    "total_growth",
    "park_growth",
    "horizon",
)
#: ``Scenario.base_share_from`` when the base share was measured from the user's firm list.
FROM_FIRMS = "firm_records"


class ScenarioLike(Protocol):
    base_year: int
    base_share: float | None
    target_share: float
    target_year: int
    total_growth: float
    park_growth: float | None
    base_total_output: float | None
    base_park_output: float | None
    horizon: int
    base_share_from: str | None


def shown_value(key: str, value: object) -> str:
    """An input's value as written beside it (fractions as percentages, ``0.6`` → ``60%``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if key in FRACTION_INPUTS and isinstance(value, (int, float)):
        return f"{float(value) * 100:.4g}%"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


def is_changed(key: str, value: object) -> bool:
    """True when ``value`` is not the plan's value of input ``key`` (an input without a plan value: given)."""
    if key not in PLAN_VALUES:
        return value is not None
    if value is None:
        return False
    try:
        return not math.isclose(float(value), float(PLAN_VALUES[key]), rel_tol=0, abs_tol=1e-9)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class InputSource:
    """One input's value and where it comes from.

    ``origin``: ``plan``, ``user_input``, ``derived``, ``setting`` or ``not_given``.
    """

    key: str
    value: object
    origin: str
    zh: str
    en: str
    plan_value: float | int | None = None

    def text(self, lang: str) -> str:
        """The source line in ``lang``."""
        return text(lang, self.zh, self.en)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``value, origin, origin_zh, origin_en, plan_value, zh, en``."""
        label = INPUT_ORIGINS[self.origin]
        return {
            "value": self.value,
            "origin": self.origin,
            "origin_zh": label.zh,
            "origin_en": label.en,
            "plan_value": self.plan_value,
            "zh": self.zh,
            "en": self.en,
        }


def _user(key: str, value: object) -> InputSource:
    """A value the user typed, with the plan's value (or its absence) beside it for reference."""
    user, ref = INPUT_ORIGINS["user_input"], PLAN_VALUE_FOR_REFERENCE
    plan = DEFAULT_SOURCES.get(key)
    shown = shown_value(key, value)
    if key in PLAN_VALUES and plan is not None:
        zh = f"{user.zh}：{shown}；{ref.zh}——{plan['zh']}"
        en = f"{user.en}: {shown}; {ref.en} — {plan['en']}"
    elif key == "park_growth":
        zh = f"{user.zh}：{shown}（规划未给出园区产值增速）"
        en = f"{user.en}: {shown} (the plan gives no park output growth)"
    elif plan is not None:  # the base-year outputs: their default text already says "user input"
        zh = f"{user.zh}：{shown}（{plan['zh'].split('；', 1)[-1]}）"
        en = f"{user.en}: {shown} ({plan['en']})"
    else:
        zh, en = f"{user.zh}：{shown}", f"{user.en}: {shown}"
    return InputSource(key, value, "user_input", zh, en, PLAN_VALUES.get(key))


def input_source(sc: ScenarioLike, key: str) -> InputSource:
    """Where input ``key`` of scenario ``sc`` comes from."""
    value = getattr(sc, key)
    absolute = sc.base_total_output is not None or sc.base_park_output is not None
    if key == "base_share" and absolute:
        zh, en = "推算：基期园区总产值 ÷ 基期全省工业总产值", "derived: base park output ÷ base total output"
        return InputSource(key, value, "derived", zh, en, BASE_SHARE)
    if key == "base_share" and sc.base_share_from == FROM_FIRMS and value is not None:
        shown = shown_value(key, value)
        ref = PLAN_VALUE_FOR_REFERENCE
        zh = f"{FIRM_SHARE_ORIGIN.zh}：{shown}；{ref.zh}——{DEFAULT_SOURCES[key]['zh']}"
        en = f"{FIRM_SHARE_ORIGIN.en}: {shown}; {ref.en} — {DEFAULT_SOURCES[key]['en']}"
        return InputSource(key, value, "derived", zh, en, BASE_SHARE)
    if key == "horizon":
        zh = f"设置：{value}年（默认{DEFAULT_HORIZON}年）"
        en = f"setting: {value} years (default {DEFAULT_HORIZON})"
        return InputSource(key, value, "setting", zh, en)
    if key == "park_growth" and value is None:
        src = DEFAULT_SOURCES[key]
        return InputSource(key, value, "derived", src["zh"], src["en"])
    if key in ("base_total_output", "base_park_output") and value is None:
        label = INPUT_ORIGINS["not_given"]
        return InputSource(key, value, "not_given", label.zh, label.en)
    if is_changed(key, value):
        return _user(key, value)
    src = DEFAULT_SOURCES[key]
    return InputSource(key, value, "plan", src["zh"], src["en"], PLAN_VALUES.get(key))


def input_sources(sc: ScenarioLike) -> dict[str, InputSource]:
    """Every input of ``sc`` (:data:`INPUT_KEYS`) with where it comes from."""
    return {key: input_source(sc, key) for key in INPUT_KEYS}


def user_inputs(sc: ScenarioLike) -> list[str]:
    """The inputs the user changed or gave (``origin == "user_input"``)."""
    return [k for k, s in input_sources(sc).items() if s.origin == "user_input"]
