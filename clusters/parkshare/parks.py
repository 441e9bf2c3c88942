"""Which parks hold firms: a user boundary file, the atlas's accepted boundaries, or approximate circles."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from clusters.parkshare.context import Context, build_context
from gis.boundaries import load_boundaries
from gis.errors import DataValidationError, StoreError
from gis.io import read_vector
from gis.parks import load_parks, parks_in_force
from gis.settings import EQUAL_AREA_CRS
from gis.text import Pair


def approximate_footprints(parks: Any) -> tuple[Any, list[str]]:
    """Circles of each park's approved area (``figures`` key ``approved_area_ha``) around its point.

    Returns the footprint GeoDataFrame (``geometry_quality`` = ``approximate``) and the ids of parks left out
    because they have no approved area. These are NOT boundaries: results built on them are flagged.
    """
    ids, radii, pts, skipped = [], [], [], []
    for pid, rec in parks.iterrows():
        geom = rec.geometry
        area = None
        for fig in rec.get("figures") or []:
            if (
                isinstance(fig, dict)
                and fig.get("key") == "approved_area_ha"
                and fig.get("value") is not None
            ):
                area = float(fig["value"])
                break
        if geom is None or geom.is_empty or not area or area <= 0:
            skipped.append(str(pid))
            continue
        ids.append(str(pid))
        radii.append(np.sqrt(area * 1e4 / np.pi))
        pts.append(geom.centroid if geom.geom_type != "Point" else geom)
    sub = parks.loc[ids] if ids else parks.iloc[:0]
    ea = gpd.GeoSeries(pts, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    circles = ea.buffer(np.asarray(radii), quad_segs=16).to_crs("EPSG:4326")
    out = gpd.GeoDataFrame(
        {
            "id": ids,
            "name_zh": sub.get("name_zh", pd.Series("", index=sub.index)).to_numpy(),
            "name_en": sub.get("name_en", pd.Series("", index=sub.index)).to_numpy(),
            "city": sub.get("city", pd.Series("", index=sub.index)).to_numpy(),
            "geometry_quality": "approximate",
        },
        geometry=circles.to_numpy(),
        crs="EPSG:4326",
    )
    return out, skipped


APPROX_NOTE = (
    "APPROXIMATE FOOTPRINTS / 近似范围: shipped parks are approximate points (no public boundaries); "
    "each park is drawn as a circle of its catalogue approved area (核准面积) around that point. "
    "Positions may be off by kilometres, so the share is indicative only — load real boundaries for the "
    "true figure."
)


def load_park_boundaries(
    source: str | Path | bytes | io.IOBase, *, name: str | None = None, crs: str | None = None
) -> Any:
    """Read a user park-boundary file (GeoPackage, GeoJSON, zipped shapefile, KML) as polygons in EPSG:4326.

    Uses :func:`gis.io.read_vector` (safe reading, CRS detection, repairs reported). An ``id`` column is
    kept as the park id, else ``park_id`` / ``code`` / ``编号``, else the feature number.
    """
    res = read_vector(source, name=name, crs=crs)
    gdf = res.gdf
    idcol = next(
        (c for c in ("id", "park_id", "code", "zone_code", "编号", "园区编号") if c in gdf.columns), None
    )
    ids = (
        gdf[idcol].astype(str)
        if idcol
        else gdf.get("_feature", pd.Series(range(1, len(gdf) + 1), index=gdf.index)).astype(str)
    )
    gdf = gdf.assign(id=ids.to_numpy())
    gdf.attrs["file"] = res.file
    return gdf


APPROX_NOTE_TEXT = Pair(
    "近似范围：图集园区为近似点位（无公开边界），每个园区按目录核准面积画成以该点为圆心的圆。位置可能偏差数公里，"
    "占比仅供参考——载入真实边界才能得到准确数字。",
    APPROX_NOTE.replace("APPROXIMATE FOOTPRINTS / 近似范围: ", "APPROXIMATE FOOTPRINTS: "),
)


def file_note_text(name: str) -> Pair:
    """The note naming the park boundary file used, in both languages."""
    return Pair(f"园区边界文件 {name}", f"park boundaries from {name}")


def file_note(name: str) -> str:
    """Bilingual note naming the park boundary file used (one "中文 / English" line)."""
    note = file_note_text(name)
    return f"{note.zh} / {note.en}"


def _footprint_parks(parks: Any) -> tuple[Any, list[str], int]:
    poly = parks.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    foot, skipped = approximate_footprints(parks[~poly])
    keep = parks[poly]
    if len(keep):
        keep = keep.assign(id=keep.index.astype(str))
        cols = [c for c in ("id", "name_zh", "name_en", "city", "geometry_quality") if c in keep.columns]
        foot = gpd.GeoDataFrame(
            pd.concat([keep[cols + ["geometry"]].reset_index(drop=True), foot], ignore_index=True),
            geometry="geometry",
            crs="EPSG:4326",
        )
    return foot, skipped, int(poly.sum())


def default_context(
    parks_file: str | Path | None = None,
    *,
    approximate: bool = False,
    counties: Any = None,
    parks: Any = None,
) -> Context:
    """Context from a park boundary file, or the atlas's parks (shipped + the user's accepted boundaries).

    The shipped parks are approximate points: with no ``parks_file`` only parks that have a boundary polygon
    (accepted in the user store) can hold firms. When none has one, this raises unless ``approximate`` is
    true, which draws every point park as a circle of its approved area (flagged "approximate footprint").
    """
    if counties is None:
        counties = load_boundaries("county")
    if parks_file is not None:
        gdf = load_park_boundaries(parks_file)
        name = gdf.attrs.get("file") or Path(str(parks_file)).name
        return build_context(
            gdf,
            counties,
            parks_source="file",
            parks_note=file_note(name),
            parks_note_text=file_note_text(name),
        )
    store_note = Pair("", "")
    if parks is None:
        try:
            parks = parks_in_force()
        except StoreError as exc:  # an unreadable user store must not stop the computation
            parks = load_parks()
            store_note = Pair(
                f"（未能读取用户数据库：{exc.message_in('zh')}）", f" (user store not read: {exc.message})"
            )
    if approximate:
        return _approximate_context(parks, counties, store_note)
    return _atlas_context(parks, counties, store_note)


def _approximate_context(parks: Any, counties: Any, store_note: Pair) -> Context:
    """Every point park as a circle of its approved area (flagged "approximate footprint")."""
    foot, skipped, n_poly = _footprint_parks(parks)
    en = APPROX_NOTE + f" ({n_poly} parks with boundary polygons used as they are.){store_note.en}"
    zh = APPROX_NOTE_TEXT.zh + f"（{n_poly} 个有边界面的园区按原边界使用。）{store_note.zh}"
    if skipped:
        listed = ", ".join(skipped[:20]) + ("…" if len(skipped) > 20 else "")
        en += f" {len(skipped)} parks without an approved area are left out: {listed}"
        zh += f"{len(skipped)} 个无核准面积的园区未计入：{listed}"
    text = Pair(zh, en.replace("APPROXIMATE FOOTPRINTS / 近似范围: ", "APPROXIMATE FOOTPRINTS: "))
    return build_context(
        foot, counties, parks_source="approximate_footprint", parks_note=en, parks_note_text=text
    )


def _atlas_context(parks: Any, counties: Any, store_note: Pair) -> Context:
    """The atlas's parks that have a boundary polygon (accepted in the user store)."""
    poly = parks.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if not poly.any():
        raise DataValidationError(
            f"the atlas's {len(parks)} parks are approximate points, not boundaries: no firm can be placed "
            "inside them",
            file="data/parks.geojson",
            field="geometry",
            hint="give park boundary polygons with --parks FILE (or accept boundaries on the data page), or "
            "ask for an indicative share with --approximate-footprints (circles of each park's approved "
            "area)",
            message_zh=f"图集的 {len(parks)} 个园区都是近似点位而非边界，无法判断企业是否在园区内",
            hint_zh="请用 --parks FILE 提供园区边界面（或在数据页接受边界），或用 --approximate-footprints "
            "按核准面积画圆得到示意性占比",
        )
    sub = parks[poly]
    sub = sub.assign(id=sub.index.astype(str))
    missing = len(parks) - len(sub)
    text = Pair(
        f"{len(sub)} 个园区有已接受的边界，{missing} 个仅有点位的园区无法容纳企业、未计入{store_note.zh}",
        f"{len(sub)} parks with accepted boundaries; {missing} point-only parks cannot hold firms and are "
        f"left out{store_note.en}",
    )
    note = (
        f"{len(sub)} 个园区有已接受的边界，{missing} 个仅有点位的园区无法容纳企业、未计入 / "
        f"{len(sub)} parks with accepted boundaries; {missing} point-only parks cannot hold firms and are "
        f"left out{store_note.en}"
    )
    return build_context(
        sub, counties, parks_source="atlas_boundaries", parks_note=note, parks_note_text=text
    )
