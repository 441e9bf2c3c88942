"""Atlases (QGIS-style): one sheet per city (9), per petrochemical base or per plan cluster, each with its
own title, extent, legend and the feature's key figures with their sources; one multipage PDF or a ZIP of
PNGs."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages

from clusters.clusters import cluster_figures, load_clusters
from clusters.targets_city import scope_text, stated_city_targets
from clusters.vocab import provenance_label
from gis.boundaries import load_boundaries
from gis.errors import DataValidationError
from gis.jobs import Progress, step
from gis.parks import as_list, is_petrochemical
from gis.text import Pair, field, text
from gis.vocab import BASES, level_label
from layers.data import parks_in_force
from layers.print import fonts
from layers.print.sheet import build_sheet, check_format, save
from layers.print.spec import DEFAULT_DPI, KeyFigure, SheetSpec, check_dpi

ATLAS_KINDS: tuple[str, ...] = ("city", "petrochem", "cluster")
PARKS_SOURCE = "data/parks.geojson（《中国开发区审核公告目录》2018年版等）"


def _fmt(v: object) -> str:
    try:
        return f"{float(v):,.6g}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(v)


def city_figures(city: pd.Series, parks: gpd.GeoDataFrame, lang: str) -> tuple[KeyFigure, ...]:
    """A city's key figures: parks by level (counted), petrochemical bases, clusters hosted and the sum of
    their known targets (derived)."""
    mine = parks[parks["city"] == city["name_zh"]] if len(parks) else parks
    counted = text(lang, "由在用园区数据计数（推算）", "counted from the parks in force (derived)")
    out = [KeyFigure(text(lang, "园区数", "Parks"), str(len(mine)), counted)]
    levels = mine["level"].fillna("unknown").value_counts()
    out.append(
        KeyFigure(
            text(lang, "按级别", "By level"),
            text(lang, "，", ", ").join(f"{level_label(k, lang)} {int(n)}" for k, n in levels.items()),
            counted,
        )
    )
    petro = mine[is_petrochemical(mine)] if len(mine) else mine
    if len(petro):
        names = text(lang, "、", ", ").join(field(r, "name", lang) for r in petro.to_dict("records"))
        out.append(
            KeyFigure(
                text(lang, "石化基地", "Petrochemical bases"),
                names,
                text(lang, "规划第四章一（一）", "the plan, ch. 4 §1(1)"),
            )
        )
    cl = load_clusters()
    ct = stated_city_targets(cl)
    hosted = [
        field(r, "name", lang)
        for _, r in cl.iterrows()
        if city["name_zh"] in as_list(r["host_cities"]) and bool(r["in_plan"])
    ]
    if hosted:
        out.append(
            KeyFigure(
                text(lang, "规划点名的千亿集群", "Clusters named in the plan"),
                text(lang, "、", ", ").join(hosted),
                text(lang, "规划第三章七", "the plan, ch. 3 §7"),
            )
        )
    if city["name_zh"] in ct.index:
        out.append(
            KeyFigure(
                text(
                    lang,
                    "本市集群2020年目标之和（推算）",
                    "Sum of this city's 2020 cluster targets (derived)",
                ),
                f"{_fmt(ct.loc[city['name_zh'], 'target_sum'])} {text(lang, '亿元', '× 100 million yuan')}",
                text(
                    lang,
                    "只计来源写明为本市一市的目标；多市合计或全省的目标不计入",
                    "only targets stated for this city alone; targets of several cities together or the "
                    "province are not counted",
                ),
            )
        )
    return tuple(out)


def base_figures(base: str, parks: gpd.GeoDataFrame, lang: str) -> tuple[KeyFigure, ...]:
    """A petrochemical base's parks and their reported figures (each with its own source)."""
    sel = parks[parks["base"] == base]
    out = []
    for rec in sel.to_dict("records"):
        name = field(rec, "name", lang)
        figs = [f for f in as_list(rec.get("figures")) if isinstance(f, dict)][:3]
        if not figs:
            out.append(KeyFigure(name, text(lang, "无公开数据", "no figures found"), ""))
        for f in figs:
            year = f" ({f['year']})" if f.get("year") else ""
            out.append(
                KeyFigure(
                    f"{name} {field(f, 'label', lang)}{year}",
                    f"{_fmt(f.get('value'))} {f.get('unit', '')}",
                    str(f.get("source", "")),
                )
            )
    return tuple(out)


def cluster_key_figures(cid: str, lang: str) -> tuple[KeyFigure, ...]:
    """A cluster's provenance, 2020 target and reported figures, each with its source."""
    row = load_clusters().loc[cid]
    out = [
        KeyFigure(
            text(lang, "来源性质", "Provenance"),
            provenance_label(row.get("provenance"), lang),
            str(row.get("source") or ""),
        )
    ]
    t = row.get("target_2020")
    if t is not None and pd.notna(t):
        out.append(
            KeyFigure(
                text(lang, "2020年目标", "2020 target"),
                f"{_fmt(t)} {text(lang, '亿元', '× 100 million yuan')}"
                + text(lang, f"（{scope_text(row, lang)}）", f" ({scope_text(row, lang)})"),
                str(row.get("target_source") or ""),
            )
        )
    else:
        out.append(
            KeyFigure(
                text(lang, "2020年目标", "2020 target"), text(lang, "无公开目标", "no target found"), ""
            )
        )
    figs = cluster_figures()
    for rec in figs[figs["cluster_id"] == cid].head(4).to_dict("records"):
        out.append(
            KeyFigure(
                f"{rec['year']} {rec['measure']}",
                f"{rec['comparator']} {_fmt(rec['value'])} {rec['unit']}",
                str(rec["source"]),
            )
        )
    return tuple(out)


def atlas_specs(kind: str, base: SheetSpec) -> Iterator[SheetSpec]:
    """The sheets of an atlas of ``kind`` (``city``, ``petrochem``, ``cluster``), from ``base``'s options."""
    parks = base.parks if base.parks is not None else parks_in_force()
    b = base.replace(parks=parks, title=None, locator=True)
    if kind == "city":
        for _, city in load_boundaries("city").iterrows():
            yield b.replace(
                extent="city", focus=str(city["adcode"]), key_figures=city_figures(city, parks, base.lang)
            )
    elif kind == "petrochem":
        for name in BASES:
            if (parks["base"] == name).any():
                yield b.replace(extent="base", focus=name, key_figures=base_figures(name, parks, base.lang))
    elif kind == "cluster":
        cl = load_clusters()
        for cid in cl.index[cl["in_plan"].astype(bool)]:
            yield b.replace(
                extent="cluster", focus=str(cid), key_figures=cluster_key_figures(str(cid), base.lang)
            )
    else:
        raise DataValidationError(
            f"atlas {kind!r} is not one of {', '.join(ATLAS_KINDS)}",
            field="atlas",
            hint=f"use one of {', '.join(ATLAS_KINDS)}",
            message_zh=f"图集类型 {kind!r} 不是 {', '.join(ATLAS_KINDS)} 之一",
        )


def _slug(i: int, title: str) -> str:
    safe = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", title).strip("_")[:40]
    return f"{i:02d}_{safe or 'sheet'}.png"


def render_atlas(
    kind: str,
    base: SheetSpec | None = None,
    fmt: str = "pdf",
    dpi: float = DEFAULT_DPI,
    progress: Progress | None = None,
) -> bytes:
    """An atlas as one multipage PDF (``fmt="pdf"``) or a ZIP of PNGs (``fmt="zip"``).

    ``progress`` (:class:`gis.jobs.Progress`) is told each page as it is laid out and can cancel the atlas.
    """
    base = base or SheetSpec()
    dpi = check_dpi(dpi)
    if fmt != "zip":
        fmt = check_format(fmt)
        if fmt != "pdf":
            raise DataValidationError("an atlas is written as .pdf or .zip (of PNGs)", field="format")
    buf = io.BytesIO()
    with fonts.sheet_context():
        specs = list(atlas_specs(kind, base))
        n = len(specs)

        def page(i: int) -> None:
            step(progress, Pair(f"排版图集第 {i}/{n} 页", f"laying out atlas page {i} of {n}"), (i - 1) / n)

        if fmt == "pdf":
            with PdfPages(
                buf, metadata={"Title": text(base.lang, "图集", "Atlas"), "Creator": "Fujian Park Atlas"}
            ) as pdf:
                for i, spec in enumerate(specs, 1):
                    page(i)
                    sheet = build_sheet(spec)
                    pdf.savefig(sheet.figure)
        else:
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for i, spec in enumerate(specs, 1):
                    page(i)
                    sheet = build_sheet(spec)
                    zf.writestr(_slug(i, sheet.texts.get("title", "")), save(sheet, "png", dpi))
    return buf.getvalue()
