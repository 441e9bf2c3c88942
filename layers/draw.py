"""The map editor: the atlas map with a Leaflet.draw toolbar (offline copy, see :mod:`layers.assets`).

The toolbar draws polygons, rectangles and markers and edits (move / add / delete vertices) or removes what
is drawn. Reshaping an existing park loads each of its rings as one editable polygon
(:func:`gis.drawn.editable_rings`); the page sends every drawing back (streamlit-folium ``all_drawings``) and
:func:`gis.drawn.shape_from_drawings` rebuilds the park by the nesting rule (inside another = a hole).

>>> from layers.draw import edit_map
>>> m = edit_map({"layers": ["province"], "lang": "en"})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import shapely
from branca.element import MacroElement
from folium.plugins import Draw
from folium.template import Template
from shapely.geometry.base import BaseGeometry

from gis.drawn import albers_parameters, editable_rings
from gis.text import text
from layers import assets
from layers.compact import script_json
from layers.mapbuild import build_map

#: Colour of the shapes being edited.
EDIT_COLOR = "#e67e22"
_SHAPE = {"color": EDIT_COLOR, "weight": 3, "fillOpacity": 0.15}
#: The live area script (inlined into the map: no CDN, no extra request).
LIVE_AREA_JS = Path(__file__).with_name("js") / "live_area.js"


def draw_options() -> dict[str, Any]:
    """Leaflet.draw toolbar: polygon, rectangle, marker (no lines or circles: a park is an area or point)."""
    poly = {"allowIntersection": False, "showArea": False, "shapeOptions": _SHAPE}
    return {
        "polyline": False,
        "circle": False,
        "circlemarker": False,
        "polygon": poly,
        "rectangle": {"shapeOptions": _SHAPE, "showArea": False},
        "marker": True,
    }


class DrawLocal(MacroElement):
    """Leaflet.draw's toolbar texts in the map's language (``L.drawLocal``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(t) {
            if (!window.L || !L.drawLocal) return;
            var d = L.drawLocal.draw, e = L.drawLocal.edit;
            d.toolbar.buttons.polygon = t.polygon; d.toolbar.buttons.rectangle = t.rectangle;
            d.toolbar.buttons.marker = t.marker; d.toolbar.actions.text = t.cancel;
            d.toolbar.finish.text = t.finish; d.toolbar.undo.text = t.undo;
            d.handlers.polygon.tooltip.start = t.start; d.handlers.polygon.tooltip.cont = t.cont;
            d.handlers.polygon.tooltip.end = t.end; d.handlers.marker.tooltip.start = t.marker_start;
            e.toolbar.buttons.edit = t.edit; e.toolbar.buttons.remove = t.remove;
            e.toolbar.actions.save.text = t.save; e.toolbar.actions.cancel.text = t.cancel;
            e.toolbar.actions.clearAll.text = t.clear;
            e.handlers.edit.tooltip.text = t.edit_tip; e.handlers.edit.tooltip.subtext = t.edit_sub;
            e.handlers.remove.tooltip.text = t.remove_tip;
        })({{ this.texts_json }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "DrawLocal"
        texts = {
            "polygon": text(
                lang, "画多边形（在已有多边形内画 = 挖洞）", "Draw a polygon (inside another = a hole)"
            ),
            "rectangle": text(lang, "画矩形", "Draw a rectangle"),
            "marker": text(lang, "放置点位", "Place a point"),
            "cancel": text(lang, "取消", "Cancel"),
            "finish": text(lang, "完成", "Finish"),
            "undo": text(lang, "删除最后一点", "Delete last point"),
            "start": text(lang, "点击开始画园区边界", "Click to start the park's outline"),
            "cont": text(lang, "点击继续画", "Click to continue"),
            "end": text(lang, "点击第一个点结束", "Click the first point to close"),
            "marker_start": text(lang, "点击地图放置点位", "Click the map to place the point"),
            "edit": text(lang, "修改形状（移动、增删顶点）", "Reshape (move, add, delete vertices)"),
            "remove": text(lang, "删除图形", "Delete shapes"),
            "save": text(lang, "保存形状", "Save shape"),
            "clear": text(lang, "全部清除", "Clear all"),
            "edit_tip": text(
                lang,
                "拖动顶点移动；拖动中点增加顶点；点击顶点删除",
                "Drag a vertex to move it; drag a midpoint to add one; click a vertex to delete it",
            ),
            "remove_tip": text(lang, "点击图形删除", "Click a shape to delete it"),
            "edit_sub": text(lang, "点“取消”放弃修改", "Click cancel to undo changes"),
        }
        self.texts_json = script_json(texts)


@lru_cache(maxsize=1)
def live_area_script() -> str:
    """The text of :data:`LIVE_AREA_JS`."""
    return LIVE_AREA_JS.read_text(encoding="utf-8")


class LiveArea(MacroElement):
    """A small box on the map with the area of the shape being drawn or reshaped, updated as vertices are
    placed, the mouse moves and vertices are dragged (:data:`LIVE_AREA_JS`), in the atlas's equal-area CRS
    whose parameters come from :func:`gis.drawn.albers_parameters`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.script }}
        fpaLiveArea.attach({{ this._parent.get_name() }}, {{ this.group.get_name() }},
            {{ this.draw.get_name() }}, {{ this.params_json }}, {{ this.texts_json }});
        {% endmacro %}
        """
    )

    def __init__(self, group: folium.FeatureGroup, draw: Draw, lang: str) -> None:
        super().__init__()
        self._name = "LiveArea"
        self.group, self.draw = group, draw
        self.script = live_area_script()
        self.params_json = script_json(albers_parameters())
        self.texts_json = script_json(
            {
                "value": text(lang, "面积 约 {n} 公顷", "Area about {n} ha"),
                "drawing": text(
                    lang,
                    "正在画的图形（含鼠标处）· 等积投影",
                    "Shape being drawn (to the mouse) · equal-area",
                ),
                "editing": text(
                    lang, "正在修改 · 洞已扣除 · 等积投影", "Being reshaped · holes subtracted · equal-area"
                ),
                "all": text(
                    lang, "所画图形 · 洞已扣除 · 等积投影", "Drawn shapes · holes subtracted · equal-area"
                ),
                "start": text(
                    lang, "点击放置顶点，面积随即显示", "Click to place vertices; the area follows"
                ),
                "precision": text(
                    lang,
                    "按当前缩放下一个像素的点位误差取整到 {s} 公顷",
                    "Rounded to {s} ha: one screen pixel of placement error at this zoom",
                ),
            }
        )


def editable_group(geom: BaseGeometry | None, lang: str) -> folium.FeatureGroup:
    """The editable layer: every ring of ``geom`` as one polygon (or its point as a marker)."""
    fg = folium.FeatureGroup(name=text(lang, "正在编辑", "Being edited"), control=False)
    for part in editable_rings(geom):
        if part.geom_type == "Point":
            folium.Marker([shapely.get_y(part), shapely.get_x(part)]).add_to(fg)
            continue
        coords = shapely.get_coordinates(shapely.get_exterior_ring(part))[:-1]
        ring = [[round(float(y), 6), round(float(x), 6)] for x, y in coords]
        folium.Polygon(ring, color=EDIT_COLOR, weight=3, fill=True, fill_opacity=0.15).add_to(fg)
    return fg


def add_draw(m: folium.Map, geom: BaseGeometry | None = None, *, lang: str = "zh") -> Draw:
    """Add the Leaflet.draw toolbar (top left) editing ``geom``'s rings to ``m``; returns the control."""
    fg = editable_group(geom, lang)
    fg.add_to(m)
    DrawLocal(lang).add_to(m)
    draw = Draw(
        feature_group=fg,
        position="topleft",
        show_geometry_on_click=False,
        draw_options=draw_options(),
        edit_options={"poly": {"allowIntersection": False}, "remove": True},
    )
    draw.add_to(m)
    LiveArea(fg, draw, lang).add_to(m)
    return draw


def edit_map(
    build_kwargs: Mapping[str, Any],
    geom: BaseGeometry | None = None,
    *,
    focus: Sequence[float] | None = None,
) -> folium.Map:
    """The atlas map of ``build_kwargs`` (:func:`layers.mapbuild.build_map`) with the editor on it.

    ``geom`` is the park shape to reshape (``None`` to draw a new one); the map is fitted to it, else centred
    on ``focus`` (lat, lon) at zoom 13 when given.
    """
    kwargs = dict(build_kwargs)
    m = build_map(**kwargs)
    lang = str(kwargs.get("lang", "zh"))
    add_draw(m, geom, lang=lang)
    if geom is not None and not geom.is_empty:
        minx, miny, maxx, maxy = geom.bounds
        pad = max(maxx - minx, maxy - miny, 0.01) * 0.3
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])
    elif focus is not None:
        m.location = [float(focus[0]), float(focus[1])]
        m.options["zoom"] = 13
    if kwargs.get("offline", True):
        assets.localize(m, str(kwargs.get("asset_mode", "served")))
    return m
