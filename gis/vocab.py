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
    # declared by the user on import (gis.import_vocab.IMPORT_DECLARATIONS); drawn like approximate positions
    "plan_drawing": Pair("官方规划图边界（未经测绘核实）", "Official plan drawing (not a survey)"),
    "hand_traced": Pair("手工描绘边界", "Hand-traced outline"),
    "point_unknown": Pair("点位（精度未知）", "Point of unknown precision"),
    "unverified": Pair("用户提供，未核实", "User-supplied, not verified"),
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

#: What the columns of exported parks mean (GeoPackage field descriptions, ``gpkg_data_columns``).
EXPORT_FIELDS: dict[str, Pair] = {
    "id": Pair("园区编号（本图集）", "Park id (this atlas)"),
    "name_zh": Pair("中文名称", "Chinese name"),
    "name_en": Pair("英文名称（官方名或音译）", "English name (official, or a transliteration)"),
    "kind": Pair("类型", "Kind of place"),
    "roles": Pair("角色（分号分隔）", "Roles (separated by '; ')"),
    "level": Pair("级别", "Level"),
    "industries": Pair("主导产业（分号分隔）", "Leading industries (separated by '; ')"),
    "sectors": Pair("专栏10行业编号（分号分隔）", "Box-10 sector numbers (separated by '; ')"),
    "geometry_quality": Pair("位置质量（声明或来源）", "Position quality (declared or sourced)"),
    "position_note_zh": Pair("位置说明（中文）", "Position note (Chinese)"),
    "position_note_en": Pair("位置说明（英文）", "Position note (English)"),
    "position_source": Pair("位置来源", "Source of the position"),
    "position_confidence": Pair("位置可信度", "Confidence of the position"),
    "provenance": Pair("数据来源：随附数据或用户导入", "Provenance: shipped data or user import"),
    "city": Pair("设区市", "Prefecture-level city"),
    "county": Pair("县（市、区）", "County"),
    "value": Pair("数值", "Value"),
    "unit": Pair("单位", "Unit"),
    "year": Pair("年份", "Year"),
    "source": Pair("来源", "Source"),
    "sources": Pair("来源", "Sources"),
    # the firm-level park share (clusters.parkshare result tables)
    "city_adcode": Pair("市行政区划代码", "City code"),
    "city_zh": Pair("设区市", "City"),
    "county_zh": Pair("县（市、区）", "County"),
    "firms": Pair("企业数", "Firms"),
    "firms_in_parks": Pair("园区内企业数", "Firms in parks"),
    "output": Pair("产值", "Output"),
    "output_total": Pair("产值合计", "Total output"),
    "output_in_parks": Pair("园区内产值", "Output in parks"),
    "park_share": Pair("园区产值占比", "Park share of output"),
    "share_of_province_output": Pair("占全省产值比重", "Share of the province's output"),
    "park_id": Pair("园区编号", "Park id"),
    "park_city": Pair("园区所在市", "City of the park"),
    "area_km2": Pair("面积", "Area"),
    "sector": Pair("行业", "Sector"),
    "row": Pair("文件中的行", "Row in the file"),
    "lon": Pair("经度", "Longitude"),
    "lat": Pair("纬度", "Latitude"),
    "distance_m": Pair("到最近园区的距离", "Distance to the nearest park"),
    "firm": Pair("企业", "Firm"),
    "nearest_park": Pair("最近园区编号", "Nearest park id"),
    "nearest_park_name": Pair("最近园区", "Nearest park"),
    "field": Pair("字段", "Field"),
    "problem": Pair("问题", "Problem"),
}
#: Units of exported columns (headers read "产值（同企业文件）", "Area (km²)").
EXPORT_UNITS: dict[str, Pair] = {
    "output": Pair("单位同企业文件", "unit as in the firm file"),
    "output_total": Pair("单位同企业文件", "unit as in the firm file"),
    "output_in_parks": Pair("单位同企业文件", "unit as in the firm file"),
    "area_km2": Pair("平方公里", "km²"),
    "distance_m": Pair("米", "m"),
    "lon": Pair("度，WGS84", "degrees, WGS84"),
    "lat": Pair("度，WGS84", "degrees, WGS84"),
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
