"""Legend boxes, map CSS, and the park card (popup / detail panel) HTML.

Every data string goes through :func:`layers.popups.escape_html`; the fixed texts here are ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from layers.data import as_list
from layers.popups import escape_html as esc

LEVEL_COLORS: dict[str, str] = {
    "national": "#c0392b",
    "provincial": "#2471a3",
    "other": "#7d3c98",
    "unknown": "#7f8c8d",
}
KIND_COLORS: dict[str, str] = {
    "petrochemical_base": "#d35400",
    "demonstration_base": "#138d75",
    "sector_base": "#8e44ad",
    "development_zone": "#2471a3",
}
PLAN_CLUSTER_COLOR = "#b03a2e"
RELATED_CLUSTER_COLOR = "#5d6d7e"
SECTOR_COLOR = "#6c3483"
USER_COLOR = "#117a65"

LEVELS: dict[str, tuple[str, str]] = {
    "national": ("国家级", "National"),
    "provincial": ("省级", "Provincial"),
    "other": ("其他", "Other"),
    "unknown": ("级别不详", "Level unknown"),
}
KINDS: dict[str, tuple[str, str]] = {
    "petrochemical_base": ("石化基地", "Petrochemical base"),
    "development_zone": ("开发区", "Development zone"),
    "demonstration_base": ("新型工业化产业示范基地", "New-type industrialization demonstration base"),
    "sector_base": ("产业基地", "Sector base"),
}
QUALITY: dict[str, tuple[str, str]] = {
    "boundary": ("测绘边界", "surveyed boundary"),
    "approximate": ("近似位置（非测绘边界）", "approximate position (not a surveyed boundary)"),
    "point": ("精确点位", "exact point"),
}
PROVENANCE: dict[str, tuple[str, str]] = {
    "plan_existing": ("规划点名（现有千亿集群）", "named in the plan (existing 100-bn cluster)"),
    "plan_cultivate": ("规划点名（培育中）", "named in the plan (to cultivate)"),
    "related": ("相关文件（非规划所列）", "from related documents (not the plan's list)"),
}

#: CSS for every map (labels by zoom, boxes, cards). Zoom classes come from ``layers.controls.ZoomClasses``.
MAP_CSS = """
<style>
.leaflet-container .fpa-label{white-space:nowrap;font:12px/1.2 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#333;
  text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none;display:none;width:0;height:0}
.fpa-label span{display:inline-block;transform:translate(-50%,-50%)}
.fpa-label-province{font-size:16px;font-weight:600}
.fpa-label-city{font-size:13px;font-weight:600}
.fpa-label-county{font-size:11px;color:#555}
.leaflet-container.fpa-zge5:not(.fpa-zge8) .fpa-label-province{display:block}
.leaflet-container.fpa-zge7:not(.fpa-zge12) .fpa-label-city{display:block}
.leaflet-container.fpa-zge9 .fpa-label-county{display:block}
.fpa-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:5px;box-shadow:0 1px 4px rgba(0,0,0,.3);
  font:12px/1.35 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:300px;max-height:60vh;overflow:auto}
.fpa-box h4{margin:2px 0 4px;font-size:13px}
.fpa-box summary{cursor:pointer;font-size:13px}
.leaflet-control-search .search-input{width:150px}
.fpa-box .sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-2px;border:2px solid #333;
  border-radius:50%}
.fpa-box .sq{border-radius:2px}
.fpa-box .note{color:#555;font-size:11px}
.fpa-large{font-size:17px;max-width:460px;padding:10px 14px}
.fpa-large h4,.fpa-large summary{font-size:19px}
.fpa-large .sw{width:18px;height:18px}
.fpa-title{font-size:15px;max-width:520px}
.fpa-title h3{margin:0 0 4px;font-size:22px}
.fpa-card{font:12px/1.4 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:340px}
.fpa-card h4{margin:0 0 4px;font-size:14px}
.fpa-card table{border-collapse:collapse}
.fpa-card th{text-align:left;vertical-align:top;padding:1px 6px 1px 0;color:#555;white-space:nowrap}
.fpa-card td{padding:1px 0}
.fpa-card .src{color:#777;font-size:11px}
.fpa-card .warn{color:#a04000}
</style>
"""


def tr(lang: str, zh: str, en: str) -> str:
    """Fixed text in ``lang``."""
    return en if lang == "en" else zh


def pair(mapping: Mapping[str, tuple[str, str]], key: object, lang: str) -> str:
    """Bilingual label of ``key`` from ``mapping`` (the key itself, escaped, when unknown)."""
    item = mapping.get(str(key))
    return tr(lang, *item) if item else esc(key)


def name_of(row: Mapping[str, object], lang: str) -> str:
    """Escaped display name: ``name_en`` in English when present, else ``name_zh``."""
    zh, en = row.get("name_zh"), row.get("name_en")
    if lang == "en" and isinstance(en, str) and en:
        return esc(en)
    return esc(zh if zh is not None else en)


def _num(value: object) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return esc(value)
    if pd.isna(v):
        return ""
    return esc(f"{v:,.0f}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip("."))


def _figure_line(fig: Mapping[str, object], lang: str) -> str:
    label = (
        fig.get("label_en") if lang == "en" and fig.get("label_en") else fig.get("label_zh") or fig.get("key")
    )
    year = f" ({esc(fig.get('year'))})" if fig.get("year") not in (None, "") else ""
    bits = [f"{esc(label)}: <b>{_num(fig.get('value'))}</b> {esc(fig.get('unit'))}{year}"]
    src = ", ".join(esc(x) for x in (fig.get("source"), fig.get("confidence")) if x not in (None, ""))
    if src:
        bits.append(f'<span class="src">{tr(lang, "来源", "source")}: {src}</span>')
    if fig.get("note"):
        bits.append(f'<span class="src">{esc(fig.get("note"))}</span>')
    return "<br>".join(bits)


def _row(label: str, value: str) -> str:
    return f"<tr><th>{label}</th><td>{value}</td></tr>" if value else ""


def _records(table: pd.DataFrame | Mapping | None) -> Mapping:
    """``{index: {column: value}}`` of a table (a mapping passes through; pandas row access is slow)."""
    if table is None:
        return {}
    if isinstance(table, pd.DataFrame):
        return table.to_dict("index")
    return table


def park_card_html(
    park_row: Mapping[str, object] | pd.Series,
    lang: str = "zh",
    targets: pd.DataFrame | Mapping | None = None,
    clusters: pd.DataFrame | Mapping | None = None,
    *,
    petrochem: pd.DataFrame | Mapping | None = None,
    demo_note: str | None = None,
) -> str:
    """HTML card of one park: names, level, city, industries, area, figures (year, source), clusters, sector
    targets, geometry quality and sources. All data escaped.

    Parameters
    ----------
    park_row : mapping or Series
        One park (columns of docs/DATA_MODEL.md; ``id`` may be the Series name).
    lang : {"zh", "en"}
    targets : DataFrame or mapping, optional
        ``clusters.targets.sector_targets()`` to show the 专栏10 targets of the park's sectors (pass
        ``df.to_dict("index")`` when building many cards: it is much faster).
    clusters : DataFrame or mapping, optional
        ``clusters.clusters.load_clusters()`` to name the park's clusters and their provenance.
    petrochem : DataFrame or mapping, optional
        ``clusters.targets.petrochem_goals()``; shown for petrochemical bases (province-wide goals).
    demo_note : str, optional
        Ready (escaped) HTML with the plan's demonstration-base counts, shown for demonstration bases.
    """
    row = dict(park_row)
    if "id" not in row and isinstance(park_row, pd.Series):
        row["id"] = park_row.name
    targets, clusters, petrochem = _records(targets), _records(clusters), _records(petrochem)
    other = row.get("name_zh") if lang == "en" else row.get("name_en")
    title = f"<h4>{name_of(row, lang)}"
    if other:
        title += f"<br><small>{esc(other)}</small>"
    title += "</h4>"
    rows = []
    level = pair(LEVELS, row.get("level"), lang) if row.get("level") else ""
    kind = pair(KINDS, row.get("kind"), lang) if row.get("kind") else ""
    rows.append(
        _row(tr(lang, "类型", "Kind"), " · ".join(x for x in (kind, level, esc(row.get("zone_type"))) if x))
    )
    if row.get("base"):
        rows.append(_row(tr(lang, "石化基地", "Petrochemical base"), esc(row.get("base"))))
    place = " ".join(esc(x) for x in (row.get("city"), row.get("county")) if isinstance(x, str) and x)
    rows.append(_row(tr(lang, "所在地", "Location"), place))
    inds = "、".join(esc(x) for x in as_list(row.get("industries")))
    rows.append(_row(tr(lang, "主导产业", "Industries"), inds))
    figs = [f for f in as_list(row.get("figures")) if isinstance(f, Mapping)]
    area = [f for f in figs if "area" in str(f.get("key", ""))]
    rest = [f for f in figs if f not in area]
    rows.append(_row(tr(lang, "面积", "Area"), "<br>".join(_figure_line(f, lang) for f in area)))
    rows.append(_row(tr(lang, "数据", "Figures"), "<br>".join(_figure_line(f, lang) for f in rest)))
    cl_ids = [str(c) for c in as_list(row.get("clusters"))]
    if cl_ids:
        items = []
        for cid in cl_ids:
            if cid in clusters:
                c = clusters[cid]
                items.append(
                    f'{name_of(c, lang)} <span class="src">({pair(PROVENANCE, c.get("provenance"), lang)})</span>'
                )
            else:
                items.append(esc(cid))
        rows.append(_row(tr(lang, "千亿集群", "100-bn clusters"), "<br>".join(items)))
    sectors = [int(s) for s in as_list(row.get("sectors")) if str(s).strip().isdigit()]
    if sectors:
        items = []
        for no in sectors:
            if no in targets:
                t = targets[no]
                nm = esc(t.get("sector_en") if lang == "en" else t.get("sector_zh"))
                goal = f"{tr(lang, '2020年产值目标', '2020 output target')} {_num(t.get('output_2020'))} {esc(t.get('unit', '亿元'))}"
                items.append(
                    f"{tr(lang, '专栏10', 'Box 10')} #{no} {nm}: {goal} "
                    f'<span class="src">({esc(t.get("source"))})</span>'
                )
            else:
                items.append(f"{tr(lang, '专栏10', 'Box 10')} #{no}")
        rows.append(_row(tr(lang, "规划产业", "Plan sectors"), "<br>".join(items)))
    if petrochem and row.get("kind") == "petrochemical_base":
        items = []
        for g in petrochem.values():
            nm = esc(g.get("name_en") if lang == "en" else g.get("name_zh"))
            items.append(
                f"{nm}: <b>{_num(g.get('value'))}</b> {esc(g.get('unit'))} ({esc(g.get('year'))}) "
                f'<span class="src">{esc(g.get("source"))}</span>'
            )
        note = tr(
            lang,
            "全省石化产业目标（规划未分解到基地）",
            "province-wide petrochemical goals (the plan does not split them by base)",
        )
        rows.append(
            _row(
                tr(lang, "规划目标", "Plan goals"),
                f'<span class="src">{note}</span><br>' + "<br>".join(items),
            )
        )
    if demo_note and (
        "demo_base_national" in as_list(row.get("roles"))
        or "demo_base_provincial" in as_list(row.get("roles"))
        or row.get("kind") == "demonstration_base"
    ):
        rows.append(_row(tr(lang, "示范基地", "Demo bases"), demo_note))
    refs = "；".join(esc(x) for x in as_list(row.get("plan_refs")))
    rows.append(_row(tr(lang, "规划出处", "In the plan"), refs))
    q = str(row.get("geometry_quality") or "")
    qtext = pair(QUALITY, q, lang) if q else ""
    note = row.get("position_note_en") if lang == "en" else row.get("position_note_zh")
    if note:
        qtext += f'<br><span class="src">{esc(note)}</span>'
    if row.get("position_source"):
        qtext += f'<br><span class="src">{tr(lang, "位置来源", "position source")}: {esc(row.get("position_source"))}'
        if row.get("position_confidence"):
            qtext += f" ({esc(row.get('position_confidence'))})"
        qtext += "</span>"
    cls = ' class="warn"' if q != "boundary" else ""
    rows.append(f"<tr><th>{tr(lang, '几何', 'Geometry')}</th><td{cls}>{qtext}</td></tr>" if qtext else "")
    srcs = []
    for s in as_list(row.get("sources")):
        if isinstance(s, Mapping):
            srcs.append(" — ".join(esc(x) for x in (s.get("ref"), s.get("what"), s.get("confidence")) if x))
        else:
            srcs.append(esc(s))
    rows.append(
        _row(
            tr(lang, "来源", "Sources"), '<span class="src">' + "<br>".join(srcs) + "</span>" if srcs else ""
        )
    )
    return f'<div class="fpa-card">{title}<table>{"".join(r for r in rows if r)}</table></div>'


def swatch(
    color: str,
    *,
    hollow: bool = False,
    dashed: bool = False,
    square: bool = False,
    size_px: int | None = None,
) -> str:
    """A legend swatch (our fixed colours only)."""
    fill = "transparent" if hollow else color
    style = f"background:{fill};border-color:{color};border-style:{'dashed' if dashed else 'solid'}"
    if size_px:
        style += f";width:{size_px}px;height:{size_px}px"
    return f'<span class="sw{" sq" if square else ""}" style="{style}"></span>'


def legend_html(
    sections: Sequence[tuple[str, Sequence[str]]], lang: str = "zh", *, large: bool = False
) -> str:
    """Legend box HTML from ``(heading, [item html, …])`` sections (items already escaped)."""
    parts = [f"<details open><summary><b>{tr(lang, '图例', 'Legend')}</b></summary>"]
    for heading, items in sections:
        if not items:
            continue
        parts.append(f"<div><b>{heading}</b></div>")
        parts.extend(f"<div>{it}</div>" for it in items)
    parts.append("</details>")
    return "".join(parts)


def legend_class(large: bool) -> str:
    """CSS class of the legend box (``fpa-large`` for presentation)."""
    return "fpa-box fpa-large" if large else "fpa-box"
