"""Leaflet path styles (:mod:`layers.style`, :func:`layers.parks.park_style`) as matplotlib arguments, and
the legend handles of the same symbols: one style definition, the web map and the sheet alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

#: A CSS pixel is 0.75 pt; sheets draw lines and markers a little finer than the screen.
PX_PT = 0.75
PRINT_SCALE = 0.8


def dashes(style: Mapping[str, object]) -> tuple[float, tuple[float, ...]] | str:
    """A matplotlib linestyle from ``dashArray`` ("4 3" -> dashed with the same rhythm), else solid."""
    arr = style.get("dashArray")
    if not arr:
        return "solid"
    parts = tuple(float(x) for x in str(arr).replace(",", " ").split())
    return (0.0, parts)


def line_width(style: Mapping[str, object]) -> float:
    """Line width in points of a Leaflet ``weight`` (px)."""
    return float(style.get("weight", 1.0)) * PX_PT * PRINT_SCALE  # type: ignore[arg-type]


def polygon_kwargs(style: Mapping[str, object]) -> dict[str, Any]:
    """``GeoSeries.plot`` arguments for a polygon style (fill, outline, dash)."""
    fill = bool(style.get("fill", True)) and style.get("fillColor") is not None
    return {
        "facecolor": (str(style["fillColor"]), float(style.get("fillOpacity", 0.2))) if fill else "none",  # type: ignore[arg-type]
        "edgecolor": str(style.get("color", "#333")),
        "linewidth": line_width(style),
        "linestyle": dashes(style),
    }


def marker_size(style: Mapping[str, object]) -> float:
    """Scatter marker area (pt²) of a Leaflet circle ``radius`` (px)."""
    d = 2 * float(style.get("radius", 6.0)) * PX_PT * PRINT_SCALE  # type: ignore[arg-type]
    return d * d


def point_kwargs(style: Mapping[str, object]) -> dict[str, Any]:
    """``Axes.scatter`` arguments of a circle marker style (hollow dashed = approximate)."""
    return {
        "s": marker_size(style),
        "facecolors": [(str(style.get("fillColor", "#fff")), float(style.get("fillOpacity", 0.5)))],  # type: ignore[arg-type]
        "edgecolors": [str(style.get("color", "#333"))],
        "linewidths": line_width(style),
        "linestyles": [dashes(style)],
    }


@dataclass(frozen=True)
class LegendItem:
    """One legend row: what kind of symbol, its Leaflet style, its label."""

    label: str
    kind: str  # "point" | "patch" | "line" | "text"
    style: tuple[tuple[str, object], ...] = ()
    #: An explanation row (what hollow dashed means …): listed after the classes of its section.
    last: bool = False

    def handle(self) -> Artist:
        """The legend handle drawing this symbol."""
        st = dict(self.style)
        if self.kind == "point":
            kw = point_kwargs(st)
            face = kw["facecolors"][0]
            return Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=max(4.0, marker_size(st) ** 0.5),
                markerfacecolor=face,
                markeredgecolor=str(st.get("color", "#333")),
                markeredgewidth=line_width(st),
            )
        if self.kind == "line":
            return Line2D([], [], color=str(st.get("color", "#333")), lw=line_width(st), ls=dashes(st))
        if self.kind == "patch":
            kw = polygon_kwargs(st)
            return Patch(
                facecolor=kw["facecolor"],
                edgecolor=str(kw["edgecolor"]),
                linewidth=float(kw["linewidth"]),
                linestyle=kw["linestyle"],
            )
        return Patch(facecolor="none", edgecolor="none")


def item(label: str, kind: str, style: Mapping[str, object], *, last: bool = False) -> LegendItem:
    """A :class:`LegendItem` from a Leaflet style dict."""
    return LegendItem(label, kind, tuple(sorted(style.items())), last)
