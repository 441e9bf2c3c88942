"""Preview of an import: the current (old) geometry of matched parks against the imported (new) one.

Data strings reach the map only through :func:`layers.popups.escape_html`; geometries are passed to folium as
dicts (never as strings, which folium would fetch or open). Without a basemap the county outlines give
context, so the preview works offline.

What is sent is bounded, never the raw file (:mod:`layers.bounded`): at most :data:`PREVIEW_MAX_FEATURES`
features per layer one by one (the rest as grid counts), geometry simplified to the screen's resolution to
fit :data:`PREVIEW_MAX_VERTICES`, coordinates to 5 decimals (about 1 m). The layer name says so. The full
geometry stays in the import for storage and measurement.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import AtlasError
from gis.text import Pair, text
from layers.assets import assets_available, localize
from layers.attribution import PlainAttribution
from layers.basemaps import add_basemap
from layers.boundaries import boundary_layer
from layers.bounded import grid_cells, grid_counts, simplify_to_budget
from layers.compact import add_lib
from layers.data import display_shift
from layers.popups import escape_html
from layers.style import PREVIEW_NEW_STYLE as NEW_STYLE
from layers.style import PREVIEW_OLD_STYLE as OLD_STYLE

#: Features drawn one by one per preview layer, and vertices of all drawn geometry (about 1 MB of JSON).
PREVIEW_MAX_FEATURES = 1_000
PREVIEW_MAX_VERTICES = 40_000

TITLES = {
    "new": Pair("导入的新几何", "Imported (new) geometry"),
    "old": Pair("现有几何（将被替换）", "Current geometry (to be replaced)"),
}


def _features(gdf: gpd.GeoDataFrame, labels: Sequence[object], decimals: int = 5) -> dict:
    feats = []
    for geom, label in zip(gdf.geometry, labels, strict=True):
        if geom is None or geom.is_empty:
            continue
        geom = shapely.transform(geom, lambda a: np.round(a, decimals))
        feats.append(
            {
                "type": "Feature",
                "properties": {"label": escape_html(label)},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _bounded(
    gdf: gpd.GeoDataFrame, labels: Sequence[object], name: str, lang: str
) -> tuple[gpd.GeoDataFrame, list[object], str, pd.DataFrame | None]:
    """The features to draw one by one (simplified), their labels, the layer name and the grid of the rest."""
    labels = list(labels)
    total = len(gdf)
    grid = None
    if total > PREVIEW_MAX_FEATURES:
        rest = np.asarray(gdf.geometry.values[PREVIEW_MAX_FEATURES:], dtype=object)
        grid = grid_counts(rest, max_cells=PREVIEW_MAX_FEATURES // 2)
        gdf, labels = gdf.iloc[:PREVIEW_MAX_FEATURES], labels[:PREVIEW_MAX_FEATURES]
    geoms, zoom = simplify_to_budget(
        np.asarray(gdf.geometry.values, dtype=object), max_vertices=PREVIEW_MAX_VERTICES
    )
    if zoom is not None:
        gdf = gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs))
    notes = []
    if grid is not None:
        notes.append(
            text(
                lang,
                f"显示 {PREVIEW_MAX_FEATURES:,} / {total:,} 个，其余按网格聚合",
                f"{PREVIEW_MAX_FEATURES:,} of {total:,} shown, the rest aggregated",
            )
        )
    if zoom is not None:
        notes.append(text(lang, "按屏幕分辨率简化", "simplified to screen resolution"))
    if notes:
        name += text(lang, "（" + "；".join(notes) + "）", " (" + "; ".join(notes) + ")")
    return gdf, labels, name, grid


def _grid_markers(grid: pd.DataFrame, group: folium.FeatureGroup, style: dict, lang: str) -> None:
    for lat, lon, count in grid_cells(grid):
        tip = text(lang, f"{count:,} 个要素", f"{count:,} features")
        folium.CircleMarker(
            [lat, lon],
            radius=float(min(16.0, 4.0 + 3.0 * np.log10(1 + count))),
            color=style["color"],
            weight=1,
            fill=True,
            fill_color=style["fillColor"],
            fill_opacity=0.4,
            tooltip=folium.Tooltip(escape_html(tip)),
        ).add_to(group)


def _layer(
    gdf: gpd.GeoDataFrame, labels: Sequence[object], name: str, style: dict, lang: str
) -> folium.FeatureGroup:
    gdf, labels, name, grid = _bounded(gdf, labels, name, lang)
    group = folium.FeatureGroup(name=escape_html(name), show=True)
    if grid is not None:
        _grid_markers(grid, group, style, lang)
    polys = gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if polys.any():
        data = _features(gdf[polys], [lab for lab, p in zip(labels, polys, strict=True) if p])
        folium.GeoJson(
            data,
            style_function=lambda _f, s=style: dict(s),
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(group)
    for geom, label, is_poly in zip(gdf.geometry, labels, polys, strict=True):
        if is_poly or geom is None or geom.is_empty:
            continue
        for pt in getattr(geom, "geoms", [geom]):
            c = pt if pt.geom_type == "Point" else pt.representative_point()
            folium.CircleMarker(
                [c.y, c.x],
                radius=7,
                color=style["color"],
                weight=2,
                fill=True,
                fill_color=style["fillColor"],
                fill_opacity=0.7,
                dash_array=style.get("dashArray"),
                tooltip=folium.Tooltip(escape_html(label)),
            ).add_to(group)
    return group


def preview_map(
    new: gpd.GeoDataFrame,
    new_labels: Sequence[object],
    old: gpd.GeoDataFrame | None = None,
    old_labels: Sequence[object] | None = None,
    *,
    lang: str = "zh",
    basemap: str = "none",
    outlines: bool = True,
    asset_mode: str | None = "served",
) -> folium.Map:
    """Build the old-vs-new preview map.

    Parameters
    ----------
    new, new_labels
        Imported features (EPSG:4326) and one label per feature (escaped here).
    old, old_labels
        Current geometry of the matched parks (grey, dashed), or ``None``.
    lang
        ``zh`` or ``en`` for layer names.
    basemap
        A :mod:`layers.basemaps` id; ``none`` (default) keeps the preview offline and shows county outlines.
    outlines
        Add the county outlines (from ``gis.boundaries``) when they are available.
    asset_mode
        ``served`` / ``inline``: rewrite Leaflet assets to the vendored copies when ``make assets`` has run;
        ``None`` leaves folium's defaults.
    """
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    PlainAttribution().add_to(m)
    if basemap != "none":
        add_basemap(m, basemap, lang)
    if outlines:
        try:
            outline = boundary_layer("county", lang, basemap=basemap, labels=False)
        except (AtlasError, OSError, ValueError):  # outlines are context only; the preview works without
            outline = None
        if outline is not None:
            add_lib(m)  # the outlines are drawn by window.fpaCompact
            outline.add_to(m)
    frames = []
    if old is not None and len(old):
        old = old.to_crs(4326) if old.crs is not None else old.set_crs(4326)
        old_show = old.set_geometry(display_shift(old.geometry, basemap))
        _layer(
            old_show,
            list(old_labels) if old_labels is not None else [""] * len(old),
            TITLES["old"].get(lang),
            OLD_STYLE,
            lang,
        ).add_to(m)
        frames.append(old_show)
    new = new.to_crs(4326) if new.crs is not None else new.set_crs(4326)
    new_show = new.set_geometry(display_shift(new.geometry, basemap))
    _layer(new_show, new_labels, TITLES["new"].get(lang), NEW_STYLE, lang).add_to(m)
    frames.append(new_show)
    bounds = np.array([f.total_bounds for f in frames if len(f)])
    if len(bounds):
        minx, miny = bounds[:, 0].min(), bounds[:, 1].min()
        maxx, maxy = bounds[:, 2].max(), bounds[:, 3].max()
        pad = max(maxx - minx, maxy - miny, 0.005) * 0.15
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])
    folium.LayerControl(collapsed=False).add_to(m)
    if asset_mode is not None and assets_available():
        localize(m, asset_mode)
    return m
