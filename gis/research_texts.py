"""The research notes of data/parks.geojson in both languages: what a source supports (``sources[].what``),
free-text confidence notes (``sources[].confidence``) and the notes of other reported positions
(``position_alternatives[].note``).

The research wrote them in English with Chinese names; each is keyed by its text as stored. English shows the
stored text with the Chinese names glossed; Chinese shows a translation. :func:`gis.vocab.source_what_label`,
:func:`gis.quality.confidence_label` and :func:`layers.card_context.alternative_positions` look them up;
a note not listed here is shown as written.
"""

from __future__ import annotations

from gis.text import Pair

_SW = "（新型工业化产业示范基地）"

#: ``sources[].what`` texts that are the research's own wording (the fixed ones are gis.vocab.SOURCE_WHAT).
WHAT_TEXTS: dict[str, Pair] = {
    "demonstration base (national (provincial since 2019); 10th batch (date of MIIT notice not in "
    "source))": Pair(
        f"示范基地{_SW}：国家级（2019年起为省级）；第十批（来源未给出工信部通知日期）",
        "demonstration base (national (provincial since 2019); 10th batch (date of MIIT notice not in "
        "source))",
    ),
    "demonstration base (national; 6th batch, announced 2015-03-09 (34 bases in that batch))": Pair(
        f"示范基地{_SW}：国家级；第六批，2015-03-09公布（该批共34个基地）",
        "demonstration base (national; 6th batch, announced 2015-03-09 (34 bases in that batch))",
    ),
    "demonstration base (national; batch not found; rated 4-star in MIIT 2018 quality evaluation)": Pair(
        f"示范基地{_SW}：国家级；批次未查到；工信部2018年发展质量评价为四星",
        "demonstration base (national; batch not found; rated 4-star in MIIT 2018 quality evaluation)",
    ),
    "demonstration base (national; batch not found; rated 5-star in MIIT 2018 quality evaluation)": Pair(
        f"示范基地{_SW}：国家级；批次未查到；工信部2018年发展质量评价为五星",
        "demonstration base (national; batch not found; rated 5-star in MIIT 2018 quality evaluation)",
    ),
    "demonstration base (provincial (2024—2027); 2025-01 round)": Pair(
        f"示范基地{_SW}：省级（2024—2027年）；2025年1月一批",
        "demonstration base (provincial (2024—2027); 2025-01 round)",
    ),
    "demonstration base (provincial (福建省新型工业化产业示范基地 2024—2027); 2025-01 round)": Pair(
        f"示范基地{_SW}：省级（福建省新型工业化产业示范基地 2024—2027年）；2025年1月一批",
        "demonstration base (provincial: Fujian new-type industrialisation demonstration base, 2024—2027; "
        "2025-01 round)",
    ),
    "part of the plan's Meizhou Bay petrochemical base (the plan names the base at ch. 4 §1 (1), not this "
    "park)": Pair(
        "属于规划所列湄洲湾石化基地（规划在第四章一（一）点名的是基地，不是本园区）",
        "part of the plan's Meizhou Bay petrochemical base (the plan names the base at ch. 4 §1 (1), not "
        "this "
        "park)",
    ),
    "status: 东吴 listed among Meizhou Bay deep-water shorelines "
    "(秀屿、肖厝、鲤鱼尾、罗屿、东吴、斗尾)": Pair(
        "状况：东吴列为湄洲湾深水岸线之一（秀屿、肖厝、鲤鱼尾、罗屿、东吴、斗尾）",
        "status: Dongwu listed among the Meizhou Bay deep-water shorelines (Xiuyu, Xiaocuo, Liyuwei, Luoyu, "
        "Dongwu, Douwei)",
    ),
}
#: Free-text confidence notes of sources (``sources[].confidence``) after their head word.
CONFIDENCE_TEXTS: dict[str, Pair] = {
    "ESTIMATE / placeholder: nearest land in 秀屿区 to a guessed point on the Meizhou Bay north shore; "
    "verify": Pair(
        "估计值/占位：湄洲湾北岸一个推测点在秀屿区最近的陆地上；待核实",
        "ESTIMATE / placeholder: nearest land in Xiuyu District to a guessed point on the Meizhou "
        "Bay north shore; verify",
    ),
    "ESTIMATE / placeholder: on land in north 惠安县 near 斗尾港区/辋川; verify": Pair(
        "估计值/占位：惠安县北部陆地上，近斗尾港区/辋川；待核实",
        "ESTIMATE / placeholder: on land in north Hui'an County near the Douwei port area / "
        "Wangchuan; verify",
    ),
    "Gulei town centre (inside the base, which now covers the whole peninsula); not a surveyed park "
    "centroid": Pair(
        "古雷镇中心（在基地内，基地现已覆盖整个半岛）；不是测绘的园区中心",
        "Gulei town centre (inside the base, which now covers the whole peninsula); not a surveyed park "
        "centroid",
    ),
    "nearest land point to the centre of the official Shimen'ao sea-area planning box 119°00′–119°05′E, "
    "25°10′–25°14.4′N (the box itself is mostly sea/tidal flat to be reclaimed)": Pair(
        "石门澳官方海域规划范围（东经119°00′–119°05′，北纬25°10′–25°14.4′）中心最近的陆地点"
        "（该范围大部分为待填海的海域/滩涂）",
        "nearest land point to the centre of the official Shimen'ao sea-area planning box 119°00′–119°05′E, "
        "25°10′–25°14.4′N (the box itself is mostly sea/tidal flat to be reclaimed)",
    ),
}
#: Notes of other reported positions (``position_alternatives[].note``).
POSITION_TEXTS: dict[str, Pair] = {
    "ESTIMATE / placeholder: on land on the Jiangyin peninsula of 福清市; verify": Pair(
        "估计值/占位：福清市江阴半岛的陆地上；待核实",
        "ESTIMATE / placeholder: on land on the Jiangyin peninsula of Fuqing City; verify",
    ),
    "ESTIMATE / placeholder: only checked to lie on land in 泉港区 about 1 km from the coast; verify on a "
    "basemap": Pair(
        "估计值/占位：只核对过位于泉港区陆地上、距海岸约1公里；请在底图上核实",
        "ESTIMATE / placeholder: only checked to lie on land in Quangang District about 1 km from "
        "the coast; verify on a basemap",
    ),
    "marker point in a Zhangzhou pollution-source map app; CRS not stated (may be GCJ-02/BD-09); ~13 km N of "
    "Gulei town, near 杜浔": Pair(
        "漳州污染源地图应用中的标注点；坐标系未说明（可能为 GCJ-02/BD-09）；在古雷镇以北约13公里，近杜浔",
        "marker point in a Zhangzhou pollution-source map app; CRS not stated (may be GCJ-02/BD-09); ~13 km "
        "N "
        "of Gulei town, near Duxun",
    ),
}
