"""What cards need besides their own row (:class:`CardContext`) and the value formatting cards share."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from gis.admin_names import english_name
from gis.measure import area_km2
from gis.parks import as_list, is_demonstration_base, is_petrochemical
from gis.quality import source_strength
from gis.research_texts import POSITION_TEXTS
from gis.text import Record, approx_number_text, label, text
from gis.vocab import source_text, strength_label, unit_label


# ----------------------------------------------------------------------------------------------- values
def missing(value: object) -> bool:
    """True for None, NaN and blank strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def s(value: object, default: str = "") -> str:
    """``str(value)``, or ``default`` for None / NaN / blank."""
    return default if missing(value) else str(value)


def num(value: object) -> str:
    """A number without spurious decimals (6800.0 -> "6,800", 12.5 -> "12.5")."""
    try:
        # any value: float() raises TypeError for what it cannot take (caught below)
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f):
        return ""
    return f"{f:,.0f}" if f == int(f) else f"{f:,.2f}".rstrip("0").rstrip(".")


def figure_value_text(f: Mapping[str, object], lang: str) -> str:
    """A figure's value as precise as its source, with its unit in ``lang``: ``约30 km²`` / ``about 30 km²``,
    ``865.86 公顷`` / ``865.86 ha``, ``767 亿元`` / ``767 100 million yuan``; ``""`` when it has no value."""
    value = f.get("value")
    if missing(value):
        return ""
    shown = (
        approx_number_text(f.get("value_text") or num(value), True, lang) if f.get("approx") else num(value)
    )
    return with_unit(shown, f.get("unit"), lang)


def with_unit(number: str, unit: object, lang: str) -> str:
    """``number`` with ``unit`` in ``lang``; a unit that is itself a number reads as a multiple
    (``767 × 100 million yuan``, never ``767 100 million yuan``)."""
    u = unit_label(unit, lang) if not missing(unit) else ""
    if not u or not number:
        return f"{number} {u}".strip()
    if u == "%":
        return f"{number}%"
    return f"{number} × {u}" if u[:1].isdigit() else f"{number} {u}"


def place_names(names: object, lang: str) -> str:
    """City / county names (Chinese, as the data holds them) in ``lang``: ``福州市`` → ``Fuzhou City``.

    ``names`` is one name or a list; an unknown name stays as written."""
    items = [str(n) for n in (names if isinstance(names, list | tuple) else [names]) if not missing(n)]
    return text(lang, "".join(items), ", ".join(english_name(n) for n in reversed(items)))


def alternative_positions(row: Record, lang: str) -> list[str]:
    """Other reported positions of a park (not drawn), each with its source and that source's strength."""
    out = []
    for alt in as_list(row.get("position_alternatives")):
        if not isinstance(alt, Mapping):
            continue
        src = s(alt.get("source"))
        where = f"{float(alt.get('lon', 0)):.4f}, {float(alt.get('lat', 0)):.4f}"
        strength = strength_label(source_strength(src), lang)
        out.append(
            text(lang, "另一报道位置（未采用）", "Another reported position (not used)")
            + f": {where} — {label(POSITION_TEXTS, s(alt.get('note')), lang, default=s(alt.get('note')))}"
            + semi(lang)
            + f"{text(lang, '来源', 'source')}: {source_text(src, lang)}"
            + f"{text(lang, '（', ' (')}{strength}{text(lang, '）', ')')}"
        )
    return out


def unknown(lang: str) -> str:
    """The word for a value nobody knows."""
    return text(lang, "未知", "unknown")


def semi(lang: str) -> str:
    return text(lang, "；", "; ")


def _records(table: pd.DataFrame | Mapping | None) -> dict:
    """``{index: {column: value}}`` of a table (a mapping passes through; pandas row access is slow)."""
    if table is None:
        return {}
    if isinstance(table, pd.DataFrame):
        return table.to_dict("index")
    return dict(table)


# ---------------------------------------------------------------------------------------------- context
@dataclass
class CardContext:
    """What cards need besides their own row, gathered once for all cards of a map or page."""

    sectors: dict = field(default_factory=dict)
    sector_parks: dict[str, list[int]] = field(default_factory=dict)
    clusters: dict = field(default_factory=dict)
    park_clusters: dict[str, list[str]] = field(default_factory=dict)
    petrochem_goals: list[dict] = field(default_factory=list)
    demo_goal: dict | None = None
    cluster_figures: dict[str, list[dict]] = field(default_factory=dict)
    park_names: dict[str, dict] = field(default_factory=dict)
    areas_km2: dict[str, float] = field(default_factory=dict)
    #: Park ids by rule (None: decide from the row alone).
    petrochemical: frozenset[str] | None = None
    demonstration: frozenset[str] | None = None


def _sector_parks(sector_places: pd.DataFrame | None) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    if sector_places is None or not len(sector_places):
        return out
    col = "park_ids" if "park_ids" in sector_places.columns else "park_id"
    for raw, no in zip(sector_places[col], sector_places["sector_no"], strict=True):
        items = raw if isinstance(raw, list) else str(raw or "").split(";")
        for pid in (str(i).strip() for i in items):
            if pid:
                out.setdefault(pid, []).append(int(no))
    return out


def _park_clusters(clusters: Mapping) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cid, c in clusters.items():
        for h in as_list(c.get("host_parks")):
            out.setdefault(str(h), []).append(str(cid))
    return out


def _areas(parks: gpd.GeoDataFrame) -> dict[str, float]:
    polys = parks[parks.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if not len(polys):
        return {}
    km2 = area_km2(gpd.GeoSeries(polys.geometry.values, crs=parks.crs or 4326))
    return {str(i): float(a) for i, a in zip(polys.index, km2, strict=True)}


def card_context(
    parks: gpd.GeoDataFrame | None = None,
    *,
    clusters: pd.DataFrame | Mapping | None = None,
    sectors: pd.DataFrame | Mapping | None = None,
    sector_places: pd.DataFrame | None = None,
    petrochem_goals: pd.DataFrame | Mapping | None = None,
    park_goals: pd.DataFrame | None = None,
    cluster_figures: pd.DataFrame | None = None,
) -> CardContext:
    """Gather what the cards of ``parks`` and ``clusters`` need (every argument optional)."""
    cl = _records(clusters)
    figs: dict[str, list[dict]] = {}
    if cluster_figures is not None and len(cluster_figures):
        for rec in cluster_figures.to_dict("records"):
            figs.setdefault(str(rec.get("cluster_id")), []).append(rec)
    ctx = CardContext(
        sectors={int(k): v for k, v in _records(sectors).items()},
        sector_parks=_sector_parks(sector_places),
        clusters=cl,
        park_clusters=_park_clusters(cl),
        petrochem_goals=list(_records(petrochem_goals).values()),
        cluster_figures=figs,
    )
    if park_goals is not None and "demo_bases" in park_goals.index:
        ctx.demo_goal = dict(park_goals.loc["demo_bases"])
    if parks is not None:
        ctx.petrochemical = frozenset(str(i) for i in parks.index[is_petrochemical(parks)])
        ctx.demonstration = frozenset(str(i) for i in parks.index[is_demonstration_base(parks)])
        cols = [c for c in ("name_zh", "name_en") if c in parks.columns]
        ctx.park_names = {str(k): v for k, v in pd.DataFrame(parks[cols]).to_dict("index").items()}
        ctx.areas_km2 = _areas(parks)
    return ctx


def decided(
    rule: frozenset[str] | None, pid: str, row: Record, test: Callable[[pd.DataFrame], pd.Series]
) -> bool:
    """Whether park ``pid`` is in ``rule`` (ids decided for all parks at once), else ``test`` of its row."""
    if rule is not None:
        return pid in rule
    frame = pd.DataFrame([{"kind": row.get("kind"), "roles": as_list(row.get("roles"))}])
    return bool(test(frame).iloc[0])


def atlas_cards(data: Mapping[str, Any]) -> CardContext:
    """The card context of :func:`layers.data.atlas_data`'s tables (map popups and side panel alike)."""
    return card_context(
        data["parks"],
        clusters=data["clusters"],
        sectors=data["sectors"],
        sector_places=data["sector_places"],
        petrochem_goals=data["petrochem_goals"],
        park_goals=data["park_goals"],
        cluster_figures=data["cluster_figures"],
    )
