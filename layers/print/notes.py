"""The words of a sheet: the subtitle (plan and data dates), the approximate-positions note, the footer
(sources, attribution, compiling unit, 审图号, date) and the key figures with their sources."""

from __future__ import annotations

import html

import pandas as pd

from clusters.clusters import cluster_figures
from clusters.goals import place_en, place_zh
from clusters.targets import sector_targets
from gis.parks import user_input_counts
from gis.text import field, text
from layers import captions
from layers.data import parks_in_force, row_at, sector_places
from layers.print.draw import Drawn
from layers.print.spec import KeyFigure, SheetSpec
from layers.spec import MapSpec

#: The note every sheet with an approximate or symbolic position carries (tests look for its lead words).
APPROX_LEAD = ("位置为近似", "Positions approximate")


def approx_note(drawn: Drawn, lang: str) -> str:
    """ "Positions approximate" and why, when the sheet draws an approximate park or a symbolic cluster."""
    if not (drawn.approximate or drawn.symbolic):
        return ""
    parts = []
    if drawn.approximate:
        parts.append(
            text(
                lang,
                "园区为近似点位（无公开园区边界），空心虚线标记表示近似",
                "parks are approximate points (no public park boundaries); hollow dashed marks say so",
            )
        )
    if drawn.symbolic:
        parts.append(text(lang, "集群位置为示意", "cluster positions are symbolic"))
    lead = text(lang, *APPROX_LEAD)
    return lead + text(lang, "：", ": ") + text(lang, "；", "; ").join(parts) + text(lang, "。", ".")


def subtitle_line(spec: SheetSpec, drawn: Drawn) -> str:
    """The plan and the data dates (``layers.captions.data_date_line``)."""
    parks = spec.parks if spec.parks is not None else parks_in_force()
    latest = captions.latest_figure_year(parks, cluster_figures())
    return captions.data_date_line(spec.lang, latest)


def footer_lines(spec: SheetSpec, drawn: Drawn) -> tuple[list[str], list[str]]:
    """(left lines: sources and attribution; right lines: compiling unit, 审图号, date)."""
    lang = spec.lang
    left = [
        captions.sources_line(lang),
        # the caption is written for HTML (data strings escaped); a sheet prints plain text
        html.unescape(captions.attribution(MapSpec(tuple(spec.layers), lang, basemap=drawn.basemap))),
    ]
    if spec.thematic is not None and spec.thematic.source:
        left.insert(0, spec.thematic.source)
    mine = user_input_line(spec.parks if spec.parks is not None else parks_in_force(), lang)
    if mine:
        left.insert(1, mine)
    if drawn.derived:
        left.append(
            text(
                lang,
                "标“推算”者为由规划数据计算所得，非规划原文数字。",
                "Figures marked derived are computed from the plan's data, not the plan's own numbers.",
            )
        )
    if drawn.user_data:
        left.append(
            text(
                lang,
                "“我的园区”来自用户文件（用户输入数据）。",
                "“My parks” come from the user's file (user input).",
            )
        )
    right = [
        text(lang, "编制单位：", "Compiled by: ") + (spec.compiling_unit or "＿＿＿＿＿＿"),
        text(lang, "审图号：", "Map review no. (审图号): ") + (spec.review_number or "＿＿＿＿＿＿"),
        text(lang, "制图日期：", "Date: ") + spec.sheet_date,
    ]
    return left, right


def user_input_line(parks: pd.DataFrame | None, lang: str) -> str:
    """What of the parks in force is the user's (accepted or drawn positions, figures typed on the map): user
    input, never under the documents the sources line names; ``""`` when nothing is."""
    shapes, typed = user_input_counts(parks)
    if not shapes and not typed:
        return ""
    return text(
        lang,
        f"用户输入：{shapes}个园区的位置或边界、{typed}个园区的数据来自用户（导入文件或地图编辑），不出自上述文件。",
        f"User input: the position or boundary of {shapes} parks and figures of {typed} parks come from the "
        "user (imported files or map edits), not from the documents above.",
    )


def sector_key_figures(sector: int, lang: str) -> tuple[KeyFigure, ...]:
    """A 专栏10 sector's 2020 targets and the places the plan names for it, with the plan's places."""
    t = row_at(sector_targets(), int(sector))
    unit = text(lang, "亿元", "100 million yuan")
    src = text(lang, place_zh(str(t["source"])), place_en(str(t["source"])))
    out = [
        KeyFigure(
            text(lang, "2020年产值目标", "2020 output target"),
            f"{float(t['output_2020']):,.0f} {unit}"
            + text(lang, f"（年均增长 {t['output_cagr_pct']:g}%）", f" ({t['output_cagr_pct']:g}% a year)"),
            src,
        )
    ]
    if pd.notna(t.get("va_2020")):
        out.append(
            KeyFigure(
                text(lang, "2020年增加值目标", "2020 value-added target"),
                f"{float(t['va_2020']):,.0f} {unit}"
                + text(lang, f"（年均增长 {t['va_cagr_pct']:g}%）", f" ({t['va_cagr_pct']:g}% a year)"),
                src,
            )
        )
    places = sector_places()
    places = places[places["sector_no"] == int(sector)]
    for rec in places.to_dict("records"):
        out.append(
            KeyFigure(
                text(lang, "规划点名", "Named in the plan"),
                field(rec, "place", lang),
                text(lang, str(rec["section"]), place_en(str(rec["section"]))),
            )
        )
    if places.empty:
        out.append(
            KeyFigure(text(lang, "规划点名", "Named in the plan"), text(lang, "无具体地点", "no place"), src)
        )
    return tuple(out)


def key_figure_lines(spec: SheetSpec) -> list[str]:
    """The key figures of the sheet (a sector sheet: the sector's targets), each with its source."""
    out = []
    figures = spec.key_figures or (
        sector_key_figures(spec.sector, spec.lang) if spec.sector and spec.extent == "sector" else ()
    )
    if figures:
        out.append(text(spec.lang, "要点数据", "Key figures"))
    for kf in figures:
        src = text(spec.lang, f"（来源：{kf.source}）", f" (source: {kf.source})") if kf.source else ""
        out.append(f"· {kf.label}{text(spec.lang, '：', ': ')}{kf.value}{src}")
    return out
