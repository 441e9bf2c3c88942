"""The research notes of data/parks.geojson in both languages: what a source supports (``sources[].what``),
free-text confidence notes (``sources[].confidence``), the notes of other reported positions
(``position_alternatives[].note``) and of figures (``figures[].note``), citations that explain in English
(:data:`REF_TEXTS`) and the sources of data/clusters.csv (:data:`CLUSTER_SOURCES`).

The research wrote them in English with Chinese names; each is keyed by its text as stored. English shows the
stored text with the Chinese names glossed; Chinese shows a translation. :func:`gis.vocab.source_what_label`,
:func:`gis.quality.confidence_label` and :func:`layers.card_context.alternative_positions` look them up;
a note not listed here is shown as written.
"""

from __future__ import annotations

from gis.text import Pair

_SW = "（新型工业化产业示范基地）"

#: The plan as the parks' sources cite it, and its English title (gis.vocab.source_text adds the places).
PLAN_CITATION = Pair(
    "福建省“十三五”工业转型升级专项规划",
    "Fujian 13th Five-Year Industrial Transformation and Upgrading Plan (福建省“十三五”工业转型升级专项规划)",
)
#: Documents as the build cites them with both titles in one string: each language shows its own title.
CITATIONS: dict[str, Pair] = {
    "《中国开发区审核公告目录》（2018年版）/ China Development Zone Audit Catalogue (2018)": Pair(
        "《中国开发区审核公告目录》（2018年版）", "China Development Zone Audit Catalogue (2018 edition)"
    ),
}

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
    "status: provincial zone approved 2006-04; NDRC 2010-05: only Taiwan petrochemical industrial park; "
    "2011-03 in 海峡西岸经济区发展规划 (one of two Haixi petrochem bases); 2014-06 one of 7 national "
    "petrochemical bases; refining quota 50 Mt/a; 2019 towns 古雷/杜浔/霞美/沙西 entrusted to the zone; zone "
    "targets 2000亿 (2026) and 4000亿 (2030) output": Pair(
        "状况：2006年4月批准为省级开发区；2010年5月国家发展改革委：唯一的台湾石化产业园区；2011年3月列入"
        "《海峡西岸经济区发展规划》（海西两大石化基地之一）；2014年6月列为全国7大石化产业基地之一；炼油规模"
        "5000万吨/年；2019年古雷、杜浔、霞美、沙西四镇委托开发区管理；开发区目标产值2000亿元（2026年）、"
        "4000亿元（2030年）",
        "status: provincial zone approved 2006-04; NDRC 2010-05: the only Taiwan petrochemical industrial "
        "park; 2011-03 in the Economic Zone on the West Coast of the Taiwan Strait development plan (one of "
        "two Haixi petrochemical bases); 2014-06 one of 7 national petrochemical bases; refining quota 50 "
        "Mt/a; 2019 the towns of Gulei, Duxun, Xiamei and Shaxi entrusted to the zone; zone output targets "
        "2,000 (2026) and 4,000 (2030) × 100 million yuan",
    ),
    "status: 2013: 95 firms landed, 100 projects, 1285亿元 total investment, 化工新材料专区 expected to be a "
    ">1000亿 cluster in the late 13th FYP; today anchors 万华化学 (MDI), 中景石化 (alkane/PDH), nylon chain; "
    "first batch chemical park (2020-12)": Pair(
        "状况：2013年落户企业95家、项目100个、总投资1285亿元，化工新材料专区预计“十三五”后期成为超千亿集群；"
        "现以万华化学（MDI）、中景石化（烷烃/丙烷脱氢）和尼龙产业链为龙头；首批化工园区（2020年12月）",
        "status: 2013: 95 firms, 100 projects, 1,285 × 100 million yuan total investment; the chemical "
        "new-materials zone expected to pass 1,000 × 100 million yuan in the late 13th FYP; today anchored "
        "by Wanhua Chemical (MDI), Zhongjing Petrochemical (alkane/PDH) and a nylon chain; first batch "
        "chemical park (2020-12)",
    ),
    "status: part of the Meizhou Bay petrochemical base layout '一湾、两区、两园'; core carrier of the "
    "national 新型功能材料 strategic emerging industry cluster; 2022 规上工业产值 785.31亿元; first batch "
    "chemical park (2020-12)": Pair(
        "状况：湄洲湾石化基地“一湾、两区、两园”布局的一部分；国家新型功能材料战略性新兴产业集群的核心载体；"
        "2022年规上工业产值785.31亿元；首批化工园区（2020年12月）",
        "status: part of the Meizhou Bay petrochemical base layout 'one bay, two zones, two parks'; core "
        "carrier of the national new functional materials strategic emerging industry cluster; 2022 output "
        "above designated size 785.31 × 100 million yuan; first batch chemical park (2020-12)",
    ),
    "status: provincial economic development zone (district formerly 肖厝经济开发区); 2012 petrochem output "
    "767亿元 (~35% of provincial petrochem); petrochem output >1000亿元 five years running (as of 2023); in "
    "China top-20/30 chemical parks 9–10 years running; first batch of Fujian recognised chemical parks "
    "(publicised 2020-12-31)": Pair(
        "状况：省级经济开发区（所在区原为肖厝经济开发区）；2012年石化产值767亿元（约占全省石化35%）；石化产值"
        "连续五年超1000亿元（截至2023年）；连续9–10年入选中国化工园区20/30强；福建首批认定化工园区"
        "（2020-12-31公示）",
        "status: provincial economic development zone (the district was formerly the Xiaocuo Economic "
        "Development Zone); 2012 petrochemical output 767 × 100 million yuan (~35% of the province's); "
        "petrochemical output over 1,000 × 100 million yuan five years running (as of 2023); among China's "
        "top 20/30 chemical parks 9–10 years running; first batch of Fujian's recognised chemical parks "
        "(publicised 2020-12-31)",
    ),
    "status: in north Hui'an at 湄洲湾南岸斗尾港区; 辋川 was the start-up area (2006); anchor Sinochem "
    "Quanzhou (12 Mt/a refinery; phase 2 ~6500 mu, 32.5 bn yuan, 1 Mt/a ethylene); Hui'an petrochem 规上产值 "
    "1013.63亿元 (2024); first batch chemical park (2020-12)": Pair(
        "状况：位于惠安北部湄洲湾南岸斗尾港区；辋川为起步区（2006年）；龙头为中化泉州（炼油1200万吨/年；"
        "二期约6500亩、325亿元、乙烯100万吨/年）；惠安石化规上产值1013.63亿元（2024年）；首批化工园区"
        "（2020年12月）",
        "status: in north Hui'an at the Douwei port area on the south shore of Meizhou Bay; Wangchuan was "
        "the start-up area (2006); anchor Sinochem Quanzhou (12 Mt/a refinery; phase 2 ~6,500 mu, 325 × 100 "
        "million yuan, 1 Mt/a ethylene); Hui'an petrochemical output above designated size 1,013.63 × 100 "
        "million yuan (2024); first batch chemical park (2020-12)",
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
#: The research's sources of data/clusters.csv (``source`` and ``host_parks_source``), keyed by stored text:
#: Chinese shows a translation (addresses, file names and quoted titles kept), English the stored text with
#: the plan's places and the outlets' and places' names in English (layers.cards.plan_place looks them up).
_REF = "data/sources/reference/"
_CH3 = "第三章七（列为现有10个千亿产业集群之一）"
_CH3_NEW = "第三章七（列为新培育的千亿产业集群之一）"
_EN3 = "ch. 3 §7 (named among the 10 existing 100-billion-yuan clusters)"
_EN3_NEW = "ch. 3 §7 (named among the new 100-billion-yuan clusters to cultivate)"
_FYP12 = (
    "12th FYP target list (the 10 clusters the 12th five-year plan targeted as recorded in the reference "
    "research column in_12th_FYP_target_10; the document itself not recorded)"
)
_FYP12_ZH = (
    "“十二五”目标名单（参考研究表“in_12th_FYP_target_10”列记录的“十二五”规划目标10个集群；文件本身未记录）"
)
_MATRI = "matricorp.com/xwzx/la/201810/t20181008_12098535.htm"
CLUSTER_SOURCES: dict[str, Pair] = {
    "第三章七 (named among the 10 existing 100-billion-yuan clusters)": Pair(_CH3, _EN3),
    "第三章七 (named among the 10 existing 100-billion-yuan clusters); 第四章一（一）": Pair(
        f"{_CH3}；第四章一（一）", f"{_EN3}; ch. 4 §1 (1)"
    ),
    "第三章七 (named among the new 100-billion-yuan clusters to cultivate)": Pair(_CH3_NEW, _EN3_NEW),
    "第三章七 (named among the new 100-billion-yuan clusters to cultivate); 第四章一（一）": Pair(
        f"{_CH3_NEW}；第四章一（一）", f"{_EN3_NEW}; ch. 4 §1 (1)"
    ),
    "2018 cluster plan": Pair("2018年千亿产业集群推进计划", "2018 cluster plan"),
    "2018 cluster plan (中新社)": Pair(
        "2018年千亿产业集群推进计划（中新社）", "2018 cluster plan (China News Service)"
    ),
    "2018 cluster plan (as reported by 中国质量报)": Pair(
        "2018年千亿产业集群推进计划（据中国质量报报道）",
        "2018 cluster plan (as reported by China Quality News)",
    ),
    _FYP12: Pair(_FYP12_ZH, _FYP12),
    f"{_FYP12}; 2018 cluster plan as reported by 中新社 2018-10-08 (copy at {_MATRI})": Pair(
        f"{_FYP12_ZH}；2018年千亿产业集群推进计划，据中新社2018-10-08报道（转载于 {_MATRI}）",
        f"{_FYP12}; 2018 cluster plan as reported by China News Service 2018-10-08 (copy at {_MATRI})",
    ),
    "juda.cn/news/6772.html; fcy.618cloud.com.cn (full address not recorded); "
    "nbnewpower.cn/cj/2022/12-19/9917504.shtml": Pair(
        "juda.cn/news/6772.html；fcy.618cloud.com.cn（完整地址未记录）；nbnewpower.cn/cj/2022/12-19/9917504.shtml",
        "juda.cn/news/6772.html; fcy.618cloud.com.cn (full address not recorded); "
        "nbnewpower.cn/cj/2022/12-19/9917504.shtml",
    ),
    "GitHub-hosted copy of a 2016 trade-fair article (repository and address not recorded)": Pair(
        "GitHub 上托管的一篇2016年展会文章的副本（仓库和地址未记录）",
        "GitHub-hosted copy of a 2016 trade-fair article (repository and address not recorded)",
    ),
    "huntstaylorcreekcontractors.com copy of 2021-07-28 report (full address not recorded); "
    "dzb.cinn.cn/shtml/zggyb/20111130/15965.shtml": Pair(
        "huntstaylorcreekcontractors.com 转载的2021-07-28报道（完整地址未记录）；"
        "dzb.cinn.cn/shtml/zggyb/20111130/15965.shtml",
        "huntstaylorcreekcontractors.com copy of 2021-07-28 report (full address not recorded); "
        "dzb.cinn.cn/shtml/zggyb/20111130/15965.shtml",
    ),
    f"the parts of the Meizhou Bay base: reference research table {_REF}petrochem_parks.csv (column base; "
    "source not recorded); the plan names only Meizhou Bay (湄洲湾) in 第四章一（一）, not these parks": Pair(
        f"湄洲湾基地的组成部分：参考研究表 {_REF}petrochem_parks.csv（“base”列；来源未记录）；"
        "规划在第四章一（一）只点名湄洲湾，未点名这些园区",
        f"the parts of the Meizhou Bay base: reference research table {_REF}petrochem_parks.csv (column "
        "base; source not recorded); the plan names only Meizhou Bay in ch. 4 §1 (1), not these "
        "parks",
    ),
    "《福建省“十三五”工业转型升级专项规划》 (2016) 第四章一（一） names “古雷石化基地”, the Gulei zone": Pair(
        "《福建省“十三五”工业转型升级专项规划》（2016）第四章一（一）点名“古雷石化基地”，即古雷开发区",
        "《福建省“十三五”工业转型升级专项规划》 (2016) ch. 4 §1 (1) names “古雷石化基地”, the Gulei zone",
    ),
    f"reference research table {_REF}clusters_thousand_billion_candidates.csv "
    "(host_city 宁德市（福安湾坞等）; source not recorded); the plan names only the cluster": Pair(
        f"参考研究表 {_REF}clusters_thousand_billion_candidates.csv（“host_city”列：宁德市（福安湾坞等）；"
        "来源未记录）；规划只点名集群",
        f"reference research table {_REF}clusters_thousand_billion_candidates.csv (column host_city: "
        "Ningde City (Fu'an Wanwu etc.); source not recorded); the plan names only the cluster",
    ),
    f"中国质量报 2018-10-24 (cinic.org.cn/xy/fj/454637.html) names Meizhou Bay and Gulei; the parks of each "
    f"base: reference research table {_REF}petrochem_parks.csv (column base; source not recorded)": Pair(
        "中国质量报 2018-10-24（cinic.org.cn/xy/fj/454637.html）点名湄洲湾和古雷；各基地的园区：参考研究表 "
        f"{_REF}petrochem_parks.csv（“base”列；来源未记录）",
        "China Quality News 2018-10-24 (cinic.org.cn/xy/fj/454637.html) names Meizhou Bay and "
        f"Gulei; the parks of each base: reference research table {_REF}petrochem_parks.csv (column base; "
        "source not recorded)",
    ),
}
#: Notes of the parks' figures (``figures[].note``), keyed by stored text (layers.cards.figure_table).
FIGURE_NOTES: dict[str, Pair] = {
    "2005: 东吴港区 has ~30 km² of land suitable for a large petrochemical complex (planning intent, not an "
    "approved zone area)": Pair(
        "2005年：东吴港区约有30 km²适宜建设大型石化基地的用地（规划设想，非批准的园区面积）",
        "2005: the Dongwu port area has ~30 km² of land suitable for a large petrochemical complex (planning "
        "intent, not an approved zone area)",
    ),
    "about 35% of provincial petrochemical output": Pair(
        "约占全省石化产值的35%", "about 35% of provincial petrochemical output"
    ),
    "planned 29.6 km², 12.82 km² developed, 28 petrochemical firms (2013); an older statement: planned "
    "24.5 km² in 4 sections incl. a 5.8 km² Taiwan petrochemical zone": Pair(
        "规划29.6 km²，已开发12.82 km²，石化企业28家（2013年）；较早的说法：规划24.5 km²，分4个片区，"
        "含5.8 km²台湾石化专区",
        "planned 29.6 km², 12.82 km² developed, 28 petrochemical firms (2013); an older statement: planned "
        "24.5 km² in 4 sections incl. a 5.8 km² Taiwan petrochemical zone",
    ),
    "total 278 km² = land 130 + sea 148 (incl. 55 km² shallow tidal flats); the peninsula itself ~45 km², "
    "~20 km long, 1–4 km wide": Pair(
        "合计278 km² = 陆域130 + 海域148（含浅海滩涂55 km²）；半岛本身约45 km²，长约20 km，宽1–4 km",
        "total 278 km² = land 130 + sea 148 (incl. 55 km² shallow tidal flats); the peninsula itself ~45 "
        "km², ~20 km long, 1–4 km wide",
    ),
    "whole county's petrochemical industry, not only this park": Pair(
        "全县石化产业的数字，不只是本园区", "whole county's petrochemical industry, not only this park"
    ),
    "zone's own target, not the plan's": Pair(
        "开发区自己的目标，不是规划的目标", "zone's own target, not the plan's"
    ),
    "湄洲湾国投经济开发区 as a whole": Pair(
        "湄洲湾国投经济开发区整体", "the Meizhou Bay SDIC Economic Development Zone as a whole"
    ),
    "湄洲湾国投经济开发区 planned 37.2 km² = 14.2 land + 23 reclaimed; provincial zone confirmed 2010": Pair(
        "湄洲湾国投经济开发区规划37.2 km² = 陆域14.2 + 填海23；2010年确认为省级开发区",
        "the Meizhou Bay SDIC Economic Development Zone planned 37.2 km² = 14.2 land + 23 reclaimed; "
        "provincial zone confirmed 2010",
    ),
}
#: Citations of the parks' and clusters' sources that explain in English (``sources[].ref``,
#: ``figures[].source``, ``position_source``): Chinese says it in Chinese (addresses and titles kept); English
#: keeps the stored text with the Chinese titles quoted (gis.vocab.source_text looks them up).
_NOT_RECORDED = "（完整地址未记录）"
_DNW = (
    "zhaoshang-sh.com/kfqxm/2013/11-14/ (full address not recorded); "
    "fj.people.com.cn/n2/2025/1020/c181466-41385156.html; m.fznews.com.cn/dsxw/20210106/5ff51eef8a129.shtml"
)
_DNW_ZH = (
    f"zhaoshang-sh.com/kfqxm/2013/11-14/{_NOT_RECORDED}；fj.people.com.cn/n2/2025/1020/c181466-41385156.html；"
    "m.fznews.com.cn/dsxw/20210106/5ff51eef8a129.shtml"
)
_FJRB = (
    "report copied at ay4b6oad.xn6.net/html/82b1699901.html and zph00.khnnss.vip (full address not recorded)"
)
_FJRB_ZH = (
    f"福建日报/海峡网报道，转载于 ay4b6oad.xn6.net/html/82b1699901.html 和 zph00.khnnss.vip{_NOT_RECORDED}"
)
_GULEI = "'古雷港经济开发区' (address not recorded)"
_GULEI_ZH = "简单百科“古雷港经济开发区”（地址未记录）"
_ISCHOOL = "cwzpg.com/lvyouriji/s5mayurkxt.html; ischool.net.cn/jm/lajl/201002/t20100220_1256240.htm"
_MNW = "house.mnw.cn/zhangzhou/20220926/61500.html"
_WIKI = "Wikipedia 'Gulei' infobox 23°50′05″N 117°37′15″E (seen via mirrors of en.m.wikipedia.org/wiki/Gulei)"
_HUNTS = "huntstaylorcreekcontractors.com copy of 2021-07-28 report (full address not recorded)"
_CCM = "chinaccm.cn/33/20131122/3303_1541869.shtml"
_RONGIA = "rongia.com/InfoView-1-536.html (2005 report of provincial petrochem layout survey in Putian)"
REF_TEXTS: dict[str, Pair] = {
    _WIKI: Pair(
        "Wikipedia 'Gulei' 词条信息框 23°50′05″N 117°37′15″E（经 en.m.wikipedia.org/wiki/Gulei 的镜像查看）",
        _WIKI,
    ),
    f"东南网 2013-11-14 report copied at {_DNW}": Pair(
        f"东南网 2013-11-14 报道，转载于 {_DNW_ZH}", f"“东南网” 2013-11-14 report copied at {_DNW}"
    ),
    "fcy.618cloud.com.cn (full address not recorded)": Pair(
        f"fcy.618cloud.com.cn{_NOT_RECORDED}", "fcy.618cloud.com.cn (full address not recorded)"
    ),
    _HUNTS: Pair(f"huntstaylorcreekcontractors.com 转载的2021-07-28报道{_NOT_RECORDED}", _HUNTS),
    f"福建日报/海峡网 {_FJRB}": Pair(_FJRB_ZH, f"“福建日报/海峡网” {_FJRB}"),
    f"福建日报/海峡网 {_FJRB}; hbzqbyyxgs.com/citiao/160664.html": Pair(
        f"{_FJRB_ZH}；hbzqbyyxgs.com/citiao/160664.html",
        f"“福建日报/海峡网” {_FJRB}; hbzqbyyxgs.com/citiao/160664.html",
    ),
    f"简单百科 {_GULEI}; {_MNW}": Pair(f"{_GULEI_ZH}；{_MNW}", f"“简单百科” {_GULEI}; {_MNW}"),
    f"简单百科 {_GULEI}; {_ISCHOOL} (中新社 2010-02-20)": Pair(
        f"{_GULEI_ZH}；{_ISCHOOL.replace('; ', '；')}（中新社 2010-02-20）",
        f"“简单百科” {_GULEI}; {_ISCHOOL} (“中新社” 2010-02-20)",
    ),
    f"{_CCM}; rmeru.com.tw forum copy of a 第一财经日报 article (low confidence) "
    "(full address not recorded)": Pair(
        f"{_CCM}；rmeru.com.tw 论坛转载的《第一财经日报》文章（可信度低）{_NOT_RECORDED}",
        f"{_CCM}; rmeru.com.tw forum copy of a 《第一财经日报》 article (low confidence) (full address not "
        "recorded)",
    ),
    "baike.baidu.hk/item/石門澳 (box); land snap computed against district polygon": Pair(
        "baike.baidu.hk/item/石門澳（范围框）；就近陆地点按区县界计算",
        "baike.baidu.hk/item/石門澳 (box); land snap computed against district polygon",
    ),
    _RONGIA: Pair("rongia.com/InfoView-1-536.html（2005年全省石化布局莆田调研报道）", _RONGIA),
}
