"""Constants and the rules of the firm-level park share (returned in every result as ``rules``)."""

from __future__ import annotations

from clusters.goals import park_share_goal, place_en, place_zh
from gis.spatial.county import COUNTY_SNAP_M
from gis.text import Pair

__all__ = ["COUNTY_SNAP_M"]

_GOAL = park_share_goal()
#: The plan's target for the park share, read from data/plan/park_goals.csv (第三章七; 专栏1 #10: 75 %).
PLAN_TARGET_SHARE = _GOAL.fraction
PLAN_TARGET_SOURCE = (
    f"规划{place_zh(_GOAL.source)}：{_GOAL.quote}（{_GOAL.comparator}{_GOAL.value:g}{_GOAL.unit}，预期性）"
)
PLAN_TARGET_SOURCE_EN = (
    f"the plan, {place_en(_GOAL.source)}: {_GOAL.quote} ({_GOAL.comparator} {_GOAL.value:g}{_GOAL.unit}, "
    "indicative)"
)
#: How many nearest outside firms the JSON / summary lists.
OUTSIDE_TOP_N = 50
#: Coordinate systems a firm table may be declared in (CGCS2000 is treated as WGS84: a few cm apart).
FIRM_COORDS = ("wgs84", "cgcs2000", "gcj02", "bd09")
VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip", ".kml", ".fgb")
FIRM_NAME_ALIASES = ("企业名称", "单位名称", "企业", "firm", "firm_name", "company", "name", "名称")

#: The rules in both languages (the app shows one; see ``ParkShareResult.rules_in``).
RULE_TEXTS: dict[str, Pair] = {
    "boundary": Pair(
        "位于园区边界上的企业计入园区",
        "a firm on a park boundary counts as inside (shapely intersects, not within)",
    ),
    "overlap": Pair(
        "落在多个重叠园区的企业只计一次，归入面积最小的园区（面积相同取编号最小者）",
        "a firm inside several overlapping parks is counted once, in the park with the smallest area "
        "(equal-area m²), ties to the lowest park id",
    ),
    "city": Pair(
        f"按县级边界定位城市（边界上取较小的行政区划代码；不在任何县区内但距县界 {COUNTY_SNAP_M:.0f} 米以内的"
        "归入最近的县区，更远的列为问题行）；金门县不纳入全省统计",
        "city from the county polygons (border: lowest adcode); a firm within "
        f"{COUNTY_SNAP_M:.0f} m of a county but in none goes to the nearest county, farther is a bad row; "
        "Kinmen County (金门县) is not in the provincial statistics",
    ),
    "distance": Pair(
        "园区外企业到最近园区边界的距离（米，等积投影）",
        "outside firms: nearest park and planar distance (m) to its boundary in the Albers equal-area CRS "
        "gis.settings.EQUAL_AREA_CRS (scale error < 0.06 % in Fujian)",
    ),
    "share": Pair(
        "园区产值占比 = 园区内企业产值 ÷ 当年全部有效企业产值",
        "park_share = output_in_parks / output_total over the valid firms of the year",
    ),
    "bad_rows": Pair(
        "问题行列出行号和字段，不计入任何合计",
        "rows with a problem are listed with row number and field and left out of every sum",
    ),
    "output_unit": Pair("产值单位与输入列相同", "output sums are in the unit of the input output column"),
}
#: The rules as one "English / 中文" line each (the JSON's ``rules``, the CLI's output).
RULES: dict[str, str] = {k: f"{v.en} / {v.zh}" for k, v in RULE_TEXTS.items()}
#: Row numbering rule, by the row offset of the input (2: spreadsheet rows, 1: record numbers).
ROW_NUMBERING: dict[int, Pair] = {
    2: Pair(
        "行号 = Excel 中显示的行号（表头为第1行）", "row = the row number shown in Excel (header is row 1)"
    ),
    1: Pair("行号 = 文件中的记录序号（从1开始）", "row = 1-based record number in the file"),
}

NO_SECTOR = "(未填 / none)"
