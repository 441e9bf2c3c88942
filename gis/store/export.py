"""Exports: merged parks and the whole store as GeoPackage or RFC 7946 GeoJSON."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS

from gis.fileio import atomic_path
from gis.io.write import LayerDoc, write_gpkg
from gis.settings import STORAGE_DECIMALS
from gis.store.boundaries import _round_geom, load_user_boundaries
from gis.store.changes import history
from gis.store.connection import _reader
from gis.store.merge import merged_parks
from gis.store.records import load_figures, load_scenarios
from gis.store.schema import _GPKG_VERSION, _path
from gis.store.values import _jsonable
from gis.vocab import EXPORT_FIELDS


def to_rfc7946(
    gdf: gpd.GeoDataFrame, *, decimals: int = STORAGE_DECIMALS, id_name: str = "id"
) -> dict[str, Any]:
    """A GeoDataFrame as an RFC 7946 FeatureCollection dict: WGS84, outer rings counter-clockwise, no
    ``crs``."""
    if gdf.crs is not None and CRS.from_user_input(gdf.crs).to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    feats = []
    gname = gdf.geometry.name
    for idx, rec in gdf.iterrows():
        geom = rec[gname]
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            geom = shapely.orient_polygons(geom, exterior_cw=False)
        geom = _round_geom(geom, decimals)
        props = {str(k): _jsonable(v) for k, v in rec.items() if k != gname}
        fid = _jsonable(idx)
        props.setdefault(id_name, fid)
        feats.append(
            {
                "type": "Feature",
                "id": fid,
                "properties": props,
                "geometry": None if geom is None else shapely.geometry.mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _write_json(obj: dict[str, Any], dest: str | Path) -> Path:
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=lambda o: _jsonable(o))
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(dest)


def export_merged(
    dest: str | Path,
    *,
    path: str | Path | None = None,
    parks: gpd.GeoDataFrame | None = None,
    crs: str | None = None,
) -> Path:
    """Write the merged parks (:func:`merged_parks`) to ``dest``: ``.gpkg`` (layer ``parks``, or
    ``parks_points`` / ``parks_polygons`` when both kinds are present; WGS84 or ``crs="EPSG:4490"``), or
    RFC 7946 ``.geojson`` (always WGS84)."""
    merged = merged_parks(path=path, parks=parks)
    if Path(dest).suffix.lower() == ".gpkg":
        fields = {key: f"{p.zh} / {p.en}" for key, p in EXPORT_FIELDS.items()}
        doc = LayerDoc(
            "园区（随附数据与用户导入合并） / Parks (shipped data merged with user imports)", fields
        )
        return write_gpkg({"parks": merged}, dest, crs=crs, docs={"parks": doc})
    return _write_json(to_rfc7946(merged), dest)


def export_store(dest: str | Path, *, path: str | Path | None = None) -> Path:
    """Export the whole store.

    ``.gpkg``: a consistent copy of the GeoPackage (SQLite backup, journal mode DELETE so it is one file).
    ``.geojson``: the boundaries in force as an RFC 7946 FeatureCollection, with the figures, scenarios and
    history as foreign members ``figures``, ``scenarios`` and ``history``.
    """
    p = _path(path)
    if Path(dest).suffix.lower() == ".gpkg":
        with atomic_path(dest) as tmp, _reader(p) as src:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                dst.execute(f"PRAGMA user_version = {_GPKG_VERSION}")  # a store made as 1.4 exports as 1.2
            finally:
                dst.close()
        return Path(dest)
    bounds = load_user_boundaries(path=p)
    fc = to_rfc7946(bounds.set_index("fid"), id_name="fid")
    figs = load_figures(path=p, latest=False)
    fc["figures"] = [{k: _jsonable(v) for k, v in r.items()} for r in figs.to_dict("records")]
    fc["scenarios"] = load_scenarios(path=p)
    fc["history"] = [{k: _jsonable(v) for k, v in r.items()} for r in history(path=p).to_dict("records")]
    return _write_json(fc, dest)
