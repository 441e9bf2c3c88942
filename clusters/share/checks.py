"""Input checks of the calculator: each raises :class:`gis.errors.CalculationError` in both languages."""

from __future__ import annotations

import math

from gis.errors import CalculationError

_EPS = 1e-9


def _err(
    zh: str,
    en: str,
    *,
    field_name: str | None = None,
    hint: str | None = None,
    hint_zh: str | None = None,
) -> CalculationError:
    """A CalculationError with the English message/hint and their Chinese texts in their own fields."""
    return CalculationError(en, message_zh=zh, field=field_name, hint=hint, hint_zh=hint_zh)


def _finite(value: object, name: str) -> float:
    """Return ``value`` as a finite float or raise a CalculationError naming ``name``."""
    if isinstance(value, bool) or value is None:
        raise _err(
            f"{name} 必须是数值",
            f"{name} must be a number, got {value!r}",
            field_name=name,
            hint="enter a plain number such as 0.60",
            hint_zh="请输入数字，如 0.60",
        )
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _err(
            f"{name} 不是数值：{value!r}",
            f"{name} is not a number: {value!r}",
            field_name=name,
            hint="enter a plain number such as 0.60",
            hint_zh="请输入数字，如 0.60",
        ) from None
    if not math.isfinite(number):
        raise _err(
            f"{name} 不能是 NaN 或无穷大",
            f"{name} must be finite, got {value!r}",
            field_name=name,
            hint="enter a real number",
            hint_zh="请输入有限的数值",
        )
    return number


def _year(value: object, name: str) -> int:
    number = _finite(value, name)
    if number != int(number):
        raise _err(
            f"{name} 必须是整数年份",
            f"{name} must be a whole year, got {value!r}",
            field_name=name,
            hint="enter a year such as 2015",
            hint_zh="请输入整数年份，如 2015",
        )
    year = int(number)
    if not 1949 <= year <= 2200:
        raise _err(
            f"{name} 超出合理范围（1949–2200）",
            f"{name} {year} is outside 1949–2200",
            field_name=name,
            hint="enter a year between 1949 and 2200",
            hint_zh="请输入 1949–2200 之间的年份",
        )
    return year


def check_share(value: object, name: str = "base_share", *, allow_one: bool = False) -> float:
    """Validate a share given as a fraction in (0, 1) (or (0, 1] with ``allow_one``)."""
    share = _finite(value, name)
    upper_ok = share <= 1 if allow_one else share < 1
    if share <= 0 or not upper_ok:
        hint = "enter the share as a fraction, e.g. 0.60 for 60%"
        hint_zh = "以小数输入占比，如 60% 输入 0.60"
        if 1 < share <= 100:
            hint = f"did you mean {share / 100:g}? " + hint
            hint_zh = f"是否应为 {share / 100:g}？" + hint_zh
        bound = "(0, 1]" if allow_one else "(0, 1)"
        pct = "0%–100%" if allow_one else "0%–100%（不含）"
        pct_en = "0%–100%" if allow_one else "strictly between 0% and 100%"
        raise _err(
            f"{name} 必须在 {bound} 之内（即 {pct}），当前为 {share:g}（{share:.0%}）",
            f"{name} must lie in {bound} ({pct_en}), got {share:g} ({share:.0%})",
            field_name=name,
            hint=hint,
            hint_zh=hint_zh,
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
            hint="a fall of 100% or more leaves nothing to grow from",
            hint_zh="降幅不能达到或超过100%",
        )
    if growth > 10:
        raise _err(
            f"{name} 过大（{growth:g}），请以小数输入",
            f"{name} is implausibly large ({growth:g})",
            field_name=name,
            hint=f"enter growth as a fraction: 8% → 0.08 (got {growth:g})",
            hint_zh=f"以小数输入增速：8% 输入 0.08（当前 {growth:g}）",
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
            hint="enter a target year after the base year",
            hint_zh="请输入晚于基期年的目标年",
        )
    return base, target
