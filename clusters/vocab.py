"""The vocabulary of plan things: cluster provenance, target kinds, derived-figure marks.

Written once here; the targets page, the map's cluster cards and legends, the progress page and exports use
these tables (look labels up with :func:`gis.text.label` or the helpers below).
"""

from __future__ import annotations

from gis.text import Pair, label

PROVENANCE: dict[str, Pair] = {
    "plan_existing": Pair("规划点名：现有千亿集群", "Named in the plan: existing 100-billion-yuan cluster"),
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
    "output": Pair("产值（亿元）", "output (100 million yuan)"),
    "va": Pair("增加值（亿元）", "value added (100 million yuan)"),
}
#: What a reported cluster figure measures (data/cluster_figures.csv ``measure``).
CLUSTER_MEASURES: dict[str, Pair] = {
    "output": Pair("产值", "output"),
    "output (规上)": Pair("产值（规上）", "output (enterprises above designated size)"),
    "output (cumulative to October)": Pair("产值（截至10月累计）", "output (cumulative to October)"),
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
    "base_total_output": Pair("基期全省工业总产值（亿元）", "base-year provincial output (100 million yuan)"),
    "base_park_output": Pair("基期园区总产值（亿元）", "base-year park output (100 million yuan)"),
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
    "gap_yi_yuan": Pair("目标年缺口（亿元）", "gap in the target year (100 million yuan)"),
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
#: What kind of goal a row of the plan's petrochemical / park goals is (``kind`` column).
GOAL_KINDS: dict[str, Pair] = {
    "target": Pair("目标", "target"),
    "capacity goal (力争)": Pair("力争目标（产能）", "capacity goal ('strive for')"),
}
#: How far a target reaches: the level at which its source states it.
TARGET_SCOPE: dict[str, Pair] = {
    "province": Pair("全省", "province-wide"),
    "city": Pair("市", "city"),
    "cities": Pair("多市合计", "several cities together"),
    "park": Pair("园区", "park"),
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


def goal_kind_label(kind: object, lang: str) -> str:
    """Label of a plan goal's ``kind`` (target, capacity goal)."""
    return label(GOAL_KINDS, kind, lang)


def cluster_measure_label(measure: object, lang: str) -> str:
    """Label of what a reported cluster figure measures."""
    return label(CLUSTER_MEASURES, measure, lang)


#: 专栏1's two kinds of indicator (``target_type``).
INDICATOR_TYPES: dict[str, Pair] = {
    "预期性": Pair("预期性", "anticipatory (expected)"),
    "约束性": Pair("约束性", "binding"),
}
#: The notes of data/clusters.csv (``confidence_note``) in both languages.
CLUSTER_NOTES: dict[str, Pair] = {
    "12th FYP target only": Pair("仅为“十二五”目标", "12th FYP target only"),
    "12th FYP target only; whether it reached 1000亿 by 2015 is unknown": Pair(
        "仅为“十二五”目标；2015年是否达到1000亿未知",
        "12th FYP target only; whether it reached 1,000 × 100 million yuan by 2015 is unknown",
    ),
    "12th FYP target; 2018 plan names 制鞋产业集群(泉州) (中新社)": Pair(
        "“十二五”目标；2018年计划列有制鞋产业集群（泉州）（中新社）",
        "12th FYP target; the 2018 plan names a footwear cluster (Quanzhou) (China News Service)",
    ),
    "became 千亿 after 2020; not named in the plan": Pair(
        "2020年后成为千亿集群；规划未点名",
        "passed 1,000 × 100 million yuan after 2020; not named in the plan",
    ),
    "city-level": Pair("市级", "city-level"),
    "city-level claim": Pair("市级说法", "city-level claim"),
    "conflicting targets between two reports": Pair(
        "两篇报道的目标不一致", "conflicting targets between two reports"
    ),
    "from a related document (2018 cluster plan)": Pair(
        "来自相关文件（2018年集群计划）", "from a related document (2018 cluster plan)"
    ),
    "from a related document (2018 cluster plan); not one of the plan's named clusters": Pair(
        "来自相关文件（2018年集群计划）；不是规划点名的集群",
        "from a related document (2018 cluster plan); not one of the plan's named clusters",
    ),
    "host parks not stated in the source": Pair("来源未说明承载园区", "host parks not stated in the source"),
    "named in the plan": Pair("规划点名", "named in the plan"),
    "named in the plan; output figures inconsistent across sources": Pair(
        "规划点名；各来源产值数据不一致", "named in the plan; output figures inconsistent across sources"
    ),
}
#: What a reported cluster figure covers (data/cluster_figures.csv ``scope_note``), in both languages.
SCOPE_NOTES: dict[str, Pair] = {
    "长乐 textile": Pair("长乐纺织", "Changle textiles"),
    "长乐 textile (other source; definitions differ)": Pair(
        "长乐纺织（另一来源；口径不同）", "Changle textiles (other source; definitions differ)"
    ),
    "泉港 petrochemicals only; >1000亿 for 5 straight years as of 2023": Pair(
        "仅泉港石化；截至2023年连续5年超过1000亿",
        "Quangang petrochemicals only; over 1,000 × 100 million yuan for 5 straight years as of 2023",
    ),
    "惠安 petrochemicals only": Pair("仅惠安石化", "Hui'an petrochemicals only"),
    "晋江 textile & garment only": Pair("仅晋江纺织服装", "Jinjiang textiles & garments only"),
    "宁德 lithium battery": Pair("宁德锂电池", "Ningde lithium batteries"),
    "漳州 food": Pair("漳州食品", "Zhangzhou food"),
}


def note_label(table: dict[str, Pair], note: object, lang: str) -> str:
    """A data note in ``lang`` from a note table above; an unknown note as written, blank as ``""``."""
    raw = "" if note is None or (isinstance(note, float) and note != note) else str(note)
    return label(table, raw, lang, default=raw) if raw else ""


#: The host-city texts of data/clusters.csv (``host_city_text``) that no city list replaces, in both
#: languages.
HOST_TEXTS: dict[str, Pair] = {
    "厦门/福州/莆田/泉州/漳州 (not stated in source)": Pair(
        "厦门/福州/莆田/泉州/漳州（来源未说明）",
        "Xiamen / Fuzhou / Putian / Quanzhou / Zhangzhou (not stated in source)",
    ),
    "福州（江阴、可门）/莆田石门澳 etc. (not stated)": Pair(
        "福州（江阴、可门）/莆田石门澳等（来源未说明）",
        "Fuzhou (Jiangyin, Kemen) / Putian Shimen'ao, etc. (not stated in source)",
    ),
    "全省": Pair("全省", "province-wide"),
}
#: The target notes of data/clusters.csv (``target_note``) in both languages.
TARGET_NOTES: dict[str, Pair] = {
    "2640 (100 million yuan) is the 2018 plan's target for Meizhou Bay and Gulei combined "
    "(see petrochem-integrated-2018)": Pair(
        "2640亿元是2018年推进计划给湄洲湾和古雷合计的目标（见石化一体化产业集群）",
        "2,640 × 100 million yuan is the 2018 plan's target for Meizhou Bay and Gulei combined "
        "(see the integrated petrochemical cluster)",
    ),
    "2500 (100 million yuan) is the 2018 plan's target for the province-wide 计算机和网络通信 cluster "
    "(see computer-network-comm-2018)": Pair(
        "2500亿元是2018年推进计划给全省计算机和网络通信产业集群的目标（见该集群）",
        "2,500 × 100 million yuan is the 2018 plan's target for the province-wide computers & network "
        "communications cluster (see that cluster)",
    ),
    "4000 (中国质量报) vs 2500 (中新社): the two reports conflict": Pair(
        "4000亿元（中国质量报）与2500亿元（中新社）：两篇报道不一致",
        "4,000 × 100 million yuan (China Quality News) vs 2,500 (China News Service): "
        "the two reports conflict",
    ),
}
#: The names of the firm-level share's rules (``clusters.parkshare.rules.RULE_TEXTS`` and ``row_numbering``).
PARKSHARE_RULES: dict[str, Pair] = {
    "boundary": Pair("边界上的企业", "Firms on a boundary"),
    "overlap": Pair("园区重叠", "Overlapping parks"),
    "city": Pair("所在市", "City"),
    "distance": Pair("距离", "Distance"),
    "share": Pair("占比", "Share"),
    "bad_rows": Pair("问题行", "Bad rows"),
    "output_unit": Pair("产值单位", "Output unit"),
    "row_numbering": Pair("行号", "Row numbers"),
    "parks": Pair("园区来源", "Parks from"),
}
