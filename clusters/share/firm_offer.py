"""Taking a firm-level park share (measured for one year from the user's firm list) into the calculator.

The firm-level share is often for a year at or after the plan's target year (2020): setting it as the base
year would leave no years to the target. :func:`firm_share_years` offers a sensible target year instead of an
error, and says what was changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from clusters.share.defaults import BASE_YEAR, TARGET_YEAR
from gis.text import Pair

#: The plan's span (2015 → 2020): the offered target year keeps it.
PLAN_SPAN = TARGET_YEAR - BASE_YEAR


@dataclass(frozen=True)
class FirmYears:
    """Base and target year to use with a firm-level share, and a note on what changed (``None``: nothing)."""

    base_year: int
    target_year: int
    note: Pair | None = None


def firm_share_years(firm_year: object, target_year: int = TARGET_YEAR) -> FirmYears:
    """Years for a firm-level share of ``firm_year`` (``None`` when the firm list gave no year).

    The base year becomes the firm year. A target year not after it moves to ``firm year + PLAN_SPAN``
    (the plan's five years; 2020 → 2025) with a note saying so and that the target share is still the plan's
    2020 goal. Without a year the base year stays the plan's and the note asks to check it.
    """
    if firm_year is None or str(firm_year).strip() == "":
        return FirmYears(
            BASE_YEAR,
            target_year,
            Pair(
                f"企业测算未给出年份：基期年仍为{BASE_YEAR}年，请核对企业名单的年份。",
                f"The firm list gave no year: the base year stays {BASE_YEAR}; check the firm list's year.",
            ),
        )
    year = int(firm_year)  # type: ignore[call-overload]
    if target_year > year:
        return FirmYears(year, target_year)
    offered = year + PLAN_SPAN
    return FirmYears(
        year,
        offered,
        Pair(
            f"企业测算为{year}年，不早于目标年{target_year}年：目标年已改为{offered}年（基期后{PLAN_SPAN}年，"
            f"与规划期同长）。目标占比仍是规划的{TARGET_YEAR}年目标，请按需要修改目标年和目标占比。",
            f"The firm-level share is for {year}, not before the target year {target_year}: the target "
            f"year is now {offered} ({PLAN_SPAN} years on, as long as the plan's period). The target share "
            f"is still the plan's {TARGET_YEAR} goal; change the target year and share as needed.",
        ),
    )
