"""Where a sheet looks: the projected CRS of every sheet, the extent of the province, a city, a
petrochemical base, a cluster or a 专栏10 sector, and the default title of each."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from clusters.clusters import load_clusters
from clusters.targets import sector_targets
from gis.boundaries import load_boundaries
from gis.errors import DataValidationError
from gis.settings import EQUAL_AREA_CRS
from gis.text import field, text
from gis.vocab import BASES, base_label
from layers import captions
from layers.clusters import cluster_positions
from layers.frames import sector_frames

#: Every sheet is drawn in the atlas's equal-area CRS (Albers on GRS80 = the CGCS2000 ellipsoid, standard
#: parallels 24°N / 27.5°N, central meridian 118°E): true areas, linear scale error < 0.07 % in Fujian.
SHEET_CRS = EQUAL_AREA_CRS
#: Smallest extent (m) of a sheet fitted to a few points (a base, a cluster), so the map keeps context.
MIN_SPAN_M = 70_000.0
PAD = 0.06

Bounds = tuple[float, float, float, float]


def projection_line(lang: str) -> str:
    """What the sheet's projection is, printed on every sheet."""
    return text(
        lang,
        "投影：Albers 等积圆锥投影（CGCS2000/GRS80 椭球，标准纬线 24°N、27.5°N，中央经线 118°E）",
        "Projection: Albers equal-area conic (CGCS2000/GRS80 ellipsoid; standard parallels 24°N and "
        "27.5°N; central meridian 118°E)",
    )


def city_row(focus: str) -> pd.Series:
    """The city boundary row of ``focus`` (adcode, Chinese or English name)."""
    cities = load_boundaries("city")
    f = str(focus).strip()
    hit = cities[
        (cities["adcode"] == f) | (cities["name_zh"] == f) | (cities["name_en"].str.lower() == f.lower())
    ]
    if hit.empty:
        hit = cities[cities["name_zh"].str.removesuffix("市") == f.removesuffix("市")]
    if hit.empty:
        raise DataValidationError(
            f"no city {f!r}",
            field="focus",
            hint=f"use one of {', '.join(cities['name_zh'])} or its adcode",
            message_zh=f"没有城市 {f!r}",
            hint_zh=f"请使用 {'、'.join(cities['name_zh'])} 之一或其行政区划代码",
        )
    return hit.iloc[0]


def _points_bounds(gdf: gpd.GeoSeries) -> Bounds:
    x0, y0, x1, y1 = gdf.to_crs(SHEET_CRS).total_bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half = max(x1 - x0, y1 - y0, MIN_SPAN_M) / 2
    return cx - half, cy - half, cx + half, cy + half


def focus_bounds(extent: str, focus: str | None, parks: gpd.GeoDataFrame, sector: int | None) -> Bounds:
    """The area a sheet must show (projected metres), before padding and fitting to the frame."""
    if extent == "city":
        row = city_row(str(focus))
        return tuple(gpd.GeoSeries([row.geometry], crs=4326).to_crs(SHEET_CRS).total_bounds)
    if extent == "base":
        if focus not in BASES:
            raise DataValidationError(
                f"no petrochemical base {focus!r}",
                field="focus",
                hint=f"use one of {', '.join(BASES)}",
                message_zh=f"没有石化基地 {focus!r}",
            )
        sel = parks[parks["base"] == focus]
        if sel.empty:
            raise DataValidationError(f"no park of base {focus!r} in the parks in force", field="focus")
        return _points_bounds(sel.geometry)
    if extent == "cluster":
        cl = load_clusters()
        if focus not in cl.index:
            raise DataValidationError(
                f"no cluster {focus!r}", field="focus", hint="use a cluster id of data/clusters.csv"
            )
        pos = cluster_positions(cl.loc[[focus]], parks)
        if pos.empty:
            return province_bounds()
        return _points_bounds(gpd.GeoSeries(gpd.points_from_xy(pos["lon"], pos["lat"]), crs=4326))
    if extent == "sector" and sector:
        frames = sector_frames("sector", parks, sector)
        geoms = [f.geometry.to_crs(SHEET_CRS) for f in frames.values() if len(f)]
        if geoms:
            return _points_bounds(gpd.GeoSeries(pd.concat(geoms), crs=SHEET_CRS).to_crs(4326))
    return province_bounds()


def province_bounds() -> Bounds:
    """Fujian's bounds in the sheet CRS."""
    return tuple(load_boundaries("province").to_crs(SHEET_CRS).total_bounds)


def fit(bounds: Bounds, aspect: float, pad: float = PAD) -> Bounds:
    """``bounds`` padded and widened to the frame's ``aspect`` (width / height), centred."""
    x0, y0, x1, y1 = bounds
    w, h = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def default_title(extent: str, focus: str | None, sector: int | None, lang: str) -> str:
    """The title of a sheet of ``extent`` (the plan's place names, bilingual)."""
    if extent == "city":
        name = field(city_row(str(focus)), "name", lang)
        return text(
            lang, f"{name}工业园区与千亿产业集群", f"{name}: industrial parks and 100-billion-yuan clusters"
        )
    if extent == "base":
        return text(
            lang, f"{base_label(focus, lang)}石化基地", f"{base_label(focus, lang)} petrochemical base"
        )
    if extent == "cluster":
        row = load_clusters().loc[str(focus)]
        return text(lang, f"{field(row, 'name', lang)}产业集群", f"{field(row, 'name', lang)} cluster")
    if sector:
        t = sector_targets().loc[int(sector)]
        return text(
            lang,
            f"专栏10 第{int(sector)}项 {field(t, 'sector', lang)} 产业布局",
            f"Box 10 #{int(sector)} {field(t, 'sector', lang)}: where the plan puts it",
        )
    return captions.TITLE.get(lang)


def highlight_city(ctx: Any, focus: str) -> None:
    """The sheet's city: a strong outline over the layers (the neighbours stay for context)."""
    row = city_row(focus)
    gpd.GeoSeries([row.geometry], crs=4326).to_crs(ctx.crs).boundary.plot(
        ax=ctx.ax, color="#1b2631", linewidth=1.6, zorder=3.5
    )


def extent_choices(lang: str, sector: int | None = None) -> list[tuple[str, str | None, str]]:
    """What a sheet can be fitted to, as ``(extent, focus, label)``: the province, each city, each
    petrochemical base, each plan cluster, and the sector when one is chosen."""
    out: list[tuple[str, str | None, str]] = [("province", None, text(lang, "全省", "The province"))]
    for rec in load_boundaries("city").to_dict("records"):
        out.append(("city", str(rec["adcode"]), field(rec, "name", lang)))
    for base in BASES:
        out.append(
            ("base", base, text(lang, f"{base_label(base, lang)}石化基地", f"{base_label(base, lang)} base"))
        )
    cl = load_clusters()
    for cid, row in cl[cl["in_plan"].astype(bool)].iterrows():
        out.append(("cluster", str(cid), text(lang, "集群：", "Cluster: ") + field(row, "name", lang)))
    if sector:
        out.append(("sector", None, default_title("sector", None, sector, lang)))
    return out
