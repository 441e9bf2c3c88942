"""Draw the registry layers on a sheet's map axes, in the sheet's projected CRS, with the web map's styles.

Each layer's features come from the layer's own frame builder (:mod:`layers.frames`, the same selection its
map builder draws; clusters at their derived marker positions); colours and symbols come from
:mod:`layers.style` and :func:`layers.parks.park_style`. Every drawer adds legend items for exactly what it
drew, label candidates for the label placer, and says whether an approximate or symbolic position was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes

from gis.boundaries import load_boundaries
from gis.parks import as_list, park_points
from gis.text import field as pick
from gis.text import text
from gis.vocab import level_label, quality_label
from layers.parks import park_style
from layers.print.furniture import columns as furniture_columns
from layers.print.furniture import wrap
from layers.print.symbols import LegendItem, item, point_kwargs, polygon_kwargs
from layers.registry import REGISTRY, layer_title
from layers.style import (
    BOUNDARY_STYLES,
    KIND_COLORS,
    LEVEL_COLORS,
    QUALITY_SWATCH_COLOR,
    USER_COLOR,
    quality_order,
)

#: A label runs over at most two lines of this many columns (a CJK character is two); what does not fit is
#: cut with "…" (a label is a name, not a paragraph).
LABEL_COLUMNS = 22
LABEL_LINES = 3


@dataclass
class Label:
    """A label to place: text, anchor (projected x, y), priority (lower first), size (pt), the radius
    (pt) of the symbol it names (0: an area label centred on its point)."""

    text: str
    x: float
    y: float
    priority: int
    size: float
    radius: float = 0.0
    bold: bool = False


@dataclass
class Drawn:
    """What was drawn: legend sections, label candidates, point obstacles, approximate or symbolic."""

    sections: list[tuple[str, list[LegendItem]]] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    #: (x, y, radius pt) of every marker, so labels avoid them.
    markers: list[tuple[float, float, float]] = field(default_factory=list)
    approximate: bool = False
    symbolic: bool = False
    derived: bool = False
    user_data: bool = False
    ranks: dict[str, int] = field(default_factory=dict)
    #: The basemap drawn under the layers ("none": no basemap on the sheet).
    basemap: str = "none"


@dataclass
class DrawContext:
    """The inputs of every drawer."""

    ax: Axes
    crs: Any
    lang: str
    parks: gpd.GeoDataFrame
    sector: int | None
    user_parks: gpd.GeoDataFrame | None
    #: Font size (pt) of the smallest labels; others scale from it.
    label_pt: float
    drawn: Drawn
    #: The sheet's map extent (x0, y0, x1, y1): symbols outside it are not drawn, so the legend lists only
    #: what the sheet shows.
    view: tuple[float, float, float, float] | None = None

    def sees(self, x: float, y: float) -> bool:
        """Whether (x, y) lies in the map extent."""
        if self.view is None:
            return True
        x0, y0, x1, y1 = self.view
        return x0 <= x <= x1 and y0 <= y <= y1


def short(name: str, columns: int = LABEL_COLUMNS, lines: int = LABEL_LINES) -> str:
    """``name`` (whitespace collapsed) wrapped to ``lines`` lines of ``columns``; the rest cut with "…"."""
    one = " ".join(str(name).split())
    rows = wrap(one, columns).split("\n")
    if len(rows) <= lines:
        return "\n".join(rows)
    last = rows[lines - 1]
    while last and furniture_columns(last) > columns - 1:
        last = last[:-1]
    return "\n".join([*rows[: lines - 1], last.rstrip() + "…"])


#: Order of the legend sections (whatever the draw order): boundaries, thematic fills, rasters, parks, the
#: user's parks, clusters, the choropleth, the sector.
SECTION_RANKS: dict[str, int] = {
    "boundaries": 0,
    "thematic": 1,
    "raster": 2,
    "parks": 3,
    "user": 4,
    "clusters": 5,
    "choropleth": 6,
    "sector": 7,
}


def _section(ctx: DrawContext, heading: str, items: list[LegendItem], kind: str) -> None:
    for h, existing in ctx.drawn.sections:
        if h == heading:
            existing.extend(i for i in items if i not in existing)
            existing.sort(key=lambda i: i.last)  # explanations after the classes (a stable sort)
            return
    ctx.drawn.sections.append((heading, items))
    ctx.drawn.ranks[heading] = SECTION_RANKS[kind]
    ctx.drawn.sections.sort(key=lambda sec: ctx.drawn.ranks.get(sec[0], 99))


# ------------------------------------------------------------------------------------------- boundaries
def _boundary(level: str) -> Callable[[DrawContext], None]:
    def draw(ctx: DrawContext) -> None:
        gdf = load_boundaries(level).to_crs(ctx.crs)
        style = BOUNDARY_STYLES[level]
        kw = polygon_kwargs(style)
        if style.get("fill"):
            gdf.plot(ax=ctx.ax, facecolor=kw["facecolor"], edgecolor="none", zorder=1)
        gdf.boundary.plot(
            ax=ctx.ax, color=kw["edgecolor"], linewidth=kw["linewidth"], linestyle=kw["linestyle"], zorder=3
        )
        _section(
            ctx,
            text(ctx.lang, "行政区划", "Boundaries"),
            [item(layer_title(level_id(level), ctx.lang), "line", style)],
            "boundaries",
        )
        if level == "province":
            return
        pts = gpd.GeoSeries(gpd.points_from_xy(gdf["label_lon"], gdf["label_lat"]), crs=4326).to_crs(ctx.crs)
        size, prio = (ctx.label_pt * 1.35, 0) if level == "city" else (ctx.label_pt * 0.85, 7)
        for rec, p in zip(gdf.to_dict("records"), pts, strict=True):
            ctx.drawn.labels.append(
                Label(short(pick(rec, "name", ctx.lang)), p.x, p.y, prio, size, bold=False)
            )

    return draw


def level_id(level: str) -> str:
    """The registry layer id of a boundary level."""
    return {"province": "province", "city": "cities", "county": "counties"}[level]


# ------------------------------------------------------------------------------------------------ parks
def draw_parks(
    ctx: DrawContext,
    parks: gpd.GeoDataFrame,
    color_of: Callable[[Mapping], str],
    *,
    priority: int,
) -> dict[str, str]:
    """Draw ``parks`` (polygons as polygons, points as circles styled by geometry quality); return the
    qualities drawn with their legend shape (``area`` / ``point``), the most drawn first. Each park
    becomes a label candidate of ``priority``."""
    if parks is None or not len(parks):
        return {}
    geo = parks.to_crs(ctx.crs)
    recs = pd.DataFrame(geo.drop(columns=geo.geometry.name)).to_dict("records")
    qualities: dict[str, str] = {}
    counts: dict[str, int] = {}
    points = park_points(geo.geometry)
    for rec, geom, pt in zip(recs, geo.geometry, points, strict=True):
        if geom is None or geom.is_empty or not ctx.sees(pt.x, pt.y):
            continue
        q = quality_order([str(rec.get("geometry_quality") or "approximate")])[0]
        is_area = "Polygon" in geom.geom_type
        if is_area or q not in qualities:
            qualities[q] = "area" if is_area else "point"
        counts[q] = counts.get(q, 0) + 1
        style = park_style(q, color_of(rec))
        if is_area:
            gpd.GeoSeries([geom]).plot(ax=ctx.ax, zorder=5, **polygon_kwargs(style))
            radius = 0.0
        else:
            ctx.ax.scatter([pt.x], [pt.y], zorder=6, **point_kwargs(style))
            radius = float(style["radius"]) * 0.6  # type: ignore[arg-type]
            ctx.drawn.markers.append((pt.x, pt.y, radius))
        name = pick(rec, "name", ctx.lang) or str(rec.get("id", ""))
        ctx.drawn.labels.append(Label(short(name), pt.x, pt.y, priority, ctx.label_pt, radius))
    # the sheet's note explains approximate points; every other quality has its own legend row
    ctx.drawn.approximate |= "approximate" in qualities
    return {q: qualities[q] for q in sorted(qualities, key=lambda k: -counts[k])}


def _symbol_items(ctx: DrawContext, color: str, label: str, qualities: Mapping[str, str]) -> list[LegendItem]:
    """The colour class's entry, drawn as the quality most of its parks have."""
    q = next(iter(qualities))
    return [item(label, "patch" if qualities[q] == "area" else "point", park_style(q, color))]


def _quality_items(ctx: DrawContext, qualities: Mapping[str, str]) -> list[LegendItem]:
    """One entry per geometry quality drawn, from the shared style table (the web legend's entries), in
    the legend's order."""
    return [
        item(
            quality_label(q, ctx.lang),
            "patch" if shape == "area" else "point",
            park_style(q, QUALITY_SWATCH_COLOR),
            last=True,
        )
        for q, shape in ((k, qualities[k]) for k in quality_order(qualities))
    ]


def _park_layer(layer: str) -> Callable[[DrawContext], None]:
    def draw(ctx: DrawContext) -> None:
        spec = REGISTRY[layer]
        parks = ctx.parks[spec.parks(ctx.parks)] if spec.parks is not None and len(ctx.parks) else ctx.parks
        heading = text(ctx.lang, "园区", "Parks")
        items: list[LegendItem] = []
        seen: dict[str, str] = {}
        for _key, sub, color, label, prio in _park_classes(layer, parks, ctx.lang):
            q = draw_parks(ctx, sub, _const(color), priority=prio)
            if q:
                items.extend(_symbol_items(ctx, color, label, q))
                seen.update({k: "area" if "area" in (v, seen.get(k)) else v for k, v in q.items()})
        _section(
            ctx, heading, items + _quality_items(ctx, {k: seen[k] for k in quality_order(seen)}), "parks"
        )

    return draw


def _const(color: str) -> Callable[[Mapping], str]:
    def of(_row: Mapping) -> str:
        return color

    return of


def _park_classes(
    layer: str, parks: gpd.GeoDataFrame, lang: str
) -> list[tuple[str, gpd.GeoDataFrame, str, str, int]]:
    """(key, parks, colour, legend label, label priority) of each class the layer draws."""
    if layer == "petrochem":
        return [
            (
                "petrochem",
                parks,
                KIND_COLORS["petrochemical_base"],
                text(lang, "石化基地", "Petrochemical base"),
                1,
            )
        ]
    if layer == "demo_bases":
        nat = (
            parks["roles"].map(lambda r: "demo_base_national" in as_list(r))
            if len(parks)
            else pd.Series(dtype=bool)
        )
        return [
            (
                "demo_nat",
                parks[nat],
                LEVEL_COLORS["national"],
                text(lang, "国家级示范基地", "national demonstration base"),
                2,
            ),
            (
                "demo_prov",
                parks[~nat],
                LEVEL_COLORS["provincial"],
                text(lang, "省级示范基地", "provincial demonstration base"),
                3,
            ),
        ]
    levels = parks["level"].fillna("unknown") if len(parks) else pd.Series(dtype=str)
    out = []
    for lv, prio in (("national", 3), ("provincial", 5)):
        out.append((lv, parks[levels == lv], LEVEL_COLORS[lv], level_label(lv, lang), prio))
    other = ~levels.isin(["national", "provincial"])
    out.append(("other", parks[other], LEVEL_COLORS["other"], level_label("other", lang), 6))
    return out


def _user_layer(ctx: DrawContext) -> None:
    if ctx.user_parks is None or not len(ctx.user_parks):
        return
    q = draw_parks(ctx, ctx.user_parks, lambda r: USER_COLOR, priority=2)
    ctx.drawn.user_data = True
    label = text(ctx.lang, "我的园区（用户文件）", "My parks (user file)")
    _section(
        ctx,
        text(ctx.lang, "用户数据", "User data"),
        _symbol_items(ctx, USER_COLOR, label, q) + _quality_items(ctx, q),
        "user",
    )
