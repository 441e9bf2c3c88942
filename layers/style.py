"""Colours, symbols and CSS of the atlas map: the one place where layers' looks are written.

The web map (folium builders) and the print sheets (:mod:`layers.print`) read the same definitions: colours,
boundary line styles, the park symbol by geometry quality (hollow dashed = approximate), cluster markers,
the sector and choropleth fills. Styles are Leaflet path-style dicts (``color``, ``weight`` in px,
``fillColor``, ``fillOpacity``, ``dashArray``, ``radius``); :func:`layers.print.symbols.mpl_style` turns one
into matplotlib arguments, so a sheet looks like the map the user saw.
"""

from __future__ import annotations

LEVEL_COLORS: dict[str, str] = {
    "national": "#c0392b",
    "provincial": "#2471a3",
    "other": "#7d3c98",
    "unknown": "#7f8c8d",
}
KIND_COLORS: dict[str, str] = {
    "petrochemical_base": "#d35400",
    "demonstration_base": "#138d75",
    "sector_base": "#8e44ad",
    "development_zone": "#2471a3",
}
PLAN_CLUSTER_COLOR = "#b03a2e"
RELATED_CLUSTER_COLOR = "#5d6d7e"
SECTOR_COLOR = "#6c3483"
USER_COLOR = "#117a65"

BOUNDARY_STYLES: dict[str, dict[str, object]] = {
    "province": {"color": "#1b2631", "weight": 2.5, "fill": False},
    "city": {"color": "#34495e", "weight": 1.4, "fill": True, "fillColor": "#f8f9f9", "fillOpacity": 0.05},
    "county": {"color": "#85929e", "weight": 0.7, "dashArray": "3 3", "fill": False},
}
#: The import preview: imported (new) geometry against the current (old) one.
PREVIEW_NEW_STYLE = {"color": "#d7301f", "weight": 2.5, "fillColor": "#fc8d59", "fillOpacity": 0.35}
PREVIEW_OLD_STYLE = {
    "color": "#525252",
    "weight": 2,
    "dashArray": "6 4",
    "fillColor": "#969696",
    "fillOpacity": 0.15,
}
#: Share maps: cities with no data, progress status, the firm-level park layer (approximate footprints apart).
NO_DATA_COLOR = "#d5d8dc"
STATUS_COLORS: dict[str, str] = {"behind": "#e74c3c", "mixed": "#f5b041", "on_track": "#27ae60"}
PARK_COLOR = "#1f618d"
APPROX_COLOR = "#af601a"
#: Choropleth classes (亿元) for the summed known targets of the clusters a city hosts.
CHORO_BINS: tuple[float, ...] = (1000.0, 2000.0, 3000.0)
CHORO_COLORS: tuple[str, ...] = ("#fde0c5", "#facba6", "#f59e72", "#e3624a")
#: Outline and opacity of a choropleth city with a value, and of one without (grey).
CHORO_STYLE: dict[str, object] = {"color": "#7b241c", "weight": 1, "fillOpacity": 0.6}
CHORO_NONE_STYLE: dict[str, object] = {
    "color": "#999",
    "weight": 0.6,
    "fillColor": "#d5d8dc",
    "fillOpacity": 0.25,
}
#: The cities the plan names for a 专栏10 sector.
SECTOR_STYLE: dict[str, object] = {
    "color": SECTOR_COLOR,
    "weight": 2,
    "fillColor": SECTOR_COLOR,
    "fillOpacity": 0.18,
}
#: City polygons of the calculator's / progress page's choropleths.
CITY_FILL_STYLE: dict[str, object] = {"color": "#34495e", "weight": 1.2, "fillOpacity": 0.75}

#: Marker radius (px) of a park point, and the dash of an approximate outline ("dashed = approximate").
PARK_RADIUS_PX = 7
APPROX_DASH = "4 3"
#: Dash of an official plan drawing (long dash) and of a hand-traced outline (dash-dot).
PLAN_DRAWING_DASH = "10 5"
HAND_TRACED_DASH = "8 3 2 3"

#: How a park is drawn by its geometry quality (:data:`gis.vocab.GEOMETRY_QUALITY`), the web map and the
#: sheets alike, in the legend's order. Only surveyed geometry (``boundary``, ``point``) is drawn solid and
#: filled; every other quality is hollow (white, nearly transparent fill), with its own line: plan drawings
#: long-dashed, hand-traced dash-dot, approximate and unverified dashed, points of unknown precision a solid
#: ring. ``shape`` is the legend symbol (``area`` or ``point``); ``dash`` ``None`` = a solid line.
QUALITY_LOOKS: dict[str, dict[str, object]] = {
    "boundary": {"shape": "area", "dash": None, "filled": True},
    "point": {"shape": "point", "dash": None, "filled": True},
    "plan_drawing": {"shape": "area", "dash": PLAN_DRAWING_DASH, "filled": False},
    "hand_traced": {"shape": "area", "dash": HAND_TRACED_DASH, "filled": False},
    "approximate": {"shape": "point", "dash": APPROX_DASH, "filled": False},
    "unverified": {"shape": "area", "dash": APPROX_DASH, "filled": False},
    "point_unknown": {"shape": "point", "dash": None, "filled": False},
}
#: The surveyed qualities (solid and filled); every other one is drawn hollow and noted as not surveyed.
SURVEYED_QUALITIES = frozenset(q for q, look in QUALITY_LOOKS.items() if look["filled"])
#: Colour of the geometry-quality legend symbols (the line and fill say the quality, not the colour).
QUALITY_SWATCH_COLOR = "#555555"
#: A quality not in :data:`QUALITY_LOOKS` draws like this one (never promoted to surveyed).
FALLBACK_QUALITY = "unverified"


def quality_style(quality: str, color: str, *, dashed: bool = True) -> dict[str, object]:
    """Leaflet path style of a park of ``quality`` in ``color`` (:data:`QUALITY_LOOKS`); ``dashed=False``
    drops the dash (hollow stays hollow) where thousands of dashed canvas markers would be slow."""
    look = QUALITY_LOOKS.get(quality, QUALITY_LOOKS[FALLBACK_QUALITY])
    if look["filled"] and look["shape"] == "point":
        return {
            "color": "#222",
            "weight": 1,
            "fillColor": color,
            "fillOpacity": 0.9,
            "radius": PARK_RADIUS_PX,
        }
    if look["filled"]:
        return {
            "color": color,
            "weight": 2,
            "fillColor": color,
            "fillOpacity": 0.25,
            "radius": PARK_RADIUS_PX,
        }
    style: dict[str, object] = {
        "color": color,
        "weight": 2,
        "fillColor": "#ffffff",
        "fillOpacity": 0.15,
        "radius": PARK_RADIUS_PX,
    }
    if look["dash"] and dashed:
        style["dashArray"] = look["dash"]
    return style


def quality_order(qualities: object) -> list[str]:
    """The qualities among ``qualities`` in the legend's order (unknown ones as :data:`FALLBACK_QUALITY`)."""
    seen = {q if q in QUALITY_LOOKS else FALLBACK_QUALITY for q in qualities}  # type: ignore[attr-defined]
    return [q for q in QUALITY_LOOKS if q in seen]


#: Dash of a related-document cluster candidate (not one of the plan's clusters).
RELATED_DASH = "5 4"


def cluster_style(
    plan: bool, radius: float, known_target: bool, schematic: bool = False
) -> dict[str, object]:
    """Leaflet style of a cluster marker: the plan's clusters solid, related candidates grey and dashed; a
    cluster without a known target is nearly hollow; one at a schematic position (its host city's point) is
    hollow and dotted (:data:`SCHEMATIC_STYLE`)."""
    color = PLAN_CLUSTER_COLOR if plan else RELATED_CLUSTER_COLOR
    style: dict[str, object] = {
        "color": color,
        "weight": 2,
        "radius": radius,
        "fillColor": color,
        "fillOpacity": 0.55 if known_target else 0.15,
    }
    if not plan:
        style["dashArray"] = RELATED_DASH
    if schematic:
        style.update(SCHEMATIC_STYLE)
    return style


#: Fonts of maps and sheets, in order. The print sheets embed the first one installed: WenQuanYi Micro Hei
#: (Debian ``fonts-wqy-microhei``) has TrueType outlines, which PDF viewers embed and extract cleanly; Noto
#: Sans CJK (``fonts-noto-cjk``, CFF outlines) is the fallback.
FONT_FAMILIES: tuple[str, ...] = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "DejaVu Sans")

#: Markers at a schematic position (a cluster drawn at its host city's point): hollow and dotted, so the
#: legend's "filled = exact" stays true of what is drawn (issue 13/14).
SCHEMATIC_STYLE: dict[str, object] = {"dashArray": "2 4", "fillOpacity": 0.06, "weight": 2}

#: CSS for every map (labels by zoom, boxes, cards). Zoom classes come from ``layers.controls.ZoomClasses``.
MAP_CSS = """
<style>
.leaflet-container .fpa-label{white-space:nowrap;
  font:12px/1.2 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;
  color:#333;text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none;display:none;width:0;height:0}
.fpa-label span{display:inline-block;transform:translate(-50%,-50%)}
.fpa-label-province{font-size:16px;font-weight:600}
.fpa-label-city{font-size:13px;font-weight:600}
.fpa-label-county{font-size:11px;color:#555}
.leaflet-container.fpa-zge5:not(.fpa-zge8) .fpa-label-province{display:block}
.leaflet-container.fpa-zge7:not(.fpa-zge12) .fpa-label-city{display:block}
.leaflet-container.fpa-zge9 .fpa-label-county{display:block}
.fpa-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:5px;
  box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;
  max-width:300px;max-height:60vh;overflow:auto}
.fpa-box h4{margin:2px 0 4px;font-size:13px}
.fpa-box summary{cursor:pointer;font-size:13px}
.leaflet-control-search .search-input{width:150px}
.fpa-box .sw{display:inline-block;width:12px;height:12px;margin-right:5px;
  vertical-align:-2px;border:2px solid #333;border-radius:50%}
.fpa-box .sq{border-radius:2px}
.fpa-box .note{color:#555;font-size:11px}
.fpa-large{font-size:17px;max-width:460px;padding:10px 14px}
.fpa-large h4,.fpa-large summary{font-size:19px}
.fpa-large .sw{width:18px;height:18px}
.fpa-title{font-size:15px;max-width:520px}
.fpa-title h3{margin:0 0 4px;font-size:22px}
.fpa-card{font:12px/1.4 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:340px}
.fpa-card h4{margin:0 0 4px;font-size:14px}
.fpa-card table{border-collapse:collapse}
.fpa-card th{text-align:left;vertical-align:top;padding:1px 6px 1px 0;color:#555;white-space:nowrap}
.fpa-card td{padding:1px 0}
.fpa-card .src{color:#777;font-size:11px}
.fpa-card .warn{color:#a04000}
.fpa-card .fpa-t{margin:6px 0 2px;font-weight:600}
.fpa-card .fpa-m{color:#777;font-size:11px}
.fpa-card .fpa-n{color:#555;font-size:11px;margin:4px 0 0}
</style>
"""
