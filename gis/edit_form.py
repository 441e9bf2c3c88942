"""What the map editor's form shows and sends for one park (no UI): current values, figure choices, the edit.

The page lays out widgets; this module turns a park record into the form's starting values and the typed
values back into the arguments of :func:`gis.store.edits.save_park_edit`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from gis.drawn import DrawnShape
from gis.import_vocab import store_action_label
from gis.parks import as_list
from gis.text import text
from gis.vocab import LEVELS, level_label

#: Fields of one figure in the form.
FIGURE_FORM = ("label_zh", "label_en", "value", "unit", "year", "source", "note")
NEW = ""


def _s(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


@dataclass
class ParkForm:
    """Starting values of the form for one park (or a new one: ``park_id`` None)."""

    park_id: str | None
    name_zh: str = ""
    name_en: str = ""
    level: str = "unknown"
    industries: str = ""
    figures: list[dict[str, Any]] = field(default_factory=list)
    geometry: Any = None
    quality: str = ""

    def figure_labels(self, lang: str) -> dict[str, str]:
        """Choices of the figure picker: ``""`` (a new figure) then ``key|year`` of each current figure."""
        out = {NEW: text(lang, "＋ 新增一条数据", "+ Add a figure")}
        for f in self.figures:
            label = f.get(f"label_{lang}") or f.get("label_zh") or f.get("key")
            year = f.get("year") or text(lang, "年份未说明", "year not stated")
            out[figure_id(f)] = f"{label} ({year}): {_s(f.get('value'))} {_s(f.get('unit'))}".strip()
        return out

    def figure(self, fid: str) -> dict[str, Any]:
        """The current figure ``fid`` as form values (all text), or empty values for a new one."""
        for f in self.figures:
            if figure_id(f) == fid:
                return {k: _s(f.get(k)) for k in FIGURE_FORM} | {"key": _s(f.get("key"))}
        return dict.fromkeys((*FIGURE_FORM, "key"), "")

    def originals(self) -> dict[tuple[str, Any], dict[str, Any]]:
        """``(key, year) -> figure`` of the current figures (a changed value must name a new source)."""
        return {(str(f.get("key")), _year(f.get("year"))): f for f in self.figures}


def _year(v: object) -> int | None:
    try:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else int(float(str(v)))
    except ValueError:
        return None


def figure_id(f: Mapping[str, Any]) -> str:
    """Stable id of a figure in the picker."""
    return f"{f.get('key')}|{_year(f.get('year')) or ''}"


def park_form(parks: gpd.GeoDataFrame, park_id: str | None) -> ParkForm:
    """The form's starting values for ``park_id`` of ``parks`` (a blank form for a new park)."""
    if park_id is None or park_id not in parks.index:
        return ParkForm(park_id=None)
    row = parks.loc[park_id]
    level = _s(row.get("level")) or "unknown"
    return ParkForm(
        park_id=str(park_id),
        name_zh=_s(row.get("name_zh")),
        name_en=_s(row.get("name_en")),
        level=level if level in LEVELS else "unknown",
        industries="、".join(map(str, as_list(row.get("industries")))),
        figures=[dict(f) for f in as_list(row.get("figures")) if isinstance(f, Mapping)],
        geometry=row.geometry,
        quality=_s(row.get("geometry_quality")),
    )


def level_choices(lang: str) -> dict[str, str]:
    """Level keys and their labels."""
    return {k: level_label(k, lang) for k in LEVELS}


def typed_figure(values: Mapping[str, Any], fid: str) -> list[dict[str, Any]]:
    """The figure typed in the form as a list for ``save_park_edit`` (empty when nothing was typed)."""
    rec = {k: values.get(k) for k in FIGURE_FORM}
    if not any(_s(v).strip() for v in rec.values()):
        return []
    key = fid.split("|", 1)[0] if fid else ""
    return [{**rec, "key": key}]


def preview_frames(shape: DrawnShape, old_geometry: Any) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None]:
    """(new, old) one-row frames for the old-vs-new preview map."""
    old = None
    if old_geometry is not None and not getattr(old_geometry, "is_empty", True):
        old = gpd.GeoDataFrame({"geometry": [old_geometry]}, geometry="geometry", crs="EPSG:4326")
    return shape.frame(), old


def history_rows(hist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The map editor's changes (newest first): change, when, note, undone."""
    mine = hist[hist["what"].isin(["edit_park", "undo"])].head(10)
    return pd.DataFrame(
        {
            text(lang, "编号", "change"): mine["change_id"].astype(str),
            text(lang, "操作", "what"): [store_action_label(w, lang) for w in mine["what"]],
            text(lang, "用户", "by"): mine["actor"].fillna("desktop").astype(str) if "actor" in mine else "",
            text(lang, "时间 (UTC)", "when (UTC)"): mine["at"].astype(str).str[:19],
            text(lang, "备注", "note"): mine["note"].fillna("").astype(str),
            text(lang, "已撤销", "undone"): [text(lang, "是", "yes") if u else "" for u in mine["undone"]],
        }
    )
