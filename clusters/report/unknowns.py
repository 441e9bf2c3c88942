"""What the report cannot know, and the dates of the data it uses.

Both are plain lists built from the plan tables, the parks in force and the figures supplied; nothing is
typed here that the data can say for itself (counts, years, file names are read, not written).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from clusters import share
from clusters import targets as T
from clusters.clusters import cluster_figures, load_clusters
from clusters.report.model import Table
from gis.parks import as_list, parks_in_force, user_input_counts
from gis.text import text


def _sector_gaps(lang: str, cmp: pd.DataFrame | None) -> str:
    sectors = T.sector_targets()
    given: set[int] = set()
    if cmp is not None and not cmp.empty:
        given = {int(r) for r in cmp.loc[cmp["kind"] == "sector", "ref"]}
    missing = [T.sector_label(int(n), lang) for n in sectors.index if int(n) not in given]
    if not missing:
        return ""
    sep = text(lang, "、", ", ")
    return text(
        lang,
        f"专栏10的{len(sectors)}个行业中有{len(missing)}个没有实际数据：{sep.join(missing)}。",
        f"{len(missing)} of Box 10's {len(sectors)} sectors have no actual figure: {sep.join(missing)}.",
    )


def _positions(lang: str) -> str:
    parks = parks_in_force()
    conf = parks["position_confidence"].fillna("").astype(str)
    low = int(conf.str.startswith(("low", "very low", "ESTIMATE")).sum())
    return text(
        lang,
        f"{len(parks)}个园区的位置均为近似点位（无公开的园区边界），其中{low}个可信度低（地理编码、行政区点或估计）。",
        f"All {len(parks)} park positions are approximate points (no public park boundaries exist); {low} of "
        "them are of low confidence (geocoded, administrative-unit points or estimates).",
    )


def unknowns(lang: str, cmp: pd.DataFrame | None, result: share.ShareResult) -> list[str]:
    """The list of what is not known, in ``lang`` (the report's last section)."""
    clusters = load_clusters()
    named = int(clusters["in_plan"].sum()) if "in_plan" in clusters else 0
    goal = T.clusters_goal()
    items = [
        text(
            lang,
            "专栏1指标的实际值：进度数据不含这些指标，本报告无法比较。",
            "Actual values of Box 1's indicators: the progress figures do not hold them; no comparison is "
            "made.",
        ),
        _sector_gaps(lang, cmp),
        text(
            lang,
            f"专栏10各行业{T.BASE_YEAR}年的产值和增加值：规划未给出，表中数值由目标和增速倒推（推算）。",
            f"The sectors' {T.BASE_YEAR} output and value added: the plan does not give them; the table's "
            "values are implied by the target and its growth (derived).",
        ),
        text(
            lang,
            "全省工业总产值的增速：规划只给出规上工业增加值增速（8.5%左右），测算以此近似。",
            "Growth of total industrial output: the plan gives only value-added growth (about 8.5 %), used "
            "here as a proxy.",
        ),
        _vague_inputs(result, lang),
        text(
            lang,
            "园区产值的增速、各园区和各设区市的目标与产值：规划均未给出。",
            "Park output growth, and targets or output by park or by city: the plan gives none.",
        ),
        text(
            lang,
            f"千亿产业集群名单：规划目标为{goal.whole}个以上，但只点名了{named}个；专栏6、专栏7在公开文本中为空。",
            f"The list of 100-billion-yuan clusters: the plan aims at {goal.whole} or more but names only "
            f"{named}; "
            "Boxes 6 and 7 are empty in the public text.",
        ),
        text(
            lang,
            "集群产值：现有数字多只覆盖集群的一部分（某县）或口径不一，年份早晚不同。",
            "Cluster output: the figures found mostly cover part of a cluster (one county) or differ in "
            "definition, and come from different years.",
        ),
        _positions(lang),
    ]
    if not any(s.origin == "plan" for k, s in result.input_sources.items() if k == "base_share"):
        items.append(
            text(
                lang,
                "测算的基期占比不是规划的数字（用户输入或推算），见输入表。",
                "The calculation's base share is not the plan's (user input or derived): see the inputs "
                "table.",
            )
        )
    return [i for i in items if i]


def _vague_inputs(result: share.ShareResult, lang: str) -> str:
    """Which of the calculation's inputs are the plan's approximate words, and the range they imply: only
    the inputs taken from the plan (a value the user typed is exact and says so in the inputs table)."""
    rng = result.required_park_growth_range
    words = [str(v["plan_words"]) for v in (rng.get("varied") or {}).values()]
    span = f"{rng['low']:.1%}–{rng['high']:.1%}"
    if not words:
        return text(
            lang,
            "测算输入中没有规划的近似数字（均为用户输入或推算），所需增速不给范围。",
            "None of the calculation's inputs is one of the plan's approximate figures (all are user input "
            "or derived): the required growth has no range.",
        )
    zh = "、".join(f"“{w}”" for w in words)
    en = " and ".join(f"'{w}'" for w in words)
    return text(
        lang,
        f"规划数字的确切值：测算所用的规划数字写作{zh}，所需增速因此只能给出范围（{span}）。",
        f"The exact value of the plan's figures: the plan's figures used here are written {en}, so the "
        f"required growth is a range ({span}).",
    )


def _parks_row(lang: str, parks: pd.DataFrame) -> list[str]:
    """The parks' dates (the catalogue's edition, the years of their figures) and sources, the user's part
    named as user input."""
    years = pd.Series([f.get("year") for v in parks["figures"] for f in as_list(v) if isinstance(f, dict)])
    span = _years(pd.to_numeric(years, errors="coerce"))
    src = text(
        lang,
        "data/parks.geojson：《中国开发区审核公告目录》（2018年版）、规划（2016年）、参考研究表及地理编码",
        "data/parks.geojson: China Development Zone Audit Catalogue (2018), the plan (2016), the reference "
        "research tables and geocodes",
    )
    shapes, typed = user_input_counts(parks)
    if shapes or typed:
        src += text(
            lang,
            f"；用户输入：{shapes}个园区的位置或边界、{typed}个园区的数据",
            f"; user input: the position or boundary of {shapes} parks, figures of {typed} parks",
        )
    when = text(
        lang,
        f"目录2018年版；各园区数据的年份{span}（含目标年）",
        f"2018 catalogue edition; park figures of {span} (target years included)",
    )
    return [text(lang, f"园区（{len(parks)}个）", f"Parks ({len(parks)})"), when, src]


def _years(values: pd.Series) -> str:
    years = sorted({int(y) for y in values.dropna()})
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def data_dates_table(lang: str, figures: pd.DataFrame | None, figures_from: str, when: datetime) -> Table:
    """Each data set the report uses, its date (or "not stated") and where it comes from."""
    parks = parks_in_force()
    rows = [
        [
            text(lang, "规划文本", "The plan"),
            text(lang, "2016年4月印发", "issued April 2016"),
            text(lang, T.PLAN_TITLE_ZH, T.PLAN_TITLE_EN),
        ],
        [
            text(
                lang, "规划表格（专栏1、专栏10、园区目标）", "The plan's tables (Boxes 1 and 10, park goals)"
            ),
            text(
                lang,
                f"目标年{T.TARGET_YEAR}，基期{T.BASE_YEAR}",
                f"target {T.TARGET_YEAR}, base {T.BASE_YEAR}",
            ),
            text(lang, "data/plan/*.csv（摘自规划原文）", "data/plan/*.csv (transcribed from the plan)"),
        ],
        _parks_row(lang, parks),
        [
            text(lang, "集群产值", "Cluster output figures"),
            _years(cluster_figures()["year"]),
            text(
                lang,
                "data/cluster_figures.csv（各行注明来源）",
                "data/cluster_figures.csv (a source per row)",
            ),
        ],
    ]
    if figures is not None and not figures.empty:
        rows.append(
            [
                text(lang, f"实际数据（{len(figures)}条）", f"Actual figures ({len(figures)})"),
                _years(figures["year"]),
                text(lang, "用户数据：", "user data: ")
                + (figures_from or text(lang, "用户数据库", "user store")),
            ]
        )
    rows.append(
        [
            text(lang, "本报告", "This report"),
            when.isoformat(sep=" "),
            text(lang, "本工具生成", "generated by this tool"),
        ]
    )
    cols = [text(lang, "数据", "Data"), text(lang, "日期", "Date"), text(lang, "来源", "Source")]
    return Table("data_dates", text(lang, "数据及其日期", "The data and their dates"), cols, rows, (cols[2],))
