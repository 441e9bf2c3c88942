"""The vocabulary of bringing your own data: where coordinates come from, check-report levels, match
statuses and the kinds of change the user store records.

Written once here; the data page, exports and the command line look labels up with :func:`gis.text.label`.
"""

from __future__ import annotations

from gis.text import Pair, label

#: Where the lon/lat of an upload come from (``gis.coords.COORD_SYSTEMS``); cannot be detected.
COORD_SOURCES: dict[str, Pair] = {
    "wgs84": Pair(
        "WGS84 / CGCS2000（GPS、天地图、测绘成果）", "WGS84 / CGCS2000 (GPS, Tianditu, survey data)"
    ),
    "gcj02": Pair("GCJ-02（高德、腾讯地图上取的坐标）", "GCJ-02 (copied from Gaode / Tencent maps)"),
    "bd09": Pair("BD-09（百度地图上取的坐标）", "BD-09 (copied from Baidu maps)"),
}
#: Levels of an import check report (``gis.validate`` report rows).
REPORT_LEVELS: dict[str, Pair] = {
    "error": Pair("已跳过", "skipped"),
    "warning": Pair("注意", "warning"),
    "change": Pair("已修复", "repaired"),
    "info": Pair("说明", "note"),
}
#: How an imported feature matched the known parks (``gis.validate.match_parks``).
MATCH_STATUS: dict[str, Pair] = {
    "matched": Pair("已匹配", "matched"),
    "ambiguous": Pair("多个候选", "ambiguous"),
    "unmatched": Pair("未匹配（可新增）", "unmatched (can be added)"),
}
#: The kinds of change in the user store's history (``gis.store.history`` column ``what``).
STORE_ACTIONS: dict[str, Pair] = {
    "accept_boundaries": Pair("接受边界", "accept boundaries"),
    "save_figures": Pair("保存数据", "save figures"),
    "save_scenario": Pair("保存情景", "save scenario"),
    "delete_scenario": Pair("删除情景", "delete scenario"),
    "share_scenario": Pair("共享情景", "share scenario"),
    "undo": Pair("撤销", "undo"),
}


def coord_source_label(source: object, lang: str) -> str:
    """Label of a coordinate source (``wgs84``, ``gcj02``, ``bd09``)."""
    return label(COORD_SOURCES, source, lang)


def report_level_label(level: object, lang: str) -> str:
    """Label of a check-report level."""
    return label(REPORT_LEVELS, level, lang)


def match_status_label(status: object, lang: str) -> str:
    """Label of a match status."""
    return label(MATCH_STATUS, status, lang)


def store_action_label(what: object, lang: str) -> str:
    """Label of a kind of change in the store's history (an unknown kind is shown as is)."""
    return label(STORE_ACTIONS, what, lang)
