"""The vocabulary of plan things: cluster provenance, target kinds, derived-figure marks.

Written once here; the targets page, the map's cluster cards and legends, the progress page and exports use
these tables (look labels up with :func:`gis.text.label` or the helpers below).
"""

from __future__ import annotations

from gis.text import Pair, label

PROVENANCE: dict[str, Pair] = {
    "plan_existing": Pair("规划点名：现有千亿集群", "Named in the plan: existing 100-bn cluster"),
    "plan_cultivate": Pair("规划点名：培育中的千亿集群", "Named in the plan: cluster to cultivate"),
    "related": Pair("来自相关文件（非规划所列）", "From related documents (not the plan's list)"),
}
#: What a progress/target row is about.
TARGET_KINDS: dict[str, Pair] = {
    "sector": Pair("行业（专栏10）", "sector (Box 10)"),
    "cluster": Pair("产业集群", "cluster"),
    "park": Pair("园区", "park"),
}
#: What a progress figure measures.
MEASURES: dict[str, Pair] = {
    "output": Pair("产值（亿元）", "output (亿元)"),
    "va": Pair("增加值（亿元）", "value added (亿元)"),
}
#: Where a figure stands against its target's compound path (progress comparison).
PROGRESS_STATUS: dict[str, Pair] = {
    "on_track": Pair("按进度", "on track"),
    "behind": Pair("落后", "behind"),
    "reached": Pair("已达目标", "target reached"),
    "missed": Pair("未达目标", "target missed"),
    "target_only": Pair("无基期，仅比目标", "no base: compared with target only"),
    "no_target": Pair("无目标", "no target"),
}
#: Source label of a target a user typed in an upload.
USER_TARGET = Pair("用户目标", "user target")
#: The calculator's inputs, named as on the calculator page (error messages and scenario tables use these).
SCENARIO_INPUTS: dict[str, Pair] = {
    "name": Pair("情景名称", "scenario name"),
    "base_year": Pair("基期年", "base year"),
    "base_share": Pair("基期园区产值占比", "base-year park share"),
    "target_share": Pair("目标占比", "target share"),
    "target_year": Pair("目标年", "target year"),
    "total_growth": Pair("全省工业总产值年均增速", "total output growth a year"),
    "park_growth": Pair("园区产值年均增速", "park output growth a year"),
    "base_total_output": Pair("基期全省工业总产值（亿元）", "base-year provincial output (亿元)"),
    "base_park_output": Pair("基期园区总产值（亿元）", "base-year park output (亿元)"),
    "horizon": Pair("搜索年限", "years searched"),
}
#: The calculator's key results (all derived).
SHARE_RESULTS: dict[str, Pair] = {
    "base_share": Pair("基期占比", "base share"),
    "required_park_growth": Pair("所需园区年均增速", "required park growth a year"),
    "park_growth_used": Pair("采用的园区年均增速", "park growth used"),
    "target_year_share": Pair("目标年占比", "share in the target year"),
    "year_target_reached": Pair("首次达到目标年份", "first year target reached"),
    "gap_share_points": Pair("目标年缺口（百分点）", "gap in the target year (share points)"),
    "gap_yi_yuan": Pair("目标年缺口（亿元）", "gap in the target year (亿元)"),
}
#: Where a calculator input comes from (screen, ``clusters share --json``, exports, saved scenarios): a
#: value the user changed is "user input" and never wears the plan's source.
INPUT_ORIGINS: dict[str, Pair] = {
    "plan": Pair("规划", "the plan"),
    "user_input": Pair("用户输入", "user input"),
    "derived": Pair("推算", "derived"),
    "setting": Pair("设置", "setting"),
    "not_given": Pair("未填写", "not given"),
}
#: The words beside a user's value that show the plan's value for reference.
PLAN_VALUE_FOR_REFERENCE = Pair("规划值（仅供参考）", "the plan's value, for reference")
#: Where a base share measured from the user's firm list comes from.
FIRM_SHARE_ORIGIN = Pair(
    "推算：企业点位测算（用户上传的企业名单）", "derived: firm-level park share (the user's firm list)"
)
#: How far a "can it pass 1000 亿?" verdict can go, given the age and scope of its input figure.
THOUSAND_VERDICTS: dict[str, Pair] = {
    "passes": Pair("✓ 可超过", "✓ passes"),
    "short": Pair("✗ 达不到", "✗ falls short"),
    "leans_pass": Pair("或可超过（依据不足，仅供参考）", "might pass (weak basis, indicative only)"),
    "leans_short": Pair("或达不到（依据不足，仅供参考）", "might fall short (weak basis, indicative only)"),
}
#: A city's progress over all its targets (the progress map's colours).
CITY_PROGRESS: dict[str, Pair] = {
    "behind": Pair("全部落后", "all behind"),
    "mixed": Pair("部分落后", "some behind"),
    "on_track": Pair("全部按进度或已达标", "all on track or reached"),
}
#: The mark every derived figure wears wherever it is shown.
DERIVED = Pair("推算", "derived")


def provenance_label(provenance: object, lang: str) -> str:
    """Label of a cluster's ``provenance``."""
    return label(PROVENANCE, provenance, lang)


def target_kind_label(kind: object, lang: str) -> str:
    """Label of a target kind (sector, cluster, park)."""
    return label(TARGET_KINDS, kind, lang)


def measure_label(measure: object, lang: str) -> str:
    """Label of a progress measure (output, va)."""
    return label(MEASURES, measure, lang)


def status_label(status: object, lang: str) -> str:
    """Label of a progress status (on_track, behind, reached, missed, target_only, no_target)."""
    return label(PROGRESS_STATUS, status, lang)
