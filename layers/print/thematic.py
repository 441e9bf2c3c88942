"""City choropleths on a sheet: the park-share calculator's per-city map and the progress map, with the
same colour classes as their web maps (:mod:`layers.share_map`)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from matplotlib.colors import to_rgba

from clusters.vocab import CITY_PROGRESS
from gis.boundaries import load_boundaries
from gis.text import label, text
from layers.print.draw import DrawContext, Label, _section
from layers.print.spec import Thematic
from layers.print.symbols import LegendItem, item, polygon_kwargs
from layers.share_map import SHARE_BINS, share_color
from layers.style import CITY_FILL_STYLE, NO_DATA_COLOR, STATUS_COLORS


def draw_thematic(ctx: DrawContext, th: Thematic) -> None:
    """Fill the cities by ``th.fills``; write ``th.values`` on them; its legend section."""
    cities = load_boundaries("city").to_crs(ctx.crs)
    fills = dict(th.fills)
    values = dict(th.values)
    colors = [fills.get(str(a), NO_DATA_COLOR) for a in cities["adcode"]]
    kw = polygon_kwargs({**CITY_FILL_STYLE, "fillColor": "#ffffff"})
    cities.plot(
        ax=ctx.ax,
        color=[to_rgba(c, float(CITY_FILL_STYLE["fillOpacity"])) for c in colors],  # type: ignore[arg-type]
        edgecolor=kw["edgecolor"],
        linewidth=kw["linewidth"],
        zorder=2,
    )
    for rec in cities.to_dict("records"):
        v = values.get(str(rec["adcode"]))
        if v:
            p = gpd.GeoSeries(gpd.points_from_xy([rec["label_lon"]], [rec["label_lat"]]), crs=4326).to_crs(
                ctx.crs
            )
            ctx.drawn.labels.append(Label(v, p.iloc[0].x, p.iloc[0].y - 9000, 1, ctx.label_pt * 1.1))
    items = [item(lab, "patch", {**CITY_FILL_STYLE, "fillColor": col}) for lab, col in th.legend]
    if th.note:
        items.append(LegendItem(th.note, "text"))
    _section(ctx, th.title, items, "thematic")


def share_thematic(city_table: pd.DataFrame, lang: str, provincial_share: float | None = None) -> Thematic:
    """The calculator's per-city park share (``clusters.share.city_shares`` output) as a :class:`Thematic`."""
    fills, values = [], []
    for rec in city_table.to_dict("records"):
        code = str(rec["adcode"])
        share = rec.get("share")
        fills.append((code, share_color(share)))
        if share is not None and pd.notna(share):
            values.append((code, f"{float(share):.1%}"))
    legend = [(text(lang, zh, en), c) for _lo, c, zh, en in SHARE_BINS]
    legend.append((text(lang, "无数据", "no data"), NO_DATA_COLOR))
    title = text(lang, "各市园区产值占比", "Park share of industrial output by city")
    if provincial_share is not None:
        title += text(lang, f"（全省 {provincial_share:.1%}）", f" (province {provincial_share:.1%})")
    return Thematic(
        title=title,
        fills=tuple(fills),
        legend=tuple(legend),
        source=text(
            lang,
            "各市产值：用户输入数据；分级与75%目标：规划第三章七、专栏1",
            "City figures: user input; classes and the 75 % target: the plan, ch. 3 §7, Box 1",
        ),
        values=tuple(values),
    )


def status_thematic(city_status: pd.DataFrame, lang: str) -> Thematic:
    """The progress page's status by city (``clusters.progress.status_by_city``) as a :class:`Thematic`."""
    fills, values = [], []
    for rec in city_status.to_dict("records") if len(city_status) else []:
        behind, ok = int(rec["behind"]), int(rec["on_track"])
        key = "behind" if ok == 0 else ("on_track" if behind == 0 else "mixed")
        fills.append((str(rec["adcode"]), STATUS_COLORS[key]))
        values.append((str(rec["adcode"]), f"{behind}/{behind + ok}"))
    legend = [(label(CITY_PROGRESS, k, lang), STATUS_COLORS[k]) for k in STATUS_COLORS]
    legend.append((text(lang, "无数据", "no data"), NO_DATA_COLOR))
    return Thematic(
        title=text(lang, "各市目标进度", "Progress against the plan's targets by city"),
        fills=tuple(fills),
        legend=tuple(legend),
        source=text(
            lang,
            "实际数据：用户输入；目标：规划专栏10、专栏1",
            "Actual figures: user input; targets: the plan, Box 10 and Box 1",
        ),
        note=text(
            lang,
            "市内数字 = 落后目标数/可比较目标数；只计属于一个市的目标"
            "（园区目标、来源写明一个所在市的集群目标），全省性目标（专栏10产业、跨市集群）不计入各市",
            "figure on a city = targets behind / targets compared; only targets that belong to one city "
            "count (a park's, or a cluster's stated for one host city); province-wide targets (Box 10 "
            "sectors, clusters over several cities) mark no city",
        ),
        values=tuple(values),
    )
