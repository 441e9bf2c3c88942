"""Raster overlays: a colour-mapped PNG (built in memory, embedded as a ``data:`` URL) on the map, with a
legend.

The raster arrives already warped to Web Mercator by :func:`gis.raster.warp_for_display`, so the PNG's rows
are evenly spaced in Mercator metres — exactly how Leaflet stretches an ``ImageOverlay`` between its corner
coordinates. (Stretching an unwarped lon/lat or Gauss-Krüger image instead would misplace it by up to a few
km over Fujian.) No file is written and nothing is fetched: the legend is plain HTML/CSS (no branca colormap,
which would load d3 from a CDN).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
import numpy as np
from folium.template import Template
from matplotlib import colormaps
from PIL import Image

from gis.raster import DisplayRaster
from gis.text import field as pick
from gis.text import text
from layers.attribution import PlainAttribution
from layers.popups import escape_html

#: Colour ramp for continuous rasters (perceptually uniform, readable in grey print).
DEFAULT_CMAP = "viridis"
#: Percentiles of the valid values that map to the ends of the ramp (outliers take the end colours).
STRETCH_PERCENTILES = (2.0, 98.0)
#: Palette for class values without a colour table.
CLASS_PALETTE = "tab20"
MAX_LEGEND_CLASSES = 40


@dataclass
class LegendSpec:
    """What the legend shows: a ramp (``vmin``..``vmax``, ``stops``) or ``classes`` (value, label, colour)."""

    title_zh: str
    title_en: str
    units: str = ""
    categorical: bool = False
    vmin: float | None = None
    vmax: float | None = None
    stops: list[str] = field(default_factory=list)
    classes: list[tuple[int, str, str]] = field(default_factory=list)
    note_zh: str = ""
    note_en: str = ""


def _hex(rgba: Sequence[float] | np.ndarray) -> str:
    r, g, b = (int(round(c)) for c in rgba[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def colourise(
    display: DisplayRaster,
    *,
    cmap: str = DEFAULT_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    zero_transparent: bool = False,
    class_labels: Mapping[int, str] | None = None,
    title_zh: str = "栅格",
    title_en: str = "Raster",
    lang: str = "zh",
) -> tuple[np.ndarray, LegendSpec]:
    """Turn a display raster into RGBA pixels (uint8, rows × cols × 4) and the legend describing them.

    Continuous: ``cmap`` stretched between ``vmin`` and ``vmax`` (default: the 2nd and 98th percentiles of
    the valid values; with ``zero_transparent`` zeros are see-through and left out of the stretch).
    Categorical: discrete colours, never a ramp: the raster's colour table where it has one, else the
    qualitative :data:`CLASS_PALETTE`; labels from ``class_labels``, else the raster's category names;
    nearest-neighbour warping kept the class values intact.
    """
    data = display.data
    mask = np.ma.getmaskarray(data).copy()
    values = np.asarray(data.data)
    if np.issubdtype(values.dtype, np.floating):
        mask |= ~np.isfinite(values)
    if zero_transparent and not display.categorical:
        mask |= values == 0
    rgba = np.zeros(values.shape + (4,), dtype="uint8")
    legend = LegendSpec(
        title_zh=title_zh, title_en=title_en, units=display.units, categorical=display.categorical
    )
    valid = values[~mask]
    if display.categorical:
        present = np.unique(valid.astype("int64")) if valid.size else np.array([], dtype="int64")
        table = display.colour_table or {}
        palette = colormaps[CLASS_PALETTE]
        for i, value in enumerate(present.tolist()):
            colour = table.get(int(value)) or tuple(int(round(c * 255)) for c in palette(i % palette.N))
            alpha = int(colour[3]) if len(colour) > 3 else 255
            sel = (values.astype("int64") == value) & ~mask
            rgba[sel] = tuple(colour[:3]) + (alpha,)
            if len(legend.classes) < MAX_LEGEND_CLASSES:
                label = (
                    (class_labels or {}).get(int(value))
                    or display.class_names.get(int(value))
                    or text(lang, f"类别 {value}", f"class {value}")
                )
                legend.classes.append((int(value), str(label), _hex(colour)))
        if len(present) > MAX_LEGEND_CLASSES:
            legend.note_zh = f"另有 {len(present) - MAX_LEGEND_CLASSES} 个类别未列出"
            legend.note_en = f"{len(present) - MAX_LEGEND_CLASSES} more classes not listed"
        return rgba, legend
    lo_p, hi_p = STRETCH_PERCENTILES
    if valid.size:
        lo = float(np.percentile(valid, lo_p)) if vmin is None else float(vmin)
        hi = float(np.percentile(valid, hi_p)) if vmax is None else float(vmax)
    else:
        lo, hi = 0.0, 1.0
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0) * 1e-6
    ramp = colormaps[cmap]
    scaled = np.clip((values.astype("float64") - lo) / (hi - lo), 0.0, 1.0)
    colours = (ramp(np.where(mask, 0.0, scaled)) * 255).round().astype("uint8")
    rgba[...] = colours
    rgba[..., 3] = np.where(mask, 0, 255).astype("uint8")
    legend.vmin, legend.vmax = lo, hi
    legend.stops = [_hex(np.asarray(ramp(x)) * 255) for x in np.linspace(0, 1, 11)]
    if vmin is None or vmax is None:
        legend.note_zh = f"颜色按有效值的第 {lo_p:g}–{hi_p:g} 百分位拉伸；超出者取端色" + (
            "；0 值透明" if zero_transparent else ""
        )
        legend.note_en = (
            f"colours stretched over the {_ordinal(lo_p)}–{_ordinal(hi_p)} percentiles of valid values; "
            "values beyond take the end colours" + ("; zeros transparent" if zero_transparent else "")
        )
    return rgba, legend


def _ordinal(p: float) -> str:
    """English ordinal of a percentile: 1st, 2nd, 3rd, 11th, 98th, 2.5th."""
    if float(p).is_integer():
        n = int(p)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return f"{p:g}th"


def png_data_url(rgba: np.ndarray) -> str:
    """Encode RGBA pixels as a ``data:image/png;base64,…`` URL (in memory)."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba), mode="RGBA").save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    mag = abs(value)
    return f"{value:,.0f}" if mag >= 1000 else (f"{value:.3g}" if mag >= 0.01 else f"{value:.2e}")


def legend_html(spec: LegendSpec, lang: str = "zh") -> str:
    """The legend as HTML; every text passes through :func:`escape_html`."""
    first = pick({"t_zh": spec.title_zh, "t_en": spec.title_en}, "t", lang)
    second = spec.title_zh if first != spec.title_zh else spec.title_en
    parts = [f'<div style="font-weight:600;margin-bottom:2px">{escape_html(first)}</div>']
    if second and second != first:
        parts.append(f'<div style="color:#555;margin-bottom:4px">{escape_html(second)}</div>')
    if spec.categorical:
        for value, label, colour in spec.classes:
            parts.append(
                '<div style="display:flex;align-items:center;gap:6px;margin:1px 0">'
                f'<span style="display:inline-block;width:14px;height:14px;border:1px solid #888;'
                f'background:{escape_html(colour)}"></span>'
                f'<span>{escape_html(label)} <span style="color:#777">({escape_html(value)})</span></span></d'
                "iv>"
            )
    else:
        gradient = ",".join(escape_html(c) for c in spec.stops)
        parts.append(
            f'<div style="width:180px;height:12px;border:1px solid #888;'
            f'background:linear-gradient(to right,{gradient})"></div>'
        )
        mid = None if spec.vmin is None or spec.vmax is None else (spec.vmin + spec.vmax) / 2
        parts.append(
            '<div style="display:flex;justify-content:space-between;width:182px">'
            f"<span>{escape_html(_fmt(spec.vmin))}</span><span>{escape_html(_fmt(mid))}</span>"
            f"<span>≥ {escape_html(_fmt(spec.vmax))}</span></div>"
        )
    if spec.units:
        parts.append(f'<div style="color:#333;margin-top:2px">{escape_html(spec.units)}</div>')
    note = pick({"n_zh": spec.note_zh, "n_en": spec.note_en}, "n", lang)
    if note:
        parts.append(
            f'<div style="color:#666;font-size:11px;max-width:220px;margin-top:2px">{escape_html(note)}</div>'
        )
    return "".join(parts)


class RasterLegend(folium.MacroElement):
    """A Leaflet control (bottom right) holding the legend HTML; no external assets."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function(map) {
                var div = L.DomUtil.create('div', 'fpa-raster-legend');
                div.style.cssText = 'background:rgba(255,255,255,0.92);padding:6px 8px;border-radius:4px;'
                    + 'font:12px/1.35 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.35);'
                    + 'max-height:45vh;overflow:auto';
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "RasterLegend"
        self.html = html
        self.position = position


def raster_overlay(
    display: DisplayRaster,
    *,
    name_zh: str,
    name_en: str,
    lang: str = "zh",
    opacity: float = 0.75,
    cmap: str = DEFAULT_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    zero_transparent: bool = False,
    class_labels: Mapping[int, str] | None = None,
) -> tuple[folium.raster_layers.ImageOverlay, RasterLegend, LegendSpec]:
    """Build the image overlay (placed at ``display.bounds_lonlat``) and its legend control."""
    rgba, spec = colourise(
        display,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        zero_transparent=zero_transparent,
        class_labels=class_labels,
        title_zh=name_zh,
        title_en=name_en,
        lang=lang,
    )
    west, south, east, north = display.bounds_lonlat
    name = text(lang, f"{name_zh} / {name_en}", f"{name_en} / {name_zh}")
    overlay = folium.raster_layers.ImageOverlay(
        image=png_data_url(rgba),
        bounds=[[south, west], [north, east]],
        opacity=opacity,
        name=escape_html(name),
        interactive=False,
        cross_origin=False,
        zindex=2,
        className="fpa-raster-pixelated" if display.categorical else "fpa-raster",
    )
    return overlay, RasterLegend(legend_html(spec, lang)), spec


_PIXELATED_CSS = "<style>.fpa-raster-pixelated{image-rendering:pixelated;image-rendering:crisp-edges}</style>"


def add_raster(
    m: folium.Map, display: DisplayRaster, *, name_zh: str, name_en: str, lang: str = "zh", **kwargs: Any
) -> LegendSpec:
    """Add the overlay and its legend to ``m``; return the legend spec (for tables or tests)."""
    overlay, legend, spec = raster_overlay(display, name_zh=name_zh, name_en=name_en, lang=lang, **kwargs)
    overlay.add_to(m)
    legend.add_to(m)
    if display.categorical:
        root: Any = m.get_root()
        root.header.add_child(folium.Element(_PIXELATED_CSS), name="fpa_raster_pixelated_css")
    return spec


def raster_map(
    display: DisplayRaster,
    *,
    name_zh: str,
    name_en: str,
    lang: str = "zh",
    parks: gpd.GeoDataFrame | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    **kwargs: Any,
) -> folium.Map:
    """A map fitted to the raster with the overlay, its legend and (optionally) park points on top.

    ``parks`` is a GeoDataFrame in EPSG:4326 with ``name_zh`` / ``name_en``; names are escaped. ``outlines``
    (e.g. city boundaries, EPSG:4326) are drawn as thin grey lines for orientation. ``tiles`` defaults to none
    (offline); pass e.g. ``"OpenStreetMap"`` only in online mode.
    """
    west, south, east, north = display.bounds_lonlat
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        tiles=tiles,
        zoom_start=7,
        control_scale=True,
        prefer_canvas=True,
    )
    PlainAttribution().add_to(m)
    if outlines is not None and len(outlines):
        geo = outlines[[outlines.geometry.name]].to_crs("EPSG:4326")
        folium.GeoJson(
            geo.__geo_interface__,
            name=escape_html(text(lang, "行政边界 / Boundaries", "Boundaries / 行政边界")),
            style_function=lambda _f: {"color": "#666666", "weight": 1, "fill": False},
            interactive=False,
        ).add_to(m)
    add_raster(m, display, name_zh=name_zh, name_en=name_en, lang=lang, **kwargs)
    if parks is not None and len(parks):
        group = folium.FeatureGroup(name=escape_html(text(lang, "园区 / Parks", "Parks / 园区")))
        for pid, row in parks.iterrows():
            geom = row.geometry
            if geom is None or geom.is_empty:
                continue
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            zh, en = row.get("name_zh", ""), row.get("name_en", "")
            label = text(lang, f"{zh} / {en}", f"{en} / {zh}")
            folium.CircleMarker(
                [pt.y, pt.x],
                radius=3,
                color="#d62728",
                weight=1,
                fill=True,
                fill_opacity=0.9,
                tooltip=folium.Tooltip(escape_html(label or pid)),
            ).add_to(group)
        group.add_to(m)
    m.fit_bounds([[south, west], [north, east]])
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def zonal_card_html(result: Any, park_id: str, lang: str = "zh") -> str:
    """A short HTML block of one park's zonal statistics, for a park card (all text escaped).

    ``result`` is a :class:`gis.raster.ZonalResult`; returns ``""`` when the park is not in it.
    """
    table = result.table
    if park_id not in table.index:
        return ""
    row = table.loc[park_id]
    title = f"{result.raster.get('name', '')}"
    parts = [f'<div class="fpa-zonal"><b>{escape_html(title)}</b>: {escape_html(pick(row, "note", lang))}']
    if row["status"] in ("inside", "partial"):
        frac = row.get("covered_fraction")
        if row["status"] == "partial" and frac == frac:
            parts.append(
                f"<br>{escape_html(text(lang, '覆盖比例', 'covered'))} {escape_html(f'{float(frac):.0%}')}"
            )
        if result.categorical:
            shares = [(v, row.get(f"share_{v}")) for v in result.classes]
            shares = sorted(((v, s) for v, s in shares if s == s and s and s > 0), key=lambda t: -t[1])
            for value, share in shares[:6]:
                label = result.classes[value]["label"]
                parts.append(f"<br>{escape_html(label)}: {escape_html(f'{float(share):.1%}')}")
        else:
            for key, zh in (("mean", "均值"), ("min", "最小"), ("max", "最大"), ("sum", "总和")):
                value = row.get(key)
                if value == value and value is not None:
                    parts.append(f"<br>{escape_html(text(lang, zh, key))}: {escape_html(_fmt(float(value)))}")
    parts.append("</div>")
    return "".join(parts)
