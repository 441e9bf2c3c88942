"""The park-share (75 %) calculator: pure arithmetic, no UI.

The plan says industrial parks produced "近60%" of Fujian's industrial output in 2015 (第一章一) and sets
"工业园区总产值占全省工业总产值比重 75%以上" for 2020 (专栏1 #10, 第三章七). If total output grows by ``g_total``
and park output by ``g_park`` a year, the share after ``n`` years is::

    share_n = base_share * ((1 + g_park) / (1 + g_total)) ** n

so reaching ``target`` in ``years`` needs ``(1 + g_park) / (1 + g_total) = (target / base) ** (1 / years)``.
Every function validates its inputs and raises :class:`gis.errors.CalculationError` (a ``ValueError``) with a
Chinese / English message instead of returning NaN.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np
import pandas as pd

from gis.errors import CalculationError
from gis.tabular import find_column, read_table

#: Where each default comes from (shown next to every input, in the CLI's JSON and in exports).
DEFAULT_SOURCES: dict[str, dict[str, str]] = {
    "base_year": {
        "zh": "2015年：规划第一章一（“十二五”末）",
        "en": "2015: the plan, chapter 1 section 1 (end of the 12th FYP)",
    },
    "base_share": {
        "zh": "0.60：规划第一章一“产值占全省工业比重近60%”；专栏1第10项",
        "en": "0.60: the plan, ch. 1 §1 'nearly 60% of provincial industrial output'; Box 1 item 10",
    },
    "target_share": {
        "zh": "0.75：专栏1第10项“工业园区总产值占全省工业总产值比重75%以上”；第三章七",
        "en": "0.75: Box 1 item 10 'park output ≥ 75% of provincial industrial output'; ch. 3 §7",
    },
    "target_year": {
        "zh": "2020年：专栏1（“十三五”目标年）；第三章七“到2020年”",
        "en": "2020: Box 1 (13th FYP target year); ch. 3 §7 'by 2020'",
    },
    "total_growth": {
        "zh": "0.085：专栏1第1项“规模以上工业增加值年均增长8.5%左右”——增加值增速，作为总产值增速的近似（规划未给出总产值增速）",
        "en": "0.085: Box 1 item 1 'above-scale industrial value added +8.5% a year' — a value-added rate used as a"
        " proxy for output growth (the plan gives no output growth)",
    },
    "park_growth": {
        "zh": "未给出时取“所需园区增速”（推算值）；规划未给出园区产值增速",
        "en": "when not given, the required park growth is used (DERIVED); the plan gives no park growth",
    },
    "base_total_output": {
        "zh": "用户输入（亿元）；规划未给出2015年全省工业总产值",
        "en": "user input (100 million yuan); the plan does not give 2015 total industrial output",
    },
    "base_park_output": {
        "zh": "用户输入（亿元）；规划未给出2015年园区总产值",
        "en": "user input (100 million yuan); the plan does not give 2015 park output",
    },
}

#: Total-output growth rates of the default sensitivity table (8.5 % is 专栏1 #1; the others bracket it).
SENSITIVITY_TOTAL_GROWTHS: tuple[float, ...] = (0.06, 0.07, 0.08, 0.085, 0.09, 0.10)
#: Park growth rates of the default sensitivity table: 0 % to 25 % in half-point steps.
SENSITIVITY_PARK_GROWTHS: tuple[float, ...] = tuple(round(0.005 * i, 3) for i in range(0, 51))
#: Years searched for "first year the target is reached".
DEFAULT_HORIZON = 30
_EPS = 1e-9


def _err(zh: str, en: str, *, field_name: str | None = None, hint: str | None = None) -> CalculationError:
    """A bilingual CalculationError; ``message_zh`` / ``message_en`` keep each language for the app."""
    return CalculationError(en, message_zh=zh, field=field_name, hint=hint)


def _finite(value: object, name: str) -> float:
    """Return ``value`` as a finite float or raise a CalculationError naming ``name``."""
    if isinstance(value, bool) or value is None:
        raise _err(f"{name} 必须是数值", f"{name} must be a number, got {value!r}", field_name=name)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _err(
            f"{name} 不是数值：{value!r}",
            f"{name} is not a number: {value!r}",
            field_name=name,
            hint="enter a plain number such as 0.60 / 请输入数字，如 0.60",
        ) from None
    if not math.isfinite(number):
        raise _err(
            f"{name} 不能是 NaN 或无穷大",
            f"{name} must be finite, got {value!r}",
            field_name=name,
            hint="enter a real number / 请输入有限的数值",
        )
    return number


def _year(value: object, name: str) -> int:
    number = _finite(value, name)
    if number != int(number):
        raise _err(f"{name} 必须是整数年份", f"{name} must be a whole year, got {value!r}", field_name=name)
    year = int(number)
    if not 1949 <= year <= 2200:
        raise _err(
            f"{name} 超出合理范围（1949–2200）", f"{name} {year} is outside 1949–2200", field_name=name
        )
    return year


def check_share(value: object, name: str = "base_share", *, allow_one: bool = False) -> float:
    """Validate a share given as a fraction in (0, 1) (or (0, 1] with ``allow_one``)."""
    share = _finite(value, name)
    upper_ok = share <= 1 if allow_one else share < 1
    if share <= 0 or not upper_ok:
        hint = "enter the share as a fraction, e.g. 0.60 for 60% / 以小数输入占比，如 60% 输入 0.60"
        if 1 < share <= 100:
            hint = f"did you mean {share / 100:g}? / 是否应为 {share / 100:g}？ " + hint
        bound = "(0, 1]" if allow_one else "(0, 1)"
        pct = "0%–100%" if allow_one else "0%–100%（不含）"
        pct_en = "0%–100%" if allow_one else "strictly between 0% and 100%"
        raise _err(
            f"{name} 必须在 {bound} 之内（即 {pct}），当前为 {share:g}（{share:.0%}）",
            f"{name} must lie in {bound} ({pct_en}), got {share:g} ({share:.0%})",
            field_name=name,
            hint=hint,
        )
    return share


def check_growth(value: object, name: str = "total_growth") -> float:
    """Validate an annual growth rate (a fraction, > −1)."""
    growth = _finite(value, name)
    if growth <= -1:
        raise _err(
            f"{name} 不能 ≤ −100%（当前 {growth:.1%}）",
            f"{name} must be above −100% a year, got {growth:.1%}",
            field_name=name,
            hint="a fall of 100% or more leaves nothing to grow from / 降幅不能达到或超过100%",
        )
    if growth > 10:
        raise _err(
            f"{name} 过大（{growth:g}），请以小数输入",
            f"{name} is implausibly large ({growth:g})",
            field_name=name,
            hint=f"enter growth as a fraction: 8% → 0.08 / 8% 输入 0.08 (got {growth:g})",
        )
    return growth


def check_years(base_year: object, target_year: object) -> tuple[int, int]:
    """Validate the base and target years; the target must come after the base."""
    base = _year(base_year, "base_year")
    target = _year(target_year, "target_year")
    if target <= base:
        raise _err(
            f"目标年（{target}）必须晚于基期年（{base}）",
            f"target year ({target}) must come after the base year ({base})",
            field_name="target_year",
        )
    return base, target


def required_ratio(base_share: float, target_share: float, years: int) -> float:
    """Return ``(target / base) ** (1 / years)``: how much faster than total output parks must grow each year."""
    base = check_share(base_share, "base_share")
    target = check_share(target_share, "target_share", allow_one=True)
    if target < base:
        raise _err(
            f"目标占比（{target:.1%}）低于基期占比（{base:.1%}）",
            f"target share ({target:.1%}) is below the base share ({base:.1%})",
            field_name="target_share",
            hint="the calculator answers how to raise the share; enter a target at or above the base /"
            " 请输入不低于基期的目标占比",
        )
    if isinstance(years, bool) or int(years) != years or years < 1:
        raise _err(
            "年数必须是正整数", f"years must be a positive whole number, got {years!r}", field_name="years"
        )
    return (target / base) ** (1.0 / int(years))


def required_park_growth(base_share: float, target_share: float, years: int, total_growth: float) -> float:
    """Park output growth a year needed to move the share from base to target in ``years``.

    ``(1 + g_park) = (1 + g_total) * (target / base) ** (1 / years)``.
    """
    g_total = check_growth(total_growth, "total_growth")
    return (1.0 + g_total) * required_ratio(base_share, target_share, years) - 1.0


def share_after(base_share: float, total_growth: float, park_growth: float, years: float) -> float:
    """Share after ``years`` years of compound growth (may exceed 1 when growth assumptions are inconsistent)."""
    base = check_share(base_share, "base_share")
    g_total = check_growth(total_growth, "total_growth")
    g_park = check_growth(park_growth, "park_growth")
    return base * ((1.0 + g_park) / (1.0 + g_total)) ** years


def first_year_reached(
    base_share: float,
    target_share: float,
    total_growth: float,
    park_growth: float,
    base_year: int,
    horizon: int = DEFAULT_HORIZON,
) -> int | None:
    """First year the share reaches ``target_share``, or ``None`` if not within ``horizon`` years."""
    base = check_share(base_share, "base_share")
    target = check_share(target_share, "target_share", allow_one=True)
    g_total = check_growth(total_growth, "total_growth")
    g_park = check_growth(park_growth, "park_growth")
    if base >= target - _EPS:
        return int(base_year)
    ratio = (1.0 + g_park) / (1.0 + g_total)
    if ratio <= 1.0:
        return None
    n = math.log(target / base) / math.log(ratio)
    k = max(1, math.ceil(n - 1e-7))
    # guard rounding: step until the compounded share really reaches the target
    while base * ratio**k < target * (1 - 1e-12):
        k += 1
    return int(base_year) + k if k <= horizon else None


@dataclass
class Scenario:
    """A named set of calculator inputs (fractions for shares and growth, 亿元 for outputs)."""

    name: str = "规划默认 / plan defaults"
    base_year: int = 2015
    base_share: float | None = 0.60
    target_share: float = 0.75
    target_year: int = 2020
    total_growth: float = 0.085
    park_growth: float | None = None
    base_total_output: float | None = None
    base_park_output: float | None = None
    horizon: int = DEFAULT_HORIZON

    def to_dict(self) -> dict[str, object]:
        """Plain dict of the inputs (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Scenario:
        """Build from a dict, ignoring unknown keys; empty strings and NaN become ``None`` for optional fields."""
        names = {f.name for f in fields(cls)}
        clean: dict[str, object] = {}
        for key, value in data.items():
            if key not in names:
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, float) and math.isnan(value) and key in _OPTIONAL:
                continue
            clean[key] = value
        return cls(**clean)  # type: ignore[arg-type]


_OPTIONAL = {"base_share", "park_growth", "base_total_output", "base_park_output"}


@dataclass
class ShareResult:
    """Everything the calculator reports for one scenario."""

    scenario: Scenario
    base_share: float
    base_share_source: str
    years: int
    ratio: float
    required_park_growth: float
    park_growth_used: float
    park_growth_is_required: bool
    path: pd.DataFrame
    target_year_share: float
    year_target_reached: int | None
    gap_share_points: float
    gap_from_base_share_points: float
    gap_yi_yuan: float | None
    required_park_output_target_year: float | None
    formula_zh: str
    formula_en: str
    steps: list[dict[str, str]]
    warnings: list[str] = field(default_factory=list)

    def reached_text(self, lang: str = "zh") -> str:
        """Sentence for the first year the target is reached, or 'not within N years'."""
        sc = self.scenario
        if self.year_target_reached is not None:
            if lang == "en":
                return f"target {sc.target_share:.0%} first reached in {self.year_target_reached}"
            return f"{self.year_target_reached}年首次达到目标 {sc.target_share:.0%}"
        if lang == "en":
            return f"not within {sc.horizon} years (by {sc.base_year + sc.horizon})"
        return f"{sc.horizon}年内（至{sc.base_year + sc.horizon}年）无法达到"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary (the CLI's ``--json`` output)."""
        rows = []
        for rec in self.path.to_dict("records"):
            row = {"year": int(rec["year"]), "share": round(float(rec["share"]), 6)}
            for col in ("total_output", "park_output"):
                if col in rec and rec[col] is not None and not pd.isna(rec[col]):
                    row[col] = round(float(rec[col]), 4)
            rows.append(row)
        sc = self.scenario
        return {
            "scenario": sc.to_dict(),
            "base_share": round(self.base_share, 6),
            "base_share_source": self.base_share_source,
            "years": self.years,
            "ratio_park_to_total_growth": round(self.ratio, 6),
            "required_park_growth": round(self.required_park_growth, 6),
            "park_growth_used": round(self.park_growth_used, 6),
            "park_growth_is_required": self.park_growth_is_required,
            "target_year_share": round(self.target_year_share, 6),
            "share_by_year": rows,
            "year_target_reached": self.year_target_reached,
            "year_target_reached_text": {"zh": self.reached_text("zh"), "en": self.reached_text("en")},
            "gap_share_points": round(self.gap_share_points, 4),
            "gap_from_base_share_points": round(self.gap_from_base_share_points, 4),
            "gap_yi_yuan": None if self.gap_yi_yuan is None else round(self.gap_yi_yuan, 4),
            "required_park_output_target_year": (
                None
                if self.required_park_output_target_year is None
                else round(self.required_park_output_target_year, 4)
            ),
            "formula": {"zh": self.formula_zh, "en": self.formula_en},
            "steps": self.steps,
            "warnings": self.warnings,
            "sources": {k: v for k, v in DEFAULT_SOURCES.items()},
        }


def resolve_base_share(sc: Scenario) -> tuple[float, str]:
    """Return the base share and where it comes from (absolute outputs win over the share field)."""
    total, park = sc.base_total_output, sc.base_park_output
    if (total is None) != (park is None):
        missing = "base_park_output" if park is None else "base_total_output"
        raise _err(
            "绝对值模式需要同时给出全省工业总产值和园区总产值",
            "absolute mode needs both total and park output",
            field_name=missing,
            hint="give both outputs in 亿元, or neither and a base share / 两者都填，或都不填并给出基期占比",
        )
    if total is not None and park is not None:
        t = _finite(total, "base_total_output")
        p = _finite(park, "base_park_output")
        if t <= 0:
            raise _err(
                "全省工业总产值必须大于0",
                f"total output must be positive, got {t:g}",
                field_name="base_total_output",
            )
        if p <= 0:
            raise _err(
                "园区总产值必须大于0",
                f"park output must be positive, got {p:g}",
                field_name="base_park_output",
            )
        if p >= t:
            raise _err(
                f"园区产值（{p:g}）不能达到或超过全省总产值（{t:g}）",
                f"park output ({p:g}) must be below total output ({t:g})",
                field_name="base_park_output",
                hint="check the units (both in 亿元) / 检查单位是否均为亿元",
            )
        return p / t, "DERIVED / 推算: base_park_output ÷ base_total_output"
    if sc.base_share is None:
        raise _err(
            "缺少基期占比",
            "base share is missing",
            field_name="base_share",
            hint="enter a base share such as 0.60, or both outputs / 请输入基期占比或两项产值",
        )
    return check_share(sc.base_share, "base_share"), DEFAULT_SOURCES["base_share"]["en"]


def share_path(
    base_share: float,
    total_growth: float,
    park_growth: float,
    base_year: int,
    end_year: int,
    *,
    base_total_output: float | None = None,
) -> pd.DataFrame:
    """Year-by-year compounding from ``base_year`` to ``end_year`` (inclusive).

    Columns ``year, share, ratio_to_base``; with ``base_total_output`` also ``total_output, park_output`` (亿元).
    Computed by repeated multiplication (not the closed form) so tests can compare the two.
    """
    base = check_share(base_share, "base_share")
    g_total = check_growth(total_growth, "total_growth")
    g_park = check_growth(park_growth, "park_growth")
    b, e = check_years(base_year, end_year)
    total = 1.0 if base_total_output is None else float(base_total_output)
    park = base * total
    rows = []
    for year in range(b, e + 1):
        if year > b:
            total *= 1.0 + g_total
            park *= 1.0 + g_park
        row: dict[str, float] = {"year": year, "share": park / total}
        if base_total_output is not None:
            row["total_output"] = total
            row["park_output"] = park
        rows.append(row)
    df = pd.DataFrame(rows)
    df["year"] = df["year"].astype(int)
    df["ratio_to_base"] = df["share"] / base
    return df


def formula_texts(
    base: float, target: float, years: int, g_total: float, ratio: float, g_req: float
) -> tuple[str, str, list[dict[str, str]]]:
    """Formula with the numbers filled in (zh, en) and the arithmetic as numbered steps."""
    zh = (
        f"(1+g园区)/(1+g全省) = (目标/基期)^(1/年数) = ({target:.4g}/{base:.4g})^(1/{years}) = {ratio:.6f}；"
        f"g园区 = (1+{g_total:.4g})×{ratio:.6f} − 1 = {g_req:.4%}"
    )
    en = (
        f"(1+g_park)/(1+g_total) = (target/base)^(1/years) = ({target:.4g}/{base:.4g})^(1/{years}) = {ratio:.6f}; "
        f"g_park = (1+{g_total:.4g})×{ratio:.6f} − 1 = {g_req:.4%}"
    )
    steps = [
        {
            "zh": f"占比须提高到 {target:.4g}/{base:.4g} = {target / base:.6f} 倍",
            "en": f"the share must rise by a factor of {target:.4g}/{base:.4g} = {target / base:.6f}",
        },
        {
            "zh": f"{years} 年内每年的相对倍数：{target / base:.6f}^(1/{years}) = {ratio:.6f}",
            "en": f"per year over {years} years: {target / base:.6f}^(1/{years}) = {ratio:.6f}",
        },
        {
            "zh": f"园区产值须每年增长 (1+{g_total:.4g})×{ratio:.6f} − 1 = {g_req:.4%}",
            "en": f"park output must grow (1+{g_total:.4g})×{ratio:.6f} − 1 = {g_req:.4%} a year",
        },
        {
            "zh": f"即比全省工业总产值增速高 {(g_req - g_total) * 100:.2f} 个百分点",
            "en": f"that is {(g_req - g_total) * 100:.2f} percentage points above total output growth",
        },
    ]
    return zh, en, steps


def compute(sc: Scenario) -> ShareResult:
    """Run the calculator for one scenario; raise CalculationError on bad inputs."""
    base, base_source = resolve_base_share(sc)
    target = check_share(sc.target_share, "target_share", allow_one=True)
    b, t = check_years(sc.base_year, sc.target_year)
    years = t - b
    g_total = check_growth(sc.total_growth, "total_growth")
    horizon = int(_finite(sc.horizon, "horizon"))
    if horizon < years:
        raise _err(
            "搜索年限不能短于目标年数",
            f"horizon ({horizon}) must be at least {years} years",
            field_name="horizon",
        )
    ratio = required_ratio(base, target, years)
    g_req = (1.0 + g_total) * ratio - 1.0
    if sc.park_growth is None:
        g_park, is_req = g_req, True
    else:
        g_park, is_req = check_growth(sc.park_growth, "park_growth"), False
    absolute = sc.base_total_output is not None
    path = share_path(
        base, g_total, g_park, b, t, base_total_output=float(sc.base_total_output) if absolute else None
    )
    end_share = float(path["share"].iloc[-1])
    if is_req:
        end_share = target if abs(end_share - target) < 1e-9 else end_share
        reached: int | None = t
    else:
        reached = first_year_reached(base, target, g_total, g_park, b, horizon)
    gap_yi = req_out = None
    if absolute:
        total_end = float(path["total_output"].iloc[-1])
        req_out = target * total_end
        gap_yi = req_out - float(path["park_output"].iloc[-1])
    warnings: list[str] = []
    over = path.loc[path["share"] > 1.0 + 1e-12, "year"]
    if len(over):
        warnings.append(
            f"占比在{int(over.iloc[0])}年超过100%，增速假设不一致 / share exceeds 100% in "
            f"{int(over.iloc[0])}: the growth assumptions are inconsistent"
        )
    if g_req - g_total > 0 and g_req > 0.3:
        warnings.append(f"所需园区增速 {g_req:.1%} 很高 / the required park growth {g_req:.1%} is very high")
    if not is_req and g_park < g_total:
        warnings.append("园区增速低于全省，占比将下降 / park growth below total growth: the share falls")
    zh, en, steps = formula_texts(base, target, years, g_total, ratio, g_req)
    return ShareResult(
        scenario=sc,
        base_share=base,
        base_share_source=base_source,
        years=years,
        ratio=ratio,
        required_park_growth=g_req,
        park_growth_used=g_park,
        park_growth_is_required=is_req,
        path=path,
        target_year_share=end_share,
        year_target_reached=reached,
        gap_share_points=(target - end_share) * 100.0,
        gap_from_base_share_points=(target - base) * 100.0,
        gap_yi_yuan=gap_yi,
        required_park_output_target_year=req_out,
        formula_zh=zh,
        formula_en=en,
        steps=steps,
        warnings=warnings,
    )


def sensitivity(
    sc: Scenario, park_growths: Sequence[float] | None = None, total_growths: Sequence[float] | None = None
) -> pd.DataFrame:
    """Target-year share for a grid of park growth (index) × total growth (columns).

    The scenario's own total growth is always included as a column.
    """
    base, _ = resolve_base_share(sc)
    b, t = check_years(sc.base_year, sc.target_year)
    years = t - b
    pg = [check_growth(g, "park_growth") for g in (park_growths or SENSITIVITY_PARK_GROWTHS)]
    tg = [check_growth(g, "total_growth") for g in (total_growths or SENSITIVITY_TOTAL_GROWTHS)]
    own = check_growth(sc.total_growth, "total_growth")
    if not any(abs(own - g) < 1e-12 for g in tg):
        tg = sorted([*tg, own])
    pgv = np.asarray(pg, dtype=float)[:, None]
    tgv = np.asarray(tg, dtype=float)[None, :]
    grid = base * ((1.0 + pgv) / (1.0 + tgv)) ** years
    out = pd.DataFrame(
        grid, index=pd.Index(pg, name="park_growth"), columns=pd.Index(tg, name="total_growth")
    )
    return out


def sensitivity_long(table: pd.DataFrame) -> pd.DataFrame:
    """Long form ``park_growth, total_growth, share`` of :func:`sensitivity` (for charts)."""
    return table.stack().rename("share").reset_index()


# ---------------------------------------------------------------------------------------------- per-city mode

#: Fujian's 9 prefecture-level cities with their adcodes (GB/T 2260).
CITIES: dict[str, dict[str, str]] = {
    "福州市": {"adcode": "350100", "en": "Fuzhou"},
    "厦门市": {"adcode": "350200", "en": "Xiamen"},
    "莆田市": {"adcode": "350300", "en": "Putian"},
    "三明市": {"adcode": "350400", "en": "Sanming"},
    "泉州市": {"adcode": "350500", "en": "Quanzhou"},
    "漳州市": {"adcode": "350600", "en": "Zhangzhou"},
    "南平市": {"adcode": "350700", "en": "Nanping"},
    "龙岩市": {"adcode": "350800", "en": "Longyan"},
    "宁德市": {"adcode": "350900", "en": "Ningde"},
}

CITY_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "city": ("city", "city_zh", "城市", "地市", "设区市", "市", "name", "名称", "adcode", "行政区划代码"),
    "park_output": (
        "park_output",
        "park",
        "园区产值",
        "园区总产值",
        "园区工业总产值",
        "园区产值(亿元)",
        "园区产值（亿元）",
    ),
    "total_output": (
        "total_output",
        "total",
        "工业总产值",
        "全市工业总产值",
        "总产值",
        "全市产值",
        "工业总产值(亿元)",
        "工业总产值（亿元）",
    ),
}


def normalise_city(value: object) -> str | None:
    """Map a city name (福州 / 福州市 / Fuzhou / 350100) to its canonical Chinese name, or ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = re.sub(r"\s+", "", str(value)).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    for zh, info in CITIES.items():
        if text in (zh, zh[:-1], info["adcode"]) or text.lower() in (
            info["en"].lower(),
            info["en"].lower() + "city",
        ):
            return zh
    return None


def city_template() -> pd.DataFrame:
    """Empty per-city table (9 rows, outputs blank) in the upload format."""
    return pd.DataFrame(
        {
            "city": list(CITIES),
            "park_output": [np.nan] * len(CITIES),
            "total_output": [np.nan] * len(CITIES),
        }
    )


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return math.nan
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return None if math.isnan(number) else number


def city_shares(table: pd.DataFrame, *, file: str | None = None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Per-city shares and each city's contribution to the provincial share.

    Parameters
    ----------
    table
        Columns for city, park output and total output (aliases in :data:`CITY_COLUMN_ALIASES`; 亿元).
        Blank rows are skipped; every city may appear once.
    file
        Name used in error messages.

    Returns
    -------
    (DataFrame, dict)
        Per city: ``city, city_en, adcode, park_output, total_output, share, contribution`` where
        ``contribution`` = city park output ÷ provincial total output (they sum to the provincial share).
        The dict holds ``provincial_share``, ``park_total``, ``total``, ``cities`` (count), ``complete``
        (all 9 present) and ``missing`` (city names).
    """
    cols = {}
    for key, aliases in CITY_COLUMN_ALIASES.items():
        col = find_column(table, aliases)
        if col is None:
            raise _err(
                f"缺少列：{key}",
                f"missing column '{key}'",
                field_name=key,
                hint=f"name the columns city, park_output, total_output (亿元); accepted: {', '.join(aliases[:5])}",
            )
        cols[key] = col
    rows = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(table.to_dict("records")):
        row_no = i + 2  # spreadsheet row (header is row 1)
        raw_city = rec.get(cols["city"])
        park = _number(rec.get(cols["park_output"]))
        total = _number(rec.get(cols["total_output"]))
        blank_city = (
            raw_city is None
            or (isinstance(raw_city, float) and math.isnan(raw_city))
            or not str(raw_city).strip()
        )
        if blank_city and park is None and total is None:
            continue
        city = normalise_city(raw_city)
        if city is None:
            raise CalculationError(
                f"未知城市“{raw_city}” / unknown city '{raw_city}'",
                file=file,
                feature=row_no,
                field=cols["city"],
                hint="use one of / 请使用: " + "、".join(CITIES) + " (or Fuzhou, Xiamen, … / 350100 …)",
            )
        if city in seen:
            raise CalculationError(
                f"城市重复：{city} / city listed twice: {city}",
                file=file,
                feature=row_no,
                field=cols["city"],
                hint=f"it already appears in row {seen[city]}; keep one row",
            )
        seen[city] = row_no
        if park is None and total is None:
            continue  # city listed without figures: treated as missing
        for key, value in (("park_output", park), ("total_output", total)):
            if value is None or math.isnan(value) or not math.isfinite(value):
                raise CalculationError(
                    f"{city} 的 {key} 不是有效数字 / {city}: {key} is not a valid number",
                    file=file,
                    feature=row_no,
                    field=cols[key],
                    hint="enter a number in 亿元, e.g. 1234.5 / 以亿元为单位填写数字",
                )
        assert park is not None and total is not None
        if total <= 0:
            raise CalculationError(
                f"{city} 工业总产值必须大于0 / {city}: total output must be positive",
                file=file,
                feature=row_no,
                field=cols["total_output"],
            )
        if park < 0:
            raise CalculationError(
                f"{city} 园区产值不能为负 / {city}: park output cannot be negative",
                file=file,
                feature=row_no,
                field=cols["park_output"],
            )
        if park > total:
            raise CalculationError(
                f"{city} 园区产值（{park:g}）大于全市工业总产值（{total:g}） / {city}: park output "
                f"exceeds total output",
                file=file,
                feature=row_no,
                field=cols["park_output"],
                hint="check the units (both 亿元) / 检查单位",
            )
        rows.append(
            {
                "city": city,
                "city_en": CITIES[city]["en"],
                "adcode": CITIES[city]["adcode"],
                "park_output": park,
                "total_output": total,
            }
        )
    if not rows:
        raise CalculationError(
            "没有可用的城市数据 / no city has figures",
            file=file,
            hint="fill park_output and total_output for at least one city",
        )
    df = pd.DataFrame(rows)
    park_sum = float(df["park_output"].sum())
    total_sum = float(df["total_output"].sum())
    df["share"] = df["park_output"] / df["total_output"]
    df["contribution"] = df["park_output"] / total_sum
    df["weight"] = df["total_output"] / total_sum
    missing = [c for c in CITIES if c not in set(df["city"])]
    summary = {
        "provincial_share": park_sum / total_sum,
        "park_total": park_sum,
        "total": total_sum,
        "cities": len(df),
        "complete": not missing,
        "missing": missing,
    }
    order = {c: i for i, c in enumerate(CITIES)}
    df = df.sort_values("city", key=lambda s: s.map(order)).reset_index(drop=True)
    return df, summary


def read_city_table(source: object, *, name: str | None = None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Read a per-city CSV/XLSX (UTF-8-BOM, UTF-8 or GBK) and compute :func:`city_shares`."""
    df = read_table(source, name=name)  # type: ignore[arg-type]
    return city_shares(df, file=df.attrs.get("file") or name)


# ---------------------------------------------------------------------------------------------- scenarios

_RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("base_share", "基期占比", "base share"),
    ("required_park_growth", "所需园区年均增速", "required park growth a year"),
    ("park_growth_used", "采用的园区年均增速", "park growth used"),
    ("target_year_share", "目标年占比", "share in the target year"),
    ("year_target_reached", "首次达到目标年份", "first year target reached"),
    ("gap_share_points", "目标年缺口（百分点）", "gap in the target year (share points)"),
    ("gap_yi_yuan", "目标年缺口（亿元）", "gap in the target year (亿元)"),
)


def scenario_rows(sc: Scenario) -> list[dict[str, object]]:
    """Inputs and key results of one scenario as ``item_zh, item_en, key, value`` rows."""
    res = compute(sc)
    labels = {
        "name": ("情景名称", "scenario name"),
        "base_year": ("基期年", "base year"),
        "base_share": ("基期占比（输入）", "base share (input)"),
        "target_share": ("目标占比", "target share"),
        "target_year": ("目标年", "target year"),
        "total_growth": ("全省工业总产值年均增速", "total output growth a year"),
        "park_growth": ("园区产值年均增速（输入）", "park growth a year (input)"),
        "base_total_output": ("基期全省工业总产值（亿元）", "base total output (亿元)"),
        "base_park_output": ("基期园区总产值（亿元）", "base park output (亿元)"),
        "horizon": ("搜索年限", "years searched"),
    }
    rows: list[dict[str, object]] = []
    for key, (zh, en) in labels.items():
        rows.append({"key": key, "item_zh": zh, "item_en": en, "kind": "input", "value": getattr(sc, key)})
    data = res.to_dict()
    for key, zh, en in _RESULT_ROWS:
        key_data = "base_share" if key == "base_share" else key
        rows.append(
            {
                "key": "result." + key,
                "item_zh": zh,
                "item_en": en,
                "kind": "result (DERIVED / 推算)",
                "value": data[key_data],
            }
        )
    rows.append(
        {
            "key": "result.formula",
            "item_zh": "公式",
            "item_en": "formula",
            "kind": "result (DERIVED / 推算)",
            "value": res.formula_zh + " | " + res.formula_en,
        }
    )
    return rows


def compare_scenarios(a: Scenario, b: Scenario) -> pd.DataFrame:
    """Side-by-side table of two scenarios' inputs and results (columns ``item_zh, item_en, <a>, <b>``)."""
    ra, rb = scenario_rows(a), scenario_rows(b)
    name_a, name_b = a.name or "A", b.name or "B"
    if name_b == name_a:
        name_b = f"{name_b} (2)"
    out = pd.DataFrame(
        {
            "key": [r["key"] for r in ra],
            "item_zh": [r["item_zh"] for r in ra],
            "item_en": [r["item_en"] for r in ra],
            name_a: [r["value"] for r in ra],
            name_b: [r["value"] for r in rb],
        }
    )
    out["differs"] = [str(x) != str(y) for x, y in zip(out[name_a], out[name_b], strict=True)]
    return out


def scenarios_table(scenarios: Iterable[Scenario]) -> pd.DataFrame:
    """One row per scenario: inputs, key results and the default sources (for export)."""
    rows = []
    for sc in scenarios:
        res = compute(sc)
        row: dict[str, object] = sc.to_dict()
        row.update(
            {
                "base_share_used": res.base_share,
                "required_park_growth": res.required_park_growth,
                "park_growth_used": res.park_growth_used,
                "target_year_share": res.target_year_share,
                "year_target_reached": res.year_target_reached
                if res.year_target_reached is not None
                else res.reached_text("en"),
                "gap_share_points": res.gap_share_points,
                "gap_yi_yuan": res.gap_yi_yuan,
                "formula": res.formula_en,
                "derived_note": "results are DERIVED / 推算 from the inputs",
                "sources": "; ".join(f"{k}: {v['en']}" for k, v in DEFAULT_SOURCES.items()),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV encoded as UTF-8 with BOM (Excel then reads Chinese correctly)."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """XLSX workbook (one sheet per item; sheet names cut to 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for sheet, df in sheets.items():
            df.to_excel(writer, sheet_name=str(sheet)[:31] or "Sheet1", index=False)
    return buf.getvalue()


def export_scenarios(scenarios: Sequence[Scenario], fmt: str = "csv") -> bytes:
    """Export scenarios (inputs, results, year-by-year paths) as CSV (UTF-8 BOM) or XLSX bytes."""
    table = scenarios_table(scenarios)
    if fmt == "csv":
        return to_csv_bytes(table)
    if fmt != "xlsx":
        raise _err(
            "导出格式只能是 csv 或 xlsx", f"export format must be csv or xlsx, got {fmt!r}", field_name="fmt"
        )
    sheets = {"scenarios": table}
    for i, sc in enumerate(scenarios, 1):
        path = compute(sc).path.copy()
        safe = re.sub(r"[\[\]:*?/\\]", "_", sc.name)
        sheets[f"{i}_{safe}"[:31]] = path
    return to_xlsx_bytes(sheets)


def with_changes(sc: Scenario, **changes: object) -> Scenario:
    """Copy of a scenario with some inputs changed."""
    return replace(sc, **changes)  # type: ignore[arg-type]
