"""The calculator's defaults: the plan's goals (read by :mod:`clusters.goals`) and where each comes from."""

from __future__ import annotations

from clusters.goals import (
    base_year,
    growth_stand_in,
    park_share_base,
    park_share_goal,
    place_en,
    place_zh,
    target_year,
)

_BASE_YEAR = base_year()
_TARGET_YEAR = target_year()
_BASE_SHARE = park_share_base()
_TARGET_SHARE = park_share_goal()
_GROWTH = growth_stand_in()

#: Default base year (2015), target year (2020), base share (0.60), target share (0.75) and total-output
#: growth (0.085, a stand-in): every one read from data/plan/ (see :mod:`clusters.goals`).
BASE_YEAR: int = _BASE_YEAR.whole
TARGET_YEAR: int = _TARGET_YEAR.whole
BASE_SHARE: float = _BASE_SHARE.fraction
TARGET_SHARE: float = _TARGET_SHARE.fraction
TOTAL_GROWTH: float = _GROWTH.fraction
#: Years searched for "first year the target is reached".
DEFAULT_HORIZON = 30

_by, _bs, _ts, _ty, _gr = _BASE_YEAR, _BASE_SHARE, _TARGET_SHARE, _TARGET_YEAR, _GROWTH

#: Where each default comes from (shown next to every input, in the CLI's JSON and in exports).
DEFAULT_SOURCES: dict[str, dict[str, str]] = {
    "base_year": {
        "zh": f"{BASE_YEAR}年：规划{place_zh(_by.source)}（“十二五”末）“{_by.quote}”",
        "en": f"{BASE_YEAR}: the plan, {place_en(_by.source)} (end of the 12th FYP)",
    },
    "base_share": {
        "zh": f"{_bs.value:g}%：规划{place_zh(_bs.source)}“{_bs.quote}”（“近”：略低于此，范围见结果）；"
        f"{place_zh(_ts.source)}",
        "en": f"{_bs.value:g}%: the plan, {place_en(_bs.source)} 'nearly {_bs.value:g}% of provincial "
        f"industrial output' ({_bs.quote}; 'nearly': a little below, see the range in the result); "
        f"{place_en(_ts.source)}",
    },
    "target_share": {
        "zh": f"{_ts.value:g}%：{place_zh(_ts.source)}“{_ts.quote}”",
        "en": f"{_ts.value:g}%: {place_en(_ts.source)} 'park output {_ts.comparator} {_ts.value:g}% of "
        "provincial industrial output'",
    },
    "target_year": {
        "zh": f"{TARGET_YEAR}年：{place_zh(_ty.source)}（“十三五”目标年）“{_ty.quote}”",
        "en": f"{TARGET_YEAR}: {place_en(_ty.source)} (13th FYP target year; 'by {TARGET_YEAR}')",
    },
    "total_growth": {
        "zh": f"{_gr.value:g}%：{place_zh(_gr.source)}“{_gr.quote}”——增加值增速，作为总产值增速的近似"
        "（规划未给出总产值增速）",
        "en": f"{_gr.value:g}%: {place_en(_gr.source)} 'above-scale industrial value added "
        f"+{_gr.value:g}% a year' — a value-added rate used as a proxy for output growth (the plan gives "
        "no output growth)",
    },
    "park_growth": {
        "zh": "未给出时取“所需园区增速”（推算值）；规划未给出园区产值增速",
        "en": "when not given, the required park growth is used (DERIVED); the plan gives no park growth",
    },
    "base_total_output": {
        "zh": f"用户输入（亿元）；规划未给出{BASE_YEAR}年全省工业总产值",
        "en": f"user input (100 million yuan); the plan does not give {BASE_YEAR} total industrial output",
    },
    "base_park_output": {
        "zh": f"用户输入（亿元）；规划未给出{BASE_YEAR}年园区总产值",
        "en": f"user input (100 million yuan); the plan does not give {BASE_YEAR} park output",
    },
}

#: Total-output growth rates of the default sensitivity table (the plan's stand-in and rates bracketing it).
SENSITIVITY_TOTAL_GROWTHS: tuple[float, ...] = tuple(sorted({0.06, 0.07, 0.08, TOTAL_GROWTH, 0.09, 0.10}))
#: Park growth rates of the default sensitivity table: 0 % to 25 % in half-point steps.
SENSITIVITY_PARK_GROWTHS: tuple[float, ...] = tuple(round(0.005 * i, 3) for i in range(0, 51))
