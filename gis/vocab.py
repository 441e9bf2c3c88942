"""The vocabulary of places: kinds, levels, roles, geometry quality, petrochemical bases.

Each label is written here once and used by the map popup, the side-panel card, legends, tables, print
sheets and exports alike. Look labels up with :func:`gis.text.label` or the small helpers below.
"""

from __future__ import annotations

from gis.text import Pair, label

KINDS: dict[str, Pair] = {
    "petrochemical_base": Pair("石化基地", "Petrochemical base"),
    "development_zone": Pair("开发区", "Development zone"),
    "demonstration_base": Pair("新型工业化产业示范基地", "New-type industrialization demonstration base"),
    "sector_base": Pair("规划点名的产业园区/基地", "Sector park/base named in the plan"),
}
LEVELS: dict[str, Pair] = {
    "national": Pair("国家级", "National"),
    "provincial": Pair("省级", "Provincial"),
    "other": Pair("其他", "Other"),
    "unknown": Pair("级别未知", "Level unknown"),
}
GEOMETRY_QUALITY: dict[str, Pair] = {
    "boundary": Pair("测绘边界", "Surveyed boundary"),
    "approximate": Pair("近似位置（非测绘边界）", "Approximate position (not a surveyed boundary)"),
    "point": Pair("精确点位", "Exact point"),
    "hand_traced": Pair("手绘（在地图上描画，非测绘）", "Hand-traced (drawn on the map, not surveyed)"),
}
ROLES: dict[str, Pair] = {
    "catalogue_2018": Pair(
        "《中国开发区审核公告目录》（2018年版）所列", "In the 2018 national development-zone catalogue"
    ),
    "petrochemical": Pair("石化产业基地", "Petrochemical base"),
    "demo_base_national": Pair(
        "国家新型工业化产业示范基地", "National new-type industrialization demonstration base"
    ),
    "demo_base_provincial": Pair(
        "省级新型工业化产业示范基地", "Provincial new-type industrialization demonstration base"
    ),
    "plan_named": Pair("规划点名", "Named in the plan"),
}
#: The plan's petrochemical bases (第四章一（一）), Chinese name → English name.
BASES: dict[str, Pair] = {
    "湄洲湾": Pair("湄洲湾", "Meizhou Bay"),
    "古雷": Pair("古雷", "Gulei"),
    "江阴": Pair("江阴", "Jiangyin"),
}

#: How much of a park a raster covers (zonal statistics).
ZONAL_STATUS: dict[str, Pair] = {
    "inside": Pair("园区全部位于栅格内", "park entirely inside the raster"),
    "partial": Pair(
        "园区部分位于栅格内，仅统计覆盖部分",
        "park partly inside the raster; only the covered part is counted",
    ),
    "outside": Pair("园区不在栅格范围内", "park outside the raster"),
    "no_data": Pair("园区范围内全为无数据像元", "only nodata cells inside the park"),
    "no_geometry": Pair("园区没有位置", "park has no geometry"),
}


def kind_label(kind: object, lang: str) -> str:
    """Label of a park ``kind``."""
    return label(KINDS, kind, lang)


def level_label(level: object, lang: str) -> str:
    """Label of a park ``level``; a missing level is ``unknown``."""
    return label(LEVELS, level or "unknown", lang)


def quality_label(quality: object, lang: str) -> str:
    """Label of a ``geometry_quality`` value."""
    return label(GEOMETRY_QUALITY, quality, lang)


def role_label(role: object, lang: str) -> str:
    """Label of one of a park's ``roles``."""
    return label(ROLES, role, lang)


def base_label(base: object, lang: str) -> str:
    """Name of a petrochemical base (``湄洲湾`` → ``Meizhou Bay`` in English)."""
    return label(BASES, base, lang)
