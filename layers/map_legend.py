"""The legend sections of the atlas map, one per registry legend key (``parks``, ``clusters``, ``sector``,
``user``), each built from the layers shown. Fixed texts are ours; data strings are escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from clusters import targets as plan_targets
from clusters.goals import clusters_goal
from clusters.targets_city import stated_city_targets, targets_not_drawn
from gis.text import field, text
from gis.vocab import level_label, quality_label
from layers.clusters import cluster_positions, radius_for, unmapped
from layers.legend import demo_counts_html, style_swatch, swatch
from layers.map_context import MapContext
from layers.parks import drawn_qualities
from layers.popups import escape_html as esc
from layers.registry import REGISTRY
from layers.style import (
    CHORO_BINS,
    CHORO_COLORS,
    KIND_COLORS,
    LEVEL_COLORS,
    PLAN_CLUSTER_COLOR,
    QUALITY_SWATCH_COLOR,
    RELATED_CLUSTER_COLOR,
    SECTOR_COLOR,
    USER_COLOR,
    quality_style,
)

Section = tuple[str, list[str]]


def parks_section(ctx: MapContext, layers: Sequence[str]) -> Section | None:
    """Park colours by level and kind, and what hollow / dashed marks mean."""
    if not len(ctx.parks):
        return None
    lang = ctx.lang
    items = [
        swatch(LEVEL_COLORS[k], hollow=True, dashed=True) + esc(level_label(k, lang))
        for k in ("national", "provincial", "other")
    ]
    if "petrochem" in layers:
        items.append(
            swatch(KIND_COLORS["petrochemical_base"], hollow=True, dashed=True)
            + text(lang, "石化基地", "Petrochemical base")
        )
    if "demo_bases" in layers:
        items.append(
            swatch(KIND_COLORS["demonstration_base"], hollow=True, dashed=True)
            + text(lang, "示范基地（已确认名称）", "Demonstration base (confirmed names)")
            + f'<br><span class="note">{demo_counts_html(plan_targets.park_goals(), lang)}</span>'
        )
    selectors = [REGISTRY[k].parks for k in layers if k in PARK_LAYERS]
    shown = [ctx.parks[sel(ctx.parks)] for sel in selectors if sel is not None]
    return text(lang, "园区", "Parks"), items + quality_items(drawn_qualities(*shown), lang)


#: The park layers whose parks the "Parks" legend section describes.
PARK_LAYERS = ("parks", "petrochem", "demo_bases")


def quality_items(qualities: dict[str, str], lang: str) -> list[str]:
    """One legend entry per geometry quality drawn (``quality → shape``, :func:`drawn_qualities`): the
    symbol from the shared style table, the quality's own label (:data:`gis.vocab.GEOMETRY_QUALITY`)."""
    return [
        style_swatch(quality_style(q, QUALITY_SWATCH_COLOR), shape) + esc(quality_label(q, lang))
        for q, shape in qualities.items()
    ]


def _choropleth_items(clusters, lang: str) -> list[str]:  # noqa: ANN001 - the clusters table
    """Classes of the targets stated for one city, and the targets stated for several cities or the
    province (not drawn on any city), each with its source."""
    items, lo = [], 0.0
    unit = text(
        lang,
        "亿元（仅来源为单个城市所述的2020年集群目标）",
        "× 100 million yuan (2020 cluster targets stated for one city only)",
    )
    for b, c in zip((*CHORO_BINS, None), CHORO_COLORS, strict=True):
        rng = f"{lo:,.0f}–{b:,.0f}" if b else f"≥ {lo:,.0f}"
        items.append(swatch(c, square=True) + f"{rng} {unit}")
        lo = b or lo
    drawn = stated_city_targets(clusters)
    srcs = sorted({esc(s) for lst in drawn["sources"] for s in lst if s})
    if srcs:
        items.append(f'<span class="note">{text(lang, "来源：", "Source: ")}{"; ".join(srcs)}</span>')
    for _, r in targets_not_drawn(clusters).iterrows():
        where = (
            text(lang, "全省", "province-wide")
            if r["scope"] == "province"
            else text(lang, f"{len(r['host_cities'])}个市合计", f"{len(r['host_cities'])} cities together")
        )
        name = esc(field(clusters.loc[r["cluster_id"]], "name", lang))
        value = f"{r['target_2020']:,.0f} {text(lang, '亿元', '× 100 million yuan')}"
        open_, sep, close = text(lang, "（", " ("), text(lang, "；", "; "), text(lang, "）", ")")
        items.append(
            f'<span class="note">{text(lang, "未上色", "not drawn")}: {name} {value}{open_}{where}{sep}'
            f"{text(lang, '来源', 'source')}: {esc(r['target_source'])}{close}</span>"
        )
    return items


def clusters_section(ctx: MapContext, layers: Sequence[str]) -> Section:
    """Plan clusters vs candidates, marker size, the choropleth classes and the clusters not mapped."""
    lang, cl = ctx.lang, ctx.clusters
    items = []
    if "clusters_plan" in layers:
        items.append(
            swatch(PLAN_CLUSTER_COLOR)
            + text(lang, "规划点名的千亿集群（规划数据）", "named in the plan (plan data)")
        )
    if "clusters_related" in layers:
        n_goal = clusters_goal().whole
        items.append(
            swatch(RELATED_CLUSTER_COLOR, dashed=True)
            + text(
                lang,
                f"候选：来自相关文件，非规划所列{n_goal}个",
                f"candidate from related documents, not the plan's {n_goal}",
            )
        )
    if "clusters_plan" in layers or "clusters_related" in layers:
        items.append(schematic_item(lang))
    items.append(
        swatch("#888", size_px=int(2 * radius_for(2500)))
        + text(
            lang,
            "圆面积∝2020年目标（2500亿元）；小空心 = 无公开目标",
            "area ∝ 2020 target (2,500 = this size); small faint = no target",
        )
    )
    if "cluster_targets" in layers:
        items += _choropleth_items(cl, lang)
    if "clusters_plan" in layers or "clusters_related" in layers:
        shown = cl if "clusters_related" in layers else cl[cl["in_plan"].astype(bool)]
        um = unmapped(shown, cluster_positions(cl, ctx.parks))
        if len(um):
            names = text(lang, "、", ", ").join(esc(field(r, "name", lang)) for _, r in um.iterrows())
            label = text(lang, "无具体地点、未上图", "not mapped (no host place given)")
            items.append(f'<span class="note">{label}: {names}</span>')
    return text(lang, "千亿产业集群", "100-billion-yuan clusters"), items


def schematic_item(lang: str) -> str:
    """Legend entry of markers at a schematic position (clusters at their host city's point)."""
    return swatch("#888", hollow=True, dotted=True) + text(
        lang,
        "示意位置（空心点线圈：集群画在所在城市的代表点，并非其实际位置）",
        "schematic position (hollow dotted: a cluster drawn at its host city's point, not where it is)",
    )


def sector_section(ctx: MapContext, layers: Sequence[str]) -> Section:
    """The 专栏10 layer's colour."""
    item = swatch(SECTOR_COLOR, square=True) + text(
        ctx.lang, "规划点名的城市 / 园区", "cities / parks the plan names"
    )
    return text(ctx.lang, "专栏10", "Box 10"), [item]


def user_section(ctx: MapContext, layers: Sequence[str]) -> Section | None:
    """The user's own parks."""
    if ctx.user_parks is None or not len(ctx.user_parks):
        return None
    item = swatch(USER_COLOR) + text(
        ctx.lang, "我的园区（用户文件，未经核实）", "my parks (user file, not verified)"
    )
    return text(ctx.lang, "用户数据", "User data"), [
        item,
        *quality_items(drawn_qualities(ctx.user_parks), ctx.lang),
    ]


#: Legend sections in the order the legend shows them.
SECTIONS: dict[str, Callable[[MapContext, Sequence[str]], Section | None]] = {
    "parks": parks_section,
    "clusters": clusters_section,
    "sector": sector_section,
    "user": user_section,
}


def legend_sections(ctx: MapContext, layers: Sequence[str], legend_keys: set[str]) -> list[Section]:
    """The sections for the shown layers (``legend_keys``: the registry legend keys of those layers)."""
    out = []
    for key, build in SECTIONS.items():
        if key in legend_keys:
            section = build(ctx, layers)
            if section is not None:
                out.append(section)
    return out
