"""Edits made on the map: a park's drawn shape, names, level, industries and figures, saved like an import.

One edit is one change (one transaction, one ``history`` row ``edit_park``, undone with
:func:`gis.store.undo`). It uses the store's existing tables, no new column:

- the shape: a ``boundaries`` row with ``geometry_quality = "hand_traced"`` (a drawn shape is never a
  surveyed boundary), or ``"point_unknown"`` for a point placed by hand (never an exact point), and the
  edited attributes in ``attributes``;
- the figures: ``figures`` rows with ``subject_type = "park_edit"``, each with the source the user typed
  (required) and ``confidence = "user input"``;
- attributes without a new shape: one ``figures`` row ``subject_type = "park_attributes"``, ``key =
  "attributes"``, the attributes in ``extra``.

:func:`apply_park_edits` lays the edits over the parks in force (called by :func:`gis.store.merge`).
A new park (in no shipped list) gets the id ``user-edit-<change>`` and provenance ``user_new``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from gis.auth import Actor, require
from gis.errors import DataValidationError
from gis.store.boundaries import _in_force, _round_geom, _txt
from gis.store.connection import _history_row, _refresh_current, _transaction, _update_extent
from gis.store.records import load_figures
from gis.store.schema import FIGURE_COLUMNS, _now
from gis.store.values import _to_blob
from gis.tabular import parse_number
from gis.vocab import LEVELS

#: The ``source_file`` of every edit made on the map, and its history action.
EDIT_SOURCE = "map editor"
EDIT_ACTION = "edit_park"
HAND_TRACED = "hand_traced"
POINT_PLACED = "point_unknown"
FIGURE_SUBJECT = "park_edit"
ATTR_SUBJECT = "park_attributes"
#: What a user figure's ``confidence`` says (user input never wears the plan's source).
USER_INPUT = "user input"
#: Park attributes the map editor may change (where a drawn park lies is set from its shape).
EDITABLE_ATTRS = ("name_zh", "name_en", "level", "industries", "county", "adcode", "city", "city_adcode")
#: What the source entry of attributes edited on the map supports (gis.vocab.SOURCE_WHAT).
EDITED_WHAT = "attributes edited on the map (user input)"
FIGURE_FIELDS = ("key", "label_zh", "label_en", "value", "unit", "year", "source", "note")


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() in ("", "None", "nan")


def check_attributes(attrs: Mapping[str, Any] | None, *, new: bool = False) -> dict[str, Any]:
    """The editable attributes cleaned (names stripped, industries a list, level a known key).

    Raises
    ------
    DataValidationError
        An unknown level, or a new park without a Chinese name.
    """
    out: dict[str, Any] = {}
    for k, v in (attrs or {}).items():
        if k not in EDITABLE_ATTRS:
            continue
        if k == "industries":
            items = (
                v
                if isinstance(v, list | tuple)
                else str(v or "").replace("，", "、").replace(",", "、").split("、")
            )
            out[k] = [str(x).strip() for x in items if str(x).strip()]
        elif k == "level":
            if _blank(v):
                continue
            if str(v) not in LEVELS:
                raise DataValidationError(
                    f"unknown level '{v}'",
                    field="level",
                    hint=f"choose one of {', '.join(LEVELS)}",
                    message_zh=f"未知的级别“{v}”",
                    hint_zh="从列表中选择级别",
                )
            out[k] = str(v)
        elif not _blank(v):
            out[k] = str(v).strip()
    if new and not out.get("name_zh"):
        raise DataValidationError(
            "a new park needs a Chinese name",
            field="name_zh",
            hint="type the park's name (中文名称)",
            message_zh="新园区需要中文名称",
            hint_zh="填写园区的中文名称",
        )
    return out


def _figure_error(n: int, label: str, en: str, zh: str, hint: str, hint_zh: str) -> DataValidationError:
    # The message names the figure; no "row / field" prefix with a machine key (it is a form, not a file).
    return DataValidationError(
        f"figure {n} ({label}): {en}",
        hint=hint,
        message_zh=f"第 {n} 条数据（{label}）：{zh}",
        hint_zh=hint_zh,
    )


def check_figures(
    rows: Sequence[Mapping[str, Any]], originals: Mapping[tuple[str, Any], Mapping[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Figures typed in the editor, checked: a number, a whole year if any, and a **source** (required).

    ``originals`` maps ``(key, year)`` to the figure shown before editing: a changed value or year that keeps
    a shown figure's source is refused (the new figure is the user's, not the original document's), and a
    shown figure sent back unchanged is not saved (it is the document's figure, not user input).

    Raises
    ------
    DataValidationError
        Naming the figure (1-based) and the field, in English and Chinese.
    """
    out = []
    for n, row in enumerate(rows, start=1):
        rec = {k: row.get(k) for k in FIGURE_FIELDS}
        if all(_blank(rec.get(k)) for k in ("key", "label_zh", "label_en", "value")):
            continue
        label = next((str(rec[k]) for k in ("label_zh", "label_en", "key") if not _blank(rec.get(k))), str(n))
        value = parse_number(rec.get("value"))
        if value is None or math.isnan(value):
            raise _figure_error(
                n, label, f"value '{rec.get('value')}' is not a number",
                f"数值“{rec.get('value')}”不是数字", "type a plain number (1,234 or 12.5)",
                "只填数字（如 1,234 或 12.5）",
            )  # fmt: skip
        year = None if _blank(rec.get("year")) else parse_number(rec.get("year"))
        if year is not None and (math.isnan(year) or year != round(year) or not 1949 <= year <= 2100):
            raise _figure_error(
                n, label, f"year '{rec.get('year')}' is not a year",
                f"年份“{rec.get('year')}”不是有效年份",
                "write the year like 2020, or leave it empty (year not stated)",
                "年份写成 2020，未说明年份可留空",
            )  # fmt: skip
        source = "" if _blank(rec.get("source")) else str(rec["source"]).strip()
        if not source:
            raise _figure_error(
                n, label, "a source is required",
                "必须填写来源",
                "name the document: title, outlet, date or address (e.g. 'Land bureau survey 2024')",
                "写明出处：文件标题、发布单位、日期或网址（如“2024年国土调查”）",
            )  # fmt: skip
        key = str(rec.get("key") or "").strip() or f"user_{n}"
        yr = int(year) if year is not None else None
        shown = _shown_with_source(originals, key, source)
        if any(_same_figure(o, value, yr, rec) for o in shown):
            continue  # the document's figure as shown, unchanged: not the user's, so not saved as user input
        if shown:
            # a changed value or year under a shown figure's own source would make the user's figure wear
            # the document's source
            raise _figure_error(
                n, label, "the value or year changed but the source is still the original figure's",
                "数值或年份已修改，但来源仍是原数据的来源", "name the document the new value comes from",
                "写明新数值的出处",
            )  # fmt: skip
        rec.update(key=key, value=float(value), year=yr, source=source)
        out.append(rec)
    return out


def _shown_with_source(
    originals: Mapping[tuple[str, Any], Mapping[str, Any]] | None, key: str, source: str
) -> list[Mapping[str, Any]]:
    """The figures shown before editing with this ``key`` (any year) and this very ``source``."""
    items = (originals or {}).items()
    return [o for (k, _y), o in items if k == key and _plain(o.get("source")) == source]


def _same_figure(orig: Mapping[str, Any], value: float, year: int | None, rec: Mapping[str, Any]) -> bool:
    """Whether the typed figure is ``orig`` unchanged (value, year, unit and note)."""
    oyear = None if _blank(orig.get("year")) else int(float(str(orig.get("year"))))
    try:
        ovalue = float(str(orig.get("value")))
    except ValueError:
        return False
    return (
        math.isclose(ovalue, value, rel_tol=1e-12)
        and oyear == year
        and _plain(orig.get("unit")) == _plain(rec.get("unit"))
        and _plain(orig.get("note")) == _plain(rec.get("note"))
    )


def _plain(v: object) -> str:
    return "" if _blank(v) else str(v).strip()


def _figure_rows(
    pid: str, figures: list[dict[str, Any]], attrs: dict[str, Any] | None, when: str, change: int
):
    rows = []
    for i, f in enumerate(figures):
        vals = {
            "subject_type": FIGURE_SUBJECT,
            "subject_id": pid,
            "key": f["key"],
            "label": _txt(f.get("label_zh")) or _txt(f.get("label_en")),
            "year": f.get("year"),
            "value": f["value"],
            "unit": _txt(f.get("unit")),
            "source": f["source"],
            "confidence": USER_INPUT,
            "note": _txt(f.get("note")),
        }
        extra = {"label_en": _txt(f.get("label_en"))}
        rows.append(
            (*[vals[c] for c in FIGURE_COLUMNS], json.dumps(extra, ensure_ascii=False), i, when, change)
        )
    if attrs is not None:
        avals: dict[str, Any] = dict.fromkeys(FIGURE_COLUMNS)
        avals.update(subject_type=ATTR_SUBJECT, subject_id=pid, key="attributes", confidence=USER_INPUT)
        blob = json.dumps({"attributes": attrs}, ensure_ascii=False)
        rows.append((*[avals[c] for c in FIGURE_COLUMNS], blob, len(rows), when, change))
    return rows


def save_park_edit(
    park_id: str | None,
    *,
    geometry: BaseGeometry | None = None,
    attributes: Mapping[str, Any] | None = None,
    figures: Sequence[Mapping[str, Any]] = (),
    originals: Mapping[tuple[str, Any], Mapping[str, Any]] | None = None,
    note: str = "",
    user: Actor | None = None,
    path: str | Path | None = None,
) -> tuple[int, str]:
    """Save one map edit as one change; return ``(change_id, park_id)``.

    ``user`` is the acting account (an editor, :func:`gis.auth.require`), recorded in the history with the
    park and the change its boundary replaced.

    ``park_id`` ``None`` adds a new park (it then needs ``geometry`` and a Chinese name). ``geometry`` is the
    checked drawn shape (:func:`gis.drawn.shape_from_drawings`), stored as ``hand_traced`` (a point as
    ``point_unknown``).

    Raises
    ------
    DataValidationError
        A figure without a source, a bad number or year, an unknown level, an empty edit, a new park without
        a shape or name (nothing is written then).
    """
    actor = require(user, "edit")
    new = park_id is None or str(park_id).strip() == ""
    attrs = check_attributes(attributes, new=new)
    figs = check_figures(figures, originals)
    if new and geometry is None:
        raise DataValidationError(
            "a new park needs a shape or a point",
            field="geometry",
            hint="draw the park on the map first",
            message_zh="新园区需要边界或点位",
            hint_zh="先在地图上画出园区",
        )
    if geometry is None and not attrs and not figs:
        raise DataValidationError(
            "nothing to save",
            hint="draw a shape, change an attribute or add a figure",
            message_zh="没有可保存的修改",
        )
    if geometry is not None and (geometry.is_empty or not geometry.is_valid):
        raise DataValidationError(
            "the drawn shape is empty or invalid", field="geometry", message_zh="所画图形为空或无效"
        )
    when = _now()
    with _transaction(path) as con:
        next_id = con.execute(
            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'history'), "
            "(SELECT MAX(change_id) FROM history), 0) + 1"
        ).fetchone()[0]
        pid = f"user-edit-{next_id}" if new else str(park_id)
        change = _history_row(
            con,
            EDIT_ACTION,
            EDIT_SOURCE,
            note,
            int(geometry is not None) + len(figs),
            actor=actor.name,
            parks=[pid],
            before={"boundaries": _in_force(con, [pid])} if geometry is not None else None,
            after={"boundaries": [pid]} if geometry is not None else None,
        )
        if geometry is not None:
            geom = _round_geom(geometry)
            con.execute(
                "INSERT INTO boundaries (geom, park_id, name_zh, name_en, is_new, geometry_quality, "
                "source_file, source_note, accepted_at, change_id, attributes) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    _to_blob(geom), pid, attrs.get("name_zh"), attrs.get("name_en"), int(new), _quality(geom),
                    EDIT_SOURCE, note, when, change, json.dumps(attrs, ensure_ascii=False),
                ),
            )  # fmt: skip
            _update_extent(con, [geom])
        rows = _figure_rows(pid, figs, attrs if attrs else None, when, change)
        if rows:
            con.executemany(
                f"INSERT INTO figures ({', '.join(FIGURE_COLUMNS)}, extra, row_no, saved_at, change_id) "
                f"VALUES ({', '.join('?' * (len(FIGURE_COLUMNS) + 4))})",
                [(*r[:-3], r[-3], r[-2], r[-1]) for r in rows],
            )
        _refresh_current(con)
    return change, pid


def _quality(geom: BaseGeometry) -> str:
    """The declared quality of a shape from the map editor: a point placed by hand or a hand-traced shape."""
    return POINT_PLACED if geom.geom_type == "Point" else HAND_TRACED


def _user_figure(rec: Mapping[Any, Any]) -> dict[str, Any]:
    label_en = rec.get("label_en")
    return {
        "key": rec["key"],
        "label_zh": rec.get("label") or rec["key"],
        "label_en": label_en if isinstance(label_en, str) and label_en else (rec.get("label") or rec["key"]),
        "value": rec.get("value"),
        "unit": rec.get("unit") or "",
        "year": None if pd.isna(rec.get("year")) else int(rec["year"]),
        "source": rec.get("source"),
        "confidence": USER_INPUT,
        "note": rec.get("note") or "",
    }


def apply_park_edits(merged: gpd.GeoDataFrame, *, path: str | Path | None = None) -> gpd.GeoDataFrame:
    """``merged`` (the parks in force) with the map edits in force laid over: attributes, figures (a user
    figure replaces the one of the same key and year) and the "hand-traced on the map" position note."""
    figs = load_figures(path=path)
    if figs.empty:
        return merged
    edits = figs[figs["subject_type"].isin([FIGURE_SUBJECT, ATTR_SUBJECT])]
    if edits.empty:
        return merged
    out = merged.copy()
    for pid, group in edits.groupby("subject_id", sort=False):
        if pid not in out.index:
            continue
        edited: list[str] = []
        for rec in group[group["subject_type"] == ATTR_SUBJECT].to_dict("records"):
            for k, v in (rec.get("attributes") or {}).items():
                if k in EDITABLE_ATTRS and k in out.columns:
                    out.at[pid, k] = v
                    edited.append(k)
        if edited and "sources" in out.columns:
            # the edited attributes are the user's: say so beside the documents the shipped ones came from
            mine = {"ref": EDIT_SOURCE, "what": EDITED_WHAT, "confidence": USER_INPUT}
            out.at[pid, "sources"] = [*(out.at[pid, "sources"] or []), mine]
        user = [_user_figure(r) for r in group[group["subject_type"] == FIGURE_SUBJECT].to_dict("records")]
        if user:
            keys = {(f["key"], f["year"]) for f in user}
            old = [f for f in (out.at[pid, "figures"] or []) if (f.get("key"), f.get("year")) not in keys]
            out.at[pid, "figures"] = [*old, *user]
    return _hand_traced_notes(out)


def _hand_traced_notes(out: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Position notes of shapes drawn and points placed on the map say so (not "imported")."""
    if "geometry_quality" not in out.columns:
        return out
    drawn = out["geometry_quality"] == HAND_TRACED
    placed = (out["geometry_quality"] == POINT_PLACED) & (out.get("user_source_file") == EDIT_SOURCE)
    for pid in out.index[drawn | placed]:
        at = str(out.at[pid, "user_accepted_at"] or "")[:16].replace("T", " ")
        if drawn[pid]:
            out.at[pid, "position_note_zh"] = f"在地图上手绘（{at} UTC），非测绘边界"
            out.at[pid, "position_note_en"] = f"Hand-traced on the map ({at} UTC), not a surveyed boundary"
        else:
            out.at[pid, "position_note_zh"] = f"在地图上手工放置（{at} UTC）"
            out.at[pid, "position_note_en"] = f"Placed by hand on the map ({at} UTC)"
        out.at[pid, "position_source"] = EDIT_SOURCE
    return out
