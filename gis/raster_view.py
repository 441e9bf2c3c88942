"""What the rasters page shows, as texts and frames (no UI): the figure choices' labels, a user raster's
description, the zonal-statistics table for reading and its summary line, the density inputs.

The rasters themselves are :mod:`gis.raster`; this module words their results in the language given.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gis.quality import confidence_label
from gis.raster import DensitySurface, ZonalResult
from gis.raster.zonal_export import zonal_export
from gis.text import Pair, field, label, normalize_lang, text
from gis.vocab import unit_label

#: How a user raster is read (``auto``: as the raster says, :func:`gis.raster.read.is_categorical`).
RASTER_KINDS: dict[str, Pair] = {
    "auto": Pair("自动", "Automatic"),
    "continuous": Pair("连续值", "Continuous"),
    "categorical": Pair("分类", "Categorical"),
}
#: How a point park (no boundary) makes its zone.
POINT_MODES: dict[str, Pair] = {
    "buffer": Pair("缓冲圆", "Buffer disc"),
    "cell": Pair("所在像元值", "Cell value"),
}
#: Columns of the density inputs table, where present.
INPUT_COLUMNS = ("name_zh", "name_en", "value", "unit", "year", "confidence", "spread_as", "note")
#: Readable headings of the density inputs table (``name`` is ``name_zh`` or ``name_en`` by language).
INPUT_HEADINGS: dict[str, Pair] = {
    "name": Pair("园区", "Park"),
    "value": Pair("数值", "Value"),
    "unit": Pair("单位", "Unit"),
    "year": Pair("年份", "Year"),
    "confidence": Pair("可信度", "Confidence"),
    "spread_as": Pair("分布方式", "Spread as"),
    "note": Pair("说明", "Note"),
}
#: How a park's value is spread over the grid (``spread_as``).
SPREAD_AS: dict[str, Pair] = {
    "polygon": Pair("按边界面", "over its boundary"),
    "kernel": Pair("按核密度（点位）", "kernel around its point"),
    "polygon→kernel (smaller than the grid resolution)": Pair(
        "边界小于像元，改按核密度", "kernel (boundary smaller than a cell)"
    ),
}


def labels(table: dict[str, Pair], lang: str) -> dict[str, str]:
    """Every label of a small vocabulary table in ``lang`` (for choice widgets)."""
    return {k: label(table, k, lang) for k in table}


def figure_labels(choices: pd.DataFrame, lang: str) -> dict[str, str]:
    """The figure choices as ``label [unit] · N parks``."""
    out = {}
    for key, rec in choices.iterrows():
        row = {str(k): v for k, v in rec.items()}
        unit = unit_label(row["unit"], lang)
        out[str(key)] = f"{field(row, 'label', lang)} [{unit}] · {row['n_parks']} " + text(
            lang, "个园区", "parks"
        )
    return out


def density_file_name(figure: str, surface: DensitySurface, cell: float) -> str:
    """The GeoTIFF download's file name."""
    return f"density_{figure}_{surface.year.replace(', ', '-')}_{int(cell)}m.tif"


def density_inputs(surface: DensitySurface, lang: str) -> pd.DataFrame:
    """The parks' input values of a density surface, headed and worded in ``lang``."""
    src = surface.inputs
    out = pd.DataFrame(index=src.index)
    name = f"name_{normalize_lang(lang)}"
    if name in src or "name_zh" in src:
        out["name"] = src[name] if name in src else src["name_zh"]
    for col in ("value", "unit", "year", "confidence", "spread_as", "note"):
        if col in src:
            out[col] = src[col]
    if "unit" in out:
        out["unit"] = [unit_label(u, lang) for u in out["unit"]]
    if "confidence" in out:
        out["confidence"] = [confidence_label(c, lang) for c in out["confidence"]]
    if "spread_as" in out:
        out["spread_as"] = [label(SPREAD_AS, v, lang, default=str(v)) for v in out["spread_as"]]
    return out.rename(columns={c: label(INPUT_HEADINGS, c, lang) for c in out.columns})


def units_text(surface: DensitySurface, lang: str) -> str:
    """The surface's unit per cell in ``lang``: ``公顷/像元（1 km²）`` / ``ha per cell (1 km²)``."""
    unit = unit_label(surface.unit, lang)
    area = f"{surface.cell_area_km2:g} km²"
    return text(lang, f"{unit}/像元（{area}）", f"{unit} per cell ({area})")


def info_line(info: dict[str, Any], lang: str) -> str:
    """A user raster's size, bands, type, CRS, nodata and colour table in one line."""
    crs = str(info["crs"])[:60]
    return text(
        lang,
        f"{info['width']}×{info['height']} 像元，{info['count']} 波段，{info['dtype']}，坐标系 "
        f"{info['crs_name']}（{crs}），无数据值 {info['nodata']}，"
        f"{'有' if info['has_colour_table'] else '无'}颜色表。",
        f"{info['width']}×{info['height']} pixels, {info['count']} band(s), {info['dtype']}, CRS "
        f"{info['crs_name']} ({crs}), nodata {info['nodata']}, "
        f"{'with' if info['has_colour_table'] else 'no'} colour table.",
    )


def zonal_summary(result: ZonalResult, lang: str) -> str:
    """What the zonal statistics are and how many parks the raster covers (Markdown)."""
    c = result.table["status"].value_counts()
    inside, partial, outside, empty = (int(c.get(k, 0)) for k in ("inside", "partial", "outside", "no_data"))
    what = (
        text(
            lang,
            "分类：各类别占园区有效像元的比例",
            "categorical: share of each class among the park’s valid cells",
        )
        if result.categorical
        else text(lang, "连续值：均值/最小/最大/总和", "continuous: mean/min/max/sum")
    )
    return text(
        lang,
        f"**分区统计**（{what}）：全部位于栅格内 {inside}，部分 {partial}，栅格外 {outside}，"
        f"全为无数据 {empty}。",
        f"**Zonal statistics** ({what}): inside {inside}, partly {partial}, outside {outside}, "
        f"all nodata {empty}.",
    )


def park_names(result: ZonalResult, lang: str) -> dict[str, str]:
    """The parks of a zonal result as ``name (id)`` (the park-card choice)."""
    return {
        str(pid): f"{field({str(k): v for k, v in row.items()}, 'name', lang)} ({pid})"
        for pid, row in result.table.iterrows()
    }


def _percent(digits: int) -> Any:
    return lambda v: "—" if pd.isna(v) else f"{v:.{digits}%}"


def zonal_display(result: ZonalResult, lang: str) -> pd.DataFrame:
    """The zonal table for reading: the download's columns and headings (:func:`gis.raster.zonal_export`:
    one language, units in the headings), indexed by park, shares as percentages."""
    frame, specs = zonal_export(result, lang)
    heads = {c.key: c.header(lang) for c in specs}
    shown = frame.set_index("park_id")
    for c in specs:
        if c.kind == "percent" and c.key in shown:
            shown[c.key] = shown[c.key].map(_percent(1 if c.key.startswith("share_") else 0))
    if "majority" in shown:
        shown["majority"] = shown["majority"].replace("", "—")
    shown.index = shown.index.rename(heads.get("park_id", text(lang, "园区编号", "Park ID")))
    return shown.rename(columns=heads)
