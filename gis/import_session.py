"""One import of the user's own boundaries, as the data page shows it (no UI): the parks to match against,
the check report, the match table with areas, what the preview compares, the store's history and exports.

Reading is :func:`gis.io.read_vector`, checks and matching are :mod:`gis.validate`, storing is
:mod:`gis.store`; this module turns their results into the tables shown, in the language given.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gis import store
from gis.crs import CRSConfirmationNeeded
from gis.errors import AtlasError
from gis.import_vocab import (
    COORD_SHORT,
    CRS_ORIGINS,
    FILE_FORMATS,
    IMPORT_STAGES,
    match_status_label,
    report_level_label,
    store_action_label,
)
from gis.io import ImportResult, read_vector
from gis.jobs import Progress, part, step
from gis.measure import area_ha
from gis.parks import figure_value, load_parks, parks_in_force
from gis.text import Pair, field, label, normalize_lang, text
from gis.validate import match_parks

#: Export files of the data page, in the order shown.
EXPORT_FILES = ("user_store.gpkg", "user_store.geojson", "parks_merged.gpkg", "parks_merged.geojson")
EXPORT_MIMES = {".gpkg": "application/geopackage+sqlite3", ".geojson": "application/geo+json"}
#: Headings of the store's history table.
HISTORY_HEADINGS: dict[str, Pair] = {
    "change_id": Pair("编号", "change"),
    "what": Pair("操作", "what"),
    "at": Pair("时间 (UTC)", "when (UTC)"),
    "source_file": Pair("来源文件", "source file"),
    "note": Pair("备注", "note"),
    "n_rows": Pair("行数", "rows"),
    "undone": Pair("已撤销", "undone"),
    "undone_at": Pair("撤销时间", "undone at"),
    "target": Pair("撤销的修改", "undid change"),
}


def known_parks() -> tuple[gpd.GeoDataFrame, list[tuple[Pair, str]]]:
    """Parks to match against: the parks in force (shipped + the user's), or the shipped ones if the store
    is unreadable.

    Returns the parks and the problems met on the way (what could not be read, and the error text), so the
    caller can show them; an empty frame when neither can be read.
    """
    problems: list[tuple[Pair, str]] = []
    try:
        return parks_in_force(), problems
    except (AtlasError, OSError) as exc:
        problems.append((Pair("无法读取用户数据库：", "Cannot read the user store: "), str(exc)))
    try:
        return load_parks(), problems
    except (AtlasError, OSError) as exc:
        problems.append((Pair("无法读取园区数据：", "Cannot read the shipped parks: "), str(exc)))
        return gpd.GeoDataFrame({"name_zh": []}, geometry=[], crs=4326), problems


def approved_ha(parks: pd.DataFrame, pid: object) -> float | None:
    """The known park's approved area in ha (``figures`` key ``approved_area_ha``), if it has one."""
    if pid is None or pid not in parks.index or "figures" not in parks:
        return None
    fig = figure_value(parks.loc[pid], "approved_area_ha")  # type: ignore[call-overload]
    try:
        return None if fig is None else float(fig.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def error_parts(exc: AtlasError, lang: str) -> pd.DataFrame:
    """Where and how to fix an import error, one row per item, in ``lang``."""
    return pd.DataFrame(
        {
            text(lang, "项目", "item"): [
                text(lang, "文件", "file"),
                text(lang, "要素/行", "feature/row"),
                text(lang, "字段", "field"),
                text(lang, "如何修正", "how to fix"),
            ],
            text(lang, "内容", "value"): [
                str(exc.file or ""),
                "" if exc.feature is None else str(exc.feature),
                str(exc.field or ""),
                str(exc.hint_in(lang) or ""),
            ],
        }
    )


def summary_line(result: ImportResult, lang: str) -> str:
    """Format, CRS (and where it came from), coordinate offset and encoding of a read file."""
    s = result.summary()
    enc = s["encoding"]
    fmt = label(FILE_FORMATS, s["format"], lang, default=str(s["format"]))
    origin = label(CRS_ORIGINS, s["crs_origin"], lang, default=str(s["crs_origin"]))
    coords = label(COORD_SHORT, s["coords"], lang, default=str(s["coords"]))
    return text(
        lang,
        f"格式 {fmt}；坐标系 {s['crs']}（{origin}）→ WGS84；坐标偏移 {coords}"
        + (f"；编码 {enc}" if enc else ""),
        f"Format {fmt}; CRS {s['crs']} ({origin}) → WGS84; offset {coords}"
        + (f"; encoding {enc}" if enc else ""),
    )


def report_table(result: ImportResult, lang: str) -> pd.DataFrame:
    """The check report in ``lang``: level, feature/row, field, message (empty when nothing to report)."""
    frame = result.report.frame()
    if frame.empty:
        return frame
    return pd.DataFrame(
        {
            text(lang, "类别", "level"): [report_level_label(v, lang) for v in frame["level"]],
            text(lang, "要素/行", "feature/row"): [
                "" if v is None or pd.isna(v) else str(v) for v in frame["feature"]
            ],
            text(lang, "字段", "field"): frame["field"].fillna(""),
            text(lang, "说明", "message"): frame[f"message_{normalize_lang(lang)}"],
        }
    )


def crs_choice_labels(exc: CRSConfirmationNeeded, lang: str) -> dict[str, str]:
    """The suggested CRSs of an unconfirmed file, best first, labelled with their reason, plus ``other``."""
    labels = {s.crs: f"{s.crs} — {s.name} ({text(lang, s.reason_zh, s.reason_en)})" for s in exc.suggestions}
    labels["other"] = text(lang, "其他（输入 EPSG 代码）", "Other (type an EPSG code)")
    return labels


#: Share of the import job's bar for reading and checking the file (the rest: matching to known parks).
READ_SHARE = 0.9
#: Features matched at least per progress report (about 20 reports over a large file).
MATCH_CHUNK = 500


def read_and_match(
    data: bytes,
    name: str,
    parks: pd.DataFrame,
    *,
    layer: str | None = None,
    crs: str | None = None,
    coords: str = "wgs84",
    progress: Progress | None = None,
) -> tuple[ImportResult, pd.DataFrame]:
    """Read and check one upload (:func:`gis.io.read_vector`) and match it to ``parks`` — the data page's
    import job. Returns the result and its matches (:func:`match_parks`, for :func:`match_table`).

    ``progress`` gets the stages read, crs, validate and match in order; a cancel raises
    :class:`gis.jobs.Cancelled` and nothing is kept or stored.
    """
    result = read_vector(
        data, name=name, layer=layer, crs=crs, coords=coords, progress=part(progress, 0, READ_SHARE)
    )
    return result, match_progress(result.gdf, parks, part(progress, READ_SHARE, 1.0))


def match_progress(
    gdf: gpd.GeoDataFrame, parks: pd.DataFrame, progress: Progress | None = None
) -> pd.DataFrame:
    """:func:`match_parks` in about 20 chunks (at least :data:`MATCH_CHUNK` features), reporting the ``match``
    stage."""
    stage = IMPORT_STAGES["match"]
    step(progress, stage, 0.0)
    if progress is None or len(gdf) <= MATCH_CHUNK:
        out = match_parks(gdf, parks)
    else:
        size = max(MATCH_CHUNK, -(-len(gdf) // 20))
        chunks = []
        for start in range(0, len(gdf), size):
            chunks.append(match_parks(gdf.iloc[start : start + size], parks))
            step(progress, stage, min(len(gdf), start + size) / len(gdf))
        out = pd.concat(chunks)
    step(progress, stage, 1.0)
    return out


def store_accepted(
    accepted: gpd.GeoDataFrame,
    *,
    source_file: str,
    note: str = "",
    user: Any = None,
    progress: Progress | None = None,
) -> int:
    """Store the accepted features as one change (:func:`gis.store.accept_boundaries`: one transaction);
    return its id. ``progress`` gets the ``store`` stage; a cancel before the transaction raises
    :class:`gis.jobs.Cancelled` and leaves the store unchanged; once the write starts it runs to the end
    (the last report is before it, so a late cancel never hides a stored change)."""
    step(progress, IMPORT_STAGES["store"], 0.0)
    return store.accept_boundaries(accepted, source_file=source_file, note=note, user=user)


def match_table(
    gdf: gpd.GeoDataFrame, parks: pd.DataFrame, lang: str, matches: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Imported features matched to known parks, with derived and approved areas and an ``accept`` column.

    Matched features are accepted by default; the others wait for the user. ``matches`` are the features'
    :func:`match_parks` rows when already computed (the import job), else they are matched here.
    """
    if matches is None or not matches.index.equals(gdf.index):
        matches = match_parks(gdf, parks)
    names = {str(r.get("name_zh")): field(r, "name", lang) for _, r in parks.iterrows()} if len(parks) else {}
    return pd.DataFrame(
        {
            "feature": matches["feature"].astype(str),
            "area_ha": area_ha(gdf).round(2).to_numpy(),
            "approved_ha": [approved_ha(parks, pid) for pid in matches["park_id"]],
            "name": matches["name"],
            "status": [match_status_label(v, lang) for v in matches["status"]],
            "candidates": [", ".join(c) for c in matches["candidates"]],
            "park_id": matches["park_id"],
            "park_name": [names.get(n, n) if isinstance(n, str) else "" for n in matches["park_name"]],
            "accept": (matches["status"] == "matched").to_numpy(),
        },
        index=matches.index,
    )


def preview_selection(edited: pd.DataFrame, parks: pd.DataFrame) -> tuple[list[str], Any, list[str]]:
    """What the preview map compares: labels of the imported features, the known parks they replace, and
    those parks' labels (``None`` for the parks when no accepted feature replaces one)."""
    accepted = edited.loc[edited["accept"].astype(bool), "park_id"].dropna().astype(str)
    ids = [p for p in accepted if p in parks.index]
    labels = [
        n if isinstance(n, str) and n else f"#{f}"
        for n, f in zip(edited["name"], edited["feature"], strict=True)
    ]
    old_labels = [str(parks.loc[i, "name_zh"]) if "name_zh" in parks else i for i in ids]
    return labels, (parks.loc[ids] if ids else None), old_labels


def history_table(hist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The store's history for reading: kinds of change and headings in ``lang``."""
    shown = hist.assign(what=[store_action_label(w, lang) for w in hist["what"]])
    return shown.rename(columns={k: v.get(lang) for k, v in HISTORY_HEADINGS.items()})


def undo_choices(hist: pd.DataFrame, lang: str) -> dict[int, str]:
    """Changes that can still be undone, newest first: ``change_id`` → ``"#id kind"``."""
    live = hist[~hist["undone"]]
    return {
        int(c): f"#{c} {store_action_label(w, lang)}"
        for c, w in zip(live["change_id"], live["what"], strict=True)
    }


def export_files() -> dict[str, bytes]:
    """The user store and the merged parks, each as GeoPackage and RFC 7946 GeoJSON, by file name."""
    writers = {
        "user_store": store.export_store,
        "parks_merged": store.export_merged,
    }
    with tempfile.TemporaryDirectory(prefix="fpa-export-") as tmp:
        out: dict[str, bytes] = {}
        for name in EXPORT_FILES:
            path = writers[Path(name).stem](Path(tmp) / name)
            out[name] = path.read_bytes()
        return out


def export_mime(name: str) -> str:
    """The MIME type of an export file."""
    return EXPORT_MIMES[Path(name).suffix]
