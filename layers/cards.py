"""One card per park and per cluster, rendered twice: as the map popup and as the map page's side panel.

A :class:`Card` is plain text (title, facts as ``(label, value)``, tables with year and source, notes); the
two renderers in :mod:`layers.card_html` escape every string with :func:`layers.popups.escape_html`. Labels
come only from :mod:`gis.vocab` and :mod:`clusters.vocab`; the petrochemical and demonstration-base rules are
:func:`gis.parks.is_petrochemical` / :func:`gis.parks.is_demonstration_base`. What a card needs besides its
row (sector targets, clusters, plan goals, boundary areas) is gathered once in a :class:`CardContext`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from clusters.goals import base_year, clusters_goal, place_en, target_year
from clusters.vocab import (
    CLUSTER_NOTES,
    HOST_TEXTS,
    SCOPE_NOTES,
    cluster_measure_label,
    goal_kind_label,
    note_label,
    provenance_label,
)
from gis.parks import as_list, is_demonstration_base, is_petrochemical
from gis.quality import confidence_label, source_strength
from gis.research_texts import CLUSTER_SOURCES, FIGURE_NOTES
from gis.text import Record, label, text, year_text
from gis.text import field as pick
from gis.vocab import (
    base_label,
    industry_label,
    kind_label,
    level_label,
    quality_label,
    role_label,
    source_text,
    source_what_label,
    strength_label,
    zone_type_label,
)
from layers.card_context import (
    CardContext,
    alternative_positions,
    card_context,
    decided,
    figure_value_text,
    missing,
    num,
    place_names,
    s,
    semi,
    unknown,
    with_unit,
)
from layers.card_targets import target_text

__all__ = [
    "CLUSTER",
    "PARK",
    "Card",
    "CardContext",
    "Table",
    "card_context",
    "cluster_card",
    "demo_counts_text",
    "figure_table",
    "park_card",
    "target_text",
]

PARK = "park"
CLUSTER = "cluster"
#: Said of approximate geometry in the card (the map draws it dashed / hollow).
QUALITY_NOTE = ("；图上以虚线或空心标记显示", "; drawn dashed / hollow on the map")


class Table(NamedTuple):
    """A card table: heading, column headers, rows of cells (plain text)."""

    heading: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Card:
    """A detail card: title, facts ``(label, value)``, tables and notes (plain text, escaped on render)."""

    kind: str
    id: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Labels of facts shown as a warning (geometry that is not a surveyed boundary).
    warn: set[str] = field(default_factory=set)


# ------------------------------------------------------------------------------------------------ tables
def _figure_headers(lang: str) -> list[str]:
    return [
        text(lang, "指标", "Figure"),
        text(lang, "数值", "Value"),
        text(lang, "年份", "Year"),
        text(lang, "来源", "Source"),
        text(lang, "可信度", "Confidence"),
        text(lang, "说明", "Note"),
    ]


def plan_place(ref: object, lang: str) -> str:
    """A place in the plan in ``lang`` (``第三章七`` → ``ch. 3 §7``; clusters.goals.place_en); a cluster
    source the research wrote in English in its translation (gis.research_texts.CLUSTER_SOURCES)."""
    pair = CLUSTER_SOURCES.get(s(ref))
    return pair.get(lang) if pair else text(lang, s(ref), place_en(s(ref)))


def confidence_text(confidence: object, source: object, lang: str) -> str:
    """A confidence label in ``lang`` with the strength of its source (gis.quality.source_strength)."""
    conf = confidence_label(s(confidence), lang)
    kind = strength_label(source_strength(source), lang)
    return f"{conf}{semi(lang)}{kind}" if conf else kind


def figure_table(figures: Iterable[Mapping[str, object]], lang: str) -> Table:
    """Each figure with its value (as precise as its source), year (or "year not stated"), source,
    confidence (with the source's strength) and note."""
    rows = []
    for f in figures:
        rows.append(
            [
                pick(f, "label", lang) or s(f.get("key")),
                figure_value_text(f, lang) or unknown(lang),
                year_text(f.get("year"), lang),
                source_text(f.get("source"), lang),
                confidence_text(f.get("confidence"), f.get("source"), lang),
                label(FIGURE_NOTES, s(f.get("note")), lang),
            ]
        )
    return Table(
        text(lang, "数据（含年份与来源）", "Figures (with year and source)"), _figure_headers(lang), rows
    )


def _sector_table(nos: list[int], ctx: CardContext, lang: str) -> Table | None:
    rows = []
    for no in sorted(set(nos)):
        sec = ctx.sectors.get(no)
        if sec is None:
            continue
        va = sec.get("va_2020")
        unit = sec.get("unit")
        open_, close = text(lang, "（", " ("), text(lang, "）", ")")
        rows.append(
            [
                f"{no} {pick(sec, 'sector', lang)}",
                with_unit(num(sec.get("output_2020")), unit, lang)
                + f"{open_}{text(lang, '年均', 'CAGR')} {num(sec.get('output_cagr_pct'))}%{close}",
                unknown(lang) if missing(va) else with_unit(num(va), unit, lang),
                plan_place(sec.get("source"), lang),
            ]
        )
    if not rows:
        return None
    headers = [
        text(lang, "产业", "Sector"),
        text(lang, "全省产值目标", "Output target (province-wide)"),
        text(lang, "全省增加值目标", "Value-added target (province-wide)"),
        text(lang, "来源", "Source"),
    ]
    heading = text(
        lang,
        "所属专栏10产业及2020年全省目标（全省目标，非本园区目标）",
        "Box 10 sectors and their province-wide 2020 targets (not this park's own targets)",
    )
    return Table(heading, headers, rows)


def _petrochem_table(ctx: CardContext, lang: str) -> Table:
    rows = [
        [
            pick(g, "name", lang),
            with_unit(num(g.get("value")), g.get("unit"), lang),
            year_text(g.get("year"), lang),
            goal_kind_label(g.get("kind"), lang),
            plan_place(g.get("source"), lang),
        ]
        for g in ctx.petrochem_goals
    ]
    headers = [
        text(lang, "目标", "Goal"),
        text(lang, "数值", "Value"),
        text(lang, "年份", "Year"),
        text(lang, "性质", "Kind"),
        text(lang, "来源", "Source"),
    ]
    heading = text(
        lang,
        "全省石化目标（规划，非本基地单独目标）",
        "Province-wide petrochemical goals (plan; not this base alone)",
    )
    return Table(heading, headers, rows)


def _cluster_table(cluster_ids: list[str], ctx: CardContext, lang: str) -> Table | None:
    rows = [
        [
            pick(c, "name", lang),
            provenance_label(c.get("provenance"), lang),
            target_text(c, lang),
            plan_place(c.get("source"), lang),
            plan_place(c.get("host_parks_source"), lang) or unknown(lang),
        ]
        for c in (ctx.clusters[cid] for cid in cluster_ids if cid in ctx.clusters)
    ]
    if not rows:
        return None
    headers = [
        text(lang, "集群", "Cluster"),
        text(lang, "出处", "Provenance"),
        text(lang, "2020年目标", "2020 target"),
        text(lang, "来源", "Source"),
        text(lang, "承载园区的来源", "Source of its host parks"),
    ]
    return Table(text(lang, "所属千亿产业集群", "100-billion-yuan clusters it hosts"), headers, rows)


def _sources_table(sources: list[Mapping], lang: str) -> Table:
    headers = [
        text(lang, "出处", "Reference"),
        text(lang, "内容", "What"),
        text(lang, "可信度（来源类别）", "Confidence (kind of source)"),
    ]
    rows = [
        [
            source_text(x.get("ref"), lang),
            source_what_label(x.get("what"), lang),
            confidence_text(x.get("confidence"), x.get("ref"), lang),
        ]
        for x in sources
    ]
    return Table(text(lang, "资料来源", "Sources"), headers, rows)


def demo_counts_text(goal: Mapping | None, lang: str) -> str:
    """The plan's demonstration-base counts (base-year baseline and target) as plain text.

    ``goal`` is the ``demo_bases`` row of :func:`clusters.targets.park_goals`; the base year is
    :func:`clusters.goals.base_year`, the target year the row's own ``year``.
    """
    if not goal:
        return ""
    count = text(lang, "个", "bases")
    target = f"{s(goal.get('comparator'))}{num(goal.get('value'))} {count}".strip()
    base = base_year().whole
    year = s(goal.get("year"), str(target_year().whole))
    note = s(goal.get("baseline_note"))
    national = re.search(r"国家级(\d+)", note)
    base_en = f"{num(goal.get('baseline_2015'))} bases" + (
        f" ({national.group(1)} national)" if national else ""
    )
    level = text(lang, "省级以上", "provincial and above")
    return (
        f"{text(lang, '规划', 'Plan')}{text(lang, f'（{level}）：', f' ({level}): ')}"
        f"{text(lang, f'{base}年 ', f'{base}: ')}"
        f"{text(lang, note, base_en)}"
        f"{semi(lang)}{text(lang, f'{year}年目标', f'{year} target')} {target}"
        f"{text(lang, '（', ' (')}{plan_place(goal.get('source'), lang)}{text(lang, '）', ')')}"
    )


# ---------------------------------------------------------------------------------------------- park card
def _area_text(row: Record, pid: str, figures: list[Mapping], ctx: CardContext, lang: str) -> str:
    area = next((f for f in figures if "area" in str(f.get("key", ""))), None)
    if area is not None:
        open_, sep, close = text(lang, "（", " ("), text(lang, "，", ", "), text(lang, "）", ")")
        out = (
            figure_value_text(area, lang)
            + f"{open_}{pick(area, 'label', lang)}{sep}{year_text(area.get('year'), lang)}{sep}"
            + f"{text(lang, '来源', 'source')}: "
            + f"{source_text(area.get('source'), lang) or unknown(lang)}{close}"
        )
    else:
        out = text(lang, "未知（无可靠来源）", "unknown (no reliable source)")
    km2 = ctx.areas_km2.get(pid)
    if km2 is None:
        return out
    measured = text(
        lang,
        f"边界面积 {km2:,.2f} km²（按等积投影由边界推算）",
        f"boundary area {km2:,.2f} km² (derived from the boundary, equal-area projection)",
    )
    return measured if area is None else f"{measured}{semi(lang)}{out}"


def _quality_text(row: Record, lang: str) -> str:
    q = row.get("geometry_quality")
    quality = quality_label(q, lang) if not missing(q) else unknown(lang)
    if q == "approximate":
        quality += text(lang, *QUALITY_NOTE)
    src = s(row.get("position_source"))
    conf = confidence_text(row.get("position_confidence"), src, lang) if src else ""
    shown = source_text(src, lang)
    bits = (pick(row, "position_note", lang), f"{text(lang, '来源', 'source')}: {shown}" if src else "", conf)
    extra = semi(lang).join(x for x in bits if x)
    return f"{quality}{text(lang, '（', ' (')}{extra}{text(lang, '）', ')')}" if extra else quality


def _park_facts(row: Record, pid: str, figures: list[Mapping], ctx: CardContext, lang: str) -> list:
    u = unknown(lang)
    kind, level = row.get("kind"), row.get("level")
    roles = [role_label(r, lang) for r in as_list(row.get("roles"))]
    place = place_names([s(row.get(k)) for k in ("city", "county")], lang) or u
    industries = [industry_label(i, lang) for i in as_list(row.get("industries"))]
    zone_type = row.get("zone_type")
    facts = [
        (text(lang, "类型", "Kind"), u if missing(kind) else kind_label(kind, lang)),
        (text(lang, "级别", "Level"), level_label(None if missing(level) else level, lang)),
        (
            text(lang, "开发区类型", "Zone type"),
            u if missing(zone_type) else zone_type_label(zone_type, lang),
        ),
        (text(lang, "所在地", "Location"), place),
        (text(lang, "主导产业", "Leading industries"), text(lang, "、", ", ").join(industries) or u),
        (text(lang, "面积", "Area"), _area_text(row, pid, figures, ctx, lang)),
        (text(lang, "身份", "Listed as"), semi(lang).join(roles) or u),
    ]
    if not missing(row.get("base")):
        facts.append((text(lang, "石化基地", "Petrochemical base"), base_label(row.get("base"), lang)))
    demo = demo_counts_text(ctx.demo_goal, lang)
    if demo and decided(ctx.demonstration, pid, row, is_demonstration_base):
        facts.append((text(lang, "示范基地", "Demonstration bases"), demo))
    facts.append((text(lang, "规划出处", "Named in the plan at"), _plan_refs_text(row, lang)))
    facts.append((text(lang, "几何质量", "Geometry quality"), _quality_text(row, lang)))
    return facts


def _plan_refs_text(row: Record, lang: str) -> str:
    """Where the plan names the park, with the plan's own words (quoted: original text)."""
    words = {
        str(w.get("ref")): w.get("words") for w in as_list(row.get("plan_words")) if isinstance(w, Mapping)
    }
    refs = []
    for ref in as_list(row.get("plan_refs")):
        said = s(words.get(ref))
        quote = text(lang, f"（“{said}”）", f" (as “{said}”)") if said else ""
        refs.append(plan_place(ref, lang) + quote)
    return semi(lang).join(refs) or text(lang, "规划未点名", "not named in the plan")


def _names(row: Record, fallback: str, lang: str) -> tuple[str, str]:
    """Title (name in ``lang``) and subtitle (the other language's name, when different)."""
    title = pick(row, "name", lang) or fallback
    other = s(row.get(text(lang, "name_en", "name_zh")))
    other = other if other != title else ""
    made = s(row.get("name_en_kind"))
    if made in ("transliteration", "usual") and not missing(row.get("name_en")):
        said = "transliterated, not an official name" if made == "transliteration" else "usual English form"
        other = text(lang, other, f"{other} · English name {said}".lstrip(" ·"))
    return title, other


def park_card(
    row: Record, *, lang: str = "zh", ctx: CardContext | None = None, park_id: str | None = None
) -> Card:
    """Everything the atlas knows about one park, each number with its year and source, unknowns said.

    ``row`` is a park record (``id`` or ``park_id`` names it; a pandas Series' name is used otherwise).
    """
    ctx = ctx or CardContext()
    pid = str(park_id if park_id is not None else row.get("id", getattr(row, "name", "")))
    card = Card(PARK, pid, *_names(row, pid, lang))
    figures = [f for f in as_list(row.get("figures")) if isinstance(f, Mapping)]
    card.facts = _park_facts(row, pid, figures, ctx, lang)
    if row.get("geometry_quality") != "boundary":
        card.warn.add(card.facts[-1][0])
    if figures:
        card.tables.append(figure_table(figures, lang))
    else:
        card.notes.append(text(lang, "暂无带来源的数据。", "No sourced figures yet."))
    sector_nos = [int(x) for x in as_list(row.get("sectors")) if str(x).strip().isdigit()]
    sectors = _sector_table(sector_nos + ctx.sector_parks.get(pid, []), ctx, lang)
    if sectors is not None:
        card.tables.append(sectors)
    if ctx.petrochem_goals and decided(ctx.petrochemical, pid, row, is_petrochemical):
        card.tables.append(_petrochem_table(ctx, lang))
    cluster_ids = list(
        dict.fromkeys([str(c) for c in as_list(row.get("clusters"))] + ctx.park_clusters.get(pid, []))
    )
    clusters = _cluster_table(cluster_ids, ctx, lang)
    if clusters is not None:
        card.tables.append(clusters)
    if not cluster_ids:
        card.notes.append(
            text(lang, "没有来源表明它属于某个千亿集群。", "No source puts it in a 100-billion-yuan cluster.")
        )
    card.notes += alternative_positions(row, lang)
    sources = [x for x in as_list(row.get("sources")) if isinstance(x, Mapping)]
    if sources:
        card.tables.append(_sources_table(sources, lang))
    return card


# ------------------------------------------------------------------------------------------- cluster card
def _cluster_figure_table(figures: Sequence[Mapping], lang: str) -> Table:
    rows = []
    for r in figures:
        comp = r.get("comparator")
        comp = "" if missing(comp) or comp == "=" else str(comp)
        rows.append(
            [
                cluster_measure_label(r.get("measure"), lang),
                with_unit(f"{comp}{num(r.get('value'))}", r.get("unit"), lang),
                year_text(r.get("year"), lang),
                source_text(r.get("source"), lang),
                confidence_text(r.get("confidence"), r.get("source"), lang),
                note_label(SCOPE_NOTES, r.get("scope_note"), lang),
            ]
        )
    return Table(text(lang, "已报道数据", "Reported figures"), _figure_headers(lang), rows)


def _hosts_text(hosts: Sequence[str], row: Record, lang: str) -> str:
    """A cluster's host parks with the source that names them as its hosts (not always the plan)."""
    src, names = plan_place(row.get("host_parks_source"), lang), text(lang, "、", ", ").join(hosts)
    if not hosts:
        return text(lang, "无来源说明", "no source names them")
    return names + (text(lang, f"（来源：{src}）", f" (source: {src})") if src else "")


def cluster_card(
    row: Record,
    *,
    lang: str = "zh",
    ctx: CardContext | None = None,
    cluster_id: str | None = None,
) -> Card:
    """Card of one 千亿 cluster: provenance first (plan or related documents), target, figures, sources."""
    ctx = ctx or CardContext()
    cid = str(cluster_id if cluster_id is not None else row.get("id", getattr(row, "name", "")))
    u = unknown(lang)
    card = Card(CLUSTER, cid, *_names(row, cid, lang))
    hosts = [
        pick(ctx.park_names.get(str(h), {}), "name", lang) or str(h) for h in as_list(row.get("host_parks"))
    ]
    sector_txt = text(lang, "、", ", ").join(
        f"{int(x)} {pick(ctx.sectors[int(x)], 'sector', lang)}" if int(x) in ctx.sectors else str(x)
        for x in as_list(row.get("sectors"))
    )
    card.facts = [
        (text(lang, "出处", "Provenance"), provenance_label(row.get("provenance"), lang)),
        (text(lang, "产业", "Industry"), pick(row, "industry", lang) or u),
        (
            text(lang, "所在城市", "Host cities"),
            text(lang, "、", ", ").join(place_names(c, lang) for c in as_list(row.get("host_cities")))
            or note_label(HOST_TEXTS, row.get("host_city_text"), lang)
            or u,
        ),
        (text(lang, "承载园区", "Host parks"), _hosts_text(hosts, row, lang)),
        (text(lang, "2020年目标", "2020 target"), target_text(row, lang)),
        (
            text(lang, "对应专栏10产业（按产业对应）", "Matching Box 10 sectors (by industry)"),
            sector_txt or u,
        ),
        (text(lang, "来源", "Source"), plan_place(row.get("source"), lang) or u),
    ]
    if not missing(row.get("confidence_note")):
        card.notes.append(note_label(CLUSTER_NOTES, row.get("confidence_note"), lang))
    if not bool(row.get("in_plan")):
        n_goal = clusters_goal().whole
        card.notes.append(
            text(
                lang,
                f"此集群不是规划所列的{n_goal}个千亿集群之一，来自相关文件。",
                f"This cluster is not one of the plan's {n_goal}; it comes from related documents.",
            )
        )
    figures = ctx.cluster_figures.get(cid, [])
    if figures:
        card.tables.append(_cluster_figure_table(figures, lang))
    return card
