"""Constants and the rules of the firm-level park share (returned in every result as ``rules``)."""

from __future__ import annotations

from clusters.goals import park_share_goal, place_zh
from gis.spatial.county import COUNTY_SNAP_M

__all__ = ["COUNTY_SNAP_M"]

_GOAL = park_share_goal()
#: The plan's target for the park share, read from data/plan/park_goals.csv (第三章七; 专栏1 #10: 75 %).
PLAN_TARGET_SHARE = _GOAL.fraction
PLAN_TARGET_SOURCE = (
    f"规划{place_zh(_GOAL.source)}：{_GOAL.quote}（{_GOAL.comparator}{_GOAL.value:g}{_GOAL.unit}，预期性）"
)
#: How many nearest outside firms the JSON / summary lists.
OUTSIDE_TOP_N = 50
#: Coordinate systems a firm table may be declared in (CGCS2000 is treated as WGS84: a few cm apart).
FIRM_COORDS = ("wgs84", "cgcs2000", "gcj02", "bd09")
VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip", ".kml", ".fgb")
FIRM_NAME_ALIASES = ("企业名称", "单位名称", "企业", "firm", "firm_name", "company", "name", "名称")

RULES: dict[str, str] = {
    "boundary": (
        "a firm on a park boundary counts as inside (shapely intersects, not within) / "
        "位于园区边界上的企业计入园区"
    ),
    "overlap": (
        "a firm inside several overlapping parks is counted once, in the park with the smallest area "
        "(equal-area m²), ties to the lowest park id / "
        "落在多个重叠园区的企业只计一次，归入面积最小的园区（面积相同取编号最小者）"
    ),
    "city": (
        "city from the county polygons (border: lowest adcode); a firm within "
        f"{COUNTY_SNAP_M:.0f} m of a county but in none goes to the nearest county, farther is a bad row; "
        "金门县 is not in the provincial statistics / 按县级边界定位城市"
    ),
    "distance": (
        "outside firms: nearest park and planar distance (m) to its boundary in the Albers equal-area CRS "
        "gis.settings.EQUAL_AREA_CRS (scale error < 0.06 % in Fujian) / "
        "园区外企业到最近园区边界的距离（米，等积投影）"
    ),
    "share": "park_share = output_in_parks / output_total over the valid firms of the year / 园区产值占比",
    "bad_rows": (
        "rows with a problem are listed with row number and field and left out of every sum / "
        "问题行列出并不计入"
    ),
    "output_unit": "output sums are in the unit of the input output column / 产值单位与输入列相同",
}

NO_SECTOR = "(未填 / none)"
