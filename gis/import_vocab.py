"""The vocabulary of bringing your own data: where coordinates come from, what the user declares a file to be,
check-report levels, match statuses and the kinds of change the user store records.

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
#: What the user declares an imported file to be (stored as its ``geometry_quality``, gis.vocab); the default
#: is "user-supplied, not verified": nothing uploaded is a surveyed boundary unless the user says so.
IMPORT_DECLARATIONS: dict[str, Pair] = {
    "unverified": Pair("用户提供，未核实（默认）", "User-supplied, not verified (default)"),
    "surveyed": Pair(
        "测绘边界 / 精确点位（勘界、测绘成果）", "Surveyed boundary / exact point (survey data)"
    ),
    "plan_drawing": Pair("官方规划图（描自规划图纸）", "Official plan drawing (traced from the plan's map)"),
    "hand_traced": Pair("手工描绘（在底图上画的）", "Hand-traced (drawn over a basemap)"),
    "approximate": Pair("近似范围或位置", "Approximate outline or position"),
    "point_unknown": Pair("点位，精度未知", "Point of unknown precision"),
}
DEFAULT_DECLARATION = "unverified"
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
    "edit_park": Pair("在地图上编辑园区", "edit a park on the map"),
}


#: Stages of a long import (:func:`gis.io.read_vector` and the data page's job), in order; the progress bar
#: shows them (``gis.jobs``).
IMPORT_STAGES: dict[str, Pair] = {
    "read": Pair("读取文件", "reading the file"),
    "crs": Pair("检查坐标系和坐标", "checking the CRS and coordinates"),
    "validate": Pair("检查并修复几何", "validating and repairing geometries"),
    "match": Pair("与已知园区匹配", "matching to known parks"),
    "store": Pair("写入用户数据库", "writing to the user store"),
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


def declaration_label(declaration: object, lang: str) -> str:
    """Label of an import declaration (``surveyed``, ``plan_drawing`` … ``unverified``)."""
    return label(IMPORT_DECLARATIONS, declaration, lang)


def declared_quality(declaration: object, geom_type: object) -> str:
    """The ``geometry_quality`` a declared feature is stored with: ``surveyed`` is ``boundary`` for areas and
    ``point`` for points; any other declaration is stored as itself; an unknown one as ``unverified``."""
    key = str(declaration or DEFAULT_DECLARATION)
    if key == "surveyed":
        return "point" if "Point" in str(geom_type) else "boundary"
    return key if key in IMPORT_DECLARATIONS else DEFAULT_DECLARATION


#: The formats an upload is read as (``gis.io.result.FORMATS``).
FILE_FORMATS: dict[str, Pair] = {
    "geojson": Pair("GeoJSON", "GeoJSON"),
    "gpkg": Pair("GeoPackage", "GeoPackage"),
    "shapefile_zip": Pair("Shapefile（zip）", "Shapefile (zip)"),
    "kml": Pair("KML", "KML"),
    "csv": Pair("CSV", "CSV"),
    "xlsx": Pair("XLSX", "XLSX"),
}
#: Where an upload's coordinate system came from (``ImportResult.crs_origin``).
CRS_ORIGINS: dict[str, Pair] = {
    "file": Pair("文件自带", "from the file"),
    "legacy_member": Pair("文件内旧式坐标说明", "from the file's legacy projection file"),
    "spec": Pair("读取时指定", "given when read"),
    "user": Pair("用户确认", "confirmed by you"),
    "columns": Pair("按经纬度列", "from lon/lat columns"),
    "none": Pair("未说明", "not stated"),
}
#: The coordinate offsets in one short word each (``COORD_SOURCES`` holds the long choices).
COORD_SHORT: dict[str, Pair] = {
    "wgs84": Pair("无（WGS84）", "none (WGS84)"),
    "gcj02": Pair("GCJ-02（已纠正）", "GCJ-02 (corrected)"),
    "bd09": Pair("BD-09（已纠正）", "BD-09 (corrected)"),
}

#: Python's JSON parser messages (``json.JSONDecodeError.msg``) in both languages, for a broken GeoJSON.
JSON_ERRORS: dict[str, Pair] = {
    "Expecting property name enclosed in double quotes": Pair(
        "此处应为用英文双引号括起的属性名", "Expecting property name enclosed in double quotes"
    ),
    "Expecting value": Pair("此处应有一个值", "Expecting value"),
    "Expecting ',' delimiter": Pair("此处应有英文逗号 ,", "Expecting ',' delimiter"),
    "Expecting ':' delimiter": Pair("此处应有英文冒号 :", "Expecting ':' delimiter"),
    "Unterminated string starting at": Pair("字符串没有结束引号", "Unterminated string starting at"),
    "Invalid control character at": Pair("字符串中有无效的控制字符", "Invalid control character at"),
    "Invalid \\escape": Pair("无效的转义符（反斜杠 \\）", "Invalid \\escape"),
    "Extra data": Pair("JSON 结束后还有多余内容", "Extra data"),
}


def json_error_zh(msg: str) -> str:
    """Python's JSON message ``msg`` in Chinese ('' when unknown: the line and column say where)."""
    found = JSON_ERRORS.get(msg)
    return found.zh if found else ""
