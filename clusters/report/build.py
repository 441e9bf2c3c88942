"""Build the evaluation report (规划实施评估) of the plan as plain data (a :class:`~.model.Report`).

Inputs: the language, the actual figures the user supplied (the progress page's store, or a ``--progress``
file: the ``UploadCheck.valid`` layout plus ``source_file``), the park-share scenario chosen (the plan's
defaults when none), and the upload rows that were not used. Nothing here renders: :mod:`layers.report`
writes the DOCX/PDF.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from clusters import progress as P
from clusters import share
from clusters import targets as T
from clusters.report import tables
from clusters.report.model import Chart, MapRef, Report, Section
from clusters.report.unknowns import data_dates_table, unknowns
from gis.parks import parks_in_force
from gis.text import normalize_lang, text


def _compare(figures: pd.DataFrame | None, lang: str) -> pd.DataFrame | None:
    """The comparison of the figures with their targets; ``actual_from`` says where each figure comes from:
    the user's file (or store) and the source the user stated for it."""
    if figures is None or figures.empty:
        return None
    cmp = P.compare(figures, P.target_catalogue(parks_in_force()))
    files = figures["source_file"] if "source_file" in figures else pd.Series([""] * len(figures))
    stated = cmp["actual_source"] if "actual_source" in cmp else pd.Series([""] * len(cmp))
    cmp["actual_from"] = [
        tables.user_data_label(lang, _text(f) or text(lang, "用户数据库", "user store"), _text(s))
        for f, s in zip(files.to_numpy(), stated.to_numpy(), strict=True)
    ]
    return cmp


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _overview(lang: str, scenario: share.Scenario, cmp: pd.DataFrame | None) -> Section:
    plan = text(lang, T.PLAN_TITLE_ZH, T.PLAN_TITLE_EN)
    figures = (
        text(lang, f"用户提供的实际数据 {len(cmp)} 条", f"{len(cmp)} actual figures supplied by the user")
        if cmp is not None
        else text(lang, "用户未提供实际数据", "no actual figures supplied by the user")
    )
    return Section(
        text(lang, "概述", "Overview"),
        paragraphs=[
            text(
                lang,
                f"本报告评估《{plan}》的实施情况：专栏1主要指标、专栏10重点产业目标、园区发展目标，"
                f"以及园区产值占比（75%目标）的测算（情景：{scenario.name}）；{figures}。",
                f"This report evaluates the implementation of the {plan}: the main indicators (Box 1), the "
                f"key sectors' targets (Box 10), the park goals, and the park-share (75 % target) "
                f"calculation (scenario: {scenario.name}); {figures}.",
            ),
            text(
                lang,
                "读法：每个数字都在其表中注明来源；“推算”表示由本工具计算、规划未直接给出；"
                "“用户数据”“用户输入”表示由使用者提供，不是规划的数字。文末列出尚不清楚的事项。",
                "How to read it: every figure's source is given in its table; 'derived' marks what this "
                "tool computed and the plan does not state; 'user data' and 'user input' mark what the user "
                "supplied, not the plan's figures. What is not known is listed at the end.",
            ),
        ],
    )


def _sector_chart(lang: str, cmp: pd.DataFrame | None) -> Chart:
    latest = tables._latest_sector_actuals(cmp) if cmp is not None else pd.DataFrame()
    if not latest.empty:
        names = [T.sector_label(int(n), lang) for n in latest.index]
        return Chart(
            "pct_of_target",
            text(
                lang,
                "各行业最新实际产值占2020年目标的百分比（推算）",
                "Latest actual output as % of the 2020 target (derived)",
            ),
            "pct_of_target",
            {
                "labels": names,
                "values": [float(v) for v in latest["pct_of_target"]],
                "years": [int(y) for y in latest["year"]],
            },
            text(lang, "实际：用户数据；目标：专栏10", "actual: user data; targets: Box 10"),
        )
    sectors = T.with_derived()
    return Chart(
        "sector_targets",
        text(
            lang,
            "专栏10：2015年产值（推算）与2020年目标",
            "Box 10: 2015 output (derived) and the 2020 target",
        ),
        "sector_targets",
        {
            "labels": [T.sector_label(int(n), lang) for n in sectors.index],
            "base": [float(v) for v in sectors["output_2015_derived"]],
            "target": [float(v) for v in sectors["output_2020"]],
            "base_label": text(lang, "2015年（推算）", "2015 (derived)"),
            "target_label": text(lang, "2020年目标", "2020 target"),
        },
        text(lang, "专栏10；2015年由目标和增速倒推", "Box 10; 2015 implied by the target and its growth"),
    )


def _share_section(lang: str, result: share.ShareResult) -> Section:
    sc = result.scenario
    general = text(
        lang,
        "（1+园区增速）/（1+全省增速）=（目标占比/基期占比）^(1/年数)",
        "(1 + park growth) / (1 + total growth) = (target share / base share)^(1 / years)",
    )
    chart = Chart(
        "share_path",
        text(lang, "园区产值占比逐年路径（推算）", "Park share year by year (derived)"),
        "share_path",
        {
            "years": [int(y) for y in result.path["year"]],
            "shares": [float(s) for s in result.path["share"]],
            "target": float(sc.target_share),
            "target_label": text(lang, f"目标 {sc.target_share:.0%}", f"target {sc.target_share:.0%}"),
        },
        text(lang, "推算：按上表输入复合增长", "derived: compound growth from the inputs above"),
    )
    return Section(
        text(lang, "园区产值占比测算", "The park-share calculation"),
        paragraphs=[
            text(lang, f"情景：{sc.name}。公式：", f"Scenario: {sc.name}. Formula: ") + general,
            text(lang, "代入数字：", "With the numbers: ") + text(lang, result.formula_zh, result.formula_en),
        ],
        bullets=[step[lang] for step in result.steps] + result.warnings_in(lang),
        blocks=[tables.share_input_table(result, lang), tables.share_result_table(result, lang), chart],
    )


def _progress_section(lang: str, cmp: pd.DataFrame) -> Section:
    # only targets that belong to one city mark it (the rule is clusters.progress.status_by_city's)
    by_city = P.status_by_city(cmp, parks_in_force())
    blocks: list = [tables.progress_table(cmp, lang)]
    if not by_city.empty:
        blocks.append(
            MapRef(
                "progress_map",
                text(
                    lang,
                    "各市目标进度（推算，仅含可落到市的目标）",
                    "Progress by city (derived; targets that map to a city)",
                ),
                (),
                thematic="progress",
                data={"by_city": by_city.to_dict("records")},
                source=text(lang, "实际：用户数据；路径：推算", "actual: user data; paths: derived"),
            )
        )
    return Section(
        text(lang, "实际数据与目标路径", "Actual figures against the target paths"),
        paragraphs=[
            text(
                lang,
                "路径为从基期到2020年目标的复合增长（推算）；集群没有基期，只比占目标的百分比；园区目标为用户目标。",
                "A path is the compound growth from the base to the 2020 target (derived); clusters have no "
                "base, so only % of target is given; park targets are the user's own.",
            )
        ],
        blocks=blocks,
    )


def build_report(
    lang: str = "zh",
    figures: pd.DataFrame | None = None,
    *,
    scenario: share.Scenario | None = None,
    problems: pd.DataFrame | None = None,
    figures_from: str = "",
    now: datetime | None = None,
) -> Report:
    """The evaluation report in ``lang``.

    Parameters
    ----------
    figures
        Actual figures (``UploadCheck.valid`` layout, with ``source_file``), or ``None``.
    scenario
        The park-share scenario to report (the plan's defaults when ``None``).
    problems
        Upload problems (``UploadCheck.problems``) of rows left out; listed in an appendix.
    figures_from
        Where the figures come from, for the data-dates table (a file name, or "user store").
    """
    lang = normalize_lang(lang)
    when = (now or datetime.now()).replace(microsecond=0)
    scenario = scenario or share.plan_scenario(text(lang, "规划默认", "plan defaults"))
    result = share.compute(scenario)
    cmp = _compare(figures, lang)
    sections = [
        _overview(lang, scenario, cmp),
        Section(
            text(lang, "主要指标（专栏1）", "Main indicators (Box 1)"), blocks=[tables.indicator_table(lang)]
        ),
        Section(
            text(lang, "重点产业目标（专栏10）", "Key sector targets (Box 10)"),
            blocks=[tables.sector_table(lang, cmp), _sector_chart(lang, cmp)],
        ),
        Section(text(lang, "园区发展目标", "Park goals"), blocks=[tables.park_goal_table(lang)]),
        _share_section(lang, result),
    ]
    if cmp is not None:
        sections.append(_progress_section(lang, cmp))
    sections.append(
        Section(
            text(lang, "空间布局", "Spatial layout"),
            paragraphs=[
                text(
                    lang,
                    "园区位置均为近似点位，不是测绘边界。",
                    "Park positions are approximate points, not surveyed boundaries.",
                )
            ],
            blocks=[
                MapRef(
                    "parks_map",
                    text(lang, "规划园区与产业基地的空间分布", "Parks and bases of the plan"),
                    (),
                    source=text(
                        lang,
                        "园区数据：data/parks.geojson（各点来源见图集）",
                        "parks: data/parks.geojson (each point's source in the atlas)",
                    ),
                )
            ],
        )
    )
    dates = data_dates_table(lang, figures, figures_from, when)
    sections.append(Section(text(lang, "数据与日期", "Data and dates"), blocks=[dates]))
    skipped = tables.skipped_table(problems, lang) if problems is not None and len(problems) else None
    return Report(
        lang=lang,
        title=text(
            lang,
            "福建省“十三五”工业转型升级专项规划实施评估报告",
            "Evaluation report: Fujian 13th FYP industrial plan",
        ),
        subtitle=text(lang, T.PLAN_TITLE_ZH, T.PLAN_TITLE_EN),
        generated=when.isoformat(sep=" "),
        sections=sections,
        unknowns=unknowns(lang, cmp, result),
        data_dates=[(row[0], row[1]) for row in dates.rows],
        skipped=skipped,
    )
