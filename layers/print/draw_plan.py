"""Draw the plan's layers on a sheet: clusters (at their derived, symbolic marker positions), the city
choropleth of known cluster targets (derived), the 专栏10 sector layout; and :func:`draw_layers`, which
draws every chosen layer in the registry's draw order."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
from matplotlib.colors import to_rgba

from clusters.clusters import load_clusters
from clusters.targets import sector_targets
from clusters.targets_city import not_drawn_lines, stated_city_targets
from gis.boundaries import load_boundaries
from gis.text import field as pick
from gis.text import text
from layers.clusters import choro_color, cluster_positions, radius_for
from layers.frames import sector_frames
from layers.parks import park_style
from layers.print.draw import (
    DrawContext,
    Label,
    _boundary,
    _park_layer,
    _section,
    _user_layer,
    draw_parks,
    short,
)
from layers.print.symbols import LegendItem, item, point_kwargs, polygon_kwargs
from layers.registry import REGISTRY, draw_order
from layers.style import (
    CHORO_BINS,
    CHORO_COLORS,
    CHORO_NONE_STYLE,
    CHORO_STYLE,
    SECTOR_COLOR,
    SECTOR_STYLE,
    cluster_style,
)


def _clusters(plan: bool) -> Callable[[DrawContext], None]:
    def draw(ctx: DrawContext) -> None:
        cl = load_clusters()
        spec = REGISTRY["clusters_plan" if plan else "clusters_related"]
        sub = cl[spec.clusters(cl)] if spec.clusters is not None else cl
        pos = cluster_positions(sub, ctx.parks)
        if pos.empty:
            return
        pts = gpd.GeoSeries(gpd.points_from_xy(pos["lon"], pos["lat"]), crs=4326).to_crs(ctx.crs)
        unknown_any = schematic_any = drawn_any = False
        for cid, placement, p in zip(pos["cluster_id"], pos["placement"], pts, strict=True):
            if not ctx.sees(p.x, p.y):
                continue
            drawn_any = True
            row = sub.loc[cid]
            t = row.get("target_2020")
            known = t is not None and pd.notna(t)
            unknown_any |= not known
            schematic_any |= placement == "city"
            style = cluster_style(plan, radius_for(float(t) if known else None), known, placement == "city")
            ctx.ax.scatter([p.x], [p.y], zorder=4, **point_kwargs(style))
            r = float(style["radius"]) * 0.6  # type: ignore[arg-type]
            ctx.drawn.markers.append((p.x, p.y, r))
            ctx.drawn.labels.append(
                Label(short(pick(row, "name", ctx.lang)), p.x, p.y, 4 if plan else 5, ctx.label_pt * 0.95, r)
            )
        if drawn_any:
            ctx.drawn.symbolic = True
            _section(
                ctx,
                text(ctx.lang, "千亿产业集群", "100-billion-yuan clusters"),
                _cluster_items(ctx.lang, plan, unknown_any, schematic_any),
                "clusters",
            )

    return draw


def _cluster_items(lang: str, plan: bool, unknown: bool, schematic: bool) -> list[LegendItem]:
    """Legend rows of the cluster markers drawn: the kind (area ∝ target), pale = no target, dotted = at
    the host city's point (schematic), and that positions are symbolic."""
    label = (
        text(lang, "规划点名的千亿集群", "cluster named in the plan")
        if plan
        else text(
            lang, "相关文件中的集群候选（非规划所列）", "candidate from related documents (not the plan's)"
        )
    )
    items = [
        item(
            label + text(lang, "（面积∝2020年目标）", " (area ∝ 2020 target)"),
            "point",
            cluster_style(plan, radius_for(500.0), True),
        )
    ]
    if unknown:
        items.append(
            item(
                text(lang, "浅色 = 无公开目标", "pale = no target found"),
                "point",
                cluster_style(plan, radius_for(None), False),
            )
        )
    if schematic:
        items.append(
            item(
                text(
                    lang,
                    "点线空心 = 位于所在城市的示意位置",
                    "dotted hollow = schematic, at its host city's point",
                ),
                "point",
                cluster_style(plan, radius_for(None), False, True),
                last=True,
            )
        )
    items.append(
        LegendItem(
            text(
                lang,
                "集群位置为示意（所在园区旁或所在城市）",
                "cluster positions are symbolic (beside host parks or at the host city)",
            ),
            "text",
            last=True,
        )
    )
    return items


def _cluster_targets(ctx: DrawContext) -> None:
    cities = load_boundaries("city").to_crs(ctx.crs)
    ct = stated_city_targets(load_clusters())
    have = cities["name_zh"].isin(ct.index)
    for has, sub in ((True, cities[have]), (False, cities[~have])):
        if not len(sub):
            continue
        if has:
            fills = [choro_color(float(ct.loc[n, "target_sum"])) for n in sub["name_zh"]]
            kw = polygon_kwargs({**CHORO_STYLE, "fillColor": "#ffffff"})
            sub.plot(
                ax=ctx.ax,
                color=[to_rgba(f, float(CHORO_STYLE["fillOpacity"])) for f in fills],  # type: ignore[arg-type]
                edgecolor=kw["edgecolor"],
                linewidth=kw["linewidth"],
                zorder=2,
            )
        else:
            sub.plot(ax=ctx.ax, zorder=2, **polygon_kwargs(CHORO_NONE_STYLE))
    lang, lo, items = ctx.lang, 0.0, []
    unit = text(
        lang,
        "亿元（仅写明单个城市的目标之和，推算）",
        "× 100 million yuan (sum of targets stated for the city alone, derived)",
    )
    for b, c in zip((*CHORO_BINS, None), CHORO_COLORS, strict=True):
        rng = f"{lo:,.0f}–{b:,.0f}" if b else f"≥ {lo:,.0f}"
        items.append(item(f"{rng} {unit}", "patch", {**CHORO_STYLE, "fillColor": c}))
        lo = b or lo
    items.append(item(text(lang, "无已知集群目标", "no known cluster target"), "patch", CHORO_NONE_STYLE))
    items += [LegendItem(line, "text") for line in not_drawn_lines(load_clusters(), lang)]
    ctx.drawn.derived = True
    _section(ctx, text(lang, "城市集群目标（推算）", "City cluster targets (derived)"), items, "choropleth")


def _sector(ctx: DrawContext) -> None:
    if not ctx.sector:
        return
    frames = sector_frames("sector", ctx.parks, ctx.sector)
    t = sector_targets().loc[int(ctx.sector)]
    lang = ctx.lang
    heading = f"{text(lang, '专栏10', 'Box 10')} #{int(ctx.sector)} {pick(t, 'sector', lang)}"
    items: list[LegendItem] = []
    cities = frames.get(f"sector_{int(ctx.sector)}_cities")
    if cities is not None and len(cities):
        cities.to_crs(ctx.crs).plot(ax=ctx.ax, zorder=2, **polygon_kwargs(SECTOR_STYLE))
        items.append(item(text(lang, "规划点名的城市", "cities the plan names"), "patch", SECTOR_STYLE))
    parks = frames.get(f"sector_{int(ctx.sector)}_parks")
    q = draw_parks(ctx, parks, lambda r: SECTOR_COLOR, priority=2) if parks is not None else {}
    if q:
        qq = next(iter(q))  # the quality most of them have
        items.append(
            item(text(lang, "规划点名的园区", "parks the plan names"), "point", park_style(qq, SECTOR_COLOR))
        )
    if not items:
        items.append(
            LegendItem(
                text(lang, "规划未点名该产业的具体地点", "the plan names no place for this sector"), "text"
            )
        )
    _section(ctx, heading, items, "sector")


DRAWERS: dict[str, Callable[[DrawContext], None]] = {
    "province": _boundary("province"),
    "cities": _boundary("city"),
    "counties": _boundary("county"),
    "parks": _park_layer("parks"),
    "petrochem": _park_layer("petrochem"),
    "demo_bases": _park_layer("demo_bases"),
    "clusters_plan": _clusters(True),
    "clusters_related": _clusters(False),
    "cluster_targets": _cluster_targets,
    "sector": _sector,
    "user_parks": _user_layer,
}


def draw_layers(ctx: DrawContext, layers: list[str]) -> None:
    """Draw ``layers`` in the registry's draw order (user parks whenever ``ctx.user_parks`` is given)."""
    ids = [s.id for s in draw_order(list(layers))]
    if ctx.user_parks is not None and "user_parks" not in ids:
        ids.append("user_parks")
    for layer in ids:
        DRAWERS[layer](ctx)
