"""The vocabulary of places: kinds, levels, roles, geometry quality, petrochemical bases.

Each label is written here once and used by the map popup, the side-panel card, legends, tables, print
sheets and exports alike. Look labels up with :func:`gis.text.label` or the small helpers below.
"""

from __future__ import annotations

from gis.research_texts import CITATIONS, PLAN_CITATION, REF_TEXTS, WHAT_TEXTS
from gis.text import Pair, label, place_en, text

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
    # declared by the user on import (gis.import_vocab.IMPORT_DECLARATIONS); drawn like approximate positions
    "plan_drawing": Pair("官方规划图边界（未经测绘核实）", "Official plan drawing (not a survey)"),
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
    # zonal statistics per park (gis.raster.zonal_export)
    "name": Pair("名称", "Name"),
    "coverage": Pair("栅格覆盖情况", "Coverage by the raster"),
    "covered_fraction": Pair("栅格覆盖比例", "Share covered by the raster"),
    "cells": Pair("统计范围内像元数", "Cells in the zone"),
    "count": Pair("有效像元数", "Valid cells"),
    "nodata_cells": Pair("无数据像元数", "Nodata cells"),
    "mean": Pair("均值", "Mean"),
    "min": Pair("最小值", "Minimum"),
    "max": Pair("最大值", "Maximum"),
    "sum": Pair("总和", "Sum"),
    "majority": Pair("主要类别", "Majority class"),
    "cell": Pair("单元格内容（原样）", "Cell as given in the file"),
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
    "mean": Pair("栅格单位", "raster units"),
    "min": Pair("栅格单位", "raster units"),
    "max": Pair("栅格单位", "raster units"),
    "sum": Pair("栅格单位", "raster units"),
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


# ---------------------------------------------------------------------- honesty of positions and sources
#: How strong a cited source is (:func:`gis.quality.source_strength`), strongest first.
SOURCE_STRENGTH: dict[str, Pair] = {
    "official": Pair("官方/政府文件", "official / government document"),
    "user": Pair("用户提供的数据（贵单位）", "user-supplied data (your office's)"),
    "news": Pair("新闻媒体", "news outlet"),
    "news_copy": Pair("新闻报道（他站转载）", "news report (copy on another site)"),
    "encyclopedia": Pair("百科", "encyclopedia"),
    "commercial": Pair("商业网站/其他", "commercial site / other"),
    "derived": Pair("推算/估计（无外部来源）", "derived / estimate (no outside source)"),
    "not_recorded": Pair("来源未记录", "source not recorded"),
}
#: The words of confidence labels in the data (figures, sources, positions); the rest of a label is kept.
CONFIDENCE: dict[str, Pair] = {
    "high": Pair("高", "high"),
    "medium-high": Pair("中高", "medium-high"),
    "medium": Pair("中", "medium"),
    "low": Pair("低", "low"),
    "very low": Pair("很低", "very low"),
    "derived": Pair("推算", "derived"),
    "ESTIMATE": Pair("估计值", "ESTIMATE"),
    "unknown": Pair("未知", "unknown"),
}
#: The qualifiers in parentheses of the position confidence labels of data/parks.geojson.
CONFIDENCE_QUALIFIERS: dict[str, Pair] = {
    "geocoded": Pair("地理编码", "geocoded"),
    "county point": Pair("县代表点", "county point"),
    "county centre": Pair("区县中心点", "county centre"),
    "township centre": Pair("乡镇中心点", "township centre"),
    "admin-unit point": Pair("行政区代表点", "admin-unit point"),
    "town point": Pair("镇中心点", "town point"),
    "possible homonym": Pair("可能是同名地点", "possible homonym"),
    "position unknown within the bay": Pair("在湾内的位置未知", "position unknown within the bay"),
    "existence": Pair("存在性", "existence"),
    "batch": Pair("批次", "batch"),
    "definitions differ": Pair("统计口径不同", "definitions differ"),
    "news; definitions differ": Pair("新闻；统计口径不同", "news; definitions differ"),
}
#: Units of figures as the data writes them (Chinese); English says each in one consistent way.
UNITS: dict[str, Pair] = {
    "亿元": Pair("亿元", "100 million yuan"),
    "万元": Pair("万元", "10,000 yuan"),
    "公顷": Pair("公顷", "ha"),
    "km²": Pair("平方公里", "km²"),
    "%": Pair("%", "%"),
    "个": Pair("个", ""),
    "家": Pair("家", "firms"),
    "件": Pair("件", "items"),
    "万件": Pair("万件", "10,000 items"),
    "条": Pair("条", "lines"),
    "万吨/年": Pair("万吨/年", "10,000 t a year"),
    "万元/人": Pair("万元/人", "10,000 yuan per person"),
    "立方米/万元": Pair("立方米/万元", "m³ per 10,000 yuan"),
    "吨标准煤/万元": Pair("吨标准煤/万元", "t of standard coal per 10,000 yuan"),
}
#: Catalogue zone types (zone_type), official English where one exists.
ZONE_TYPES: dict[str, Pair] = {
    "经济技术开发区": Pair("经济技术开发区", "Economic and technological development zone"),
    "高新技术产业开发区": Pair("高新技术产业开发区", "High-tech industrial development zone"),
    "海关特殊监管区域": Pair("海关特殊监管区域", "Special customs supervision zone"),
    "其他类型开发区": Pair("其他类型开发区", "Other type of development zone"),
    "经济开发区": Pair("经济开发区", "Economic development zone"),
    "工业园区": Pair("工业园区", "Industrial park"),
    "高新技术产业园区": Pair("高新技术产业园区", "High-tech industrial park"),
}


def unit_label(unit: object, lang: str) -> str:
    """A figure's unit in ``lang`` (``亿元`` → ``100 million yuan``; an unknown unit as written)."""
    return label(UNITS, unit, lang, default=str(unit or ""))


def zone_type_label(zone_type: object, lang: str) -> str:
    """A catalogue zone type in ``lang`` (unknown types as written)."""
    return label(ZONE_TYPES, zone_type, lang, default=str(zone_type or ""))


def strength_label(strength: object, lang: str) -> str:
    """Label of a source strength (:data:`SOURCE_STRENGTH`)."""
    return label(SOURCE_STRENGTH, strength, lang)


def _pairs(rows: str) -> dict[str, Pair]:
    """``中文=English`` lines as a label table (the long industry list reads better one pair a line)."""
    out = {}
    for line in rows.strip().splitlines():
        zh, en = line.split("=", 1)
        out[zh.strip()] = Pair(zh.strip(), en.strip())
    return out


#: Leading industries (catalogue 主导产业 and the plan's wording), translated (not official names).
INDUSTRIES: dict[str, Pair] = _pairs(
    """
    不锈钢=stainless steel
    专用车=special-purpose vehicles
    五金=hardware
    交通设备=transport equipment
    交通运输=transport
    仓储物流=warehousing and logistics
    体育用品=sporting goods
    保税仓储=bonded warehousing
    保税物流=bonded logistics
    先进制造=advanced manufacturing
    光学=optics
    光机电=opto-mechatronics
    光电=optoelectronics
    光电信息=optoelectronic information
    光电子=optoelectronics
    光电照明=optoelectronic lighting
    再生资源利用=recycling of renewable resources
    农产品加工=agricultural product processing
    农副产品加工=agricultural by-product processing
    农副食品=agricultural and sideline food
    农林产品加工=agricultural and forest product processing
    冶金=metallurgy
    冶金及金属压延=metallurgy and metal rolling
    出口加工=export processing
    加工制造=processing and manufacturing
    包装=packaging
    化工=chemicals
    化纤=chemical fibre
    医药=pharmaceuticals
    半导体及集成电路=semiconductors and integrated circuits
    印刷=printing
    印刷包装=printing and packaging
    商业物流=commercial logistics
    国际贸易=international trade
    塑料制品=plastic products
    家具=furniture
    工艺制品=handicrafts
    工艺品=handicrafts
    建材=building materials
    整车进口=vehicle imports
    新材料=new materials
    新能源=new energy
    旅游=tourism
    旅游服务=tourism services
    日用品=daily goods
    服装=garments
    木竹品加工=wood and bamboo processing
    机械=machinery
    机械汽配=machinery and auto parts
    机械电子=mechatronics
    机械装备=machinery and equipment
    机电=electromechanics
    机电装备=electromechanical equipment
    林产加工=forest product processing
    林产化工=forest chemicals
    林产品加工=forest product processing
    棉纺=cotton spinning
    橡胶=rubber
    氟化工=fluorochemicals
    水产加工=aquatic product processing
    水产品加工=aquatic product processing
    水暖厨卫=plumbing and kitchen/bathroom fittings
    水泥=cement
    汽车=automobiles
    汽车及零部件=automobiles and parts
    汽车电子=automotive electronics
    消防器材=fire-fighting equipment
    港口物流=port logistics
    物流贸易=logistics and trade
    特殊钢铁=special steel
    环保设备=environmental protection equipment
    环境科技=environmental technology
    生物=biotechnology
    生物制药=biopharmaceuticals
    生物医药=biomedicine
    生物质能源=biomass energy
    电子=electronics
    电子信息=electronic information
    电子机械=electronic machinery
    电子电器=electronics and electrical appliances
    电机电器=motors and electrical appliances
    电气机械器材=electrical machinery and equipment
    皮革=leather
    石化=petrochemicals
    竹制品加工=bamboo product processing
    竹木加工=bamboo and wood processing
    箱包=luggage and bags
    粮油食品=grain, oil and food
    精细化工=fine chemicals
    纸制品=paper products
    纸品印刷=paper products and printing
    纺织=textiles
    纺织化纤=textiles and chemical fibre
    纺织服装=textiles and garments
    纺织轻工=textiles and light industry
    纺织鞋服=textiles, footwear and garments
    织纺服装=textiles and garments
    经编针织=warp knitting
    能源精化=energy and fine chemicals
    航空维修=aircraft maintenance
    航运物流=shipping logistics
    船舶修造=shipbuilding and repair
    茶产品加工=tea processing
    藤铁工艺品=rattan and iron handicrafts
    装备制造=equipment manufacturing
    跨境电商=cross-border e-commerce
    软件=software
    软硬件产品=software and hardware products
    轻工=light industry
    轻工纺织=light industry and textiles
    轻工轻纺=light industry and textiles
    轻纺=light textiles
    轻纺面料=textile fabrics
    轻纺鞋服=textiles, footwear and garments
    通用机械=general machinery
    造纸=papermaking
    造纸及纸制品=paper and paper products
    酿酒=brewing
    金属制品=metal products
    金属加工=metalworking
    金属压延=metal rolling
    金属新材料=new metal materials
    钢铁=iron and steel
    钢铁制品=steel products
    铸造=casting
    陶瓷=ceramics
    集成电路=integrated circuits
    非金属矿=non-metallic minerals
    非金属矿物=non-metallic mineral products
    鞋=footwear
    鞋服=footwear and garments
    鞋服箱包=footwear, garments and bags
    食品=food
    食用菌加工=edible fungus processing
    饮料=beverages
    饲料=animal feed
    游艇=yachts
    软件和信息服务=software and information services
    石油化工=petrochemicals
    军民融合=civil-military integration
    光伏=photovoltaics
    半导体照明（LED）=semiconductor lighting (LED)
    临港化工=port-side chemicals
    钨材料=tungsten materials
    铜=copper
    镁合金=magnesium alloys
    新材料（不锈钢）=new materials (stainless steel)
    后勤保障装备=logistics support equipment
    """
)


def industry_label(industry: object, lang: str) -> str:
    """A leading industry in ``lang`` (an unknown one as written)."""
    return label(INDUSTRIES, industry, lang, default=str(industry or ""))


#: What a feature's source supports (``sources[].what``): fixed texts written by the build, in both languages.
SOURCE_WHAT: dict[str, Pair] = {
    "named in the plan": Pair("规划点名", "named in the plan"),
    "position": Pair("位置", "position"),
    "name, level, type, approval date, approved area, leading industries": Pair(
        "名称、级别、类型、批准日期、核准面积、主导产业",
        "name, level, type, approval date, approved area, leading industries",
    ),
    "attributes edited on the map (user input)": Pair(
        "在地图上修改的属性（用户输入）", "attributes edited on the map (user input)"
    ),
    "English name: official English name": Pair("英文名：官方英文名", "English name: official English name"),
    "English name: usual English form": Pair("英文名：常用英文写法", "English name: usual English form"),
    "English name: pinyin transliteration + translated zone type (not an official English name)": Pair(
        "英文名：拼音音译＋类型意译（非官方英文名）",
        "English name: pinyin transliteration + translated zone type (not an official English name)",
    ),
}
#: Leading words of the other ``what`` texts; what follows them is the source's own wording.
SOURCE_WHAT_PREFIXES: dict[str, Pair] = {
    "status: ": Pair("状况：", "status: "),
    "demonstration base ": Pair("示范基地", "demonstration base "),
    "part of the plan's ": Pair("属于规划所列基地（原文）：", "part of the plan's "),
    "part of the ": Pair("属于（原文）：", "part of the "),
}


def source_what_label(what: object, lang: str) -> str:
    """What a source supports, in ``lang``: a fixed text translated, else its leading words translated and
    the rest kept as the source wrote it."""
    raw = str(what or "")
    if raw in SOURCE_WHAT:
        return SOURCE_WHAT[raw].get(lang)
    if raw in WHAT_TEXTS:
        return WHAT_TEXTS[raw].get(lang)
    for prefix, pair in SOURCE_WHAT_PREFIXES.items():
        if raw.startswith(prefix):
            return pair.get(lang) + raw[len(prefix) :]
    return raw


_ESTIMATE = "analyst estimate, sanity-checked against district polygon"
_PETRO_TABLE = "reference research table data/sources/reference/petrochem_parks.csv (column base)"
#: Sources the atlas's own build wrote (not documents' titles) as (English as stored, Chinese); a document's
#: own citation is shown as it is.
_SOURCE_ROWS: tuple[tuple[str, str], ...] = (
    (
        "Amap geocode (GCJ-02→WGS84) from kaiwulaw/china-industrial-zones-atlas data/enriched.csv @358d79bb "
        "(licence not stated); QA point-in-county check in the reference folder",
        "高德地理编码（GCJ-02→WGS84），取自 kaiwulaw/china-industrial-zones-atlas 的 data/enriched.csv "
        "@358d79bb（未注明许可）；参考资料中做过点位落县核验",
    ),
    ("representative point of the administrative unit (data/boundaries)", "行政区代表点（data/boundaries）"),
    ("analyst estimate, snapped to district polygon", "分析人员估计点，已移入区县界内"),
    (_ESTIMATE, "分析人员估计点，已对照区县界核验"),
    (
        f"{_ESTIMATE} (fujian_district_wgs84_simplified.geojson)",
        "分析人员估计点，已对照区县界核验（fujian_district_wgs84_simplified.geojson）",
    ),
    ("scripts/build_parks.py", "构建脚本 scripts/build_parks.py"),
    ("map editor", "地图编辑（用户）"),
    (f"{_PETRO_TABLE}: source not recorded", "参考资料表 petrochem_parks.csv（base 列）：来源未记录"),
)
SOURCE_TEXTS: dict[str, Pair] = {en: Pair(zh, en) for en, zh in _SOURCE_ROWS}
SOURCE_TEXTS |= CITATIONS | REF_TEXTS


def source_text(ref: object, lang: str) -> str:
    """A source in ``lang``: the build's own source texts translated; the plan cited by its English title
    and places (``第四章一（七）`` → ``ch. 4 §1 (7)``); any other document's citation as it is."""
    raw = str(ref or "")
    if raw.startswith(PLAN_CITATION.zh):
        return text(lang, raw, PLAN_CITATION.en + place_en(raw[len(PLAN_CITATION.zh) :]))
    return label(SOURCE_TEXTS, raw, lang, default=raw) if raw else ""
