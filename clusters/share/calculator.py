"""The park-share arithmetic: required growth, year-by-year path, first year reached, one scenario's result.

If total output grows by ``g_total`` and park output by ``g_park`` a year, the share after ``n`` years is
``share_n = base_share * ((1 + g_park) / (1 + g_total)) ** n``; reaching ``target`` in ``years`` needs
``(1 + g_park) / (1 + g_total) = (target / base) ** (1 / years)``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd

from clusters.share.checks import _EPS, _err, _finite, check_growth, check_share, check_years
from clusters.share.defaults import (
    BASE_SHARE,
    BASE_YEAR,
    DEFAULT_HORIZON,
    TARGET_SHARE,
    TARGET_YEAR,
    TOTAL_GROWTH,
)
from clusters.share.provenance import InputSource, input_source, input_sources
from clusters.share.ranges import required_growth_range
from gis.text import Pair, text


def required_ratio(base_share: float, target_share: float, years: int) -> float:
    """Return ``(target / base) ** (1 / years)``: how much faster than total output parks must grow a year."""
    base = check_share(base_share, "base_share")
    target = check_share(target_share, "target_share", allow_one=True)
    if target < base:
        raise _err(
            f"目标占比（{target:.1%}）低于基期占比（{base:.1%}）",
            f"target share ({target:.1%}) is below the base share ({base:.1%})",
            field_name="target_share",
            hint="the calculator answers how to raise the share; enter a target at or above the base",
            hint_zh="本计算器回答如何提高占比：请输入不低于基期的目标占比",
        )
    if isinstance(years, bool) or int(years) != years or years < 1:
        raise _err(
            "年数必须是正整数",
            f"years must be a positive whole number, got {years!r}",
            field_name="years",
            hint="enter a target year after the base year",
            hint_zh="请输入晚于基期年的目标年",
        )
    return (target / base) ** (1.0 / int(years))


def required_park_growth(base_share: float, target_share: float, years: int, total_growth: float) -> float:
    """Park output growth a year needed to move the share from base to target in ``years``.

    ``(1 + g_park) = (1 + g_total) * (target / base) ** (1 / years)``.
    """
    g_total = check_growth(total_growth, "total_growth")
    return (1.0 + g_total) * required_ratio(base_share, target_share, years) - 1.0


def share_after(base_share: float, total_growth: float, park_growth: float, years: float) -> float:
    """Share after ``years`` years of compound growth (may exceed 1 when the growth assumptions disagree)."""
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
    base_year: int = BASE_YEAR
    base_share: float | None = BASE_SHARE
    target_share: float = TARGET_SHARE
    target_year: int = TARGET_YEAR
    total_growth: float = TOTAL_GROWTH
    park_growth: float | None = None
    base_total_output: float | None = None
    base_park_output: float | None = None
    horizon: int = DEFAULT_HORIZON
    #: ``"firm_records"`` when the base share was measured from the user's firm list (else ``None``).
    base_share_from: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain dict of the inputs (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Scenario:
        """Build from a dict, ignoring unknown keys; empty strings and NaN become ``None`` when optional."""
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


_OPTIONAL = {"base_share", "park_growth", "base_total_output", "base_park_output", "base_share_from"}


def plan_scenario(
    name: str = "规划默认 / plan defaults",
    *,
    base_year: int | None = None,
    base_share: float | None = None,
    target_share: float | None = None,
    target_year: int | None = None,
    total_growth: float | None = None,
    park_growth: float | None = None,
    base_total_output: float | None = None,
    base_park_output: float | None = None,
    horizon: int | None = None,
) -> Scenario:
    """A scenario from optional inputs (the CLI's and the pages'): each one not given is the plan's default.

    The base share is left empty when either absolute output is given (the outputs then give it); the park
    growth stays empty (the required growth is used).
    """
    absolute = base_total_output is not None or base_park_output is not None
    return Scenario(
        name=name,
        base_year=BASE_YEAR if base_year is None else base_year,
        base_share=base_share if base_share is not None or absolute else BASE_SHARE,
        target_share=TARGET_SHARE if target_share is None else target_share,
        target_year=TARGET_YEAR if target_year is None else target_year,
        total_growth=TOTAL_GROWTH if total_growth is None else total_growth,
        park_growth=park_growth,
        base_total_output=base_total_output,
        base_park_output=base_park_output,
        horizon=DEFAULT_HORIZON if horizon is None else horizon,
    )


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
    warnings: list[str] = field(default_factory=list)  # "中文 / English" lines (JSON, CLI)
    warning_texts: list[Pair] = field(default_factory=list)  # the same, one Pair each
    #: Where each input comes from: the plan only for unchanged values (:mod:`clusters.share.provenance`).
    input_sources: dict[str, InputSource] = field(default_factory=dict)
    #: The required park growth over the bounds of the plan's vague inputs (:mod:`clusters.share.ranges`).
    required_park_growth_range: dict[str, Any] = field(default_factory=dict)

    def warnings_in(self, lang: str) -> list[str]:
        """The warnings in ``lang`` only."""
        return [w.get(lang) for w in self.warning_texts]

    def reached_text(self, lang: str = "zh") -> str:
        """Sentence for the first year the target is reached, or 'not within N years'."""
        sc = self.scenario
        if self.year_target_reached is not None:
            return text(
                lang,
                f"{self.year_target_reached}年首次达到目标 {sc.target_share:.0%}",
                f"target {sc.target_share:.0%} first reached in {self.year_target_reached}",
            )
        return text(
            lang,
            f"{sc.horizon}年内（至{sc.base_year + sc.horizon}年）无法达到",
            f"not within {sc.horizon} years (by {sc.base_year + sc.horizon})",
        )

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
            "required_park_growth_rounded": round(self.required_park_growth, 3),
            "required_park_growth_range": _rounded_range(self.required_park_growth_range),
            "inputs": {k: s.to_dict() for k, s in self.input_sources.items()},
            "sources": {k: {"zh": s.zh, "en": s.en} for k, s in self.input_sources.items()},
        }


def _rounded_range(rng: dict[str, Any]) -> dict[str, Any]:
    """The growth range for JSON: ``low`` and ``high`` to six places, the rest as is."""
    out = dict(rng)
    for key in ("low", "high"):
        if isinstance(out.get(key), float):
            out[key] = round(float(out[key]), 6)
    return out


def resolve_base_share(sc: Scenario) -> tuple[float, str]:
    """Return the base share and where it comes from (absolute outputs win over the share field)."""
    total, park = sc.base_total_output, sc.base_park_output
    if (total is None) != (park is None):
        missing = "base_park_output" if park is None else "base_total_output"
        raise _err(
            "绝对值模式需要同时给出全省工业总产值和园区总产值",
            "absolute mode needs both total and park output",
            field_name=missing,
            hint="give both outputs in 亿元, or neither and a base share",
            hint_zh="两项产值都填（亿元），或都不填并给出基期占比",
        )
    if total is not None and park is not None:
        t = _finite(total, "base_total_output")
        p = _finite(park, "base_park_output")
        if t <= 0:
            raise _err(
                "全省工业总产值必须大于0",
                f"total output must be positive, got {t:g}",
                field_name="base_total_output",
                hint="enter the base-year total industrial output in 亿元",
                hint_zh="请以亿元输入基期全省工业总产值",
            )
        if p <= 0:
            raise _err(
                "园区总产值必须大于0",
                f"park output must be positive, got {p:g}",
                field_name="base_park_output",
                hint="enter the base-year park output in 亿元",
                hint_zh="请以亿元输入基期园区总产值",
            )
        if p >= t:
            raise _err(
                f"园区产值（{p:g}）不能达到或超过全省总产值（{t:g}）",
                f"park output ({p:g}) must be below total output ({t:g})",
                field_name="base_park_output",
                hint="check the units (both in 100 million yuan, 亿元)",
                hint_zh="检查单位是否均为亿元",
            )
        return p / t, "DERIVED / 推算: base_park_output ÷ base_total_output"
    if sc.base_share is None:
        raise _err(
            "缺少基期占比",
            "base share is missing",
            field_name="base_share",
            hint="enter a base share such as 0.60, or both outputs",
            hint_zh="请输入基期占比（如 0.60）或两项产值",
        )
    return check_share(sc.base_share, "base_share"), input_source(sc, "base_share").en


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

    Columns ``year, share, ratio_to_base``; with ``base_total_output`` also ``total_output, park_output``
    (亿元).
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
    """Formula with the numbers filled in (zh, en) and the arithmetic as numbered steps; the result is rounded
    to 0.1 % (the plan's 近60% and 8.5%左右 support no finer figure; the range is in the result)."""
    zh = (
        f"(1+g园区)/(1+g全省) = (目标/基期)^(1/年数) = ({target:.4g}/{base:.4g})^(1/{years}) = {ratio:.6f}；"
        f"g园区 = (1+{g_total:.4g})×{ratio:.6f} − 1 ≈ {g_req:.1%}"
    )
    en = (
        f"(1+g_park)/(1+g_total) = (target/base)^(1/years) = ({target:.4g}/{base:.4g})^(1/{years}) = "
        f"{ratio:.6f}; "
        f"g_park = (1+{g_total:.4g})×{ratio:.6f} − 1 ≈ {g_req:.1%}"
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
            "zh": f"园区产值须每年增长 (1+{g_total:.4g})×{ratio:.6f} − 1 ≈ {g_req:.1%}",
            "en": f"park output must grow (1+{g_total:.4g})×{ratio:.6f} − 1 ≈ {g_req:.1%} a year",
        },
        {
            "zh": f"即比全省工业总产值增速高 约 {(g_req - g_total) * 100:.1f} 个百分点",
            "en": f"that is about {(g_req - g_total) * 100:.1f} percentage points above total output growth",
        },
    ]
    return zh, en, steps


def _warnings(path: pd.DataFrame, g_req: float, g_total: float, g_park: float, is_req: bool) -> list[Pair]:
    """Warnings about inconsistent or extreme growth assumptions."""
    out = []
    over = path.loc[path["share"] > 1.0 + 1e-12, "year"]
    if len(over):
        year = int(over.iloc[0])
        out.append(
            Pair(
                f"占比在{year}年超过100%，增速假设不一致",
                f"share exceeds 100% in {year}: the growth assumptions are inconsistent",
            )
        )
    if g_req - g_total > 0 and g_req > 0.3:
        out.append(
            Pair(f"所需园区增速 {g_req:.1%} 很高", f"the required park growth {g_req:.1%} is very high")
        )
    if not is_req and g_park < g_total:
        out.append(Pair("园区增速低于全省，占比将下降", "park growth below total growth: the share falls"))
    return out


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
            hint=f"search at least {years} years",
            hint_zh=f"搜索年限至少为 {years} 年",
        )
    ratio = required_ratio(base, target, years)
    g_req = (1.0 + g_total) * ratio - 1.0
    if sc.park_growth is None:
        g_park, is_req = g_req, True
    else:
        g_park, is_req = check_growth(sc.park_growth, "park_growth"), False
    absolute = sc.base_total_output is not None
    base_total = float(sc.base_total_output) if sc.base_total_output is not None else None
    path = share_path(base, g_total, g_park, b, t, base_total_output=base_total)
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
    texts = _warnings(path, g_req, g_total, g_park, is_req)
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
        warnings=[f"{w.zh} / {w.en}" for w in texts],
        warning_texts=texts,
        input_sources=input_sources(sc),
        required_park_growth_range=required_growth_range(sc, base, years),
    )
