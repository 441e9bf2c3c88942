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
