"""The park-share (75 %) calculator: pure arithmetic, no UI.

The plan says industrial parks produced "近60%" of Fujian's industrial output in 2015 (第一章一) and sets
"工业园区总产值占全省工业总产值比重 75%以上" for 2020 (专栏1 #10, 第三章七). If total output grows by
``g_total`` and park output by ``g_park`` a year, the share after ``n`` years is::

    share_n = base_share * ((1 + g_park) / (1 + g_total)) ** n

so reaching ``target`` in ``years`` needs ``(1 + g_park) / (1 + g_total) = (target / base) ** (1 / years)``.
Every function validates its inputs and raises :class:`gis.errors.CalculationError` (a ``ValueError``) with
English ``message`` / ``hint`` and Chinese ``message_zh`` / ``hint_zh`` instead of returning NaN.

Modules: :mod:`~clusters.share.defaults` (the plan's defaults and their sources, read from data/plan via
:mod:`clusters.goals`), :mod:`~clusters.share.checks`, :mod:`~clusters.share.calculator`,
:mod:`~clusters.share.sensitivity`, :mod:`~clusters.share.cities` (per-city mode),
:mod:`~clusters.share.scenarios` (compare and export), :mod:`~clusters.share.provenance` (plan value or user
input), :mod:`~clusters.share.ranges` (the range the plan's vague figures imply),
:mod:`~clusters.share.firm_offer` (years for a firm-level share).
"""

from __future__ import annotations

from clusters.share.calculator import (
    Scenario,
    ShareResult,
    compute,
    first_year_reached,
    formula_texts,
    plan_scenario,
    required_park_growth,
    required_ratio,
    resolve_base_share,
    share_after,
    share_path,
)
from clusters.share.checks import check_growth, check_share, check_years
from clusters.share.cities import (
    CITIES,
    CITY_COLUMN_ALIASES,
    CITY_TEMPLATE_COLUMNS,
    city_shares,
    city_template,
    city_template_bytes,
    normalise_city,
    read_city_table,
)
from clusters.share.defaults import (
    BASE_SHARE,
    BASE_YEAR,
    DEFAULT_HORIZON,
    DEFAULT_SOURCES,
    SENSITIVITY_PARK_GROWTHS,
    SENSITIVITY_TOTAL_GROWTHS,
    TARGET_SHARE,
    TARGET_YEAR,
    TOTAL_GROWTH,
)
from clusters.share.firm_offer import FirmYears, firm_share_years
from clusters.share.provenance import FROM_FIRMS, InputSource, input_source, input_sources, user_inputs
from clusters.share.ranges import GoalRange, goal_ranges, required_growth_range
from clusters.share.scenarios import (
    compare_scenarios,
    export_scenarios,
    scenario_record,
    scenario_rows,
    scenarios_table,
    to_csv_bytes,
    to_xlsx_bytes,
    with_changes,
)
from clusters.share.sensitivity import sensitivity, sensitivity_long

__all__ = [
    "BASE_SHARE",
    "BASE_YEAR",
    "CITIES",
    "CITY_COLUMN_ALIASES",
    "DEFAULT_HORIZON",
    "DEFAULT_SOURCES",
    "FROM_FIRMS",
    "FirmYears",
    "GoalRange",
    "InputSource",
    "SENSITIVITY_PARK_GROWTHS",
    "SENSITIVITY_TOTAL_GROWTHS",
    "TARGET_SHARE",
    "TARGET_YEAR",
    "TOTAL_GROWTH",
    "Scenario",
    "ShareResult",
    "check_growth",
    "check_share",
    "check_years",
    "city_shares",
    "city_template",
    "city_template_bytes",
    "CITY_TEMPLATE_COLUMNS",
    "compare_scenarios",
    "compute",
    "export_scenarios",
    "first_year_reached",
    "firm_share_years",
    "goal_ranges",
    "input_source",
    "input_sources",
    "required_growth_range",
    "user_inputs",
    "formula_texts",
    "normalise_city",
    "plan_scenario",
    "read_city_table",
    "required_park_growth",
    "required_ratio",
    "resolve_base_share",
    "scenario_record",
    "scenario_rows",
    "scenarios_table",
    "sensitivity",
    "sensitivity_long",
    "share_after",
    "share_path",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "with_changes",
]
